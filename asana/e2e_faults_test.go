package asana_test

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/asanatest"
)

// The fake's clock drives the client: same method set, so one clock moves
// both sides of a test and nobody sleeps.
var _ asana.Clock = (*asanatest.Clock)(nil)

// TestE2EErrors checks that the fake's error answers reach callers as typed
// errors with Asana's messages, and never with the token.
func TestE2EErrors(t *testing.T) {
	e := newE2E(t, nil)
	ctx := t.Context()
	ws := e.org.Organization.GID

	// A plain (non-premium) workspace for the 402 of premium features.
	plain := asanatest.Must(e.srv.AddWorkspace(asanatest.Workspace{Name: "Side project"}))
	asanatest.Must(e.srv.AddWorkspaceMember(plain.GID, e.org.Member.GID, asanatest.MemberOptions{}))
	bogus := e.client(t, "0/not-a-real-token-0123456789")

	tests := []struct {
		name  string
		token string // asserted absent from the error
		call  func() error
		want  error
		msg   string // a message from the fake's errors[]
	}{
		{"unknown task", e.org.ServiceAccountToken, func() error {
			_, err := e.sa.Tasks.Get(ctx, "1999999999999990", nil)
			return err
		}, asana.ErrNotFound, "task: Unknown object: 1999999999999990"},
		{"malformed gid", e.org.ServiceAccountToken, func() error {
			// Typed methods refuse it before sending; the fake answers
			// like Asana when it arrives.
			_, err := e.sa.Do(ctx, &asana.Request{Path: "/projects/not-a-gid"}, nil)
			return err
		}, asana.ErrBadRequest, "Not a Long"},
		{"unknown opt_field", e.org.ServiceAccountToken, func() error {
			_, err := e.sa.Projects.Get(ctx, e.org.Projects[0].GID, &asana.GetOptions{Fields: []string{"no_such_field"}})
			return err
		}, asana.ErrBadRequest, "no_such_field"},
		{"limit out of range", e.org.ServiceAccountToken, func() error {
			_, err := e.sa.Workspaces.List(ctx, &asana.ListOptions{Limit: 101}).Page("")
			return err
		}, asana.ErrBadRequest, "limit"},
		{"forged offset", e.org.ServiceAccountToken, func() error {
			_, err := e.sa.Workspaces.List(ctx, &asana.ListOptions{Limit: 1, Offset: "forged"}).Page("")
			return err
		}, asana.ErrBadRequest, "offset"},
		{"missing required input", e.org.AdminToken, func() error {
			// The typed method checks this before sending; Do does not.
			_, err := e.admin.Do(ctx, &asana.Request{Method: "POST", Path: "/teams", Body: map[string]string{"organization": ws}}, nil)
			return err
		}, asana.ErrBadRequest, "name: Missing input"},
		{"member exports the org", e.org.MemberToken, func() error {
			_, err := e.member.OrganizationExports.Create(ctx, ws, nil)
			return err
		}, asana.ErrForbidden, "service accounts"},
		{"guest reads a team it is not in", e.org.GuestToken, func() error {
			for _, tm := range e.org.Teams {
				if _, err := e.guest.Teams.Get(ctx, tm.GID, nil); err != nil {
					return err
				}
			}
			return nil
		}, asana.ErrForbidden, ""},
		{"search without premium", e.org.MemberToken, func() error {
			_, err := e.member.Tasks.Search(ctx, plain.GID, &asana.TaskSearchOptions{Text: "x"})
			return err
		}, asana.ErrPaymentRequired, "premium"},
		{"unknown token", "0/not-a-real-token-0123456789", func() error {
			_, err := bogus.Users.Get(ctx, "me", nil)
			return err
		}, asana.ErrUnauthorized, "Not Authorized"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			if !errors.Is(err, tt.want) {
				t.Fatalf("got %v, want %v", err, tt.want)
			}
			var ae *asana.Error
			if !errors.As(err, &ae) || ae.Attempts != 1 || len(ae.Errors) == 0 {
				t.Fatalf("not a single-attempt *asana.Error with Asana's messages: %#v", err)
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("%q lacks %q", err, tt.msg)
			}
			if strings.Contains(err.Error(), tt.token) || strings.Contains(ae.Body, tt.token) {
				t.Errorf("the token leaked into %q", err)
			}
		})
	}
}

// TestE2EDeauthorizedMidIteration revokes the token between two pages: the
// iterator yields what it had, then 401 once, and stops.
func TestE2EDeauthorizedMidIteration(t *testing.T) {
	e := newE2E(t, nil)
	ctx := t.Context()
	o := &asana.UserListOptions{Workspace: e.org.Organization.GID, ListOptions: asana.ListOptions{Limit: 2}}
	var got, errs int
	for _, err := range e.member.Users.List(ctx, o).All() {
		if err != nil {
			errs++
			if !errors.Is(err, asana.ErrUnauthorized) {
				t.Fatalf("error %v, want 401", err)
			}
			continue
		}
		got++
		if got == 2 {
			if err := e.srv.DeauthorizeToken(e.org.MemberToken); err != nil {
				t.Fatal(err)
			}
		}
	}
	if got != 2 || errs != 1 {
		t.Errorf("got %d users and %d errors, want 2 and 1", got, errs)
	}
	// Other tokens are untouched.
	if _, err := e.admin.Users.Get(ctx, "me", nil); err != nil {
		t.Errorf("admin after the member's revocation: %v", err)
	}
	recs := e.srv.Requests()
	if last := recs[len(recs)-2]; last.Status != http.StatusUnauthorized || !strings.Contains(last.Query, "offset=") {
		t.Errorf("the 401 was not on the next page: %+v", last)
	}
}

// TestE2ERateLimitPause runs a listing into the fake's request quota on a
// clock that stands still: the client must park every request on the
// Retry-After the fake sent, send nothing meanwhile, and finish once the
// clock has moved on, without an error.
func TestE2ERateLimitPause(t *testing.T) {
	srv := asanatest.Must(asanatest.New(asanatest.WithRateLimit(5, time.Minute)))
	t.Cleanup(srv.Close)
	org := asanatest.Must(srv.DemoOrganization())
	c, err := asana.NewClient(org.ServiceAccountToken,
		asana.WithBaseURL(srv.URL()), asana.WithTransport(srv.Transport()), asana.WithClock(srv.Clock()),
		asana.WithRateLimit(0, 0)) // no pacing: let the fake's quota bite
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	type result struct {
		n   int
		err error
	}
	done := make(chan result, 1)
	go func() {
		users, err := collect(c.Users.List(ctx, &asana.UserListOptions{Workspace: org.Organization.GID, ListOptions: asana.ListOptions{Limit: 1}}).All())
		done <- result{len(users), err}
	}()

	start := srv.Clock().Now()
	if err := srv.Clock().BlockUntil(ctx, 1); err != nil {
		t.Fatal(err)
	}
	recs := srv.Requests()
	if len(recs) != 6 || recs[5].Status != http.StatusTooManyRequests {
		t.Fatalf("before the pause: %d requests, last %+v; want 5 answered and the 6th a 429", len(recs), recs[len(recs)-1])
	}
	srv.Clock().Advance(59 * time.Second)
	if n := len(srv.Requests()); n != 6 {
		t.Fatalf("%d requests during the pause", n)
	}
	srv.Clock().Advance(time.Second)
	r := <-done
	if r.err != nil {
		t.Fatal(r.err)
	}
	want := len(org.Users) - len(org.Inactive)
	if r.n < want {
		t.Errorf("listed %d users, want at least %d", r.n, want)
	}
	recs = srv.Requests()
	for _, rec := range recs[6:] {
		if rec.Time.Before(start.Add(time.Minute)) || rec.Status != http.StatusOK {
			t.Errorf("request after the 429 at %v with %d", rec.Time.Sub(start), rec.Status)
		}
	}
}

// TestE2EPacingMatchesQuota runs 400 reads through a client paced for the
// free plan's 150 a minute against a fake enforcing that quota: the
// client's token bucket must keep every fixed window of the fake under its
// quota, so no request meets a 429.
func TestE2EPacingMatchesQuota(t *testing.T) {
	e := newE2E(t, []asanatest.Option{asanatest.WithRateLimit(asana.FreePlanRequestsPerMinute, time.Minute)},
		asana.WithRateLimit(asana.FreePlanRequestsPerMinute, 0))
	ctx := t.Context()
	start := e.srv.Clock().Now()
	for i := range 400 {
		if _, err := e.sa.Users.Get(ctx, "me", nil); err != nil {
			t.Fatalf("request %d: %v", i, err)
		}
	}
	for _, r := range e.srv.Requests() {
		if r.Status == http.StatusTooManyRequests {
			t.Fatalf("429 at %v", r.Time.Sub(start))
		}
	}
	// 400 requests at 150 a minute take more than two minutes; much more
	// would mean the client wastes quota.
	if d := e.srv.Clock().Now().Sub(start); d < 2*time.Minute || d > 3*time.Minute {
		t.Errorf("400 requests took %v of fake time", d)
	}
}

// TestE2EFaults injects faults on the fake's routes and checks the client's
// retry decisions: reads are retried after 5xx, dropped connections and
// truncated bodies; a create is never replayed once it may have reached
// Asana; updates are retried only when the caller opts in.
func TestE2EFaults(t *testing.T) {
	tests := []struct {
		name   string
		fault  asanatest.Fault
		policy *asana.RetryPolicy
		call   func(ctx context.Context, e *e2e) error
		want   error // nil: the call succeeds
		sent   int   // requests the fake saw for the call
		// created, for createTask, is how many tasks it left in the fake.
		created int
	}{
		{"503 on GET retried", asanatest.Fault{Route: "/users/{user_gid}", Status: 503, Times: 2}, nil,
			getMe, nil, 3, 0},
		{"500 on GET until attempts run out", asanatest.Fault{Route: "/users/{user_gid}", Status: 500}, nil,
			getMe, asana.ErrServer, asana.DefaultRetryPolicy().MaxAttempts, 0},
		{"429 fault honours Retry-After", asanatest.Fault{Route: "/users/{user_gid}", Status: 429, RetryAfter: 7 * time.Second, Times: 1}, nil,
			getMe, nil, 2, 0},
		{"dropped connection on GET retried", asanatest.Fault{Route: "/users/{user_gid}", DropConnection: true, Times: 1}, nil,
			getMe, nil, 2, 0},
		{"truncated body on GET retried", asanatest.Fault{Route: "/users/{user_gid}", TruncateBody: true, Times: 1}, nil,
			getMe, nil, 2, 0},
		{"truncated page mid-listing retried", asanatest.Fault{Route: "/users", TruncateBody: true, Times: 1}, nil,
			func(ctx context.Context, e *e2e) error {
				us, err := collect(e.sa.Users.List(ctx, &asana.UserListOptions{Workspace: e.org.Organization.GID}).All())
				if err == nil && len(us) < len(e.org.Users)-len(e.org.Inactive) {
					return errors.New("users missing")
				}
				return err
			}, nil, 2, 0},
		{"503 on POST not replayed", asanatest.Fault{Method: "POST", Route: "/tasks", Status: 503, Times: 1}, nil,
			createTask, asana.ErrServer, 1, 0},
		{"dropped POST not replayed", asanatest.Fault{Method: "POST", Route: "/tasks", DropConnection: true, Times: 1}, nil,
			createTask, errTransport, 1, 0},
		// The create happened; only its answer was lost. A replay would
		// have made a second task.
		{"truncated POST not replayed", asanatest.Fault{Method: "POST", Route: "/tasks", TruncateBody: true, Times: 1}, nil,
			createTask, errTransport, 1, 1},
		{"503 on PUT not retried by default", asanatest.Fault{Method: "PUT", Route: "/tasks/{task_gid}", Status: 503, Times: 1}, nil,
			renameTask, asana.ErrServer, 1, 0},
		{"503 on PUT retried with RetryWrites", asanatest.Fault{Method: "PUT", Route: "/tasks/{task_gid}", Status: 503, Times: 1},
			&asana.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Second, MaxDelay: time.Second, RetryWrites: true},
			renameTask, nil, 2, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var opts []asana.Option
			if tt.policy != nil {
				opts = append(opts, asana.WithRetryPolicy(*tt.policy))
			}
			e := newE2E(t, nil, opts...)
			ctx := t.Context()
			if err := e.srv.InjectFault(tt.fault); err != nil {
				t.Fatal(err)
			}
			e.srv.ResetRequests()
			start := e.srv.Clock().Now()
			err := tt.call(ctx, e)
			switch {
			case tt.want == nil && err != nil:
				t.Fatalf("got %v", err)
			case tt.want == errTransport:
				var ae *asana.Error
				if !errors.As(err, &ae) || ae.Err == nil || len(ae.Errors) > 0 || ae.Attempts != 1 {
					t.Fatalf("got %#v, want a one-attempt *asana.Error for an answer that never arrived whole", err)
				}
			case tt.want != nil && !errors.Is(err, tt.want):
				t.Fatalf("got %v, want %v", err, tt.want)
			}
			if n := len(e.srv.Requests()); n != tt.sent {
				t.Errorf("the fake saw %d requests, want %d", n, tt.sent)
			}
			if tt.fault.Route == "/tasks" {
				n := 0
				for tk, err := range e.sa.Tasks.ListForProject(ctx, e.org.Projects[0].GID, nil).All() {
					if err != nil {
						t.Fatal(err)
					}
					if tk.Name == "once" {
						n++
					}
				}
				if n != tt.created {
					t.Errorf("%d tasks created, want %d", n, tt.created)
				}
			}
			if tt.fault.RetryAfter > 0 {
				if d := e.srv.Clock().Now().Sub(start); d < tt.fault.RetryAfter {
					t.Errorf("retried after %v, before Retry-After %v", d, tt.fault.RetryAfter)
				}
			}
		})
	}
}

// errTransport marks a case that must fail with an *asana.Error for a
// request whose answer never arrived whole.
var errTransport = errors.New("transport failure")

func getMe(ctx context.Context, e *e2e) error {
	u, err := e.sa.Users.Get(ctx, "me", nil)
	if err == nil && u.GID != e.org.ServiceAccount.GID {
		return errors.New("wrong user")
	}
	return err
}

func createTask(ctx context.Context, e *e2e) error {
	_, err := e.sa.Tasks.Create(ctx, &asana.TaskCreateRequest{Name: "once", Projects: []string{e.org.Projects[0].GID}}, nil)
	return err
}

func renameTask(ctx context.Context, e *e2e) error {
	var gid string
	for tk, err := range e.sa.Tasks.ListForProject(ctx, e.org.Projects[0].GID, nil).All() {
		if err != nil {
			return err
		}
		gid = tk.GID
		break
	}
	e.srv.ResetRequests()
	_, err := e.sa.Tasks.Update(ctx, gid, &asana.TaskUpdateRequest{Name: asana.Ptr("renamed")}, nil)
	return err
}

// TestE2EOrganizationExport follows an export from pending to finished on
// the fake's clock and downloads it.
func TestE2EOrganizationExport(t *testing.T) {
	e := newE2E(t, nil)
	ctx := t.Context()
	clk := e.srv.Clock()
	x, err := e.sa.OrganizationExports.Create(ctx, e.org.Organization.GID, nil)
	if err != nil {
		t.Fatal(err)
	}
	if x.State != asana.ExportPending || x.Organization == nil || x.Organization.GID != e.org.Organization.GID || x.CreatedAt.IsZero() {
		t.Fatalf("new export %+v", x)
	}
	for _, step := range []struct {
		advance time.Duration
		state   string
	}{
		{asanatest.ExportStartDelay - time.Second, asana.ExportPending},
		{time.Second, asana.ExportStarted},
		{asanatest.ExportDuration - asanatest.ExportStartDelay, asana.ExportFinished},
	} {
		clk.Advance(step.advance)
		got, err := e.sa.OrganizationExports.Get(ctx, x.GID, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got.State != step.state || (got.DownloadURL != "") != (step.state == asana.ExportFinished) {
			t.Fatalf("after %v: %+v, want %s", clk.Now().Sub(x.CreatedAt), got, step.state)
		}
		x = got
	}
	if _, err := e.member.OrganizationExports.Get(ctx, x.GID, nil); !errors.Is(err, asana.ErrForbidden) {
		t.Errorf("member reading the export: %v, want 403", err)
	}

	// The download URL is pre-signed: no Authorization header.
	resp, err := e.srv.HTTPClient().Get(x.DownloadURL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("download: %s", resp.Status)
	}
	zr, err := gzip.NewReader(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	sc := bufio.NewScanner(zr)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var obj struct {
			ResourceType string `json:"resource_type"`
		}
		if err := json.Unmarshal(sc.Bytes(), &obj); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		kinds[obj.ResourceType]++
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if kinds["workspace"] != 1 || kinds["team"] != len(e.org.Teams) || kinds["project"] != len(e.org.Projects) || kinds["task"] < e.org.Tasks {
		t.Errorf("export holds %v", kinds)
	}
}
