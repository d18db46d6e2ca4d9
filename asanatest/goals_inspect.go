package asanatest

// Inspecting goal records: Goal is in goals_seed.go.

// GoalRelationship returns a copy of a stored goal relationship.
func (s *Server) GoalRelationship(gid string) (GoalRelationship, bool) {
	return get(s, func(st *state) *GoalRelationship { return goals(st).rels.get(gid) }, nil)
}

// StatusUpdate returns a copy of a stored status update (a project status
// is one too: the fake keeps one record for both APIs).
func (s *Server) StatusUpdate(gid string) (StatusUpdate, bool) {
	return get(s, func(st *state) *StatusUpdate { return statusUpdates(st).updates.get(gid) }, nil)
}

// TimePeriod returns a copy of a stored time period.
func (s *Server) TimePeriod(gid string) (TimePeriod, bool) {
	return get(s, func(st *state) *TimePeriod { return timePeriods(st).periods.get(gid) }, nil)
}
