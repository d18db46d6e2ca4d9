package asanatest

import (
	"net/http"
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
