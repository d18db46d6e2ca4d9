package asana_test

import (
	"context"
	"fmt"
	"os"

	"github.com/asanakit/asana-go/asana"
)

// Project search has no offset paging (its results are not stable), so this
// walks all matches by creation time: each query starts after the newest
// project already seen. created_at is among the default fields.
func ExampleProjectsService_Search() {
	ctx := context.Background()
	client, err := asana.NewClient(os.Getenv("ASANA_TOKEN"))
	if err != nil {
		fmt.Println(err)
		return
	}
	opts := &asana.ProjectSearchOptions{Text: "launch", SortBy: "created_at", SortAscending: true}
	seen := map[string]bool{}
	for {
		page, err := client.Projects.Search(ctx, "12345", opts)
		if err != nil {
			fmt.Println(err)
			return
		}
		fresh := 0
		for _, p := range page {
			if !seen[p.GID] {
				seen[p.GID] = true
				fresh++
				fmt.Println(p.Name)
			}
		}
		if len(page) < asana.MaxPageSize || fresh == 0 {
			return
		}
		opts.CreatedAtAfter = page[len(page)-1].CreatedAt
	}
}

// Listing a workspace's live projects with every field a backup needs, and
// their sections.
func ExampleProjectsService_ListForWorkspace() {
	ctx := context.Background()
	client, err := asana.NewClient(os.Getenv("ASANA_TOKEN"))
	if err != nil {
		fmt.Println(err)
		return
	}
	for p, err := range client.Projects.ListForWorkspace(ctx, "12345", &asana.ProjectArchivedListOptions{Archived: asana.Ptr(false)}).All() {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(p.Name, p.Owner != nil, len(p.Members))
		for s, err := range client.Sections.ListForProject(ctx, p.GID, nil).All() {
			if err != nil {
				fmt.Println(err)
				return
			}
			fmt.Println("  ", s.Name)
		}
	}
}
