package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runDemo(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	t.Setenv("ASANA_TOKEN", "")
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestDemoPlanAndApply(t *testing.T) {
	code, out, errOut := runDemo(t)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"4 changes", "deprovision_user", "isaac.abbott@lakeshore.example", "remove_guest",
		"noah.wagner@partner.example", "remove_team_member", "add_team_member", "ana.fischer@lakeshore.example", "run again with -apply"} {
		if !strings.Contains(out, want) {
			t.Errorf("plan lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(errOut, "embedded fake") {
		t.Errorf("stderr should say the demo is used: %s", errOut)
	}
	code, out, errOut = runDemo(t, "-apply")
	if code != 0 || !strings.Contains(out, "4 done") {
		t.Fatalf("apply: exit %d\n%s\n%s", code, out, errOut)
	}
	// The cap refuses before anything is written.
	code, _, errOut = runDemo(t, "-apply", "-max-deprovisions", "1")
	if code != 1 || !strings.Contains(errOut, "cap of 1") {
		t.Errorf("cap: exit %d: %s", code, errOut)
	}
}

func TestDemoJSON(t *testing.T) {
	code, out, errOut := runDemo(t, "-json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var plan struct {
		Kind    string
		Changes []struct{ Kind, Reason string }
	}
	if err := json.Unmarshal([]byte(strings.SplitN(out, "\n\n", 2)[0]), &plan); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if plan.Kind != "access" || len(plan.Changes) != 4 {
		t.Errorf("plan %+v", plan)
	}
}

func TestPolicyFileErrors(t *testing.T) {
	p := filepath.Join(t.TempDir(), "policy.yaml")
	if err := os.WriteFile(p, []byte("teams:\n  - team: Engineering\n    exclusiv: true\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := runDemo(t, "-policy", p)
	if code != 1 || !strings.Contains(errOut, "policy.yaml:3:") || !strings.Contains(errOut, "teams[0].exclusiv") {
		t.Errorf("exit %d: %s", code, errOut)
	}
	if code, _, _ := runDemo(t, "-h"); code != 0 {
		t.Errorf("-h: exit %d", code)
	}
	if code, _, _ := runDemo(t, "-nope"); code != 2 {
		t.Errorf("bad flag: exit %d", code)
	}
}
