package export

import (
	"context"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/asanatest"
)

// readLines decodes every line of a snapshot file.
func readLines[T any](t testing.TB, path string) []T {
	t.Helper()
	data, err := readSnapshotFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []T
	for _, l := range strings.Split(strings.TrimSuffix(string(data), "\n"), "\n") {
		if l == "" {
			continue
		}
		var v T
		if err := json.Unmarshal([]byte(l), &v); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		out = append(out, v)
	}
	return out
}

// projectFiles reads one kind across every project of a snapshot.
func projectFiles[T any](t testing.TB, snap, file string) []T {
	t.Helper()
	paths := globData(filepath.Join(snap, "projects", "*", file))
	var out []T
	for _, p := range paths {
		out = append(out, readLines[T](t, p)...)
	}
	return out
}

func TestBackupMatchesFake(t *testing.T) {
	f := newFakeOrg(t, smallSizes(), nil)
	// The generator makes no attachments: add some, on a task and a subtask.
	p0 := f.org.Projects[0]
	var parent, sub string
	for task, err := range f.client.Tasks.ListForProject(t.Context(), p0.GID,
		&asana.TaskListForOptions{ListOptions: asana.ListOptions{Fields: []string{"num_subtasks"}}}).All() {
		if err != nil {
			t.Fatal(err)
		}
		if task.NumSubtasks > 0 {
			parent = task.GID
			for s, err := range f.client.Tasks.ListSubtasks(t.Context(), task.GID, &asana.ListOptions{Fields: []string{"name"}}).All() {
				if err != nil {
					t.Fatal(err)
				}
				sub = s.GID
				break
			}
			break
		}
	}
	if parent == "" {
		t.Fatal("no task with subtasks in the first project")
	}
	for i, on := range []string{parent, sub, parent} {
		asanatest.Must(f.srv.AddAttachment(asanatest.Attachment{ParentGID: on, Name: "file" + string(rune('a'+i)) + ".pdf",
			ResourceSubtype: "asana", Host: "asana", Size: int64(100 * (i + 1)), DownloadURL: "https://files.test/x", ViewURL: "https://files.test/v"}))
	}

	res, err := f.backup(t.TempDir()).Run(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	snap := res.Dir
	if _, err := Verify(snap); err != nil {
		t.Fatal(err)
	}
	m := res.Manifest
	wantCounts := map[string]int64{
		"users":       int64(len(f.org.Users) + 1), // the service account too
		"teams":       int64(len(f.org.Teams)),
		"projects":    int64(len(f.org.Projects)),
		"sections":    int64(f.org.Sections),
		"tasks":       int64(f.org.Tasks + f.org.Subtasks),
		"stories":     int64(f.org.Comments),
		"attachments": int64(3 + f.org.AttachedFiles), // the generated files too
	}
	for kind, n := range wantCounts {
		if m.Counts[kind] != n {
			t.Errorf("count of %s = %d, want %d", kind, m.Counts[kind], n)
		}
	}
	if got := m.Counts["workspace_memberships"]; got != wantCounts["users"] {
		t.Errorf("workspace memberships = %d, want %d", got, wantCounts["users"])
	}

	type ref struct {
		GID string `json:"gid"`
	}
	type taskLine struct {
		GID         string `json:"gid"`
		Name        string `json:"name"`
		Notes       string `json:"notes"`
		Completed   bool   `json:"completed"`
		DueOn       string `json:"due_on"`
		Assignee    *ref   `json:"assignee"`
		Parent      *ref   `json:"parent"`
		CreatedAt   string `json:"created_at"`
		ModifiedAt  string `json:"modified_at"`
		Memberships []struct {
			Project ref  `json:"project"`
			Section *ref `json:"section"`
		} `json:"memberships"`
	}
	seen := map[string]bool{}
	for _, tl := range projectFiles[taskLine](t, snap, tasksFile) {
		if seen[tl.GID] {
			t.Errorf("task %s backed up twice", tl.GID)
		}
		seen[tl.GID] = true
		ft, ok := f.srv.Task(tl.GID)
		if !ok {
			t.Fatalf("task %s not in the fake", tl.GID)
		}
		assignee, parent := "", ""
		if tl.Assignee != nil {
			assignee = tl.Assignee.GID
		}
		if tl.Parent != nil {
			parent = tl.Parent.GID
		}
		if tl.Name != ft.Name || tl.Notes != ft.Notes || tl.Completed != ft.Completed || tl.DueOn != ft.DueOn ||
			assignee != ft.AssigneeGID || parent != ft.ParentGID ||
			tl.CreatedAt != ft.CreatedAt.UTC().Format("2006-01-02T15:04:05.000Z") ||
			tl.ModifiedAt != ft.ModifiedAt.UTC().Format("2006-01-02T15:04:05.000Z") {
			t.Errorf("task %s: backup %+v, fake %+v", tl.GID, tl, ft)
		}
		if len(tl.Memberships) != len(ft.Memberships) {
			t.Errorf("task %s: %d memberships, fake has %d", tl.GID, len(tl.Memberships), len(ft.Memberships))
		}
		for i := range min(len(tl.Memberships), len(ft.Memberships)) {
			got, want := tl.Memberships[i], ft.Memberships[i]
			if got.Project.GID != want.ProjectGID || (got.Section != nil) != (want.SectionGID != "") ||
				(got.Section != nil && got.Section.GID != want.SectionGID) {
				t.Errorf("task %s membership %d: %+v, fake %+v", tl.GID, i, got, want)
			}
		}
	}
	type storyLine struct {
		GID       string `json:"gid"`
		Text      string `json:"text"`
		Target    ref    `json:"target"`
		CreatedBy *ref   `json:"created_by"`
	}
	for _, sl := range projectFiles[storyLine](t, snap, storiesFile) {
		fs, ok := f.srv.Story(sl.GID)
		if !ok || fs.Text != sl.Text || fs.TaskGID != sl.Target.GID || sl.CreatedBy == nil || sl.CreatedBy.GID != fs.CreatedByGID {
			t.Errorf("story %s: backup %+v, fake %+v", sl.GID, sl, fs)
		}
		if !seen[sl.Target.GID] {
			t.Errorf("story %s of task %s, which is not in the backup", sl.GID, sl.Target.GID)
		}
	}
	type attLine struct {
		GID         string `json:"gid"`
		Name        string `json:"name"`
		Size        int64  `json:"size"`
		Parent      ref    `json:"parent"`
		DownloadURL string `json:"download_url"`
	}
	for _, al := range projectFiles[attLine](t, snap, attachmentsFile) {
		fa, ok := f.srv.Attachment(al.GID)
		if !ok || fa.Name != al.Name || fa.Size != al.Size || fa.ParentGID != al.Parent.GID || al.DownloadURL != "" {
			t.Errorf("attachment %s: backup %+v, fake %+v", al.GID, al, fa)
		}
	}
	type wsmLine struct {
		User     ref  `json:"user"`
		IsActive bool `json:"is_active"`
		IsAdmin  bool `json:"is_admin"`
		IsGuest  bool `json:"is_guest"`
	}
	for _, w := range readLines[wsmLine](t, filepath.Join(snap, "workspace_memberships.jsonl")) {
		fm, ok := f.srv.WorkspaceMembership(f.org.Organization.GID, w.User.GID)
		if !ok || fm.IsActive != w.IsActive || fm.IsAdmin != w.IsAdmin || fm.IsGuest != w.IsGuest {
			t.Errorf("workspace membership of %s: backup %+v, fake %+v", w.User.GID, w, fm)
		}
	}
	type projectLine struct {
		GID      string `json:"gid"`
		Name     string `json:"name"`
		Archived bool   `json:"archived"`
		Team     ref    `json:"team"`
	}
	archived := 0
	for _, pl := range readLines[projectLine](t, filepath.Join(snap, "projects.jsonl")) {
		fp, ok := f.srv.Project(pl.GID)
		if !ok || fp.Name != pl.Name || fp.Archived != pl.Archived || fp.TeamGID != pl.Team.GID {
			t.Errorf("project %s: backup %+v, fake %+v", pl.GID, pl, fp)
		}
		if pl.Archived {
			archived++
		}
	}
	if archived == 0 {
		t.Error("no archived project in the backup; the generator should have made one")
	}
}

// TestBackupDeterministic: two full backups of the same data are byte
// identical, manifest included (the fake's clock stands still).
func TestBackupDeterministic(t *testing.T) {
	f := newFakeOrg(t, smallSizes(), nil)
	dir := t.TempDir()
	b := f.backup(dir)
	b.Full = true
	r1, err := b.Run(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	b.Concurrency = 1
	r2, err := b.Run(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	sameData(t, r1.Dir, r2.Dir)
	if r1.Dir == r2.Dir {
		t.Fatal("second run reused the first snapshot")
	}
}

// TestBackupResumeAfterCancel cancels runs at random moments until one
// completes, and checks the result against an uninterrupted run.
func TestBackupResumeAfterCancel(t *testing.T) {
	// Projects of several pages, so that units checkpoint part way.
	f := newFakeOrg(t, asanatest.Sizes{Users: 10, Teams: 2, Projects: 3, Tasks: 500, SubtaskRatio: 0.3, CommentsPerTask: 0.5}, nil)
	clean, err := f.backup(t.TempDir()).Run(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	total := clean.Requests
	t.Logf("clean run: %d requests, %v", total, clean.Manifest.Counts)
	rng := rand.New(rand.NewPCG(1, 2))
	for round := range 6 {
		dir := t.TempDir()
		interrupted := 0
		for attempt := 0; ; attempt++ {
			if attempt > 200 {
				t.Fatal("backup never completed")
			}
			ctx, cancel := context.WithCancel(t.Context())
			stopAt := 1 + rng.Int64N(total)
			b := f.backup(dir)
			b.Progress = func(p Progress) {
				if p.Requests >= stopAt {
					cancel()
				}
			}
			res, err := b.Run(ctx)
			cancel()
			if err == nil {
				sameData(t, clean.Dir, res.Dir)
				if _, err := Verify(res.Dir); err != nil {
					t.Error(err)
				}
				if interrupted > 0 && !res.Resumed {
					t.Errorf("round %d: final run did not resume", round)
				}
				break
			}
			if testing.Verbose() {
				t.Logf("round %d attempt %d stop %d: %v", round, attempt, stopAt, err)
			}
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("round %d: %v", round, err)
			}
			interrupted++
		}
		if interrupted == 0 {
			t.Errorf("round %d: never interrupted", round)
		}
		snaps := snapshotsIn(t, dir)
		if len(snaps) != 1 {
			t.Errorf("round %d: %d snapshots, want 1", round, len(snaps))
		}
	}
}

// TestBackupRevokedToken: a token revoked mid-run stops the backup with
// the 401 at once; the checkpoint survives, and a run with a good token
// finishes the same snapshot.
func TestBackupRevokedToken(t *testing.T) {
	f := newFakeOrg(t, smallSizes(), nil)
	clean, err := f.backup(t.TempDir()).Run(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	second, err := f.srv.AddServiceAccountToken(f.org.ServiceAccount.GID)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	b := f.backup(dir)
	b.Client = clientFor(t, f.srv, second)
	var revoked atomic.Bool
	var after atomic.Int64
	b.Progress = func(p Progress) {
		if revoked.Load() {
			after.Add(1)
		} else if p.Requests >= clean.Requests/2 {
			revoked.Store(true)
			if err := f.srv.DeauthorizeToken(second); err != nil {
				t.Error(err)
			}
		}
	}
	_, err = b.Run(t.Context())
	var ae *asana.Error
	if !errors.As(err, &ae) || ae.StatusCode != 401 || !errors.Is(err, asana.ErrUnauthorized) {
		t.Fatalf("err = %v, want the 401", err)
	}
	if strings.Contains(err.Error(), second) {
		t.Error("the error shows the token")
	}
	// In-flight requests may finish (one per project, one per task
	// bundle: 6 x Concurrency, and one per kind), but no new work starts.
	if n := after.Load(); n > int64(6*b.Concurrency+len(backupKinds)) {
		t.Errorf("%d progress events after the revocation", n)
	}
	snaps := snapshotsIn(t, dir)
	if len(snaps) != 1 || snaps[0].manifest != nil {
		t.Fatalf("snapshots after 401: %+v", snaps)
	}
	done, err := readCheckpoint(openRoot(t, filepath.Join(dir, snaps[0].name)))
	if err != nil || len(done) == 0 {
		t.Fatalf("checkpoint: %d units, %v", len(done), err)
	}
	// Nothing in the snapshot holds a token.
	for name, data := range readTree(t, dir) {
		for _, tok := range []string{second, f.org.ServiceAccountToken} {
			if strings.Contains(string(data), tok) {
				t.Errorf("%s contains a token", name)
			}
		}
	}
	b.Client, b.Progress = f.client, nil
	res, err := b.Run(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if !res.Resumed {
		t.Error("the run after the 401 did not resume")
	}
	// The audit log grew by the second token (made before the run) and
	// maybe its revocation (during it).
	if got, was := res.Manifest.Counts["audit_log_events"], clean.Manifest.Counts["audit_log_events"]; got != was+1 && got != was+2 {
		t.Errorf("%d audit log events, %d before the second token", got, was)
	}
	sameData(t, clean.Dir, res.Dir, "audit_log_events")
}

// TestBackupForbiddenProject: a 403 on one project is recorded and the
// others are backed up.
func TestBackupForbiddenProject(t *testing.T) {
	f := newFakeOrg(t, smallSizes(), nil)
	if err := f.srv.InjectFault(asanatest.Fault{Method: "GET", Route: "/projects/{project_gid}/tasks", Status: 403, Times: 1}); err != nil {
		t.Fatal(err)
	}
	res, err := f.backup(t.TempDir()).Run(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	m := res.Manifest
	if len(m.Skipped) != 1 || m.Skipped[0].Status != 403 {
		t.Fatalf("skipped = %+v, want one 403", m.Skipped)
	}
	dirs, _ := filepath.Glob(filepath.Join(res.Dir, "projects", "*"))
	if len(dirs) != len(f.org.Projects)-1 {
		t.Errorf("%d project directories, want %d", len(dirs), len(f.org.Projects)-1)
	}
	if _, err := os.Stat(filepath.Join(res.Dir, "projects", m.Skipped[0].Project)); !os.IsNotExist(err) {
		t.Errorf("the forbidden project has files: %v", err)
	}
	if _, err := Verify(res.Dir); err != nil {
		t.Error(err)
	}
}

// TestBackupFaultSoak: 10% 5xx, 5% 429 with Retry-After, 1% dropped
// connections and 1% truncated bodies on every route the backup uses; the
// result is identical to a clean run.
func TestBackupFaultSoak(t *testing.T) {
	f := newFakeOrg(t, smallSizes(), []asanatest.Option{asanatest.WithOffsetTTL(24 * time.Hour)},
		asana.WithRetryPolicy(asana.RetryPolicy{MaxAttempts: 12, BaseDelay: 100 * time.Millisecond, MaxDelay: 2 * time.Second}))
	clean, err := f.backup(t.TempDir()).Run(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	f.srv.Clock().SetAutoAdvance(true) // backoff and Retry-After pass at once
	routes := []string{"/workspaces/{workspace_gid}/workspace_memberships", "/users", "/workspaces/{workspace_gid}/teams",
		"/workspaces/{workspace_gid}/projects", "/teams/{team_gid}/team_memberships", "/projects/{project_gid}/sections",
		"/projects/{project_gid}/tasks", "/tasks/{task_gid}/stories", "/attachments", "/tasks/{task_gid}/subtasks",
		"/workspaces/{workspace_gid}/custom_fields", "/workspaces/{workspace_gid}/tags", "/portfolios", "/goals",
		"/memberships", "/status_updates", "/goal_relationships", "/user_task_lists/{user_task_list_gid}/tasks",
		"/project_briefs/{project_brief_gid}", "/portfolios/{portfolio_gid}/items"}
	for _, r := range routes {
		for _, fault := range []asanatest.Fault{
			{Status: 503, Fraction: 0.10},
			{Status: 429, RetryAfter: 2 * time.Second, Fraction: 0.05},
			{DropConnection: true, Fraction: 0.01},
			{TruncateBody: true, Fraction: 0.01},
		} {
			fault.Method, fault.Route = "GET", r
			if err := f.srv.InjectFault(fault); err != nil {
				t.Fatal(err)
			}
		}
	}
	b := f.backup(t.TempDir())
	b.Full = true
	res, err := b.Run(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	faults := 0
	for _, rec := range f.srv.Requests() {
		if rec.Fault != "" {
			faults++
		}
	}
	if faults < 20 {
		t.Errorf("only %d faults injected", faults)
	}
	// Only the times differ: the clock moved during the retries.
	sameData(t, clean.Dir, res.Dir)
}
