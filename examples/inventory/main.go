// Command inventory lists an organization's service accounts from its
// audit log and flags those idle for -idle-days as candidates to
// deauthorize. Deauthorizing happens in Asana's admin console (Admin
// console > Apps > Service accounts): the API cannot do it.
//
// The audit log keeps 90 days and records admin-relevant actions only, not
// task edits: an account that only edits tasks looks idle. It needs a
// service account token of an Enterprise+ organization.
//
// Without ASANA_TOKEN it runs on the embedded fake: the demo organization
// plus an old, unused service account and a deauthorized one, 40 days on.
//
//	go run ./examples/inventory
//	ASANA_TOKEN=... go run ./examples/inventory -workspace 1201234 -idle-days 60
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/asanatest"
	"github.com/asanakit/asana-go/examples/internal/demo"
	"github.com/asanakit/asana-go/serviceaccounts/inventory"
)

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("inventory", flag.ContinueOnError)
	fs.SetOutput(stderr)
	workspace := fs.String("workspace", "", "organization `GID` (required with ASANA_TOKEN)")
	days := fs.Int("idle-days", 30, "days without API activity in the audit log that make an account idle")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `Usage: inventory [flags]

Lists the organization's service accounts from the audit log (90 days of
history, admin-relevant actions only) and flags idle ones as candidates to
deauthorize in the admin console. Without ASANA_TOKEN it runs on the
embedded fake.

Environment:
  ASANA_TOKEN     a service account token (only those may read the audit log)
  ASANA_BASE_URL  the API base URL (default `+asana.DefaultBaseURL+`)

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
	if *days < 1 {
		fmt.Fprintln(stderr, "inventory: -idle-days must be at least 1")
		return 2
	}
	opts := inventory.Options{IdleAfter: time.Duration(*days) * 24 * time.Hour}
	s, err := demo.Connect(ctx, stderr, demo.Options{Org: *workspace, OrgFlag: "workspace", Find: demo.OrgRequired,
		Prefix: "inventory: ", Notice: func(*asanatest.Org) string { return "running against the embedded fake" }})
	if errors.Is(err, demo.ErrOrgRequired) {
		fmt.Fprintln(stderr, "inventory:", err)
		return 2
	}
	if err == nil {
		defer s.Close()
		if s.Fake != nil {
			err = scene(ctx, s)
			opts.Now = s.Now()
		}
	}
	if err == nil {
		err = show(ctx, s.Client, s.OrgGID, opts, stdout)
	}
	if err != nil {
		fmt.Fprintln(stderr, "inventory:", err)
		return 1
	}
	return 0
}

func show(ctx context.Context, c *asana.Client, org string, opts inventory.Options, w io.Writer) error {
	accounts, err := inventory.Build(ctx, c, org, opts)
	if err != nil {
		return err
	}
	day := func(t time.Time) string {
		if t.IsZero() {
			return "-"
		}
		return t.Format("2006-01-02")
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SERVICE ACCOUNT\tGID\tCREATED\tLAST API ACTIVITY\tSTATUS")
	idle := 0
	for _, a := range accounts {
		status := "active"
		switch {
		case !a.Deauthorized.IsZero():
			status = "deauthorized " + day(a.Deauthorized)
		case a.Idle:
			status, idle = "IDLE: candidate to deauthorize", idle+1
		}
		name := a.Name
		if len(a.FormerNames) > 0 {
			name += " (was " + strings.Join(a.FormerNames, ", ") + ")"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", name, a.GID, day(a.Created), day(a.LastActive), status)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "\n%d of %d service accounts idle for %d days or more, per the audit log (90 days, admin-relevant actions only).\n",
		idle, len(accounts), int(opts.IdleAfter/(24*time.Hour)))
	if idle > 0 {
		fmt.Fprintln(w, "Deauthorize them in the admin console (Admin console > Apps > Service accounts); the API cannot.")
	}
	return nil
}

// scene sets the scene on the embedded fake's demo organization: an old
// unused service account, a deauthorized one, a rename, 40 days later an
// audited action of the demo service account through the API.
func scene(ctx context.Context, s *demo.Session) error {
	srv, org, ws := s.Fake, s.Demo, s.OrgGID
	if _, _, err := srv.AddServiceAccount(ws, "Legacy import bot"); err != nil {
		return err
	}
	_, tok, err := srv.AddServiceAccount(ws, "Spreadsheet sync")
	if err != nil {
		return err
	}
	if err := srv.DeauthorizeToken(tok); err != nil {
		return err
	}
	srv.Clock().Advance(40 * 24 * time.Hour)
	if err := srv.RenameServiceAccount(org.ServiceAccount.GID, "Provisioning bot"); err != nil {
		return err
	}
	return s.Client.Workspaces.RemoveUser(ctx, ws, org.Member.GID)
}
