package serviceaccounts

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/asanatest"
)

// interrupter is a RoundTripper that cancels the apply's context at its
// n-th request: before sending it (the write never happens) or after the
// fake answered (the write happened but the client never hears of it).
type interrupter struct {
	next   http.RoundTripper
	n      int
	after  bool
	cancel context.CancelFunc

	mu    sync.Mutex
	count int
}

func (it *interrupter) RoundTrip(req *http.Request) (*http.Response, error) {
	it.mu.Lock()
	it.count++
	hit := it.count == it.n
	it.mu.Unlock()
	if hit && !it.after {
		it.cancel()
		return nil, context.Canceled
	}
	resp, err := it.next.RoundTrip(req)
	if hit {
		it.cancel()
		if resp != nil {
			resp.Body.Close()
		}
		return nil, context.Canceled
	}
	return resp, err
}

func TestApplyInterruptedResumes(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	for trial := range 8 {
		after := trial%2 == 1
		sc := newScenario(t, 11, asanatest.Sizes{Users: 40, Teams: 3, Projects: 2, TasksPerProject: 1})
		ctx := t.Context()
		orgGID := sc.org.Organization.GID
		c := clientFor(t, sc.srv, sc.org.ServiceAccountToken)
		plan, err := PlanAccess(ctx, c, orgGID, sc.policy)
		if err != nil {
			t.Fatal(err)
		}
		n := 1 + rng.IntN(len(plan.Changes))
		t.Run(fmt.Sprintf("request %d of %d, after=%v", n, len(plan.Changes), after), func(t *testing.T) {
			journal := filepath.Join(t.TempDir(), "journal")
			sc.srv.ResetRequests()
			runCtx, cancel := context.WithCancel(ctx)
			defer cancel()
			it := &interrupter{next: sc.srv.Transport(), n: n, after: after, cancel: cancel}
			ic, err := asana.NewClient(sc.org.ServiceAccountToken, asana.WithTransport(it),
				asana.WithRateLimit(0, 0), asana.WithRetryPolicy(asana.NoRetries()))
			if err != nil {
				t.Fatal(err)
			}
			rep, err := Apply(runCtx, ic, plan, ApplyOptions{Override: true, Journal: journal, Concurrency: 4})
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("interrupted apply: err = %v", err)
			}
			if rep.Count(StatusDone) == len(plan.Changes) {
				t.Fatalf("the interruption came too late to test anything")
			}
			doneBefore := rep.Count(StatusDone)
			rep, err = Apply(ctx, c, plan, ApplyOptions{Override: true, Journal: journal, Concurrency: 4})
			if err != nil || rep.Err() != nil {
				t.Fatalf("resumed apply: %v %v", err, rep.Err())
			}
			if got := rep.Count(StatusDone) + rep.Count(StatusAlreadyDone) + rep.Count(StatusJournaled); got != len(plan.Changes) {
				t.Errorf("resumed apply accounts for %d of %d changes", got, len(plan.Changes))
			}
			if after && rep.Count(StatusAlreadyDone) == 0 {
				t.Errorf("the write that reached Asana unheard should be found done, not repeated: %+v", rep)
			}
			if rep.Count(StatusJournaled) != doneBefore {
				t.Errorf("the journal skipped %d changes, the first run did %d", rep.Count(StatusJournaled), doneBefore)
			}
			total, byPath := writes(sc.srv)
			if total != len(plan.Changes) {
				t.Errorf("%d successful writes for %d changes: %v", total, len(plan.Changes), byPath)
			}
			for p, k := range byPath {
				if strings.Contains(p, "/workspaces/") && k != plan.Count(DeprovisionUser)+plan.Count(RemoveGuest) {
					t.Errorf("%s written %d times", p, k)
				}
			}
			sc.check(t)
			again, err := PlanAccess(ctx, c, orgGID, sc.policy)
			if err != nil || !again.Empty() {
				t.Errorf("plan after resume: %v\n%s", err, text(again))
			}
		})
	}
}

func TestApplyJournalOfAnotherPlanIsIgnored(t *testing.T) {
	sc := newScenario(t, 12, asanatest.Sizes{Users: 30, Teams: 3, Projects: 2, TasksPerProject: 1})
	ctx := t.Context()
	c, plan := sc.plan(t)
	journal := filepath.Join(t.TempDir(), "journal")
	// A journal in which another plan did every one of these changes.
	j, err := openJournal(journal, "someotherplan")
	if err != nil {
		t.Fatal(err)
	}
	for _, ch := range plan.Changes {
		if err := j.record(ch.ID(), journalDone, sc.srv.Clock().Now()); err != nil {
			t.Fatal(err)
		}
	}
	j.close()
	rep, err := Apply(ctx, c, plan, ApplyOptions{Override: true, Journal: journal})
	if err != nil || rep.Count(StatusDone) != len(plan.Changes) {
		t.Fatalf("apply: %v, %d done of %d", err, rep.Count(StatusDone), len(plan.Changes))
	}
	st, err := os.Stat(journal)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("journal mode: %v %v", st.Mode(), err)
	}
	// A damaged last line (a crash mid-write) is ignored; damage before
	// the end is an error.
	f, _ := os.OpenFile(journal, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(`{"plan":"x","chan`)
	f.Close()
	j, err = openJournal(journal, plan.ID())
	if err != nil {
		t.Fatalf("torn last line: %v", err)
	}
	// The next run appends after the torn line: the journal stays
	// readable and keeps what it recorded.
	id := plan.Changes[0].ID()
	if err := j.record(id, journalBegun, sc.srv.Clock().Now()); err != nil {
		t.Fatal(err)
	}
	j.close()
	j, err = openJournal(journal, plan.ID())
	if err != nil {
		t.Fatalf("reopen after a torn line and a new entry: %v", err)
	}
	if got := j.state(id); got != journalBegun {
		t.Errorf("state after reopen = %q, want %q", got, journalBegun)
	}
	j.close()
	f, _ = os.OpenFile(journal, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString("\n{}\n")
	f.Close()
	if _, err := openJournal(journal, plan.ID()); err == nil {
		t.Errorf("damage in the middle should be an error")
	}
}

func TestApplyDeprovisionCap(t *testing.T) {
	sc := newScenario(t, 1, asanatest.Sizes{Users: 60, Teams: 4, Projects: 2, TasksPerProject: 1})
	ctx := t.Context()
	c, plan := sc.plan(t)
	removals := plan.Count(DeprovisionUser) + plan.Count(RemoveGuest)
	if removals < 3 {
		t.Fatalf("scenario removes only %d users", removals)
	}
	tests := []struct {
		name    string
		opts    ApplyOptions
		refused bool
	}{
		{"under the cap", ApplyOptions{MaxDeprovisions: removals, DryRun: true}, false},
		{"over the cap", ApplyOptions{MaxDeprovisions: removals - 1}, true},
		{"no removals allowed", ApplyOptions{MaxDeprovisions: -1}, true},
		{"override", ApplyOptions{MaxDeprovisions: 1, Override: true, DryRun: true}, false},
		{"default cap", ApplyOptions{}, removals > DefaultMaxDeprovisions},
		{"project delete cap", ApplyOptions{MaxDeprovisions: removals, MaxProjectDeletes: -1, DryRun: true}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc.srv.ResetRequests()
			rep, err := Apply(ctx, c, plan, tt.opts)
			if tt.refused {
				if !errors.Is(err, ErrCapExceeded) || !strings.Contains(err.Error(), fmt.Sprintf("removes %d users", removals)) {
					t.Fatalf("err = %v, want ErrCapExceeded", err)
				}
				if len(sc.srv.Requests()) != 0 || rep.Count(StatusNotAttempted) != len(plan.Changes) {
					t.Errorf("a refused plan must send nothing: %d requests", len(sc.srv.Requests()))
				}
				return
			}
			if err != nil {
				t.Fatalf("err = %v", err)
			}
		})
	}
}

func TestPersonalTokenNeedsServiceAccount(t *testing.T) {
	srv, org := demo(t)
	ctx := t.Context()
	c := clientFor(t, srv, org.AdminToken) // an admin, but a person
	pol := &Policy{Guests: &GuestPolicy{AllowedDomains: []string{"partner.example"}}}
	_, err := PlanAccess(ctx, c, org.Organization.GID, pol)
	if !errors.Is(err, ErrNotServiceAccount) || !strings.Contains(err.Error(), "personal access token of "+org.Admin.Name) {
		t.Errorf("PlanAccess: %v", err)
	}
	_, err = PlanCleanup(ctx, c, org.Organization.GID, CleanupRules{InactiveFor: 24 * time.Hour})
	if !errors.Is(err, ErrNotServiceAccount) {
		t.Errorf("PlanCleanup: %v", err)
	}
	_, err = PlanTeamSync(ctx, c, org.Organization.GID, org.Teams[0].Name, []string{org.Admin.Email})
	if !errors.Is(err, ErrNotServiceAccount) {
		t.Errorf("PlanTeamSync: %v", err)
	}
}

func TestRevokedTokenStopsApply(t *testing.T) {
	for _, conc := range []int{1, 6} {
		t.Run(fmt.Sprint("concurrency ", conc), func(t *testing.T) {
			sc := newScenario(t, 1, asanatest.Sizes{Users: 60, Teams: 4, Projects: 2, TasksPerProject: 1})
			ctx := t.Context()
			c, plan := sc.plan(t)
			// Revoke the token after the third change.
			var once sync.Once
			progressed := 0
			sc.srv.ResetRequests()
			rep, err := Apply(ctx, c, plan, ApplyOptions{Override: true, Concurrency: conc, Progress: func(Result) {
				progressed++
				if progressed == 3 {
					once.Do(func() {
						if err := sc.srv.DeauthorizeToken(sc.org.ServiceAccountToken); err != nil {
							t.Error(err)
						}
					})
				}
			}})
			if !errors.Is(err, ErrTokenRevoked) || !strings.Contains(err.Error(), "create a new one in the admin console") {
				t.Fatalf("err = %v", err)
			}
			refused := 0
			for _, r := range sc.srv.Requests() {
				if r.Status == http.StatusUnauthorized {
					refused++
				}
			}
			// Only the requests already in flight when the first 401
			// arrived can meet one too.
			if refused < 1 || refused > conc {
				t.Errorf("%d requests were refused with concurrency %d", refused, conc)
			}
			if rep.Count(StatusNotAttempted) == 0 {
				t.Errorf("nothing was left unattempted: %+v", rep)
			}
			if conc == 1 && rep.Count(StatusDone) != 3 {
				t.Errorf("done %d, want 3", rep.Count(StatusDone))
			}
		})
	}
}
