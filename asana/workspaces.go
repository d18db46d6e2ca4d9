package asana

import (
	"context"
	"net/http"
)

// defaultWorkspaceFields are the fields a workspace list asks for when the
// caller names none: all of a workspace's own fields.
var defaultWorkspaceFields = []string{"name", "email_domains", "is_organization"}

// WorkspaceUpdateRequest is the body of Workspaces.Update. Only the fields
// that are set are sent.
type WorkspaceUpdateRequest struct {
	// Name is the workspace's new name.
	Name *string `json:"name,omitempty"`
}

// userParam is the body of the addUser and removeUser calls of workspaces
// and teams.
type userParam struct {
	User string `json:"user"`
}

// AddUser adds a user to a workspace or organization and returns the
// invited user's record. user is a user gid or an email address.
//
// asana:operation POST /workspaces/{workspace_gid}/addUser
func (s *WorkspacesService) AddUser(ctx context.Context, workspaceGID, user string, opts *GetOptions) (*User, error) {
	r := routeTo("Workspaces.AddUser", "/workspaces/%s/addUser", "workspace gid", workspaceGID).require("user", user)
	return sendAt[User](ctx, s.client, http.MethodPost, r, opts, userParam{User: user})
}

// RemoveUser removes a user (gid or email address) from a workspace or
// organization; the token's user must be an admin. With a service account
// token this deprovisions the user as SCIM's delete does, and ownership of
// their resources goes to the admin set in the Admin Console; with a
// personal access token it goes to the token's owner. Resources private to
// the user stay private: make them public first to keep access.
//
// asana:operation POST /workspaces/{workspace_gid}/removeUser
func (s *WorkspacesService) RemoveUser(ctx context.Context, workspaceGID, user string) error {
	r := routeTo("Workspaces.RemoveUser", "/workspaces/%s/removeUser", "workspace gid", workspaceGID).require("user", user)
	return doAt(ctx, s.client, http.MethodPost, r, userParam{User: user})
}
