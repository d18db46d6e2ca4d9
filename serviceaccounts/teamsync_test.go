package serviceaccounts

import (
	"errors"
	"slices"
	"testing"
)

func TestParseMemberList(t *testing.T) {
	want := []string{"ada@acme.example", "bob@acme.example"}
	tests := []struct{ name, file, src string }{
		{"csv with header", "m.csv", "name,email\nAda,ada@acme.example\nBob,bob@acme.example\n"},
		{"csv without header", "m.csv", "ada@acme.example\nbob@acme.example\n"},
		{"yaml list", "m.yaml", "- ada@acme.example\n- bob@acme.example\n"},
		{"yaml mapping", "m.yml", "members:\n  - ada@acme.example\n  - bob@acme.example\n"},
		{"json list", "m.json", `["ada@acme.example", "bob@acme.example"]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseMemberList([]byte(tt.src), tt.file)
			if err != nil || !slices.Equal(got, want) {
				t.Errorf("got %v, %v", got, err)
			}
		})
	}
	errTests := []struct {
		name, file, src string
		line            int
		field           string
	}{
		{"csv bad email", "m.csv", "ada@acme.example\nbob\n", 2, "email"},
		{"csv header bad email", "m.csv", "email\nada@acme.example\nbob\n", 3, "email"},
		{"yaml bad email", "m.yaml", "members:\n  - ada@acme.example\n  - bob\n", 3, "members[1]"},
		{"yaml list bad email", "m.yaml", "- ada@acme.example\n- bob\n", 2, "[1]"},
		{"yaml unknown field", "m.yaml", "member:\n  - ada@acme.example\n", 1, "member"},
		{"empty", "m.yaml", "members: []\n", 0, ""},
	}
	for _, tt := range errTests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseMemberList([]byte(tt.src), tt.file)
			var pe *PolicyError
			if !errors.As(err, &pe) || pe.Line != tt.line || pe.Field != tt.field {
				t.Errorf("err = %#v", err)
			}
		})
	}
}

func TestTeamSync(t *testing.T) {
	srv, org := demo(t)
	ctx := t.Context()
	c := clientFor(t, srv, org.ServiceAccountToken)
	team := org.Teams[0]
	// The team becomes exactly the admin and the first two other active
	// non-guest users.
	want := map[string]bool{org.Admin.GID: true}
	emails := []string{org.Admin.Email}
	for _, u := range org.Users {
		m, _ := srv.WorkspaceMembership(org.Organization.GID, u.GID)
		if len(emails) < 3 && m.IsActive && !m.IsGuest && !want[u.GID] {
			want[u.GID] = true
			emails = append(emails, u.Email)
		}
	}
	plan, err := PlanTeamSync(ctx, c, org.Organization.GID, team.Name, emails)
	if err != nil {
		t.Fatal(err)
	}
	if plan.Kind != "team_sync" || plan.Empty() {
		t.Fatalf("plan:\n%s", text(plan))
	}
	for _, ch := range plan.Changes {
		if ch.Kind != AddTeamMember && ch.Kind != RemoveTeamMember {
			t.Errorf("team sync planned %s", ch.Kind)
		}
	}
	if _, err := Apply(ctx, c, plan, ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, m := range srv.TeamMembers(team.GID) {
		got[m.UserGID] = true
	}
	if len(got) != len(want) {
		t.Errorf("members %v, want %v", got, want)
	}
	for g := range want {
		if !got[g] {
			t.Errorf("%s missing", g)
		}
	}
	again, err := PlanTeamSync(ctx, c, org.Organization.GID, team.GID, emails)
	if err != nil || !again.Empty() {
		t.Errorf("second plan: %v\n%s", err, text(again))
	}
	if _, err := TeamSyncPolicy(team.Name, nil); err == nil {
		t.Error("an empty member list must be refused: it would empty the team")
	}
}
