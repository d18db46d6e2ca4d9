package asanatest

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestTeamAndMembershipWrites(t *testing.T) {
	f := newFixture(t)
	s := f.s
	code, _, doc := call(t, s, f.memberTok, "POST", "/teams", `{"data":{"name":"Ops","organization":"`+f.org.GID+`","visibility":"secret"}}`)
	if code != 201 {
		t.Fatal(code, doc)
	}
	team := doc["data"].(map[string]any)["gid"].(string)
	if m, ok := s.TeamMembership(team, f.member.GID); !ok || !m.IsAdmin {
		t.Errorf("creator membership %+v %v", m, ok)
	}
	tests := []struct {
		name, tok, method, path, body string
		status                        int
		msg                           string
	}{
		{"rename", f.memberTok, "PUT", "/teams/" + team, `{"data":{"name":"Ops 2"}}`, 200, ""},
		{"bad visibility", f.memberTok, "PUT", "/teams/" + team, `{"data":{"visibility":"open"}}`, 400, `visibility: Not a valid enum value: "open"`},
		{"missing name", f.memberTok, "POST", "/teams", `{"data":{"organization":"` + f.org.GID + `"}}`, 400, "name: Missing input"},
		{"missing org", f.memberTok, "POST", "/teams", `{"data":{"name":"x"}}`, 400, "organization: Missing input"},
		{"invalid json", f.memberTok, "POST", "/teams", `{"data":`, 400, msgInvalidJSON},
		{"add by email", f.memberTok, "POST", "/teams/" + team + "/addUser", `{"data":{"user":"ada@acme.test"}}`, 200, ""},
		{"add outsider", f.memberTok, "POST", "/teams/" + team + "/addUser", `{"data":{"user":"` + f.outsider.GID + `"}}`, 403, ""},
		{"remove", f.memberTok, "POST", "/teams/" + team + "/removeUser", `{"data":{"user":"` + f.admin.GID + `"}}`, 200, ""},
		{"remove again", f.memberTok, "POST", "/teams/" + team + "/removeUser", `{"data":{"user":"` + f.admin.GID + `"}}`, 400, "user: Not a member of the team: " + f.admin.GID},
	}
	for _, tt := range tests {
		code, _, doc := call(t, s, tt.tok, tt.method, tt.path, tt.body)
		if code != tt.status || (tt.msg != "" && errMessage(doc) != tt.msg) {
			t.Errorf("%s: %d %q", tt.name, code, errMessage(doc))
		}
	}
	if tm, _ := s.Team(team); tm.Name != "Ops 2" || tm.Visibility != VisibilitySecret {
		t.Errorf("team after writes: %+v", tm)
	}
	if _, ok := s.TeamMembership(team, f.admin.GID); ok {
		t.Error("removed member still in team")
	}
}

func TestWorkspaceAddRemoveUser(t *testing.T) {
	f := newFixture(t)
	s := f.s
	code, _, doc := call(t, s, f.saTok, "POST", "/workspaces/"+f.org.GID+"/addUser", `{"data":{"user":"newbie@acme.test"}}`)
	if code != 200 || doc["data"].(map[string]any)["email"] != "newbie@acme.test" {
		t.Fatal(code, doc)
	}
	code, _, doc = call(t, s, f.saTok, "POST", "/workspaces/"+f.org.GID+"/removeUser", `{"data":{"user":"max@acme.test"}}`)
	if code != 200 || len(doc["data"].(map[string]any)) != 0 {
		t.Fatal(code, doc)
	}
	m, _ := s.WorkspaceMembership(f.org.GID, f.member.GID)
	if m.IsActive {
		t.Error("removed user still active")
	}
	if _, ok := s.TeamMembership(f.public.GID, f.member.GID); ok {
		t.Error("removed user still in a team")
	}
	// A deprovisioned user's token no longer sees the organization.
	if code, _, _ := call(t, s, f.memberTok, "GET", "/workspaces/"+f.org.GID, ""); code != http.StatusForbidden {
		t.Errorf("deprovisioned user: %d", code)
	}
}

func TestServiceAccountAdmin(t *testing.T) {
	f := newFixture(t)
	s := f.s
	if _, _, err := s.AddServiceAccount(f.other.GID, "nope"); err == nil {
		t.Error("service account in a non-Enterprise org")
	}
	if _, err := s.AddPersonalAccessToken(f.sa.GID); err == nil {
		t.Error("personal token for a service account")
	}
	if err := s.RenameServiceAccount(f.sa.GID, "Archiver"); err != nil {
		t.Fatal(err)
	}
	if err := s.RenameServiceAccount(f.member.GID, "x"); err == nil {
		t.Error("renamed a person as a service account")
	}
	_, _, doc := call(t, s, f.saTok, "GET", "/users/me?opt_fields=name,email", "")
	if d := doc["data"].(map[string]any); d["name"] != "Archiver" || d["email"] != serviceAccountEmail(f.sa.GID) {
		t.Errorf("renamed service account: %v", d)
	}
	sas, err := s.ServiceAccounts(f.org.GID)
	if err != nil || len(sas) != 1 || sas[0].Name != "Archiver" {
		t.Errorf("ServiceAccounts: %v %v", sas, err)
	}
	for _, tk := range s.Tokens(f.sa.GID) {
		if strings.Contains(tk.GID, "/") {
			t.Errorf("token metadata leaks a secret: %+v", tk)
		}
	}
}

// TestControlAPI drives the /_fake endpoints the standalone server offers.
func TestControlAPI(t *testing.T) {
	s := Must(New())
	defer s.Close()
	post := func(path, body string) map[string]any {
		t.Helper()
		code, doc := controlCall(t, s, path, body)
		if code != 200 {
			t.Fatalf("%s: %d %v", path, code, doc)
		}
		return doc["data"].(map[string]any)
	}
	org := post("/_fake/workspaces", `{"name":"Acme","is_organization":true,"enterprise":true}`)["gid"].(string)
	sa := post("/_fake/service_accounts", `{"organization":"`+org+`","name":"Bot"}`)
	tok := sa["token"].(string)
	post("/_fake/service_accounts/"+sa["gid"].(string)+"/rename", `{"name":"Bot 2"}`)
	post("/_fake/clock/advance", `{"duration":"90s"}`)
	if code, _, doc := call(t, s, tok, "GET", "/users/me", ""); code != 200 || doc["data"].(map[string]any)["name"] != "Bot 2" {
		t.Fatalf("%d %v", code, doc)
	}
	post("/_fake/faults", `{"route":"/users/{user_gid}","status":500,"times":1}`)
	if code, _, _ := call(t, s, tok, "GET", "/users/me", ""); code != 500 {
		t.Errorf("injected fault: %d", code)
	}
	post("/_fake/tokens/deauthorize", `{"token":"`+tok+`"}`)
	if code, _, _ := call(t, s, tok, "GET", "/users/me", ""); code != 401 {
		t.Errorf("deauthorized: %d", code)
	}
	if got := s.Clock().Now(); !got.Equal(DefaultStart.Add(90 * time.Second)) {
		t.Errorf("clock %v", got)
	}
}

func TestClock(t *testing.T) {
	c := NewClock(DefaultStart)
	ch := c.After(time.Minute)
	c.Advance(59 * time.Second)
	select {
	case <-ch:
		t.Fatal("fired early")
	default:
	}
	c.Advance(time.Second)
	if got := <-ch; !got.Equal(DefaultStart.Add(time.Minute)) {
		t.Errorf("fired at %v", got)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := c.Sleep(ctx, time.Hour); err == nil || c.Waiters() != 0 {
		t.Errorf("canceled sleep: %v, %d waiters", err, c.Waiters())
	}
	c.SetAutoAdvance(true)
	<-c.After(time.Hour)
	if got := c.Now(); !got.Equal(DefaultStart.Add(time.Minute + time.Hour)) {
		t.Errorf("auto-advance: %v", got)
	}
	c.Set(DefaultStart)
	if !c.Now().Equal(DefaultStart) {
		t.Error("Set")
	}
}
