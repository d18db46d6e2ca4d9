package asanatest

import (
	"slices"
	"time"
)

// Goals: the tag "Goals" of the spec (metrics in goal_metrics.go,
// relationships in goal_relationships.go, stories in goal_stories.go).
//
// Guesses where Asana's docs are silent: a goal in an organization is
// workspace-level or belongs to a team (one of the two is required); the
// creator owns and follows a new goal unless owner says otherwise;
// members_only goals (seeding only: the API does not write
// privacy_setting) are seen by their owner and followers; a guest sees
// only the goals they own or follow; goals of a secret team only by its
// members.
func (s *Server) goalRoutes() {
	s.handle("GET /goals", s.getGoals)
	s.handle("POST /goals", s.createGoal)
	s.handle("GET /goals/{goal_gid}", s.getGoal)
	s.handle("PUT /goals/{goal_gid}", s.updateGoal)
	s.handle("DELETE /goals/{goal_gid}", s.deleteGoal)
	s.handle("POST /goals/{goal_gid}/setMetric", s.createGoalMetric)
	s.handle("POST /goals/{goal_gid}/setMetricCurrentValue", s.updateGoalMetric)
	s.handle("POST /goals/{goal_gid}/addFollowers", s.goalFollowers(true))
	s.handle("POST /goals/{goal_gid}/removeFollowers", s.goalFollowers(false))
	s.handle("GET /goals/{goal_gid}/parentGoals", s.getParentGoalsForGoal)
	// The settings' handlers are the custom fields resource's.
	s.handle("POST /goals/{goal_gid}/addCustomFieldSetting", s.addCustomFieldSettingForGoal)
	s.handle("POST /goals/{goal_gid}/removeCustomFieldSetting", s.removeCustomFieldSettingForGoal)
}

// Goal privacy settings (the spec's GoalResponse.privacy_setting).
const (
	GoalPublicToWorkspace = "public_to_workspace"
	GoalMembersOnly       = "members_only"
)

// Goal is a goal of a workspace: workspace-level, or a team's.
type Goal struct {
	GID              string
	WorkspaceGID     string
	TeamGID          string
	IsWorkspaceLevel bool
	OwnerGID         string
	TimePeriodGID    string
	Name             string
	Notes            string
	DueOn            string // YYYY-MM-DD or empty
	StartOn          string // YYYY-MM-DD or empty
	// PrivacySetting is GoalPublicToWorkspace (empty) or GoalMembersOnly.
	PrivacySetting string
	// Status is green, yellow, red (open goals) or achieved, partial,
	// missed, dropped (closed ones); empty renders null.
	Status       string
	FollowerGIDs []string
	// LikedBy are the users who liked the goal.
	LikedBy []string
	// Metric is the goal's progress metric; nil until setMetric.
	Metric     *GoalMetric
	CreatedAt  time.Time
	ModifiedAt time.Time
}

func (g Goal) clone() Goal {
	g.FollowerGIDs = slices.Clone(g.FollowerGIDs)
	g.LikedBy = slices.Clone(g.LikedBy)
	if g.Metric != nil {
		m := *g.Metric
		g.Metric = &m
	}
	return g
}

// goalStore holds the goals and their relationships
// (storeOf[goalStore]).
type goalStore struct {
	goals    table[Goal]
	byWS     index
	byTeam   index
	rels     table[GoalRelationship]
	relOrder map[string][]string // supported goal -> its relationships, in display order
	// supporting maps a supporting resource to its relationships.
	supporting index
	// stories maps a goal to its stories.
	stories index
}

func newGoalStore() any {
	return &goalStore{goals: newTable[Goal](), byWS: make(index), byTeam: make(index),
		rels: newTable[GoalRelationship](), relOrder: map[string][]string{}, supporting: make(index), stories: make(index)}
}

func goals(st *state) *goalStore { return storeOf[goalStore](st) }

func (gs *goalStore) insert(st *state, g *Goal) *Goal {
	gs.goals.put(st.gidFor(&g.GID), g)
	gs.byWS.add(g.WorkspaceGID, g.GID)
	if g.TeamGID != "" {
		gs.byTeam.add(g.TeamGID, g.GID)
	}
	return g
}

// setTeam moves a goal to another team (or none), keeping byTeam.
func (gs *goalStore) setTeam(g *Goal, teamGID string) {
	if g.TeamGID != "" {
		gs.byTeam.remove(g.TeamGID, g.GID)
	}
	g.TeamGID = teamGID
	if teamGID != "" {
		gs.byTeam.add(teamGID, g.GID)
	}
}

// remove deletes a goal with its relationships (both ways), stories and
// status updates.
func (gs *goalStore) remove(st *state, g *Goal) {
	for _, rg := range slices.Clone(gs.relOrder[g.GID]) {
		gs.removeRel(gs.rels.get(rg))
	}
	gs.removeSupporting(g.GID)
	for _, sg := range gs.stories[g.GID] {
		st.stories.remove(sg)
	}
	delete(gs.stories, g.GID)
	statusUpdates(st).removeParent(g.GID)
	customFields(st).removeParent(g.GID)
	memberships(st).removeParent(g.GID)
	gs.byWS.remove(g.WorkspaceGID, g.GID)
	gs.setTeam(g, "")
	gs.goals.remove(g.GID)
}

// canSeeGoal reports whether p may read the goal.
func (s *Server) canSeeGoal(p *principal, g *Goal) bool {
	if !s.canSeeWorkspace(p, g.WorkspaceGID) {
		return false
	}
	if p.serviceAccount() || g.OwnerGID == p.user.GID || slices.Contains(g.FollowerGIDs, p.user.GID) ||
		s.st.goalMemberLevel(g, p.user.GID) != "" {
		return true
	}
	if s.isGuest(p, g.WorkspaceGID) || g.PrivacySetting == GoalMembersOnly {
		return false
	}
	if t := s.st.teams.get(g.TeamGID); t != nil && !g.IsWorkspaceLevel {
		return s.canSeeTeam(p, t)
	}
	return true
}

// canEditGoal reports whether p may change the goal: anyone who sees it
// and may write in its workspace, except guests who neither own nor
// follow it and members whose access level is commenter or viewer
// (goal_members.go).
func (s *Server) canEditGoal(p *principal, g *Goal) bool {
	if !s.canSeeGoal(p, g) || !s.canWrite(p, g.WorkspaceGID) {
		return false
	}
	if !p.serviceAccount() && !s.st.goalMemberMayEdit(g, p.user.GID) {
		return false
	}
	return !s.isGuest(p, g.WorkspaceGID) || g.OwnerGID == p.user.GID || slices.Contains(g.FollowerGIDs, p.user.GID)
}

// goalParam resolves a goal the caller can see.
func (rq *request) goalParam(param, gid string) (*Goal, error) {
	return resolve(param, gid, goals(rq.st).goals.get, func(g *Goal) bool { return rq.s.canSeeGoal(rq.p, g) })
}

func (rq *request) pathGoal() (*Goal, error) {
	return rq.goalParam("goal", rq.r.PathValue("goal_gid"))
}

// editableGoal is pathGoal for writes.
func (rq *request) editableGoal() (*Goal, error) {
	g, err := rq.pathGoal()
	if err == nil && !rq.s.canEditGoal(rq.p, g) {
		err = forbidden("You do not have permission to edit this goal")
	}
	return g, err
}

func (s *Server) getGoal(rq *request) reply {
	g, err := rq.pathGoal()
	if err != nil {
		return rq.fail(err)
	}
	return rq.one(s.kinds.goal, g)
}

// createGoal creates a goal in the body's workspace, owned and followed
// by the caller unless owner and followers say otherwise.
func (s *Server) createGoal(rq *request) reply {
	b, err := rq.body()
	if err != nil {
		return rq.fail(err)
	}
	wsGID, err := b.gid("workspace", true)
	if err != nil {
		return rq.fail(err)
	}
	ws, err := rq.workspaceParam("workspace", wsGID)
	if err != nil {
		return rq.fail(err)
	}
	if !s.canWrite(rq.p, ws.GID) || s.isGuest(rq.p, ws.GID) {
		return rq.fail(forbidden("You do not have permission to create goals in this workspace"))
	}
	g := &Goal{WorkspaceGID: ws.GID, OwnerGID: rq.p.user.GID, CreatedAt: rq.now, ModifiedAt: rq.now}
	if err := rq.goalFields(b, g, ws, true); err != nil {
		return rq.fail(err)
	}
	followers, err := rq.bodyUsers("followers", false)
	if err != nil {
		return rq.fail(err)
	}
	g.FollowerGIDs = []string{rq.p.user.GID}
	for _, u := range followers {
		if !rq.st.activeMember(ws.GID, u.GID) {
			return rq.fail(badRequest("followers", "Not a member of the workspace: %s", u.GID))
		}
		g.FollowerGIDs = appendUnique(g.FollowerGIDs, u.GID)
	}
	if g.OwnerGID != "" {
		g.FollowerGIDs = appendUnique(g.FollowerGIDs, g.OwnerGID)
	}
	goals(rq.st).insert(rq.st, g)
	return rq.created(s.kinds.goal, g, "/goals/"+g.GID)
}

func (s *Server) updateGoal(rq *request) reply {
	g, err := rq.editableGoal()
	if err != nil {
		return rq.fail(err)
	}
	b, err := rq.body()
	if err != nil {
		return rq.fail(err)
	}
	if b.has("workspace") {
		if wsGID, err := b.gid("workspace", true); err != nil || wsGID != g.WorkspaceGID {
			return rq.fail(firstErr(err, badRequest("workspace", "A goal cannot move to another workspace")))
		}
	}
	next := g.clone()
	if err := rq.goalFields(b, &next, rq.st.workspaces.get(g.WorkspaceGID), false); err != nil {
		return rq.fail(err)
	}
	if b.has("status") {
		v, err := b.str("status", false)
		if err != nil {
			return rq.fail(err)
		}
		if v != "" && !slices.Contains(goalStatuses, v) {
			return rq.fail(badRequest("status", "Not a valid enum value: %q", v))
		}
		if next.Metric == nil {
			return rq.fail(badRequest("status", "You can only set the status of a goal with a metric"))
		}
		next.Status = v
	}
	if next.OwnerGID != "" {
		next.FollowerGIDs = appendUnique(next.FollowerGIDs, next.OwnerGID)
	}
	goals(rq.st).setTeam(g, next.TeamGID)
	next.ModifiedAt = rq.now
	*g = next
	return rq.one(s.kinds.goal, g)
}

func (s *Server) deleteGoal(rq *request) reply {
	g, err := rq.editableGoal()
	if err != nil {
		return rq.fail(err)
	}
	goals(rq.st).remove(rq.st, g)
	return rq.empty()
}

// getGoals lists goals by workspace, team, or the project, task or
// portfolio that supports them (at least one is required; several
// intersect), then by is_workspace_level and time_periods.
func (s *Server) getGoals(rq *request) reply {
	gs := goals(rq.st)
	var base []string
	var keeps []func(*Goal) bool
	wsGID, err := rq.queryGID("workspace", false)
	if err != nil {
		return rq.fail(err)
	}
	if wsGID != "" {
		if _, err := rq.workspaceParam("workspace", wsGID); err != nil {
			return rq.fail(err)
		}
		base = gs.byWS[wsGID]
		keeps = append(keeps, func(g *Goal) bool { return g.WorkspaceGID == wsGID })
	}
	teamGID, err := rq.queryGID("team", false)
	if err != nil {
		return rq.fail(err)
	}
	if teamGID != "" {
		if _, err := rq.teamParam("team", teamGID); err != nil {
			return rq.fail(err)
		}
		base = gs.byTeam[teamGID]
		keeps = append(keeps, func(g *Goal) bool { return g.TeamGID == teamGID })
	}
	for _, param := range []string{"project", "task", "portfolio"} {
		v, err := rq.queryGID(param, false)
		if err != nil {
			return rq.fail(err)
		}
		if v == "" {
			continue
		}
		if _, err := rq.supportingResource(param, v); err != nil {
			return rq.fail(err)
		}
		supported := gs.supportedGoals(v)
		base = supported
		keeps = append(keeps, func(g *Goal) bool { _, ok := slices.BinarySearchFunc(supported, g.GID, gidCompare); return ok })
	}
	if len(keeps) == 0 {
		return rq.fail(missingInput("workspace"))
	}
	if rq.query.Has("is_workspace_level") {
		if wsGID == "" {
			return rq.fail(badRequest("is_workspace_level", "Must be used with the workspace parameter"))
		}
		lvl, err := rq.queryBool("is_workspace_level", false)
		if err != nil {
			return rq.fail(err)
		}
		keeps = append(keeps, func(g *Goal) bool { return g.IsWorkspaceLevel == lvl })
	}
	if periods := rq.queryList("time_periods"); len(periods) > 0 {
		for _, pg := range periods {
			if _, err := rq.timePeriodParam("time_periods", pg); err != nil {
				return rq.fail(err)
			}
		}
		keeps = append(keeps, func(g *Goal) bool { return slices.Contains(periods, g.TimePeriodGID) })
	}
	p, err := rq.paginate(base, func(gid string) bool {
		g := gs.goals.get(gid)
		if g == nil || !s.canSeeGoal(rq.p, g) {
			return false
		}
		for _, keep := range keeps {
			if !keep(g) {
				return false
			}
		}
		return true
	})
	if err != nil {
		return rq.fail(err)
	}
	return rq.list(s.kinds.goal, p)
}

// goalFollowers serves addFollowers (add) and removeFollowers. Followers
// must be active members of the goal's workspace; the owner stays a
// follower.
func (s *Server) goalFollowers(add bool) handlerFunc {
	return func(rq *request) reply {
		g, err := rq.editableGoal()
		if err != nil {
			return rq.fail(err)
		}
		users, err := rq.bodyUsers("followers", true)
		if err != nil {
			return rq.fail(err)
		}
		next := slices.Clone(g.FollowerGIDs)
		for _, u := range users {
			switch {
			case !add:
				next = removeValue(next, u.GID)
			case !rq.st.activeMember(g.WorkspaceGID, u.GID):
				return rq.fail(badRequest("followers", "Not a member of the workspace: %s", u.GID))
			default:
				next = appendUnique(next, u.GID)
			}
		}
		g.FollowerGIDs = next
		g.ModifiedAt = rq.now
		return rq.one(s.kinds.goal, g)
	}
}

// getParentGoalsForGoal lists the goals this goal supports (not
// paginated: the spec has no limit).
func (s *Server) getParentGoalsForGoal(rq *request) reply {
	g, err := rq.pathGoal()
	if err != nil {
		return rq.fail(err)
	}
	gs := goals(rq.st)
	p, err := rq.paginateCapped(gs.supportedGoals(g.GID), func(gid string) bool {
		pg := gs.goals.get(gid)
		return pg != nil && s.canSeeGoal(rq.p, pg)
	})
	if err != nil {
		return rq.fail(err)
	}
	return rq.list(s.kinds.goal, p)
}

// addGoalKinds fills in the goal's projection; its metric's is in
// goal_metrics.go.
func (k *kinds) addGoalKinds() {
	k.goal = newKind("goal", []string{"resource_type", "name", "owner"},
		[]string{"resource_type", "name", "owner", "notes", "html_notes", "due_on", "start_on", "is_workspace_level",
			"liked", "likes", "num_likes", "team", "workspace", "followers", "time_period", "metric",
			"current_status_update", "status", "privacy_setting"},
		map[string]func(*view, *Goal) any{
			"gid":                func(_ *view, g *Goal) any { return g.GID },
			"name":               func(_ *view, g *Goal) any { return g.Name },
			"owner":              func(v *view, g *Goal) any { return v.refTo(v.kinds.user, g.OwnerGID) },
			"notes":              func(_ *view, g *Goal) any { return g.Notes },
			"html_notes":         func(_ *view, g *Goal) any { return htmlBody(g.Notes) },
			"due_on":             func(_ *view, g *Goal) any { return nullable(g.DueOn) },
			"start_on":           func(_ *view, g *Goal) any { return nullable(g.StartOn) },
			"is_workspace_level": func(_ *view, g *Goal) any { return g.IsWorkspaceLevel },
			"liked":              func(v *view, g *Goal) any { return v.viewer != "" && slices.Contains(g.LikedBy, v.viewer) },
			"likes":              func(v *view, g *Goal) any { return v.likes(g.LikedBy) },
			"num_likes":          func(_ *view, g *Goal) any { return len(g.LikedBy) },
			"team":               func(v *view, g *Goal) any { return v.refTo(v.kinds.team, g.TeamGID) },
			"workspace":          func(v *view, g *Goal) any { return v.refTo(v.kinds.workspace, g.WorkspaceGID) },
			"followers":          func(v *view, g *Goal) any { return v.refs(v.kinds.user, g.FollowerGIDs) },
			"time_period":        func(v *view, g *Goal) any { return v.refTo(v.kinds.timePeriod, g.TimePeriodGID) },
			"metric": func(v *view, g *Goal) any {
				if g.Metric == nil {
					return nil
				}
				return ref{k: v.kinds.goalMetric, rec: g}
			},
			"current_status_update": func(v *view, g *Goal) any { return v.currentStatusUpdate(g.GID) },
			"status":                func(_ *view, g *Goal) any { return nullable(g.Status) },
			"privacy_setting": func(_ *view, g *Goal) any {
				if g.PrivacySetting == "" {
					return GoalPublicToWorkspace
				}
				return g.PrivacySetting
			},
			// Asana's default for a new goal; the fake's goals do not keep one.
			"default_access_level": func(*view, *Goal) any { return "editor" },
		})
	storedIn(k.goal, func(st *state) *table[Goal] { return &goals(st).goals })
	// goalNamed is goal with an AsanaNamedResource compact form, for fields
	// the spec types so (a story's target, a status update's parent).
	gn := *k.goal
	gn.compact = []string{"resource_type", "name"}
	k.goalNamed = &gn
	k.addGoalMetricKind()
}
