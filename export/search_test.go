package export

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/asanatest"
)

// editOrg makes the changes an incremental run must pick up: edits of
// tasks and of a subtask (its parent does not change), a comment, a
// deletion, new tasks and subtasks, an archived and a new project, a new
// team member.
func editOrg(t *testing.T, f *fakeOrg) {
	t.Helper()
	ctx := t.Context()
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
	var withSubs, plain []tk
	p0, p1, p2 := f.org.Projects[0].GID, f.org.Projects[1].GID, f.org.Projects[2].GID
	for task, err := range asana.ListOf[tk](ctx, c, "/projects/"+p0+"/tasks", url.Values{"opt_fields": {"num_subtasks"}}).All() {
		if err != nil {
			t.Fatal(err)
		}
		if task.NumSubtasks > 0 {
			withSubs = append(withSubs, task)
		} else {
			plain = append(plain, task)
		}
	}
	if len(withSubs) < 6 || len(plain) < 4 {
		t.Fatalf("project 0 has %d tasks with subtasks and %d without", len(withSubs), len(plain))
	}
	var subs []tk
	for s, err := range asana.ListOf[tk](ctx, c, "/tasks/"+withSubs[0].GID+"/subtasks", url.Values{"opt_fields": {"num_subtasks"}}).All() {
		if err != nil {
			t.Fatal(err)
		}
		subs = append(subs, s)
	}
	// Parents with one subtask that changed: renamed, renamed with the
	// subtask edited, and two that swapped their subtasks.
	one := func(parent string) string {
		t.Helper()
		var s []tk
		for task, err := range asana.ListOf[tk](ctx, c, "/tasks/"+parent+"/subtasks", nil).All() {
			if err != nil {
				t.Fatal(err)
			}
			s = append(s, task)
		}
		if len(s) != 1 {
			t.Fatalf("%s has %d subtasks", parent, len(s))
		}
		return s[0].GID
	}
	do("PUT", "/tasks/"+withSubs[2].GID, map[string]any{"name": "Renamed parent"})
	do("PUT", "/tasks/"+withSubs[3].GID, map[string]any{"name": "Renamed parent, edited subtask"})
	do("PUT", "/tasks/"+one(withSubs[3].GID), map[string]any{"notes": "edited with its parent"})
	s4, s5 := one(withSubs[4].GID), one(withSubs[5].GID)
	do("POST", "/tasks/"+s4+"/setParent", map[string]any{"parent": withSubs[5].GID})
	do("POST", "/tasks/"+s5+"/setParent", map[string]any{"parent": withSubs[4].GID})
	do("PUT", "/tasks/"+plain[0].GID, map[string]any{"name": "Renamed task"})
	do("PUT", "/tasks/"+plain[1].GID, map[string]any{"completed": true})
	do("PUT", "/tasks/"+subs[len(subs)-1].GID, map[string]any{"notes": "edited subtask; the parent does not change"})
	do("POST", "/tasks/"+plain[2].GID+"/stories", map[string]any{"text": "a new comment"})
	do("DELETE", "/tasks/"+plain[3].GID, nil)
	do("POST", "/tasks", map[string]any{"name": "New task", "projects": []string{p1}})
	do("POST", "/tasks/"+withSubs[1].GID+"/subtasks", map[string]any{"name": "New subtask"})
	do("DELETE", "/tasks/"+subs[0].GID, nil) // the parent's count changes, not its modified_at
	do("PUT", "/projects/"+p2, map[string]any{"archived": true})
	np := do("POST", "/projects", map[string]any{"name": "New project", "workspace": f.org.Organization.GID, "team": f.org.Teams[0].GID})
	do("POST", "/tasks", map[string]any{"name": "In the new project", "projects": []string{np["gid"].(string)}})
	do("POST", "/teams/"+f.org.Teams[1].GID+"/addUser", map[string]any{"user": f.org.Users[len(f.org.Users)-1].GID})
}

// sameLines compares two snapshots file by file as sets of lines: the
// order of subtasks is the only thing SearchSubtasks may change.
func sameLines(t *testing.T, wantDir, gotDir string) {
	t.Helper()
	want, got := readTree(t, wantDir), readTree(t, gotDir)
	delete(want, ManifestFile)
	delete(got, ManifestFile)
	if len(want) != len(got) {
		t.Errorf("%d files, want %d", len(got), len(want))
	}
	for name, w := range want {
		wl, gl := bytes.SplitAfter(w, []byte("\n")), bytes.SplitAfter(got[name], []byte("\n"))
		slices.SortFunc(wl, bytes.Compare)
		slices.SortFunc(gl, bytes.Compare)
		if !slices.EqualFunc(wl, gl, bytes.Equal) {
			t.Errorf("%s: lines differ", name)
		}
	}
}

// TestSearchFullSameData: a full run that searches (the default, and with
// SearchSubtasks) holds the same data as one that does not, with fewer
// requests; a 402 from search leaves the run on the per-task path with
// the same bytes.
func TestSearchFullSameData(t *testing.T) {
	f := newFakeOrg(t, smallSizes(), nil)
	f.srv.Clock().Advance(time.Hour) // out of search's lag
	ctx := t.Context()
	run := func(mod func(*Backup)) *Result {
		t.Helper()
		b := f.backup(t.TempDir())
		mod(b)
		res, err := b.Run(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	plain := run(func(b *Backup) { b.DisableSearch = true })
	searched := run(func(*Backup) {})
	sameData(t, plain.Dir, searched.Dir)
	bulk := run(func(b *Backup) { b.SearchSubtasks = true })
	sameLines(t, plain.Dir, bulk.Dir)
	// Every parent here has a single subtask, which the default takes from
	// search too: SearchSubtasks saves more only on larger families
	// (TestSearchFullSubtasks).
	if !(bulk.Requests <= searched.Requests && searched.Requests < plain.Requests) {
		t.Errorf("requests: no search %d, search %d, SearchSubtasks %d", plain.Requests, searched.Requests, bulk.Requests)
	}
	if err := f.srv.InjectFault(asanatest.Fault{Route: "/workspaces/{workspace_gid}/tasks/search", Status: http.StatusPaymentRequired}); err != nil {
		t.Fatal(err)
	}
	for _, bulk := range []bool{false, true} {
		refused := run(func(b *Backup) { b.SearchSubtasks = bulk })
		sameData(t, plain.Dir, refused.Dir)
		if refused.Requests != plain.Requests {
			t.Errorf("with search refused (SearchSubtasks %v): %d requests, want %d", bulk, refused.Requests, plain.Requests)
		}
	}
	t.Logf("requests: no search %d, search %d, SearchSubtasks %d", plain.Requests, searched.Requests, bulk.Requests)
}

// TestSearchIncrementalEqualsFull: an incremental run that finds changed
// subtasks through search, with the changes old enough to be indexed or
// too recent to trust it, holds what a full run does.
func TestSearchIncrementalEqualsFull(t *testing.T) {
	for _, tt := range []struct {
		name  string
		after time.Duration // clock advance between the edits and the run
		bulk  bool
	}{
		{"indexed", time.Hour, false},
		{"within lag", time.Minute, false},
		{"indexed, SearchSubtasks", time.Hour, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ctx := t.Context()
			f := newFakeOrg(t, smallSizes(), nil)
			f.srv.Clock().Advance(time.Hour)
			dir := t.TempDir()
			mk := func(dir string) *Backup {
				b := f.backup(dir)
				b.SearchSubtasks = tt.bulk
				return b
			}
			if _, err := mk(dir).Run(ctx); err != nil {
				t.Fatal(err)
			}
			f.srv.Clock().Advance(24 * time.Hour)
			editOrg(t, f)
			f.srv.Clock().Advance(tt.after)
			inc, err := mk(dir).Run(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if inc.Manifest.Mode != ModeIncremental {
				t.Fatalf("second run: mode %q", inc.Manifest.Mode)
			}
			full, err := mk(t.TempDir()).Run(ctx)
			if err != nil {
				t.Fatal(err)
			}
			sameData(t, full.Dir, inc.Dir)
			t.Logf("requests: full %d, incremental %d", full.Requests, inc.Requests)
		})
	}
}

// TestSearchFullSubtasks: by default a full run takes a parent's single
// subtask from search and lists a parent with more, so that its snapshot
// is byte for byte the one without search, manual order included (which
// SearchSubtasks, creation order, would change); an edit within the lag,
// of a parent or of its subtask, sends the parent to its list.
func TestSearchFullSubtasks(t *testing.T) {
	for _, tt := range []struct {
		name  string
		after time.Duration // clock advance between the edits and the runs
		// listed names the parents whose subtasks the default run lists.
		listed func(o subtaskEdits) []string
	}{
		{"indexed", time.Hour, func(o subtaskEdits) []string { return []string{o.many} }},
		{"within lag", time.Minute, func(o subtaskEdits) []string {
			return []string{o.many, o.nestedParent, o.nested, o.editedParent}
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeOrg(t, smallSizes(), nil)
			f.srv.Clock().Advance(time.Hour)
			o := editSubtasks(t, f)
			f.srv.Clock().Advance(tt.after)
			run := func(mod func(*Backup)) *Result {
				t.Helper()
				b := f.backup(t.TempDir())
				mod(b)
				f.srv.ResetRequests()
				res, err := b.Run(t.Context())
				if err != nil {
					t.Fatal(err)
				}
				return res
			}
			plain := run(func(b *Backup) { b.DisableSearch = true })
			def := run(func(*Backup) {})
			// The parents listed; the kinds table lists the subtasks of each
			// task only in My Tasks whatever its count, which is left out.
			parents := map[string]bool{}
			for name, data := range readTree(t, plain.Dir) {
				if !strings.HasSuffix(name, "/"+tasksFile) {
					continue
				}
				for _, line := range bytes.SplitAfter(data, []byte("\n")) {
					var m taskMeta
					if json.Unmarshal(line, &m) == nil && m.NumSubtasks > 0 {
						parents[m.GID] = true
					}
				}
			}
			var listed []string
			for _, rq := range f.srv.Requests() {
				gid := strings.TrimSuffix(strings.TrimPrefix(rq.Path, "/tasks/"), "/subtasks")
				if rq.Route == "/tasks/{task_gid}/subtasks" && parents[gid] {
					listed = append(listed, gid)
				}
			}
			sameData(t, plain.Dir, def.Dir)
			want := tt.listed(o)
			slices.Sort(want)
			slices.Sort(listed)
			if !slices.Equal(listed, want) {
				t.Errorf("subtasks listed for %v, want %v", listed, want)
			}
			if def.Requests >= plain.Requests {
				t.Errorf("requests: search %d, no search %d", def.Requests, plain.Requests)
			}
			// The test can tell: creation order is not the manual one.
			bulk := run(func(b *Backup) { b.SearchSubtasks = true })
			sameLines(t, plain.Dir, bulk.Dir)
			name := projectFile(f.org.Projects[0].GID, tasksFile)
			if bytes.Equal(readTree(t, plain.Dir)[name], readTree(t, bulk.Dir)[name]) {
				t.Errorf("%s: the same with SearchSubtasks; the manual order is not tested", name)
			}
		})
	}
}

// subtaskEdits are the parents editSubtasks prepared.
type subtaskEdits struct {
	many         string // three subtasks, the newest moved first
	nestedParent string // one subtask, which got one of its own (nested)
	nested       string
	editedParent string // one subtask, edited
}

// editSubtasks gives three parents of project 0 with a single subtask
// the changes of subtaskEdits.
func editSubtasks(t *testing.T, f *fakeOrg) subtaskEdits {
	t.Helper()
	ctx := t.Context()
	type tk struct {
		GID         string `json:"gid"`
		NumSubtasks int    `json:"num_subtasks"`
	}
	list := func(path string) []tk {
		t.Helper()
		var out []tk
		for task, err := range asana.ListOf[tk](ctx, f.client, path, url.Values{"opt_fields": {"num_subtasks"}}).All() {
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, task)
		}
		return out
	}
	do := func(method, path string, body any) string {
		t.Helper()
		var out struct {
			GID string `json:"gid"`
		}
		if _, err := f.client.Do(ctx, &asana.Request{Method: method, Path: path, Body: body}, &out); err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
		return out.GID
	}
	var ones []string
	for _, task := range list("/projects/" + f.org.Projects[0].GID + "/tasks") {
		if task.NumSubtasks == 1 {
			ones = append(ones, task.GID)
		}
	}
	if len(ones) < 3 {
		t.Fatalf("project 0 has %d tasks with one subtask", len(ones))
	}
	sub := func(parent string) string {
		t.Helper()
		subs := list("/tasks/" + parent + "/subtasks")
		if len(subs) != 1 || subs[0].NumSubtasks != 0 {
			t.Fatalf("subtasks of %s: %v", parent, subs)
		}
		return subs[0].GID
	}
	o := subtaskEdits{many: ones[0], nestedParent: ones[1], editedParent: ones[2]}
	first := sub(o.many)
	do("POST", "/tasks/"+o.many+"/subtasks", map[string]any{"name": "second"})
	newest := do("POST", "/tasks/"+o.many+"/subtasks", map[string]any{"name": "third"})
	do("POST", "/tasks/"+newest+"/setParent", map[string]any{"parent": o.many, "insert_before": first})
	o.nested = sub(o.nestedParent)
	do("POST", "/tasks/"+o.nested+"/subtasks", map[string]any{"name": "nested"})
	do("PUT", "/tasks/"+sub(o.editedParent), map[string]any{"notes": "edited subtask"})
	return o
}

// TestSpoolFound: a full run's index keeps, by parent, the subtasks
// search found: all of them with SearchSubtasks (many), else only a
// single one; an unusable line, or a parent gid that is not one number,
// leaves the parent to its list.
func TestSpoolFound(t *testing.T) {
	type add struct {
		parent, line string
		usable       bool
	}
	adds := []add{
		{"7", "a\n", true}, {"5", "b\n", true}, {"7", "c\n", true}, {"9", "d\n", false},
		{"007", "e\n", true}, {"12345678901234567890", "f\n", true}, {"0", "g\n", true},
	}
	for _, tt := range []struct {
		parent string
		many   bool
		want   []string
		ok     bool
	}{
		{"5", false, []string{"b\n"}, true},
		{"7", false, nil, true}, // two: not kept, listed
		{"7", true, []string{"a\n", "c\n"}, true},
		{"9", false, nil, false},
		{"9", true, nil, false},
		{"007", true, nil, false},
		{"12345678901234567890", true, nil, false},
		{"0", false, []string{"g\n"}, true},
		{"8", true, nil, true},
	} {
		root, err := os.OpenRoot(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		sp, err := newSpool(root)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range adds {
			if err := sp.addFound(a.parent, []byte(a.line), a.usable); err != nil {
				t.Fatal(err)
			}
		}
		sp.finish(tt.many)
		lines, ok, err := sp.foundLines(tt.parent)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, l := range lines {
			got = append(got, string(l))
		}
		if ok != tt.ok || !slices.Equal(got, tt.want) {
			t.Errorf("parent %s, many %v: %q, %v; want %q, %v", tt.parent, tt.many, got, ok, tt.want, tt.ok)
		}
		sp.close(root)
		root.Close()
	}
}
