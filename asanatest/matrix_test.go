package asanatest

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// TestAuthorizationMatrix runs representative endpoints of every phase-one
// tag as each kind of principal and checks the status Asana would give.
func TestAuthorizationMatrix(t *testing.T) {
	type want struct{ sa, admin, member, guest, dead, none int }
	all := func(code int) want { return want{code, code, code, code, 401, 401} }
	tests := []struct {
		name   string
		method string
		path   func(f *fixture) string
		body   func(f *fixture) string
		want   want
	}{
		{"list workspaces", "GET", func(f *fixture) string { return "/workspaces?limit=10" }, nil, all(200)},
		{"get org", "GET", func(f *fixture) string { return "/workspaces/" + f.org.GID }, nil, all(200)},
		{"get other org", "GET", func(f *fixture) string { return "/workspaces/" + f.other.GID }, nil, all(403)},
		{"rename org", "PUT", func(f *fixture) string { return "/workspaces/" + f.org.GID }, func(f *fixture) string { return `{"data":{"name":"Acme 2"}}` }, want{200, 200, 403, 403, 401, 401}},
		{"add user to org", "POST", func(f *fixture) string { return "/workspaces/" + f.org.GID + "/addUser" }, func(f *fixture) string { return `{"data":{"user":"new@acme.test"}}` }, want{200, 200, 403, 403, 401, 401}},
		{"me", "GET", func(f *fixture) string { return "/users/me" }, nil, all(200)},
		{"get admin", "GET", func(f *fixture) string { return "/users/" + f.admin.GID }, nil, want{200, 200, 200, 403, 401, 401}},
		{"get outsider", "GET", func(f *fixture) string { return "/users/" + f.outsider.GID }, nil, all(403)},
		{"users of org", "GET", func(f *fixture) string { return "/users?workspace=" + f.org.GID + "&limit=5" }, nil, all(200)},
		{"workspace users", "GET", func(f *fixture) string { return "/workspaces/" + f.org.GID + "/users" }, nil, all(200)},
		{"workspace memberships", "GET", func(f *fixture) string { return "/workspaces/" + f.org.GID + "/workspace_memberships?limit=3" }, nil, all(200)},
		{"my workspace memberships", "GET", func(f *fixture) string { return "/users/me/workspace_memberships" }, nil, all(200)},
		{"teams of org", "GET", func(f *fixture) string { return "/workspaces/" + f.org.GID + "/teams" }, nil, all(200)},
		{"secret team", "GET", func(f *fixture) string { return "/teams/" + f.secret.GID }, nil, want{200, 200, 403, 403, 401, 401}},
		{"public team", "GET", func(f *fixture) string { return "/teams/" + f.public.GID }, nil, all(200)},
		{"create team", "POST", func(f *fixture) string { return "/teams" }, func(f *fixture) string { return `{"data":{"name":"New","organization":"` + f.org.GID + `"}}` }, want{201, 201, 201, 403, 401, 401}},
		{"add to secret team", "POST", func(f *fixture) string { return "/teams/" + f.secret.GID + "/addUser" }, func(f *fixture) string { return `{"data":{"user":"` + f.member.GID + `"}}` }, want{200, 200, 403, 403, 401, 401}},
		{"team memberships of public", "GET", func(f *fixture) string { return "/teams/" + f.public.GID + "/team_memberships" }, nil, all(200)},
		{"team memberships by user", "GET", func(f *fixture) string {
			return "/team_memberships?user=" + f.member.GID + "&workspace=" + f.org.GID
		}, nil, want{200, 200, 200, 200, 401, 401}},
		{"remove member from org", "POST", func(f *fixture) string { return "/workspaces/" + f.org.GID + "/removeUser" }, func(f *fixture) string { return `{"data":{"user":"` + f.member.GID + `"}}` }, want{200, 200, 403, 403, 401, 401}},
	}
	for _, tt := range tests {
		for _, who := range []string{"sa", "admin", "member", "guest", "dead", "none"} {
			t.Run(tt.name+"/"+who, func(t *testing.T) {
				f := newFixture(t) // writes change state: a fresh org per cell
				tok := map[string]string{"sa": f.saTok, "admin": f.adminTok, "member": f.memberTok, "guest": f.guestTok, "dead": f.deadTok}[who]
				w := map[string]int{"sa": tt.want.sa, "admin": tt.want.admin, "member": tt.want.member, "guest": tt.want.guest, "dead": tt.want.dead, "none": tt.want.none}[who]
				body := ""
				if tt.body != nil {
					body = tt.body(f)
				}
				code, h, doc := call(t, f.s, tok, tt.method, tt.path(f), body)
				if code != w {
					t.Fatalf("%s %s: status %d, want %d: %v", tt.method, tt.path(f), code, w, doc)
				}
				switch {
				case code >= 400:
					if errMessage(doc) == "" {
						t.Errorf("error answer without message: %v", doc)
					}
				case code == 201:
					d := doc["data"].(map[string]any)
					if loc := h.Get("Location"); !strings.HasSuffix(loc, fmt.Sprint(d["gid"])) {
						t.Errorf("Location %q does not name %v", loc, d["gid"])
					}
				default:
					if _, ok := doc["data"]; !ok {
						t.Errorf("no data: %v", doc)
					}
				}
			})
		}
	}
}

// TestVisibleLists checks what each principal sees in lists, not only
// whether it may call them.
func TestVisibleLists(t *testing.T) {
	f := newFixture(t)
	names := func(tok, path string) string {
		code, _, doc := call(t, f.s, tok, "GET", path, "")
		if code != 200 {
			t.Fatalf("%s: %d %v", path, code, doc)
		}
		var out []string
		for _, d := range doc["data"].([]any) {
			out = append(out, d.(map[string]any)["name"].(string))
		}
		return strings.Join(out, ",")
	}
	teams := "/workspaces/" + f.org.GID + "/teams"
	users := "/workspaces/" + f.org.GID + "/users"
	tests := []struct{ who, tok, path, want string }{
		{"sa teams", f.saTok, teams, "Public,Secret"},
		{"admin teams", f.adminTok, teams, "Public,Secret"},
		{"member teams", f.memberTok, teams, "Public"},
		{"guest teams", f.guestTok, teams, "Public"},
		{"sa workspaces", f.saTok, "/workspaces", "Acme"},
		{"outsider workspaces", f.outsiderTok, "/workspaces", "Elsewhere"},
		{"member users", f.memberTok, users, "Ada,Max,Gus,Backup bot,Dee"},
		{"guest users", f.guestTok, users, "Max,Gus"},
	}
	for _, tt := range tests {
		if got := names(tt.tok, tt.path); got != tt.want {
			t.Errorf("%s: %s, want %s", tt.who, got, tt.want)
		}
	}
}

// TestDeauthorizeMidPagination: a token revoked between two pages gets 401
// on the next page.
func TestDeauthorizeMidPagination(t *testing.T) {
	f := newFixture(t)
	code, _, doc := call(t, f.s, f.saTok, "GET", "/workspaces/"+f.org.GID+"/workspace_memberships?limit=2", "")
	if code != 200 {
		t.Fatal(code, doc)
	}
	next := doc["next_page"].(map[string]any)["path"].(string)
	if err := f.s.DeauthorizeToken(f.saTok); err != nil {
		t.Fatal(err)
	}
	code, _, doc = call(t, f.s, f.saTok, "GET", next, "")
	if code != http.StatusUnauthorized || errMessage(doc) != msgNotAuthorized {
		t.Fatalf("after deauthorize: %d %v", code, doc)
	}
}
