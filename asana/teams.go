package asana

import (
	"context"
	"errors"
	"iter"
)

// defaultTeamFields are the fields a team list asks for when the caller
// names none: every field of a team except its custom field settings.
var defaultTeamFields = []string{
	"name", "description", "html_description",
	"organization", "organization.name",
	"permalink_url", "visibility", "endorsed",
	"edit_team_name_or_description_access_level",
	"edit_team_visibility_or_trash_team_access_level",
	"member_invite_management_access_level",
	"guest_invite_management_access_level",
	"join_request_management_access_level",
	"team_member_removal_access_level",
	"team_content_management_access_level",
}

// Team visibilities.
const (
	TeamVisibilitySecret        = "secret"
	TeamVisibilityRequestToJoin = "request_to_join"
	TeamVisibilityPublic        = "public"
)

// Team access levels, for TeamAccessLevels and TeamUpdateRequest.
const (
	AccessAllTeamMembers = "all_team_members"
	AccessOnlyTeamAdmins = "only_team_admins"
	// AccessNoRestriction is a value of TeamContentManagementAccessLevel only.
	AccessNoRestriction = "no_restriction"
)

// TeamCreateRequest is the body of Teams.Create. Name and Organization are
// required; other fields are sent only when set.
type TeamCreateRequest struct {
	Name string `json:"name"`
	// Organization is the gid of the organization the team belongs to.
	Organization    string `json:"organization"`
	Description     string `json:"description,omitempty"`
	HTMLDescription string `json:"html_description,omitempty"`
	// Visibility is one of the TeamVisibility constants.
	Visibility string `json:"visibility,omitempty"`
	Endorsed   bool   `json:"endorsed,omitempty"`

	TeamAccessLevels
}

// TeamUpdateRequest is the body of Teams.Update. Only non-nil fields are
// sent, so Ptr(false) or Ptr("") change a value to its zero.
type TeamUpdateRequest struct {
	Name            *string `json:"name,omitempty"`
	Description     *string `json:"description,omitempty"`
	HTMLDescription *string `json:"html_description,omitempty"`
	// Organization is the team's organization gid, a field of the spec's
	// request body for updates too.
	Organization *string `json:"organization,omitempty"`
	Visibility   *string `json:"visibility,omitempty"`
	Endorsed     *bool   `json:"endorsed,omitempty"`

	EditTeamNameOrDescriptionAccessLevel     *string `json:"edit_team_name_or_description_access_level,omitempty"`
	EditTeamVisibilityOrTrashTeamAccessLevel *string `json:"edit_team_visibility_or_trash_team_access_level,omitempty"`
	MemberInviteManagementAccessLevel        *string `json:"member_invite_management_access_level,omitempty"`
	GuestInviteManagementAccessLevel         *string `json:"guest_invite_management_access_level,omitempty"`
	JoinRequestManagementAccessLevel         *string `json:"join_request_management_access_level,omitempty"`
	TeamMemberRemovalAccessLevel             *string `json:"team_member_removal_access_level,omitempty"`
	TeamContentManagementAccessLevel         *string `json:"team_content_management_access_level,omitempty"`
}

// Create creates a team in an organization and returns it; opts selects the
// fields of the answer.
//
// asana:operation POST /teams
func (s *TeamsService) Create(ctx context.Context, req *TeamCreateRequest, opts *GetOptions) (*Team, error) {
	if req == nil {
		return nil, errors.New("asana: Teams.Create: nil request")
	}
	if req.Name == "" {
		return nil, errors.New("asana: Teams.Create: empty name")
	}
	if err := checkArgs("Teams.Create", "organization", req.Organization); err != nil {
		return nil, err
	}
	return sendJSON[Team](ctx, s.client, "POST", "/teams", opts, req)
}

// Get returns the full record of a team.
//
// asana:operation GET /teams/{team_gid}
func (s *TeamsService) Get(ctx context.Context, teamGID string, opts *GetOptions) (*Team, error) {
	if err := checkArgs("Teams.Get", "team gid", teamGID); err != nil {
		return nil, err
	}
	return get[Team](ctx, s.client, pathf("/teams/%s", teamGID), opts)
}

// Update changes the fields of a team that req sets and returns the
// updated team.
//
// asana:operation PUT /teams/{team_gid}
func (s *TeamsService) Update(ctx context.Context, teamGID string, req *TeamUpdateRequest, opts *GetOptions) (*Team, error) {
	if err := checkArgs("Teams.Update", "team gid", teamGID); err != nil {
		return nil, err
	}
	if req == nil {
		return nil, errors.New("asana: Teams.Update: nil request")
	}
	return sendJSON[Team](ctx, s.client, "PUT", pathf("/teams/%s", teamGID), opts, req)
}

// ListForWorkspace returns an iterator over the teams of an organization
// that the token's user can see.
//
// asana:operation GET /workspaces/{workspace_gid}/teams
func (s *TeamsService) ListForWorkspace(ctx context.Context, workspaceGID string, opts *ListOptions) iter.Seq2[Team, error] {
	return s.listForWorkspace(workspaceGID, opts).all(ctx, s.client)
}

// ListForWorkspacePage returns one page of the teams of an organization;
// opts.Offset resumes from Page.NextOffset.
//
// asana:operation GET /workspaces/{workspace_gid}/teams
func (s *TeamsService) ListForWorkspacePage(ctx context.Context, workspaceGID string, opts *ListOptions) (*Page[Team], error) {
	return s.listForWorkspace(workspaceGID, opts).page(ctx, s.client)
}

func (s *TeamsService) listForWorkspace(workspaceGID string, opts *ListOptions) listCall[Team] {
	if err := checkArgs("Teams.ListForWorkspace", "workspace gid", workspaceGID); err != nil {
		return failedList[Team](err)
	}
	return listCall[Team]{path: pathf("/workspaces/%s/teams", workspaceGID), query: orZero(opts), fields: defaultTeamFields}
}

// ListForUser returns an iterator over the teams of organizationGID that a
// user (gid, email address or "me") belongs to. Asana requires the
// organization.
//
// asana:operation GET /users/{user_gid}/teams
func (s *TeamsService) ListForUser(ctx context.Context, user, organizationGID string, opts *ListOptions) iter.Seq2[Team, error] {
	return s.listForUser(user, organizationGID, opts).all(ctx, s.client)
}

// ListForUserPage returns one page of a user's teams in an organization;
// opts.Offset resumes from Page.NextOffset.
//
// asana:operation GET /users/{user_gid}/teams
func (s *TeamsService) ListForUserPage(ctx context.Context, user, organizationGID string, opts *ListOptions) (*Page[Team], error) {
	return s.listForUser(user, organizationGID, opts).page(ctx, s.client)
}

func (s *TeamsService) listForUser(user, organizationGID string, opts *ListOptions) listCall[Team] {
	if err := checkArgs("Teams.ListForUser", "user", user, "organization gid", organizationGID); err != nil {
		return failedList[Team](err)
	}
	q := struct {
		Organization string `url:"organization"`
		ListOptions
	}{organizationGID, orZero(opts)}
	return listCall[Team]{path: pathf("/users/%s/teams", user), query: q, fields: defaultTeamFields}
}

// AddUser adds a user (gid, email address or "me") to a team and returns the
// new team membership. The token's user must be a member of the team, and
// the user must belong to the team's organization.
//
// asana:operation POST /teams/{team_gid}/addUser
func (s *TeamsService) AddUser(ctx context.Context, teamGID, user string, opts *GetOptions) (*TeamMembership, error) {
	if err := checkArgs("Teams.AddUser", "team gid", teamGID, "user", user); err != nil {
		return nil, err
	}
	return sendJSON[TeamMembership](ctx, s.client, "POST", pathf("/teams/%s/addUser", teamGID), opts, userParam{User: user})
}

// RemoveUser removes a user (gid, email address or "me") from a team. The
// token's user must be a member of the team.
//
// asana:operation POST /teams/{team_gid}/removeUser
func (s *TeamsService) RemoveUser(ctx context.Context, teamGID, user string) error {
	if err := checkArgs("Teams.RemoveUser", "team gid", teamGID, "user", user); err != nil {
		return err
	}
	_, err := s.client.Do(ctx, &Request{Method: "POST", Path: pathf("/teams/%s/removeUser", teamGID), Body: userParam{User: user}}, nil)
	return err
}
