package serviceaccounts

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/asanatest"
)

// memberPolicy writes a policy for the demo organization that needs every
// kind of membership change: a team's members as editors of its
// projects, a cap for people outside the company, a portfolio only one
// person may see, guests of partner.example in one project only, and a
// team's settings.
func memberPolicy(t testing.TB, org *asanatest.Org) (*Policy, string) {
	t.Helper()
	team, pf, allowed := org.Teams[0], org.Portfolios[0], org.Projects[0]
	yml := fmt.Sprintf(`teams:
  - team: %q
    settings: {visibility: secret, guest_invites: only_team_admins}
memberships:
  - team_projects: %q
    grant: [{team: %q, level: editor}]
  - all: true
    max_level: [{outside_domains: [lakeshore.example], level: commenter}]
  - portfolio: %q
    grant: [{users: [%s], level: viewer}]
    exclusive: true
guest_access:
  - domain: partner.example
    projects: [%q]
`, team.Name, team.Name, team.Name, pf.Name, org.Admin.Email, allowed.Name)
	pol, err := ParsePolicy([]byte(yml), "policy.yaml")
	if err != nil {
		t.Fatalf("%v\n%s", err, yml)
	}
	return pol, allowed.GID
}

// seedLevels gives a member of the policy's team a low level on a project
// of the team (the grant raises it) and the partner guest editor access to
// the one project they may be in (the cap lowers it).
func seedLevels(t testing.TB, c *asana.Client, org *asanatest.Org, allowed string) {
	t.Helper()
	ctx := context.Background()
	team := org.Teams[0].GID
	var project string
	for _, p := range org.Projects {
		if p.TeamGID == team && !p.Archived {
			project = p.GID
			break
		}
	}
	var user string
	for m, err := range c.TeamMemberships.ListForTeam(ctx, team, &asana.ListOptions{Fields: []string{"user"}}).All() {
		if err != nil {
			t.Fatal(err)
		}
		if m.User.GID != org.Admin.GID {
			user = m.User.GID
			break
		}
	}
	if project == "" || user == "" {
		t.Fatal("the demo's first team has no project or member")
	}
	set := func(parent, member, level string) {
		t.Helper()
		for m, err := range c.Memberships.List(ctx, &asana.MembershipListOptions{Parent: parent, Member: member}).All() {
			if err != nil {
				t.Fatal(err)
			}
			if _, err := c.Memberships.Update(ctx, m.GID, &asana.MembershipUpdateRequest{AccessLevel: asana.Ptr(level)}); err != nil {
				t.Fatal(err)
			}
			return
		}
		if _, err := c.Memberships.Create(ctx, &asana.MembershipCreateRequest{Parent: parent, Member: member, AccessLevel: level}); err != nil {
			t.Fatal(err)
		}
	}
	set(project, user, "viewer")
	set(allowed, org.Guest.GID, "editor")
}

func TestMembershipPolicyConverges(t *testing.T) {
	srv, org := demo(t)
	ctx := t.Context()
	ws := org.Organization.GID
	c := clientFor(t, srv, org.ServiceAccountToken)
	pol, allowed := memberPolicy(t, org)
	seedLevels(t, c, org, allowed)
	plan, err := PlanAccess(ctx, c, ws, pol)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []ChangeKind{AddMember, SetAccessLevel, RemoveMember, UpdateTeamSettings} {
		if plan.Count(k) == 0 {
			t.Errorf("no %s in the plan:\n%s", k, text(plan))
		}
	}
	for _, ch := range plan.Changes {
		if ch.Reason == "" || ch.Evidence == "" {
			t.Errorf("%s %s names no reason or evidence", ch.Kind, ch.Target())
		}
	}
	rep, err := Apply(ctx, c, plan, ApplyOptions{})
	if err != nil || rep.Err() != nil {
		t.Fatalf("apply: %v %v", err, rep.Err())
	}
	again, err := PlanAccess(ctx, c, ws, pol)
	if err != nil || !again.Empty() {
		t.Fatalf("plan after apply: %v\n%s", err, text(again))
	}
	// The rules hold, read back through the API.
	for _, p := range org.Projects {
		for m, err := range c.Memberships.List(ctx, &asana.MembershipListOptions{Parent: p.GID, ListOptions: asana.ListOptions{Fields: []string{"member", "access_level"}}}).All() {
			if err != nil {
				t.Fatal(err)
			}
			u, _ := srv.User(m.Member.GID)
			if !strings.HasSuffix(u.Email, "@lakeshore.example") && rank(m.AccessLevel) > rank("commenter") && p.OwnerGID != u.GID {
				t.Errorf("%s is %s of %s", u.Email, m.AccessLevel, p.Name)
			}
			if strings.HasSuffix(u.Email, "@partner.example") && p.GID != allowed {
				t.Errorf("guest %s is still in %s", u.Email, p.Name)
			}
		}
	}
	tm, err := c.Teams.Get(ctx, org.Teams[0].GID, &asana.GetOptions{Fields: teamSettingFields})
	if err != nil || tm.Visibility != "secret" || tm.GuestInviteManagementAccessLevel != "only_team_admins" {
		t.Errorf("team settings: %v %+v", err, tm)
	}
}

// TestMembershipPolicyInterrupted kills the apply of a membership plan
// and checks that the rerun repeats no write.
func TestMembershipPolicyInterrupted(t *testing.T) {
	for _, n := range []int{2, 4} {
		for _, after := range []bool{false, true} {
			t.Run(fmt.Sprintf("request %d after=%v", n, after), func(t *testing.T) {
				srv, org := demo(t)
				ctx := t.Context()
				c := clientFor(t, srv, org.ServiceAccountToken)
				pol, allowed := memberPolicy(t, org)
				seedLevels(t, c, org, allowed)
				plan, err := PlanAccess(ctx, c, org.Organization.GID, pol)
				if err != nil {
					t.Fatal(err)
				}
				journal := filepath.Join(t.TempDir(), "journal")
				srv.ResetRequests()
				runCtx, cancel := context.WithCancel(ctx)
				defer cancel()
				it := &interrupter{next: srv.Transport(), n: n, after: after, cancel: cancel}
				ic, err := asana.NewClient(org.ServiceAccountToken, asana.WithTransport(it), asana.WithRateLimit(0, 0), asana.WithRetryPolicy(asana.NoRetries()))
				if err != nil {
					t.Fatal(err)
				}
				if _, err := Apply(runCtx, ic, plan, ApplyOptions{Journal: journal, Concurrency: 1}); !errors.Is(err, context.Canceled) {
					t.Fatalf("interrupted apply: %v", err)
				}
				rep, err := Apply(ctx, c, plan, ApplyOptions{Journal: journal})
				if err != nil || rep.Err() != nil {
					t.Fatalf("resumed apply: %v %v", err, rep.Err())
				}
				if total, byPath := writes(srv); total != len(plan.Changes) {
					t.Errorf("%d successful writes for %d changes: %v", total, len(plan.Changes), byPath)
				}
				if again, err := PlanAccess(ctx, c, org.Organization.GID, pol); err != nil || !again.Empty() {
					t.Errorf("plan after resume: %v\n%s", err, text(again))
				}
			})
		}
	}
}

func TestMembershipPolicyErrors(t *testing.T) {
	tests := []struct{ yml, want string }{
		{"memberships:\n  - grant: [{users: [a@b.example], level: editor}]\n", "memberships[0]: name exactly one"},
		{"memberships:\n  - project: P\n    portfolio: Q\n    grant: [{users: [a@b.example], level: editor}]\n", "it names 2"},
		{"memberships:\n  - project: P\n", "needs grant or max_level"},
		{"memberships:\n  - project: P\n    grant: [{users: [a@b.example], level: owner}]\n", "memberships[0].grant[0].level"},
		{"memberships:\n  - project: P\n    grant: [{level: editor}]\n", "name a team or users"},
		{"memberships:\n  - project: P\n    max_level: [{level: viewer}]\n", "say whom it caps"},
		{"memberships:\n  - project: P\n    max_level: [{guests: true, level: nobody}]\n", "max_level[0].level"},
		{"memberships:\n  - project: P\n    max_level: [{guests: true, level: none}]\n    exclusive: true\n", "exclusive rule needs grant"},
		{"guest_access:\n  - domain: not_a_domain\n    max_level: viewer\n", "guest_access[0].domain"},
		{"guest_access:\n  - domain: partner.example\n", "needs max_level or projects"},
		{"teams:\n  - team: T\n    settings: {visibility: hidden}\n", "teams[0].settings.visibility"},
		{"teams:\n  - team: T\n    settings: {content_management: all_team_members}\n", "teams[0].settings.content_management"},
		{"teams:\n  - team: T\n    settings: {}\n", "names no setting"},
	}
	for _, tt := range tests {
		_, err := ParsePolicy([]byte(tt.yml), "p.yaml")
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: %v, want %q", tt.yml, err, tt.want)
		}
	}
}

// TestMembershipOwnerIsAFinding: the API cannot remove or lower an owner.
func TestMembershipOwnerIsAFinding(t *testing.T) {
	srv, org := demo(t)
	c := clientFor(t, srv, org.ServiceAccountToken)
	p := org.Projects[0]
	owner, _ := srv.User(p.OwnerGID)
	pol, err := ParsePolicy([]byte(fmt.Sprintf("memberships:\n  - project: %q\n    grant: [{users: [%s], level: viewer}]\n    exclusive: true\n", p.Name, org.Admin.Email)), "p.yaml")
	if err != nil {
		t.Fatal(err)
	}
	plan, err := PlanAccess(t.Context(), c, org.Organization.GID, pol)
	if err != nil {
		t.Fatal(err)
	}
	for _, ch := range plan.Changes {
		if ch.User.GID == owner.GID {
			t.Errorf("the owner is changed: %s", ch.Target())
		}
	}
	if owner.GID != org.Admin.GID && !strings.Contains(text(plan), "the owner cannot be removed") {
		t.Errorf("no finding for the owner:\n%s", text(plan))
	}
}
