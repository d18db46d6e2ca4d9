package serviceaccounts

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// TestNewKindsReadBack: offboarding and membership plans survive JSON
// with their IDs, and ReadPlan refuses their changes when a field they
// need is missing or wrong.
func TestNewKindsReadBack(t *testing.T) {
	sc := newOffboardScene(t)
	c := clientFor(t, sc.srv, sc.org.ServiceAccountToken)
	off, err := PlanOffboarding(t.Context(), c, sc.org.Organization.GID, sc.offboarding())
	if err != nil {
		t.Fatal(err)
	}
	pol, allowed := memberPolicy(t, sc.org)
	seedLevels(t, c, sc.org, allowed)
	mem, err := PlanAccess(t.Context(), c, sc.org.Organization.GID, pol)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []*Plan{off, mem} {
		data, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		back, err := ReadPlan(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s plan: %v", p.Kind, err)
		}
		if back.ID() != p.ID() || len(back.Changes) != len(p.Changes) {
			t.Errorf("%s plan read back as %s with %d changes, was %s with %d", p.Kind, back.ID(), len(back.Changes), p.ID(), len(p.Changes))
		}
	}
	ref := &Ref{GID: "1"}
	tests := []struct {
		name string
		ch   Change
		want string
	}{
		{"reassign without evidence", Change{Kind: ReassignTask, User: ref, Task: ref, To: ref, Reason: "r"}, "names no evidence"},
		{"reassign without recipient", Change{Kind: ReassignTask, User: ref, Task: ref, Evidence: "e"}, "needs a to gid"},
		{"move without project", Change{Kind: MoveTaskToProject, User: ref, Task: ref, Evidence: "e"}, "needs a project gid"},
		{"transfer goal without goal", Change{Kind: TransferGoalOwner, User: ref, To: ref, Evidence: "e"}, "needs a goal gid"},
		{"member without parent", Change{Kind: AddMember, User: ref, AccessLevel: "editor"}, "project, portfolio or goal"},
		{"member with a bad level", Change{Kind: AddMember, User: ref, Project: ref, AccessLevel: "owner"}, "unknown access level"},
		{"removal without evidence", Change{Kind: RemoveMember, User: ref, Portfolio: ref}, "names no evidence"},
		{"settings without settings", Change{Kind: UpdateTeamSettings, Team: ref}, "names no settings"},
		{"settings with a bad value", Change{Kind: UpdateTeamSettings, Team: ref, TeamSettings: &TeamSettings{Visibility: "hidden"}}, "not a valid value"},
		{"archive with a bad activity", Change{Kind: ArchiveProject, Project: ref, ModifiedAt: off.CreatedAt, QuietSince: off.CreatedAt, Activity: []string{"likes"}}, "unknown activity"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &Plan{Kind: "offboard", Organization: Ref{GID: "9"}, Changes: []Change{tt.ch}}
			data, err := json.Marshal(p)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := ReadPlan(bytes.NewReader(data)); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ReadPlan: %v, want %q", err, tt.want)
			}
		})
	}
}
