package conformance

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"sync"
)

// Allowance excuses violations that come from errors in Asana's spec, not
// from the fake: fields the spec calls non-nullable that Asana returns as
// null, statuses it returns but does not document. Empty match fields
// match anything; at least one of Operation, Field and Reason must be set.
type Allowance struct {
	// Operation is "METHOD /spec/path", or "" for every operation.
	Operation string
	// Status is the response status, or 0 for any.
	Status int
	// Field is a pointer as in Violation.Field; a leading "**" matches any
	// prefix ("**/photo" matches /data/photo and /data/*/photo).
	Field string
	// Reason is a substring of Violation.Reason.
	Reason string
	// Why names the spec error and how Asana really behaves. Required.
	Why string
}

func (a Allowance) matches(v Violation) bool {
	if a.Operation != "" && a.Operation != v.Operation {
		return false
	}
	if a.Status != 0 && a.Status != v.Status {
		return false
	}
	if a.Field != "" {
		if suffix, ok := strings.CutPrefix(a.Field, "**"); ok {
			if !strings.HasSuffix(v.Field, suffix) {
				return false
			}
		} else if a.Field != v.Field {
			return false
		}
	}
	return a.Reason == "" || strings.Contains(v.Reason, a.Reason)
}

// String shows what the allowance matches, for test output.
func (a Allowance) String() string {
	return fmt.Sprintf("{op %q status %d field %q reason %q}", a.Operation, a.Status, a.Field, a.Reason)
}

// Recorder checks exchanges as they happen and keeps the tallies for a
// summary. It is safe for concurrent use. Identical exchanges (same
// request path, status, content type and body) are checked once and
// counted every time, which keeps benchmarks that repeat one request cheap.
type Recorder struct {
	spec  *Spec
	allow []Allowance

	mu      sync.Mutex
	counts  map[opStatus]int
	checked map[[32]byte]checked // by exchange digest
	found   map[Violation]*Finding
	excused []int // hits per allowance
}

// checked is the outcome of checking one distinct exchange.
type checked struct {
	op       string
	findings []*Finding
}

type opStatus struct {
	op     string
	status int
}

// Finding is a distinct violation with how often it occurred and the
// request path of its first occurrence.
type Finding struct {
	Violation
	Count   int
	Example string
	// Allowance is the index of the allow-list entry that excuses it, or -1.
	Allowance int
}

// NewRecorder returns a recorder checking against spec, excusing what
// allow matches. It rejects allowances without a reason, without a field
// or reason to match, or naming an operation the spec does not have.
func NewRecorder(spec *Spec, allow []Allowance) (*Recorder, error) {
	ops := spec.Operations()
	var errs []error
	for i, a := range allow {
		switch {
		case strings.TrimSpace(a.Why) == "":
			errs = append(errs, fmt.Errorf("allowance %d %v: Why is empty", i, a))
		case a.Operation == "" && a.Field == "" && a.Reason == "":
			errs = append(errs, fmt.Errorf("allowance %d %v: needs an Operation, a Field or a Reason", i, a))
		case a.Operation != "" && !slices.Contains(ops, a.Operation):
			errs = append(errs, fmt.Errorf("allowance %d %v: no such operation in the spec", i, a))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("conformance: %w", err)
	}
	return &Recorder{
		spec:    spec,
		allow:   allow,
		counts:  map[opStatus]int{},
		checked: map[[32]byte]checked{},
		found:   map[Violation]*Finding{},
		excused: make([]int, len(allow)),
	}, nil
}

// Observe checks one exchange and records the outcome.
func (r *Recorder) Observe(ctx context.Context, ex Exchange) {
	key := digest(ex)
	r.mu.Lock()
	c, seen := r.checked[key]
	if seen {
		r.count(ex, c)
		r.mu.Unlock()
		return
	}
	r.mu.Unlock()

	op, vs := r.spec.Check(ctx, ex)

	r.mu.Lock()
	defer r.mu.Unlock()
	c = checked{op: op}
	for _, v := range vs {
		f := r.found[v]
		if f == nil {
			f = &Finding{Violation: v, Example: example(ex), Allowance: -1}
			for i, a := range r.allow {
				if a.matches(v) {
					f.Allowance = i
					break
				}
			}
			r.found[v] = f
		}
		c.findings = append(c.findings, f)
	}
	r.checked[key] = c
	r.count(ex, c)
}

// count tallies one exchange with the outcome c; r.mu is held.
func (r *Recorder) count(ex Exchange, c checked) {
	r.counts[opStatus{c.op, ex.Status}]++
	for _, f := range c.findings {
		f.Count++
		if f.Allowance >= 0 {
			r.excused[f.Allowance]++
		}
	}
}

// example is the request line of ex, its query cut short (opt_fields
// lists run to kilobytes).
func example(ex Exchange) string {
	uri := ex.URL.RequestURI()
	if len(uri) > 120 {
		uri = uri[:117] + "..."
	}
	return ex.Method + " " + uri
}

func digest(ex Exchange) [32]byte {
	h := sha256.New()
	fmt.Fprintf(h, "%s %s %d %s\n", ex.Method, ex.URL.EscapedPath(), ex.Status, ex.Header.Get("Content-Type"))
	h.Write(ex.Body)
	var d [32]byte
	h.Sum(d[:0])
	return d
}

// Summary is what a recorder saw.
type Summary struct {
	// Counts maps "METHOD /path" to the number of responses per status.
	Counts map[string]map[int]int
	Total  int
	// Violations are the findings no allowance excuses; Excused the others.
	Violations, Excused []Finding
	// Unused lists allowances that excused nothing in this run.
	Unused []Allowance
}

// Summary returns the tallies so far.
func (r *Recorder) Summary() Summary {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := Summary{Counts: map[string]map[int]int{}}
	for k, n := range r.counts {
		m := s.Counts[k.op]
		if m == nil {
			m = map[int]int{}
			s.Counts[k.op] = m
		}
		m[k.status] += n
		s.Total += n
	}
	for _, f := range r.found {
		if f.Allowance >= 0 {
			s.Excused = append(s.Excused, *f)
		} else {
			s.Violations = append(s.Violations, *f)
		}
	}
	byViolation := func(a, b Finding) int { return strings.Compare(a.String(), b.String()) }
	slices.SortFunc(s.Violations, byViolation)
	slices.SortFunc(s.Excused, byViolation)
	for i, n := range r.excused {
		if n == 0 {
			s.Unused = append(s.Unused, r.allow[i])
		}
	}
	return s
}

// Write prints the summary: responses per operation and status, then the
// excused and unexcused violations.
func (s Summary) Write(w io.Writer, allow []Allowance) {
	ops := make([]string, 0, len(s.Counts))
	for op := range s.Counts {
		ops = append(ops, op)
	}
	sort.Strings(ops)
	fmt.Fprintf(w, "conformance: %d responses validated across %d operations\n", s.Total, len(ops))
	for _, op := range ops {
		statuses := make([]int, 0, len(s.Counts[op]))
		for st := range s.Counts[op] {
			statuses = append(statuses, st)
		}
		sort.Ints(statuses)
		parts := make([]string, len(statuses))
		for i, st := range statuses {
			parts[i] = fmt.Sprintf("%d×%d", st, s.Counts[op][st])
		}
		fmt.Fprintf(w, "  %-60s %s\n", op, strings.Join(parts, " "))
	}
	if len(s.Excused) > 0 {
		fmt.Fprintf(w, "excused by the allow-list (Asana's spec errors): %d\n", len(s.Excused))
		for i, a := range allow {
			first := true
			for _, f := range s.Excused {
				if f.Allowance != i {
					continue
				}
				if first {
					fmt.Fprintf(w, "  because %s:\n", a.Why)
					first = false
				}
				fmt.Fprintf(w, "    %v (×%d)\n", f.Violation, f.Count)
			}
		}
	}
	if len(s.Violations) > 0 {
		fmt.Fprintf(w, "VIOLATIONS: %d\n", len(s.Violations))
		for _, f := range s.Violations {
			fmt.Fprintf(w, "  %v (×%d, e.g. %s)\n", f.Violation, f.Count, f.Example)
		}
	}
}
