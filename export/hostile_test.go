package export

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/asanakit/asana-go/asana"
)

// gidRewriter is a hostile server: it hands requests to the fake and
// rewrites the gid of the first object of every answer whose path matches
// route. Only the answers change; the fake keeps its real data.
type gidRewriter struct {
	base  http.RoundTripper
	route *regexp.Regexp
	gid   string
	// notFound answers 404 to requests for the rewritten gid, as a
	// server would for an object it does not have.
	notFound bool
	hits     atomic.Int64
}

func (g *gidRewriter) RoundTrip(r *http.Request) (*http.Response, error) {
	if g.notFound && strings.Contains(r.URL.EscapedPath(), "/"+url.PathEscape(g.gid)+"/") {
		body := `{"errors":[{"message":"project: Unknown object"}]}`
		return &http.Response{StatusCode: http.StatusNotFound, Status: "404 Not Found", Request: r,
			Header: http.Header{"Content-Type": {"application/json"}}, ContentLength: int64(len(body)),
			Body: io.NopCloser(strings.NewReader(body))}, nil
	}
	resp, err := g.base.RoundTrip(r)
	if err != nil || resp.StatusCode != http.StatusOK || !g.route.MatchString(r.URL.Path) {
		return resp, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	var env struct {
		Data     []map[string]any `json:"data"`
		NextPage any              `json:"next_page"`
	}
	if json.Unmarshal(body, &env) == nil && len(env.Data) > 0 {
		env.Data[0]["gid"] = g.gid
		if body, err = json.Marshal(env); err != nil {
			return nil, err
		}
		g.hits.Add(1)
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	resp.ContentLength = int64(len(body))
	resp.Header.Set("Content-Length", strconv.Itoa(len(body)))
	return resp, nil
}

// snapshotTree records every name under dir (links not followed) with the
// content of regular files, to show that nothing outside a backup
// directory changed.
func snapshotTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		switch {
		case d.Type().IsRegular():
			b, err := os.ReadFile(p)
			out[rel] = string(b)
			return err
		case d.Type()&os.ModeSymlink != 0:
			target, err := os.Readlink(p)
			out[rel] = "-> " + target
			return err
		}
		out[rel] = d.Type().String()
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// outsideUnchanged fails the test if anything under outer but not under
// inside was added, removed or changed since before.
func outsideUnchanged(t *testing.T, outer, inside string, before map[string]string) {
	t.Helper()
	after := snapshotTree(t, outer)
	rel, _ := filepath.Rel(outer, inside)
	skip := func(p string) bool { return p == rel || strings.HasPrefix(p, rel+string(filepath.Separator)) }
	for p, v := range before {
		if skip(p) {
			continue
		}
		if w, ok := after[p]; !ok {
			t.Errorf("outside the backup directory: %s was removed", p)
		} else if w != v {
			t.Errorf("outside the backup directory: %s changed", p)
		}
	}
	for p := range after {
		if _, ok := before[p]; !ok && !skip(p) {
			t.Errorf("outside the backup directory: %s was created", p)
		}
	}
}

// TestBackupHostileGIDs: a server that answers gids that are not Asana
// gids ("../../..", "a/b", ...) stops the backup with an error naming the
// object, and nothing outside the backup directory is written or removed
// (on a 404 for such a project, the backup used to delete the backup
// directory's parent).
func TestBackupHostileGIDs(t *testing.T) {
	f := newFakeOrg(t, smallSizes(), nil)
	org := f.org.Organization.GID
	for _, tt := range []struct {
		name, route, gid, kind string
		notFound               bool
		// noSearch: every parent here has one subtask, which search
		// gives; without it the subtasks are listed.
		noSearch bool
	}{
		{"project up three, 404", `^/api/1.0/workspaces/` + org + `/projects$`, "../../..", "project", true, false},
		{"project up two, 404", `^/api/1.0/workspaces/` + org + `/projects$`, "../..", "project", true, false},
		{"project up three", `^/api/1.0/workspaces/` + org + `/projects$`, "../../..", "project", false, false},
		{"project up one", `^/api/1.0/workspaces/` + org + `/projects$`, "..", "project", false, false},
		{"project with a slash", `^/api/1.0/workspaces/` + org + `/projects$`, "a/b", "project", false, false},
		{"project empty", `^/api/1.0/workspaces/` + org + `/projects$`, "", "project", false, false},
		{"project very long", `^/api/1.0/workspaces/` + org + `/projects$`, strings.Repeat("7", 300), "project", false, false},
		{"project absolute", `^/api/1.0/workspaces/` + org + `/projects$`, "/tmp", "project", false, false},
		{"project with a NUL", `^/api/1.0/workspaces/` + org + `/projects$`, "12\x0034", "project", false, false},
		{"team", `^/api/1.0/workspaces/` + org + `/teams$`, "../../..", "team", false, false},
		{"task", `^/api/1.0/projects/[0-9]+/tasks$`, "../../..", "task", false, false},
		{"subtask", `^/api/1.0/tasks/[0-9]+/subtasks$`, "..", "task", false, true},
		{"searched task", `^/api/1.0/workspaces/` + org + `/tasks/search$`, "..", "task", false, false},
		{"portfolio", `^/api/1.0/portfolios$`, "../../..", "portfolio", false, false},
		{"goal", `^/api/1.0/goals$`, "..", "goal", false, false},
		{"My Tasks section", `^/api/1.0/projects/[0-9]+/sections$`, "../..", "section", false, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			outer := t.TempDir()
			if err := os.WriteFile(filepath.Join(outer, "keep.txt"), []byte("not the backup's"), 0o644); err != nil {
				t.Fatal(err)
			}
			dir := filepath.Join(outer, "a", "b", "backups")
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			before := snapshotTree(t, outer)
			rw := &gidRewriter{base: f.srv.Transport(), route: regexp.MustCompile(tt.route), gid: tt.gid, notFound: tt.notFound}
			b := f.backup(dir)
			b.Client = clientFor(t, f.srv, f.org.ServiceAccountToken, asana.WithTransport(rw))
			b.DisableSearch = tt.noSearch
			res, err := b.Run(context.Background())
			if rw.hits.Load() == 0 {
				t.Fatalf("no answer matched %s", tt.route)
			}
			if err == nil {
				t.Fatalf("Run succeeded (%s) with a %s gid %q", res.Dir, tt.kind, tt.gid)
			}
			if !strings.Contains(err.Error(), tt.kind+" gid") {
				t.Errorf("error %q does not name the %s", err, tt.kind)
			}
			if len(err.Error()) > 300 {
				t.Errorf("error of %d bytes", len(err.Error()))
			}
			outsideUnchanged(t, outer, dir, before)
		})
	}
}

// stallingServer answers every request for a project's tasks with an empty
// page that points to yet another page, as a broken or hostile server might;
// other requests go to the fake.
type stallingServer struct {
	base  http.RoundTripper
	route *regexp.Regexp
	hits  atomic.Int64
}

func (s *stallingServer) RoundTrip(r *http.Request) (*http.Response, error) {
	if !s.route.MatchString(r.URL.Path) {
		return s.base.RoundTrip(r)
	}
	n := s.hits.Add(1)
	body := `{"data":[],"next_page":{"offset":"stall` + strconv.FormatInt(n, 10) + `","path":"/x","uri":"https://x"}}`
	return &http.Response{StatusCode: http.StatusOK, Status: "200 OK", Request: r,
		Header: http.Header{"Content-Type": {"application/json"}}, ContentLength: int64(len(body)),
		Body: io.NopCloser(strings.NewReader(body))}, nil
}

// TestBackupStopsOnStalledPages: a list that keeps answering empty pages
// with new offsets ends the backup with ErrStalledPagination after a few
// requests, instead of fetching until the context ends.
func TestBackupStopsOnStalledPages(t *testing.T) {
	f := newFakeOrg(t, smallSizes(), nil)
	st := &stallingServer{base: f.srv.Transport(), route: regexp.MustCompile(`^/api/1.0/projects/[0-9]+/tasks$`)}
	b := f.backup(t.TempDir())
	b.Client = clientFor(t, f.srv, f.org.ServiceAccountToken, asana.WithTransport(st))
	_, err := b.Run(t.Context())
	if !errors.Is(err, asana.ErrStalledPagination) {
		t.Fatalf("Run: %v, want ErrStalledPagination", err)
	}
	if n := st.hits.Load(); n > 50 {
		t.Errorf("%d requests for empty pages before giving up", n)
	}
}
