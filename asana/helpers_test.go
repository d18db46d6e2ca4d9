package asana

import (
	"context"
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
	"time"

	"github.com/jarcoal/httpmock"
)

// The helpers of the service tests: a client on an injected httpmock
// transport that expects an exact script of requests, checks each one
// (method, escaped path, query, JSON body, authorization) and answers it;
// a table runner on top of it; and builders of queries and answers.

// apiBasePath is the path of testBaseURL. A request built without it (from
// an absolute path) fails the path check.
const apiBasePath = "/api/1.0"

// apiCall is one request a test expects, and the answer to give it.
type apiCall struct {
	method string
	path   string     // escaped path below the base URL: "/users/a%2Fb"
	query  url.Values // the exact query; nil for none
	body   string     // the exact JSON body, compared as JSON; "" for none
	// check, if set, asserts the body instead of body (multipart uploads).
	check  func(t testing.TB, r *http.Request, body []byte)
	status int    // 200 if zero
	resp   string // the answer's JSON body
}

// scriptedClient returns a client whose transport expects exactly calls, in
// order. An unexpected request, a request that does not match its call, or
// a call never made fails t.
func scriptedClient(t testing.TB, calls ...apiCall) *Client {
	t.Helper()
	mt := httpmock.NewMockTransport()
	var mu sync.Mutex
	next := 0
	mt.RegisterNoResponder(func(req *http.Request) (*http.Response, error) {
		mu.Lock()
		i := next
		next++
		mu.Unlock()
		if i >= len(calls) {
			t.Errorf("unexpected request %d: %s %s", i+1, req.Method, req.URL)
			return httpmock.NewStringResponse(http.StatusTeapot, `{"errors":[{"message":"unexpected request"}]}`), nil
		}
		want := calls[i]
		checkRequest(t, i, want, req)
		status := want.status
		if status == 0 {
			status = http.StatusOK
		}
		resp := httpmock.NewStringResponse(status, want.resp)
		resp.Header.Set("Content-Type", "application/json; charset=UTF-8")
		return resp, nil
	})
	c, err := NewClient(testToken, WithTransport(mt), WithBaseURL(testBaseURL), WithRateLimit(0, 0))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		mu.Lock()
		defer mu.Unlock()
		if next < len(calls) {
			t.Errorf("%d of %d expected requests were sent; first missing: %s %s %v",
				next, len(calls), calls[next].method, calls[next].path, calls[next].query)
		}
	})
	return c
}

// checkRequest asserts that req, the request number i (from 0), is want.
func checkRequest(t testing.TB, i int, want apiCall, req *http.Request) {
	t.Helper()
	if req.Method != want.method || req.URL.EscapedPath() != apiBasePath+want.path {
		t.Errorf("request %d: got %s %s, want %s %s", i+1, req.Method, req.URL.EscapedPath(), want.method, apiBasePath+want.path)
	}
	if got := req.URL.Query(); (len(got) != 0 || len(want.query) != 0) && !reflect.DeepEqual(got, want.query) {
		t.Errorf("request %d (%s %s): query\n got  %v\n want %v", i+1, req.Method, want.path, got, want.query)
	}
	if auth := req.Header.Get("Authorization"); auth != "Bearer "+testToken {
		t.Errorf("request %d: Authorization header %q", i+1, auth)
	}
	var body []byte
	if req.Body != nil {
		var err error
		if body, err = io.ReadAll(req.Body); err != nil {
			t.Errorf("request %d: reading body: %v", i+1, err)
		}
	}
	switch {
	case want.check != nil:
		want.check(t, req, body)
	case want.body == "" && len(body) > 0:
		t.Errorf("request %d (%s %s): unexpected body %s", i+1, req.Method, want.path, body)
	case want.body != "":
		if ct := req.Header.Get("Content-Type"); ct != "application/json" {
			t.Errorf("request %d: Content-Type %q, want application/json", i+1, ct)
		}
		var got, exp any
		if err := json.Unmarshal(body, &got); err != nil {
			t.Errorf("request %d: body %q is not JSON: %v", i+1, body, err)
		}
		if err := json.Unmarshal([]byte(want.body), &exp); err != nil {
			t.Fatalf("request %d: bad expected body in test: %v", i+1, err)
		}
		if !reflect.DeepEqual(got, exp) {
			t.Errorf("request %d (%s %s): body\n got  %s\n want %s", i+1, req.Method, want.path, body, want.body)
		}
	}
}

// svcCase is one row of a service test table: run calls the method under
// test against a client expecting calls; the result must equal want, or
// the error must contain wantErr.
type svcCase struct {
	name    string
	calls   []apiCall
	run     func(ctx context.Context, c *Client) (any, error)
	want    any
	wantErr string
}

// runCases runs a table of svcCase.
func runCases(t *testing.T, cases []svcCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := scriptedClient(t, tc.calls...)
			got, err := tc.run(t.Context(), c)
			if tc.wantErr != "" {
				errContains(t, err, tc.wantErr)
				return
			}
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				gj, _ := json.MarshalIndent(got, "", " ")
				wj, _ := json.MarshalIndent(tc.want, "", " ")
				t.Errorf("result\n got  %s\n want %s", gj, wj)
			}
		})
	}
}

// argCase is a call with an invalid argument that must fail before sending
// anything, written compactly: a runCases row with no calls.
type argCase struct {
	name    string
	run     func(ctx context.Context, c *Client) error
	wantErr string
}

func runArgCases(t *testing.T, cases []argCase) {
	t.Helper()
	rows := make([]svcCase, len(cases))
	for i, tc := range cases {
		rows[i] = svcCase{name: tc.name, wantErr: tc.wantErr,
			run: func(ctx context.Context, c *Client) (any, error) { return nil, tc.run(ctx, c) }}
	}
	runCases(t, rows)
}

// callCase is a method call, the one request it must send, and what it must
// return (nil: only the error is checked), written compactly.
type callCase struct {
	name string
	call apiCall
	run  func(c *Client) (any, error)
	want any
}

func runCallCases(t *testing.T, cases []callCase) {
	t.Helper()
	rows := make([]svcCase, len(cases))
	for i, tc := range cases {
		rows[i] = svcCase{name: tc.name, calls: []apiCall{tc.call}, want: tc.want,
			run: func(_ context.Context, c *Client) (any, error) {
				got, err := tc.run(c)
				if tc.want == nil {
					got = nil
				}
				return got, err
			}}
	}
	runCases(t, rows)
}

// errOnly drops a call's result, for argCase.
func errOnly[T any](_ T, err error) error { return err }

// errContains fails unless err is non-nil and mentions every part.
func errContains(t testing.TB, err error, parts ...string) {
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

// collect drains an iterator, stopping at its first error.
func collect[T any](seq iter.Seq2[T, error]) ([]T, error) {
	var out []T
	for v, err := range seq {
		if err != nil {
			return out, err
		}
		out = append(out, v)
	}
	return out, nil
}

// qv builds url.Values from key, value pairs.
func qv(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return v
}

// listQueryOf is the query of a list call with the default page size and
// fields, plus the given pairs (which may set limit or opt_fields).
func listQueryOf(fields []string, kv ...string) url.Values {
	v := qv(kv...)
	if v.Get("limit") == "" {
		v.Set("limit", "100")
	}
	if v.Get("opt_fields") == "" {
		v.Set("opt_fields", strings.Join(fields, ","))
	}
	return v
}

// pageJSON renders a list answer: the items (JSON objects) and the next
// offset, "" on the last page. Its next_page.path leads nowhere: the client
// must rebuild the next request from the offset alone.
func pageJSON(next string, items ...string) string {
	np := "null"
	if next != "" {
		np = `{"offset":"` + next + `","path":"/ignored?offset=` + next + `","uri":"https://app.asana.com/api/1.0/ignored"}`
	}
	return `{"data":[` + strings.Join(items, ",") + `],"next_page":` + np + `}`
}

// dataJSON renders an answer with one object.
func dataJSON(obj string) string { return `{"data":` + obj + `}` }

// pagedCalls returns the two calls of a list of two pages at path: the
// first (with query) answers item1 and the offset "tok2", the second (query
// plus that offset) answers item2 and ends the list.
func pagedCalls(path string, query url.Values, item1, item2 string) []apiCall {
	second := url.Values{}
	for k, v := range query {
		second[k] = v
	}
	second.Set("offset", "tok2")
	return []apiCall{
		{method: "GET", path: path, query: query, resp: pageJSON("tok2", item1)},
		{method: "GET", path: path, query: second, resp: pageJSON("", item2)},
	}
}

// mustTime parses an RFC 3339 time for expected values.
func mustTime(s string) time.Time {
	tm, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return tm
}

// benchPage renders a list page of n copies of item with distinct gids.
func benchPage(item string, n int) []byte {
	items := make([]string, n)
	for i := range items {
		items[i] = strings.Replace(item, `"gid": "`, `"gid": "9`+strconv.Itoa(i), 1)
	}
	return []byte(pageJSON("", items...))
}

// benchClient returns a client, without pacing, whose every answer is body,
// free of the bookkeeping of a mock.
func benchClient(b *testing.B, body []byte) *Client {
	b.Helper()
	c, err := NewClient(testToken, WithTransport(staticTransport{body}), WithBaseURL(testBaseURL), WithRateLimit(0, 0))
	if err != nil {
		b.Fatal(err)
	}
	return c
}
