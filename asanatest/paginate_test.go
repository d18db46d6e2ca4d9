package asanatest

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"testing"
)

// pageThrough walks a list with the given pager and limit, as a client
// does, and returns every GID it served.
func pageThrough(t *testing.T, s *Server, gids []string, limit int, pager func(*request, []string) (page, error)) []string {
	t.Helper()
	var out []string
	offset := ""
	for range len(gids) + 2 {
		q := url.Values{"limit": {strconv.Itoa(limit)}}
		if offset != "" {
			q.Set("offset", offset)
		}
		r, _ := http.NewRequest("GET", "http://x/api/1.0/things?"+q.Encode(), nil)
		rq := &request{s: s, r: r, query: q, apiPath: "/things", origin: "http://x", now: s.clock.Now()}
		p, err := pager(rq, gids)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, p.gids...)
		if p.next == nil {
			return out
		}
		offset = p.next.Offset
	}
	t.Fatal("pagination did not end")
	return nil
}

func TestPaginateOrders(t *testing.T) {
	s := Must(New())
	defer s.Close()
	sorted := []string{"1200000000000001", "1200000000000002", "1200000000000005", "1200000000000009", "1200000000000010"}
	shuffled := []string{"1200000000000009", "1200000000000001", "1200000000000010", "1200000000000002", "1200000000000005"}
	tests := []struct {
		name  string
		gids  []string
		pager func(*request, []string) (page, error)
	}{
		{"sorted", sorted, func(rq *request, g []string) (page, error) { return rq.paginate(g, nil) }},
		{"ordered", shuffled, func(rq *request, g []string) (page, error) { return rq.paginateOrdered(g, nil) }},
	}
	for _, tt := range tests {
		for limit := 1; limit <= 6; limit++ {
			got := pageThrough(t, s, tt.gids, limit, tt.pager)
			if !slices.Equal(got, tt.gids) {
				t.Errorf("%s limit %d: got %v", tt.name, limit, got)
			}
		}
	}
}
