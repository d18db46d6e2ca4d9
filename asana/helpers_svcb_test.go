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

	"github.com/jarcoal/httpmock"
)

// mockBase is the base URL of clients built by scriptedClient. Its non-empty
// path makes a request built from an absolute path fail the path check.
const mockBase = "https://app.asana.com/api/1.0"

// apiCall is one request a test expects, and the answer to give it.
type apiCall struct {
	method string
	path   string     // relative to the base URL, unescaped
	query  url.Values // the exact query; nil for none
	body   string     // the exact JSON body, compared as JSON; "" for none
	status int        // 0 means 200
	resp   string     // the response body (JSON)
}

// scriptedClient returns a client whose transport expects exactly calls, in
// order: each request's method, path, query and body are checked against
// the next call, which then answers. Unexpected and missing requests fail
// the test.
func scriptedClient(t *testing.T, calls ...apiCall) *Client {
	t.Helper()
	mt := httpmock.NewMockTransport()
	var mu sync.Mutex
	next := 0
	mt.RegisterNoResponder(func(req *http.Request) (*http.Response, error) {
		mu.Lock()
		defer mu.Unlock()
		if next >= len(calls) {
			t.Errorf("unexpected request %s %s", req.Method, req.URL)
			return jsonResponse(http.StatusTeapot, `{"errors":[{"message":"unexpected"}]}`), nil
		}
		want := calls[next]
		next++
		checkRequest(t, req, want)
		status := want.status
		if status == 0 {
			status = http.StatusOK
		}
		return jsonResponse(status, want.resp), nil
	})
	t.Cleanup(func() {
		mu.Lock()
		defer mu.Unlock()
		if next != len(calls) {
			t.Errorf("made %d requests, want %d", next, len(calls))
		}
	})
	c, err := NewClient("test-token", WithTransport(mt), WithBaseURL(mockBase), WithRateLimit(0, 0))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func checkRequest(t *testing.T, req *http.Request, want apiCall) {
	t.Helper()
	if req.Method != want.method {
		t.Errorf("method = %s, want %s", req.Method, want.method)
	}
	if got := strings.TrimPrefix(req.URL.Path, "/api/1.0"); got != want.path {
		t.Errorf("%s: path = %s, want %s", req.Method, req.URL.Path, want.path)
	}
	gotQ := req.URL.Query()
	if len(gotQ) != 0 || len(want.query) != 0 {
		if !reflect.DeepEqual(gotQ, want.query) {
			t.Errorf("%s %s: query = %v, want %v", req.Method, want.path, gotQ, want.query)
		}
	}
	body, err := io.ReadAll(req.Body)
	if err != nil {
		t.Fatalf("reading request body: %v", err)
	}
	switch {
	case want.body == "" && len(body) != 0:
		t.Errorf("%s %s: unexpected body %s", req.Method, want.path, body)
	case want.body != "":
		if ct := req.Header.Get("Content-Type"); ct != "application/json" {
			t.Errorf("%s %s: Content-Type = %q", req.Method, want.path, ct)
		}
		var got, exp any
		if err := json.Unmarshal(body, &got); err != nil {
			t.Errorf("%s %s: body %s is not JSON: %v", req.Method, want.path, body, err)
		}
		if err := json.Unmarshal([]byte(want.body), &exp); err != nil {
			t.Fatalf("bad expected body %s: %v", want.body, err)
		}
		if !reflect.DeepEqual(got, exp) {
			t.Errorf("%s %s: body = %s, want %s", req.Method, want.path, body, want.body)
		}
	}
}

func jsonResponse(status int, body string) *http.Response {
	r := httpmock.NewStringResponse(status, body)
	r.Header.Set("Content-Type", "application/json")
	return r
}

// qv builds url.Values from key, value pairs.
func qv(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return v
}

// collect drains an iterator, stopping at the first error.
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

// argCase is a call with an invalid argument that must fail before sending
// anything: runArgCases gives it a client that fails the test on any request.
type argCase struct {
	name    string
	run     func(ctx context.Context, c *Client) error
	wantErr string
}

func runArgCases(t *testing.T, cases []argCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.run(context.Background(), scriptedClient(t))
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("err = %v, want it to contain %q", err, tc.wantErr)
			}
		})
	}
}

// callCase is a method call, the one request it must send, and what it must
// return (nil: only the error is checked).
type callCase struct {
	name string
	call apiCall
	run  func(c *Client) (any, error)
	want any
}

func runCallCases(t *testing.T, cases []callCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := scriptedClient(t, tc.call)
			got, err := tc.run(c)
			if err != nil {
				t.Fatal(err)
			}
			if tc.want != nil && !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

// errOnly drops a call's result, for argCase.
func errOnly[T any](_ T, err error) error { return err }
