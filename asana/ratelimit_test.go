package asana

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

func TestRateLimitedThenSuccess(t *testing.T) {
	tests := []struct {
		name       string
		retryAfter func(now time.Time) string
		wantWait   time.Duration
		method     string
	}{
		{"seconds", func(time.Time) string { return "30" }, 30 * time.Second, "GET"},
		{"http date", func(now time.Time) string { return now.Add(20 * time.Second).Format(http.TimeFormat) }, 20 * time.Second, "GET"},
		{"post is retried after 429", func(time.Time) string { return "5" }, 5 * time.Second, "POST"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				c, mt := newTestClient(t)
				rec := record(mt, reply(429, `{"errors":[{"message":"You have made too many requests recently."}]}`, "Retry-After", tt.retryAfter(time.Now())),
					reply(200, `{"data":{"gid":"1"}}`))
				done := make(chan error, 1)
				go func() {
					_, err := c.Do(t.Context(), &Request{Method: tt.method, Path: "/tasks", Body: map[string]string{"name": "n"}}, nil)
					done <- err
				}()
				synctest.Wait()
				if rec.count() != 1 {
					t.Fatalf("%d calls during the pause, want 1", rec.count())
				}
				if err := <-done; err != nil {
					t.Fatal(err)
				}
				got := rec.requests()
				if len(got) != 2 {
					t.Fatalf("%d calls, want 2", len(got))
				}
				if paused := got[1].At.Sub(got[0].At); paused != tt.wantWait {
					t.Errorf("paused for %v, want %v", paused, tt.wantWait)
				}
			})
		})
	}
}

func TestRateLimitExhaustsAttempts(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, mt := newTestClient(t, WithRetryPolicy(RetryPolicy{MaxAttempts: 2}))
		rec := record(mt, reply(429, `{"errors":[{"message":"slow down"}]}`, "Retry-After", "1"))
		_, err := c.Do(t.Context(), &Request{Path: "/x"}, nil)
		var ae *Error
		if !errors.As(err, &ae) || !errors.Is(err, ErrRateLimited) || ae.RetryAfter != time.Second || ae.Attempts != 2 {
			t.Fatalf("err = %#v", err)
		}
		if got := rec.requests(); len(got) != 2 || got[1].At.Sub(got[0].At) != time.Second {
			t.Errorf("requests = %+v, want two a second apart", got)
		}
	})
}

func TestPauseHoldsEveryRequest(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, mt := newTestClient(t)
		rec := record(mt, reply(429, `{"errors":[{"message":"slow down"}]}`, "Retry-After", "10"), reply(200, `{"data":{}}`))
		errs := make(chan error, 2)
		do := func(path string) {
			_, err := c.Do(t.Context(), &Request{Path: path}, nil)
			errs <- err
		}
		start := time.Now()
		go do("/first")
		synctest.Wait() // first got its 429 and waits
		go do("/second")
		synctest.Wait()
		if rec.count() != 1 {
			t.Fatalf("%d calls during the pause, want only the first", rec.count())
		}
		for range 2 {
			if err := <-errs; err != nil {
				t.Fatal(err)
			}
		}
		got := rec.requests()
		if len(got) != 3 || got[0].Path != "/api/1.0/first" {
			t.Fatalf("requests = %+v", got)
		}
		for _, r := range got[1:] {
			if sent := r.At.Sub(start); sent != 10*time.Second {
				t.Errorf("%s sent after %v, want the full pause of 10s", r.Path, sent)
			}
		}
	})
}

func TestContextCanceledDuringPause(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, mt := newTestClient(t)
		rec := record(mt, reply(429, "", "Retry-After", "60"))
		ctx, cancel := context.WithCancel(t.Context())
		done := make(chan error, 1)
		go func() {
			_, err := c.Do(ctx, &Request{Path: "/x"}, nil)
			done <- err
		}()
		synctest.Wait()
		cancel()
		err := <-done
		if !errors.Is(err, context.Canceled) || errors.Is(err, ErrRateLimited) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
		if rec.count() != 1 {
			t.Errorf("%d calls, want 1", rec.count())
		}
	})
}

func TestLocalWaitError(t *testing.T) {
	t.Run("pause after 429 longer than deadline", func(t *testing.T) {
		c, mt := newTestClient(t)
		rec := record(mt, reply(429, `{"errors":[{"message":"slow down"}]}`, "Retry-After", "120"))
		ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
		defer cancel()
		_, err := c.Do(ctx, &Request{Path: "/tasks"}, nil)
		checkLocalWait(t, err, "pause after 429")
		if rec.count() != 1 {
			t.Errorf("%d calls, want 1", rec.count())
		}
		// A later request is held locally too, without reaching Asana.
		_, err = c.Do(ctx, &Request{Path: "/users"}, nil)
		checkLocalWait(t, err, "pause after 429")
		if rec.count() != 1 {
			t.Errorf("%d calls, want still 1", rec.count())
		}
	})
	t.Run("token bucket wait longer than deadline", func(t *testing.T) {
		c, mt := newTestClient(t, WithRateLimit(2, 1)) // one token, then one a minute
		rec := record(mt, reply(200, `{"data":{}}`))
		ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
		defer cancel()
		if _, err := c.Do(ctx, &Request{Path: "/a"}, nil); err != nil {
			t.Fatal(err)
		}
		_, err := c.Do(ctx, &Request{Path: "/b"}, nil)
		checkLocalWait(t, err, "rate limiter")
		if rec.count() != 1 {
			t.Errorf("%d calls, want 1", rec.count())
		}
	})
}

func checkLocalWait(t *testing.T, err error, reason string) {
	t.Helper()
	var lw *LocalWaitError
	if !errors.As(err, &lw) || lw.Reason != reason {
		t.Fatalf("err = %v, want a *LocalWaitError for %s", err, reason)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Error("errors.Is(err, context.DeadlineExceeded) = false")
	}
	for _, s := range []error{ErrRateLimited, ErrServer} {
		if errors.Is(err, s) {
			t.Errorf("errors.Is(err, %v) = true for a local wait", s)
		}
	}
	var ae *Error
	if errors.As(err, &ae) {
		t.Errorf("a local wait is an *Error: %v", ae)
	}
	if !strings.Contains(err.Error(), "local") || !strings.Contains(err.Error(), "not sent") {
		t.Errorf("Error() = %q does not say the wait is local", err)
	}
}

func TestTokenBucketPacing(t *testing.T) {
	// 120 a minute with a burst of 4: 4 at once, then one every 30/58 s so
	// that no minute holds more than 120.
	synctest.Test(t, func(t *testing.T) {
		c, mt := newTestClient(t, WithRateLimit(120, 4))
		rec := record(mt, reply(200, `{"data":{}}`))
		for i := range 4 {
			if _, err := c.Do(t.Context(), &Request{Path: "/burst"}, nil); err != nil {
				t.Fatalf("burst request %d: %v", i, err)
			}
		}
		done := make(chan error, 1)
		go func() {
			_, err := c.Do(t.Context(), &Request{Path: "/paced"}, nil)
			done <- err
		}()
		synctest.Wait()
		if rec.count() != 4 {
			t.Fatalf("%d calls before the wait ended", rec.count())
		}
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		got := rec.requests()
		want := time.Minute / 116
		if waited := got[4].At.Sub(got[3].At); waited < want-time.Millisecond || waited > want+time.Millisecond {
			t.Fatalf("fifth request waits %v, want %v", waited, want)
		}
	})
}

func TestTokenBucketNeverExceedsQuotaPerMinute(t *testing.T) {
	// Drive the limiter directly with a simulated time: at any instant take
	// a token when one is free and check that no minute holds more than the
	// quota, from a full bucket at the start on.
	for _, tc := range []struct {
		perMinute float64
		burst     int
	}{{PaidPlanRequestsPerMinute, 0}, {FreePlanRequestsPerMinute, 0}, {600, 30}} {
		l := newLimiter(tc.perMinute, tc.burst, 1, 1, realClock{})
		var sent []time.Time
		start := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
		for now := start; now.Sub(start) < 5*time.Minute; {
			if l.bucket.AllowN(now, 1) {
				sent = append(sent, now)
				continue
			}
			now = now.Add(10 * time.Millisecond)
		}
		lo := 0
		for hi := range sent {
			for sent[hi].Sub(sent[lo]) >= time.Minute {
				lo++
			}
			if n := hi - lo + 1; float64(n) > tc.perMinute {
				t.Fatalf("%v/min burst %d: %d requests within a minute ending %v", tc.perMinute, tc.burst, n, sent[hi].Sub(start))
			}
		}
		if used := float64(len(sent)) / (5 * tc.perMinute); used < 0.95 {
			t.Errorf("%v/min burst %d: used %.1f%% of the quota, want >= 95%%", tc.perMinute, tc.burst, 100*used)
		}
	}
}

func TestConcurrencyLimits(t *testing.T) {
	c, mt := newTestClient(t)
	var (
		mu               sync.Mutex
		inflight, maxFor = map[string]int{}, map[string]int{}
		arrived          = make(chan string, 200)
		release          = make(chan struct{})
		releaseOneRead   = make(chan struct{})
	)
	mt.RegisterNoResponder(func(req *http.Request) (*http.Response, error) {
		kind := "write"
		if req.Method == http.MethodGet {
			kind = "read"
		}
		mu.Lock()
		inflight[kind]++
		maxFor[kind] = max(maxFor[kind], inflight[kind])
		mu.Unlock()
		arrived <- kind
		if kind == "read" {
			select {
			case <-release:
			case <-releaseOneRead:
			}
		} else {
			<-release
		}
		mu.Lock()
		inflight[kind]--
		mu.Unlock()
		return reply(200, `{"data":{}}`)(req)
	})
	var wg sync.WaitGroup
	start := func(n int, method string) {
		for range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := c.Do(t.Context(), &Request{Method: method, Path: "/x"}, nil); err != nil {
					t.Error(err)
				}
			}()
		}
	}
	start(80, "GET")
	start(20, "POST")
	start(10, "PUT")
	counts := map[string]int{}
	for range DefaultMaxConcurrentReads + DefaultMaxConcurrentWrites {
		counts[<-arrived]++
	}
	if counts["read"] != DefaultMaxConcurrentReads || counts["write"] != DefaultMaxConcurrentWrites {
		t.Fatalf("in flight: %v, want 50 reads and 15 writes", counts)
	}
	// Finishing one read lets exactly one waiting read in.
	releaseOneRead <- struct{}{}
	if kind := <-arrived; kind != "read" {
		t.Fatalf("after one read finished, a %s arrived", kind)
	}
	close(release)
	wg.Wait()
	if maxFor["read"] != DefaultMaxConcurrentReads || maxFor["write"] != DefaultMaxConcurrentWrites {
		t.Errorf("max in flight: %v, want 50 reads and 15 writes", maxFor)
	}
}

func TestBucketWaiterHonoursPauseThatStartedMeanwhile(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, mt := newTestClient(t, WithRateLimit(120, 1)) // then one token every 30/59 s
		inFirst, releaseFirst := make(chan struct{}), make(chan struct{})
		rec := record(mt,
			func(req *http.Request) (*http.Response, error) {
				close(inFirst)
				<-releaseFirst
				return reply(429, `{"errors":[{"message":"slow down"}]}`, "Retry-After", "30")(req)
			},
			reply(200, `{"data":{}}`))
		errs := make(chan error, 2)
		do := func(path string) {
			_, err := c.Do(t.Context(), &Request{Path: path}, nil)
			errs <- err
		}
		go do("/a")
		<-inFirst // A holds the only token and is at the server
		go do("/b")
		synctest.Wait() // B waits for the next token
		tokenWait := 30 * time.Second / 59
		time.Sleep(tokenWait / 2)
		close(releaseFirst) // A gets its 429: a pause of 30s, while B still waits
		for range 2 {
			if err := <-errs; err != nil {
				t.Fatal(err)
			}
		}
		got := rec.requests()
		if len(got) != 3 {
			t.Fatalf("%d calls, want 3", len(got))
		}
		pauseEnd := got[0].At.Add(tokenWait / 2).Add(30 * time.Second)
		// B's token came due during the pause; B waited out the pause, then
		// both retried on a bucket of one token, so one waited one more.
		if !got[1].At.Equal(pauseEnd) || got[2].At.Sub(pauseEnd) > tokenWait+time.Millisecond {
			t.Errorf("retries after %v and %v, want at the pause's end (%v), then within a token's wait",
				got[1].At.Sub(got[0].At), got[2].At.Sub(got[0].At), pauseEnd.Sub(got[0].At))
		}
	})
}
