package asana

import "time"

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
