package asana

import (
	"bytes"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestDoRequestShape(t *testing.T) {
	type query struct {
		Workspace string    `url:"workspace,omitempty"`
		Since     time.Time `url:"modified_since,omitempty"`
		ListOptions
	}
	since := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		name      string
		req       *Request
		wantMeth  string
		wantPath  string // escaped, as on the wire
		wantQuery url.Values
		wantBody  string
	}{
		{
			name:      "get with query struct",
			req:       &Request{Path: "/tasks", Query: &query{Workspace: "1", Since: since, ListOptions: ListOptions{Limit: 5, Fields: []string{"name", "assignee.email"}}}},
			wantMeth:  "GET",
			wantPath:  "/api/1.0/tasks",
			wantQuery: url.Values{"workspace": {"1"}, "modified_since": {"2025-01-02T03:04:05Z"}, "limit": {"5"}, "opt_fields": {"name,assignee.email"}},
		},
		{
			name:      "zero time and empty options are omitted",
			req:       &Request{Method: "GET", Path: "/tasks", Query: &query{}},
			wantMeth:  "GET",
			wantPath:  "/api/1.0/tasks",
			wantQuery: url.Values{},
		},
		{
			name:      "url.Values query",
			req:       &Request{Path: "/users", Query: url.Values{"workspace": {"9"}}},
			wantMeth:  "GET",
			wantPath:  "/api/1.0/users",
			wantQuery: url.Values{"workspace": {"9"}},
		},
		{
			name:      "post wraps body in data",
			req:       &Request{Method: "POST", Path: "/tasks", Body: map[string]any{"name": "x", "completed": false}},
			wantMeth:  "POST",
			wantPath:  "/api/1.0/tasks",
			wantQuery: url.Values{},
			wantBody:  `{"data":{"completed":false,"name":"x"}}`,
		},
		{
			name:      "escaped gid stays one segment",
			req:       &Request{Method: "DELETE", Path: pathf("/tasks/%s", "a/b c")},
			wantMeth:  "DELETE",
			wantPath:  "/api/1.0/tasks/a%2Fb%20c",
			wantQuery: url.Values{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mt := newTestClient(t, WithUserAgent("probe/1.0"))
			rec := record(mt, reply(200, `{"data":{}}`))
			if _, err := c.Do(t.Context(), tt.req, nil); err != nil {
				t.Fatalf("Do: %v", err)
			}
			got := rec.requests()[0]
			if got.Method != tt.wantMeth || got.RawPath != tt.wantPath {
				t.Errorf("request = %s %s, want %s %s", got.Method, got.RawPath, tt.wantMeth, tt.wantPath)
			}
			if !reflect.DeepEqual(url.Values(got.Query), tt.wantQuery) {
				t.Errorf("query = %v, want %v", got.Query, tt.wantQuery)
			}
			if got.Body != tt.wantBody {
				t.Errorf("body = %s, want %s", got.Body, tt.wantBody)
			}
			wantHeaders := map[string]string{"Authorization": "Bearer " + testToken, "Accept": "application/json", "User-Agent": "probe/1.0"}
			if tt.wantBody != "" {
				wantHeaders["Content-Type"] = "application/json"
			}
			for k, v := range wantHeaders {
				if got.Header.Get(k) != v {
					t.Errorf("header %s = %q, want %q", k, got.Header.Get(k), v)
				}
			}
		})
	}
}

func TestDoRejectsBadRequestsBeforeSending(t *testing.T) {
	tests := []struct {
		name string
		req  *Request
		want string
	}{
		{"nil request", nil, "nil request"},
		{"relative path", &Request{Path: "tasks"}, "must start with /"},
		{"query in path", &Request{Path: "/tasks?limit=1"}, "no query"},
		{"dot dot segment", &Request{Path: "/tasks/../users"}, ".. segments"},
		{"escaped dot dot", &Request{Path: "/tasks/%2e%2e"}, ".. segments"},
		{"bad escape", &Request{Path: "/tasks/%zz"}, "invalid path"},
		{"unencodable body", &Request{Method: "POST", Path: "/tasks", Body: func() {}}, "encoding body"},
		{"bad query type", &Request{Path: "/tasks", Query: 42}, "encoding query"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mt := newTestClient(t)
			rec := record(mt, reply(200, `{"data":{}}`))
			_, err := c.Do(t.Context(), tt.req, nil)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.want)
			}
			if rec.count() != 0 {
				t.Errorf("%d requests sent, want none", rec.count())
			}
		})
	}
}

func TestDoDecodesEnvelope(t *testing.T) {
	c, mt := newTestClient(t)
	record(mt, reply(200, `{"data":[{"gid":"1","name":"A","due_on":"2025-04-01","created_at":"2025-01-01T10:00:00.000Z","unknown":1},{"gid":"2"}],
		"next_page":{"offset":"eyJ0","path":"/tasks?offset=eyJ0","uri":"https://app.asana.com/api/1.0/tasks?offset=eyJ0"},"sync":"s1","has_more":true}`))
	var tasks []Task
	resp, err := c.Do(t.Context(), &Request{Path: "/tasks"}, &tasks)
	if err != nil {
		t.Fatal(err)
	}
	want := []Task{{GID: "1", Name: "A", DueOn: Date{2025, 4, 1}, CreatedAt: time.Date(2025, 1, 1, 10, 0, 0, 0, time.UTC)}, {GID: "2"}}
	if !reflect.DeepEqual(tasks, want) {
		t.Errorf("tasks = %+v, want %+v", tasks, want)
	}
	if resp.StatusCode != 200 || resp.NextPage == nil || resp.NextPage.Offset != "eyJ0" || resp.Sync != "s1" || !resp.HasMore {
		t.Errorf("response = %+v, next page %+v", resp, resp.NextPage)
	}
}

func TestDoEmptyAnswers(t *testing.T) {
	tests := []struct {
		name  string
		reply func(*http.Request) (*http.Response, error)
	}{
		{"204 no content", replyAs(204, "", "")},
		{"empty next_page offset", reply(200, `{"data":{"gid":"1"},"next_page":{"offset":""}}`)},
		{"unlabelled json", replyAs(200, "", `{"data":{"gid":"1"}}`)},
		{"null next_page", reply(200, `{"data":{"gid":"1"},"next_page":null}`)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mt := newTestClient(t)
			record(mt, tt.reply)
			resp, err := c.Do(t.Context(), &Request{Method: "DELETE", Path: "/tasks/1"}, nil)
			if err != nil {
				t.Fatalf("Do: %v", err)
			}
			if resp.NextPage != nil {
				t.Errorf("NextPage = %+v, want nil", resp.NextPage)
			}
		})
	}
}

func TestErrorClasses(t *testing.T) {
	sentinels := []error{ErrBadRequest, ErrUnauthorized, ErrPaymentRequired, ErrForbidden, ErrNotFound,
		ErrInvalidSyncToken, ErrRateLimited, ErrServer}
	tests := []struct {
		status   int
		sentinel error
	}{
		{400, ErrBadRequest}, {401, ErrUnauthorized}, {402, ErrPaymentRequired}, {403, ErrForbidden},
		{404, ErrNotFound}, {412, ErrInvalidSyncToken}, {429, ErrRateLimited}, {500, ErrServer},
		{503, ErrServer}, {504, ErrServer}, {409, nil},
	}
	for _, tt := range tests {
		t.Run(http.StatusText(tt.status), func(t *testing.T) {
			c, mt := newTestClient(t, WithRetryPolicy(NoRetries()))
			body := `{"errors":[{"message":"task: Unknown object: 123","help":"See docs","phrase":"6 sad squid"},{"message":"second"}],"sync":"tok"}`
			record(mt, reply(tt.status, body, "Retry-After", "7"))
			_, err := c.Do(t.Context(), &Request{Path: "/tasks/123", Query: url.Values{"opt_fields": {"name"}}}, nil)
			var ae *Error
			if !errors.As(err, &ae) {
				t.Fatalf("err = %T %v, want *Error", err, err)
			}
			for _, s := range sentinels {
				if got := errors.Is(err, s); got != (s == tt.sentinel) {
					t.Errorf("errors.Is(err, %v) = %v", s, got)
				}
			}
			wantDetails := []ErrorDetail{{Message: "task: Unknown object: 123", Help: "See docs", Phrase: "6 sad squid"}, {Message: "second"}}
			if ae.StatusCode != tt.status || ae.Method != "GET" || ae.Path != "/tasks/123" || !reflect.DeepEqual(ae.Errors, wantDetails) || ae.Attempts != 1 {
				t.Errorf("error = %+v", ae)
			}
			wantMsg := "asana: GET /tasks/123: " + strconv.Itoa(tt.status) + " " + http.StatusText(tt.status) + ": task: Unknown object: 123; second"
			if !strings.HasPrefix(ae.Error(), wantMsg) {
				t.Errorf("Error() = %q, want prefix %q", ae.Error(), wantMsg)
			}
			if (tt.status == 429 || tt.status >= 500) != (ae.RetryAfter == 7*time.Second) {
				t.Errorf("RetryAfter = %v for status %d", ae.RetryAfter, tt.status)
			}
			if tt.status == 412 && ae.SyncToken != "tok" {
				t.Errorf("SyncToken = %q, want tok", ae.SyncToken)
			}
		})
	}
}

func TestMalformedAnswers(t *testing.T) {
	html := "<html><body><h1>502 Bad Gateway</h1></body></html>"
	tests := []struct {
		name       string
		method     string
		replies    []func(*http.Request) (*http.Response, error)
		wantStatus int
		wantErr    string // in Error()
		wantBody   string // prefix of Error.Body
		wantCalls  int
	}{
		{"html error page", "GET", rs(replyAs(502, "text/html", html)), 502, "not JSON", "<html>", 6},
		{"html success page", "GET", rs(replyAs(200, "text/html", html)), 200, "not JSON", "<html>", 1},
		{"json body, text/plain type", "GET", rs(replyAs(400, "text/plain", `{"errors":[]}`)), 400, "not JSON", "{", 1},
		{"unlabelled html", "GET", rs(replyAs(404, "", html)), 404, "decoding error response", "<html>", 1},
		{"bad media type", "GET", rs(replyAs(200, "application/json; =", `{"data":{}}`)), 200, "not JSON", "{", 1},
		{"malformed error json", "POST", rs(reply(400, `{"errors":[{"message":`)), 400, "decoding error response", `{"errors"`, 1},
		{"malformed success json", "GET", rs(reply(200, `{"data":{"gid":1}}`)), 200, "decoding response", `{"data"`, 1},
		{"oversized error body", "GET", rs(reply(400, `{"errors":[{"message":"`+strings.Repeat("x", maxErrorBody)+`"}]}`)), 400, "larger than", `{"errors"`, 1},
		{"truncated get is retried", "GET", rs(replyTruncated(`{"data":{"gid":"1","name":"Task"}}`), reply(200, `{"data":{"gid":"1"}}`)), 0, "", "", 2},
		{"truncated post is not retried", "POST", rs(replyTruncated(`{"data":{"gid":"1","name":"Task"}}`)), 200, "reading response", "", 1},
		{"cut json on get is retried", "GET", rs(reply(200, `{"data":{"gid":"1"`), reply(200, `{"data":{"gid":"1"}}`)), 0, "", "", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mt := newTestClient(t, WithRetryPolicy(RetryPolicy{MaxAttempts: 6}))
			rec := record(mt, tt.replies...)
			var out Task
			_, err := c.Do(t.Context(), &Request{Method: tt.method, Path: "/tasks/1"}, &out)
			if rec.count() != tt.wantCalls {
				t.Errorf("%d calls, want %d", rec.count(), tt.wantCalls)
			}
			if tt.wantErr == "" {
				if err != nil || out.GID != "1" {
					t.Fatalf("err = %v, out = %+v; want success", err, out)
				}
				return
			}
			var ae *Error
			if !errors.As(err, &ae) {
				t.Fatalf("err = %T %v, want *Error", err, err)
			}
			if ae.StatusCode != tt.wantStatus || !strings.Contains(ae.Error(), tt.wantErr) || !strings.HasPrefix(ae.Body, tt.wantBody) {
				t.Errorf("error = %q (status %d, body %.40q)", ae.Error(), ae.StatusCode, ae.Body)
			}
			if len(ae.Body) > 520 {
				t.Errorf("Body holds %d bytes, want a snippet", len(ae.Body))
			}
		})
	}
}

func rs(fs ...func(*http.Request) (*http.Response, error)) []func(*http.Request) (*http.Response, error) {
	return fs
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"", 0}, {"30", 30 * time.Second}, {" 2 ", 2 * time.Second}, {"1.5", 1500 * time.Millisecond},
		{"-1", 0}, {"100000", 0}, {"soon", 0},
		{now.Add(45 * time.Second).Format(http.TimeFormat), 45 * time.Second},
		{now.Add(-time.Minute).Format(http.TimeFormat), 0},
	}
	for _, tt := range tests {
		if got := parseRetryAfter(tt.in, now); got != tt.want {
			t.Errorf("parseRetryAfter(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestRequestHookAndLogger(t *testing.T) {
	var infos []RequestInfo
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c, mt := newTestClient(t, WithRequestHook(func(ri RequestInfo) { infos = append(infos, ri) }),
		WithRetryPolicy(RetryPolicy{MaxAttempts: 3}), WithLogger(logger))
	record(mt, reply(503, `{"errors":[{"message":"busy"}]}`), reply(200, `{"data":{"gid":"1"}}`))
	if _, err := c.Do(t.Context(), &Request{Path: "/users/me"}, nil); err != nil {
		t.Fatal(err)
	}
	if len(infos) != 2 || infos[0].StatusCode != 503 || infos[0].Attempt != 1 || infos[0].Err == nil ||
		infos[1].StatusCode != 200 || infos[1].Attempt != 2 || infos[1].Err != nil || infos[1].Path != "/users/me" || infos[1].Method != "GET" {
		t.Errorf("hook saw %+v", infos)
	}
	for _, want := range []string{`level=DEBUG msg="asana: request" method=GET path=/users/me attempt=1 status=503`,
		`level=INFO msg="asana: retrying" method=GET path=/users/me attempt=1 status=503`,
		`level=DEBUG msg="asana: request" method=GET path=/users/me attempt=2 status=200`} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("logs lack %q:\n%s", want, logs.String())
		}
	}
}

func TestDecodeIntoRawMessage(t *testing.T) {
	c, mt := newTestClient(t)
	record(mt, reply(200, `{"data":{"gid":"1","custom":{"a":[1,2]}}}`))
	var raw json.RawMessage
	if _, err := c.Do(t.Context(), &Request{Path: "/x"}, &raw); err != nil {
		t.Fatal(err)
	}
	if string(raw) != `{"gid":"1","custom":{"a":[1,2]}}` {
		t.Errorf("raw = %s", raw)
	}
}

// TestDoNoEnvelope covers the pipeline's mode for APIs without Asana's
// envelope (SCIM): raw JSON in and out, the error body kept whole, the
// Accept header replaced, and the same retries as every other request.
func TestDoNoEnvelope(t *testing.T) {
	const scimType = "application/scim+json"
	scimErr := `{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"404","detail":"User ` + testToken + ` not found"}`
	tests := []struct {
		name      string
		replies   []func(*http.Request) (*http.Response, error)
		wantID    string
		wantCalls int
		wantErr   error  // sentinel the error must match
		wantBody  string // Error.Body
	}{
		{"object decoded without envelope", rs(replyAs(200, scimType, `{"id":"7","data":"not an envelope"}`)), "7", 1, nil, ""},
		{"error body kept whole and redacted", rs(replyAs(404, scimType, scimErr)), "", 1, ErrNotFound,
			strings.ReplaceAll(scimErr, testToken, "[REDACTED]")},
		{"5xx of a GET retried as usual", rs(replyAs(503, scimType, `{"status":"503"}`), replyAs(200, scimType, `{"id":"8"}`)), "8", 2, nil, ""},
		{"html error page kept for the caller", rs(replyAs(502, "text/html", "<html>bad gateway</html>")), "", 3, ErrServer, "<html>bad gateway</html>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mt := newTestClient(t, WithRetryPolicy(RetryPolicy{MaxAttempts: 3, BaseDelay: time.Nanosecond, MaxDelay: time.Nanosecond}))
			rec := record(mt, tt.replies...)
			var out struct {
				ID string `json:"id"`
			}
			_, err := c.Do(t.Context(), &Request{Path: "/scim/Users/7", Accept: scimType, NoEnvelope: true}, &out)
			if rec.count() != tt.wantCalls {
				t.Errorf("%d requests, want %d", rec.count(), tt.wantCalls)
			}
			if got := rec.requests()[0].Header.Get("Accept"); got != scimType {
				t.Errorf("Accept = %q, want %q", got, scimType)
			}
			if tt.wantErr == nil {
				if err != nil || out.ID != tt.wantID {
					t.Fatalf("Do = %v, id %q; want id %q", err, out.ID, tt.wantID)
				}
				return
			}
			var ae *Error
			if !errors.Is(err, tt.wantErr) || !errors.As(err, &ae) {
				t.Fatalf("err = %v, want an *Error matching %v", err, tt.wantErr)
			}
			if ae.Body != tt.wantBody || len(ae.Errors) != 0 {
				t.Errorf("Body = %q, Errors = %v; want Body %q and no Errors", ae.Body, ae.Errors, tt.wantBody)
			}
			if strings.Contains(err.Error(), testToken) {
				t.Errorf("error text contains the token: %v", err)
			}
		})
	}
}

func TestDoRejectsBadAccept(t *testing.T) {
	c, mt := newTestClient(t)
	rec := record(mt, reply(200, `{"data":{}}`))
	_, err := c.Do(t.Context(), &Request{Path: "/scim/Users", Accept: "a\r\nX-Evil: 1"}, nil)
	if err == nil || !strings.Contains(err.Error(), "invalid Accept") || rec.count() != 0 {
		t.Fatalf("err = %v after %d requests, want a local invalid Accept error", err, rec.count())
	}
}
