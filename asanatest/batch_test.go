package asanatest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

// batchResults posts actions (a JSON list) to /batch and returns the
// batch's status and its results.
func batchResults(t *testing.T, s *Server, tok, actions string) (int, []map[string]any, map[string]any) {
	t.Helper()
	code, _, doc := call(t, s, tok, http.MethodPost, "/batch", `{"data":{"actions":`+actions+`}}`)
	list, _ := doc["data"].([]any)
	out := make([]map[string]any, len(list))
	for i, r := range list {
		out[i], _ = r.(map[string]any)
	}
	return code, out, doc
}

func TestBatchActions(t *testing.T) {
	f := newFixture(t)
	s := f.s
	secretProject := Must(s.AddProject(Project{WorkspaceGID: f.org.GID, TeamGID: f.secret.GID, Name: "Hidden", PrivacySetting: PrivacyPrivate}))
	project := Must(s.AddProject(Project{WorkspaceGID: f.org.GID, TeamGID: f.public.GID, Name: "Open"}))
	task := Must(s.AddTask(Task{Name: "Plan", Notes: "n", Memberships: []TaskMembership{{ProjectGID: project.GID}}}))
	tests := []struct {
		name   string
		tok    string
		action string
		status int
		check  func(t *testing.T, r map[string]any)
	}{
		{"get with fields", f.memberTok, `{"relative_path":"/tasks/` + task.GID + `","method":"get","options":{"fields":["name"]}}`, 200,
			func(t *testing.T, r map[string]any) {
				d := r["body"].(map[string]any)["data"].(map[string]any)
				if d["name"] != "Plan" || d["notes"] != nil {
					t.Errorf("opt_fields not applied: %v", d)
				}
			}},
		{"get with query data and limit", f.saTok, `{"relative_path":"/tasks","method":"GET","data":{"project":"` + project.GID + `"},"options":{"limit":1}}`, 200,
			func(t *testing.T, r map[string]any) {
				body := r["body"].(map[string]any)
				if l, _ := body["data"].([]any); len(l) != 1 {
					t.Errorf("data: %v", body)
				}
				if _, ok := body["next_page"]; !ok {
					t.Errorf("limit not applied: %v", body)
				}
			}},
		{"create answers 201 with location", f.memberTok, `{"relative_path":"/tasks","method":"post","data":{"name":"New","projects":["` + project.GID + `"]}}`, 201,
			func(t *testing.T, r map[string]any) {
				gid := r["body"].(map[string]any)["data"].(map[string]any)["gid"].(string)
				if loc := r["headers"].(map[string]any)["location"]; loc != "/tasks/"+gid {
					t.Errorf("location %v, want /tasks/%s", loc, gid)
				}
			}},
		{"access rules of the token", f.memberTok, `{"relative_path":"/projects/` + secretProject.GID + `","method":"get"}`, 403, nil},
		{"service account sees it", f.saTok, `{"relative_path":"/projects/` + secretProject.GID + `","method":"get"}`, 200, nil},
		{"validation", f.memberTok, `{"relative_path":"/tasks/abc","method":"get"}`, 400, nil},
		{"unknown object", f.memberTok, `{"relative_path":"/tasks/999999","method":"get"}`, 404, nil},
		{"no route", f.memberTok, `{"relative_path":"/nowhere","method":"get"}`, 404, nil},
		{"query in path", f.memberTok, `{"relative_path":"/tasks/` + task.GID + `?opt_fields=name","method":"get"}`, 400, nil},
		{"dot segments", f.memberTok, `{"relative_path":"/tasks/../users/me","method":"get"}`, 400, nil},
		{"bad method", f.memberTok, `{"relative_path":"/users/me","method":"fetch"}`, 400, nil},
		{"no method", f.memberTok, `{"relative_path":"/users/me"}`, 400, nil},
		{"nested batch", f.memberTok, `{"relative_path":"/batch","method":"post","data":{"actions":[]}}`, 400, nil},
		{"upload", f.memberTok, `{"relative_path":"/attachments","method":"post","data":{"parent":"` + task.GID + `"}}`, 400, nil},
		{"organization export", f.saTok, `{"relative_path":"/organization_exports","method":"post","data":{"organization":"` + f.org.GID + `"}}`, 400, nil},
		{"scim", f.saTok, `{"relative_path":"/scim/Users","method":"get"}`, 400, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, results, doc := batchResults(t, s, tt.tok, `[{"relative_path":"/users/me","method":"get"},`+tt.action+`]`)
			if code != http.StatusOK || len(results) != 2 {
				t.Fatalf("batch: %d %v", code, doc)
			}
			if got := results[0]["status_code"]; got != 200.0 {
				t.Errorf("first action: %v", results[0])
			}
			r := results[1]
			if got := r["status_code"]; got != float64(tt.status) {
				t.Fatalf("status_code %v, want %d: %v", got, tt.status, r)
			}
			if tt.status >= 400 {
				body, _ := r["body"].(map[string]any)
				if errMessage(body) == "" {
					t.Errorf("error body without a message: %v", r)
				}
			}
			if tt.check != nil {
				tt.check(t, r)
			}
		})
	}
}

func TestBatchWholeRequestErrors(t *testing.T) {
	f := newFixture(t)
	eleven := strings.TrimSuffix(strings.Repeat(`{"relative_path":"/users/me","method":"get"},`, 11), ",")
	tests := []struct {
		name, tok, body string
		status          int
	}{
		{"no token", "", `{"data":{"actions":[{"relative_path":"/users/me","method":"get"}]}}`, 401},
		{"dead token", f.deadTok, `{"data":{"actions":[{"relative_path":"/users/me","method":"get"}]}}`, 401},
		{"no actions", f.memberTok, `{"data":{"actions":[]}}`, 400},
		{"no data", f.memberTok, `{}`, 400},
		{"broken JSON", f.memberTok, `{"data":`, 400},
		{"action not an object", f.memberTok, `{"data":{"actions":["x"]}}`, 400},
		{"eleven actions", f.memberTok, `{"data":{"actions":[` + eleven + `]}}`, 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, doc := call(t, f.s, tt.tok, http.MethodPost, "/batch", tt.body)
			if code != tt.status || errMessage(doc) == "" && tt.status == 400 {
				t.Fatalf("status %d, want %d: %v", code, tt.status, doc)
			}
		})
	}
}

// A dead token inside a batch fails there too: every action authenticates.
func TestBatchActionsAuthenticate(t *testing.T) {
	f := newFixture(t)
	code, results, doc := batchResults(t, f.s, f.memberTok, `[{"relative_path":"/users/me","method":"get"}]`)
	if code != 200 || results[0]["status_code"] != 200.0 {
		t.Fatalf("%d %v", code, doc)
	}
	me := results[0]["body"].(map[string]any)["data"].(map[string]any)
	if me["gid"] != f.member.GID {
		t.Errorf("action ran as %v, want %s", me["gid"], f.member.GID)
	}
}

func TestBatchCountsEachAction(t *testing.T) {
	f := newFixture(t, WithRateLimit(5, time.Minute))
	s := f.s
	three := `[{"relative_path":"/users/me","method":"get"},{"relative_path":"/users/me","method":"get"},{"relative_path":"/users/me","method":"get"}]`
	if code, results, doc := batchResults(t, s, f.memberTok, three); code != 200 || len(results) != 3 {
		t.Fatalf("first batch: %d %v", code, doc)
	}
	// 3 of 5 used: three more would exceed the quota, so the whole batch is refused.
	code, h, doc := call(t, s, f.memberTok, http.MethodPost, "/batch", `{"data":{"actions":`+three+`}}`)
	if code != http.StatusTooManyRequests || h.Get("Retry-After") == "" {
		t.Fatalf("second batch: %d %v", code, doc)
	}
	s.Clock().Advance(time.Minute)
	if code, _, doc := batchResults(t, s, f.memberTok, three); code != 200 {
		t.Fatalf("after the window: %d %v", code, doc)
	}
	// The log holds each action and each batch.
	var actions, batches int
	for _, r := range s.Requests() {
		switch {
		case r.InBatch:
			actions++
		case r.Route == "/batch":
			batches++
		}
	}
	if actions != 6 || batches != 3 {
		t.Errorf("logged %d actions and %d batches, want 6 and 3", actions, batches)
	}
}

// A batch holds one concurrency slot, a read slot when no action writes:
// its actions take none of their own, so a batch runs with one slot.
func TestBatchConcurrencySlot(t *testing.T) {
	f := newFixture(t, WithConcurrency(1, 1))
	actions := `[{"relative_path":"/users/me","method":"get"},{"relative_path":"/users/me","method":"put","data":{}}]`
	code, results, doc := batchResults(t, f.s, f.memberTok, actions)
	if code != 200 || results[0]["status_code"] != 200.0 || results[1]["status_code"] != 200.0 {
		t.Fatalf("%d %v", code, doc)
	}
	for _, tt := range []struct {
		actions string
		write   bool
	}{
		{`[{"relative_path":"/users/me","method":"get"}]`, false},
		{`[{"relative_path":"/users/me","method":"get"},{"relative_path":"/tasks","method":"post"}]`, true},
		{`[{"relative_path":"/users/me","method":"delete"}]`, true},
	} {
		acts, err := parseBatchString(tt.actions)
		if err != nil {
			t.Fatal(err)
		}
		if got := batchWrites(acts); got != tt.write {
			t.Errorf("batchWrites(%s) = %v", tt.actions, got)
		}
	}
}

func parseBatchString(actions string) ([]batchAction, error) {
	var a []batchAction
	return a, json.Unmarshal([]byte(actions), &a)
}

// Writes inside a batch record events and audit entries as direct writes
// do: the change tracker runs in each action's own dispatch.
func TestBatchWriteRecordsEvents(t *testing.T) {
	f := newFixture(t)
	project := Must(f.s.AddProject(Project{WorkspaceGID: f.org.GID, TeamGID: f.public.GID, Name: "Open"}))
	task := Must(f.s.AddTask(Task{Name: "Plan", Memberships: []TaskMembership{{ProjectGID: project.GID}}}))
	doc := must(t, f.s, f.saTok, http.MethodGet, "/events?resource="+task.GID, "", http.StatusPreconditionFailed)
	sync, _ := doc["sync"].(string)
	actions := fmt.Sprintf(`[{"relative_path":"/tasks/%s","method":"put","data":{"notes":"batched"}}]`, task.GID)
	if code, results, doc := batchResults(t, f.s, f.saTok, actions); code != 200 || results[0]["status_code"] != 200.0 {
		t.Fatalf("%d %v", code, doc)
	}
	evs := must(t, f.s, f.saTok, http.MethodGet, "/events?resource="+task.GID+"&sync="+sync, "", http.StatusOK)
	if list, _ := evs["data"].([]any); len(list) == 0 {
		t.Errorf("no event for a batched write: %v", evs)
	}
	if got := must(t, f.s, f.saTok, http.MethodGet, "/tasks/"+task.GID, "", 200); data(t, got)["notes"] != "batched" {
		t.Errorf("write not applied: %v", got)
	}
}

func TestBatchOptFields(t *testing.T) {
	f := newFixture(t)
	code, _, doc := call(t, f.s, f.memberTok, http.MethodPost, "/batch?opt_fields=status_code",
		`{"data":{"actions":[{"relative_path":"/users/me","method":"get"}]}}`)
	r := doc["data"].([]any)[0].(map[string]any)
	if code != 200 || len(r) != 1 || r["status_code"] != 200.0 {
		t.Errorf("%d %v", code, doc)
	}
}

func FuzzBatchQueryValue(f *testing.F) {
	for _, s := range []string{`"a"`, `1`, `true`, `null`, `["1","2"]`, `[[1]]`, `{"a":1}`, `1e3`, `"`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		s, ok := queryValue(json.RawMessage(v))
		if ok && strings.HasPrefix(strings.TrimSpace(v), "{") {
			t.Errorf("object accepted: %q -> %q", v, s)
		}
	})
}

// FuzzBatch posts arbitrary actions: the batch answers 200 with one result
// per action or a 400 of its own, never a 500, and every result has a
// valid status and a JSON body.
func FuzzBatch(f *testing.F) {
	f.Add(`[{"relative_path":"/users/me","method":"get"}]`)
	f.Add(`[{"relative_path":"/tasks","method":"post","data":{"name":"x"}}]`)
	f.Add(`[{"relative_path":"/tasks","method":"get","data":{"project":[1,2]},"options":{"limit":"x","fields":["name"]}}]`)
	f.Add(`[{"relative_path":"/batch","method":"post"},{"relative_path":"/%zz","method":"get"}]`)
	f.Add(`[{"relative_path":"/users/me","method":"get","options":{"fields":"name"}}]`)
	f.Add(`[null]`)
	fx := newFixture(f, WithRateLimit(0, 0)) // the fuzzer would spend any quota
	f.Fuzz(func(t *testing.T, actions string) {
		code, results, doc := batchResults(t, fx.s, fx.memberTok, actions)
		switch code {
		case http.StatusOK:
			for _, r := range results {
				st, _ := r["status_code"].(float64)
				if st < 200 || st > 599 || st == 500 || r["body"] == nil {
					t.Fatalf("result %v of %s", r, actions)
				}
			}
		case http.StatusBadRequest:
		default:
			t.Fatalf("batch status %d: %v", code, doc)
		}
	})
}
