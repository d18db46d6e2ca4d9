package asana_test

import (
	"context"
	"fmt"
	"log"
	"net/http"

	"github.com/asanakit/asana-go/asana"
	"github.com/jarcoal/httpmock"
)

func ExampleWithChangeHook() {
	// Asana announces a breaking change on its answers; this stand-in says
	// which of the request's opt-ins it received.
	mt := httpmock.NewMockTransport()
	mt.RegisterResponder("GET", "https://app.asana.com/api/1.0/projects/42", func(req *http.Request) (*http.Response, error) {
		fmt.Printf("sent Asana-Enable %q, Asana-Disable %q\n", req.Header.Get("Asana-Enable"), req.Header.Get("Asana-Disable"))
		resp := httpmock.NewStringResponse(200, `{"data":{"gid":"42","name":"Roadmap"}}`)
		resp.Header.Add("Asana-Change", "name=new_memberships;info=https://asa.na/api-memberships;affected=true")
		return resp, nil
	})

	client, err := asana.NewClient("example-token", asana.WithTransport(mt),
		asana.WithEnable("new_user_task_lists"), // every request of the client
		asana.WithChangeHook(func(ch asana.Change, req asana.RequestInfo) {
			fmt.Println(ch.Name, "affects", req.Operation, req.Route, ch.Affected, ch.Info)
		}))
	if err != nil {
		log.Fatal(err)
	}
	// One request keeps the old behaviour while the code is migrated.
	ctx := asana.DisableChanges(context.Background(), "new_memberships")
	if _, err := client.Projects.Get(ctx, "42", nil); err != nil {
		log.Fatal(err)
	}
	// Output:
	// sent Asana-Enable "new_user_task_lists", Asana-Disable "new_memberships"
	// new_memberships affects Projects.Get /projects/{project_gid} true https://asa.na/api-memberships
}
