package asanatest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

func TestSCIMFilterParse(t *testing.T) {
	tests := []struct {
		in, want string // want "" means a parse error
	}{
		{`userName eq "a@b.com"`, `userName eq "a@b.com"`},
		{`userName EQ "a@b.com"`, `userName eq "a@b.com"`},
		{`userName eq "say \"hi\"\\"`, `userName eq "say \"hi\"\\"`},
		{`title pr`, `title pr`},
		{`a eq 1 and b eq true or c eq null`, `((a eq 1 and b eq true) or c eq null)`},
		{`a eq 1 or b eq 2 and c eq 3`, `(a eq 1 or (b eq 2 and c eq 3))`},
		{`not (a eq "x")`, `not (a eq "x")`},
		{`(a eq "x")`, `a eq "x"`},
		{`emails[type eq "work" and value co "@acme"]`, `emails[(type eq "work" and value co "@acme")]`},
		{`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "R&D"`,
			`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "R&D"`},
		{`name.givenName sw "A"`, `name.givenName sw "A"`},
		{`a gt -1.5e3`, `a gt -1.5e3`},
		{``, ``},
		{`userName`, ``},
		{`userName eq`, ``},
		{`userName xx "a"`, ``},
		{`userName eq "unterminated`, ``},
		{`userName eq bare`, ``},
		{`(a eq "x"`, ``},
		{`a eq "x")`, ``},
		{`and eq "x"`, ``},
		{`not a eq "x"`, ``},
		{`emails[type eq "work"`, ``},
		{`1a eq "x"`, ``},
		{`a eq 01`, ``},
		{strings.Repeat("(", 40) + `a pr` + strings.Repeat(")", 40), ``},
		{strings.Repeat("(", 20) + `a pr` + strings.Repeat(")", 20), `a pr`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			f, err := parseSCIMFilter(tt.in)
			if tt.want == "" {
				if err == nil {
					t.Fatalf("parse(%q) = %v, want an error", tt.in, f)
				}
				return
			}
			if err != nil {
				t.Fatalf("parse(%q): %v", tt.in, err)
			}
			if got := f.String(); got != tt.want {
				t.Errorf("parse(%q) = %s, want %s", tt.in, got, tt.want)
			}
		})
	}
}

func TestSCIMFilterEval(t *testing.T) {
	attrs := map[string][]any{
		"username":    {"Ada@Acme.test"},
		"emails.type": {"work", "home"},
		"title":       {""},
	}
	get := func(a string) []any { return attrs[a] }
	tests := []struct {
		filter string
		want   bool
	}{
		{`userName eq "ada@acme.test"`, true}, // case-insensitive, as userName is
		{`userName eq "bob@acme.test"`, false},
		{`userName ne "bob@acme.test"`, true},
		{`userName co "acme"`, true},
		{`userName sw "ada@"`, true},
		{`userName ew ".test"`, true},
		{`userName gt "a"`, true},
		{`userName lt "a"`, false},
		{`userName pr`, true},
		{`title pr`, false},
		{`nickName pr`, false},
		{`nickName ne "x"`, true},
		{`emails[type eq "home"]`, true},
		{`emails[type eq "other"]`, false},
		{`not (userName eq "ada@acme.test")`, false},
		{`userName eq "x" or userName co "ada"`, true},
		{`userName eq "x" and userName co "ada"`, false},
		{`userName eq true`, false},
	}
	for _, tt := range tests {
		f, err := parseSCIMFilter(tt.filter)
		if err != nil {
			t.Fatalf("parse(%q): %v", tt.filter, err)
		}
		if got := evalFilter(f, get); got != tt.want {
			t.Errorf("eval(%s) = %v, want %v", tt.filter, got, tt.want)
		}
	}
}

// FuzzSCIMFilter checks that the parser never panics and that the canonical
// form of whatever it accepts parses back to the same canonical form.
func FuzzSCIMFilter(f *testing.F) {
	for _, s := range []string{`userName eq "a@b.com"`, `a eq 1 and (b pr or not (c sw "x"))`,
		`members[value eq "123"]`, `emails[type eq "work"].value`, `"`, `((`, `a eq "\u00e9\\"`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		n, err := parseSCIMFilter(in)
		if err != nil {
			return
		}
		canon := n.String()
		n2, err := parseSCIMFilter(canon)
		if err != nil {
			t.Fatalf("canonical form %q of %q does not parse: %v", canon, in, err)
		}
		if got := n2.String(); got != canon {
			t.Fatalf("round trip of %q: %q became %q", in, canon, got)
		}
	})
}

// scimCall is call with a SCIM body.
func scimCall(t *testing.T, f *fixture, tok, method, path string, body any) (int, http.Header, map[string]any) {
	t.Helper()
	var b string
	if body != nil {
		raw, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		b = string(raw)
	}
	return call(t, f.s, tok, method, path, b)
}

func TestSCIMPermissions(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		name   string
		tok    string
		status int
	}{
		{"service account", f.saTok, http.StatusOK},
		{"admin's personal token", f.adminTok, http.StatusForbidden},
		{"member's personal token", f.memberTok, http.StatusForbidden},
		{"revoked token", f.deadTok, http.StatusUnauthorized},
		{"no token", "", http.StatusUnauthorized},
	}
	for _, tt := range tests {
		for _, path := range []string{"/scim/Users", "/scim/Groups", "/scim/ServiceProviderConfig", "/scim/Users/" + f.member.GID} {
			t.Run(tt.name+" "+path, func(t *testing.T) {
				code, h, doc := call(t, f.s, tt.tok, "GET", path, "")
				if code != tt.status {
					t.Fatalf("status %d, want %d: %v", code, tt.status, doc)
				}
				if ct := h.Get("Content-Type"); !strings.HasPrefix(ct, "application/scim+json") {
					t.Errorf("Content-Type %q, want application/scim+json", ct)
				}
				if code != http.StatusOK && (doc["status"] != fmt.Sprint(code) || doc["detail"] == "" ||
					fmt.Sprint(doc["schemas"]) != "["+scimSchemaError+"]") {
					t.Errorf("error body %v is not a SCIM error", doc)
				}
			})
		}
	}
}

func TestSCIMUsersSkipGuestsAndServiceAccounts(t *testing.T) {
	f := newFixture(t)
	_, _, doc := call(t, f.s, f.saTok, "GET", "/scim/Users", "")
	var names []string
	for _, r := range doc["Resources"].([]any) {
		names = append(names, r.(map[string]any)["userName"].(string))
	}
	if got := strings.Join(names, ","); got != "ada@acme.test,max@acme.test,dee@acme.test" {
		t.Errorf("users = %s, want the three employees (no guest, no service account, no outsider)", got)
	}
	for _, id := range []string{f.guest.GID, f.sa.GID, f.outsider.GID, "nope", "1"} {
		if code, _, doc := call(t, f.s, f.saTok, "GET", "/scim/Users/"+id, ""); code != http.StatusNotFound || doc["status"] != "404" {
			t.Errorf("GET user %s: %d %v, want a SCIM 404", id, code, doc)
		}
	}
}

// TestSCIMDeprovisionReflected deactivates a member through SCIM and checks
// the REST API, the tokens and the audit log, then reactivates them.
func TestSCIMDeprovisionReflected(t *testing.T) {
	deactivate := []struct {
		name   string
		method string
		body   any
	}{
		{"patch active false", "PATCH", map[string]any{"schemas": []string{scimSchemaPatch},
			"Operations": []any{map[string]any{"op": "replace", "path": "active", "value": false}}}},
		{"patch active \"False\" without path", "PATCH", map[string]any{"schemas": []string{scimSchemaPatch},
			"Operations": []any{map[string]any{"op": "Replace", "value": map[string]any{"active": "False"}}}}},
		{"put active false", "PUT", map[string]any{"userName": "max@acme.test", "active": false}},
		{"delete", "DELETE", nil},
	}
	for _, tt := range deactivate {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			path := "/scim/Users/" + f.member.GID
			if code, _, _ := call(t, f.s, f.memberTok, "GET", "/users/me", ""); code != http.StatusOK {
				t.Fatalf("member's token before: %d", code)
			}
			code, _, doc := scimCall(t, f, f.saTok, tt.method, path, tt.body)
			if code != http.StatusOK && code != http.StatusNoContent {
				t.Fatalf("%s: %d %v", tt.method, code, doc)
			}
			if m, _ := f.s.WorkspaceMembership(f.org.GID, f.member.GID); m.IsActive {
				t.Error("workspace membership still active")
			}
			wm := must(t, f.s, f.saTok, "GET", "/workspaces/"+f.org.GID+"/workspace_memberships?user="+f.member.GID+"&opt_fields=is_active", "", 200)
			if active := wm["data"].([]any)[0].(map[string]any)["is_active"]; active != false {
				t.Errorf("REST is_active = %v, want false", active)
			}
			if _, in := f.s.TeamMembership(f.public.GID, f.member.GID); in {
				t.Error("still a member of the team")
			}
			if code, _, _ := call(t, f.s, f.memberTok, "GET", "/users/me", ""); code != http.StatusUnauthorized {
				t.Errorf("member's personal token answers %d, want 401", code)
			}
			if _, _, doc := call(t, f.s, f.saTok, "GET", path, ""); doc["active"] != false {
				t.Errorf("SCIM active = %v, want false", doc["active"])
			}
			// Reactivate.
			code, _, doc = scimCall(t, f, f.saTok, "PATCH", path, map[string]any{"schemas": []string{scimSchemaPatch},
				"Operations": []any{map[string]any{"op": "replace", "path": "active", "value": true}}})
			if code != http.StatusOK || doc["active"] != true {
				t.Fatalf("reactivate: %d %v", code, doc)
			}
			if m, _ := f.s.WorkspaceMembership(f.org.GID, f.member.GID); !m.IsActive {
				t.Error("not active after reprovisioning")
			}
			if code, _, _ := call(t, f.s, f.memberTok, "GET", "/users/me", ""); code != http.StatusUnauthorized {
				t.Errorf("revoked personal token answers %d after reprovisioning, want 401 (tokens are not restored)", code)
			}
			var types []string
			for _, a := range f.s.AuditLog(f.org.GID) {
				if a.ResourceGID == f.member.GID && a.ActorGID == f.sa.GID {
					types = append(types, a.EventType+"/"+a.AuthMethod)
				}
			}
			if got := strings.Join(types, ","); got != "user_deprovisioned/service_account,user_reprovisioned/service_account" {
				t.Errorf("audit = %s", got)
			}
		})
	}
}

// TestSCIMNullIsUnassigned: RFC 7643 section 2.5 makes a null value the
// same as an unassigned attribute, so a null active or members in a write
// leaves them as they are (as an omitted one does) instead of reading as
// false or an empty list, which would deprovision the user or empty the
// team.
func TestSCIMNullIsUnassigned(t *testing.T) {
	patch := func(op, path, value string) string {
		return `{"schemas":["` + scimSchemaPatch + `"],"Operations":[{"op":"` + op + `","path":"` + path + `","value":` + value + `}]}`
	}
	tests := []struct {
		name, method, kind, body string
	}{
		{"PUT user active null", "PUT", "Users", `{"userName":"max@acme.test","active":null}`},
		{"PUT user active omitted", "PUT", "Users", `{"userName":"max@acme.test"}`},
		{"PATCH user active null", "PATCH", "Users", patch("replace", "active", "null")},
		{"PATCH user value active null", "PATCH", "Users", patch("replace", "", `{"active":null}`)},
		{"PUT group members null", "PUT", "Groups", `{"displayName":"Public","members":null}`},
		{"PUT group members omitted", "PUT", "Groups", `{"displayName":"Public"}`},
		{"PATCH group replace members null", "PATCH", "Groups", patch("replace", "members", "null")},
		{"PATCH group add members null", "PATCH", "Groups", patch("add", "members", "null")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			id := f.member.GID
			if tt.kind == "Groups" {
				id = f.public.GID
			}
			code, _, doc := call(t, f.s, f.saTok, tt.method, "/scim/"+tt.kind+"/"+id, tt.body)
			if code != http.StatusOK {
				t.Fatalf("%d %v", code, doc)
			}
			if m, _ := f.s.WorkspaceMembership(f.org.GID, f.member.GID); !m.IsActive {
				t.Error("the user was deprovisioned")
			}
			if _, in := f.s.TeamMembership(f.public.GID, f.member.GID); !in {
				t.Error("the user left the team")
			}
			if tt.kind == "Users" && doc["active"] != true {
				t.Errorf("active = %v, want true", doc["active"])
			}
		})
	}
}
