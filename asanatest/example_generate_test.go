package asanatest_test

import (
	"fmt"

	"github.com/asanakit/asana-go/asanatest"
)

func ExampleServer_DemoOrganization() {
	srv, err := asanatest.New()
	if err != nil {
		panic(err)
	}
	defer srv.Close()
	org, err := srv.DemoOrganization()
	if err != nil {
		panic(err)
	}
	fmt.Println(org)
	fmt.Println("admin:", org.Admin.Name, org.Admin.Email)
	fmt.Println("guest:", org.Guest.Name, org.Guest.Email)
	fmt.Println("service account:", org.ServiceAccount.Name)
	for _, t := range org.Teams {
		fmt.Printf("team %s: %s (%s)\n", t.GID, t.Name, t.Visibility)
	}
	for _, p := range org.Projects {
		fmt.Printf("project %s: %s, archived %v\n", p.GID, p.Name, p.Archived)
	}
	// Output:
	// asanatest.Org{Lakeshore Analytics (1200000000000001): 8 users, 3 teams, 5 projects, 30 tasks, 15 subtasks, 30 comments}
	// admin: Rafael Alvarez rafael.alvarez@lakeshore.example
	// guest: Noah Wagner noah.wagner@partner.example
	// service account: Automation bot
	// team 1200000000000021: Engineering (request_to_join)
	// team 1200000000000022: Marketing (request_to_join)
	// team 1200000000000023: Design (secret)
	// project 1200000000000034: Security audit, archived false
	// project 1200000000000059: Office move, archived false
	// project 1200000000000071: Help center cleanup, archived false
	// project 1200000000000087: Annual budget, archived false
	// project 1200000000000103: Roadmap planning, archived true
}

func ExampleServer_Generate() {
	srv, err := asanatest.New()
	if err != nil {
		panic(err)
	}
	defer srv.Close()
	org, err := srv.Generate(42, asanatest.Sizes{Users: 500, Teams: 12, Projects: 80, Tasks: 5000})
	if err != nil {
		panic(err)
	}
	fmt.Println(org)
	fmt.Println(org.Users[0].Name, org.Users[0].Email, org.Users[0].CreatedAt)
	fmt.Println(len(org.Inactive), "deprovisioned users")
	// Output:
	// asanatest.Org{Redwood Robotics (1200000000000001): 500 users, 12 teams, 80 projects, 5000 tasks, 1501 subtasks, 2483 comments}
	// Mohammed Larsen mohammed.larsen@redwood.example 2024-01-06 09:00:00 +0000 UTC
	// 25 deprovisioned users
}
