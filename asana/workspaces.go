package asana

import (
	"context"
	"errors"
	"fmt"
	"iter"
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

// List returns an iterator over the workspaces and organizations the token's
// user can see.
//
// asana:operation GET /workspaces
func (s *WorkspacesService) List(ctx context.Context, opts *ListOptions) iter.Seq2[Workspace, error] {
	return s.list(opts).all(ctx, s.client)
}

// ListPage returns one page of the workspaces the token's user can see;
// opts.Offset resumes from Page.NextOffset.
//
// asana:operation GET /workspaces
func (s *WorkspacesService) ListPage(ctx context.Context, opts *ListOptions) (*Page[Workspace], error) {
	return s.list(opts).page(ctx, s.client)
}

func (s *WorkspacesService) list(opts *ListOptions) listCall[Workspace] {
	return listCall[Workspace]{path: "/workspaces", query: orZero(opts), fields: defaultWorkspaceFields}
}

// Get returns the full record of a workspace or organization.
//
// asana:operation GET /workspaces/{workspace_gid}
func (s *WorkspacesService) Get(ctx context.Context, workspaceGID string, opts *GetOptions) (*Workspace, error) {
	if err := checkArgs("Workspaces.Get", "workspace gid", workspaceGID); err != nil {
		return nil, err
	}
	return get[Workspace](ctx, s.client, pathf("/workspaces/%s", workspaceGID), opts)
}

// Update changes a workspace (today only its name) and returns the updated
// record; opts selects its fields.
//
// asana:operation PUT /workspaces/{workspace_gid}
func (s *WorkspacesService) Update(ctx context.Context, workspaceGID string, req *WorkspaceUpdateRequest, opts *GetOptions) (*Workspace, error) {
	if err := checkArgs("Workspaces.Update", "workspace gid", workspaceGID); err != nil {
		return nil, err
	}
	if req == nil {
		return nil, errors.New("asana: Workspaces.Update: nil request")
	}
	return sendJSON[Workspace](ctx, s.client, "PUT", pathf("/workspaces/%s", workspaceGID), opts, req)
}

// AddUser adds a user to a workspace or organization and returns the
// invited user's record. user is a user gid or an email address.
//
// asana:operation POST /workspaces/{workspace_gid}/addUser
func (s *WorkspacesService) AddUser(ctx context.Context, workspaceGID, user string, opts *GetOptions) (*User, error) {
	if err := checkArgs("Workspaces.AddUser", "workspace gid", workspaceGID, "user", user); err != nil {
		return nil, err
	}
	return sendJSON[User](ctx, s.client, "POST", pathf("/workspaces/%s/addUser", workspaceGID), opts, userParam{User: user})
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
	if err := checkArgs("Workspaces.RemoveUser", "workspace gid", workspaceGID, "user", user); err != nil {
		return err
	}
	_, err := s.client.Do(ctx, &Request{Method: "POST", Path: pathf("/workspaces/%s/removeUser", workspaceGID), Body: userParam{User: user}}, nil)
	return err
}

// The helpers below are shared by the workspace, user, membership, team, job
// and export services.

// listCall is a prepared list request: both the iterator and the page form
// of a list method build one, so that they validate and encode alike.
type listCall[T any] struct {
	path   string
	query  any
	fields []string // default opt_fields
	err    error    // a validation error, reported instead of any request
}

// all returns an iterator over every item of the list.
func (l listCall[T]) all(ctx context.Context, c *Client) iter.Seq2[T, error] {
	if l.err != nil {
		return func(yield func(T, error) bool) {
			var zero T
			yield(zero, l.err)
		}
	}
	return listAll[T](ctx, c, l.path, l.query, l.fields)
}

// page returns one page of the list.
func (l listCall[T]) page(ctx context.Context, c *Client) (*Page[T], error) {
	if l.err != nil {
		return nil, l.err
	}
	return listPage[T](ctx, c, l.path, l.query, l.fields)
}

// failedList is a listCall that reports err.
func failedList[T any](err error) listCall[T] { return listCall[T]{err: err} }

// checkArgs takes name/value pairs of required identifiers (gids, user
// gids, emails or "me") and returns an error naming op and the first bad
// one, so that a bad call fails before any request:
// "asana: Teams.Get: empty team gid". "." and ".." are rejected too: in a
// path they would be dot segments that servers and proxies resolve to
// another endpoint.
func checkArgs(op string, nameValues ...string) error {
	for i := 0; i+1 < len(nameValues); i += 2 {
		switch v := nameValues[i+1]; v {
		case "":
			return fmt.Errorf("asana: %s: empty %s", op, nameValues[i])
		case ".", "..":
			return fmt.Errorf("asana: %s: invalid %s %q", op, nameValues[i], v)
		}
	}
	return nil
}

// orZero returns *p, or the zero value for nil. Options structs embed
// ListOptions by value because go-querystring encodes a nil embedded pointer
// as a stray parameter.
func orZero[T any](p *T) T {
	if p == nil {
		var zero T
		return zero
	}
	return *p
}
