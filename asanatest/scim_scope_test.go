package asanatest

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
)

// TestScopedServiceAccountTokens checks every kind of token against SCIM
// reads, SCIM writes and the REST API: scopes are enforced in the request
// pipeline, full tokens and personal tokens behave as before.
func TestScopedServiceAccountTokens(t *testing.T) {
	f := newFixture(t)
	readTok := Must(f.s.AddScopedServiceAccountToken(f.sa.GID, ScopeSCIMUsersRead))
	rwTok := Must(f.s.AddScopedServiceAccountToken(f.sa.GID, ScopeSCIMUsersRead, ScopeSCIMUsersWrite))
	writeTok := Must(f.s.AddScopedServiceAccountToken(f.sa.GID, ScopeSCIMUsersWrite))
	fullTok := Must(f.s.AddServiceAccountToken(f.sa.GID))

	type req struct {
		name, method, path string
		body               func(tok string) any
		scim               bool
	}
	reqs := []req{
		{name: "SCIM GET", method: "GET", path: "/scim/Users", scim: true},
		{name: "SCIM POST", method: "POST", path: "/scim/Users", scim: true, body: func(tok string) any {
			return map[string]any{"schemas": []string{scimSchemaUser}, "userName": tok + "@acme.test", "active": true}
		}},
		{name: "SCIM PATCH", method: "PATCH", path: "/scim/Users/" + f.member.GID, scim: true, body: func(string) any {
			return map[string]any{"schemas": []string{scimSchemaPatch},
				"Operations": []any{map[string]any{"op": "replace", "path": "title", "value": "Engineer"}}}
		}},
		{name: "REST GET", method: "GET", path: "/users/me"},
	}
	const ok, created, forbid = http.StatusOK, http.StatusCreated, http.StatusForbidden
	tests := []struct {
		name string
		tok  string
		want [4]int // statuses for reqs, in order
	}{
		{"full service account", fullTok, [4]int{ok, created, ok, ok}},
		{"first service-account token", f.saTok, [4]int{ok, created, ok, ok}},
		{"scoped users read", readTok, [4]int{ok, forbid, forbid, forbid}},
		{"scoped users read and write", rwTok, [4]int{ok, created, ok, forbid}},
		{"scoped users write only", writeTok, [4]int{forbid, created, ok, forbid}},
		{"personal access token", f.adminTok, [4]int{forbid, forbid, forbid, ok}},
	}
	for i, tt := range tests {
		for j, rq := range reqs {
			t.Run(tt.name+"/"+rq.name, func(t *testing.T) {
				var body any
				if rq.body != nil {
					body = rq.body(fmt.Sprintf("user%d", i))
				}
				code, h, doc := scimCall(t, f, tt.tok, rq.method, rq.path, body)
				if code != tt.want[j] {
					t.Fatalf("status %d, want %d: %v", code, tt.want[j], doc)
				}
				if code != http.StatusForbidden {
					return
				}
				if rq.scim {
					if !strings.HasPrefix(h.Get("Content-Type"), "application/scim+json") ||
						doc["status"] != "403" || doc["detail"] == "" {
						t.Errorf("not a SCIM 403: %s %v", h.Get("Content-Type"), doc)
					}
				} else if errMessage(doc) == "" {
					t.Errorf("not an Asana error document: %v", doc)
				}
			})
		}
	}
	if last := f.s.Requests(); last[len(last)-1].Status != http.StatusOK {
		t.Errorf("last request recorded as %+v", last[len(last)-1])
	}
}

func TestAddScopedServiceAccountTokenErrors(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		name   string
		user   string
		scopes []Scope
	}{
		{"no scopes", f.sa.GID, nil},
		{"unknown scope", f.sa.GID, []Scope{"tasks:read"}},
		{"not a service account", f.admin.GID, []Scope{ScopeSCIMUsersRead}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tok, err := f.s.AddScopedServiceAccountToken(tt.user, tt.scopes...); err == nil {
				t.Fatalf("issued %q", tok)
			}
		})
	}
	scopes := []Scope{ScopeSCIMUsersRead}
	Must(f.s.AddScopedServiceAccountToken(f.sa.GID, scopes...))
	scopes[0] = ScopeSCIMUsersWrite // the caller's slice is not kept
	toks := f.s.Tokens(f.sa.GID)
	if len(toks) != 2 || toks[0].Scopes != nil || !slices.Equal(toks[1].Scopes, []Scope{ScopeSCIMUsersRead}) {
		t.Fatalf("Tokens: %+v", toks)
	}
	toks[1].Scopes[0] = ScopeSCIMUsersWrite // nor is the copy shared
	if got := f.s.Tokens(f.sa.GID)[1].Scopes[0]; got != ScopeSCIMUsersRead {
		t.Errorf("Tokens shares its slice: %v", got)
	}
}

// TestControlScopedTokens issues scoped tokens through /_fake.
func TestControlScopedTokens(t *testing.T) {
	f := newFixture(t)
	post := func(path, body string) (int, map[string]any) {
		t.Helper()
		req, _ := http.NewRequest("POST", "http://fake"+controlPrefix+path, strings.NewReader(body))
		resp, err := f.s.HTTPClient().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var doc map[string]any
		decode(t, resp, &doc)
		data, _ := doc["data"].(map[string]any)
		return resp.StatusCode, data
	}
	tests := []struct {
		name, path, body string
		status           int
		scim, rest       int // statuses of GET /scim/Users and GET /users/me
	}{
		{"new account, full", "/service_accounts", `{"organization":"` + f.org.GID + `","name":"Full"}`, 200, 200, 200},
		{"new account, scoped", "/service_accounts", `{"organization":"` + f.org.GID + `","name":"IdP","scopes":["scim:users:read"]}`, 200, 200, 403},
		{"new account, empty scopes", "/service_accounts", `{"organization":"` + f.org.GID + `","name":"X","scopes":[]}`, 400, 0, 0},
		{"new account, unknown scope", "/service_accounts", `{"organization":"` + f.org.GID + `","name":"X","scopes":["tasks:read"]}`, 400, 0, 0},
		{"token, full", "/service_accounts/" + f.sa.GID + "/tokens", `{}`, 200, 200, 200},
		{"token, scoped write", "/service_accounts/" + f.sa.GID + "/tokens", `{"scopes":["scim:users:write"]}`, 200, 403, 403},
		{"token for a user", "/service_accounts/" + f.admin.GID + "/tokens", `{}`, 400, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, data := post(tt.path, tt.body)
			if code != tt.status {
				t.Fatalf("status %d, want %d: %v", code, tt.status, data)
			}
			if code != 200 {
				return
			}
			tok, _ := data["token"].(string)
			if c, _, doc := call(t, f.s, tok, "GET", "/scim/Users", ""); c != tt.scim {
				t.Errorf("SCIM GET %d, want %d: %v", c, tt.scim, doc)
			}
			if c, _, doc := call(t, f.s, tok, "GET", "/users/me", ""); c != tt.rest {
				t.Errorf("REST GET %d, want %d: %v", c, tt.rest, doc)
			}
		})
	}
}
