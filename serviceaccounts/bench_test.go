package serviceaccounts

import (
	"fmt"
	"strings"
	"testing"

	"github.com/asanakit/asana-go/asanatest"
)

// BenchmarkPlan plans against a generated organization of 2,000 users,
// 200 teams and 5,000 projects, and reports the requests planning took per
// user (access policy: every team has a rule) and per project (cleanup).
//
//	go test ./serviceaccounts -run '^$' -bench BenchmarkPlan -benchmem
func BenchmarkPlan(b *testing.B) {
	const users, teams, projects = 2000, 200, 5000
	srv := newFake(b)
	org, err := srv.Generate(2026, asanatest.Sizes{Users: users, Teams: teams, Projects: projects, TasksPerProject: 4,
		SubtaskRatio: -1, CommentsPerTask: -1})
	if err != nil {
		b.Fatal(err)
	}
	c := clientFor(b, srv, org.ServiceAccountToken)
	var csv strings.Builder
	csv.WriteString("email,department\n")
	for i, u := range org.Users {
		if i%25 != 0 { // one in 25 is missing from the directory
			fmt.Fprintf(&csv, "%s,D%d\n", u.Email, i%teams)
		}
	}
	dir, err := LoadDirectory(strings.NewReader(csv.String()), "people.csv")
	if err != nil {
		b.Fatal(err)
	}
	pol := &Policy{Deprovision: &DeprovisionPolicy{MissingFromDirectory: true}, Guests: &GuestPolicy{AllowedDomains: []string{"partner.example"}}}
	for i, t := range org.Teams {
		pol.Teams = append(pol.Teams, TeamPolicy{Team: t.GID, Departments: []string{fmt.Sprintf("D%d", i)}})
	}
	pol.SetDirectory(dir)
	ctx := b.Context()

	b.Run("access", func(b *testing.B) {
		var reqs, changes int
		for b.Loop() {
			srv.ResetRequests()
			plan, err := PlanAccess(ctx, c, org.Organization.GID, pol)
			if err != nil {
				b.Fatal(err)
			}
			reqs, changes = srv.RequestCounts().Total, len(plan.Changes)
		}
		b.ReportMetric(float64(reqs), "requests")
		b.ReportMetric(float64(reqs)/users, "req/user")
		b.ReportMetric(float64(changes), "changes")
	})
	b.Run("cleanup", func(b *testing.B) {
		rules := CleanupRules{InactiveFor: 90 * day, GracePeriod: 30 * day, KeepFutureWork: true, Now: srv.Clock().Now()}
		var reqs, changes int
		for b.Loop() {
			srv.ResetRequests()
			plan, err := PlanCleanup(ctx, c, org.Organization.GID, rules)
			if err != nil {
				b.Fatal(err)
			}
			reqs, changes = srv.RequestCounts().Total, len(plan.Changes)
		}
		b.ReportMetric(float64(reqs), "requests")
		b.ReportMetric(float64(reqs)/projects, "req/project")
		b.ReportMetric(float64(changes), "changes")
	})
}
