package contract

import (
	"errors"
	"iter"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/asanakit/asana-go/asana"
)

// maxItems bounds how many items a pagination scenario reads from a list,
// so that a large organization costs no more requests than the fake's.
const maxItems = 4

// missingGID is well formed but names no object: Asana answers 404.
const missingGID = "1"

// scenarios is the contract: every behaviour here holds for the fake and
// for real Asana alike.
func scenarios() []scenario {
	return []scenario{
		{name: "users_me_has_gid_and_name", run: usersMe},
		{name: "workspaces_contain_organization", run: workspacesContainOrg},
		{name: "pagination_iterator_and_pages_agree", run: paginationAgrees},
		{name: "limit_out_of_range_is_bad_request", run: limitOutOfRange},
		{name: "malformed_offset_is_bad_request", run: malformedOffset},
		{name: "missing_task_is_not_found", run: missingTask},
		{name: "malformed_gid_is_bad_request", run: malformedGID},
		{name: "unknown_opt_field_is_bad_request", run: unknownOptField},
		{name: "default_field_sets_accepted", run: defaultFieldSets},
		{name: "bad_token_is_unauthorized", run: badToken},
		{name: "events_start_with_412_and_sync_token", run: eventsStart},
		{name: "audit_log_list_ends", serviceAccount: true, run: auditLogEnds},
		{name: "task_create_then_delete", write: true, run: taskCreateDelete},
	}
}

func usersMe(t *testing.T, e *env) {
	u, err := e.c.Users.Get(testContext(t), "me", nil)
	if err != nil {
		t.Fatal(err)
	}
	if u.GID == "" || u.Name == "" {
		t.Errorf("GET /users/me: gid %q, name %q; want both set", u.GID, u.Name)
	}
}

func workspacesContainOrg(t *testing.T, e *env) {
	var gids []string
	for w, err := range e.c.Workspaces.List(testContext(t), nil).All() {
		if err != nil {
			t.Fatal(err)
		}
		gids = append(gids, w.GID)
	}
	if !slices.Contains(gids, e.orgGID) {
		t.Errorf("workspaces %v do not contain the organization %s", gids, e.orgGID)
	}
}

// lister reads one list in its two forms, the iterator and the page call,
// as gids.
type lister struct {
	name  string
	seq   func(e *env, t *testing.T, limit int) iter.Seq2[string, error]
	pageF func(e *env, t *testing.T, limit int, offset string) ([]string, string, error)
}

// gids maps an iterator of records to their gids.
func gids[T any](seq iter.Seq2[T, error], gid func(T) string) iter.Seq2[string, error] {
	return func(yield func(string, error) bool) {
		for v, err := range seq {
			if !yield(gid(v), err) {
				return
			}
		}
	}
}

// pageGIDs maps a page call's answer to gids and the next offset.
func pageGIDs[T any](p *asana.Page[T], err error, gid func(T) string) ([]string, string, error) {
	if err != nil {
		return nil, "", err
	}
	out := make([]string, len(p.Items))
	for i, v := range p.Items {
		out[i] = gid(v)
	}
	return out, p.NextOffset, nil
}

func userGID(u asana.User) string       { return u.GID }
func teamGID(tm asana.Team) string      { return tm.GID }
func projectGID(p asana.Project) string { return p.GID }

func listers() []lister {
	return []lister{
		{
			name: "users",
			seq: func(e *env, t *testing.T, limit int) iter.Seq2[string, error] {
				return gids(e.c.Users.List(testContext(t), &asana.UserListOptions{
					Workspace: e.orgGID, ListOptions: asana.ListOptions{Limit: limit}}).All(), userGID)
			},
			pageF: func(e *env, t *testing.T, limit int, offset string) ([]string, string, error) {
				p, err := e.c.Users.List(testContext(t), &asana.UserListOptions{
					Workspace: e.orgGID, ListOptions: asana.ListOptions{Limit: limit, Offset: offset}}).Page("")
				return pageGIDs(p, err, userGID)
			},
		},
		{
			name: "teams",
			seq: func(e *env, t *testing.T, limit int) iter.Seq2[string, error] {
				return gids(e.c.Teams.ListForWorkspace(testContext(t), e.orgGID, &asana.ListOptions{Limit: limit}).All(), teamGID)
			},
			pageF: func(e *env, t *testing.T, limit int, offset string) ([]string, string, error) {
				p, err := e.c.Teams.ListForWorkspace(testContext(t), e.orgGID, &asana.ListOptions{Limit: limit, Offset: offset}).Page("")
				return pageGIDs(p, err, teamGID)
			},
		},
		{
			name: "projects",
			seq: func(e *env, t *testing.T, limit int) iter.Seq2[string, error] {
				return gids(e.c.Projects.ListForWorkspace(testContext(t), e.orgGID,
					&asana.ProjectArchivedListOptions{ListOptions: asana.ListOptions{Limit: limit}}).All(), projectGID)
			},
			pageF: func(e *env, t *testing.T, limit int, offset string) ([]string, string, error) {
				p, err := e.c.Projects.ListForWorkspace(testContext(t), e.orgGID,
					&asana.ProjectArchivedListOptions{ListOptions: asana.ListOptions{Limit: limit, Offset: offset}}).Page("")
				return pageGIDs(p, err, projectGID)
			},
		},
	}
}

// paginationAgrees reads the first maxItems of each list with small pages,
// through the iterator and through the page call: both give the same gids,
// none twice, and no page is larger than the limit.
func paginationAgrees(t *testing.T, e *env) {
	for _, l := range listers() {
		for limit := 1; limit <= 3; limit++ {
			var viaSeq []string
			for gid, err := range l.seq(e, t, limit) {
				if err != nil {
					t.Fatalf("%s limit %d: iterator: %v", l.name, limit, err)
				}
				viaSeq = append(viaSeq, gid)
				if len(viaSeq) == maxItems {
					break
				}
			}
			var viaPages []string
			offset := ""
			for len(viaPages) < maxItems {
				items, next, err := l.pageF(e, t, limit, offset)
				if err != nil {
					t.Fatalf("%s limit %d: page at offset %q: %v", l.name, limit, offset, err)
				}
				if len(items) > limit {
					t.Errorf("%s limit %d: page of %d items", l.name, limit, len(items))
				}
				if len(items) == 0 && next != "" {
					t.Errorf("%s limit %d: empty page with a next offset", l.name, limit)
				}
				viaPages = append(viaPages, items...)
				if next == "" {
					break
				}
				offset = next
			}
			viaPages = viaPages[:min(len(viaPages), maxItems)]
			if !slices.Equal(viaSeq, viaPages) {
				t.Errorf("%s limit %d: iterator gave %v, pages gave %v", l.name, limit, viaSeq, viaPages)
			}
			seen := map[string]bool{}
			for _, g := range viaSeq {
				if seen[g] {
					t.Errorf("%s limit %d: %s listed twice", l.name, limit, g)
				}
				seen[g] = true
			}
		}
	}
}

// rawTeams asks for the organization's teams through Do with a raw query,
// past the typed options' own checks.
func rawTeams(t *testing.T, e *env, q url.Values) error {
	t.Helper()
	_, err := e.c.Do(testContext(t), &asana.Request{Path: "/workspaces/" + e.orgGID + "/teams", Query: q}, nil)
	return err
}

func limitOutOfRange(t *testing.T, e *env) {
	for _, limit := range []string{"0", "101"} {
		err := rawTeams(t, e, url.Values{"limit": {limit}})
		wantErr(t, "limit="+limit, err, asana.ErrBadRequest)
	}
}

func malformedOffset(t *testing.T, e *env) {
	err := rawTeams(t, e, url.Values{"limit": {"1"}, "offset": {"not-an-offset"}})
	wantErr(t, "offset=not-an-offset", err, asana.ErrBadRequest)
}

// missingTask asks for a well-formed gid that names no task. Asana
// documents 404 for an object that does not exist (403 is for one the
// token may not see).
func missingTask(t *testing.T, e *env) {
	_, err := e.c.Tasks.Get(testContext(t), missingGID, nil)
	wantErr(t, "GET /tasks/"+missingGID, err, asana.ErrNotFound)
}

// malformedGID asks for a gid that is not a number: a 400 ("task: Not a
// Long: abc"), not a 404. Tasks.Get refuses it before sending, so the
// request goes through Client.Do.
func malformedGID(t *testing.T, e *env) {
	_, err := e.c.Do(testContext(t), &asana.Request{Path: "/tasks/abc"}, nil)
	wantErr(t, "GET /tasks/abc", err, asana.ErrBadRequest)
}

func unknownOptField(t *testing.T, e *env) {
	_, err := e.c.Workspaces.Get(testContext(t), e.orgGID, &asana.GetOptions{Fields: []string{"no_such_contract_field"}})
	wantErr(t, "opt_fields=no_such_contract_field", err, asana.ErrBadRequest)
}

// firstProject returns an unarchived project of the organization and one of
// its tasks (empty if it has none), skipping the test when there is no
// project.
func firstProject(t *testing.T, e *env) (project, task string) {
	t.Helper()
	ctx := testContext(t)
	ps, err := e.c.Projects.ListForWorkspace(ctx, e.orgGID, &asana.ProjectArchivedListOptions{
		Archived: asana.Ptr(false), ListOptions: asana.ListOptions{Limit: 1, Fields: []string{"name"}}}).Page("")
	if err != nil {
		t.Fatal(err)
	}
	if len(ps.Items) == 0 {
		t.Skip("the organization has no unarchived project")
	}
	project = ps.Items[0].GID
	ts, err := e.c.Tasks.ListForProject(ctx, project, &asana.TaskListForOptions{ListOptions: asana.ListOptions{Limit: 1, Fields: []string{"name"}}}).Page("")
	if err != nil {
		t.Fatal(err)
	}
	if len(ts.Items) > 0 {
		task = ts.Items[0].GID
	}
	return project, task
}

// defaultFieldSets asks each list for one item with the client's default
// opt_fields: Asana must accept every field the client asks for by default.
func defaultFieldSets(t *testing.T, e *env) {
	project, task := firstProject(t, e)
	one := &asana.ListOptions{Limit: 1}
	type listCall struct {
		name string
		call func() error
	}
	calls := []listCall{
		{"users", func() error {
			_, err := e.c.Users.List(testContext(t), &asana.UserListOptions{Workspace: e.orgGID, ListOptions: *one}).Page("")
			return err
		}},
		{"workspace memberships", func() error {
			_, err := e.c.WorkspaceMemberships.ListForWorkspace(testContext(t), e.orgGID, &asana.WorkspaceMembershipListOptions{ListOptions: *one}).Page("")
			return err
		}},
		{"teams", func() error {
			_, err := e.c.Teams.ListForWorkspace(testContext(t), e.orgGID, one).Page("")
			return err
		}},
		{"projects", func() error {
			_, err := e.c.Projects.ListForWorkspace(testContext(t), e.orgGID, &asana.ProjectArchivedListOptions{ListOptions: *one}).Page("")
			return err
		}},
		{"sections", func() error {
			_, err := e.c.Sections.ListForProject(testContext(t), project, one).Page("")
			return err
		}},
		{"tasks", func() error {
			_, err := e.c.Tasks.ListForProject(testContext(t), project, &asana.TaskListForOptions{ListOptions: *one}).Page("")
			return err
		}},
	}
	if task != "" {
		calls = append(calls,
			listCall{"subtasks", func() error {
				_, err := e.c.Tasks.ListSubtasks(testContext(t), task, one).Page("")
				return err
			}},
			listCall{"stories", func() error {
				_, err := e.c.Stories.ListForTask(testContext(t), task, one).Page("")
				return err
			}})
	}
	for _, c := range calls {
		if err := c.call(); err != nil {
			t.Errorf("%s with the default fields: %v", c.name, err)
		}
	}
}

func badToken(t *testing.T, e *env) {
	c := e.newClient(t, "0/contract-suite-not-a-token")
	_, err := c.Users.Get(testContext(t), "me", nil)
	wantErr(t, "GET /users/me with a bad token", err, asana.ErrUnauthorized)
}

// eventsStart checks the events handshake: without a sync token Asana
// answers 412 with one, and a call with that token succeeds.
func eventsStart(t *testing.T, e *env) {
	project, _ := firstProject(t, e)
	ctx := testContext(t)
	_, err := e.c.Events.Get(ctx, project, "", nil)
	wantErr(t, "first events call", err, asana.ErrInvalidSyncToken)
	var ae *asana.Error
	if !errors.As(err, &ae) || ae.SyncToken == "" {
		t.Fatalf("first events call: %v; want a 412 carrying a sync token", err)
	}
	page, err := e.c.Events.Get(ctx, project, ae.SyncToken, nil)
	if err != nil {
		t.Fatalf("events with the fresh sync token: %v", err)
	}
	if page.Sync == "" {
		t.Error("events page without a sync token for the next call")
	}
}

// auditLogEnds lists the last hour of the audit log: although Asana always
// answers with a next_page, the listing must end.
func auditLogEnds(t *testing.T, e *env) {
	const cap = 1000 // ten full pages: past this, the listing is not ending
	n := 0
	for _, err := range e.c.AuditLog.List(testContext(t), e.orgGID, &asana.AuditLogOptions{
		Limit: 100, StartAt: e.now().Add(-time.Hour)}).All() {
		if err != nil {
			t.Fatal(err)
		}
		if n++; n > cap {
			t.Fatalf("audit log listing passed %d events without ending", cap)
		}
	}
}

// taskCreateDelete creates a task in the write project, reads it back,
// deletes it, and checks that it is gone.
func taskCreateDelete(t *testing.T, e *env) {
	ctx := testContext(t)
	name := "asana-go contract suite " + e.now().UTC().Format(time.RFC3339)
	task, err := e.c.Tasks.Create(ctx, &asana.TaskCreateRequest{Name: name, Projects: []string{e.writeProject}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	deleted := false
	t.Cleanup(func() {
		if !deleted {
			_ = e.c.Tasks.Delete(testContext(t), task.GID)
		}
	})
	got, err := e.c.Tasks.Get(ctx, task.GID, &asana.GetOptions{Fields: []string{"name", "projects"}})
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != name {
		t.Errorf("created task is named %q, want %q", got.Name, name)
	}
	if err := e.c.Tasks.Delete(ctx, task.GID); err != nil {
		t.Fatal(err)
	}
	deleted = true
	_, err = e.c.Tasks.Get(ctx, task.GID, nil)
	wantErr(t, "GET of the deleted task", err, asana.ErrNotFound)
}
