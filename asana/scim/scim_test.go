package scim_test

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/asana/scim"
	"github.com/asanakit/asana-go/asanatest"
)

// env is the demo organization on an in-process fake, with a SCIM client
// and a REST client for the service account, counting requests.
type env struct {
	srv      *asanatest.Server
	org      *asanatest.Org
	rest     *asana.Client
	sc       *scim.Client
	requests atomic.Int64
}

func newEnv(t *testing.T) *env {
	t.Helper()
	srv, err := asanatest.New()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	srv.Clock().SetAutoAdvance(true)
	org, err := srv.DemoOrganization()
	if err != nil {
		t.Fatal(err)
	}
	e := &env{srv: srv, org: org}
	e.rest = e.client(t, org.ServiceAccountToken, asana.WithRequestHook(func(asana.RequestInfo) { e.requests.Add(1) }))
	e.sc = scim.New(e.rest)
	return e
}

func (e *env) client(t *testing.T, token string, opts ...asana.Option) *asana.Client {
	t.Helper()
	c, err := asana.NewClient(token, append([]asana.Option{asana.WithBaseURL(e.srv.URL()),
		asana.WithTransport(e.srv.Transport()), asana.WithClock(e.srv.Clock())}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func collect[T any](seq func(func(T, error) bool)) ([]T, error) {
	var out []T
	for v, err := range seq {
		if err != nil {
			return out, err
		}
		out = append(out, v)
	}
	return out, nil
}

func ids[T any](items []T, id func(T) string) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = id(it)
	}
	return out
}

func TestUsersPagination(t *testing.T) {
	e := newEnv(t)
	ctx := t.Context()
	all, err := e.sc.Users.List(ctx, nil).Page("")
	if err != nil {
		t.Fatal(err)
	}
	if len(all.Items) < 5 || all.NextOffset != "" {
		t.Fatalf("first page: %d users, next %q; the demo organization should fit one page of 100", len(all.Items), all.NextOffset)
	}
	want := ids(all.Items, func(u scim.User) string { return u.ID })
	tests := []struct {
		name      string
		opts      scim.ListOptions
		breakAt   int // stop after this many items; 0 reads all
		wantIDs   []string
		wantCalls int64
	}{
		{"pages of 2", scim.ListOptions{Count: 2}, 0, want, int64((len(want) + 1) / 2)},
		{"pages of 3 from the 2nd", scim.ListOptions{Count: 3, StartIndex: 2}, 0, want[1:], int64((len(want) - 1 + 2) / 3)},
		{"break after 3 of pages of 2", scim.ListOptions{Count: 2}, 3, want[:3], 2},
		{"filter", scim.ListOptions{Filter: scim.Eq("userName", strings.ToUpper(all.Items[1].UserName))}, 0, want[1:2], 1},
		{"filter matching nobody", scim.ListOptions{Filter: `userName eq "nobody@nowhere.test"`}, 0, nil, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := e.requests.Load()
			var got []string
			for u, err := range e.sc.Users.List(ctx, &tt.opts).All() {
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, u.ID)
				if len(got) == tt.breakAt {
					break
				}
			}
			if !slices.Equal(got, tt.wantIDs) {
				t.Errorf("ids = %v, want %v", got, tt.wantIDs)
			}
			if calls := e.requests.Load() - before; calls != tt.wantCalls {
				t.Errorf("%d requests, want %d", calls, tt.wantCalls)
			}
		})
	}
}

// TestListStopsOnAStalledServer checks the guard against a server whose
// pages do not advance: an empty page before totalResults ends the loop.
func TestListStopsOnAStalledServer(t *testing.T) {
	var calls atomic.Int64
	rt := roundTripper(func(r *http.Request) (*http.Response, error) {
		n := calls.Add(1)
		body := `{"totalResults":1000,"startIndex":1,"itemsPerPage":1,"Resources":[{"id":"1","userName":"a@b.test"}]}`
		if n > 1 {
			body = `{"totalResults":1000,"startIndex":2,"itemsPerPage":0,"Resources":[]}`
		}
		return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {scim.MediaType}},
			Body: io.NopCloser(strings.NewReader(body)), Request: r}, nil
	})
	c, err := asana.NewClient("0/test-token", asana.WithTransport(rt), asana.WithRateLimit(0, 0))
	if err != nil {
		t.Fatal(err)
	}
	users, err := collect(scim.New(c).Users.List(t.Context(), nil).All())
	if err != nil || len(users) != 1 || calls.Load() != 2 {
		t.Fatalf("users %v, err %v after %d calls; want 1 user after 2 calls", users, err, calls.Load())
	}
}

type roundTripper func(*http.Request) (*http.Response, error)

func (f roundTripper) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// restMembership reads the user's workspace membership over the REST API.
func (e *env) restActive(t *testing.T, userGID string) bool {
	t.Helper()
	for m, err := range e.rest.WorkspaceMemberships.ListForWorkspace(t.Context(), e.org.Organization.GID,
		&asana.WorkspaceMembershipListOptions{User: userGID, ListOptions: asana.ListOptions{Fields: []string{"is_active"}}}).All() {
		if err != nil {
			t.Fatal(err)
		}
		return m.IsActive
	}
	t.Fatalf("no workspace membership for %s", userGID)
	return false
}

func TestUserLifecycle(t *testing.T) {
	e := newEnv(t)
	ctx := t.Context()
	created, err := e.sc.Users.Create(ctx, scim.User{UserName: "new.hire@" + e.org.Organization.EmailDomains[0],
		Name: &scim.Name{Formatted: "New Hire"}, Active: true, Title: "Engineer", PreferredLanguage: "en",
		Enterprise: &scim.EnterpriseUser{Department: "R&D"}})
	if err != nil {
		t.Fatal(err)
	}
	if created.ID == "" || !created.Active || created.Title != "Engineer" || created.Enterprise == nil ||
		created.Enterprise.Department != "R&D" || created.Name.Formatted != "New Hire" || created.Meta == nil || created.Meta.Location == "" {
		t.Fatalf("created = %+v", created)
	}
	if u, err := e.rest.Users.Get(ctx, created.ID, nil); err != nil || u.Email != created.UserName || u.Name != "New Hire" {
		t.Fatalf("REST user = %+v, %v", u, err)
	}
	steps := []struct {
		name       string
		do         func() (*scim.User, error)
		wantActive bool
		check      func(*scim.User) string
	}{
		{"patch title", func() (*scim.User, error) {
			return e.sc.Users.Patch(ctx, created.ID, scim.Replace("title", "Staff Engineer"))
		}, true,
			func(u *scim.User) string { return u.Title }},
		{"patch deactivates", func() (*scim.User, error) { return e.sc.Users.Patch(ctx, created.ID, scim.Replace("active", false)) }, false, nil},
		{"patch reactivates", func() (*scim.User, error) { return e.sc.Users.Patch(ctx, created.ID, scim.Replace("active", true)) }, true, nil},
		{"replace deactivates and clears the title", func() (*scim.User, error) {
			return e.sc.Users.Replace(ctx, created.ID, scim.User{UserName: created.UserName, Active: false})
		}, false, func(u *scim.User) string { return u.Title }},
		{"replace reactivates", func() (*scim.User, error) {
			return e.sc.Users.Replace(ctx, created.ID, scim.User{UserName: created.UserName, Active: true, Name: &scim.Name{Formatted: "Renamed Hire"}})
		}, true, func(u *scim.User) string { return u.Name.Formatted }},
		{"delete deactivates", func() (*scim.User, error) {
			if err := e.sc.Users.Delete(ctx, created.ID); err != nil {
				return nil, err
			}
			return e.sc.Users.Get(ctx, created.ID)
		}, false, nil},
	}
	wantChecks := map[string]string{"patch title": "Staff Engineer", "replace deactivates and clears the title": "",
		"replace reactivates": "Renamed Hire"}
	for _, st := range steps {
		u, err := st.do()
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if u.Active != st.wantActive {
			t.Errorf("%s: SCIM active = %v, want %v", st.name, u.Active, st.wantActive)
		}
		if got := e.restActive(t, created.ID); got != st.wantActive {
			t.Errorf("%s: REST is_active = %v, want %v", st.name, got, st.wantActive)
		}
		if st.check != nil {
			if got := st.check(u); got != wantChecks[st.name] {
				t.Errorf("%s: got %q, want %q", st.name, got, wantChecks[st.name])
			}
		}
	}
	var types []string
	for _, a := range e.srv.AuditLog(e.org.Organization.GID) {
		if a.ResourceGID == created.ID {
			types = append(types, a.EventType)
		}
	}
	want := "user_invited,user_deprovisioned,user_reprovisioned,user_deprovisioned,user_reprovisioned,user_deprovisioned"
	if got := strings.Join(types, ","); got != want {
		t.Errorf("audit log = %s, want %s", got, want)
	}
}

func TestGroupMembershipReflectedInREST(t *testing.T) {
	e := newEnv(t)
	ctx := t.Context()
	people, err := collect(e.sc.Users.List(ctx, nil).All())
	if err != nil {
		t.Fatal(err)
	}
	var active []string
	for _, u := range people {
		if u.Active {
			active = append(active, u.ID)
		}
	}
	a, b, c := active[0], active[1], active[2]
	g, err := e.sc.Groups.Create(ctx, scim.Group{DisplayName: "Provisioned", Members: []scim.Member{{Value: a}, {Value: b}}})
	if err != nil {
		t.Fatal(err)
	}
	restMembers := func() []string {
		var out []string
		for m, err := range e.rest.TeamMemberships.ListForTeam(ctx, g.ID, &asana.ListOptions{Fields: []string{"user"}}).All() {
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, m.User.GID)
		}
		slices.Sort(out)
		return out
	}
	sorted := func(s ...string) []string { slices.Sort(s); return s }
	steps := []struct {
		name string
		ops  []scim.PatchOp
		want []string
	}{
		{"created", nil, sorted(a, b)},
		{"add one", []scim.PatchOp{scim.AddMembers(c)}, sorted(a, b, c)},
		{"remove two by filter", scim.RemoveMembers(a, c), sorted(b)},
		{"replace all", []scim.PatchOp{scim.Replace("members", []scim.Member{{Value: a}, {Value: c}})}, sorted(a, c)},
		{"remove by value list", []scim.PatchOp{{Op: "remove", Path: "members", Value: []scim.Member{{Value: c}}}}, sorted(a)},
	}
	for _, st := range steps {
		got := g
		if st.ops != nil {
			if got, err = e.sc.Groups.Patch(ctx, g.ID, st.ops...); err != nil {
				t.Fatalf("%s: %v", st.name, err)
			}
		}
		scimMembers := sorted(ids(got.Members, func(m scim.Member) string { return m.Value })...)
		if !slices.Equal(scimMembers, st.want) {
			t.Errorf("%s: SCIM members %v, want %v", st.name, scimMembers, st.want)
		}
		if rm := restMembers(); !slices.Equal(rm, st.want) {
			t.Errorf("%s: REST team members %v, want %v", st.name, rm, st.want)
		}
	}
	if _, err := e.sc.Groups.Patch(ctx, g.ID, scim.Replace("displayName", "Renamed")); err != nil {
		t.Fatal(err)
	}
	if team, err := e.rest.Teams.Get(ctx, g.ID, nil); err != nil || team.Name != "Renamed" {
		t.Errorf("REST team = %+v, %v; want it renamed", team, err)
	}
	found, err := collect(e.sc.Groups.List(ctx, &scim.ListOptions{Filter: scim.Eq("displayName", "renamed")}).All())
	if err != nil || len(found) != 1 || found[0].ID != g.ID {
		t.Errorf("filter by displayName: %v, %v", found, err)
	}
	// Deprovisioning a user removes them from the team, as Asana does.
	if err := e.sc.Users.Delete(ctx, a); err != nil {
		t.Fatal(err)
	}
	if rm := restMembers(); len(rm) != 0 {
		t.Errorf("after deprovisioning, team members = %v", rm)
	}
}

func TestErrors(t *testing.T) {
	e := newEnv(t)
	ctx := t.Context()
	member := e.client(t, e.org.MemberToken)
	existing := e.org.Users[1]
	tests := []struct {
		name     string
		call     func() error
		want     []error
		status   int // 0: a local error, no request
		scimType string
	}{
		{"unknown user", func() error { _, err := e.sc.Users.Get(ctx, "1234"); return err }, []error{asana.ErrNotFound}, 404, ""},
		{"unknown group", func() error { _, err := e.sc.Groups.Get(ctx, "1234"); return err }, []error{asana.ErrNotFound}, 404, ""},
		{"duplicate userName", func() error {
			_, err := e.sc.Users.Create(ctx, scim.User{UserName: existing.Email, Active: true})
			return err
		}, []error{scim.ErrUniqueness}, 409, "uniqueness"},
		{"filter on another attribute", func() error {
			_, err := e.sc.Users.List(ctx, &scim.ListOptions{Filter: scim.Eq("title", "CTO")}).Page("")
			return err
		}, []error{scim.ErrInvalidFilter, asana.ErrBadRequest}, 400, "invalidFilter"},
		{"broken filter", func() error {
			_, err := e.sc.Users.List(ctx, &scim.ListOptions{Filter: `userName eq`}).Page("")
			return err
		}, []error{scim.ErrInvalidFilter}, 400, "invalidFilter"},
		{"userName not an email", func() error {
			_, err := e.sc.Users.Create(ctx, scim.User{UserName: "bob", Active: true})
			return err
		}, []error{scim.ErrInvalidValue}, 400, "invalidValue"},
		{"givenName in PATCH", func() error {
			_, err := e.sc.Users.Patch(ctx, existing.GID, scim.Replace("name.givenName", "X"))
			return err
		}, []error{scim.ErrInvalidPath}, 400, "invalidPath"},
		{"personal token", func() error { _, err := scim.New(member).Users.List(ctx, nil).Page(""); return err }, []error{asana.ErrForbidden}, 403, ""},
		{"empty id", func() error { _, err := e.sc.Users.Get(ctx, " "); return err }, nil, 0, ""},
		{"dot dot id", func() error { return e.sc.Users.Delete(ctx, "..") }, nil, 0, ""},
		{"patch without operations", func() error { _, err := e.sc.Groups.Patch(ctx, "1"); return err }, nil, 0, ""},
		{"negative count", func() error { _, err := e.sc.Users.List(ctx, &scim.ListOptions{Count: -1}).Page(""); return err }, nil, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := e.requests.Load()
			err := tt.call()
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.want {
				if !errors.Is(err, w) {
					t.Errorf("errors.Is(%v, %v) = false", err, w)
				}
			}
			var se *scim.Error
			switch {
			case tt.status == 0:
				if errors.As(err, &se) || e.requests.Load() != before {
					t.Errorf("err = %v after %d requests, want a local error", err, e.requests.Load()-before)
				}
			case !errors.As(err, &se):
				t.Errorf("err = %T %v, want a *scim.Error", err, err)
			case se.Status != tt.status || se.ScimType != tt.scimType || se.Detail == "" || se.Err == nil:
				t.Errorf("error = %+v, want status %d scimType %q and a detail", se, tt.status, tt.scimType)
			}
			if strings.Contains(err.Error(), e.org.ServiceAccountToken) || strings.Contains(err.Error(), e.org.MemberToken) {
				t.Errorf("error text contains a token: %v", err)
			}
		})
	}
}

func TestMeta(t *testing.T) {
	e := newEnv(t)
	ctx := t.Context()
	cfg, err := e.sc.ServiceProviderConfig(ctx)
	if err != nil || !cfg.Patch.Supported || !cfg.Filter.Supported || cfg.Bulk.Supported || cfg.Filter.MaxResults != 100 {
		t.Errorf("config = %+v, %v", cfg, err)
	}
	types, err := e.sc.ResourceTypes(ctx)
	if err != nil || fmt.Sprint(ids(types, func(r scim.ResourceType) string { return r.Endpoint })) != "[/Users /Groups]" ||
		len(types[0].SchemaExtensions) != 1 || types[0].SchemaExtensions[0].Schema != scim.SchemaEnterpriseUser {
		t.Errorf("resource types = %+v, %v", types, err)
	}
	schemas, err := e.sc.Schemas(ctx)
	if err != nil || !slices.Equal(ids(schemas, func(s scim.Schema) string { return s.ID }),
		[]string{scim.SchemaUser, scim.SchemaEnterpriseUser, scim.SchemaGroup}) || len(schemas[0].Attributes) == 0 {
		t.Errorf("schemas = %+v, %v", schemas, err)
	}
}

func TestEq(t *testing.T) {
	tests := []struct{ attr, value, want string }{
		{"userName", "a@b.com", `userName eq "a@b.com"`},
		{"displayName", `R&D "core" \ <team>`, `displayName eq "R&D \"core\" \\ <team>"`},
	}
	for _, tt := range tests {
		if got := scim.Eq(tt.attr, tt.value); got != tt.want {
			t.Errorf("Eq(%q, %q) = %s, want %s", tt.attr, tt.value, got, tt.want)
		}
	}
}

// TestFilterQuotingRoundTrip sends names with quotes and backslashes
// through Eq to the fake's parser and back.
func TestFilterQuotingRoundTrip(t *testing.T) {
	e := newEnv(t)
	ctx := t.Context()
	for _, name := range []string{`Say "hi"`, `back\slash`, `R&D <core>`, "tab\there", "ünïcödé"} {
		g, err := e.sc.Groups.Create(ctx, scim.Group{DisplayName: name})
		if err != nil {
			t.Fatalf("create %q: %v", name, err)
		}
		found, err := collect(e.sc.Groups.List(ctx, &scim.ListOptions{Filter: scim.Eq("displayName", name)}).All())
		if err != nil || len(found) != 1 || found[0].ID != g.ID || found[0].DisplayName != name {
			t.Errorf("filter for %q: %+v, %v", name, found, err)
		}
	}
}

// TestFaultsGoThroughThePipeline: SCIM calls get the asana client's retry
// policy, and the fake answers faults on SCIM routes with SCIM errors.
func TestFaultsGoThroughThePipeline(t *testing.T) {
	tests := []struct {
		name      string
		fault     asanatest.Fault
		call      func(*env) error
		wantErr   error
		wantCalls int64
	}{
		{"GET retried after a 503", asanatest.Fault{Method: "GET", Route: "/scim/Users", Status: 503, Times: 2},
			func(e *env) error { _, err := e.sc.Users.List(t.Context(), nil).Page(""); return err }, nil, 3},
		{"429 honoured, then retried", asanatest.Fault{Method: "GET", Route: "/scim/Groups/{team_gid}", Status: 429, Times: 1},
			func(e *env) error { _, err := e.sc.Groups.Get(t.Context(), e.org.Teams[0].GID); return err }, nil, 2},
		{"POST not retried after a 500", asanatest.Fault{Method: "POST", Route: "/scim/Users", Status: 500, Times: 1},
			func(e *env) error {
				_, err := e.sc.Users.Create(t.Context(), scim.User{UserName: "x@" + e.org.Organization.EmailDomains[0], Active: true})
				return err
			}, asana.ErrServer, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			if err := e.srv.InjectFault(tt.fault); err != nil {
				t.Fatal(err)
			}
			err := tt.call(e)
			if tt.wantErr == nil && err != nil || tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			var se *scim.Error
			if tt.wantErr != nil && (!errors.As(err, &se) || se.Detail == "") {
				t.Errorf("err = %T %v, want a *scim.Error from the fault's SCIM body", err, err)
			}
			if got := e.requests.Load(); got != tt.wantCalls {
				t.Errorf("%d attempts, want %d", got, tt.wantCalls)
			}
		})
	}
}

// TestWireFormat checks what goes on the wire: SCIM's media type both
// ways, the /scim path under the base URL, the schemas Create fills in and
// a PatchOp body; and that no form of the client prints its token.
func TestWireFormat(t *testing.T) {
	const token = "0/secret-wire-token"
	var got []*http.Request
	var bodies []string
	rt := roundTripper(func(r *http.Request) (*http.Response, error) {
		var b []byte
		if r.Body != nil {
			b, _ = io.ReadAll(r.Body)
		}
		got, bodies = append(got, r), append(bodies, string(b))
		return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {scim.MediaType}},
			Body: io.NopCloser(strings.NewReader(`{"id":"7","userName":"a@b.test","active":true}`)), Request: r}, nil
	})
	c, err := asana.NewClient(token, asana.WithTransport(rt), asana.WithRateLimit(0, 0))
	if err != nil {
		t.Fatal(err)
	}
	sc := scim.New(c)
	ctx := t.Context()
	if _, err := sc.Users.Create(ctx, scim.User{UserName: "a@b.test", Active: true, Enterprise: &scim.EnterpriseUser{Department: "R&D"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := sc.Users.Patch(ctx, "7", scim.Replace("active", false)); err != nil {
		t.Fatal(err)
	}
	if _, err := sc.Users.Get(ctx, "7"); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		method, path, contentType, body string
	}{
		{"POST", "/api/1.0/scim/Users", scim.MediaType, `{"schemas":["` + scim.SchemaUser + `","` + scim.SchemaEnterpriseUser +
			`"],"userName":"a@b.test","active":true,"` + scim.SchemaEnterpriseUser + `":{"department":"R\u0026D"}}`},
		{"PATCH", "/api/1.0/scim/Users/7", scim.MediaType, `{"schemas":["` + scim.SchemaPatchOp +
			`"],"Operations":[{"op":"replace","path":"active","value":false}]}`},
		{"GET", "/api/1.0/scim/Users/7", "", ""},
	}
	if len(got) != len(tests) {
		t.Fatalf("%d requests, want %d", len(got), len(tests))
	}
	for i, tt := range tests {
		r := got[i]
		if r.Method != tt.method || r.URL.Path != tt.path {
			t.Errorf("request %d: %s %s, want %s %s", i, r.Method, r.URL.Path, tt.method, tt.path)
		}
		if ct := r.Header.Get("Content-Type"); ct != tt.contentType {
			t.Errorf("%s: Content-Type %q, want %q", tt.method, ct, tt.contentType)
		}
		if !strings.HasPrefix(r.Header.Get("Accept"), scim.MediaType) {
			t.Errorf("%s: Accept %q, want %s first", tt.method, r.Header.Get("Accept"), scim.MediaType)
		}
		if bodies[i] != tt.body {
			t.Errorf("%s body:\n got %s\nwant %s", tt.method, bodies[i], tt.body)
		}
	}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
		if s := fmt.Sprintf(verb, sc); strings.Contains(s, token) || strings.Contains(s, "secret-wire") {
			t.Errorf("%s of the client prints the token: %s", verb, s)
		}
	}
}
