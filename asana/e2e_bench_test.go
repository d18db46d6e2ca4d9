package asana_test

import (
	"testing"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/asanatest"
)

// BenchmarkE2EListTasks lists a 2,000-task project with the client's
// default task fields through the fake's in-process transport: the whole
// pipeline on both sides (encode, route, authorize, paginate, project,
// render, decode) without a network. It reports tasks/s and µs per page.
func BenchmarkE2EListTasks(b *testing.B) {
	srv := asanatest.Must(asanatest.New(asanatest.WithRateLimit(0, 0)))
	b.Cleanup(srv.Close)
	org := asanatest.Must(srv.Generate(7, asanatest.Sizes{Users: 20, Teams: 1, Projects: 1, Tasks: 2000, SubtaskRatio: -1, CommentsPerTask: -1}))
	c, err := asana.NewClient(org.ServiceAccountToken, asana.WithBaseURL(srv.URL()),
		asana.WithTransport(srv.Transport()), asana.WithRateLimit(0, 0))
	if err != nil {
		b.Fatal(err)
	}
	ctx := b.Context()
	project := org.Projects[0].GID
	tasks := 0
	b.ReportAllocs()
	for b.Loop() {
		for _, err := range c.Tasks.ListForProject(ctx, project, nil).All() {
			if err != nil {
				b.Fatal(err)
			}
			tasks++
		}
	}
	if tasks != 2000*b.N {
		b.Fatalf("listed %d tasks in %d runs, want 2000 each", tasks, b.N)
	}
	secs := b.Elapsed().Seconds()
	b.ReportMetric(float64(tasks)/secs, "tasks/s")
	b.ReportMetric(secs*1e6/float64(20*b.N), "µs/page")
}
