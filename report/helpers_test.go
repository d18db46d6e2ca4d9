package report

import (
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/asanatest"
	"github.com/asanakit/asana-go/export"
	"github.com/asanakit/asana-go/export/sqlload"
)

// fixture is a generated organization in the fake, backed up and loaded.
type fixture struct {
	srv  *asanatest.Server
	org  *asanatest.Org
	c    *asana.Client
	snap string
	asOf time.Time
	db   *sqlload.DB
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	srv, err := asanatest.New(asanatest.WithSeed(11), asanatest.WithRateLimit(0, time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	org, err := srv.Generate(5, asanatest.Sizes{Users: 16, Teams: 3, Projects: 8, Tasks: 200, SubtaskRatio: 0.4,
		CommentsPerTask: 1, ArchivedRatio: 0.15, Guests: 3})
	if err != nil {
		t.Fatal(err)
	}
	// Token events for the audit log: one person's token made and
	// revoked, another's made.
	if _, err := srv.AddPersonalAccessToken(org.Users[1].GID); err != nil {
		t.Fatal(err)
	}
	tok, err := srv.AddPersonalAccessToken(org.Users[2].GID)
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.DeauthorizeToken(tok); err != nil {
		t.Fatal(err)
	}
	// A project with no activity, status updates recent and old, a
	// custom field on no project with options nobody chose.
	now := srv.Clock().Now()
	owner := org.Users[0].GID
	if _, err := srv.AddProject(asanatest.Project{WorkspaceGID: org.Organization.GID, TeamGID: org.Teams[0].GID,
		OwnerGID: owner, Name: "Dormant", CreatedAt: now.AddDate(0, -6, 0), ModifiedAt: now.AddDate(0, -6, 0)}); err != nil {
		t.Fatal(err)
	}
	for i, age := range []int{3, 40} {
		if _, err := srv.AddStatusUpdate(asanatest.StatusUpdate{ParentGID: org.Projects[i].GID, ParentType: "project",
			AuthorGID: owner, Title: "Weekly status", StatusType: "on_track", CreatedAt: now.AddDate(0, 0, -age)}); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := srv.AddCustomField(asanatest.CustomField{WorkspaceGID: org.Organization.GID, Name: "Unused",
		ResourceSubtype: "enum"}, asanatest.EnumOption{Name: "A", Enabled: true}, asanatest.EnumOption{Name: "B", Enabled: true}); err != nil {
		t.Fatal(err)
	}
	c, err := asana.NewClient(org.ServiceAccountToken, asana.WithTransport(srv.Transport()),
		asana.WithClock(srv.Clock()), asana.WithRateLimit(0, 0))
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{srv: srv, org: org, c: c}
	res, err := (&export.Backup{Client: c, Organization: org.Organization.GID, Dir: t.TempDir(), Concurrency: 4}).Run(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	f.snap, f.asOf = res.Dir, res.Manifest.StartedAt
	f.checkAuditLog(t)
	f.db, err = sqlload.OpenSQLite(filepath.Join(t.TempDir(), "org.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.db.Close() })
	if _, err := f.db.Load(t.Context(), f.snap); err != nil {
		t.Fatal(err)
	}
	return f
}

// checkAuditLog checks that the backup kept the organization's whole
// audit log (kind audit_log_events), which the tokens report reads.
func (f *fixture) checkAuditLog(t *testing.T) {
	t.Helper()
	m, err := export.Verify(f.snap)
	if err != nil {
		t.Fatal(err)
	}
	want := len(f.srv.AuditLog(f.org.Organization.GID))
	if got := m.Counts["audit_log_events"]; want == 0 || got != int64(want) {
		t.Fatalf("the backup kept %d audit log events, the fake has %d", got, want)
	}
}

// state is the fake's records, found by walking the gids it handed out.
type state struct {
	tasks    map[string]asanatest.Task
	projects map[string]asanatest.Project
	teams    map[string]asanatest.Team
	users    map[string]asanatest.User
	stories  []asanatest.Story
	statuses []asanatest.StatusUpdate
	fields   []asanatest.CustomField
}

func (f *fixture) state(t *testing.T) *state {
	t.Helper()
	s := &state{tasks: map[string]asanatest.Task{}, projects: map[string]asanatest.Project{},
		teams: map[string]asanatest.Team{}, users: map[string]asanatest.User{}}
	base, err := strconv.ParseUint(f.org.Organization.GID, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	// The fake hands out gids in sequence from the organization's.
	for g, miss := base, 0; miss < 2000; g++ {
		gid := strconv.FormatUint(g, 10)
		found := true
		if v, ok := f.srv.Task(gid); ok {
			s.tasks[gid] = v
		} else if v, ok := f.srv.Project(gid); ok {
			s.projects[gid] = v
		} else if v, ok := f.srv.Team(gid); ok {
			s.teams[gid] = v
		} else if v, ok := f.srv.User(gid); ok {
			s.users[gid] = v
		} else if v, ok := f.srv.Story(gid); ok {
			s.stories = append(s.stories, v)
		} else if v, ok := f.srv.StatusUpdate(gid); ok {
			s.statuses = append(s.statuses, v)
		} else if v, ok := f.srv.CustomField(gid); ok {
			s.fields = append(s.fields, v)
		} else {
			found = false
		}
		if found {
			miss = 0
		} else {
			miss++
		}
	}
	if len(s.tasks) < 200 || len(s.projects) != len(f.org.Projects)+1 {
		t.Fatalf("walked %d tasks, %d projects", len(s.tasks), len(s.projects))
	}
	return s
}

// backedUp says whether the backup holds a task: one in a project, a
// subtask of one it holds, or a top-level task in no project that is in
// its assignee's My Tasks. Deleted tasks are not.
func (s *state) backedUp(t asanatest.Task) bool {
	if !t.Deleted && t.ParentGID == "" && len(t.Memberships) == 0 && t.AssigneeGID != "" {
		return true
	}
	for i := 0; i < 100 && !t.Deleted; i++ {
		if len(t.Memberships) > 0 {
			return true
		}
		p, ok := s.tasks[t.ParentGID]
		if !ok {
			return false
		}
		t = p
	}
	return false
}

// projectsOf returns the projects a task counts in: its own, or for a
// subtask in none, its parent's.
func (s *state) projectsOf(t asanatest.Task) []string {
	for i := 0; i < 100; i++ {
		if len(t.Memberships) > 0 {
			var out []string
			for _, m := range t.Memberships {
				out = append(out, m.ProjectGID)
			}
			return out
		}
		p, ok := s.tasks[t.ParentGID]
		if !ok {
			return nil
		}
		t = p
	}
	return nil
}

// due is a task's due date (YYYY-MM-DD), or "".
func due(t asanatest.Task) string {
	if t.DueOn != "" {
		return t.DueOn
	}
	if !t.DueAt.IsZero() {
		return t.DueAt.UTC().Format(time.DateOnly)
	}
	return ""
}

// rowsBy returns a result's rows as column → value maps, by the value of
// the key column.
func rowsBy(t *testing.T, r *Result, key string) map[string]map[string]any {
	t.Helper()
	ki := r.Column(key)
	if ki < 0 {
		t.Fatalf("%s: no column %s in %v", r.Report.Name, key, r.Columns)
	}
	out := map[string]map[string]any{}
	for _, row := range r.Rows {
		m := map[string]any{}
		for i, c := range r.Columns {
			m[c] = row[i]
		}
		k := cell(row[ki])
		if _, dup := out[k]; dup {
			t.Fatalf("%s: two rows for %s %s", r.Report.Name, key, k)
		}
		out[k] = m
	}
	return out
}
