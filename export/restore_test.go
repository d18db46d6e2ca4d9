package export

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/asanatest"
)

// outline renders a snapshot with names instead of gids, in file order:
// what a restore must reproduce (comments, not system stories).
func outline(t *testing.T, snap string) []string {
	t.Helper()
	emails := map[string]string{}
	for _, u := range readLines[userRecord](t, filepath.Join(snap, "users.jsonl")) {
		emails[u.GID] = u.Email
	}
	teams := map[string]string{}
	var out []string
	for _, tm := range readLines[teamRecord](t, filepath.Join(snap, "teams.jsonl")) {
		teams[tm.GID] = tm.Name
		out = append(out, "team "+tm.Name)
	}
	for _, p := range readLines[projectRecord](t, filepath.Join(snap, "projects.jsonl")) {
		out = append(out, fmt.Sprintf("project %q team %q archived %v", p.Name, teams[p.Team.GID], p.Archived))
		dir := filepath.Join(snap, "projects", p.GID)
		sections := map[string]string{}
		for _, s := range readLines[sectionRecord](t, filepath.Join(dir, sectionsFile)) {
			sections[s.GID] = s.Name
			out = append(out, "  section "+s.Name)
		}
		names := map[string]string{}
		depth := map[string]int{}
		for _, tk := range readLines[taskRecord](t, filepath.Join(dir, tasksFile)) {
			names[tk.GID] = tk.Name
			d, sec, who := 0, "", ""
			if tk.Parent != nil {
				d = depth[tk.Parent.GID] + 1
			}
			depth[tk.GID] = d
			for _, m := range tk.Memberships {
				if m.Section != nil {
					sec = sections[m.Section.GID]
				}
			}
			if tk.Assignee != nil {
				who = emails[tk.Assignee.GID]
			}
			out = append(out, fmt.Sprintf("  %stask %q notes %q done %v due %q/%v start %q section %q assignee %q",
				strings.Repeat("  ", d), tk.Name, tk.Notes, tk.Completed, tk.DueOn, tk.DueAt, tk.StartOn, sec, who))
		}
		for _, s := range readLines[storyRecord](t, filepath.Join(dir, storiesFile)) {
			if s.ResourceSubtype != asana.StorySubtypeComment {
				continue // system stories are the target's own (Restore posts comments only)
			}
			out = append(out, fmt.Sprintf("  comment on %q: %q", names[s.Target.GID], s.Text))
		}
	}
	return out
}

// emptyOrg adds an empty Enterprise organization with the same people as
// f's and returns its gid and a service account token for it.
func emptyOrg(t *testing.T, f *fakeOrg) (string, string) {
	t.Helper()
	org := asanatest.Must(f.srv.AddWorkspace(asanatest.Workspace{Name: "Restored", IsOrganization: true, Enterprise: true}))
	// The same people, guests as guests: an organization's own.
	guest := map[string]bool{}
	for m, err := range f.client.WorkspaceMemberships.ListForWorkspace(t.Context(), f.org.Organization.GID,
		&asana.WorkspaceMembershipListOptions{ListOptions: asana.ListOptions{Fields: []string{"user.gid", "is_guest"}}}).All() {
		if err != nil {
			t.Fatal(err)
		}
		if m.User != nil {
			guest[m.User.GID] = m.IsGuest
		}
	}
	for _, u := range f.org.Users {
		asanatest.Must(f.srv.AddWorkspaceMember(org.GID, u.GID, asanatest.MemberOptions{Guest: guest[u.GID]}))
	}
	_, token, err := f.srv.AddServiceAccount(org.GID, "Restore bot")
	if err != nil {
		t.Fatal(err)
	}
	return org.GID, token
}

func TestRestoreRoundTrip(t *testing.T) {
	ctx := t.Context()
	f := newFakeOrg(t, smallSizes(), nil)
	src, err := f.backup(t.TempDir()).Run(ctx)
	if err != nil {
		t.Fatal(err)
	}

	orgGID, token := emptyOrg(t, f)
	journal := filepath.Join(t.TempDir(), "journal.jsonl")

	// Interrupt the first restore after some writes, twice.
	var writes atomic.Int64
	for _, stopAfter := range []int64{25, 60} {
		cctx, cancel := context.WithCancel(ctx)
		writes.Store(0)
		c := clientFor(t, f.srv, token, asana.WithRequestHook(func(ri asana.RequestInfo) {
			if ri.Method != "GET" && writes.Add(1) >= stopAfter {
				cancel()
			}
		}))
		_, err := (&Restore{Client: c, Organization: orgGID, Snapshot: src.Dir, Journal: journal}).Run(cctx)
		cancel()
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("interrupted restore: %v", err)
		}
	}
	c := clientFor(t, f.srv, token)
	r := &Restore{Client: c, Organization: orgGID, Snapshot: src.Dir, Journal: journal}
	res, err := r.Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if res.Existing["task"] == 0 || res.Created["task"] == 0 {
		t.Errorf("resumed restore: %+v", res)
	}
	if res.UnmatchedAssignees != 0 {
		t.Errorf("%d assignees unmatched", res.UnmatchedAssignees)
	}

	// Backing up the restored organization gives the same outline.
	b := &Backup{Client: c, Organization: orgGID, Dir: t.TempDir()}
	dst, err := b.Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want, got := outline(t, src.Dir), outline(t, dst.Dir)
	if strings.Join(want, "\n") != strings.Join(got, "\n") {
		for i := range max(len(want), len(got)) {
			var w, g string
			if i < len(want) {
				w = want[i]
			}
			if i < len(got) {
				g = got[i]
			}
			if w != g {
				t.Fatalf("restored organization differs at line %d:\nwant %s\n got %s", i, w, g)
			}
		}
	}
	if n := dst.Manifest.Counts["tasks"]; n != src.Manifest.Counts["tasks"] {
		t.Errorf("%d tasks restored, want %d", n, src.Manifest.Counts["tasks"])
	}

	// A finished restore run again creates nothing.
	again, err := r.Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for kind, n := range again.Created {
		if n > 0 {
			t.Errorf("second restore created %d %s", n, kind)
		}
	}
}

// TestRestoreAdoptsUnjournaledCreate: a create that was sent but never
// journaled (the process died in between) is found by name, not repeated.
func TestRestoreAdoptsUnjournaledCreate(t *testing.T) {
	ctx := t.Context()
	dir := t.TempDir()
	path := filepath.Join(dir, "journal.jsonl")
	tests := []struct {
		name      string
		journal   string
		found     []string
		wantGID   string
		wantCalls int
	}{
		{"pending, found", `{"kind":"task","old":"1","pending":true}` + "\n", []string{"900"}, "900", 0},
		{"pending, name taken by a journaled object", `{"kind":"task","old":"2","new":"900"}` + "\n" + `{"kind":"task","old":"1","pending":true}` + "\n", []string{"900"}, "901", 1},
		{"pending, not found", `{"kind":"task","old":"1","pending":true}` + "\n", nil, "901", 1},
		{"done", `{"kind":"task","old":"1","pending":true}` + "\n" + `{"kind":"task","old":"1","new":"777"}` + "\n", []string{"900"}, "777", 0},
		{"undecodable whole line", `{"kind":"task","old":"1","new":"777"}` + "\n" + `{"kind":"ta` + "\n", nil, "777", 0},
		// The old journal began every record with a newline.
		{"old format", "\n" + `{"kind":"task","old":"1","pending":true}` + "\n\n" + `{"kind":"task","old":"1","new":"777"}` + "\n", nil, "777", 0},
		// A tail without its newline is no record, and is cut off before the next one.
		{"torn tail", `{"kind":"task","old":"1","pending":true}` + "\n" + `{"kind":"task","old":"1","new":"77`, nil, "901", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := os.WriteFile(path, []byte(tt.journal), 0o644); err != nil {
				t.Fatal(err)
			}
			rs := &restorer{Restore: &Restore{}, res: &RestoreResult{Created: map[string]int{}, Existing: map[string]int{}},
				mapped: map[string]string{}, pending: map[string]bool{}, used: map[string]bool{}}
			if err := rs.openJournal(openRoot(t, dir), "journal.jsonl"); err != nil {
				t.Fatal(err)
			}
			defer rs.journal.Close()
			calls := 0
			got, err := rs.ensure(ctx, "task", "1", func(context.Context) iter.Seq2[named, error] {
				return func(yield func(named, error) bool) {
					for _, g := range tt.found {
						if !yield(named{gid: g}, nil) {
							return
						}
					}
				}
			}, func(context.Context) (string, error) { calls++; return "901", nil })
			if err != nil || got != tt.wantGID || calls != tt.wantCalls {
				t.Errorf("ensure = %q, %v after %d creates; want %q after %d", got, err, calls, tt.wantGID, tt.wantCalls)
			}
			// The outcome is journaled: a new reader maps it.
			again := &restorer{mapped: map[string]string{}, pending: map[string]bool{}, used: map[string]bool{}}
			err = again.openJournal(openRoot(t, dir), "journal.jsonl")
			if err == nil {
				err = again.journal.Close()
			}
			if err != nil || again.mapped["task:1"] != tt.wantGID || again.pending["task:1"] {
				t.Errorf("journal after ensure maps %q (pending %v), %v", again.mapped["task:1"], again.pending["task:1"], err)
			}
		})
	}
}
