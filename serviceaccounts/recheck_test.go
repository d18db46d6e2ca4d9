package serviceaccounts

import (
	"context"
	"path/filepath"
	"testing"
	"time"
)

// TestRecheck plans a team sync, changes the organization behind the
// plan's back, and expects Recheck to name exactly the changes that went
// stale, skipping those the journal says are done.
func TestRecheck(t *testing.T) {
	srv, org := demo(t)
	ctx := context.Background()
	c := clientFor(t, srv, org.ServiceAccountToken)
	orgGID := org.Organization.GID
	team := org.Teams[0]
	var emails []string
	for _, u := range org.Users {
		m, _ := srv.WorkspaceMembership(orgGID, u.GID)
		if _, in := srv.TeamMembership(team.GID, u.GID); m.IsActive && !m.IsGuest && !in && len(emails) < 3 {
			emails = append(emails, u.Email)
		}
	}
	plan, err := PlanTeamSync(ctx, c, orgGID, team.GID, emails)
	if err != nil {
		t.Fatal(err)
	}
	var adds, removes []int
	for i, ch := range plan.Changes {
		if ch.Kind == AddTeamMember {
			adds = append(adds, i)
		} else {
			removes = append(removes, i)
		}
	}
	if len(adds) < 3 || len(removes) < 1 {
		t.Fatalf("the demo plan needs 3 additions and a removal:\n%s", text(plan))
	}
	if stale, err := Recheck(ctx, c, plan, ""); err != nil || len(stale) != 0 {
		t.Fatalf("fresh plan: stale %v, %v", stale, err)
	}

	// Someone adds the first user to the team and removes the first one
	// to remove; the second user leaves the organization.
	first, second, third := plan.Changes[adds[0]], plan.Changes[adds[1]], plan.Changes[adds[2]]
	if _, err := c.Teams.AddUser(ctx, team.GID, first.User.GID, nil); err != nil {
		t.Fatal(err)
	}
	if err := c.Teams.RemoveUser(ctx, team.GID, plan.Changes[removes[0]].User.GID); err != nil {
		t.Fatal(err)
	}
	if err := c.Workspaces.RemoveUser(ctx, orgGID, second.User.GID); err != nil {
		t.Fatal(err)
	}
	// The journal of an earlier, interrupted apply has the third done.
	journal := filepath.Join(t.TempDir(), "plan.journal")
	j, err := openJournal(journal, plan.ID())
	if err != nil {
		t.Fatal(err)
	}
	if err := j.record(third.ID(), journalDone, time.Now()); err != nil {
		t.Fatal(err)
	}
	j.close()
	if _, err := c.Teams.AddUser(ctx, team.GID, third.User.GID, nil); err != nil {
		t.Fatal(err)
	}

	stale, err := Recheck(ctx, c, plan, journal)
	if err != nil {
		t.Fatal(err)
	}
	want := map[int]string{adds[0]: "already in effect", removes[0]: "already in effect",
		adds[1]: "the user is no longer an active member of the organization"}
	if len(stale) != len(want) {
		t.Fatalf("stale %+v, want %v", stale, want)
	}
	for _, s := range stale {
		if want[s.Index] != s.Reason || s.Change.ID() != plan.Changes[s.Index].ID() {
			t.Errorf("stale change %d %s: %q, want %q", s.Index, s.Change.ID(), s.Reason, want[s.Index])
		}
	}
}

// TestRecheckAccess covers the user-level changes: a guest to remove who
// became a full member, a person to deprovision who left, a person to
// provision who exists.
func TestRecheckAccess(t *testing.T) {
	srv, org := demo(t)
	ctx := context.Background()
	c := clientFor(t, srv, org.ServiceAccountToken)
	orgGID := org.Organization.GID
	plan := &Plan{Kind: "access", Organization: Ref{GID: orgGID}, Changes: []Change{
		{Kind: RemoveGuest, User: &Ref{GID: org.Guest.GID}, Evidence: "guests: not an allowed domain"},
		{Kind: DeprovisionUser, User: &Ref{GID: org.Member.GID}, Evidence: "people.csv line 3: status \"terminated\""},
		{Kind: ProvisionUser, User: &Ref{Email: org.Admin.Email}},
		{Kind: ProvisionUser, User: &Ref{Email: "new.hire@lakeshore.example"}},
	}}
	if err := c.Workspaces.RemoveUser(ctx, orgGID, org.Member.GID); err != nil {
		t.Fatal(err)
	}
	stale, err := Recheck(ctx, c, plan, "")
	if err != nil {
		t.Fatal(err)
	}
	want := []Stale{{Index: 1, Reason: "the user is no longer an active member of the organization"},
		{Index: 2, Reason: "already in effect"}}
	if len(stale) != len(want) {
		t.Fatalf("stale %+v, want %+v", stale, want)
	}
	for i := range want {
		if stale[i].Index != want[i].Index || stale[i].Reason != want[i].Reason {
			t.Errorf("stale %d: %+v, want %+v", i, stale[i], want[i])
		}
	}
}
