package asana

import (
	"encoding/json"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestRawRoutesMatchTheirMethods holds every raw route to the
// asana:operation marker of the typed method it is named after.
func TestRawRoutesMatchTheirMethods(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	marker := regexp.MustCompile(`(?m)^// asana:operation GET (\S+)\nfunc \(s \*(\w+)Service\) (\w+)\(`)
	ops := map[string]string{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range marker.FindAllStringSubmatch(string(src), -1) {
			ops[m[2]+"."+m[3]] = m[1]
		}
	}
	for op, template := range rawRoutes {
		if got, ok := ops[op]; !ok {
			t.Errorf("%s: no such GET method", op)
		} else if got != template {
			t.Errorf("%s: raw route %s, method's marker %s", op, template, got)
		}
	}
}

func TestRawList(t *testing.T) {
	c, mt := newTestClient(t)
	rec := record(mt, pagedReply(250))
	var infos []RequestInfo
	c2, mt2 := newTestClient(t, WithRequestHook(func(ri RequestInfo) { infos = append(infos, ri) }))
	rec2 := record(mt2, reply(200, `{"data":{"gid":"5","name":"brief"}}`))
	n := 0
	for page, err := range c.RawList(t.Context(), RawRouteOf("Tasks.ListForProject", "42"), url.Values{"opt_fields": {"name"}}).Pages() {
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range page.Items {
			var v struct{ GID string }
			if err := json.Unmarshal(it, &v); err != nil {
				t.Fatal(err)
			}
			n++
		}
	}
	reqs := rec.requests()
	if n != 250 || len(reqs) != 3 || reqs[0].Path != "/api/1.0/projects/42/tasks" && !strings.HasSuffix(reqs[0].Path, "/projects/42/tasks") ||
		reqs[0].Query["opt_fields"][0] != "name" || reqs[0].Query["limit"][0] != "100" {
		t.Fatalf("%d items in %d requests: %+v", n, len(reqs), reqs[0])
	}
	raw, err := c2.RawGet(t.Context(), RawRouteOf("ProjectBriefs.Get", "5"), nil)
	if err != nil || string(raw) != `{"gid":"5","name":"brief"}` {
		t.Fatalf("RawGet: %s, %v", raw, err)
	}
	if len(infos) != 1 || infos[0].Operation != "ProjectBriefs.Get" || infos[0].Route != "/project_briefs/{project_brief_gid}" {
		t.Fatalf("request labels %+v", infos)
	}
	if rec2.count() != 1 {
		t.Fatalf("%d requests", rec2.count())
	}
}

func TestRawRouteOfRefuses(t *testing.T) {
	c, mt := newTestClient(t)
	rec := record(mt, reply(200, `{"data":[]}`))
	for _, tt := range []struct {
		op   string
		gids []string
		want string
	}{
		{"Tasks.Nope", nil, "no raw route"},
		{"Tasks.ListForProject", nil, "0 path arguments for 1"},
		{"Tasks.ListForProject", []string{"1", "2"}, "2 path arguments for 1"},
		{"Tasks.ListForProject", []string{".."}, "invalid project gid"},
		{"Tasks.ListForProject", []string{""}, "empty project gid"},
		{"Tasks.ListForProject", []string{"12/../34"}, "want a gid"},
	} {
		rt := RawRouteOf(tt.op, tt.gids...)
		if err := rt.Err(); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s %q: %v, want %q", tt.op, tt.gids, err, tt.want)
		}
		for _, err := range c.RawList(t.Context(), rt, nil).Pages() {
			if !errors.Is(err, rt.Err()) {
				t.Errorf("%s: RawList yielded %v", tt.op, err)
			}
		}
		if _, err := c.RawGet(t.Context(), rt, nil); !errors.Is(err, rt.Err()) {
			t.Errorf("%s: RawGet: %v", tt.op, err)
		}
	}
	if rec.count() != 0 {
		t.Fatalf("%d requests sent", rec.count())
	}
}
