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

// acquire takes a concurrency slot for method and returns its release.
func (l *limiter) acquire(ctx context.Context, method string) (func(), error) {
	sem := l.reads
	if method != http.MethodGet && method != http.MethodHead {
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
// a token from the bucket, then again any pause that a 429 started while
// this request waited for its token (the token is spent: rejected requests
// count against the quota too). A wait that cannot end before ctx's deadline
// fails at once with a *LocalWaitError.
func (c *Client) wait(ctx context.Context, method, path string) error {
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
		r := l.bucket.ReserveN(now, 1)
		if !r.OK() {
			return &LocalWaitError{Method: method, Path: path, Wait: time.Duration(math.MaxInt64), Reason: "rate limiter"}
		}
		d := r.DelayFrom(now)
		if err := c.sleep(ctx, d, method, path, "rate limiter"); err != nil {
			r.CancelAt(l.clock.Now())
			return err
		}
		if l.pauseLeft() <= 0 {
			return nil
		}
	}
}
