package serviceaccounts_test

import (
	"context"
	"fmt"
	"time"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/asanatest"
	"github.com/asanakit/asana-go/serviceaccounts"
)

// demoClient starts the fake with the demo organization and returns a
// client of its service account.
func demoClient() (*asanatest.Server, *asanatest.Org, *asana.Client) {
	srv, err := asanatest.New()
	if err != nil {
		panic(err)
	}
	org, err := srv.DemoOrganization()
	if err != nil {
		panic(err)
	}
	c, err := asana.NewClient(org.ServiceAccountToken, asana.WithTransport(srv.Transport()))
	if err != nil {
		panic(err)
	}
	return srv, org, c
}

// Grant a team's members editor access to its projects and keep people
// outside the company at commenter or below, then plan again.
func ExamplePlanAccess_memberships() {
	srv, org, c := demoClient()
	defer srv.Close()
	pol, err := serviceaccounts.ParsePolicy([]byte(`
memberships:
  - team_projects: Engineering
    grant: [{team: Engineering, level: editor}]
  - all: true
    max_level: [{outside_domains: [lakeshore.example], level: commenter}]
`), "policy.yaml")
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	plan, err := serviceaccounts.PlanAccess(ctx, c, org.Organization.GID, pol)
	if err != nil {
		panic(err)
	}
	for _, ch := range plan.Changes {
		fmt.Println(ch.Action(), ch.Target())
	}
	if _, err := serviceaccounts.Apply(ctx, c, plan, serviceaccounts.ApplyOptions{}); err != nil {
		panic(err)
	}
	again, err := serviceaccounts.PlanAccess(ctx, c, org.Organization.GID, pol)
	if err != nil {
		panic(err)
	}
	fmt.Println("empty:", again.Empty())
	// Output:
	// set_access_level noah.wagner@partner.example (1200000000000014) in project Help center cleanup (1200000000000071): editor to commenter
	// add_member mateo.silva@lakeshore.example (1200000000000012) in project Security audit (1200000000000034) as editor
	// empty: true
}

// Report the custom field library of the demo organization.
func ExampleReportCustomFields() {
	srv, org, c := demoClient()
	defer srv.Close()
	rep, err := serviceaccounts.ReportCustomFields(context.Background(), c, org.Organization.GID)
	if err != nil {
		panic(err)
	}
	fmt.Println(rep.Fields, "fields,", len(rep.DuplicateNames), "duplicate names,", len(rep.Unused), "unused,", len(rep.UnusedOptions), "unused options")
	// Output:
	// 9 fields, 0 duplicate names, 3 unused, 3 unused options
}

// List the guests with no audit log event in 30 days.
func ExampleReportInactiveGuests() {
	srv, org, c := demoClient()
	defer srv.Close()
	since := srv.Clock().Now().Add(-30 * 24 * time.Hour)
	rep, err := serviceaccounts.ReportInactiveGuests(context.Background(), c, org.Organization.GID, since)
	if err != nil {
		panic(err)
	}
	for _, g := range rep.Inactive {
		fmt.Println("inactive:", g.User.Email)
	}
	fmt.Println(rep.Note == serviceaccounts.NoLastLogin)
	// Output:
	// inactive: noah.wagner@partner.example
	// true
}
