package asanatest

import (
	"testing"
)

// workFixture adds projects, sections and tasks to the shared fixture:
//
//   - pub: public project of the public team (member and guest's team),
//     with sections A and B, tasks t1 (in A) and t2 (in B), t1 with a
//     subtask sub;
//   - priv: private project of the secret team, owned by the admin, with
//     task hidden;
//   - guestTask: a task assigned to the guest in no project.
type workFixture struct {
	*fixture
	pub, priv                   Project
	secA, secB                  Section
	t1, t2, sub, hidden, guestT Task
	// goals are set by runMatrixWith's setup (goals_test.go).
	goals *goalFixture
}

func newWorkFixture(t testing.TB, opts ...Option) *workFixture {
	t.Helper()
	f := &workFixture{fixture: newFixture(t, opts...)}
	s := f.s
	f.pub = Must(s.AddProject(Project{WorkspaceGID: f.org.GID, TeamGID: f.public.GID, Name: "Roadmap", OwnerGID: f.member.GID}))
	f.secA = Must(s.AddSection(Section{ProjectGID: f.pub.GID, Name: "A"}))
	f.secB = Must(s.AddSection(Section{ProjectGID: f.pub.GID, Name: "B"}))
	f.priv = Must(s.AddProject(Project{WorkspaceGID: f.org.GID, TeamGID: f.secret.GID, Name: "Payroll",
		PrivacySetting: PrivacyPrivate, OwnerGID: f.admin.GID}))
	f.t1 = Must(s.AddTask(Task{Name: "one", Memberships: []TaskMembership{{ProjectGID: f.pub.GID, SectionGID: f.secA.GID}}}))
	f.t2 = Must(s.AddTask(Task{Name: "two", Memberships: []TaskMembership{{ProjectGID: f.pub.GID, SectionGID: f.secB.GID}}}))
	f.sub = Must(s.AddTask(Task{Name: "sub", ParentGID: f.t1.GID}))
	f.hidden = Must(s.AddTask(Task{Name: "salaries", Memberships: []TaskMembership{{ProjectGID: f.priv.GID}}}))
	f.guestT = Must(s.AddTask(Task{Name: "for gus", WorkspaceGID: f.org.GID, AssigneeGID: f.guest.GID}))
	return f
}

// who maps the principals of the visibility matrix to their tokens.
func (f *fixture) who(name string) string {
	return map[string]string{"sa": f.saTok, "admin": f.adminTok, "member": f.memberTok, "guest": f.guestTok,
		"outsider": f.outsiderTok, "dead": f.deadTok, "none": ""}[name]
}

// matrixWant is the expected status for each principal.
type matrixWant struct{ sa, admin, member, guest, outsider int }

func (w matrixWant) of(name string) int {
	return map[string]int{"sa": w.sa, "admin": w.admin, "member": w.member, "guest": w.guest, "outsider": w.outsider}[name]
}

// matrixCase is one request of a visibility matrix.
type matrixCase struct {
	name, method string
	path, body   func(f *workFixture) string
	want         matrixWant
}

// runMatrix runs every case as every principal, each on a fresh fixture
// (writes change state), plus the deauthorized and missing tokens (401).
func runMatrix(t *testing.T, cases []matrixCase) {
	t.Helper()
	runMatrixWith(t, cases, nil)
}

// runMatrixWith is runMatrix with more records: setup (when not nil) adds
// them to each fresh fixture.
func runMatrixWith(t *testing.T, cases []matrixCase, setup func(testing.TB, *workFixture)) {
	t.Helper()
	for _, tt := range cases {
		for _, who := range []string{"sa", "admin", "member", "guest", "outsider", "dead", "none"} {
			t.Run(tt.name+"/"+who, func(t *testing.T) {
				f := newWorkFixture(t)
				if setup != nil {
					setup(t, f)
				}
				want := 401
				if who != "dead" && who != "none" {
					want = tt.want.of(who)
				}
				body := ""
				if tt.body != nil {
					body = tt.body(f)
				}
				code, _, doc := call(t, f.s, f.who(who), tt.method, tt.path(f), body)
				if code != want {
					t.Fatalf("%s %s: status %d, want %d: %v", tt.method, tt.path(f), code, want, doc)
				}
				if code >= 400 && errMessage(doc) == "" {
					t.Errorf("error without message: %v", doc)
				}
				if code < 300 && doc["data"] == nil {
					t.Errorf("success without data: %v", doc)
				}
			})
		}
	}
}

func fixed(s string) func(*workFixture) string { return func(*workFixture) string { return s } }

// data returns the "data" object of an answer.
func data(t testing.TB, doc map[string]any) map[string]any {
	t.Helper()
	d, ok := doc["data"].(map[string]any)
	if !ok {
		t.Fatalf("no data object in %v", doc)
	}
	return d
}

// gids returns the gids of a list answer.
func gids(t testing.TB, doc map[string]any) []string {
	t.Helper()
	list, ok := doc["data"].([]any)
	if !ok {
		t.Fatalf("no data list in %v", doc)
	}
	out := make([]string, len(list))
	for i, e := range list {
		out[i], _ = e.(map[string]any)["gid"].(string)
	}
	return out
}

// must calls and fails the test unless the status is want.
func must(t testing.TB, s *Server, tok, method, p, body string, want int) map[string]any {
	t.Helper()
	code, _, doc := call(t, s, tok, method, p, body)
	if code != want {
		t.Fatalf("%s %s: status %d, want %d: %v", method, p, code, want, doc)
	}
	return doc
}
