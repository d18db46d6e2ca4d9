package asana

import (
	"context"
	"math"
	"net/http"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// limiter keeps a client within Asana's per-token limits: a token bucket
// paces requests to the quota, two semaphores cap concurrent reads and
// writes, and a shared pause holds every request after a 429 until its
// Retry-After has passed (rejected requests count against the quota too, so
// retrying early only prolongs a 429 storm).
type limiter struct {
	bucket *rate.Limiter // nil when pacing is off
	clock  Clock
	reads  chan struct{}
	writes chan struct{}

	mu          sync.Mutex
	pausedUntil time.Time
}

// newLimiter sizes the token bucket so that no span of one minute ever holds
// more than perMinute requests. A bucket of rate r and burst b admits at
// most b + r*60s requests in any minute (a full bucket at the start of the
// minute, then the refill), so the refill rate is (perMinute-burst)/minute:
// the burst is carved out of the quota instead of added to it. This holds
// for a server that counts in fixed windows as well as in sliding ones, from
// the first request on (the bucket starts full) and after any idle time.
// burst <= 0 picks defaultBurst(perMinute).
func newLimiter(perMinute float64, burst, reads, writes int, clk Clock) *limiter {
	l := &limiter{
		clock:  clk,
		reads:  make(chan struct{}, reads),
		writes: make(chan struct{}, writes),
	}
	if perMinute > 0 {
		if burst <= 0 {
			burst = defaultBurst(perMinute)
		}
		l.bucket = rate.NewLimiter(rate.Limit((perMinute-float64(burst))/60), burst)
	}
	return l
}

// defaultBurst is the burst used unless WithRateLimit sets one: one second's
// worth of the quota (25 for 1,500 a minute, 2 for 150). A burst costs its
// size in sustained rate (see newLimiter), so it stays small: at 1,500 a
// minute the client runs at 1,475 a minute, 98.3% of the quota, and a
// minute-long run sends the full 1,500. Bigger bursts would not make the
// client faster anyway: the quota, not latency, bounds a busy client.
func defaultBurst(perMinute float64) int {
	return max(1, int(perMinute/60))
}

// requestCost is what one HTTP request costs the limiter: tokens from the
// bucket and a concurrency slot. Most requests cost one token and the slot
// of their method; a batch costs a token per action and one slot, a write
// slot when any action writes (withCost).
type requestCost struct {
	tokens int
	write  bool
}

type costKey struct{}

// withCost returns ctx carrying the cost of the request sent with it.
func withCost(ctx context.Context, c requestCost) context.Context {
	return context.WithValue(ctx, costKey{}, c)
}

// costOf is the cost of a request to method sent with ctx.
func costOf(ctx context.Context, method string) requestCost {
	if c, ok := ctx.Value(costKey{}).(requestCost); ok {
		return c
	}
	return requestCost{tokens: 1, write: method != http.MethodGet && method != http.MethodHead}
}

// acquire takes a read or write concurrency slot and returns its release.
func (l *limiter) acquire(ctx context.Context, write bool) (func(), error) {
	sem := l.reads
	if write {
		sem = l.writes
	}
	select {
	case sem <- struct{}{}:
		return func() { <-sem }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// pause holds every request until at least t.
func (l *limiter) pause(until time.Time) {
	l.mu.Lock()
	if until.After(l.pausedUntil) {
		l.pausedUntil = until
	}
	l.mu.Unlock()
}

// pauseLeft returns how long requests must still wait after a 429.
func (l *limiter) pauseLeft() time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.pausedUntil.Sub(l.clock.Now())
}

// wait blocks until a request may be sent: first any pause after a 429, then
// n tokens from the bucket, then again any pause that a 429 started while
// this request waited for its tokens (they are spent: rejected requests
// count against the quota too). A wait that cannot end before ctx's deadline
// fails at once with a *LocalWaitError.
func (c *Client) wait(ctx context.Context, method, path string, n int) error {
	l := c.limits
	for {
		if d := l.pauseLeft(); d > 0 {
			if err := c.sleep(ctx, d, method, path, "pause after 429"); err != nil {
				return err
			}
			continue
		}
		if l.bucket == nil {
			return ctx.Err()
		}
		now := l.clock.Now()
		rs, ok := l.reserve(now, n)
		if !ok {
			return &LocalWaitError{Method: method, Path: path, Wait: time.Duration(math.MaxInt64), Reason: "rate limiter"}
		}
		if err := c.sleep(ctx, rs[len(rs)-1].DelayFrom(now), method, path, "rate limiter"); err != nil {
			for i := len(rs) - 1; i >= 0; i-- {
				rs[i].CancelAt(l.clock.Now())
			}
			return err
		}
		if l.pauseLeft() <= 0 {
			return nil
		}
	}
}

// reserve reserves n tokens at now, in reservations of at most the
// bucket's burst (a single one larger than the burst could never be
// granted: 10 actions of a batch against the free plan's burst of 2). Each
// reservation queues behind the one before, so the last one's delay is
// the wait for all n.
func (l *limiter) reserve(now time.Time, n int) ([]*rate.Reservation, bool) {
	n = max(n, 1)
	burst := max(l.bucket.Burst(), 1)
	rs := make([]*rate.Reservation, 0, (n+burst-1)/max(burst, 1))
	for left := n; left > 0; {
		k := min(left, burst)
		r := l.bucket.ReserveN(now, k)
		if !r.OK() {
			for i := len(rs) - 1; i >= 0; i-- {
				rs[i].CancelAt(now)
			}
			return nil, false
		}
		rs = append(rs, r)
		left -= k
	}
	return rs, len(rs) > 0
}

var contextDeadlineExceeded = context.DeadlineExceeded

// sleep waits d on the client's clock. If the context's deadline comes
// before d has passed, it returns a *LocalWaitError at once instead of
// waiting in vain.
func (c *Client) sleep(ctx context.Context, d time.Duration, method, path, reason string) error {
	if d <= 0 {
		return ctx.Err()
	}
	if dl, ok := ctx.Deadline(); ok && time.Until(dl) < d {
		return &LocalWaitError{Method: method, Path: path, Wait: d, Reason: reason}
	}
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-c.clock.After(d):
		return nil
	}
}
