package sqlload

import (
	"bufio"
	"encoding/json"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/export"
)

// snapshotGIDs returns the distinct gids of a snapshot's files of kind,
// read straight from the files.
func snapshotGIDs(t *testing.T, dir, kind string) map[string]bool {
	t.Helper()
	m, err := export.Verify(dir)
	if err != nil {
		t.Fatal(err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	out := map[string]bool{}
	for _, f := range m.Files {
		if f.Kind != kind {
			continue
		}
		fh, err := export.OpenDataFile(root, f.Path) // plain or chunked
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(fh)
		sc.Buffer(nil, maxLine)
		for sc.Scan() {
			var v struct{ GID string }
			if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
				t.Fatal(err)
			}
			out[v.GID] = true
		}
		fh.Close()
	}
	return out
}

// TestLoadMatchesFake loads a snapshot and checks every task row against
// the fake's own record of the task.
func TestLoadMatchesFake(t *testing.T) {
	f := newFakeOrg(t)
	snap := f.backup(t)
	for name, db := range openDBs(t) {
		t.Run(name, func(t *testing.T) {
			st, err := db.Load(t.Context(), snap)
			if err != nil {
				t.Fatal(err)
			}
			if st.Inserted == 0 || st.Updated != 0 || st.Deleted != 0 || st.UnchangedFiles != 0 {
				t.Errorf("first load: %+v", st)
			}
			for kind, table := range map[string]string{"tasks": "tasks", "users": "users", "projects": "projects",
				"stories": "stories", "sections": "sections", "teams": "teams"} {
				gids := snapshotGIDs(t, snap, kind)
				if kind == "tasks" { // and those only in someone's My Tasks
					for g := range snapshotGIDs(t, snap, "user_task_list_tasks") {
						gids[g] = true
					}
				}
				if got, want := count(t, db.SQL, table), len(gids); got != want || want == 0 {
					t.Errorf("%s: %d rows, snapshot has %d", table, got, want)
				}
			}
			rows, err := db.SQL.QueryContext(t.Context(), "SELECT gid, name, assignee_gid, completed, due_on, parent_gid FROM tasks")
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			n := 0
			for rows.Next() {
				var gid, name string
				var assignee, due, parent *string
				var completed int
				if err := rows.Scan(&gid, &name, &assignee, &completed, &due, &parent); err != nil {
					t.Fatal(err)
				}
				task, ok := f.srv.Task(gid)
				if !ok {
					t.Fatalf("task %s is not in the fake", gid)
				}
				got := []string{name, deref(assignee), deref(due), deref(parent)}
				want := []string{task.Name, task.AssigneeGID, task.DueOn, task.ParentGID}
				if !reflect.DeepEqual(got, want) || (completed == 1) != task.Completed {
					t.Errorf("task %s: %q completed=%d, fake has %q completed=%v", gid, got, completed, want, task.Completed)
				}
				n++
			}
			if n == 0 {
				t.Fatal("no tasks")
			}
		})
	}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// TestIncrementalEqualsFresh changes the organization, backs it up again,
// and checks that loading the new snapshot over the old one gives the
// same database as loading it into an empty one, touching only what
// changed.
func TestIncrementalEqualsFresh(t *testing.T) {
	f := newFakeOrg(t)
	first := f.backup(t)
	p0, p1 := f.org.Projects[0].GID, f.org.Projects[1].GID
	var tasks []string
	for _, p := range []string{p0, p1} {
		var out []struct{ GID string }
		if _, err := f.client.Do(t.Context(), &asana.Request{Path: "/projects/" + p + "/tasks", Query: url.Values{"limit": {"5"}}}, &out); err != nil {
			t.Fatal(err)
		}
		for _, d := range out {
			tasks = append(tasks, d.GID)
		}
	}
	f.do(t, "PUT", "/tasks/"+tasks[0], map[string]any{"name": "Renamed task"})
	f.do(t, "PUT", "/tasks/"+tasks[1], map[string]any{"completed": true})
	f.do(t, "DELETE", "/tasks/"+tasks[2], nil)
	f.do(t, "POST", "/tasks", map[string]any{"name": "New task", "projects": []string{p1}})
	f.do(t, "POST", "/tasks/"+tasks[5]+"/stories", map[string]any{"text": "a new comment"})
	second := f.backup(t)

	for name, db := range openDBs(t) {
		t.Run(name, func(t *testing.T) {
			if _, err := db.Load(t.Context(), first); err != nil {
				t.Fatal(err)
			}
			st, err := db.Load(t.Context(), second)
			if err != nil {
				t.Fatal(err)
			}
			if st.UnchangedFiles == 0 || st.Updated < 2 || st.Inserted < 2 || st.Deleted < 1 || st.Updated+st.Inserted > 20 {
				t.Errorf("incremental load: %+v", st)
			}
			fresh := openSQLite(t)
			if _, err := fresh.Load(t.Context(), second); err != nil {
				t.Fatal(err)
			}
			got, want := dump(t, db), dump(t, fresh)
			for _, table := range Tables() {
				if !reflect.DeepEqual(got[table], want[table]) {
					t.Errorf("%s: incremental load has %d rows, a fresh load %d, or they differ", table, len(got[table]), len(want[table]))
				}
			}
			var renamed string
			if err := db.SQL.QueryRow(db.Rebind("SELECT name FROM tasks WHERE gid = ?"), tasks[0]).Scan(&renamed); err != nil || renamed != "Renamed task" {
				t.Errorf("renamed task: %q, %v", renamed, err)
			}
			again, err := db.Load(t.Context(), second)
			if err != nil || again.UnchangedFiles != again.Files || again.Inserted+again.Updated+again.Deleted != 0 {
				t.Errorf("loading the same snapshot again: %+v, %v", again, err)
			}
		})
	}
}

// TestLoadAtomic checks that a reader sees the previous snapshot while a
// load is under way, and that a load that fails half-way changes nothing.
func TestLoadAtomic(t *testing.T) {
	f := newFakeOrg(t)
	first := f.backup(t)
	for _, p := range f.org.Projects[:3] {
		f.do(t, "POST", "/tasks", map[string]any{"name": "New task", "projects": []string{p.GID}})
	}
	second := f.backup(t)

	for name, db := range openDBs(t) {
		t.Run(name, func(t *testing.T) {
			if _, err := db.Load(t.Context(), first); err != nil {
				t.Fatal(err)
			}
			before := count(t, db.SQL, "tasks")
			calls := 0
			db.afterFile = func(string) {
				calls++
				if n := count(t, db.SQL, "tasks"); n != before {
					t.Errorf("a reader saw %d tasks during the load, want the previous snapshot's %d", n, before)
				}
			}
			if _, err := db.Load(t.Context(), second); err != nil {
				t.Fatal(err)
			}
			db.afterFile = nil
			if calls < 2 {
				t.Fatalf("hook ran %d times", calls)
			}
			if n := count(t, db.SQL, "tasks"); n != before+3 {
				t.Errorf("after the load: %d tasks, want %d", n, before+3)
			}

			// A snapshot whose tasks file of a changed project does not
			// match its manifest: the files before it load, then the load
			// fails and rolls back. (An unchanged file is not read: the
			// database holds what its manifest's SHA-256 names.)
			broken := copyDir(t, first)
			m, _ := export.Verify(broken)
			var last string
			for _, fi := range m.Files {
				if fi.Kind == "tasks" && strings.Contains(fi.Path, f.org.Projects[2].GID) {
					last = fi.Path
				}
			}
			b, _ := os.ReadFile(filepath.Join(broken, last))
			os.WriteFile(filepath.Join(broken, last), []byte(strings.Replace(string(b), `"name":"`, `"name":"X`, 1)), 0o644)
			want := dump(t, db)
			if _, err := db.Load(t.Context(), broken); err == nil || !strings.Contains(err.Error(), "sha256") {
				t.Fatalf("broken snapshot: %v", err)
			}
			if !reflect.DeepEqual(dump(t, db), want) {
				t.Error("a failed load changed the database")
			}
		})
	}
}

func copyDir(t *testing.T, src string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), filepath.Base(src))
	if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	return dst
}

// TestLoadUntrusted feeds snapshots that must be refused.
func TestLoadUntrusted(t *testing.T) {
	f := newFakeOrg(t)
	snap := f.backup(t)
	editManifest := func(t *testing.T, dir string, edit func(m *export.Manifest)) {
		var m export.Manifest
		b, _ := os.ReadFile(filepath.Join(dir, export.ManifestFile))
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		edit(&m)
		b, _ = json.Marshal(m)
		os.WriteFile(filepath.Join(dir, export.ManifestFile), b, 0o644)
	}
	tests := []struct {
		name  string
		setup func(t *testing.T, dir string)
		want  string
	}{
		{"path outside", func(t *testing.T, dir string) {
			editManifest(t, dir, func(m *export.Manifest) { m.Files[0].Path = "../../etc/passwd" })
		}, "not a data file"},
		{"absolute path", func(t *testing.T, dir string) {
			editManifest(t, dir, func(m *export.Manifest) { m.Files[0].Path = "/etc/passwd" })
		}, "not a data file"},
		{"link", func(t *testing.T, dir string) {
			os.Remove(filepath.Join(dir, "users.jsonl"))
			os.Symlink("teams.jsonl", filepath.Join(dir, "users.jsonl"))
		}, "not a regular file"},
		{"bad gid", func(t *testing.T, dir string) {
			editManifest(t, dir, func(m *export.Manifest) {
				for i := range m.Files {
					if m.Files[i].Path == "users.jsonl" {
						os.WriteFile(filepath.Join(dir, "users.jsonl"), []byte(`{"gid":"1; DROP TABLE users"}`+"\n"), 0o644)
						m.Files[i].SHA256 = "bc2ac5d9e5e2b1bb2c2c09b2ac16a15a48f7bfac1f4c2a8bb1cb3ac15f9c5e39"
					}
				}
			})
		}, "not an Asana gid"},
		{"format", func(t *testing.T, dir string) {
			editManifest(t, dir, func(m *export.Manifest) { m.Format = 99 })
		}, "format 99"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := copyDir(t, snap)
			tt.setup(t, dir)
			db := openSQLite(t)
			if err := db.Init(t.Context()); err != nil {
				t.Fatal(err)
			}
			if _, err := db.Load(t.Context(), dir); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want an error with %q", err, tt.want)
			}
			if n := count(t, db.SQL, "users"); n != 0 {
				t.Errorf("%d users loaded from a refused snapshot", n)
			}
		})
	}
	t.Run("other organization", func(t *testing.T) {
		db := openSQLite(t)
		if _, err := db.Load(t.Context(), snap); err != nil {
			t.Fatal(err)
		}
		other := copyDir(t, snap)
		editManifest(t, other, func(m *export.Manifest) { m.Organization = "42" })
		if _, err := db.Load(t.Context(), other); !errors.Is(err, ErrOtherOrganization) {
			t.Fatalf("got %v", err)
		}
	})
}
