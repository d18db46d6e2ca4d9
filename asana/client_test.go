package asana

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestNewClientValidatesOptions(t *testing.T) {
	tests := []struct {
		name  string
		token string
		opt   Option
		want  string
	}{
		{"empty token", "", nil, "empty token"},
		{"blank token", "  ", nil, "empty token"},
		{"token with newline", "abc\ndef", nil, "white space"},
		{"relative base URL", testToken, WithBaseURL("/api/1.0"), "absolute"},
		{"ftp base URL", testToken, WithBaseURL("ftp://app.asana.com/api"), "absolute"},
		{"plain http off loopback", testToken, WithBaseURL("http://app.asana.com/api/1.0"), "loopback"},
		{"base URL with query", testToken, WithBaseURL("https://app.asana.com/api/1.0?x=1"), "no user info"},
		{"base URL with user", testToken, WithBaseURL("https://u:p@app.asana.com/api/1.0"), "no user info"},
		{"unparsable base URL", testToken, WithBaseURL("https://app.asana.com/%zz"), "invalid base URL"},
		{"nil http client", testToken, WithHTTPClient(nil), "nil client"},
		{"nil transport", testToken, WithTransport(nil), "nil transport"},
		{"nil clock", testToken, WithClock(nil), "nil clock"},
		{"negative rate", testToken, WithRateLimit(-1, 0), "negative"},
		{"burst as big as quota", testToken, WithRateLimit(150, 150), "below the quota"},
		{"default burst too big for tiny quota", testToken, WithRateLimit(0.5, 0), "below the quota"},
		{"zero concurrency", testToken, WithConcurrency(0, 5), "at least 1"},
		{"user agent with newline", testToken, WithUserAgent("a\r\nX-Evil: 1"), "invalid user agent"},
		{"empty user agent", testToken, WithUserAgent(""), "invalid user agent"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := NewClient(tt.token, tt.opt)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("NewClient = %v, %v; want error containing %q", c, err, tt.want)
			}
			if strings.Contains(err.Error(), testToken) {
				t.Errorf("error shows the token: %v", err)
			}
		})
	}
	good := []Option{
		WithBaseURL("http://127.0.0.1:8080/api/1.0/"), WithBaseURL("http://localhost:1/x"), WithBaseURL("http://[::1]:9/api"),
		WithRateLimit(FreePlanRequestsPerMinute, 0), WithRateLimit(0, 0), WithConcurrency(1, 1), WithLogger(nil),
		WithHTTPClient(&http.Client{}), WithRequestHook(nil), nil,
	}
	for i, o := range good {
		if _, err := NewClient(testToken, o); err != nil {
			t.Errorf("option %d: %v", i, err)
		}
	}
	c, err := NewClient(testToken, WithBaseURL("http://127.0.0.1:8080/api/1.0/"))
	if err != nil || c.BaseURL() != "http://127.0.0.1:8080/api/1.0" {
		t.Errorf("BaseURL = %q, %v", c.BaseURL(), err)
	}
	if c, _ := NewClient(testToken); c.BaseURL() != DefaultBaseURL || c.Tasks == nil || c.OrganizationExports == nil || c.Tasks.client != c {
		t.Errorf("default client = %v", c)
	}
}

func TestHTTPClientAndTransportTogether(t *testing.T) {
	_, mt := newTestClient(t)
	rec := record(mt, reply(200, `{"data":{}}`))
	hc := &http.Client{Timeout: time.Minute}
	c, err := NewClient(testToken, WithHTTPClient(hc), WithTransport(mt), WithRateLimit(0, 0))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Do(t.Context(), &Request{Path: "/users/me"}, nil); err != nil {
		t.Fatal(err)
	}
	if rec.count() != 1 || rec.requests()[0].Header.Get("Authorization") != "Bearer "+testToken {
		t.Errorf("requests = %+v", rec.requests())
	}
	if hc.Transport != nil {
		t.Error("the caller's http.Client was modified")
	}
}

func TestRedirectToOtherHostDropsAuthorization(t *testing.T) {
	auth := make(chan string, 4)
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auth <- "other:" + r.Header.Get("Authorization")
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"data":{"gid":"other"}}`)
	}))
	defer other.Close()
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auth <- "api:" + r.Header.Get("Authorization")
		switch r.URL.Path {
		case "/api/1.0/away":
			http.Redirect(w, r, other.URL+"/landing", http.StatusFound)
		case "/api/1.0/home":
			http.Redirect(w, r, "/api/1.0/landing", http.StatusTemporaryRedirect)
		default:
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, `{"data":{"gid":"api"}}`)
		}
	}))
	defer api.Close()
	c, err := NewClient(testToken, WithBaseURL(api.URL+"/api/1.0"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path    string
		wantGID string
		want    []string
	}{
		{"/away", "other", []string{"api:Bearer " + testToken, "other:"}},
		{"/home", "api", []string{"api:Bearer " + testToken, "api:Bearer " + testToken}},
	}
	for _, tt := range tests {
		var out Task
		if _, err := c.Do(t.Context(), &Request{Path: tt.path}, &out); err != nil {
			t.Fatal(err)
		}
		got := []string{<-auth, <-auth}
		if out.GID != tt.wantGID || got[0] != tt.want[0] || got[1] != tt.want[1] {
			t.Errorf("%s: answer %q, Authorization seen %q; want %q", tt.path, out.GID, got, tt.want)
		}
	}
}

func TestTokenNeverShown(t *testing.T) {
	var logs bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c, mt := newTestClient(t, WithLogger(logger), WithRetryPolicy(RetryPolicy{MaxAttempts: 2}))
	echo := "Authorization: Bearer " + testToken
	record(mt,
		reply(401, `{"errors":[{"message":"bad token `+testToken+`","help":"`+testToken+`"}]}`),
		replyAs(502, "text/html", strings.Repeat("x", 500)+"<pre>"+echo+"</pre>"),
		replyErr(errors.New("proxy refused: "+echo)),
		replyAs(200, "text/plain", echo),
	)
	var errs []error
	for _, m := range []string{"GET", "POST", "POST", "GET"} {
		_, err := c.Do(t.Context(), &Request{Method: m, Path: "/users/me"}, nil)
		if err == nil {
			t.Fatal("want an error")
		}
		errs = append(errs, err)
	}
	logger.Info("client", "client", c, "service", c.Tasks)
	var out []string
	for _, v := range []any{c, c.Tasks, *c.Users} {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q"} {
			out = append(out, fmt.Sprintf(verb, v))
		}
	}
	for _, err := range errs {
		var ae *Error
		errors.As(err, &ae)
		out = append(out, err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err), fmt.Sprintf("%#v", *ae), ae.Body)
		for e := errors.Unwrap(err); e != nil; e = errors.Unwrap(e) {
			out = append(out, e.Error())
		}
	}
	out = append(out, logs.String())
	for i, s := range out {
		if strings.Contains(s, testToken) || strings.Contains(s, testToken[:20]) {
			t.Errorf("output %d shows the token: %s", i, s)
		}
	}
	if !strings.Contains(logs.String(), `"path":"/users/me"`) || !strings.Contains(logs.String(), "[REDACTED]") {
		t.Errorf("logs lack the request lines: %s", logs.String())
	}
	if !strings.Contains(errs[0].Error(), "bad token [REDACTED]") {
		t.Errorf("redacted message = %q", errs[0])
	}
}

func TestClientFormats(t *testing.T) {
	c, _ := newTestClient(t)
	want := "asana.Client{BaseURL: " + testBaseURL + ", Token: [REDACTED]}"
	for verb, w := range map[string]string{"%v": want, "%+v": want, "%#v": want, "%s": want, "%q": fmt.Sprintf("%q", want)} {
		if got := fmt.Sprintf(verb, c); got != w {
			t.Errorf("%s = %s, want %s", verb, got, w)
		}
	}
	if got := c.LogValue().String(); got != want {
		t.Errorf("LogValue = %s", got)
	}
}
