package asana_test

import (
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/asanatest"
)

// tenReads is a batch of ten GET actions.
func tenReads() []asana.BatchAction {
	actions := make([]asana.BatchAction, asana.MaxBatchActions)
	for i := range actions {
		actions[i] = asana.NewBatchAction(http.MethodGet, "/users/{user_gid}", "me")
	}
	return actions
}

// TestE2EBatchPacingMatchesQuota runs 400 actions in batches of ten
// through a client paced for the free plan against a fake enforcing that
// quota per action: the client's one token per action must keep every
// window under the quota (a batch costing one token would meet 429s after
// the first minute's 15 batches).
func TestE2EBatchPacingMatchesQuota(t *testing.T) {
	e := newE2E(t, []asanatest.Option{asanatest.WithRateLimit(asana.FreePlanRequestsPerMinute, time.Minute)},
		asana.WithRateLimit(asana.FreePlanRequestsPerMinute, 0))
	ctx := t.Context()
	start := e.srv.Clock().Now()
	for i := range 40 {
		rs, err := e.sa.Batch.Send(ctx, tenReads())
		if err != nil {
			t.Fatalf("batch %d: %v", i, err)
		}
		for j, r := range rs {
			if r.Err != nil {
				t.Fatalf("batch %d action %d: %v", i, j, r.Err)
			}
		}
	}
	for _, r := range e.srv.Requests() {
		if r.Status == http.StatusTooManyRequests {
			t.Fatalf("429 at %v", r.Time.Sub(start))
		}
	}
	if d := e.srv.Clock().Now().Sub(start); d < 2*time.Minute || d > 3*time.Minute {
		t.Errorf("400 actions took %v of fake time", d)
	}
}

// TestE2EBatchRateLimited: a batch whose actions would pass the fake's
// quota is refused whole with a 429; the client pauses for its
// Retry-After and sends it again, as any request.
func TestE2EBatchRateLimited(t *testing.T) {
	e := newE2E(t, []asanatest.Option{asanatest.WithRateLimit(15, time.Minute)}, asana.WithRateLimit(0, 0))
	ctx := t.Context()
	start := e.srv.Clock().Now()
	for i := range 2 {
		if _, err := e.sa.Batch.Send(ctx, tenReads()); err != nil {
			t.Fatalf("batch %d: %v", i, err)
		}
	}
	var batches []asanatest.RequestRecord
	for _, r := range e.srv.Requests() {
		if r.Route == "/batch" {
			batches = append(batches, r)
		}
	}
	// The second batch met a 429 (10 + 10 > 15) and went again after the
	// window. The refused batch counted its 10 actions, so its retry
	// needs a fresh window.
	if len(batches) != 3 || batches[1].Status != http.StatusTooManyRequests || batches[2].Status != http.StatusOK ||
		batches[2].Time.Sub(start) < time.Minute {
		t.Fatalf("batches: %+v", batches)
	}
	// Without retries the 429 is the batch's error.
	c := e.client(t, e.org.ServiceAccountToken, asana.WithRateLimit(0, 0), asana.WithRetryPolicy(asana.NoRetries()))
	if _, err := c.Batch.Send(ctx, tenReads()); !errors.Is(err, asana.ErrRateLimited) {
		t.Errorf("batch past the quota without retries: %v", err)
	}
}
