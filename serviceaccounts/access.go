package serviceaccounts

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/asanakit/asana-go/asana"
)

// member is a user of the organization as its workspace membership shows.
type member struct {
	ref                  Ref
	active, admin, guest bool
	deprovision          string // why it leaves the organization, set while planning
}

// orgSnapshot is what planning reads of an organization: every object once.
type orgSnapshot struct {
	org     asana.Workspace
	me      string
	members map[string]*member // by user gid
	byEmail map[string]*member // by lower-cased email
	teams   []asana.Team
	// provisioning holds the lower-cased emails the plan provisions.
	provisioning map[string]bool
}

// readOrg reads the organization, its members and teams: one request for
// the token's user, one for the service-account probe, one for the
// organization, and one per page of 100 members and of 100 teams. A token
// without service-account powers stops it with ErrNotServiceAccount.
func readOrg(ctx context.Context, c *asana.Client, orgGID string) (*orgSnapshot, error) {
	me, err := requireServiceAccount(ctx, c, orgGID)
	if err != nil {
		return nil, err
	}
	ws, err := c.Workspaces.Get(ctx, orgGID, &asana.GetOptions{Fields: []string{"name", "is_organization"}})
	if err != nil {
		return nil, tokenError("read organization "+orgGID, err)
	}
	s := &orgSnapshot{org: *ws, me: me.GID, members: map[string]*member{}, byEmail: map[string]*member{}, provisioning: map[string]bool{}}
	opts := &asana.WorkspaceMembershipListOptions{ListOptions: asana.ListOptions{
		Fields: []string{"user.name", "user.email", "is_active", "is_admin", "is_guest"}}}
	for m, err := range c.WorkspaceMemberships.ListForWorkspace(ctx, orgGID, opts).All() {
		if err != nil {
			return nil, tokenError("list organization members", err)
		}
		if m.User == nil {
			continue
		}
		mem := &member{ref: Ref{GID: m.User.GID, Name: m.User.Name, Email: m.User.Email},
			active: m.IsActive, admin: m.IsAdmin, guest: m.IsGuest}
		s.members[mem.ref.GID] = mem
		if mem.ref.Email != "" {
			s.byEmail[strings.ToLower(mem.ref.Email)] = mem
		}
	}
	for t, err := range c.Teams.ListForWorkspace(ctx, orgGID, &asana.ListOptions{Fields: []string{"name"}}).All() {
		if err != nil {
			return nil, tokenError("list teams", err)
		}
		s.teams = append(s.teams, t)
	}
	return s, nil
}

// requireServiceAccount returns the token's user if the token is a service
// account (two requests: GET /users/me and the probe), and otherwise an
// error wrapping ErrNotServiceAccount.
func requireServiceAccount(ctx context.Context, c *asana.Client, orgGID string) (*asana.User, error) {
	me, err := c.Users.Get(ctx, "me", &asana.UserGetOptions{GetOptions: asana.GetOptions{Fields: []string{"name", "email"}}})
	if err != nil {
		return nil, tokenError("read the token's user", err)
	}
	sa, err := probeServiceAccount(ctx, c)
	if err != nil {
		return nil, err
	}
	if !sa {
		id := &Identity{User: *me}
		return nil, id.RequireServiceAccount(orgGID)
	}
	return me, nil
}

// team resolves a team by gid or (case-insensitive) name.
func (s *orgSnapshot) team(nameOrGID string) (asana.Team, error) {
	var found []asana.Team
	for _, t := range s.teams {
		if t.GID == nameOrGID {
			return t, nil
		}
		if strings.EqualFold(strings.TrimSpace(t.Name), strings.TrimSpace(nameOrGID)) {
			found = append(found, t)
		}
	}
	switch len(found) {
	case 0:
		return asana.Team{}, fmt.Errorf("serviceaccounts: no team %q in %s", nameOrGID, s.org.Name)
	case 1:
		return found[0], nil
	}
	return asana.Team{}, fmt.Errorf("serviceaccounts: %d teams are called %q in %s: name it by gid", len(found), nameOrGID, s.org.Name)
}

// teamMembers reads a team's members: one request per page of 100.
func teamMembers(ctx context.Context, c *asana.Client, teamGID string) (map[string]Ref, error) {
	out := map[string]Ref{}
	opts := &asana.ListOptions{Fields: []string{"user.name", "user.email"}}
	for m, err := range c.TeamMemberships.ListForTeam(ctx, teamGID, opts).All() {
		if err != nil {
			return nil, tokenError("list members of team "+teamGID, err)
		}
		if m.User != nil {
			out[m.User.GID] = Ref{GID: m.User.GID, Name: m.User.Name, Email: m.User.Email}
		}
	}
	return out, nil
}

// PlanAccess compares the organization orgGID with the policy and returns
// the changes that make them agree, each with its reason, and findings that
// need a person. It reads the organization's members and teams once, and
// the members of the teams the policy names; it writes nothing. The token
// must be a service account of the organization (ErrNotServiceAccount
// otherwise); a refused token stops it with ErrTokenRevoked.
//
// The token's own user is never removed, and nobody is both deprovisioned
// and given a team change (leaving the organization ends every team
// membership). Guests are exempt from deprovision.missing_from_directory:
// a directory lists employees.
func PlanAccess(ctx context.Context, c *asana.Client, orgGID string, pol *Policy) (*Plan, error) {
	return planAccess(ctx, c, orgGID, pol, "access")
}

func planAccess(ctx context.Context, c *asana.Client, orgGID string, pol *Policy, kind string) (*Plan, error) {
	if field := pol.needsDirectory(); field != "" && pol.dir == nil {
		return nil, fmt.Errorf("serviceaccounts: the policy's %s needs a directory: set directory in the policy or call SetDirectory", field)
	}
	s, err := readOrg(ctx, c, orgGID)
	if err != nil {
		return nil, err
	}
	if err := pol.checkDirectorySize(s); err != nil {
		return nil, err
	}
	plan := &Plan{Kind: kind, Organization: Ref{GID: s.org.GID, Name: s.org.Name}, CreatedAt: time.Now().UTC()}
	pol.planDeprovisions(s, plan)
	pol.planProvisions(s, plan)
	pol.planGuests(s, plan)
	pol.planAdmins(s, plan)
	for i, tp := range pol.Teams {
		if err := pol.planTeam(ctx, c, s, i, tp, plan); err != nil {
			return nil, err
		}
		if err := pol.planTeamSettings(ctx, c, s, i, tp, plan); err != nil {
			return nil, err
		}
	}
	if err := pol.planMemberships(ctx, c, s, plan); err != nil {
		return nil, err
	}
	sortChanges(plan.Changes)
	return plan, nil
}

// activeMembers returns the active members other than the token's user,
// in gid order so that plans are stable.
func (s *orgSnapshot) activeMembers() []*member {
	var out []*member
	for _, m := range s.members {
		if m.active && m.ref.GID != s.me {
			out = append(out, m)
		}
	}
	slices.SortFunc(out, func(a, b *member) int { return cmp.Compare(a.ref.GID, b.ref.GID) })
	return out
}

func (p *Policy) planDeprovisions(s *orgSnapshot, plan *Plan) {
	d := p.Deprovision
	if d == nil {
		return
	}
	for _, m := range s.activeMembers() {
		if containsFold(d.Keep, m.ref.Email) {
			continue
		}
		var reason, evidence string
		person, listed := Person{}, false
		if p.dir != nil && m.ref.Email != "" {
			person, listed = p.dir.Lookup(m.ref.Email)
		}
		switch {
		case containsFold(d.Users, m.ref.Email):
			reason = "listed in deprovision.users"
			evidence = fmt.Sprintf("%s deprovision.users[%d]", p.source(), indexFold(d.Users, m.ref.Email))
		case d.InactiveInDirectory && listed && !person.Active():
			reason = fmt.Sprintf("directory status is %q (directory line %d)", person.Status, person.Line)
			evidence = fmt.Sprintf("%s line %d: status %q", p.dir.label(), person.Line, person.Status)
		case d.MissingFromDirectory && !listed && !m.guest:
			reason = "not in the company directory"
			evidence = p.dir.absence()
		}
		if reason != "" {
			m.deprovision = reason
			ch := Change{Kind: DeprovisionUser, User: refOf(m), Reason: reason, Evidence: evidence}
			if d.ViaSCIM && !m.guest { // SCIM does not see guests
				ch.Via = ViaSCIM
			}
			plan.Changes = append(plan.Changes, ch)
		}
	}
	for _, e := range d.Users {
		if m, ok := s.byEmail[strings.ToLower(e)]; !ok {
			plan.Findings = append(plan.Findings, Finding{User: &Ref{Email: e}, Detail: "listed in deprovision.users but not a member of the organization"})
		} else if m.ref.GID == s.me {
			plan.Findings = append(plan.Findings, Finding{User: refOf(m), Detail: "listed in deprovision.users but it is the token's own user: not removed"})
		}
	}
}

// planProvisions lists the active people of the directory who are not
// active members: new ones are created, deactivated ones reactivated.
func (p *Policy) planProvisions(s *orgSnapshot, plan *Plan) {
	pr := p.Provision
	if pr == nil || !pr.FromDirectory {
		return
	}
	for _, person := range p.dir.People() {
		k := strings.ToLower(person.Email)
		switch {
		case !person.Active(), containsFold(pr.Exclude, person.Email),
			len(pr.Domains) > 0 && !containsFold(pr.Domains, emailDomain(person.Email)),
			p.Deprovision != nil && containsFold(p.Deprovision.Users, person.Email):
			continue
		}
		m := s.byEmail[k]
		ref := &Ref{Name: person.Name, Email: person.Email}
		reason := fmt.Sprintf("in the company directory (line %d), not a member of the organization", person.Line)
		switch {
		case m != nil && m.active:
			continue
		case m != nil && m.guest:
			plan.Findings = append(plan.Findings, Finding{User: refOf(m),
				Detail: "in the company directory but a guest: SCIM cannot provision guests; change their role in the admin console"})
			continue
		case m != nil:
			ref.GID = m.ref.GID
			reason = fmt.Sprintf("in the company directory (line %d), deactivated in the organization", person.Line)
		}
		s.provisioning[k] = true
		plan.Changes = append(plan.Changes, Change{Kind: ProvisionUser, User: ref, Department: person.Department, Reason: reason})
	}
}

func (p *Policy) planGuests(s *orgSnapshot, plan *Plan) {
	g := p.Guests
	if g == nil {
		return
	}
	for _, m := range s.activeMembers() {
		if !m.guest || m.deprovision != "" || (p.Deprovision != nil && containsFold(p.Deprovision.Keep, m.ref.Email)) {
			continue
		}
		dom := emailDomain(m.ref.Email)
		if containsFold(g.AllowedDomains, dom) {
			continue
		}
		reason := fmt.Sprintf("guest from %s, which guests.allowed_domains does not list", dom)
		if dom == "" {
			reason = "guest without an email address; guests.allowed_domains applies"
		}
		m.deprovision = reason
		evidence := fmt.Sprintf("%s guests.allowed_domains: %s", p.source(), strings.Join(g.AllowedDomains, ", "))
		if len(g.AllowedDomains) == 0 {
			evidence = p.source() + " guests.allowed_domains: none"
		}
		plan.Changes = append(plan.Changes, Change{Kind: RemoveGuest, User: refOf(m), Reason: reason, Evidence: evidence})
	}
}

func (p *Policy) planAdmins(s *orgSnapshot, plan *Plan) {
	if p.Admins == nil {
		return
	}
	for _, m := range s.activeMembers() {
		if m.admin && m.deprovision == "" && !containsFold(p.Admins, m.ref.Email) {
			plan.Findings = append(plan.Findings, Finding{User: refOf(m),
				Detail: "organization admin not listed in admins: remove the admin role in the admin console (the API cannot)"})
		}
	}
}

// planTeam plans one team rule.
func (p *Policy) planTeam(ctx context.Context, c *asana.Client, s *orgSnapshot, i int, tp TeamPolicy, plan *Plan) error {
	t, err := s.team(tp.Team)
	if err != nil {
		return err
	}
	teamRef := &Ref{GID: t.GID, Name: t.Name}
	current, err := teamMembers(ctx, c, t.GID)
	if err != nil {
		return err
	}
	rule := fmt.Sprintf("teams[%d]", i)
	// want maps each required email to why.
	want := map[string]string{}
	var order []string
	need := func(email, why string) {
		k := strings.ToLower(email)
		if _, ok := want[k]; !ok {
			want[k] = why
			order = append(order, email)
		}
	}
	for _, e := range tp.Members {
		need(e, "listed in "+rule+".members")
	}
	for _, dept := range tp.Departments {
		for _, e := range p.dir.InDepartment(dept) {
			need(e, fmt.Sprintf("in department %q (%s.departments)", dept, rule))
		}
	}
	if tp.Exclusive && len(order) == 0 && !p.AllowSmallDirectory {
		return fmt.Errorf("%w: %s lists nobody active in departments %s: %s (exclusive) would empty team %s; check the department names, or allow it explicitly (allow_small_directory)",
			ErrSmallDirectory, p.dir.label(), strings.Join(tp.Departments, ", "), rule, t.Name)
	}
	absent := p.teamAbsence(rule, tp)
	for _, e := range order {
		m, ok := s.byEmail[strings.ToLower(e)]
		switch {
		case s.provisioning[strings.ToLower(e)]:
			plan.Findings = append(plan.Findings, Finding{User: &Ref{Email: e}, Team: teamRef,
				Detail: want[strings.ToLower(e)] + ", and provisioned by this plan: plan again after applying it to add them"})
		case !ok || !m.active:
			plan.Findings = append(plan.Findings, Finding{User: &Ref{Email: e}, Team: teamRef,
				Detail: want[strings.ToLower(e)] + ", but not an active member of the organization: invite them first"})
		case m.deprovision != "":
			plan.Findings = append(plan.Findings, Finding{User: refOf(m), Team: teamRef,
				Detail: want[strings.ToLower(e)] + ", but also being removed from the organization: " + m.deprovision})
		default:
			if _, in := current[m.ref.GID]; !in {
				plan.Changes = append(plan.Changes, Change{Kind: AddTeamMember, Team: teamRef, User: refOf(m), Reason: want[strings.ToLower(e)]})
			}
		}
	}
	gids := make([]string, 0, len(current))
	for g := range current {
		gids = append(gids, g)
	}
	slices.Sort(gids)
	for _, g := range gids {
		ref := current[g]
		if m := s.members[g]; m != nil && m.deprovision != "" {
			continue // leaving the organization ends the membership
		}
		if g == s.me {
			continue
		}
		var reason, evidence string
		switch {
		case containsFold(tp.MustNot, ref.Email):
			reason = "listed in " + rule + ".must_not"
			evidence = fmt.Sprintf("%s %s.must_not[%d]", p.source(), rule, indexFold(tp.MustNot, ref.Email))
		case tp.Exclusive && want[strings.ToLower(ref.Email)] == "":
			reason = "not on the team's list (" + rule + " is exclusive)"
			evidence = absent
		}
		if reason != "" {
			r := ref
			plan.Changes = append(plan.Changes, Change{Kind: RemoveTeamMember, Team: teamRef, User: &r, Reason: reason, Evidence: evidence})
		}
	}
	return nil
}

// teamAbsence is the evidence of a removal from an exclusive team: the
// lists its wanted members come from, with their sizes.
func (p *Policy) teamAbsence(rule string, tp TeamPolicy) string {
	var from []string
	if len(tp.Members) > 0 {
		switch {
		case p.memberList && p.Source == "":
			from = append(from, "the member list with "+plural(len(tp.Members), "address"))
		case p.memberList:
			from = append(from, p.Source+" with "+plural(len(tp.Members), "address"))
		default:
			from = append(from, fmt.Sprintf("%s %s.members with %s", p.source(), rule, plural(len(tp.Members), "address")))
		}
	}
	if len(tp.Departments) > 0 {
		from = append(from, fmt.Sprintf("%s with %s (departments %s)", p.dir.label(), plural(p.dir.Len(), "row"), strings.Join(tp.Departments, ", ")))
	}
	return "absent from " + strings.Join(from, " and from ")
}

// indexFold is the index of s in list, case ignored, or -1.
func indexFold(list []string, s string) int {
	return slices.IndexFunc(list, func(x string) bool { return strings.EqualFold(x, s) })
}

// source names the policy in evidence.
func (p *Policy) source() string {
	if p.Source == "" {
		return "the policy"
	}
	return p.Source
}

func refOf(m *member) *Ref {
	r := m.ref
	return &r
}

// kindOrder puts removals from the organization first, then team removals,
// additions, and project changes.
var kindOrder = map[ChangeKind]int{DeprovisionUser: 0, RemoveGuest: 1, ProvisionUser: 2, RemoveTeamMember: 3, AddTeamMember: 4, ArchiveProject: 5, DeleteProject: 6,
	UpdateTeamSettings: 7, RemoveMember: 8, SetAccessLevel: 9, AddMember: 10}

func sortChanges(cs []Change) {
	name := func(r *Ref) string {
		if r == nil {
			return ""
		}
		return strings.ToLower(r.Name) + "\x00" + r.GID
	}
	email := func(r *Ref) string {
		if r == nil {
			return ""
		}
		return strings.ToLower(r.Email) + "\x00" + r.GID
	}
	slices.SortStableFunc(cs, func(a, b Change) int {
		return cmp.Or(cmp.Compare(kindOrder[a.Kind], kindOrder[b.Kind]),
			cmp.Compare(name(a.Team), name(b.Team)),
			cmp.Compare(name(a.Project), name(b.Project)),
			cmp.Compare(name(a.Portfolio), name(b.Portfolio)),
			cmp.Compare(name(a.Goal), name(b.Goal)),
			cmp.Compare(email(a.User), email(b.User)))
	})
}
