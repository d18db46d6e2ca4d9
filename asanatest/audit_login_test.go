package asanatest

import "testing"

func TestRecordLogin(t *testing.T) {
	f := newFixture(t)
	if err := f.s.RecordLogin(f.org.GID, f.guest.GID); err != nil {
		t.Fatal(err)
	}
	for _, bad := range [][2]string{{f.org.GID, "404"}, {f.other.GID, f.guest.GID}} {
		if err := f.s.RecordLogin(bad[0], bad[1]); err == nil {
			t.Errorf("RecordLogin(%s, %s) = nil", bad[0], bad[1])
		}
	}
	code, _, doc := call(t, f.s, f.saTok, "GET", "/workspaces/"+f.org.GID+"/audit_log_events?event_type=user_login_succeeded&actor_gid="+f.guest.GID, "")
	if code != 200 {
		t.Fatalf("%d %v", code, doc)
	}
	data := doc["data"].([]any)
	if len(data) != 1 {
		t.Fatalf("events: %v", data)
	}
	ev := data[0].(map[string]any)
	if ev["event_category"] != "logins" || ev["actor"].(map[string]any)["gid"] != f.guest.GID || ev["context"].(map[string]any)["context_type"] != "web" {
		t.Errorf("event %v", ev)
	}
}
