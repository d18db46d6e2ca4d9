package main

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/asanakit/asana-go/examples/internal/clitest"
	"github.com/asanakit/asana-go/report"
)

func runReport(t *testing.T, args ...string) clitest.Result {
	t.Helper()
	clitest.DemoEnv(t)
	t.Setenv(postgresEnv, "")
	return clitest.Run(t.Context(), run, args...)
}

// TestDemoStandardReport is a fresh clone's first run: no token, every
// report printed.
func TestDemoStandardReport(t *testing.T) {
	r := runReport(t)
	if r.Code != 0 {
		t.Fatalf("exit %d\n%s", r.Code, r.Err)
	}
	clitest.CheckDemoNotice(t, r)
	for _, rep := range report.Standard {
		if !strings.Contains(r.Out, rep.Title+" (") {
			t.Errorf("no %q in the output", rep.Title)
		}
	}
	// The demo's numbers: its open tasks appear per project.
	if !strings.Contains(r.Out, "Security audit") || !strings.Contains(r.Out, "open_tasks") {
		t.Errorf("output:\n%s", r.Out)
	}
	// The backup keeps the audit log: the demo's service account is in
	// the token inventory.
	if !strings.Contains(r.Out, "Service accounts and tokens (") || strings.Contains(r.Out, "Service accounts and tokens (0 rows)") ||
		!strings.Contains(r.Out, "service_account ") {
		t.Errorf("no token inventory in the output:\n%s", r.Out)
	}
}

func TestFormats(t *testing.T) {
	dir := t.TempDir()
	backup, db := filepath.Join(dir, "backup"), filepath.Join(dir, "org.db")
	r := runReport(t, "-backup", backup, "-db", db, "-format", "csv", "workload")
	if r.Code != 0 {
		t.Fatalf("csv: exit %d\n%s", r.Code, r.Err)
	}
	recs, err := csv.NewReader(strings.NewReader(r.Out)).ReadAll()
	if err != nil || len(recs) < 2 || recs[0][1] != "assignee" {
		t.Fatalf("csv: %v %q", err, recs)
	}
	// A second run: the next backup is incremental, and so is the load.
	r = runReport(t, "-backup", backup, "-db", db, "-format", "json")
	if r.Code != 0 || !strings.Contains(r.Err, "unchanged_files=") || strings.Contains(r.Err, "unchanged_files=0 ") {
		t.Fatalf("json: exit %d\n%s", r.Code, r.Err)
	}
	var all []struct {
		Report string
		Rows   []map[string]any
	}
	if err := json.Unmarshal([]byte(r.Out), &all); err != nil || len(all) != len(report.Standard) {
		t.Fatalf("json: %v, %d reports", err, len(all))
	}
	html := filepath.Join(dir, "report.html")
	if r = runReport(t, "-snapshot", lastSnapshot(t, backup), "-db", db, "-format", "html", "-o", html); r.Code != 0 {
		t.Fatalf("html: exit %d\n%s", r.Code, r.Err)
	}
	b, err := os.ReadFile(html)
	if err != nil || !strings.Contains(string(b), `<svg class="chart bars"`) || !strings.Contains(string(b), `<svg class="chart lines"`) {
		t.Errorf("html: %v, %d bytes", err, len(b))
	}
}

func lastSnapshot(t *testing.T, backup string) string {
	t.Helper()
	snaps, _ := filepath.Glob(filepath.Join(backup, "0000*"))
	if len(snaps) != 2 {
		t.Fatalf("snapshots %v", snaps)
	}
	return snaps[1]
}

func TestUsage(t *testing.T) {
	for _, args := range [][]string{{"nosuch"}, {"-format", "xml"}, {"-format", "csv"}, {"overdue", "b"}, {"-weeks", "0"}} {
		if r := runReport(t, args...); r.Code != 2 {
			t.Errorf("%q: exit %d, want 2\n%s", args, r.Code, r.Err)
		}
	}
	r := runReport(t, "-list")
	if r.Code != 0 || strings.Count(r.Out, "\n") != len(report.Standard) {
		t.Errorf("-list: %d\n%s", r.Code, r.Out)
	}
}
