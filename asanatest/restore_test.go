package asanatest

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
)

// restoreWays are the two doors to RestoreTask: the Go method and the
// /_fake control endpoint of the standalone server.
var restoreWays = []struct {
	name    string
	restore func(t *testing.T, s *Server, taskGID, userGID string) error
}{
	{"go", func(_ *testing.T, s *Server, taskGID, userGID string) error { return s.RestoreTask(taskGID, userGID) }},
	{"control", func(t *testing.T, s *Server, taskGID, userGID string) error {
		code, doc := controlCall(t, s, "/_fake/tasks/"+taskGID+"/restore", `{"user":"`+userGID+`"}`)
		if code != http.StatusOK {
			return fmt.Errorf("%d: %s", code, errMessage(doc))
		}
		return nil
	}},
}

// restoreScene is a project with a task and its subtask, event streams on
// the project and the task, and a webhook on the project for "undeleted"
// task events.
type restoreScene struct {
	f                             *fixture
	tg                            *target
	project, task, sub            string
	projectSync, taskSync, wsSync string
}

func newRestoreScene(t *testing.T) *restoreScene {
	t.Helper()
	tg := newTarget()
	f := newFixture(t, WithWebhookClient(HandlerClient(tg)))
	s := f.s
	sc := &restoreScene{f: f, tg: tg}
	sc.project = data(t, must(t, s, f.saTok, "POST", "/projects", fmt.Sprintf(`{"data":{"name":"Trash","team":"%s"}}`, f.public.GID), 201))["gid"].(string)
	sc.task = data(t, must(t, s, f.saTok, "POST", "/tasks", fmt.Sprintf(`{"data":{"name":"Parent","projects":["%s"]}}`, sc.project), 201))["gid"].(string)
	sc.sub = data(t, must(t, s, f.saTok, "POST", "/tasks/"+sc.task+"/subtasks", `{"data":{"name":"Child"}}`, 201))["gid"].(string)
	must(t, s, f.saTok, "POST", "/webhooks", fmt.Sprintf(`{"data":{"resource":"%s","target":"https://hooks.test/x","filters":[{"resource_type":"task","action":"undeleted"}]}}`, sc.project), 201)
	sc.projectSync = startSync(t, s, f.saTok, "/events?resource="+sc.project)
	sc.taskSync = startSync(t, s, f.saTok, "/events?resource="+sc.task)
	sc.wsSync = startSync(t, s, f.saTok, "/workspaces/"+f.org.GID+"/events")
	return sc
}

// undeleted lists the resource GIDs of the "undeleted" events in evs and
// checks that each names user and now.
func undeleted(t *testing.T, evs []any, user string, now time.Time) []string {
	t.Helper()
	var out []string
	for _, e := range evs {
		m := e.(map[string]any)
		if m["action"] != "undeleted" {
			continue
		}
		if u := m["user"].(map[string]any); u["gid"] != user {
			t.Errorf("undeleted event by %v, want %s", u["gid"], user)
		}
		if m["created_at"] != now.UTC().Format(timeFormat) {
			t.Errorf("undeleted event at %v, want %v", m["created_at"], now)
		}
		out = append(out, m["resource"].(map[string]any)["gid"].(string))
	}
	return out
}

func TestRestoreTask(t *testing.T) {
	pick := func(sc *restoreScene, which string) string {
		if which == "sub" {
			return sc.sub
		}
		return sc.task
	}
	cases := []struct {
		name      string
		delete    string // "task" or "sub": what the API deletes
		restore   string // what is restored
		project   []string
		parent    []string
		workspace int // undeleted events the workspace stream sees
	}{
		// The subtask went to the trash with its parent and comes back
		// with it; its event reaches the parent, not the parent's projects.
		{name: "task and its subtask", delete: "task", restore: "task", project: []string{"task"}, parent: []string{"task", "sub"}, workspace: 2},
		{name: "subtask alone", delete: "sub", restore: "sub", parent: []string{"sub"}, workspace: 1},
	}
	for _, way := range restoreWays {
		for _, tc := range cases {
			t.Run(way.name+"/"+tc.name, func(t *testing.T) {
				sc := newRestoreScene(t)
				f, s := sc.f, sc.f.s
				must(t, s, f.saTok, "DELETE", "/tasks/"+pick(sc, tc.delete), "", 200)
				for _, g := range []string{sc.sub, pick(sc, tc.delete)} {
					if code, _, _ := call(t, s, f.saTok, "GET", "/tasks/"+g, ""); code != 404 {
						t.Fatalf("GET deleted task %s: %d", g, code)
					}
				}
				s.Clock().Advance(time.Minute)
				now := s.Clock().Now()
				if err := way.restore(t, s, pick(sc, tc.restore), f.member.GID); err != nil {
					t.Fatalf("restore: %v", err)
				}
				for _, g := range []string{sc.task, sc.sub} {
					got := data(t, must(t, s, f.saTok, "GET", "/tasks/"+g+"?opt_fields=modified_at", "", 200))
					if g == pick(sc, tc.delete) && got["modified_at"] != now.UTC().Format(timeFormat) {
						t.Errorf("restored %s modified_at %v, want %v", g, got["modified_at"], now)
					}
				}
				names := func(which []string) []string {
					var out []string
					for _, w := range which {
						out = append(out, pick(sc, w))
					}
					return out
				}
				evs, _, _ := eventsSince(t, s, f.saTok, sc.project, sc.projectSync)
				if got := undeleted(t, evs, f.member.GID, now); !slices.Equal(got, names(tc.project)) {
					t.Errorf("project stream undeleted %v, want %v", got, names(tc.project))
				}
				evs, _, _ = eventsSince(t, s, f.saTok, sc.task, sc.taskSync)
				if got := undeleted(t, evs, f.member.GID, now); !slices.Equal(got, names(tc.parent)) {
					t.Errorf("task stream undeleted %v, want %v", got, names(tc.parent))
				}
				code, _, doc := call(t, s, f.saTok, "GET", "/workspaces/"+f.org.GID+"/events?sync="+url.QueryEscape(sc.wsSync), "")
				if got := undeleted(t, doc["data"].([]any), f.member.GID, now); code != 200 || len(got) != tc.workspace {
					t.Errorf("workspace stream: %d, undeleted %v, want %d", code, got, tc.workspace)
				}
				// The project's webhook gets the project's undeleted events.
				s.DeliverWebhooks(t.Context())
				var delivered []string
				for len(sc.tg.got) > 0 {
					delivered = append(delivered, undeleted(t, <-sc.tg.got, f.member.GID, now)...)
				}
				if !slices.Equal(delivered, names(tc.project)) {
					t.Errorf("webhook delivered %v, want %v", delivered, names(tc.project))
				}
			})
		}
	}
}

func parentTask(sc *restoreScene) string { return sc.task }
func member(sc *restoreScene) string     { return sc.f.member.GID }

func TestRestoreTaskErrors(t *testing.T) {
	cases := []struct {
		name        string
		deleteFirst bool // the API deletes the parent task first
		task, user  func(*restoreScene) string
		want        string
	}{
		{"not deleted", false, parentTask, member, "not deleted"},
		{"no such task", false, func(*restoreScene) string { return "999999999" }, member, "no task"},
		{"parent still deleted", true, func(sc *restoreScene) string { return sc.sub }, member, "restore it instead"},
		{"no such user", true, parentTask, func(*restoreScene) string { return "888888888" }, "no user"},
		{"service account", true, parentTask, func(sc *restoreScene) string { return sc.f.sa.GID }, "service account"},
		{"not a member", true, parentTask, func(sc *restoreScene) string { return sc.f.outsider.GID }, "not an active member"},
	}
	for _, way := range restoreWays {
		for _, tc := range cases {
			t.Run(way.name+"/"+tc.name, func(t *testing.T) {
				sc := newRestoreScene(t)
				s := sc.f.s
				if tc.deleteFirst {
					must(t, s, sc.f.saTok, "DELETE", "/tasks/"+sc.task, "", 200)
				}
				task, user := tc.task(sc), tc.user(sc)
				before := len(s.Events(""))
				was, _ := s.Task(task)
				err := way.restore(t, s, task, user)
				if err == nil || !strings.Contains(err.Error(), tc.want) {
					t.Fatalf("restore: %v, want an error containing %q", err, tc.want)
				}
				if n := len(s.Events("")); n != before {
					t.Errorf("a failed restore recorded %d events", n-before)
				}
				if now, _ := s.Task(task); now.Deleted != was.Deleted {
					t.Errorf("a failed restore changed Deleted from %v to %v", was.Deleted, now.Deleted)
				}
			})
		}
	}
}
