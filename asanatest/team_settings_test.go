package asanatest

import "testing"

func TestTeamSettings(t *testing.T) {
	f := newFixture(t)
	path := "/teams/" + f.public.GID
	read := func(field string) any {
		t.Helper()
		code, _, doc := call(t, f.s, f.saTok, "GET", path+"?opt_fields="+field, "")
		if code != 200 {
			t.Fatalf("GET: %d %v", code, doc)
		}
		return doc["data"].(map[string]any)[field]
	}
	if got := read("guest_invite_management_access_level"); got != "all_team_members" {
		t.Errorf("default: %v", got)
	}
	if got := read("team_content_management_access_level"); got != "no_restriction" {
		t.Errorf("default content: %v", got)
	}
	tests := []struct {
		name, token, body string
		code              int
	}{
		{"service account", f.saTok, `{"data":{"guest_invite_management_access_level":"only_team_admins","visibility":"secret"}}`, 200},
		{"bad value", f.saTok, `{"data":{"guest_invite_management_access_level":"everyone"}}`, 400},
		{"content value of another field", f.saTok, `{"data":{"member_invite_management_access_level":"no_restriction"}}`, 400},
		{"not a string", f.saTok, `{"data":{"team_member_removal_access_level":1}}`, 400},
		{"outsider", f.outsiderTok, `{"data":{"team_member_removal_access_level":"only_team_admins"}}`, 403},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if code, _, doc := call(t, f.s, tt.token, "PUT", path, tt.body); code != tt.code {
				t.Errorf("PUT: %d, want %d: %v", code, tt.code, doc)
			}
		})
	}
	if got := read("guest_invite_management_access_level"); got != "only_team_admins" {
		t.Errorf("after update: %v", got)
	}
	if got := read("team_member_removal_access_level"); got != "all_team_members" {
		t.Errorf("a refused update changed the team: %v", got)
	}
	code, _, doc := call(t, f.s, f.saTok, "POST", "/teams",
		`{"data":{"name":"New","organization":"`+f.org.GID+`","join_request_management_access_level":"only_team_admins"}}`)
	if code != 201 {
		t.Fatalf("POST: %d %v", code, doc)
	}
}
