package asanatest

import (
	"fmt"
	"slices"
	"testing"
	"time"
)

// goalFixture adds time periods, goals, relationships and status updates
// to the work fixture:
//
//   - year (FY 2026) with quarters q1 and q2;
//   - pub: a goal of the public team owned by the member, for q1, with a
//     metric, supported by project pub and by nothing else;
//   - ws: a workspace-level goal owned by the admin, supported by pub
//     (a subgoal);
//   - secret: a goal of the secret team (the admin's);
//   - private: a members_only goal of the admin's that the member follows;
//   - a status update and a comment on pub by the member, a status update
//     on project pub by the member.
type goalFixture struct {
	year, q1, q2             TimePeriod
	pub, ws, secret, private Goal
	projectRel, subgoalRel   GoalRelationship
	pubStatus, projectStatus StatusUpdate
	comment                  Story
}

func addGoalFixture(t testing.TB, f *workFixture) {
	t.Helper()
	s, org := f.s, f.org.GID
	g := &goalFixture{}
	g.year = Must(s.AddTimePeriod(TimePeriod{WorkspaceGID: org, Period: "FY", StartOn: "2026-01-01", EndOn: "2026-12-31"}))
	g.q1 = Must(s.AddTimePeriod(TimePeriod{WorkspaceGID: org, Period: "Q1", StartOn: "2026-01-01", EndOn: "2026-03-31", ParentGID: g.year.GID}))
	g.q2 = Must(s.AddTimePeriod(TimePeriod{WorkspaceGID: org, Period: "Q2", StartOn: "2026-04-01", EndOn: "2026-06-30", ParentGID: g.year.GID}))
	g.pub = Must(s.AddGoal(Goal{WorkspaceGID: org, TeamGID: f.public.GID, Name: "Ship the roadmap", OwnerGID: f.member.GID,
		TimePeriodGID: g.q1.GID, Metric: &GoalMetric{Unit: "percentage", Target: 1}}))
	g.ws = Must(s.AddGoal(Goal{WorkspaceGID: org, IsWorkspaceLevel: true, Name: "Grow", OwnerGID: f.admin.GID, TimePeriodGID: g.year.GID}))
	g.secret = Must(s.AddGoal(Goal{WorkspaceGID: org, TeamGID: f.secret.GID, Name: "Cut costs", OwnerGID: f.admin.GID}))
	g.private = Must(s.AddGoal(Goal{WorkspaceGID: org, IsWorkspaceLevel: true, Name: "Reorg", OwnerGID: f.admin.GID,
		PrivacySetting: GoalMembersOnly, FollowerGIDs: []string{f.member.GID}}))
	g.projectRel = Must(s.AddGoalRelationship(GoalRelationship{SupportedGoalGID: g.pub.GID, SupportingGID: f.pub.GID, ContributionWeight: 1}))
	g.subgoalRel = Must(s.AddGoalRelationship(GoalRelationship{SupportedGoalGID: g.ws.GID, SupportingGID: g.pub.GID, ContributionWeight: 0.5}))
	g.pubStatus = Must(s.AddStatusUpdate(StatusUpdate{ParentGID: g.pub.GID, AuthorGID: f.member.GID, Title: "W1", Text: "ok", StatusType: "at_risk"}))
	g.projectStatus = Must(s.AddStatusUpdate(StatusUpdate{ParentGID: f.pub.GID, AuthorGID: f.member.GID, Title: "W1", Text: "ok", StatusType: "on_track"}))
	g.comment = Must(s.AddStory(Story{GoalGID: g.pub.GID, CreatedByGID: f.member.GID, Text: "Nice"}))
	f.goals = g
}

func newGoalFixture(t testing.TB, opts ...Option) *workFixture {
	f := newWorkFixture(t, opts...)
	addGoalFixture(t, f)
	return f
}

func TestGoalsMatrix(t *testing.T) {
	pub := func(f *workFixture) string { return "/goals/" + f.goals.pub.GID }
	org := func(f *workFixture) string { return f.org.GID }
	runMatrixWith(t, []matrixCase{
		{"get team goal", "GET", pub, nil, matrixWant{200, 200, 200, 403, 403}},
		{"get secret team goal", "GET", func(f *workFixture) string { return "/goals/" + f.goals.secret.GID }, nil, matrixWant{200, 200, 403, 403, 403}},
		{"get members-only goal", "GET", func(f *workFixture) string { return "/goals/" + f.goals.private.GID }, nil, matrixWant{200, 200, 200, 403, 403}},
		{"list", "GET", func(f *workFixture) string { return "/goals?workspace=" + org(f) }, nil, matrixWant{200, 200, 200, 200, 403}},
		{"create", "POST", fixed("/goals"), func(f *workFixture) string {
			return `{"data":{"name":"New","workspace":"` + org(f) + `","team":"` + f.public.GID + `"}}`
		}, matrixWant{201, 201, 201, 403, 403}},
		{"update", "PUT", pub, fixed(`{"data":{"notes":"n"}}`), matrixWant{200, 200, 200, 403, 403}},
		{"delete", "DELETE", pub, nil, matrixWant{200, 200, 200, 403, 403}},
		{"set metric", "POST", func(f *workFixture) string { return pub(f) + "/setMetric" }, fixed(`{"data":{"target_number_value":2}}`), matrixWant{200, 200, 200, 403, 403}},
		{"set current value", "POST", func(f *workFixture) string { return pub(f) + "/setMetricCurrentValue" }, fixed(`{"data":{"current_number_value":0.5}}`), matrixWant{200, 200, 200, 403, 403}},
		{"add followers", "POST", func(f *workFixture) string { return pub(f) + "/addFollowers" }, func(f *workFixture) string {
			return `{"data":{"followers":["` + f.admin.GID + `"]}}`
		}, matrixWant{200, 200, 200, 403, 403}},
		{"parent goals", "GET", func(f *workFixture) string { return pub(f) + "/parentGoals" }, nil, matrixWant{200, 200, 200, 403, 403}},
		{"relationships", "GET", func(f *workFixture) string { return "/goal_relationships?supported_goal=" + f.goals.ws.GID }, nil, matrixWant{200, 200, 200, 403, 403}},
		{"relationship", "GET", func(f *workFixture) string { return "/goal_relationships/" + f.goals.projectRel.GID }, nil, matrixWant{200, 200, 200, 403, 403}},
		{"add support", "POST", func(f *workFixture) string { return pub(f) + "/addSupportingRelationship" }, func(f *workFixture) string {
			return `{"data":{"supporting_resource":"` + f.t1.GID + `"}}`
		}, matrixWant{200, 200, 200, 403, 403}},
		{"time periods", "GET", func(f *workFixture) string { return "/time_periods?workspace=" + org(f) }, nil, matrixWant{200, 200, 200, 200, 403}},
		{"time period", "GET", func(f *workFixture) string { return "/time_periods/" + f.goals.q1.GID }, nil, matrixWant{200, 200, 200, 200, 403}},
		{"status updates", "GET", func(f *workFixture) string { return "/status_updates?parent=" + f.goals.pub.GID }, nil, matrixWant{200, 200, 200, 403, 403}},
		{"status update", "GET", func(f *workFixture) string { return "/status_updates/" + f.goals.projectStatus.GID }, nil, matrixWant{200, 200, 200, 403, 403}},
		{"post status", "POST", fixed("/status_updates"), func(f *workFixture) string {
			return `{"data":{"parent":"` + f.pub.GID + `","status_type":"on_hold","text":"paused"}}`
		}, matrixWant{201, 201, 201, 403, 403}},
		{"delete status", "DELETE", func(f *workFixture) string { return "/status_updates/" + f.goals.pubStatus.GID }, nil, matrixWant{200, 200, 200, 403, 403}},
		{"project statuses", "GET", func(f *workFixture) string { return "/projects/" + f.pub.GID + "/project_statuses" }, nil, matrixWant{200, 200, 200, 403, 403}},
		{"post project status", "POST", func(f *workFixture) string { return "/projects/" + f.pub.GID + "/project_statuses" },
			fixed(`{"data":{"color":"red","text":"late"}}`), matrixWant{201, 201, 201, 403, 403}},
		{"goal stories", "GET", func(f *workFixture) string { return pub(f) + "/stories" }, nil, matrixWant{200, 200, 200, 403, 403}},
		{"comment on goal", "POST", func(f *workFixture) string { return pub(f) + "/stories" }, fixed(`{"data":{"text":"hi"}}`), matrixWant{201, 201, 201, 403, 403}},
		{"goal story", "GET", func(f *workFixture) string { return "/stories/" + f.goals.comment.GID }, nil, matrixWant{200, 200, 200, 403, 403}},
	}, addGoalFixture)
}

func TestGoalValidation(t *testing.T) {
	f := newGoalFixture(t)
	g := f.goals
	org := f.org.GID
	pub := "/goals/" + g.pub.GID
	tests := []struct {
		name, method, path, body string
		status                   int
		msg                      string
	}{
		{"list needs scope", "GET", "/goals", "", 400, "workspace: Missing input"},
		{"level needs workspace", "GET", "/goals?team=" + f.public.GID + "&is_workspace_level=true", "", 400, "is_workspace_level: Must be used with the workspace parameter"},
		{"bad level", "GET", "/goals?workspace=" + org + "&is_workspace_level=perhaps", "", 400, "is_workspace_level: Not a boolean: perhaps"},
		{"unknown period filter", "GET", "/goals?workspace=" + org + "&time_periods=42", "", 404, "time_periods: Unknown object: 42"},
		{"unknown supporting project", "GET", "/goals?project=42", "", 404, "project: Unknown object: 42"},
		{"portfolio not modelled", "GET", "/goals?portfolio=42", "", 404, "portfolio: Unknown object: 42"},
		{"no name", "POST", "/goals", `{"data":{"workspace":"` + org + `","is_workspace_level":true}}`, 400, "name: Missing input"},
		{"no workspace", "POST", "/goals", `{"data":{"name":"x"}}`, 400, "workspace: Missing input"},
		{"needs team or level", "POST", "/goals", `{"data":{"name":"x","workspace":"` + org + `"}}`, 400, "team: A goal that is not workspace-level needs a team"},
		{"foreign period", "POST", "/goals", `{"data":{"name":"x","workspace":"` + org + `","is_workspace_level":true,"time_period":"42"}}`, 404, "time_period: Unknown object: 42"},
		{"bad date", "PUT", pub, `{"data":{"due_on":"soon"}}`, 400, "due_on: Not a valid date (YYYY-MM-DD): soon"},
		{"start after due", "PUT", pub, `{"data":{"due_on":"2026-01-01","start_on":"2026-02-01"}}`, 400, "start_on: Must not be after due_on"},
		{"bad status", "PUT", pub, `{"data":{"status":"blue"}}`, 400, `status: Not a valid enum value: "blue"`},
		{"status needs metric", "PUT", "/goals/" + g.ws.GID, `{"data":{"status":"green"}}`, 400, "status: You can only set the status of a goal with a metric"},
		{"move workspace", "PUT", pub, `{"data":{"workspace":"` + f.other.GID + `"}}`, 400, "workspace: A goal cannot move to another workspace"},
		{"bad unit", "POST", pub + "/setMetric", `{"data":{"unit":"kg"}}`, 400, `unit: Not a valid enum value: "kg"`},
		{"currency code", "POST", pub + "/setMetric", `{"data":{"unit":"currency"}}`, 400, "currency_code: A currency metric needs a three-letter ISO 4217 code"},
		{"precision", "POST", pub + "/setMetric", `{"data":{"precision":7}}`, 400, "precision: Must be an integer between 0 and 6"},
		{"not a number", "POST", pub + "/setMetric", `{"data":{"target_number_value":"ten"}}`, 400, `target_number_value: Not a number: "ten"`},
		{"no metric", "POST", "/goals/" + g.ws.GID + "/setMetricCurrentValue", `{"data":{"current_number_value":1}}`, 400, "goal: The goal has no metric: set one with setMetric first"},
		{"no value", "POST", pub + "/setMetricCurrentValue", `{"data":{}}`, 400, "current_number_value: Missing input"},
		{"no followers", "POST", pub + "/addFollowers", `{"data":{}}`, 400, "followers: Missing input"},
		{"outsider follower", "POST", pub + "/addFollowers", `{"data":{"followers":["` + f.outsider.GID + `"]}}`, 400, "followers: Not a member of the workspace: " + f.outsider.GID},
		{"bad gid", "GET", "/goals/x1", "", 400, "goal: Not a Long: x1"},
		{"unknown", "GET", "/goals/42", "", 404, "goal: Unknown object: 42"},
		{"no supporting", "POST", pub + "/addSupportingRelationship", `{"data":{}}`, 400, "supporting_resource: Missing input"},
		{"self support", "POST", pub + "/addSupportingRelationship", `{"data":{"supporting_resource":"` + g.pub.GID + `"}}`, 400, "supporting_resource: A goal cannot support itself or a goal that supports it"},
		{"cycle", "POST", pub + "/addSupportingRelationship", `{"data":{"supporting_resource":"` + g.ws.GID + `"}}`, 400, "supporting_resource: A goal cannot support itself or a goal that supports it"},
		{"twice", "POST", pub + "/addSupportingRelationship", `{"data":{"supporting_resource":"` + f.pub.GID + `"}}`, 400, "supporting_resource: Already supports this goal: " + f.pub.GID},
		{"weight", "POST", pub + "/addSupportingRelationship", `{"data":{"supporting_resource":"` + f.t1.GID + `","contribution_weight":2}}`, 400, "contribution_weight: Must be between 0 and 1"},
		{"insert before stranger", "POST", pub + "/addSupportingRelationship", `{"data":{"supporting_resource":"` + f.t1.GID + `","insert_before":"` + f.t2.GID + `"}}`, 400, "insert_before: Not a supporting resource of the goal: " + f.t2.GID},
		{"portfolio support", "POST", pub + "/addSupportingRelationship", `{"data":{"supporting_resource":"42"}}`, 404, "supporting_resource: Unknown object: 42"},
		{"remove stranger", "POST", pub + "/removeSupportingRelationship", `{"data":{"supporting_resource":"` + f.t1.GID + `"}}`, 404, "supporting_resource: Unknown object: " + f.t1.GID},
		{"relationships need goal", "GET", "/goal_relationships", "", 400, "supported_goal: Missing input"},
		{"bad subtype", "GET", "/goal_relationships?supported_goal=" + g.pub.GID + "&resource_subtype=x", "", 400, `resource_subtype: Not a valid enum value: "x"`},
		{"update weight", "PUT", "/goal_relationships/" + g.projectRel.GID, `{"data":{"contribution_weight":-1}}`, 400, "contribution_weight: Must be between 0 and 1"},
		{"periods need workspace", "GET", "/time_periods", "", 400, "workspace: Missing input"},
		{"bad period date", "GET", "/time_periods?workspace=" + org + "&start_on=May", "", 400, "start_on: Not a valid date (YYYY-MM-DD): May"},
		{"statuses need parent", "GET", "/status_updates", "", 400, "parent: Missing input"},
		{"status of a task", "GET", "/status_updates?parent=" + f.t1.GID, "", 404, "parent: Unknown object: " + f.t1.GID},
		{"bad since", "GET", "/status_updates?parent=" + g.pub.GID + "&created_since=yesterday", "", 400, "created_since: Not a valid ISO 8601 date-time: yesterday"},
		{"no status type", "POST", "/status_updates", `{"data":{"parent":"` + g.pub.GID + `","text":"x"}}`, 400, "status_type: Missing input"},
		{"goal type on project", "POST", "/status_updates", `{"data":{"parent":"` + f.pub.GID + `","text":"x","status_type":"achieved"}}`, 400, `status_type: Not a valid enum value for a project: "achieved"`},
		{"project type on goal", "POST", "/status_updates", `{"data":{"parent":"` + g.pub.GID + `","text":"x","status_type":"on_hold"}}`, 400, `status_type: Not a valid enum value for a goal: "on_hold"`},
		{"no text", "POST", "/status_updates", `{"data":{"parent":"` + g.pub.GID + `","status_type":"on_track"}}`, 400, "text: Missing input"},
		{"bad color", "POST", "/projects/" + f.pub.GID + "/project_statuses", `{"data":{"color":"mauve","text":"x"}}`, 400, `color: Not a valid enum value: "mauve"`},
		{"goal status as project status", "GET", "/project_statuses/" + g.pubStatus.GID, "", 404, "project_status: Unknown object: " + g.pubStatus.GID},
		{"empty comment", "POST", pub + "/stories", `{"data":{"text":"  "}}`, 400, "text: Cannot be empty"},
		{"custom field", "POST", pub + "/addCustomFieldSetting", `{"data":{"custom_field":"77"}}`, 404, "custom_field: Unknown object: 77"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, doc := call(t, f.s, f.adminTok, tt.method, tt.path, tt.body)
			if code != tt.status || errMessage(doc) != tt.msg {
				t.Errorf("got %d %q, want %d %q", code, errMessage(doc), tt.status, tt.msg)
			}
		})
	}
}

// TestGoalLifecycle creates a goal over the API, gives it a metric,
// followers and support, and deletes it.
func TestGoalLifecycle(t *testing.T) {
	f := newGoalFixture(t)
	s, tok := f.s, f.memberTok
	body := fmt.Sprintf(`{"data":{"name":"Launch","workspace":"%s","team":"%s","time_period":"%s","due_on":"2026-03-31","html_notes":"<body>big &amp; bold</body>"}}`,
		f.org.GID, f.public.GID, f.goals.q1.GID)
	g := data(t, must(t, s, tok, "POST", "/goals", body, 201))
	gid := g["gid"].(string)
	if g["owner"].(map[string]any)["gid"] != f.member.GID || g["notes"] != "big & bold" || g["status"] != nil ||
		g["time_period"].(map[string]any)["gid"] != f.goals.q1.GID || g["metric"] != nil || g["current_status_update"] != nil {
		t.Errorf("new goal: %v", g)
	}
	if fl := g["followers"].([]any); len(fl) != 1 || fl[0].(map[string]any)["gid"] != f.member.GID {
		t.Errorf("followers of a new goal: %v", fl)
	}

	g = data(t, must(t, s, tok, "POST", "/goals/"+gid+"/setMetric",
		`{"data":{"unit":"percentage","precision":1,"initial_number_value":0,"target_number_value":1}}`, 200))
	m := g["metric"].(map[string]any)
	if m["current_number_value"] != 0.0 || m["current_display_value"] != "0.0%" || m["progress_source"] != "manual" || m["resource_subtype"] != "number" {
		t.Errorf("metric: %v", m)
	}
	g = data(t, must(t, s, tok, "POST", "/goals/"+gid+"/setMetricCurrentValue", `{"data":{"current_number_value":0.125}}`, 200))
	if m := g["metric"].(map[string]any); m["current_display_value"] != "12.5%" || m["target_number_value"] != 1.0 {
		t.Errorf("metric after setMetricCurrentValue: %v", m)
	}
	// setMetric replaces the metric (Asana's docs): what the new one does
	// not say takes its default, not the old metric's value.
	g = data(t, must(t, s, tok, "POST", "/goals/"+gid+"/setMetric", `{"data":{"unit":"percentage","target_number_value":5}}`, 200))
	if m := g["metric"].(map[string]any); m["precision"] != 0.0 || m["current_number_value"] != 0.0 || m["target_number_value"] != 5.0 || m["current_display_value"] != "0%" {
		t.Errorf("metric after a second setMetric: %v", m)
	}
	g = data(t, must(t, s, tok, "PUT", "/goals/"+gid, `{"data":{"status":"yellow","liked":true}}`, 200))
	if g["status"] != "yellow" || g["liked"] != true || g["num_likes"] != 1.0 {
		t.Errorf("after update: %v", g)
	}
	if g := data(t, must(t, s, f.adminTok, "GET", "/goals/"+gid+"?opt_fields=liked,metric.unit", "", 200)); g["liked"] != false ||
		g["metric"].(map[string]any)["unit"] != "percentage" {
		t.Errorf("liked is per caller, metric projects: %v", g)
	}

	must(t, s, tok, "POST", "/goals/"+gid+"/addFollowers", `{"data":{"followers":["`+f.admin.GID+`"]}}`, 200)
	g = data(t, must(t, s, tok, "POST", "/goals/"+gid+"/removeFollowers", `{"data":{"followers":["`+f.member.GID+`"]}}`, 200))
	if fl := g["followers"].([]any); len(fl) != 1 || fl[0].(map[string]any)["gid"] != f.admin.GID {
		t.Errorf("followers: %v", fl)
	}

	// Support: t1, then t2 before it, then goal pub as a subgoal.
	add := func(res, extra string) map[string]any {
		return data(t, must(t, s, tok, "POST", "/goals/"+gid+"/addSupportingRelationship",
			`{"data":{"supporting_resource":"`+res+`"`+extra+`}}`, 200))
	}
	r1 := add(f.t1.GID, `,"contribution_weight":0.5`)
	if r1["resource_subtype"] != "supporting_work" || r1["supported_goal"].(map[string]any)["gid"] != gid ||
		r1["supporting_resource"].(map[string]any)["resource_type"] != "task" || r1["contribution_weight"] != 0.5 {
		t.Errorf("relationship: %v", r1)
	}
	r2 := add(f.t2.GID, `,"insert_before":"`+f.t1.GID+`"`)
	r3 := add(f.goals.pub.GID, "")
	rels := "/goal_relationships?supported_goal=" + gid
	if got, want := gids(t, must(t, s, tok, "GET", rels, "", 200)), []string{r2["gid"].(string), r1["gid"].(string), r3["gid"].(string)}; !slices.Equal(got, want) {
		t.Errorf("relationships %v, want %v", got, want)
	}
	if got := gids(t, must(t, s, tok, "GET", rels+"&resource_subtype=subgoal", "", 200)); !slices.Equal(got, []string{r3["gid"].(string)}) {
		t.Errorf("subgoals: %v", got)
	}
	if got := gids(t, must(t, s, tok, "GET", "/goals/"+f.goals.pub.GID+"/parentGoals", "", 200)); !slices.Equal(got, []string{f.goals.ws.GID, gid}) {
		t.Errorf("parent goals of pub: %v", got)
	}
	if got := gids(t, must(t, s, tok, "GET", "/goals?task="+f.t1.GID, "", 200)); !slices.Equal(got, []string{gid}) {
		t.Errorf("goals supported by t1: %v", got)
	}
	r := data(t, must(t, s, tok, "PUT", "/goal_relationships/"+r1["gid"].(string), `{"data":{"contribution_weight":0.25}}`, 200))
	if r["contribution_weight"] != 0.25 {
		t.Errorf("updated weight: %v", r)
	}
	must(t, s, tok, "POST", "/goals/"+gid+"/removeSupportingRelationship", `{"data":{"supporting_resource":"`+f.t2.GID+`"}}`, 200)
	must(t, s, tok, "GET", "/goal_relationships/"+r2["gid"].(string), "", 404)
	// A deleted task no longer shows among the relationships.
	must(t, s, tok, "DELETE", "/tasks/"+f.t1.GID, "", 200)
	if got := gids(t, must(t, s, tok, "GET", rels, "", 200)); !slices.Equal(got, []string{r3["gid"].(string)}) {
		t.Errorf("relationships after the task's deletion: %v", got)
	}

	must(t, s, tok, "DELETE", "/goals/"+gid, "", 200)
	must(t, s, tok, "GET", "/goals/"+gid, "", 404)
	must(t, s, tok, "GET", "/goal_relationships/"+r3["gid"].(string), "", 404)
	if got := gids(t, must(t, s, tok, "GET", "/goals/"+f.goals.pub.GID+"/parentGoals", "", 200)); !slices.Equal(got, []string{f.goals.ws.GID}) {
		t.Errorf("parent goals after the parent's deletion: %v", got)
	}
}

// TestGoalLists checks filters, visibility in lists and pagination.
func TestGoalLists(t *testing.T) {
	f := newGoalFixture(t)
	g := f.goals
	org := f.org.GID
	tests := []struct {
		name, tok, path string
		want            []string
	}{
		{"sa sees all", f.saTok, "/goals?workspace=" + org, []string{g.pub.GID, g.ws.GID, g.secret.GID, g.private.GID}},
		{"member", f.memberTok, "/goals?workspace=" + org, []string{g.pub.GID, g.ws.GID, g.private.GID}},
		{"guest sees none", f.guestTok, "/goals?workspace=" + org, []string{}},
		{"workspace level", f.saTok, "/goals?workspace=" + org + "&is_workspace_level=true", []string{g.ws.GID, g.private.GID}},
		{"team", f.saTok, "/goals?team=" + f.public.GID, []string{g.pub.GID}},
		{"time periods", f.saTok, "/goals?workspace=" + org + "&time_periods=" + g.q1.GID + "," + g.year.GID, []string{g.pub.GID, g.ws.GID}},
		{"by project", f.memberTok, "/goals?project=" + f.pub.GID, []string{g.pub.GID}},
		{"project and workspace", f.memberTok, "/goals?project=" + f.pub.GID + "&workspace=" + f.org.GID + "&is_workspace_level=true", []string{}},
		{"time periods list", f.memberTok, "/time_periods?workspace=" + org, []string{g.year.GID, g.q1.GID, g.q2.GID}},
		{"periods from april", f.memberTok, "/time_periods?workspace=" + org + "&start_on=2026-04-01", []string{g.q2.GID}},
		{"periods to march", f.memberTok, "/time_periods?workspace=" + org + "&end_on=2026-03-31", []string{g.q1.GID}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := gids(t, must(t, f.s, tt.tok, "GET", tt.path, "", 200)); !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
			if got := listAll(t, f.s, tt.tok, tt.path, 1, nil); !slices.Equal(got, tt.want) && len(tt.want) > 0 {
				t.Errorf("paged: got %v, want %v", got, tt.want)
			}
		})
	}
	p := data(t, must(t, f.s, f.memberTok, "GET", "/time_periods/"+g.q1.GID, "", 200))
	if p["display_name"] != "Q1 2026" || p["period"] != "Q1" || p["parent"].(map[string]any)["gid"] != g.year.GID {
		t.Errorf("time period: %v", p)
	}
	compact := must(t, f.s, f.memberTok, "GET", "/goals?team="+f.public.GID, "", 200)["data"].([]any)[0].(map[string]any)
	if len(compact) != 4 || compact["owner"].(map[string]any)["gid"] != f.member.GID {
		t.Errorf("compact goal: %v", compact)
	}
	d := data(t, must(t, f.s, f.memberTok, "GET", "/goals/"+g.pub.GID+"?opt_fields=time_period.display_name,metric.current_display_value,team.name", "", 200))
	if d["time_period"].(map[string]any)["display_name"] != "Q1 2026" || d["metric"].(map[string]any)["current_display_value"] != "0%" ||
		d["team"].(map[string]any)["name"] != "Public" {
		t.Errorf("opt_fields: %v", d)
	}
}

// TestStatusUpdates checks that status updates and the deprecated project
// statuses are one record, and that the parents' current status follows
// the latest.
func TestStatusUpdates(t *testing.T) {
	f := newGoalFixture(t)
	s, tok, g := f.s, f.memberTok, f.goals
	proj := "/projects/" + f.pub.GID
	cur := func(path, field string) any {
		return data(t, must(t, s, tok, "GET", path+"?opt_fields="+field, "", 200))[field]
	}
	if c := cur(proj, "current_status").(map[string]any); c["color"] != "green" || c["gid"] != g.projectStatus.GID || c["author"] == nil {
		t.Errorf("current_status: %v", c)
	}
	if c := cur("/goals/"+g.pub.GID, "current_status_update").(map[string]any); c["gid"] != g.pubStatus.GID ||
		c["resource_subtype"] != "goal_status_update" {
		t.Errorf("goal's current_status_update: %v", c)
	}
	if st := cur("/goals/"+g.pub.GID, "status"); st != "yellow" {
		t.Errorf("goal status from its at_risk update: %v", st)
	}

	s.Clock().Advance(time.Minute)
	old := data(t, must(t, s, tok, "POST", proj+"/project_statuses", `{"data":{"color":"blue","title":"Paused","html_text":"<body>on <b>hold</b></body>"}}`, 201))
	if old["color"] != "blue" || old["text"] != "on hold" || old["resource_type"] != "project_status" {
		t.Errorf("project status: %v", old)
	}
	su := data(t, must(t, s, tok, "GET", "/status_updates/"+old["gid"].(string), "", 200))
	if su["status_type"] != "on_hold" || su["resource_subtype"] != "project_status_update" || su["parent"].(map[string]any)["gid"] != f.pub.GID {
		t.Errorf("the project status as a status update: %v", su)
	}
	if c := cur(proj, "current_status_update").(map[string]any); c["gid"] != old["gid"] {
		t.Errorf("current_status_update after a project status: %v", c)
	}
	s.Clock().Advance(30 * time.Second)
	since := s.Clock().Now().Format(time.RFC3339)
	s.Clock().Advance(30 * time.Second)
	n := data(t, must(t, s, tok, "POST", "/status_updates", `{"data":{"parent":"`+f.pub.GID+`","status_type":"complete","title":"Done","text":"shipped"}}`, 201))
	if c := cur(proj, "current_status").(map[string]any); c["color"] != "complete" || c["gid"] != n["gid"] {
		t.Errorf("current_status after a status update: %v", c)
	}
	all := []string{g.projectStatus.GID, old["gid"].(string), n["gid"].(string)}
	if got := gids(t, must(t, s, tok, "GET", proj+"/project_statuses", "", 200)); !slices.Equal(got, all) {
		t.Errorf("project statuses %v, want %v", got, all)
	}
	if got := listAll(t, s, tok, "/status_updates?parent="+f.pub.GID, 2, nil); !slices.Equal(got, all) {
		t.Errorf("status updates %v, want %v", got, all)
	}
	if got := gids(t, must(t, s, tok, "GET", "/status_updates?parent="+f.pub.GID+"&created_since="+since, "", 200)); !slices.Equal(got, all[2:]) {
		t.Errorf("created since %s: %v", since, got)
	}
	must(t, s, tok, "DELETE", "/project_statuses/"+n["gid"].(string), "", 200)
	must(t, s, tok, "GET", "/status_updates/"+n["gid"].(string), "", 404)
	if c := cur(proj, "current_status").(map[string]any); c["gid"] != old["gid"] {
		t.Errorf("current_status after a deletion: %v", c)
	}

	// A goal's status follows its updates; deleting the goal removes them.
	must(t, s, tok, "POST", "/status_updates", `{"data":{"parent":"`+g.pub.GID+`","status_type":"achieved","text":"done"}}`, 201)
	if st := cur("/goals/"+g.pub.GID, "status"); st != "achieved" {
		t.Errorf("goal status after achieved: %v", st)
	}
	must(t, s, tok, "DELETE", "/goals/"+g.pub.GID, "", 200)
	must(t, s, tok, "GET", "/status_updates/"+g.pubStatus.GID, "", 404)
}

// TestGoalStories checks comments on goals through the goal and story
// routes.
func TestGoalStories(t *testing.T) {
	f := newGoalFixture(t)
	s, g := f.s, f.goals
	st := data(t, must(t, s, f.adminTok, "POST", "/goals/"+g.pub.GID+"/stories", `{"data":{"text":"Go team","is_pinned":true}}`, 201))
	if tg := st["target"].(map[string]any); tg["gid"] != g.pub.GID || tg["resource_type"] != "goal" || st["is_pinned"] != true {
		t.Errorf("goal comment: %v", st)
	}
	sg := st["gid"].(string)
	if got := gids(t, must(t, s, f.memberTok, "GET", "/goals/"+g.pub.GID+"/stories", "", 200)); !slices.Equal(got, []string{g.comment.GID, sg}) {
		t.Errorf("goal stories: %v", got)
	}
	must(t, s, f.memberTok, "PUT", "/stories/"+sg, `{"data":{"text":"mine?"}}`, 403)
	if d := data(t, must(t, s, f.adminTok, "PUT", "/stories/"+sg, `{"data":{"text":"Go, team"}}`, 200)); d["text"] != "Go, team" {
		t.Errorf("edited: %v", d)
	}
	must(t, s, f.adminTok, "DELETE", "/stories/"+sg, "", 200)
	if got := gids(t, must(t, s, f.memberTok, "GET", "/goals/"+g.pub.GID+"/stories", "", 200)); !slices.Equal(got, []string{g.comment.GID}) {
		t.Errorf("goal stories after a deletion: %v", got)
	}
}

// TestGoalSeeding checks the seeding methods' validation.
func TestGoalSeeding(t *testing.T) {
	f := newGoalFixture(t)
	s, org := f.s, f.org.GID
	errs := []struct {
		name string
		err  error
	}{
		{"period kind", second(s.AddTimePeriod(TimePeriod{WorkspaceGID: org, Period: "Q5", StartOn: "2026-01-01", EndOn: "2026-02-01"}))},
		{"period dates", second(s.AddTimePeriod(TimePeriod{WorkspaceGID: org, Period: "Q1", StartOn: "2026-03-01", EndOn: "2026-02-01"}))},
		{"period parent", second(s.AddTimePeriod(TimePeriod{WorkspaceGID: org, Period: "Q3", StartOn: "2027-01-01", EndOn: "2027-03-31", ParentGID: f.goals.year.GID}))},
		{"goal without team", second(s.AddGoal(Goal{WorkspaceGID: org, Name: "x"}))},
		{"goal privacy", second(s.AddGoal(Goal{WorkspaceGID: org, IsWorkspaceLevel: true, Name: "x", PrivacySetting: "secret"}))},
		{"goal metric", second(s.AddGoal(Goal{WorkspaceGID: org, IsWorkspaceLevel: true, Name: "x", Metric: &GoalMetric{Unit: "kg"}}))},
		{"goal cycle", second(s.AddGoalRelationship(GoalRelationship{SupportedGoalGID: f.goals.pub.GID, SupportingGID: f.goals.ws.GID}))},
		{"relationship twice", second(s.AddGoalRelationship(GoalRelationship{SupportedGoalGID: f.goals.pub.GID, SupportingGID: f.pub.GID}))},
		{"status type", second(s.AddStatusUpdate(StatusUpdate{ParentGID: f.pub.GID, AuthorGID: f.admin.GID, StatusType: "achieved"}))},
		{"status order", second(s.AddStatusUpdate(StatusUpdate{ParentGID: f.pub.GID, AuthorGID: f.admin.GID, StatusType: "on_track", CreatedAt: DefaultStart.Add(-time.Hour)}))},
		{"goal story subtype", second(s.AddGoalStory(Story{GoalGID: f.goals.pub.GID, ResourceSubtype: "assigned"}))},
	}
	for _, e := range errs {
		if e.err == nil {
			t.Errorf("%s: no error", e.name)
		}
	}
	got, ok := s.Goal(f.goals.pub.GID)
	if !ok || got.Metric == nil || got.Metric.Unit != "percentage" || got.Status != "yellow" {
		t.Errorf("Goal: %+v %v", got, ok)
	}
	got.Metric.Target = 99 // a copy: the fake's goal keeps its metric
	if again, _ := s.Goal(f.goals.pub.GID); again.Metric.Target != 1 {
		t.Errorf("Goal aliases the fake's metric: %v", again.Metric.Target)
	}
}

func second[T any](_ T, err error) error { return err }

// TestDeletedProjectLeavesGoals checks that deleting a project drops its
// status updates and its support of goals, and keeps the goals.
func TestDeletedProjectLeavesGoals(t *testing.T) {
	f := newGoalFixture(t)
	s, tok, g := f.s, f.memberTok, f.goals
	must(t, s, tok, "DELETE", "/projects/"+f.pub.GID, "", 200)
	must(t, s, tok, "GET", "/status_updates/"+g.projectStatus.GID, "", 404)
	must(t, s, tok, "GET", "/goal_relationships/"+g.projectRel.GID, "", 404)
	if got := gids(t, must(t, s, tok, "GET", "/goal_relationships?supported_goal="+g.pub.GID, "", 200)); len(got) != 0 {
		t.Errorf("relationships of a goal whose project is gone: %v", got)
	}
	must(t, s, tok, "GET", "/goals/"+g.pub.GID, "", 200)
	must(t, s, tok, "GET", "/goals?project="+f.pub.GID, "", 404)
}

// TestGoalRelationshipHidesPrivateSupport checks that a relationship
// whose supporting project the caller cannot see shows neither in lists
// nor by GID.
func TestGoalRelationshipHidesPrivateSupport(t *testing.T) {
	f := newGoalFixture(t)
	s, g := f.s, f.goals
	rel := Must(s.AddGoalRelationship(GoalRelationship{SupportedGoalGID: g.pub.GID, SupportingGID: f.priv.GID}))
	list := "/goal_relationships?supported_goal=" + g.pub.GID
	for _, tt := range []struct {
		who    string
		status int
		listed []string
	}{
		{f.adminTok, 200, []string{g.projectRel.GID, rel.GID}},
		{f.memberTok, 403, []string{g.projectRel.GID}},
	} {
		if got := gids(t, must(t, s, tt.who, "GET", list, "", 200)); !slices.Equal(got, tt.listed) {
			t.Errorf("listed %v, want %v", got, tt.listed)
		}
		must(t, s, tt.who, "GET", "/goal_relationships/"+rel.GID, "", tt.status)
		must(t, s, tt.who, "PUT", "/goal_relationships/"+rel.GID, `{"data":{"contribution_weight":0.1}}`, tt.status)
	}
}
