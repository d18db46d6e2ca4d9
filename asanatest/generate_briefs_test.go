package asanatest

import (
	"io"
	"reflect"
	"testing"
)

// TestGenerateBriefsAndFiles checks that Generate gives some projects a
// brief and some tasks a downloadable file, the same for the same seed.
func TestGenerateBriefsAndFiles(t *testing.T) {
	run := func() (*Server, *Org) {
		s := Must(New())
		t.Cleanup(s.Close)
		return s, Must(s.Generate(5, Sizes{Users: 30, Projects: 40, TasksPerProject: 3}))
	}
	files := func(s *Server, org *Org) map[string]string {
		out := map[string]string{}
		for _, p := range org.Projects {
			for _, tk := range gids(t, must(t, s, org.ServiceAccountToken, "GET", "/tasks?project="+p.GID, "", 200)) {
				for _, a := range must(t, s, org.ServiceAccountToken, "GET", "/attachments?parent="+tk+"&opt_fields=download_url", "", 200)["data"].([]any) {
					resp := fetch(t, s, a.(map[string]any)["download_url"].(string))
					b, _ := io.ReadAll(resp.Body)
					if resp.StatusCode != 200 || len(b) == 0 {
						t.Fatalf("download: %d, %d bytes", resp.StatusCode, len(b))
					}
					out[a.(map[string]any)["gid"].(string)] = string(b)
				}
			}
		}
		return out
	}
	s, org := run()
	if len(org.ProjectBriefs) == 0 || org.AttachedFiles == 0 {
		t.Fatalf("%d briefs, %d files", len(org.ProjectBriefs), org.AttachedFiles)
	}
	b := org.ProjectBriefs[0]
	got := data(t, must(t, s, org.ServiceAccountToken, "GET", "/projects/"+b.ProjectGID+"?opt_fields=project_brief", "", 200))
	if got["project_brief"].(map[string]any)["gid"] != b.GID {
		t.Errorf("project_brief %v, want %s", got["project_brief"], b.GID)
	}
	first := files(s, org)
	if len(first) != org.AttachedFiles {
		t.Errorf("%d files downloaded, %d generated", len(first), org.AttachedFiles)
	}
	s2, org2 := run()
	if !reflect.DeepEqual(org2.ProjectBriefs, org.ProjectBriefs) || !reflect.DeepEqual(files(s2, org2), first) {
		t.Error("a second Generate with the same seed made other briefs or files")
	}
}
