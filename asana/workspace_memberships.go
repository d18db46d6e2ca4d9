package asana

import (
	"context"
	"iter"
)

// defaultWorkspaceMembershipFields are the fields a workspace membership
// list asks for when the caller names none: the member, the role flags and
// dates, so that a backup needs no GET per membership.
var defaultWorkspaceMembershipFields = []string{
	"user", "user.name", "user.email",
	"workspace", "workspace.name",
	"user_task_list", "user_task_list.name",
	"is_active", "is_admin", "is_guest", "is_view_only",
	"vacation_dates", "vacation_dates.start_on", "vacation_dates.end_on",
	"created_at",
}

// WorkspaceMembershipListOptions filters WorkspaceMemberships.ListForWorkspace.
type WorkspaceMembershipListOptions struct {
	// User keeps the membership of one user: a gid, an email address or "me".
	User string `url:"user,omitempty"`
	ListOptions
}

// Get returns the full record of a workspace membership.
//
// asana:operation GET /workspace_memberships/{workspace_membership_gid}
func (s *WorkspaceMembershipsService) Get(ctx context.Context, membershipGID string, opts *GetOptions) (*WorkspaceMembership, error) {
	r := routeTo("WorkspaceMemberships.Get", "/workspace_memberships/%s", "workspace membership gid", membershipGID)
	return getAt[WorkspaceMembership](ctx, s.client, r, opts)
}

// ListForUser returns an iterator over a user's workspace memberships; user
// is a gid, an email address or "me".
//
// asana:operation GET /users/{user_gid}/workspace_memberships
func (s *WorkspaceMembershipsService) ListForUser(ctx context.Context, user string, opts *ListOptions) iter.Seq2[WorkspaceMembership, error] {
	r := routeTo("WorkspaceMemberships.ListForUser", "/users/%s/workspace_memberships", "user", user)
	return listAt[WorkspaceMembership](ctx, s.client, r, opts, defaultWorkspaceMembershipFields)
}

// ListForUserPage returns one page of a user's workspace memberships;
// opts.Offset resumes from Page.NextOffset.
//
// asana:operation GET /users/{user_gid}/workspace_memberships
func (s *WorkspaceMembershipsService) ListForUserPage(ctx context.Context, user string, opts *ListOptions) (*Page[WorkspaceMembership], error) {
	r := routeTo("WorkspaceMemberships.ListForUserPage", "/users/%s/workspace_memberships", "user", user)
	return pageAt[WorkspaceMembership](ctx, s.client, r, opts, defaultWorkspaceMembershipFields)
}

// ListForWorkspace returns an iterator over the memberships of a workspace
// or organization, each with the member's role (IsAdmin, IsGuest) and
// whether the membership is active. Unlike GET /workspaces/{workspace_gid}/users
// it is paginated and has no 2,000 cap.
//
// asana:operation GET /workspaces/{workspace_gid}/workspace_memberships
func (s *WorkspaceMembershipsService) ListForWorkspace(ctx context.Context, workspaceGID string, opts *WorkspaceMembershipListOptions) iter.Seq2[WorkspaceMembership, error] {
	r := routeTo("WorkspaceMemberships.ListForWorkspace", "/workspaces/%s/workspace_memberships", "workspace gid", workspaceGID)
	return listAt[WorkspaceMembership](ctx, s.client, r, opts, defaultWorkspaceMembershipFields)
}

// ListForWorkspacePage returns one page of the memberships of a workspace;
// opts.Offset resumes from Page.NextOffset.
//
// asana:operation GET /workspaces/{workspace_gid}/workspace_memberships
func (s *WorkspaceMembershipsService) ListForWorkspacePage(ctx context.Context, workspaceGID string, opts *WorkspaceMembershipListOptions) (*Page[WorkspaceMembership], error) {
	r := routeTo("WorkspaceMemberships.ListForWorkspacePage", "/workspaces/%s/workspace_memberships", "workspace gid", workspaceGID)
	return pageAt[WorkspaceMembership](ctx, s.client, r, opts, defaultWorkspaceMembershipFields)
}
