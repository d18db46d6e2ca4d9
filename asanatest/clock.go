package asanatest

import (
	"context"
	"sync"
	"time"
)

// DefaultStart is where a fake's clock starts unless WithClock or WithStart
// says otherwise: a Monday morning, so that the same seed gives the same
// timestamps in every run.
var DefaultStart = time.Date(2026, time.January, 5, 9, 0, 0, 0, time.UTC)

// Clock is the fake's controllable time source. Every timestamp the fake
// writes, every offset expiry, rate-limit window, injected latency and export
// progress reads it; the fake never calls time.Now on its own.
//
// A manual clock (NewClock) stands still until Advance or Set moves it, so
// tests are deterministic and never sleep. A real clock (NewRealClock)
// follows the wall clock, shifted by whatever Advance added; it suits the
// standalone server. Now and After form the method set of the asana client's
// Clock interface, so one clock can drive both sides of a test.
type Clock struct {
	mu      sync.Mutex
	now     time.Time // manual mode
	real    bool
	shift   time.Duration // real mode: added to time.Now
	auto    bool
	waiters []*waiter
	// changed is closed and replaced whenever the set of waiters changes,
	// so BlockUntil can wait without polling.
	changed chan struct{}
}

type waiter struct {
	at time.Time
	ch chan time.Time
}

// NewClock returns a manual clock showing start.
func NewClock(start time.Time) *Clock {
	return &Clock{now: start, changed: make(chan struct{})}
}

// NewRealClock returns a clock that follows the wall clock.
func NewRealClock() *Clock {
	return &Clock{real: true, changed: make(chan struct{})}
}

// Now returns the clock's current time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.nowLocked()
}

func (c *Clock) nowLocked() time.Time {
	if c.real {
		return time.Now().Add(c.shift)
	}
	return c.now
}

// SetAutoAdvance makes After on a manual clock jump the clock forward to the
// wake-up time at once instead of waiting for Advance, like a simulation
// whose time passes only while someone waits. A client's backoff and
// Retry-After pauses then finish instantly while timestamps stay exact.
func (c *Clock) SetAutoAdvance(on bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.auto = on
}

// After returns a channel that receives the clock's time once d has passed
// on this clock. On a manual clock that happens when Advance or Set reach
// the wake-up time (or at once under SetAutoAdvance); on a real clock after
// d of wall time or when Advance jumps past it.
func (c *Clock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan time.Time, 1)
	now := c.nowLocked()
	if d <= 0 {
		ch <- now
		return ch
	}
	if c.auto && !c.real {
		c.now = now.Add(d)
		c.fireLocked()
		ch <- c.now
		return ch
	}
	w := &waiter{at: now.Add(d), ch: ch}
	c.waiters = append(c.waiters, w)
	if c.real {
		// The timer's goroutine exists only while the wait lasts and ends
		// with it; Advance can release the waiter earlier.
		time.AfterFunc(d, func() {
			c.mu.Lock()
			defer c.mu.Unlock()
			c.releaseLocked(w, time.Now().Add(c.shift))
		})
	}
	c.notifyLocked()
	return ch
}

// Sleep waits d on the clock, or until ctx ends (then it returns ctx.Err()).
func (c *Clock) Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	ch := c.After(d)
	select {
	case <-ch:
		return nil
	case <-ctx.Done():
		c.cancel(ch)
		return ctx.Err()
	}
}

// cancel drops the waiter behind ch, so that BlockUntil does not count a
// wait that was abandoned.
func (c *Clock) cancel(ch <-chan time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, w := range c.waiters {
		if w.ch == ch {
			c.waiters = append(c.waiters[:i], c.waiters[i+1:]...)
			c.notifyLocked()
			return
		}
	}
}

// Advance moves the clock forward by d and wakes every waiter that is due.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.real {
		c.shift += d
	} else {
		c.now = c.now.Add(d)
	}
	c.fireLocked()
}

// Set moves a manual clock to t (forward or back) and wakes every waiter
// that is due. On a real clock it shifts the clock so that Now shows t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.real {
		c.shift = time.Until(t)
	} else {
		c.now = t
	}
	c.fireLocked()
}

// Waiters reports how many After calls are waiting for the clock.
func (c *Clock) Waiters() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.waiters)
}

// BlockUntil waits until at least n After calls wait on the clock, or ctx
// ends. Tests use it to advance the clock only once a request is parked on
// an injected latency, without sleeping.
func (c *Clock) BlockUntil(ctx context.Context, n int) error {
	for {
		c.mu.Lock()
		got, changed := len(c.waiters), c.changed
		c.mu.Unlock()
		if got >= n {
			return nil
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

func (c *Clock) fireLocked() {
	now := c.nowLocked()
	kept := c.waiters[:0]
	fired := false
	for _, w := range c.waiters {
		if !w.at.After(now) {
			w.ch <- now
			fired = true
			continue
		}
		kept = append(kept, w)
	}
	clear(c.waiters[len(kept):])
	c.waiters = kept
	if fired {
		c.notifyLocked()
	}
}

func (c *Clock) releaseLocked(w *waiter, now time.Time) {
	for i, x := range c.waiters {
		if x == w {
			c.waiters = append(c.waiters[:i], c.waiters[i+1:]...)
			w.ch <- now
			c.notifyLocked()
			return
		}
	}
}

func (c *Clock) notifyLocked() {
	close(c.changed)
	c.changed = make(chan struct{})
}
