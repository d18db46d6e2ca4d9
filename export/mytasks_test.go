package export

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/asanakit/asana-go/asana"
)

// TestIncrementalMyTasksFromPlacement: an incremental run derives the
// tasks only in someone's My Tasks from the placement lists: a task
// changed since the base (edited, new, taken out of its project) is read
// again, an unchanged one is copied from the base, and no user task list
// is listed but that of a member whose changes cost more reads than its
// list has pages; the file is a full run's.
func TestIncrementalMyTasksFromPlacement(t *testing.T) {
	ctx := t.Context()
	f := newFakeOrg(t, smallSizes(), nil)
	do := func(method, path string, body any) map[string]any {
		t.Helper()
		var out map[string]any
		if _, err := f.client.Do(ctx, &asana.Request{Method: method, Path: path, Body: body}, &out); err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
		return out
	}
	// One change per member: a member with more changed tasks than its
	// list has pages is listed (that costs less).
	mine := func(name string, user int) string {
		return do("POST", "/tasks", map[string]any{"name": name, "workspace": f.org.Organization.GID, "assignee": f.org.Users[user].GID})["gid"].(string)
	}
	edited, unchanged := mine("to be edited", 1), mine("left as it is", 1)
	inProject := do("POST", "/tasks", map[string]any{"name": "leaves its project", "assignee": f.org.Users[2].GID,
		"projects": []string{f.org.Projects[0].GID}})["gid"].(string)
	// Two changes for one member: its list (one page) is requested.
	busy := []string{mine("busy one", 4), mine("busy two", 4)}
	dir := t.TempDir()
	base := f.run(t, dir)

	f.srv.Clock().Advance(time.Hour)
	do("PUT", "/tasks/"+edited, map[string]any{"name": "edited"})
	added := mine("new since the base", 3)
	for _, g := range busy {
		do("PUT", "/tasks/"+g, map[string]any{"notes": "busy"})
	}
	do("POST", "/tasks/"+inProject+"/removeProject", map[string]any{"project": f.org.Projects[0].GID})
	f.srv.ResetRequests()
	inc := f.run(t, dir)
	if inc.Manifest.Mode != ModeIncremental {
		t.Fatalf("second run: mode %q", inc.Manifest.Mode)
	}
	counts := f.srv.RequestCounts().ByRoute
	// Lists without sections place none of their tasks: they are listed.
	sectioned := map[string]bool{}
	if err := eachLine(openRoot(t, inc.Dir), "user_task_list_sections.jsonl", func(line []byte) error {
		p, err := refGID(line, "project")
		sectioned[p] = true
		return err
	}); err != nil {
		t.Fatal(err)
	}
	bare := 0
	if err := eachLine(openRoot(t, inc.Dir), "workspace_memberships.jsonl", func(line []byte) error {
		utl, err := refGID(line, "user_task_list")
		if utl != "" && !sectioned[utl] {
			bare++
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if n := counts["GET /user_task_lists/{user_task_list_gid}/tasks"]; n != 1+bare {
		t.Errorf("%d user task list pages requested, want the busy member's one and %d without sections", n, bare)
	}
	if n := counts["GET /tasks/{task_gid}"]; n != 3 {
		t.Errorf("%d tasks read alone, want the 3 changed", n)
	}

	lines := func(dir string) map[string][]byte {
		t.Helper()
		data, err := readData(dir, "user_task_list_tasks.jsonl")
		if err != nil {
			t.Fatal(err)
		}
		out := map[string][]byte{}
		for _, line := range bytes.Split(bytes.TrimSuffix(data, []byte("\n")), []byte("\n")) {
			var task struct {
				GID string `json:"gid"`
			}
			if err := json.Unmarshal(line, &task); err != nil {
				t.Fatal(err)
			}
			out[task.GID] = line
		}
		return out
	}
	was, got := lines(base.Dir), lines(inc.Dir)
	for _, tt := range []struct {
		gid, name string
		inBase    bool
	}{
		{edited, "edited", true},
		{unchanged, "left as it is", true},
		{added, "new since the base", false},
		{inProject, "leaves its project", false},
		{busy[0], "busy one", true},
	} {
		line, ok := got[tt.gid]
		if !ok {
			t.Errorf("task %q missing from the incremental run's My Tasks", tt.name)
			continue
		}
		var task struct {
			Name string `json:"name"`
		}
		if err := json.Unmarshal(line, &task); err != nil || task.Name != tt.name {
			t.Errorf("task %s: name %q, want %q (%v)", tt.gid, task.Name, tt.name, err)
		}
		if _, ok := was[tt.gid]; ok != tt.inBase {
			t.Errorf("task %q in the base: %v, want %v", tt.name, ok, tt.inBase)
		}
	}
	if !bytes.Equal(got[unchanged], was[unchanged]) {
		t.Error("the unchanged task's line is not the base's")
	}
	b := f.backup(t.TempDir())
	b.Full = true
	full, err := b.Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sameData(t, full.Dir, inc.Dir, "audit_log_events")
}
