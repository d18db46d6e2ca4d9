package asanatest

import (
	"strings"
	"testing"
)

// fuzzTaskRoutes are the routes FuzzTaskWrites picks from.
var fuzzTaskRoutes = []string{"POST /tasks", "PUT /tasks/T2", "POST /tasks/T2/addProject", "POST /tasks/T2/setParent",
	"POST /tasks/T2/addDependencies", "POST /tasks/T2/duplicate", "POST /sections/SEC/addTask", "POST /tasks/T2/stories"}

// FuzzTaskWrites sends arbitrary bodies to the task write endpoints: the
// fake must answer every one with an Asana status (never a 500, never a
// panic) and keep its task lists consistent.
func FuzzTaskWrites(f *testing.F) {
	for _, seed := range []string{
		`{"data":{"name":"x","projects":["PUB"]}}`,
		`{"data":{"name":"x","memberships":[{"project":"PUB","section":"SEC"}],"due_at":"2026-01-02T03:04:05Z"}}`,
		`{"data":{"assignee":"me","completed":true,"html_notes":"<body><b>x</b></body>"}}`,
		`{"data":{"project":"PUB","insert_after":null}}`,
		`{"data":{"parent":"T1","insert_before":"SUB"}}`,
		`{"data":{"dependencies":"T1,SUB"}}`,
		`{"data":{"followers":["me",12,"x@y"]}}`,
		`{"data":[1]}`, `{"data":`, ``,
	} {
		for i := range fuzzTaskRoutes {
			f.Add(uint8(i), seed)
		}
	}
	w := newWorkFixture(f, WithRateLimit(0, 0)) // many requests, no quota
	names := strings.NewReplacer("PUB", w.pub.GID, "SEC", w.secB.GID, "T1", w.t1.GID, "T2", w.t2.GID, "SUB", w.sub.GID)
	f.Fuzz(func(t *testing.T, route uint8, body string) {
		method, p, _ := strings.Cut(names.Replace(fuzzTaskRoutes[int(route)%len(fuzzTaskRoutes)]), " ")
		code, _, doc := call(t, w.s, w.memberTok, method, p, names.Replace(body))
		switch code {
		case 200, 201, 400, 403, 404, 413:
		default:
			t.Fatalf("%s %s %q: status %d %v", method, p, body, code, doc)
		}
		w.s.mu.RLock()
		defer w.s.mu.RUnlock()
		for pg, list := range w.s.st.projectTasks {
			for _, g := range list {
				if tk := w.s.st.tasks.get(g); tk == nil || !inProject(tk, pg) {
					t.Fatalf("project %s lists task %s that is not in it", pg, g)
				}
			}
		}
	})
}
