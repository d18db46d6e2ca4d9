package export

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/asanakit/asana-go/asanatest"
)

// TestVerifyRefusesSpecialFiles: Verify reads regular files only, at most
// the manifest's size, and nothing outside the snapshot. A data file
// replaced by a link to /dev/zero used to make it read forever; every
// incremental run verifies its base first, so it hung backups too.
func TestVerifyRefusesSpecialFiles(t *testing.T) {
	f := newFakeOrg(t, smallSizes(), nil)
	res := f.run(t, t.TempDir())
	projectDir := filepath.Join("projects", f.org.Projects[0].GID)
	for _, tt := range []struct {
		name   string
		break_ func(t *testing.T, dir, outside string)
		want   string
	}{
		{"link to /dev/zero", func(t *testing.T, dir, _ string) {
			replaceWithLink(t, filepath.Join(dir, "users.jsonl"), "/dev/zero")
		}, "a symbolic link"},
		{"named pipe", func(t *testing.T, dir, _ string) {
			p := filepath.Join(dir, "teams.jsonl")
			if err := os.Remove(p); err != nil {
				t.Fatal(err)
			}
			if err := mkfifo(p); err != nil {
				t.Skipf("no named pipes: %v", err)
			}
		}, "a named pipe"},
		{"link to a good copy outside", func(t *testing.T, dir, outside string) {
			copyFile(t, filepath.Join(dir, "users.jsonl"), filepath.Join(outside, "users.jsonl"))
			replaceWithLink(t, filepath.Join(dir, "users.jsonl"), filepath.Join(outside, "users.jsonl"))
		}, "a symbolic link"},
		{"directory linked to a good copy", func(t *testing.T, dir, outside string) {
			if err := os.CopyFS(filepath.Join(outside, "p"), os.DirFS(filepath.Join(dir, projectDir))); err != nil {
				t.Fatal(err)
			}
			if err := os.RemoveAll(filepath.Join(dir, projectDir)); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(filepath.Join(outside, "p"), filepath.Join(dir, projectDir)); err != nil {
				t.Fatal(err)
			}
		}, "a symbolic link"},
		{"longer than the manifest says", func(t *testing.T, dir, _ string) {
			fh, err := os.OpenFile(filepath.Join(dir, "users.jsonl"), os.O_WRONLY|os.O_APPEND, 0)
			if err != nil {
				t.Fatal(err)
			}
			defer fh.Close()
			if _, err := fh.Write([]byte(strings.Repeat("x", 1<<20) + "\n")); err != nil {
				t.Fatal(err)
			}
		}, "users.jsonl: sha256"},
		{"manifest names a file outside", func(t *testing.T, dir, outside string) {
			copyFile(t, filepath.Join(dir, "users.jsonl"), filepath.Join(outside, "users.jsonl"))
			rel, err := filepath.Rel(dir, filepath.Join(outside, "users.jsonl"))
			if err != nil {
				t.Fatal(err)
			}
			editManifest(t, dir, func(m *Manifest) {
				for i := range m.Files {
					if m.Files[i].Path == "users.jsonl" {
						m.Files[i].Path = filepath.ToSlash(rel)
					}
				}
			})
			if err := os.Remove(filepath.Join(dir, "users.jsonl")); err != nil {
				t.Fatal(err)
			}
		}, "not a data file's path inside the snapshot"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir, outside := t.TempDir(), t.TempDir()
			if err := os.CopyFS(dir, os.DirFS(res.Dir)); err != nil {
				t.Fatal(err)
			}
			tt.break_(t, dir, outside)
			_, err := Verify(dir)
			var ve *VerifyError
			if !errors.As(err, &ve) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Verify = %v, want a problem %q", err, tt.want)
			}
		})
	}
}

// TestBackupBaseIsDevZero: an incremental run whose base has a data file
// linked to /dev/zero returns, full, with the base's problem.
func TestBackupBaseIsDevZero(t *testing.T) {
	f := newFakeOrg(t, smallSizes(), nil)
	dir := t.TempDir()
	first := f.run(t, dir)
	replaceWithLink(t, filepath.Join(first.Dir, "users.jsonl"), "/dev/zero")
	res := f.run(t, dir)
	if res.BaseError == nil || res.Manifest.Mode != ModeFull {
		t.Fatalf("run after a /dev/zero base: base error %v, mode %s", res.BaseError, res.Manifest.Mode)
	}
	if _, err := Verify(res.Dir); err != nil {
		t.Error(err)
	}
}

// TestBackupPlantedLinks: links planted in a backup directory, where the
// next run will write, never make it write, truncate or remove anything
// outside. The run either succeeds with a snapshot that verifies, or
// fails.
func TestBackupPlantedLinks(t *testing.T) {
	f := newFakeOrg(t, smallSizes(), nil)
	now := f.srv.Clock().Now().UTC()
	name := snapshotName(1, now)
	project := f.org.Projects[0].GID
	for _, tt := range []struct {
		name string
		// plant makes links in the snapshot directory snap (already made
		// as an unfinished snapshot unless fresh) to victim, a file
		// outside, or to outside, a directory.
		plant   func(t *testing.T, snap, victim, outside string)
		fresh   bool
		wantErr bool
	}{
		{"snapshot directory", func(t *testing.T, snap, _, outside string) {
			if err := os.Symlink(outside, snap); err != nil {
				t.Fatal(err)
			}
		}, true, true},
		{"temporary file", func(t *testing.T, snap, victim, _ string) {
			link(t, victim, filepath.Join(snap, "users.jsonl.tmp"))
		}, false, false},
		{"temporary file of a project", func(t *testing.T, snap, victim, _ string) {
			if err := os.MkdirAll(filepath.Join(snap, "projects", project), 0o755); err != nil {
				t.Fatal(err)
			}
			link(t, victim, filepath.Join(snap, "projects", project, tasksFile+".tmp"))
		}, false, false},
		{"data file", func(t *testing.T, snap, victim, _ string) {
			link(t, victim, filepath.Join(snap, "teams.jsonl"))
		}, false, false},
		{"manifest's temporary file", func(t *testing.T, snap, victim, _ string) {
			link(t, victim, filepath.Join(snap, ManifestFile+".tmp"))
		}, false, false},
		{"checkpoint", func(t *testing.T, snap, victim, _ string) {
			link(t, victim, filepath.Join(snap, checkpointFile))
		}, false, true},
		{"projects directory", func(t *testing.T, snap, _, outside string) {
			link(t, outside, filepath.Join(snap, "projects"))
		}, false, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			outer := t.TempDir()
			dir, outside := filepath.Join(outer, "backups"), filepath.Join(outer, "outside")
			victim := filepath.Join(outer, "victim.txt")
			for _, d := range []string{dir, outside} {
				if err := os.Mkdir(d, 0o755); err != nil {
					t.Fatal(err)
				}
			}
			if err := os.WriteFile(victim, []byte("precious\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			snap := filepath.Join(dir, name)
			if !tt.fresh {
				unfinishedSnapshot(t, snap, f.org.Organization.GID, now)
			}
			tt.plant(t, snap, victim, outside)
			before := snapshotTree(t, outer)
			res, err := f.backup(dir).Run(context.Background())
			outsideUnchanged(t, outer, dir, before)
			switch {
			case err == nil && tt.wantErr:
				t.Errorf("Run succeeded (%s)", res.Dir)
			case err != nil && !tt.wantErr:
				t.Errorf("Run: %v", err)
			}
			if err == nil {
				if _, err := Verify(res.Dir); err != nil {
					t.Errorf("Run succeeded with a snapshot that fails Verify: %v", err)
				}
			}
		})
	}
}

// TestKeepPrunesOnlySnapshots: retention deletes only directories named
// like snapshots, never another directory that happens to hold a
// manifest of the organization, nor a link.
func TestKeepPrunesOnlySnapshots(t *testing.T) {
	f := newFakeOrg(t, smallSizes(), nil)
	dir, outside := t.TempDir(), t.TempDir()
	first := f.run(t, dir)
	for _, other := range []string{filepath.Join(dir, "important"), filepath.Join(outside, "snap")} {
		if err := os.CopyFS(other, os.DirFS(first.Dir)); err != nil {
			t.Fatal(err)
		}
		editManifest(t, other, func(m *Manifest) { m.Sequence = 0 })
	}
	link(t, filepath.Join(outside, "snap"), filepath.Join(dir, snapshotName(0, time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC))))
	b := f.backup(dir)
	b.Keep = 1
	for range 2 {
		if _, err := b.Run(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range []string{filepath.Join(dir, "important", ManifestFile), filepath.Join(outside, "snap", ManifestFile)} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("pruned what is not a snapshot: %v", err)
		}
	}
	if _, err := os.Stat(first.Dir); !os.IsNotExist(err) {
		t.Errorf("the oldest snapshot was kept: %v", err)
	}
}

// TestDownloadFileLinks: DownloadFile writes neither through a link at its
// temporary name nor through one at its path.
func TestDownloadFileLinks(t *testing.T) {
	f := newFakeOrg(t, smallSizes(), nil)
	done, err := f.srv.AddOrganizationExport(asanatest.OrganizationExport{OrganizationGID: f.org.Organization.GID, State: asanatest.ExportFinished})
	if err != nil {
		t.Fatal(err)
	}
	for _, at := range []string{".tmp", ""} {
		t.Run("link at path"+at, func(t *testing.T) {
			outer := t.TempDir()
			victim := filepath.Join(outer, "victim.txt")
			if err := os.WriteFile(victim, []byte("precious\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			dir := filepath.Join(outer, "out")
			if err := os.Mkdir(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, "export.json.gz")
			link(t, victim, path+at)
			o := &OrgExport{Client: f.client, HTTPClient: f.srv.HTTPClient()}
			n, err := o.DownloadFile(context.Background(), done.GID, path)
			if err != nil {
				t.Fatal(err)
			}
			if b, err := os.ReadFile(victim); err != nil || string(b) != "precious\n" {
				t.Errorf("victim now %q, %v", b, err)
			}
			if fi, err := os.Lstat(path); err != nil || !fi.Mode().IsRegular() || fi.Size() != n {
				t.Errorf("%s: %v, %v; want a regular file of %d bytes", path, fi, err, n)
			}
		})
	}
}

func link(t *testing.T, target, name string) {
	t.Helper()
	if err := os.Symlink(target, name); err != nil {
		t.Fatal(err)
	}
}

func replaceWithLink(t *testing.T, name, target string) {
	t.Helper()
	if _, err := os.Stat(target); err != nil {
		t.Skipf("no %s: %v", target, err)
	}
	if err := os.Remove(name); err != nil {
		t.Fatal(err)
	}
	link(t, target, name)
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err == nil {
		err = os.WriteFile(to, b, 0o644)
	}
	if err != nil {
		t.Fatal(err)
	}
}

// editManifest rewrites the manifest of the snapshot dir.
func editManifest(t *testing.T, dir string, edit func(*Manifest)) {
	t.Helper()
	m, err := ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	edit(m)
	data, err := marshalIndent(m)
	if err == nil {
		err = os.WriteFile(filepath.Join(dir, ManifestFile), data, 0o644)
	}
	if err != nil {
		t.Fatal(err)
	}
}

// unfinishedSnapshot makes snap the unfinished first snapshot of org, as
// a run killed right after it started leaves it.
func unfinishedSnapshot(t *testing.T, snap, org string, now time.Time) {
	t.Helper()
	data, err := marshalIndent(state{Format: FormatVersion, Organization: org, Sequence: 1, Mode: ModeFull,
		StartedAt: now, ModifiedSince: now.Add(-5 * time.Minute)})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(snap, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(snap, stateFile), data, 0o644); err != nil {
		t.Fatal(err)
	}
}
