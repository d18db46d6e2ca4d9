package asanatest

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Sizes says how large an organization Generate builds. A zero field takes
// its default (see DefaultSizes; the role counts default to a share of
// Users); a negative field means none. Counts of users by role are part of
// Users, not added to it.
type Sizes struct {
	// Users is the number of people, the service account not included.
	Users int
	// Admins is how many of the Users are organization admins (default:
	// one per 50 users, at least one).
	Admins int
	// Guests is how many of the Users are guests from partner domains
	// (default: one per 10 users, at least one when Users >= 3).
	Guests int
	// Inactive is how many of the Users were deprovisioned: their
	// workspace membership has is_active false, they belong to no team, and
	// old tasks may still name them as assignee (default: one per 20 users).
	Inactive int
	// Teams is the number of teams.
	Teams int
	// Projects is the number of projects, spread over the teams.
	Projects int
	// TasksPerProject is the average number of top-level tasks per
	// project; Tasks, when set, takes precedence.
	TasksPerProject int
	// Tasks is the total number of top-level tasks, spread unevenly over
	// the projects (subtasks not included).
	Tasks int
	// SubtaskRatio is the average number of subtasks per top-level task.
	SubtaskRatio float64
	// CommentsPerTask is the average number of comments per top-level
	// task.
	CommentsPerTask float64
	// ArchivedRatio is the share of projects that are archived.
	ArchivedRatio float64
}

// DefaultSizes returns the sizes Generate uses for zero fields: a team of
// twenty people working in a handful of projects.
func DefaultSizes() Sizes {
	return Sizes{
		Users:           20,
		Teams:           4,
		Projects:        10,
		TasksPerProject: 20,
		SubtaskRatio:    0.3,
		CommentsPerTask: 0.5,
		ArchivedRatio:   0.1,
	}
}

// maxSubtaskRatio bounds SubtaskRatio and CommentsPerTask, which multiply
// the task count: a typo such as 1e6 should fail, not exhaust memory.
const maxSubtaskRatio = 100

// resolve applies defaults and checks the sizes for consistency.
func (sz Sizes) resolve() (Sizes, error) {
	def := DefaultSizes()
	count := func(v, d int) int {
		switch {
		case v < 0:
			return 0
		case v == 0:
			return d
		}
		return v
	}
	ratio := func(name string, v, d, max float64) (float64, error) {
		switch {
		case math.IsNaN(v) || math.IsInf(v, 0) || v > max:
			return 0, fmt.Errorf("asanatest: Sizes.%s %v out of range (0..%v)", name, v, max)
		case v < 0:
			return 0, nil
		case v == 0:
			return d, nil
		}
		return v, nil
	}
	var r Sizes
	r.Users = count(sz.Users, def.Users)
	r.Admins = count(sz.Admins, max(1, r.Users/50))
	guests := r.Users / 10
	if guests == 0 && r.Users >= 3 {
		guests = 1
	}
	r.Guests = count(sz.Guests, guests)
	r.Inactive = count(sz.Inactive, r.Users/20)
	if r.Admins+r.Guests+r.Inactive > r.Users {
		return Sizes{}, fmt.Errorf("asanatest: %d admins, %d guests and %d inactive users do not fit in %d users",
			r.Admins, r.Guests, r.Inactive, r.Users)
	}
	r.Teams = count(sz.Teams, def.Teams)
	r.Projects = count(sz.Projects, def.Projects)
	switch {
	case sz.Tasks > 0:
		r.Tasks = sz.Tasks
	case sz.Tasks < 0:
		r.Tasks = 0
	default:
		r.TasksPerProject = count(sz.TasksPerProject, def.TasksPerProject)
		r.Tasks = r.TasksPerProject * r.Projects
	}
	r.TasksPerProject = 0
	if r.Projects > 0 {
		r.TasksPerProject = r.Tasks / r.Projects
	}
	if r.Projects > 0 && r.Teams == 0 {
		return Sizes{}, errors.New("asanatest: projects need at least one team")
	}
	if r.Tasks > 0 && r.Projects == 0 {
		return Sizes{}, errors.New("asanatest: tasks need at least one project")
	}
	var err error
	if r.SubtaskRatio, err = ratio("SubtaskRatio", sz.SubtaskRatio, def.SubtaskRatio, maxSubtaskRatio); err != nil {
		return Sizes{}, err
	}
	if r.CommentsPerTask, err = ratio("CommentsPerTask", sz.CommentsPerTask, def.CommentsPerTask, maxSubtaskRatio); err != nil {
		return Sizes{}, err
	}
	if r.ArchivedRatio, err = ratio("ArchivedRatio", sz.ArchivedRatio, def.ArchivedRatio, 1); err != nil {
		return Sizes{}, err
	}
	return r, nil
}

// Org describes an organization that Generate built: its records as they
// were right after generation, one personal access token for a
// representative user of each role, and counts. Its String and GoString
// forms leave the token secrets out, so an Org can be logged.
type Org struct {
	Organization Workspace
	// ServiceAccount sees the whole organization; ServiceAccountToken is
	// its token's secret.
	ServiceAccount      User
	ServiceAccountToken string
	// Admin, Member and Guest are the first organization admin, regular
	// member (in a team, when there are teams) and guest, each with a
	// personal access token. A role with no user is a zero User and an empty token.
	Admin, Member, Guest                User
	AdminToken, MemberToken, GuestToken string
	// Users are the people (the service account not included), in
	// creation order.
	Users []User
	// Inactive lists the GIDs of the deprovisioned users.
	Inactive []string
	Teams    []Team
	Projects []Project
	// Counts of what was generated in the projects.
	Sections, Tasks, Subtasks, Comments int
}

// String summarizes the organization without its token secrets.
func (o Org) String() string {
	return fmt.Sprintf("asanatest.Org{%s (%s): %d users, %d teams, %d projects, %d tasks, %d subtasks, %d comments}",
		o.Organization.Name, o.Organization.GID, len(o.Users), len(o.Teams), len(o.Projects), o.Tasks, o.Subtasks, o.Comments)
}

// GoString is String, so that %#v does not print the token secrets either.
func (o Org) GoString() string { return o.String() }

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
// tasks with assignees, due dates, subtasks and comments.
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
	s   *Server
	r   *rand.Rand
	sz  Sizes
	now time.Time
	out *Org

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
	steps := []func() error{g.organization, g.users, g.serviceAccount, g.teams, g.projects, g.tokens}
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

func (g *generator) organization() error {
	name := pick(g.r, genCompanies)
	first, _, _ := strings.Cut(name, " ")
	g.domain = strings.ToLower(first) + ".example"
	org, err := g.s.AddWorkspace(Workspace{
		Name:           name,
		IsOrganization: true,
		Enterprise:     true,
		EmailDomains:   []string{g.domain},
		CreatedAt:      g.now.Add(-3*365*day - time.Duration(g.r.IntN(365))*day),
	})
	g.org, g.out.Organization = org, org
	return err
}

type genRole int

const (
	roleMember genRole = iota
	roleAdmin
	roleGuest
	roleInactive
)

func (g *generator) users() error {
	n := g.sz.Users
	roles := make([]genRole, n)
	i := 0
	for _, rc := range []struct {
		role genRole
		n    int
	}{{roleAdmin, g.sz.Admins}, {roleGuest, g.sz.Guests}, {roleInactive, g.sz.Inactive}} {
		for range rc.n {
			roles[i] = rc.role
			i++
		}
	}
	// The first user stays an admin (whoever set up the organization);
	// everyone else joins in random order.
	start := min(1, g.sz.Admins)
	g.r.Shuffle(n-start, func(a, b int) { roles[start+a], roles[start+b] = roles[start+b], roles[start+a] })

	seen := make(map[string]int, n)
	span := 2 * 365 * day
	g.out.Users = make([]User, 0, n)
	for i, role := range roles {
		first, last := pick(g.r, genFirstNames), pick(g.r, genLastNames)
		domain := g.domain
		if role == roleGuest {
			domain = pick(g.r, genPartnerDomains)
		}
		local := strings.ToLower(first + "." + last)
		if k := seen[local+"@"+domain]; k > 0 {
			seen[local+"@"+domain] = k + 1
			local += strconv.Itoa(k + 1)
		} else {
			seen[local+"@"+domain] = 1
		}
		u := User{
			Name:      first + " " + last,
			Email:     local + "@" + domain,
			CreatedAt: g.now.Add(-span + time.Duration(float64(span-30*day)*float64(i)/float64(n))),
		}
		if g.chance(0.75) {
			u.Photo = genPhotoBase + "u" + strconv.Itoa(i)
		}
		u, err := g.s.AddUser(u)
		if err != nil {
			return err
		}
		opts := MemberOptions{Admin: role == roleAdmin, Guest: role == roleGuest, Inactive: role == roleInactive}
		if _, err := g.s.AddWorkspaceMember(g.org.GID, u.GID, opts); err != nil {
			return err
		}
		g.out.Users = append(g.out.Users, u)
		switch role {
		case roleGuest:
			g.guests = append(g.guests, u.GID)
			if g.out.Guest.GID == "" {
				g.out.Guest = u
			}
		case roleInactive:
			g.inactive = append(g.inactive, u.GID)
		case roleAdmin:
			g.active = append(g.active, u.GID)
			if g.out.Admin.GID == "" {
				g.out.Admin = u
			}
		default:
			g.active = append(g.active, u.GID)
			if g.out.Member.GID == "" {
				g.out.Member = u
			}
		}
	}
	g.out.Inactive = g.inactive
	return nil
}

func (g *generator) serviceAccount() error {
	sa, tok, err := g.s.AddServiceAccount(g.org.GID, pick(g.r, genServiceAccounts))
	if err != nil {
		return err
	}
	sa.Photo = genPhotoBase + "bot"
	if err := g.s.SetPhoto(sa.GID, sa.Photo); err != nil {
		return err
	}
	g.out.ServiceAccount, g.out.ServiceAccountToken = sa, tok
	return nil
}

func (g *generator) teams() error {
	n := g.sz.Teams
	g.teamMembers, g.teamGuests = make([][]string, n), make([][]string, n)
	g.out.Teams = make([]Team, 0, n)
	for i := range n {
		name := genTeams[i%len(genTeams)]
		if i >= len(genTeams) {
			name += " " + strconv.Itoa(i/len(genTeams)+1)
		}
		vis := VisibilityRequestToJoin
		switch x := g.r.Float64(); {
		case x < 0.35:
			vis = VisibilityPublic
		case x < 0.5 && i > 0:
			vis = VisibilitySecret
		}
		t, err := g.s.AddTeam(Team{
			OrganizationGID: g.org.GID,
			Name:            name,
			Description:     pick(g.r, genTeamDescriptions),
			Visibility:      vis,
			CreatedAt:       g.between(g.org.CreatedAt, g.now.Add(-400*day)),
		})
		if err != nil {
			return err
		}
		g.out.Teams = append(g.out.Teams, t)
	}
	if n == 0 {
		return nil
	}
	// Every active person joins one team in turn (so every team has people
	// when there are enough), and often one or two more.
	for k, u := range g.active {
		joined := []int{k % n}
		for extra := 0; extra < 2 && len(joined) < n && g.chance(0.45); extra++ {
			t := g.r.IntN(n)
			for slices.Contains(joined, t) {
				t = (t + 1) % n
			}
			joined = append(joined, t)
		}
		for _, t := range joined {
			g.teamMembers[t] = append(g.teamMembers[t], u)
		}
	}
	for _, u := range g.guests {
		t := g.r.IntN(n)
		g.teamGuests[t] = append(g.teamGuests[t], u)
	}
	for i, t := range g.out.Teams {
		for k, u := range g.teamMembers[i] {
			if _, err := g.s.AddTeamMember(t.GID, u, MemberOptions{Admin: k == 0}); err != nil {
				return err
			}
		}
		for _, u := range g.teamGuests[i] {
			if _, err := g.s.AddTeamMember(t.GID, u, MemberOptions{Guest: true}); err != nil {
				return err
			}
		}
	}
	return nil
}

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

// tokens issues a personal access token to the first user of each role.
func (g *generator) tokens() error {
	for _, rt := range []struct {
		u   User
		tok *string
	}{{g.out.Admin, &g.out.AdminToken}, {g.out.Member, &g.out.MemberToken}, {g.out.Guest, &g.out.GuestToken}} {
		if rt.u.GID == "" {
			continue
		}
		tok, err := g.s.AddPersonalAccessToken(rt.u.GID)
		if err != nil {
			return err
		}
		*rt.tok = tok
	}
	return nil
}
