package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/examples/internal/clitest"
)

func runDemo(t *testing.T, args ...string) clitest.Result {
	t.Helper()
	clitest.DemoEnv(t)
	return clitest.Run(t.Context(), run, args...)
}

func TestDemoPlanAndApply(t *testing.T) {
	r := runDemo(t)
	if r.Code != 0 {
		t.Fatalf("exit %d: %s", r.Code, r.Err)
	}
	for _, want := range []string{"7 changes", "deprovision_user", "update_team_settings", "add_member", "memberships[0].grant[0]", "isaac.abbott@lakeshore.example", "remove_guest",
		"noah.wagner@partner.example", "remove_team_member", "add_team_member", "ana.fischer@lakeshore.example", "run again with -apply"} {
		if !strings.Contains(r.Out, want) {
			t.Errorf("plan lacks %q:\n%s", want, r.Out)
		}
	}
	clitest.CheckDemoNotice(t, r)
	if r = runDemo(t, "-apply"); r.Code != 0 || !strings.Contains(r.Out, "7 done") {
		t.Fatalf("apply: exit %d\n%s\n%s", r.Code, r.Out, r.Err)
	}
	// The cap refuses before anything is written.
	if r = runDemo(t, "-apply", "-max-deprovisions", "1"); r.Code != 1 || !strings.Contains(r.Err, "cap of 1") {
		t.Errorf("cap: exit %d: %s", r.Code, r.Err)
	}
}

func TestTokenErrors(t *testing.T) { clitest.CheckTokenErrors(t, run) }

func TestDemoJSON(t *testing.T) {
	r := runDemo(t, "-json")
	var got struct {
		Plan struct {
			Kind    string
			Changes []struct{ Kind, Reason string }
		}
	}
	if err := json.Unmarshal([]byte(r.Out), &got); err != nil || r.Code != 0 {
		t.Fatalf("exit %d, %v\n%s", r.Code, err, r.Out)
	}
	if got.Plan.Kind != "access" || len(got.Plan.Changes) != 7 {
		t.Errorf("plan %+v", got.Plan)
	}
}

func TestPolicyFileErrors(t *testing.T) {
	p := filepath.Join(t.TempDir(), "policy.yaml")
	if err := os.WriteFile(p, []byte("teams:\n  - team: Engineering\n    exclusiv: true\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if r := runDemo(t, "-policy", p); r.Code != 2 || !strings.Contains(r.Err, "policy.yaml:3:") || !strings.Contains(r.Err, "teams[0].exclusiv") {
		t.Errorf("exit %d: %s", r.Code, r.Err)
	}
	if r := runDemo(t, "-h"); r.Code != 0 {
		t.Errorf("-h: exit %d", r.Code)
	}
	if r := runDemo(t, "-nope"); r.Code != 2 {
		t.Errorf("bad flag: exit %d", r.Code)
	}
}

// TestSavedPlan saves a plan with a token (a loopback fake), applies it
// as saved, and refuses it once someone it removes has left already.
func TestSavedPlan(t *testing.T) {
	srv, org := clitest.LoopbackFake(t)
	dir := t.TempDir()
	policy := filepath.Join(dir, "policy.yaml")
	if err := os.WriteFile(policy, demoPolicy, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "demo_people.csv"), []byte(demoPeople), 0o600); err != nil {
		t.Fatal(err)
	}
	planFile := filepath.Join(dir, "access.json")
	if r := clitest.Run(t.Context(), run, "-policy", policy, "-plan-out", planFile); r.Code != 0 || !strings.Contains(r.Out, "7 changes") {
		t.Fatalf("plan-out: exit %d\n%s\n%s", r.Code, r.Out, r.Err)
	}
	// The person to deprovision leaves before the plan is applied.
	var isaac string
	for _, u := range org.Users {
		if u.Email == "isaac.abbott@lakeshore.example" {
			isaac = u.GID
		}
	}
	c, err := asana.NewClient(org.ServiceAccountToken, asana.WithBaseURL(srv.URL()))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Workspaces.RemoveUser(t.Context(), org.Organization.GID, isaac); err != nil {
		t.Fatal(err)
	}
	r := clitest.Run(t.Context(), run, "-plan", planFile, "-apply", "-json")
	var got struct {
		Stale []struct {
			Index  int
			Reason string
		}
		Report *json.RawMessage
		Error  string
	}
	if err := json.Unmarshal([]byte(r.Out), &got); err != nil {
		t.Fatalf("%v\n%s", err, r.Out)
	}
	if r.Code != 1 || len(got.Stale) != 1 || got.Stale[0].Reason != "the user is no longer an active member of the organization" ||
		got.Report != nil || !strings.Contains(got.Error, "stale") {
		t.Errorf("stale plan: exit %d %+v\n%s", r.Code, got, r.Err)
	}
	if m, _ := srv.WorkspaceMembership(org.Organization.GID, org.Guest.GID); !m.IsActive {
		t.Error("a stale plan was applied in part")
	}
}

func TestInterrupted(t *testing.T) {
	clitest.DemoEnv(t)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	out := &clitest.CancelOn{Marker: "Plan access", Cancel: cancel}
	var errb strings.Builder
	if code := run(ctx, []string{"-apply"}, out, &errb); code != 130 || !strings.Contains(errb.String(), "interrupted") ||
		!strings.Contains(errb.String(), "nothing to resume") {
		t.Errorf("exit %d:\n%s", code, errb.String())
	}
}

// TestPolicyConverges plans with a token (a loopback fake), applies the
// saved plan, and plans again: the organization matches the policy.
func TestPolicyConverges(t *testing.T) {
	clitest.LoopbackFake(t)
	dir := t.TempDir()
	policy := filepath.Join(dir, "policy.yaml")
	if err := os.WriteFile(policy, demoPolicy, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "demo_people.csv"), []byte(demoPeople), 0o600); err != nil {
		t.Fatal(err)
	}
	planFile := filepath.Join(dir, "access.json")
	if r := clitest.Run(t.Context(), run, "-policy", policy, "-plan-out", planFile); r.Code != 0 {
		t.Fatalf("plan-out: exit %d\n%s\n%s", r.Code, r.Out, r.Err)
	}
	if r := clitest.Run(t.Context(), run, "-plan", planFile, "-apply"); r.Code != 0 || !strings.Contains(r.Out, "7 done") {
		t.Fatalf("apply: exit %d\n%s\n%s", r.Code, r.Out, r.Err)
	}
	if r := clitest.Run(t.Context(), run, "-policy", policy); r.Code != 0 || !strings.Contains(r.Out, "0 changes") {
		t.Errorf("plan again: exit %d\n%s\n%s", r.Code, r.Out, r.Err)
	}
}
