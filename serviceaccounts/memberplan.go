package serviceaccounts

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/asanakit/asana-go/asana"
)

// accessObject is a project, portfolio or goal as membership planning
// sees it.
type accessObject struct {
	ref    Ref
	kind   string // project, portfolio or goal
	team   string // a project's team gid
	owner  string // owner gid
	public bool   // visible to the whole organization
}

// want is a level a person should have, with why.
type want struct {
	level, reason, evidence string
}

// membershipPlanner holds what membership planning reads once.
type membershipPlanner struct {
	pol   *Policy
	c     *asana.Client
	s     *orgSnapshot
	teams map[string]map[string]Ref // team gid -> members
}

// planMemberships plans the membership and guest access rules: it reads
// the projects (and, when a rule needs them, portfolios and goals) once,
// then the memberships of every object a rule covers.
func (p *Policy) planMemberships(ctx context.Context, c *asana.Client, s *orgSnapshot, plan *Plan) error {
	if len(p.Memberships) == 0 && len(p.GuestAccess) == 0 {
		return nil
	}
	mp := &membershipPlanner{pol: p, c: c, s: s, teams: map[string]map[string]Ref{}}
	objs, err := mp.readObjects(ctx)
	if err != nil {
		return err
	}
	for _, o := range objs {
		rules, err := mp.rulesFor(o)
		if err != nil {
			return err
		}
		if len(rules) == 0 && len(p.GuestAccess) == 0 {
			continue
		}
		if err := mp.planObject(ctx, o, rules, plan); err != nil {
			return err
		}
	}
	return nil
}

// needs reports whether a rule (or guest rule) covers objects of kind.
func (p *Policy) needs(kind string) bool {
	if len(p.GuestAccess) > 0 {
		return true
	}
	return slices.ContainsFunc(p.Memberships, func(r MembershipRule) bool {
		return r.All || kind == "portfolio" && r.Portfolio != "" || kind == "goal" && r.Goal != "" ||
			kind == "project" && (r.Project != "" || r.TeamProjects != "")
	})
}

// readObjects lists the projects, portfolios and goals the rules need:
// one request per 100 of each.
func (mp *membershipPlanner) readObjects(ctx context.Context) ([]accessObject, error) {
	c, org := mp.c, mp.s.org.GID
	var out []accessObject
	if mp.pol.needs("project") {
		opts := &asana.ProjectArchivedListOptions{ListOptions: asana.ListOptions{Fields: []string{"name", "team", "owner", "privacy_setting"}}}
		for p, err := range c.Projects.ListForWorkspace(ctx, org, opts).All() {
			if err != nil {
				return nil, tokenError("list projects", err)
			}
			o := accessObject{ref: Ref{GID: p.GID, Name: p.Name}, kind: "project", public: p.PrivacySetting == "public_to_workspace"}
			if p.Team != nil {
				o.team = p.Team.GID
			}
			if p.Owner != nil {
				o.owner = p.Owner.GID
			}
			out = append(out, o)
		}
	}
	if mp.pol.needs("portfolio") {
		for p, err := range c.Portfolios.List(ctx, org, &asana.PortfolioListOptions{ListOptions: asana.ListOptions{Fields: []string{"name", "owner", "public"}}}).All() {
			if err != nil {
				return nil, tokenError("list portfolios", err)
			}
			o := accessObject{ref: Ref{GID: p.GID, Name: p.Name}, kind: "portfolio", public: p.Public}
			if p.Owner != nil {
				o.owner = p.Owner.GID
			}
			out = append(out, o)
		}
	}
	if mp.pol.needs("goal") {
		for g, err := range c.Goals.List(ctx, &asana.GoalListOptions{Workspace: org, ListOptions: asana.ListOptions{Fields: []string{"name", "owner"}}}).All() {
			if err != nil {
				return nil, tokenError("list goals", err)
			}
			o := accessObject{ref: Ref{GID: g.GID, Name: g.Name}, kind: "goal"}
			if g.Owner != nil {
				o.owner = g.Owner.GID
			}
			out = append(out, o)
		}
	}
	return out, nil
}

// named reports whether the object is the one named (by gid or name).
func (o accessObject) named(nameOrGID string) bool {
	return o.ref.GID == nameOrGID || strings.EqualFold(strings.TrimSpace(o.ref.Name), strings.TrimSpace(nameOrGID))
}

// rulesFor returns the indexes of the rules that select the object.
func (mp *membershipPlanner) rulesFor(o accessObject) ([]int, error) {
	var out []int
	for i, r := range mp.pol.Memberships {
		var hit bool
		switch {
		case r.All:
			hit = true
		case r.Project != "":
			hit = o.kind == "project" && o.named(r.Project)
		case r.Portfolio != "":
			hit = o.kind == "portfolio" && o.named(r.Portfolio)
		case r.Goal != "":
			hit = o.kind == "goal" && o.named(r.Goal)
		case r.TeamProjects != "":
			t, err := mp.s.team(r.TeamProjects)
			if err != nil {
				return nil, err
			}
			hit = o.kind == "project" && o.team == t.GID
		}
		if hit {
			out = append(out, i)
		}
	}
	return out, nil
}

// granted returns who the rules grant a membership of the object, by user
// gid, with the highest level.
func (mp *membershipPlanner) granted(ctx context.Context, o accessObject, rules []int, plan *Plan) (map[string]want, error) {
	out := map[string]want{}
	for _, i := range rules {
		for j, g := range mp.pol.Memberships[i].Grant {
			path := fmt.Sprintf("memberships[%d].grant[%d]", i, j)
			level := fit(g.Level, o.kind)
			give := func(m *member, who string) {
				if m == nil || !m.active || m.deprovision != "" || m.ref.GID == mp.s.me {
					return
				}
				if w, ok := out[m.ref.GID]; !ok || rank(level) > rank(w.level) {
					out[m.ref.GID] = want{level: level, reason: who + " (" + path + ")", evidence: mp.pol.source() + " " + path}
				}
			}
			if g.Team != "" {
				t, err := mp.s.team(g.Team)
				if err != nil {
					return nil, err
				}
				members, err := mp.teamAfter(ctx, t.GID, plan)
				if err != nil {
					return nil, err
				}
				for g := range members {
					give(mp.s.members[g], "member of team "+t.Name+": at least "+level)
				}
			}
			for _, e := range g.Users {
				m := mp.s.byEmail[strings.ToLower(e)]
				if m == nil || !m.active {
					plan.Findings = append(plan.Findings, Finding{User: &Ref{Email: e},
						Detail: fmt.Sprintf("granted %s %s by %s, but not an active member of the organization", o.kind, o.ref.String(), path)})
					continue
				}
				give(m, "listed in "+path+": at least "+level)
			}
		}
	}
	return out, nil
}

// teamAfter returns the members a team will have once the plan's team
// changes are made (they are planned first), so that a grant to a team
// holds for who joins it in the same plan and not for who leaves it.
func (mp *membershipPlanner) teamAfter(ctx context.Context, teamGID string, plan *Plan) (map[string]Ref, error) {
	if members, ok := mp.teams[teamGID]; ok {
		return members, nil
	}
	members, err := teamMembers(ctx, mp.c, teamGID)
	if err != nil {
		return nil, err
	}
	for _, ch := range plan.Changes {
		if ch.Team == nil || ch.Team.GID != teamGID || ch.User == nil {
			continue
		}
		switch ch.Kind {
		case AddTeamMember:
			members[ch.User.GID] = *ch.User
		case RemoveTeamMember:
			delete(members, ch.User.GID)
		}
	}
	mp.teams[teamGID] = members
	return members, nil
}

// capFor returns the lowest cap the rules and guest rules set for m on
// the object, and why; ok is false when none applies.
func (mp *membershipPlanner) capFor(o accessObject, rules []int, m *member) (w want, ok bool) {
	dom := emailDomain(m.ref.Email)
	take := func(level, reason, evidence string) {
		level = fit(level, o.kind)
		if !ok || rank(level) < rank(w.level) {
			w, ok = want{level: level, reason: reason, evidence: evidence}, true
		}
	}
	for _, i := range rules {
		for j, c := range mp.pol.Memberships[i].MaxLevel {
			outside := len(c.OutsideDomains) > 0 && !containsFold(c.OutsideDomains, dom)
			if outside || c.Guests && m.guest {
				path := fmt.Sprintf("memberships[%d].max_level[%d]", i, j)
				who := "a guest"
				if outside {
					who = "from " + cmp.Or(dom, "no domain") + ", outside " + strings.Join(c.OutsideDomains, ", ")
				}
				take(c.Level, fmt.Sprintf("%s: at most %s (%s)", who, c.Level, path), mp.pol.source()+" "+path)
			}
		}
	}
	if !m.guest {
		return w, ok
	}
	for i, g := range mp.pol.GuestAccess {
		if g.Domain != "*" && !strings.EqualFold(g.Domain, dom) {
			continue
		}
		path := fmt.Sprintf("guest_access[%d]", i)
		if g.MaxLevel != "" {
			take(g.MaxLevel, fmt.Sprintf("guest from %s: at most %s (%s.max_level)", dom, g.MaxLevel, path), mp.pol.source()+" "+path+".max_level")
		}
		if len(g.Projects) > 0 && o.kind == "project" && !slices.ContainsFunc(g.Projects, o.named) {
			take(levelNone, fmt.Sprintf("guest from %s, and %s.projects does not list this project", dom, path), mp.pol.source()+" "+path+".projects")
		}
	}
	return w, ok
}

// planObject plans the memberships of one object.
func (mp *membershipPlanner) planObject(ctx context.Context, o accessObject, rules []int, plan *Plan) error {
	granted, err := mp.granted(ctx, o, rules, plan)
	if err != nil {
		return err
	}
	exclusive := -1
	for _, i := range rules {
		if mp.pol.Memberships[i].Exclusive {
			exclusive = i
			break
		}
	}
	if exclusive >= 0 && o.public {
		plan.Findings = append(plan.Findings, Finding{Detail: fmt.Sprintf("%s %s is visible to the whole organization: memberships[%d] (exclusive) limits its members, not who can see it; make it private",
			o.kind, o.ref.String(), exclusive)})
	}
	base := Change{}
	ref := o.ref
	switch o.kind {
	case "project":
		base.Project = &ref
	case "portfolio":
		base.Portfolio = &ref
	default:
		base.Goal = &ref
	}
	current := map[string]bool{}
	opts := &asana.MembershipListOptions{Parent: o.ref.GID, ListOptions: asana.ListOptions{Fields: []string{"member", "member.name", "access_level"}}}
	for ms, err := range mp.c.Memberships.List(ctx, opts).All() {
		if err != nil {
			return tokenError("list the memberships of "+o.kind+" "+o.ref.GID, err)
		}
		if ms.Member == nil || ms.Member.ResourceType == "team" {
			continue // team memberships: the rules speak of people
		}
		m := mp.s.members[ms.Member.GID]
		current[ms.Member.GID] = true
		if m == nil || !m.active || m.deprovision != "" || m.ref.GID == mp.s.me {
			continue
		}
		ch := base
		ch.User, ch.Membership = refOf(m), ms.GID
		evidenceOf := fmt.Sprintf("; membership %s at %s", ms.GID, ms.AccessLevel)
		w, isGranted := granted[m.ref.GID]
		cp, capped := mp.capFor(o, rules, m)
		owner := o.owner == m.ref.GID
		if capped && cp.level == levelNone || exclusive >= 0 && !isGranted {
			ch.Kind = RemoveMember
			if capped && cp.level == levelNone {
				ch.Reason, ch.Evidence = cp.reason, cp.evidence+evidenceOf
			} else {
				path := fmt.Sprintf("memberships[%d]", exclusive)
				ch.Reason = "not granted by " + path + ", which is exclusive"
				ch.Evidence = fmt.Sprintf("absent from the grants of %s %s%s", mp.pol.source(), path, evidenceOf)
			}
			if owner {
				plan.Findings = append(plan.Findings, Finding{User: ch.User, Detail: fmt.Sprintf("owns %s %s but %s: the owner cannot be removed; transfer the ownership first", o.kind, o.ref.String(), ch.Reason)})
				continue
			}
			plan.Changes = append(plan.Changes, ch)
			continue
		}
		target, why := ms.AccessLevel, want{}
		if isGranted && rank(w.level) > rank(target) {
			target, why = w.level, w
		}
		if capped && rank(target) > rank(cp.level) {
			target, why = cp.level, cp
		}
		if target == ms.AccessLevel {
			continue
		}
		if owner && rank(target) < rank(ms.AccessLevel) {
			plan.Findings = append(plan.Findings, Finding{User: ch.User, Detail: fmt.Sprintf("owns %s %s but %s: the API cannot lower the owner's level; transfer the ownership first", o.kind, o.ref.String(), why.reason)})
			continue
		}
		ch.Kind, ch.AccessLevel, ch.PreviousLevel = SetAccessLevel, target, ms.AccessLevel
		ch.Reason, ch.Evidence = why.reason, why.evidence+evidenceOf
		plan.Changes = append(plan.Changes, ch)
	}
	gids := make([]string, 0, len(granted))
	for g := range granted {
		if !current[g] {
			gids = append(gids, g)
		}
	}
	slices.Sort(gids)
	for _, g := range gids {
		m, w := mp.s.members[g], granted[g]
		level := w.level
		if cp, capped := mp.capFor(o, rules, m); capped && rank(level) > rank(cp.level) {
			if cp.level == levelNone {
				plan.Findings = append(plan.Findings, Finding{User: refOf(m), Detail: fmt.Sprintf("granted %s %s (%s), but %s: not added", o.kind, o.ref.String(), w.evidence, cp.reason)})
				continue
			}
			level = cp.level
		}
		ch := base
		ch.Kind, ch.User, ch.AccessLevel, ch.Reason, ch.Evidence = AddMember, refOf(m), level, w.reason, w.evidence
		plan.Changes = append(plan.Changes, ch)
	}
	return nil
}

// planTeamSettings plans a team rule's settings: one read of the team.
func (p *Policy) planTeamSettings(ctx context.Context, c *asana.Client, s *orgSnapshot, i int, tp TeamPolicy, plan *Plan) error {
	if tp.Settings == nil {
		return nil
	}
	t, err := s.team(tp.Team)
	if err != nil {
		return err
	}
	cur, err := c.Teams.Get(ctx, t.GID, &asana.GetOptions{Fields: teamSettingFields})
	if err != nil {
		return tokenError("read the settings of team "+t.Name, err)
	}
	d := tp.Settings.diff(cur)
	if d == nil {
		return nil
	}
	path := fmt.Sprintf("teams[%d].settings", i)
	plan.Changes = append(plan.Changes, Change{Kind: UpdateTeamSettings, Team: &Ref{GID: t.GID, Name: t.Name}, TeamSettings: d,
		Reason:   "set by " + path,
		Evidence: fmt.Sprintf("%s %s; the team has %s", p.source(), path, d.was(cur))})
	return nil
}
