package asana_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"strings"

	"github.com/asanakit/asana-go/asana"
	"github.com/jarcoal/httpmock"
)

// fakeAsana answers like Asana for the examples: two pages of tags, a 404
// for an unknown task.
func fakeAsana() *httpmock.MockTransport {
	mt := httpmock.NewMockTransport()
	mt.RegisterResponder("GET", "https://app.asana.com/api/1.0/workspaces/1000/tags",
		func(req *http.Request) (*http.Response, error) {
			if req.URL.Query().Get("offset") == "" {
				return httpmock.NewStringResponse(200, `{"data":[{"gid":"1","name":"urgent"},{"gid":"2","name":"later"}],"next_page":{"offset":"eyJwIjoy"}}`), nil
			}
			return httpmock.NewStringResponse(200, `{"data":[{"gid":"3","name":"blocked"}],"next_page":null}`), nil
		})
	mt.RegisterResponder("GET", "https://app.asana.com/api/1.0/tasks/404",
		httpmock.NewStringResponder(404, `{"errors":[{"message":"task: Unknown object: 404"}]}`))
	return mt
}

func Example() {
	ctx := context.Background()
	// In a program: asana.NewClient(os.Getenv("ASANA_TOKEN")). Here an
	// httpmock transport stands in for Asana.
	client, err := asana.NewClient("example-token", asana.WithTransport(fakeAsana()))
	if err != nil {
		log.Fatal(err)
	}

	// Lists are iterators: pages are fetched as the loop goes.
	opts := &asana.ListOptions{Fields: asana.FieldsOf[asana.Tag]()}
	for tag, err := range client.Tags.ListForWorkspace(ctx, "1000", opts).All() {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(tag.GID, tag.Name)
	}

	// Errors from Asana are *asana.Error and match sentinels.
	var task asana.Task
	_, err = client.Do(ctx, &asana.Request{Path: "/tasks/404"}, &task)
	fmt.Println(errors.Is(err, asana.ErrNotFound))
	fmt.Println(err)
	// Output:
	// 1 urgent
	// 2 later
	// 3 blocked
	// true
	// asana: GET /tasks/404: 404 Not Found: task: Unknown object: 404
}

func ExampleFieldsOf() {
	// A caller's own row type: only these fields are requested and decoded.
	type row struct {
		GID      string `json:"gid"`
		Name     string `json:"name"`
		Assignee *struct {
			Email string `json:"email"`
		} `json:"assignee"`
		DueOn       asana.Date `json:"due_on"`
		Memberships []struct {
			Section struct {
				Name string `json:"name"`
			} `json:"section"`
		} `json:"memberships"`
		Internal string `json:"-"`
	}
	fmt.Println(strings.Join(asana.FieldsOf[row](), ","))
	// Output: gid,name,assignee.email,due_on,memberships.section.name
}

func ExampleList_Page() {
	ctx := context.Background()
	client, err := asana.NewClient("example-token", asana.WithTransport(fakeAsana()))
	if err != nil {
		log.Fatal(err)
	}
	// Page by page, keeping the offset as a checkpoint to resume from.
	tags := asana.ListOf[asana.Tag](ctx, client, "/workspaces/1000/tags", &asana.ListOptions{Limit: 2})
	offset := ""
	for {
		page, err := tags.Page(offset)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(len(page.Items), "tags, next offset:", page.NextOffset)
		if page.NextOffset == "" {
			break
		}
		offset = page.NextOffset
	}
	// Output:
	// 2 tags, next offset: eyJwIjoy
	// 1 tags, next offset:
}

func ExampleWithRateLimit() {
	// A free workspace: 150 requests a minute. The client never sends more
	// than that in any minute and pauses every request after a 429.
	client, err := asana.NewClient("example-token",
		asana.WithRateLimit(asana.FreePlanRequestsPerMinute, 0),
		asana.WithConcurrency(10, 5),
		asana.WithRetryPolicy(asana.RetryPolicy{MaxAttempts: 4, BaseDelay: asana.DefaultRetryPolicy().BaseDelay, MaxDelay: asana.DefaultRetryPolicy().MaxDelay}))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(client)
	// Output: asana.Client{BaseURL: https://app.asana.com/api/1.0, Token: [REDACTED]}
}
