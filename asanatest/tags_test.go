package asanatest

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// seededTag seeds one tag per fixture (path funcs of a matrix may run
// more than once).
func seededTag() func(f *workFixture) Tag {
	tags := map[*workFixture]Tag{}
	return func(f *workFixture) Tag {
		if tg, ok := tags[f]; ok {
			return tg
		}
		tg := Must(f.s.AddTag(Tag{WorkspaceGID: f.org.GID, Name: "urgent"}))
		tags[f] = tg
		return tg
	}
}

func TestTagsMatrix(t *testing.T) {
	tag := seededTag()
	at := func(f *workFixture) string { return "/tags/" + tag(f).GID }
	runMatrix(t, []matrixCase{
		{"get", "GET", at, nil, matrixWant{200, 200, 200, 403, 403}},
		{"workspace tags", "GET", func(f *workFixture) string { return "/workspaces/" + f.org.GID + "/tags" }, nil, matrixWant{200, 200, 200, 200, 403}},
		{"tags", "GET", func(f *workFixture) string { return "/tags?workspace=" + f.org.GID }, nil, matrixWant{200, 200, 200, 200, 403}},
		{"create", "POST", func(f *workFixture) string { return "/workspaces/" + f.org.GID + "/tags" }, fixed(`{"data":{"name":"new"}}`), matrixWant{201, 201, 201, 201, 403}},
		{"update", "PUT", at, fixed(`{"data":{"notes":"n"}}`), matrixWant{200, 200, 200, 403, 403}},
		{"delete", "DELETE", at, nil, matrixWant{200, 200, 200, 403, 403}},
		{"tasks", "GET", func(f *workFixture) string { return at(f) + "/tasks" }, nil, matrixWant{200, 200, 200, 403, 403}},
		{"add to task", "POST", func(f *workFixture) string { return "/tasks/" + f.t1.GID + "/addTag" },
			func(f *workFixture) string { return `{"data":{"tag":"` + tag(f).GID + `"}}` }, matrixWant{200, 200, 200, 403, 403}},
		{"add to hidden task", "POST", func(f *workFixture) string { return "/tasks/" + f.hidden.GID + "/addTag" },
			func(f *workFixture) string { return `{"data":{"tag":"` + tag(f).GID + `"}}` }, matrixWant{200, 200, 403, 403, 403}},
	})
}

func TestTags(t *testing.T) {
	f := newWorkFixture(t)
	s, tok := f.s, f.memberTok
	code, h, doc := call(t, s, tok, "POST", "/tags", `{"data":{"workspace":"`+f.org.GID+`","name":"urgent","color":"dark-red","followers":["`+f.admin.Email+`"]}}`)
	if code != 201 || !strings.HasSuffix(h.Get("Location"), "/tags/"+data(t, doc)["gid"].(string)) {
		t.Fatalf("create: %d %v %v", code, h, doc)
	}
	tg := data(t, doc)
	tagGID := tg["gid"].(string)
	var followers []string
	for _, u := range tg["followers"].([]any) {
		followers = append(followers, u.(map[string]any)["gid"].(string))
	}
	if tg["name"] != "urgent" || tg["color"] != "dark-red" || !slices.Equal(followers, []string{f.member.GID, f.admin.GID}) ||
		tg["workspace"].(map[string]any)["gid"] != f.org.GID {
		t.Errorf("created %v", tg)
	}

	s.Clock().Advance(time.Minute)
	must(t, s, tok, "POST", "/tasks/"+f.t1.GID+"/addTag", `{"data":{"tag":"`+tagGID+`"}}`, 200)
	must(t, s, tok, "POST", "/tasks/"+f.t1.GID+"/addTag", `{"data":{"tag":"`+tagGID+`"}}`, 200) // again: no change
	must(t, s, f.saTok, "POST", "/tasks/"+f.hidden.GID+"/addTag", `{"data":{"tag":"`+tagGID+`"}}`, 200)
	task := data(t, must(t, s, tok, "GET", "/tasks/"+f.t1.GID+"?opt_fields=tags.name,modified_at", "", 200))
	if tags := task["tags"].([]any); len(tags) != 1 || tags[0].(map[string]any)["name"] != "urgent" {
		t.Errorf("task tags %v", task)
	}
	if task["modified_at"] != s.Clock().Now().UTC().Format("2006-01-02T15:04:05.000Z") {
		t.Errorf("modified_at %v, want the time of addTag", task["modified_at"])
	}
	var added int
	for _, st := range must(t, s, tok, "GET", "/tasks/"+f.t1.GID+"/stories?opt_fields=resource_subtype", "", 200)["data"].([]any) {
		if st.(map[string]any)["resource_subtype"] == "added_to_tag" {
			added++
		}
	}
	if added != 1 {
		t.Errorf("%d added_to_tag stories, want 1", added)
	}
	var ev []Event
	for _, e := range s.Events(f.t1.GID) {
		if e.ParentType == "tag" {
			ev = append(ev, e)
		}
	}
	if len(ev) != 1 || ev[0].Action != "added" || ev[0].ResourceGID != f.t1.GID || ev[0].ParentGID != tagGID {
		t.Errorf("tag events %+v", ev)
	}
	// The member sees only the tasks they can see; the service account both.
	for _, p := range []string{"/tags/" + tagGID + "/tasks", "/tasks?tag=" + tagGID} {
		if got := gids(t, must(t, s, tok, "GET", p, "", 200)); !slices.Equal(got, []string{f.t1.GID}) {
			t.Errorf("member %s: %v", p, got)
		}
		if got := gids(t, must(t, s, f.saTok, "GET", p, "", 200)); !slices.Equal(got, []string{f.t1.GID, f.hidden.GID}) {
			t.Errorf("service account %s: %v", p, got)
		}
	}
	if got := gids(t, must(t, s, tok, "GET", "/tasks/"+f.t1.GID+"/tags", "", 200)); !slices.Equal(got, []string{tagGID}) {
		t.Errorf("tags of task %v", got)
	}

	// A new task with tags, and a duplicate that keeps them.
	nt := data(t, must(t, s, tok, "POST", "/tasks", `{"data":{"workspace":"`+f.org.GID+`","name":"n","tags":["`+tagGID+`"]}}`, 201))
	if tags := nt["tags"].([]any); len(tags) != 1 {
		t.Errorf("created task tags %v", nt)
	}
	must(t, s, tok, "POST", "/tasks/"+nt["gid"].(string)+"/duplicate", `{"data":{"name":"n2","include":["tags"]}}`, 201)
	if got := gids(t, must(t, s, f.saTok, "GET", "/tags/"+tagGID+"/tasks", "", 200)); len(got) != 4 {
		t.Errorf("tasks after create and duplicate: %v", got)
	}

	must(t, s, tok, "POST", "/tasks/"+f.t1.GID+"/removeTag", `{"data":{"tag":"`+tagGID+`"}}`, 200)
	if got := gids(t, must(t, s, tok, "GET", "/tasks/"+f.t1.GID+"/tags", "", 200)); len(got) != 0 {
		t.Errorf("tags after removeTag %v", got)
	}

	up := data(t, must(t, s, tok, "PUT", "/tags/"+tagGID, `{"data":{"name":"later","color":null,"notes":"soon"}}`, 200))
	if up["name"] != "later" || up["color"] != nil || up["notes"] != "soon" {
		t.Errorf("updated %v", up)
	}

	tests := []struct {
		name, method, path, body string
		status                   int
		msg                      string
	}{
		{"no workspace", "POST", "/tags", `{"data":{"name":"x"}}`, 400, "workspace: Missing input"},
		{"no name", "POST", "/workspaces/" + f.org.GID + "/tags", `{"data":{"color":"dark-red"}}`, 400, "name: Missing input"},
		{"bad color", "POST", "/workspaces/" + f.org.GID + "/tags", `{"data":{"name":"x","color":"pink"}}`, 400, `color: Not a valid enum value: "pink"`},
		{"blank rename", "PUT", "/tags/" + tagGID, `{"data":{"name":" "}}`, 400, "name: Cannot be empty"},
		{"list needs workspace", "GET", "/tags", "", 400, "workspace: Missing input"},
		{"unknown", "GET", "/tags/5", "", 404, "tag: Unknown object: 5"},
		{"malformed", "GET", "/tags/x", "", 400, "tag: Not a Long: x"},
		{"add needs tag", "POST", "/tasks/" + f.t1.GID + "/addTag", `{"data":{}}`, 400, "tag: Missing input"},
		{"add unknown tag", "POST", "/tasks/" + f.t1.GID + "/addTag", `{"data":{"tag":"5"}}`, 404, "tag: Unknown object: 5"},
		{"create task with unknown tag", "POST", "/tasks", `{"data":{"workspace":"` + f.org.GID + `","tags":["5"]}}`, 404, "tags: Unknown object: 5"},
		{"updateTask cannot tag", "PUT", "/tasks/" + f.t1.GID, `{"data":{"tags":["` + tagGID + `"]}}`, 400,
			"tags: Cannot be changed with this request: use the task's tags endpoints"},
	}
	for _, tt := range tests {
		code, _, doc := call(t, s, tok, tt.method, tt.path, tt.body)
		if code != tt.status || errMessage(doc) != tt.msg {
			t.Errorf("%s: got %d %q, want %d %q", tt.name, code, errMessage(doc), tt.status, tt.msg)
		}
	}

	// Deleting the tag takes it off its tasks; they stay.
	must(t, s, tok, "DELETE", "/tags/"+tagGID, "", 200)
	must(t, s, tok, "GET", "/tags/"+tagGID, "", 404)
	if tags := data(t, must(t, s, tok, "GET", "/tasks/"+nt["gid"].(string)+"?opt_fields=tags", "", 200))["tags"].([]any); len(tags) != 0 {
		t.Errorf("task keeps a deleted tag: %v", tags)
	}
	if got, _ := s.Task(f.hidden.GID); len(got.TagGIDs) != 0 {
		t.Errorf("hidden task keeps a deleted tag: %v", got.TagGIDs)
	}
}

func TestTagsPaginationAndGuests(t *testing.T) {
	f := newWorkFixture(t)
	s := f.s
	var want []string
	for _, n := range []string{"a", "b", "c"} {
		want = append(want, Must(s.AddTag(Tag{WorkspaceGID: f.org.GID, Name: n})).GID)
	}
	guestTag := Must(s.AddTag(Tag{WorkspaceGID: f.org.GID, Name: "for gus", FollowerGIDs: []string{f.guest.GID}}))
	want = append(want, guestTag.GID)
	Must(s.AddTag(Tag{WorkspaceGID: f.other.GID, Name: "elsewhere"}))
	for _, p := range []string{"/tags?workspace=" + f.org.GID, "/workspaces/" + f.org.GID + "/tags"} {
		if got := listAll(t, s, f.memberTok, p, 2, nil); !slices.Equal(got, want) {
			t.Errorf("member %s by 2: %v, want %v", p, got, want)
		}
		if got := listAll(t, s, f.guestTok, p, 1, nil); !slices.Equal(got, []string{guestTag.GID}) {
			t.Errorf("guest %s: %v", p, got)
		}
	}
	d := data(t, must(t, s, f.memberTok, "GET", "/tags/"+guestTag.GID+"?opt_fields=name,followers.name,permalink_url", "", 200))
	if d["name"] != "for gus" || d["followers"].([]any)[0].(map[string]any)["name"] != "Gus" || d["color"] != nil {
		t.Errorf("opt_fields %v", d)
	}
	// Seeding checks the workspace of a task's tags.
	if _, err := s.AddTask(Task{Name: "x", WorkspaceGID: f.other.GID, TagGIDs: []string{guestTag.GID}}); err == nil {
		t.Error("AddTask with a tag of another workspace succeeded")
	}
	if err := s.TagTask(f.t1.GID, "5"); err == nil {
		t.Error("TagTask with an unknown tag succeeded")
	}
	if _, err := s.AddTag(Tag{WorkspaceGID: f.org.GID, Name: "x", Color: "pink"}); err == nil {
		t.Error("AddTag with a bad color succeeded")
	}
}

func TestTaskSearchByTags(t *testing.T) {
	f := newWorkFixture(t)
	s := f.s
	a := Must(s.AddTag(Tag{WorkspaceGID: f.org.GID, Name: "a"}))
	b := Must(s.AddTag(Tag{WorkspaceGID: f.org.GID, Name: "b"}))
	for _, tt := range [][2]string{{f.t1.GID, a.GID}, {f.t1.GID, b.GID}, {f.t2.GID, b.GID}} {
		if err := s.TagTask(tt[0], tt[1]); err != nil {
			t.Fatal(err)
		}
	}
	base := "/workspaces/" + f.org.GID + "/tasks/search?sort_by=created_at&sort_ascending=true&resource_subtype=default_task&is_subtask=false&projects.any=" + f.pub.GID + "&"
	for _, tt := range []struct {
		query string
		want  []string
	}{
		{"tags.any=" + a.GID, []string{f.t1.GID}},
		{"tags.any=" + a.GID + "," + b.GID, []string{f.t1.GID, f.t2.GID}},
		{"tags.all=" + a.GID + "," + b.GID, []string{f.t1.GID}},
		{"tags.not=" + a.GID, []string{f.t2.GID}},
	} {
		if got := gids(t, must(t, s, f.saTok, "GET", base+tt.query, "", 200)); !slices.Equal(got, tt.want) {
			t.Errorf("%s: %v, want %v", tt.query, got, tt.want)
		}
	}
}
