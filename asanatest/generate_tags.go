package asanatest

import (
	"math/rand/v2"
	"time"
)

// Generate's tags and My Tasks lists. They come after every other record,
// from their own random stream, so that adding them changed none of the
// GIDs or data the earlier steps generate (the tags they put on existing
// tasks aside).

// genTagStream separates this step's random stream from the others.
const genTagStream = 0x74_6167_7574_6c // "tagutl"

// genTagNames are the labels an organization puts on tasks.
var genTagNames = []string{"urgent", "blocked", "customer request", "bug", "quick win", "needs review",
	"design", "backend", "frontend", "legal", "finance", "Q3 goal", "tech debt", "waiting on vendor", "follow up"}

// genMyTasksSections are My Tasks sections: every list starts with the
// section new assignments land in.
var genMyTasksSections = []string{"Recently assigned", "Do today", "Do next week", "Do later"}

// tagsAndMyTasks gives the organization tags on about a third of its
// tasks, each person (guests included) a My Tasks list with two to four
// sections, and about one task per active person that is in no project,
// only in their My Tasks.
func (g *generator) tagsAndMyTasks() error {
	r := rand.New(rand.NewPCG(g.seed, g.seed^genTagStream))
	people := append(append([]string(nil), g.active...), g.guests...)
	if len(people) == 0 {
		return nil
	}
	n := min(max(3, len(people)/5), len(genTagNames))
	tags := make([]string, 0, n)
	for i, name := range genTagNames[:n] {
		tg, err := g.s.AddTag(Tag{WorkspaceGID: g.org.GID, Name: name, Color: genColors[r.IntN(len(genColors))],
			FollowerGIDs: []string{people[r.IntN(len(people))]}, CreatedAt: g.now.Add(-time.Duration(400-i) * day)})
		if err != nil {
			return err
		}
		tags = append(tags, tg.GID)
		g.out.Tags = append(g.out.Tags, tg)
	}
	sections := map[string][]string{}
	for _, u := range people {
		for _, name := range genMyTasksSections[:2+r.IntN(len(genMyTasksSections)-1)] {
			sec, err := g.s.AddMyTasksSection(g.org.GID, u, name)
			if err != nil {
				return err
			}
			sections[u] = append(sections[u], sec.GID)
			g.out.MyTasksSections++
		}
	}
	for _, u := range g.active {
		for range r.IntN(3) {
			created := g.now.Add(-time.Duration(1+r.IntN(60*24)) * time.Hour)
			t := Task{WorkspaceGID: g.org.GID, Name: pick(r, genVerbs) + " " + pick(r, genObjects), AssigneeGID: u,
				AssigneeSectionGID: sections[u][r.IntN(len(sections[u]))], CreatedByGID: u,
				FollowerGIDs: []string{u}, CreatedAt: created, ModifiedAt: created}
			if r.IntN(4) == 0 {
				t.Completed, t.CompletedAt = true, created
			}
			if _, err := g.s.AddTask(t); err != nil {
				return err
			}
			g.out.MyTasksOnly++
		}
	}
	g.tagTasks(r, tags)
	return nil
}

// tagTasks puts one tag on about a quarter of the organization's tasks
// and two on a further tenth, under one lock (a million tasks are many
// seeding calls).
func (g *generator) tagTasks(r *rand.Rand, tags []string) {
	s := g.s
	s.mu.Lock()
	defer s.mu.Unlock()
	ts := storeOf[tagStore](s.st)
	for _, tg := range s.st.tasks.order {
		t := s.st.tasks.get(tg)
		if t.WorkspaceGID != g.org.GID || t.Deleted {
			continue
		}
		k := 0
		switch x := r.IntN(20); {
		case x < 5:
			k = 1
		case x < 7:
			k = 2
		}
		for range k {
			ts.tagTask(t, tags[r.IntN(len(tags))])
		}
		if k > 0 {
			g.out.TaggedTasks++
		}
	}
}
