package asanatest

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestProjectsMatrix(t *testing.T) {
	proj := func(f *workFixture) string { return "/projects/" + f.pub.GID }
	runMatrix(t, []matrixCase{
		{"get public", "GET", proj, nil, matrixWant{200, 200, 200, 403, 403}},
		{"get private", "GET", func(f *workFixture) string { return "/projects/" + f.priv.GID }, nil, matrixWant{200, 200, 403, 403, 403}},
		{"list org", "GET", func(f *workFixture) string { return "/projects?workspace=" + f.org.GID + "&limit=10" }, nil, matrixWant{200, 200, 200, 200, 403}},
		{"list team", "GET", func(f *workFixture) string { return "/teams/" + f.secret.GID + "/projects" }, nil, matrixWant{200, 200, 403, 403, 403}},
		{"update", "PUT", proj, fixed(`{"data":{"name":"Roadmap 2"}}`), matrixWant{200, 200, 200, 403, 403}},
		{"create", "POST", fixed("/projects"), func(f *workFixture) string {
			return `{"data":{"name":"New","team":"` + f.public.GID + `"}}`
		}, matrixWant{201, 201, 201, 201, 403}},
		{"delete", "DELETE", proj, nil, matrixWant{200, 200, 200, 403, 403}},
		{"task counts", "GET", func(f *workFixture) string { return proj(f) + "/task_counts?opt_fields=num_tasks" }, nil, matrixWant{200, 200, 200, 403, 403}},
		{"duplicate", "POST", func(f *workFixture) string { return proj(f) + "/duplicate" }, fixed(`{"data":{"name":"Copy"}}`), matrixWant{201, 201, 201, 403, 403}},
		{"add members", "POST", func(f *workFixture) string { return proj(f) + "/addMembers" }, func(f *workFixture) string {
			return `{"data":{"members":["` + f.guest.GID + `"]}}`
		}, matrixWant{200, 200, 200, 403, 403}},
		{"search", "GET", func(f *workFixture) string { return "/workspaces/" + f.org.GID + "/projects/search?text=road" }, nil, matrixWant{200, 200, 200, 200, 403}},
		{"projects of task", "GET", func(f *workFixture) string { return "/tasks/" + f.t1.GID + "/projects" }, nil, matrixWant{200, 200, 200, 403, 403}},
	})
}

func TestProjectValidation(t *testing.T) {
	f := newWorkFixture(t)
	tests := []struct {
		name, method, path, body string
		status                   int
		msg                      string
	}{
		{"no name", "POST", "/projects", `{"data":{"team":"` + f.public.GID + `"}}`, 400, "name: Missing input"},
		{"no workspace", "POST", "/projects", `{"data":{"name":"x"}}`, 400, "workspace: Missing input"},
		{"org needs team", "POST", "/workspaces/" + f.org.GID + "/projects", `{"data":{"name":"x"}}`, 400, "team: Missing input"},
		{"bad color", "PUT", "/projects/" + f.pub.GID, `{"data":{"color":"mauve"}}`, 400, `color: Not a valid enum value: "mauve"`},
		{"bad privacy", "PUT", "/projects/" + f.pub.GID, `{"data":{"privacy_setting":"open"}}`, 400, `privacy_setting: Not a valid enum value: "open"`},
		{"bad date", "PUT", "/projects/" + f.pub.GID, `{"data":{"due_on":"tomorrow"}}`, 400, "due_on: Not a valid date (YYYY-MM-DD): tomorrow"},
		{"start after due", "PUT", "/projects/" + f.pub.GID, `{"data":{"due_on":"2026-01-01","start_on":"2026-02-01"}}`, 400, "start_on: Must be set together with due_on, and not after it"},
		{"bad gid", "GET", "/projects/x1", "", 400, "project: Not a Long: x1"},
		{"unknown", "GET", "/projects/42", "", 404, "project: Unknown object: 42"},
		{"list needs scope", "GET", "/projects", "", 400, "workspace: Missing input"},
		{"bad archived", "GET", "/projects?workspace=" + f.org.GID + "&archived=maybe", "", 400, "archived: Not a boolean: maybe"},
		{"limit too big", "GET", "/projects?workspace=" + f.org.GID + "&limit=101", "", 400, "limit: Must be between 1 and 100 (got 101)"},
		{"custom field", "POST", "/projects/" + f.pub.GID + "/addCustomFieldSetting", `{"data":{"custom_field":"77"}}`, 404, "custom_field: Unknown object: 77"},
		{"template needs public", "POST", "/projects/" + f.pub.GID + "/saveAsTemplate", `{"data":{"name":"T","team":"` + f.public.GID + `"}}`, 400, "public: Missing input"},
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

func TestProjectCreateAndUpdate(t *testing.T) {
	f := newWorkFixture(t)
	code, h, doc := call(t, f.s, f.memberTok, "POST", "/teams/"+f.public.GID+"/projects",
		`{"data":{"name":"Launch","notes":"go","color":"dark-blue","public":false,"due_on":"2026-03-01"}}`)
	if code != 201 {
		t.Fatalf("create: %d %v", code, doc)
	}
	p := data(t, doc)
	g := p["gid"].(string)
	if !strings.HasSuffix(h.Get("Location"), APIPrefix+"/projects/"+g) {
		t.Errorf("Location %q", h.Get("Location"))
	}
	if p["privacy_setting"] != PrivacyPrivateToTeam || p["owner"].(map[string]any)["gid"] != f.member.GID || p["color"] != "dark-blue" {
		t.Errorf("created %v", p)
	}
	secs := gids(t, must(t, f.s, f.memberTok, "GET", "/projects/"+g+"/sections", "", 200))
	if len(secs) != 1 {
		t.Fatalf("new project sections %v, want one Untitled section", secs)
	}
	created := p["modified_at"]

	f.s.Clock().Advance(time.Hour)
	// Work inside the project does not modify it.
	task := data(t, must(t, f.s, f.memberTok, "POST", "/tasks", `{"data":{"name":"t","projects":["`+g+`"]}}`, 201))
	must(t, f.s, f.memberTok, "PUT", "/tasks/"+task["gid"].(string), `{"data":{"completed":true}}`, 200)
	must(t, f.s, f.memberTok, "POST", "/projects/"+g+"/sections", `{"data":{"name":"Later"}}`, 201)
	if got := data(t, must(t, f.s, f.memberTok, "GET", "/projects/"+g, "", 200))["modified_at"]; got != created {
		t.Errorf("task and section changes moved project modified_at: %v -> %v", created, got)
	}
	// Changing the project does.
	upd := data(t, must(t, f.s, f.memberTok, "PUT", "/projects/"+g, `{"data":{"html_notes":"<body>Ship &amp; tell</body>","archived":true}}`, 200))
	if upd["modified_at"] == created || upd["notes"] != "Ship & tell" || upd["archived"] != true {
		t.Errorf("after update: %v", upd)
	}
	// archived filter
	active := gids(t, must(t, f.s, f.memberTok, "GET", "/teams/"+f.public.GID+"/projects?archived=false", "", 200))
	if slices.Contains(active, g) || !slices.Contains(active, f.pub.GID) {
		t.Errorf("archived=false listed %v", active)
	}
}

func TestProjectMembersAndFollowers(t *testing.T) {
	f := newWorkFixture(t)
	p := "/projects/" + f.pub.GID
	d := data(t, must(t, f.s, f.memberTok, "POST", p+"/addFollowers", `{"data":{"followers":"`+f.guest.GID+`"}}`, 200))
	if !refsContain(d["members"], f.guest.GID) || !refsContain(d["followers"], f.guest.GID) {
		t.Errorf("follower not a member: %v", d)
	}
	// The guest, now a member, sees the project.
	must(t, f.s, f.guestTok, "GET", p, "", 200)
	d = data(t, must(t, f.s, f.memberTok, "POST", p+"/removeFollowers", `{"data":{"followers":["`+f.guest.GID+`"]}}`, 200))
	if !refsContain(d["members"], f.guest.GID) || refsContain(d["followers"], f.guest.GID) {
		t.Errorf("removeFollowers: %v", d)
	}
	d = data(t, must(t, f.s, f.memberTok, "POST", p+"/removeMembers", `{"data":{"members":["gus@acme.test"]}}`, 200))
	if refsContain(d["members"], f.guest.GID) {
		t.Errorf("removeMembers: %v", d)
	}
	must(t, f.s, f.guestTok, "GET", p, "", 403)
	code, _, doc := call(t, f.s, f.memberTok, "POST", p+"/addMembers", `{"data":{"members":["`+f.outsider.GID+`"]}}`)
	if code != 400 {
		t.Errorf("adding a non-member of the org: %d %v", code, doc)
	}
}

func refsContain(v any, gid string) bool {
	list, _ := v.([]any)
	for _, e := range list {
		if m, _ := e.(map[string]any); m["gid"] == gid {
			return true
		}
	}
	return false
}

func TestProjectDelete(t *testing.T) {
	f := newWorkFixture(t)
	other := Must(f.s.AddProject(Project{WorkspaceGID: f.org.GID, TeamGID: f.public.GID, Name: "Other"}))
	must(t, f.s, f.memberTok, "POST", "/tasks/"+f.t2.GID+"/addProject", `{"data":{"project":"`+other.GID+`"}}`, 200)
	must(t, f.s, f.memberTok, "DELETE", "/projects/"+f.pub.GID, "", 200)
	must(t, f.s, f.memberTok, "GET", "/projects/"+f.pub.GID, "", 404)
	must(t, f.s, f.memberTok, "GET", "/tasks/"+f.t1.GID, "", 404)  // only in the deleted project
	must(t, f.s, f.memberTok, "GET", "/tasks/"+f.sub.GID, "", 404) // its subtask too
	must(t, f.s, f.memberTok, "GET", "/sections/"+f.secA.GID, "", 404)
	d := data(t, must(t, f.s, f.memberTok, "GET", "/tasks/"+f.t2.GID+"?opt_fields=projects", "", 200))
	if ps := d["projects"].([]any); len(ps) != 1 || ps[0].(map[string]any)["gid"] != other.GID {
		t.Errorf("multi-homed task projects %v", ps)
	}
}

func TestProjectListPagination(t *testing.T) {
	f := newWorkFixture(t)
	want := []string{f.pub.GID, f.priv.GID}
	for i := range 7 {
		want = append(want, Must(f.s.AddProject(Project{WorkspaceGID: f.org.GID, TeamGID: f.public.GID, Name: fmt.Sprint("p", i)})).GID)
	}
	for _, limit := range []int{1, 2, 4, 100} {
		if got := listAll(t, f.s, f.saTok, "/workspaces/"+f.org.GID+"/projects", limit, nil); !slices.Equal(got, want) {
			t.Errorf("limit %d: %v, want %v", limit, got, want)
		}
	}
	// The member does not see the private project.
	got := listAll(t, f.s, f.memberTok, "/projects?workspace="+f.org.GID, 3, nil)
	if slices.Contains(got, f.priv.GID) || len(got) != len(want)-1 {
		t.Errorf("member sees %v", got)
	}
}

func TestProjectDuplicateJob(t *testing.T) {
	f := newWorkFixture(t)
	must(t, f.s, f.memberTok, "PUT", "/projects/"+f.pub.GID, `{"data":{"notes":"plan"}}`, 200)
	must(t, f.s, f.memberTok, "PUT", "/tasks/"+f.t1.GID, `{"data":{"notes":"first","assignee":"me"}}`, 200)
	code, h, doc := call(t, f.s, f.memberTok, "POST", "/projects/"+f.pub.GID+"/duplicate",
		`{"data":{"name":"Roadmap copy","include":"notes,task_notes,task_subtasks"}}`)
	if code != 201 {
		t.Fatalf("duplicate: %d %v", code, doc)
	}
	job := data(t, doc)
	if job["resource_subtype"] != "duplicate_project" || job["status"] != "in_progress" || h.Get("Location") == "" {
		t.Errorf("job %v", job)
	}
	job = data(t, must(t, f.s, f.memberTok, "GET", "/jobs/"+job["gid"].(string), "", 200))
	if job["status"] != "succeeded" {
		t.Fatalf("job %v", job)
	}
	np := job["new_project"].(map[string]any)["gid"].(string)
	p := data(t, must(t, f.s, f.memberTok, "GET", "/projects/"+np, "", 200))
	if p["name"] != "Roadmap copy" || p["notes"] != "plan" {
		t.Errorf("copy %v", p)
	}
	secs := gids(t, must(t, f.s, f.memberTok, "GET", "/projects/"+np+"/sections", "", 200))
	tasks := must(t, f.s, f.memberTok, "GET", "/projects/"+np+"/tasks?opt_fields=name,notes,assignee,num_subtasks,memberships.section.name", "", 200)["data"].([]any)
	if len(secs) != 2 || len(tasks) != 2 {
		t.Fatalf("copy has sections %v tasks %v", secs, tasks)
	}
	first := tasks[0].(map[string]any)
	if first["name"] != "one" || first["notes"] != "first" || first["assignee"] != nil || first["num_subtasks"] != 1.0 {
		t.Errorf("copied task %v", first)
	}
	if sec := first["memberships"].([]any)[0].(map[string]any)["section"].(map[string]any); sec["name"] != "A" || sec["gid"] == f.secA.GID {
		t.Errorf("copied task section %v", sec)
	}
	// Someone who cannot see the copy or start the job cannot read it.
	must(t, f.s, f.outsiderTok, "GET", "/jobs/"+job["gid"].(string), "", 403)
}

func TestProjectTaskCountsAndTemplate(t *testing.T) {
	f := newWorkFixture(t)
	Must(f.s.AddTask(Task{Name: "m", ResourceSubtype: "milestone", Completed: true, Memberships: []TaskMembership{{ProjectGID: f.pub.GID}}}))
	must(t, f.s, f.memberTok, "PUT", "/tasks/"+f.t2.GID, `{"data":{"completed":true}}`, 200)
	if d := data(t, must(t, f.s, f.memberTok, "GET", "/projects/"+f.pub.GID+"/task_counts", "", 200)); len(d) != 0 {
		t.Errorf("task_counts without opt_fields: %v", d)
	}
	d := data(t, must(t, f.s, f.memberTok, "GET", "/projects/"+f.pub.GID+"/task_counts?opt_fields=num_tasks,num_completed_tasks,num_incomplete_tasks,num_milestones,num_completed_milestones", "", 200))
	want := map[string]any{"num_tasks": 2.0, "num_completed_tasks": 1.0, "num_incomplete_tasks": 1.0, "num_milestones": 1.0, "num_completed_milestones": 1.0}
	for k, v := range want {
		if d[k] != v {
			t.Errorf("%s = %v, want %v", k, d[k], v)
		}
	}
	job := data(t, must(t, f.s, f.memberTok, "POST", "/projects/"+f.pub.GID+"/saveAsTemplate",
		`{"data":{"name":"Tpl","team":"`+f.public.GID+`","public":true}}`, 201))
	if tpl, _ := job["new_project_template"].(map[string]any); tpl["name"] != "Tpl" || tpl["resource_type"] != "project_template" {
		t.Errorf("template job %v", job)
	}
}

func TestProjectSearch(t *testing.T) {
	f := newWorkFixture(t)
	f.s.Clock().Advance(time.Minute)
	late := Must(f.s.AddProject(Project{WorkspaceGID: f.org.GID, TeamGID: f.public.GID, Name: "Road trip", OwnerGID: f.admin.GID}))
	base := "/workspaces/" + f.org.GID + "/projects/search?"
	tests := []struct {
		query string
		want  []string
	}{
		{"text=ROAD", []string{late.GID, f.pub.GID}},
		{"text=road&sort_ascending=true&sort_by=created_at", []string{f.pub.GID, late.GID}},
		{"owner.any=" + f.admin.GID, []string{late.GID, f.priv.GID}},
		{"teams.any=" + f.secret.GID, []string{f.priv.GID}},
		{"members.not=" + f.admin.GID, []string{f.pub.GID}},
		{"text=road&limit=1", []string{late.GID}},
	}
	for _, tt := range tests {
		if got := gids(t, must(t, f.s, f.saTok, "GET", base+tt.query, "", 200)); !slices.Equal(got, tt.want) {
			t.Errorf("%s: %v, want %v", tt.query, got, tt.want)
		}
	}
	code, _, doc := call(t, f.s, f.outsiderTok, "GET", "/workspaces/"+f.other.GID+"/projects/search", "")
	if code != http.StatusPaymentRequired {
		t.Errorf("search in a non-premium org: %d %v", code, doc)
	}
}

func TestRemoveUserTransfersResources(t *testing.T) {
	for _, who := range []string{"admin", "sa"} {
		t.Run(who, func(t *testing.T) {
			f := newWorkFixture(t)
			recipient := map[string]User{"admin": f.admin, "sa": f.sa}[who]
			mine := data(t, must(t, f.s, f.memberTok, "POST", "/tasks", `{"data":{"name":"private","workspace":"`+f.org.GID+`"}}`, 201))["gid"].(string)
			must(t, f.s, f.who(who), "POST", "/workspaces/"+f.org.GID+"/removeUser", `{"data":{"user":"`+f.member.Email+`"}}`, 200)
			p, _ := f.s.Project(f.pub.GID)
			if p.OwnerGID != recipient.GID || !slices.Contains(p.MemberGIDs, recipient.GID) || slices.Contains(p.MemberGIDs, f.member.GID) {
				t.Errorf("project after removeUser: owner %s members %v", p.OwnerGID, p.MemberGIDs)
			}
			if tk, _ := f.s.Task(mine); !slices.Contains(tk.FollowerGIDs, recipient.GID) {
				t.Errorf("private task followers %v", tk.FollowerGIDs)
			}
			must(t, f.s, f.who(who), "GET", "/tasks/"+mine, "", 200)
			must(t, f.s, f.memberTok, "GET", "/tasks/"+mine, "", 403) // deprovisioned
		})
	}
}
