package asana_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/asanatest"
)

// ExampleBatchService_Send reads and writes in one HTTP request. Each
// action is answered on its own: one can fail while the others succeed.
func ExampleBatchService_Send() {
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
	results, err := client.Batch.Send(context.Background(), []asana.BatchAction{
		asana.NewBatchAction(http.MethodGet, "/users/{user_gid}", "me").
			WithOptions(asana.BatchOptions{Fields: []string{"name"}}),
		asana.NewBatchAction(http.MethodPut, "/workspaces/{workspace_gid}", org.Organization.GID).
			WithData(map[string]string{"name": "Acme Robotics"}),
		asana.NewBatchAction(http.MethodGet, "/tasks/{task_gid}", "1"),
	})
	if err != nil {
		log.Fatal(err)
	}
	var me asana.User
	if err := results[0].Decode(&me); err != nil {
		log.Fatal(err)
	}
	var ws asana.Workspace
	if err := results[1].Decode(&ws); err != nil {
		log.Fatal(err)
	}
	fmt.Println(me.Name != "", ws.Name)
	fmt.Println(results[2].StatusCode, errors.Is(results[2].Err, asana.ErrNotFound))
	// Output:
	// true Acme Robotics
	// 404 true
}
