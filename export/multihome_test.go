package export

import (
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/asanakit/asana-go/asana"
)

// TestBackupMultiHomedTask: a task in two projects is listed in both
// projects' files, its stories and subtasks are stored once (with its
// first project), an incremental run after a comment on it equals a full
// run, and a restore puts it back in both projects.
func TestBackupMultiHomedTask(t *testing.T) {
	ctx := t.Context()
	f := newFakeOrg(t, smallSizes(), nil)
	c := f.client
	p0, p1 := f.org.Projects[0].GID, f.org.Projects[1].GID
	type tk struct {
		GID         string `json:"gid"`
		NumSubtasks int    `json:"num_subtasks"`
	}
	var task tk
	for v, err := range asana.ListOf[tk](ctx, c, "/projects/"+p0+"/tasks", url.Values{"opt_fields": {"num_subtasks"}}).All() {
		if err != nil {
			t.Fatal(err)
		}
		if v.NumSubtasks > 0 {
			task = v
			break
		}
	}
	if task.GID == "" {
		t.Fatal("no task with subtasks in project 0")
	}
	if _, err := c.Do(ctx, &asana.Request{Method: "POST", Path: "/tasks/" + task.GID + "/stories",
		Body: map[string]any{"text": "on a task in two projects"}}, nil); err != nil {
		t.Fatal(err)
	}
	if err := c.Tasks.AddProject(ctx, task.GID, &asana.TaskAddProjectRequest{Project: p1}); err != nil {
		t.Fatal(err)
	}

	dir := t.TempDir()
	first := f.run(t, dir)
	// count reports how many lines of a project's file hold gid, or
	// refer to it through ref.
	count := func(snap, project, file, ref, gid string) int {
		n := 0
		for _, l := range readLines[map[string]any](t, filepath.Join(snap, "projects", project, file)) {
			v := l
			if ref != "" {
				v, _ = l[ref].(map[string]any)
			}
			if v != nil && v["gid"] == gid {
				n++
			}
		}
		return n
	}
	tests := []struct {
		name               string
		project, file, ref string
		want               int
	}{
		{"task in its first project", p0, tasksFile, "", 1},
		{"task in its second project", p1, tasksFile, "", 1},
		{"subtasks with the first project", p0, tasksFile, "parent", task.NumSubtasks},
		{"no subtasks with the second", p1, tasksFile, "parent", 0},
		{"no stories with the second", p1, storiesFile, "target", 0},
	}
	for _, tt := range tests {
		if got := count(first.Dir, tt.project, tt.file, tt.ref, task.GID); got != tt.want {
			t.Errorf("%s: %d lines, want %d", tt.name, got, tt.want)
		}
	}
	if n := count(first.Dir, p0, storiesFile, "target", task.GID); n == 0 {
		t.Error("the task's stories are not with its first project")
	}

	// A change to the task, then incremental == full. The clock moves
	// first: the fake's stands still, and a backup tells a changed task by
	// its modified_at.
	f.srv.Clock().Advance(time.Minute)
	if _, err := c.Do(ctx, &asana.Request{Method: "POST", Path: "/tasks/" + task.GID + "/stories",
		Body: map[string]any{"text": "a second comment"}}, nil); err != nil {
		t.Fatal(err)
	}
	inc, err := f.backup(dir).Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	b := f.backup(t.TempDir())
	b.Full = true
	full, err := b.Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if inc.Manifest.Mode != ModeIncremental {
		t.Fatalf("second run is %s", inc.Manifest.Mode)
	}
	sameData(t, full.Dir, inc.Dir)

	// Restore into an empty organization, back it up: same outline.
	org, token := emptyOrg(t, f)
	rc := clientFor(t, f.srv, token)
	if _, err := (&Restore{Client: rc, Organization: org, Snapshot: full.Dir, Journal: filepath.Join(t.TempDir(), "j")}).Run(ctx); err != nil {
		t.Fatal(err)
	}
	dst, err := (&Backup{Client: rc, Organization: org, Dir: t.TempDir()}).Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want, got := strings.Join(outline(t, full.Dir), "\n"), strings.Join(outline(t, dst.Dir), "\n"); want != got {
		t.Errorf("restored organization differs:\nwant\n%s\ngot\n%s", want, got)
	}
}
