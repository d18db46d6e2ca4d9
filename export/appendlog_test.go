package export

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/asanakit/asana-go/asanatest"
)

const auditRoute = "GET /workspaces/{workspace_gid}/audit_log_events"

// TestIncrementalAuditLog: an incremental run copies the base's audit log
// and asks only for the events since its newest (less the overlap, whose
// events it holds once): the file is the fake's whole log, in order, for
// fewer pages than a whole read. Where the base left the log out, the
// whole log is read.
func TestIncrementalAuditLog(t *testing.T) {
	for _, tt := range []struct {
		name string
		// gap is how long after the base the new events are made: within
		// the overlap the base's newest events are served again.
		gap time.Duration
		// baseStatus is injected on the base run's audit log (0: none).
		baseStatus int
		// wantPages is the incremental run's audit log pages (the fake
		// ends a list with an empty page); 0: as many as a whole read.
		wantPages int
	}{
		{"events after the base", 2 * time.Hour, 0, 2},
		{"new events within the overlap", time.Minute, 0, 2},
		{"base without the audit log", 2 * time.Hour, 403, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeOrg(t, asanatest.Sizes{Users: 4, Teams: 1, Projects: 1, Tasks: 5}, nil)
			tokens := func(n int) {
				t.Helper()
				for i := range n {
					tok, err := f.srv.AddPersonalAccessToken(f.org.Users[i%len(f.org.Users)].GID)
					if err != nil {
						t.Fatal(err)
					}
					if err := f.srv.DeauthorizeToken(tok); err != nil {
						t.Fatal(err)
					}
				}
			}
			tokens(109) // 218 events, then the base's newest two an hour later
			f.srv.Clock().Advance(time.Hour)
			tokens(1)
			if tt.baseStatus != 0 {
				if err := f.srv.InjectFault(asanatest.Fault{Method: "GET", Route: "/workspaces/{workspace_gid}/audit_log_events",
					Status: tt.baseStatus, Times: 1}); err != nil {
					t.Fatal(err)
				}
			}
			dir := t.TempDir()
			f.srv.ResetRequests()
			base := f.run(t, dir)
			basePages := f.srv.RequestCounts().ByRoute[auditRoute]
			f.srv.Clock().Advance(tt.gap)
			tokens(3)
			want := f.srv.AuditLog(f.org.Organization.GID)

			f.srv.ResetRequests()
			inc := f.run(t, dir)
			if inc.Manifest.Mode != ModeIncremental || inc.Manifest.Base != filepath.Base(base.Dir) {
				t.Fatalf("second run: mode %q base %q", inc.Manifest.Mode, inc.Manifest.Base)
			}
			pages := f.srv.RequestCounts().ByRoute[auditRoute]
			data, err := readData(inc.Dir, "audit_log_events.jsonl")
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, line := range bytes.Split(bytes.TrimSuffix(data, []byte("\n")), []byte("\n")) {
				var e struct {
					GID string `json:"gid"`
				}
				if err := json.Unmarshal(line, &e); err != nil {
					t.Fatal(err)
				}
				got = append(got, e.GID)
			}
			if len(got) != len(want) {
				t.Fatalf("%d events backed up, the fake's log has %d", len(got), len(want))
			}
			for i, e := range want {
				if got[i] != e.GID {
					t.Errorf("event %d: %s, the fake has %s", i, got[i], e.GID)
				}
			}
			if tt.wantPages == 0 {
				tt.wantPages = (len(want)+99)/100 + 1 // the whole log
			} else if basePages < 4 {
				t.Errorf("the base run read %d pages of the audit log, want at least 4", basePages)
			}
			if pages != tt.wantPages {
				t.Errorf("the incremental run read %d pages of the audit log, want %d", pages, tt.wantPages)
			}
			// A full run of now gives the same file.
			b := f.backup(t.TempDir())
			full, err := b.Run(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			sameData(t, full.Dir, inc.Dir)
		})
	}
}

// TestBaseLogFallsBack: a base file the incremental run cannot start
// from (a line without its time or gid, no events, no file) reads the
// whole log.
func TestBaseLogFallsBack(t *testing.T) {
	k := backupKind{name: "audit_log_events", since: "start_at"}
	good := `{"gid":"1","created_at":"2026-01-05T10:00:00Z"}` + "\n" + `{"gid":"2","created_at":"2026-01-05T11:00:00Z"}` + "\n"
	for _, tt := range []struct {
		name string
		file *string // nil: no file in the base
		ok   bool
	}{
		{"good", &good, true},
		{"no file", nil, false},
		{"empty", ptrTo(""), false},
		{"line without a time", ptrTo(`{"gid":"1"}` + "\n"), false},
		{"line without a gid", ptrTo(`{"created_at":"2026-01-05T10:00:00Z"}` + "\n"), false},
		{"bad gid", ptrTo(`{"gid":"../x","created_at":"2026-01-05T10:00:00Z"}` + "\n"), false},
		{"not JSON", ptrTo("{\n"), false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			m := &Manifest{Format: FormatVersion}
			if tt.file != nil {
				if err := os.WriteFile(filepath.Join(dir, "audit_log_events.jsonl"), []byte(*tt.file), 0o644); err != nil {
					t.Fatal(err)
				}
				m.Files = []FileInfo{{Path: "audit_log_events.jsonl"}}
			}
			data, err := marshalIndent(m)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, ManifestFile), data, 0o644); err != nil {
				t.Fatal(err)
			}
			r := &run{base: openRoot(t, dir)}
			bl := r.baseLogOf(k)
			if (bl != nil) != tt.ok {
				t.Fatalf("baseLogOf = %v, want a base log: %v", bl, tt.ok)
			}
			if bl != nil && (len(bl.lines) != 2 || !bl.gids["2"] || !bl.newest.Equal(time.Date(2026, 1, 5, 11, 0, 0, 0, time.UTC))) {
				t.Errorf("base log %d lines, gids %v, newest %v", len(bl.lines), bl.gids, bl.newest)
			}
		})
	}
}

func ptrTo(s string) *string { return &s }
