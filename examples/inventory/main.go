// Command inventory lists an organization's service accounts from its
// audit log and flags those idle for -idle-days as candidates to
// deauthorize. Deauthorizing happens in Asana's admin console (Admin
// console > Apps > Service accounts): the API cannot do it.
//
// The audit log keeps 90 days and records admin-relevant actions only, not
// task edits: an account that only edits tasks looks idle. It needs a
// service account token of an Enterprise+ organization.
//
// In demo mode (neither ASANA_TOKEN nor ASANA_TOKEN_FILE set) it runs on
// the embedded fake: the demo organization plus an old, unused service
// account and a deauthorized one, 40 days on.
//
//	go run ./examples/inventory
//	ASANA_TOKEN=... go run ./examples/inventory -org 1201234 -idle-days 60
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/asanatest"
	"github.com/asanakit/asana-go/examples/internal/cli"
	"github.com/asanakit/asana-go/examples/internal/demo"
	"github.com/asanakit/asana-go/serviceaccounts/inventory"
)

func main() { cli.Main(run) }

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("inventory", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var common cli.Flags
	common.Register(fs)
	orgGID := fs.String("org", "", "organization `GID` (required with a token)")
	days := fs.Int("idle-days", 30, "days without API activity in the audit log that make an account idle")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `Usage: inventory [flags]

Lists the organization's service accounts from the audit log (90 days of
history, admin-relevant actions only) and flags idle ones as candidates to
deauthorize in the admin console. Without ASANA_TOKEN it runs on the
embedded fake.

The token must be a service account's: only those may read the audit log.

`+cli.EnvHelp+`
Exit codes: 0 done, 1 failure, 2 usage or configuration, 130/143
interrupted by SIGINT/SIGTERM.

Flags:
`)
		fs.PrintDefaults()
	}
	err := cli.Parse(fs, args)
	if err == nil && *days < 1 {
		err = cli.Usagef("-idle-days must be at least 1")
	}
	var env *cli.Env
	if err == nil {
		env, err = cli.Setup("inventory", &common, stderr)
	}
	if err != nil {
		return cli.ParseFailed("inventory", err, stderr)
	}
	opts := inventory.Options{IdleAfter: time.Duration(*days) * 24 * time.Hour}
	s, err := demo.Connect(ctx, env, demo.Options{Org: *orgGID, Find: demo.OrgRequired,
		Notice: func(*asanatest.Org) string { return "running against the embedded fake" }})
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
	return env.Fail(ctx, err, "")
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
