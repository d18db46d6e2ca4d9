package asanatest

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
)

func TestRateLimit(t *testing.T) {
	f := newFixture(t, WithRateLimit(3, time.Minute))
	s := f.s
	s.Clock().Advance(20 * time.Second)
	for i := range 3 {
		if code, _, _ := call(t, s, f.memberTok, "GET", "/users/me", ""); code != 200 {
			t.Fatalf("request %d: %d", i, code)
		}
	}
	code, h, doc := call(t, s, f.memberTok, "GET", "/users/me", "")
	if code != 429 || h.Get("Retry-After") != "60" || errMessage(doc) != msgRateLimited {
		t.Fatalf("%d Retry-After %q %v", code, h.Get("Retry-After"), doc)
	}
	// Another token has its own quota.
	if code, _, _ := call(t, s, f.adminTok, "GET", "/users/me", ""); code != 200 {
		t.Fatalf("other token: %d", code)
	}
	// Rejected requests count: still limited 30s later, with a shorter wait.
	s.Clock().Advance(30 * time.Second)
	if code, h, _ := call(t, s, f.memberTok, "GET", "/users/me", ""); code != 429 || h.Get("Retry-After") != "30" {
		t.Fatalf("%d %q", code, h.Get("Retry-After"))
	}
	s.Clock().Advance(30 * time.Second)
	if code, _, _ := call(t, s, f.memberTok, "GET", "/users/me", ""); code != 200 {
		t.Fatalf("after the window: %d", code)
	}
	// The request log counts the rejected requests, by token.
	rejected := map[string]int{}
	for _, r := range s.Requests() {
		if r.Status == http.StatusTooManyRequests {
			rejected[r.UserGID]++
		}
	}
	if len(rejected) != 1 || rejected[f.member.GID] != 2 {
		t.Errorf("429s in the request log: %v, want 2 for %s", rejected, f.member.GID)
	}
}

// TestConcurrencyLimit parks requests on injected latency, so the number
// in flight is exact, and checks the read and write caps.
func TestConcurrencyLimit(t *testing.T) {
	f := newFixture(t, WithConcurrency(2, 1))
	s := f.s
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute) // a guard only: BlockUntil returns as soon as the requests park
	defer cancel()
	for route, n := range map[string]int{"/users/{user_gid}": 2, "/teams": 1} {
		if err := s.InjectFault(Fault{Route: route, Latency: time.Second, Times: n}); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	codes := make(chan int, 3)
	park := func(method, path, body string) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			code, _, _ := call(t, s, f.memberTok, method, path, body)
			codes <- code
		}()
	}
	park("GET", "/users/me", "")
	park("GET", "/users/me", "")
	park("POST", "/teams", `{"data":{"name":"T","organization":"`+f.org.GID+`"}}`)
	if err := s.Clock().BlockUntil(ctx, 3); err != nil {
		t.Fatal(err)
	}
	if code, h, _ := call(t, s, f.memberTok, "GET", "/users/me", ""); code != 429 || h.Get("Retry-After") != "1" {
		t.Errorf("third read: %d %q", code, h.Get("Retry-After"))
	}
	if code, _, _ := call(t, s, f.memberTok, "PUT", "/teams/"+f.public.GID, `{"data":{}}`); code != 429 {
		t.Errorf("second write: %d", code)
	}
	if code, _, _ := call(t, s, f.adminTok, "GET", "/users/me", ""); code != 200 {
		t.Errorf("another token: %d", code)
	}
	s.Clock().Advance(time.Second)
	wg.Wait()
	close(codes)
	for c := range codes {
		if c != 200 && c != 201 {
			t.Errorf("parked request: %d", c)
		}
	}
}

func TestInjectFaultValidation(t *testing.T) {
	s := Must(New())
	defer s.Close()
	tests := []struct {
		f  Fault
		ok bool
	}{
		{Fault{Route: "/users/{user_gid}", Status: 500}, true},
		{Fault{Method: "get", Route: "/users/{user_gid}", Status: 500}, true},
		{Fault{Route: "/users/{user}", Status: 500}, false},
		{Fault{Method: "DELETE", Route: "/users/{user_gid}", Status: 500}, false},
		{Fault{Route: "/users/{user_gid}"}, false},
		{Fault{Route: "/users/{user_gid}", Status: 1000}, false},
		{Fault{Route: "/users/{user_gid}", Status: 500, Fraction: 2}, false},
	}
	for _, tt := range tests {
		if err := s.InjectFault(tt.f); (err == nil) != tt.ok {
			t.Errorf("%+v: %v", tt.f, err)
		}
	}
}

// connectors returns the ways to reach a fake, each as an HTTP client and
// a base URL.
func connectors(t *testing.T, s *Server) map[string]func() (*http.Client, string) {
	return map[string]func() (*http.Client, string){
		"transport": func() (*http.Client, string) { return s.HTTPClient(), s.URL() },
		"loopback": func() (*http.Client, string) {
			u, err := s.Start()
			if err != nil {
				t.Fatal(err)
			}
			// No keep-alive: net/http would silently retry a GET whose
			// reused connection dropped, hiding the fault.
			return &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}, u
		},
		"httpmock": func() (*http.Client, string) {
			mt := httpmock.NewMockTransport()
			if err := s.RegisterHTTPMock(mt, "https://app.asana.test/api/1.0"); err != nil {
				t.Fatal(err)
			}
			return &http.Client{Transport: mt}, "https://app.asana.test/api/1.0"
		},
	}
}

func TestFaultsOverEveryConnector(t *testing.T) {
	for name := range connectors(t, nil) {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t)
			s := f.s
			client, base := connectors(t, s)[name]()
			get := func() (*http.Response, []byte, error) {
				req, _ := http.NewRequest("GET", base+"/users/me", nil)
				req.Header.Set("Authorization", "Bearer "+f.memberTok)
				resp, err := client.Do(req)
				if err != nil {
					return nil, nil, err
				}
				defer resp.Body.Close()
				b, err := io.ReadAll(resp.Body)
				return resp, b, err
			}
			route := "/users/{user_gid}"

			must := func(err error) {
				if err != nil {
					t.Fatal(err)
				}
			}
			must(s.InjectFault(Fault{Route: route, Status: 503, RetryAfter: 2 * time.Second, Times: 1}))
			resp, body, err := get()
			if err != nil || resp.StatusCode != 503 || resp.Header.Get("Retry-After") != "2" || !strings.Contains(string(body), "phrase") {
				t.Fatalf("status fault: %v %v %s", err, resp, body)
			}
			if resp, _, err := get(); err != nil || resp.StatusCode != 200 {
				t.Fatalf("after Times 1: %v %v", err, resp)
			}

			must(s.InjectFault(Fault{Route: route, DropConnection: true, Times: 1}))
			if _, _, err := get(); err == nil {
				t.Fatal("dropped connection: no error")
			}

			must(s.InjectFault(Fault{Route: route, TruncateBody: true, Times: 1}))
			if _, _, err := get(); !errors.Is(err, io.ErrUnexpectedEOF) {
				t.Fatalf("truncated body: %v", err)
			}

			must(s.InjectFault(Fault{Route: route, Latency: 3 * time.Second, Times: 1}))
			done := make(chan int, 1)
			go func() {
				resp, _, err := get()
				if err != nil {
					done <- -1
					return
				}
				done <- resp.StatusCode
			}()
			ctx, cancel := context.WithTimeout(t.Context(), time.Minute) // a guard only: BlockUntil returns as soon as the requests park
			defer cancel()
			must(s.Clock().BlockUntil(ctx, 1))
			select {
			case <-done:
				t.Fatal("answered before the clock moved")
			default:
			}
			s.Clock().Advance(3 * time.Second)
			if code := <-done; code != 200 {
				t.Fatalf("after latency: %d", code)
			}

			var kinds []string
			for _, r := range s.Requests() {
				kinds = append(kinds, r.Fault)
			}
			if got := strings.Join(kinds, ","); got != "status,,drop,truncate,latency" {
				t.Errorf("logged faults %q", got)
			}
		})
	}
}

func TestFaultFraction(t *testing.T) {
	f := newFixture(t, WithSeed(7))
	if err := f.s.InjectFault(Fault{Route: "/users/{user_gid}", Status: 500, Fraction: 0.5}); err != nil {
		t.Fatal(err)
	}
	fails := 0
	for range 200 {
		if code, _, _ := call(t, f.s, f.memberTok, "GET", "/users/me", ""); code == 500 {
			fails++
		}
	}
	if fails < 70 || fails > 130 {
		t.Errorf("%d of 200 failed with Fraction 0.5", fails)
	}
}

// getMe sends GET /users/me, reads the whole answer and sends the error
// (nil when it got one) on errc.
func getMe(client *http.Client, base, token string, errc chan<- error) {
	req, _ := http.NewRequest("GET", base+"/users/me", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := client.Do(req)
	if err == nil {
		_, err = io.ReadAll(resp.Body)
		resp.Body.Close()
	}
	errc <- err
}

// TestCloseEndsWaits: Close returns while a request waits on latency that
// the clock will never reach, and the request fails.
func TestCloseEndsWaits(t *testing.T) {
	for _, name := range []string{"transport", "loopback"} {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t)
			s := f.s
			client, base := connectors(t, s)[name]()
			if err := s.InjectFault(Fault{Route: "/users/{user_gid}", Latency: time.Hour}); err != nil {
				t.Fatal(err)
			}
			errc := make(chan error, 1)
			go getMe(client, base, f.memberTok, errc)
			if err := s.Clock().BlockUntil(t.Context(), 1); err != nil {
				t.Fatal(err)
			}
			s.Close()
			if err := <-errc; err == nil {
				t.Error("request survived Close")
			}
		})
	}
}
