package asana

import (
	"context"
	"iter"
)

// defaultTeamMembershipFields are the fields a team membership list asks
// for when the caller names none: member, team and role flags.
var defaultTeamMembershipFields = []string{
	"user", "user.name", "user.email",
	"team", "team.name",
	"is_guest", "is_limited_access", "is_admin",
}

// TeamMembershipListOptions filters TeamMemberships.List. Asana needs either
// Team, or User together with Workspace (User and Workspace go together);
// List checks this before sending anything.
type TeamMembershipListOptions struct {
	// Team keeps the memberships of one team.
	Team string `url:"team,omitempty"`
	// User keeps one user's memberships: a gid, an email address or "me".
	// It requires Workspace.
	User string `url:"user,omitempty"`
	// Workspace is the workspace of User's memberships. It requires User.
	Workspace string `url:"workspace,omitempty"`
	ListOptions
}

// validate reports a combination of filters that Asana rejects.
func (o *TeamMembershipListOptions) route(op string) route {
	r := routeTo(op, "/team_memberships")
	switch {
	case o == nil || (o.Team == "" && o.User == "" && o.Workspace == ""):
		r = r.fail("set Team, or User and Workspace")
	case o.User != "" && o.Workspace == "":
		r = r.fail("User needs Workspace")
	case o.Workspace != "" && o.User == "":
		r = r.fail("Workspace needs User")
	}
	return r
}

// Get returns the full record of a team membership.
//
// asana:operation GET /team_memberships/{team_membership_gid}
func (s *TeamMembershipsService) Get(ctx context.Context, membershipGID string, opts *GetOptions) (*TeamMembership, error) {
	r := routeTo("TeamMemberships.Get", "/team_memberships/%s", "team membership gid", membershipGID)
	return getAt[TeamMembership](ctx, s.client, r, opts)
}

// List returns an iterator over team memberships filtered by opts, which
// must set Team, or User and Workspace.
//
// asana:operation GET /team_memberships
func (s *TeamMembershipsService) List(ctx context.Context, opts *TeamMembershipListOptions) iter.Seq2[TeamMembership, error] {
	return listAt[TeamMembership](ctx, s.client, opts.route("TeamMemberships.List"), opts, defaultTeamMembershipFields)
}

// ListPage returns one page of team memberships filtered by opts;
// opts.Offset resumes from Page.NextOffset.
//
// asana:operation GET /team_memberships
func (s *TeamMembershipsService) ListPage(ctx context.Context, opts *TeamMembershipListOptions) (*Page[TeamMembership], error) {
	return pageAt[TeamMembership](ctx, s.client, opts.route("TeamMemberships.ListPage"), opts, defaultTeamMembershipFields)
}

// ListForTeam returns an iterator over the memberships of a team.
//
// asana:operation GET /teams/{team_gid}/team_memberships
func (s *TeamMembershipsService) ListForTeam(ctx context.Context, teamGID string, opts *ListOptions) iter.Seq2[TeamMembership, error] {
	r := routeTo("TeamMemberships.ListForTeam", "/teams/%s/team_memberships", "team gid", teamGID)
	return listAt[TeamMembership](ctx, s.client, r, opts, defaultTeamMembershipFields)
}

// ListForTeamPage returns one page of the memberships of a team;
// opts.Offset resumes from Page.NextOffset.
//
// asana:operation GET /teams/{team_gid}/team_memberships
func (s *TeamMembershipsService) ListForTeamPage(ctx context.Context, teamGID string, opts *ListOptions) (*Page[TeamMembership], error) {
	r := routeTo("TeamMemberships.ListForTeamPage", "/teams/%s/team_memberships", "team gid", teamGID)
	return pageAt[TeamMembership](ctx, s.client, r, opts, defaultTeamMembershipFields)
}

// ListForUser returns an iterator over a user's team memberships in a
// workspace; user is a gid, an email address or "me". Asana requires the
// workspace.
//
// asana:operation GET /users/{user_gid}/team_memberships
func (s *TeamMembershipsService) ListForUser(ctx context.Context, user, workspaceGID string, opts *ListOptions) iter.Seq2[TeamMembership, error] {
	r, q := teamMembershipsOfUser("TeamMemberships.ListForUser", user, workspaceGID, opts)
	return listAt[TeamMembership](ctx, s.client, r, q, defaultTeamMembershipFields)
}

// ListForUserPage returns one page of a user's team memberships in a
// workspace; opts.Offset resumes from Page.NextOffset.
//
// asana:operation GET /users/{user_gid}/team_memberships
func (s *TeamMembershipsService) ListForUserPage(ctx context.Context, user, workspaceGID string, opts *ListOptions) (*Page[TeamMembership], error) {
	r, q := teamMembershipsOfUser("TeamMemberships.ListForUserPage", user, workspaceGID, opts)
	return pageAt[TeamMembership](ctx, s.client, r, q, defaultTeamMembershipFields)
}

// teamMembershipsOfUser returns the route and query of
// GET /users/{user_gid}/team_memberships.
func teamMembershipsOfUser(op, user, workspaceGID string, opts *ListOptions) (route, any) {
	r := routeTo(op, "/users/%s/team_memberships", "user", user).require("workspace gid", workspaceGID)
	q := struct {
		Workspace string `url:"workspace"`
		ListOptions
	}{workspaceGID, orZero(opts)}
	return r, q
}
