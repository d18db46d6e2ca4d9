package asana

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/synctest"
	"time"
)

func TestRetriesPerMethod(t *testing.T) {
	dialErr := &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}
	resetErr := errors.New("connection reset by peer")
	tests := []struct {
		method      string
		failure     string // "503", "400", "reset", "dial"
		retryWrites bool
		wantCalls   int
	}{
		{"GET", "503", false, 3},
		{"GET", "reset", false, 3},
		{"GET", "dial", false, 3},
		{"GET", "400", false, 1},
		{"HEAD", "503", false, 3},
		{"POST", "503", false, 1},
		{"POST", "503", true, 1}, // RetryWrites never covers POST
		{"POST", "reset", false, 1},
		{"POST", "dial", false, 3}, // provably not sent
		{"PATCH", "503", true, 1},
		{"PUT", "503", false, 1},
		{"PUT", "503", true, 3},
		{"PUT", "reset", false, 1},
		{"PUT", "reset", true, 3},
		{"PUT", "dial", false, 3},
		{"DELETE", "503", false, 1},
		{"DELETE", "503", true, 3},
		{"DELETE", "400", true, 1},
	}
	for _, tt := range tests {
		name := tt.method + " " + tt.failure
		if tt.retryWrites {
			name += " RetryWrites"
		}
		t.Run(name, func(t *testing.T) {
			c, mt := newTestClient(t, WithRetryPolicy(RetryPolicy{MaxAttempts: 3, RetryWrites: tt.retryWrites}))
			var rec *recorder
			switch tt.failure {
			case "503":
				rec = record(mt, reply(503, `{"errors":[{"message":"unavailable"}]}`))
			case "400":
				rec = record(mt, reply(400, `{"errors":[{"message":"bad"}]}`))
			case "reset":
				rec = record(mt, replyErr(resetErr))
			case "dial":
				rec = record(mt, replyErr(dialErr))
			}
			_, err := c.Do(t.Context(), &Request{Method: tt.method, Path: "/tasks/1"}, nil)
			if rec.count() != tt.wantCalls {
				t.Errorf("%d calls, want %d", rec.count(), tt.wantCalls)
			}
			var ae *Error
			if !errors.As(err, &ae) || ae.Attempts != tt.wantCalls {
				t.Fatalf("err = %v, want *Error after %d attempts", err, tt.wantCalls)
			}
			if tt.wantCalls > 1 && !strings.Contains(err.Error(), "(after 3 attempts)") {
				t.Errorf("Error() = %q, want the attempt count", err)
			}
			if tt.failure == "reset" && !errors.Is(err, resetErr) {
				t.Errorf("err = %v, want it to wrap the transport error", err)
			}
		})
	}
}

func TestRetryThenSuccessWaitsBackoffOnClock(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, mt := newTestClient(t, WithRetryPolicy(RetryPolicy{MaxAttempts: 4, BaseDelay: time.Second, MaxDelay: 8 * time.Second}))
		rec := record(mt, reply(500, `{"errors":[{"message":"oops"}]}`), reply(502, ""), reply(200, `{"data":{"gid":"7"}}`))
		var out Task
		if _, err := c.Do(t.Context(), &Request{Path: "/tasks/7"}, &out); err != nil || out.GID != "7" {
			t.Fatalf("err = %v, out = %+v", err, out)
		}
		got := rec.requests()
		if len(got) != 3 {
			t.Fatalf("%d calls, want 3", len(got))
		}
		for i, ceiling := range []time.Duration{time.Second, 2 * time.Second} {
			if d := got[i+1].At.Sub(got[i].At); d >= ceiling {
				t.Errorf("backoff %d waits %v, want below %v", i+1, d, ceiling)
			}
		}
	})
}

func TestServerRetryAfterOn503IsHonoured(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, mt := newTestClient(t)
		rec := record(mt, reply(503, `{"errors":[{"message":"down"}]}`, "Retry-After", "12"), reply(200, `{"data":{}}`))
		if _, err := c.Do(t.Context(), &Request{Path: "/x"}, nil); err != nil {
			t.Fatal(err)
		}
		if got := rec.requests(); len(got) != 2 || got[1].At.Sub(got[0].At) != 12*time.Second {
			t.Fatalf("requests = %+v, want two 12s apart", got)
		}
	})
}

func TestBackoffBounds(t *testing.T) {
	p := RetryPolicy{MaxAttempts: 10, BaseDelay: 100 * time.Millisecond, MaxDelay: time.Second}
	for attempt, ceiling := range map[int]time.Duration{1: 100 * time.Millisecond, 2: 200 * time.Millisecond, 4: 800 * time.Millisecond, 5: time.Second, 40: time.Second} {
		var maxSeen time.Duration
		for range 500 {
			d := p.backoff(attempt)
			if d < 0 || d >= ceiling {
				t.Fatalf("backoff(%d) = %v, want in [0, %v)", attempt, d, ceiling)
			}
			maxSeen = max(maxSeen, d)
		}
		if maxSeen < ceiling/2 {
			t.Errorf("backoff(%d) never above %v in 500 draws: no jitter range", attempt, maxSeen)
		}
	}
	if d := (RetryPolicy{MaxAttempts: 2}).backoff(3); d != 0 {
		t.Errorf("zero policy backoff = %v", d)
	}
}

func TestRetryPolicyValidation(t *testing.T) {
	bad := []RetryPolicy{{}, {MaxAttempts: 1, BaseDelay: -1}, {MaxAttempts: 2, BaseDelay: 2 * time.Second, MaxDelay: time.Second}}
	for _, p := range bad {
		if _, err := NewClient(testToken, WithRetryPolicy(p)); err == nil {
			t.Errorf("WithRetryPolicy(%+v) accepted", p)
		}
	}
	for _, p := range []RetryPolicy{DefaultRetryPolicy(), NoRetries()} {
		if err := p.validate(); err != nil {
			t.Errorf("%+v: %v", p, err)
		}
	}
}

func TestBackoffPastDeadlineReturnsServerError(t *testing.T) {
	c, mt := newTestClient(t, WithRetryPolicy(RetryPolicy{MaxAttempts: 3, BaseDelay: time.Hour, MaxDelay: time.Hour}))
	rec := record(mt, reply(503, `{"errors":[{"message":"down"}]}`, "Retry-After", "600"))
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	_, err := c.Do(ctx, &Request{Path: "/x"}, nil)
	if !errors.Is(err, ErrServer) || rec.count() != 1 {
		t.Fatalf("err = %v after %d calls, want the 503 at once", err, rec.count())
	}
}

func TestContextCanceledDuringBackoff(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, mt := newTestClient(t, WithRetryPolicy(RetryPolicy{MaxAttempts: 3, BaseDelay: time.Minute, MaxDelay: time.Minute}))
		record(mt, reply(500, ""))
		ctx, cancel := context.WithCancel(t.Context())
		done := make(chan error, 1)
		go func() {
			_, err := c.Do(ctx, &Request{Path: "/x"}, nil)
			done <- err
		}()
		synctest.Wait()
		cancel()
		if err := <-done; !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
	})
}

func TestPostRetriedWhenDialFails(t *testing.T) {
	// A real connection refused on loopback: the standard transport never
	// reached a server, so even a POST may be sent again.
	srv := httptest.NewServer(http.NotFoundHandler())
	base := srv.URL + "/api/1.0"
	srv.Close()
	c, err := NewClient(testToken, WithBaseURL(base), WithRateLimit(0, 0), WithRetryPolicy(RetryPolicy{MaxAttempts: 3}))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Do(t.Context(), &Request{Method: "POST", Path: "/tasks", Body: map[string]string{"name": "x"}}, nil)
	var ae *Error
	if !errors.As(err, &ae) || ae.Attempts != 3 || ae.StatusCode != 0 || ae.sent {
		t.Fatalf("err = %#v, want a transport *Error after 3 attempts", err)
	}
	if strings.Contains(err.Error(), testToken) || !strings.Contains(err.Error(), "POST /tasks") {
		t.Errorf("Error() = %q", err)
	}
}
