package asanatest

import (
	"net/http"
	"slices"
	"strings"
	"testing"
)

// partBFixture is the fixture plus a private project only the admin
// belongs to, and a public one with a task and a comment.
type partBFixture struct {
	*fixture
	private, open Project
	task          Task
	story         Story
}

func newPartBFixture(t *testing.T) *partBFixture {
	t.Helper()
	f := &partBFixture{fixture: newFixture(t)}
	s := f.s
	f.private = Must(s.AddProject(Project{WorkspaceGID: f.org.GID, TeamGID: f.secret.GID, Name: "Secret plans",
		PrivacySetting: PrivacyPrivate, OwnerGID: f.admin.GID, MemberGIDs: []string{f.admin.GID}}))
	f.open = Must(s.AddProject(Project{WorkspaceGID: f.org.GID, TeamGID: f.public.GID, Name: "Open", MemberGIDs: []string{f.member.GID}}))
	f.task = Must(s.AddTask(Task{Name: "Ticket", Memberships: []TaskMembership{{ProjectGID: f.open.GID}}, CreatedByGID: f.member.GID}))
	f.story = Must(s.AddStory(Story{TaskGID: f.task.GID, CreatedByGID: f.member.GID, Text: "Ship it"}))
	return f
}

// apiCase is one request and the status it must answer.
type apiCase struct {
	name, tok, method, path, body string
	want                          int
	// check, when set, looks at the answer of a successful call.
	check func(t *testing.T, doc map[string]any)
}

func runCases(t *testing.T, s *Server, cases []apiCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc := must(t, s, c.tok, c.method, c.path, c.body, c.want)
			if c.check != nil {
				c.check(t, doc)
			}
		})
	}
}

func TestRoles(t *testing.T) {
	f := newPartBFixture(t)
	std := Must(f.s.AddRole(Role{WorkspaceGID: f.org.GID, Name: "Admin", BaseRoleType: "admin", IsStandardRole: true}))
	old := Must(f.s.AddRole(Role{WorkspaceGID: f.org.GID, Name: "Old", BaseRoleType: "member", Archived: true}))
	ws := "/roles?workspace=" + f.org.GID
	var created string
	runCases(t, f.s, []apiCase{
		{name: "member lists", tok: f.memberTok, method: "GET", path: ws, want: 200, check: func(t *testing.T, doc map[string]any) {
			if g := gids(t, doc); !slices.Equal(g, []string{std.GID}) {
				t.Errorf("roles %v, want the standard one", g)
			}
		}},
		{name: "archived", tok: f.memberTok, method: "GET", path: ws + "&archived=true", want: 200, check: func(t *testing.T, doc map[string]any) {
			if g := gids(t, doc); !slices.Equal(g, []string{old.GID}) {
				t.Errorf("archived roles %v", g)
			}
		}},
		{name: "outsider", tok: f.outsiderTok, method: "GET", path: "/roles/" + std.GID, want: 403},
		{name: "member creates", tok: f.memberTok, method: "POST", path: "/roles",
			body: `{"data":{"workspace":"` + f.org.GID + `","name":"X","description":"d","base_role_type":"guest"}}`, want: 403},
		{name: "unknown permission", tok: f.adminTok, method: "POST", path: "/roles",
			body: `{"data":{"workspace":"` + f.org.GID + `","name":"X","description":"d","base_role_type":"guest","permissions":{"fly":true}}}`, want: 400},
		{name: "bad base", tok: f.adminTok, method: "POST", path: "/roles",
			body: `{"data":{"workspace":"` + f.org.GID + `","name":"X","description":"d","base_role_type":"owner"}}`, want: 400},
		{name: "missing description", tok: f.adminTok, method: "POST", path: "/roles",
			body: `{"data":{"workspace":"` + f.org.GID + `","name":"X","base_role_type":"guest"}}`, want: 400},
		{name: "admin creates", tok: f.adminTok, method: "POST", path: "/roles?opt_fields=permissions,base_role_type",
			body: `{"data":{"workspace":"` + f.org.GID + `","name":"Contractor","description":"d","base_role_type":"guest","permissions":{"create_project":true}}}`,
			want: 201, check: func(t *testing.T, doc map[string]any) {
				d := data(t, doc)
				created = d["gid"].(string)
				p := d["permissions"].(map[string]any)
				if p["create_project"] != true || p["create_team"] != false || p["task_deletion_policy"] != "owned" || len(p) != len(rolePermissionNames) {
					t.Errorf("permissions %v", p)
				}
			}},
		{name: "standard update", tok: f.adminTok, method: "PUT", path: "/roles/" + std.GID, body: `{"data":{"name":"Boss"}}`, want: 403},
		{name: "standard delete", tok: f.saTok, method: "DELETE", path: "/roles/" + std.GID, want: 403},
	})
	must(t, f.s, f.saTok, "PUT", "/roles/"+created, `{"data":{"name":"Vendor","permissions":{"task_deletion_policy":"none"}}}`, 200)
	if r, _ := f.s.Role(created); r.Name != "Vendor" || r.permission("task_deletion_policy") != "none" || r.permission("create_project") != true {
		t.Errorf("after update: %+v", r)
	}
	must(t, f.s, f.adminTok, "DELETE", "/roles/"+created, "", 200)
	must(t, f.s, f.adminTok, "GET", "/roles/"+created, "", 404)
}

func TestAccessRequests(t *testing.T) {
	f := newPartBFixture(t)
	s := f.s
	target := `{"data":{"target":"` + f.private.GID + `","message":"Let me help"}}`
	must(t, s, f.memberTok, "GET", "/projects/"+f.private.GID, "", 403)
	req := data(t, must(t, s, f.memberTok, "POST", "/access_requests", target, 201))
	if req["approval_status"] != "pending" || req["message"] != "Let me help" || req["target"].(map[string]any)["resource_type"] != "project" {
		t.Fatalf("created %v", req)
	}
	gid := req["gid"].(string)
	list := "/access_requests?target=" + f.private.GID
	runCases(t, s, []apiCase{
		{name: "twice", tok: f.memberTok, method: "POST", path: "/access_requests", body: target, want: 400},
		{name: "already a member", tok: f.adminTok, method: "POST", path: "/access_requests", body: target, want: 400},
		{name: "not a project", tok: f.memberTok, method: "POST", path: "/access_requests", body: `{"data":{"target":"` + f.task.GID + `"}}`, want: 404},
		{name: "outsider", tok: f.outsiderTok, method: "POST", path: "/access_requests", body: target, want: 403},
		{name: "requester lists own", tok: f.memberTok, method: "GET", path: list, want: 200, check: func(t *testing.T, doc map[string]any) {
			if g := gids(t, doc); !slices.Equal(g, []string{gid}) {
				t.Errorf("own requests %v", g)
			}
		}},
		{name: "stranger lists", tok: f.guestTok, method: "GET", path: list, want: 403},
		{name: "admin lists by user", tok: f.adminTok, method: "GET", path: list + "&user=" + f.guest.GID, want: 200, check: func(t *testing.T, doc map[string]any) {
			if g := gids(t, doc); len(g) != 0 {
				t.Errorf("guest's requests %v", g)
			}
		}},
		{name: "requester approves", tok: f.memberTok, method: "POST", path: "/access_requests/" + gid + "/approve", want: 403},
		{name: "admin approves", tok: f.adminTok, method: "POST", path: "/access_requests/" + gid + "/approve", want: 200},
		{name: "approved again", tok: f.adminTok, method: "POST", path: "/access_requests/" + gid + "/reject", want: 400},
		{name: "member sees the project", tok: f.memberTok, method: "GET", path: "/projects/" + f.private.GID, want: 200},
		{name: "no longer pending", tok: f.adminTok, method: "GET", path: list, want: 200, check: func(t *testing.T, doc map[string]any) {
			if g := gids(t, doc); len(g) != 0 {
				t.Errorf("pending after approval: %v", g)
			}
		}},
	})
	if r, _ := s.AccessRequest(gid); r.Status != AccessRequestApproved || r.MembershipGID == "" {
		t.Errorf("approved request %+v", r)
	}
	if lvl := memberships(s.st).level(f.private.GID, f.member.GID); lvl != AccessEditor {
		t.Errorf("member's level %q, want editor", lvl)
	}
	// A rejection grants nothing.
	pf := Must(s.AddPortfolio(Portfolio{WorkspaceGID: f.org.GID, Name: "Private bets", OwnerGID: f.admin.GID, DefaultAccessLevel: AccessViewer}))
	r := Must(s.AddAccessRequest(AccessRequest{TargetGID: pf.GID, RequesterGID: f.member.GID}))
	must(t, s, f.saTok, "POST", "/access_requests/"+r.GID+"/reject", "", 200)
	if got, _ := s.AccessRequest(r.GID); got.Status != AccessRequestDenied || memberships(s.st).level(pf.GID, f.member.GID) != "" {
		t.Errorf("rejected %+v, level %q", got, memberships(s.st).level(pf.GID, f.member.GID))
	}
	r = Must(s.AddAccessRequest(AccessRequest{TargetGID: pf.GID, RequesterGID: f.member.GID}))
	must(t, s, f.adminTok, "POST", "/access_requests/"+r.GID+"/approve", "", 200)
	if lvl := memberships(s.st).level(pf.GID, f.member.GID); lvl != AccessViewer {
		t.Errorf("portfolio level %q, want the default viewer", lvl)
	}
}

func TestOOOEntries(t *testing.T) {
	f := newPartBFixture(t)
	s := f.s
	body := func(user, start, end string) string {
		return `{"data":{"user":"` + user + `","workspace":"` + f.org.GID + `","start_date":"` + start + `","end_date":"` + end + `"}}`
	}
	own := data(t, must(t, s, f.memberTok, "POST", "/ooo_entries", body("me", "2025-03-03", "2025-03-07"), 201))
	if own["user"].(map[string]any)["gid"] != f.member.GID || own["created_by"].(map[string]any)["gid"] != f.member.GID {
		t.Fatalf("created %v", own)
	}
	Must(s.AddOOOEntry(OOOEntry{WorkspaceGID: f.org.GID, UserGID: f.member.GID, StartDate: "2025-06-01", EndDate: "2025-06-30"}))
	list := "/ooo_entries?workspace=" + f.org.GID + "&user=" + f.member.GID
	count := func(n int) func(*testing.T, map[string]any) {
		return func(t *testing.T, doc map[string]any) {
			if g := gids(t, doc); len(g) != n {
				t.Errorf("%d entries, want %d", len(g), n)
			}
		}
	}
	id := own["gid"].(string)
	runCases(t, s, []apiCase{
		{name: "for someone else", tok: f.memberTok, method: "POST", path: "/ooo_entries", body: body(f.admin.GID, "2025-01-01", "2025-01-02"), want: 403},
		{name: "admin for member", tok: f.adminTok, method: "POST", path: "/ooo_entries", body: body(f.member.GID, "2025-12-24", "2025-12-31"), want: 201},
		{name: "backwards", tok: f.memberTok, method: "POST", path: "/ooo_entries", body: body("me", "2025-02-02", "2025-02-01"), want: 400},
		{name: "not a date", tok: f.memberTok, method: "POST", path: "/ooo_entries", body: body("me", "soon", "2025-02-01"), want: 400},
		{name: "all", tok: f.guestTok, method: "GET", path: list, want: 200, check: count(3)},
		{name: "window", tok: f.memberTok, method: "GET", path: list + "&start_date=2025-03-05&end_date=2025-06-01", want: 200, check: count(2)},
		{name: "after", tok: f.memberTok, method: "GET", path: list + "&start_date=2025-07-01", want: 200, check: count(1)},
		{name: "user required", tok: f.memberTok, method: "GET", path: "/ooo_entries?workspace=" + f.org.GID, want: 400},
		{name: "outsider reads", tok: f.outsiderTok, method: "GET", path: "/ooo_entries/" + id, want: 403},
		{name: "guest edits", tok: f.guestTok, method: "PUT", path: "/ooo_entries/" + id, body: `{"data":{"end_date":"2025-03-08"}}`, want: 403},
		{name: "update before start", tok: f.memberTok, method: "PUT", path: "/ooo_entries/" + id, body: `{"data":{"end_date":"2025-03-01"}}`, want: 400},
		{name: "update", tok: f.memberTok, method: "PUT", path: "/ooo_entries/" + id, body: `{"data":{"end_date":"2025-03-10"}}`, want: 200,
			check: func(t *testing.T, doc map[string]any) {
				if e, _ := s.OOOEntry(id); e.EndDate != "2025-03-10" || data(t, doc)["end_date"] != "2025-03-10" {
					t.Errorf("updated %+v", e)
				}
			}},
		{name: "delete", tok: f.adminTok, method: "DELETE", path: "/ooo_entries/" + id, want: 200},
		{name: "gone", tok: f.memberTok, method: "GET", path: "/ooo_entries/" + id, want: 404},
	})
}

func TestReactions(t *testing.T) {
	f := newPartBFixture(t)
	s := f.s
	for _, r := range []Reaction{{UserGID: f.member.GID, Emoji: "👍"}, {UserGID: f.admin.GID, Emoji: "👍🏽"}, {UserGID: f.sa.GID, Emoji: "🎉"}} {
		r.TargetGID = f.story.GID
		Must(s.AddReaction(r))
	}
	if _, err := s.AddReaction(Reaction{TargetGID: f.story.GID, UserGID: f.member.GID, Emoji: "👍"}); err == nil {
		t.Error("the same reaction twice was accepted")
	}
	if _, err := s.AddReaction(Reaction{TargetGID: f.task.GID, UserGID: f.member.GID, Emoji: "👍"}); err == nil {
		t.Error("a reaction on a task was accepted")
	}
	doc := must(t, s, f.memberTok, "GET", "/reactions?target="+f.story.GID+"&emoji_base="+"👍", "", 200)
	list := doc["data"].([]any)
	if len(list) != 2 || list[1].(map[string]any)["emoji"] != "👍🏽" || list[0].(map[string]any)["user"].(map[string]any)["gid"] != f.member.GID {
		t.Errorf("thumbs up reactions %v", list)
	}
	sum := data(t, must(t, s, f.memberTok, "GET", "/stories/"+f.story.GID+"?opt_fields=reaction_summary", "", 200))["reaction_summary"].([]any)
	want := []map[string]any{{"emoji_base": "👍", "variant": "👍", "count": float64(2), "reacted": true},
		{"emoji_base": "🎉", "variant": "🎉", "count": float64(1), "reacted": false}}
	if len(sum) != len(want) {
		t.Fatalf("summary %v", sum)
	}
	for i, w := range want {
		for k, v := range w {
			if sum[i].(map[string]any)[k] != v {
				t.Errorf("summary item %d %s = %v, want %v", i, k, sum[i].(map[string]any)[k], v)
			}
		}
	}
	runCases(t, s, []apiCase{
		{name: "no base", tok: f.memberTok, method: "GET", path: "/reactions?target=" + f.story.GID, want: 400},
		{name: "not a story", tok: f.memberTok, method: "GET", path: "/reactions?emoji_base=x&target=" + f.task.GID, want: 404},
		{name: "outsider", tok: f.outsiderTok, method: "GET", path: "/reactions?emoji_base=x&target=" + f.story.GID, want: 403},
	})
	u := Must(s.AddStatusUpdate(StatusUpdate{ParentGID: f.open.GID, ParentType: "project", AuthorGID: f.member.GID, Title: "Fine", StatusType: "on_track"}))
	Must(s.AddReaction(Reaction{TargetGID: u.GID, UserGID: f.admin.GID, Emoji: "❤️"}))
	sum = data(t, must(t, s, f.memberTok, "GET", "/status_updates/"+u.GID+"?opt_fields=reaction_summary.emoji_base,reaction_summary.count,status_type,text", "", 200))["reaction_summary"].([]any)
	if len(sum) != 1 || sum[0].(map[string]any)["emoji_base"] != "❤" || len(sum[0].(map[string]any)) != 2 || sum[0].(map[string]any)["count"] != float64(1) {
		t.Errorf("status update summary %v", sum)
	}
}

func TestCustomTypesAndAgents(t *testing.T) {
	f := newPartBFixture(t)
	s := f.s
	if _, err := s.AddCustomType(CustomType{WorkspaceGID: f.org.GID, Name: "Half", StatusOptions: []CustomTypeStatusOption{{Name: "Open", CompletionState: "Incomplete"}}}); err == nil {
		t.Error("a custom type without a Complete option was accepted")
	}
	ct := Must(s.AddCustomType(CustomType{WorkspaceGID: f.org.GID, Name: "Bug", ProjectGIDs: []string{f.private.GID}}))
	a := Must(s.AddAgent(Agent{WorkspaceGID: f.org.GID, Name: "Helper", Photo: "https://s3.example.test/a"}))
	runCases(t, s, []apiCase{
		{name: "types of a hidden project", tok: f.memberTok, method: "GET", path: "/custom_types?project=" + f.private.GID, want: 403},
		{name: "types of a project", tok: f.adminTok, method: "GET", path: "/custom_types?project=" + f.private.GID, want: 200,
			check: func(t *testing.T, doc map[string]any) {
				got := doc["data"].([]any)[0].(map[string]any)
				opts := got["status_options"].([]any)
				if got["gid"] != ct.GID || len(opts) != 2 || opts[1].(map[string]any)["completion_state"] != "Complete" || opts[0].(map[string]any)["color"] != "none" {
					t.Errorf("custom types %v", doc)
				}
			}},
		{name: "no project", tok: f.adminTok, method: "GET", path: "/custom_types", want: 400},
		{name: "type outsider", tok: f.outsiderTok, method: "GET", path: "/custom_types/" + ct.GID, want: 403},
		{name: "agents", tok: f.guestTok, method: "GET", path: "/workspaces/" + f.org.GID + "/agents?opt_fields=name,photo.image_60x60", want: 200,
			check: func(t *testing.T, doc map[string]any) {
				got := doc["data"].([]any)[0].(map[string]any)
				if got["name"] != "Helper" || got["photo"].(map[string]any)["image_60x60"] != "https://s3.example.test/a_60x60.png" {
					t.Errorf("agents %v", doc)
				}
			}},
		{name: "agent", tok: f.memberTok, method: "GET", path: "/agents/" + a.GID, want: 200, check: func(t *testing.T, doc map[string]any) {
			if d := data(t, doc); d["resource_subtype"] != "asana_teammate" || d["description"] != nil {
				t.Errorf("agent %v", d)
			}
		}},
		{name: "agent outsider", tok: f.outsiderTok, method: "GET", path: "/agents/" + a.GID, want: 403},
	})
}

func TestProjectPortfolioSettings(t *testing.T) {
	f := newPartBFixture(t)
	s := f.s
	pf := Must(s.AddPortfolio(Portfolio{WorkspaceGID: f.org.GID, Name: "Bets", OwnerGID: f.member.GID}))
	add := `{"data":{"item":"` + f.open.GID + `"}}`
	must(t, s, f.memberTok, "POST", "/portfolios/"+pf.GID+"/addItem", add, 200)
	first, ok := s.ProjectPortfolioSetting(pf.GID, f.open.GID)
	if !ok || !first.IsAccessControlInherited {
		t.Fatalf("setting after addItem: %+v %v", first, ok)
	}
	for _, p := range []string{"/portfolios/" + pf.GID, "/projects/" + f.open.GID} {
		if g := gids(t, must(t, s, f.memberTok, "GET", p+"/project_portfolio_settings", "", 200)); !slices.Equal(g, []string{first.GID}) {
			t.Errorf("%s settings %v", p, g)
		}
	}
	path := "/project_portfolio_settings/" + first.GID
	must(t, s, f.guestTok, "PUT", path, `{"data":{"is_access_control_inherited":false}}`, 403)
	d := data(t, must(t, s, f.memberTok, "PUT", path, `{"data":{"is_access_control_inherited":false}}`, 200))
	if d["is_access_control_inherited"] != false || d["portfolio"].(map[string]any)["gid"] != pf.GID {
		t.Errorf("updated %v", d)
	}
	must(t, s, f.memberTok, "POST", "/portfolios/"+pf.GID+"/addItem", add, 200) // a move keeps it
	if again, _ := s.ProjectPortfolioSetting(pf.GID, f.open.GID); again.GID != first.GID || again.IsAccessControlInherited {
		t.Errorf("after a move: %+v", again)
	}
	must(t, s, f.memberTok, "POST", "/portfolios/"+pf.GID+"/removeItem", add, 200)
	must(t, s, f.memberTok, "GET", path, "", 404)
	must(t, s, f.memberTok, "POST", "/portfolios/"+pf.GID+"/addItem", add, 200)
	if fresh, _ := s.ProjectPortfolioSetting(pf.GID, f.open.GID); fresh.GID == first.GID || !fresh.IsAccessControlInherited {
		t.Errorf("after rejoining: %+v", fresh)
	}
}

func TestTriggerRule(t *testing.T) {
	f := newPartBFixture(t)
	s := f.s
	trig := Must(s.AddRuleTrigger(RuleTrigger{ProjectGID: f.open.GID, Name: "Jira"}))
	hidden := Must(s.AddRuleTrigger(RuleTrigger{ProjectGID: f.private.GID}))
	other := Must(s.AddTask(Task{Name: "Elsewhere", WorkspaceGID: f.org.GID, AssigneeGID: f.member.GID}))
	run := "/rule_triggers/" + trig.GID + "/run"
	body := func(task, data string) string {
		return `{"data":{"resource":"` + task + `","action_data":` + data + `}}`
	}
	runCases(t, s, []apiCase{
		{name: "runs", tok: f.memberTok, method: "POST", path: run, body: body(f.task.GID, `{"jira_ticket_id":"123","n":2}`), want: 200,
			check: func(t *testing.T, doc map[string]any) {
				if !strings.Contains(data(t, doc)["message"].(string), "ran the rule") {
					t.Errorf("answer %v", doc)
				}
			}},
		{name: "task elsewhere", tok: f.memberTok, method: "POST", path: run, body: body(other.GID, `{}`), want: 400},
		{name: "no action data", tok: f.memberTok, method: "POST", path: run, body: `{"data":{"resource":"` + f.task.GID + `"}}`, want: 400},
		{name: "action data not an object", tok: f.memberTok, method: "POST", path: run, body: body(f.task.GID, `[1]`), want: 400},
		{name: "hidden project", tok: f.memberTok, method: "POST", path: "/rule_triggers/" + hidden.GID + "/run", body: body(f.task.GID, `{}`), want: 403},
		{name: "unknown trigger", tok: f.memberTok, method: "POST", path: "/rule_triggers/1/run", body: body(f.task.GID, `{}`), want: 404},
	})
	runs := s.RuleRuns(trig.GID)
	if len(runs) != 1 || runs[0].ResourceGID != f.task.GID || runs[0].UserGID != f.member.GID || runs[0].ActionData["jira_ticket_id"] != "123" {
		t.Fatalf("runs %+v", runs)
	}
	runs[0].ActionData["jira_ticket_id"] = "changed"
	if s.RuleRuns("")[0].ActionData["jira_ticket_id"] != "123" {
		t.Error("RuleRuns shares its maps with the caller")
	}
	req, _ := http.NewRequest("GET", "http://fake/_fake/rule_runs?rule_trigger="+trig.GID, nil)
	resp, err := s.HTTPClient().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var doc map[string]any
	decode(t, resp, &doc)
	if l, _ := doc["data"].([]any); len(l) != 1 || l[0].(map[string]any)["action_data"].(map[string]any)["n"] != float64(2) {
		t.Errorf("control rule_runs %v", doc)
	}
	code, doc := controlCall(t, s, "/_fake/rule_triggers", `{"project":"`+f.open.GID+`","name":"From control"}`)
	if code != 200 || data(t, doc)["gid"] == "" {
		t.Errorf("control rule_triggers: %d %v", code, doc)
	}
}

func TestSeededFavorites(t *testing.T) {
	f := newPartBFixture(t)
	s := f.s
	for _, g := range []string{f.open.GID, f.private.GID, f.task.GID, f.admin.GID} {
		if err := s.AddFavorite(f.member.GID, f.org.GID, g); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.AddFavorite(f.member.GID, f.org.GID, f.open.GID); err == nil {
		t.Error("a favorite added twice")
	}
	if err := s.AddFavorite(f.member.GID, f.other.GID, f.open.GID); err == nil {
		t.Error("a favorite of a workspace the user is not in")
	}
	later := Must(s.AddProject(Project{WorkspaceGID: f.org.GID, TeamGID: f.public.GID, Name: "Later"}))
	if err := s.AddFavorite(f.member.GID, f.org.GID, later.GID); err != nil {
		t.Fatal(err)
	}
	fav := func(user, typ string) string {
		return "/users/" + user + "/favorites?workspace=" + f.org.GID + "&resource_type=" + typ
	}
	want := func(gids ...string) func(*testing.T, map[string]any) {
		if len(gids) == 0 {
			gids = nil
		}
		return func(t *testing.T, doc map[string]any) {
			if got := gidsOf(t, doc); !slices.Equal(got, gids) {
				t.Errorf("favorites %v, want %v", got, gids)
			}
		}
	}
	runCases(t, s, []apiCase{
		// The private project is a favorite the member no longer sees.
		{name: "projects", tok: f.memberTok, method: "GET", path: fav("me", "project"), want: 200, check: want(f.open.GID, later.GID)},
		{name: "a page", tok: f.memberTok, method: "GET", path: fav("me", "project") + "&limit=1", want: 200, check: want(f.open.GID)},
		{name: "tasks", tok: f.memberTok, method: "GET", path: fav(f.admin.GID, "task") + "&opt_fields=name", want: 200, check: want(f.task.GID)},
		{name: "users", tok: f.memberTok, method: "GET", path: fav("me", "user"), want: 200, check: want(f.admin.GID)},
		{name: "admin has none", tok: f.adminTok, method: "GET", path: fav(f.member.GID, "project"), want: 200, check: want()},
		{name: "bad field", tok: f.memberTok, method: "GET", path: fav("me", "project") + "&opt_fields=notes", want: 400},
	})
	if got := s.Favorites(f.member.GID, f.org.GID); len(got) != 5 {
		t.Errorf("Favorites %v", got)
	}
}

// gidsOf returns the gids of a list answer, empty for an empty list.
func gidsOf(t *testing.T, doc map[string]any) []string {
	t.Helper()
	g := gids(t, doc)
	if len(g) == 0 {
		return nil
	}
	return g
}

func TestUserCustomFields(t *testing.T) {
	f := newPartBFixture(t)
	s := f.s
	title, _ := must2(s.AddCustomField(CustomField{WorkspaceGID: f.org.GID, Name: "Job title", ResourceSubtype: CustomFieldText}))
	elsewhere, _ := must2(s.AddCustomField(CustomField{WorkspaceGID: f.other.GID, Name: "Desk", ResourceSubtype: CustomFieldText}))
	set := func(g, v string) string { return `{"data":{"custom_fields":{"` + g + `":"` + v + `"}}}` }
	inWS := "/workspaces/" + f.org.GID + "/users/"
	runCases(t, s, []apiCase{
		{name: "own", tok: f.memberTok, method: "PUT", path: "/users/me?opt_fields=custom_fields.text_value,custom_fields.name", body: set(title.GID, "Engineer"), want: 200,
			check: func(t *testing.T, doc map[string]any) {
				cfs := data(t, doc)["custom_fields"].([]any)
				if len(cfs) != 1 || cfs[0].(map[string]any)["text_value"] != "Engineer" {
					t.Errorf("custom_fields %v", cfs)
				}
			}},
		{name: "someone else's", tok: f.memberTok, method: "PUT", path: inWS + f.admin.GID, body: set(title.GID, "Boss"), want: 403},
		{name: "admin sets", tok: f.adminTok, method: "PUT", path: inWS + f.member.GID, body: set(title.GID, "Staff engineer"), want: 200},
		{name: "field of another workspace", tok: f.adminTok, method: "PUT", path: inWS + f.member.GID, body: set(elsewhere.GID, "3"), want: 400},
		{name: "workspace the caller is not in", tok: f.memberTok, method: "PUT", path: "/users/me", body: set(elsewhere.GID, "3"), want: 403},
		{name: "clear", tok: f.memberTok, method: "PUT", path: "/users/me", body: `{"data":{"custom_fields":{"` + title.GID + `":null}}}`, want: 200},
	})
	if got := s.UserCustomFieldValues(f.member.GID, f.org.GID); len(got) != 0 {
		t.Errorf("after clearing: %+v", got)
	}
	if err := s.SetUserCustomFieldValue(f.member.GID, CustomFieldValue{CustomFieldGID: title.GID, Text: "Lead"}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetUserCustomFieldValue(f.member.GID, CustomFieldValue{CustomFieldGID: elsewhere.GID, Text: "x"}); err == nil {
		t.Error("a value of a workspace the user is not in")
	}
	cfs := data(t, must(t, s, f.guestTok, "GET", "/users/"+f.member.GID+"?opt_fields=custom_fields.display_value", "", 200))["custom_fields"].([]any)
	if len(cfs) != 1 || cfs[0].(map[string]any)["display_value"] != "Lead" {
		t.Errorf("seeded custom_fields %v", cfs)
	}
}
