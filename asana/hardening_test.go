package asana

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

// Tests of the client against a hostile or broken server (issue 10, class 6):
// answers without an envelope, absurd Retry-After dates, look-alike
// loopback hosts, oversized bodies, answers that echo the token, and lists
// that never end.

// TestSuccessNeedsEnvelope: a 2xx answer whose body has no "data" member is
// not an Asana answer, whatever the call expected.
func TestSuccessNeedsEnvelope(t *testing.T) {
	calls := []struct {
		name string
		run  func(ctx context.Context, c *Client) error
	}{
		{"Tasks.Get", func(ctx context.Context, c *Client) error { return errOnly(c.Tasks.Get(ctx, "1", nil)) }},
		{"list", func(ctx context.Context, c *Client) error {
			_, err := collect(ListOf[Task](ctx, c, "/projects/1/tasks", nil).All())
			return err
		}},
		{"delete", func(ctx context.Context, c *Client) error {
			return errOnly(c.Do(ctx, &Request{Method: http.MethodDelete, Path: "/tasks/1"}, nil))
		}},
	}
	bad := []struct {
		name string
		r    func(*http.Request) (*http.Response, error)
	}{
		{"empty object", reply(200, `{}`)},
		{"data null", reply(200, `{"data":null}`)},
		{"data null with next page", reply(200, `{"data":null,"next_page":{"offset":"x"}}`)},
		{"json null", reply(200, `null`)},
		{"only next_page", reply(200, `{"next_page":null}`)},
		{"empty body", reply(200, ``)},
		{"empty body, no content type", replyAs(200, "", ``)},
		{"201 without data", reply(201, `{"gid":"1"}`)},
	}
	for _, call := range calls {
		for _, b := range bad {
			t.Run(call.name+"/"+b.name, func(t *testing.T) {
				c, mt := newTestClient(t)
				rec := record(mt, b.r)
				// A retry would wait on the fake clock: the timeout ends the
				// test instead of hanging it.
				ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
				defer cancel()
				err := call.run(ctx, c)
				var ae *Error
				if !errors.As(err, &ae) {
					t.Fatalf("err = %v, want *Error", err)
				}
				errContains(t, err, "not an Asana envelope")
				if ae.StatusCode < 200 || ae.StatusCode > 299 || rec.count() != 1 {
					t.Errorf("status %d after %d requests, want the 2xx and no retry", ae.StatusCode, rec.count())
				}
			})
		}
	}
	good := []struct {
		name string
		r    func(*http.Request) (*http.Response, error)
		out  any
	}{
		{"delete answers empty data", reply(200, `{"data":{}}`), nil},
		{"empty object into a task", reply(200, `{"data":{}}`), new(Task)},
		{"empty list", reply(200, `{"data":[]}`), new([]Task)},
		{"204 no content", replyAs(204, "", ""), nil},
	}
	for _, g := range good {
		t.Run("ok/"+g.name, func(t *testing.T) {
			c, mt := newTestClient(t)
			record(mt, g.r)
			if _, err := c.Do(t.Context(), &Request{Method: http.MethodDelete, Path: "/tasks/1"}, g.out); err != nil {
				t.Fatalf("Do: %v", err)
			}
		})
	}
}

// TestDoRejectsNonPointerOut: decoding needs somewhere to put the data.
func TestDoRejectsNonPointerOut(t *testing.T) {
	for _, out := range []any{Task{}, map[string]any{}, (*Task)(nil)} {
		c, mt := newTestClient(t)
		rec := record(mt, reply(200, `{"data":{"gid":"1"}}`))
		_, err := c.Do(t.Context(), &Request{Path: "/tasks/1"}, out)
		errContains(t, err, "non-nil pointer")
		if rec.count() != 0 {
			t.Errorf("%T: %d requests sent", out, rec.count())
		}
	}
}

func TestRetryAfterDateIsCapped(t *testing.T) {
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"Fri, 31 Dec 9999 23:59:59 GMT", 0},
		{now.Add(maxRetryAfter + time.Second).Format(http.TimeFormat), 0},
		{now.Add(maxRetryAfter).Format(http.TimeFormat), maxRetryAfter},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second},
		{fmt.Sprint(int(maxRetryAfter/time.Second) + 1), 0},
		{fmt.Sprint(int(maxRetryAfter / time.Second)), maxRetryAfter},
	}
	for _, tt := range tests {
		if got := parseRetryAfter(tt.in, now); got != tt.want {
			t.Errorf("parseRetryAfter(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}

	// Through the pipeline: the pause after a 429 dated in year 9999 is
	// the ordinary backoff, not 292 years.
	synctest.Test(t, func(t *testing.T) {
		c, mt := newTestClient(t, WithRetryPolicy(RetryPolicy{MaxAttempts: 2, BaseDelay: time.Second, MaxDelay: time.Second}))
		record(mt, reply(429, `{"errors":[{"message":"slow down"}]}`, "Retry-After", "Fri, 31 Dec 9999 23:59:59 GMT"),
			reply(200, `{"data":{"gid":"1"}}`))
		start := time.Now()
		if err := errOnly(c.Do(t.Context(), &Request{Path: "/users/me"}, nil)); err != nil {
			t.Fatal(err)
		}
		if waited := time.Since(start); waited > 2*time.Second {
			t.Errorf("client paused for %v after a Retry-After in year 9999", waited)
		}
	})
}

func TestPlainHTTPOnlyOnExactLoopback(t *testing.T) {
	tests := []struct {
		url string
		ok  bool
	}{
		{"http://127.0.0.1:8080/api/1.0", true},
		{"http://127.9.8.7/api", true},
		{"http://[::1]:9/api", true},
		{"http://localhost:1/x", true},
		{"http://LocalHost:1/x", true},
		{"http://127.attacker.example/api", false},
		{"http://127.0.0.1.attacker.example/api", false},
		{"http://localhost.attacker.example/api", false},
		{"http://evil.localhost/api", false},
		{"http://0x7f.1/api", false},
		{"http://0x7f000001/api", false},
		{"http://2130706433/api", false},
		{"http://127.1/api", false},
		{"http://0177.0.0.1/api", false},
		{"http://127.0.0.1@evil.example/api", false},
		{"http://localhost:80@evil.example/api", false},
		{"http://evil.example#@127.0.0.1/api", false},
		{"http://evil.example?@127.0.0.1/api", false},
		{"http://[::1%25lo]/api", false},
		{"http://[::ffff:8.8.8.8]/api", false},
		{"http://app.asana.com/api", false},
		{"https://127.attacker.example/api", true}, // TLS protects the token
	}
	for _, tt := range tests {
		_, err := NewClient(testToken, WithBaseURL(tt.url))
		if (err == nil) != tt.ok {
			t.Errorf("WithBaseURL(%q): err = %v, want ok %v", tt.url, err, tt.ok)
		}
	}
}

// endlessBody is a JSON body of a list padded with n spaces, produced on
// the fly so that the test itself holds none of it.
type endlessBody struct {
	head, tail string
	pad        int64
	done       int64
}

func (b *endlessBody) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		switch {
		case b.done < int64(len(b.head)):
			c := copy(p[n:], b.head[b.done:])
			n, b.done = n+c, b.done+int64(c)
		case b.done < int64(len(b.head))+b.pad:
			c := int(min(int64(len(p)-n), int64(len(b.head))+b.pad-b.done))
			for i := range c {
				p[n+i] = ' '
			}
			n, b.done = n+c, b.done+int64(c)
		case b.done < int64(len(b.head))+b.pad+int64(len(b.tail)):
			c := copy(p[n:], b.tail[b.done-int64(len(b.head))-b.pad:])
			n, b.done = n+c, b.done+int64(c)
		default:
			if n == 0 {
				return 0, io.EOF
			}
			return n, nil
		}
	}
	return n, nil
}

func (*endlessBody) Close() error { return nil }

// bigReply answers 200 with a valid list of size bytes, declaring length
// as Content-Length (-1: none, as for a chunked or compressed answer).
func bigReply(size, length int64) func(*http.Request) (*http.Response, error) {
	return func(req *http.Request) (*http.Response, error) {
		head, tail := `{"data":[`, `]}`
		body := &endlessBody{head: head, tail: tail, pad: size - int64(len(head)+len(tail))}
		return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}},
			Body: body, ContentLength: length, Request: req}, nil
	}
}

// TestOversizedAnswerMemory: an answer over the size limit fails, and
// reading it costs about the limit in memory, not four times it.
func TestOversizedAnswerMemory(t *testing.T) {
	const mib = 1 << 20
	tests := []struct {
		name    string
		opts    []Option
		limit   int64
		size    int64
		length  int64 // Content-Length, -1 for none
		wantErr string
	}{
		{"default limit, no length", nil, DefaultMaxResponseBytes, DefaultMaxResponseBytes + 8*mib, -1, "larger than"},
		{"over 256 MiB, no length", nil, DefaultMaxResponseBytes, 300 * mib, -1, "larger than"},
		{"default limit, true length", nil, DefaultMaxResponseBytes, DefaultMaxResponseBytes + 8*mib, DefaultMaxResponseBytes + 8*mib, "larger than"},
		{"length understated", nil, DefaultMaxResponseBytes, DefaultMaxResponseBytes + 8*mib, 100, "larger than"},
		{"set limit, no length", []Option{WithMaxResponseBytes(3 * mib)}, 3 * mib, 40 * mib, -1, "larger than"},
		{"just under the limit", []Option{WithMaxResponseBytes(3 * mib)}, 3 * mib, 3 * mib, -1, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mt := newTestClient(t, tt.opts...)
			record(mt, bigReply(tt.size, tt.length))
			var items []Task
			runtime.GC()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			_, err := c.Do(t.Context(), &Request{Path: "/tasks"}, &items)
			runtime.ReadMemStats(&after)
			// Every byte live at the peak was allocated during the call, so
			// the bytes allocated bound the peak heap it added.
			allocated := int64(after.TotalAlloc - before.TotalAlloc)
			t.Logf("%d MiB answer, limit %d MiB: %d MiB allocated", tt.size/mib, tt.limit/mib, allocated/mib)
			if bound := tt.limit + tt.limit/4 + 4*mib; allocated > bound {
				t.Errorf("reading the answer allocated %d MiB, want at most %d MiB (limit %d MiB)",
					allocated/mib, bound/mib, tt.limit/mib)
			}
			if tt.wantErr == "" && err != nil {
				t.Fatalf("Do: %v", err)
			}
			if tt.wantErr != "" {
				errContains(t, err, tt.wantErr)
			}
		})
	}
	if err := errOnly(NewClient(testToken, WithMaxResponseBytes(0))); err == nil {
		t.Error("WithMaxResponseBytes(0) accepted")
	}
}

// TestTokenEchoesAreRefused: a server that echoes the token in any string
// the client keeps, shows or sends back never gets it into an error, a
// Response, a stream's sync token or a request.
func TestTokenEchoesAreRefused(t *testing.T) {
	tok := testToken
	q := url.QueryEscape
	tests := []struct {
		name    string
		replies []func(*http.Request) (*http.Response, error)
		run     func(ctx context.Context, c *Client) (string, error) // returns a kept string to check
		wantErr string
	}{
		{"412 sync echoes the token", rs(reply(412, `{"errors":[{"message":"Sync token invalid"}],"sync":"`+tok+`"}`)),
			func(ctx context.Context, c *Client) (string, error) {
				st := c.Events.Stream("1", nil)
				_, err := st.Poll(ctx)
				if _, err2 := st.Poll(ctx); err2 == nil {
					return st.Sync(), errors.New("second poll succeeded")
				}
				return st.Sync(), err
			}, "412"},
		{"412 sync embeds the token", rs(reply(412, `{"errors":[{"message":"x"}],"sync":"a`+tok+`b"}`)),
			func(ctx context.Context, c *Client) (string, error) {
				_, err := c.Events.Get(ctx, "1", "", nil)
				var ae *Error
				if errors.As(err, &ae) {
					return ae.SyncToken, err
				}
				return "", err
			}, "412"},
		{"200 events sync echoes the token", rs(reply(200, `{"data":[],"sync":"`+tok+`","has_more":false}`)),
			func(ctx context.Context, c *Client) (string, error) {
				st := c.Events.Stream("1", &StreamOptions{Sync: "s0"})
				_, err := st.Poll(ctx)
				return st.Sync(), err
			}, "access token"},
		{"next_page offset echoes the token", rs(reply(200, `{"data":[{"gid":"1"}],"next_page":{"offset":"`+tok+`"}}`)),
			func(ctx context.Context, c *Client) (string, error) {
				items, err := collect(ListOf[Task](ctx, c, "/tasks", nil).All())
				return fmt.Sprint(items), err
			}, "access token"},
		{"next_page path and uri echo the token", rs(reply(200, `{"data":[],"next_page":{"offset":"o1","path":"/x?t=`+tok+`","uri":"https://e/`+tok+`"}}`)),
			func(ctx context.Context, c *Client) (string, error) {
				resp, err := c.Do(ctx, &Request{Path: "/tasks"}, nil)
				if err != nil {
					return "", err
				}
				return resp.NextPage.Path + resp.NextPage.URI, nil
			}, ""},
		{"error message, help and phrase", rs(reply(400, `{"errors":[{"message":"bad `+tok+`","help":"`+tok+`","phrase":"`+tok+`"}]}`)),
			func(ctx context.Context, c *Client) (string, error) {
				err := errOnly(c.Do(ctx, &Request{Path: "/tasks"}, nil))
				var ae *Error
				if errors.As(err, &ae) && len(ae.Errors) == 1 {
					return ae.Errors[0].Help + ae.Errors[0].Phrase, err
				}
				return "", err
			}, "bad [REDACTED]"},
		{"content type echoes the token", rs(replyAs(200, "text/"+tok, `{"data":{}}`)),
			func(ctx context.Context, c *Client) (string, error) {
				return "", errOnly(c.Do(ctx, &Request{Path: "/tasks"}, nil))
			}, "not JSON"},
		{"decode error names a key that is the token", rs(reply(200, `{"data":{"`+tok+`":"x"}}`)),
			func(ctx context.Context, c *Client) (string, error) {
				var m map[string]int
				return "", errOnly(c.Do(ctx, &Request{Path: "/tasks"}, &m))
			}, "decoding response"},
		{"retry-after echoes the token", rs(reply(503, `{"errors":[{"message":"busy"}]}`, "Retry-After", tok)),
			func(ctx context.Context, c *Client) (string, error) {
				return "", errOnly(c.Do(ctx, &Request{Path: "/tasks"}, nil))
			}, "503"},
		{"saved sync is the token", rs(reply(200, `{"data":[]}`)),
			func(ctx context.Context, c *Client) (string, error) {
				_, err := c.Events.Stream("1", &StreamOptions{Sync: tok}).Poll(ctx)
				return "", err
			}, "access token"},
		{"caller offset is the token", rs(reply(200, `{"data":[]}`)),
			func(ctx context.Context, c *Client) (string, error) {
				_, err := ListOf[Task](ctx, c, "/tasks", &ListOptions{Offset: "x" + tok}).Page("")
				return "", err
			}, "access token"},
		{"path holds the token and a bad escape", rs(reply(200, `{"data":{}}`)),
			func(ctx context.Context, c *Client) (string, error) {
				return "", errOnly(c.Do(ctx, &Request{Path: "/tasks/" + url.PathEscape(tok) + "%zz"}, nil))
			}, "access token"},
		{"path holds the token", rs(reply(200, `{"data":{}}`)),
			func(ctx context.Context, c *Client) (string, error) {
				return "", errOnly(c.Do(ctx, &Request{Path: "/tasks/" + q(tok)}, nil))
			}, "access token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mt := newTestClient(t, WithRetryPolicy(NoRetries()))
			rec := record(mt, tt.replies...)
			kept, err := tt.run(t.Context(), c)
			if tt.wantErr != "" {
				errContains(t, err, tt.wantErr)
			} else if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if err != nil && strings.Contains(fmt.Sprintf("%v %+v %#v", err, err, err), tok) {
				t.Errorf("error shows the token: %v", err)
			}
			if strings.Contains(kept, tok) {
				t.Errorf("kept string holds the token: %q", kept)
			}
			for i, r := range rec.requests() {
				if strings.Contains(r.Path, tok) || strings.Contains(fmt.Sprint(r.Query), tok) {
					t.Errorf("request %d sent the token back: %s %v", i+1, r.Path, r.Query)
				}
			}
		})
	}
}

// stallReply answers every request with an empty page that has a fresh
// offset (or events with has_more and a fresh sync), and cancels the test's
// context after 50 requests so that a client that never gives up still
// ends the test, with the wrong error.
func stallReply(cancel context.CancelFunc, body func(n int64) string) func(*http.Request) (*http.Response, error) {
	var n atomic.Int64
	return func(req *http.Request) (*http.Response, error) {
		i := n.Add(1)
		if i >= 50 {
			cancel()
		}
		return reply(200, body(i))(req)
	}
}

func TestStalledListsStop(t *testing.T) {
	emptyPage := func(n int64) string { return fmt.Sprintf(`{"data":[],"next_page":{"offset":"o%d"}}`, n) }
	tests := []struct {
		name     string
		body     func(n int64) string
		run      func(ctx context.Context, c *Client) (int, error)
		wantErr  error // nil: the call ends without error
		wantReqs int
	}{
		{"list of empty pages", emptyPage,
			func(ctx context.Context, c *Client) (int, error) {
				items, err := collect(ListOf[Task](ctx, c, "/tasks", nil).All())
				return len(items), err
			}, ErrStalledPagination, stallLimit},
		{"items between empty pages keep going", func(n int64) string {
			if n%3 == 0 && n < 9 {
				return fmt.Sprintf(`{"data":[{"gid":"%d"}],"next_page":{"offset":"o%d"}}`, n, n)
			}
			return emptyPage(n)
		}, func(ctx context.Context, c *Client) (int, error) {
			items, err := collect(ListOf[Task](ctx, c, "/tasks", nil).All())
			return len(items), err
		}, ErrStalledPagination, 6 + stallLimit},
		{"pages of empty pages", emptyPage,
			func(ctx context.Context, c *Client) (int, error) {
				pages := 0
				for _, err := range ListOf[Task](ctx, c, "/tasks", nil).Pages() {
					if err != nil {
						return pages, err
					}
					pages++
				}
				return pages, nil
			}, ErrStalledPagination, stallLimit},
		{"events with has_more and no events", func(n int64) string {
			return fmt.Sprintf(`{"data":[],"sync":"s%d","has_more":true}`, n)
		}, func(ctx context.Context, c *Client) (int, error) {
			events, err := c.Events.Stream("1", &StreamOptions{Sync: "s0"}).Poll(ctx)
			return len(events), err
		}, ErrStalledPagination, stallLimit},
		{"audit log ends on its first empty page", emptyPage,
			func(ctx context.Context, c *Client) (int, error) {
				items, err := collect(c.AuditLog.List(ctx, "1", nil).All())
				return len(items), err
			}, nil, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			c, mt := newTestClient(t)
			rec := record(mt, stallReply(cancel, tt.body))
			_, err := tt.run(ctx, c)
			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil && err != nil) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if rec.count() != tt.wantReqs {
				t.Errorf("%d requests, want %d", rec.count(), tt.wantReqs)
			}
		})
	}
}

// TestPollIsBounded: a stream that keeps saying has_more with events
// returns MaxPollEvents from one Poll, and the next Poll goes on from the
// sync token of the last page it read.
func TestPollIsBounded(t *testing.T) {
	const perPage = 100
	c, mt := newTestClient(t)
	rec := record(mt, func(req *http.Request) (*http.Response, error) {
		n, _ := strconv.Atoi(strings.TrimPrefix(req.URL.Query().Get("sync"), "s"))
		events := strings.TrimSuffix(strings.Repeat(`{"action":"changed"},`, perPage), ",")
		return reply(200, fmt.Sprintf(`{"data":[%s],"sync":"s%d","has_more":true}`, events, n+1))(req)
	})
	st := c.Events.Stream("1", &StreamOptions{Sync: "s0"})
	events, err := st.Poll(t.Context())
	if err != nil || len(events) != MaxPollEvents {
		t.Fatalf("Poll: %d events, %v; want %d", len(events), err, MaxPollEvents)
	}
	pages := MaxPollEvents / perPage
	if got := len(rec.requests()); got != pages {
		t.Errorf("%d requests, want %d", got, pages)
	}
	if want := fmt.Sprintf("s%d", pages); st.Sync() != want {
		t.Errorf("Sync() = %q, want %q", st.Sync(), want)
	}
	if _, err := st.Poll(t.Context()); err != nil {
		t.Fatal(err)
	}
	if got := rec.requests()[pages].Query["sync"]; len(got) != 1 || got[0] != fmt.Sprintf("s%d", pages) {
		t.Errorf("the next Poll sent sync %v, want s%d", got, pages)
	}
}
