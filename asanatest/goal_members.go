package asanatest

import "slices"

// Goal memberships: a user's membership of a goal with an access level
// (the spec's goal_membership), served by /memberships (memberships.go).
//
// Guesses where Asana's docs are silent: the records are explicit (POST
// /memberships or SetAccessLevel); a goal's owner and followers need none
// and are not listed. A member sees the goal even when it is members_only;
// a commenter or viewer member who does not own it may not edit it. The
// spec's default for a new goal member is commenter.

// goalAccessLevels are the levels the spec allows on a goal.
var goalAccessLevels = []string{AccessViewer, AccessCommenter, AccessEditor, AccessAdmin}

// goalDefaultAccess is the level POST /memberships grants on a goal
// without access_level (the spec: "default to commenter for goals").
const goalDefaultAccess = AccessCommenter

// goalMemberLevel is the user's level on the goal; "" without a record.
func (st *state) goalMemberLevel(g *Goal, userGID string) string {
	return memberships(st).level(g.GID, userGID)
}

// goalMemberMayEdit reports whether a member's level lets them edit the
// goal: editors and admins, and the owner whatever their record says.
func (st *state) goalMemberMayEdit(g *Goal, userGID string) bool {
	l := st.goalMemberLevel(g, userGID)
	return l == "" || l == AccessEditor || l == AccessAdmin || g.OwnerGID == userGID
}

// accessLevelsFor are the levels the spec allows for a parent type.
func accessLevelsFor(parentType string) []string {
	switch parentType {
	case "portfolio":
		return portfolioAccessLevels
	case "goal":
		return goalAccessLevels
	}
	return projectAccessLevels
}

// setGoalAccessLevelLocked is SetAccessLevel for a goal.
func (s *Server) setGoalAccessLevelLocked(g *Goal, userGID, level string) (*Membership, bool) {
	if !slices.Contains(goalAccessLevels, level) {
		return nil, false
	}
	return memberships(s.st).insert(&Membership{ParentGID: g.GID, ParentType: "goal", UserGID: userGID, AccessLevel: level}), true
}
