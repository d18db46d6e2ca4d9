package report

import (
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/asanakit/asana-go/export/sqlload"
)

// counts is what a test expects of a report: by key, column → count.
type counts map[string]map[string]int64

// check compares a report's numeric columns with want, key by key.
func check(t *testing.T, r *Result, key string, want counts) {
	t.Helper()
	got := rowsBy(t, r, key)
	if len(got) != len(want) {
		t.Errorf("%s: %d rows, the fake's state gives %d", r.Report.Name, len(got), len(want))
	}
	for k, cols := range want {
		row, ok := got[k]
		if !ok {
			t.Errorf("%s: no row for %s", r.Report.Name, k)
			continue
		}
		for c, n := range cols {
			if v, ok := row[c].(int64); !ok || v != n {
				t.Errorf("%s %s: %s = %v, the fake's state gives %d", r.Report.Name, k, c, row[c], n)
			}
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("%s: unexpected row %s", r.Report.Name, k)
		}
	}
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// TestReportsMatchFake runs every standard report on a loaded snapshot
// and checks its numbers against the same numbers computed from the
// fake's records in Go.
func TestReportsMatchFake(t *testing.T) {
	f := newFixture(t)
	s := f.state(t)
	p := Params{}
	vals := p.values(f.asOf)
	today, weekStart, weekEnd := vals["today"], vals["week_start"], vals["week_end"]
	asOf := f.asOf.UTC()
	run := func(name string) *Result {
		r, err := Run(t.Context(), f.db, name, p)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	// backed-up tasks, and each project's tasks: a subtask in no project
	// counts in its parent's
	inProject := map[string][]string{}
	var tasks []string
	projectsOf := map[string][]string{}
	for gid, task := range s.tasks {
		if !s.backedUp(task) {
			continue
		}
		tasks = append(tasks, gid)
		for _, p := range s.projectsOf(task) {
			inProject[p] = append(inProject[p], gid)
			projectsOf[gid] = append(projectsOf[gid], p)
		}
	}
	sort.Strings(tasks)
	subtasks := 0
	for _, gid := range tasks {
		if task := s.tasks[gid]; len(task.Memberships) == 0 && len(projectsOf[gid]) > 0 {
			subtasks++
		}
	}
	if subtasks == 0 {
		t.Fatal("no subtask counts in its parent's project")
	}

	t.Run("overdue", func(t *testing.T) {
		want := counts{}
		for pg, pr := range s.projects {
			if pr.Archived {
				continue
			}
			for _, gid := range inProject[pg] {
				task := s.tasks[gid]
				if task.Completed {
					continue
				}
				if want[pg] == nil {
					want[pg] = map[string]int64{}
				}
				d := due(task)
				late := d != "" && d < today
				want[pg]["open_tasks"]++
				want[pg]["overdue"] += b2i(late)
				want[pg]["unassigned"] += b2i(task.AssigneeGID == "")
				want[pg]["overdue_unassigned"] += b2i(late && task.AssigneeGID == "")
			}
		}
		check(t, run("overdue"), "project_gid", want)
	})

	t.Run("workload", func(t *testing.T) {
		want := counts{}
		for _, gid := range tasks {
			task := s.tasks[gid]
			if task.Completed || task.AssigneeGID == "" {
				continue
			}
			a := task.AssigneeGID
			if want[a] == nil {
				want[a] = map[string]int64{}
			}
			d := due(task)
			want[a]["open_tasks"]++
			want[a]["due_this_week"] += b2i(d != "" && d >= weekStart && d <= weekEnd)
			want[a]["overdue"] += b2i(d != "" && d < today)
		}
		check(t, run("workload"), "user_gid", want)
	})

	t.Run("completed-weekly", func(t *testing.T) {
		first := sqlload.WeekStart(asOf).AddDate(0, 0, -7*11)
		want := counts{}
		seen := map[string]bool{}
		for _, gid := range tasks {
			task := s.tasks[gid]
			if !task.Completed {
				continue
			}
			week := sqlload.WeekStart(task.CompletedAt)
			if week.Before(first) || week.After(sqlload.WeekStart(asOf)) {
				continue
			}
			for _, p := range projectsOf[gid] {
				team := s.projects[p].TeamGID
				key := team + "|" + week.Format(time.DateOnly)
				if seen[key+gid] {
					continue
				}
				seen[key+gid] = true
				if want[key] == nil {
					want[key] = map[string]int64{}
				}
				want[key]["completed"]++
			}
		}
		r := run("completed-weekly")
		// key the rows by team and week
		r.Columns = append(r.Columns, "key")
		for i, row := range r.Rows {
			r.Rows[i] = append(row, cell(row[r.Column("team_gid")])+"|"+cell(row[r.Column("week")]))
		}
		if len(want) == 0 {
			t.Fatal("the fake completed no task in the weeks covered")
		}
		check(t, r, "key", want)
	})

	lastActivity := map[string]time.Time{}
	bump := func(p string, at time.Time) {
		if at.After(lastActivity[p]) {
			lastActivity[p] = at
		}
	}
	for _, gid := range tasks {
		for _, p := range projectsOf[gid] {
			bump(p, s.tasks[gid].ModifiedAt)
		}
	}
	for _, st := range s.stories {
		task, ok := s.tasks[st.TaskGID]
		if !ok || !s.backedUp(task) || (st.Type != "comment" && !strings.HasPrefix(st.ResourceSubtype, "comment")) {
			continue
		}
		for _, p := range projectsOf[task.GID] {
			bump(p, st.CreatedAt)
		}
	}
	lastStatus := map[string]time.Time{}
	for _, u := range s.statuses {
		bump(u.ParentGID, u.CreatedAt)
		if u.CreatedAt.After(lastStatus[u.ParentGID]) {
			lastStatus[u.ParentGID] = u.CreatedAt
		}
	}
	t.Run("inactive-projects", func(t *testing.T) {
		want := counts{}
		for pg, pr := range s.projects {
			if !pr.Archived && lastActivity[pg].Before(asOf.AddDate(0, 0, -30)) {
				want[pg] = map[string]int64{}
			}
		}
		if len(want) == 0 {
			t.Fatal("no inactive project in the fake")
		}
		check(t, run("inactive-projects"), "project_gid", want)
	})
	t.Run("stale-status", func(t *testing.T) {
		want := counts{}
		for pg, pr := range s.projects {
			if !pr.Archived && lastStatus[pg].Before(asOf.AddDate(0, 0, -14)) {
				want[pg] = map[string]int64{}
			}
		}
		if len(s.statuses) < 2 || len(want) == 0 || lastStatus[f.org.Projects[0].GID].IsZero() {
			t.Fatalf("%d status updates; %d projects stale", len(s.statuses), len(want))
		}
		if _, stale := want[f.org.Projects[0].GID]; stale {
			t.Fatal("the project with a recent status update is stale")
		}
		check(t, run("stale-status"), "project_gid", want)
	})

	t.Run("custom-fields", func(t *testing.T) {
		want := counts{}
		for _, cf := range s.fields {
			if cf.WorkspaceGID != f.org.Organization.GID {
				continue
			}
			w := map[string]int64{"options": int64(len(cf.EnumOptionGIDs))}
			used := map[string]bool{}
			for pg := range s.projects {
				for _, set := range f.srv.CustomFieldSettings(pg) {
					if set.CustomFieldGID == cf.GID {
						w["projects"]++
					}
				}
			}
			for _, gid := range tasks {
				for _, v := range s.tasks[gid].CustomFields {
					if v.CustomFieldGID == cf.GID {
						w["tasks_with_value"]++
						for _, o := range v.EnumOptionGIDs {
							used[o] = true
						}
					}
				}
			}
			for _, o := range cf.EnumOptionGIDs {
				w["unused_options"] += b2i(!used[o])
			}
			want[cf.GID] = w
		}
		unused, onNoProject := false, false
		for _, w := range want {
			unused = unused || w["unused_options"] > 0
			onNoProject = onNoProject || w["projects"] == 0
		}
		if !unused || !onNoProject {
			t.Fatalf("no unused option (%v) or field on no project (%v) in the fake", unused, onNoProject)
		}
		check(t, run("custom-fields"), "custom_field_gid", want)
	})

	t.Run("guests", func(t *testing.T) {
		want := counts{}
		for _, m := range f.srv.WorkspaceMembers(f.org.Organization.GID) {
			if !m.IsGuest {
				continue
			}
			w := map[string]int64{"active": b2i(m.IsActive)}
			for tg := range s.teams {
				for _, tm := range f.srv.TeamMembers(tg) {
					w["teams"] += b2i(tm.UserGID == m.UserGID)
				}
			}
			for _, pr := range s.projects {
				for _, u := range pr.MemberGIDs {
					w["projects"] += b2i(u == m.UserGID)
				}
			}
			for _, gid := range tasks {
				task := s.tasks[gid]
				w["assigned_tasks"] += b2i(task.AssigneeGID == m.UserGID)
				for _, u := range task.FollowerGIDs {
					w["followed_tasks"] += b2i(u == m.UserGID)
				}
			}
			want[m.UserGID] = w
		}
		if len(want) != 3 {
			t.Fatalf("%d guests in the fake", len(want))
		}
		check(t, run("guests"), "user_gid", want)
	})

	t.Run("tokens", func(t *testing.T) {
		want := counts{}
		kinds := map[string]string{}
		add := func(u string) map[string]int64 {
			if want[u] == nil {
				want[u] = map[string]int64{}
				kinds[u] = "personal_access_token"
			}
			return want[u]
		}
		for _, e := range f.srv.AuditLog(f.org.Organization.GID) {
			if (e.EventCategory == "service_accounts" || e.EventCategory == "api_tokens") && e.ResourceGID != "" {
				w := add(e.ResourceGID)
				w["tokens_created"] += b2i(strings.HasSuffix(e.EventType, "token_created"))
				w["tokens_revoked"] += b2i(strings.HasSuffix(e.EventType, "token_revoked") || e.EventType == "service_account_deauthorized")
				if e.EventCategory == "service_accounts" {
					kinds[e.ResourceGID] = "service_account"
				}
			}
			if e.ContextType == "api" && e.ActorGID != "" {
				add(e.ActorGID)["api_events"]++
				if e.AuthMethod == "service_account" {
					kinds[e.ActorGID] = "service_account"
				}
			}
		}
		for u, w := range want {
			for _, c := range []string{"tokens_created", "tokens_revoked", "api_events"} {
				w[c] += 0
			}
			_ = u
		}
		r := run("tokens")
		check(t, r, "user_gid", want)
		for u, row := range rowsBy(t, r, "user_gid") {
			if row["kind"] != kinds[u] {
				t.Errorf("tokens %s: kind %v, the audit log says %s", u, row["kind"], kinds[u])
			}
		}
		if len(want) < 2 {
			t.Errorf("%d principals in the audit log", len(want))
		}
	})
}
