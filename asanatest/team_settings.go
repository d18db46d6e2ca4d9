package asanatest

import "slices"

// Team settings: the access levels of a team (the spec's TeamResponse
// edit_team_name_or_description_access_level and its siblings), which say
// who of a team may rename it, invite members or guests, accept requests
// to join, remove members and manage its content. They are read with
// opt_fields and written with PUT /teams/{team_gid} (and POST /teams). A
// team that never set one answers the permissive value
// (all_team_members, or no_restriction for content), a guess where the
// spec is silent.
type teamSettingStore struct {
	// values maps a team GID to its settings by field name.
	values map[string]map[string]string
}

func newTeamSettingStore() any { return &teamSettingStore{values: map[string]map[string]string{}} }

// teamSettings are the setting fields with their values, the permissive
// one first.
var teamSettings = []struct {
	field  string
	values []string
}{
	{"edit_team_name_or_description_access_level", []string{"all_team_members", "only_team_admins"}},
	{"edit_team_visibility_or_trash_team_access_level", []string{"all_team_members", "only_team_admins"}},
	{"member_invite_management_access_level", []string{"all_team_members", "only_team_admins"}},
	{"guest_invite_management_access_level", []string{"all_team_members", "only_team_admins"}},
	{"join_request_management_access_level", []string{"all_team_members", "only_team_admins"}},
	{"team_member_removal_access_level", []string{"all_team_members", "only_team_admins"}},
	{"team_content_management_access_level", []string{"no_restriction", "only_team_admins"}},
}

// addTeamSettingFields lets the team kind render the settings.
func addTeamSettingFields(k *kind) {
	for _, ts := range teamSettings {
		k.fields[ts.field] = field(func(v *view, t *Team) any {
			if val := storeOf[teamSettingStore](v.st).values[t.GID][ts.field]; val != "" {
				return val
			}
			return ts.values[0]
		})
	}
}

// teamSettingsFrom reads the settings a write body sends, checked, without
// storing them.
func teamSettingsFrom(b *body) (map[string]string, error) {
	out := map[string]string{}
	for _, ts := range teamSettings {
		if !b.has(ts.field) {
			continue
		}
		v, err := b.str(ts.field, true)
		if err != nil {
			return nil, err
		}
		if !slices.Contains(ts.values, v) {
			return nil, badRequest(ts.field, "Not a valid enum value: %q", v)
		}
		out[ts.field] = v
	}
	return out, nil
}

// setTeamSettings stores settings read by teamSettingsFrom.
func (st *state) setTeamSettings(teamGID string, set map[string]string) {
	if len(set) == 0 {
		return
	}
	vals := storeOf[teamSettingStore](st).values
	if vals[teamGID] == nil {
		vals[teamGID] = map[string]string{}
	}
	for k, v := range set {
		vals[teamGID][k] = v
	}
}
