package asanatest

import (
	"math/rand/v2"
	"time"
)

// Generate's time tracking and resource management: four time tracking
// categories, time entries on a few tasks of about a third of the
// projects (so those tasks have an actual_time_minutes), and allocations
// of project members on about half of the projects for some weeks from
// the current one. They come after every other record, from a random
// stream of their own (timeStream), so that every earlier record is that
// of a Generate without them; the work is bounded per project and done
// under one lock, so it stays cheap for large organizations.

// timeStream separates this step's random stream.
const timeStream = 0x7469_6d65_7472 // "timetr"

// genTimeCategories are the generated time tracking categories.
var genTimeCategories = []struct{ name, color string }{
	{"Design", "blue"}, {"Development", "green"}, {"Meetings", "yellow"}, {"Support", "red"},
}

// genEntryNotes describe logged time.
var genEntryNotes = []string{"", "", "Pairing", "Review", "Investigation", "Follow-up call", "Drafting"}

func (g *generator) timeTracking() error {
	r := rand.New(rand.NewPCG(g.seed, g.seed^timeStream))
	s := g.s
	s.mu.Lock()
	defer s.mu.Unlock()
	ts := timeRecords(s.st)
	cats := make([]string, 0, len(genTimeCategories))
	for _, c := range genTimeCategories {
		cat := ts.insertCategory(s.st, &TimeTrackingCategory{WorkspaceGID: g.org.GID, Name: c.name, Color: c.color})
		cats = append(cats, cat.GID)
		g.out.TimeTrackingCategories = append(g.out.TimeTrackingCategories, *cat)
	}
	today := g.now.Truncate(day)
	monday := today.AddDate(0, 0, -((int(today.Weekday()) + 6) % 7))
	for i, p := range g.out.Projects {
		pr := s.st.projects.get(p.GID)
		if pr == nil {
			continue
		}
		people := make([]string, 0, len(pr.MemberGIDs)+1)
		for _, u := range append([]string{pr.OwnerGID}, pr.MemberGIDs...) {
			if u != "" && s.st.activeMember(g.org.GID, u) && !s.isGuestLocked(g.org.GID, u) {
				people = appendUnique(people, u)
			}
		}
		if len(people) == 0 {
			continue
		}
		if r.Float64() < 0.35 || i == 0 {
			g.entriesFor(r, p.GID, people, cats, today)
		}
		if r.Float64() < 0.5 || i == 0 {
			for range 1 + r.IntN(2) {
				start := monday.AddDate(0, 0, 7*r.IntN(4))
				a := &Allocation{ProjectGID: p.GID, AssigneeGID: pick(r, people), StartDate: g.date(start),
					EndDate: g.date(start.AddDate(0, 0, 7*(1+r.IntN(3))-3)), CreatedByGID: pr.OwnerGID}
				switch r.IntN(3) {
				case 0:
					a.EffortType, a.EffortValue = "percent", float64(25*(1+r.IntN(4)))
				case 1:
					a.EffortType, a.EffortValue = "hours", float64(4*(1+r.IntN(10)))
				}
				allocations(s.st).insert(s.st, a)
				g.out.Allocations++
			}
		}
	}
	return nil
}

// entriesFor logs time on one to three live tasks of a project, by its
// assignee when that is one of people, else by one of them, over the last
// four weeks. The caller holds the lock.
func (g *generator) entriesFor(r *rand.Rand, projectGID string, people, cats []string, today time.Time) {
	s := g.s
	o := s.st.projectTasks[projectGID]
	if o == nil {
		return
	}
	tasks := o.tasks()
	for range min(len(tasks), 1+r.IntN(3)) {
		t := s.st.liveTask(tasks[r.IntN(len(tasks))])
		if t == nil {
			continue
		}
		author := pick(r, people)
		for _, u := range people {
			if u == t.AssigneeGID {
				author = u
			}
		}
		for range 1 + r.IntN(3) {
			on := today.AddDate(0, 0, -r.IntN(28))
			e := &TimeTrackingEntry{TaskGID: t.GID, DurationMinutes: 15 * (1 + r.IntN(16)), EnteredOn: g.date(on),
				AttributableToGID: projectGID, BillableStatus: pick(r, billableStatuses), Description: pick(r, genEntryNotes),
				CreatedByGID: author, CreatedAt: on.Add(17 * time.Hour)}
			if e.CreatedAt.After(g.now) {
				e.CreatedAt = g.now
			}
			if r.IntN(2) == 0 {
				e.CategoryGIDs = []string{pick(r, cats)}
			}
			timeRecords(s.st).insertEntry(s.st, e, t.WorkspaceGID)
			g.out.TimeTrackingEntries++
		}
	}
}

// isGuestLocked reports whether the user is a guest of the workspace;
// the caller holds the lock.
func (s *Server) isGuestLocked(wsGID, userGID string) bool {
	m := s.st.membership(wsGID, userGID)
	return m != nil && m.IsGuest
}
