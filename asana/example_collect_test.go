package asana_test

import (
	"context"
	"fmt"
	"log"

	"github.com/asanakit/asana-go/asana"
)

func ExampleCollect() {
	ctx := context.Background()
	client, err := asana.NewClient("example-token", asana.WithTransport(fakeAsana()))
	if err != nil {
		log.Fatal(err)
	}
	// Every page of a short list, in one slice.
	tags, err := asana.Collect(client.Tags.ListForWorkspace(ctx, "1000", &asana.ListOptions{Limit: 2}).All())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(tags), "tags, the last:", tags[len(tags)-1].Name)
	// Output: 3 tags, the last: blocked
}
