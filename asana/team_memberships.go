package asana

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

// check adds to r a combination of filters that Asana rejects.
func (o *TeamMembershipListOptions) check(r route) route {
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
