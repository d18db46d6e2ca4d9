package asana

import (
	"context"
	"time"
)

// Clock is the time source of a Client: it paces requests, times backoff and
// the pause after a 429. asanatest's clock satisfies it, so tests move time
// forward instead of sleeping.
type Clock interface {
	Now() time.Time
	// After returns a channel that receives once d has passed on this clock.
	After(d time.Duration) <-chan time.Time
}

type realClock struct{}

func (realClock) Now() time.Time                         { return time.Now() }
func (realClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

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
