package asana

import (
	"context"
	"encoding/json"
	"io"
	"iter"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
)

// This file holds the one test helper of the workspace, user, membership,
// team, job and organization export services: a client whose injected
// httpmock transport expects an exact sequence of requests, checks each one
// (method, escaped path, query, JSON body) and answers with a canned body.

// svcaBasePath is the path of the base URL the tests use. A request built
// without it (from an absolute path) fails the path check.
const svcaBasePath = "/api/1.0"

// svcaCall is one expected request and the answer to give it.
type svcaCall struct {
	method string
	path   string     // escaped path below the base URL: "/users/me"
	query  url.Values // the exact query; nil for none
	body   string     // the expected JSON body; "" for none
	status int        // 200 if zero
	resp   string     // the response body
}

// newSvcaClient returns a client whose transport serves calls in order. Any
// unexpected, out-of-order or missing request fails t.
func newSvcaClient(t testing.TB, calls ...svcaCall) *Client {
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
			return httpmock.NewStringResponse(http.StatusTeapot, ""), nil
		}
		checkSvcaRequest(t, i, calls[i], req)
		status := calls[i].status
		if status == 0 {
			status = http.StatusOK
		}
		resp := httpmock.NewStringResponse(status, calls[i].resp)
		resp.Header.Set("Content-Type", "application/json; charset=UTF-8")
		return resp, nil
	})
	c, err := NewClient("test-token", WithTransport(mt),
		WithBaseURL("https://app.asana.com"+svcaBasePath), WithRateLimit(0, 0))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		mu.Lock()
		defer mu.Unlock()
		if next < len(calls) {
			t.Errorf("%d of %d expected requests were sent; first missing: %s %s",
				next, len(calls), calls[next].method, calls[next].path)
		}
	})
	return c
}

func checkSvcaRequest(t testing.TB, i int, want svcaCall, req *http.Request) {
	t.Helper()
	if req.Method != want.method || req.URL.EscapedPath() != svcaBasePath+want.path {
		t.Errorf("request %d: got %s %s, want %s %s", i+1, req.Method, req.URL.EscapedPath(), want.method, svcaBasePath+want.path)
	}
	if got := req.URL.Query(); !(len(got) == 0 && len(want.query) == 0) && !reflect.DeepEqual(got, want.query) {
		t.Errorf("request %d (%s %s): query\n got  %v\n want %v", i+1, req.Method, want.path, got, want.query)
	}
	var body []byte
	if req.Body != nil {
		var err error
		if body, err = io.ReadAll(req.Body); err != nil {
			t.Errorf("request %d: reading body: %v", i+1, err)
		}
	}
	switch {
	case want.body == "" && len(body) > 0:
		t.Errorf("request %d (%s %s): unexpected body %s", i+1, req.Method, want.path, body)
	case want.body != "":
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
		if ct := req.Header.Get("Content-Type"); ct != "application/json" {
			t.Errorf("request %d: Content-Type %q, want application/json", i+1, ct)
		}
	}
}

// svcaCase is one row of a service test table: run calls the method under
// test against a client expecting calls; the result must equal want, or the
// error must contain wantErr.
type svcaCase struct {
	name    string
	calls   []svcaCall
	run     func(ctx context.Context, c *Client) (any, error)
	want    any
	wantErr string
}

// runSvcaCases runs a table of svcaCase.
func runSvcaCases(t *testing.T, cases []svcaCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := newSvcaClient(t, tc.calls...)
			got, err := tc.run(context.Background(), c)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error = %v, want one containing %q", err, tc.wantErr)
				}
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

// svcaCollect drains an iterator, stopping at its first error.
func svcaCollect[T any](seq iter.Seq2[T, error]) ([]T, error) {
	var out []T
	for v, err := range seq {
		if err != nil {
			return out, err
		}
		out = append(out, v)
	}
	return out, nil
}

// svcaQuery builds url.Values from key, value pairs.
func svcaQuery(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return v
}

// svcaPages returns the two calls of a list of two pages at path: the first
// answers item1 with offset "tok2", the second (same query plus offset)
// answers item2 and ends the list. query is the expected query of the first
// page.
func svcaPages(path string, query url.Values, item1, item2 string) []svcaCall {
	second := url.Values{}
	for k, v := range query {
		second[k] = v
	}
	second.Set("offset", "tok2")
	return []svcaCall{
		{method: "GET", path: path, query: query,
			resp: `{"data":[` + item1 + `],"next_page":{"offset":"tok2","path":"` + path + `?offset=tok2","uri":"https://app.asana.com/api/1.0` + path + `?offset=tok2"}}`},
		{method: "GET", path: path, query: second,
			resp: `{"data":[` + item2 + `],"next_page":null}`},
	}
}

// svcaTime parses an RFC 3339 time for expected values.
func svcaTime(s string) time.Time {
	tm, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return tm
}
