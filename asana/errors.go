package asana

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Sentinel errors for errors.Is. An *Error matches the sentinel of its status
// class, so errors.Is(err, asana.ErrNotFound) works on any error a call returns.
var (
	ErrBadRequest       = errors.New("asana: bad request")        // 400
	ErrUnauthorized     = errors.New("asana: not authorized")     // 401
	ErrPaymentRequired  = errors.New("asana: payment required")   // 402
	ErrForbidden        = errors.New("asana: forbidden")          // 403
	ErrNotFound         = errors.New("asana: not found")          // 404
	ErrInvalidSyncToken = errors.New("asana: invalid sync token") // 412
	ErrRateLimited      = errors.New("asana: rate limited")       // 429
	ErrServer           = errors.New("asana: server error")       // 5xx
	// ErrRepeatedOffset ends an iteration whose server returned an offset it
	// had returned before, which would otherwise loop forever.
	ErrRepeatedOffset = errors.New("asana: pagination offset repeated")
	// ErrStalledPagination ends a list whose server kept answering empty
	// pages that point to a next one, or an event stream that kept saying
	// has_more without events: without it either would loop until the
	// context ends. The audit log, whose end is an empty page, never
	// reports it.
	ErrStalledPagination = errors.New("asana: pagination stalled")
)

// ErrorDetail is one entry of the "errors" array of an Asana error response.
type ErrorDetail struct {
	Message string `json:"message"`
	Help    string `json:"help,omitempty"`
	Phrase  string `json:"phrase,omitempty"`
}

// Error is an unsuccessful response from Asana, or a response that could not
// be read. It never contains the access token.
type Error struct {
	// StatusCode is the HTTP status; 0 if no response was received.
	StatusCode int
	// Method and Path identify the request (path without query string).
	Method string
	Path   string
	// Errors are Asana's error messages, if the body had any.
	Errors []ErrorDetail
	// RetryAfter is the server's Retry-After, for 429 and some 5xx answers.
	RetryAfter time.Duration
	// Attempts is how many times the request was sent.
	Attempts int
	// Body holds the start of a body that was not a valid Asana error
	// document (an HTML error page, say), for diagnosis; for a request
	// with NoEnvelope, the whole error body, for the caller to decode.
	Body string
	// SyncToken is the fresh sync token of a 412 answer from the events
	// endpoints.
	SyncToken string
	// Err is the underlying cause when the body could not be decoded or no
	// response arrived.
	Err error

	sent      bool // the request may have reached the server
	truncated bool // the answer was cut short
}

// Error formats as "asana: GET /tasks/123: 404 Not Found: task: Unknown object".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("asana: ")
	b.WriteString(e.Method)
	b.WriteByte(' ')
	b.WriteString(e.Path)
	if e.StatusCode != 0 {
		fmt.Fprintf(&b, ": %d %s", e.StatusCode, http.StatusText(e.StatusCode))
	}
	for i, d := range e.Errors {
		if i == 0 {
			b.WriteString(": ")
		} else {
			b.WriteString("; ")
		}
		b.WriteString(d.Message)
	}
	if e.RetryAfter > 0 {
		fmt.Fprintf(&b, " (retry after %s)", e.RetryAfter)
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	if e.Attempts > 1 {
		fmt.Fprintf(&b, " (after %d attempts)", e.Attempts)
	}
	return b.String()
}

// Unwrap returns the underlying cause, if any.
func (e *Error) Unwrap() error { return e.Err }

// Is matches the sentinel error for e's status code.
func (e *Error) Is(target error) bool {
	switch target {
	case ErrBadRequest:
		return e.StatusCode == http.StatusBadRequest
	case ErrUnauthorized:
		return e.StatusCode == http.StatusUnauthorized
	case ErrPaymentRequired:
		return e.StatusCode == http.StatusPaymentRequired
	case ErrForbidden:
		return e.StatusCode == http.StatusForbidden
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound
	case ErrInvalidSyncToken:
		return e.StatusCode == http.StatusPreconditionFailed
	case ErrRateLimited:
		return e.StatusCode == http.StatusTooManyRequests
	case ErrServer:
		return e.StatusCode >= 500 && e.StatusCode <= 599
	}
	return false
}

// LocalWaitError reports that the client's own rate limiter or a pause after
// a 429 would have to wait past the context's deadline. No request was sent
// for it: it is a local decision, not an answer from Asana.
type LocalWaitError struct {
	Method, Path string
	// Wait is how long the request would have had to wait.
	Wait time.Duration
	// Reason says what the wait was for.
	Reason string
}

// Error says what would have been waited for, and that nothing was sent.
func (e *LocalWaitError) Error() string {
	return fmt.Sprintf("asana: %s %s: not sent: local %s wait of %s would pass the context deadline",
		e.Method, e.Path, e.Reason, e.Wait.Round(time.Millisecond))
}

// Unwrap makes errors.Is(err, context.DeadlineExceeded) true.
func (e *LocalWaitError) Unwrap() error { return contextDeadlineExceeded }
