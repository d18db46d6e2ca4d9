package serviceaccounts

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/asanakit/asana-go/asanatest"
)

// employees returns the emails of the organization's active members who
// are not guests, with the department each gets in a directory.
func employees(t *testing.T, srv *asanatest.Server, org *asanatest.Org) []string {
	t.Helper()
	var out []string
	for _, u := range org.Users {
		m, ok := srv.WorkspaceMembership(org.Organization.GID, u.GID)
		if ok && m.IsActive && !m.IsGuest {
			out = append(out, u.Email)
		}
	}
	if len(out) < 4 {
		t.Fatalf("the demo organization has %d employees; the test needs 4", len(out))
	}
	return out
}

// directoryOf is a directory of the emails, all in Engineering.
func directoryOf(t *testing.T, emails []string) *Directory {
	t.Helper()
	var b strings.Builder
	b.WriteString("email,department\n")
	for _, e := range emails {
		fmt.Fprintf(&b, "%s,Engineering\n", e)
	}
	d, err := LoadDirectory(strings.NewReader(b.String()), "people.csv")
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestPlanRefusesSmallDirectory checks that an empty directory, or one with
// fewer than half as many rows as the organization has employees, decides
// no removal unless the policy allows it explicitly: a header-only export
// with missing_from_directory used to deprovision everyone.
func TestPlanRefusesSmallDirectory(t *testing.T) {
	srv, org := demo(t)
	c := clientFor(t, srv, org.ServiceAccountToken)
	all := employees(t, srv, org)
	team := srv.Teams(org.Organization.GID)[0].Name
	missing := func() *Policy {
		return &Policy{Deprovision: &DeprovisionPolicy{MissingFromDirectory: true}}
	}
	byDepartment := func() *Policy {
		return &Policy{Teams: []TeamPolicy{{Team: team, Departments: []string{"Engineering"}, Exclusive: true}}}
	}
	misspelled := func() *Policy {
		return &Policy{Teams: []TeamPolicy{{Team: team, Departments: []string{"Engineerng"}, Exclusive: true}}}
	}
	inactiveOnly := func() *Policy {
		return &Policy{Deprovision: &DeprovisionPolicy{InactiveInDirectory: true}}
	}
	tests := []struct {
		name    string
		policy  func() *Policy
		people  []string
		allow   bool
		refused bool
	}{
		{"header only", missing, nil, false, true},
		{"one row", missing, all[:1], false, true},
		{"under half", missing, all[:(len(all)-1)/2], false, true},
		{"half", missing, all[:(len(all)+1)/2], false, false},
		{"everyone", missing, all, false, false},
		{"header only, allowed", missing, nil, true, false},
		{"exclusive team by department, header only", byDepartment, nil, false, true},
		{"exclusive team by department, allowed", byDepartment, nil, true, false},
		{"exclusive team by a department nobody is in", misspelled, all, false, true},
		{"inactive_in_directory decides nothing by absence", inactiveOnly, nil, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pol := tt.policy()
			pol.AllowSmallDirectory = tt.allow
			pol.SetDirectory(directoryOf(t, tt.people))
			plan, err := PlanAccess(context.Background(), c, org.Organization.GID, pol)
			if tt.refused {
				if !errors.Is(err, ErrSmallDirectory) || !strings.Contains(err.Error(), "people.csv") {
					t.Fatalf("err = %v, want ErrSmallDirectory naming the file; plan:\n%s", err, planText(plan))
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tt.allow && plan.Empty() {
				t.Errorf("an allowed small directory should still plan removals")
			}
		})
	}
}

func planText(p *Plan) string {
	if p == nil {
		return "(none)"
	}
	return text(p)
}

// TestRemovalsNameEvidence checks that every removal of a plan names its
// evidence, in the JSON and in the text, and that the evidence says which
// file and line (or which file it is absent from, with its size).
func TestRemovalsNameEvidence(t *testing.T) {
	sc := newScenario(t, 4, asanatest.Sizes{Users: 30, Teams: 3, Projects: 2, TasksPerProject: 1})
	sc.policy.Source = "policy.yaml"
	_, plan := sc.plan(t)
	js, err := json.Marshal(plan)
	if err != nil {
		t.Fatal(err)
	}
	var raw struct {
		Changes []map[string]any `json:"changes"`
	}
	if err := json.Unmarshal(js, &raw); err != nil {
		t.Fatal(err)
	}
	out := text(plan)
	rows := fmt.Sprintf("with %d rows", sc.policy.dir.Len())
	seen := map[string]bool{}
	for i, ch := range plan.Changes {
		if !ch.Kind.removesAccess() {
			continue
		}
		seen[ch.Reason[:min(12, len(ch.Reason))]] = true
		ev, _ := raw.Changes[i]["evidence"].(string)
		if ev == "" || ev != ch.Evidence {
			t.Errorf("%s %s: JSON evidence %q", ch.Kind, ch.User, ev)
			continue
		}
		if !strings.Contains(oneLine(out), ev) {
			t.Errorf("the text lacks the evidence %q", ev)
		}
		var want string
		switch {
		case strings.HasPrefix(ch.Reason, "not in the company directory"):
			want = "absent from people.csv " + rows
		case strings.HasPrefix(ch.Reason, "directory status"):
			p, _ := sc.policy.dir.Lookup(ch.User.Email)
			want = fmt.Sprintf("people.csv line %d", p.Line)
		case strings.HasPrefix(ch.Reason, "guest from"):
			want = "policy.yaml guests.allowed_domains"
		case strings.Contains(ch.Reason, "must_not"):
			want = "policy.yaml teams[1].must_not"
		case strings.Contains(ch.Reason, "exclusive"):
			want = "absent from people.csv " + rows
		default:
			t.Errorf("unexpected removal %+v", ch)
			continue
		}
		if !strings.Contains(ev, want) {
			t.Errorf("%s of %s (%s): evidence %q, want it to say %q", ch.Kind, ch.User, ch.Reason, ev, want)
		}
	}
	if len(seen) < 4 {
		t.Errorf("the scenario should remove for at least 4 reasons, got %v:\n%s", seen, out)
	}
	back, err := ReadPlan(bytes.NewReader(append([]byte("\ufeff"), js...))) // saved by an editor
	if err != nil || back.ID() != plan.ID() {
		t.Fatalf("round trip: %v", err)
	}
	for i := range back.Changes {
		if back.Changes[i].Evidence != plan.Changes[i].Evidence {
			t.Errorf("round trip lost the evidence of change %d", i+1)
		}
	}
}

func TestTeamSyncEvidence(t *testing.T) {
	srv, org := demo(t)
	c := clientFor(t, srv, org.ServiceAccountToken)
	team := srv.Teams(org.Organization.GID)[0]
	plan, err := PlanTeamSync(context.Background(), c, org.Organization.GID, team.Name, []string{org.Admin.Email})
	if err != nil {
		t.Fatal(err)
	}
	removals := 0
	for _, ch := range plan.Changes {
		if ch.Kind == RemoveTeamMember {
			removals++
			if !strings.Contains(ch.Evidence, "absent from the member list with 1 address") {
				t.Errorf("evidence %q", ch.Evidence)
			}
		}
	}
	if removals == 0 {
		t.Fatalf("the sync should remove members:\n%s", text(plan))
	}
}
