package asanatest

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestOrganizationExportsMatrix(t *testing.T) {
	create := func(f *workFixture) string { return `{"data":{"organization":"` + f.org.GID + `"}}` }
	runMatrix(t, []matrixCase{
		{"create", "POST", fixed("/organization_exports"), create, matrixWant{201, 403, 403, 403, 403}},
		{"create in non-enterprise org", "POST", fixed("/organization_exports"), func(f *workFixture) string {
			return `{"data":{"organization":"` + f.other.GID + `"}}`
		}, matrixWant{403, 403, 403, 403, 402}},
		{"get", "GET", func(f *workFixture) string {
			e := Must(f.s.AddOrganizationExport(OrganizationExport{OrganizationGID: f.org.GID}))
			return "/organization_exports/" + e.GID
		}, nil, matrixWant{200, 403, 403, 403, 403}},
	})
}

func TestOrganizationExportLifecycle(t *testing.T) {
	f := newWorkFixture(t)
	s := f.s
	must(t, s, f.memberTok, "POST", "/tasks/"+f.t1.GID+"/stories", `{"data":{"text":"exported comment"}}`, 201)
	must(t, s, f.memberTok, "DELETE", "/tasks/"+f.t2.GID, "", 200)

	code, h, doc := call(t, s, f.saTok, "POST", "/organization_exports", `{"data":{"organization":"`+f.org.GID+`"}}`)
	if code != 201 || h.Get("Location") == "" {
		t.Fatalf("create: %d %v", code, doc)
	}
	e := data(t, doc)
	p := "/organization_exports/" + e["gid"].(string)
	steps := []struct {
		advance time.Duration
		state   string
	}{
		{0, ExportPending},
		{ExportStartDelay - time.Second, ExportPending},
		{time.Second, ExportStarted},
		{ExportDuration - ExportStartDelay - time.Second, ExportStarted},
		{time.Second, ExportFinished},
	}
	for _, st := range steps {
		s.Clock().Advance(st.advance)
		d := data(t, must(t, s, f.saTok, "GET", p, "", 200))
		if d["state"] != st.state || (d["download_url"] != nil) != (st.state == ExportFinished) {
			t.Fatalf("at +%v: %v", s.Clock().Now().Sub(DefaultStart), d)
		}
		if d["organization"].(map[string]any)["gid"] != f.org.GID {
			t.Errorf("organization %v", d["organization"])
		}
	}
	dl := data(t, must(t, s, f.saTok, "GET", p, "", 200))["download_url"].(string)

	// The URL needs no token and serves gzipped JSON Lines.
	resp := fetch(t, s, dl)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/gzip" {
		t.Fatalf("download: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	counts, texts, taskGIDs := exportContents(t, resp)
	for _, kind := range []string{"workspace", "user", "workspace_membership", "team", "team_membership", "project", "section", "task", "story"} {
		if counts[kind] == 0 {
			t.Errorf("no %s in the export: %v", kind, counts)
		}
	}
	if !texts["exported comment"] {
		t.Errorf("comment missing from the export")
	}
	if taskGIDs[f.t2.GID] || !taskGIDs[f.t1.GID] || !taskGIDs[f.sub.GID] || !taskGIDs[f.hidden.GID] {
		t.Errorf("exported tasks %v", taskGIDs)
	}
	if counts["workspace"] != 1 {
		t.Errorf("other organizations leaked: %v", counts)
	}

	// Tampering fails, and the URL expires an hour after it was handed out.
	if r := fetch(t, s, strings.Replace(dl, "signature=", "signature=00", 1)); r.StatusCode != http.StatusForbidden {
		t.Errorf("tampered URL: %d", r.StatusCode)
	}
	if r := fetch(t, s, dl+"0"); r.StatusCode != http.StatusForbidden { // odd-length hex
		t.Errorf("signature with a trailing digit: %d", r.StatusCode)
	}
	s.Clock().Advance(time.Hour + time.Second)
	if r := fetch(t, s, dl); r.StatusCode != http.StatusForbidden {
		t.Errorf("expired URL: %d", r.StatusCode)
	}
	fresh := data(t, must(t, s, f.saTok, "GET", p, "", 200))["download_url"].(string)
	if fresh == dl || fetch(t, s, fresh).StatusCode != 200 {
		t.Errorf("fresh URL %s does not work", fresh)
	}
}

func fetch(t *testing.T, s *Server, u string) *http.Response {
	t.Helper()
	resp, err := s.HTTPClient().Get(u)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

// exportContents counts an export's objects by resource_type and collects
// story texts and task GIDs.
func exportContents(t *testing.T, resp *http.Response) (map[string]int, map[string]bool, map[string]bool) {
	t.Helper()
	zr, err := gzip.NewReader(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	counts, texts, tasks := map[string]int{}, map[string]bool{}, map[string]bool{}
	sc := bufio.NewScanner(zr)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var o map[string]any
		if err := json.Unmarshal(sc.Bytes(), &o); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		rt, _ := o["resource_type"].(string)
		counts[rt]++
		switch rt {
		case "story":
			texts[o["text"].(string)] = true
		case "task":
			tasks[o["gid"].(string)] = true
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return counts, texts, tasks
}

func TestOrganizationExportErrors(t *testing.T) {
	f := newWorkFixture(t)
	e := Must(f.s.AddOrganizationExport(OrganizationExport{OrganizationGID: f.org.GID, State: ExportFinished}))
	tests := []struct {
		name, tok, method, path, body string
		status                        int
		msg                           string
	}{
		{"no organization", f.saTok, "POST", "/organization_exports", `{"data":{}}`, 400, "organization: Missing input"},
		{"unknown organization", f.saTok, "POST", "/organization_exports", `{"data":{"organization":"8"}}`, 404, "organization: Unknown object: 8"},
		{"admin PAT", f.adminTok, "POST", "/organization_exports", `{"data":{"organization":"` + f.org.GID + `"}}`, 403, "Organization exports are only available to service accounts of the organization"},
		{"non-enterprise", f.outsiderTok, "POST", "/organization_exports", `{"data":{"organization":"` + f.other.GID + `"}}`, 402, "Organization exports are only available to Enterprise organizations"},
		{"unknown export", f.saTok, "GET", "/organization_exports/9", "", 404, "organization_export: Unknown object: 9"},
		// Personal tokens are refused before the lookup, so that a GET of a
		// made-up gid tells a service account from a personal token.
		{"unknown export, admin PAT", f.adminTok, "GET", "/organization_exports/9", "", 403, "Organization exports are only available to service accounts of the organization"},
	}
	for _, tt := range tests {
		code, _, doc := call(t, f.s, tt.tok, tt.method, tt.path, tt.body)
		if code != tt.status || errMessage(doc) != tt.msg {
			t.Errorf("%s: got %d %q, want %d %q", tt.name, code, errMessage(doc), tt.status, tt.msg)
		}
	}
	// A seeded export keeps its state: this one is finished and downloadable.
	d := data(t, must(t, f.s, f.saTok, "GET", "/organization_exports/"+e.GID, "", 200))
	if d["state"] != ExportFinished || fetch(t, f.s, d["download_url"].(string)).StatusCode != 200 {
		t.Errorf("seeded export %v", d)
	}
	if r := fetch(t, f.s, f.s.URL()[:len(f.s.URL())-len(APIPrefix)]+controlPrefix+"/downloads/exports/"+e.GID); r.StatusCode != http.StatusForbidden {
		t.Errorf("unsigned download: %d", r.StatusCode)
	}
}
