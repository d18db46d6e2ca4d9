package asanatest

import (
	"encoding/json"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/asanakit/asana-go/internal/spec"
)

// TestPlanGatesMatchSpec checks planGates against the spec: an operation
// is gated exactly when it is served and its spec documents a 402, among
// the resource management and time tracking tags (elsewhere the fake's
// older checks, search and exports, answer their own 402s).
func TestPlanGatesMatchSpec(t *testing.T) {
	raw, err := os.ReadFile(spec.JSONPath())
	if err != nil {
		t.Skipf("spec not available: %v", err)
	}
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	type operation struct {
		Tags      []string                   `json:"tags"`
		Responses map[string]json.RawMessage `json:"responses"`
	}
	tags := []string{"Allocations", "Budgets", "Rates", "Time tracking entries", "Time tracking categories", "Timesheet approval statuses"}
	served := map[string]bool{}
	for _, rt := range newFixture(t).s.routes {
		served[rt.method+" "+rt.pattern] = true
	}
	seen := 0
	for path, ops := range doc.Paths {
		for method, rawOp := range ops {
			var op operation
			if method == "parameters" || json.Unmarshal(rawOp, &op) != nil {
				continue
			}
			if len(op.Tags) == 0 || !slices.Contains(tags, op.Tags[0]) {
				continue
			}
			key := strings.ToUpper(method) + " " + path
			seen++
			if !served[key] {
				t.Errorf("%s: not served", key)
			}
			_, documented := op.Responses["402"]
			if _, gated := planGates[key]; gated != documented {
				t.Errorf("%s: gated %v, but the spec documents a 402: %v", key, gated, documented)
			}
		}
	}
	if seen != 31 {
		t.Errorf("%d operations in the tags, want 31", seen)
	}
}

// TestPlanGating runs gated operations in a workspace on each plan: a 402
// below the feature's plan, the operation's own answer from it on.
func TestPlanGating(t *testing.T) {
	f := newFixture(t)
	s := f.s
	// The other organization is not Enterprise: PlanPersonal until set.
	team := Must(s.AddTeam(Team{OrganizationGID: f.other.GID, Name: "Ops"}))
	Must(s.AddTeamMember(team.GID, f.outsider.GID, MemberOptions{}))
	pr := Must(s.AddProject(Project{WorkspaceGID: f.other.GID, TeamGID: team.GID, Name: "Client work", OwnerGID: f.outsider.GID}))
	task := Must(s.AddTask(Task{Name: "Billable", Memberships: []TaskMembership{{ProjectGID: pr.GID}}}))
	Must(s.AddTimeTrackingEntry(TimeTrackingEntry{TaskGID: task.GID, DurationMinutes: 30, CreatedByGID: f.outsider.GID}))
	tok := f.outsiderTok

	tests := []struct {
		name, method, path, body string
		need                     Plan
		ok                       int
	}{
		{"entries", "GET", "/time_tracking_entries?task=" + task.GID, "", PlanAdvanced, 200},
		{"entries by user and workspace", "GET", "/time_tracking_entries?user=me&workspace=" + f.other.GID + "&entered_on_start_date=2000-01-01", "", PlanAdvanced, 200},
		{"entries of task (ungated)", "GET", "/tasks/" + task.GID + "/time_tracking_entries", "", PlanPersonal, 200},
		{"allocations", "GET", "/allocations?parent=" + pr.GID, "", PlanAdvanced, 200},
		{"create allocation", "POST", "/allocations", `{"data":{"parent":"` + pr.GID + `","assignee":"me","start_date":"2025-01-06","end_date":"2025-01-07"}}`, PlanAdvanced, 201},
		{"timesheet", "POST", "/timesheet_approval_statuses", `{"data":{"workspace":"` + f.other.GID + `","user":"me","start_date":"2025-01-06","end_date":"2025-01-12"}}`, PlanAdvanced, 201},
		{"budgets", "GET", "/budgets?parent=" + pr.GID, "", PlanEnterprise, 200},
		{"rates", "GET", "/rates?parent=" + pr.GID, "", PlanEnterprise, 200},
		{"search (premium)", "GET", "/workspaces/" + f.other.GID + "/tasks/search", "", PlanStarter, 200},
	}
	// Creates succeed only in the last round, so they do not clash.
	for _, p := range []Plan{PlanPersonal, PlanStarter, PlanAdvanced} {
		if err := s.SetPlan(f.other.GID, p); err != nil {
			t.Fatal(err)
		}
		for _, tt := range tests {
			code, _, doc := call(t, s, tok, tt.method, tt.path, tt.body)
			want := tt.ok
			if !p.atLeast(tt.need) {
				want = http.StatusPaymentRequired
			}
			if code != want {
				t.Errorf("%s on %s: %d, want %d: %v", tt.name, p, code, want, doc)
			}
			// Search keeps Asana's own wording.
			if code == http.StatusPaymentRequired && !strings.Contains(tt.path, "/search") && !strings.Contains(errMessage(doc), string(tt.need)) {
				t.Errorf("%s on %s: 402 does not name the plan it needs: %v", tt.name, p, doc)
			}
		}
		// By user alone, entries of workspaces without time tracking are left out.
		got := gids(t, must(t, s, tok, "GET", "/time_tracking_entries?user=me", "", 200))
		if want := map[bool]int{false: 0, true: 1}[p.atLeast(PlanAdvanced)]; len(got) != want {
			t.Errorf("entries by user on %s: %d, want %d", p, len(got), want)
		}
	}
}

// TestSetPlan checks the Go and control APIs that set plans, and their
// refusals.
func TestSetPlan(t *testing.T) {
	f := newFixture(t)
	s := f.s
	if p, ok := s.Plan(f.org.GID); !ok || p != PlanEnterprise {
		t.Errorf("Enterprise organization: plan %q %v", p, ok)
	}
	if p, _ := s.Plan(f.other.GID); p != PlanPersonal {
		t.Errorf("other organization: plan %q", p)
	}
	for _, tt := range []struct {
		ws   string
		plan Plan
		ok   bool
	}{
		{f.org.GID, PlanEnterprisePlus, true},
		{f.org.GID, PlanAdvanced, false}, // Enterprise organizations are on an Enterprise plan
		{f.other.GID, PlanEnterprise, false},
		{f.other.GID, PlanStarter, true},
		{f.other.GID, "premium", false},
		{"999", PlanStarter, false},
	} {
		err := s.SetPlan(tt.ws, tt.plan)
		if (err == nil) != tt.ok {
			t.Errorf("SetPlan(%s, %s): %v, want ok %v", tt.ws, tt.plan, err, tt.ok)
		}
	}
	if p, _ := s.Plan(f.other.GID); p != PlanStarter {
		t.Errorf("after SetPlan: %q", p)
	}
	ctl := func(method, body string) (int, map[string]any) {
		req, err := http.NewRequest(method, "http://fake"+controlPrefix+"/workspaces/"+f.other.GID+"/plan", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp, err := s.HTTPClient().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var doc map[string]any
		decode(t, resp, &doc)
		return resp.StatusCode, doc
	}
	if code, doc := ctl("PUT", `{"plan":"advanced"}`); code != 200 || data(t, doc)["plan"] != "advanced" {
		t.Errorf("PUT plan: %d %v", code, doc)
	}
	if code, doc := ctl("GET", ""); code != 200 || data(t, doc)["plan"] != "advanced" {
		t.Errorf("GET plan: %d %v", code, doc)
	}
	if code, doc := ctl("PUT", `{"plan":"enterprise"}`); code != 400 || errMessage(doc) == "" {
		t.Errorf("PUT enterprise on a non-Enterprise organization: %d %v", code, doc)
	}
}
