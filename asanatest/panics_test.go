package asanatest

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// connections are the three ways to reach a fake; each returns the API
// base URL and the client to use.
var connections = []struct {
	name    string
	connect func(t *testing.T, s *Server) (string, *http.Client)
}{
	{"transport", func(t *testing.T, s *Server) (string, *http.Client) { return s.URL(), s.HTTPClient() }},
	{"handler", func(t *testing.T, s *Server) (string, *http.Client) {
		ts := httptest.NewServer(s.Handler())
		t.Cleanup(ts.Close)
		return ts.URL + APIPrefix, ts.Client()
	}},
	{"loopback", func(t *testing.T, s *Server) (string, *http.Client) {
		u, err := s.Start()
		if err != nil {
			t.Fatal(err)
		}
		return u, http.DefaultClient
	}},
}

// send makes one request and returns the status and the body.
func send(t *testing.T, c *http.Client, method, url, token, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: read: %v", method, url, err)
	}
	return resp.StatusCode, string(raw)
}

// writePaths maps each write route of the fake to a concrete path, with
// path parameters naming objects of the work fixture (so that the handler
// gets as far as the body); pathParam is the conformance sweep's.
func writePaths(f *workFixture) map[*route]string {
	gids := map[string]string{
		"{workspace_gid}": f.org.GID, "{user_gid}": f.member.GID, "{team_gid}": f.public.GID,
		"{project_gid}": f.pub.GID, "{task_gid}": f.t1.GID, "{section_gid}": f.secA.GID,
	}
	out := map[*route]string{}
	for _, rt := range f.s.routes {
		if !rt.write {
			continue
		}
		out[rt] = pathParam.ReplaceAllStringFunc(rt.pattern, func(p string) string {
			if g, ok := gids[p]; ok {
				return g
			}
			return "1" // an object that does not exist: the handler answers 404
		})
	}
	return out
}

// TestWriteRoutesRefuseBadBodies sends bodies the fake cannot use to every
// write route, through every connection: undecodable ones are a 4xx (but
// DELETE reads no body), and no body is ever a 5xx or a panic. An empty
// body or a null data is an empty data object, which some writes accept
// (PUT changes nothing).
func TestWriteRoutesRefuseBadBodies(t *testing.T) {
	bodies := []struct {
		name, body  string
		undecodable bool
	}{
		{"empty", "", false},
		{"null", "null", true},
		{"broken JSON", `{"data": {`, true},
		{"not JSON", "user=ada@acme.test", true},
		{"top-level list", `[{"data": {}}]`, true},
		{"top-level string", `"data"`, true},
		{"data null", `{"data": null}`, false},
		{"data a string", `{"data": "ada@acme.test"}`, true},
		{"data a list", `{"data": [{"user": "me"}]}`, true},
		{"data a number", `{"data": 12}`, true},
		{"data empty", `{"data": {}}`, false},
		{"fields of the wrong type", `{"data": {"user": {}, "name": [], "workspace": [], "team": {}, "project": true, "projects": 1,
			"followers": {}, "members": true, "task": [], "parent": {}, "section": [], "text": 1, "html_text": [], "completed": "yes",
			"due_on": 1, "due_at": [], "start_on": {}, "assignee": [], "target": {}, "resource": [], "filters": "x", "custom_fields": [],
			"memberships": {}, "tag": [], "insert_before": {}, "insert_after": 1, "dependencies": 1, "dependents": {}, "tags": "x",
			"include": 1, "color": [], "public": "x", "archived": 3, "privacy_setting": {}, "is_admin": "x", "schedule_dates": 1}}`, false},
	}
	for _, conn := range connections {
		t.Run(conn.name, func(t *testing.T) {
			f := newWorkFixture(t, WithRateLimit(0, 0))
			base, client := conn.connect(t, f.s)
			for rt, path := range writePaths(f) {
				for _, b := range bodies {
					for _, tok := range []string{f.adminTok, f.saTok} {
						status, answer := send(t, client, rt.method, base+path, tok, b.body)
						// DELETE reads no body, as in Asana.
						if status >= 500 || (b.undecodable && rt.method != http.MethodDelete && status < 400) {
							t.Errorf("%s %s with %s body: %d %s", rt.method, rt.pattern, b.name, status, answer)
						}
					}
				}
			}
			if p := f.s.Panics(); len(p) > 0 {
				t.Errorf("the fake panicked %d times; first: %s %s: %s", len(p), p[0].Method, p[0].Route, p[0].Value)
			}
		})
	}
}

// panicTB records what the fake reports, instead of failing the test.
type panicTB struct {
	testing.TB
	mu     sync.Mutex
	errors []string
}

func (p *panicTB) Errorf(format string, args ...any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.errors = append(p.errors, fmt.Sprintf(format, args...))
}

// TestHandlerPanicIsA500 makes a route's handler panic: through every
// connection the client gets a 500 in Asana's error envelope, the request
// log and Panics record it, and the test given to NewServer fails with
// the route and the stack.
func TestHandlerPanicIsA500(t *testing.T) {
	for _, conn := range connections {
		t.Run(conn.name, func(t *testing.T) {
			tb := &panicTB{TB: t}
			s := NewServer(tb, WithRateLimit(0, 0))
			user := Must(s.AddUser(User{Name: "Ada"}))
			tok := Must(s.AddPersonalAccessToken(user.GID))
			for _, rt := range s.routes {
				if rt.method == http.MethodGet && rt.pattern == "/users/{user_gid}" {
					rt.h = func(*request) reply { panic("deliberate test panic") }
				}
			}
			base, client := conn.connect(t, s) // NewServer started it: loopback reuses the listener
			status, body := send(t, client, "GET", base+"/users/me", tok, "")
			if status != http.StatusInternalServerError || !strings.Contains(body, `"errors":[{"message":"Server Error"`) {
				t.Errorf("answer %d %s, want a 500 in Asana's error envelope", status, body)
			}
			// The fake still answers.
			if status, body := send(t, client, "GET", base+"/workspaces", tok, ""); status != http.StatusOK {
				t.Errorf("after the panic: %d %s", status, body)
			}
			panics := s.Panics()
			if len(panics) != 1 || panics[0].Route != "/users/{user_gid}" || panics[0].Method != "GET" ||
				panics[0].Value != "deliberate test panic" || !strings.Contains(panics[0].Stack, "panics_test.go") {
				t.Fatalf("Panics() = %+v", panics)
			}
			var logged []string
			for _, r := range s.Requests() {
				if r.Panic != "" {
					logged = append(logged, r.Route+" "+r.Panic)
				}
			}
			if len(logged) != 1 || logged[0] != "/users/{user_gid} deliberate test panic" {
				t.Errorf("request log marks panics: %q", logged)
			}
			if len(tb.errors) != 1 || !strings.Contains(tb.errors[0], "GET /users/{user_gid}") || !strings.Contains(tb.errors[0], "panics_test.go") {
				t.Errorf("reported to the test: %q", tb.errors)
			}
		})
	}
}

// TestControlRoutesRefuseBadBodies does the same for the /_fake control
// endpoints: a body they cannot use is a 4xx, never a 5xx or a panic.
func TestControlRoutesRefuseBadBodies(t *testing.T) {
	bodies := []string{"", "null", "{", "[]", `"x"`, "12", `{"duration": 5, "name": [], "email": {}, "user": [], "user_gid": {},
		"workspace": [], "team": 1, "status": "x", "route": 1, "method": [], "kind": {}, "token": 1, "admin": "x", "guest": 1,
		"email_domains": "x", "scopes": 1, "latency": 1, "fraction": "x", "retry_after": "x", "times": "x", "photo": 1}`}
	f := newWorkFixture(t, WithRateLimit(0, 0))
	gids := map[string]string{"{workspace_gid}": f.org.GID, "{user_gid}": f.sa.GID, "{team_gid}": f.public.GID, "{task_gid}": f.t1.GID}
	client := f.s.HTTPClient()
	for _, pattern := range f.s.controlRoutes {
		method, p, _ := strings.Cut(pattern, " ")
		if method == http.MethodGet {
			continue
		}
		p = pathParam.ReplaceAllStringFunc(p, func(m string) string {
			if g, ok := gids[m]; ok {
				return g
			}
			return "1"
		})
		for _, b := range bodies {
			status, answer := send(t, client, method, "http://fake"+p, "", b)
			if status >= 500 {
				t.Errorf("%s with body %.20q: %d %s", pattern, b, status, answer)
			}
		}
	}
	if p := f.s.Panics(); len(p) > 0 {
		t.Errorf("the fake panicked %d times; first: %s %s: %s", len(p), p[0].Method, p[0].Path, p[0].Value)
	}
}

// TestControlPanicIsA500 makes a control endpoint panic, outside the API
// pipeline: serveHTTP still answers 500 and records it.
func TestControlPanicIsA500(t *testing.T) {
	for _, conn := range connections {
		t.Run(conn.name, func(t *testing.T) {
			tb := &panicTB{TB: t}
			s := NewServer(tb)
			s.ctl.HandleFunc("POST "+controlPrefix+"/panic_for_test", func(http.ResponseWriter, *http.Request) { panic("deliberate control panic") })
			base, client := conn.connect(t, s)
			origin := strings.TrimSuffix(base, APIPrefix)
			status, body := send(t, client, "POST", origin+controlPrefix+"/panic_for_test", "", "")
			if status != http.StatusInternalServerError || !strings.Contains(body, `"errors"`) {
				t.Errorf("answer %d %s, want a 500 with errors", status, body)
			}
			if p := s.Panics(); len(p) != 1 || p[0].Path != controlPrefix+"/panic_for_test" || p[0].Value != "deliberate control panic" {
				t.Errorf("Panics() = %+v", p)
			}
			if len(tb.errors) != 1 || !strings.Contains(tb.errors[0], "deliberate control panic") {
				t.Errorf("reported to the test: %q", tb.errors)
			}
		})
	}
}
