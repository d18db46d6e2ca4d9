package export

import (
	"encoding/json"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/asanatest"
)

// projectListRoutes are per-project lists an incremental run may copy
// from its base (attachments too, but their route is also the tasks').
var projectListRoutes = []string{"GET /memberships", "GET /projects/{project_gid}/custom_field_settings",
	"GET /status_updates", "GET /task_templates"}

// TestIncrementalReusesProjectLists: with RelistEvery 7 an incremental run
// copies the per-project lists of unchanged projects from the base (all
// but the projects whose turn it is to be listed again) and lists those of
// a changed project; by default and with RelistEvery 1 it lists every one;
// and it always ends with the data a full run gets, a change that leaves
// no trace on the project included once its lists are requested.
func TestIncrementalReusesProjectLists(t *testing.T) {
	ctx := t.Context()
	f := newFakeOrg(t, smallSizes(), nil)
	f.srv.Clock().Advance(time.Hour)
	dir := t.TempDir()
	first := f.run(t, dir)
	var projects []string
	if err := eachLine(openRoot(t, first.Dir), "projects.jsonl", func(line []byte) error {
		g, err := refGID(line, "")
		projects = append(projects, g)
		return err
	}); err != nil || len(projects) < 3 {
		t.Fatalf("%d projects, %v", len(projects), err)
	}
	listed := func() int {
		n := 0
		c := f.srv.RequestCounts()
		for _, r := range projectListRoutes {
			n += c.ByRoute[r]
		}
		return n
	}
	full := func() string {
		b := f.backup(t.TempDir())
		res, err := b.Run(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return res.Dir
	}
	f.srv.ResetRequests()
	f.run(t, t.TempDir())
	perFull := listed()

	// One project renamed: its lists are requested, most others copied.
	if _, err := f.client.Do(ctx, &asana.Request{Method: "PUT", Path: "/projects/" + projects[0],
		Body: map[string]any{"name": "renamed"}}, nil); err != nil {
		t.Fatal(err)
	}
	f.srv.Clock().Advance(time.Hour)
	f.srv.ResetRequests()
	reuse := f.backup(dir)
	reuse.RelistEvery = 7
	inc, err := reuse.Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n := listed(); n == 0 || n >= perFull {
		t.Errorf("incremental requested %d per-project lists; a full run %d", n, perFull)
	}
	sameData(t, full(), inc.Dir)

	// The default (RelistEvery 0) copies nothing: an incremental run
	// lists every project's lists, like a full run.
	f.srv.Clock().Advance(time.Hour)
	f.srv.ResetRequests()
	if res := f.run(t, dir); res.Manifest.Mode != ModeIncremental {
		t.Fatalf("default run is %s, want incremental", res.Manifest.Mode)
	}
	if n := listed(); n != perFull {
		t.Errorf("the default incremental requested %d per-project lists; a full run %d", n, perFull)
	}

	// A change the project does not show (a member's access level): the
	// lists are requested again with RelistEvery 1, and then match.
	var page struct {
		Data []struct {
			GID         string `json:"gid"`
			AccessLevel string `json:"access_level"`
		}
	}
	if _, err := f.client.Do(ctx, &asana.Request{Method: "GET", Path: "/memberships",
		Query: url.Values{"parent": {projects[1]}, "opt_fields": {"access_level"}}}, &page.Data); err != nil || len(page.Data) == 0 {
		t.Fatalf("memberships of %s: %d, %v", projects[1], len(page.Data), err)
	}
	level := "editor"
	if page.Data[0].AccessLevel == level {
		level = "commenter"
	}
	if _, err := f.client.Do(ctx, &asana.Request{Method: "PUT", Path: "/memberships/" + page.Data[0].GID,
		Body: map[string]any{"access_level": level}}, nil); err != nil {
		t.Fatal(err)
	}
	f.srv.Clock().Advance(time.Hour)
	b := f.backup(dir)
	b.RelistEvery = 1
	f.srv.ResetRequests()
	again, err := b.Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n := listed(); n != perFull {
		t.Errorf("RelistEvery 1 requested %d per-project lists; a full run %d", n, perFull)
	}
	sameData(t, full(), again.Dir)
	found := false
	if err := eachLine(openRoot(t, again.Dir), "project_memberships.jsonl", func(line []byte) error {
		var m struct {
			GID         string `json:"gid"`
			AccessLevel string `json:"access_level"`
		}
		err := json.Unmarshal(line, &m)
		found = found || m.GID == page.Data[0].GID && m.AccessLevel == level
		return err
	}); err != nil || !found {
		t.Errorf("membership %s at %s not in the snapshot (%v)", page.Data[0].GID, level, err)
	}
}

// TestIncrementalRelistsWhatTheBaseLeftOut: a project whose list the base
// left out (a 403 then) is listed again, never copied as empty.
func TestIncrementalRelistsWhatTheBaseLeftOut(t *testing.T) {
	ctx := t.Context()
	f := newFakeOrg(t, smallSizes(), nil)
	f.srv.Clock().Advance(time.Hour)
	const route = "/projects/{project_gid}/custom_field_settings"
	if err := f.srv.InjectFault(asanatest.Fault{Route: route, Status: http.StatusForbidden, Times: 1}); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	first := f.run(t, dir)
	if len(first.Manifest.Skipped) != 1 || first.Manifest.Skipped[0].Kind != "project_custom_field_settings" {
		t.Fatalf("base skipped %+v, want one project's custom field settings", first.Manifest.Skipped)
	}
	f.srv.ClearFaults()
	f.srv.Clock().Advance(time.Hour)
	b := f.backup(dir)
	b.RelistEvery = 1 << 20 // no project's turn
	f.srv.ResetRequests()
	inc, err := b.Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n := f.srv.RequestCounts().ByRoute["GET "+route]; n != 1 {
		t.Errorf("%d custom field settings lists, want the 1 the base left out", n)
	}
	if len(inc.Manifest.Skipped) != 0 {
		t.Errorf("incremental still skips %+v", inc.Manifest.Skipped)
	}
	full, err := f.backup(t.TempDir()).Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sameData(t, full.Dir, inc.Dir)
}
