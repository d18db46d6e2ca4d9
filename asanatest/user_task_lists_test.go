package asanatest

import (
	"slices"
	"testing"
)

// myTasksFixture is the work fixture plus the member's My Tasks list with
// two sections, a task only in My Tasks and one in a project the admin
// cannot see.
type myTasksFixture struct {
	*workFixture
	utl           string
	recent, later Section
	mine, locked  Task
}

func newMyTasksFixture(t testing.TB, opts ...Option) *myTasksFixture {
	t.Helper()
	f := &myTasksFixture{workFixture: newWorkFixture(t, opts...)}
	s := f.s
	f.utl, _ = s.UserTaskList(f.org.GID, f.member.GID)
	f.recent = Must(s.AddMyTasksSection(f.org.GID, f.member.GID, "Recently assigned"))
	f.later = Must(s.AddMyTasksSection(f.org.GID, f.member.GID, "Do later"))
	f.mine = Must(s.AddTask(Task{Name: "mine", WorkspaceGID: f.org.GID, AssigneeGID: f.member.GID}))
	closed := Must(s.AddProject(Project{WorkspaceGID: f.org.GID, TeamGID: f.secret.GID, Name: "Closed", PrivacySetting: PrivacyPrivate}))
	f.locked = Must(s.AddTask(Task{Name: "locked", AssigneeGID: f.member.GID, AssigneeSectionGID: f.later.GID,
		Memberships: []TaskMembership{{ProjectGID: closed.GID}}}))
	return f
}

func TestUserTaskListsMatrix(t *testing.T) {
	utl := func(f *workFixture) string {
		u, _ := f.s.UserTaskList(f.org.GID, f.member.GID)
		return "/user_task_lists/" + u
	}
	runMatrix(t, []matrixCase{
		{"get", "GET", utl, nil, matrixWant{200, 200, 200, 200, 403}},
		{"for user", "GET", func(f *workFixture) string {
			return "/users/" + f.member.GID + "/user_task_list?workspace=" + f.org.GID
		}, nil, matrixWant{200, 200, 200, 200, 403}},
		{"tasks", "GET", func(f *workFixture) string { return utl(f) + "/tasks" }, nil, matrixWant{200, 200, 200, 200, 403}},
		{"sections", "GET", func(f *workFixture) string { return "/projects/" + utl(f)[len("/user_task_lists/"):] + "/sections" }, nil, matrixWant{200, 403, 200, 403, 403}},
		{"create section", "POST", func(f *workFixture) string { return "/projects/" + utl(f)[len("/user_task_lists/"):] + "/sections" },
			fixed(`{"data":{"name":"Do today"}}`), matrixWant{201, 403, 201, 403, 403}},
	})
}

func TestUserTaskLists(t *testing.T) {
	f := newMyTasksFixture(t)
	s, tok := f.s, f.memberTok
	d := data(t, must(t, s, tok, "GET", "/users/me/user_task_list?workspace="+f.org.GID+"&opt_fields=name,owner.name,workspace.name", "", 200))
	if d["gid"] != f.utl || d["name"] != "My Tasks" || d["owner"].(map[string]any)["name"] != "Max" || d["workspace"].(map[string]any)["name"] != "Acme" {
		t.Errorf("user task list %v", d)
	}
	if got := gids(t, must(t, s, tok, "GET", "/user_task_lists/"+f.utl+"/tasks", "", 200)); !slices.Equal(got, []string{f.mine.GID, f.locked.GID}) {
		t.Errorf("member's My Tasks: %v", got)
	}
	// Others see the tasks of the list they may see.
	if got := gids(t, must(t, s, f.adminTok, "GET", "/tasks?user_task_list="+f.utl, "", 200)); len(got) != 0 {
		t.Errorf("admin sees %v of the member's private tasks", got)
	}
	if got := listAll(t, s, f.saTok, "/user_task_lists/"+f.utl+"/tasks", 1, nil); !slices.Equal(got, []string{f.mine.GID, f.locked.GID}) {
		t.Errorf("service account, by pages of 1: %v", got)
	}

	// Sections: through the project routes, with the list as project.
	p := "/projects/" + f.utl + "/sections"
	today := data(t, must(t, s, tok, "POST", p, `{"data":{"name":"Do today","insert_before":"`+f.later.GID+`"}}`, 201))
	if today["project"].(map[string]any)["gid"] != f.utl || today["project"].(map[string]any)["resource_type"] != "user_task_list" {
		t.Errorf("section's project %v", today)
	}
	todayGID := today["gid"].(string)
	if got := gids(t, must(t, s, tok, "GET", p, "", 200)); !slices.Equal(got, []string{f.recent.GID, todayGID, f.later.GID}) {
		t.Errorf("sections %v", got)
	}
	section := func(tok, task string) any {
		return data(t, must(t, s, tok, "GET", "/tasks/"+task+"?opt_fields=assignee_section.name", "", 200))["assignee_section"]
	}
	if sec, _ := section(tok, f.mine.GID).(map[string]any); sec["gid"] != f.recent.GID || sec["name"] != "Recently assigned" {
		t.Errorf("default assignee_section %v", sec)
	}
	if sec := section(f.saTok, f.mine.GID); sec != nil {
		t.Errorf("assignee_section shown to someone else: %v", sec)
	}
	if sec, _ := section(tok, f.locked.GID).(map[string]any); sec["gid"] != f.later.GID {
		t.Errorf("seeded assignee_section %v", sec)
	}

	// Moving a task: by a task write, by addTask; a new assignee resets it.
	must(t, s, tok, "PUT", "/tasks/"+f.mine.GID, `{"data":{"assignee_section":"`+todayGID+`"}}`, 200)
	for _, q := range []string{"/sections/" + todayGID + "/tasks", "/tasks?section=" + todayGID} {
		if got := gids(t, must(t, s, tok, "GET", q, "", 200)); !slices.Equal(got, []string{f.mine.GID}) {
			t.Errorf("%s: %v", q, got)
		}
	}
	must(t, s, tok, "POST", "/sections/"+f.later.GID+"/addTask", `{"data":{"task":"`+f.mine.GID+`","insert_after":"`+f.locked.GID+`"}}`, 200)
	if sec, _ := section(tok, f.mine.GID).(map[string]any); sec["gid"] != f.later.GID {
		t.Errorf("after addTask: %v", sec)
	}
	must(t, s, tok, "PUT", "/tasks/"+f.mine.GID, `{"data":{"assignee":"`+f.admin.GID+`"}}`, 200)
	must(t, s, f.adminTok, "PUT", "/tasks/"+f.mine.GID, `{"data":{"assignee":"me"}}`, 200)
	must(t, s, f.adminTok, "PUT", "/tasks/"+f.mine.GID, `{"data":{"assignee":"`+f.member.GID+`"}}`, 200)
	if sec, _ := section(tok, f.mine.GID).(map[string]any); sec["gid"] != f.recent.GID {
		t.Errorf("after reassignment: %v", sec)
	}
	// A new task assigned at once may name its section.
	nt := data(t, must(t, s, tok, "POST", "/tasks", `{"data":{"workspace":"`+f.org.GID+`","name":"n","assignee":"me","assignee_section":"`+todayGID+`"}}`, 201))
	if nt["assignee_section"].(map[string]any)["gid"] != todayGID || len(nt["projects"].([]any)) != 0 {
		t.Errorf("created %v", nt)
	}

	sec := data(t, must(t, s, tok, "PUT", "/sections/"+todayGID, `{"data":{"name":"Today","insert_after":"`+f.later.GID+`"}}`, 200))
	if sec["name"] != "Today" {
		t.Errorf("renamed %v", sec)
	}
	if got := gids(t, must(t, s, f.saTok, "GET", p, "", 200)); !slices.Equal(got, []string{f.recent.GID, f.later.GID, todayGID}) {
		t.Errorf("sections after move %v", got)
	}

	tests := []struct {
		name, tok, method, path, body string
		status                        int
		msg                           string
	}{
		{"unassigned task", tok, "PUT", "/tasks/" + f.t1.GID, `{"data":{"assignee_section":"` + f.later.GID + `"}}`, 400, "assignee_section: The task has no assignee"},
		{"project section", tok, "PUT", "/tasks/" + f.mine.GID, `{"data":{"assignee_section":"` + f.secA.GID + `"}}`, 400,
			"assignee_section: Not a section of the assignee's My Tasks list: " + f.secA.GID},
		{"not the assignee", f.adminTok, "POST", "/tasks", `{"data":{"workspace":"` + f.org.GID + `","assignee":"` + f.member.GID + `","assignee_section":"` + f.later.GID + `"}}`, 403,
			"Only the assignee can move a task within their My Tasks list"},
		{"someone else's section", f.adminTok, "GET", "/sections/" + f.later.GID, "", 403, ""},
		{"foreign task", tok, "POST", "/sections/" + f.later.GID + "/addTask", `{"data":{"task":"` + f.t1.GID + `"}}`, 400,
			"task: Not a task of this My Tasks list (assigned to its owner): " + f.t1.GID},
		{"bad anchor", tok, "POST", "/sections/" + f.later.GID + "/addTask", `{"data":{"task":"` + f.mine.GID + `","insert_before":"` + f.t1.GID + `"}}`, 400,
			"insert_before: Not a task of section " + f.later.GID + ": " + f.t1.GID},
		{"not empty", tok, "DELETE", "/sections/" + f.later.GID, "", 400, "Sections must be empty to be deleted"},
		{"no workspace", tok, "GET", "/users/me/user_task_list", "", 400, "workspace: Missing input"},
		{"hidden workspace", f.outsiderTok, "GET", "/users/me/user_task_list?workspace=" + f.org.GID, "", 403, ""},
		{"unknown", tok, "GET", "/user_task_lists/5", "", 404, "user_task_list: Unknown object: 5"},
		{"malformed", tok, "GET", "/user_task_lists/x/tasks", "", 400, "user_task_list: Not a Long: x"},
	}
	for _, tt := range tests {
		code, _, doc := call(t, s, tt.tok, tt.method, tt.path, tt.body)
		if code != tt.status || (tt.msg != "" && errMessage(doc) != tt.msg) {
			t.Errorf("%s: got %d %q, want %d %q", tt.name, code, errMessage(doc), tt.status, tt.msg)
		}
	}
	must(t, s, tok, "DELETE", "/sections/"+todayGID, "", 400) // nt is in it
	must(t, s, tok, "PUT", "/tasks/"+nt["gid"].(string), `{"data":{"assignee_section":null}}`, 200)
	must(t, s, tok, "DELETE", "/sections/"+todayGID, "", 200)
	must(t, s, tok, "GET", "/sections/"+todayGID, "", 404)

	if _, err := s.AddTask(Task{Name: "x", WorkspaceGID: f.org.GID, AssigneeGID: f.admin.GID, AssigneeSectionGID: f.later.GID}); err == nil {
		t.Error("AddTask with a section of another user's My Tasks succeeded")
	}
	if _, err := s.AddMyTasksSection(f.other.GID, f.member.GID, "x"); err == nil {
		t.Error("AddMyTasksSection outside the user's workspaces succeeded")
	}
}
