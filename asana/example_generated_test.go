package asana_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"net/http"

	"github.com/asanakit/asana-go/asana"
	"github.com/jarcoal/httpmock"
)

// The services generated from the spec work like the hand-written ones.
// An update sends only the fields it sets; the zero value of a nullable
// field clears it (null), here the tag's color.
func ExampleTagsService_Update() {
	mt := httpmock.NewMockTransport()
	mt.RegisterResponder("PUT", "https://app.asana.com/api/1.0/tags/11", func(req *http.Request) (*http.Response, error) {
		body, _ := io.ReadAll(req.Body)
		fmt.Println("sent:", string(body))
		return httpmock.NewStringResponse(200, `{"data":{"gid":"11","name":"Urgent","color":null}}`), nil
	})
	client, err := asana.NewClient("example-token", asana.WithTransport(mt))
	if err != nil {
		log.Fatal(err)
	}
	tag, err := client.Tags.Update(context.Background(), "11", &asana.TagUpdateRequest{
		Name:  asana.Ptr("Urgent"),
		Color: asana.Ptr(asana.TagColor("")),
	}, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s %q\n", tag.Name, tag.Color)
	// Output:
	// sent: {"data":{"name":"Urgent","color":null}}
	// Urgent ""
}
