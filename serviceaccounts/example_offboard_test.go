package serviceaccounts_test

import (
	"context"
	"fmt"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/asanatest"
	"github.com/asanakit/asana-go/serviceaccounts"
)

// Offboard a person of the demo organization: hand their work to a named
// colleague, remove them last, then plan again.
func ExamplePlanOffboarding() {
	srv, err := asanatest.New()
	if err != nil {
		panic(err)
	}
	defer srv.Close()
	org, err := srv.DemoOrganization()
	if err != nil {
		panic(err)
	}
	c, err := asana.NewClient(org.ServiceAccountToken, asana.WithTransport(srv.Transport()))
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	o := serviceaccounts.Offboarding{
		Users:          []string{"ana.fischer@lakeshore.example"},
		To:             "chloe.zhang@lakeshore.example",
		MyTasksProject: "Office move",
		Deprovision:    true,
		Source:         "ticket HR-42",
	}
	plan, err := serviceaccounts.PlanOffboarding(ctx, c, org.Organization.GID, o)
	if err != nil {
		panic(err)
	}
	for _, ch := range plan.Changes {
		fmt.Println(ch.Kind, "-", ch.Reason)
	}
	rep, err := serviceaccounts.Apply(ctx, c, plan, serviceaccounts.ApplyOptions{})
	if err != nil {
		panic(err)
	}
	fmt.Println(rep.Count(serviceaccounts.StatusDone), "done")
	again, err := serviceaccounts.PlanOffboarding(ctx, c, org.Organization.GID, o)
	if err != nil {
		panic(err)
	}
	fmt.Println("empty:", again.Empty())
	// Output:
	// reassign_task - incomplete task of a person leaving
	// reassign_task - incomplete task of a person leaving
	// transfer_project_owner - project owned by a person leaving
	// transfer_project_owner - project owned by a person leaving
	// transfer_goal_owner - goal owned by a person leaving
	// add_member - portfolio owned by ana.fischer@lakeshore.example (1200000000000006), who is leaving (the API cannot change its owner)
	// remove_member - member of a project, leaving; removed after the handover
	// remove_member - member of a project, leaving; removed after the handover
	// deprovision_user - offboarded: leaves the organization after the handover
	// 9 done
	// empty: true
}
