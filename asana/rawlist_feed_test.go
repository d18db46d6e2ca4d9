package asana

import (
	"net/url"
	"testing"
)

// TestRawListFeed checks that a feed's raw route (the audit log, which
// always answers with a next_page) ends at its first empty page, while
// another list's empty pages that keep pointing on still stall.
func TestRawListFeed(t *testing.T) {
	page := func(items, next string) string {
		return `{"data":[` + items + `],"next_page":{"offset":"` + next + `"}}`
	}
	tests := []struct {
		name     string
		rt       RawRoute
		items    int
		requests int
		stalled  bool
	}{
		{"audit log ends at its empty page", RawRouteOf("AuditLog.List", "7"), 2, 3, false},
		{"another list stalls", RawRouteOf("Tasks.ListForProject", "7"), 2, 5, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mt := newTestClient(t)
			rec := record(mt, reply(200, page(`{"gid":"1"}`, "a")), reply(200, page(`{"gid":"2"}`, "b")),
				reply(200, page("", "c")), reply(200, page("", "d")), reply(200, page("", "e")))
			items, stalled := 0, false
			for p, err := range c.RawList(t.Context(), tt.rt, url.Values{}).Pages() {
				if err != nil {
					stalled = true
					break
				}
				items += len(p.Items)
			}
			if items != tt.items || stalled != tt.stalled || len(rec.reqs) != tt.requests {
				t.Errorf("%d items, stalled %v, %d requests; want %d, %v, %d", items, stalled, len(rec.reqs), tt.items, tt.stalled, tt.requests)
			}
		})
	}
}
