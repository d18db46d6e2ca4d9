package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/asanatest"
	"github.com/asanakit/asana-go/examples/internal/clitest"
)

func TestDemoTeamSync(t *testing.T) {
	clitest.DemoEnv(t)
	r := clitest.Run(t.Context(), run, "-apply")
	if r.Code != 0 {
		t.Fatalf("exit %d: %s", r.Code, r.Err)
	}
	clitest.CheckDemoNotice(t, r)
	for _, want := range []string{"Plan team_sync", "3 changes", "alan.tanaka@lakeshore.example", "mateo.silva@lakeshore.example", "3 done"} {
		if !strings.Contains(r.Out, want) {
			t.Errorf("output lacks %q:\n%s", want, r.Out)
		}
	}
	// A CSV list that names someone twice is refused with its line.
	p := filepath.Join(t.TempDir(), "design.csv")
	if err := os.WriteFile(p, []byte("ana.fischer@lakeshore.example\nANA.fischer@lakeshore.example\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if r := clitest.Run(t.Context(), run, "-members", p); r.Code != 2 || !strings.Contains(r.Err, "design.csv:2") {
		t.Errorf("exit %d: %s", r.Code, r.Err)
	}
}

func TestTokenErrors(t *testing.T) { clitest.CheckTokenErrors(t, run) }

func TestJSON(t *testing.T) {
	clitest.DemoEnv(t)
	r := clitest.Run(t.Context(), run, "-json", "-apply")
	var got struct {
		Plan struct {
			Kind    string
			Changes []json.RawMessage
		}
		PlanID string `json:"plan_id"`
		Report struct {
			Results []struct{ Status string }
		}
	}
	if err := json.Unmarshal([]byte(r.Out), &got); err != nil || r.Code != 0 {
		t.Fatalf("exit %d, %v:\n%s", r.Code, err, r.Out)
	}
	if got.Plan.Kind != "team_sync" || len(got.Plan.Changes) != 3 || len(got.Report.Results) != 3 || got.Report.Results[0].Status != "done" || got.PlanID == "" {
		t.Errorf("json %+v", got)
	}
	// The same input plans the same ID.
	again := clitest.Run(t.Context(), run, "-json")
	if !strings.Contains(again.Out, `"plan_id": "`+got.PlanID+`"`) {
		t.Errorf("plan ID changed between runs: %s, then\n%s", got.PlanID, again.Out)
	}
}

// tokenSetup points the example at a loopback fake and writes the member
// list file.
func tokenSetup(t *testing.T) (*asanatest.Server, *asanatest.Org, []string) {
	srv, org := clitest.LoopbackFake(t)
	members := filepath.Join(t.TempDir(), "design.yaml")
	if err := os.WriteFile(members, demoMembers, 0o600); err != nil {
		t.Fatal(err)
	}
	return srv, org, []string{"-team", "Design", "-members", members}
}

// TestSavedPlan saves a plan, lets the organization drift, and applies
// the file: exactly the saved changes are made, not a new plan's; a plan
// whose changes went stale is refused whole.
func TestSavedPlan(t *testing.T) {
	srv, org, args := tokenSetup(t)
	dir := t.TempDir()
	planFile := filepath.Join(dir, "design.json")
	r := clitest.Run(t.Context(), run, append(args, "-plan-out", planFile)...)
	if r.Code != 0 || !strings.Contains(r.Out, "Plan saved to "+planFile) || !strings.Contains(r.Out, "3 changes") {
		t.Fatalf("plan-out: exit %d\n%s\n%s", r.Code, r.Out, r.Err)
	}
	// With a token, -apply without a plan file is refused.
	if r := clitest.Run(t.Context(), run, append(args, "-apply")...); r.Code != 2 || !strings.Contains(r.Err, "-plan-out") {
		t.Errorf("-apply without a plan file: exit %d: %s", r.Code, r.Err)
	}
	// Someone joins the team: a new plan would remove them, the saved
	// plan does not name them.
	design := teamNamed(t, srv, org, "Design")
	extra := nonMember(t, srv, org, design)
	if _, err := srv.AddTeamMember(design, extra, asanatest.MemberOptions{}); err != nil {
		t.Fatal(err)
	}
	r = clitest.Run(t.Context(), run, "-plan", planFile, "-apply")
	if r.Code != 0 || !strings.Contains(r.Out, "3 done") {
		t.Fatalf("apply the saved plan: exit %d\n%s\n%s", r.Code, r.Out, r.Err)
	}
	if _, in := srv.TeamMembership(design, extra); !in {
		t.Error("applying the saved plan removed someone the plan did not name")
	}
	if _, err := os.Stat(filepath.Join(dir, "design.journal")); err != nil {
		t.Errorf("no journal beside the plan: %v", err)
	}
	// Applied again, the journal says all is done: nothing is written.
	r = clitest.Run(t.Context(), run, "-plan", planFile, "-apply")
	if r.Code != 0 || !strings.Contains(r.Out, "0 done, 0 already done, 3 done earlier") {
		t.Errorf("second apply: exit %d\n%s\n%s", r.Code, r.Out, r.Err)
	}

	// A new plan (it removes extra), then extra leaves the team before
	// it is applied: the plan is stale and nothing is applied.
	r = clitest.Run(t.Context(), run, append(args, "-plan-out", planFile)...)
	if r.Code != 0 || !strings.Contains(r.Out, "1 change") {
		t.Fatalf("second plan: exit %d\n%s", r.Code, r.Out)
	}
	if _, err := os.Stat(filepath.Join(dir, "design.journal")); err == nil {
		t.Error("the old journal survived a new plan in the same file")
	}
	c := clientFor(t, srv, org)
	if err := c.Teams.RemoveUser(t.Context(), design, extra); err != nil {
		t.Fatal(err)
	}
	r = clitest.Run(t.Context(), run, "-plan", planFile, "-apply")
	if r.Code != 1 || !strings.Contains(r.Err, "stale") || !strings.Contains(r.Out, "already in effect") {
		t.Errorf("stale plan: exit %d\n%s\n%s", r.Code, r.Out, r.Err)
	}
	// An edited plan is refused.
	data, _ := os.ReadFile(planFile)
	os.WriteFile(planFile, []byte(strings.Replace(string(data), "remove_team_member", "add_team_member", 1)), 0o600)
	if r := clitest.Run(t.Context(), run, "-plan", planFile, "-apply"); r.Code != 2 || !strings.Contains(r.Err, "checksum") {
		t.Errorf("edited plan: exit %d: %s", r.Code, r.Err)
	}
	// Demo mode refuses a plan made with a token.
	clitest.DemoEnv(t)
	os.WriteFile(planFile, data, 0o600)
	if r := clitest.Run(t.Context(), run, "-plan", planFile, "-apply"); r.Code != 2 || !strings.Contains(r.Err, "planned with a token") {
		t.Errorf("demo with a token's plan: exit %d: %s", r.Code, r.Err)
	}
}

// TestInterrupted cancels the run (as SIGINT does) once the plan is
// printed, before the apply writes: exit 130 and a way to resume.
func TestInterrupted(t *testing.T) {
	_, _, args := tokenSetup(t)
	planFile := filepath.Join(t.TempDir(), "design.json")
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	out := &clitest.CancelOn{Marker: "Plan team_sync", Cancel: cancel}
	var errb strings.Builder
	code := run(ctx, append(args, "-plan-out", planFile, "-apply"), out, &errb)
	if code != 130 || !strings.Contains(errb.String(), "to resume, run teamsync -plan "+planFile+" -apply") {
		t.Fatalf("exit %d:\n%s\n%s", code, out.String(), errb.String())
	}
	if !strings.Contains(out.String(), "3 not attempted") {
		t.Errorf("report:\n%s", out.String())
	}
	r := clitest.Run(t.Context(), run, "-plan", planFile, "-apply")
	if r.Code != 0 || !strings.Contains(r.Out, "3 done") {
		t.Errorf("resume: exit %d\n%s\n%s", r.Code, r.Out, r.Err)
	}
}

func teamNamed(t *testing.T, srv *asanatest.Server, org *asanatest.Org, name string) string {
	t.Helper()
	for _, tm := range srv.Teams(org.Organization.GID) {
		if tm.Name == name {
			return tm.GID
		}
	}
	t.Fatalf("no team %s", name)
	return ""
}

// nonMember returns an active full member of the organization who is not
// in the team and not on the demo list.
func nonMember(t *testing.T, srv *asanatest.Server, org *asanatest.Org, team string) string {
	t.Helper()
	for _, u := range org.Users {
		m, _ := srv.WorkspaceMembership(org.Organization.GID, u.GID)
		_, in := srv.TeamMembership(team, u.GID)
		if m.IsActive && !m.IsGuest && !in && !strings.Contains(string(demoMembers), u.Email) && u.GID != org.ServiceAccount.GID {
			return u.GID
		}
	}
	t.Fatal("no one to add")
	return ""
}

func clientFor(t *testing.T, srv *asanatest.Server, org *asanatest.Org) *asana.Client {
	t.Helper()
	c, err := asana.NewClient(org.ServiceAccountToken, asana.WithBaseURL(srv.URL()))
	if err != nil {
		t.Fatal(err)
	}
	return c
}
