package asana

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// scaledClock is real time sped up: one real second is speed seconds on the
// clock. The pipeline paces, pauses and backs off on it, and the quota
// server counts its windows on it, so a minute-long quota window passes in
// two seconds (at 30x) with the client's real timing logic (no fake shortcuts).
type scaledClock struct {
	origin time.Time // clock time at start
	start  time.Time // real time at start
	speed  float64
}

func newScaledClock(speed float64) *scaledClock {
	return &scaledClock{origin: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), start: time.Now(), speed: speed}
}

func (s *scaledClock) Now() time.Time {
	return s.origin.Add(time.Duration(float64(time.Since(s.start)) * s.speed))
}

func (s *scaledClock) After(d time.Duration) <-chan time.Time {
	return time.After(time.Duration(float64(d) / s.speed))
}

// quotaServer is an in-process Asana stand-in that allows quota requests
// per fixed window of the clock and answers 429 with Retry-After (whole
// seconds to the window's end) beyond that. Rejected requests count against
// the quota, as they do at Asana.
type quotaServer struct {
	clock  Clock
	origin time.Time
	window time.Duration
	quota  int

	mu       sync.Mutex
	perWin   map[int64]int // requests received per window
	okPerWin map[int64]int // requests answered 200 per window
	rejected int
}

func (q *quotaServer) RoundTrip(req *http.Request) (*http.Response, error) {
	now := q.clock.Now()
	win := int64(now.Sub(q.origin) / q.window)
	q.mu.Lock()
	q.perWin[win]++
	over := q.perWin[win] > q.quota
	if over {
		q.rejected++
	} else {
		q.okPerWin[win]++
	}
	q.mu.Unlock()
	if over {
		end := q.origin.Add(time.Duration(win+1) * q.window)
		secs := int((end.Sub(now) + time.Second - 1) / time.Second)
		return reply(429, `{"errors":[{"message":"You have made too many requests recently. Please, be chill."}]}`,
			"Retry-After", fmt.Sprint(secs))(req)
	}
	return reply(200, `{"data":{"gid":"1","name":"Me"}}`)(req)
}

// BenchmarkQuotaUse runs 100 goroutines of reads through one client with
// the default settings against a server with Asana's per-minute quota, for
// four one-minute windows (eight seconds of real time at 30x), and reports
// how much of the quota the client used and how many requests got a 429.
// Targets: quota_used_% >= 95, 429_% <= 1, errors 0.
func BenchmarkQuotaUse(b *testing.B) {
	for _, plan := range []struct {
		name      string
		perMinute int
		opts      []Option
	}{
		{"paid_1500_per_min", PaidPlanRequestsPerMinute, nil},
		{"free_150_per_min", FreePlanRequestsPerMinute, []Option{WithRateLimit(FreePlanRequestsPerMinute, 0)}},
	} {
		b.Run(plan.name, func(b *testing.B) {
			const windows, workers = 4, 100
			var used, rejectedPct, errs float64
			for b.Loop() {
				clk := newScaledClock(30)
				srv := &quotaServer{clock: clk, origin: clk.Now(), window: time.Minute, quota: plan.perMinute,
					perWin: map[int64]int{}, okPerWin: map[int64]int{}}
				c, err := NewClient(testToken, append([]Option{WithTransport(srv), WithClock(clk)}, plan.opts...)...)
				if err != nil {
					b.Fatal(err)
				}
				ctx, cancel := context.WithCancel(b.Context())
				end := srv.origin.Add(windows * time.Minute)
				var failed atomic.Int64
				var wg sync.WaitGroup
				for range workers {
					wg.Add(1)
					go func() {
						defer wg.Done()
						for ctx.Err() == nil && clk.Now().Before(end) {
							_, err := c.Do(ctx, &Request{Path: "/users/me"}, nil)
							if err != nil && !errors.Is(err, context.Canceled) {
								failed.Add(1)
								b.Log(err)
							}
						}
					}()
				}
				<-clk.After(end.Sub(clk.Now()))
				cancel()
				wg.Wait()
				srv.mu.Lock()
				ok, total := 0, 0
				for w := range int64(windows) {
					ok += srv.okPerWin[w]
				}
				for _, n := range srv.perWin {
					total += n
				}
				used += 100 * float64(ok) / float64(windows*plan.perMinute)
				rejectedPct += 100 * float64(srv.rejected) / float64(max(total, 1))
				srv.mu.Unlock()
				errs += float64(failed.Load())
			}
			b.ReportMetric(used/float64(b.N), "quota_used_%")
			b.ReportMetric(rejectedPct/float64(b.N), "429_%")
			b.ReportMetric(errs/float64(b.N), "errors")
		})
	}
}

// taskPage returns a page of 100 realistic tasks with every field a backup
// asks for by default, as Asana sends them.
func taskPage() []byte {
	var b strings.Builder
	b.WriteString(`{"data":[`)
	for i := range 100 {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"gid":"12000000000%05d","resource_type":"task","name":"Prepare quarterly report section %d","resource_subtype":"default_task",
"approval_status":"pending","assignee_status":"upcoming","completed":%t,"completed_at":null,"completed_by":null,
"created_at":"2024-11-%02dT09:%02d:12.345Z","modified_at":"2025-02-%02dT17:%02d:01.002Z","due_on":"2025-03-%02d","due_at":null,"start_on":null,"start_at":null,
"notes":"Collect the figures from finance, check them against last quarter's and draft the summary. Ping the team lead when the draft is ready for review; link the spreadsheet in the comments.",
"html_notes":"<body>Collect the figures from <strong>finance</strong>, check them against last quarter's and draft the summary.</body>",
"assignee":{"gid":"1100000000%04d","resource_type":"user","name":"Alex Example %d","email":"alex%d@example.com"},
"assignee_section":{"gid":"1300000000001","resource_type":"section","name":"Doing"},
"created_by":{"gid":"1100000000001","resource_type":"user"},
"parent":null,"num_subtasks":%d,"num_likes":1,"liked":false,"likes":[{"gid":"1500000001","user":{"gid":"1100000000002","resource_type":"user","name":"Sam Sample"}}],
"memberships":[{"project":{"gid":"1400000000001","resource_type":"project","name":"Finance Q1"},"section":{"gid":"1300000000002","resource_type":"section","name":"In progress"}}],
"projects":[{"gid":"1400000000001","resource_type":"project","name":"Finance Q1"}],
"tags":[{"gid":"1600000000001","resource_type":"tag","name":"reporting"}],
"followers":[{"gid":"1100000000001","resource_type":"user","name":"Alex Example"},{"gid":"1100000000002","resource_type":"user","name":"Sam Sample"}],
"workspace":{"gid":"1000000000001","resource_type":"workspace","name":"Example Corp"},
"custom_fields":[{"gid":"1700000000001","resource_type":"custom_field","name":"Priority","resource_subtype":"enum","type":"enum","display_value":"High","enum_value":{"gid":"1710000000001","resource_type":"enum_option","name":"High","enabled":true,"color":"red"}},
{"gid":"1700000000002","resource_type":"custom_field","name":"Estimate","resource_subtype":"number","type":"number","display_value":"3","number_value":3,"precision":0}],
"dependencies":[],"dependents":[],"permalink_url":"https://app.asana.com/0/1400000000001/12000000000%05d","actual_time_minutes":null,"is_rendered_as_separator":false}`,
			i, i, i%3 == 0, 1+i%28, i%60, 1+i%28, i%60, 1+i%28, i%50, i%50, i%50, i%4, i)
	}
	b.WriteString(`],"next_page":null}`)
	return []byte(b.String())
}

// staticTransport answers every request with body, from memory.
type staticTransport struct{ body []byte }

func (s staticTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json; charset=UTF-8"}},
		Body: io.NopCloser(bytes.NewReader(s.body)), ContentLength: int64(len(s.body)), Request: req}, nil
}

// BenchmarkListTasks decodes pages of 100 tasks through the whole pipeline
// (query, limiter, request, transport, envelope decode) and with a bare
// json.Unmarshal of the same bytes. The ratio sub-benchmark interleaves
// both, alternating which goes first, and reports pipeline/bare; target
// <= 1.1.
func BenchmarkListTasks(b *testing.B) {
	body := taskPage()
	fields := []string{"name", "assignee", "assignee.name", "assignee.email", "completed", "created_at", "modified_at",
		"due_on", "notes", "memberships.project", "memberships.section", "parent", "custom_fields"}
	c, err := NewClient(testToken, WithTransport(staticTransport{body}), WithRateLimit(0, 0))
	if err != nil {
		b.Fatal(err)
	}
	ctx := b.Context()
	pipeline := func() {
		page, err := listAt[Task](ctx, c, route{op: "bench", path: "/projects/1400000000001/tasks"}, nil, fields).Page("")
		if err != nil || len(page.Items) != 100 {
			b.Fatalf("page of %d: %v", len(page.Items), err)
		}
	}
	bare := func() {
		var env struct {
			Data     []Task    `json:"data"`
			NextPage *NextPage `json:"next_page"`
		}
		if err := json.Unmarshal(body, &env); err != nil || len(env.Data) != 100 {
			b.Fatalf("page of %d: %v", len(env.Data), err)
		}
	}
	for _, bm := range []struct {
		name string
		fn   func()
	}{{"pipeline", pipeline}, {"bare_json", bare}} {
		b.Run(bm.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(body)))
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			for b.Loop() {
				bm.fn()
			}
			runtime.ReadMemStats(&after)
			b.ReportMetric(float64(after.Mallocs-before.Mallocs)/float64(b.N*100), "allocs/task")
		})
	}
	b.Run("ratio", func(b *testing.B) {
		var inPipeline, inBare, cpuPipeline, cpuBare time.Duration
		// The order alternates, so that neither side always runs in the
		// other's garbage (a collection the first one provoked is paid by
		// whichever runs when it starts).
		for i := 0; b.Loop(); i++ {
			first, second := pipeline, bare
			if i%2 == 1 {
				first, second = bare, pipeline
			}
			c0, t0 := processCPU(), time.Now()
			first()
			c1, t1 := processCPU(), time.Now()
			second()
			d1, d2 := t1.Sub(t0), time.Since(t1)
			e1, e2 := c1-c0, processCPU()-c1
			if i%2 == 1 {
				d1, d2, e1, e2 = d2, d1, e2, e1
			}
			inPipeline, inBare = inPipeline+d1, inBare+d2
			cpuPipeline, cpuBare = cpuPipeline+e1, cpuBare+e2
		}
		b.ReportMetric(float64(inPipeline)/float64(inBare), "pipeline/bare")
		if cpuBare > 0 {
			// The same ratio in process CPU time, which other processes on
			// the machine do not disturb.
			b.ReportMetric(float64(cpuPipeline)/float64(cpuBare), "cpu-pipeline/bare")
		}
	})
}
