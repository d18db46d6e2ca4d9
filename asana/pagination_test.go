package asana

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// pagedReply serves total items in pages of the requested limit, with
// offsets "o<index>", and a next_page whose path points somewhere else so
// that a client that follows it would be caught.
func pagedReply(total int) func(*http.Request) (*http.Response, error) {
	return func(req *http.Request) (*http.Response, error) {
		q := req.URL.Query()
		limit, _ := strconv.Atoi(q.Get("limit"))
		from := 0
		if off := q.Get("offset"); off != "" {
			from, _ = strconv.Atoi(strings.TrimPrefix(off, "o"))
		}
		to := min(from+limit, total)
		items := make([]string, 0, to-from)
		for i := from; i < to; i++ {
			items = append(items, fmt.Sprintf(`{"gid":"%d"}`, i))
		}
		next := "null"
		if to < total {
			next = fmt.Sprintf(`{"offset":"o%d","path":"/wrong?offset=o%d","uri":"https://evil.example/wrong"}`, to, to)
		}
		return reply(200, `{"data":[`+strings.Join(items, ",")+`],"next_page":`+next+`}`)(req)
	}
}

type testListOptions struct {
	Project string `url:"project,omitempty"`
	ListOptions
}

func TestListAllPages(t *testing.T) {
	c, mt := newTestClient(t)
	rec := record(mt, pagedReply(2345))
	opts := &testListOptions{Project: "42"}
	saved := *opts
	var gids []string
	for task, err := range listAt[Task](t.Context(), c, route{op: "test", path: "/tasks"}, opts, []string{"name", "assignee.email"}).All() {
		if err != nil {
			t.Fatal(err)
		}
		gids = append(gids, task.GID)
	}
	if len(gids) != 2345 || gids[0] != "0" || gids[2344] != "2344" {
		t.Fatalf("got %d items, first %q", len(gids), gids[0])
	}
	reqs := rec.requests()
	if len(reqs) != 24 {
		t.Fatalf("%d requests, want 24", len(reqs))
	}
	for i, r := range reqs {
		want := url.Values{"project": {"42"}, "limit": {"100"}, "opt_fields": {"name,assignee.email"}}
		if i > 0 {
			want.Set("offset", fmt.Sprintf("o%d", i*100))
		}
		if r.Path != "/api/1.0/tasks" || !reflect.DeepEqual(url.Values(r.Query), want) {
			t.Errorf("request %d = %s %v, want %v", i, r.Path, r.Query, want)
		}
	}
	if !reflect.DeepEqual(*opts, saved) {
		t.Errorf("caller's options changed: %+v", *opts)
	}
}

func TestListCallerChoicesWin(t *testing.T) {
	c, mt := newTestClient(t)
	rec := record(mt, pagedReply(30))
	opts := &testListOptions{ListOptions: ListOptions{Limit: 10, Offset: "o10", Fields: []string{"gid"}}}
	saved := testListOptions{ListOptions: ListOptions{Limit: 10, Offset: "o10", Fields: []string{"gid"}}}
	n := 0
	for _, err := range listAt[Task](t.Context(), c, route{op: "test", path: "/tasks"}, opts, []string{"name"}).All() {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	reqs := rec.requests()
	if n != 20 || len(reqs) != 2 || reqs[0].Query["opt_fields"][0] != "gid" || reqs[0].Query["limit"][0] != "10" || reqs[0].Query["offset"][0] != "o10" {
		t.Errorf("%d items from %+v", n, reqs)
	}
	if !reflect.DeepEqual(*opts, saved) {
		t.Errorf("caller's options changed: %+v", *opts)
	}
}

func TestListIsLazyAndStopsOnBreak(t *testing.T) {
	c, mt := newTestClient(t)
	rec := record(mt, pagedReply(1000))
	seq := ListOf[Task](t.Context(), c, "/tasks", url.Values{"project": {"1"}}).All()
	if rec.count() != 0 {
		t.Fatalf("%d requests before ranging", rec.count())
	}
	n := 0
	for _, err := range seq {
		if err != nil {
			t.Fatal(err)
		}
		if n++; n == 150 {
			break
		}
	}
	if rec.count() != 2 {
		t.Errorf("%d requests for 150 items, want 2", rec.count())
	}
	// The sequence can be ranged again and starts over.
	for range seq {
		break
	}
	if rec.count() != 3 {
		t.Errorf("%d requests after a second range, want 3", rec.count())
	}
}

func TestListYieldsErrorOnceAndStops(t *testing.T) {
	c, mt := newTestClient(t, WithRetryPolicy(NoRetries()))
	rec := record(mt, pagedReply(300), reply(404, `{"errors":[{"message":"project: Unknown object"}]}`))
	var items, errs int
	for _, err := range ListOf[Task](t.Context(), c, "/tasks", nil).All() {
		if err != nil {
			errs++
			if !errors.Is(err, ErrNotFound) {
				t.Errorf("err = %v", err)
			}
			continue // a well-behaved iterator stops on its own
		}
		items++
	}
	if items != 100 || errs != 1 || rec.count() != 2 {
		t.Errorf("items %d, errors %d, requests %d; want 100, 1, 2", items, errs, rec.count())
	}
}

func TestListRepeatedOffset(t *testing.T) {
	tests := []struct {
		name      string
		start     string
		pages     []string
		wantItems int
	}{
		{"offset handed back twice", "", []string{`{"data":[{"gid":"1"}],"next_page":{"offset":"A"}}`, `{"data":[{"gid":"2"}],"next_page":{"offset":"B"}}`, `{"data":[{"gid":"3"}],"next_page":{"offset":"A"}}`}, 3},
		{"server returns the starting offset", "S", []string{`{"data":[{"gid":"1"}],"next_page":{"offset":"S"}}`}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mt := newTestClient(t)
			var replies []func(*http.Request) (*http.Response, error)
			for _, p := range tt.pages {
				replies = append(replies, reply(200, p))
			}
			rec := record(mt, replies...)
			var items int
			var last error
			for _, err := range ListOf[Task](t.Context(), c, "/tasks", &ListOptions{Offset: tt.start}).All() {
				if err != nil {
					last = err
					continue
				}
				items++
			}
			if !errors.Is(last, ErrRepeatedOffset) || items != tt.wantItems || rec.count() != len(tt.pages) {
				t.Errorf("err %v after %d items and %d requests", last, items, rec.count())
			}
		})
	}
}

func TestListPage(t *testing.T) {
	c, mt := newTestClient(t)
	rec := record(mt, pagedReply(250))
	opts := &ListOptions{}
	var all []Task
	for {
		page, err := ListOf[Task](t.Context(), c, "/tasks", opts).Page("")
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, page.Items...)
		if page.NextOffset == "" {
			break
		}
		opts = &ListOptions{Offset: page.NextOffset} // checkpoint, resume later
	}
	if len(all) != 250 || rec.count() != 3 || all[249].GID != "249" {
		t.Errorf("%d items in %d requests", len(all), rec.count())
	}
	if _, err := ListOf[Task](t.Context(), c, "/tasks", 42).Page(""); err == nil || !strings.Contains(err.Error(), "GET /tasks") {
		t.Errorf("bad query: err = %v", err)
	}
}

func TestListBadQuery(t *testing.T) {
	c, mt := newTestClient(t)
	rec := record(mt, pagedReply(1))
	var errs int
	for _, err := range ListOf[Task](t.Context(), c, "/tasks", 42).All() {
		if err == nil || !strings.Contains(err.Error(), "encoding query") {
			t.Errorf("err = %v", err)
		}
		errs++
	}
	if errs != 1 || rec.count() != 0 {
		t.Errorf("%d errors, %d requests", errs, rec.count())
	}
}

func TestGetAndSendJSON(t *testing.T) {
	c, mt := newTestClient(t)
	rec := record(mt, reply(200, `{"data":{"gid":"5","name":"Got"}}`), reply(201, `{"data":{"gid":"6","name":"Made"}}`), reply(404, `{"errors":[{"message":"no"}]}`))
	got, err := get[Task](t.Context(), c, pathf("/tasks/%s", "5"), &GetOptions{Fields: []string{"name"}})
	if err != nil || got.Name != "Got" {
		t.Fatalf("get = %+v, %v", got, err)
	}
	made, err := sendJSON[Task](t.Context(), c, "POST", "/tasks", nil, map[string]string{"name": "Made"})
	if err != nil || made.GID != "6" {
		t.Fatalf("sendJSON = %+v, %v", made, err)
	}
	if _, err := get[Task](t.Context(), c, "/tasks/7", nil); !errors.Is(err, ErrNotFound) {
		t.Errorf("get missing: %v", err)
	}
	if _, err := sendJSON[Task](t.Context(), c, "PUT", "/tasks/7", nil, map[string]string{}); !errors.Is(err, ErrNotFound) {
		t.Errorf("sendJSON missing: %v", err)
	}
	reqs := rec.requests()
	if reqs[0].Query["opt_fields"][0] != "name" || reqs[1].Body != `{"data":{"name":"Made"}}` {
		t.Errorf("requests = %+v", reqs)
	}
}

// TestPagesCheckpoints: Pages yields each page with the offset to resume
// from, and a listing resumed from a page's offset continues after it.
func TestPagesCheckpoints(t *testing.T) {
	c, mt := newTestClient(t)
	rec := record(mt, pagedReply(250))
	var sizes []int
	var offsets []string
	for page, err := range ListOf[Task](t.Context(), c, "/tasks", nil).Pages() {
		if err != nil {
			t.Fatal(err)
		}
		sizes, offsets = append(sizes, len(page.Items)), append(offsets, page.NextOffset)
	}
	if !reflect.DeepEqual(sizes, []int{100, 100, 50}) || !reflect.DeepEqual(offsets, []string{"o100", "o200", ""}) {
		t.Fatalf("pages %v, offsets %q", sizes, offsets)
	}
	var resumed []string
	for page, err := range ListOf[Task](t.Context(), c, "/tasks", &ListOptions{Offset: offsets[0]}).Pages() {
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range page.Items {
			resumed = append(resumed, it.GID)
		}
		break // a caller may stop after any page
	}
	if len(resumed) != 100 || resumed[0] != "100" || rec.count() != 4 {
		t.Errorf("resumed %d items (%.3q...) after %d requests, want 100 from \"100\" after 4", len(resumed), resumed, rec.count())
	}
}
