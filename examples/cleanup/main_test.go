package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/examples/internal/clitest"
)

func TestDemoCleanup(t *testing.T) {
	clitest.DemoEnv(t)
	tests := []struct {
		args []string
		want []string
	}{
		{nil, []string{"Plan cleanup", "delete_project", "Roadmap planning", "run again with -apply"}},
		{[]string{"-grace-days", "0"}, []string{"0 changes", "Nothing to do"}},
		{[]string{"-exclude-team", "Marketing"}, []string{"0 changes"}},
		{[]string{"-exclude-name", "roadmap*", "-apply"}, []string{"0 changes"}},
		{[]string{"-apply"}, []string{"1 done", "delete_project"}},
	}
	for _, tt := range tests {
		r := clitest.Run(t.Context(), run, tt.args...)
		if r.Code != 0 {
			t.Fatalf("%v: exit %d: %s", tt.args, r.Code, r.Err)
		}
		for _, w := range tt.want {
			if !strings.Contains(r.Out, w) {
				t.Errorf("%v: output lacks %q:\n%s", tt.args, w, r.Out)
			}
		}
	}
	if r := clitest.Run(t.Context(), run, "-inactive-days", "0"); r.Code != 2 {
		t.Errorf("-inactive-days 0: exit %d", r.Code)
	}
}

func TestTokenErrors(t *testing.T) { clitest.CheckTokenErrors(t, run) }

// TestSavedPlan saves a cleanup plan with a token (a loopback fake), and
// refuses to apply it once the project to delete was modified.
func TestSavedPlan(t *testing.T) {
	srv, org := clitest.LoopbackFake(t)
	planFile := filepath.Join(t.TempDir(), "cleanup.json")
	r := clitest.Run(t.Context(), run, "-plan-out", planFile, "-json")
	var got struct {
		Plan struct {
			Changes []struct {
				Kind    string
				Project struct{ GID string }
			}
		}
	}
	if err := json.Unmarshal([]byte(r.Out), &got); err != nil || r.Code != 0 || len(got.Plan.Changes) == 0 {
		t.Fatalf("plan-out: exit %d, %v\n%s\n%s", r.Code, err, r.Out, r.Err)
	}
	project := got.Plan.Changes[0].Project.GID
	c, err := asana.NewClient(org.ServiceAccountToken, asana.WithBaseURL(srv.URL()))
	if err != nil {
		t.Fatal(err)
	}
	srv.Clock().Advance(1) // so that the update below moves modified_at
	if _, err := c.Projects.Update(t.Context(), project, &asana.ProjectUpdateRequest{Notes: asana.Ptr("still in use")}, nil); err != nil {
		t.Fatal(err)
	}
	r = clitest.Run(t.Context(), run, "-plan", planFile, "-apply")
	if r.Code != 1 || !strings.Contains(r.Out, "changed since the plan") || !strings.Contains(r.Err, "stale") {
		t.Errorf("stale plan: exit %d\n%s\n%s", r.Code, r.Out, r.Err)
	}
	if p, ok := srv.Project(project); !ok || p.Notes != "still in use" {
		t.Error("the modified project was touched")
	}
}

func TestInterrupted(t *testing.T) {
	clitest.DemoEnv(t)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	out := &clitest.CancelOn{Marker: "Plan cleanup", Cancel: cancel}
	var errb strings.Builder
	if code := run(ctx, []string{"-apply"}, out, &errb); code != 130 || !strings.Contains(out.String(), "1 not attempted") {
		t.Errorf("exit %d:\n%s\n%s", code, out.String(), errb.String())
	}
}
