package serviceaccounts

import (
	"fmt"
	"slices"
	"strings"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/internal/safeyaml"
)

// TeamSettings are the settings of a team a policy can require; an empty
// field is not checked. Visibility is "secret", "request_to_join" or
// "public"; every access level is "all_team_members" or
// "only_team_admins" ("no_restriction" or "only_team_admins" for
// ContentManagement), the API's values.
type TeamSettings struct {
	Visibility string `yaml:"visibility,omitempty" json:"visibility,omitempty"`
	// MemberInvites is who may invite members
	// (member_invite_management_access_level).
	MemberInvites string `yaml:"member_invites,omitempty" json:"member_invites,omitempty"`
	// GuestInvites is who may invite guests
	// (guest_invite_management_access_level).
	GuestInvites string `yaml:"guest_invites,omitempty" json:"guest_invites,omitempty"`
	// JoinRequests is who may accept requests to join
	// (join_request_management_access_level).
	JoinRequests string `yaml:"join_requests,omitempty" json:"join_requests,omitempty"`
	// MemberRemoval is who may remove members
	// (team_member_removal_access_level).
	MemberRemoval string `yaml:"member_removal,omitempty" json:"member_removal,omitempty"`
	// EditNameOrDescription, EditVisibilityOrTrash and ContentManagement
	// are the remaining access levels of the API
	// (edit_team_name_or_description_access_level,
	// edit_team_visibility_or_trash_team_access_level,
	// team_content_management_access_level).
	EditNameOrDescription string `yaml:"edit_name_or_description,omitempty" json:"edit_name_or_description,omitempty"`
	EditVisibilityOrTrash string `yaml:"edit_visibility_or_trash,omitempty" json:"edit_visibility_or_trash,omitempty"`
	ContentManagement     string `yaml:"content_management,omitempty" json:"content_management,omitempty"`
}

// teamSettingFields are the opt_fields that read a team's settings.
var teamSettingFields = []string{"name", "visibility", "member_invite_management_access_level",
	"guest_invite_management_access_level", "join_request_management_access_level",
	"team_member_removal_access_level", "edit_team_name_or_description_access_level",
	"edit_team_visibility_or_trash_team_access_level", "team_content_management_access_level"}

// setting is one field of TeamSettings with its API name and the team's
// value.
type setting struct {
	name, api string
	want      *string
	have      func(*asana.Team) string
}

func (s *TeamSettings) settings() []setting {
	return []setting{
		{"visibility", "visibility", &s.Visibility, func(t *asana.Team) string { return t.Visibility }},
		{"member_invites", "member_invite_management_access_level", &s.MemberInvites, func(t *asana.Team) string { return t.MemberInviteManagementAccessLevel }},
		{"guest_invites", "guest_invite_management_access_level", &s.GuestInvites, func(t *asana.Team) string { return t.GuestInviteManagementAccessLevel }},
		{"join_requests", "join_request_management_access_level", &s.JoinRequests, func(t *asana.Team) string { return t.JoinRequestManagementAccessLevel }},
		{"member_removal", "team_member_removal_access_level", &s.MemberRemoval, func(t *asana.Team) string { return t.TeamMemberRemovalAccessLevel }},
		{"edit_name_or_description", "edit_team_name_or_description_access_level", &s.EditNameOrDescription, func(t *asana.Team) string { return t.EditTeamNameOrDescriptionAccessLevel }},
		{"edit_visibility_or_trash", "edit_team_visibility_or_trash_team_access_level", &s.EditVisibilityOrTrash, func(t *asana.Team) string { return t.EditTeamVisibilityOrTrashTeamAccessLevel }},
		{"content_management", "team_content_management_access_level", &s.ContentManagement, func(t *asana.Team) string { return t.TeamContentManagementAccessLevel }},
	}
}

func (s *TeamSettings) empty() bool {
	return !slices.ContainsFunc(s.settings(), func(x setting) bool { return *x.want != "" })
}

// String lists the settings as "visibility=secret, guest_invites=only_team_admins".
func (s *TeamSettings) String() string {
	if s == nil {
		return ""
	}
	var out []string
	for _, x := range s.settings() {
		if *x.want != "" {
			out = append(out, x.name+"="+*x.want)
		}
	}
	return strings.Join(out, ", ")
}

// validate checks the values; path prefixes the field in errors.
func (s *TeamSettings) validate(path string) error {
	for _, x := range s.settings() {
		v := *x.want
		ok := v == ""
		if x.name == "visibility" {
			ok = ok || v == "secret" || v == "request_to_join" || v == "public"
		} else {
			ok = ok || v == "only_team_admins" || v == "all_team_members" && x.name != "content_management" || v == "no_restriction" && x.name == "content_management"
		}
		if !ok {
			return fieldErrorf(path+"."+x.name, "not a valid value: %s", safeyaml.Quote(v))
		}
	}
	return nil
}

// diff returns the settings of s that t does not have, nil if none.
func (s *TeamSettings) diff(t *asana.Team) *TeamSettings {
	out := &TeamSettings{}
	o := out.settings()
	for i, x := range s.settings() {
		if *x.want != "" && *x.want != x.have(t) {
			*o[i].want = *x.want
		}
	}
	if out.empty() {
		return nil
	}
	return out
}

// was describes t's current values of the settings s names.
func (s *TeamSettings) was(t *asana.Team) string {
	var out []string
	for _, x := range s.settings() {
		if *x.want != "" {
			h := x.have(t)
			if h == "" {
				h = "unset"
			}
			out = append(out, fmt.Sprintf("%s is %s", x.name, h))
		}
	}
	return strings.Join(out, ", ")
}

// matches reports whether t has every setting s names.
func (s *TeamSettings) matches(t *asana.Team) bool { return s.diff(t) == nil }

// request is the update that sets s.
func (s *TeamSettings) request() *asana.TeamUpdateRequest {
	r := &asana.TeamUpdateRequest{}
	opt := func(v string) *string {
		if v == "" {
			return nil
		}
		return asana.Ptr(v)
	}
	r.Visibility = opt(s.Visibility)
	r.MemberInviteManagementAccessLevel = opt(s.MemberInvites)
	r.GuestInviteManagementAccessLevel = opt(s.GuestInvites)
	r.JoinRequestManagementAccessLevel = opt(s.JoinRequests)
	r.TeamMemberRemovalAccessLevel = opt(s.MemberRemoval)
	r.EditTeamNameOrDescriptionAccessLevel = opt(s.EditNameOrDescription)
	r.EditTeamVisibilityOrTrashTeamAccessLevel = opt(s.EditVisibilityOrTrash)
	r.TeamContentManagementAccessLevel = opt(s.ContentManagement)
	return r
}
