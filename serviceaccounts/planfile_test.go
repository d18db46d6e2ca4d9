package serviceaccounts

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func samplePlan() *Plan {
	return &Plan{Kind: "team_sync", Organization: Ref{GID: "1", Name: "Acme <Inc> & co"},
		CreatedAt: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC),
		Changes: []Change{{Kind: AddTeamMember, Team: &Ref{GID: "2", Name: "Design"},
			User: &Ref{GID: "3", Email: "ada@acme.example"}, Reason: "listed"}}}
}

func TestPlanFileRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "plan.json")
	plan := samplePlan()
	if err := WritePlanFile(path, plan, "demo"); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("plan file %v, %v: want mode 0600", st, err)
	}
	back, err := LoadPlanFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if back.ID() != plan.ID() || back.Origin != "demo" || len(back.SHA256) != 64 || back.Organization.Name != plan.Organization.Name {
		t.Errorf("read back %+v, want the plan %s from demo", back, plan.ID())
	}
	if got := JournalPath(path); got != filepath.Join(filepath.Dir(path), "plan.journal") {
		t.Errorf("JournalPath = %s", got)
	}
	if got := JournalPath("p"); got != "p.journal" {
		t.Errorf("JournalPath(p) = %s", got)
	}
}

// TestPlanFileRefused edits a saved plan in the ways a reviewed plan must
// not change, and reads files that are no plans.
func TestPlanFileRefused(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.json")
	if err := WritePlanFile(good, samplePlan(), ""); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ name, old, new, want string }{
		{"edited change", `"add_team_member"`, `"remove_team_member"`, "checksum does not match"},
		{"edited origin", `"format"`, `"origin": "demo", "format"`, "checksum does not match"},
		{"other version", `"version": 1`, `"version": 2`, "version 2"},
		{"other format", `"asana-go/plan"`, `"asana-go/backup"`, "format"},
		{"unknown field", `"format"`, `"extra": 1, "format"`, "unknown field"},
		{"trailing data", "\n}\n", "\n}\n{}", "data after the plan"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			edited := strings.Replace(string(data), tt.old, tt.new, 1)
			if edited == string(data) {
				t.Fatalf("%q is not in the file", tt.old)
			}
			_, err := parsePlanFile([]byte(edited), "p.json")
			if !errors.Is(err, ErrPlanFile) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want ErrPlanFile with %q", err, tt.want)
			}
		})
	}
	// A plan whose checksum holds but whose change is invalid is refused
	// as ReadPlan refuses it.
	bad := samplePlan()
	bad.Changes[0].Team = nil
	if err := WritePlanFile(filepath.Join(dir, "bad.json"), bad, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadPlanFile(filepath.Join(dir, "bad.json")); err == nil || !strings.Contains(err.Error(), "needs a team gid") {
		t.Errorf("invalid change: %v", err)
	}
	if _, err := LoadPlanFile(filepath.Join(dir, "missing.json")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
	big := filepath.Join(dir, "big.json")
	if err := os.WriteFile(big, bytes.Repeat([]byte(" "), maxPlanFile+1), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadPlanFile(big); !errors.Is(err, ErrPlanFile) || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("large file: %v", err)
	}
}

// TestPlanIDStable checks that the time of planning is not part of the ID.
func TestPlanIDStable(t *testing.T) {
	a, b := samplePlan(), samplePlan()
	b.CreatedAt = b.CreatedAt.Add(time.Hour)
	if a.ID() != b.ID() {
		t.Errorf("IDs %s and %s differ by the time of planning only", a.ID(), b.ID())
	}
	b.Changes[0].User.GID = "4"
	if a.ID() == b.ID() {
		t.Error("plans with different changes have the same ID")
	}
}

func FuzzParsePlanFile(f *testing.F) {
	var buf bytes.Buffer
	path := filepath.Join(f.TempDir(), "p.json")
	if err := WritePlanFile(path, samplePlan(), "demo"); err != nil {
		f.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	buf.Write(data)
	f.Add(buf.Bytes())
	f.Add([]byte(`{"format":"asana-go/plan","version":1,"sha256":"00","plan":{}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		sp, err := parsePlanFile(data, "fuzz.json")
		if err == nil && sp.Plan == nil {
			t.Fatal("no error and no plan")
		}
	})
}
