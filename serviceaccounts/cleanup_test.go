package serviceaccounts

import (
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/asanatest"
)

const day = 24 * time.Hour

// cleanupOrg seeds an organization whose projects cover every cleanup rule.
type cleanupOrg struct {
	srv      *asanatest.Server
	org      asanatest.Workspace
	sa       string // service account token
	member   string // a member's personal token
	projects map[string]asanatest.Project
	tasks    map[string]asanatest.Task // first task of each project
}

func newCleanupOrg(t *testing.T) *cleanupOrg {
	t.Helper()
	srv := newFake(t)
	now := srv.Clock().Now()
	org := asanatest.Must(srv.AddWorkspace(asanatest.Workspace{Name: "Acme", IsOrganization: true, Enterprise: true}))
	_, sa, err := srv.AddServiceAccount(org.GID, "Cleanup bot")
	if err != nil {
		t.Fatal(err)
	}
	ada := asanatest.Must(srv.AddUser(asanatest.User{Name: "Ada", Email: "ada@acme.example"}))
	asanatest.Must(srv.AddWorkspaceMember(org.GID, ada.GID, asanatest.MemberOptions{}))
	pat := asanatest.Must(srv.AddPersonalAccessToken(ada.GID))
	work := asanatest.Must(srv.AddTeam(asanatest.Team{OrganizationGID: org.GID, Name: "Work"}))
	legal := asanatest.Must(srv.AddTeam(asanatest.Team{OrganizationGID: org.GID, Name: "Legal"}))
	asanatest.Must(srv.AddTeamMember(work.GID, ada.GID, asanatest.MemberOptions{}))
	co := &cleanupOrg{srv: srv, org: org, sa: sa, member: pat, projects: map[string]asanatest.Project{}, tasks: map[string]asanatest.Task{}}
	add := func(key, name, team string, age time.Duration, archived bool, due string, completed bool) {
		at := now.Add(-age)
		p := asanatest.Must(srv.AddProject(asanatest.Project{WorkspaceGID: org.GID, TeamGID: team, Name: name,
			Archived: archived, CreatedAt: at.Add(-day), ModifiedAt: at, MemberGIDs: []string{ada.GID}}))
		task := asanatest.Must(srv.AddTask(asanatest.Task{WorkspaceGID: org.GID, Name: "Task of " + name, DueOn: due,
			Completed: completed, CreatedAt: at.Add(-day), ModifiedAt: at,
			Memberships: []asanatest.TaskMembership{{ProjectGID: p.GID}}}))
		co.projects[key], co.tasks[key] = p, task
	}
	add("quiet", "Quiet project", work.GID, 200*day, false, "", true)
	add("taskEdited", "Busy tasks", work.GID, 200*day, false, "", false)
	add("oldArchived", "Old archive", work.GID, 200*day, true, "", true)
	add("newArchived", "Recent archive", work.GID, 10*day, true, "", true)
	add("legal", "Contracts", legal.GID, 200*day, false, "", true)
	add("template", "Template: onboarding", work.GID, 200*day, false, "", true)
	add("handbook", "Company Handbook", work.GID, 200*day, false, "", true)
	add("future", "Next year's offsite", work.GID, 200*day, false, "2026-06-01", false)
	add("fresh", "Fresh project", work.GID, 5*day, false, "", false)
	return co
}

func (co *cleanupOrg) rules() CleanupRules {
	return CleanupRules{InactiveFor: 90 * day, GracePeriod: 30 * day, ExcludeTeams: []string{"legal"},
		ExcludeNames: []string{"*handbook*"}, ExcludeTemplates: true, KeepFutureWork: true, Now: co.srv.Clock().Now()}
}

func projectsOf(p *Plan, kind ChangeKind) map[string]bool {
	out := map[string]bool{}
	for _, c := range p.Changes {
		if c.Kind == kind {
			out[c.Project.GID] = true
		}
	}
	return out
}

func TestCleanupPlanApply(t *testing.T) {
	co := newCleanupOrg(t)
	ctx := t.Context()
	c := clientFor(t, co.srv, co.sa)
	// A member edits a task of "Busy tasks" today: the project's own
	// modified_at stays old, only the task shows the activity.
	mc := clientFor(t, co.srv, co.member)
	if _, err := mc.Tasks.Update(ctx, co.tasks["taskEdited"].GID, &asana.TaskUpdateRequest{Name: asana.Ptr("Renamed")}, nil); err != nil {
		t.Fatal(err)
	}
	if p, _ := co.srv.Project(co.projects["taskEdited"].GID); !p.ModifiedAt.Equal(co.projects["taskEdited"].ModifiedAt) {
		t.Fatalf("the fake moved the project's modified_at on a task edit; the test assumes Asana's behaviour")
	}
	plan, err := PlanCleanup(ctx, c, co.org.GID, co.rules())
	if err != nil {
		t.Fatal(err)
	}
	archive, del := projectsOf(plan, ArchiveProject), projectsOf(plan, DeleteProject)
	if len(archive) != 1 || !archive[co.projects["quiet"].GID] {
		t.Errorf("archive %v, want only the quiet project\n%s", archive, text(plan))
	}
	if len(del) != 1 || !del[co.projects["oldArchived"].GID] {
		t.Errorf("delete %v, want only the old archived project\n%s", del, text(plan))
	}
	for _, ch := range plan.Changes {
		if ch.Reason == "" || ch.QuietSince.IsZero() || ch.ModifiedAt.IsZero() {
			t.Errorf("incomplete change %+v", ch)
		}
	}
	rep, err := Apply(ctx, c, plan, ApplyOptions{Journal: filepath.Join(t.TempDir(), "j")})
	if err != nil || rep.Err() != nil {
		t.Fatalf("apply: %v %v", err, rep.Err())
	}
	if p, _ := co.srv.Project(co.projects["quiet"].GID); !p.Archived {
		t.Error("quiet project not archived")
	}
	if _, err := c.Projects.Get(ctx, co.projects["oldArchived"].GID, nil); !errors.Is(err, asana.ErrNotFound) {
		t.Errorf("old archived project not deleted: %v", err)
	}
	// Right after: nothing to do (the archive is fresh).
	again, err := PlanCleanup(ctx, c, co.org.GID, co.rules())
	if err != nil || !again.Empty() {
		t.Fatalf("second plan: %v\n%s", err, text(again))
	}
	// Past the grace period the archived project is deleted; the one
	// whose task was edited is archived in turn once it has been quiet.
	co.srv.Clock().Advance(100 * day)
	later, err := PlanCleanup(ctx, c, co.org.GID, co.rules())
	if err != nil {
		t.Fatal(err)
	}
	if del := projectsOf(later, DeleteProject); !del[co.projects["quiet"].GID] || !del[co.projects["newArchived"].GID] {
		t.Errorf("after the grace period:\n%s", text(later))
	}
	if arch := projectsOf(later, ArchiveProject); !arch[co.projects["taskEdited"].GID] {
		t.Errorf("after 100 quiet days:\n%s", text(later))
	}
}

func TestCleanupApplyRechecks(t *testing.T) {
	co := newCleanupOrg(t)
	ctx := t.Context()
	c := clientFor(t, co.srv, co.sa)
	plan, err := PlanCleanup(ctx, c, co.org.GID, co.rules())
	if err != nil {
		t.Fatal(err)
	}
	// After planning, someone edits a task of the quiet project and
	// unarchives the old one.
	mc := clientFor(t, co.srv, co.member)
	if _, err := mc.Tasks.Update(ctx, co.tasks["quiet"].GID, &asana.TaskUpdateRequest{Notes: asana.Ptr("still needed")}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Projects.Update(ctx, co.projects["oldArchived"].GID, &asana.ProjectUpdateRequest{Archived: asana.Ptr(false)}, nil); err != nil {
		t.Fatal(err)
	}
	rep, err := Apply(ctx, c, plan, ApplyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Count(StatusFailed) != 2 || !errors.Is(rep.Err(), ErrStale) {
		t.Errorf("want both changes refused as stale: %v", rep.Err())
	}
	if p, _ := co.srv.Project(co.projects["quiet"].GID); p.Archived {
		t.Error("archived a project whose task changed after the plan")
	}
	if _, ok := co.srv.Project(co.projects["oldArchived"].GID); !ok {
		t.Error("deleted a project that the plan saw differently")
	}
	// A delete for a project that is not archived, forged with its current
	// modified_at, is refused too: deletes only follow archiving.
	p, _ := co.srv.Project(co.projects["fresh"].GID)
	forged := &Plan{Kind: "cleanup", Organization: Ref{GID: co.org.GID}, Changes: []Change{{Kind: DeleteProject,
		Project: &Ref{GID: p.GID}, ModifiedAt: p.ModifiedAt, QuietSince: p.ModifiedAt.Add(time.Second), Reason: "forged"}}}
	rep, err = Apply(ctx, c, forged, ApplyOptions{})
	if err != nil || !errors.Is(rep.Err(), ErrStale) {
		t.Errorf("forged delete: %v %v", err, rep.Err())
	}
	if _, ok := co.srv.Project(p.GID); !ok {
		t.Error("deleted a project that was never archived")
	}
}

func TestCleanupRulesErrors(t *testing.T) {
	co := newCleanupOrg(t)
	c := clientFor(t, co.srv, co.sa)
	for _, r := range []CleanupRules{{}, {InactiveFor: day, GracePeriod: -day}, {InactiveFor: day, ExcludeNames: []string{"[oops"}}} {
		if _, err := PlanCleanup(t.Context(), c, co.org.GID, r); err == nil {
			t.Errorf("rules %+v accepted", r)
		}
	}
}
