package export

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/asanatest"
)

// noAuthTransport fails any request that carries an Authorization header.
type noAuthTransport struct {
	base http.RoundTripper
	t    *testing.T
	n    int
}

func (n *noAuthTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	n.n++
	if r.Header.Get("Authorization") != "" {
		n.t.Errorf("download request carries Authorization")
	}
	return n.base.RoundTrip(r)
}

// TestOrgExportLifecycle starts an export, polls it on the fake's clock
// until it is finished, and downloads it to a file.
func TestOrgExportLifecycle(t *testing.T) {
	f := newFakeOrg(t, smallSizes(), nil)
	clock := f.srv.Clock()
	dl := &noAuthTransport{base: f.srv.Transport(), t: t}
	o := &OrgExport{Client: f.client, HTTPClient: &http.Client{Transport: dl}, PollInterval: 10 * time.Second, MaxPollInterval: time.Minute}
	path := filepath.Join(t.TempDir(), "org.json.gz")

	type result struct {
		e   *asana.OrganizationExport
		n   int64
		err error
	}
	done := make(chan result, 1)
	start := clock.Now()
	go func() {
		e, n, err := o.Run(context.Background(), f.org.Organization.GID, path)
		done <- result{e, n, err}
	}()
	// Each poll parks on the clock: move it to the poll's wake-up time.
	polls := 0
	var res result
	for res.e == nil && res.err == nil {
		select {
		case res = <-done:
			continue
		default:
		}
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		if clock.BlockUntil(ctx, 1) == nil {
			polls++
			clock.Advance(time.Duration(min(1<<(polls-1), 6)) * 10 * time.Second)
		}
		cancel()
	}
	if res.err != nil {
		t.Fatal(res.err)
	}
	if res.e.State != asana.ExportFinished {
		t.Fatalf("state %q", res.e.State)
	}
	elapsed := clock.Now().Sub(start)
	if elapsed < asanatest.ExportDuration || elapsed > asanatest.ExportDuration+time.Minute {
		t.Errorf("finished after %v on the clock; the export takes %v", elapsed, asanatest.ExportDuration)
	}
	// Waits 10s, 20s, 40s, 60s, 60s, 60s, 60s: 310s.
	if polls != 7 {
		t.Errorf("%d polls, want 7", polls)
	}
	if dl.n != 1 {
		t.Errorf("%d download requests", dl.n)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if int64(len(data)) != res.n {
		t.Errorf("file has %d bytes, Run said %d", len(data), res.n)
	}
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for _, l := range strings.Split(strings.TrimSpace(string(body)), "\n") {
		var v struct {
			ResourceType string `json:"resource_type"`
		}
		if err := json.Unmarshal([]byte(l), &v); err != nil {
			t.Fatal(err)
		}
		kinds[v.ResourceType]++
	}
	if kinds["task"] != f.org.Tasks+f.org.Subtasks || kinds["project"] != len(f.org.Projects) {
		t.Errorf("export holds %v", kinds)
	}
	if _, err := os.Stat(path + ".tmp"); !os.IsNotExist(err) {
		t.Errorf("temporary file left: %v", err)
	}
}

// TestOrgExportErrors: a personal token may not export; a cancelled wait
// returns the context's error; a download before the export is finished
// fails without writing a file.
func TestOrgExportErrors(t *testing.T) {
	f := newFakeOrg(t, smallSizes(), nil)
	ctx := context.Background()

	pat := &OrgExport{Client: clientFor(t, f.srv, f.org.AdminToken)}
	if _, err := pat.Start(ctx, f.org.Organization.GID); !errors.Is(err, asana.ErrForbidden) {
		t.Errorf("personal token: %v, want 403", err)
	}

	o := &OrgExport{Client: f.client, HTTPClient: f.srv.HTTPClient()}
	e, err := o.Start(ctx, f.org.Organization.GID)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "x.gz")
	if _, err := o.DownloadFile(ctx, e.GID, path); err == nil || !strings.Contains(err.Error(), "not finished") {
		t.Errorf("early download: %v", err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Error("early download left a file")
	}
	cctx, cancel := context.WithCancel(ctx)
	go func() {
		_ = f.srv.Clock().BlockUntil(ctx, 1)
		cancel()
	}()
	if _, err := o.Wait(cctx, e.GID); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled wait: %v", err)
	}

	failed := asanatest.Must(f.srv.AddOrganizationExport(asanatest.OrganizationExport{OrganizationGID: f.org.Organization.GID, State: asanatest.ExportError}))
	var fe *ExportFailedError
	if _, err := o.Wait(ctx, failed.GID); !errors.As(err, &fe) || fe.GID != failed.GID {
		t.Errorf("failed export: %v", err)
	}
}
