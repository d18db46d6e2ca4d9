package asanatest

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"time"
)

// Generate's goals: time periods, goals with metrics, their relationships
// to projects and subgoals, and status updates on goals and projects. They
// come after every other record, from a random stream of their own, so
// that adding them changed none of the GIDs and values generated before.

// goalStream separates the goals' random stream from the generator's.
const goalStream = 0x676f_616c_73 // "goals"

var (
	genGoalVerbs   = []string{"Grow", "Reduce", "Launch", "Improve", "Double", "Ship", "Expand", "Cut", "Raise", "Win"}
	genGoalObjects = []string{"annual recurring revenue", "time to first response", "the partner program",
		"customer satisfaction", "weekly active users", "the mobile app", "into two new markets",
		"infrastructure costs", "the onboarding completion rate", "enterprise deals"}
	genStatusTitles = []string{"Weekly update", "Monthly review", "Quarterly check-in", "Status", "Progress report"}
	genStatusTexts  = []string{"Work is moving as planned.", "Two blockers came up; we are on them.",
		"Scope grew: the date may slip.", "Waiting on the vendor's answer.", "The last milestone is done."}
)

// goals generates the goal records with a random stream of their own.
func (g *generator) goals() error {
	h := *g
	h.r = rand.New(rand.NewPCG(g.seed, g.seed^goalStream))
	return h.goalRecords()
}

func (g *generator) goalRecords() error {
	periods, err := g.timePeriods()
	if err != nil {
		return err
	}
	n := g.sz.Goals
	if n == 0 || len(g.active) == 0 {
		return nil
	}
	// The first quarter of the goals are workspace-level; the others
	// belong to teams and support one of them now and then.
	wsLevel := max(1, n/4)
	if len(g.out.Teams) == 0 {
		wsLevel = n
	}
	g.out.Goals = make([]Goal, 0, n)
	for i := range n {
		goal := Goal{
			WorkspaceGID: g.org.GID,
			Name:         pick(g.r, genGoalVerbs) + " " + pick(g.r, genGoalObjects),
			Notes:        pick(g.r, genProjectNotes),
			CreatedAt:    g.now.Add(-time.Duration(20+g.r.IntN(300))*day - time.Duration(g.r.IntN(86400))*time.Second),
		}
		people := g.active
		if i < wsLevel {
			goal.IsWorkspaceLevel = true
		} else {
			team := g.r.IntN(len(g.out.Teams))
			goal.TeamGID = g.out.Teams[team].GID
			if m := g.teamMembers[team]; len(m) > 0 {
				people = m
			}
		}
		goal.OwnerGID = pick(g.r, people)
		for range g.r.IntN(3) {
			goal.FollowerGIDs = appendUnique(goal.FollowerGIDs, pick(g.r, people))
		}
		if len(periods) > 0 {
			p := pick(g.r, periods)
			goal.TimePeriodGID, goal.StartOn, goal.DueOn = p.GID, p.StartOn, p.EndOn
		}
		if g.chance(0.75) {
			goal.Metric = g.metric()
		}
		goal.ModifiedAt = g.between(goal.CreatedAt, g.now)
		stored, err := g.s.AddGoal(goal)
		if err != nil {
			return err
		}
		g.out.Goals = append(g.out.Goals, stored)
	}
	if err := g.goalRelationships(wsLevel); err != nil {
		return err
	}
	return g.statusUpdates()
}

// timePeriods adds last year's and this year's fiscal years (calendar
// years), each with its halves and quarters, and returns the quarters and
// years goals are set for.
func (g *generator) timePeriods() ([]TimePeriod, error) {
	var targets []TimePeriod
	for _, year := range []int{g.now.Year() - 1, g.now.Year()} {
		y := strconv.Itoa(year)
		fy, err := g.s.AddTimePeriod(TimePeriod{WorkspaceGID: g.org.GID, Period: "FY", StartOn: y + "-01-01", EndOn: y + "-12-31"})
		if err != nil {
			return nil, err
		}
		g.out.TimePeriods = append(g.out.TimePeriods, fy)
		targets = append(targets, fy)
		for h, half := range [][2]string{{"01-01", "06-30"}, {"07-01", "12-31"}} {
			hp, err := g.s.AddTimePeriod(TimePeriod{WorkspaceGID: g.org.GID, Period: "H" + strconv.Itoa(h+1),
				StartOn: y + "-" + half[0], EndOn: y + "-" + half[1], ParentGID: fy.GID})
			if err != nil {
				return nil, err
			}
			g.out.TimePeriods = append(g.out.TimePeriods, hp)
			for q, quarter := range [][2]string{{"01-01", "03-31"}, {"04-01", "06-30"}, {"07-01", "09-30"}, {"10-01", "12-31"}}[2*h : 2*h+2] {
				qp, err := g.s.AddTimePeriod(TimePeriod{WorkspaceGID: g.org.GID, Period: "Q" + strconv.Itoa(2*h+q+1),
					StartOn: y + "-" + quarter[0], EndOn: y + "-" + quarter[1], ParentGID: hp.GID})
				if err != nil {
					return nil, err
				}
				g.out.TimePeriods = append(g.out.TimePeriods, qp)
				targets = append(targets, qp)
			}
		}
	}
	return targets, nil
}

// metric is a random goal metric, part of the way to its target.
func (g *generator) metric() *GoalMetric {
	m := &GoalMetric{Initial: 0}
	switch g.r.IntN(3) {
	case 0:
		m.Unit, m.Target, m.Precision = "percentage", 1, 0
	case 1:
		m.Unit, m.CurrencyCode, m.Target = "currency", "USD", float64(50_000*(1+g.r.IntN(40)))
	default:
		m.Unit, m.Target = "none", float64(10*(1+g.r.IntN(100)))
	}
	m.Current = float64(int(m.Target*g.r.Float64()*100)) / 100
	return m
}

// goalRelationships has team goals support workspace-level ones, and the
// projects of a goal's team support it.
func (g *generator) goalRelationships(wsLevel int) error {
	byTeam := map[string][]string{}
	for _, p := range g.out.Projects {
		byTeam[p.TeamGID] = append(byTeam[p.TeamGID], p.GID)
	}
	for i, goal := range g.out.Goals {
		add := func(supporting string) error {
			w := float64(1+g.r.IntN(4)) / 4
			_, err := g.s.AddGoalRelationship(GoalRelationship{SupportedGoalGID: goal.GID, SupportingGID: supporting, ContributionWeight: w})
			return err
		}
		if i >= wsLevel && g.chance(0.6) {
			parent := g.out.Goals[g.r.IntN(wsLevel)]
			if _, err := g.s.AddGoalRelationship(GoalRelationship{SupportedGoalGID: parent.GID, SupportingGID: goal.GID,
				ContributionWeight: 0.5}); err != nil {
				return err
			}
		}
		projects := byTeam[goal.TeamGID]
		if goal.IsWorkspaceLevel {
			projects = nil
			for _, p := range g.out.Projects {
				projects = append(projects, p.GID)
			}
		}
		if len(projects) == 0 {
			continue
		}
		var picked []string
		for range 1 + g.r.IntN(2) {
			picked = appendUnique(picked, pick(g.r, projects))
		}
		for _, p := range picked {
			if err := add(p); err != nil {
				return err
			}
		}
	}
	return nil
}

// statusUpdates posts a few status updates on most goals and on some of
// the projects that are not archived, in time order.
func (g *generator) statusUpdates() error {
	post := func(parent, author string, types []string, from time.Time, n int) error {
		at := from
		for range n {
			at = g.between(at, g.now)
			if _, err := g.s.AddStatusUpdate(StatusUpdate{ParentGID: parent, AuthorGID: author, Title: pick(g.r, genStatusTitles),
				Text: pick(g.r, genStatusTexts), StatusType: pick(g.r, types), CreatedAt: at}); err != nil {
				return err
			}
			g.out.StatusUpdates++
		}
		return nil
	}
	open := []string{"on_track", "on_track", "at_risk", "off_track"}
	for _, goal := range g.out.Goals {
		if g.chance(0.6) {
			if err := post(goal.GID, goal.OwnerGID, open, goal.CreatedAt, 1+g.r.IntN(3)); err != nil {
				return err
			}
		}
	}
	projectTypes := append(slices.Clone(open), "on_hold")
	for _, p := range g.out.Projects {
		if p.Archived || p.OwnerGID == "" || !g.chance(0.4) {
			continue
		}
		if err := post(p.GID, p.OwnerGID, projectTypes, p.CreatedAt, 1+g.r.IntN(2)); err != nil {
			return err
		}
	}
	return nil
}
