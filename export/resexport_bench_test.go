package export

import (
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/asanakit/asana-go/asanatest"
)

// BenchmarkBackupRequestsExport counts the requests of a first full
// backup through the resource export (Backup.ResourceExport) of the demo
// organization at 20k top-level tasks (100k with EXPORT_BENCH_100K=1),
// per route, with the subtasks' manual order (the default) and with
// SearchSubtasks. Target (issue 14): under 1,000 requests for 100k tasks.
// BenchmarkBackupRequests measures the per-task path on the same shapes.
func BenchmarkBackupRequestsExport(b *testing.B) {
	sizes := []int{20000}
	if os.Getenv("EXPORT_BENCH_100K") != "" {
		sizes = append(sizes, 100000)
	}
	for _, tasks := range sizes {
		for _, mode := range []struct {
			name           string
			searchSubtasks bool
		}{{"export", false}, {"export-search-subtasks", true}} {
			b.Run(fmt.Sprintf("tasks=%d/%s", tasks, mode.name), func(b *testing.B) {
				for b.Loop() {
					f := newFakeOrg(b, demoShape(tasks), []asanatest.Option{asanatest.WithConcurrency(0, 0)})
					f.srv.Clock().Advance(time.Hour) // the generated data is older than the export
					f.srv.Clock().SetAutoAdvance(true)
					bk := f.backup(b.TempDir())
					bk.Concurrency = 16
					bk.ResourceExport, bk.SearchSubtasks = true, mode.searchSubtasks
					f.srv.ResetRequests()
					res, err := bk.Run(b.Context())
					if err != nil {
						b.Fatal(err)
					}
					if res.ResourceExportError != nil {
						b.Fatal(res.ResourceExportError)
					}
					c := f.srv.RequestCounts()
					all := res.Manifest.Counts["tasks"]
					b.ReportMetric(float64(all), "tasks")
					b.ReportMetric(float64(c.Total), "full-requests")
					b.ReportMetric(float64(c.Total)/float64(all), "full-requests/task")
					b.Logf("full run through the export, %d tasks, %d requests: %s", all, c.Total, routeCounts(c))
				}
			})
		}
	}
}
