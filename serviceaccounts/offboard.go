package serviceaccounts

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/asanakit/asana-go/asana"
)

// Offboarding says whose work PlanOffboarding hands over, to whom, and
// whether they leave the organization afterwards.
type Offboarding struct {
	// Users are the people who leave: email addresses or user gids.
	Users []string
	// FromPlan, when set, offboards everyone an access plan removes from
	// the organization (its deprovision_user and remove_guest changes):
	// their work is handed over first, and the plan's own removal, with
	// its reason and evidence, comes last.
	FromPlan *Plan
	// To is who receives the work of every person leaving (email or
	// gid). Empty: each person's manager in Directory (its "manager"
	// column).
	To string
	// Directory is the company directory whose manager column names who
	// receives a leaver's work when To is empty.
	Directory *Directory
	// MyTasksProject is the project (name or gid) that receives the tasks
	// that are only in a leaver's My Tasks (in no project and not
	// subtasks), which would otherwise be lost with the list. Without
	// one, a person who has such tasks is not deprovisioned.
	MyTasksProject string
	// Deprovision removes each of Users from the organization once their
	// work is handed over (removeUser; with ViaSCIM, SCIM's DELETE, which
	// also ends their sessions and tokens).
	Deprovision bool
	ViaSCIM     bool
	// GoalMemberships also ends the person's goal memberships. A goal does
	// not list its members, so it costs one request per goal of the
	// organization and person.
	GoalMemberships bool
	// Source names the request in the evidence of the changes ("offboard
	// -user"); default "the offboarding request".
	Source string
}

// leaver is one person to offboard while planning.
type leaver struct {
	m      *member
	index  int     // in Offboarding.Users, -1 when from a plan
	remove *Change // the removal from the organization, from FromPlan
}

// offboardRead is what PlanOffboarding reads once for every leaver.
type offboardRead struct {
	projects   []asana.Project
	portfolios []asana.Portfolio
	goals      []asana.Goal
	myTasks    *asana.Project // Offboarding.MyTasksProject, resolved
}

// PlanOffboarding plans the departure of people from the organization
// orgGID, ordered so that nothing is lost: their incomplete tasks pass to
// the recipient (Offboarding.To, or their manager from the directory),
// the projects and goals they own change owner, the tasks only in their
// My Tasks move into Offboarding.MyTasksProject, they leave the projects
// and portfolios (with GoalMemberships, goals) they are members of, and last (with Deprovision, or
// FromPlan) they leave the organization. Apply runs the plan in that order
// (a handover that fails holds the removals back) with the same caps,
// journal and Recheck as every plan. Every change names its evidence.
//
// What the API cannot do is a finding: a portfolio's owner cannot be
// changed through the API, so the recipient becomes an admin member of
// each portfolio the person owns and the finding asks for the transfer in
// the web app (Asana passes the portfolio to the remover when the person
// is removed). A person with no one to receive their work, or with tasks
// only in their My Tasks and no MyTasksProject, gets no change at all:
// a finding says why.
//
// Reads: the token check and the organization's members and teams (as
// PlanAccess), the projects, portfolios and goals of the organization
// (one request per 100), and per person their My Tasks list and its tasks,
// one request per project or portfolio they are a member of (and with
// GoalMemberships one per goal: a goal lists no members).
func PlanOffboarding(ctx context.Context, c *asana.Client, orgGID string, o Offboarding) (*Plan, error) {
	if len(o.Users) == 0 && o.FromPlan == nil {
		return nil, errors.New("serviceaccounts: offboarding: name the people who leave (Users or FromPlan)")
	}
	if o.FromPlan != nil && o.FromPlan.Organization.GID != orgGID {
		return nil, fmt.Errorf("serviceaccounts: offboarding: FromPlan is a plan of organization %s, not %s", o.FromPlan.Organization.GID, orgGID)
	}
	if o.To == "" && o.Directory == nil {
		return nil, errors.New("serviceaccounts: offboarding: name who receives the work (To) or give a directory with a manager column")
	}
	s, err := readOrg(ctx, c, orgGID)
	if err != nil {
		return nil, err
	}
	plan := &Plan{Kind: "offboard", Organization: Ref{GID: s.org.GID, Name: s.org.Name}, CreatedAt: time.Now().UTC()}
	leavers := o.leavers(s, plan)
	if len(leavers) == 0 {
		return plan, nil
	}
	rd, err := readOwned(ctx, c, orgGID, o.MyTasksProject)
	if err != nil {
		return nil, err
	}
	leaving := map[string]bool{}
	for _, l := range leavers {
		leaving[l.m.ref.GID] = true
	}
	for _, l := range leavers {
		if err := o.planLeaver(ctx, c, s, rd, l, leaving, plan); err != nil {
			return nil, err
		}
	}
	sortOffboarding(plan.Changes)
	return plan, nil
}

// source names the request in evidence.
func (o *Offboarding) source() string {
	if o.Source == "" {
		return "the offboarding request"
	}
	return o.Source
}

// leavers resolves Users and FromPlan; who cannot be found is a finding.
func (o *Offboarding) leavers(s *orgSnapshot, plan *Plan) []leaver {
	var out []leaver
	seen := map[string]bool{}
	add := func(l leaver) {
		if !seen[l.m.ref.GID] {
			seen[l.m.ref.GID] = true
			out = append(out, l)
		}
	}
	for i, u := range o.Users {
		m := s.lookup(u)
		switch {
		case m == nil:
			plan.Findings = append(plan.Findings, Finding{User: &Ref{Email: u}, Detail: "named to offboard, but not a member of the organization"})
		case m.ref.GID == s.me:
			plan.Findings = append(plan.Findings, Finding{User: refOf(m), Detail: "named to offboard, but it is the token's own user: not offboarded"})
		default:
			add(leaver{m: m, index: i})
		}
	}
	if o.FromPlan != nil {
		for i := range o.FromPlan.Changes {
			ch := &o.FromPlan.Changes[i]
			if !ch.Kind.removesUser() || ch.User == nil {
				continue
			}
			if m := s.members[ch.User.GID]; m != nil && m.ref.GID != s.me {
				add(leaver{m: m, index: -1, remove: ch})
			}
		}
	}
	return out
}

// lookup finds a member by email or gid.
func (s *orgSnapshot) lookup(emailOrGID string) *member {
	if m := s.members[emailOrGID]; m != nil {
		return m
	}
	return s.byEmail[strings.ToLower(strings.TrimSpace(emailOrGID))]
}

// readOwned reads the projects, portfolios and goals of the organization
// with their owners and members, and resolves the My Tasks project.
func readOwned(ctx context.Context, c *asana.Client, orgGID, myTasks string) (*offboardRead, error) {
	rd := &offboardRead{}
	popts := &asana.ProjectArchivedListOptions{ListOptions: asana.ListOptions{Fields: []string{"name", "archived", "owner", "members"}}}
	for p, err := range c.Projects.ListForWorkspace(ctx, orgGID, popts).All() {
		if err != nil {
			return nil, tokenError("list projects", err)
		}
		rd.projects = append(rd.projects, p)
	}
	for p, err := range c.Portfolios.List(ctx, orgGID, &asana.PortfolioListOptions{ListOptions: asana.ListOptions{Fields: []string{"name", "owner", "members"}}}).All() {
		if err != nil {
			return nil, tokenError("list portfolios", err)
		}
		rd.portfolios = append(rd.portfolios, p)
	}
	for g, err := range c.Goals.List(ctx, &asana.GoalListOptions{Workspace: orgGID, ListOptions: asana.ListOptions{Fields: []string{"name", "owner"}}}).All() {
		if err != nil {
			return nil, tokenError("list goals", err)
		}
		rd.goals = append(rd.goals, g)
	}
	if myTasks == "" {
		return rd, nil
	}
	var found []asana.Project
	for _, p := range rd.projects {
		if p.GID == myTasks {
			found = []asana.Project{p}
			break
		}
		if strings.EqualFold(strings.TrimSpace(p.Name), strings.TrimSpace(myTasks)) {
			found = append(found, p)
		}
	}
	switch {
	case len(found) == 0:
		return nil, fmt.Errorf("serviceaccounts: offboarding: no project %q for the tasks only in My Tasks", myTasks)
	case len(found) > 1:
		return nil, fmt.Errorf("serviceaccounts: offboarding: %d projects are called %q: name it by gid", len(found), myTasks)
	case found[0].Archived:
		return nil, fmt.Errorf("serviceaccounts: offboarding: project %q is archived: the tasks would be out of sight", myTasks)
	}
	rd.myTasks = &found[0]
	return rd, nil
}

// recipient settles who receives l's work, with the evidence of why;
// a nil member with a reason when nobody can.
func (o *Offboarding) recipient(s *orgSnapshot, l leaver, leaving map[string]bool) (*member, string, string) {
	var who, why string
	if o.To != "" {
		who, why = o.To, o.source()+" names "+o.To+" as the recipient"
	} else {
		p, ok := o.Directory.Lookup(l.m.ref.Email)
		switch {
		case !ok:
			return nil, "", "not in " + o.Directory.label() + ", so no manager to receive their work"
		case p.Manager == "":
			return nil, "", fmt.Sprintf("%s line %d names no manager to receive their work", o.Directory.label(), p.Line)
		}
		who, why = p.Manager, fmt.Sprintf("manager in %s line %d", o.Directory.label(), p.Line)
	}
	m := s.lookup(who)
	switch {
	case m == nil || !m.active:
		return nil, "", who + " (" + why + ") is not an active member of the organization"
	case m.guest:
		return nil, "", who + " (" + why + ") is a guest"
	case m.ref.GID == l.m.ref.GID || leaving[m.ref.GID]:
		return nil, "", who + " (" + why + ") is leaving too"
	}
	return m, why, ""
}

// planLeaver plans the handover and removal of one person.
func (o *Offboarding) planLeaver(ctx context.Context, c *asana.Client, s *orgSnapshot, rd *offboardRead, l leaver, leaving map[string]bool, plan *Plan) error {
	user := refOf(l.m)
	to, toWhy, none := o.recipient(s, l, leaving)
	if to == nil {
		plan.Findings = append(plan.Findings, Finding{User: user, Detail: none + ": nothing handed over, and not removed from the organization"})
		return nil
	}
	toRef := refOf(to)
	var changes []Change
	var blocked []string
	tasks, err := myTasks(ctx, c, s.org.GID, l.m.ref.GID)
	if err != nil {
		return err
	}
	for _, t := range tasks {
		tref := &Ref{GID: t.GID, Name: t.Name}
		if len(t.Projects) == 0 && t.Parent == nil {
			if rd.myTasks == nil {
				blocked = append(blocked, "task "+tref.String()+" is only in their My Tasks")
			} else {
				changes = append(changes, Change{Kind: MoveTaskToProject, User: user, Task: tref,
					Project:  &Ref{GID: rd.myTasks.GID, Name: rd.myTasks.Name},
					Reason:   "only in their My Tasks: in no project and not a subtask",
					Evidence: "assigned to " + user.String() + " with no project and no parent task; " + o.source() + " names project " + rd.myTasks.Name})
			}
		}
		if !t.Completed {
			changes = append(changes, Change{Kind: ReassignTask, User: user, To: toRef, Task: tref,
				Reason: "incomplete task of a person leaving", Evidence: "assigned to " + user.String() + ", not completed; " + toWhy})
		}
	}
	for _, p := range rd.projects {
		pref := &Ref{GID: p.GID, Name: p.Name}
		owner := p.Owner != nil && p.Owner.GID == l.m.ref.GID
		if owner {
			changes = append(changes, Change{Kind: TransferProjectOwner, User: user, To: toRef, Project: pref,
				Reason: "project owned by a person leaving", Evidence: "owner is " + user.String() + "; " + toWhy})
		}
		if slices.ContainsFunc(p.Members, func(u asana.User) bool { return u.GID == l.m.ref.GID }) {
			ch, err := removal(ctx, c, Change{Project: pref, User: user}, "project")
			if err != nil {
				return err
			}
			if ch != nil {
				changes = append(changes, *ch)
			}
		}
	}
	for _, g := range rd.goals {
		gref := &Ref{GID: g.GID, Name: g.Name}
		if g.Owner != nil && g.Owner.GID == l.m.ref.GID {
			changes = append(changes, Change{Kind: TransferGoalOwner, User: user, To: toRef, Goal: gref,
				Reason: "goal owned by a person leaving", Evidence: "owner is " + user.String() + "; " + toWhy})
		}
		if !o.GoalMemberships {
			continue
		}
		ch, err := removal(ctx, c, Change{Goal: gref, User: user}, "goal")
		if err != nil {
			return err
		}
		if ch != nil {
			changes = append(changes, *ch)
		}
	}
	for _, pf := range rd.portfolios {
		pref := &Ref{GID: pf.GID, Name: pf.Name}
		if pf.Owner != nil && pf.Owner.GID == l.m.ref.GID {
			grant, err := portfolioGrant(ctx, c, pref, toRef, user, toWhy)
			if err != nil {
				return err
			}
			if grant != nil {
				changes = append(changes, *grant)
			}
			plan.Findings = append(plan.Findings, Finding{User: user, Detail: "owns portfolio " + pref.String() +
				": the API cannot change a portfolio's owner; " + toRef.String() + " is made an admin of it, transfer the ownership in the web app (removing the person passes it to the remover)"})
			continue // the owner's membership cannot end while they own it
		}
		if slices.ContainsFunc(pf.Members, func(u asana.User) bool { return u.GID == l.m.ref.GID }) {
			ch, err := removal(ctx, c, Change{Portfolio: pref, User: user}, "portfolio")
			if err != nil {
				return err
			}
			if ch != nil {
				changes = append(changes, *ch)
			}
		}
	}
	if len(blocked) > 0 {
		plan.Findings = append(plan.Findings, Finding{User: user, Detail: fmt.Sprintf("%s (and %d more): name a project for such tasks; not removed from the organization until then",
			blocked[0], len(blocked)-1)})
	}
	plan.Changes = append(plan.Changes, changes...)
	if len(blocked) == 0 && l.m.active {
		if rm := o.removal(l, user); rm != nil {
			plan.Changes = append(plan.Changes, *rm)
		}
	}
	return nil
}

// removal is the change that takes l out of the organization, nil when
// the offboarding keeps them.
func (o *Offboarding) removal(l leaver, user *Ref) *Change {
	if l.remove != nil {
		ch := *l.remove
		return &ch
	}
	if !o.Deprovision {
		return nil
	}
	ch := Change{Kind: DeprovisionUser, User: user, Reason: "offboarded: leaves the organization after the handover",
		Evidence: fmt.Sprintf("%s Users[%d]: %s", o.source(), l.index, o.Users[l.index])}
	if l.m.guest {
		ch.Kind = RemoveGuest
	} else if o.ViaSCIM {
		ch.Via = ViaSCIM
	}
	return &ch
}

// myTasks lists every task of the user's My Tasks list in the
// organization, completed or not.
func myTasks(ctx context.Context, c *asana.Client, orgGID, userGID string) ([]asana.Task, error) {
	utl, err := c.UserTaskLists.GetForUser(ctx, userGID, orgGID, &asana.GetOptions{Fields: []string{"name"}})
	if err != nil {
		return nil, tokenError("read the My Tasks list of "+userGID, err)
	}
	var out []asana.Task
	opts := &asana.TaskListForOptions{ListOptions: asana.ListOptions{Fields: []string{"name", "completed", "projects", "parent"}}}
	for t, err := range c.Tasks.ListForUserTaskList(ctx, utl.GID, opts).All() {
		if err != nil {
			return nil, tokenError("list the My Tasks of "+userGID, err)
		}
		out = append(out, t)
	}
	return out, nil
}

// removal plans the end of ch.User's membership of ch's parent (a
// project, portfolio or goal), with the membership as evidence; nil if
// there is none.
func removal(ctx context.Context, c *asana.Client, ch Change, kind string) (*Change, error) {
	a := &applier{c: c}
	m, err := a.membershipOf(ctx, ch)
	if err != nil {
		p, _ := ch.parent()
		return nil, tokenError("read the memberships of "+kind+" "+p.GID, err)
	}
	if m == nil {
		return nil, nil
	}
	ch.Kind, ch.Membership = RemoveMember, m.GID
	ch.Reason = "member of a " + kind + ", leaving; removed after the handover"
	ch.Evidence = fmt.Sprintf("membership %s: %s with access level %s", m.GID, ch.User.String(), cmp.Or(m.AccessLevel, "unknown"))
	return &ch, nil
}

// portfolioGrant makes the recipient an admin of a portfolio the leaver
// owns: nil when they are one already.
func portfolioGrant(ctx context.Context, c *asana.Client, pf, to, from *Ref, why string) (*Change, error) {
	a := &applier{c: c}
	ch := Change{Portfolio: pf, User: to, AccessLevel: "admin", Reason: "portfolio owned by " + from.String() + ", who is leaving (the API cannot change its owner)",
		Evidence: "owner is " + from.String() + "; " + why}
	m, err := a.membershipOf(ctx, ch)
	if err != nil {
		return nil, tokenError("read the memberships of portfolio "+pf.GID, err)
	}
	switch {
	case m == nil:
		ch.Kind = AddMember
	case m.AccessLevel == "admin":
		return nil, nil
	default:
		ch.Kind, ch.Membership, ch.PreviousLevel = SetAccessLevel, m.GID, m.AccessLevel
	}
	return &ch, nil
}

// offboardOrder lists the changes of an offboarding in the order Apply
// runs them: hand over, then remove memberships, then people.
var offboardOrder = map[ChangeKind]int{MoveTaskToProject: 0, ReassignTask: 1, TransferProjectOwner: 2, TransferGoalOwner: 3,
	AddMember: 4, SetAccessLevel: 5, RemoveMember: 6, RemoveGuest: 7, DeprovisionUser: 8}

func sortOffboarding(cs []Change) {
	name := func(r *Ref) string {
		if r == nil {
			return ""
		}
		return strings.ToLower(r.Name) + "\x00" + r.GID
	}
	slices.SortStableFunc(cs, func(a, b Change) int {
		return cmp.Or(cmp.Compare(offboardOrder[a.Kind], offboardOrder[b.Kind]),
			cmp.Compare(name(a.User), name(b.User)),
			cmp.Compare(name(a.Project), name(b.Project)), cmp.Compare(name(a.Portfolio), name(b.Portfolio)),
			cmp.Compare(name(a.Goal), name(b.Goal)), cmp.Compare(name(a.Task), name(b.Task)))
	})
}
