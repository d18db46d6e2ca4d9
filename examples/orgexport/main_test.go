package main

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestOrgExportCommand(t *testing.T) {
	t.Setenv("ASANA_TOKEN", "")
	path := filepath.Join(t.TempDir(), "org.json.gz")
	var out, errOut bytes.Buffer
	code := run(t.Context(), []string{"-out", path}, &out, &errOut)
	if code != 0 || !strings.Contains(out.String(), "finished; downloaded") {
		t.Fatalf("%d\n%s\n%s", code, out.String(), errOut.String())
	}
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
	code = run(t.Context(), []string{"-h"}, &out, &errOut)
	if code != 0 || !strings.Contains(errOut.String(), "Usage: orgexport") {
		t.Errorf("-h: %d", code)
	}
}
