package asana

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
)

// testToken is the token of every test client; tests assert it never leaks.
const testToken = "0/secret-test-token-1234567890abcdef"

const testBaseURL = "https://app.asana.com/api/1.0"

// newTestClient returns a client on an httpmock transport, with pacing off
// unless opts turn it on. It runs on the wall clock: tests that wait (pauses,
// backoff, pacing) run in a testing/synctest bubble, whose fake time moves
// as soon as every goroutine is blocked.
func newTestClient(t testing.TB, opts ...Option) (*Client, *httpmock.MockTransport) {
	t.Helper()
	mt := httpmock.NewMockTransport()
	all := append([]Option{WithTransport(mt), WithBaseURL(testBaseURL), WithRateLimit(0, 0)}, opts...)
	c, err := NewClient(testToken, all...)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	return c, mt
}

// recorded is one request a responder saw, with its body read.
type recorded struct {
	// At is when the request arrived: fake time in a synctest bubble.
	At                    time.Time
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
		At: time.Now(), Method: req.Method, Path: req.URL.Path, RawPath: req.URL.EscapedPath(),
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
