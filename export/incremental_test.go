package export

import (
	"net/url"
	"path/filepath"
	"testing"

	"github.com/asanakit/asana-go/asana"
)

// TestBackupIncrementalEqualsFull edits, adds, deletes and archives, then
// checks that an incremental run gives the same files as a full one.
func TestBackupIncrementalEqualsFull(t *testing.T) {
	ctx := t.Context()
	f := newFakeOrg(t, smallSizes(), nil)
	dir := t.TempDir()
	first := f.run(t, dir)
	c := f.client
	do := func(method, path string, body any) map[string]any {
		t.Helper()
		var out map[string]any
		if _, err := c.Do(ctx, &asana.Request{Method: method, Path: path, Body: body}, &out); err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
		return out
	}
	type tk struct {
		GID         string `json:"gid"`
		NumSubtasks int    `json:"num_subtasks"`
	}
	var tasks []tk
	p0, p1, p2 := f.org.Projects[0].GID, f.org.Projects[1].GID, f.org.Projects[2].GID
	for task, err := range asana.ListOf[tk](ctx, c, "/projects/"+p0+"/tasks", url.Values{"opt_fields": {"num_subtasks"}}).All() {
		if err != nil {
			t.Fatal(err)
		}
		tasks = append(tasks, task)
	}
	var withSubs, plain []tk
	for _, task := range tasks {
		if task.NumSubtasks > 0 {
			withSubs = append(withSubs, task)
		} else {
			plain = append(plain, task)
		}
	}
	if len(withSubs) < 2 || len(plain) < 4 {
		t.Fatalf("project 0 has %d tasks with subtasks and %d without", len(withSubs), len(plain))
	}
	var sub tk
	for s, err := range asana.ListOf[tk](ctx, c, "/tasks/"+withSubs[0].GID+"/subtasks", url.Values{"opt_fields": {"num_subtasks"}}).All() {
		if err != nil {
			t.Fatal(err)
		}
		sub = s
	}
	do("PUT", "/tasks/"+plain[0].GID, map[string]any{"name": "Renamed task"})
	do("PUT", "/tasks/"+plain[1].GID, map[string]any{"completed": true})
	do("PUT", "/tasks/"+sub.GID, map[string]any{"notes": "edited subtask; the parent does not change"})
	do("POST", "/tasks/"+plain[2].GID+"/stories", map[string]any{"text": "a new comment"})
	do("DELETE", "/tasks/"+plain[3].GID, nil)
	do("POST", "/tasks", map[string]any{"name": "New task", "projects": []string{p1}})
	do("POST", "/tasks/"+withSubs[1].GID+"/subtasks", map[string]any{"name": "New subtask"})
	do("PUT", "/projects/"+p2, map[string]any{"archived": true})
	np := do("POST", "/projects", map[string]any{"name": "New project", "workspace": f.org.Organization.GID, "team": f.org.Teams[0].GID})
	do("POST", "/tasks", map[string]any{"name": "In the new project", "projects": []string{np["gid"].(string)}})
	do("POST", "/teams/"+f.org.Teams[1].GID+"/addUser", map[string]any{"user": f.org.Users[len(f.org.Users)-1].GID})

	inc, err := f.backup(dir).Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if inc.Manifest.Mode != ModeIncremental || inc.Manifest.Base != filepath.Base(first.Dir) {
		t.Fatalf("second run: mode %q base %q", inc.Manifest.Mode, inc.Manifest.Base)
	}
	b := f.backup(t.TempDir())
	b.Full = true
	full, err := b.Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sameData(t, full.Dir, inc.Dir)
	if inc.Requests*2 > full.Requests {
		t.Errorf("incremental run made %d requests, full %d", inc.Requests, full.Requests)
	}
	t.Logf("requests: full %d, incremental %d", full.Requests, inc.Requests)
	// And a second incremental with no change in between is identical too.
	again, err := f.backup(dir).Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sameData(t, full.Dir, again.Dir)
}
