package serviceaccounts

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/asanatest"
)

// offboardScene is the demo organization with a person who leaves and
// owns one of everything, their manager in a directory, and a project for
// their My Tasks.
type offboardScene struct {
	srv            *asanatest.Server
	org            *asanatest.Org
	leaver, boss   asanatest.User
	inbox          asanatest.Project
	dir            *Directory
	myTasksOnly    []string // gids of the tasks only in the leaver's My Tasks
	ownedPortfolio string
	memberGoal     string // a goal of the boss's the leaver is a member of
}

func newOffboardScene(t testing.TB) *offboardScene {
	t.Helper()
	srv, org := demo(t)
	sc := &offboardScene{srv: srv, org: org}
	ws := org.Organization.GID
	// The leaver and the boss: two active, non-guest members other than
	// the admin and the service account.
	var picked []asanatest.User
	for _, u := range org.Users {
		m, _ := srv.WorkspaceMembership(ws, u.GID)
		if m.IsActive && !m.IsGuest && !m.IsAdmin && u.GID != org.Member.GID {
			picked = append(picked, u)
		}
		if len(picked) == 2 {
			break
		}
	}
	if len(picked) < 2 {
		t.Fatal("the demo has too few members")
	}
	sc.leaver, sc.boss = picked[0], picked[1]
	team := org.Teams[0].GID
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	owned, err := srv.AddProject(asanatest.Project{WorkspaceGID: ws, TeamGID: team, Name: "Leaver's launch", OwnerGID: sc.leaver.GID,
		MemberGIDs: []string{sc.leaver.GID}})
	must(err)
	sc.inbox, err = srv.AddProject(asanatest.Project{WorkspaceGID: ws, TeamGID: team, Name: "Handover inbox"})
	must(err)
	in := []asanatest.TaskMembership{{ProjectGID: owned.GID}}
	_, err = srv.AddTask(asanatest.Task{WorkspaceGID: ws, Name: "Open work", AssigneeGID: sc.leaver.GID, Memberships: in})
	must(err)
	_, err = srv.AddTask(asanatest.Task{WorkspaceGID: ws, Name: "Done work", AssigneeGID: sc.leaver.GID, Memberships: in, Completed: true})
	must(err)
	for i, done := range []bool{false, true} {
		task, err := srv.AddTask(asanatest.Task{WorkspaceGID: ws, Name: fmt.Sprintf("Private note %d", i), AssigneeGID: sc.leaver.GID, Completed: done})
		must(err)
		sc.myTasksOnly = append(sc.myTasksOnly, task.GID)
	}
	_, err = srv.AddGoal(asanatest.Goal{WorkspaceGID: ws, TeamGID: team, Name: "Leaver's goal", OwnerGID: sc.leaver.GID})
	must(err)
	bossGoal, err := srv.AddGoal(asanatest.Goal{WorkspaceGID: ws, TeamGID: team, Name: "Boss's goal", OwnerGID: sc.boss.GID})
	must(err)
	sc.memberGoal = bossGoal.GID
	_, err = srv.SetAccessLevel(bossGoal.GID, sc.leaver.GID, "commenter")
	must(err)
	pf, err := srv.AddPortfolio(asanatest.Portfolio{WorkspaceGID: ws, Name: "Leaver's portfolio", OwnerGID: sc.leaver.GID})
	must(err)
	sc.ownedPortfolio = pf.GID
	var csv strings.Builder
	csv.WriteString("email,name,manager\n")
	fmt.Fprintf(&csv, "%s,%s,%s\n", sc.leaver.Email, sc.leaver.Name, sc.boss.Email)
	fmt.Fprintf(&csv, "%s,%s,\n", sc.boss.Email, sc.boss.Name)
	sc.dir, err = LoadDirectory(strings.NewReader(csv.String()), "people.csv")
	must(err)
	return sc
}

func (sc *offboardScene) offboarding() Offboarding {
	return Offboarding{Users: []string{sc.leaver.Email}, Directory: sc.dir, MyTasksProject: sc.inbox.Name, Deprovision: true, GoalMemberships: true, Source: "test"}
}

// leftovers lists, through the API, what the Done-when of offboarding
// forbids: incomplete tasks assigned to the person, projects, portfolios
// and goals they own, tasks only in their My Tasks.
func leftovers(t *testing.T, c *asana.Client, orgGID, userGID string) []string {
	t.Helper()
	ctx := t.Context()
	var out []string
	utl, err := c.UserTaskLists.GetForUser(ctx, userGID, orgGID, nil)
	if err != nil {
		t.Fatal(err)
	}
	for task, err := range c.Tasks.ListForUserTaskList(ctx, utl.GID, &asana.TaskListForOptions{
		ListOptions: asana.ListOptions{Fields: []string{"name", "completed", "projects", "parent"}}}).All() {
		if err != nil {
			t.Fatal(err)
		}
		if !task.Completed {
			out = append(out, "incomplete task "+task.Name)
		}
		if len(task.Projects) == 0 && task.Parent == nil {
			out = append(out, "task only in My Tasks "+task.Name)
		}
	}
	for p, err := range c.Projects.ListForWorkspace(ctx, orgGID, &asana.ProjectArchivedListOptions{ListOptions: asana.ListOptions{Fields: []string{"name", "owner"}}}).All() {
		if err != nil {
			t.Fatal(err)
		}
		if p.Owner != nil && p.Owner.GID == userGID {
			out = append(out, "project "+p.Name)
		}
	}
	for p, err := range c.Portfolios.List(ctx, orgGID, &asana.PortfolioListOptions{Owner: userGID, ListOptions: asana.ListOptions{Fields: []string{"name"}}}).All() {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, "portfolio "+p.Name)
	}
	for g, err := range c.Goals.List(ctx, &asana.GoalListOptions{Workspace: orgGID, ListOptions: asana.ListOptions{Fields: []string{"name", "owner"}}}).All() {
		if err != nil {
			t.Fatal(err)
		}
		if g.Owner != nil && g.Owner.GID == userGID {
			out = append(out, "goal "+g.Name)
		}
	}
	return out
}

func TestOffboardingHandsOverEverything(t *testing.T) {
	sc := newOffboardScene(t)
	ctx := t.Context()
	ws := sc.org.Organization.GID
	c := clientFor(t, sc.srv, sc.org.ServiceAccountToken)
	if left := leftovers(t, c, ws, sc.leaver.GID); len(left) < 5 {
		t.Fatalf("the scene gives the leaver too little to hand over: %v", left)
	}
	plan, err := PlanOffboarding(ctx, c, ws, sc.offboarding())
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []ChangeKind{MoveTaskToProject, ReassignTask, TransferProjectOwner, TransferGoalOwner, AddMember, RemoveMember, DeprovisionUser} {
		if plan.Count(k) == 0 {
			t.Errorf("the plan has no %s:\n%s", k, text(plan))
		}
	}
	if !slices.ContainsFunc(plan.Changes, func(ch Change) bool { return ch.Kind == RemoveMember && ch.Goal != nil && ch.Goal.GID == sc.memberGoal }) {
		t.Errorf("the leaver's goal membership is not removed:\n%s", text(plan))
	}
	if last := plan.Changes[len(plan.Changes)-1]; last.Kind != DeprovisionUser {
		t.Errorf("the deprovision is not last: %s", last.Kind)
	}
	for _, ch := range plan.Changes {
		if strings.TrimSpace(ch.Evidence) == "" || ch.Reason == "" {
			t.Errorf("%s %s names no evidence or reason", ch.Kind, ch.Target())
		}
		if ch.To != nil && ch.To.GID != sc.boss.GID {
			t.Errorf("%s hands over to %s, not the manager", ch.Kind, ch.To)
		}
	}
	if !strings.Contains(text(plan), "cannot change a portfolio's owner") {
		t.Errorf("no finding about the portfolio's owner:\n%s", text(plan))
	}
	rep, err := Apply(ctx, c, plan, ApplyOptions{Journal: filepath.Join(t.TempDir(), "j")})
	if err != nil || rep.Err() != nil {
		t.Fatalf("apply: %v %v", err, rep.Err())
	}
	if left := leftovers(t, c, ws, sc.leaver.GID); len(left) > 0 {
		t.Errorf("after offboarding the leaver still has: %v", left)
	}
	if m, _ := sc.srv.WorkspaceMembership(ws, sc.leaver.GID); m.IsActive {
		t.Error("the leaver is still active")
	}
	if ms, err := (&applier{c: c}).membershipOf(ctx, Change{Goal: &Ref{GID: sc.memberGoal}, User: &Ref{GID: sc.leaver.GID}}); err != nil || ms != nil {
		t.Errorf("the leaver is still a member of the boss's goal: %v %+v", err, ms)
	}
	if pf, _ := sc.srv.Portfolio(sc.ownedPortfolio); pf.OwnerGID == sc.leaver.GID {
		t.Error("the portfolio is still the leaver's")
	}
	for _, g := range sc.myTasksOnly {
		task, _ := sc.srv.Task(g)
		if len(task.Memberships) != 1 || task.Memberships[0].ProjectGID != sc.inbox.GID {
			t.Errorf("task %s is not in the inbox project: %+v", task.Name, task.Memberships)
		}
	}
	again, err := PlanOffboarding(ctx, c, ws, sc.offboarding())
	if err != nil || !again.Empty() {
		t.Errorf("plan after apply: %v\n%s", err, text(again))
	}
}

// TestOffboardingWithoutProjectKeepsThePerson: tasks only in My Tasks
// and nowhere to put them hold the deprovision back.
func TestOffboardingHoldsBack(t *testing.T) {
	sc := newOffboardScene(t)
	c := clientFor(t, sc.srv, sc.org.ServiceAccountToken)
	ws := sc.org.Organization.GID
	tests := []struct {
		name   string
		change func(*Offboarding)
		want   string
	}{
		{"no project for My Tasks", func(o *Offboarding) { o.MyTasksProject = "" }, "name a project for such tasks"},
		{"no manager", func(o *Offboarding) {
			o.Directory, _ = LoadDirectory(strings.NewReader("email\n"+sc.leaver.Email+"\n"), "d.csv")
		}, "names no manager"},
		{"recipient leaves too", func(o *Offboarding) { o.Users = append(o.Users, sc.boss.Email) }, "is leaving too"},
		{"recipient not a member", func(o *Offboarding) { o.To = "nobody@nowhere.example" }, "not an active member"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := sc.offboarding()
			tt.change(&o)
			plan, err := PlanOffboarding(t.Context(), c, ws, o)
			if err != nil {
				t.Fatal(err)
			}
			for _, ch := range plan.Changes {
				if ch.User != nil && ch.User.GID == sc.leaver.GID && ch.Kind.removesUser() {
					t.Errorf("the leaver is removed although %s", tt.name)
				}
			}
			if !strings.Contains(text(plan), tt.want) {
				t.Errorf("no finding %q:\n%s", tt.want, text(plan))
			}
		})
	}
	for _, bad := range []Offboarding{{}, {Users: []string{sc.leaver.Email}}, {Users: []string{sc.leaver.Email}, To: sc.boss.Email, MyTasksProject: "No such project"}} {
		if _, err := PlanOffboarding(t.Context(), c, ws, bad); err == nil {
			t.Errorf("%+v planned", bad)
		}
	}
}

// TestOffboardingInterruptedResumes kills the apply at each of its
// requests in turn (before the write is sent, or after Asana did it but
// the answer was lost) and checks that the rerun repeats no write.
func TestOffboardingInterruptedResumes(t *testing.T) {
	sc := newOffboardScene(t)
	ctx := t.Context()
	ws := sc.org.Organization.GID
	c := clientFor(t, sc.srv, sc.org.ServiceAccountToken)
	plan, err := PlanOffboarding(ctx, c, ws, sc.offboarding())
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{1, 3, len(plan.Changes)} {
		for _, after := range []bool{false, true} {
			t.Run(fmt.Sprintf("request %d after=%v", n, after), func(t *testing.T) {
				sc := newOffboardScene(t)
				c := clientFor(t, sc.srv, sc.org.ServiceAccountToken)
				plan, err := PlanOffboarding(ctx, c, ws, sc.offboarding())
				if err != nil {
					t.Fatal(err)
				}
				journal := filepath.Join(t.TempDir(), "journal")
				sc.srv.ResetRequests()
				runCtx, cancel := context.WithCancel(ctx)
				defer cancel()
				it := &interrupter{next: sc.srv.Transport(), n: n, after: after, cancel: cancel}
				ic, err := asana.NewClient(sc.org.ServiceAccountToken, asana.WithTransport(it),
					asana.WithRateLimit(0, 0), asana.WithRetryPolicy(asana.NoRetries()))
				if err != nil {
					t.Fatal(err)
				}
				if _, err := Apply(runCtx, ic, plan, ApplyOptions{Journal: journal, Concurrency: 1}); !errors.Is(err, context.Canceled) {
					t.Fatalf("interrupted apply: %v", err)
				}
				rep, err := Apply(ctx, c, plan, ApplyOptions{Journal: journal, Concurrency: 4})
				if err != nil || rep.Err() != nil {
					t.Fatalf("resumed apply: %v %v", err, rep.Err())
				}
				total, byPath := writes(sc.srv)
				if total != len(plan.Changes) {
					t.Errorf("%d successful writes for %d changes: %v", total, len(plan.Changes), byPath)
				}
				if left := leftovers(t, c, ws, sc.leaver.GID); len(left) > 0 {
					t.Errorf("after the resumed offboarding the leaver still has: %v", left)
				}
				again, err := PlanOffboarding(ctx, c, ws, sc.offboarding())
				if err != nil || !again.Empty() {
					t.Errorf("plan after resume: %v\n%s", err, text(again))
				}
			})
		}
	}
}

// TestOffboardingFromPolicy offboards the people an access policy
// deprovisions: the policy's removal, with its evidence, comes last.
func TestOffboardingFromPolicy(t *testing.T) {
	sc := newOffboardScene(t)
	c := clientFor(t, sc.srv, sc.org.ServiceAccountToken)
	ws := sc.org.Organization.GID
	pol, err := ParsePolicy([]byte("deprovision:\n  users: ["+sc.leaver.Email+"]\n"), "policy.yaml")
	if err != nil {
		t.Fatal(err)
	}
	access, err := PlanAccess(t.Context(), c, ws, pol)
	if err != nil || access.Count(DeprovisionUser) != 1 {
		t.Fatalf("access plan: %v\n%s", err, text(access))
	}
	o := sc.offboarding()
	o.Users, o.Deprovision, o.FromPlan = nil, false, access
	plan, err := PlanOffboarding(t.Context(), c, ws, o)
	if err != nil {
		t.Fatal(err)
	}
	last := plan.Changes[len(plan.Changes)-1]
	if last.Kind != DeprovisionUser || last.Evidence != "policy.yaml deprovision.users[0]" || plan.Count(ReassignTask) == 0 {
		t.Fatalf("plan:\n%s", text(plan))
	}
	// A handover that fails holds the removal back.
	var task string
	for _, ch := range plan.Changes {
		if ch.Kind == ReassignTask {
			task = ch.Task.GID
			break
		}
	}
	if err := c.Tasks.Delete(t.Context(), task); err != nil {
		t.Fatal(err)
	}
	rep, err := Apply(t.Context(), c, plan, ApplyOptions{})
	if !errors.Is(err, ErrPhaseBlocked) || rep.Count(StatusFailed) != 1 || rep.Results[len(rep.Results)-1].Status != StatusNotAttempted {
		t.Errorf("apply with a failed handover: %v\n%s", err, reportText(rep))
	}
	if m, _ := sc.srv.WorkspaceMembership(ws, sc.leaver.GID); !m.IsActive {
		t.Error("the leaver was removed although a handover failed")
	}
}

func reportText(r *Report) string {
	var b strings.Builder
	if err := r.WriteText(&b); err != nil {
		return err.Error()
	}
	return b.String()
}

// TestOffboardingRecheck: a saved offboarding plan goes stale when the
// work changed hands meanwhile.
func TestOffboardingRecheck(t *testing.T) {
	sc := newOffboardScene(t)
	ctx := t.Context()
	ws := sc.org.Organization.GID
	c := clientFor(t, sc.srv, sc.org.ServiceAccountToken)
	plan, err := PlanOffboarding(ctx, c, ws, sc.offboarding())
	if err != nil {
		t.Fatal(err)
	}
	if stale, err := Recheck(ctx, c, plan, ""); err != nil || len(stale) != 0 {
		t.Fatalf("fresh plan: %v %+v", err, stale)
	}
	var task, project, goal *Change
	for i := range plan.Changes {
		ch := &plan.Changes[i]
		switch {
		case ch.Kind == ReassignTask && task == nil && ch.Task.Name == "Open work":
			task = ch
		case ch.Kind == TransferProjectOwner && project == nil:
			project = ch
		case ch.Kind == TransferGoalOwner && goal == nil:
			goal = ch
		}
	}
	other := sc.org.Admin.GID
	if _, err := c.Tasks.Update(ctx, task.Task.GID, &asana.TaskUpdateRequest{Assignee: asana.Ptr(other)}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Projects.Update(ctx, project.Project.GID, &asana.ProjectUpdateRequest{Owner: asana.Ptr(sc.boss.GID)}, nil); err != nil {
		t.Fatal(err)
	}
	if err := c.Goals.Delete(ctx, goal.Goal.GID); err != nil {
		t.Fatal(err)
	}
	stale, err := Recheck(ctx, c, plan, "")
	if err != nil {
		t.Fatal(err)
	}
	reasons := map[ChangeKind]string{}
	for _, s := range stale {
		reasons[s.Change.Kind] += s.Reason + ";"
	}
	for kind, want := range map[ChangeKind]string{ReassignTask: "no longer assigned to", TransferProjectOwner: "already in effect", TransferGoalOwner: "no longer exists"} {
		if !strings.Contains(reasons[kind], want) {
			t.Errorf("%s: stale reasons %q, want %q", kind, reasons[kind], want)
		}
	}
}
