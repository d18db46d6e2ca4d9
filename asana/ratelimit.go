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

func newLimiter(perMinute float64, burst, reads, writes int, clk Clock) *limiter {
	l := &limiter{
		clock:  clk,
		reads:  make(chan struct{}, reads),
		writes: make(chan struct{}, writes),
	}
	if perMinute > 0 {
		l.bucket = rate.NewLimiter(rate.Limit(perMinute/60), burst)
	}
	return l
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
// a token from the bucket. A wait that cannot end before ctx's deadline
// fails at once with a *LocalWaitError.
func (c *Client) wait(ctx context.Context, method, path string) error {
	l := c.limits
	for {
		d := l.pauseLeft()
		if d <= 0 {
			break
		}
		if err := c.sleep(ctx, d, method, path, "pause after 429"); err != nil {
			return err
		}
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
	return nil
}
