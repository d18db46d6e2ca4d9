package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/asanakit/asana-go/examples/internal/clitest"
)

const ana = "ana.fischer@lakeshore.example"

func runDemo(t *testing.T, args ...string) clitest.Result {
	t.Helper()
	clitest.DemoEnv(t)
	return clitest.Run(t.Context(), run, args...)
}

func TestDemoPlanAndApply(t *testing.T) {
	r := runDemo(t, "-user", ana, "-deprovision")
	if r.Code != 0 {
		t.Fatalf("exit %d: %s", r.Code, r.Err)
	}
	for _, want := range []string{"Plan offboard", "reassign_task", "transfer_project_owner", "transfer_goal_owner", "add_member",
		"remove_member", "deprovision_user", "chloe.zhang@lakeshore.example", "cannot change a portfolio's owner", "run again with -apply"} {
		if !strings.Contains(r.Out, want) {
			t.Errorf("plan lacks %q:\n%s", want, r.Out)
		}
	}
	clitest.CheckDemoNotice(t, r)
	if strings.Index(r.Out, "deprovision_user") < strings.Index(r.Out, "remove_member") {
		t.Errorf("the deprovision is not listed last:\n%s", r.Out)
	}
	if r = runDemo(t, "-user", ana, "-deprovision", "-apply"); r.Code != 0 || !strings.Contains(r.Out, "9 done") {
		t.Fatalf("apply: exit %d\n%s\n%s", r.Code, r.Out, r.Err)
	}
	// Without -deprovision the person stays.
	if r = runDemo(t, "-user", ana); r.Code != 0 || strings.Contains(r.Out, "deprovision_user") {
		t.Errorf("without -deprovision: exit %d\n%s", r.Code, r.Out)
	}
	if r = runDemo(t, "-user", ana, "-deprovision", "-apply", "-max-deprovisions", "0"); r.Code != 1 || !strings.Contains(r.Err, "cap of 0") {
		t.Errorf("cap: exit %d: %s", r.Code, r.Err)
	}
}

func TestUsage(t *testing.T) {
	for _, args := range [][]string{{}, {"-user", ana, "-directory", "nope.csv"}, {"-user", ana, "-my-tasks-project", "No such project"}} {
		r := runDemo(t, args...)
		if r.Code == 0 {
			t.Errorf("%v: exit 0\n%s", args, r.Out)
		}
	}
	if r := runDemo(t, "-h"); r.Code != 0 || !strings.Contains(r.Err, "-my-tasks-project") {
		t.Errorf("-h: exit %d\n%s", r.Code, r.Err)
	}
}

func TestTokenErrors(t *testing.T) {
	clitest.CheckTokenErrors(t, run, "-user", ana, "-to", "chloe.zhang@lakeshore.example")
}

// TestSavedPlanConverges plans with a token (a loopback fake), saves the
// plan as JSON, applies exactly it, and plans again: nothing is left.
func TestSavedPlanConverges(t *testing.T) {
	srv, org := clitest.LoopbackFake(t)
	dir := t.TempDir()
	people := filepath.Join(dir, "people.csv")
	if err := writeFile(people, demoPeople); err != nil {
		t.Fatal(err)
	}
	planFile := filepath.Join(dir, "offboard.json")
	args := []string{"-user", ana, "-directory", people, "-my-tasks-project", "Office move", "-deprovision"}
	if r := clitest.Run(t.Context(), run, append(args, "-plan-out", planFile)...); r.Code != 0 || !strings.Contains(r.Out, "9 changes") {
		t.Fatalf("plan-out: exit %d\n%s\n%s", r.Code, r.Out, r.Err)
	}
	r := clitest.Run(t.Context(), run, "-plan", planFile, "-apply", "-json")
	var got struct {
		Report struct{ Results []struct{ Status string } }
	}
	if err := json.Unmarshal([]byte(r.Out), &got); err != nil || r.Code != 0 || len(got.Report.Results) != 9 {
		t.Fatalf("apply: exit %d %v\n%s\n%s", r.Code, err, r.Out, r.Err)
	}
	if m, _ := srv.WorkspaceMembership(org.Organization.GID, "1200000000000006"); m.IsActive {
		t.Error("ana is still active")
	}
	if r := clitest.Run(t.Context(), run, args...); r.Code != 0 || !strings.Contains(r.Out, "0 changes") {
		t.Errorf("plan again: exit %d\n%s\n%s", r.Code, r.Out, r.Err)
	}
}

func TestInterrupted(t *testing.T) {
	clitest.DemoEnv(t)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	out := &clitest.CancelOn{Marker: "Plan offboard", Cancel: cancel}
	var errb strings.Builder
	if code := run(ctx, []string{"-user", ana, "-apply"}, out, &errb); code != 130 || !strings.Contains(errb.String(), "interrupted") {
		t.Errorf("exit %d:\n%s", code, errb.String())
	}
}

func writeFile(path, data string) error { return os.WriteFile(path, []byte(data), 0o600) }

// TestFromPolicy offboards whoever an access policy deprovisions: the
// policy's removal, with its evidence, comes last.
func TestFromPolicy(t *testing.T) {
	p := filepath.Join(t.TempDir(), "policy.yaml")
	if err := writeFile(p, "deprovision:\n  users: ["+ana+"]\n"); err != nil {
		t.Fatal(err)
	}
	r := runDemo(t, "-policy", p, "-json")
	var got struct {
		Plan struct {
			Changes []struct{ Kind, Evidence string }
		}
	}
	if err := json.Unmarshal([]byte(r.Out), &got); err != nil || r.Code != 0 || len(got.Plan.Changes) == 0 {
		t.Fatalf("exit %d %v\n%s\n%s", r.Code, err, r.Out, r.Err)
	}
	last := got.Plan.Changes[len(got.Plan.Changes)-1]
	if last.Kind != "deprovision_user" || !strings.HasSuffix(last.Evidence, "policy.yaml deprovision.users[0]") {
		t.Errorf("last change %+v", last)
	}
}
