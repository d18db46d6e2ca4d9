package asana

import (
	"context"
)

// defaultUserFields are the fields a user list asks for when the caller
// names none: everything a backup keeps of a user except custom fields,
// which Asana fills in only for a request that names a workspace.
var defaultUserFields = []string{
	"name", "email",
	"photo", "photo.image_21x21", "photo.image_27x27", "photo.image_36x36",
	"photo.image_60x60", "photo.image_128x128", "photo.image_1024x1024",
	"workspaces", "workspaces.name",
}

// defaultFavoriteFields are the fields a favorites list asks for.
var defaultFavoriteFields = []string{"name", "resource_type"}

// UserListOptions filters Users.List. Both filters are optional; without
// them Asana lists the users of every workspace the token can see.
type UserListOptions struct {
	// Workspace keeps the users of one workspace or organization.
	Workspace string `url:"workspace,omitempty"`
	// Team keeps the members of one team.
	Team string `url:"team,omitempty"`
	ListOptions
}

// UserGetOptions are the options of Users.Get and Users.Update.
type UserGetOptions struct {
	// Workspace fills in the user's custom field values of that workspace.
	Workspace string `url:"workspace,omitempty"`
	GetOptions
}

// UserUpdateRequest is the body of Users.Update and Users.UpdateForWorkspace.
// Only the fields that are set are sent.
type UserUpdateRequest struct {
	// Name can be changed only by the user themself.
	Name *string `json:"name,omitempty"`
	// CustomFields maps custom field gids to values: text, a number, an
	// enum option gid, a date "YYYY-MM-DD" or whatever the field's type
	// takes. A nil value clears the field.
	CustomFields map[string]any `json:"custom_fields,omitempty"`
}

// Favorite resource types for Users.ListFavorites.
const (
	FavoritePortfolio       = "portfolio"
	FavoriteProject         = "project"
	FavoriteTag             = "tag"
	FavoriteTask            = "task"
	FavoriteUser            = "user"
	FavoriteProjectTemplate = "project_template"
)

// ListForWorkspace returns the List of every user of a workspace or
// organization.
//
// It pages through GET /users?workspace=, not GET
// /workspaces/{workspace_gid}/users: the latter has no limit parameter and
// silently stops at 2,000 users, which would truncate the member list (and
// any backup) of a large organization. Results are sorted by user gid, not
// alphabetically as the capped endpoint sorts them (which
// ListForWorkspaceCapped calls).
//
// asana:operation GET /users
func (s *UsersService) ListForWorkspace(ctx context.Context, workspaceGID string, opts *ListOptions) *List[User] {
	r, q := usersOf("Users.ListForWorkspace", workspaceGID, "", opts)
	return listAt[User](ctx, s.client, r, q, defaultUserFields)
}

// ListForTeam returns the List of every member of a team, guests and
// limited-access members included. workspaceGID is the team's organization
// (Team.Organization.GID).
//
// It pages through GET /users?workspace=&team=, not GET
// /teams/{team_gid}/users: the latter has no limit parameter and silently
// stops at 2,000 users (ListForTeamCapped calls it). Results are sorted by
// user gid.
//
// asana:operation GET /users
func (s *UsersService) ListForTeam(ctx context.Context, workspaceGID, teamGID string, opts *ListOptions) *List[User] {
	r, q := usersOf("Users.ListForTeam", workspaceGID, teamGID, opts)
	return listAt[User](ctx, s.client, r.require("team gid", teamGID), q, defaultUserFields)
}

// usersOf returns the route and query of the paginated GET /users that
// lists the members of a workspace, or of one of its teams when teamGID is
// set. The caller requires the team gid when it needs one.
func usersOf(op, workspaceGID, teamGID string, opts *ListOptions) (route, *UserListOptions) {
	r := routeTo(op, "/users").require("workspace gid", workspaceGID)
	return r, &UserListOptions{Workspace: workspaceGID, Team: teamGID, ListOptions: orZero(opts)}
}
