package asanatest

import (
	"net/http"
	"testing"
)

func TestProjectBriefs(t *testing.T) {
	f := newWorkFixture(t)
	s, tok := f.s, f.memberTok
	p := "/projects/" + f.pub.GID
	if got := data(t, must(t, s, tok, "GET", p+"?opt_fields=project_brief", "", 200))["project_brief"]; got != nil {
		t.Fatalf("project_brief before: %v", got)
	}
	b := data(t, must(t, s, tok, "POST", p+"/project_briefs", `{"data":{"title":"Why","html_text":"<body>Ship &amp; tell</body>"}}`, 201))
	g := b["gid"].(string)
	if b["title"] != "Why" || b["html_text"] != "<body>Ship &amp; tell</body>" || b["project"].(map[string]any)["gid"] != f.pub.GID || b["permalink_url"] == nil {
		t.Errorf("created %v", b)
	}
	if _, ok := b["text"]; ok {
		t.Errorf("text is opt-in: %v", b)
	}
	ref := data(t, must(t, s, tok, "GET", p+"?opt_fields=project_brief", "", 200))["project_brief"].(map[string]any)
	if ref["gid"] != g || ref["resource_type"] != "project_brief" {
		t.Errorf("project_brief %v", ref)
	}
	if got := data(t, must(t, s, tok, "GET", "/project_briefs/"+g+"?opt_fields=text,title", "", 200)); got["text"] != "Ship & tell" || got["title"] != "Why" {
		t.Errorf("opt_fields %v", got)
	}
	upd := data(t, must(t, s, tok, "PUT", "/project_briefs/"+g, `{"data":{"text":"Plain"}}`, 200))
	if upd["html_text"] != "<body>Plain</body>" || upd["title"] != "Why" {
		t.Errorf("updated %v", upd)
	}

	// Attachments on a brief: listed, downloadable, gone with the brief.
	code, doc := upload(t, s, tok, map[string]string{"parent": g}, "brief.txt", "brief bytes")
	if code != 200 {
		t.Fatalf("upload to brief: %d %v", code, doc)
	}
	a := data(t, doc)
	if a["parent"].(map[string]any)["resource_type"] != "project_brief" {
		t.Errorf("attachment parent %v", a["parent"])
	}
	if got := gids(t, must(t, s, tok, "GET", "/attachments?parent="+g, "", 200)); len(got) != 1 || got[0] != a["gid"] {
		t.Errorf("brief attachments %v", got)
	}
	if r := fetch(t, s, a["download_url"].(string)); r.StatusCode != 200 {
		t.Errorf("brief attachment download: %d", r.StatusCode)
	}

	tests := []struct {
		name, tok, method, path, body string
		want                          int
	}{
		{"second brief", tok, "POST", p + "/project_briefs", `{"data":{"title":"Again"}}`, http.StatusBadRequest},
		{"text and html_text", tok, "PUT", "/project_briefs/" + g, `{"data":{"text":"a","html_text":"<body>b</body>"}}`, http.StatusBadRequest},
		{"bad gid", tok, "GET", "/project_briefs/x1", "", http.StatusBadRequest},
		{"missing", tok, "GET", "/project_briefs/999999999", "", http.StatusNotFound},
		{"outsider reads", f.outsiderTok, "GET", "/project_briefs/" + g, "", http.StatusForbidden},
		{"member on a private project", tok, "POST", "/projects/" + f.priv.GID + "/project_briefs", `{"data":{"title":"x"}}`, http.StatusForbidden},
		{"no such project", tok, "POST", "/projects/999999999/project_briefs", `{"data":{}}`, http.StatusNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			must(t, s, tt.tok, tt.method, tt.path, tt.body, tt.want)
		})
	}
	// The service account sees and writes every brief of its organization.
	sb := data(t, must(t, s, f.saTok, "POST", "/projects/"+f.priv.GID+"/project_briefs", `{"data":{"title":"Pay"}}`, 201))
	must(t, s, tok, "GET", "/project_briefs/"+sb["gid"].(string), "", http.StatusForbidden)
	must(t, s, f.saTok, "DELETE", "/project_briefs/"+sb["gid"].(string), "", 200)

	must(t, s, tok, "DELETE", "/project_briefs/"+g, "", 200)
	must(t, s, tok, "GET", "/project_briefs/"+g, "", http.StatusNotFound)
	must(t, s, tok, "GET", "/attachments/"+a["gid"].(string), "", http.StatusNotFound)
	if got := data(t, must(t, s, tok, "GET", p+"?opt_fields=project_brief", "", 200))["project_brief"]; got != nil {
		t.Errorf("project_brief after delete: %v", got)
	}

	// Seeded briefs go with their project.
	seeded, err := s.AddProjectBrief(ProjectBrief{ProjectGID: f.pub.GID, Title: "Seeded"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddProjectBrief(ProjectBrief{ProjectGID: f.pub.GID}); err == nil {
		t.Error("a second seeded brief was accepted")
	}
	must(t, s, tok, "DELETE", p, "", 200)
	must(t, s, f.saTok, "GET", "/project_briefs/"+seeded.GID, "", http.StatusNotFound)
}
