package asanatest

import (
	"testing"
	"time"
)

func TestStoriesMatrix(t *testing.T) {
	runMatrix(t, []matrixCase{
		{"list", "GET", func(f *workFixture) string { return "/tasks/" + f.t1.GID + "/stories" }, nil, matrixWant{200, 200, 200, 403, 403}},
		{"comment", "POST", func(f *workFixture) string { return "/tasks/" + f.t1.GID + "/stories" }, fixed(`{"data":{"text":"hi"}}`), matrixWant{201, 201, 201, 403, 403}},
		{"comment on own task", "POST", func(f *workFixture) string { return "/tasks/" + f.guestT.GID + "/stories" }, fixed(`{"data":{"text":"hi"}}`), matrixWant{201, 403, 403, 201, 403}},
	})
}

func TestComments(t *testing.T) {
	f := newWorkFixture(t)
	s, tok := f.s, f.memberTok
	on := "/tasks/" + f.t1.GID + "/stories"
	s.Clock().Advance(time.Minute)
	code, h, doc := call(t, s, tok, "POST", on, `{"data":{"html_text":"<body>Ship <strong>it</strong> &amp; smile</body>","is_pinned":true}}`)
	if code != 201 || h.Get("Location") == "" {
		t.Fatalf("comment: %d %v", code, doc)
	}
	c := data(t, doc)
	g := c["gid"].(string)
	if c["text"] != "Ship it & smile" || c["resource_subtype"] != "comment_added" || c["type"] != "comment" || c["is_pinned"] != true ||
		c["created_by"].(map[string]any)["gid"] != f.member.GID || c["target"].(map[string]any)["gid"] != f.t1.GID {
		t.Errorf("comment %v", c)
	}
	if task, _ := s.Task(f.t1.GID); !task.ModifiedAt.Equal(s.Clock().Now()) {
		t.Errorf("comment did not modify the task: %v", task.ModifiedAt)
	}
	if got := gids(t, must(t, s, tok, "GET", on, "", 200)); len(got) != 1 || got[0] != g {
		t.Errorf("stories %v", got)
	}
	d := data(t, must(t, s, tok, "PUT", "/stories/"+g, `{"data":{"text":"Shipped","is_pinned":false}}`, 200))
	if d["text"] != "Shipped" || d["html_text"] != "<body>Shipped</body>" || d["is_pinned"] != false {
		t.Errorf("updated %v", d)
	}
	sys := Must(s.AddStory(Story{TaskGID: f.t1.GID, CreatedByGID: f.member.GID, ResourceSubtype: "assigned", Text: "assigned to Max"}))
	tests := []struct {
		name, tok, method, path, body string
		status                        int
		msg                           string
	}{
		{"empty", tok, "POST", on, `{"data":{}}`, 400, "text: Missing input"},
		{"blank", tok, "POST", on, `{"data":{"text":"  "}}`, 400, "text: Cannot be empty"},
		{"both", tok, "POST", on, `{"data":{"text":"a","html_text":"<body>a</body>"}}`, 400, "html_text: You may only provide one of text and html_text"},
		{"not author", f.adminTok, "PUT", "/stories/" + g, `{"data":{"text":"mine"}}`, 403, "You can only edit or delete stories you created"},
		{"not author delete", f.saTok, "DELETE", "/stories/" + g, "", 403, "You can only edit or delete stories you created"},
		{"system story", tok, "PUT", "/stories/" + sys.GID, `{"data":{"text":"x"}}`, 403, "Only comments can be edited or deleted"},
		{"hidden", f.guestTok, "GET", "/stories/" + g, "", 403, msgForbidden},
		{"goal", tok, "GET", "/goals/12/stories", "", 404, "goal: Unknown object: 12"},
		{"goal comment", tok, "POST", "/goals/12/stories", `{"data":{"text":"x"}}`, 404, "goal: Unknown object: 12"},
	}
	for _, tt := range tests {
		code, _, doc := call(t, s, tt.tok, tt.method, tt.path, tt.body)
		if code != tt.status || errMessage(doc) != tt.msg {
			t.Errorf("%s: got %d %q, want %d %q", tt.name, code, errMessage(doc), tt.status, tt.msg)
		}
	}
	must(t, s, tok, "DELETE", "/stories/"+g, "", 200)
	must(t, s, tok, "GET", "/stories/"+g, "", 404)
	// Stories of a deleted task are gone with it.
	must(t, s, tok, "DELETE", "/tasks/"+f.t1.GID, "", 200)
	must(t, s, tok, "GET", "/stories/"+sys.GID, "", 404)
}
