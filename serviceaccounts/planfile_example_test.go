package serviceaccounts_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/asanatest"
	"github.com/asanakit/asana-go/serviceaccounts"
)

// Save a plan for review, then apply exactly the saved plan, refusing it
// if the organization changed in between.
func ExampleWritePlanFile() {
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
	plan, err := serviceaccounts.PlanTeamSync(ctx, c, org.Organization.GID, "Design",
		[]string{"ana.fischer@lakeshore.example", "alan.tanaka@lakeshore.example"})
	if err != nil {
		panic(err)
	}
	dir, err := os.MkdirTemp("", "plan")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "design.json")
	if err := serviceaccounts.WritePlanFile(path, plan, ""); err != nil {
		panic(err)
	}

	// Later, after review:
	saved, err := serviceaccounts.LoadPlanFile(path)
	if err != nil {
		panic(err)
	}
	journal := serviceaccounts.JournalPath(path)
	stale, err := serviceaccounts.Recheck(ctx, c, saved.Plan, journal)
	if err != nil || len(stale) > 0 {
		panic(fmt.Sprint("stale: ", stale, err))
	}
	rep, err := serviceaccounts.Apply(ctx, c, saved.Plan, serviceaccounts.ApplyOptions{Journal: journal})
	if err != nil {
		panic(err)
	}
	fmt.Println(saved.ID() == plan.ID(), rep.Count(serviceaccounts.StatusDone), "done")
	// Output: true 3 done
}
