package asanatest

import (
	"math/rand/v2"
	"time"
)

// genStream separates the generator's random stream from other users of
// the same seed.
const genStream = 0x6f7267_67656e // "orggen"

// genPhotoBase is where generated users' photos live (a reserved domain:
// nothing is served there).
const genPhotoBase = "https://photos.asanatest.example/"

// Generate adds a realistic Enterprise organization to the fake: people
// with names and emails (admins, guests from partner domains, deprovisioned
// users), a service account, teams with memberships, projects (some
// archived, with owners, members, sections, colors and due dates) and
// tasks with assignees, due dates, subtasks and comments; then tags on
// about a third of the tasks, everyone's My Tasks list with a few sections,
// and some tasks that are in no project, only in their assignee's My Tasks
// (generate_tags.go); then time periods, goals with metrics supported by
// projects and subgoals, and status updates on goals and projects;
// then portfolios (team portfolios and one organization portfolio
// nesting one of them, with members) and project access levels (some
// members commenters or viewers); then time tracking categories, time
// entries on tasks and allocations on projects (generate_time.go), and
// roles, agents, custom types, rule triggers, out-of-office entries,
// reactions and access requests (generate_partb.go), each from a random
// stream of its own.
//
// The same seed and sizes give the same organization: the same names,
// emails and timestamps, which all lie before the clock's current time
// (DefaultStart on a fresh manual clock); and, on a fresh fake, the same
// GIDs. Token secrets come from the fake's own seed (WithSeed).
//
// Generate goes through the seeding methods, so the organization behaves
// exactly like a hand-seeded one. 100,000 tasks take about a second.
func (s *Server) Generate(seed uint64, sz Sizes) (*Org, error) {
	sz, err := sz.resolve()
	if err != nil {
		return nil, err
	}
	g := &generator{
		s:     s,
		seed:  seed,
		r:     rand.New(rand.NewPCG(seed, seed^genStream)),
		sz:    sz,
		now:   s.clock.Now().UTC().Truncate(time.Second),
		dates: make(map[int64]string),
		out:   &Org{},
	}
	if err := g.run(); err != nil {
		return nil, err
	}
	return g.out, nil
}

// generator holds the state of one Generate call.
type generator struct {
	s *Server
	// seed derives the separate random streams of later steps (tags,
	// goals, portfolios, custom fields), so that they change nothing of
	// the earlier ones.
	seed uint64
	r    *rand.Rand
	sz   Sizes
	now  time.Time
	out  *Org

	org    Workspace
	domain string
	// active are the GIDs of active non-guest people; inactive of the
	// deprovisioned ones.
	active, inactive []string
	guests           []string
	// teamMembers and teamGuests list user GIDs per team index.
	teamMembers, teamGuests [][]string
	// dates caches formatted YYYY-MM-DD strings by Unix day.
	dates map[int64]string
}

const day = 24 * time.Hour

func (g *generator) run() error {
	steps := []func() error{g.organization, g.users, g.serviceAccount, g.teams, g.projects, g.tokens,
		g.tagsAndMyTasks, g.goals, g.portfoliosAndAccess, g.customFields, g.connections, g.briefsAndFiles, g.templates, g.timeTracking, g.partB} // kinds added later come last, from streams of their own
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

// pick returns a random element of list.
func pick[T any](r *rand.Rand, list []T) T { return list[r.IntN(len(list))] }

// chance reports true with probability p.
func (g *generator) chance(p float64) bool { return g.r.Float64() < p }

// draw returns a count whose average is avg: its integer part plus one
// more with the probability of its fraction.
func (g *generator) draw(avg float64) int {
	n := int(avg)
	if g.chance(avg - float64(n)) {
		n++
	}
	return n
}

// between returns a time in [a, b) a whole number of seconds after a, or a
// when b is less than a second after a.
func (g *generator) between(a, b time.Time) time.Time {
	secs := int64(b.Sub(a) / time.Second)
	if secs <= 0 {
		return a
	}
	return a.Add(time.Duration(g.r.Int64N(secs)) * time.Second)
}

// date formats t's day as YYYY-MM-DD, caching the string per day.
func (g *generator) date(t time.Time) string {
	d := t.Unix() / 86400
	s, ok := g.dates[d]
	if !ok {
		s = t.Format(time.DateOnly)
		g.dates[d] = s
	}
	return s
}
