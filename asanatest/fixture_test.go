package asanatest

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

// fixture is a small Enterprise organization with one of each kind of
// principal, shared by the tests.
type fixture struct {
	s                                    *Server
	org, other                           Workspace
	admin, member, guest, outsider, sa   User
	adminTok, memberTok, guestTok, saTok string
	outsiderTok, deadTok                 string
	public, secret                       Team
}

func newFixture(t testing.TB, opts ...Option) *fixture {
	t.Helper()
	s, err := New(opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	f := &fixture{s: s}
	f.org = Must(s.AddWorkspace(Workspace{Name: "Acme", IsOrganization: true, Enterprise: true, EmailDomains: []string{"acme.test"}}))
	f.other = Must(s.AddWorkspace(Workspace{Name: "Elsewhere", IsOrganization: true}))
	add := func(name string, opts MemberOptions) (User, string) {
		u := Must(s.AddUser(User{Name: name, Email: strings.ToLower(name) + "@acme.test"}))
		Must(s.AddWorkspaceMember(f.org.GID, u.GID, opts))
		return u, Must(s.AddPersonalAccessToken(u.GID))
	}
	f.admin, f.adminTok = add("Ada", MemberOptions{Admin: true})
	f.member, f.memberTok = add("Max", MemberOptions{})
	f.guest, f.guestTok = add("Gus", MemberOptions{Guest: true})
	f.outsider = Must(s.AddUser(User{Name: "Otto"}))
	Must(s.AddWorkspaceMember(f.other.GID, f.outsider.GID, MemberOptions{}))
	f.outsiderTok = Must(s.AddPersonalAccessToken(f.outsider.GID))
	var tok string
	f.sa, tok, err = s.AddServiceAccount(f.org.GID, "Backup bot")
	if err != nil {
		t.Fatal(err)
	}
	f.saTok = tok
	dead, _ := add("Dee", MemberOptions{})
	f.deadTok = Must(s.AddPersonalAccessToken(dead.GID))
	if err := s.DeauthorizeToken(f.deadTok); err != nil {
		t.Fatal(err)
	}
	f.public = Must(s.AddTeam(Team{OrganizationGID: f.org.GID, Name: "Public", Visibility: VisibilityPublic}))
	f.secret = Must(s.AddTeam(Team{OrganizationGID: f.org.GID, Name: "Secret", Visibility: VisibilitySecret}))
	Must(s.AddTeamMember(f.public.GID, f.member.GID, MemberOptions{}))
	Must(s.AddTeamMember(f.public.GID, f.guest.GID, MemberOptions{Guest: true}))
	Must(s.AddTeamMember(f.secret.GID, f.admin.GID, MemberOptions{Admin: true}))
	return f
}

// call sends one request through the in-process transport and decodes the
// JSON answer (nil when the body is not JSON).
func call(t testing.TB, s *Server, token, method, path, body string) (int, http.Header, map[string]any) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, s.URL()+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := s.HTTPClient().Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: read: %v", method, path, err)
	}
	var doc map[string]any
	if json.Unmarshal(raw, &doc) != nil {
		doc = nil
	}
	return resp.StatusCode, resp.Header, doc
}

// controlCall posts to a /_fake control endpoint and decodes the answer.
func controlCall(t testing.TB, s *Server, path, body string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest("POST", "http://fake"+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := s.HTTPClient().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var doc map[string]any
	decode(t, resp, &doc)
	return resp.StatusCode, doc
}

func errMessage(doc map[string]any) string {
	errs, _ := doc["errors"].([]any)
	if len(errs) == 0 {
		return ""
	}
	m, _ := errs[0].(map[string]any)
	s, _ := m["message"].(string)
	return s
}

func decode(t testing.TB, resp *http.Response, v any) {
	t.Helper()
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatalf("decode: %v", err)
	}
}
