package export

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/asanakit/asana-go/asana"
)

// sharedWith splits the bytes of the data files of snapshot dir into
// those hard linked with the same path of snapshot base and the rest.
func sharedWith(t testing.TB, base, dir string) (shared, own int64) {
	t.Helper()
	err := filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err != nil || fi.IsDir() || filepath.Base(p) == ManifestFile {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if bi, err := os.Lstat(filepath.Join(base, rel)); err == nil && os.SameFile(fi, bi) {
			shared += fi.Size()
		} else {
			own += fi.Size()
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return shared, own
}

// storedBytes returns the bytes of the files below dir by inode (hard
// links count once), and of the directories.
func storedBytes(t testing.TB, dir string) (files, dirs map[any]int64) {
	t.Helper()
	files, dirs = map[any]int64{}, map[any]int64{}
	err := filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		if fi.IsDir() {
			dirs[fileID(p, fi)] = fi.Size()
		} else {
			files[fileID(p, fi)] = fi.Size()
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files, dirs
}

// addedBytes is what after holds that before did not.
func addedBytes(before, after map[any]int64) (n int64) {
	for id, size := range after {
		if _, ok := before[id]; !ok {
			n += size
		}
	}
	return n
}

func sumBytes(m map[any]int64) (n int64) {
	for _, size := range m {
		n += size
	}
	return n
}

// TestSnapshotsShareFiles: an incremental run hard links the files that
// did not change from its base (and only with sharing on), each snapshot
// still verifies whole, and pruning the base leaves the newer snapshot
// whole and equal to a full run.
func TestSnapshotsShareFiles(t *testing.T) {
	for _, tt := range []struct {
		name      string
		noSharing bool
	}{{"sharing", false}, {"NoSharing", true}} {
		t.Run(tt.name, func(t *testing.T) {
			ctx := t.Context()
			f := newFakeOrg(t, smallSizes(), nil)
			f.srv.Clock().Advance(time.Hour)
			dir := t.TempDir()
			mk := func() *Backup {
				b := f.backup(dir)
				b.NoSharing = tt.noSharing
				return b
			}
			first, err := mk().Run(ctx)
			if err != nil {
				t.Fatal(err)
			}
			f.srv.Clock().Advance(time.Hour)
			same, err := mk().Run(ctx)
			if err != nil {
				t.Fatal(err)
			}
			shared, own := sharedWith(t, first.Dir, same.Dir)
			switch {
			case tt.noSharing && (shared != 0 || same.SharedBytes != 0):
				t.Errorf("NoSharing: %d bytes shared (%d reported)", shared, same.SharedBytes)
			case !tt.noSharing && (own != 0 || shared != same.SharedBytes):
				t.Errorf("no change: %d bytes shared (%d reported), %d not", shared, same.SharedBytes, own)
			}
			// One changed task: its project's tasks file is new, the rest
			// stays shared.
			if _, err := f.client.Do(ctx, &asana.Request{Method: "PUT", Path: "/tasks/" + firstTask(t, same.Dir),
				Body: map[string]any{"notes": "changed"}}, nil); err != nil {
				t.Fatal(err)
			}
			f.srv.Clock().Advance(time.Hour)
			b := mk()
			b.Keep = 1
			changed, err := b.Run(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(changed.Pruned) != 2 {
				t.Fatalf("pruned %v, want the two older snapshots", changed.Pruned)
			}
			if _, err := Verify(changed.Dir); err != nil {
				t.Fatalf("after pruning its base: %v", err)
			}
			full := f.backup(t.TempDir())
			full.Full = true
			want, err := full.Run(ctx)
			if err != nil {
				t.Fatal(err)
			}
			sameData(t, want.Dir, changed.Dir)
			if !tt.noSharing && changed.SharedBytes == 0 {
				t.Error("one task changed: nothing shared")
			}
		})
	}
}

// firstTask returns the gid of the first task of the first project file
// of a snapshot.
func firstTask(t *testing.T, snap string) string {
	t.Helper()
	files := globData(filepath.Join(snap, "projects", "*", tasksFile))
	for _, f := range files {
		if tasks := readLines[taskMeta](t, f); len(tasks) > 0 {
			return tasks[0].GID
		}
	}
	t.Fatal("no task")
	return ""
}
