package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/asanakit/asana-go/examples/internal/cli"
	"github.com/asanakit/asana-go/examples/internal/clitest"
	"github.com/asanakit/asana-go/export"
)

func runBackup(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	clitest.DemoEnv(t)
	r := clitest.Run(t.Context(), run, args...)
	return r.Code, r.Out, r.Err
}

func TestBackupCommand(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "b")
	code, out, errOut := runBackup(t, "-out", dir)
	if code != 0 || !strings.Contains(out, "(full, ") || !strings.Contains(out, "tasks") || !strings.Contains(out, "Manifest: ") {
		t.Fatalf("first run: %d\n%s\n%s", code, out, errOut)
	}
	clitest.CheckDemoNotice(t, clitest.Result{Err: errOut})
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
		a, b := readData(t, snaps[0], f), readData(t, snaps[1], f)
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
	// By default large files are chunked; -whole-files keeps every one plain.
	for _, tt := range []struct {
		args   []string
		chunks bool
	}{{nil, true}, {[]string{"-whole-files"}, false}} {
		out := filepath.Join(t.TempDir(), "w")
		if code, _, errOut := runBackup(t, append([]string{"-out", out}, tt.args...)...); code != 0 {
			t.Fatalf("%v: %d %s", tt.args, code, errOut)
		}
		packs, _ := filepath.Glob(filepath.Join(out, "0000*", "chunks", "*.pack"))
		indexes, _ := filepath.Glob(filepath.Join(out, "0000*", "projects", "*", "tasks.jsonl.chunks*"))
		if got := len(packs) > 0 && len(indexes) > 0; got != tt.chunks {
			t.Errorf("%v: %d packs, %d indexes, want chunks %v", tt.args, len(packs), len(indexes), tt.chunks)
		}
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
		{[]string{"-attachments", "all"}, 2, "-attachments is none, metadata or content"},
		{[]string{"-max-attachment-bytes", "0"}, 2, "-max-attachment-bytes must be positive"},
		{[]string{"extra"}, 2, "unexpected arguments"},
		{[]string{"-log-format", "xml"}, 2, "want text or json"},
		{[]string{"-verify", "/nonexistent"}, 1, "no such file"},
	} {
		code, _, errOut := runBackup(t, tt.args...)
		if code != tt.code || !strings.Contains(errOut, tt.want) {
			t.Errorf("%v: %d %q", tt.args, code, errOut)
		}
	}
}

func TestTokenErrors(t *testing.T) {
	clitest.CheckTokenErrors(t, run, "-out", filepath.Join(t.TempDir(), "b"))
}

// TestDemoNeverTouchesRealBackups makes a backup with a token (of a
// loopback fake with the same organization gid as the demo's), then runs
// the demo on its directory with -keep 1: refused, nothing pruned. And a
// token run refuses the demo's directory.
func TestDemoNeverTouchesRealBackups(t *testing.T) {
	prod := filepath.Join(t.TempDir(), "prod")
	clitest.LoopbackFake(t)
	r := clitest.Run(t.Context(), run, "-out", prod, "-json")
	if r.Code != 0 {
		t.Fatalf("token backup: exit %d\n%s", r.Code, r.Err)
	}
	before, _ := filepath.Glob(filepath.Join(prod, "0000*"))
	if len(before) != 1 {
		t.Fatalf("snapshots %v", before)
	}
	clitest.DemoEnv(t)
	r = clitest.Run(t.Context(), run, "-out", prod, "-keep", "1")
	if r.Code != 2 || !strings.Contains(r.Err, "demo mode never writes there") {
		t.Errorf("demo on a real backup directory: exit %d\n%s\n%s", r.Code, r.Out, r.Err)
	}
	after, _ := filepath.Glob(filepath.Join(prod, "*"))
	if len(after) != 1 || after[0] != before[0] {
		t.Errorf("the real backup directory changed: %v, was %v", after, before)
	}

	demoDir := filepath.Join(t.TempDir(), "demo")
	if code, _, errOut := runBackup(t, "-out", demoDir); code != 0 {
		t.Fatalf("demo: %d %s", code, errOut)
	}
	clitest.LoopbackFake(t)
	r = clitest.Run(t.Context(), run, "-out", demoDir)
	if r.Code != 2 || !strings.Contains(r.Err, "holds the demo's backups") {
		t.Errorf("token run on the demo's directory: exit %d\n%s", r.Code, r.Err)
	}
}

func TestJSONSummary(t *testing.T) {
	code, out, errOut := runBackup(t, "-out", filepath.Join(t.TempDir(), "b"), "-json")
	var s jsonSummary
	if err := json.Unmarshal([]byte(out), &s); err != nil || code != 0 {
		t.Fatalf("exit %d, %v\n%s\n%s", code, err, out, errOut)
	}
	if s.Mode != "full" || !s.Demo || s.Counts["tasks"] == 0 || s.Files == 0 || s.Requests == 0 || filepath.Base(s.Manifest) != "manifest.json" {
		t.Errorf("summary %+v", s)
	}
}

// TestInterrupted cancels the backup as SIGINT does: exit 130, the
// unfinished snapshot is kept and the next run resumes it.
func TestInterrupted(t *testing.T) {
	clitest.DemoEnv(t)
	dir := filepath.Join(t.TempDir(), "b")
	ctx, cancel := context.WithCancel(t.Context())
	errw := &clitest.CancelOn{Marker: "demo mode", Cancel: cancel}
	var out bytes.Buffer
	code := run(ctx, []string{"-out", dir}, &out, errw)
	if code != cli.ExitInterrupted || !strings.Contains(errw.String(), "run again with the same -out to resume") {
		t.Fatalf("exit %d\n%s", code, errw.String())
	}
	code, stdout, errOut := runBackup(t, "-out", dir)
	if code != 0 || !strings.Contains(stdout, "resumed") {
		t.Errorf("resume: exit %d\n%s\n%s", code, stdout, errOut)
	}
}

// readData reads the data file rel of snapshot snap, plain or chunked.
func readData(t *testing.T, snap, rel string) []byte {
	t.Helper()
	root, err := os.OpenRoot(snap)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	f, err := export.OpenDataFile(root, rel)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
