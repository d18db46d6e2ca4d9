package asanatest

import (
	"math"
	"slices"
	"strconv"
	"time"
)

// Generate's work: projects, sections, tasks, subtasks and comments.

// genProject is what the task generator needs to know of a project.
type genProject struct {
	p        Project
	team     int
	sections []string // GIDs
	done     bool     // the last section takes completed tasks
}

func (g *generator) projects() error {
	n := g.sz.Projects
	if n == 0 {
		return nil
	}
	archived := make([]bool, n)
	for _, i := range g.r.Perm(n)[:int(math.Round(float64(n)*g.sz.ArchivedRatio))] {
		archived[i] = true
	}
	counts := g.spread(g.sz.Tasks, n)
	used := make(map[string]int)
	g.out.Projects = make([]Project, 0, n)
	for i := range n {
		team := i % g.sz.Teams
		if i >= g.sz.Teams {
			team = g.r.IntN(g.sz.Teams)
		}
		gp, err := g.project(team, archived[i], used)
		if err != nil {
			return err
		}
		g.out.Projects = append(g.out.Projects, gp.p)
		if err := g.tasks(gp, counts[i]); err != nil {
			return err
		}
	}
	return nil
}

// spread splits total into n uneven parts that add up to total.
func (g *generator) spread(total, n int) []int {
	w := make([]float64, n)
	sum := 0.0
	for i := range w {
		w[i] = 0.4 + 1.2*g.r.Float64()
		sum += w[i]
	}
	out := make([]int, n)
	left := total
	for i := range out {
		out[i] = int(float64(total) * w[i] / sum)
		left -= out[i]
	}
	for i := 0; left > 0; i = (i + 1) % n {
		out[i]++
		left--
	}
	return out
}

// people returns who works in a team: its members, or every active person
// when the team has none.
func (g *generator) people(team int) []string {
	if m := g.teamMembers[team]; len(m) > 0 {
		return m
	}
	return g.active
}

func (g *generator) project(team int, archived bool, used map[string]int) (*genProject, error) {
	name := pick(g.r, genProjectNames)
	if k := used[name]; k > 0 {
		used[name] = k + 1
		name += " " + strconv.Itoa(k+1)
	} else {
		used[name] = 1
	}
	created := g.now.Add(-time.Duration(30+g.r.IntN(510)) * day)
	created = created.Add(time.Duration(g.r.IntN(86400)) * time.Second)
	modified := g.between(created.Add(time.Duration(float64(g.now.Sub(created))*0.5)), g.now)
	if archived {
		modified = g.between(created.Add(time.Duration(float64(g.now.Sub(created))*0.3)),
			created.Add(time.Duration(float64(g.now.Sub(created))*0.8)))
	}
	p := Project{
		WorkspaceGID: g.org.GID,
		TeamGID:      g.out.Teams[team].GID,
		Name:         name,
		Notes:        pick(g.r, genProjectNotes),
		Color:        pick(g.r, genColors),
		Archived:     archived,
		CreatedAt:    created,
		ModifiedAt:   modified,
	}
	switch x := g.r.Float64(); {
	case x < 0.3:
		p.PrivacySetting = PrivacyPrivateToTeam
	case x < 0.4:
		p.PrivacySetting = PrivacyPrivate
	default:
		p.PrivacySetting = PrivacyPublicToWorkspace
	}
	if people := g.people(team); len(people) > 0 {
		p.OwnerGID = pick(g.r, people)
		p.FollowerGIDs = []string{p.OwnerGID}
		for range g.r.IntN(4) {
			if u := pick(g.r, people); !slices.Contains(p.MemberGIDs, u) && u != p.OwnerGID {
				p.MemberGIDs = append(p.MemberGIDs, u)
			}
		}
	}
	// Guests see only the projects they are members of.
	if guests := g.teamGuests[team]; len(guests) > 0 && g.chance(0.6) {
		p.MemberGIDs = append(p.MemberGIDs, pick(g.r, guests))
	}
	if g.chance(0.5) {
		p.DueOn = g.date(created.Add(time.Duration(60+g.r.IntN(180)) * day))
	}
	if g.chance(0.3) {
		p.StartOn = g.date(created)
	}
	p, err := g.s.AddProject(p)
	if err != nil {
		return nil, err
	}
	gp := &genProject{p: p, team: team}
	set := pick(g.r, genSectionSets)
	for _, name := range set {
		sec, err := g.s.AddSection(Section{ProjectGID: p.GID, Name: name, CreatedAt: created})
		if err != nil {
			return nil, err
		}
		gp.sections = append(gp.sections, sec.GID)
	}
	g.out.Sections += len(set)
	last := set[len(set)-1]
	gp.done = len(set) > 1 && (last == "Done" || last == "Shipped")
	gp.p.SectionGIDs = gp.sections
	return gp, nil
}

// assignee picks who a task in the team goes to: usually a team member,
// sometimes nobody, rarely someone who has since left.
func (g *generator) assignee(people []string) string {
	switch x := g.r.Float64(); {
	case x < 0.04 && len(g.inactive) > 0:
		return pick(g.r, g.inactive)
	case x < 0.8 && len(people) > 0:
		return pick(g.r, people)
	}
	return ""
}

func (g *generator) tasks(gp *genProject, n int) error {
	people := g.people(gp.team)
	start := gp.p.CreatedAt
	end := g.now.Add(-time.Hour)
	if gp.p.Archived {
		end = gp.p.ModifiedAt
	}
	span := end.Sub(start)
	for j := range n {
		created := start.Add(time.Duration(float64(span) * (float64(j) + g.r.Float64()) / float64(n)))
		created = created.Truncate(time.Second)
		modified := g.between(created, end)
		pDone := 0.15 + 0.7*(1-float64(j)/float64(n))
		if gp.p.Archived {
			pDone = 0.9
		}
		t := Task{
			WorkspaceGID: g.org.GID,
			Name:         pick(g.r, genVerbs) + " " + pick(g.r, genObjects) + pick(g.r, genQualifiers),
			AssigneeGID:  g.assignee(people),
			Completed:    g.chance(pDone),
			CreatedAt:    created,
			ModifiedAt:   modified,
		}
		if len(people) > 0 {
			t.CreatedByGID = pick(g.r, people)
		}
		if t.Completed {
			t.CompletedAt = modified
		}
		t.FollowerGIDs = followers(t.CreatedByGID, t.AssigneeGID)
		if g.chance(0.65) {
			t.DueOn = g.date(created.Add(time.Duration(1+g.r.IntN(45)) * day))
		}
		if g.chance(0.35) {
			t.Notes = pick(g.r, genTaskNotes)
		}
		if g.chance(0.03) {
			t.ResourceSubtype = "milestone"
		}
		sec := gp.sections[len(gp.sections)-1]
		if !t.Completed || !gp.done {
			open := len(gp.sections)
			if gp.done {
				open--
			}
			sec = gp.sections[g.r.IntN(open)]
		}
		t.Memberships = []TaskMembership{{ProjectGID: gp.p.GID, SectionGID: sec}}
		t, err := g.s.AddTask(t)
		if err != nil {
			return err
		}
		g.out.Tasks++
		if err := g.subtasks(t, people, end); err != nil {
			return err
		}
		if err := g.comments(t, people); err != nil {
			return err
		}
	}
	return nil
}

func followers(creator, assignee string) []string {
	switch {
	case creator == "" && assignee == "":
		return nil
	case creator == "" || creator == assignee:
		return []string{assignee}
	case assignee == "":
		return []string{creator}
	}
	return []string{creator, assignee}
}

func (g *generator) subtasks(parent Task, people []string, end time.Time) error {
	for range g.draw(g.sz.SubtaskRatio) {
		created := g.between(parent.CreatedAt, parent.CreatedAt.Add(end.Sub(parent.CreatedAt)/5))
		modified := g.between(created, end)
		st := Task{
			ParentGID:    parent.GID,
			Name:         pick(g.r, genSubtaskNames),
			AssigneeGID:  g.assignee(people),
			Completed:    parent.Completed || g.chance(0.4),
			CreatedByGID: parent.CreatedByGID,
			CreatedAt:    created,
			ModifiedAt:   modified,
		}
		if st.Completed {
			st.CompletedAt = modified
		}
		st.FollowerGIDs = followers(st.CreatedByGID, st.AssigneeGID)
		if g.chance(0.4) {
			st.DueOn = g.date(created.Add(time.Duration(1+g.r.IntN(20)) * day))
		}
		if _, err := g.s.AddTask(st); err != nil {
			return err
		}
		g.out.Subtasks++
	}
	return nil
}

// comments adds the task's comments, spread between its creation and its
// last modification (a comment counts as one).
func (g *generator) comments(t Task, people []string) error {
	n := g.draw(g.sz.CommentsPerTask)
	for k := range n {
		at := t.CreatedAt.Add(time.Duration(float64(t.ModifiedAt.Sub(t.CreatedAt)) * float64(k+1) / float64(n)))
		author := t.AssigneeGID
		if author == "" || g.chance(0.5) {
			author = t.CreatedByGID
		}
		if len(people) > 0 && g.chance(0.3) {
			author = pick(g.r, people)
		}
		if _, err := g.s.AddStory(Story{TaskGID: t.GID, CreatedByGID: author, Text: pick(g.r, genComments), CreatedAt: at.Truncate(time.Second)}); err != nil {
			return err
		}
		g.out.Comments++
	}
	return nil
}
