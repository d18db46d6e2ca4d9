package asana

import (
	"bytes"
	"encoding/json"
	"io"
	"iter"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/jarcoal/httpmock"
)

// The helpers below serve the tests of the Tasks, Stories and Attachments
// services: a scripted svccEx of requests and answers on an injected
// httpmock transport.

const svccBase = "https://app.asana.com/api/1.0"

// svccEx is one expected request and the answer to give.
type svccEx struct {
	method string
	path   string     // relative to the base URL, unescaped
	query  url.Values // exact expected query; nil expects none
	// body is the expected JSON body, compared as JSON; "" expects none.
	body string
	// check, if set, asserts whatever else matters (multipart bodies).
	check func(t *testing.T, r *http.Request, body []byte)
	// status is the answer's status code, 200 if 0.
	status int
	// resp is the answer's JSON body.
	resp string
}

// svccScript answers requests with its exchanges, in order, and fails the
// test on any request it does not expect or any svccEx left unused.
type svccScript struct {
	t    *testing.T
	mu   sync.Mutex
	next []svccEx
}

// newSvccClient returns a client whose every request must match the
// next of exs.
func newSvccClient(t *testing.T, exs ...svccEx) *Client {
	t.Helper()
	mt := httpmock.NewMockTransport()
	s := &svccScript{t: t, next: exs}
	mt.RegisterNoResponder(s.respond)
	c, err := NewClient("test-token", WithTransport(mt), WithBaseURL(svccBase), WithRateLimit(0, 0))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		for _, ex := range s.next {
			t.Errorf("expected request not sent: %s %s %v", ex.method, ex.path, ex.query)
		}
	})
	return c
}

func (s *svccScript) respond(r *http.Request) (*http.Response, error) {
	t := s.t
	t.Helper()
	s.mu.Lock()
	if len(s.next) == 0 {
		s.mu.Unlock()
		t.Errorf("unexpected request %s %s", r.Method, r.URL)
		return httpmock.NewStringResponse(http.StatusTeapot, ""), nil
	}
	ex := s.next[0]
	s.next = s.next[1:]
	s.mu.Unlock()

	if r.Method != ex.method {
		t.Errorf("%s: method %s, want %s", r.URL.Path, r.Method, ex.method)
	}
	if want := "/api/1.0" + ex.path; r.URL.Path != want {
		t.Errorf("path %q, want %q", r.URL.Path, want)
	}
	got := r.URL.Query()
	if len(got) == 0 {
		got = nil
	}
	if !reflect.DeepEqual(got, ex.query) {
		t.Errorf("%s %s: query\n got %v\nwant %v", r.Method, ex.path, got, ex.query)
	}
	if auth := r.Header.Get("Authorization"); auth != "Bearer test-token" {
		t.Errorf("Authorization header %q", auth)
	}
	var body []byte
	if r.Body != nil {
		var err error
		if body, err = io.ReadAll(r.Body); err != nil {
			t.Fatal(err)
		}
	}
	switch {
	case ex.check != nil:
		ex.check(t, r, body)
	case ex.body == "" && len(body) > 0:
		t.Errorf("%s %s: unexpected body %s", r.Method, ex.path, body)
	case ex.body != "":
		if ct := r.Header.Get("Content-Type"); ct != "application/json" {
			t.Errorf("Content-Type %q, want application/json", ct)
		}
		svccJSONEqual(t, body, ex.body)
	}
	status := ex.status
	if status == 0 {
		status = http.StatusOK
	}
	resp := httpmock.NewStringResponse(status, ex.resp)
	resp.Header.Set("Content-Type", "application/json; charset=UTF-8")
	return resp, nil
}

// svccJSONEqual compares two JSON documents by value.
func svccJSONEqual(t *testing.T, got []byte, want string) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Errorf("body %s is not JSON: %v", got, err)
		return
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("bad expected JSON %s: %v", want, err)
	}
	if !reflect.DeepEqual(g, w) {
		t.Errorf("body\n got %s\nwant %s", got, want)
	}
}

// q builds url.Values from key, value pairs.
func svccQuery(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return v
}

// svccListQuery is the query of a list call with the default page size and fields,
// plus extra pairs.
func svccListQuery(fields []string, kv ...string) url.Values {
	v := svccQuery(kv...)
	if v.Get("limit") == "" {
		v.Set("limit", "100")
	}
	if v.Get("opt_fields") == "" {
		v.Set("opt_fields", strings.Join(fields, ","))
	}
	return v
}

// svccCollect drains an iterator, stopping at the first error.
func svccCollect[T any](seq iter.Seq2[T, error]) ([]T, error) {
	var out []T
	for v, err := range seq {
		if err != nil {
			return out, err
		}
		out = append(out, v)
	}
	return out, nil
}

// page renders a list answer: the items (JSON objects) and the next offset.
func svccPage(next string, items ...string) string {
	np := "null"
	if next != "" {
		np = `{"offset":"` + next + `","path":"/ignored?offset=` + next + `","uri":"https://app.asana.com/api/1.0/ignored"}`
	}
	return `{"data":[` + strings.Join(items, ",") + `],"next_page":` + np + `}`
}

// data renders an answer with one object.
func svccData(obj string) string { return `{"data":` + obj + `}` }

// svccWantErr fails unless err is non-nil and mentions every part.
func svccWantErr(t *testing.T, err error, parts ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got nil error, want one containing %q", parts)
	}
	for _, p := range parts {
		if !strings.Contains(err.Error(), p) {
			t.Errorf("error %q does not contain %q", err, p)
		}
	}
}

// svccFixedTransport answers every request with the same JSON body, for
// benchmarks that measure the client rather than a mock's bookkeeping.
type svccFixedTransport struct{ body []byte }

func (f svccFixedTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	return &http.Response{
		StatusCode: http.StatusOK, Request: r, ContentLength: int64(len(f.body)),
		Header: http.Header{"Content-Type": {"application/json"}},
		Body:   io.NopCloser(bytes.NewReader(f.body)),
	}, nil
}

// svccBenchPage renders a list page of n copies of item with distinct gids.
func svccBenchPage(item string, n int) []byte {
	items := make([]string, n)
	for i := range items {
		items[i] = strings.Replace(item, `"gid": "`, `"gid": "9`+strconv.Itoa(i), 1)
	}
	return []byte(svccPage("", items...))
}

// svccBenchClient returns a client, without pacing, whose every answer is
// body.
func svccBenchClient(b *testing.B, body []byte) *Client {
	b.Helper()
	c, err := NewClient("bench-token", WithTransport(svccFixedTransport{body}),
		WithBaseURL(svccBase), WithRateLimit(0, 0))
	if err != nil {
		b.Fatal(err)
	}
	return c
}
