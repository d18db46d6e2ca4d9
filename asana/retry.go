package asana

import (
	"errors"
	"math/rand/v2"
	"net/http"
	"time"
)

// RetryPolicy says which failed requests are sent again, and how often.
//
// A 429 is always retried after its Retry-After: Asana rejected the request
// before doing anything. 5xx answers and transport errors are retried with
// exponential backoff and full jitter for GET, and for PUT and DELETE when
// RetryWrites is set. A POST is retried only when it provably never reached
// the server (the connection failed before the request was written): Asana
// has no idempotency keys, so a replayed create could duplicate.
type RetryPolicy struct {
	// MaxAttempts bounds how often one request is sent, retries included.
	MaxAttempts int
	// BaseDelay and MaxDelay bound the backoff: attempt n waits a random
	// duration in [0, min(MaxDelay, BaseDelay*2^(n-1))).
	BaseDelay time.Duration
	MaxDelay  time.Duration
	// RetryWrites allows retrying PUT and DELETE after 5xx and transport
	// errors. Both are idempotent in Asana's API, but a caller may prefer to
	// check state before repeating one.
	RetryWrites bool
}

// DefaultRetryPolicy returns the policy a Client uses unless told otherwise:
// up to 6 attempts, backoff from 500ms to 30s, writes not retried.
func DefaultRetryPolicy() RetryPolicy {
	return RetryPolicy{MaxAttempts: 6, BaseDelay: 500 * time.Millisecond, MaxDelay: 30 * time.Second}
}

// NoRetries returns a policy that sends every request once.
func NoRetries() RetryPolicy { return RetryPolicy{MaxAttempts: 1} }

func (p RetryPolicy) validate() error {
	if p.MaxAttempts < 1 {
		return errors.New("asana: RetryPolicy.MaxAttempts must be at least 1")
	}
	if p.BaseDelay < 0 || p.MaxDelay < p.BaseDelay {
		return errors.New("asana: RetryPolicy needs 0 <= BaseDelay <= MaxDelay")
	}
	return nil
}

// backoff returns the wait before attempt+1, with full jitter.
func (p RetryPolicy) backoff(attempt int) time.Duration {
	ceiling := p.MaxDelay
	if shift := attempt - 1; shift < 30 {
		if d := p.BaseDelay << shift; d > 0 && d < ceiling {
			ceiling = d
		}
	}
	if ceiling <= 0 {
		return 0
	}
	return rand.N(ceiling)
}

// retryable reports whether an attempt that ended with status (0 for a
// transport error) may be repeated. sent is false when the request provably
// never left the client.
func (p RetryPolicy) retryable(method string, status int, sent bool) bool {
	if status == http.StatusTooManyRequests {
		return true
	}
	if status != 0 && status < 500 {
		return false
	}
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return true
	case http.MethodPut, http.MethodDelete:
		return p.RetryWrites || !sent
	default:
		return !sent
	}
}

// afterFailure is the one place that decides what follows attempt n of a
// request that failed with e: whether it is sent again, and how long to
// wait first. A 429 is always retried (within MaxAttempts) with no wait of
// its own: attempt paused the whole client until its Retry-After
// (pauseAfter429), and the next attempt waits for that pause with every
// other request (Client.wait). Other failures are retried as the policy
// says, after the answer's Retry-After or else the backoff.
func (c *Client) afterFailure(method string, n int, e *Error) (time.Duration, bool) {
	if n >= c.retry.MaxAttempts {
		return 0, false
	}
	if e.StatusCode == http.StatusTooManyRequests {
		return 0, true
	}
	status := e.StatusCode
	if e.truncated {
		status = 0 // a body cut short is a transport failure
	}
	if !c.retry.retryable(method, status, e.sent) {
		return 0, false
	}
	if e.RetryAfter > 0 {
		return e.RetryAfter, true
	}
	return c.retry.backoff(n), true
}

// pauseAfter429 pauses every request of the client until e's Retry-After,
// or, when the header is missing or malformed, a backoff plus a second,
// which becomes e's RetryAfter.
func (c *Client) pauseAfter429(e *Error, n int) {
	if e.RetryAfter <= 0 {
		e.RetryAfter = c.retry.backoff(n) + time.Second
	}
	c.limits.pause(c.clock.Now().Add(e.RetryAfter))
}
