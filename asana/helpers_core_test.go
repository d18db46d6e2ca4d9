package asana

import (
	"bytes"
	"io"
	"net/http"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
)

// testToken is the token of every test client; tests assert it never leaks.
const testToken = "0/secret-test-token-1234567890abcdef"

const testBaseURL = "https://app.asana.com/api/1.0"

// fakeClock is a Clock that only moves when a test calls Advance. Waiters
// (the pipeline's sleeps) register through After; WaitForWaiters lets a test
// block until the code under test is asleep, so no test needs time.Sleep.
type fakeClock struct {
	mu      sync.Mutex
	now     time.Time
	waiters []fakeWaiter
	changed chan struct{} // closed and replaced whenever waiters change
}

type fakeWaiter struct {
	at time.Time
	d  time.Duration
	ch chan time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC), changed: make(chan struct{})}
}

func (f *fakeClock) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

func (f *fakeClock) After(d time.Duration) <-chan time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	ch := make(chan time.Time, 1)
	if d <= 0 {
		ch <- f.now
		return ch
	}
	f.waiters = append(f.waiters, fakeWaiter{at: f.now.Add(d), d: d, ch: ch})
	f.notifyLocked()
	return ch
}

func (f *fakeClock) notifyLocked() {
	close(f.changed)
	f.changed = make(chan struct{})
}

// Advance moves the clock forward by d and fires every waiter that is due.
func (f *fakeClock) Advance(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now = f.now.Add(d)
	kept := f.waiters[:0]
	for _, w := range f.waiters {
		if w.at.After(f.now) {
			kept = append(kept, w)
			continue
		}
		w.ch <- f.now
	}
	f.waiters = kept
	f.notifyLocked()
}

// WaitForWaiters blocks until at least n waiters are pending and returns
// their durations, longest first. It fails the test after 10 s of real time,
// a guard against a hung test, not a way of waiting.
func (f *fakeClock) WaitForWaiters(t testing.TB, n int) []time.Duration {
	t.Helper()
	guard := time.NewTimer(10 * time.Second)
	defer guard.Stop()
	for {
		f.mu.Lock()
		if len(f.waiters) >= n {
			ds := make([]time.Duration, len(f.waiters))
			for i, w := range f.waiters {
				ds[i] = w.d
			}
			f.mu.Unlock()
			sort.Slice(ds, func(i, j int) bool { return ds[i] > ds[j] })
			return ds
		}
		changed := f.changed
		f.mu.Unlock()
		select {
		case <-changed:
		case <-guard.C:
			t.Fatalf("fake clock: %d waiters never arrived", n)
		}
	}
}

// newTestClient returns a client on an httpmock transport and a fake clock,
// with pacing off unless opts turn it on.
func newTestClient(t testing.TB, opts ...Option) (*Client, *httpmock.MockTransport, *fakeClock) {
	t.Helper()
	mt := httpmock.NewMockTransport()
	clk := newFakeClock()
	all := append([]Option{WithTransport(mt), WithBaseURL(testBaseURL), WithRateLimit(0, 0), WithClock(clk)}, opts...)
	c, err := NewClient(testToken, all...)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	return c, mt, clk
}

// recorded is one request a responder saw, with its body read.
type recorded struct {
	Method, Path, RawPath string
	Query                 map[string][]string
	Header                http.Header
	Body                  string
}

// recorder is an httpmock responder for every route that records each
// request and answers with the next reply function (the last one repeats).
type recorder struct {
	mu      sync.Mutex
	reqs    []recorded
	replies []func(*http.Request) (*http.Response, error)
}

// record installs a recorder as mt's catch-all responder.
func record(mt *httpmock.MockTransport, replies ...func(*http.Request) (*http.Response, error)) *recorder {
	r := &recorder{replies: replies}
	mt.RegisterNoResponder(r.respond)
	return r
}

func (r *recorder) respond(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		body, _ = io.ReadAll(req.Body)
	}
	r.mu.Lock()
	n := len(r.reqs)
	r.reqs = append(r.reqs, recorded{
		Method: req.Method, Path: req.URL.Path, RawPath: req.URL.EscapedPath(),
		Query: req.URL.Query(), Header: req.Header.Clone(), Body: string(body),
	})
	reply := r.replies[min(n, len(r.replies)-1)]
	r.mu.Unlock()
	return reply(req)
}

func (r *recorder) requests() []recorded {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]recorded(nil), r.reqs...)
}

func (r *recorder) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.reqs)
}

// reply answers with status, a JSON body and optional header pairs.
func reply(status int, body string, headerPairs ...string) func(*http.Request) (*http.Response, error) {
	return replyAs(status, "application/json; charset=utf-8", body, headerPairs...)
}

// replyAs answers with status, a body of the given content type and
// optional header pairs.
func replyAs(status int, contentType, body string, headerPairs ...string) func(*http.Request) (*http.Response, error) {
	return func(req *http.Request) (*http.Response, error) {
		resp := &http.Response{
			StatusCode: status, Status: http.StatusText(status), Header: http.Header{},
			Body: io.NopCloser(strings.NewReader(body)), ContentLength: int64(len(body)), Request: req,
		}
		if contentType != "" {
			resp.Header.Set("Content-Type", contentType)
		}
		for i := 0; i+1 < len(headerPairs); i += 2 {
			resp.Header.Set(headerPairs[i], headerPairs[i+1])
		}
		return resp, nil
	}
}

// replyErr fails the round trip with err.
func replyErr(err error) func(*http.Request) (*http.Response, error) {
	return func(*http.Request) (*http.Response, error) { return nil, err }
}

// truncatedBody yields data and then fails as a connection cut mid-body does.
type truncatedBody struct{ r *bytes.Reader }

func (b *truncatedBody) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	if err == io.EOF {
		return n, io.ErrUnexpectedEOF
	}
	return n, err
}
func (b *truncatedBody) Close() error { return nil }

// replyTruncated answers 200 with the first half of body and then a read error.
func replyTruncated(body string) func(*http.Request) (*http.Response, error) {
	return func(req *http.Request) (*http.Response, error) {
		h := http.Header{"Content-Type": {"application/json"}}
		return &http.Response{StatusCode: 200, Header: h, Request: req,
			Body: &truncatedBody{bytes.NewReader([]byte(body[:len(body)/2]))}}, nil
	}
}
