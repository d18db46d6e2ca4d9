package export

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestVerify(t *testing.T) {
	f := newFakeOrg(t, smallSizes(), nil)
	res, err := f.backup(t.TempDir()).Run(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Verify(res.Dir); err != nil {
		t.Fatalf("fresh snapshot: %v", err)
	}
	tasks := res.Manifest.Files[len(res.Manifest.Files)-1].Path // some project's tasks.jsonl
	for _, tt := range []struct {
		name   string
		break_ func(dir string) error
		want   string
	}{
		{"changed byte", func(dir string) error {
			p := filepath.Join(dir, "users.jsonl")
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			b[10] ^= 1
			return os.WriteFile(p, b, 0o644)
		}, "users.jsonl: sha256"},
		{"missing file", func(dir string) error { return os.Remove(filepath.Join(dir, filepath.FromSlash(tasks))) }, tasks + ": missing"},
		{"extra file", func(dir string) error { return os.WriteFile(filepath.Join(dir, "stray.jsonl"), nil, 0o644) }, "stray.jsonl: not in the manifest"},
		{"dropped line", func(dir string) error {
			p := filepath.Join(dir, "teams.jsonl")
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			i := strings.IndexByte(string(b), '\n')
			return os.WriteFile(p, b[i+1:], 0o644)
		}, "teams.jsonl: sha256"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.CopyFS(dir, os.DirFS(res.Dir)); err != nil {
				t.Fatal(err)
			}
			if err := tt.break_(dir); err != nil {
				t.Fatal(err)
			}
			_, err := Verify(dir)
			var ve *VerifyError
			if !errors.As(err, &ve) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Verify = %v, want a problem %q", err, tt.want)
			}
		})
	}
}

func TestRetention(t *testing.T) {
	f := newFakeOrg(t, smallSizes(), nil)
	dir := t.TempDir()
	b := f.backup(dir)
	b.Keep = 2
	var names []string
	for i := range 4 {
		res, err := b.Run(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, filepath.Base(res.Dir))
		if i >= 2 && len(res.Pruned) != 1 {
			t.Errorf("run %d pruned %v", i, res.Pruned)
		}
	}
	snaps := snapshotsIn(t, dir)
	if len(snaps) != 2 || snaps[0].name != names[2] || snaps[1].name != names[3] {
		t.Fatalf("kept %+v, want the last two of %v", snaps, names)
	}
	// The survivors are complete on their own: an incremental snapshot
	// copies what it needs, it does not point into its base.
	for _, s := range snaps {
		if _, err := Verify(filepath.Join(dir, s.name)); err != nil {
			t.Error(err)
		}
	}
	// An unfinished snapshot is never pruned.
	unfinished := snapshotName(9, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	if err := os.MkdirAll(filepath.Join(dir, unfinished), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, unfinished, stateFile), []byte(`{"format":1,"organization":"other","sequence":9}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Prune(dir, 1); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, unfinished)); err != nil {
		t.Errorf("unfinished snapshot pruned: %v", err)
	}

	// Backup.Keep counts and prunes only its own organization's snapshots
	// when several organizations share a backup directory.
	other := filepath.Join(dir, snapshotName(10, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)))
	if err := os.CopyFS(other, os.DirFS(filepath.Join(dir, names[3]))); err != nil {
		t.Fatal(err)
	}
	m, err := ReadManifest(other)
	if err != nil {
		t.Fatal(err)
	}
	m.Organization, m.Sequence = "other", 10
	data, err := marshalIndent(m)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(other, ManifestFile), data, 0o644); err != nil {
		t.Fatal(err)
	}
	// Prune(dir, 1) above left names[3]; two runs make three of ours.
	for i, want := range [][]string{nil, {names[3]}} {
		res, err := b.Run(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(res.Pruned, want) {
			t.Errorf("run %d pruned %v, want %v", i, res.Pruned, want)
		}
	}
	if _, err := os.Stat(other); err != nil {
		t.Errorf("another organization's snapshot was pruned: %v", err)
	}
}

// TestBackupDamagedBase: a latest snapshot that fails Verify is not used
// as a base (its damage would be copied on): the next run is full, says
// why, and equals a clean full run.
func TestBackupDamagedBase(t *testing.T) {
	ctx := t.Context()
	f := newFakeOrg(t, smallSizes(), nil)
	dir := t.TempDir()
	first := f.run(t, dir)
	clean := readTree(t, first.Dir)
	tasks := first.Manifest.Files[len(first.Manifest.Files)-1].Path // some project's tasks.jsonl
	p := filepath.Join(first.Dir, filepath.FromSlash(tasks))
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	i := strings.Index(string(b), `"name":"`) + len(`"name":"`)
	b[i] ^= 0x20 // a task name's first letter changes case: still valid JSON
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := f.backup(dir).Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var ve *VerifyError
	if !errors.As(res.BaseError, &ve) {
		t.Errorf("BaseError = %v, want a *VerifyError", res.BaseError)
	}
	if res.Manifest.Mode != ModeFull || res.Manifest.Base != "" {
		t.Errorf("run after a damaged base: mode %q base %q", res.Manifest.Mode, res.Manifest.Base)
	}
	if got := readTree(t, res.Dir)[tasks]; string(got) != string(clean[tasks]) {
		t.Errorf("%s carries the damage", tasks)
	}
	// With the base intact again, the next run is incremental.
	next, err := f.backup(dir).Run(ctx)
	if err != nil || next.BaseError != nil || next.Manifest.Mode != ModeIncremental {
		t.Fatalf("next run: %v, base error %v", err, next.BaseError)
	}
	sameData(t, res.Dir, next.Dir)
}
