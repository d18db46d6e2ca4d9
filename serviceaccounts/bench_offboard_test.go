package serviceaccounts

import (
	"testing"

	"github.com/asanakit/asana-go/asanatest"
)

// BenchmarkPlanMembershipsAndOffboarding plans membership rules over every
// project, portfolio and goal, and the offboarding of one person, against
// a generated organization of 1,000 users, 100 teams and 1,000 projects,
// and reports the requests each took.
//
//	go test ./serviceaccounts -run '^$' -bench BenchmarkPlanMembershipsAndOffboarding -benchmem
func BenchmarkPlanMembershipsAndOffboarding(b *testing.B) {
	const users, teams, projects = 1000, 100, 1000
	srv := newFake(b)
	org, err := srv.Generate(2027, asanatest.Sizes{Users: users, Teams: teams, Projects: projects, TasksPerProject: 4,
		SubtaskRatio: -1, CommentsPerTask: -1})
	if err != nil {
		b.Fatal(err)
	}
	c := clientFor(b, srv, org.ServiceAccountToken)
	ctx := b.Context()
	pol, err := ParsePolicy([]byte(`memberships:
  - all: true
    max_level: [{outside_domains: [`+emailDomain(org.Admin.Email)+`], level: commenter}]
guest_access:
  - {domain: "*", max_level: viewer}
`), "bench.yaml")
	if err != nil {
		b.Fatal(err)
	}
	b.Run("memberships", func(b *testing.B) {
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
		b.ReportMetric(float64(changes), "changes")
	})
	for _, goals := range []bool{false, true} {
		name := "offboard"
		if goals {
			name += "+goal-memberships"
		}
		b.Run(name, func(b *testing.B) {
			o := Offboarding{Users: []string{org.Member.Email}, To: org.Admin.Email, MyTasksProject: org.Projects[0].GID, Deprovision: true,
				GoalMemberships: goals}
			var reqs, changes int
			for b.Loop() {
				srv.ResetRequests()
				plan, err := PlanOffboarding(ctx, c, org.Organization.GID, o)
				if err != nil {
					b.Fatal(err)
				}
				reqs, changes = srv.RequestCounts().Total, len(plan.Changes)
			}
			b.ReportMetric(float64(reqs), "requests")
			b.ReportMetric(float64(changes), "changes")
		})
	}
}
