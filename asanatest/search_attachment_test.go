package asanatest

import (
	"slices"
	"testing"
)

// TestTaskSearchHasAttachment: has_attachment=true finds the tasks with
// an attachment, has_attachment=false the others.
func TestTaskSearchHasAttachment(t *testing.T) {
	f := newWorkFixture(t)
	if _, err := f.s.AddAttachment(Attachment{ParentGID: f.t1.GID, Name: "spec.pdf", ResourceSubtype: "external",
		ViewURL: "https://files.example/spec.pdf"}); err != nil {
		t.Fatal(err)
	}
	base := "/workspaces/" + f.org.GID + "/tasks/search?"
	for _, tt := range []struct {
		query    string
		has, not []string // found, and not found
	}{
		{"has_attachment=true", []string{f.t1.GID}, []string{f.t2.GID, f.sub.GID}},
		{"has_attachment=false", []string{f.t2.GID, f.sub.GID}, []string{f.t1.GID}},
		{"has_attachment=true&is_subtask=true", nil, []string{f.t1.GID, f.t2.GID, f.sub.GID}},
	} {
		got := gids(t, must(t, f.s, f.saTok, "GET", base+tt.query, "", 200))
		for _, g := range tt.has {
			if !slices.Contains(got, g) {
				t.Errorf("%s: %v lacks %s", tt.query, got, g)
			}
		}
		for _, g := range tt.not {
			if slices.Contains(got, g) {
				t.Errorf("%s: %v has %s", tt.query, got, g)
			}
		}
	}
	code, _, _ := call(t, f.s, f.saTok, "GET", base+"has_attachment=maybe", "")
	if code != 400 {
		t.Errorf("has_attachment=maybe: %d, want 400", code)
	}
}
