package asanatest

import (
	"fmt"
	"net/http"
	"testing"
)

// TestRequestLogBounded: the log keeps the latest records in order, and
// the counts cover every request, also those the log dropped.
func TestRequestLogBounded(t *testing.T) {
	tests := []struct {
		name     string
		size     int
		requests int // GET /users/me, then one unrouted request
	}{
		{"under the size", 10, 3},
		{"exactly the size", 4, 3},
		{"wrapped", 3, 7},
		{"wrapped many times", 2, 25},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, WithRequestLogSize(tt.size), WithRateLimit(0, 0))
			for i := range tt.requests {
				call(t, f.s, f.saTok, "GET", fmt.Sprintf("/users/me?n=%d", i), "")
			}
			call(t, f.s, f.saTok, "GET", "/no/such/route", "")
			total := tt.requests + 1
			recs := f.s.Requests()
			if want := min(tt.size, total); len(recs) != want {
				t.Fatalf("%d records, want %d", len(recs), want)
			}
			for i, r := range recs[:len(recs)-1] {
				if want := fmt.Sprintf("n=%d", total-len(recs)+i); r.Query != want {
					t.Errorf("record %d: query %q, want %q (oldest first)", i, r.Query, want)
				}
			}
			if last := recs[len(recs)-1]; last.Path != "/no/such/route" || last.Status != 404 {
				t.Errorf("last record %+v, want the unrouted 404", last)
			}
			c := f.s.RequestCounts()
			if c.Total != total || c.ByClass[2] != tt.requests || c.ByClass[4] != 1 {
				t.Errorf("counts %+v, want %d in all, %d 2xx, one 4xx", c, total, tt.requests)
			}
			if c.ByRoute["GET /users/{user_gid}"] != tt.requests || c.ByRoute["GET "] != 1 {
				t.Errorf("by route %v", c.ByRoute)
			}
			f.s.ResetRequests()
			if n, c := len(f.s.Requests()), f.s.RequestCounts(); n != 0 || c.Total != 0 || len(c.ByRoute) != 0 {
				t.Errorf("after reset: %d records, counts %+v", n, c)
			}
		})
	}
}

func TestWithRequestLogSizeRejectsNonPositive(t *testing.T) {
	for _, n := range []int{0, -1} {
		if _, err := New(WithRequestLogSize(n)); err == nil {
			t.Errorf("WithRequestLogSize(%d): no error", n)
		}
	}
}

// TestRequestLogHeap: after as many requests as a backup of the 100k-task
// demo organization sends (351,190), the default log holds at most 8 MiB
// of heap (an unbounded log held 176 MiB).
func TestRequestLogHeap(t *testing.T) {
	if testing.Short() {
		t.Skip("records 351,190 requests")
	}
	s, err := New()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	heap := requestLogHeap(t, s, backupRequests)
	if heap > 8<<20 {
		t.Errorf("request log holds %.1f MiB after %d requests, want at most 8 MiB", float64(heap)/(1<<20), backupRequests)
	}
	if c := s.RequestCounts(); c.Total != backupRequests {
		t.Errorf("counted %d requests, want %d", c.Total, backupRequests)
	}
}

// TestRequestLoggedWhenAnswered: a caller holding a response finds its
// request in the log before reading the body (the in-process transport
// hands the response over while the handler still writes the body), with
// the status it got.
func TestRequestLoggedWhenAnswered(t *testing.T) {
	tests := []struct {
		name, path string
		status     int
	}{
		{"ok", "/users/me", 200},
		{"not found", "/users/424242424242", 404},
		{"no route", "/no/such/route", 404},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			req, err := http.NewRequest("GET", f.s.URL()+tt.path, nil)
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Authorization", "Bearer "+f.saTok)
			resp, err := f.s.HTTPClient().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			recs := f.s.Requests()
			if len(recs) != 1 || recs[0].Status != tt.status || recs[0].Status != resp.StatusCode {
				t.Fatalf("log %+v after a %d answer, want its one record with status %d", recs, resp.StatusCode, tt.status)
			}
		})
	}
}
