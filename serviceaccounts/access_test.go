package serviceaccounts

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/asanatest"
)

// scenario is a generated organization with a policy that exercises every
// rule, and the end state the policy implies.
type scenario struct {
	srv    *asanatest.Server
	org    *asanatest.Org
	policy *Policy
	// Expected end state.
	gone        map[string]bool            // user gids no longer active
	teamMembers map[string]map[string]bool // team gid -> user gids (policy teams)
}

// newScenario generates an organization from seed and writes a policy for
// it: some people missing from or inactive in the directory, a guest domain
// that is not allowed, an exclusive team from a department, a must_not rule.
func newScenario(t testing.TB, seed uint64, sz asanatest.Sizes) *scenario {
	t.Helper()
	srv := newFake(t)
	org, err := srv.Generate(seed, sz)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(seed, 7))
	inactive := map[string]bool{}
	for _, g := range org.Inactive {
		inactive[g] = true
	}
	isGuest := func(u asanatest.User) bool {
		m, _ := srv.WorkspaceMembership(org.Organization.GID, u.GID)
		return m.IsGuest
	}
	var csv strings.Builder
	csv.WriteString("email,name,department,status\n")
	sc := &scenario{srv: srv, org: org, gone: map[string]bool{}, teamMembers: map[string]map[string]bool{}}
	depts := []string{"Engineering", "Sales", "Support"}
	byDept := map[string][]string{}
	keep := org.Admin.Email
	var guestDomains []string
	for _, u := range org.Users {
		if inactive[u.GID] {
			continue
		}
		if isGuest(u) {
			_, dom, _ := strings.Cut(u.Email, "@")
			if !slices.Contains(guestDomains, dom) {
				guestDomains = append(guestDomains, dom)
			}
			continue
		}
		r := rng.IntN(10)
		switch {
		case u.Email == keep:
			// in no directory, but kept
		case r == 0: // left the company: missing from the directory
			sc.gone[u.GID] = true
			continue
		case r == 1: // marked inactive
			fmt.Fprintf(&csv, "%s,%s,%s,terminated\n", u.Email, u.Name, depts[0])
			sc.gone[u.GID] = true
			continue
		}
		if u.Email == keep {
			continue
		}
		d := depts[rng.IntN(len(depts))]
		byDept[d] = append(byDept[d], u.GID)
		fmt.Fprintf(&csv, "%s,%s,%s,active\n", u.Email, u.Name, d)
	}
	dir, err := LoadDirectory(strings.NewReader(csv.String()), "people.csv")
	if err != nil {
		t.Fatal(err)
	}
	// Guests: the first partner domain is allowed, the others are not.
	allowed := guestDomains[:1]
	for _, u := range org.Users {
		if !inactive[u.GID] && isGuest(u) && !strings.HasSuffix(u.Email, "@"+allowed[0]) {
			sc.gone[u.GID] = true
		}
	}
	// Team 0 is exactly the Engineering department; team 1 must not have
	// its first remaining member; team 2 gets two named members.
	teams := srv.Teams(org.Organization.GID)
	pol := &Policy{
		Guests:      &GuestPolicy{AllowedDomains: allowed},
		Deprovision: &DeprovisionPolicy{MissingFromDirectory: true, InactiveInDirectory: true, Keep: []string{keep}},
		Admins:      []string{keep},
	}
	pol.Teams = append(pol.Teams, TeamPolicy{Team: teams[0].Name, Departments: []string{"Engineering"}, Exclusive: true})
	want0 := map[string]bool{}
	for _, g := range byDept["Engineering"] {
		want0[g] = true
	}
	sc.teamMembers[teams[0].GID] = want0
	if len(teams) > 1 {
		cur := map[string]bool{}
		for _, m := range srv.TeamMembers(teams[1].GID) {
			if !sc.gone[m.UserGID] {
				cur[m.UserGID] = true
			}
		}
		var must []string
		for _, m := range srv.TeamMembers(teams[1].GID) {
			if !sc.gone[m.UserGID] {
				u, _ := srv.User(m.UserGID)
				must = append(must, u.Email)
				delete(cur, m.UserGID)
				break
			}
		}
		pol.Teams = append(pol.Teams, TeamPolicy{Team: teams[1].GID, MustNot: must})
		sc.teamMembers[teams[1].GID] = cur
	}
	if len(teams) > 2 {
		cur := map[string]bool{}
		for _, m := range srv.TeamMembers(teams[2].GID) {
			if !sc.gone[m.UserGID] {
				cur[m.UserGID] = true
			}
		}
		var members []string
		for _, g := range byDept["Sales"][:min(2, len(byDept["Sales"]))] {
			u, _ := srv.User(g)
			members = append(members, u.Email)
			cur[g] = true
		}
		pol.Teams = append(pol.Teams, TeamPolicy{Team: teams[2].Name, Members: members})
		sc.teamMembers[teams[2].GID] = cur
	}
	if err := pol.validate(); err != nil {
		t.Fatal(err)
	}
	pol.SetDirectory(dir)
	sc.policy = pol
	return sc
}

// plan returns a service-account client and the plan of the scenario.
func (sc *scenario) plan(t *testing.T) (*asana.Client, *Plan) {
	t.Helper()
	c := clientFor(t, sc.srv, sc.org.ServiceAccountToken)
	plan, err := PlanAccess(t.Context(), c, sc.org.Organization.GID, sc.policy)
	if err != nil {
		t.Fatal(err)
	}
	return c, plan
}

// check compares the fake's state with the expected end state.
func (sc *scenario) check(t *testing.T) {
	t.Helper()
	orgGID := sc.org.Organization.GID
	for _, u := range sc.org.Users {
		m, _ := sc.srv.WorkspaceMembership(orgGID, u.GID)
		if sc.gone[u.GID] && m.IsActive {
			t.Errorf("%s should have been deprovisioned", u.Email)
		}
	}
	for team, want := range sc.teamMembers {
		got := map[string]bool{}
		for _, m := range sc.srv.TeamMembers(team) {
			got[m.UserGID] = true
		}
		for g := range want {
			if !got[g] {
				t.Errorf("team %s lacks %s", team, g)
			}
		}
		for g := range got {
			if !want[g] {
				t.Errorf("team %s should not have %s", team, g)
			}
		}
	}
}

// writes counts the successful writes in the fake's request log, by
// method and path.
func writes(srv *asanatest.Server) (total int, byPath map[string]int) {
	byPath = map[string]int{}
	for _, r := range srv.Requests() {
		if r.Method != "GET" && r.Status < 300 {
			total++
			byPath[r.Method+" "+r.Path]++
		}
	}
	return total, byPath
}

func TestPlanApplyConverges(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3} {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			sc := newScenario(t, seed, asanatest.Sizes{Users: 60, Teams: 4, Projects: 4, TasksPerProject: 2})
			ctx := t.Context()
			c := clientFor(t, sc.srv, sc.org.ServiceAccountToken)
			orgGID := sc.org.Organization.GID
			plan, err := PlanAccess(ctx, c, orgGID, sc.policy)
			if err != nil {
				t.Fatal(err)
			}
			if plan.Empty() || plan.Count(DeprovisionUser) == 0 || plan.Count(RemoveGuest) == 0 ||
				plan.Count(AddTeamMember) == 0 || plan.Count(RemoveTeamMember) == 0 {
				t.Fatalf("the scenario should need every kind of change:\n%s", text(plan))
			}
			for _, ch := range plan.Changes {
				if ch.Reason == "" {
					t.Errorf("change without a reason: %+v", ch)
				}
			}
			// A dry run writes nothing.
			sc.srv.ResetRequests()
			rep, err := Apply(ctx, c, plan, ApplyOptions{DryRun: true, Override: true})
			if err != nil || rep.Count(StatusDryRun) != len(plan.Changes) {
				t.Fatalf("dry run: %v %+v", err, rep)
			}
			if n, _ := writes(sc.srv); n != 0 || len(sc.srv.Requests()) != 0 {
				t.Fatalf("dry run sent %d requests", len(sc.srv.Requests()))
			}
			rep, err = Apply(ctx, c, plan, ApplyOptions{Override: true, Journal: filepath.Join(t.TempDir(), "journal")})
			if err != nil || rep.Err() != nil {
				t.Fatalf("apply: %v %v", err, rep.Err())
			}
			if rep.Count(StatusDone) != len(plan.Changes) {
				t.Errorf("done %d of %d", rep.Count(StatusDone), len(plan.Changes))
			}
			if n, _ := writes(sc.srv); n != len(plan.Changes) {
				t.Errorf("%d writes for %d changes", n, len(plan.Changes))
			}
			sc.check(t)
			again, err := PlanAccess(ctx, c, orgGID, sc.policy)
			if err != nil {
				t.Fatal(err)
			}
			if !again.Empty() {
				t.Errorf("second plan is not empty:\n%s", text(again))
			}
		})
	}
}

func text(p *Plan) string {
	var b bytes.Buffer
	if err := p.WriteText(&b); err != nil {
		return err.Error()
	}
	return b.String()
}

func TestPlanRenderings(t *testing.T) {
	sc := newScenario(t, 4, asanatest.Sizes{Users: 30, Teams: 3, Projects: 2, TasksPerProject: 1})
	_, plan := sc.plan(t)
	out := text(plan)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if !strings.Contains(lines[0], plan.ID()) || !strings.Contains(lines[0], fmt.Sprintf("%d changes", len(plan.Changes))) {
		t.Errorf("header: %q", lines[0])
	}
	if !strings.HasPrefix(lines[1], "#") || !strings.Contains(lines[1], "ACTION") || !strings.Contains(lines[1], "REASON") {
		t.Errorf("table header: %q", lines[1])
	}
	for _, ch := range plan.Changes {
		if !strings.Contains(out, ch.User.Email) || !strings.Contains(out, string(ch.Kind)) {
			t.Errorf("table lacks %+v", ch)
		}
	}
	// JSON round trip: same ID, and ReadPlan checks every change.
	js, err := json.MarshalIndent(plan, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	back, err := ReadPlan(bytes.NewReader(js))
	if err != nil {
		t.Fatal(err)
	}
	if back.ID() != plan.ID() || len(back.Changes) != len(plan.Changes) {
		t.Errorf("round trip changed the plan: %s vs %s", back.ID(), plan.ID())
	}
	for _, bad := range []string{
		`{"kind":"access","organization":{"gid":"1"},"changes":[{"kind":"add_team_member","user":{"gid":"2"}}]}`,
		`{"kind":"access","organization":{"gid":"1"},"changes":[{"kind":"explode"}]}`,
		`{"kind":"cleanup","organization":{"gid":"1"},"changes":[{"kind":"delete_project","project":{"gid":"2"}}]}`,
		`{"kind":"access","surprise":1}`,
	} {
		if _, err := ReadPlan(strings.NewReader(bad)); err == nil {
			t.Errorf("ReadPlan accepted %s", bad)
		}
	}
}

func TestPlanNeedsDirectory(t *testing.T) {
	srv, org := demo(t)
	c := clientFor(t, srv, org.ServiceAccountToken)
	pol := &Policy{Deprovision: &DeprovisionPolicy{MissingFromDirectory: true}}
	if _, err := PlanAccess(t.Context(), c, org.Organization.GID, pol); err == nil || !strings.Contains(err.Error(), "needs a directory") {
		t.Errorf("err = %v", err)
	}
	pol = &Policy{Teams: []TeamPolicy{{Team: "No such team", Members: []string{"a@b.example"}}}}
	if _, err := PlanAccess(t.Context(), c, org.Organization.GID, pol); err == nil || !strings.Contains(err.Error(), `no team "No such team"`) {
		t.Errorf("err = %v", err)
	}
}

// TestPlanReadsEachObjectOnce checks the performance promise behind
// BenchmarkPlan: planning never sends the same request twice (so it reads
// no object twice) and sends no request per user.
func TestPlanReadsEachObjectOnce(t *testing.T) {
	const users = 300
	srv := newFake(t)
	org, err := srv.Generate(9, asanatest.Sizes{Users: users, Teams: 12, Projects: 40, TasksPerProject: 3})
	if err != nil {
		t.Fatal(err)
	}
	c := clientFor(t, srv, org.ServiceAccountToken)
	ctx := t.Context()
	pol := &Policy{Guests: &GuestPolicy{AllowedDomains: []string{"partner.example"}}}
	for _, tm := range org.Teams {
		pol.Teams = append(pol.Teams, TeamPolicy{Team: tm.GID, MustNot: []string{"nobody@example.com"}})
	}
	tests := []struct {
		name string
		plan func() (*Plan, error)
	}{
		{"access", func() (*Plan, error) { return PlanAccess(ctx, c, org.Organization.GID, pol) }},
		{"cleanup", func() (*Plan, error) {
			return PlanCleanup(ctx, c, org.Organization.GID, CleanupRules{InactiveFor: 30 * day, GracePeriod: 30 * day,
				KeepFutureWork: true, Now: srv.Clock().Now()})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv.ResetRequests()
			if _, err := tt.plan(); err != nil {
				t.Fatal(err)
			}
			reqs := srv.Requests()
			seen := map[string]int{}
			for _, r := range reqs {
				if r.Method != http.MethodGet {
					t.Errorf("planning wrote: %s %s", r.Method, r.Path)
				}
				if r.Route == "/users/{user_gid}" && r.Path != "/users/me" {
					t.Errorf("a request per user: %s", r.Path)
				}
				seen[r.Method+" "+r.Path+"?"+r.Query]++
			}
			for k, n := range seen {
				if n > 1 {
					t.Errorf("%s sent %d times", k, n)
				}
			}
			if tt.name == "access" && len(reqs) >= users/10 {
				t.Errorf("%d requests to plan for %d users", len(reqs), users)
			}
			if tt.name == "cleanup" && countOf(reqs, func(r asanatest.RequestRecord) bool { return r.Path == "/tasks" }) == 0 {
				t.Errorf("cleanup checked no project's tasks: the test proves nothing")
			}
		})
	}
}
