package asanatest

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"net/http"
	"testing"
	"time"
)

func TestResourceExportValidation(t *testing.T) {
	f := newWorkFixture(t)
	ws := `"workspace":"` + f.org.GID + `"`
	tests := []struct {
		name, tok, body string
		status          int
	}{
		{"member", f.memberTok, `{"data":{` + ws + `,"export_request_parameters":[{"resource_type":"task"}]}}`, 403},
		{"admin", f.adminTok, `{"data":{` + ws + `,"export_request_parameters":[{"resource_type":"task"}]}}`, 403},
		{"no workspace", f.saTok, `{"data":{"export_request_parameters":[{"resource_type":"task"}]}}`, 400},
		{"no parameters", f.saTok, `{"data":{` + ws + `}}`, 400},
		{"empty parameters", f.saTok, `{"data":{` + ws + `,"export_request_parameters":[]}}`, 400},
		{"parameters not a list", f.saTok, `{"data":{` + ws + `,"export_request_parameters":"task"}}`, 400},
		{"no resource_type", f.saTok, `{"data":{` + ws + `,"export_request_parameters":[{"fields":["name"]}]}}`, 400},
		{"unknown resource_type", f.saTok, `{"data":{` + ws + `,"export_request_parameters":[{"resource_type":"project"}]}}`, 400},
		{"team filters", f.saTok, `{"data":{` + ws + `,"export_request_parameters":[{"resource_type":"team","filters":{"created_at.after":"2024-01-01T00:00:00Z"}}]}}`, 400},
		{"unsupported filter", f.saTok, `{"data":{` + ws + `,"export_request_parameters":[{"resource_type":"task","filters":{"liked_by.any":["1"]}}]}}`, 400},
		{"bad date", f.saTok, `{"data":{` + ws + `,"export_request_parameters":[{"resource_type":"task","filters":{"created_at.after":"soon"}}]}}`, 400},
		{"bad users", f.saTok, `{"data":{` + ws + `,"export_request_parameters":[{"resource_type":"task","filters":{"assignee.any":"x"}}]}}`, 400},
		{"message filter for tasks only", f.saTok, `{"data":{` + ws + `,"export_request_parameters":[{"resource_type":"message","filters":{"assignee.any":["1"]}}]}}`, 400},
		{"unknown workspace", f.saTok, `{"data":{"workspace":"1999999999","export_request_parameters":[{"resource_type":"task"}]}}`, 404},
		{"ok", f.saTok, `{"data":{` + ws + `,"export_request_parameters":[{"resource_type":"task","filters":{"assignee.any":["` + f.guest.GID + `"],"created_at.before":"2100-01-01T00:00:00Z"}}]}}`, 201},
		{"one at a time", f.saTok, `{"data":{` + ws + `,"export_request_parameters":[{"resource_type":"team"}]}}`, 403},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, doc := call(t, f.s, tt.tok, "POST", "/exports/resource", tt.body)
			if code != tt.status {
				t.Fatalf("status %d, want %d: %v", code, tt.status, doc)
			}
			if code != http.StatusCreated && errMessage(doc) == "" {
				t.Errorf("no error message: %v", doc)
			}
		})
	}
}

// exportJobDone polls an export job through its life on the fake's clock
// and returns its export once succeeded.
func exportJobDone(t *testing.T, f *workFixture, tok string, job map[string]any, field string) map[string]any {
	t.Helper()
	if job["resource_type"] != "job" || job["status"] != "in_progress" {
		t.Fatalf("new job %v", job)
	}
	p := "/jobs/" + job["gid"].(string)
	for _, step := range []struct {
		advance time.Duration
		status  string
	}{{0, "in_progress"}, {ExportDuration - time.Second, "in_progress"}, {time.Second, "succeeded"}} {
		f.s.Clock().Advance(step.advance)
		j := data(t, must(t, f.s, tok, "GET", p, "", 200))
		x, _ := j[field].(map[string]any)
		if j["status"] != step.status || x == nil || (x["download_url"] != nil) != (step.status == "succeeded") {
			t.Fatalf("at +%v: %v", step.advance, j)
		}
	}
	return data(t, must(t, f.s, tok, "GET", p, "", 200))[field].(map[string]any)
}

func TestResourceExportLifecycle(t *testing.T) {
	f := newWorkFixture(t)
	s := f.s
	must(t, s, f.memberTok, "POST", "/tasks/"+f.t1.GID+"/stories", `{"data":{"text":"exported comment"}}`, 201)
	Must(s.AddAttachment(Attachment{ParentGID: f.t1.GID, Name: "plan.pdf", DownloadURL: "https://files.example/plan.pdf", ViewURL: "https://files.example/v"}))
	upd := Must(s.AddStatusUpdate(StatusUpdate{ParentGID: f.pub.GID, AuthorGID: f.member.GID, Title: "Week 1", Text: "Fine", StatusType: "on_track"}))
	body := `{"data":{"workspace":"` + f.org.GID + `","export_request_parameters":[` +
		`{"resource_type":"task","fields":["name","stories","attachments"],"filters":{"commented_on_by.any":["` + f.member.GID + `"]}},` +
		`{"resource_type":"team"},{"resource_type":"message","fields":["title","html_notes"]}]}}`
	code, h, doc := call(t, s, f.saTok, "POST", "/exports/resource", body)
	if code != 201 || h.Get("Location") == "" {
		t.Fatalf("create: %d %v", code, doc)
	}
	x := exportJobDone(t, f, f.saTok, data(t, doc), "new_resource_export")
	if x["resource_type"] != "export_request" || x["completed_at"] == nil {
		t.Fatalf("export %v", x)
	}
	resp := fetch(t, s, x["download_url"].(string))
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/gzip" {
		t.Fatalf("download: %d", resp.StatusCode)
	}
	zr, err := gzip.NewReader(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	byType := map[string][]map[string]any{}
	sc := bufio.NewScanner(zr)
	for sc.Scan() {
		var o map[string]any
		if err := json.Unmarshal(sc.Bytes(), &o); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		rt, _ := o["resource_type"].(string)
		if rt == "" && o["title"] != nil {
			rt = "message" // fields without resource_type
		}
		byType[rt] = append(byType[rt], o)
	}
	// Tasks: only t1 has a comment by the member; fields limit the task.
	if ts := byType[""]; len(ts) != 1 || ts[0]["gid"] != f.t1.GID || ts[0]["name"] != "one" || ts[0]["completed"] != nil {
		t.Fatalf("tasks %v", ts)
	}
	task := byType[""][0]
	atts, _ := task["attachments"].([]any)
	if len(atts) != 1 || atts[0].(map[string]any)["name"] != "plan.pdf" || atts[0].(map[string]any)["download_url"] != nil || atts[0].(map[string]any)["view_url"] != nil {
		t.Errorf("attachments %v", atts)
	}
	if stories, _ := task["stories"].([]any); len(stories) == 0 {
		t.Errorf("no stories: %v", task)
	} else {
		// Whole story records, the fields beyond the defaults included.
		for _, st := range stories {
			for _, f := range append([]string{"gid", "created_by", "text", "target"}, exportStoryExtras...) {
				if _, ok := st.(map[string]any)[f]; !ok {
					t.Errorf("story without %s: %v", f, st)
				}
			}
		}
	}
	if teams := byType["team"]; len(teams) != 2 || len(teams[0]["members"].([]any)) != 2 {
		t.Errorf("teams %v", teams)
	}
	if ms := byType["message"]; len(ms) != 1 || ms[0]["gid"] != upd.GID || ms[0]["title"] != "Week 1" || ms[0]["html_notes"] != "<body>Fine</body>" || ms[0]["text"] != nil {
		t.Errorf("messages %v", ms)
	}
	// The workspace may export again; the file expires 30 days on.
	must(t, s, f.saTok, "POST", "/exports/resource", body, 201)
	s.Clock().Advance(resourceExportTTL)
	dl := data(t, must(t, s, f.saTok, "GET", "/jobs/"+data(t, doc)["gid"].(string), "", 200))["new_resource_export"].(map[string]any)["download_url"].(string)
	if resp := fetch(t, s, dl); resp.StatusCode != http.StatusForbidden {
		t.Errorf("expired export: %d", resp.StatusCode)
	}
	if resp := fetch(t, s, dl+"0"); resp.StatusCode != http.StatusForbidden { // odd-length hex
		t.Errorf("bad signature: %d", resp.StatusCode)
	}
}

func TestGraphExport(t *testing.T) {
	f := newWorkFixture(t)
	s := f.s
	tests := []struct {
		name, tok, parent string
		status            int
	}{
		{"member, public project", f.memberTok, f.pub.GID, 201},
		{"member, private project", f.memberTok, f.priv.GID, 403},
		{"member, secret team", f.memberTok, f.secret.GID, 403},
		{"service account, secret team", f.saTok, f.secret.GID, 201},
		{"outsider", f.outsiderTok, f.pub.GID, 403},
		{"unknown parent", f.saTok, "1999999999", 404},
		{"task is no parent", f.saTok, f.t1.GID, 404},
		{"no parent", f.saTok, "", 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := `{"data":{"parent":"` + tt.parent + `"}}`
			if tt.parent == "" {
				body = `{"data":{}}`
			}
			code, _, doc := call(t, s, tt.tok, "POST", "/exports/graph", body)
			if code != tt.status {
				t.Fatalf("status %d, want %d: %v", code, tt.status, doc)
			}
		})
	}
	job := data(t, must(t, s, f.memberTok, "POST", "/exports/graph", `{"data":{"parent":"`+f.public.GID+`"}}`, 201))
	if job["resource_subtype"] != "graph_export_request" {
		t.Fatalf("job %v", job)
	}
	x := exportJobDone(t, f, f.memberTok, job, "new_graph_export")
	resp := fetch(t, s, x["download_url"].(string))
	zr, err := gzip.NewReader(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct{ Data []map[string]any }
	if err := json.NewDecoder(zr).Decode(&doc); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, o := range doc.Data {
		got[o["gid"].(string)] = o["resource_type"].(string)
	}
	want := map[string]string{f.public.GID: "team", f.pub.GID: "project", f.secA.GID: "section", f.secB.GID: "section",
		f.t1.GID: "task", f.t2.GID: "task"}
	for g, rt := range want {
		if got[g] != rt {
			t.Errorf("%s: %q, want %q (%v)", g, got[g], rt, got)
		}
	}
	if _, ok := got[f.priv.GID]; ok || doc.Data[0]["gid"] != f.public.GID {
		t.Errorf("graph export %v", got)
	}
}
