package asanatest

// Conformance: every API response any test of this package gets from the
// fake is checked against Asana's OpenAPI spec (status documented for the
// operation, JSON content type, body schema, envelopes, no property the
// spec does not name). TestMain installs the checker; after the tests it
// prints a summary (per operation in -v mode) and fails the run on any
// violation that conformance_allow_test.go does not excuse.
//
// The spec comes from $ASANA_OPENAPI_SPEC (.ci/run sets it), else
// ../../shared/asana-openapi/asana_oas.yaml. When it is missing the checks
// are skipped, except under CI=true, where TestConformanceSpec fails.

import (
	"context"
	"flag"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/asanakit/asana-go/asanatest/internal/conformance"
)

// defaultSpecPath is the spec's place relative to this package's directory
// in the project's layout.
const defaultSpecPath = "../../shared/asana-openapi/asana_oas.yaml"

func specPath() string {
	if p := os.Getenv("ASANA_OPENAPI_SPEC"); p != "" {
		return p
	}
	return defaultSpecPath
}

// checker loads the spec once per test binary, on first use.
type checker struct {
	path string
	once sync.Once
	rec  *conformance.Recorder
	spec *conformance.Spec
	err  error
}

func (c *checker) load() (*conformance.Spec, *conformance.Recorder, error) {
	c.once.Do(func() {
		opts := conformance.Options{Operations: fakeOperations()}
		if dir, err := os.UserCacheDir(); err == nil {
			opts.CacheDir = filepath.Join(dir, "asana-go", "conformance")
		}
		c.spec, c.err = conformance.Load(c.path, opts)
		if c.err == nil {
			c.rec, c.err = conformance.NewRecorder(c.spec, allowList())
		}
	})
	return c.spec, c.rec, c.err
}

// observe is the responseObserver while the tests run.
func (c *checker) observe(r *http.Request, status int, h http.Header, body []byte) {
	_, rec, err := c.load()
	if err != nil {
		return // reported by finish
	}
	u := &url.URL{Path: r.URL.Path, RawPath: r.URL.RawPath, RawQuery: r.URL.RawQuery}
	rec.Observe(context.Background(), conformance.Exchange{Method: r.Method, URL: u, Status: status, Header: h, Body: body})
}

// finish reports what the checker saw and turns an unexcused violation
// into a failing exit code.
func (c *checker) finish(code int) int {
	spec, rec, err := c.load()
	if err != nil {
		fmt.Fprintf(os.Stderr, "FAIL: conformance: %v\n", err)
		return 1
	}
	sum := rec.Summary()
	var b strings.Builder
	if testing.Verbose() {
		sum.Write(&b, allowList())
		missed := unexercisedRoutes(sum)
		fmt.Fprintf(&b, "conformance: spec loaded in %v; routes of the fake not exercised: %d %v\n",
			spec.LoadTime.Round(time.Millisecond), len(missed), missed)
		for _, a := range sum.Unused {
			fmt.Fprintf(&b, "conformance: allowance not used in this run: %v\n", a)
		}
	} else {
		fmt.Fprintf(&b, "conformance: %d responses validated across %d operations, %d excused, %d violations\n",
			sum.Total, len(sum.Counts), len(sum.Excused), len(sum.Violations))
		for _, f := range sum.Violations {
			fmt.Fprintf(&b, "  %v (×%d, e.g. %s)\n", f.Violation, f.Count, f.Example)
		}
	}
	fmt.Print(b.String())
	if len(sum.Violations) > 0 {
		fmt.Printf("FAIL: conformance: %d responses of the fake violate the OpenAPI spec (fix the fake, or excuse a spec error in conformance_allow_test.go)\n", len(sum.Violations))
		return 1
	}
	return code
}

// fakeOperations lists the operations the fake serves, as "METHOD /path".
func fakeOperations() []string {
	s, err := New()
	if err != nil {
		panic(err) // New without options cannot fail
	}
	defer s.Close()
	ops := make([]string, len(s.routes))
	for i, rt := range s.routes {
		ops[i] = rt.method + " " + rt.pattern
	}
	return ops
}

// unexercisedRoutes lists the fake's operations no response was seen for.
func unexercisedRoutes(sum conformance.Summary) []string {
	var out []string
	for _, op := range fakeOperations() {
		if sum.Counts[op] == nil {
			out = append(out, op)
		}
	}
	return out
}

// conformanceChecker is the one checker of this test binary; TestMain sets
// it before any test runs and TestConformanceSpec reuses its loaded spec.
var conformanceChecker *checker

func TestMain(m *testing.M) {
	flag.Parse()
	conformanceChecker = &checker{path: specPath()}
	_, statErr := os.Stat(conformanceChecker.path)
	// Benchmarks measure the fake, not the checker: leave them unobserved.
	bench := flag.Lookup("test.bench")
	if statErr != nil || (bench != nil && bench.Value.String() != "") {
		os.Exit(m.Run())
	}
	obs := conformanceChecker.observe
	responseObserver.Store(&obs)
	code := m.Run()
	responseObserver.Store(nil)
	os.Exit(conformanceChecker.finish(code))
}
