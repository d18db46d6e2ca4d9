package export

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/asanatest"
)

// scaledClock is real time sped up speed times, from origin: the client
// paces and backs off on it and latencyQuota counts its windows on it, so
// that a backup of several quota minutes takes seconds.
type scaledClock struct {
	origin, start time.Time
	speed         float64
}

func (s *scaledClock) Now() time.Time {
	return s.origin.Add(time.Duration(float64(time.Since(s.start)) * s.speed))
}

func (s *scaledClock) After(d time.Duration) <-chan time.Time {
	return time.After(time.Duration(float64(d) / s.speed))
}

// latencyQuota is a transport in front of the fake that answers each
// request after latency (on the clock) and allows quota requests per
// one-minute window of the clock, counted on arrival; beyond that it
// answers 429 with Retry-After, as Asana does.
type latencyQuota struct {
	next    http.RoundTripper
	clock   *scaledClock
	latency time.Duration
	quota   int

	mu       sync.Mutex
	perWin   map[int64]int
	ok       int
	rejected int
	first    time.Time
	last     time.Time
}

func (q *latencyQuota) RoundTrip(req *http.Request) (*http.Response, error) {
	now := q.clock.Now()
	win := int64(now.Sub(q.clock.origin) / time.Minute)
	q.mu.Lock()
	if q.first.IsZero() {
		q.first = now
	}
	q.perWin[win]++
	over := q.perWin[win] > q.quota
	if over {
		q.rejected++
	}
	q.mu.Unlock()
	<-q.clock.After(q.latency)
	if over {
		end := q.clock.origin.Add(time.Duration(win+1) * time.Minute)
		secs := int((end.Sub(now) + time.Second - 1) / time.Second)
		body := `{"errors":[{"message":"You have made too many requests recently."}]}`
		return &http.Response{StatusCode: http.StatusTooManyRequests, Request: req,
			Header: http.Header{"Content-Type": {"application/json"}, "Retry-After": {strconv.Itoa(secs)}},
			Body:   io.NopCloser(bytes.NewReader([]byte(body))), ContentLength: int64(len(body))}, nil
	}
	resp, err := q.next.RoundTrip(req)
	q.mu.Lock()
	q.ok++
	q.last = q.clock.Now()
	q.mu.Unlock()
	return resp, err
}

// BenchmarkBackupQuotaUse backs up the demo organization at 5,000 tasks
// (about 10,000 requests, 7 minutes of quota) through a transport that
// answers after 200, 400 or 800 ms and enforces the paid plan's 1,500
// requests a minute, with the client's and the backup's default settings,
// on a clock sped up 10 times (about 45 s a run; faster, the fake's own
// CPU time starts to count as latency). quota-used-% is
// the requests answered over the quota of the run's duration (first
// request to last answer). Target (issue 14): at least 95% at 800 ms, no
// 429s.
func BenchmarkBackupQuotaUse(b *testing.B) {
	for _, latency := range []time.Duration{200 * time.Millisecond, 400 * time.Millisecond, 800 * time.Millisecond} {
		b.Run(fmt.Sprintf("latency=%s", latency), func(b *testing.B) {
			for b.Loop() {
				srv, err := asanatest.New(asanatest.WithSeed(7), asanatest.WithRateLimit(0, time.Minute), asanatest.WithConcurrency(0, 0))
				if err != nil {
					b.Fatal(err)
				}
				org, err := srv.Generate(42, demoShape(5000))
				if err != nil {
					b.Fatal(err)
				}
				srv.Clock().Advance(time.Hour)
				clk := &scaledClock{origin: srv.Clock().Now(), start: time.Now(), speed: 10}
				q := &latencyQuota{next: srv.Transport(), clock: clk, latency: latency,
					quota: asana.PaidPlanRequestsPerMinute, perWin: map[int64]int{}}
				c, err := asana.NewClient(org.ServiceAccountToken, asana.WithTransport(q), asana.WithClock(clk))
				if err != nil {
					b.Fatal(err)
				}
				bk := &Backup{Client: c, Organization: org.Organization.GID, Dir: b.TempDir()}
				if _, err := bk.Run(b.Context()); err != nil {
					b.Fatal(err)
				}
				srv.Close()
				q.mu.Lock()
				minutes := q.last.Sub(q.first).Minutes()
				b.ReportMetric(100*float64(q.ok)/(minutes*float64(q.quota)), "quota-used-%")
				b.ReportMetric(float64(q.rejected), "429s")
				b.ReportMetric(float64(q.ok), "requests")
				b.ReportMetric(minutes, "clock-minutes")
				q.mu.Unlock()
			}
		})
	}
}
