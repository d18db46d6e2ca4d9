package asanatest

// Conformance: every API response any test of this package gets from the
// fake is checked against Asana's OpenAPI spec (status documented for the
// operation, JSON content type, body schema, envelopes, no property the
// spec does not name). TestMain installs the checker; after the tests it
// prints a summary (per operation in -v mode) and fails the run on any
// violation that conformance_allow_test.go does not excuse.
//
// The spec is the module's vendored copy (internal/spec), or the one
// $ASANA_OPENAPI_SPEC names. When that is missing the checks are skipped,
// except under CI=true, where TestConformanceSpec fails.

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/asanakit/asana-go/asanatest/internal/conformance"
	"github.com/asanakit/asana-go/internal/spec"
	"github.com/jarcoal/httpmock"
)

func specPath() string { return spec.YAMLPath() }

// checker loads the spec once per test binary, on first use.
type checker struct {
	path string
	once sync.Once
	rec  *conformance.Recorder
	spec *conformance.Spec
	// scim counts the SCIM answers left unchecked: Asana's REST spec does
	// not describe its SCIM API.
	scim atomic.Int64
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
			c.rec, c.err = conformance.NewRecorder(c.spec, conformanceAllowances())
		}
	})
	return c.spec, c.rec, c.err
}

// observe is the responseObserver while the tests run.
func (c *checker) observe(r *http.Request, status int, h http.Header, body []byte) {
	if isSCIMPath(r.URL.Path) {
		c.scim.Add(1) // not in the REST spec; scim_test.go checks these answers
		return
	}
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
		sum.Write(&b, conformanceAllowances())
		missed := unexercisedRoutes(sum)
		fmt.Fprintf(&b, "conformance: spec loaded in %v; routes of the fake not exercised: %d %v\n",
			spec.LoadTime.Round(time.Millisecond), len(missed), missed)
		for _, a := range sum.Unused {
			fmt.Fprintf(&b, "conformance: allowance not used in this run: %v\n", a)
		}
	} else {
		pending := 0
		for _, f := range sum.Excused {
			if f.Allowance >= len(allowList()) {
				pending++
			}
		}
		fmt.Fprintf(&b, "conformance: %d responses validated across %d operations, %d excused (%d as pending fake fixes), %d violations; %d SCIM responses not in the spec skipped\n",
			sum.Total, len(sum.Counts), len(sum.Excused), pending, len(sum.Violations), c.scim.Load())
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
	ops := make([]string, 0, len(s.routes))
	for _, rt := range s.routes {
		if !rt.scim { // the REST spec has no SCIM operations
			ops = append(ops, rt.method+" "+rt.pattern)
		}
	}
	return ops
}

// isSCIMPath reports whether an API path is under /scim, which Asana's
// REST spec does not describe.
func isSCIMPath(p string) bool {
	return p == APIPrefix+"/scim" || strings.HasPrefix(p, APIPrefix+"/scim/")
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

// TestConformanceSpec checks the checker: the spec loads (under CI=true a
// missing spec fails the run instead of skipping), the allow-list fits
// it, the real spec flags a wrong answer and passes a right one, and the
// observer sees the responses of every way of connecting to the fake, but
// not those an injected fault cut short.
func TestConformanceSpec(t *testing.T) {
	if _, err := os.Stat(specPath()); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("OpenAPI spec missing in CI (set ASANA_OPENAPI_SPEC): %v", err)
		}
		t.Skipf("OpenAPI spec not found, response validation skipped: %v", err)
	}
	if conformanceChecker == nil || responseObserver.Load() == nil {
		t.Skip("checker not installed (benchmark run)")
	}
	spec, rec, err := conformanceChecker.load()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("spec loaded in %v", spec.LoadTime)

	t.Run("verdicts", func(t *testing.T) {
		tests := []struct {
			name, body string
			status     int
			wantField  string // "" for no violation
		}{
			{"right", `{"data":{"gid":"12","resource_type":"user","name":"A","email":"a@x.test","photo":null,"workspaces":[]}}`, 200, ""},
			{"wrong type", `{"data":{"gid":"12","email":7}}`, 200, "/data/email"},
			{"misspelt field", `{"data":{"gid":"12","nmae":"A"}}`, 200, "/data/nmae"},
			{"error", `{"errors":[{"message":"user: Unknown object: 12","help":"h"}]}`, 404, ""},
			{"undocumented status", `{"errors":[{"message":"I'm a teapot"}]}`, 418, ""},
		}
		for _, tt := range tests {
			u, _ := url.Parse("/api/1.0/users/12")
			ex := conformance.Exchange{Method: "GET", URL: u, Status: tt.status,
				Header: http.Header{"Content-Type": {contentTypeJSON}}, Body: []byte(tt.body)}
			op, vs := spec.Check(t.Context(), ex)
			if op != "GET /users/{user_gid}" {
				t.Errorf("%s: operation %q", tt.name, op)
			}
			switch {
			case tt.status == 418:
				if len(vs) != 1 || vs[0].Reason != conformance.ReasonUndocumentedStatus {
					t.Errorf("%s: %v", tt.name, vs)
				}
			case tt.wantField == "" && len(vs) > 0:
				t.Errorf("%s: unexpected violations %v", tt.name, vs)
			case tt.wantField != "" && (len(vs) != 1 || vs[0].Field != tt.wantField):
				t.Errorf("%s: violations %v, want one at %s", tt.name, vs, tt.wantField)
			}
		}
	})

	t.Run("observed", func(t *testing.T) {
		f := newFixture(t)
		seen := func() int { return rec.Summary().Counts["GET /users/{user_gid}"][200] }
		get := func(c *http.Client, base string) error {
			req, _ := http.NewRequest(http.MethodGet, base+"/users/me", nil)
			req.Header.Set("Authorization", "Bearer "+f.memberTok)
			resp, err := c.Do(req)
			if err != nil {
				return err
			}
			defer resp.Body.Close()
			_, err = io.Copy(io.Discard, resp.Body)
			return err
		}
		mt := httpmock.NewMockTransport()
		if err := f.s.RegisterHTTPMock(mt, "https://app.asana.com/api/1.0"); err != nil {
			t.Fatal(err)
		}
		handler := httptest.NewServer(f.s.Handler())
		defer handler.Close()
		loopback, err := f.s.Start()
		if err != nil {
			t.Fatal(err)
		}
		tr := &http.Transport{}
		defer tr.CloseIdleConnections()
		ways := []struct {
			name   string
			client *http.Client
			base   string
		}{
			{"in process", f.s.HTTPClient(), inProcessOrigin + APIPrefix},
			{"loopback", &http.Client{Transport: tr}, loopback},
			{"httpmock", &http.Client{Transport: mt}, "https://app.asana.com/api/1.0"},
			{"handler", handler.Client(), handler.URL + APIPrefix},
		}
		for _, w := range ways {
			before := seen()
			if err := get(w.client, w.base); err != nil {
				t.Fatalf("%s: %v", w.name, err)
			}
			if after := seen(); after != before+1 {
				t.Errorf("%s: observed %d responses, want 1", w.name, after-before)
			}
		}
		// Answers cut short are not checked: they are no answers.
		for _, fault := range []Fault{{Route: "/users/{user_gid}", TruncateBody: true, Times: 1}, {Route: "/users/{user_gid}", DropConnection: true, Times: 1}} {
			if err := f.s.InjectFault(fault); err != nil {
				t.Fatal(err)
			}
			before := seen()
			if err := get(f.s.HTTPClient(), inProcessOrigin+APIPrefix); err == nil {
				t.Errorf("%+v: request succeeded", fault)
			}
			if after := seen(); after != before {
				t.Errorf("%+v: an aborted answer was observed", fault)
			}
		}
	})
}
