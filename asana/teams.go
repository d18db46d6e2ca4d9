package asana

import ()

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
