package export

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/asanakit/asana-go/asana"
)

// chunkFiles returns the files of a snapshot's chunks/: its packs.
func chunkFiles(t *testing.T, snap string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(snap, chunksDir, "*"))
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// chunkedSnapshots makes a full chunked snapshot, changes one task, and
// makes an incremental one.
func chunkedSnapshots(t *testing.T) (f *fakeOrg, dir string, first, second *Result) {
	t.Helper()
	ctx := t.Context()
	f = newFakeOrg(t, smallSizes(), nil)
	f.srv.Clock().Advance(time.Hour)
	dir = t.TempDir()
	mk := func() *Backup { return f.backup(dir) } // chunks are the default
	first, err := mk().Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(chunkFiles(t, first.Dir)) == 0 {
		t.Fatal("a chunked snapshot has no chunks")
	}
	if _, err := f.client.Do(ctx, &asana.Request{Method: "PUT", Path: "/tasks/" + firstTask(t, first.Dir),
		Body: map[string]any{"notes": "changed"}}, nil); err != nil {
		t.Fatal(err)
	}
	f.srv.Clock().Advance(time.Hour)
	second, err = mk().Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return f, dir, first, second
}

// TestChunkedSnapshots: chunked snapshots hold the same data as plain
// ones, verify whole, share their unchanged chunks by hard links, and
// pruning the base keeps the newer one whole.
func TestChunkedSnapshots(t *testing.T) {
	f, dir, first, second := chunkedSnapshots(t)
	for _, r := range []*Result{first, second} {
		if _, err := Verify(r.Dir); err != nil {
			t.Fatal(err)
		}
	}
	if second.SharedBytes == 0 {
		t.Error("one task changed: no chunk shared")
	}
	linked := 0
	for _, c := range chunkFiles(t, second.Dir) {
		a, errA := os.Lstat(c)
		b, errB := os.Lstat(filepath.Join(first.Dir, chunksDir, filepath.Base(c)))
		if errA == nil && errB == nil && os.SameFile(a, b) {
			linked++
		}
	}
	if linked == 0 {
		t.Error("no pack is a hard link to the base's")
	}
	full := f.backup(t.TempDir())
	full.Full, full.NoSharing = true, true
	want, err := full.Run(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(chunkFiles(t, want.Dir)) != 0 {
		t.Error("NoSharing wrote chunks")
	}
	sameData(t, want.Dir, second.Dir)
	pruned, err := Prune(dir, 1)
	if err != nil || len(pruned) != 1 {
		t.Fatalf("prune: %v, %v", pruned, err)
	}
	if _, err := Verify(second.Dir); err != nil {
		t.Fatalf("after pruning its base: %v", err)
	}
	sameData(t, want.Dir, second.Dir)
}

// nextDay is a day of backups into dir with Keep keep: the first task of
// the newest of results edited (none before the first run), the clock a
// day on, a run.
func nextDay(t *testing.T, f *fakeOrg, dir string, results []*Result, keep int) *Result {
	t.Helper()
	if n := len(results); n > 0 {
		if _, err := f.client.Do(t.Context(), &asana.Request{Method: "PUT", Path: "/tasks/" + firstTask(t, results[n-1].Dir),
			Body: map[string]any{"notes": fmt.Sprintf("day %d", n)}}, nil); err != nil {
			t.Fatal(err)
		}
	}
	f.srv.Clock().Advance(24 * time.Hour)
	b := f.backup(dir)
	b.Keep = keep
	res, err := b.Run(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestChunkedKeep: with Keep, the run that prunes the oldest snapshot
// leaves the others whole (each verifies and reads as a full run's), and
// the next run still shares chunks with its base.
func TestChunkedKeep(t *testing.T) {
	ctx := t.Context()
	f := newFakeOrg(t, smallSizes(), nil)
	f.srv.Clock().Advance(time.Hour)
	dir := t.TempDir()
	var results []*Result
	for day := range 4 {
		res := nextDay(t, f, dir, results, 2)
		if want := max(0, day-1); len(res.Pruned) != min(1, want) {
			t.Fatalf("day %d: pruned %v", day, res.Pruned)
		}
		if day > 0 && (res.Manifest.Mode != ModeIncremental || res.SharedBytes == 0) {
			t.Fatalf("day %d: %s run, %d bytes shared", day, res.Manifest.Mode, res.SharedBytes)
		}
		results = append(results, res)
	}
	full := f.backup(t.TempDir())
	full.Full, full.NoSharing = true, true
	want, err := full.Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range results[:2] {
		if _, err := os.Lstat(r.Dir); !os.IsNotExist(err) {
			t.Errorf("%s not pruned: %v", r.Dir, err)
		}
	}
	for _, r := range results[2:] {
		if _, err := Verify(r.Dir); err != nil {
			t.Fatalf("%s after pruning: %v", r.Dir, err)
		}
	}
	sameData(t, want.Dir, results[3].Dir)
}

// TestChunkedRepack: a base pack the base uses too little of is not
// linked again; the chunks still needed are copied, so pruning the older
// snapshots frees the pack, and the newest snapshot stays whole.
func TestChunkedRepack(t *testing.T) {
	defer func(v float64) { repackBelow = v }(repackBelow)
	repackBelow = 0.999 // any superseded chunk makes a pack sparse
	ctx := t.Context()
	f := newFakeOrg(t, smallSizes(), nil)
	dir := t.TempDir()
	var results []*Result
	var packs [][]string // each day's chunks/, read before the next run prunes it
	for range 3 {
		res := nextDay(t, f, dir, results, 1)
		var names []string
		for _, p := range chunkFiles(t, res.Dir) {
			names = append(names, filepath.Base(p))
		}
		results, packs = append(results, res), append(packs, names)
	}
	// Day 2 linked the full run's pack (its base used all of it); day 3's
	// base, day 2, used only part of it, so day 3 copied what it needs.
	if !slices.Contains(packs[1], "000001"+packSuffix) {
		t.Errorf("day 2's packs: %v, want the first run's linked", packs[1])
	}
	if slices.Contains(packs[2], "000001"+packSuffix) || !slices.Contains(packs[2], "000003"+packSuffix) {
		t.Errorf("day 3's packs: %v, want its own and not the first run's", packs[2])
	}
	for _, r := range results[:2] {
		if _, err := os.Lstat(r.Dir); !os.IsNotExist(err) {
			t.Errorf("%s not pruned: %v", r.Dir, err)
		}
	}
	if _, err := Verify(results[2].Dir); err != nil {
		t.Fatal(err)
	}
	full := f.backup(t.TempDir())
	full.Full, full.NoSharing = true, true
	want, err := full.Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sameData(t, want.Dir, results[2].Dir)
}

// TestChunkedTampering: a chunk altered, its pack replaced by a link,
// missing or cut short, or an index that names something else fails
// Verify and reads.
func TestChunkedTampering(t *testing.T) {
	for _, tt := range []struct {
		name   string
		damage func(t *testing.T, snap, chunk, index string, at int64)
	}{
		{"chunk altered", func(t *testing.T, _, chunk, _ string, at int64) {
			b, err := os.ReadFile(chunk)
			if err != nil {
				t.Fatal(err)
			}
			b[at] ^= 1
			if err := os.WriteFile(chunk, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}},
		{"pack cut short", func(t *testing.T, _, chunk, _ string, at int64) {
			if err := os.Truncate(chunk, at+1); err != nil {
				t.Fatal(err)
			}
		}},
		{"chunk is a link", func(t *testing.T, snap, chunk, _ string, _ int64) {
			outside := filepath.Join(t.TempDir(), "x")
			b, _ := os.ReadFile(chunk)
			if err := os.WriteFile(outside, b, 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.Remove(chunk); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(outside, chunk); err != nil {
				t.Skip(err)
			}
		}},
		{"chunk missing", func(t *testing.T, _, chunk, _ string, _ int64) {
			if err := os.Remove(chunk); err != nil {
				t.Fatal(err)
			}
		}},
		{"index names a path", func(t *testing.T, _, _, index string, _ int64) {
			if err := os.WriteFile(index, []byte(strings.Repeat("A", 43)+" 10 ../../etc/passwd 0\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}},
		{"index offset out of range", func(t *testing.T, _, _, index string, _ int64) {
			if err := os.WriteFile(index, []byte(strings.Repeat("A", 43)+" 10 x.pack -5\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}},
		{"stray chunk", func(t *testing.T, snap, _, _ string, _ int64) {
			if err := os.WriteFile(filepath.Join(snap, chunksDir, "stray"+packSuffix), []byte("x\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeOrg(t, smallSizes(), nil)
			f.srv.Clock().Advance(time.Hour)
			b := f.backup(t.TempDir())
			res, err := b.Run(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			index, rel := topIndex(t, res.Dir)
			idx, err := os.ReadFile(index)
			if err != nil {
				t.Fatal(err)
			}
			refs, _, err := parseChunkIndex(idx)
			if err != nil {
				t.Fatal(err)
			}
			chunk := filepath.Join(res.Dir, chunksDir, refs[0].pack)
			tt.damage(t, res.Dir, chunk, index, refs[0].at)
			var ve *VerifyError
			if _, err := Verify(res.Dir); !errors.As(err, &ve) {
				t.Fatalf("Verify: %v, want a *VerifyError", err)
			}
			if tt.name != "stray chunk" {
				if _, err := readData(res.Dir, rel); err == nil {
					t.Error("damaged file read without an error")
				}
			}
		})
	}
}

// TestChunkedResume: what a run stopped while storing chunks leaves (an
// index written and its plain file still there, a temporary file in
// chunks/, a pack no index names) reads the same, and storing again (as
// the resumed run's finish does) leaves the snapshot whole.
func TestChunkedResume(t *testing.T) {
	_, _, _, second := chunkedSnapshots(t)
	// What a stopped finish leaves: one file both plain and indexed, a
	// temporary file, a pack no index names.
	m, err := ReadManifest(second.Dir)
	if err != nil {
		t.Fatal(err)
	}
	_, rel := topIndex(t, second.Dir)
	plain := filepath.Join(second.Dir, filepath.FromSlash(rel))
	b, err := readData(second.Dir, rel)
	if err != nil {
		t.Fatal(err)
	}
	for name, content := range map[string][]byte{
		plain: b,
		filepath.Join(second.Dir, chunksDir, "torn.tmp"):          []byte("torn"),
		filepath.Join(second.Dir, chunksDir, "orphan"+packSuffix): []byte("orphan\n"),
	} {
		if err := os.WriteFile(name, content, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// Both forms: the plain file is read, and Verify names the index.
	if _, err := Verify(second.Dir); err == nil {
		t.Fatal("Verify passed a snapshot with strays")
	}
	got, err := readData(second.Dir, filepath.ToSlash(rel))
	if err != nil || string(got) != string(b) {
		t.Fatalf("plain and index: read %d bytes, %v", len(got), err)
	}
	r := &run{b: &Backup{}, snap: mustRoot(t, second.Dir), name: filepath.Base(second.Dir)}
	if err := removeTemps(r.snap); err != nil {
		t.Fatal(err)
	}
	if err := r.storeFiles(m.Files); err != nil {
		t.Fatal(err)
	}
	if _, err := Verify(second.Dir); err != nil {
		t.Fatalf("after storing again: %v", err)
	}
	if _, err := os.Lstat(plain); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("plain file left: %v", err)
	}
}

func mustRoot(t *testing.T, dir string) *os.Root {
	t.Helper()
	r, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

// FuzzParseChunkIndex: an index is untrusted input. It parses without a
// panic, and one that parses names only plain pack names, chunks of the
// sizes allowed at offsets in range, and reads back as exactly its lines.
func FuzzParseChunkIndex(f *testing.F) {
	sha := chunkName([]byte("x\n"))
	for _, seed := range []string{
		"", sha + " 2 000001.pack 0\n", sha + " 2 000001.pack 0\n" + sha + " 2 000002.pack 10\n",
		sha + " 2 ../x.pack 0\n", sha + " 0 1.pack 0\n", sha + " 2 1.pack -1\n", sha + " 2 1.pack 0",
		sha + " 2 1.pack 1125899906842623\n", "zz 1 1.pack 0\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		refs, total, err := parseChunkIndex(b)
		if err != nil {
			return
		}
		var again strings.Builder
		var off int64
		for _, c := range refs {
			if !packNameRE.MatchString(c.pack) || strings.ContainsAny(c.pack, `/\`) || c.size < 1 || c.size > maxChunkBytes ||
				c.at < 0 || c.at+c.size > maxPackBytes || c.off != off {
				t.Fatalf("accepted %+v", c)
			}
			off += c.size
			again.WriteString(c.line())
		}
		if off != total || again.String() != string(b) {
			t.Fatalf("index %q reads back as %q (%d bytes, total %d)", b, again.String(), off, total)
		}
	})
}

// TestChunkedFileManyPacks: a data file whose chunks are spread over more
// packs than it keeps open reads whole and in any order, holding at most
// maxOpenPacks descriptors.
func TestChunkedFileManyPacks(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, chunksDir), 0o755); err != nil {
		t.Fatal(err)
	}
	var want, index strings.Builder
	for i := range 2*maxOpenPacks + 1 {
		data := fmt.Sprintf("{\"line\":%d}\n", i)
		pack := fmt.Sprintf("%06d%s", i+1, packSuffix)
		pad := strings.Repeat("x", i) // each chunk at another offset
		if err := os.WriteFile(filepath.Join(dir, chunksDir, pack), []byte(pad+data), 0o644); err != nil {
			t.Fatal(err)
		}
		want.WriteString(data)
		index.WriteString(chunkRef{sha: chunkName([]byte(data)), size: int64(len(data)), pack: pack, at: int64(len(pad))}.line())
	}
	if err := os.WriteFile(filepath.Join(dir, "f.jsonl"+chunksSuffix), []byte(index.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	df, names, err := openData(mustRoot(t, dir), "f.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer df.Close()
	if len(names) != 2*maxOpenPacks+2 { // the index and every pack
		t.Errorf("physical files %v", names)
	}
	got := make([]byte, want.Len())
	// Backwards, a chunk at a time, then forwards in one read.
	for off := int64(want.Len()) - 1; off >= 0; off-- {
		if _, err := df.ReadAt(got[off:off+1], off); err != nil {
			t.Fatal(err)
		}
	}
	if string(got) != want.String() {
		t.Fatalf("read backwards %q, want %q", got, want.String())
	}
	clear(got)
	if _, err := io.ReadFull(df, got); err != nil || string(got) != want.String() {
		t.Fatalf("read %q, %v", got, err)
	}
	if n := len(df.(*chunkedFile).packs); n > maxOpenPacks {
		t.Errorf("%d packs open, want at most %d", n, maxOpenPacks)
	}
}
