package asanatest

import (
	"math/rand/v2"
	"time"
)

// Generate's roles, out-of-office entries, reactions, custom types,
// agents, rule triggers and access requests. They come after every other
// record, from a random stream of their own (partBStream), so that the
// GIDs and data of the rest of the organization are those of a Generate
// without them.

// partBStream separates this step's random stream.
const partBStream = 0x70_6172_7442_7374 // "partBst"

// genCustomRoles are custom roles an organization defines, with what they
// change from their base role.
var genCustomRoles = []Role{
	{Name: "Contractor", Description: "Outside help: no new teams or portfolios", BaseRoleType: "guest",
		Permissions: map[string]any{"create_project": true}},
	{Name: "Auditor", Description: "Reads and exports, deletes nothing", BaseRoleType: "member",
		Permissions: map[string]any{"export_project_data": true, "task_deletion_policy": "none"}},
}

// genReactions are the emoji people react with, skin tones included.
var genReactions = []string{"👍", "👍", "👍🏽", "🎉", "❤️", "👀", "🙌🏻", "✅"}

// genCustomTypes are custom task types with their status options.
var genCustomTypes = []CustomType{
	{Name: "Bug", StatusOptions: []CustomTypeStatusOption{{Name: "Open", CompletionState: "Incomplete", Enabled: true, Color: "red"},
		{Name: "In review", CompletionState: "Incomplete", Enabled: true, Color: "yellow"},
		{Name: "Fixed", CompletionState: "Complete", Enabled: true, Color: "green"}}},
	{Name: "Request", StatusOptions: []CustomTypeStatusOption{{Name: "New", CompletionState: "Incomplete", Enabled: true},
		{Name: "Declined", CompletionState: "Complete", Enabled: false, Color: "gray"},
		{Name: "Done", CompletionState: "Complete", Enabled: true, Color: "green"}}},
}

// genAgents are the organization's AI Teammates.
var genAgents = []Agent{
	{Name: "Triage Teammate", Description: "Sorts incoming requests into the right project", BehaviorGuidance: "Ask before reassigning work"},
	{Name: "Status Teammate", Description: "Drafts weekly status updates", BehaviorGuidance: "Keep it under five bullet points"},
}

// partB gives the organization Asana's four standard roles and two
// custom ones, two agents, custom types on about a quarter of the
// projects, an incoming-web-request rule trigger on a few projects, an
// out-of-office entry around today for about one person in eight,
// reactions on about a fifth of the comments and status updates, a few
// pending requests to join private projects, and favorites.
func (g *generator) partB() error {
	r := rand.New(rand.NewPCG(g.seed, g.seed^partBStream))
	ws := g.org.GID
	created := g.now.Add(-300 * day)
	for _, std := range []Role{{Name: "Guest", BaseRoleType: "guest"}, {Name: "Member", BaseRoleType: "member"},
		{Name: "Admin", BaseRoleType: "admin"}, {Name: "Super admin", BaseRoleType: "super_admin"}} {
		std.WorkspaceGID, std.IsStandardRole, std.CreatedAt = ws, true, created
		std.Description = "Asana's " + std.Name + " role"
		if _, err := g.s.AddRole(std); err != nil {
			return err
		}
		g.out.Roles++
	}
	for i, role := range genCustomRoles {
		role.WorkspaceGID, role.CreatedAt = ws, created.Add(time.Duration(i+1)*day)
		if _, err := g.s.AddRole(role); err != nil {
			return err
		}
		g.out.Roles++
	}
	for _, a := range genAgents {
		a.WorkspaceGID = ws
		if _, err := g.s.AddAgent(a); err != nil {
			return err
		}
		g.out.Agents++
	}
	typed := make([][]string, len(genCustomTypes))
	for i, p := range g.out.Projects {
		if r.IntN(4) == 0 {
			k := r.IntN(len(genCustomTypes))
			typed[k] = append(typed[k], p.GID)
		}
		if i%8 == 0 {
			if _, err := g.s.AddRuleTrigger(RuleTrigger{ProjectGID: p.GID, Name: "Create a task from a form"}); err != nil {
				return err
			}
			g.out.RuleTriggers++
		}
	}
	for i, ct := range genCustomTypes {
		ct.WorkspaceGID, ct.ProjectGIDs = ws, typed[i]
		if _, err := g.s.AddCustomType(ct); err != nil {
			return err
		}
		g.out.CustomTypes++
	}
	s := g.s
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := g.oooEntriesLocked(r); err != nil {
		return err
	}
	if err := g.reactionsLocked(r); err != nil {
		return err
	}
	if err := g.accessRequestsLocked(r); err != nil {
		return err
	}
	return g.favoritesLocked(r)
}

// favoritesLocked gives the organization's member and about a quarter of
// the other active people up to three of their projects and one
// colleague as favorites.
func (g *generator) favoritesLocked(r *rand.Rand) error {
	mine := map[string][]string{}
	for _, p := range g.out.Projects {
		for _, u := range p.MemberGIDs {
			mine[u] = append(mine[u], p.GID)
		}
	}
	for _, u := range g.active {
		if u != g.out.Member.GID && r.IntN(4) != 0 {
			continue
		}
		picks := append([]string(nil), mine[u]...)
		r.Shuffle(len(picks), func(i, j int) { picks[i], picks[j] = picks[j], picks[i] })
		picks = picks[:min(3, len(picks))]
		if c := pick(r, g.active); c != u {
			picks = append(picks, c)
		}
		for _, gid := range picks {
			if err := g.s.addFavoriteLocked(u, g.org.GID, gid); err != nil {
				return err
			}
			g.out.Favorites++
		}
	}
	return nil
}

// oooEntriesLocked gives about one active person in eight a week or two
// off, starting between a month ago and two months ahead.
func (g *generator) oooEntriesLocked(r *rand.Rand) error {
	for _, u := range g.active {
		if r.IntN(8) != 0 {
			continue
		}
		start := g.now.Add(time.Duration(r.IntN(90)-30) * day)
		end := start.Add(time.Duration(4+r.IntN(10)) * day)
		if _, err := g.s.addOOOEntryLocked(OOOEntry{WorkspaceGID: g.org.GID, UserGID: u, StartDate: g.date(start),
			EndDate: g.date(end), CreatedAt: g.now.Add(-time.Duration(1+r.IntN(30)) * day)}); err != nil {
			return err
		}
		g.out.OOOEntries++
	}
	return nil
}

// reactionsLocked has active people react to about a fifth of the
// comments and status updates of the organization, each once or a few
// times with different emoji.
func (g *generator) reactionsLocked(r *rand.Rand) error {
	if len(g.active) == 0 {
		return nil
	}
	st := g.s.st
	var targets []string
	for _, sg := range st.stories.order {
		story := st.stories.get(sg)
		if storySubtype(story) == "comment_added" && story.CreatedAt.Before(g.now) {
			targets = append(targets, sg)
		}
	}
	targets = append(targets, statusUpdates(st).updates.order...)
	for _, tg := range targets {
		if r.IntN(5) != 0 {
			continue
		}
		for range 1 + r.IntN(3) {
			re := Reaction{TargetGID: tg, UserGID: pick(r, g.active), Emoji: pick(r, genReactions), CreatedAt: g.now.Add(-time.Duration(1+r.IntN(600)) * time.Minute)}
			if _, err := g.s.addReactionLocked(re); err == nil {
				g.out.Reactions++
			} // the same person and emoji twice: skipped
		}
	}
	return nil
}

// accessRequestsLocked has a few active people ask to join private
// projects they are not members of.
func (g *generator) accessRequestsLocked(r *rand.Rand) error {
	st := g.s.st
	var private []string
	for _, p := range g.out.Projects {
		if pr := st.projects.get(p.GID); pr != nil && pr.PrivacySetting == PrivacyPrivate {
			private = append(private, p.GID)
		}
	}
	if len(private) == 0 || len(g.active) == 0 {
		return nil
	}
	as := accessRequests(st)
	for range min(3, len(private)) {
		p, u := pick(r, private), pick(r, g.active)
		if memberships(st).level(p, u) != "" || as.pendingOf(p, u) != nil {
			continue
		}
		as.insert(st, &AccessRequest{TargetGID: p, TargetType: "project", RequesterGID: u, Message: "Could I join? I am helping with this.",
			Status: AccessRequestPending, CreatedAt: g.now.Add(-time.Duration(1+r.IntN(72)) * time.Hour)})
		g.out.AccessRequests++
	}
	return nil
}
