package asanatest

import (
	"fmt"
	"math/rand/v2"
)

// Generate's project briefs and attachment contents: a brief on about a
// quarter of the projects, and a small text file (its bytes derived from
// the seed) on one or two tasks of about a fifth of them. They come after
// every other record, from a random stream of their own (briefStream), so
// that every earlier record is that of a Generate without them.

// briefStream separates the briefs' random stream.
const briefStream = 0x6272_6965_6673 // "briefs"

func (g *generator) briefsAndFiles() error {
	r := rand.New(rand.NewPCG(g.seed, g.seed^briefStream))
	for i, p := range g.out.Projects {
		// The first project has both, so that every organization (the
		// demo's five projects too) has some.
		if r.Float64() < 0.25 || i == 0 {
			b, err := g.s.AddProjectBrief(ProjectBrief{ProjectGID: p.GID, Title: p.Name + " — Project Brief",
				Text: pick(r, genStatusTexts)})
			if err != nil {
				return err
			}
			g.out.ProjectBriefs = append(g.out.ProjectBriefs, b)
		}
		if r.Float64() >= 0.2 && i != 0 {
			continue
		}
		g.s.mu.RLock()
		var tasks []string
		if o := g.s.st.projectTasks[p.GID]; o != nil {
			tasks = o.tasks()
		}
		g.s.mu.RUnlock()
		for n := range min(len(tasks), 1+r.IntN(2)) {
			name := fmt.Sprintf("notes-%d.txt", n+1)
			content := fmt.Appendf(nil, "%s\n%s\nchecksum %016x\n", p.Name, pick(r, genStatusTexts), r.Uint64())
			if _, err := g.s.AddAttachment(Attachment{ParentGID: tasks[r.IntN(len(tasks))], Name: name, ResourceSubtype: "asana",
				Host: "asana", Content: content, CreatedAt: g.now}); err != nil {
				return err
			}
			g.out.AttachedFiles++
		}
	}
	return nil
}
