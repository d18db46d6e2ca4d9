// Command orgexport runs Asana's native organization export: it starts an
// export of the organization, polls it until Asana has finished it, and
// downloads the gzipped JSON to a file, streaming, without the Asana token
// (the download URL is pre-signed).
//
// Only service accounts of Enterprise organizations may export. With a
// token (ASANA_TOKEN or ASANA_TOKEN_FILE) it exports from Asana (or
// ASANA_BASE_URL); in demo mode it exports the embedded fake's demo
// organization, whose export takes five minutes of the fake's clock (which
// jumps ahead instead of waiting).
//
//	go run ./examples/orgexport -out org.json.gz
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	iofs "io/fs"
	"net/http"
	"os"
	"time"

	"github.com/asanakit/asana-go/asanatest"
	"github.com/asanakit/asana-go/examples/internal/cli"
	"github.com/asanakit/asana-go/examples/internal/demo"
	"github.com/asanakit/asana-go/export"
)

func main() { cli.Main(run) }

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("orgexport", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var common cli.Flags
	common.Register(fs)
	out := fs.String("out", "org-export.json.gz", "`file` to write the gzipped export to (written under a temporary name, renamed when complete)")
	org := fs.String("org", "", "organization `GID` (default: the first organization the token sees)")
	resume := fs.String("resume", "", "wait for and download the export `GID` an interrupted run started, instead of starting one")
	poll := fs.Duration("poll", 10*time.Second, "first wait between two checks of the export; doubles up to 2m")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `Usage: orgexport [flags]

Starts an export of a whole Asana organization, waits until Asana has
made it, and downloads the gzipped JSON to -out. Only service accounts of
Enterprise organizations may export. Demo mode exports the embedded fake's
demo organization and never overwrites an existing file.

`+cli.EnvHelp+`
Exit codes: 0 done, 1 failure, 2 usage or configuration, 130/143
interrupted by SIGINT/SIGTERM (the export goes on in Asana: -resume GID
picks it up).

Flags:
`)
		fs.PrintDefaults()
	}
	err := cli.Parse(fs, args)
	if err == nil && *poll <= 0 {
		err = cli.Usagef("-poll must be positive")
	}
	var env *cli.Env
	if err == nil {
		env, err = cli.Setup("orgexport", &common, stderr)
	}
	if err != nil {
		return cli.ParseFailed("orgexport", err, stderr)
	}
	if env.Demo() {
		if _, err := os.Stat(*out); !errors.Is(err, iofs.ErrNotExist) {
			return env.Fail(ctx, cli.Usagef("%s exists: demo mode never overwrites a file (it may be a real export); choose another -out", *out), "")
		}
		if *resume != "" {
			return env.Fail(ctx, cli.Usagef("-resume: demo mode has nothing to resume, its fake starts afresh"), "")
		}
	}
	o, s, err := connect(ctx, *org, env)
	if err != nil {
		return env.Fail(ctx, err, "")
	}
	defer s.Close()
	o.PollInterval = *poll

	gid := *resume
	if gid == "" {
		e, err := o.Start(ctx, s.OrgGID)
		if err != nil {
			return env.Fail(ctx, err, "")
		}
		gid = e.GID
		fmt.Fprintf(stdout, "Export %s started (%s); waiting for Asana to finish it.\n", e.GID, e.State)
	}
	hint := "the export " + gid + " goes on in Asana: run again with -resume " + gid + " to wait for it and download it"
	if s.Fake != nil {
		hint = ""
	}
	e, err := o.Wait(ctx, gid)
	if err != nil {
		return env.Fail(ctx, err, hint)
	}
	n, err := o.DownloadFile(ctx, e.GID, *out)
	if err != nil {
		return env.Fail(ctx, err, hint)
	}
	fmt.Fprintf(stdout, "Export %s finished; downloaded %d bytes to %s\n", e.GID, n, *out)
	return cli.ExitOK
}

// connect returns an OrgExport for Asana, or for the embedded fake when no
// token is set, and the organization to export.
func connect(ctx context.Context, org string, env *cli.Env) (*export.OrgExport, *demo.Session, error) {
	s, err := demo.Connect(ctx, env, demo.Options{Org: org, Find: demo.FirstOrg, Clock: demo.AutoClock,
		Notice: func(org *asanatest.Org) string {
			return fmt.Sprintf("exporting the embedded fake's demo organization %q", org.Organization.Name)
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
