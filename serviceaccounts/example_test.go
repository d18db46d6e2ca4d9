package serviceaccounts_test

import (
	"context"
	"fmt"
	"os"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/asanatest"
	"github.com/asanakit/asana-go/serviceaccounts"
)

// A token prints redacted, whatever the verb.
func ExampleToken() {
	os.Setenv("EXAMPLE_ASANA_TOKEN", "2/123/456:not-a-real-secret")
	defer os.Unsetenv("EXAMPLE_ASANA_TOKEN")
	tok, err := serviceaccounts.TokenFromEnv("EXAMPLE_ASANA_TOKEN")
	if err != nil {
		panic(err)
	}
	fmt.Println(tok)
	fmt.Printf("%#v\n", tok)
	// Output:
	// asana token from env EXAMPLE_ASANA_TOKEN: [REDACTED]
	// asana token from env EXAMPLE_ASANA_TOKEN: [REDACTED]
}

// Sync a team of the demo organization with a list, then plan again.
func ExamplePlanTeamSync() {
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
	members := []string{"ana.fischer@lakeshore.example", "alan.tanaka@lakeshore.example"}
	plan, err := serviceaccounts.PlanTeamSync(ctx, c, org.Organization.GID, "Design", members)
	if err != nil {
		panic(err)
	}
	for _, ch := range plan.Changes {
		fmt.Println(ch.Kind, ch.User.Email, "-", ch.Reason)
	}
	rep, err := serviceaccounts.Apply(ctx, c, plan, serviceaccounts.ApplyOptions{})
	if err != nil {
		panic(err)
	}
	fmt.Println(rep.Count(serviceaccounts.StatusDone), "done")
	again, err := serviceaccounts.PlanTeamSync(ctx, c, org.Organization.GID, "Design", members)
	if err != nil {
		panic(err)
	}
	fmt.Println("empty:", again.Empty())
	// Output:
	// remove_team_member mateo.silva@lakeshore.example - not on the team's list (teams[0] is exclusive)
	// remove_team_member noah.wagner@partner.example - not on the team's list (teams[0] is exclusive)
	// add_team_member alan.tanaka@lakeshore.example - listed in teams[0].members
	// 3 done
	// empty: true
}
