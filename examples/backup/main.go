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
// With a token (ASANA_TOKEN or ASANA_TOKEN_FILE; a service account token
// sees the whole organization) it backs up Asana, or ASANA_BASE_URL if set.
// In demo mode (neither is set) it backs up an embedded fake Asana's demo
// organization, the same in every run, so that its backups compare byte
// for byte, and only into a directory of demo backups.
//
//	go run ./examples/backup
//	go run ./examples/backup -verify ./asana-backup
//	ASANA_TOKEN_FILE=/run/secrets/asana go run ./examples/backup -out /backups/asana -keep 7 -json
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/asanakit/asana-go/asanatest"
	"github.com/asanakit/asana-go/examples/internal/cli"
	"github.com/asanakit/asana-go/examples/internal/demo"
	"github.com/asanakit/asana-go/export"
)

func main() { cli.Main(run) }

type options struct {
	common           cli.Flags
	out, org, verify string
	demoTasks        int
	concurrency      int
	keep             int
	full, asJSON     bool
	wholeFiles       bool
	every            time.Duration
	attachments      string
	maxAttachment    int64
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	fs.SetOutput(stderr)
	o.common.Register(fs)
	fs.StringVar(&o.out, "out", "./asana-backup", "backup `directory`; each run adds a snapshot directory inside it")
	fs.StringVar(&o.org, "org", "", "organization `GID` (default: the first organization the token sees)")
	fs.StringVar(&o.verify, "verify", "", "check a snapshot (or every snapshot of a backup `directory`) against its manifest, then exit")
	fs.IntVar(&o.demoTasks, "demo-tasks", 0, "demo mode: size the demo organization to `N` top-level tasks (default: the demo's own size)")
	fs.IntVar(&o.concurrency, "concurrency", 8, "projects, and tasks, fetched at once")
	fs.IntVar(&o.keep, "keep", 0, "after a successful run keep only the last `N` snapshots (0 keeps all)")
	fs.BoolVar(&o.full, "full", false, "fetch everything instead of an incremental run")
	fs.BoolVar(&o.wholeFiles, "whole-files", false, "keep every data file whole instead of as chunks shared between snapshots (files any tool can read, more disk)")
	fs.StringVar(&o.attachments, "attachments", string(export.AttachmentsMetadata), "what to keep of attachments: `none`, metadata, or content (the files, stored once per SHA-256 and shared between snapshots)")
	fs.Int64Var(&o.maxAttachment, "max-attachment-bytes", export.DefaultMaxAttachmentBytes, "with -attachments content: skip files larger than `N` bytes")
	fs.BoolVar(&o.asJSON, "json", false, "print the summary as JSON")
	fs.DurationVar(&o.every, "every", 0, "keep running and back up every `interval` (for example 24h) until stopped")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `Usage: backup [flags]

Backs up an Asana organization into -out: workspace memberships, users,
teams and their access settings, team memberships, projects (archived
too) with their members, custom field settings, status updates, briefs and
attachments, sections, tasks with their subtasks, comments and other
stories, custom field definitions with enum options, tags, portfolios with
items and members, goals with relationships, time periods and stories,
project and task templates, My Tasks sections and the tasks only there,
webhooks, and attachment records (or their files, with -attachments
content), as JSON Lines files with a manifest.json of counts and SHA-256
checksums.

A second run with the same -out resumes an unfinished backup (one that was
interrupted or killed) or makes an incremental one: only tasks modified
since the last run are fetched in full, the rest is taken from the previous
snapshot, and the result is a complete snapshot of its own.

The token may be a service account's (sees the whole organization) or a
personal one (sees what its user sees; projects it may not read are listed
as skipped). Demo mode backs up the embedded fake's demo organization,
identical in every run, into a directory it marks as the demo's (`+cli.DemoMarker+`):
it never writes into, resumes or prunes a directory of real backups, and
a run with a token never touches the demo's.

`+cli.EnvHelp+`
Exit codes: 0 done, 1 failure, 2 usage or configuration, 3 done but some
projects were skipped (see the summary), 130/143 interrupted by
SIGINT/SIGTERM (what is done is kept: run again to resume). With -every,
a signal is how it stops: 0.

Flags:
`)
		fs.PrintDefaults()
	}
	if err := cli.Parse(fs, args); err != nil {
		return o, err
	}
	if o.demoTasks < 0 || o.concurrency < 1 || o.keep < 0 || o.every < 0 {
		return o, cli.Usagef("-demo-tasks, -keep and -every must not be negative, -concurrency must be positive")
	}
	if o.maxAttachment < 1 {
		return o, cli.Usagef("-max-attachment-bytes must be positive")
	}
	switch export.AttachmentMode(o.attachments) {
	case export.AttachmentsNone, export.AttachmentsMetadata, export.AttachmentsContent:
	default:
		return o, cli.Usagef("-attachments is none, metadata or content, not %q", o.attachments)
	}
	return o, nil
}

// run is the whole program; it returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	o, err := parseFlags(args, stderr)
	var env *cli.Env
	if err == nil {
		env, err = cli.Setup("backup", &o.common, stderr)
	}
	if err != nil {
		return cli.ParseFailed("backup", err, stderr)
	}
	if o.verify != "" {
		return verify(o.verify, stdout, env)
	}
	if err := env.ClaimDir(o.out); err != nil {
		return env.Fail(ctx, err, "")
	}
	s, err := connect(ctx, o, env)
	if err != nil {
		return env.Fail(ctx, err, "")
	}
	defer s.Close()

	b := &export.Backup{Client: s.Client, Organization: s.OrgGID, Dir: o.out, Concurrency: o.concurrency, Keep: o.keep, Full: o.full,
		WholeFiles: o.wholeFiles, Attachments: export.AttachmentMode(o.attachments), MaxAttachmentBytes: o.maxAttachment}
	if s.Fake != nil {
		b.HTTPClient = s.Fake.HTTPClient() // the demo's files are the fake's
	}
	bar := env.NewProgress("units")
	b.Progress = func(p export.Progress) {
		bar.Update(p.UnitsDone, p.UnitsTotal, "objects", p.Objects, "requests", p.Requests)
	}
	report := func(res *export.Result, err error) int {
		bar.Clear()
		if err != nil {
			hint := ""
			if res != nil && res.Dir != "" {
				hint = "what is done is kept in " + res.Dir + "; run again with the same -out to resume"
			}
			return env.Fail(ctx, err, hint)
		}
		if err := summary(stdout, res, env.Demo(), o.asJSON); err != nil {
			return env.Fail(ctx, err, "")
		}
		if n := len(res.Manifest.Skipped); n > 0 {
			return env.Fail(ctx, fmt.Errorf("%w: %d projects or lists were skipped (the token may not read them, or the plan lacks the feature)", cli.ErrPartial, n), "")
		}
		return cli.ExitOK
	}
	if o.every > 0 {
		sch := &export.Schedule{Backup: b, Interval: o.every, OnRun: func(res *export.Result, err error) {
			if ctx.Err() == nil {
				report(res, err)
			}
		}}
		if err := sch.Run(ctx); ctx.Err() == nil {
			return env.Fail(ctx, err, "")
		}
		env.Logger.Info("stopped", "cause", context.Cause(ctx).Error())
		return cli.ExitOK
	}
	res, err := b.Run(ctx)
	return report(res, err)
}

// connect connects to Asana with a token, and to the embedded fake's demo
// organization in demo mode.
func connect(ctx context.Context, o options, env *cli.Env) (*demo.Session, error) {
	// The fake's clock stands still, so the demo organization and the
	// backup's timestamps (the client shares the clock) are the same in
	// every run; rate limits are off on both sides, as nothing would ever
	// refill them. A periodic run needs time to pass: then the fake
	// follows the wall clock.
	do := demo.Options{Org: o.org, Find: demo.FirstOrg, ShareClock: true, NoRateLimit: true,
		Notice: func(org *asanatest.Org) string {
			return fmt.Sprintf("backing up the embedded fake's demo organization %q (%d tasks, %d subtasks)",
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
	s, err := demo.Connect(ctx, env, do)
	if err == nil && s.Fake == nil {
		env.Logger.Info("backing up", "organization", s.OrgName, "gid", s.OrgGID, "out", o.out)
	}
	return s, err
}

// jsonSummary is the -json rendering of a finished run.
type jsonSummary struct {
	Snapshot string           `json:"snapshot"`
	Manifest string           `json:"manifest"`
	Mode     string           `json:"mode"`
	Base     string           `json:"base,omitempty"`
	Resumed  bool             `json:"resumed"`
	Demo     bool             `json:"demo"`
	Requests int64            `json:"requests"`
	Counts   map[string]int64 `json:"counts"`
	Files    int              `json:"files"`
	Skipped  []export.Skipped `json:"skipped,omitempty"`
	Pruned   []string         `json:"pruned,omitempty"`
	BaseErr  string           `json:"base_error,omitempty"`
}

// summary prints one line per kind and where the manifest is, or the
// same as JSON.
func summary(w io.Writer, res *export.Result, demoMode, asJSON bool) error {
	m := res.Manifest
	if asJSON {
		js := jsonSummary{Snapshot: res.Dir, Manifest: filepath.Join(res.Dir, export.ManifestFile), Mode: m.Mode, Base: m.Base,
			Resumed: res.Resumed, Demo: demoMode, Requests: res.Requests, Counts: m.Counts, Files: len(m.Files),
			Skipped: m.Skipped, Pruned: res.Pruned}
		if res.BaseError != nil {
			js.BaseErr = res.BaseError.Error()
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(js)
	}
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
		if s.Project != "" {
			fmt.Fprintf(w, "  skipped project %s: %d\n", s.Project, s.Status)
		} else {
			fmt.Fprintf(w, "  skipped %s %s: %d\n", s.Kind, s.Parent, s.Status)
		}
	}
	for _, p := range res.Pruned {
		fmt.Fprintf(w, "  deleted old snapshot %s\n", p)
	}
	_, err := fmt.Fprintf(w, "Manifest: %s\n", filepath.Join(res.Dir, export.ManifestFile))
	return err
}

// verify checks one snapshot, or every complete snapshot of a backup
// directory.
func verify(dir string, stdout io.Writer, env *cli.Env) int {
	snaps := []string{dir}
	if _, err := os.Stat(filepath.Join(dir, export.ManifestFile)); err != nil {
		entries, err := os.ReadDir(dir)
		if err != nil {
			env.Logger.Error(err.Error())
			return cli.ExitFailure
		}
		snaps = snaps[:0]
		for _, e := range entries {
			if _, err := os.Stat(filepath.Join(dir, e.Name(), export.ManifestFile)); e.IsDir() && err == nil {
				snaps = append(snaps, filepath.Join(dir, e.Name()))
			}
		}
		if len(snaps) == 0 {
			env.Logger.Error("no snapshot in " + dir)
			return cli.ExitFailure
		}
	}
	code := 0
	for _, s := range snaps {
		m, err := export.Verify(s)
		if err != nil {
			env.Logger.Error(err.Error())
			code = cli.ExitFailure
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
