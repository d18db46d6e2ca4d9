package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/asanakit/asana-go/examples/internal/clitest"
)

func runDemo(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	clitest.DemoEnv(t)
	r := clitest.Run(t.Context(), run, args...)
	return r.Code, r.Out, r.Err
}

func TestDemo(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		code     int
		want     []string
		dontWant []string
	}{
		{"plan", nil, 0, []string{"3 changes", "provision_user", "priya.nair@lakeshore.example", "tomas.berg@lakeshore.example",
			"victor.patel@lakeshore.example (1200000000000016)", "deactivated in the organization", "run again with -apply"},
			[]string{"lena.okafor", "deprovision_user", "noah.wagner"}},
		{"apply", []string{"-apply"}, 0, []string{"3 done, 0 already done"}, nil},
		{"plan with deprovision", []string{"-deprovision", "-exempt", "rafael.alvarez@lakeshore.example"}, 0,
			[]string{"4 changes", "deprovision_user via scim", "isaac.abbott@lakeshore.example"}, []string{"rafael.alvarez"}},
		{"apply with deprovision", []string{"-deprovision", "-apply"}, 0, []string{"4 done, 0 already done"}, nil},
		{"domain filter", []string{"-domains", "elsewhere.example"}, 0, []string{"0 changes", "Nothing to do"}, nil},
		{"help", []string{"-h"}, 0, nil, nil},
		{"stray argument", []string{"now"}, 2, nil, nil},
		{"missing directory file", []string{"-directory", "/nonexistent/people.csv"}, 2, nil, nil},
		{"-keep is backup's", []string{"-keep", "x@y.example"}, 2, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runDemo(t, tt.args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d\n%s\n%s", code, tt.code, out, errOut)
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
			for _, w := range tt.dontWant {
				if strings.Contains(out, w) {
					t.Errorf("output has %q:\n%s", w, out)
				}
			}
		})
	}
}

func TestTokenErrors(t *testing.T) { clitest.CheckTokenErrors(t, run) }

// TestSavedPlan saves the demo's plan and applies the file; the demo
// refuses a plan file that says it was made with a token.
func TestSavedPlan(t *testing.T) {
	planFile := filepath.Join(t.TempDir(), "provision.json")
	code, out, errOut := runDemo(t, "-deprovision", "-plan-out", planFile, "-json")
	var saved struct {
		PlanID   string `json:"plan_id"`
		PlanFile string `json:"plan_file"`
	}
	if err := json.Unmarshal([]byte(out), &saved); err != nil || code != 0 || saved.PlanFile != planFile {
		t.Fatalf("plan-out: exit %d, %v\n%s\n%s", code, err, out, errOut)
	}
	code, out, errOut = runDemo(t, "-plan", planFile, "-apply")
	if code != 0 || !strings.Contains(out, "Applied plan "+saved.PlanID+": 4 done") {
		t.Fatalf("apply: exit %d\n%s\n%s", code, out, errOut)
	}
	if !strings.Contains(errOut, "loaded the saved plan") {
		t.Errorf("stderr does not say the plan was loaded:\n%s", errOut)
	}
	// Applying a plan of another kind is refused.
	if code, _, errOut := runDemo(t, "-plan", filepath.Join("..", "teamsync", "nonexistent.json"), "-apply"); code != 2 || !strings.Contains(errOut, "no such file") {
		t.Errorf("missing plan: exit %d: %s", code, errOut)
	}
}

func TestInterrupted(t *testing.T) {
	clitest.DemoEnv(t)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	r := clitest.Run(ctx, run)
	if r.Code != 130 || !strings.Contains(r.Err, "interrupted") {
		t.Errorf("exit %d:\n%s", r.Code, r.Err)
	}
}
