package export

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/asanatest"
)

// fakeOrg is a fake with a generated organization and a client of its
// service account.
type fakeOrg struct {
	srv    *asanatest.Server
	org    *asanatest.Org
	client *asana.Client
}

func smallSizes() asanatest.Sizes {
	return asanatest.Sizes{Users: 12, Teams: 3, Projects: 6, Tasks: 120, SubtaskRatio: 0.5, CommentsPerTask: 1.5, ArchivedRatio: 0.2}
}

func newFakeOrg(t testing.TB, sz asanatest.Sizes, fakeOpts []asanatest.Option, clientOpts ...asana.Option) *fakeOrg {
	t.Helper()
	srv, err := asanatest.New(append([]asanatest.Option{asanatest.WithSeed(7), asanatest.WithRateLimit(0, time.Minute)}, fakeOpts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	org, err := srv.Generate(42, sz)
	if err != nil {
		t.Fatal(err)
	}
	return &fakeOrg{srv: srv, org: org, client: clientFor(t, srv, org.ServiceAccountToken, clientOpts...)}
}

func clientFor(t testing.TB, srv *asanatest.Server, token string, opts ...asana.Option) *asana.Client {
	t.Helper()
	c, err := asana.NewClient(token, append([]asana.Option{asana.WithTransport(srv.Transport()),
		asana.WithClock(srv.Clock()), asana.WithRateLimit(0, 0)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func (f *fakeOrg) backup(dir string) *Backup {
	return &Backup{Client: f.client, Organization: f.org.Organization.GID, Dir: dir, Concurrency: 4}
}

// run backs up into dir and fails the test on an error.
func (f *fakeOrg) run(t testing.TB, dir string) *Result {
	t.Helper()
	res, err := f.backup(dir).Run(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// readTree returns every file under dir by relative path, bookkeeping
// files included.
func readTree(t testing.TB, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err != nil || fi.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if strings.HasPrefix(rel, chunksDir+"/") {
			return nil // read through the indexes
		}
		if strings.HasSuffix(rel, chunksSuffix) {
			logical := trimIndexSuffix(rel)
			b, err := readData(dir, logical)
			out[logical] = b
			return err
		}
		b, err := os.ReadFile(p)
		out[rel] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// readSnapshotFile reads the file at path below a snapshot directory (the
// nearest parent holding a manifest) as OpenDataFile does, plain or
// chunked; a path below no snapshot is read as it is. A missing file is
// an error satisfying os.IsNotExist.
func readSnapshotFile(path string) ([]byte, error) {
	for snap := filepath.Dir(path); ; {
		if _, err := os.Lstat(filepath.Join(snap, ManifestFile)); err == nil {
			rel, err := filepath.Rel(snap, path)
			if err != nil {
				return nil, err
			}
			return readData(snap, filepath.ToSlash(rel))
		}
		parent := filepath.Dir(snap)
		if parent == snap {
			return os.ReadFile(path)
		}
		snap = parent
	}
}

// globData is filepath.Glob for snapshot data files: the paths of the
// files matching pattern, stored plain or as chunks (pattern + ".chunks",
// or ".chunks.chunks" where the index is chunked too).
func globData(pattern string) []string {
	var all []string
	for _, name := range append([]string{pattern}, indexNames(pattern)...) {
		m, _ := filepath.Glob(name)
		all = append(all, m...)
	}
	seen := map[string]bool{}
	var out []string
	for _, p := range all {
		p = trimIndexSuffix(p)
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	slices.Sort(out)
	return out
}

// trimIndexSuffix is the data file's path of an index's (or of an index
// of its index).
func trimIndexSuffix(p string) string {
	for strings.HasSuffix(p, chunksSuffix) {
		p = strings.TrimSuffix(p, chunksSuffix)
	}
	return p
}

// topIndex returns the path of the outermost index of a chunked tasks
// file of snapshot snap, and the data file's path relative to snap.
func topIndex(t testing.TB, snap string) (index, rel string) {
	t.Helper()
	for _, p := range globData(filepath.Join(snap, "projects", "*", tasksFile)) {
		for _, idx := range slices.Backward(indexNames(p)) {
			if _, err := os.Lstat(idx); err == nil {
				rel, _ := filepath.Rel(snap, p)
				return idx, filepath.ToSlash(rel)
			}
		}
	}
	t.Fatal("no chunked tasks file")
	return "", ""
}

// readData reads the data file rel of a snapshot, plain or chunked.
func readData(snap, rel string) ([]byte, error) {
	root, err := os.OpenRoot(snap)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	f, err := OpenDataFile(root, rel)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}

// sameData compares two snapshots: every data file byte for byte, and the
// manifests' files, counts and skipped projects.
func sameData(t testing.TB, wantDir, gotDir string, ignore ...string) {
	t.Helper()
	want, got := readTree(t, wantDir), readTree(t, gotDir)
	// ignore names kinds whose file may differ (the audit log records
	// what a test did between the two runs).
	for _, k := range ignore {
		delete(want, k+".jsonl")
		delete(got, k+".jsonl")
	}
	var names []string
	for n := range want {
		names = append(names, n)
	}
	for n := range got {
		if _, ok := want[n]; !ok {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	diffs := 0
	for _, n := range names {
		if n == ManifestFile {
			continue
		}
		if !bytes.Equal(want[n], got[n]) {
			diffs++
			if diffs <= 5 {
				t.Errorf("%s differs: want %d bytes, got %d bytes", n, len(want[n]), len(got[n]))
			}
		}
	}
	mw, err := ReadManifest(wantDir)
	if err != nil {
		t.Fatal(err)
	}
	mg, err := ReadManifest(gotDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []*Manifest{mw, mg} {
		for _, k := range ignore {
			delete(m.Counts, k)
			m.Files = slices.DeleteFunc(m.Files, func(f FileInfo) bool { return f.Kind == k })
		}
	}
	if !equalJSON(t, mw.Files, mg.Files) || !equalJSON(t, mw.Counts, mg.Counts) || !equalJSON(t, mw.Skipped, mg.Skipped) {
		t.Errorf("manifests differ:\nwant %+v\n got %+v", mw, mg)
	}
}

func equalJSON(t testing.TB, a, b any) bool {
	t.Helper()
	ja, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	jb, err := json.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	return bytes.Equal(ja, jb)
}

// openRoot opens dir as an *os.Root closed when the test ends.
func openRoot(t testing.TB, dir string) *os.Root {
	t.Helper()
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { root.Close() })
	return root
}

// snapshotsIn lists the snapshots of the backup directory dir.
func snapshotsIn(t testing.TB, dir string) []snapshotInfo {
	t.Helper()
	snaps, err := listSnapshots(openRoot(t, dir))
	if err != nil {
		t.Fatal(err)
	}
	return snaps
}
