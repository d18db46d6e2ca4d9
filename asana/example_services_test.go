package asana_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/asanatest"
)

// Example_services uses the typed services against asanatest, the
// in-memory fake Asana, as a test of your own would: the fake's demo
// organization, its service account token, and its in-process transport.
func Example_services() {
	srv, err := asanatest.New()
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	org, err := srv.DemoOrganization()
	if err != nil {
		log.Fatal(err)
	}
	client, err := asana.NewClient(org.ServiceAccountToken,
		asana.WithBaseURL(srv.URL()), asana.WithTransport(srv.Transport()))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()

	// Lists are iterators; pages of 100 are fetched as the loop goes.
	active := &asana.ProjectArchivedListOptions{Archived: asana.Ptr(false)}
	var first asana.Project
	for p, err := range client.Projects.ListForWorkspace(ctx, org.Organization.GID, active).All() {
		if err != nil {
			log.Fatal(err)
		}
		if first.GID == "" {
			first = p
		}
		fmt.Println("project:", p.Name)
	}

	// Create, then read back with only the fields we want.
	task, err := client.Tasks.Create(ctx, &asana.TaskCreateRequest{
		Name: "Rotate the API keys", Projects: []string{first.GID}}, nil)
	if err != nil {
		log.Fatal(err)
	}
	got, err := client.Tasks.Get(ctx, task.GID, &asana.GetOptions{Fields: []string{"name", "completed"}})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("task: %s, completed %v\n", got.Name, got.Completed)

	// Errors are *asana.Error and match sentinels.
	_, err = client.Tasks.Get(ctx, "1", nil)
	fmt.Println(errors.Is(err, asana.ErrNotFound))
	// Output:
	// project: Security audit
	// project: Office move
	// project: Help center cleanup
	// project: Annual budget
	// task: Rotate the API keys, completed false
	// true
}
