package asanatest

import (
	"errors"
	"fmt"
	"slices"
)

// Seeding goals, their relationships and status updates (time periods:
// AddTimePeriod). Like the other Add methods they take a record with GID
// empty and return a copy of what was stored.

// AddGoal adds a goal to a workspace. In an organization a goal is
// workspace-level or has a team. The owner, when set, also follows it. A
// metric's empty Unit and ProgressSource mean none and manual.
func (s *Server) AddGoal(g Goal) (Goal, error) {
	if g.Name == "" {
		return Goal{}, errors.New("asanatest: goal needs a name")
	}
	if g.PrivacySetting != "" && g.PrivacySetting != GoalPublicToWorkspace && g.PrivacySetting != GoalMembersOnly {
		return Goal{}, fmt.Errorf("asanatest: unknown goal privacy setting %q", g.PrivacySetting)
	}
	if g.Status != "" && !slices.Contains(goalStatuses, g.Status) {
		return Goal{}, fmt.Errorf("asanatest: unknown goal status %q", g.Status)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ws := s.st.workspaces.get(g.WorkspaceGID)
	if ws == nil {
		return Goal{}, fmt.Errorf("asanatest: no workspace %q", g.WorkspaceGID)
	}
	if t := s.st.teams.get(g.TeamGID); g.TeamGID != "" && (t == nil || t.OrganizationGID != ws.GID) {
		return Goal{}, fmt.Errorf("asanatest: no team %s in workspace %s", g.TeamGID, ws.GID)
	}
	if ws.IsOrganization && g.TeamGID == "" && !g.IsWorkspaceLevel {
		return Goal{}, errors.New("asanatest: a goal in an organization is workspace-level or has a team")
	}
	if p := timePeriods(s.st).periods.get(g.TimePeriodGID); g.TimePeriodGID != "" && (p == nil || p.WorkspaceGID != ws.GID) {
		return Goal{}, fmt.Errorf("asanatest: no time period %s in workspace %s", g.TimePeriodGID, ws.GID)
	}
	for _, u := range slices.Concat([]string{g.OwnerGID}, g.FollowerGIDs, g.LikedBy) {
		if u != "" && s.st.users.get(u) == nil {
			return Goal{}, fmt.Errorf("asanatest: no user %s", u)
		}
	}
	g = g.clone()
	if m := g.Metric; m != nil {
		if err := normalizeMetric(m); err != nil {
			return Goal{}, err
		}
		m.GID = s.st.newGID()
	}
	if g.OwnerGID != "" {
		g.FollowerGIDs = appendUnique(g.FollowerGIDs, g.OwnerGID)
	}
	g.GID = s.st.newGID()
	g.CreatedAt = s.stamp(g.CreatedAt)
	if g.ModifiedAt.IsZero() {
		g.ModifiedAt = g.CreatedAt
	}
	goals(s.st).insert(s.st, &g)
	return g.clone(), nil
}

// normalizeMetric checks a seeded metric and fills in its defaults.
func normalizeMetric(m *GoalMetric) error {
	if m.Unit == "" {
		m.Unit = "none"
	}
	if m.ProgressSource == "" {
		m.ProgressSource = "manual"
	}
	switch {
	case !slices.Contains(metricUnits, m.Unit):
		return fmt.Errorf("asanatest: unknown metric unit %q", m.Unit)
	case !slices.Contains(metricProgressSources, m.ProgressSource):
		return fmt.Errorf("asanatest: unknown progress source %q", m.ProgressSource)
	case m.Precision < 0 || m.Precision > 6:
		return fmt.Errorf("asanatest: metric precision %d is not between 0 and 6", m.Precision)
	case m.Unit == "currency" && len(m.CurrencyCode) != 3:
		return errors.New("asanatest: a currency metric needs a three-letter currency code")
	}
	return nil
}

// AddGoalRelationship makes a goal, project, task or portfolio (SupportingGID)
// support a goal, at the end of the goal's relationships. SupportingType
// is found from the GID.
func (s *Server) AddGoalRelationship(r GoalRelationship) (GoalRelationship, error) {
	if r.ContributionWeight < 0 || r.ContributionWeight > 1 {
		return GoalRelationship{}, errors.New("asanatest: a contribution weight is between 0 and 1")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	gs := goals(s.st)
	g := gs.goals.get(r.SupportedGoalGID)
	if g == nil {
		return GoalRelationship{}, fmt.Errorf("asanatest: no goal %q", r.SupportedGoalGID)
	}
	var ws string
	switch {
	case gs.goals.get(r.SupportingGID) != nil:
		r.SupportingType, ws = "goal", gs.goals.get(r.SupportingGID).WorkspaceGID
		if gs.supports(g.GID, r.SupportingGID, 0) {
			return GoalRelationship{}, errors.New("asanatest: a goal cannot support itself or a goal that supports it")
		}
	case s.st.projects.get(r.SupportingGID) != nil:
		r.SupportingType, ws = "project", s.st.projects.get(r.SupportingGID).WorkspaceGID
	case s.st.liveTask(r.SupportingGID) != nil:
		r.SupportingType, ws = "task", s.st.liveTask(r.SupportingGID).WorkspaceGID
	case portfolios(s.st).portfolios.get(r.SupportingGID) != nil:
		r.SupportingType, ws = "portfolio", portfolios(s.st).portfolios.get(r.SupportingGID).WorkspaceGID
	default:
		return GoalRelationship{}, fmt.Errorf("asanatest: no goal, project, task or portfolio %q", r.SupportingGID)
	}
	if ws != g.WorkspaceGID {
		return GoalRelationship{}, fmt.Errorf("asanatest: %s is not in the goal's workspace", r.SupportingGID)
	}
	if gs.relationship(g.GID, r.SupportingGID) != nil {
		return GoalRelationship{}, fmt.Errorf("asanatest: %s already supports goal %s", r.SupportingGID, g.GID)
	}
	r.GID = ""
	return *gs.insertRel(s.st, &r, -1), nil
}

// AddStatusUpdate posts a status update on a project, goal or portfolio (ParentType
// is found from ParentGID). StatusType must suit the parent; a goal's
// status follows its latest update.
func (s *Server) AddStatusUpdate(u StatusUpdate) (StatusUpdate, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case goals(s.st).goals.get(u.ParentGID) != nil:
		u.ParentType = "goal"
	case s.st.projects.get(u.ParentGID) != nil:
		u.ParentType = "project"
	case portfolios(s.st).portfolios.get(u.ParentGID) != nil:
		u.ParentType = "portfolio"
	default:
		return StatusUpdate{}, fmt.Errorf("asanatest: no project, goal or portfolio %q", u.ParentGID)
	}
	if !slices.Contains(statusTypesFor(u.ParentType), u.StatusType) {
		return StatusUpdate{}, fmt.Errorf("asanatest: status type %q does not suit a %s", u.StatusType, u.ParentType)
	}
	if s.st.users.get(u.AuthorGID) == nil {
		return StatusUpdate{}, fmt.Errorf("asanatest: no user %q", u.AuthorGID)
	}
	u.GID = ""
	u.CreatedAt = s.stamp(u.CreatedAt)
	if u.ModifiedAt.IsZero() {
		u.ModifiedAt = u.CreatedAt
	}
	ss := statusUpdates(s.st)
	if l := ss.latest(u.ParentGID); l != nil && u.CreatedAt.Before(l.CreatedAt) {
		return StatusUpdate{}, errors.New("asanatest: status updates of a parent are added in time order")
	}
	ss.insert(s.st, &u)
	if g := goals(s.st).goals.get(u.ParentGID); g != nil {
		g.Status = goalStatusOf[u.StatusType]
	}
	return u, nil
}

// Goal returns a copy of a stored goal.
func (s *Server) Goal(gid string) (Goal, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	g := goals(s.st).goals.get(gid)
	if g == nil {
		return Goal{}, false
	}
	return g.clone(), true
}

// AddGoalStory adds a comment to a goal (Story.GoalGID; TaskGID must be
// empty).
func (s *Server) AddGoalStory(st Story) (Story, error) {
	if st.TaskGID != "" {
		return Story{}, errors.New("asanatest: a goal story has no task")
	}
	if sub := storySubtype(&st); sub != "comment_added" {
		return Story{}, fmt.Errorf("asanatest: the fake keeps only comments on goals, not %q", sub)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if goals(s.st).goals.get(st.GoalGID) == nil {
		return Story{}, fmt.Errorf("asanatest: no goal %q", st.GoalGID)
	}
	if st.CreatedByGID != "" && s.st.users.get(st.CreatedByGID) == nil {
		return Story{}, fmt.Errorf("asanatest: no user %s", st.CreatedByGID)
	}
	st.GID = ""
	st.CreatedAt = s.stamp(st.CreatedAt)
	goals(s.st).insertStory(s.st, &st)
	return st, nil
}
