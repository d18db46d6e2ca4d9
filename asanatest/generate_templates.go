package asanatest

import "math/rand/v2"

// Generate's project and task templates. They come after every other
// record, from a random stream of their own (templateStream), so that the
// GIDs and data of the rest of the organization are those of a Generate
// without them.

// templateStream separates the templates' random stream.
const templateStream = 0x74656d_706c6174 // "templat"

// genTemplateNames are project template names.
var genTemplateNames = []string{"Product launch", "Event plan", "Sprint", "Quarterly review", "Onboarding", "Campaign"}

// genTaskTemplateNames are task template names.
var genTaskTemplateNames = []string{"Bug report", "Design request", "Content brief", "Access request", "Incident review"}

// templates gives every team two project templates (sections of tasks
// due some days after the start; the first public) owned by a team
// member, and about a third of the projects one or two task templates.
func (g *generator) templates() error {
	r := rand.New(rand.NewPCG(g.seed, g.seed^templateStream))
	if len(g.active) == 0 {
		return nil
	}
	for i, t := range g.out.Teams {
		owners := g.people(i)
		for n := range 2 {
			tpl := ProjectTemplate{TeamGID: t.GID, OwnerGID: pick(r, owners), Name: pick(r, genTemplateNames), Public: n == 0,
				Description: pick(r, genProjectNotes), Color: pick(r, genColors), DurationDays: 14 + r.IntN(60)}
			due := 0
			for _, name := range pick(r, genSectionSets) {
				sec := TemplateSection{Name: name}
				for range 1 + r.IntN(4) {
					task := TemplateTask{Name: pick(r, genVerbs) + " " + pick(r, genObjects)}
					if r.IntN(3) > 0 {
						due += r.IntN(5)
						d := min(due, tpl.DurationDays)
						task.DueOffset = &d
					}
					sec.Tasks = append(sec.Tasks, task)
				}
				tpl.Sections = append(tpl.Sections, sec)
			}
			made, err := g.s.AddProjectTemplate(tpl)
			if err != nil {
				return err
			}
			g.out.ProjectTemplates = append(g.out.ProjectTemplates, made)
		}
	}
	subtypes := []string{"default_task", "default_task", "milestone_task", "approval_task"}
	for _, p := range g.out.Projects {
		if r.IntN(3) != 0 {
			continue
		}
		for range 1 + r.IntN(2) {
			start := r.IntN(3)
			due := start + 1 + r.IntN(10)
			made, err := g.s.AddTaskTemplate(TaskTemplate{ProjectGID: p.GID, Name: pick(r, genTaskTemplateNames),
				CreatedByGID: pick(r, g.active), Description: pick(r, genProjectNotes), TaskSubtype: pick(r, subtypes),
				RelativeStartOn: &start, RelativeDueOn: &due})
			if err != nil {
				return err
			}
			g.out.TaskTemplates = append(g.out.TaskTemplates, made)
		}
	}
	return nil
}
