package asanatest

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
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

// listAll pages through an API list over HTTP and returns the GIDs served,
// checking the next_page contract on every page.
func listAll(t *testing.T, s *Server, tok, path string, limit int, between func()) []string {
	t.Helper()
	var out []string
	u, err := url.Parse(path)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("limit", strconv.Itoa(limit))
	u.RawQuery = q.Encode()
	url := u.String()
	for pages := 0; ; pages++ {
		if pages > 10000 {
			t.Fatal("pagination did not end")
		}
		code, _, doc := call(t, s, tok, "GET", url, "")
		if code != 200 {
			t.Fatalf("%s: %d %v", url, code, doc)
		}
		data := doc["data"].([]any)
		if len(data) > limit {
			t.Fatalf("page of %d > limit %d", len(data), limit)
		}
		for _, d := range data {
			out = append(out, d.(map[string]any)["gid"].(string))
		}
		np, present := doc["next_page"]
		if !present {
			t.Fatal("next_page missing although limit was sent")
		}
		if np == nil {
			return out
		}
		next := np.(map[string]any)
		if !strings.HasSuffix(next["uri"].(string), next["path"].(string)) || next["offset"] == "" {
			t.Fatalf("bad next_page %v", next)
		}
		url = next["path"].(string)
		if between != nil {
			between()
		}
	}
}

func TestPaginationInvariants(t *testing.T) {
	f := newFixture(t)
	s := f.s
	for i := range 23 {
		u := Must(s.AddUser(User{Name: fmt.Sprint("user ", i)}))
		Must(s.AddWorkspaceMember(f.org.GID, u.GID, MemberOptions{}))
	}
	path := "/workspaces/" + f.org.GID + "/workspace_memberships"
	want := func() []string {
		var g []string
		for _, m := range s.WorkspaceMembers(f.org.GID) {
			g = append(g, m.GID)
		}
		return g
	}
	for _, limit := range []int{1, 2, 7, 28, 29, 100} {
		got := listAll(t, s, f.saTok, path, limit, nil)
		if !slices.Equal(got, want()) {
			t.Errorf("limit %d: %d items, want %d", limit, len(got), len(want()))
		}
	}

	// Inserts and removals between pages neither duplicate nor skip the
	// items that were there all along.
	before := want()
	n := 0
	got := listAll(t, s, f.saTok, path, 5, func() {
		n++
		u := Must(s.AddUser(User{Name: fmt.Sprint("late ", n)}))
		Must(s.AddWorkspaceMember(f.org.GID, u.GID, MemberOptions{}))
	})
	seen := map[string]int{}
	for _, g := range got {
		seen[g]++
		if seen[g] > 1 {
			t.Errorf("duplicate %s", g)
		}
	}
	for _, g := range before {
		if seen[g] == 0 {
			t.Errorf("gap: %s not served", g)
		}
	}
}

func TestPaginationErrors(t *testing.T) {
	f := newFixture(t, WithOffsetTTL(time.Minute))
	s := f.s
	path := "/workspaces/" + f.org.GID + "/workspace_memberships"
	_, _, doc := call(t, s, f.saTok, "GET", path+"?limit=1", "")
	next := doc["next_page"].(map[string]any)
	offset := next["offset"].(string)

	_, _, doc = call(t, s, f.saTok, "GET", path, "")
	if _, ok := doc["next_page"]; ok {
		t.Error("next_page present without limit")
	}

	forged := offset[:len(offset)-2] + "AA"
	tests := []struct {
		name, query string
		advance     time.Duration
		status      int
		msg         string
	}{
		{"limit 0", "limit=0", 0, 400, "limit: Must be between 1 and 100 (got 0)"},
		{"limit 101", "limit=101", 0, 400, "limit: Must be between 1 and 100 (got 101)"},
		{"limit text", "limit=ten", 0, 400, `limit: Not an Integer: "ten"`},
		{"forged offset", "limit=1&offset=" + forged, 0, 400, msgOffsetInvalid},
		{"garbage offset", "limit=1&offset=abc", 0, 400, msgOffsetInvalid},
		{"offset of another list", "limit=1&offset=" + offset + "&user=" + f.admin.GID, 0, 400, msgOffsetInvalid},
		{"valid offset", "limit=1&offset=" + offset, 0, 200, ""},
		{"expired offset", "limit=1&offset=" + offset, 61 * time.Second, 400, msgOffsetExpired},
	}
	for _, tt := range tests {
		s.Clock().Advance(tt.advance)
		code, _, doc := call(t, s, f.saTok, "GET", path+"?"+tt.query, "")
		if code != tt.status || errMessage(doc) != tt.msg {
			t.Errorf("%s: %d %q, want %d %q", tt.name, code, errMessage(doc), tt.status, tt.msg)
		}
	}
}

func TestResultTooLarge(t *testing.T) {
	f := newFixture(t, WithMaxUnpaginated(3))
	code, _, doc := call(t, f.s, f.saTok, "GET", "/workspaces/"+f.org.GID+"/workspace_memberships", "")
	if code != 400 || errMessage(doc) != msgTooLarge {
		t.Fatalf("%d %v", code, doc)
	}
	// Lists Asana does not paginate are capped instead.
	code, _, doc = call(t, f.s, f.saTok, "GET", "/workspaces/"+f.org.GID+"/users", "")
	if code != 200 || len(doc["data"].([]any)) != 5 {
		t.Fatalf("%d %v", code, doc)
	}
}
