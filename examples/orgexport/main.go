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
	"time"

	"github.com/asanakit/asana-go/asanatest"
	"github.com/asanakit/asana-go/examples/internal/demo"
	"github.com/asanakit/asana-go/export"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
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
	o, s, err := connect(ctx, *org, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "orgexport:", err)
		return 1
	}
	defer s.Close()
	o.PollInterval = *poll

	e, err := o.Start(ctx, s.OrgGID)
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
func connect(ctx context.Context, org string, stderr io.Writer) (*export.OrgExport, *demo.Session, error) {
	s, err := demo.Connect(ctx, stderr, demo.Options{Org: org, Find: demo.FirstOrg, Clock: demo.AutoClock,
		Notice: func(org *asanatest.Org) string {
			return fmt.Sprintf("exporting the embedded fake's demo organization %q.", org.Organization.Name)
		}})
	if err != nil {
		return nil, nil, err
	}
	if s.Fake != nil {
		return &export.OrgExport{Client: s.Client, HTTPClient: s.Fake.HTTPClient()}, s, nil
	}
	// The download goes through a client of its own: never the API
	// client, which would add the token.
	return &export.OrgExport{Client: s.Client, HTTPClient: &http.Client{Timeout: time.Hour}}, s, nil
}
