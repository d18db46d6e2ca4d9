package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runBackup(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	t.Setenv("ASANA_TOKEN", "")
	var out, errOut bytes.Buffer
	code := run(t.Context(), args, &out, &errOut, false)
	return code, out.String(), errOut.String()
}

func TestBackupCommand(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "b")
	code, out, errOut := runBackup(t, "-out", dir)
	if code != 0 || !strings.Contains(out, "(full, ") || !strings.Contains(out, "tasks") || !strings.Contains(out, "Manifest: ") {
		t.Fatalf("first run: %d\n%s\n%s", code, out, errOut)
	}
	if !strings.Contains(errOut, "ASANA_TOKEN is not set") {
		t.Errorf("no word about the fake: %s", errOut)
	}
	code, out, errOut = runBackup(t, "-out", dir)
	if code != 0 || !strings.Contains(out, "(incremental on 000001-") {
		t.Fatalf("second run: %d\n%s\n%s", code, out, errOut)
	}
	// The demo organization is the same in every run: so are the backups.
	snaps, _ := filepath.Glob(filepath.Join(dir, "0000*"))
	if len(snaps) != 2 {
		t.Fatalf("snapshots %v", snaps)
	}
	for _, f := range []string{"users.jsonl", "projects.jsonl", "team_memberships.jsonl"} {
		a, _ := os.ReadFile(filepath.Join(snaps[0], f))
		b, _ := os.ReadFile(filepath.Join(snaps[1], f))
		if len(a) == 0 || !bytes.Equal(a, b) {
			t.Errorf("%s differs between runs", f)
		}
	}
	code, out, _ = runBackup(t, "-verify", dir)
	if code != 0 || strings.Count(out, ": OK,") != 2 {
		t.Fatalf("verify: %d %s", code, out)
	}
	if err := os.WriteFile(filepath.Join(snaps[1], "users.jsonl"), []byte("{}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut = runBackup(t, "-verify", snaps[1])
	if code != 1 || !strings.Contains(errOut, "users.jsonl: sha256") {
		t.Errorf("verify of a damaged snapshot: %d %s", code, errOut)
	}
	code, out, _ = runBackup(t, "-out", dir, "-keep", "1", "-full", "-demo-tasks", "40")
	if code != 0 || !strings.Contains(out, "deleted old snapshot 000001-") || !strings.Contains(out, "deleted old snapshot 000002-") {
		t.Errorf("-keep 1: %d %s", code, out)
	}
}

func TestBackupFlags(t *testing.T) {
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"-h"}, 0, "Usage: backup"},
		{[]string{"-concurrency", "0"}, 2, "-concurrency must be positive"},
		{[]string{"extra"}, 2, "unexpected arguments"},
		{[]string{"-verify", "/nonexistent"}, 1, "no such file"},
	} {
		code, _, errOut := runBackup(t, tt.args...)
		if code != tt.code || !strings.Contains(errOut, tt.want) {
			t.Errorf("%v: %d %q", tt.args, code, errOut)
		}
	}
}
