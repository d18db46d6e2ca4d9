package asana_test

// End-to-end tests: the typed client against the in-memory fake (package
// asanatest), in process, with no sockets. The two were written apart (the
// fake never imports the client), so every call here checks that they agree
// on paths, parameters, default field sets, bodies and answers.

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/asanatest"
)

// e2e is one fake with the demo organization and a client per role.
type e2e struct {
	srv *asanatest.Server
	org *asanatest.Org
	// sa uses the service account's token, the others personal tokens.
	sa, admin, member, guest *asana.Client
}

// newE2E starts an in-process fake with the demo organization. The clients
// share the fake's clock, switched to auto-advance: pacing, backoff and
// Retry-After waits jump the clock forward instead of sleeping.
func newE2E(t *testing.T, fakeOpts []asanatest.Option, clientOpts ...asana.Option) *e2e {
	t.Helper()
	srv, err := asanatest.New(fakeOpts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	srv.Clock().SetAutoAdvance(true)
	org, err := srv.DemoOrganization()
	if err != nil {
		t.Fatal(err)
	}
	e := &e2e{srv: srv, org: org}
	e.sa = e.client(t, org.ServiceAccountToken, clientOpts...)
	e.admin = e.client(t, org.AdminToken, clientOpts...)
	e.member = e.client(t, org.MemberToken, clientOpts...)
	e.guest = e.client(t, org.GuestToken, clientOpts...)
	return e
}

// client returns a client for token that reaches the fake through its
// in-process transport and runs on the fake's clock.
func (e *e2e) client(t *testing.T, token string, opts ...asana.Option) *asana.Client {
	t.Helper()
	all := append([]asana.Option{
		asana.WithBaseURL(e.srv.URL()),
		asana.WithTransport(e.srv.Transport()),
		asana.WithClock(e.srv.Clock()),
	}, opts...)
	c, err := asana.NewClient(token, all...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// collect drains an iterator, stopping at its first error.
func collect[T any](seq iter.Seq2[T, error]) ([]T, error) {
	var out []T
	for v, err := range seq {
		if err != nil {
			return out, err
		}
		out = append(out, v)
	}
	return out, nil
}

// walkPages follows a page-level call from the first page to the last.
func walkPages[T any](page func(offset string) (*asana.Page[T], error)) (items []T, pages int, err error) {
	offset := ""
	for {
		p, err := page(offset)
		if err != nil {
			return items, pages, err
		}
		items = append(items, p.Items...)
		pages++
		if p.NextOffset == "" {
			return items, pages, nil
		}
		offset = p.NextOffset
	}
}

// sameList checks that a list's items and its pages, walked by offset,
// are the same items, in the same order, without duplicates, and that the
// list has at least min items. It returns the items.
func sameList[T any](l *asana.List[T], gid func(T) string, min int) ([]T, error) {
	all, err := collect(l.All())
	if err != nil {
		return nil, fmt.Errorf("iterator: %w", err)
	}
	paged, pages, err := walkPages(l.Page)
	if err != nil {
		return nil, fmt.Errorf("pages: %w", err)
	}
	a, b := gids(all, gid), gids(paged, gid)
	if !slices.Equal(a, b) {
		return nil, fmt.Errorf("iterator gave %v, pages gave %v", a, b)
	}
	if len(a) < min {
		return nil, fmt.Errorf("got %d items, want at least %d", len(a), min)
	}
	if len(a) > small && pages < 2 {
		return nil, fmt.Errorf("%d items came in %d page: the limit was not applied", len(a), pages)
	}
	seen := map[string]bool{}
	for _, g := range a {
		if g == "" || seen[g] {
			return nil, fmt.Errorf("empty or repeated gid %q in %v", g, a)
		}
		seen[g] = true
	}
	return all, nil
}

func gids[T any](items []T, gid func(T) string) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = gid(it)
	}
	return out
}

func taskGID(t asana.Task) string                    { return t.GID }
func projectGID(p asana.Project) string              { return p.GID }
func userGID(u asana.User) string                    { return u.GID }
func teamGID(t asana.Team) string                    { return t.GID }
func sectionGID(s asana.Section) string              { return s.GID }
func storyGID(s asana.Story) string                  { return s.GID }
func attachmentGID(a asana.Attachment) string        { return a.GID }
func workspaceGID(w asana.Workspace) string          { return w.GID }
func teamMemberGID(m asana.TeamMembership) string    { return m.GID }
func wsMemberGID(m asana.WorkspaceMembership) string { return m.GID }
func namedGID(r asana.NamedResource) string          { return r.GID }

// small is the page size of the suite's lists: small enough that every
// list of the demo organization spans several pages.
const small = 2

// lo returns list options with the suite's page size and fields.
func lo(fields ...string) asana.ListOptions {
	return asana.ListOptions{Limit: small, Fields: fields}
}

// step is one call (or a list's iterator and page twins) of the suite.
type step struct {
	// methods names the typed methods the step calls, "Service.Method".
	methods []string
	// want is the sentinel the call must fail with; nil for success.
	want error
	run  func(ctx context.Context, s *suite) error
}

// suite is the state that the steps pass along: gids of what they created.
type suite struct {
	*e2e
	ws, team, project, section, task, subtask, story string
	newUser                                          asanatest.User
	newTeam, newProject, newSection, attachment, job string
	// Set by tagAndPortfolioSteps.
	tag, tag2, portfolio, portfolioCopy, membership string
	// Set by goalSteps.
	goal, goalRel, statusUpdate, projectStatus string
	// Set by timeTrackingSteps.
	tt timeSuite
}

func expect(cond bool, format string, args ...any) error {
	if cond {
		return nil
	}
	return fmt.Errorf(format, args...)
}

// TestE2EEveryMethod calls every typed method of the client against the
// fake, in an order where later steps use what earlier ones created, and
// checks each answer. TestE2ECoverage checks that no method is missing.
func TestE2EEveryMethod(t *testing.T) {
	e := newE2E(t, nil)
	s := &suite{e2e: e, ws: e.org.Organization.GID}
	ctx := t.Context()
	for _, st := range everyMethod() {
		name := strings.Join(st.methods, "+")
		t.Run(name, func(t *testing.T) {
			before := e.srv.RequestCounts().Total
			err := st.run(ctx, s)
			switch {
			case st.want == nil && err != nil:
				t.Fatalf("%s: %v", name, err)
			case st.want != nil && !errors.Is(err, st.want):
				t.Fatalf("%s: got %v, want %v", name, err, st.want)
			}
			// The log is bounded: take this step's requests from its end.
			recs := e.srv.Requests()
			recs = recs[max(0, len(recs)-(e.srv.RequestCounts().Total-before)):]
			if len(recs) == 0 {
				t.Fatalf("%s sent no request", name)
			}
			for _, r := range recs {
				if r.Route == "" {
					t.Errorf("%s: %s %s matched no route of the fake", name, r.Method, r.Path)
				}
			}
		})
	}
}

// TestE2ECoverage fails if a typed method of the client has no step.
func TestE2ECoverage(t *testing.T) {
	covered := map[string]bool{}
	for _, st := range everyMethod() {
		for _, m := range st.methods {
			covered[m] = true
		}
	}
	unserved := map[string]bool{}
	for _, m := range unservedMethods {
		if covered[m] {
			t.Errorf("%s has a step and is in unservedMethods: drop it from the list", m)
		}
		unserved[m] = true
	}
	var c asana.Client
	ct := reflect.TypeOf(c)
	var missing, all []string
	// VisibleFields includes the generated services, which Client embeds.
	for _, f := range reflect.VisibleFields(ct) {
		if !f.IsExported() || !strings.HasSuffix(f.Type.String(), "Service") {
			continue
		}
		for j := range f.Type.NumMethod() {
			name := f.Name + "." + f.Type.Method(j).Name
			all = append(all, name)
			if !covered[name] && !unserved[name] {
				missing = append(missing, name)
			}
			delete(covered, name)
			delete(unserved, name)
		}
	}
	for m := range unserved {
		t.Errorf("unservedMethods names %s, which is not a method of the client", m)
	}
	if len(all) < 100 {
		t.Fatalf("found only %d methods: is the reflection wrong?", len(all))
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("%d of %d methods have no end-to-end step:\n%s", len(missing), len(all), strings.Join(missing, "\n"))
	}
	for m := range covered {
		t.Errorf("step names %s, which is not a method of the client", m)
	}
	t.Logf("%d typed methods: %d exercised against asanatest, %d whose operation it does not serve yet",
		len(all), len(all)-len(unservedMethods), len(unservedMethods))
}
