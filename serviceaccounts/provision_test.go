package serviceaccounts

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/asana/scim"
	"github.com/asanakit/asana-go/asanatest"
)

// provisionScenario is the demo organization with a directory that has
// every active employee but one (deprovisioned via SCIM), two new hires
// (one in a team's department), a deactivated member back at work, and
// people the policy must not provision.
type provisionScenario struct {
	srv      *asanatest.Server
	org      *asanatest.Org
	pol      *Policy
	domain   string
	leaver   asanatest.User // missing from the directory
	returner asanatest.User // deactivated in Asana, active in the directory
	team     asanatest.Team // exclusive to the Hires department
}

func newProvisionScenario(t *testing.T) *provisionScenario {
	t.Helper()
	srv, org := demo(t)
	ps := &provisionScenario{srv: srv, org: org, domain: org.Organization.EmailDomains[0], leaver: org.Member, team: org.Teams[0]}
	var csv strings.Builder
	csv.WriteString("email,name,department,status\n")
	inactive := map[string]bool{}
	for _, g := range org.Inactive {
		inactive[g] = true
	}
	for _, u := range org.Users {
		m, _ := srv.WorkspaceMembership(org.Organization.GID, u.GID)
		switch {
		case m.IsGuest || u.GID == ps.leaver.GID:
		case inactive[u.GID] && ps.returner.GID == "":
			ps.returner = u
			fmt.Fprintf(&csv, "%s,%s,Hires,active\n", u.Email, u.Name)
		case m.IsActive:
			fmt.Fprintf(&csv, "%s,%s,Staff,active\n", u.Email, u.Name)
		}
	}
	if ps.returner.GID == "" {
		t.Fatal("the demo organization has no deactivated user")
	}
	fmt.Fprintf(&csv, "new.one@%s,New One,Hires,active\n", ps.domain)
	fmt.Fprintf(&csv, "new.two@%s,New Two,Staff,\n", ps.domain)
	fmt.Fprintf(&csv, "not.yet@%s,Not Yet,Staff,pending\n", ps.domain)
	fmt.Fprintf(&csv, "contractor@%s,Con Tractor,Staff,active\n", ps.domain)
	csv.WriteString("someone@elsewhere.example,Some One,Staff,active\n")
	dir, err := LoadDirectory(strings.NewReader(csv.String()), "people.csv")
	if err != nil {
		t.Fatal(err)
	}
	ps.pol = &Policy{
		Provision: &ProvisionPolicy{FromDirectory: true, Domains: []string{ps.domain},
			Exclude: []string{"contractor@" + ps.domain}},
		Deprovision: &DeprovisionPolicy{MissingFromDirectory: true, ViaSCIM: true, Keep: []string{org.Admin.Email}},
		Teams:       []TeamPolicy{{Team: ps.team.GID, Departments: []string{"Hires"}}},
	}
	ps.pol.SetDirectory(dir)
	return ps
}

func changesOf(p *Plan, kind ChangeKind) []string {
	var out []string
	for _, c := range p.Changes {
		if c.Kind == kind {
			out = append(out, c.User.Email+"/"+c.User.GID+"/"+c.Via)
		}
	}
	return out
}

func TestPlanApplyProvisioningConverges(t *testing.T) {
	ps := newProvisionScenario(t)
	ctx := t.Context()
	c := clientFor(t, ps.srv, ps.org.ServiceAccountToken)
	orgGID := ps.org.Organization.GID

	rounds := []struct {
		name      string
		provision []string
		deprov    []string
		addTeam   int
	}{
		{"first plan provisions and deprovisions",
			[]string{"new.one@" + ps.domain + "//", "new.two@" + ps.domain + "//", ps.returner.Email + "/" + ps.returner.GID + "/"},
			[]string{ps.leaver.Email + "/" + ps.leaver.GID + "/scim"}, 0},
		{"second plan adds the new hire and the returner to the team", nil, nil, 2},
		{"third plan is empty", nil, nil, 0},
	}
	for i, r := range rounds {
		plan, err := PlanAccess(ctx, c, orgGID, ps.pol)
		if err != nil {
			t.Fatal(err)
		}
		if got := changesOf(plan, ProvisionUser); fmt.Sprint(got) != fmt.Sprint(r.provision) {
			t.Errorf("%s: provision %v, want %v\n%s", r.name, got, r.provision, text(plan))
		}
		if got := changesOf(plan, DeprovisionUser); fmt.Sprint(got) != fmt.Sprint(r.deprov) {
			t.Errorf("%s: deprovision %v, want %v", r.name, got, r.deprov)
		}
		if plan.Count(AddTeamMember) != r.addTeam {
			t.Errorf("%s: %d team additions, want %d\n%s", r.name, plan.Count(AddTeamMember), r.addTeam, text(plan))
		}
		if i == 0 {
			if !strings.Contains(text(plan), "provisioned by this plan: plan again") {
				t.Errorf("no finding for the new hire the team rule wants:\n%s", text(plan))
			}
		}
		if plan.Empty() {
			break
		}
		rep, err := Apply(ctx, c, plan, ApplyOptions{Journal: filepath.Join(t.TempDir(), "journal")})
		if err != nil || rep.Err() != nil || rep.Count(StatusDone) != len(plan.Changes) {
			t.Fatalf("%s: apply: %v %v\n%+v", r.name, err, rep.Err(), rep.Results)
		}
	}

	// The end state, over the REST API and the fake's inspection.
	sc := scim.New(c)
	for _, email := range []string{"new.one@" + ps.domain, "new.two@" + ps.domain, ps.returner.Email} {
		u, err := sc.Users.GetByUserName(ctx, email)
		if err != nil || !u.Active {
			t.Errorf("%s: %+v, %v; want an active user", email, u, err)
		}
	}
	one, _ := sc.Users.GetByUserName(ctx, "new.one@"+ps.domain)
	if one.Name == nil || one.Name.Formatted != "New One" || one.Enterprise == nil || one.Enterprise.Department != "Hires" {
		t.Errorf("new hire = %+v, want the directory's name and department", one)
	}
	for _, id := range []string{one.ID, ps.returner.GID} {
		if _, in := ps.srv.TeamMembership(ps.team.GID, id); !in {
			t.Errorf("%s is not in the Hires team", id)
		}
	}
	for _, email := range []string{"not.yet@" + ps.domain, "contractor@" + ps.domain, "someone@elsewhere.example"} {
		if _, err := sc.Users.GetByUserName(ctx, email); !errors.Is(err, asana.ErrNotFound) {
			t.Errorf("%s was provisioned (err %v)", email, err)
		}
	}
	if m, _ := ps.srv.WorkspaceMembership(orgGID, ps.leaver.GID); m.IsActive {
		t.Error("the leaver is still active")
	}
	// SCIM's deprovision revokes the leaver's personal token.
	if _, err := clientFor(t, ps.srv, ps.org.MemberToken).Users.Get(ctx, "me", nil); !errors.Is(err, asana.ErrUnauthorized) {
		t.Errorf("the leaver's token: %v, want 401", err)
	}
}

// TestApplyProvisionAlreadyDone: a user created after the plan (by an
// earlier run that stopped, or by someone else) is already_done, not an
// error and not a duplicate.
func TestApplyProvisionAlreadyDone(t *testing.T) {
	ps := newProvisionScenario(t)
	ctx := t.Context()
	c := clientFor(t, ps.srv, ps.org.ServiceAccountToken)
	ps.pol.Deprovision, ps.pol.Teams = nil, nil
	plan, err := PlanAccess(ctx, c, ps.org.Organization.GID, ps.pol)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := scim.New(c).Users.Create(ctx, scim.User{UserName: "new.one@" + ps.domain, Active: true}); err != nil {
		t.Fatal(err)
	}
	rep, err := Apply(ctx, c, plan, ApplyOptions{})
	if err != nil || rep.Err() != nil {
		t.Fatalf("apply: %v %v", err, rep.Err())
	}
	if rep.Count(StatusAlreadyDone) != 1 || rep.Count(StatusDone) != len(plan.Changes)-1 {
		t.Errorf("results: %+v", rep.Results)
	}
}

func TestProvisionPolicyParse(t *testing.T) {
	tests := []struct {
		yaml, wantErr string
	}{
		{"provision:\n  from_directory: true\n  domains: [acme.example]\n  exclude: [a@acme.example]\ndeprovision:\n  via_scim: true\n", ""},
		{"provision:\n  domains: [not a domain]\n", "provision.domains[0]"},
		{"provision:\n  exclude: [nope]\n", "provision.exclude[0]"},
		{"provision:\n  from_dir: true\n", "from_dir"},
	}
	for _, tt := range tests {
		p, err := ParsePolicy([]byte(tt.yaml), "p.yaml")
		switch {
		case tt.wantErr == "" && err != nil:
			t.Errorf("%q: %v", tt.yaml, err)
		case tt.wantErr == "" && (!p.Provision.FromDirectory || !p.Deprovision.ViaSCIM || p.needsDirectory() != "provision.from_directory"):
			t.Errorf("%q: parsed %+v", tt.yaml, p)
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("%q: err %v, want one about %s", tt.yaml, err, tt.wantErr)
		}
	}
}

func TestProvisionChangeChecks(t *testing.T) {
	tests := []struct {
		ch      Change
		wantErr bool
	}{
		{Change{Kind: ProvisionUser, User: &Ref{Email: "a@b.example"}}, false},
		{Change{Kind: ProvisionUser, User: &Ref{GID: "1"}}, true},
		{Change{Kind: DeprovisionUser, User: &Ref{GID: "1"}, Via: ViaSCIM, Evidence: "people.csv line 2"}, false},
		{Change{Kind: DeprovisionUser, User: &Ref{GID: "1"}, Via: "fax", Evidence: "people.csv line 2"}, true},
		{Change{Kind: DeprovisionUser, User: &Ref{GID: "1"}}, true},
		{Change{Kind: RemoveGuest, User: &Ref{GID: "1"}, Evidence: " "}, true},
		{Change{Kind: RemoveTeamMember, Team: &Ref{GID: "2"}, User: &Ref{GID: "1"}}, true},
		{Change{Kind: RemoveTeamMember, Team: &Ref{GID: "2"}, User: &Ref{GID: "1"}, Evidence: "absent from m.csv with 3 addresses"}, false},
	}
	for _, tt := range tests {
		if err := tt.ch.check(); (err != nil) != tt.wantErr {
			t.Errorf("check(%+v) = %v", tt.ch, err)
		}
	}
	a := Change{Kind: ProvisionUser, User: &Ref{Email: "A@b.example"}}
	b := Change{Kind: ProvisionUser, User: &Ref{Email: "c@b.example"}}
	if a.ID() == b.ID() || !strings.Contains(a.ID(), "a@b.example") {
		t.Errorf("provision IDs %q and %q must differ and name the email", a.ID(), b.ID())
	}
}
