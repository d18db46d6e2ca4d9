package asanatest

import (
	"fmt"
	"net/url"
	"slices"
	"testing"
	"time"
)

func TestTasksMatrix(t *testing.T) {
	task := func(f *workFixture) string { return "/tasks/" + f.t1.GID }
	runMatrix(t, []matrixCase{
		{"get in public project", "GET", task, nil, matrixWant{200, 200, 200, 403, 403}},
		{"get in private project", "GET", func(f *workFixture) string { return "/tasks/" + f.hidden.GID }, nil, matrixWant{200, 200, 403, 403, 403}},
		{"get assigned to guest", "GET", func(f *workFixture) string { return "/tasks/" + f.guestT.GID }, nil, matrixWant{200, 403, 403, 200, 403}},
		{"get subtask", "GET", func(f *workFixture) string { return "/tasks/" + f.sub.GID }, nil, matrixWant{200, 200, 200, 403, 403}},
		{"update", "PUT", task, fixed(`{"data":{"name":"uno"}}`), matrixWant{200, 200, 200, 403, 403}},
		{"delete", "DELETE", task, nil, matrixWant{200, 200, 200, 403, 403}},
		{"create in project", "POST", fixed("/tasks"), func(f *workFixture) string {
			return `{"data":{"name":"n","projects":["` + f.pub.GID + `"]}}`
		}, matrixWant{201, 201, 201, 403, 403}},
		{"create subtask", "POST", func(f *workFixture) string { return task(f) + "/subtasks" }, fixed(`{"data":{"name":"s"}}`), matrixWant{201, 201, 201, 403, 403}},
		{"project tasks", "GET", func(f *workFixture) string { return "/projects/" + f.pub.GID + "/tasks" }, nil, matrixWant{200, 200, 200, 403, 403}},
		{"assignee tasks", "GET", func(f *workFixture) string {
			return "/tasks?assignee=" + f.guest.GID + "&workspace=" + f.org.GID
		}, nil, matrixWant{200, 200, 200, 200, 403}},
		{"search", "GET", func(f *workFixture) string { return "/workspaces/" + f.org.GID + "/tasks/search?text=one" }, nil, matrixWant{200, 200, 200, 200, 403}},
		{"add project", "POST", func(f *workFixture) string { return "/tasks/" + f.guestT.GID + "/addProject" }, func(f *workFixture) string {
			return `{"data":{"project":"` + f.pub.GID + `"}}`
		}, matrixWant{200, 403, 403, 403, 403}},
		{"followers", "POST", func(f *workFixture) string { return task(f) + "/addFollowers" }, fixed(`{"data":{"followers":["me"]}}`), matrixWant{200, 200, 200, 403, 403}},
	})
}

func TestTaskValidation(t *testing.T) {
	f := newWorkFixture(t)
	task := "/tasks/" + f.t1.GID
	tests := []struct {
		name, method, path, body string
		status                   int
		msg                      string
	}{
		{"no workspace", "POST", "/tasks", `{"data":{"name":"x"}}`, 400, "workspace: Missing input"},
		{"unknown project", "POST", "/tasks", `{"data":{"projects":["99"]}}`, 404, "projects: Unknown object: 99"},
		{"bad project gid", "POST", "/tasks", `{"data":{"projects":["abc"]}}`, 400, "projects: Not a Long: abc"},
		{"bad subtype", "POST", "/tasks", `{"data":{"workspace":"` + f.org.GID + `","resource_subtype":"epic"}}`, 400, `resource_subtype: Not a valid enum value: "epic"`},
		{"assignee outside", "PUT", task, `{"data":{"assignee":"` + f.outsider.GID + `"}}`, 400, "assignee: Not a member of the task's workspace: " + f.outsider.GID},
		{"both due", "PUT", task, `{"data":{"due_on":"2026-01-02","due_at":"2026-01-02T10:00:00Z"}}`, 400, "due_at: You may only provide one of due_on and due_at"},
		{"bad due_at", "PUT", task, `{"data":{"due_at":"noon"}}`, 400, "due_at: Not a valid ISO 8601 date-time: noon"},
		{"both notes", "PUT", task, `{"data":{"notes":"a","html_notes":"<body>a</body>"}}`, 400, "html_notes: You may only provide one of notes and html_notes"},
		{"move workspace", "PUT", task, `{"data":{"workspace":"` + f.other.GID + `"}}`, 400, "workspace: Cannot be changed with this request: use the task's workspace endpoints"},
		{"not a boolean", "PUT", task, `{"data":{"completed":"yes"}}`, 400, `completed: Not a boolean: "yes"`},
		{"list filter", "GET", "/tasks", "", 400, msgTaskListFilter},
		{"workspace alone", "GET", "/tasks?workspace=" + f.org.GID, "", 400, msgTaskListFilter},
		{"two filters", "GET", "/tasks?project=" + f.pub.GID + "&section=" + f.secA.GID, "", 400, msgTaskListFilter},
		{"bad since", "GET", "/tasks?project=" + f.pub.GID + "&modified_since=yesterday", "", 400, "modified_since: Not a valid ISO 8601 date-time: yesterday"},
		{"tag", "GET", "/tasks?tag=5", "", 404, "tag: Unknown object: 5"},
		{"tag tasks", "GET", "/tags/5/tasks", "", 404, "tag: Unknown object: 5"},
		{"user task list", "GET", "/user_task_lists/6/tasks", "", 404, "user_task_list: Unknown object: 6"},
		{"add tag", "POST", task + "/addTag", `{"data":{"tag":"7"}}`, 404, "tag: Unknown object: 7"},
		{"custom id", "GET", "/workspaces/" + f.org.GID + "/tasks/custom_id/ENG-1", "", 404, "custom_id: Unknown object: ENG-1"},
		{"parent required", "POST", task + "/setParent", `{"data":{}}`, 400, "parent: Missing input"},
		{"own subtask", "POST", task + "/setParent", `{"data":{"parent":"` + f.sub.GID + `"}}`, 400, "parent: Cannot make a task a subtask of itself or of its own subtask"},
		{"self dependency", "POST", task + "/addDependencies", `{"data":{"dependencies":["` + f.t1.GID + `"]}}`, 400, "dependencies: Cannot add a circular dependency: " + f.t1.GID},
		{"placement conflict", "POST", task + "/addProject", `{"data":{"project":"` + f.pub.GID + `","section":"` + f.secB.GID + `","insert_before":"` + f.t2.GID + `"}}`, 400, "insert_before: You may only provide one of insert_before, insert_after and section"},
		{"before itself", "POST", task + "/addProject", `{"data":{"project":"` + f.pub.GID + `","insert_before":"` + f.t1.GID + `"}}`, 400, "insert_before: Cannot place a task relative to itself: " + f.t1.GID},
		{"after itself", "POST", task + "/addProject", `{"data":{"project":"` + f.pub.GID + `","insert_after":"` + f.t1.GID + `"}}`, 400, "insert_after: Cannot place a task relative to itself: " + f.t1.GID},
		{"search not premium", "GET", "/workspaces/" + f.other.GID + "/tasks/search", "", 403, msgForbidden},
		{"search bad sort", "GET", "/workspaces/" + f.org.GID + "/tasks/search?sort_by=size", "", 400, `sort_by: Not a valid enum value: "size"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, doc := call(t, f.s, f.memberTok, tt.method, tt.path, tt.body)
			if code != tt.status || errMessage(doc) != tt.msg {
				t.Errorf("got %d %q, want %d %q", code, errMessage(doc), tt.status, tt.msg)
			}
		})
	}
}

func TestTaskModifiedAt(t *testing.T) {
	f := newWorkFixture(t)
	s, tok := f.s, f.memberTok
	start := s.Clock().Now()
	s.Clock().Advance(time.Hour)
	t1 := s.Clock().Now()
	d := data(t, must(t, s, tok, "PUT", "/tasks/"+f.t2.GID, `{"data":{"name":"deux"}}`, 200))
	if d["modified_at"] != t1.Format(timeFormat) {
		t.Errorf("modified_at %v, want %v", d["modified_at"], t1)
	}
	s.Clock().Advance(time.Hour)
	// A subtask's own change does not modify its parent.
	must(t, s, tok, "PUT", "/tasks/"+f.sub.GID, `{"data":{"notes":"x"}}`, 200)
	if got, _ := s.Task(f.t1.GID); !got.ModifiedAt.Equal(start) {
		t.Errorf("parent modified_at moved to %v by a subtask edit", got.ModifiedAt)
	}
	since := func(ts time.Time) []string {
		return listAll(t, s, tok, "/tasks?project="+f.pub.GID+"&modified_since="+url.QueryEscape(ts.Format(time.RFC3339)), 10, nil)
	}
	if got := since(t1); !slices.Equal(got, []string{f.t2.GID}) {
		t.Errorf("modified_since t1: %v", got)
	}
	if got := since(start); !slices.Equal(got, []string{f.t1.GID, f.t2.GID}) {
		t.Errorf("modified_since start: %v", got)
	}
	// A comment modifies the task, and so does a follower or a project change.
	s.Clock().Advance(time.Hour)
	t3 := s.Clock().Now()
	must(t, s, tok, "POST", "/tasks/"+f.t1.GID+"/stories", `{"data":{"text":"hello"}}`, 201)
	if got := since(t3); !slices.Equal(got, []string{f.t1.GID}) {
		t.Errorf("after comment: %v", got)
	}
	if got := since(t3.Add(time.Second)); len(got) != 0 {
		t.Errorf("nothing changed since: %v", got)
	}
}

func TestTaskCompletedSince(t *testing.T) {
	f := newWorkFixture(t)
	s, tok := f.s, f.memberTok
	before := s.Clock().Now()
	s.Clock().Advance(time.Hour)
	d := data(t, must(t, s, tok, "PUT", "/tasks/"+f.t2.GID, `{"data":{"completed":true}}`, 200))
	if d["completed_at"] != s.Clock().Now().Format(timeFormat) {
		t.Errorf("completed_at %v", d["completed_at"])
	}
	base := "/projects/" + f.pub.GID + "/tasks?completed_since="
	for q, want := range map[string][]string{
		"now": {f.t1.GID},
		url.QueryEscape(before.Format(time.RFC3339)):                    {f.t1.GID, f.t2.GID},
		url.QueryEscape(before.Add(2 * time.Hour).Format(time.RFC3339)): {f.t1.GID},
	} {
		if got := gids(t, must(t, s, tok, "GET", base+q, "", 200)); !slices.Equal(got, want) {
			t.Errorf("completed_since=%s: %v, want %v", q, got, want)
		}
	}
	d = data(t, must(t, s, tok, "PUT", "/tasks/"+f.t2.GID, `{"data":{"completed":false}}`, 200))
	if d["completed_at"] != nil {
		t.Errorf("reopened task completed_at %v", d["completed_at"])
	}
}

func TestTaskSystemStories(t *testing.T) {
	f := newWorkFixture(t)
	must(t, f.s, f.memberTok, "PUT", "/tasks/"+f.t1.GID, `{"data":{"assignee":"`+f.admin.Email+`","completed":true,"name":"renamed"}}`, 200)
	must(t, f.s, f.memberTok, "POST", "/tasks/"+f.t1.GID+"/addProject", `{"data":{"project":"`+f.priv.GID+`"}}`, 403)
	list := must(t, f.s, f.memberTok, "GET", "/tasks/"+f.t1.GID+"/stories?opt_fields=resource_subtype,text,type,created_by", "", 200)["data"].([]any)
	var got []string
	for _, e := range list {
		m := e.(map[string]any)
		got = append(got, m["resource_subtype"].(string)+": "+m["text"].(string))
		if m["type"] != "system" || m["created_by"].(map[string]any)["gid"] != f.member.GID {
			t.Errorf("story %v", m)
		}
	}
	want := []string{`name_changed: changed the name to "renamed"`, "assigned: assigned to Ada", "marked_complete: marked this task complete"}
	if !slices.Equal(got, want) {
		t.Errorf("stories %q, want %q", got, want)
	}
	d := data(t, must(t, f.s, f.memberTok, "GET", "/tasks/"+f.t1.GID+"?opt_fields=followers", "", 200))
	if !refsContain(d["followers"], f.admin.GID) {
		t.Errorf("assignee does not follow: %v", d)
	}
}

func TestTaskCreateAndDelete(t *testing.T) {
	f := newWorkFixture(t)
	s, tok := f.s, f.memberTok
	d := data(t, must(t, s, tok, "POST", "/tasks", `{"data":{"name":"new","html_notes":"<body>a &lt; b</body>","due_at":"2026-02-03T10:00:00.000Z",
		"memberships":[{"project":"`+f.pub.GID+`","section":"`+f.secB.GID+`"}],"followers":["`+f.admin.GID+`"]}}`, 201))
	g := d["gid"].(string)
	if d["notes"] != "a < b" || d["html_notes"] != "<body>a &lt; b</body>" || d["due_on"] != "2026-02-03" ||
		d["created_by"].(map[string]any)["gid"] != f.member.GID || !refsContain(d["followers"], f.admin.GID) || !refsContain(d["followers"], f.member.GID) {
		t.Errorf("created %v", d)
	}
	if got := gids(t, must(t, s, tok, "GET", "/sections/"+f.secB.GID+"/tasks", "", 200)); !slices.Equal(got, []string{f.t2.GID, g}) {
		t.Errorf("section B tasks %v", got)
	}
	// Without a section, a task lands in the project's first section.
	d = data(t, must(t, s, tok, "POST", "/tasks", `{"data":{"projects":"`+f.pub.GID+`"}}`, 201))
	if sec := d["memberships"].([]any)[0].(map[string]any)["section"].(map[string]any); sec["gid"] != f.secA.GID {
		t.Errorf("default section %v", sec)
	}
	must(t, s, tok, "DELETE", "/tasks/"+f.t1.GID, "", 200)
	for _, p := range []string{"/tasks/" + f.t1.GID, "/tasks/" + f.sub.GID, "/tasks/" + f.t1.GID + "/stories"} {
		if code, _, doc := call(t, s, tok, "GET", p, ""); code != 404 {
			t.Errorf("GET %s after delete: %d %v", p, code, doc)
		}
	}
	if got := gids(t, must(t, s, tok, "GET", "/projects/"+f.pub.GID+"/tasks", "", 200)); slices.Contains(got, f.t1.GID) {
		t.Errorf("deleted task listed: %v", got)
	}
	must(t, s, tok, "PUT", "/tasks/"+f.t1.GID, `{"data":{"name":"zombie"}}`, 404)
}

func TestTaskSubtasksAndParent(t *testing.T) {
	f := newWorkFixture(t)
	s, tok := f.s, f.memberTok
	base := "/tasks/" + f.t1.GID
	s2 := data(t, must(t, s, tok, "POST", base+"/subtasks", `{"data":{"name":"s2"}}`, 201))["gid"].(string)
	if d := data(t, must(t, s, tok, "GET", "/tasks/"+s2+"?opt_fields=parent,workspace", "", 200)); d["parent"].(map[string]any)["gid"] != f.t1.GID {
		t.Errorf("subtask %v", d)
	}
	// Move t2 under t1, before sub.
	d := data(t, must(t, s, tok, "POST", "/tasks/"+f.t2.GID+"/setParent", `{"data":{"parent":"`+f.t1.GID+`","insert_before":"`+f.sub.GID+`"}}`, 200))
	if d["parent"].(map[string]any)["gid"] != f.t1.GID {
		t.Errorf("setParent answered %v", d)
	}
	if got := gids(t, must(t, s, tok, "GET", base+"/subtasks", "", 200)); !slices.Equal(got, []string{f.t2.GID, f.sub.GID, s2}) {
		t.Errorf("subtasks %v", got)
	}
	// insert_after null puts it first; parent null makes it top-level again.
	must(t, s, tok, "POST", "/tasks/"+s2+"/setParent", `{"data":{"parent":"`+f.t1.GID+`","insert_after":null}}`, 200)
	if got := gids(t, must(t, s, tok, "GET", base+"/subtasks", "", 200)); !slices.Equal(got, []string{s2, f.t2.GID, f.sub.GID}) {
		t.Errorf("subtasks after insert_after null %v", got)
	}
	d = data(t, must(t, s, tok, "POST", "/tasks/"+f.t2.GID+"/setParent", `{"data":{"parent":null}}`, 200))
	if d["parent"] != nil {
		t.Errorf("unparented task %v", d)
	}
	if n := data(t, must(t, s, tok, "GET", base, "", 200))["num_subtasks"]; n != 2.0 {
		t.Errorf("num_subtasks %v", n)
	}
}

func TestTaskProjectPlacement(t *testing.T) {
	f := newWorkFixture(t)
	s, tok := f.s, f.memberTok
	t3 := Must(s.AddTask(Task{Name: "three", WorkspaceGID: f.org.GID, CreatedByGID: f.member.GID}))
	add := func(body string) {
		t.Helper()
		must(t, s, tok, "POST", "/tasks/"+t3.GID+"/addProject", `{"data":{"project":"`+f.pub.GID+`"`+body+`}}`, 200)
	}
	order := func() []string {
		return gids(t, must(t, s, tok, "GET", "/projects/"+f.pub.GID+"/tasks", "", 200))
	}
	tests := []struct {
		body string
		want []string
	}{
		{"", []string{f.t1.GID, t3.GID, f.t2.GID}},                                // bottom of the first section
		{`,"section":"` + f.secB.GID + `"`, []string{f.t1.GID, f.t2.GID, t3.GID}}, // bottom of B
		{`,"insert_before":"` + f.t2.GID + `"`, []string{f.t1.GID, t3.GID, f.t2.GID}},
		{`,"insert_after":"` + f.t1.GID + `"`, []string{f.t1.GID, t3.GID, f.t2.GID}},
		{`,"insert_after":null`, []string{t3.GID, f.t1.GID, f.t2.GID}},
	}
	for _, tt := range tests {
		add(tt.body)
		if got := order(); !slices.Equal(got, tt.want) {
			t.Errorf("addProject%s: order %v, want %v", tt.body, got, tt.want)
		}
	}
	// addTaskForSection puts it at the top of the section by default.
	must(t, s, tok, "POST", "/sections/"+f.secB.GID+"/addTask", `{"data":{"task":"`+t3.GID+`"}}`, 200)
	if got := gids(t, must(t, s, tok, "GET", "/sections/"+f.secB.GID+"/tasks", "", 200)); !slices.Equal(got, []string{t3.GID, f.t2.GID}) {
		t.Errorf("section B %v", got)
	}
	d := data(t, must(t, s, tok, "GET", "/tasks/"+t3.GID+"?opt_fields=memberships.section.name,memberships.project.name", "", 200))
	if m := d["memberships"].([]any); len(m) != 1 || m[0].(map[string]any)["section"].(map[string]any)["name"] != "B" {
		t.Errorf("memberships %v", m)
	}
	must(t, s, tok, "POST", "/tasks/"+t3.GID+"/removeProject", `{"data":{"project":"`+f.pub.GID+`"}}`, 200)
	if got := order(); slices.Contains(got, t3.GID) {
		t.Errorf("removed task still listed: %v", got)
	}
	stories := must(t, s, tok, "GET", "/tasks/"+t3.GID+"/stories?opt_fields=resource_subtype", "", 200)["data"].([]any)
	if first, last := stories[0].(map[string]any), stories[len(stories)-1].(map[string]any); first["resource_subtype"] != "added_to_project" || last["resource_subtype"] != "removed_from_project" {
		t.Errorf("stories %v", stories)
	}
}

func TestTaskDependenciesAndFollowers(t *testing.T) {
	f := newWorkFixture(t)
	s, tok := f.s, f.memberTok
	must(t, s, tok, "POST", "/tasks/"+f.t2.GID+"/addDependencies", `{"data":{"dependencies":["`+f.t1.GID+`"]}}`, 200)
	if got := gids(t, must(t, s, tok, "GET", "/tasks/"+f.t1.GID+"/dependents", "", 200)); !slices.Equal(got, []string{f.t2.GID}) {
		t.Errorf("dependents %v", got)
	}
	code, _, doc := call(t, s, tok, "POST", "/tasks/"+f.t2.GID+"/addDependents", `{"data":{"dependents":["`+f.t1.GID+`"]}}`)
	if code != 400 {
		t.Errorf("cycle accepted: %d %v", code, doc)
	}
	must(t, s, tok, "POST", "/tasks/"+f.t1.GID+"/removeDependents", `{"data":{"dependents":"`+f.t2.GID+`"}}`, 200)
	if got := gids(t, must(t, s, tok, "GET", "/tasks/"+f.t2.GID+"/dependencies", "", 200)); len(got) != 0 {
		t.Errorf("dependencies after removal %v", got)
	}
	d := data(t, must(t, s, tok, "POST", "/tasks/"+f.t1.GID+"/addFollowers", `{"data":{"followers":["me","`+f.admin.Email+`"]}}`, 200))
	if !refsContain(d["followers"], f.member.GID) || !refsContain(d["followers"], f.admin.GID) {
		t.Errorf("followers %v", d["followers"])
	}
	d = data(t, must(t, s, tok, "POST", "/tasks/"+f.t1.GID+"/removeFollowers", `{"data":{"followers":["me"]}}`, 200))
	if refsContain(d["followers"], f.member.GID) || !refsContain(d["followers"], f.admin.GID) {
		t.Errorf("followers after removal %v", d["followers"])
	}
}

func TestTaskListPagination(t *testing.T) {
	f := newWorkFixture(t)
	s := f.s
	want := []string{f.t1.GID, f.t2.GID}
	for i := range 250 {
		sec := f.secA.GID
		if i%2 == 1 {
			sec = f.secB.GID
		}
		tk := Must(s.AddTask(Task{Name: fmt.Sprint("bulk ", i), Memberships: []TaskMembership{{ProjectGID: f.pub.GID, SectionGID: sec}}}))
		want = append(want, tk.GID)
	}
	// The list view order: section A's tasks, then section B's.
	rank := map[string]int{}
	for _, g := range want {
		if tk, _ := s.Task(g); tk.Memberships[0].SectionGID == f.secB.GID {
			rank[g] = 1
		}
	}
	slices.SortStableFunc(want, func(a, b string) int { return rank[a] - rank[b] })
	got := listAll(t, s, f.saTok, "/projects/"+f.pub.GID+"/tasks", 100, nil)
	if !slices.Equal(got, want) {
		t.Fatalf("pages: %d tasks, want %d in section order", len(got), len(want))
	}
	// A page boundary survives inserts ahead of it; an old offset expires.
	doc := must(t, s, f.saTok, "GET", "/tasks?project="+f.pub.GID+"&limit=100", "", 200)
	off := doc["next_page"].(map[string]any)["offset"].(string)
	Must(s.AddTask(Task{Name: "late", Memberships: []TaskMembership{{ProjectGID: f.pub.GID, SectionGID: f.secA.GID}}}))
	next := gids(t, must(t, s, f.saTok, "GET", "/tasks?project="+f.pub.GID+"&limit=100&offset="+url.QueryEscape(off), "", 200))
	if next[0] != want[100] {
		t.Errorf("second page starts at %s, want %s", next[0], want[100])
	}
	s.Clock().Advance(16 * time.Minute)
	code, _, d := call(t, s, f.saTok, "GET", "/tasks?project="+f.pub.GID+"&limit=100&offset="+url.QueryEscape(off), "")
	if code != 400 || errMessage(d) != msgOffsetExpired {
		t.Errorf("expired offset: %d %v", code, d)
	}
	// Without limit the list is too large past the fake's cap.
	small := newWorkFixture(t, WithMaxUnpaginated(1))
	if code, _, d := call(t, small.s, small.saTok, "GET", "/projects/"+small.pub.GID+"/tasks", ""); code != 400 || errMessage(d) != msgTooLarge {
		t.Errorf("unpaginated: %d %v", code, d)
	}
}

func TestTaskDuplicate(t *testing.T) {
	f := newWorkFixture(t)
	must(t, f.s, f.memberTok, "PUT", "/tasks/"+f.t1.GID, `{"data":{"notes":"n","assignee":"me"}}`, 200)
	job := data(t, must(t, f.s, f.memberTok, "POST", "/tasks/"+f.t1.GID+"/duplicate", `{"data":{"name":"copy","include":["notes","subtasks","projects"]}}`, 201))
	if job["resource_subtype"] != "duplicate_task" {
		t.Errorf("job %v", job)
	}
	nt := job["new_task"].(map[string]any)["gid"].(string)
	d := data(t, must(t, f.s, f.memberTok, "GET", "/tasks/"+nt, "", 200))
	if d["name"] != "copy" || d["notes"] != "n" || d["assignee"] != nil || d["num_subtasks"] != 1.0 || !refsContain(d["projects"], f.pub.GID) {
		t.Errorf("copy %v", d)
	}
	if j := data(t, must(t, f.s, f.memberTok, "GET", "/jobs/"+job["gid"].(string), "", 200)); j["status"] != "succeeded" {
		t.Errorf("job %v", j)
	}
	code, _, doc := call(t, f.s, f.memberTok, "POST", "/tasks/"+f.t1.GID+"/duplicate", `{"data":{"name":"c","include":"tags,colour"}}`)
	if code != 400 || errMessage(doc) != `include: Not a valid enum value: "colour"` {
		t.Errorf("bad include: %d %v", code, doc)
	}
}

func TestTaskSearch(t *testing.T) {
	f := newWorkFixture(t)
	s := f.s
	s.Clock().Advance(time.Minute)
	must(t, s, f.saTok, "PUT", "/tasks/"+f.t2.GID, `{"data":{"completed":true,"due_on":"2026-02-01","assignee":"`+f.member.GID+`"}}`, 200)
	base := "/workspaces/" + f.org.GID + "/tasks/search?"
	tests := []struct {
		query string
		want  []string
	}{
		{"text=ONE", []string{f.t1.GID}},
		{"completed=true", []string{f.t2.GID}},
		{"assignee.any=" + f.member.GID, []string{f.t2.GID}},
		{"projects.any=" + f.pub.GID + "&sort_by=created_at&sort_ascending=true", []string{f.t1.GID, f.t2.GID}},
		{"is_subtask=true", []string{f.sub.GID}},
		{"due_on.after=2026-01-15", []string{f.t2.GID}},
		{"sections.any=" + f.secA.GID, []string{f.t1.GID}},
		{"modified_at.after=" + url.QueryEscape(DefaultStart.Add(time.Second).Format(time.RFC3339)), []string{f.t2.GID}},
	}
	for _, tt := range tests {
		if got := gids(t, must(t, s, f.saTok, "GET", base+tt.query, "", 200)); !slices.Equal(got, tt.want) {
			t.Errorf("%s: %v, want %v", tt.query, got, tt.want)
		}
	}
	// A member does not find tasks of a project they cannot see.
	if got := gids(t, must(t, s, f.memberTok, "GET", base+"text=salaries", "", 200)); len(got) != 0 {
		t.Errorf("member found %v", got)
	}
}
