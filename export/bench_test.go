package export

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/asanatest"
)

// pageMinimum is the fewest list requests that can fetch a snapshot's
// objects: one per 100 objects of each list, and at least one per list a
// container needs (every project's sections and tasks, every team's
// memberships, every task's stories and attachments, and the subtasks of
// every task that has some; a task in several projects once).
func pageMinimum(t testing.TB, snap string) int64 {
	pages := func(n int) int64 { return int64(max(1, (n+99)/100)) }
	count := func(path string) int {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		info, _, err := hashReader(f)
		if err != nil {
			t.Fatal(err)
		}
		return int(info.Count)
	}
	var total int64
	for _, f := range []string{"workspace_memberships", "users", "teams", "projects"} {
		total += pages(count(filepath.Join(snap, f+".jsonl")))
	}
	perTeam := map[string]int{}
	for _, m := range readLines[struct{ Team ref }](t, filepath.Join(snap, "team_memberships.jsonl")) {
		perTeam[m.Team.GID]++
	}
	for _, tm := range readLines[ref](t, filepath.Join(snap, "teams.jsonl")) {
		total += pages(perTeam[tm.GID])
	}
	dirs, _ := filepath.Glob(filepath.Join(snap, "projects", "*"))
	for _, d := range dirs {
		total += pages(count(filepath.Join(d, sectionsFile)))
		stories, atts := map[string]int{}, map[string]int{}
		for _, s := range readLines[struct{ Target ref }](t, filepath.Join(d, storiesFile)) {
			stories[s.Target.GID]++
		}
		for _, a := range readLines[struct{ Parent ref }](t, filepath.Join(d, attachmentsFile)) {
			atts[a.Parent.GID]++
		}
		top, project := 0, filepath.Base(d)
		for _, tk := range readLines[taskMeta](t, filepath.Join(d, tasksFile)) {
			if len(tk.Memberships) > 0 {
				top++
			}
			if !tk.home(project) {
				continue // its lists are counted with its first project
			}
			total += pages(stories[tk.GID]) + pages(atts[tk.GID])
			if tk.NumSubtasks > 0 {
				total += pages(tk.NumSubtasks)
			}
		}
		total += pages(top)
	}
	return total
}

// BenchmarkBackupFull backs up a generated organization with the rate
// limiter off, in process, and reports objects per second, requests per
// object and the ratio of requests to the page minimum.
func BenchmarkBackupFull(b *testing.B) {
	for _, tasks := range []int{2000, 20000} {
		b.Run(fmt.Sprintf("tasks=%d", tasks), func(b *testing.B) {
			f := newFakeOrg(b, asanatest.Sizes{Users: 200, Teams: 10, Projects: max(10, tasks/1000), Tasks: tasks,
				SubtaskRatio: 0.5, CommentsPerTask: 2, ArchivedRatio: 0.1}, nil)
			var res *Result
			var requests int
			var elapsed time.Duration
			for b.Loop() {
				f.srv.ResetRequests()
				bk := f.backup(b.TempDir())
				bk.Concurrency = 16
				start := time.Now()
				var err error
				if res, err = bk.Run(b.Context()); err != nil {
					b.Fatal(err)
				}
				elapsed += time.Since(start)
				requests = f.srv.RequestCounts().Total
			}
			var objects int64
			for _, n := range res.Manifest.Counts {
				objects += n
			}
			min := pageMinimum(b, res.Dir)
			b.ReportMetric(float64(objects), "objects")
			b.ReportMetric(float64(objects)*float64(b.N)/elapsed.Seconds(), "objects/s")
			b.ReportMetric(float64(requests)/float64(objects), "requests/object")
			b.ReportMetric(float64(requests)/float64(min), "requests/page-minimum")
		})
	}
}

const (
	fakeTasksEnv  = "EXPORT_BENCH_FAKE_TASKS"
	fakeSecretEnv = "EXPORT_BENCH_FAKE_SECRET"
)

// heapSizes keeps the number of projects fixed, so that both sizes run
// the same number of projects at once and differ only in tasks.
func heapSizes(tasks int) asanatest.Sizes {
	return asanatest.Sizes{Users: 200, Teams: 10, Projects: 40, Tasks: tasks, SubtaskRatio: 0.2, CommentsPerTask: 1, ArchivedRatio: 0.1}
}

// TestBenchFakeServer is the fake that BenchmarkBackupHeap backs up, in a
// process of its own so that its memory is not the backup's.
func TestBenchFakeServer(t *testing.T) {
	tasks, _ := strconv.Atoi(os.Getenv(fakeTasksEnv))
	if tasks == 0 {
		t.Skip("run by BenchmarkBackupHeap")
	}
	srv, err := asanatest.New(asanatest.WithRateLimit(0, time.Minute), asanatest.WithConcurrency(0, 0))
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	org, err := srv.Generate(42, heapSizes(tasks))
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.AddTokenWithSecret(org.ServiceAccount.GID, os.Getenv(fakeSecretEnv)); err != nil {
		t.Fatal(err)
	}
	url, err := srv.Start()
	if err != nil {
		t.Fatal(err)
	}
	fmt.Printf("%s %s\n", url, org.Organization.GID)
	_, _ = bufio.NewReader(os.Stdin).ReadString('\n') // until the parent closes stdin
}

// BenchmarkBackupHeap backs up 20k and 200k tasks from a fake in a child
// process over loopback HTTP and reports the backup's heap: the peak of
// the live heap measured at each GC (runtime/metrics /gc/heap/live:bytes)
// and the peak HeapAlloc sampled every 5ms, both above the heap before the
// run.
func BenchmarkBackupHeap(b *testing.B) {
	for _, tasks := range []int{20000, 200000} {
		b.Run(fmt.Sprintf("tasks=%d", tasks), func(b *testing.B) {
			secret := "bench-secret-" + strconv.Itoa(tasks)
			cmd := exec.Command(os.Args[0], "-test.run=^TestBenchFakeServer$", "-test.count=1", "-test.timeout=0")
			cmd.Env = append(os.Environ(), fakeTasksEnv+"="+strconv.Itoa(tasks), fakeSecretEnv+"="+secret)
			stdin, _ := cmd.StdinPipe()
			stdout, _ := cmd.StdoutPipe()
			cmd.Stderr = os.Stderr
			if err := cmd.Start(); err != nil {
				b.Fatal(err)
			}
			defer func() { stdin.Close(); _ = cmd.Wait() }()
			line, err := bufio.NewReader(stdout).ReadString('\n')
			if err != nil {
				b.Fatal(err)
			}
			fields := strings.Fields(line)
			c, err := asana.NewClient(secret, asana.WithBaseURL(fields[0]), asana.WithRateLimit(0, 0))
			if err != nil {
				b.Fatal(err)
			}
			var peakLive, peakAlloc uint64
			for b.Loop() {
				runtime.GC()
				var ms runtime.MemStats
				runtime.ReadMemStats(&ms)
				base := ms.HeapAlloc
				live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
				stop := make(chan struct{})
				var wg sync.WaitGroup
				wg.Add(1)
				go func() {
					defer wg.Done()
					tick := time.NewTicker(5 * time.Millisecond)
					defer tick.Stop()
					for {
						select {
						case <-stop:
							return
						case <-tick.C:
						}
						runtime.ReadMemStats(&ms)
						metrics.Read(live)
						if ms.HeapAlloc > base {
							peakAlloc = max(peakAlloc, ms.HeapAlloc-base)
						}
						if v := live[0].Value.Uint64(); v > base {
							peakLive = max(peakLive, v-base)
						}
					}
				}()
				bk := &Backup{Client: c, Organization: fields[1], Dir: b.TempDir(), Concurrency: 16}
				res, err := bk.Run(b.Context())
				close(stop)
				wg.Wait()
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(res.Manifest.Counts["tasks"]), "tasks")
			}
			b.ReportMetric(float64(peakLive)/(1<<20), "peak-live-MiB")
			b.ReportMetric(float64(peakAlloc)/(1<<20), "peak-alloc-MiB")
		})
	}
}
