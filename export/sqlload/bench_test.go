package sqlload_test

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/asanakit/asana-go/export"
	"github.com/asanakit/asana-go/export/sqlload"
	"github.com/asanakit/asana-go/report"
)

// peakHeap samples the Go heap while fn runs and returns its peak.
func peakHeap(fn func()) uint64 {
	var peak atomic.Uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak.Load() {
				peak.Store(ms.HeapInuse)
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	fn()
	close(done)
	wg.Wait()
	return peak.Load()
}

// BenchmarkLoadFull loads a snapshot of N tasks into an empty SQLite
// database: time, objects per second and the peak Go heap (flat as the
// organization grows: the loader streams).
func BenchmarkLoadFull(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("tasks=%d", n), func(b *testing.B) {
			snap := genSnapshot(b, b.TempDir(), n, 0, "")
			var objects int64
			var peak uint64
			cpu := cpuTime()
			b.ResetTimer()
			for i := range b.N {
				b.StopTimer()
				db, err := sqlload.OpenSQLite(filepath.Join(b.TempDir(), fmt.Sprintf("org%d.db", i)))
				if err != nil {
					b.Fatal(err)
				}
				runtime.GC()
				b.StartTimer()
				peak = max(peak, peakHeap(func() {
					st, err := db.Load(context.Background(), snap)
					if err != nil {
						b.Fatal(err)
					}
					objects = st.Inserted
				}))
				b.StopTimer()
				db.Close()
				b.StartTimer()
			}
			reportCPU(b, cpu)
			b.ReportMetric(float64(objects)*float64(b.N)/b.Elapsed().Seconds(), "objects/s")
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
		})
	}
}

// BenchmarkLoadIncremental loads, over a database holding a snapshot of
// 100k tasks, a snapshot where 1% of the tasks changed (spread over
// every project, so that every task file changed), then back: each
// iteration is one incremental load.
func BenchmarkLoadIncremental(b *testing.B) {
	n := incrementalTasks
	dir := b.TempDir()
	snaps := []string{
		genSnapshot(b, filepath.Join(dir, "a"), n, 100, "a"),
		genSnapshot(b, filepath.Join(dir, "b"), n, 100, "b"),
	}
	db, err := sqlload.OpenSQLite(filepath.Join(dir, "org.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Load(context.Background(), snaps[0]); err != nil {
		b.Fatal(err)
	}
	var st *sqlload.Stats
	cpu := cpuTime()
	b.ResetTimer()
	for i := range b.N {
		if st, err = db.Load(context.Background(), snaps[(i+1)%2]); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	if st.Updated != int64(n/100) {
		b.Fatalf("updated %d tasks, want %d: %+v", st.Updated, n/100, st)
	}
	reportCPU(b, cpu)
	b.ReportMetric(float64(st.Updated), "updated")
}

// BenchmarkReports answers each standard report on a database of 100k
// tasks.
func BenchmarkReports(b *testing.B) {
	dir := b.TempDir()
	snap := genSnapshot(b, dir, 100_000, 0, "")
	db, err := sqlload.OpenSQLite(filepath.Join(dir, "org.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	if _, err := db.Load(ctx, snap); err != nil {
		b.Fatal(err)
	}
	if _, err := export.Verify(snap); err != nil {
		b.Fatal(err)
	}
	for _, r := range report.Standard {
		b.Run(r.Name, func(b *testing.B) {
			var rows int
			cpu := cpuTime()
			for range b.N {
				res, err := report.Run(ctx, db, r.Name, report.Params{})
				if err != nil {
					b.Fatal(err)
				}
				rows = len(res.Rows)
			}
			reportCPU(b, cpu)
			b.ReportMetric(float64(rows), "rows")
		})
	}
}

// benchSizes are BenchmarkLoadFull's organization sizes.
var benchSizes = []int{10_000, 100_000}

// reportCPU adds the process's CPU time per iteration since start (user
// and system, from getrusage where there is one): on a machine shared
// with other jobs it says more than the wall time.
func reportCPU(b *testing.B, start time.Duration) {
	if now := cpuTime(); now > 0 {
		b.ReportMetric(float64(now-start)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
	}
}

// incrementalTasks is BenchmarkLoadIncremental's organization size.
var incrementalTasks = 100_000
