package scim_test

import (
	"context"
	"fmt"
	"log"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/asana/scim"
	"github.com/asanakit/asana-go/asanatest"
)

// Provision a new employee, then deprovision them, with the demo
// organization's service account on the in-process fake.
func Example() {
	srv := asanatest.Must(asanatest.New())
	defer srv.Close()
	org := asanatest.Must(srv.DemoOrganization())
	client, err := asana.NewClient(org.ServiceAccountToken, asana.WithBaseURL(srv.URL()), asana.WithTransport(srv.Transport()))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	sc := scim.New(client)

	u, err := sc.Users.Create(ctx, scim.User{UserName: "new.hire@" + org.Organization.EmailDomains[0],
		Name: &scim.Name{Formatted: "New Hire"}, Title: "Engineer", Active: true,
		Enterprise: &scim.EnterpriseUser{Department: "R&D"}})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(u.Name.Formatted, u.Title, u.Enterprise.Department, u.Active)

	found, err := sc.Users.GetByUserName(ctx, u.UserName)
	if err != nil {
		log.Fatal(err)
	}
	if _, err := sc.Users.Patch(ctx, found.ID, scim.Replace("active", false)); err != nil {
		log.Fatal(err)
	}
	again, err := sc.Users.Get(ctx, found.ID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("active after deprovisioning:", again.Active)
	// Output:
	// New Hire Engineer R&D true
	// active after deprovisioning: false
}
