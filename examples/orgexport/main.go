// Command orgexport runs Asana's native organization export: it starts an
// export of the organization, polls it until Asana has finished it, and
// downloads the gzipped JSON to a file, streaming, without the Asana token
// (the download URL is pre-signed).
//
// Only service accounts of Enterprise organizations may export. With
// ASANA_TOKEN set it exports from Asana (or ASANA_BASE_URL); without a
// token it exports the embedded fake's demo organization, whose export
// takes five minutes of the fake's clock (which jumps ahead instead of
// waiting).
//
//	go run ./examples/orgexport -out org.json.gz
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/asanatest"
	"github.com/asanakit/asana-go/export"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("orgexport", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "org-export.json.gz", "`file` to write the gzipped export to (written under a temporary name, renamed when complete)")
	org := fs.String("org", "", "organization `GID` (default: the first organization the token sees)")
	poll := fs.Duration("poll", 10*time.Second, "first wait between two checks of the export; doubles up to 2m")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `Usage: orgexport [flags]

Starts an export of a whole Asana organization, waits until Asana has
made it, and downloads the gzipped JSON to -out. Only service accounts of
Enterprise organizations may export.

Environment:
  ASANA_TOKEN     a service account token; without it, orgexport exports
                  the demo organization of an embedded fake Asana
  ASANA_BASE_URL  the API base URL (default https://app.asana.com/api/1.0)

Flags:
`)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 || *poll <= 0 {
		fmt.Fprintln(stderr, "orgexport: unexpected arguments, or -poll not positive")
		return 2
	}
	o, orgGID, done, err := connect(ctx, getenv, *org, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "orgexport:", err)
		return 1
	}
	defer done()
	o.PollInterval = *poll

	e, err := o.Start(ctx, orgGID)
	if err != nil {
		fmt.Fprintln(stderr, "orgexport:", err)
		return 1
	}
	fmt.Fprintf(stdout, "Export %s started (%s); waiting for Asana to finish it.\n", e.GID, e.State)
	if e, err = o.Wait(ctx, e.GID); err != nil {
		fmt.Fprintln(stderr, "orgexport:", err)
		return 1
	}
	n, err := o.DownloadFile(ctx, e.GID, *out)
	if err != nil {
		fmt.Fprintln(stderr, "orgexport:", err)
		return 1
	}
	fmt.Fprintf(stdout, "Export %s finished; downloaded %d bytes to %s\n", e.GID, n, *out)
	return 0
}

// connect returns an OrgExport for Asana, or for the embedded fake when no
// token is set, and the organization to export.
func connect(ctx context.Context, getenv func(string) string, org string, stderr io.Writer) (*export.OrgExport, string, func(), error) {
	if tok := strings.TrimSpace(getenv("ASANA_TOKEN")); tok != "" {
		var opts []asana.Option
		if base := getenv("ASANA_BASE_URL"); base != "" {
			opts = append(opts, asana.WithBaseURL(base))
		}
		c, err := asana.NewClient(tok, opts...)
		if err != nil {
			return nil, "", nil, err
		}
		if org == "" {
			for ws, err := range c.Workspaces.List(ctx, &asana.ListOptions{Fields: []string{"name", "is_organization"}}) {
				if err != nil {
					return nil, "", nil, err
				}
				if ws.IsOrganization {
					org = ws.GID
					break
				}
			}
			if org == "" {
				return nil, "", nil, errors.New("the token sees no organization; name one with -org")
			}
		}
		// The download goes through a client of its own: never the API
		// client, which would add the token.
		return &export.OrgExport{Client: c, HTTPClient: &http.Client{Timeout: time.Hour}}, org, func() {}, nil
	}
	srv, err := asanatest.New()
	if err != nil {
		return nil, "", nil, err
	}
	demo, err := srv.DemoOrganization()
	var c *asana.Client
	if err == nil {
		// Waits on the fake's clock jump it forward at once.
		srv.Clock().SetAutoAdvance(true)
		c, err = asana.NewClient(demo.ServiceAccountToken, asana.WithTransport(srv.Transport()), asana.WithClock(srv.Clock()))
	}
	if err != nil {
		srv.Close()
		return nil, "", nil, err
	}
	fmt.Fprintf(stderr, "ASANA_TOKEN is not set: exporting the embedded fake's demo organization %q.\n", demo.Organization.Name)
	return &export.OrgExport{Client: c, HTTPClient: srv.HTTPClient()}, demo.Organization.GID, srv.Close, nil
}
