package export

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// interrupted stops a backup into a fresh directory as soon as its
// checkpoint holds a page-level checkpoint of a project, as a kill would,
// and returns the snapshot directory and that project's last checkpoint.
func interrupted(t *testing.T, f *fakeOrg) (snap string, unit string, p *partial) {
	t.Helper()
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	b := f.backup(dir)
	b.Progress = func(pr Progress) {
		if data, err := os.ReadFile(filepath.Join(dir, pr.Snapshot, checkpointFile)); err == nil && bytes.Contains(data, []byte(`"partial"`)) {
			cancel()
		}
	}
	res, err := b.Run(ctx)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted run: %v", err)
	}
	data, err := os.ReadFile(filepath.Join(res.Dir, checkpointFile))
	if err != nil {
		t.Fatal(err)
	}
	done := map[string]bool{}
	partials := map[string]*partial{}
	for _, line := range strings.Split(string(data), "\n") {
		var u unitDone
		if json.Unmarshal([]byte(line), &u) != nil {
			continue
		}
		if u.Partial != nil {
			partials[u.Unit] = u.Partial
		} else {
			done[u.Unit] = true
		}
	}
	for name, p := range partials {
		if !done[name] {
			return res.Dir, name, p
		}
	}
	t.Fatal("no project was left part done")
	return "", "", nil
}

// TestResumeChecksTempFiles: temporary files (and finished files) changed
// between an interrupted run and its resumption are not trusted: the run
// refetches what changed, and its snapshot equals an uninterrupted one. A
// resumed run used to extend a shortened file with NULs, or keep an
// altered one, and report success with a snapshot that failed Verify.
func TestResumeChecksTempFiles(t *testing.T) {
	f := newFakeOrg(t, sigkillSizes(), nil) // projects of several pages
	clean := f.run(t, t.TempDir())
	flip := func(t *testing.T, path string, at int64) {
		t.Helper()
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		b[at] ^= 0x20
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, tt := range []struct {
		name    string
		tamper  func(t *testing.T, snap string, tmp string, pf partFile)
		wantErr string
	}{
		{"temp file cut short", func(t *testing.T, _, tmp string, pf partFile) {
			if err := os.Truncate(tmp, pf.Bytes/2); err != nil {
				t.Fatal(err)
			}
		}, ""},
		{"temp file emptied", func(t *testing.T, _, tmp string, _ partFile) {
			if err := os.Truncate(tmp, 0); err != nil {
				t.Fatal(err)
			}
		}, ""},
		{"temp file altered, same size", func(t *testing.T, _, tmp string, pf partFile) {
			flip(t, tmp, pf.Bytes/2)
		}, ""},
		{"temp file gone", func(t *testing.T, _, tmp string, _ partFile) {
			if err := os.Remove(tmp); err != nil {
				t.Fatal(err)
			}
		}, ""},
		{"temp file replaced by a link to a copy", func(t *testing.T, snap, tmp string, _ partFile) {
			cp := filepath.Join(t.TempDir(), "copy")
			copyFile(t, tmp, cp)
			replaceWithLink(t, tmp, cp)
		}, ""},
		{"finished file altered", func(t *testing.T, snap, _ string, _ partFile) {
			flip(t, filepath.Join(snap, "users.jsonl"), 10)
		}, ""},
		{"finished file gone", func(t *testing.T, snap, _ string, _ partFile) {
			if err := os.Remove(filepath.Join(snap, "teams.jsonl")); err != nil {
				t.Fatal(err)
			}
		}, ""},
		{"temporary file of no unit", func(t *testing.T, snap, _ string, _ partFile) {
			if err := os.MkdirAll(filepath.Join(snap, "projects", "999"), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(snap, "projects", "999", tasksFile+".tmp"), []byte("{}\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}, ""},
		{"stray file", func(t *testing.T, snap, _ string, _ partFile) {
			if err := os.WriteFile(filepath.Join(snap, "stray.jsonl"), []byte("{}\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}, "stray.jsonl: not in the manifest"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			snap, unit, p := interrupted(t, f)
			var pf partFile
			for _, x := range p.Files {
				if strings.HasSuffix(x.Path, "/"+tasksFile) {
					pf = x
				}
			}
			if pf.Bytes < 2 {
				t.Fatalf("%s checkpointed %d bytes of tasks", unit, pf.Bytes)
			}
			tt.tamper(t, snap, filepath.Join(snap, filepath.FromSlash(pf.Path)+".tmp"), pf)
			res, err := f.backup(filepath.Dir(snap)).Run(context.Background())
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Run = %v, want an error %q", err, tt.wantErr)
				}
				if _, err := os.Stat(filepath.Join(snap, ManifestFile)); err == nil {
					t.Error("the snapshot has a manifest")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !res.Resumed {
				t.Error("the run did not resume")
			}
			if _, err := Verify(res.Dir); err != nil {
				t.Fatalf("resumed run succeeded with a snapshot that fails Verify: %v", err)
			}
			sameData(t, clean.Dir, res.Dir)
		})
	}
}
