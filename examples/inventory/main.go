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
	"github.com/asanakit/asana-go/serviceaccounts/inventory"
)

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Getenv, os.Stdout, os.Stderr))
}

func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
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
	var c *asana.Client
	var err error
	if tok := strings.TrimSpace(getenv("ASANA_TOKEN")); tok != "" {
		if *workspace == "" {
			fmt.Fprintln(stderr, "inventory: -workspace is required with ASANA_TOKEN")
			return 2
		}
		var o []asana.Option
		if base := getenv("ASANA_BASE_URL"); base != "" {
			o = append(o, asana.WithBaseURL(strings.TrimSuffix(base, "/")))
		}
		c, err = asana.NewClient(tok, o...)
	} else {
		fmt.Fprintln(stderr, "inventory: ASANA_TOKEN is not set: running against the embedded fake")
		var done func()
		c, *workspace, opts.Now, done, err = demo(ctx)
		if done != nil {
			defer done()
		}
	}
	if err == nil {
		err = show(ctx, c, *workspace, opts, stdout)
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

// demo sets the scene on the embedded fake: the demo organization, an old
// unused service account, a deauthorized one, a rename, 40 days later an
// audited action of the demo service account through the API.
func demo(ctx context.Context) (*asana.Client, string, time.Time, func(), error) {
	srv, err := asanatest.New()
	if err != nil {
		return nil, "", time.Time{}, nil, err
	}
	fail := func(err error) (*asana.Client, string, time.Time, func(), error) {
		srv.Close()
		return nil, "", time.Time{}, nil, err
	}
	org, err := srv.DemoOrganization()
	if err != nil {
		return fail(err)
	}
	ws := org.Organization.GID
	if _, _, err := srv.AddServiceAccount(ws, "Legacy import bot"); err != nil {
		return fail(err)
	}
	_, tok, err := srv.AddServiceAccount(ws, "Spreadsheet sync")
	if err != nil {
		return fail(err)
	}
	if err := srv.DeauthorizeToken(tok); err != nil {
		return fail(err)
	}
	srv.Clock().Advance(40 * 24 * time.Hour)
	if err := srv.RenameServiceAccount(org.ServiceAccount.GID, "Provisioning bot"); err != nil {
		return fail(err)
	}
	c, err := asana.NewClient(org.ServiceAccountToken, asana.WithBaseURL("http://localhost/api/1.0"), asana.WithTransport(srv.Transport()))
	if err != nil {
		return fail(err)
	}
	if err := c.Workspaces.RemoveUser(ctx, ws, org.Member.GID); err != nil {
		return fail(err)
	}
	return c, ws, srv.Clock().Now(), srv.Close, nil
}
