package export

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"github.com/asanakit/asana-go/asana"
	"github.com/hashicorp/go-cleanhttp"
)

// OrgExport runs Asana's native organization export, which only service
// accounts of Enterprise organizations may start: Start asks for it, Wait
// polls it until it is finished, and Download streams the gzipped JSON it
// produced to a writer (or DownloadFile to a file) without holding it in
// memory. Run does all three.
//
// The download URL is pre-signed and short-lived, so OrgExport never keeps
// one: every download re-reads the export for a fresh URL. It fetches that
// URL with its own HTTPClient, never with the API client, so that the
// Asana token is not sent to the storage host.
type OrgExport struct {
	// Client is the API client; its clock times the polling.
	Client *asana.Client
	// HTTPClient downloads the export. nil means a fresh client with
	// go-cleanhttp's transport. It must not add an Authorization header.
	HTTPClient *http.Client
	// PollInterval is the first wait between two reads of the export's
	// state (default 10s); each next wait doubles, up to MaxPollInterval
	// (default 2m).
	PollInterval, MaxPollInterval time.Duration
}

// ExportFailedError reports an export that Asana ended in state "error".
type ExportFailedError struct {
	GID string
}

// Error says which export failed.
func (e *ExportFailedError) Error() string {
	return fmt.Sprintf("export: organization export %s failed", e.GID)
}

// ErrNotFinished is the error (wrapped) of a download of an export that
// is not finished.
var ErrNotFinished = errors.New("export: organization export not finished")

// DownloadError is a download that the storage host answered with a
// status other than 200 OK, even after a fresh URL where one could help.
type DownloadError struct {
	StatusCode int
	Status     string
}

// Error gives the status; never the URL, which is a credential while it
// lasts.
func (e *DownloadError) Error() string {
	return "export: download: " + e.Status
}

// Start asks Asana to export the organization and returns the export,
// usually still pending.
func (o *OrgExport) Start(ctx context.Context, organizationGID string) (*asana.OrganizationExport, error) {
	return o.Client.OrganizationExports.Create(ctx, organizationGID, nil)
}

// Wait polls the export until it is finished, with a growing interval on
// the client's clock. An export that ends in "error" is an
// *ExportFailedError; the context's end stops the wait.
func (o *OrgExport) Wait(ctx context.Context, exportGID string) (*asana.OrganizationExport, error) {
	wait, maxWait := o.PollInterval, o.MaxPollInterval
	if wait <= 0 {
		wait = 10 * time.Second
	}
	if maxWait <= 0 {
		maxWait = 2 * time.Minute
	}
	clock := o.Client.Clock()
	for {
		e, err := o.Client.OrganizationExports.Get(ctx, exportGID, nil)
		if err != nil {
			return nil, err
		}
		switch e.State {
		case asana.ExportFinished:
			return e, nil
		case asana.ExportError:
			return e, &ExportFailedError{GID: exportGID}
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-clock.After(wait):
		}
		wait = min(2*wait, maxWait)
	}
}

// Download streams a finished export's gzipped JSON to w and returns the
// number of bytes written. It reads the export first for a fresh download
// URL, and once more if that URL has expired by the time it is fetched.
func (o *OrgExport) Download(ctx context.Context, exportGID string, w io.Writer) (int64, error) {
	hc := o.HTTPClient
	if hc == nil {
		hc = cleanhttp.DefaultClient()
	}
	var last error
	for attempt := 0; attempt < 2; attempt++ {
		e, err := o.Client.OrganizationExports.Get(ctx, exportGID, nil)
		if err != nil {
			return 0, err
		}
		if e.State != asana.ExportFinished || e.DownloadURL == "" {
			return 0, fmt.Errorf("%w: %s is %s", ErrNotFinished, exportGID, e.State)
		}
		n, retry, err := fetch(ctx, hc, e.DownloadURL, w)
		if err == nil || !retry {
			return n, err
		}
		last = err
	}
	return 0, last
}

// fetch GETs url into w. retry is true when nothing was written and a
// fresh URL may help (the signature expired).
func fetch(ctx context.Context, hc *http.Client, rawURL string, w io.Writer) (n int64, retry bool, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return 0, false, fmt.Errorf("export: download: %w", err)
	}
	resp, err := hc.Do(req)
	if err != nil {
		return 0, false, fmt.Errorf("export: download: %w", stripURL(err))
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		retry = resp.StatusCode == http.StatusForbidden || resp.StatusCode == http.StatusNotFound
		return 0, retry, &DownloadError{StatusCode: resp.StatusCode, Status: resp.Status}
	}
	n, err = io.Copy(w, resp.Body)
	if err != nil {
		return n, false, fmt.Errorf("export: download: %w", err)
	}
	if resp.ContentLength >= 0 && n != resp.ContentLength {
		return n, false, fmt.Errorf("export: download: got %d of %d bytes", n, resp.ContentLength)
	}
	return n, false, nil
}

// stripURL drops the signed URL from a transport error: it is a
// credential while it lasts.
func stripURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// DownloadFile downloads a finished export into path, written under a
// temporary name and renamed when complete, so that path never holds a
// partial export. Neither name is written through a link: a link at
// path.tmp is removed first, and one at path is replaced by the file.
func (o *OrgExport) DownloadFile(ctx context.Context, exportGID, path string) (int64, error) {
	name := filepath.Base(path)
	if err := checkName(name); err != nil {
		return 0, err
	}
	dir, err := os.OpenRoot(filepath.Dir(path))
	if err != nil {
		return 0, err
	}
	defer dir.Close()
	f, err := createAtomic(dir, name)
	if err != nil {
		return 0, err
	}
	n, err := o.Download(ctx, exportGID, f)
	if err != nil {
		f.Abort()
		return n, err
	}
	return n, f.Commit()
}

// Run starts an export of the organization, waits for it and downloads it
// into path. It returns the finished export and the size of the file.
func (o *OrgExport) Run(ctx context.Context, organizationGID, path string) (*asana.OrganizationExport, int64, error) {
	e, err := o.Start(ctx, organizationGID)
	if err != nil {
		return nil, 0, err
	}
	if e, err = o.Wait(ctx, e.GID); err != nil {
		return e, 0, err
	}
	n, err := o.DownloadFile(ctx, e.GID, path)
	return e, n, err
}
