package asanatest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestSmoke(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		name, token, path string
		status            int
		msg               string
	}{
		{"me", f.memberTok, "/users/me", 200, ""},
		{"no token", "", "/users/me", 401, "Not Authorized"},
		{"dead token", f.deadTok, "/users/me", 401, "Not Authorized"},
		{"unknown route", f.memberTok, "/nope", 404, msgNoRoute},
		{"bad gid", f.memberTok, "/workspaces/abc", 400, "workspace: Not a Long: abc"},
		{"unknown workspace", f.memberTok, "/workspaces/1", 404, "workspace: Unknown object: 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, h, doc := call(t, f.s, tt.token, http.MethodGet, tt.path, "")
			if code != tt.status {
				t.Fatalf("status %d, want %d (%v)", code, tt.status, doc)
			}
			if ct := h.Get("Content-Type"); ct != contentTypeJSON {
				t.Errorf("Content-Type %q", ct)
			}
			if got := errMessage(doc); got != tt.msg {
				t.Errorf("message %q, want %q", got, tt.msg)
			}
		})
	}
}

// TestUnroutedAnswersJSON: paths the API does not serve get Asana's JSON
// 404, not a redirect or a page from net/http.
func TestUnroutedAnswersJSON(t *testing.T) {
	f := newFixture(t)
	for _, path := range []string{"/", "/api/1.0", "/api/1.0/", "/api/1.0/nope", "/_fake/nope", "/elsewhere"} {
		for _, method := range []string{http.MethodGet, http.MethodPatch} {
			rec := httptest.NewRecorder()
			req := httptest.NewRequest(method, path, nil)
			req.Header.Set("Authorization", "Bearer "+f.memberTok)
			f.s.Handler().ServeHTTP(rec, req)
			var doc map[string]any
			_ = json.Unmarshal(rec.Body.Bytes(), &doc)
			if rec.Code != http.StatusNotFound || rec.Header().Get("Content-Type") != contentTypeJSON || errMessage(doc) != msgNoRoute {
				t.Errorf("%s %s: %d %q %s", method, path, rec.Code, rec.Header().Get("Content-Type"), rec.Body)
			}
		}
	}
}
