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
		e, n, err := o.Run(t.Context(), f.org.Organization.GID, path)
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
		ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
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
	if kinds["task"] != f.org.Tasks+f.org.Subtasks+f.org.MyTasksOnly || kinds["project"] != len(f.org.Projects) {
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
	ctx := t.Context()

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
	if _, err := o.DownloadFile(ctx, e.GID, path); !errors.Is(err, ErrNotFinished) {
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

// expiringTransport moves the fake's clock past the download URL's expiry
// before the first download request, as a slow start would.
type expiringTransport struct {
	base  http.RoundTripper
	clock *asanatest.Clock
	urls  []string
}

func (x *expiringTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if len(x.urls) == 0 {
		x.clock.Advance(2 * time.Hour)
	}
	x.urls = append(x.urls, r.URL.String())
	return x.base.RoundTrip(r)
}

// TestOrgExportDownloadRefreshesURL: an expired download URL is replaced by
// a fresh one, read from the export again; an URL that keeps failing is a
// *DownloadError that does not show the URL.
func TestOrgExportDownloadRefreshesURL(t *testing.T) {
	ctx := t.Context()
	f := newFakeOrg(t, smallSizes(), nil)
	done := asanatest.Must(f.srv.AddOrganizationExport(asanatest.OrganizationExport{OrganizationGID: f.org.Organization.GID, State: asanatest.ExportFinished}))
	x := &expiringTransport{base: f.srv.Transport(), clock: f.srv.Clock()}
	o := &OrgExport{Client: f.client, HTTPClient: &http.Client{Transport: x}}
	var buf bytes.Buffer
	n, err := o.Download(ctx, done.GID, &buf)
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 || int64(buf.Len()) != n || len(x.urls) != 2 || x.urls[0] == x.urls[1] {
		t.Errorf("downloaded %d bytes (%d buffered) from %q", n, buf.Len(), x.urls)
	}

	// Every URL expires before it is used: two tries, then the 403.
	always := &OrgExport{Client: f.client, HTTPClient: &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		f.srv.Clock().Advance(2 * time.Hour)
		return f.srv.Transport().RoundTrip(r)
	})}}
	_, err = always.Download(ctx, done.GID, io.Discard)
	var de *DownloadError
	if !errors.As(err, &de) || de.StatusCode != http.StatusForbidden {
		t.Fatalf("err = %v, want a 403 *DownloadError", err)
	}
	if strings.Contains(err.Error(), "signature") || strings.Contains(err.Error(), "http") {
		t.Errorf("error shows the URL: %v", err)
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
