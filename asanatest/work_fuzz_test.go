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
		for pg, order := range w.s.st.projectTasks {
			for _, g := range order.tasks() {
				if tk := w.s.st.tasks.get(g); tk == nil || !inProject(tk, pg) {
					t.Fatalf("project %s lists task %s that is not in it", pg, g)
				}
			}
			checkTaskOrder(t, w.s.st, pg, order)
		}
	})
}

// checkTaskOrder checks that a project's task order agrees with its tasks'
// memberships and that every position it keeps is right.
func checkTaskOrder(t *testing.T, st *state, pg string, o *taskOrder) {
	t.Helper()
	check := func(name string, p *positions) {
		if len(p.pos) != len(p.gids) {
			t.Fatalf("project %s, %s: %d positions for %d tasks", pg, name, len(p.pos), len(p.gids))
		}
		for i, g := range p.gids {
			if p.pos[g] != i {
				t.Fatalf("project %s, %s: task %s at %d, position says %d", pg, name, g, i, p.pos[g])
			}
		}
	}
	check("all", &o.all)
	n := 0
	for sec, p := range o.bySection {
		check("section "+sec, p)
		for _, g := range p.gids {
			if got := taskSection(st.tasks.get(g), pg); got != sec {
				t.Fatalf("project %s: task %s ordered in section %q, its membership says %q", pg, g, sec, got)
			}
		}
		n += len(p.gids)
	}
	if n != len(o.all.gids) || len(o.section) != n {
		t.Fatalf("project %s: %d tasks in sections, %d in all, %d sections known", pg, n, len(o.all.gids), len(o.section))
	}
}
