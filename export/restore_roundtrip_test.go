package export

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/asanatest"
)

// TestRestoreRoundTripEveryKind backs up organization A (attachment files
// included), restores it into an empty organization B, backs B up, and
// compares the two snapshots kind by kind after mapping B's gids back to
// A's (through the restore journal, users by email, time periods by name)
// and leaving out the fields restoreUnsettable lists.
func TestRestoreRoundTripEveryKind(t *testing.T) {
	ctx := t.Context()
	f := newFakeOrg(t, smallSizes(), nil)
	seedRoundTrip(t, f)
	ba := f.backup(t.TempDir())
	ba.Attachments, ba.HTTPClient = AttachmentsContent, f.srv.HTTPClient()
	a, err := ba.Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	orgB, token := emptyOrg(t, f)
	copyTimePeriods(t, f, a.Dir, orgB)
	cb := clientFor(t, f.srv, token)
	me, err := cb.Users.Get(ctx, "me", nil)
	if err != nil {
		t.Fatal(err)
	}
	journal := filepath.Join(t.TempDir(), "journal.jsonl")
	if _, err := (&Restore{Client: cb, Organization: orgB, Snapshot: a.Dir, Journal: journal}).Run(ctx); err != nil {
		t.Fatal(err)
	}
	bb := &Backup{Client: cb, Organization: orgB, Dir: t.TempDir(), Attachments: AttachmentsContent, HTTPClient: f.srv.HTTPClient()}
	b, err := bb.Run(ctx)
	if err != nil {
		t.Fatal(err)
	}

	tree := readTree(t, a.Dir)
	for _, want := range []string{`"dependencies":[{`, `"is_pinned":true`, `"approval_status":"approved"`, `"due_at":"2`,
		`"resource_subtype":"external"`, `"html_notes":"<body>`, `"enabled":false`} {
		found := false
		for _, data := range tree {
			found = found || strings.Contains(string(data), want)
		}
		if !found {
			t.Errorf("snapshot A holds no %s: the round trip would not test it", want)
		}
	}

	back := gidsBack(t, a.Dir, b.Dir, journal)
	back[orgB] = f.org.Organization.GID
	forward := map[string]string{}
	for n, o := range back {
		forward[o] = n
	}
	for _, k := range roundTripKinds(t, a.Dir) {
		bk := k
		if rest, ok := strings.CutPrefix(k, "projects/"); ok {
			gid, name, _ := strings.Cut(rest, "/")
			bk = projectFile(forward[gid], name)
		}
		want := normalized(t, filepath.Join(a.Dir, k), nil, f.org.ServiceAccount.GID)
		got := normalized(t, filepath.Join(b.Dir, bk), back, me.GID)
		if len(want) == 0 && !strings.HasPrefix(k, "projects/") {
			t.Errorf("%s: snapshot A has none: the round trip would not test it", k)
		}
		if !slices.Equal(want, got) {
			t.Errorf("%s differs after the round trip:\n%s", k, firstDiff(want, got))
		}
	}
}

// restoreUnsettable are the fields a restore cannot make equal, by file
// kind (the file's base name without .jsonl): times, authors, counters,
// URLs and what the API computes or does not let a client set. The
// README's list of what Restore does not re-create is this one.
var restoreUnsettable = map[string][]string{
	"*":                {"created_at", "modified_at", "created_by", "permalink_url", "completed_at", "author"},
	"projects":         {"owner", "members", "followers", "completed_by", "created_from_template", "project_brief"},
	"tasks":            {"num_likes", "assigned_by", "completed_by", "assignee_section", "actual_time_minutes", "custom_type", "custom_type_status_option"},
	"stories":          {"num_likes", "is_edited", "source"},
	"attachments":      {"view_url", "permanent_url", "connected_to_app"},
	"portfolios":       {"owner"},
	"team_memberships": {"is_admin"},
}

// unsettable is the list of restoreUnsettable for a file kind: a kind
// named for tasks, stories or attachments of something ("goal_stories",
// "user_task_list_subtasks") takes their list.
func unsettable(kind string) []string {
	drop := slices.Clone(restoreUnsettable["*"])
	for _, k := range []string{"tasks", "stories", "attachments"} {
		if strings.HasSuffix(kind, k) && kind != "user_task_list_section_tasks" {
			return append(drop, restoreUnsettable[k]...)
		}
	}
	return append(drop, restoreUnsettable[kind]...)
}

// roundTripKinds are the snapshot files compared: every kind Restore
// writes.
func roundTripKinds(t *testing.T, dir string) []string {
	kinds := []string{"teams.jsonl", "team_memberships.jsonl", "projects.jsonl", "custom_fields.jsonl", "tags.jsonl", "project_custom_field_settings.jsonl",
		"project_memberships.jsonl", "project_briefs.jsonl", "portfolios.jsonl", "portfolio_items.jsonl", "portfolio_memberships.jsonl",
		"goals.jsonl", "goal_relationships.jsonl", "project_status_updates.jsonl", "portfolio_status_updates.jsonl",
		"goal_status_updates.jsonl", "user_task_list_tasks.jsonl", "attachment_contents.jsonl",
		"user_task_list_sections.jsonl", "user_task_list_section_tasks.jsonl", "project_attachments.jsonl", "goal_stories.jsonl",
		"user_task_list_task_stories.jsonl", "user_task_list_task_attachments.jsonl", "user_task_list_subtasks.jsonl"}
	for _, p := range readLines[projectRecord](t, filepath.Join(dir, "projects.jsonl")) {
		for _, name := range []string{sectionsFile, tasksFile, storiesFile, attachmentsFile} {
			kinds = append(kinds, projectFile(p.GID, name))
		}
	}
	return kinds
}

// gidsBack maps the gids of snapshot b to those of snapshot a: every
// journaled object, users by email, time periods by name and start.
func gidsBack(t *testing.T, a, b, journal string) map[string]string {
	t.Helper()
	back := map[string]string{}
	data, err := os.ReadFile(journal)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		var e journalEntry
		if json.Unmarshal([]byte(line), &e) == nil && e.New != "" {
			back[e.New] = e.Old
		}
	}
	byEmail := map[string]string{}
	for _, u := range readLines[userRecord](t, filepath.Join(a, "users.jsonl")) {
		byEmail[strings.ToLower(u.Email)] = u.GID
	}
	for _, u := range readLines[userRecord](t, filepath.Join(b, "users.jsonl")) {
		if g, ok := byEmail[strings.ToLower(u.Email)]; ok {
			back[u.GID] = g
		}
	}
	// My Tasks lists by their owners.
	lists := map[string]string{}
	for _, m := range readLines[wsMembershipRecord](t, filepath.Join(a, "workspace_memberships.jsonl")) {
		if m.User != nil && m.UserTaskList != nil {
			lists[m.User.GID] = m.UserTaskList.GID
		}
	}
	for _, m := range readLines[wsMembershipRecord](t, filepath.Join(b, "workspace_memberships.jsonl")) {
		if m.User != nil && m.UserTaskList != nil && lists[back[m.User.GID]] != "" {
			back[m.UserTaskList.GID] = lists[back[m.User.GID]]
		}
	}
	periods := map[string]string{}
	for _, p := range readLines[timePeriodRecord](t, filepath.Join(a, "time_periods.jsonl")) {
		periods[p.DisplayName+p.StartOn] = p.GID
	}
	for _, p := range readLines[timePeriodRecord](t, filepath.Join(b, "time_periods.jsonl")) {
		if g, ok := periods[p.DisplayName+p.StartOn]; ok {
			back[p.GID] = g
		}
	}
	return back
}

// normalized returns the records of a snapshot file as canonical lines,
// sorted, with the gids of back mapped and the unsettable fields dropped.
// A file the snapshot does not have is empty.
//
// self is the user who restored: Asana makes it a follower of what it
// creates and an admin member of the portfolios it creates, so that in B
// its follows and memberships are not compared.
func normalized(t *testing.T, path string, back map[string]string, self string) []string {
	t.Helper()
	data, err := readSnapshotFile(path)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	kind := strings.TrimSuffix(filepath.Base(path), ".jsonl")
	drop := unsettable(kind)
	var out []string
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		if line == "" {
			continue
		}
		var v map[string]any
		if err := json.Unmarshal([]byte(line), &v); err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(kind, "stories") && v["resource_subtype"] != "comment_added" {
			continue // system stories are the target's own
		}
		if m, ok := v["member"].(map[string]any); ok && self != "" && m["gid"] == self {
			continue
		}
		if m, ok := v["user"].(map[string]any); ok && self != "" && m["gid"] == self && kind == unitTeamMemberships {
			continue
		}
		for _, d := range drop {
			delete(v, d)
		}
		if m, ok := v["metric"].(map[string]any); ok {
			delete(m, "gid") // an embedded object's own gid
		}
		mapGIDs(v, back)
		for _, set := range []string{"followers", "members"} {
			fs, ok := v[set].([]any)
			if !ok {
				continue
			}
			var gids []string
			for _, f := range fs {
				if g, _ := f.(map[string]any)["gid"].(string); g != "" && g != self {
					gids = append(gids, g)
				}
			}
			slices.Sort(gids)
			v[set] = gids // a set: Asana orders followers as it likes
		}
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, string(b))
	}
	slices.Sort(out)
	return out
}

// mapGIDs replaces, in place, every "gid" of v that back maps, at every
// depth.
func mapGIDs(v any, back map[string]string) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if s, ok := e.(string); ok && k == "gid" {
				if old, ok := back[s]; ok {
					x[k] = old
				}
				continue
			}
			mapGIDs(e, back)
		}
	case []any:
		for _, e := range x {
			mapGIDs(e, back)
		}
	}
}

func firstDiff(want, got []string) string {
	var b strings.Builder
	var onlyA, onlyB []string
	for _, w := range want {
		if !slices.Contains(got, w) {
			onlyA = append(onlyA, w)
		}
	}
	for _, g := range got {
		if !slices.Contains(want, g) {
			onlyB = append(onlyB, g)
		}
	}
	for i := range min(3, len(onlyA), len(onlyB)) {
		// The fields that differ between two records in the same place.
		var a, c map[string]any
		_ = json.Unmarshal([]byte(onlyA[i]), &a)
		_ = json.Unmarshal([]byte(onlyB[i]), &c)
		for k := range a {
			ja, _ := json.Marshal(a[k])
			jc, _ := json.Marshal(c[k])
			if string(ja) != string(jc) {
				fmt.Fprintf(&b, "  %v %s: A %.300s, B %.300s\n", a["gid"], k, ja, jc)
			}
		}
	}
	fmt.Fprintf(&b, "  (%d records in A, %d in B; %d and %d unmatched)", len(want), len(got), len(onlyA), len(onlyB))
	return b.String()
}

// copyTimePeriods gives organization org the time periods of snapshot
// dir: they are an organization's own calendar, which Restore matches
// rather than creates.
func copyTimePeriods(t *testing.T, f *fakeOrg, dir, org string) {
	t.Helper()
	type period struct {
		GID         string `json:"gid"`
		DisplayName string `json:"display_name"`
		Period      string `json:"period"`
		StartOn     string `json:"start_on"`
		EndOn       string `json:"end_on"`
		Parent      *ref   `json:"parent"`
	}
	todo := readLines[period](t, filepath.Join(dir, "time_periods.jsonl"))
	made := map[string]string{}
	for len(todo) > 0 {
		var later []period
		for _, p := range todo {
			parent := ""
			if p.Parent != nil {
				var ok bool
				if parent, ok = made[p.Parent.GID]; !ok {
					later = append(later, p)
					continue
				}
			}
			np, err := f.srv.AddTimePeriod(asanatest.TimePeriod{WorkspaceGID: org, Period: p.Period, DisplayName: p.DisplayName,
				StartOn: p.StartOn, EndOn: p.EndOn, ParentGID: parent})
			if err != nil {
				t.Fatal(err)
			}
			made[p.GID] = np.GID
		}
		if len(later) == len(todo) {
			t.Fatalf("time periods whose parents are not in the snapshot: %+v", later)
		}
		todo = later
	}
}

// seedRoundTrip adds to f's organization what Generate does not make and
// Restore writes: a dependency, a pinned comment, an approval, a task
// with times, a link attachment and a file on a project.
func seedRoundTrip(t *testing.T, f *fakeOrg) {
	t.Helper()
	ctx := t.Context()
	c := f.client
	project := ""
	for _, p := range f.org.Projects {
		if !p.Archived {
			project = p.GID
			break
		}
	}
	var tasks []string
	for tk, err := range c.Tasks.ListForProject(ctx, project, nil).All() {
		if err != nil {
			t.Fatal(err)
		}
		tasks = append(tasks, tk.GID)
	}
	if len(tasks) < 2 {
		t.Fatalf("project %s has %d tasks", project, len(tasks))
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(c.Tasks.AddDependencies(ctx, tasks[1], []string{tasks[0]}))
	_, err := c.Stories.CreateForTask(ctx, tasks[0], &asana.StoryCreateRequest{Text: "Pinned for everyone", IsPinned: true}, nil)
	must(err)
	due := f.srv.Clock().Now().UTC().Truncate(time.Minute).Add(48 * time.Hour)
	in := []asana.TaskMembershipRequest{{Project: project}}
	_, err = c.Tasks.Create(ctx, &asana.TaskCreateRequest{Name: "Sign off the budget", ResourceSubtype: "approval",
		ApprovalStatus: "approved", Memberships: in}, nil)
	must(err)
	_, err = c.Tasks.Create(ctx, &asana.TaskCreateRequest{Name: "Launch call", DueAt: due, StartAt: due.Add(-time.Hour),
		HTMLNotes: "<body>Dial <strong>in</strong> early</body>", Memberships: in}, nil)
	must(err)
	_, err = c.Attachments.Create(ctx, &asana.AttachmentCreateRequest{Parent: tasks[0], URL: "https://example.com/spec", Name: "Spec"}, nil)
	must(err)
	// A disabled enum option.
	disabled := false
	for cf, err := range c.CustomFields.ListForWorkspace(ctx, f.org.Organization.GID, &asana.ListOptions{Fields: []string{"enum_options.name"}}).All() {
		must(err)
		if len(cf.EnumOptions) > 1 && !disabled {
			_, err := c.CustomFields.UpdateEnumOption(ctx, cf.EnumOptions[len(cf.EnumOptions)-1].GID,
				&asana.CustomFieldUpdateEnumOptionRequest{Enabled: asana.Ptr(false)}, nil)
			must(err)
			disabled = true
		}
	}
	// A task only in someone's My Tasks, with a subtask, a comment and a link.
	mine, err := c.Tasks.Create(ctx, &asana.TaskCreateRequest{Name: "Book the venue", Workspace: f.org.Organization.GID,
		Assignee: f.org.Users[0].GID}, nil)
	must(err)
	_, err = c.Tasks.CreateSubtask(ctx, mine.GID, &asana.TaskCreateRequest{Name: "Compare three quotes", Assignee: f.org.Users[0].GID}, nil)
	must(err)
	_, err = c.Stories.CreateForTask(ctx, mine.GID, &asana.StoryCreateRequest{Text: "Deposit paid"}, nil)
	must(err)
	_, err = c.Attachments.Create(ctx, &asana.AttachmentCreateRequest{Parent: mine.GID, URL: "https://example.com/venue", Name: "Venue"}, nil)
	must(err)
	for g, err := range c.Goals.List(ctx, &asana.GoalListOptions{Workspace: f.org.Organization.GID}).All() {
		must(err)
		_, err = c.Stories.CreateForGoal(ctx, g.GID, &asana.StoryCreateRequest{HTMLText: "<body>On <strong>track</strong></body>"}, nil)
		must(err)
		break
	}
	_, err = c.Attachments.Create(ctx, &asana.AttachmentCreateRequest{Parent: project, File: strings.NewReader("key resource\n"), FileName: "resources.txt"}, nil)
	must(err)
}
