// Command report answers the questions admins ask of an Asana
// organization with SQL: it backs the organization up (package export),
// loads the snapshot into a SQL database (package export/sqlload) and
// runs the standard reports (package report) on it.
//
//	go run ./examples/report                      # demo: every report, as tables
//	go run ./examples/report overdue              # one report
//	go run ./examples/report -format html -o report.html
//	go run ./examples/report -format csv workload > workload.csv
//	go run ./examples/report -snapshot ./asana-backup/000003-20260105T090000Z -db org.db
//	ASANA_TOKEN_FILE=/run/secrets/asana go run ./examples/report -backup /backups/asana -db /var/lib/asana/org.db
//
// With a token, each run makes the next (incremental) backup in -backup
// and loads it into -db, which is incremental too: only what changed is
// written. In demo mode (no token) it backs up the embedded fake's demo
// organization into a temporary directory and database, unless -backup
// or -db name others. With ASANA_REPORT_POSTGRES_URL set, the database
// is that PostgreSQL instead of the SQLite file.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/asanakit/asana-go/asanatest"
	"github.com/asanakit/asana-go/examples/internal/cli"
	"github.com/asanakit/asana-go/examples/internal/demo"
	"github.com/asanakit/asana-go/export"
	"github.com/asanakit/asana-go/export/sqlload"
	"github.com/asanakit/asana-go/report"
)

func main() { cli.Main(run) }

// postgresEnv names the variable holding a PostgreSQL URL (it may hold a
// password, so it is not a flag).
const postgresEnv = "ASANA_REPORT_POSTGRES_URL"

type options struct {
	common               cli.Flags
	backup, snapshot, db string
	org, format, out     string
	name                 string
	params               report.Params
	list                 bool
	concurrency          int
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	fs.SetOutput(stderr)
	o.common.Register(fs)
	fs.StringVar(&o.backup, "backup", "", "backup `directory` to add a snapshot to (default ./asana-backup; demo mode: a temporary one)")
	fs.StringVar(&o.snapshot, "snapshot", "", "load this snapshot `directory` instead of making a backup (no token needed)")
	fs.StringVar(&o.db, "db", "", "SQLite database `file` (default ./asana-report.db; demo mode: a temporary one)")
	fs.StringVar(&o.org, "org", "", "organization `GID` (default: the first organization the token sees)")
	fs.StringVar(&o.format, "format", "table", "output `format`: table, csv, json or html")
	fs.StringVar(&o.out, "o", "", "write the output to `file` instead of standard output")
	fs.IntVar(&o.params.InactiveDays, "inactive-days", 30, "a project is inactive after `N` days without a task change, comment or status update")
	fs.IntVar(&o.params.StatusDays, "status-days", 14, "a project's status update is stale after `N` days")
	fs.IntVar(&o.params.Weeks, "weeks", 12, "weeks the weekly report covers")
	fs.IntVar(&o.concurrency, "concurrency", 8, "projects, and tasks, fetched at once by the backup")
	fs.BoolVar(&o.list, "list", false, "list the reports and exit")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `Usage: report [flags] [NAME]

Backs up the organization, loads the snapshot into a SQL database (the
schema is export/sqlload/SCHEMA.md; each report is also a view there,
report_NAME) and prints the report NAME, or every standard report:

`)
		for _, r := range report.Standard {
			fmt.Fprintf(fs.Output(), "  %-18s %s\n", r.Name, r.Title)
		}
		fmt.Fprint(fs.Output(), `
Environment, besides the token's:
  `+postgresEnv+`  load into this PostgreSQL (postgres://...) instead of SQLite

`+cli.EnvHelp+`
Exit codes: 0 done, 1 failure, 2 usage or configuration, 130/143 interrupted.

Flags:
`)
		fs.PrintDefaults()
	}
	// The report's name may come before or after the flags.
	err := fs.Parse(args)
	if err == nil && fs.NArg() > 0 {
		o.name = fs.Arg(0)
		err = cli.Parse(fs, fs.Args()[1:])
	} else if err != nil && !errors.Is(err, flag.ErrHelp) {
		err = cli.Usage(err)
	}
	if err != nil {
		return o, err
	}
	if _, ok := report.Lookup(o.name); o.name != "" && !ok {
		return o, cli.Usagef("no report %q (see -list)", o.name)
	}
	switch o.format {
	case "table", "json", "html":
	case "csv":
		if o.name == "" {
			return o, cli.Usagef("-format csv needs a report NAME")
		}
	default:
		return o, cli.Usagef("-format must be table, csv, json or html")
	}
	if o.params.InactiveDays < 1 || o.params.StatusDays < 1 || o.params.Weeks < 1 || o.concurrency < 1 {
		return o, cli.Usagef("-inactive-days, -status-days, -weeks and -concurrency must be positive")
	}
	return o, nil
}

// run is the whole program; it returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	o, err := parseFlags(args, stderr)
	var env *cli.Env
	if err == nil {
		env, err = cli.Setup("report", &o.common, stderr)
	}
	if err != nil {
		return cli.ParseFailed("report", err, stderr)
	}
	if o.list {
		for _, r := range report.Standard {
			fmt.Fprintf(stdout, "%-18s %s\n", r.Name, r.Description)
		}
		return cli.ExitOK
	}
	tmp := ""
	if env.Demo() {
		if tmp, err = os.MkdirTemp("", "asana-report-demo-"); err != nil {
			return env.Fail(ctx, err, "")
		}
		defer os.RemoveAll(tmp)
	}
	snap := o.snapshot
	if snap == "" {
		if snap, err = backup(ctx, o, env, tmp); err != nil {
			return env.Fail(ctx, err, "")
		}
	}
	db, err := openDB(ctx, o, env, tmp)
	if err != nil {
		return env.Fail(ctx, err, "")
	}
	defer db.Close()
	st, err := db.Load(ctx, snap)
	if err != nil {
		return env.Fail(ctx, err, "")
	}
	env.Logger.Info("loaded", "snapshot", st.Snapshot, "database", db.Dialect.String(), "inserted", st.Inserted,
		"updated", st.Updated, "deleted", st.Deleted, "unchanged_files", st.UnchangedFiles)
	var results []*report.Result
	if o.name != "" {
		r, err := report.Run(ctx, db, o.name, o.params)
		if err != nil {
			return env.Fail(ctx, err, "")
		}
		results = []*report.Result{r}
	} else if results, err = report.RunAll(ctx, db, o.params); err != nil {
		return env.Fail(ctx, err, "")
	}
	if err := write(o, stdout, results); err != nil {
		return env.Fail(ctx, err, "")
	}
	return cli.ExitOK
}

// backup makes the next snapshot and returns its directory.
func backup(ctx context.Context, o options, env *cli.Env, tmp string) (string, error) {
	dir := o.backup
	switch {
	case dir == "" && env.Demo():
		dir = filepath.Join(tmp, "backup")
	case dir == "":
		dir = "./asana-backup"
	}
	if err := env.ClaimDir(dir); err != nil {
		return "", err
	}
	s, err := demo.Connect(ctx, env, demo.Options{Org: o.org, Find: demo.FirstOrg, ShareClock: true, NoRateLimit: true,
		Notice: func(org *asanatest.Org) string {
			return fmt.Sprintf("reporting on the embedded fake's demo organization %q (%d tasks, %d subtasks)",
				org.Organization.Name, org.Tasks, org.Subtasks)
		}})
	if err != nil {
		return "", err
	}
	defer s.Close()
	res, err := (&export.Backup{Client: s.Client, Organization: s.OrgGID, Dir: dir, Concurrency: o.concurrency}).Run(ctx)
	if err != nil {
		return "", err
	}
	env.Logger.Info("backed up", "snapshot", res.Dir, "mode", res.Manifest.Mode, "requests", res.Requests)
	return res.Dir, nil
}

// openDB opens the PostgreSQL of postgresEnv, or the SQLite file.
func openDB(ctx context.Context, o options, env *cli.Env, tmp string) (*sqlload.DB, error) {
	if url := os.Getenv(postgresEnv); url != "" {
		return sqlload.OpenPostgres(ctx, url)
	}
	path := o.db
	switch {
	case path == "" && env.Demo():
		path = filepath.Join(tmp, "org.db")
	case path == "":
		path = "./asana-report.db"
	}
	return sqlload.OpenSQLite(path)
}

// write writes the results in the chosen format to -o or stdout.
func write(o options, stdout io.Writer, results []*report.Result) (err error) {
	w := stdout
	if o.out != "" {
		f, err := os.Create(o.out)
		if err != nil {
			return err
		}
		defer func() {
			if cerr := f.Close(); err == nil {
				err = cerr
			}
		}()
		w = f
	}
	switch o.format {
	case "csv":
		return results[0].WriteCSV(w)
	case "html":
		return report.WriteHTML(w, "Asana organization report", results)
	case "json":
		if len(results) == 1 {
			return results[0].WriteJSON(w)
		}
		var parts []string
		for _, r := range results {
			var b strings.Builder
			if err := r.WriteJSON(&b); err != nil {
				return err
			}
			parts = append(parts, strings.TrimSpace(b.String()))
		}
		var check any
		out := "[" + strings.Join(parts, ",\n") + "]\n"
		if err := json.Unmarshal([]byte(out), &check); err != nil {
			return err
		}
		_, err := io.WriteString(w, out)
		return err
	}
	for i, r := range results {
		if i > 0 {
			fmt.Fprintln(w)
		}
		if err := r.WriteTable(w); err != nil {
			return err
		}
	}
	return nil
}
