package asanatest

import (
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Fault is a misbehaviour to inject on matching API requests. Faults are
// data, checked against the fake's routes: a fault on a route the fake
// does not serve is an error, not a silent no-op.
type Fault struct {
	// Method is the HTTP method to match; empty matches any.
	Method string
	// Route is a spec path pattern such as "/tasks/{task_gid}" (as in
	// asana_oas.yaml, without /api/1.0). Required.
	Route string

	// Status, when set, answers with this status and an Asana error body
	// (Message, or Asana's wording for the status) instead of running the
	// handler. For 429 and 503, RetryAfter sets the Retry-After header.
	Status     int
	Message    string
	RetryAfter time.Duration
	// Latency delays the answer by this much on the fake's clock: a test
	// advances the clock (Clock.BlockUntil tells when a request waits)
	// instead of sleeping. A request whose context ends stops waiting.
	Latency time.Duration
	// DropConnection closes the connection without an answer (the
	// in-process transport returns an error).
	DropConnection bool
	// TruncateBody runs the request, then cuts the body in half: the
	// client sees an unexpected EOF. The request's effect stays done.
	TruncateBody bool

	// Times limits the fault to the next N matching requests; 0 means
	// every one (see Fraction).
	Times int
	// Fraction, between 0 and 1, applies the fault to that share of the
	// matching requests, drawn from the fake's seeded generator. 0 means
	// all of them.
	Fraction float64
}

type faultRule struct {
	Fault
	left int // remaining applications when Times > 0
}

// InjectFault adds a fault. It fails if the route (and method) is not one
// the fake serves, or the fault asks for nothing.
func (s *Server) InjectFault(f Fault) error {
	f.Method = strings.ToUpper(f.Method)
	if f.Status == 0 && f.Latency <= 0 && !f.DropConnection && !f.TruncateBody {
		return fmt.Errorf("asanatest: fault on %s %s does nothing", f.Method, f.Route)
	}
	if f.Status != 0 && (f.Status < 100 || f.Status > 599) {
		return fmt.Errorf("asanatest: fault status %d is not an HTTP status", f.Status)
	}
	if f.Fraction < 0 || f.Fraction > 1 || f.Times < 0 {
		return fmt.Errorf("asanatest: fault Times %d / Fraction %v out of range", f.Times, f.Fraction)
	}
	found := false
	for _, rt := range s.routes {
		if rt.pattern == f.Route && (f.Method == "" || f.Method == rt.method) {
			found = true
			break
		}
	}
	if !found {
		return fmt.Errorf("asanatest: no route %s %s to inject a fault on", strings.TrimSpace(f.Method+" "), f.Route)
	}
	s.faultMu.Lock()
	defer s.faultMu.Unlock()
	s.faults = append(s.faults, &faultRule{Fault: f, left: f.Times})
	return nil
}

// ClearFaults removes every injected fault.
func (s *Server) ClearFaults() {
	s.faultMu.Lock()
	defer s.faultMu.Unlock()
	s.faults = nil
}

// takeFault returns the first fault that applies to this request, using
// up one of its Times.
func (s *Server) takeFault(method, route string) *Fault {
	s.faultMu.Lock()
	defer s.faultMu.Unlock()
	for i, r := range s.faults {
		if r.Route != route || (r.Method != "" && r.Method != method) {
			continue
		}
		if r.Fraction > 0 && s.rng.Float64() >= r.Fraction {
			continue
		}
		f := r.Fault
		if r.Times > 0 {
			r.left--
			if r.left == 0 {
				s.faults = append(s.faults[:i:i], s.faults[i+1:]...)
			}
		}
		return &f
	}
	return nil
}

// faultKind names the fault for the request log.
func (f *Fault) kind() string {
	switch {
	case f.DropConnection:
		return "drop"
	case f.Status != 0:
		return "status"
	case f.TruncateBody:
		return "truncate"
	}
	return "latency"
}

func retryAfterHeader(h http.Header, d time.Duration) {
	if d > 0 {
		h.Set("Retry-After", fmt.Sprint(ceilSeconds(d)))
	}
}
