package asana

import (
	"context"
	"errors"
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
func (o *TeamMembershipListOptions) validate() error {
	switch {
	case o == nil || (o.Team == "" && o.User == "" && o.Workspace == ""):
		return errors.New("asana: TeamMemberships.List: set Team, or User and Workspace")
	case o.User != "" && o.Workspace == "":
		return errors.New("asana: TeamMemberships.List: User needs Workspace")
	case o.Workspace != "" && o.User == "":
		return errors.New("asana: TeamMemberships.List: Workspace needs User")
	}
	return nil
}

// Get returns the full record of a team membership.
//
// asana:operation GET /team_memberships/{team_membership_gid}
func (s *TeamMembershipsService) Get(ctx context.Context, membershipGID string, opts *GetOptions) (*TeamMembership, error) {
	if err := checkArgs("TeamMemberships.Get", "team membership gid", membershipGID); err != nil {
		return nil, err
	}
	return get[TeamMembership](ctx, s.client, pathf("/team_memberships/%s", membershipGID), opts)
}

// List returns an iterator over team memberships filtered by opts, which
// must set Team, or User and Workspace.
//
// asana:operation GET /team_memberships
func (s *TeamMembershipsService) List(ctx context.Context, opts *TeamMembershipListOptions) iter.Seq2[TeamMembership, error] {
	return s.list(opts).all(ctx, s.client)
}

// ListPage returns one page of team memberships filtered by opts;
// opts.Offset resumes from Page.NextOffset.
//
// asana:operation GET /team_memberships
func (s *TeamMembershipsService) ListPage(ctx context.Context, opts *TeamMembershipListOptions) (*Page[TeamMembership], error) {
	return s.list(opts).page(ctx, s.client)
}

func (s *TeamMembershipsService) list(opts *TeamMembershipListOptions) listCall[TeamMembership] {
	if err := opts.validate(); err != nil {
		return failedList[TeamMembership](err)
	}
	return listCall[TeamMembership]{path: "/team_memberships", query: *opts, fields: defaultTeamMembershipFields}
}

// ListForTeam returns an iterator over the memberships of a team.
//
// asana:operation GET /teams/{team_gid}/team_memberships
func (s *TeamMembershipsService) ListForTeam(ctx context.Context, teamGID string, opts *ListOptions) iter.Seq2[TeamMembership, error] {
	return s.listForTeam(teamGID, opts).all(ctx, s.client)
}

// ListForTeamPage returns one page of the memberships of a team;
// opts.Offset resumes from Page.NextOffset.
//
// asana:operation GET /teams/{team_gid}/team_memberships
func (s *TeamMembershipsService) ListForTeamPage(ctx context.Context, teamGID string, opts *ListOptions) (*Page[TeamMembership], error) {
	return s.listForTeam(teamGID, opts).page(ctx, s.client)
}

func (s *TeamMembershipsService) listForTeam(teamGID string, opts *ListOptions) listCall[TeamMembership] {
	if err := checkArgs("TeamMemberships.ListForTeam", "team gid", teamGID); err != nil {
		return failedList[TeamMembership](err)
	}
	return listCall[TeamMembership]{path: pathf("/teams/%s/team_memberships", teamGID), query: orZero(opts), fields: defaultTeamMembershipFields}
}

// ListForUser returns an iterator over a user's team memberships in a
// workspace; user is a gid, an email address or "me". Asana requires the
// workspace.
//
// asana:operation GET /users/{user_gid}/team_memberships
func (s *TeamMembershipsService) ListForUser(ctx context.Context, user, workspaceGID string, opts *ListOptions) iter.Seq2[TeamMembership, error] {
	return s.listForUser(user, workspaceGID, opts).all(ctx, s.client)
}

// ListForUserPage returns one page of a user's team memberships in a
// workspace; opts.Offset resumes from Page.NextOffset.
//
// asana:operation GET /users/{user_gid}/team_memberships
func (s *TeamMembershipsService) ListForUserPage(ctx context.Context, user, workspaceGID string, opts *ListOptions) (*Page[TeamMembership], error) {
	return s.listForUser(user, workspaceGID, opts).page(ctx, s.client)
}

func (s *TeamMembershipsService) listForUser(user, workspaceGID string, opts *ListOptions) listCall[TeamMembership] {
	if err := checkArgs("TeamMemberships.ListForUser", "user", user, "workspace gid", workspaceGID); err != nil {
		return failedList[TeamMembership](err)
	}
	q := struct {
		Workspace string `url:"workspace"`
		ListOptions
	}{workspaceGID, orZero(opts)}
	return listCall[TeamMembership]{path: pathf("/users/%s/team_memberships", user), query: q, fields: defaultTeamMembershipFields}
}
