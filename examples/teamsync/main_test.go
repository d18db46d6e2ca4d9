package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDemoTeamSync(t *testing.T) {
	t.Setenv("ASANA_TOKEN", "")
	var out, errb bytes.Buffer
	if code := run([]string{"-apply"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	for _, want := range []string{"Plan team_sync", "3 changes", "alan.tanaka@lakeshore.example", "mateo.silva@lakeshore.example", "3 done"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	// A CSV list that names someone twice is refused with its line.
	p := filepath.Join(t.TempDir(), "design.csv")
	if err := os.WriteFile(p, []byte("ana.fischer@lakeshore.example\nANA.fischer@lakeshore.example\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	errb.Reset()
	if code := run([]string{"-members", p}, &out, &errb); code != 1 || !strings.Contains(errb.String(), "design.csv:2") {
		t.Errorf("exit %d: %s", code, errb.String())
	}
}
