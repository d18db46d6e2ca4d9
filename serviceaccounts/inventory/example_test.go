package inventory_test

import (
	"context"
	"fmt"
	"time"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/asanatest"
	"github.com/asanakit/asana-go/serviceaccounts/inventory"
)

// Example lists the service accounts of the fake's demo organization, 40
// days in which neither acted through the API.
func Example() {
	srv, err := asanatest.New()
	if err != nil {
		panic(err)
	}
	defer srv.Close()
	org, err := srv.DemoOrganization()
	if err != nil {
		panic(err)
	}
	if _, _, err := srv.AddServiceAccount(org.Organization.GID, "Old sync bot"); err != nil {
		panic(err)
	}
	srv.Clock().Advance(40 * 24 * time.Hour)

	c, err := asana.NewClient(org.ServiceAccountToken, asana.WithBaseURL(srv.URL()),
		asana.WithTransport(srv.Transport()), asana.WithRateLimit(0, 0))
	if err != nil {
		panic(err)
	}
	accounts, err := inventory.Build(context.Background(), c, org.Organization.GID,
		inventory.Options{Now: srv.Clock().Now(), IdleAfter: 30 * 24 * time.Hour})
	if err != nil {
		panic(err)
	}
	for _, a := range accounts {
		fmt.Printf("%s idle=%v\n", a.Name, a.Idle)
	}
	// Output:
	// Automation bot idle=true
	// Old sync bot idle=true
}
