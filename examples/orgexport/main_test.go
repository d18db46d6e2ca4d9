package main

import (
	"compress/gzip"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/asanakit/asana-go/examples/internal/clitest"
)

func TestOrgExportCommand(t *testing.T) {
	clitest.DemoEnv(t)
	path := filepath.Join(t.TempDir(), "org.json.gz")
	r := clitest.Run(t.Context(), run, "-out", path)
	if r.Code != 0 || !strings.Contains(r.Out, "finished; downloaded") {
		t.Fatalf("%d\n%s\n%s", r.Code, r.Out, r.Err)
	}
	clitest.CheckDemoNotice(t, r)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(body), `"resource_type":"task"`) {
		t.Errorf("export holds no task: %.200s", body)
	}
	if r := clitest.Run(t.Context(), run, "-h"); r.Code != 0 || !strings.Contains(r.Err, "Usage: orgexport") {
		t.Errorf("-h: %d", r.Code)
	}
	// The demo never overwrites a file: it may be a real export.
	if r := clitest.Run(t.Context(), run, "-out", path); r.Code != 2 || !strings.Contains(r.Err, "never overwrites") {
		t.Errorf("existing -out: exit %d\n%s", r.Code, r.Err)
	}
}

func TestTokenErrors(t *testing.T) { clitest.CheckTokenErrors(t, run) }

// TestInterrupted stops the run once the export started: exit 130, and
// with a token the way to pick the export up again.
func TestInterrupted(t *testing.T) {
	clitest.LoopbackFake(t)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	out := &clitest.CancelOn{Marker: "started", Cancel: cancel}
	var errb strings.Builder
	code := run(ctx, []string{"-out", filepath.Join(t.TempDir(), "x.json.gz")}, out, &errb)
	if code != 130 || !strings.Contains(errb.String(), "run again with -resume ") {
		t.Errorf("exit %d\n%s\n%s", code, out.String(), errb.String())
	}
}
