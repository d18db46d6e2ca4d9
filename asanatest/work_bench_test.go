package asanatest

import (
	"encoding/json"
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

// BenchmarkProjectTasksPage lists a 10k-task project 100 tasks a page,
// following next_page offsets, in process and over a loopback listener:
// one op is one page.
func BenchmarkProjectTasksPage(b *testing.B) {
	f := benchProject(b, 10_000)
	path := "/projects/" + f.pub.GID + "/tasks?limit=100&opt_fields=name,assignee,completed,modified_at,memberships.section.name"
	// Collect every page's offset first (a range over offsets would stop
	// at its initial length).
	offsets := []string{""}
	for i := 0; i < len(offsets); i++ {
		off := offsets[i]
		p := path
		if off != "" {
			p += "&offset=" + url.QueryEscape(off)
		}
		doc := must(b, f.s, f.saTok, "GET", p, "", 200)
		if np, _ := doc["next_page"].(map[string]any); np != nil {
			offsets = append(offsets, np["offset"].(string))
		}
	}
	if len(offsets) < 100 { // 10,000 tasks and the fixture's two
		b.Fatalf("%d pages, want 101", len(offsets))
	}
	loopback, err := f.s.Start()
	if err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct {
		name string
		c    *http.Client
		base string
	}{
		{"in_process", f.s.HTTPClient(), f.s.URL()},
		{"loopback", &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 2}}, loopback},
	} {
		b.Run(bc.name, func(b *testing.B) {
			defer bc.c.CloseIdleConnections()
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				u := bc.base + path
				if off := offsets[i%len(offsets)]; off != "" {
					u += "&offset=" + url.QueryEscape(off)
				}
				req, _ := http.NewRequest("GET", u, nil)
				req.Header.Set("Authorization", "Bearer "+f.saTok)
				doBench(b, bc.c, req)
			}
		})
	}
}

// BenchmarkCreateTask creates tasks in a project, in process.
func BenchmarkCreateTask(b *testing.B) {
	f := benchProject(b, 0)
	c := f.s.HTTPClient()
	body := `{"data":{"name":"bench","notes":"n","assignee":"me","projects":["` + f.pub.GID + `"]}}`
	b.ReportAllocs()
	for b.Loop() {
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
	for b.Loop() {
		req, _ := http.NewRequest("GET", dl, nil)
		doBench(b, c, req)
	}
}

// BenchmarkListWholeProject lists every task of a project, 100 a page,
// following next_page offsets in process: one op is the whole project. The
// ratio of the two sizes shows whether a page costs O(page) (10x the tasks
// should cost about 10x) or O(project) (about 100x).
func BenchmarkListWholeProject(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("tasks=%d", n), func(b *testing.B) {
			f := benchProject(b, n)
			f.s.ResetRequests()
			c := f.s.HTTPClient()
			path := f.s.URL() + "/projects/" + f.pub.GID + "/tasks?limit=100&opt_fields=name,completed,memberships.section.name"
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				if got := countAllPages(b, c, f.saTok, path); got != n+2 { // the fixture's two tasks
					b.Fatalf("listed %d tasks, want %d", got, n+2)
				}
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "tasks/s")
		})
	}
}

// countAllPages follows next_page from url and counts the records listed.
func countAllPages(b *testing.B, c *http.Client, tok, url string) int {
	b.Helper()
	n := 0
	for next := url; next != ""; {
		req, _ := http.NewRequest("GET", next, nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		resp, err := c.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		var doc struct {
			Data     []json.RawMessage `json:"data"`
			NextPage *struct {
				URI string `json:"uri"`
			} `json:"next_page"`
		}
		err = json.NewDecoder(resp.Body).Decode(&doc)
		resp.Body.Close()
		if err != nil || resp.StatusCode != 200 {
			b.Fatalf("GET %s: status %d, %v", next, resp.StatusCode, err)
		}
		n += len(doc.Data)
		next = ""
		if doc.NextPage != nil {
			next = doc.NextPage.URI
		}
	}
	return n
}
