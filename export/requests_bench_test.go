package export

import (
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/asanatest"
)

// demoShape is the demo organization (asanatest.DemoSizes) grown to tasks
// top-level tasks, one project per 500 of them, as the issue measures it.
func demoShape(tasks int) asanatest.Sizes {
	sz := asanatest.DemoSizes()
	sz.Tasks, sz.TasksPerProject, sz.Projects = tasks, 0, max(5, tasks/500)
	return sz
}

// changeShare edits every nth task of a snapshot (subtasks included) through
// the API and returns how many it changed.
func changeShare(b testing.TB, f *fakeOrg, snap string, n int) int {
	b.Helper()
	return changeShareFrom(b, f, snap, n, 0)
}

// changeShareFrom is changeShare from the from-th task on (by gid), so
// that days in a row change different tasks.
func changeShareFrom(b testing.TB, f *fakeOrg, snap string, n, from int) int {
	b.Helper()
	m, err := ReadManifest(snap)
	if err != nil {
		b.Fatal(err)
	}
	seen := map[string]bool{}
	var gids []string
	for _, fi := range m.Files {
		if !strings.HasPrefix(fi.Path, "projects/") || !strings.HasSuffix(fi.Path, "/"+tasksFile) {
			continue
		}
		data, err := readData(snap, fi.Path) // plain or chunked
		if err != nil {
			b.Fatal(err)
		}
		for _, line := range strings.SplitAfter(string(data), "\n") {
			if line == "" {
				continue
			}
			var tk taskMeta
			if err := json.Unmarshal([]byte(line), &tk); err != nil {
				b.Fatal(err)
			}
			if !seen[tk.GID] {
				seen[tk.GID] = true
				gids = append(gids, tk.GID)
			}
		}
	}
	slices.Sort(gids)
	changed := 0
	for i := from % n; i < len(gids); i += n {
		_, err := f.client.Do(b.Context(), &asana.Request{Method: "PUT", Path: "/tasks/" + gids[i],
			Body: map[string]any{"notes": fmt.Sprintf("changed after %s (%d)", filepath.Base(snap), i)}}, nil)
		if err != nil {
			b.Fatal(err)
		}
		changed++
	}
	return changed
}

// routeCounts formats the fake's request counts by route, largest first.
func routeCounts(c asanatest.RequestCounts) string {
	type rc struct {
		route string
		n     int
	}
	var rs []rc
	for r, n := range c.ByRoute {
		rs = append(rs, rc{r, n})
	}
	slices.SortFunc(rs, func(a, b rc) int {
		if a.n != b.n {
			return b.n - a.n
		}
		return strings.Compare(a.route, b.route)
	})
	var parts []string
	for _, r := range rs {
		parts = append(parts, fmt.Sprintf("%d %s", r.n, r.route))
	}
	return strings.Join(parts, "; ")
}

// BenchmarkBackupRequests counts the requests of a full backup of the
// demo organization at 20k top-level tasks (100k with
// EXPORT_BENCH_100K=1), and of the incremental run after 1% of its tasks
// changed, per route, with search off, with search (the default) and with
// SearchSubtasks. Targets (issue 14): full at most 1.1 requests per task,
// incremental at most 2% of full.
func BenchmarkBackupRequests(b *testing.B) {
	sizes := []int{20000}
	if os.Getenv("EXPORT_BENCH_100K") != "" {
		sizes = append(sizes, 100000)
	}
	for _, tasks := range sizes {
		for _, mode := range []struct {
			name string
			set  func(*Backup)
		}{
			{"no-search", func(b *Backup) { b.DisableSearch = true }},
			{"search", func(*Backup) {}},
			{"search-whole-files", func(b *Backup) { b.WholeFiles = true }},
			{"search-subtasks", func(b *Backup) { b.SearchSubtasks = true }},
			{"search-reuse", func(b *Backup) { b.RelistEvery = 7 }},
			{"search-subtasks-reuse", func(b *Backup) { b.SearchSubtasks, b.RelistEvery = true, 7 }},
		} {
			b.Run(fmt.Sprintf("tasks=%d/%s", tasks, mode.name), func(b *testing.B) {
				for b.Loop() {
					f := newFakeOrg(b, demoShape(tasks), []asanatest.Option{asanatest.WithConcurrency(0, 0)})
					f.srv.Clock().Advance(time.Hour) // the generated data is indexed
					dir := b.TempDir()
					bk := f.backup(dir)
					bk.Concurrency = 16
					mode.set(bk)
					f.srv.ResetRequests()
					full, err := bk.Run(b.Context())
					if err != nil {
						b.Fatal(err)
					}
					fullCounts := f.srv.RequestCounts()
					fullFiles, fullDirs := storedBytes(b, dir)
					all := full.Manifest.Counts["tasks"]
					f.srv.Clock().Advance(24 * time.Hour)
					changed := changeShare(b, f, full.Dir, 100)
					f.srv.Clock().Advance(time.Hour)
					f.srv.ResetRequests()
					inc, err := bk.Run(b.Context())
					if err != nil {
						b.Fatal(err)
					}
					incCounts := f.srv.RequestCounts()
					if inc.Manifest.Mode != ModeIncremental {
						b.Fatalf("second run is %s", inc.Manifest.Mode)
					}
					b.ReportMetric(float64(all), "tasks")
					b.ReportMetric(float64(fullCounts.Total), "full-requests")
					b.ReportMetric(float64(fullCounts.Total)/float64(all), "full-requests/task")
					b.ReportMetric(float64(changed), "changed-tasks")
					b.ReportMetric(float64(incCounts.Total), "incremental-requests")
					b.ReportMetric(100*float64(incCounts.Total)/float64(fullCounts.Total), "incremental-%-of-full")
					// Bytes by inode over the whole backup directory: what
					// the incremental run added, of what the full run wrote.
					incFiles, incDirs := storedBytes(b, dir)
					b.ReportMetric(float64(sumBytes(fullFiles)), "full-bytes")
					b.ReportMetric(100*float64(addedBytes(fullFiles, incFiles))/float64(sumBytes(fullFiles)), "incremental-new-bytes-%")
					b.ReportMetric(100*float64(addedBytes(fullFiles, incFiles)+addedBytes(fullDirs, incDirs))/
						float64(sumBytes(fullFiles)+sumBytes(fullDirs)), "incremental-new-bytes-with-dirs-%")
					b.Logf("full run, %d tasks, %d requests: %s", all, fullCounts.Total, routeCounts(fullCounts))
					b.Logf("incremental run, %d tasks changed, %d requests: %s", changed, incCounts.Total, routeCounts(incCounts))
					b.Logf("incremental run's new bytes by file: %s", newBytesByFile(b, inc.Dir, fullFiles))
				}
			})
		}
	}
}

// newBytesByFile sums the bytes of the files of snapshot snap that are
// not among before's inodes by file name, a project's files under one
// name ("projects/*/tasks.jsonl.chunks"), largest first.
func newBytesByFile(b *testing.B, snap string, before map[any]int64) string {
	sums := map[string]int64{}
	err := filepath.Walk(snap, func(p string, fi os.FileInfo, err error) error {
		if err != nil || fi.IsDir() {
			return err
		}
		if _, old := before[fileID(p, fi)]; old {
			return nil
		}
		rel, _ := filepath.Rel(snap, p)
		parts := strings.Split(filepath.ToSlash(rel), "/")
		if len(parts) == 3 && parts[0] == "projects" {
			parts[1] = "*"
		}
		if len(parts) == 2 && parts[0] == chunksDir {
			parts[1] = "*" + packSuffix
		}
		sums[strings.Join(parts, "/")] += fi.Size()
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	names := slices.SortedFunc(maps.Keys(sums), func(x, y string) int { return cmp.Compare(sums[y], sums[x]) })
	var out []string
	for _, n := range names {
		out = append(out, fmt.Sprintf("%d %s", sums[n], n))
	}
	return strings.Join(out, "; ")
}
