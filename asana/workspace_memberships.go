package asana

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
