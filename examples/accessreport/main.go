// Command accessreport prints the admin chores that need a person's
// judgment, changing nothing: the custom field library (duplicate names,
// fields on no project, portfolio or goal, enum options never used) and
// the guests with no audit log event for -guest-days (Asana's API has no
// last-login field, so the audit log is the only source of a guest's
// activity). Inactive projects are planned by examples/cleanup, which
// counts status updates and comments as activity.
//
//	go run ./examples/accessreport                     # demo
//	go run ./examples/accessreport -json
//	ASANA_TOKEN_FILE=/etc/asana/token go run ./examples/accessreport -guest-days 60
//
// ASANA_TOKEN must be a service account's token (only those read the
// audit log). Without it the program runs against the embedded fake with
// the demo organization, with one guest who signed in today and one who
// never did.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/asanakit/asana-go/asanatest"
	"github.com/asanakit/asana-go/examples/internal/cli"
	"github.com/asanakit/asana-go/examples/internal/demo"
	"github.com/asanakit/asana-go/serviceaccounts"
)

func main() { cli.Main(run) }

// output is the -json rendering: both reports.
type output struct {
	CustomFields *serviceaccounts.CustomFieldReport   `json:"custom_fields"`
	Guests       *serviceaccounts.GuestActivityReport `json:"guests"`
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("accessreport", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var common cli.Flags
	common.Register(fs)
	orgGID := fs.String("org", "", "organization `GID` (default: the service account's)")
	days := fs.Int("guest-days", 30, "a guest with no audit log event for `N` days is inactive")
	asJSON := fs.Bool("json", false, "print both reports as one JSON object")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `Usage: accessreport [-guest-days N] [-json] [flags]

Reports the custom field library and the inactive guests of an
organization. It changes nothing. Without ASANA_TOKEN it uses the demo
organization.

`+cli.EnvHelp+`
Exit codes: 0 done, 1 failure, 2 usage or configuration, 130/143
interrupted by SIGINT/SIGTERM.

Flags:
`)
		fs.PrintDefaults()
	}
	err := cli.Parse(fs, args)
	if err == nil && (*days < 1 || *days > 90) {
		err = cli.Usagef("-guest-days must be from 1 to 90 (the audit log keeps about 90 days)")
	}
	var env *cli.Env
	if err == nil {
		env, err = cli.Setup("accessreport", &common, stderr)
	}
	if err != nil {
		return cli.ParseFailed("accessreport", err, stderr)
	}
	s, err := demo.Connect(ctx, env, demo.Options{Org: *orgGID, Find: demo.ServiceAccountOrg,
		Notice: func(*asanatest.Org) string { return "reporting on the embedded fake's demo organization" }})
	if err != nil {
		return env.Fail(ctx, err, "")
	}
	defer s.Close()
	if s.Fake != nil {
		if err := scene(s.Fake, s.Demo); err != nil {
			return env.Fail(ctx, err, "")
		}
	}
	out := output{}
	if out.CustomFields, err = serviceaccounts.ReportCustomFields(ctx, s.Client, s.OrgGID); err == nil {
		since := s.Now().Add(-time.Duration(*days) * 24 * time.Hour)
		out.Guests, err = serviceaccounts.ReportInactiveGuests(ctx, s.Client, s.OrgGID, since)
	}
	if err == nil {
		err = write(stdout, out, *asJSON)
	}
	return env.Fail(ctx, err, "")
}

// scene adds to the demo a guest who never signed in, and a sign-in today
// of the demo's own guest.
func scene(srv *asanatest.Server, org *asanatest.Org) error {
	u, err := srv.AddUser(asanatest.User{Name: "Quinn Reed", Email: "quinn.reed@agency.example"})
	if err != nil {
		return err
	}
	if _, err := srv.AddWorkspaceMember(org.Organization.GID, u.GID, asanatest.MemberOptions{Guest: true}); err != nil {
		return err
	}
	return srv.RecordLogin(org.Organization.GID, org.Guest.GID)
}

func write(w io.Writer, out output, asJSON bool) error {
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	if err := out.CustomFields.WriteText(w); err != nil {
		return err
	}
	fmt.Fprintln(w)
	return out.Guests.WriteText(w)
}
