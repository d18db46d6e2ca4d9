package export

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/asanatest"
)

// exportFake is a small fake organization whose clock jumps to each
// wake-up, so that the backup's wait for the export job takes no time,
// an hour past the generated data.
func exportFake(t *testing.T) *fakeOrg {
	t.Helper()
	f := newFakeOrg(t, smallSizes(), nil)
	f.srv.Clock().Advance(time.Hour)
	f.srv.Clock().SetAutoAdvance(true)
	return f
}

// perTaskRoutes are the requests the export saves.
var perTaskRoutes = []string{"GET /tasks/{task_gid}/stories", "GET /tasks/{task_gid}/subtasks", "GET /attachments"}

func routeSum(c asanatest.RequestCounts, routes ...string) int {
	n := 0
	for _, r := range routes {
		n += c.ByRoute[r]
	}
	return n
}

// TestResourceExportSameSnapshot: a full backup through the resource
// export and one through the per-task path give the same data files
// (the audit log aside, which records the export), with far fewer
// per-task requests, with and without SearchSubtasks.
func TestResourceExportSameSnapshot(t *testing.T) {
	for _, searchSubtasks := range []bool{false, true} {
		t.Run(map[bool]string{false: "manual-order", true: "search-subtasks"}[searchSubtasks], func(t *testing.T) {
			f := exportFake(t)
			normal := f.backup(t.TempDir())
			normal.SearchSubtasks = searchSubtasks
			f.srv.ResetRequests()
			want, err := normal.Run(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			normalCounts := f.srv.RequestCounts()

			bk := f.backup(t.TempDir())
			bk.SearchSubtasks, bk.ResourceExport = searchSubtasks, true
			f.srv.ResetRequests()
			got, err := bk.Run(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			if got.ResourceExportError != nil {
				t.Fatalf("export path not taken: %v", got.ResourceExportError)
			}
			counts := f.srv.RequestCounts()
			sameData(t, want.Dir, got.Dir, "audit_log_events")
			// The tasks only in someone's My Tasks are a kind of their own
			// (kinds.go), listed per task with or without the export.
			myTasksOnly := int(got.Manifest.Counts["user_task_list_tasks"])
			if n := counts.ByRoute["GET /tasks/{task_gid}/stories"]; n != myTasksOnly {
				t.Errorf("%d stories lists through the export, want %d (My Tasks only)", n, myTasksOnly)
			}
			if counts.ByRoute["POST /exports/resource"] != 1 {
				t.Errorf("export requests: %v", counts.ByRoute)
			}
			before, after := routeSum(normalCounts, perTaskRoutes...), routeSum(counts, perTaskRoutes...)
			if after*4 > before {
				t.Errorf("per-task requests %d through the export, %d without", after, before)
			}
			if searchSubtasks && counts.ByRoute["GET /tasks/{task_gid}/subtasks"] != myTasksOnly {
				t.Errorf("subtasks listed with SearchSubtasks: %v", counts.ByRoute)
			}
		})
	}
}

// TestResourceExportFreshness: a task commented on after the export began
// is not judged from it: its stories are listed, and the new comment is
// in the snapshot.
func TestResourceExportFreshness(t *testing.T) {
	f := exportFake(t)
	raw, err := f.client.RawGet(t.Context(), asana.RawRouteOf("Tasks.ListForProject", f.org.Projects[0].GID), url.Values{"limit": {"1"}})
	var first []struct {
		GID string `json:"gid"`
	}
	if err == nil {
		err = json.Unmarshal(raw, &first)
	}
	if err != nil || len(first) == 0 {
		t.Fatal(err, len(first))
	}
	task := first[0].GID
	tr := &rewriteTransport{base: f.srv.Transport(), job: func(b []byte) []byte {
		if bytes.Contains(b, []byte(`"succeeded"`)) && task != "" {
			// The export is done: comment before the run reads the task.
			_, err := f.client.Do(context.Background(), &asana.Request{Method: "POST", Path: "/tasks/" + task + "/stories",
				Body: map[string]any{"text": "after the export"}}, nil)
			if err != nil {
				t.Error(err)
			}
			task = ""
		}
		return b
	}}
	bk := f.backup(t.TempDir())
	bk.Client = clientFor(t, f.srv, f.org.ServiceAccountToken, asana.WithTransport(tr))
	bk.ResourceExport = true
	got, err := bk.Run(t.Context())
	if err != nil || got.ResourceExportError != nil {
		t.Fatal(err, got.ResourceExportError)
	}
	want := f.run(t, t.TempDir())
	sameData(t, want.Dir, got.Dir, "audit_log_events")
	if !strings.Contains(string(readTree(t, got.Dir)[storiesOf(t, got.Dir)]), "after the export") {
		t.Error("the comment made after the export is not in the snapshot")
	}
}

// storiesOf names the stories file holding "after the export".
func storiesOf(t *testing.T, dir string) string {
	for name, b := range readTree(t, dir) {
		if strings.HasSuffix(name, storiesFile) && bytes.Contains(b, []byte("after the export")) {
			return name
		}
	}
	return ""
}

// rewriteTransport edits the answers of the export's job and download.
type rewriteTransport struct {
	base     http.RoundTripper
	job      func([]byte) []byte
	download func([]byte) []byte
}

func (rt *rewriteTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := rt.base.RoundTrip(req)
	if err != nil {
		return resp, err
	}
	var edit func([]byte) []byte
	switch {
	case strings.Contains(req.URL.Path, "/jobs/"):
		edit = rt.job
	case strings.Contains(req.URL.Path, "/downloads/object_exports/"):
		edit = rt.download
	}
	if edit == nil {
		return resp, nil
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	b = edit(b)
	resp.Body = io.NopCloser(bytes.NewReader(b))
	resp.ContentLength = int64(len(b))
	resp.Header.Del("Content-Length")
	return resp, nil
}

func gzipped(t *testing.T, s string) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write([]byte(s)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestResourceExportFallback: every way the export can fail leaves the
// run on the per-task path, with a snapshot equal to one made without the
// export.
func TestResourceExportFallback(t *testing.T) {
	cases := []struct {
		name  string
		setup func(t *testing.T, f *fakeOrg, bk *Backup, tr *rewriteTransport)
		want  func(error) bool
	}{
		{"402 not enterprise", func(t *testing.T, f *fakeOrg, _ *Backup, _ *rewriteTransport) {
			if err := f.srv.InjectFault(asanatest.Fault{Method: "POST", Route: "/exports/resource", Status: http.StatusPaymentRequired}); err != nil {
				t.Fatal(err)
			}
		}, func(err error) bool { return errors.Is(err, asana.ErrPaymentRequired) }},
		{"403 export running", func(t *testing.T, f *fakeOrg, _ *Backup, _ *rewriteTransport) {
			_, err := f.client.Exports.CreateResource(t.Context(), &asana.ExportCreateResourceRequest{Workspace: f.org.Organization.GID,
				ExportRequestParameters: []asana.ResourceExportRequestParameterInput{{ResourceType: "team"}}})
			if err != nil {
				t.Fatal(err)
			}
		}, func(err error) bool { return errors.Is(err, asana.ErrForbidden) }},
		{"job failed", func(_ *testing.T, _ *fakeOrg, _ *Backup, tr *rewriteTransport) {
			tr.job = func(b []byte) []byte { return bytes.ReplaceAll(b, []byte(`"succeeded"`), []byte(`"failed"`)) }
		}, func(err error) bool { return errors.Is(err, asana.ErrJobFailed) }},
		{"download refused", func(_ *testing.T, _ *fakeOrg, _ *Backup, tr *rewriteTransport) {
			tr.job = func(b []byte) []byte { return bytes.ReplaceAll(b, []byte("signature="), []byte("signature=x")) }
		}, func(err error) bool { return errors.Is(err, asana.ErrForbidden) }},
		{"corrupt gzip", func(_ *testing.T, _ *fakeOrg, _ *Backup, tr *rewriteTransport) {
			tr.download = func(b []byte) []byte {
				for i := 20; i < len(b)-8; i += 7 {
					b[i] ^= 0x5a
				}
				return b
			}
		}, nil},
		{"truncated download", func(_ *testing.T, _ *fakeOrg, _ *Backup, tr *rewriteTransport) {
			tr.download = func(b []byte) []byte { return b[:len(b)/2] }
		}, func(err error) bool { return errors.Is(err, io.ErrUnexpectedEOF) }},
		{"hostile task gid", func(t *testing.T, _ *fakeOrg, _ *Backup, tr *rewriteTransport) {
			tr.download = func([]byte) []byte { return gzipped(t, `{"gid":"../../etc","resource_type":"task"}`+"\n") }
		}, func(err error) bool { return err != nil && strings.Contains(err.Error(), "gid") }},
		{"hostile parent gid", func(t *testing.T, _ *fakeOrg, _ *Backup, tr *rewriteTransport) {
			tr.download = func([]byte) []byte {
				return gzipped(t, `{"gid":"12","resource_type":"task","parent":{"gid":"1/../2"},"stories":[],"attachments":[]}`+"\n")
			}
		}, func(err error) bool { return err != nil && strings.Contains(err.Error(), "gid") }},
		{"story of another task", func(t *testing.T, _ *fakeOrg, _ *Backup, tr *rewriteTransport) {
			tr.download = func([]byte) []byte {
				return gzipped(t, `{"gid":"12","stories":[{"gid":"13","target":{"gid":"14"}}],"attachments":[]}`+"\n")
			}
		}, func(err error) bool { return err != nil && strings.Contains(err.Error(), "another target") }},
		{"not JSON", func(t *testing.T, _ *fakeOrg, _ *Backup, tr *rewriteTransport) {
			tr.download = func([]byte) []byte { return gzipped(t, "{\"gid\":\"12\"\n") }
		}, nil},
		{"over the size cap", func(_ *testing.T, _ *fakeOrg, bk *Backup, _ *rewriteTransport) {
			bk.MaxResourceExportBytes = 512
		}, func(err error) bool { return errors.Is(err, errExportTooLarge) }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := exportFake(t)
			tr := &rewriteTransport{base: f.srv.Transport()}
			bk := f.backup(t.TempDir())
			bk.Client = clientFor(t, f.srv, f.org.ServiceAccountToken, asana.WithTransport(tr))
			bk.ResourceExport = true
			c.setup(t, f, bk, tr)
			got, err := bk.Run(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			if got.ResourceExportError == nil || c.want != nil && !c.want(got.ResourceExportError) {
				t.Fatalf("ResourceExportError = %v", got.ResourceExportError)
			}
			f.srv.ClearFaults()
			want := f.run(t, t.TempDir())
			sameData(t, want.Dir, got.Dir, "audit_log_events")
			if _, ok := readTree(t, got.Dir)[resourceExportSpool]; ok {
				t.Error("the export's spool is left in the snapshot")
			}
		})
	}
}

// TestResourceExportResume: a run through the export that is stopped
// amid its projects resumes (exporting again) into the same snapshot as
// an uninterrupted one.
func TestResourceExportResume(t *testing.T) {
	f := exportFake(t)
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	bk := f.backup(dir)
	bk.ResourceExport = true
	projects := 0
	bk.Progress = func(p Progress) {
		if strings.HasPrefix(p.Unit, unitProjectPrefix) {
			if projects++; projects == 3 {
				cancel()
			}
		}
	}
	if _, err := bk.Run(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted run: %v", err)
	}
	bk.Progress = nil
	got, err := bk.Run(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if !got.Resumed || got.ResourceExportError != nil {
		t.Fatalf("resumed %v, export error %v", got.Resumed, got.ResourceExportError)
	}
	want := f.run(t, t.TempDir())
	sameData(t, want.Dir, got.Dir, "audit_log_events")
}
