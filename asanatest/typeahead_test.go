package asanatest

import (
	"net/http"
	"net/url"
	"slices"
	"testing"
)

// TestTypeahead checks matching, visibility, count, the deprecated type
// parameter, opt_fields and the validation errors of the typeahead route.
func TestTypeahead(t *testing.T) {
	f := newFixture(t)
	s := f.s
	open := Must(s.AddProject(Project{WorkspaceGID: f.org.GID, TeamGID: f.public.GID, Name: "Launch plan", PrivacySetting: PrivacyPublicToWorkspace}))
	hidden := Must(s.AddProject(Project{WorkspaceGID: f.org.GID, TeamGID: f.secret.GID, Name: "Secret launch", PrivacySetting: PrivacyPrivate}))
	other := Must(s.AddProject(Project{WorkspaceGID: f.org.GID, TeamGID: f.public.GID, Name: "Budget", PrivacySetting: PrivacyPublicToWorkspace}))
	task := Must(s.AddTask(Task{WorkspaceGID: f.org.GID, Name: "Write launch-notes", Memberships: []TaskMembership{{ProjectGID: open.GID}}}))
	Must(s.AddTask(Task{WorkspaceGID: f.org.GID, Name: "Private launch task", Memberships: []TaskMembership{{ProjectGID: hidden.GID}}}))
	ws := "/workspaces/" + f.org.GID + "/typeahead?"
	tests := []struct {
		name, tok, query string
		status           int
		want             []string // GIDs in order (for 200)
	}{
		{"member sees the public project", f.memberTok, "resource_type=project&query=LAU", 200, []string{open.GID}},
		{"service account sees both", f.saTok, "resource_type=project&query=lau", 200, []string{open.GID, hidden.GID}},
		{"empty query matches all visible", f.memberTok, "resource_type=project", 200, []string{open.GID, other.GID}},
		{"word prefix, not infix", f.saTok, "resource_type=project&query=aunch", 200, nil},
		{"count limits", f.saTok, "resource_type=project&count=1", 200, []string{open.GID}},
		{"deprecated type", f.memberTok, "type=project&query=budget", 200, []string{other.GID}},
		{"tasks split on punctuation", f.memberTok, "resource_type=task&query=notes", 200, []string{task.GID}},
		{"hidden task left out", f.memberTok, "resource_type=task&query=launch", 200, []string{task.GID}},
		{"users by name", f.memberTok, "resource_type=user&query=max", 200, []string{f.member.GID}},
		{"users by email", f.saTok, "resource_type=user&query=ada@", 200, []string{f.admin.GID}},
		{"default is user", f.memberTok, "query=gus", 200, []string{f.guest.GID}},
		{"actor is user", f.memberTok, "resource_type=actor&query=gus", 200, []string{f.guest.GID}},
		{"member sees public team only", f.memberTok, "resource_type=team", 200, []string{f.public.GID}},
		{"service account sees both teams", f.saTok, "resource_type=team", 200, []string{f.public.GID, f.secret.GID}},
		{"agents are not modelled", f.saTok, "resource_type=agent", 200, nil},
		{"unknown type", f.saTok, "resource_type=widget", 400, nil},
		{"count zero", f.saTok, "resource_type=user&count=0", 400, nil},
		{"count too large", f.saTok, "resource_type=user&count=101", 400, nil},
		{"count not a number", f.saTok, "resource_type=user&count=x", 400, nil},
		{"outsider", f.outsiderTok, "resource_type=user", 403, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, doc := call(t, s, tt.tok, "GET", ws+tt.query, "")
			if code != tt.status {
				t.Fatalf("status %d, want %d: %v", code, tt.status, doc)
			}
			if code != http.StatusOK {
				if errMessage(doc) == "" {
					t.Errorf("no error message: %v", doc)
				}
				return
			}
			if _, ok := doc["next_page"]; ok {
				t.Errorf("typeahead answered a next_page: %v", doc)
			}
			var got []string
			for _, d := range doc["data"].([]any) {
				got = append(got, d.(map[string]any)["gid"].(string))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
	q := url.Values{"resource_type": {"project"}, "query": {"budget"}, "opt_fields": {"name"}}
	_, _, doc := call(t, s, f.memberTok, "GET", ws+q.Encode(), "")
	data, _ := doc["data"].([]any)
	if len(data) != 1 || data[0].(map[string]any)["resource_type"] != nil || data[0].(map[string]any)["name"] != "Budget" {
		t.Errorf("opt_fields: %v", doc)
	}
	if code, _, _ := call(t, s, f.saTok, "GET", "/workspaces/1999999999/typeahead?resource_type=user", ""); code != http.StatusNotFound {
		t.Errorf("unknown workspace: %d", code)
	}
}

func TestTypeaheadMatch(t *testing.T) {
	tests := []struct {
		names []string
		query string
		want  bool
	}{
		{[]string{"Launch plan"}, "", true},
		{[]string{"Launch plan"}, "plan", true},
		{[]string{"Launch plan"}, "launch p", true},
		{[]string{"Launch plan"}, "lan", false},
		{[]string{"Ada", "ada@acme.test"}, "acme", true},
		{[]string{"Write launch-notes"}, "notes", true},
	}
	for _, tt := range tests {
		if got := typeaheadMatch(tt.names, tt.query); got != tt.want {
			t.Errorf("typeaheadMatch(%q, %q) = %v", tt.names, tt.query, got)
		}
	}
}
