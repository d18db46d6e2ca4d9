// Command backup backs up an Asana organization to a directory, or checks
// a backup.
//
// Each run writes a snapshot directory inside -out: JSON Lines files (one
// object per line; per project for sections, tasks, stories and
// attachments) and a manifest.json with object counts and SHA-256
// checksums. Running it again with the same -out resumes a backup that did
// not finish, or else makes an incremental one that fetches only what
// changed and merges it with the previous snapshot.
//
// With ASANA_TOKEN set (a service account token sees the whole
// organization) it backs up Asana, or ASANA_BASE_URL if set. Without a
// token it starts an embedded fake Asana with the demo organization, the
// same in every run, so that its backups compare byte for byte.
//
//	go run ./examples/backup
//	go run ./examples/backup -verify ./asana-backup
//	ASANA_TOKEN=... go run ./examples/backup -out /backups/asana -keep 7 -every 24h
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/asanakit/asana-go/asanatest"
	"github.com/asanakit/asana-go/examples/internal/demo"
	"github.com/asanakit/asana-go/export"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr, isTerminal(os.Stderr))
	stop()
	os.Exit(code)
}

type options struct {
	out, org, verify string
	demoTasks        int
	concurrency      int
	keep             int
	full             bool
	every            time.Duration
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.out, "out", "./asana-backup", "backup `directory`; each run adds a snapshot directory inside it")
	fs.StringVar(&o.org, "org", "", "organization `GID` (default: the first organization the token sees)")
	fs.StringVar(&o.verify, "verify", "", "check a snapshot (or every snapshot of a backup `directory`) against its manifest, then exit")
	fs.IntVar(&o.demoTasks, "demo-tasks", 0, "without a token: size the demo organization to `N` top-level tasks (default: the demo's own size)")
	fs.IntVar(&o.concurrency, "concurrency", 8, "projects, and tasks, fetched at once")
	fs.IntVar(&o.keep, "keep", 0, "after a successful run keep only the last `N` snapshots (0 keeps all)")
	fs.BoolVar(&o.full, "full", false, "fetch everything instead of an incremental run")
	fs.DurationVar(&o.every, "every", 0, "keep running and back up every `interval` (for example 24h) until interrupted")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `Usage: backup [flags]

Backs up an Asana organization into -out: workspace memberships, users,
teams, team memberships, projects (archived too), sections, tasks with
their subtasks, comments and other stories, and attachment metadata, as
JSON Lines files with a manifest.json of counts and SHA-256 checksums.

A second run with the same -out resumes an unfinished backup (one that was
interrupted or killed) or makes an incremental one: only tasks modified
since the last run are fetched in full, the rest is taken from the previous
snapshot, and the result is a complete snapshot of its own.

Environment:
  ASANA_TOKEN     a service account token (sees the whole organization) or a
                  personal access token (sees what its user sees; projects
                  it may not read are listed as skipped in the manifest).
                  Without it, backup starts an embedded fake Asana with a
                  demo organization, identical in every run.
  ASANA_BASE_URL  the API base URL (default https://app.asana.com/api/1.0)

Flags:
`)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected arguments: %q", fs.Args())
	}
	if o.demoTasks < 0 || o.concurrency < 1 || o.keep < 0 || o.every < 0 {
		return o, errors.New("-demo-tasks, -keep and -every must not be negative, -concurrency must be positive")
	}
	return o, nil
}

// run is the whole program; it returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer, tty bool) int {
	o, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "backup:", err)
		return 2
	}
	if o.verify != "" {
		return verify(o.verify, stdout, stderr)
	}
	s, err := connect(ctx, o, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "backup:", err)
		return 1
	}
	defer s.Close()

	b := &export.Backup{Client: s.Client, Organization: s.OrgGID, Dir: o.out, Concurrency: o.concurrency, Keep: o.keep, Full: o.full}
	bar := &progressBar{w: stderr, tty: tty}
	b.Progress = bar.update
	report := func(res *export.Result, err error) {
		bar.clear()
		if err != nil {
			fmt.Fprintln(stderr, "backup:", err)
			if res != nil && res.Dir != "" {
				fmt.Fprintf(stderr, "backup: what is done is kept in %s; run again to resume\n", res.Dir)
			}
			return
		}
		summary(stdout, res)
	}
	if o.every > 0 {
		s := &export.Schedule{Backup: b, Interval: o.every, OnRun: report}
		err := s.Run(ctx)
		if errors.Is(err, context.Canceled) {
			return 0
		}
		fmt.Fprintln(stderr, "backup:", err)
		return 1
	}
	res, err := b.Run(ctx)
	report(res, err)
	if err != nil {
		return 1
	}
	return 0
}

// connect connects to Asana with a token, and to the embedded fake's demo
// organization without.
func connect(ctx context.Context, o options, stderr io.Writer) (*demo.Session, error) {
	// The fake's clock stands still, so the demo organization and the
	// backup's timestamps (the client shares the clock) are the same in
	// every run; rate limits are off on both sides, as nothing would ever
	// refill them. A periodic run needs time to pass: then the fake
	// follows the wall clock.
	do := demo.Options{Org: o.org, Find: demo.FirstOrg, ShareClock: true, NoRateLimit: true,
		Notice: func(org *asanatest.Org) string {
			return fmt.Sprintf("backing up the embedded fake's demo organization %q (%d tasks, %d subtasks).",
				org.Organization.Name, org.Tasks, org.Subtasks)
		}}
	if o.every > 0 {
		do.Clock = demo.RealClock
	}
	if o.demoTasks > 0 {
		sz := asanatest.DemoSizes()
		sz.Tasks = o.demoTasks
		sz.Projects = max(sz.Projects, o.demoTasks/500)
		do.Sizes = &sz
	}
	s, err := demo.Connect(ctx, stderr, do)
	if err == nil && s.Fake == nil && o.org == "" {
		fmt.Fprintf(stderr, "Backing up %s (%s).\n", s.OrgName, s.OrgGID)
	}
	return s, err
}

// summary prints one line per kind and where the manifest is.
func summary(w io.Writer, res *export.Result) {
	m := res.Manifest
	files := map[string]int{}
	for _, f := range m.Files {
		files[f.Kind]++
	}
	kinds := make([]string, 0, len(m.Counts))
	for k := range m.Counts {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	how := m.Mode
	if m.Base != "" {
		how += " on " + m.Base
	}
	if res.Resumed {
		how += ", resumed"
	}
	if res.BaseError != nil {
		how += ", full because the latest snapshot failed verification"
	}
	fmt.Fprintf(w, "Snapshot %s (%s, %d requests):\n", filepath.Base(res.Dir), how, res.Requests)
	for _, k := range kinds {
		fmt.Fprintf(w, "  %-22s %8d in %d file(s)\n", k, m.Counts[k], files[k])
	}
	for _, s := range m.Skipped {
		fmt.Fprintf(w, "  skipped project %s: %d\n", s.Project, s.Status)
	}
	for _, p := range res.Pruned {
		fmt.Fprintf(w, "  deleted old snapshot %s\n", p)
	}
	fmt.Fprintf(w, "Manifest: %s\n", filepath.Join(res.Dir, export.ManifestFile))
}

// verify checks one snapshot, or every complete snapshot of a backup
// directory.
func verify(dir string, stdout, stderr io.Writer) int {
	snaps := []string{dir}
	if _, err := os.Stat(filepath.Join(dir, export.ManifestFile)); err != nil {
		entries, err := os.ReadDir(dir)
		if err != nil {
			fmt.Fprintln(stderr, "backup:", err)
			return 1
		}
		snaps = snaps[:0]
		for _, e := range entries {
			if _, err := os.Stat(filepath.Join(dir, e.Name(), export.ManifestFile)); e.IsDir() && err == nil {
				snaps = append(snaps, filepath.Join(dir, e.Name()))
			}
		}
		if len(snaps) == 0 {
			fmt.Fprintf(stderr, "backup: no snapshot in %s\n", dir)
			return 1
		}
	}
	code := 0
	for _, s := range snaps {
		m, err := export.Verify(s)
		if err != nil {
			fmt.Fprintln(stderr, "backup:", err)
			code = 1
			continue
		}
		var n int64
		for _, c := range m.Counts {
			n += c
		}
		fmt.Fprintf(stdout, "%s: OK, %d objects in %d files match the manifest\n", s, n, len(m.Files))
	}
	return code
}

// progressBar draws the backup's progress on a terminal, at most ten
// times a second; elsewhere it stays silent.
type progressBar struct {
	w    io.Writer
	tty  bool
	mu   sync.Mutex
	last time.Time
	drew bool
}

func (p *progressBar) update(pr export.Progress) {
	if !p.tty {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	if now.Sub(p.last) < 100*time.Millisecond && pr.UnitsDone < pr.UnitsTotal {
		return
	}
	p.last = now
	const width = 30
	filled := 0
	if pr.UnitsTotal > 0 {
		filled = width * pr.UnitsDone / pr.UnitsTotal
	}
	fmt.Fprintf(p.w, "\r[%s%s] %d/%d units, %d objects, %d requests ",
		strings.Repeat("#", filled), strings.Repeat(".", width-filled), pr.UnitsDone, pr.UnitsTotal, pr.Objects, pr.Requests)
	p.drew = true
}

func (p *progressBar) clear() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.drew {
		fmt.Fprint(p.w, "\r\033[K")
		p.drew = false
	}
}

func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
