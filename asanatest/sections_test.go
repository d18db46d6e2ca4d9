package asanatest

import (
	"slices"
	"testing"
)

func TestSectionsMatrix(t *testing.T) {
	sec := func(f *workFixture) string { return "/sections/" + f.secA.GID }
	runMatrix(t, []matrixCase{
		{"get", "GET", sec, nil, matrixWant{200, 200, 200, 403, 403}},
		{"list", "GET", func(f *workFixture) string { return "/projects/" + f.priv.GID + "/sections" }, nil, matrixWant{200, 200, 403, 403, 403}},
		{"rename", "PUT", sec, fixed(`{"data":{"name":"Now"}}`), matrixWant{200, 200, 200, 403, 403}},
		{"create", "POST", func(f *workFixture) string { return "/projects/" + f.pub.GID + "/sections" }, fixed(`{"data":{"name":"C"}}`), matrixWant{201, 201, 201, 403, 403}},
		{"tasks", "GET", func(f *workFixture) string { return sec(f) + "/tasks" }, nil, matrixWant{200, 200, 200, 403, 403}},
	})
}

func TestSections(t *testing.T) {
	f := newWorkFixture(t)
	s, tok := f.s, f.memberTok
	p := "/projects/" + f.pub.GID
	list := func() []string { return listAll(t, s, tok, p+"/sections", 1, nil) }
	c := data(t, must(t, s, tok, "POST", p+"/sections", `{"data":{"name":"C","insert_before":"`+f.secB.GID+`"}}`, 201))["gid"].(string)
	if got := list(); !slices.Equal(got, []string{f.secA.GID, c, f.secB.GID}) {
		t.Errorf("after create: %v", got)
	}
	must(t, s, tok, "POST", p+"/sections/insert", `{"data":{"section":"`+f.secA.GID+`","after_section":"`+f.secB.GID+`"}}`, 200)
	if got := list(); !slices.Equal(got, []string{c, f.secB.GID, f.secA.GID}) {
		t.Errorf("after insert: %v", got)
	}
	// Tasks follow their sections' order.
	if got := gids(t, must(t, s, tok, "GET", p+"/tasks", "", 200)); !slices.Equal(got, []string{f.t2.GID, f.t1.GID}) {
		t.Errorf("tasks in section order: %v", got)
	}
	d := data(t, must(t, s, tok, "PUT", "/sections/"+c, `{"data":{"name":"Doing","insert_after":"`+f.secA.GID+`"}}`, 200))
	if d["name"] != "Doing" || d["project"].(map[string]any)["gid"] != f.pub.GID {
		t.Errorf("updated %v", d)
	}
	tests := []struct {
		name, method, path, body string
		status                   int
		msg                      string
	}{
		{"not empty", "DELETE", "/sections/" + f.secA.GID, "", 400, "Sections must be empty to be deleted"},
		{"no name", "POST", p + "/sections", `{"data":{}}`, 400, "name: Missing input"},
		{"blank name", "PUT", "/sections/" + c, `{"data":{"name":" "}}`, 400, "name: Cannot be empty"},
		{"insert needs anchor", "POST", p + "/sections/insert", `{"data":{"section":"` + c + `"}}`, 400, "before_section: You must provide one of before_section and after_section"},
		{"insert both", "POST", p + "/sections/insert", `{"data":{"section":"` + c + `","before_section":"` + f.secA.GID + `","after_section":"` + f.secB.GID + `"}}`, 400, "before_section: You may only provide one of before_section and after_section"},
		{"foreign section", "POST", p + "/sections/insert", `{"data":{"section":"` + c + `","before_section":"` + f.t1.GID + `"}}`, 400, "before_section: Not a section of project " + f.pub.GID + ": " + f.t1.GID},
		{"unknown", "GET", "/sections/5", "", 404, "section: Unknown object: 5"},
		{"add before itself", "POST", "/sections/" + f.secA.GID + "/addTask", `{"data":{"task":"` + f.t1.GID + `","insert_before":"` + f.t1.GID + `"}}`, 400, "insert_before: Cannot place a task relative to itself: " + f.t1.GID},
		{"add foreign task", "POST", "/sections/" + c + "/addTask", `{"data":{"task":"` + f.t1.GID + `","insert_before":"` + f.t2.GID + `"}}`, 400, "insert_before: Not a task of section " + c + ": " + f.t2.GID},
	}
	for _, tt := range tests {
		code, _, doc := call(t, s, tok, tt.method, tt.path, tt.body)
		if code != tt.status || errMessage(doc) != tt.msg {
			t.Errorf("%s: got %d %q, want %d %q", tt.name, code, errMessage(doc), tt.status, tt.msg)
		}
	}
	must(t, s, tok, "DELETE", "/sections/"+c, "", 200)
	must(t, s, tok, "GET", "/sections/"+c, "", 404)
	// Emptied of its task, B can go; the last section cannot.
	must(t, s, tok, "POST", "/sections/"+f.secA.GID+"/addTask", `{"data":{"task":"`+f.t2.GID+`","insert_after":"`+f.t1.GID+`"}}`, 200)
	must(t, s, tok, "DELETE", "/sections/"+f.secB.GID, "", 200)
	code, _, doc := call(t, s, tok, "DELETE", "/sections/"+f.secA.GID, "")
	if code != 400 || errMessage(doc) != "The last remaining section of a project cannot be deleted" {
		t.Errorf("deleting the last section: %d %v", code, doc)
	}
	if got := gids(t, must(t, s, tok, "GET", "/sections/"+f.secA.GID+"/tasks", "", 200)); !slices.Equal(got, []string{f.t1.GID, f.t2.GID}) {
		t.Errorf("section A %v", got)
	}
}
