package asanatest

import (
	"slices"
	"strings"
	"testing"
)

// fuzzTagRoutes are the routes FuzzTagAndMyTasksWrites picks from.
var fuzzTagRoutes = []string{"POST /tags", "PUT /tags/TAG", "POST /tasks/T1/addTag", "POST /tasks/MINE/removeTag",
	"PUT /tasks/MINE", "POST /tasks", "POST /sections/LATER/addTask", "POST /projects/UTL/sections", "PUT /sections/LATER"}

// FuzzTagAndMyTasksWrites sends arbitrary bodies to the tag and My Tasks
// writes: every answer is an Asana status (never a 500), tags and their
// task index agree, and every assigned task's assignee_section is a
// section of its assignee's list.
func FuzzTagAndMyTasksWrites(f *testing.F) {
	for _, seed := range []string{
		`{"data":{"workspace":"ORG","name":"x","color":"dark-red","followers":["me"]}}`,
		`{"data":{"name":"y","color":null,"notes":""}}`,
		`{"data":{"tag":"TAG"}}`, `{"data":{"tag":"5"}}`,
		`{"data":{"assignee_section":"LATER"}}`, `{"data":{"assignee_section":null,"assignee":"ADMIN"}}`,
		`{"data":{"workspace":"ORG","assignee":"me","assignee_section":"RECENT","tags":["TAG","TAG"]}}`,
		`{"data":{"task":"MINE","insert_before":"MINE"}}`,
		`{"data":{"name":"Later","insert_after":"RECENT"}}`,
		`{"data":[1]}`, `{"data":`, ``,
	} {
		for i := range fuzzTagRoutes {
			f.Add(uint8(i), seed)
		}
	}
	w := newMyTasksFixture(f, WithRateLimit(0, 0)) // many requests, no quota
	tag := Must(w.s.AddTag(Tag{WorkspaceGID: w.org.GID, Name: "urgent"}))
	names := strings.NewReplacer("ORG", w.org.GID, "ADMIN", w.admin.GID, "TAG", tag.GID, "T1", w.t1.GID, "MINE", w.mine.GID,
		"LATER", w.later.GID, "RECENT", w.recent.GID, "UTL", w.utl)
	f.Fuzz(func(t *testing.T, route uint8, body string) {
		method, p, _ := strings.Cut(names.Replace(fuzzTagRoutes[int(route)%len(fuzzTagRoutes)]), " ")
		code, _, doc := call(t, w.s, w.memberTok, method, p, names.Replace(body))
		switch code {
		case 200, 201, 400, 403, 404, 413:
		default:
			t.Fatalf("%s %s %q: status %d %v", method, p, body, code, doc)
		}
		st := w.s.st
		w.s.mu.RLock()
		defer w.s.mu.RUnlock()
		ts, us := storeOf[tagStore](st), storeOf[userTaskListStore](st)
		for _, g := range st.tasks.order {
			tk := st.tasks.get(g)
			for i, tg := range tk.TagGIDs {
				if ts.tags.get(tg) == nil || !slices.Contains(ts.tasks[tg], g) || slices.Contains(tk.TagGIDs[:i], tg) {
					t.Fatalf("task %s: tag %s missing, unindexed or twice: %v", g, tg, tk.TagGIDs)
				}
			}
			if sec := assigneeSectionOf(st, tk); sec != "" {
				m := st.membership(tk.WorkspaceGID, tk.AssigneeGID)
				if !slices.Contains(us.order[userTaskListGID(m)], sec) {
					t.Fatalf("task %s in section %s outside its assignee's My Tasks", g, sec)
				}
			}
		}
		for tg, tasks := range ts.tasks {
			for _, g := range tasks {
				if !slices.Contains(st.tasks.get(g).TagGIDs, tg) {
					t.Fatalf("tag %s indexes task %s that does not carry it", tg, g)
				}
			}
		}
	})
}
