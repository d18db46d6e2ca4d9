package asanatest

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// benchProject seeds a project of n tasks in two sections, with the rate
// limit off, and returns the fixture and the project.
func benchProject(b *testing.B, n int) *workFixture {
	b.Helper()
	f := newWorkFixture(b, WithRateLimit(0, 0))
	for i := range n {
		sec := f.secA.GID
		if i%2 == 1 {
			sec = f.secB.GID
		}
		Must(f.s.AddTask(Task{Name: fmt.Sprint("task ", i), Notes: "notes", AssigneeGID: f.member.GID,
			Memberships: []TaskMembership{{ProjectGID: f.pub.GID, SectionGID: sec}}}))
	}
	return f
}

func doBench(b *testing.B, c *http.Client, req *http.Request) {
	resp, err := c.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode >= 300 {
		b.Fatalf("status %d", resp.StatusCode)
	}
}

// BenchmarkProjectTasksPage lists a 10k-task project 100 tasks a page, in
// process, following next_page offsets: one op is one page.
func BenchmarkProjectTasksPage(b *testing.B) {
	f := benchProject(b, 10_000)
	c := f.s.HTTPClient()
	base := f.s.URL() + "/projects/" + f.pub.GID + "/tasks?limit=100&opt_fields=name,assignee,completed,modified_at,memberships.section.name"
	offsets := []string{""}
	for _, off := range offsets {
		u := base
		if off != "" {
			u += "&offset=" + url.QueryEscape(off)
		}
		doc := must(b, f.s, f.saTok, "GET", u[len(f.s.URL()):], "", 200)
		if np, _ := doc["next_page"].(map[string]any); np != nil {
			offsets = append(offsets, np["offset"].(string))
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		u := base
		if off := offsets[i%len(offsets)]; off != "" {
			u += "&offset=" + url.QueryEscape(off)
		}
		req, _ := http.NewRequest("GET", u, nil)
		req.Header.Set("Authorization", "Bearer "+f.saTok)
		doBench(b, c, req)
	}
}

// BenchmarkCreateTask creates tasks in a project, in process.
func BenchmarkCreateTask(b *testing.B) {
	f := benchProject(b, 0)
	c := f.s.HTTPClient()
	body := `{"data":{"name":"bench","notes":"n","assignee":"me","projects":["` + f.pub.GID + `"]}}`
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		req, _ := http.NewRequest("POST", f.s.URL()+"/tasks", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+f.memberTok)
		req.Header.Set("Content-Type", "application/json")
		doBench(b, c, req)
	}
}

// BenchmarkExportDownload renders and gzips a 10k-task organization export.
func BenchmarkExportDownload(b *testing.B) {
	f := benchProject(b, 10_000)
	e := Must(f.s.AddOrganizationExport(OrganizationExport{OrganizationGID: f.org.GID, State: ExportFinished}))
	dl := data(b, must(b, f.s, f.saTok, "GET", "/organization_exports/"+e.GID, "", 200))["download_url"].(string)
	c := f.s.HTTPClient()
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		req, _ := http.NewRequest("GET", dl, nil)
		doBench(b, c, req)
	}
}
