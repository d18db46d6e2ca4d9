package export

import (
	"path/filepath"
	"testing"

	"github.com/asanakit/asana-go/asanatest"
)

// TestBackupAuditLog: the backup keeps the organization's whole audit
// log, in the fake's order, across pages (the feed's empty last page
// ends it); a 402 or 403 on it leaves the file empty and is recorded in
// the manifest's Skipped, and the rest of the backup goes on.
func TestBackupAuditLog(t *testing.T) {
	for _, tt := range []struct {
		name   string
		status int // injected on the audit log; 0 for none
	}{
		{"whole log", 0},
		{"plan without the audit log", 402},
		{"token without the scope", 403},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeOrg(t, asanatest.Sizes{Users: 4, Teams: 1, Projects: 1, Tasks: 5}, nil)
			// More than a page of events: 120 tokens made and revoked.
			for i := range 60 {
				tok, err := f.srv.AddPersonalAccessToken(f.org.Users[i%len(f.org.Users)].GID)
				if err != nil {
					t.Fatal(err)
				}
				if err := f.srv.DeauthorizeToken(tok); err != nil {
					t.Fatal(err)
				}
			}
			want := f.srv.AuditLog(f.org.Organization.GID)
			if len(want) <= 100 {
				t.Fatalf("%d events in the fake's log", len(want))
			}
			if tt.status != 0 {
				if err := f.srv.InjectFault(asanatest.Fault{Method: "GET", Route: "/workspaces/{workspace_gid}/audit_log_events",
					Status: tt.status}); err != nil {
					t.Fatal(err)
				}
				want = nil
			}
			res := f.run(t, t.TempDir())
			var got []string
			type event struct {
				GID       string `json:"gid"`
				EventType string `json:"event_type"`
			}
			for _, e := range readLines[event](t, filepath.Join(res.Dir, "audit_log_events.jsonl")) {
				got = append(got, e.GID+" "+e.EventType)
			}
			if len(got) != len(want) {
				t.Fatalf("%d events backed up, the fake's log has %d", len(got), len(want))
			}
			for i, e := range want {
				if got[i] != e.GID+" "+e.EventType {
					t.Errorf("event %d: %s, the fake has %s %s", i, got[i], e.GID, e.EventType)
				}
			}
			var skipped []Skipped
			for _, s := range res.Manifest.Skipped {
				if s.Kind == "audit_log_events" {
					skipped = append(skipped, s)
				}
			}
			if tt.status == 0 && len(skipped) != 0 || tt.status != 0 && (len(skipped) != 1 || skipped[0].Status != tt.status) {
				t.Errorf("skipped %+v, want status %d", skipped, tt.status)
			}
			if res.Manifest.Counts["tasks"] == 0 {
				t.Error("no tasks backed up")
			}
		})
	}
}
