// Command restore re-creates a backup snapshot (made by go run
// ./examples/backup) in an organization: teams, projects, tasks, comments,
// custom fields, tags, portfolios, goals, status updates, My Tasks and
// attachments (see export.Restore for what is and is not restored). It prints what it would create first; with a
// token nothing is written without -apply.
//
// In demo mode (neither ASANA_TOKEN nor ASANA_TOKEN_FILE set) it backs up
// the embedded fake's demo organization into a temporary directory and
// restores it into a second, empty organization of the same fake: a round
// trip that touches nothing outside the process.
//
//	go run ./examples/restore
//	ASANA_TOKEN_FILE=/run/secrets/asana go run ./examples/restore -from /backups/asana -org 1209876 -apply
//
// A restore is idempotent: a journal beside the snapshot maps old gids to
// new ones as they are created, so an interrupted restore continues where
// it stopped when run again.
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

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/asanatest"
	"github.com/asanakit/asana-go/examples/internal/cli"
	"github.com/asanakit/asana-go/examples/internal/demo"
	"github.com/asanakit/asana-go/export"
)

func main() { cli.Main(run) }

type options struct {
	common      cli.Flags
	from, org   string
	apply, json bool
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("restore", flag.ContinueOnError)
	fs.SetOutput(stderr)
	o.common.Register(fs)
	fs.StringVar(&o.from, "from", "", "snapshot `directory`, or a backup directory (its latest complete snapshot); required with a token")
	fs.StringVar(&o.org, "org", "", "target organization `GID`, not the one backed up; required with a token")
	fs.BoolVar(&o.apply, "apply", false, "with a token: carry the restore out (without it, only print what it would create)")
	fs.BoolVar(&o.json, "json", false, "print the summary as JSON")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `Usage: restore [-from DIR] [-org GID] [-apply] [flags]

Re-creates a backup snapshot in another organization: teams, projects with
their members, sections, custom field settings and briefs, tasks with
subtasks, followers, tags, custom field values, dependencies and comments
(pins and rich text kept), comments on goals, custom field definitions and tags (matched by
name), portfolios, goals, status updates, My Tasks sections and
placement, and attachments (files uploaded again). It prints the snapshot's contents
and the target first; with a token it writes nothing without -apply.
Demo mode restores a fresh backup of the demo organization into a second
organization of the embedded fake; with -from it reads only the demo's
backups, and a run with a token never reads them.

`+cli.EnvHelp+`
Exit codes: 0 done, 1 failure, 2 usage or configuration, 130/143
interrupted by SIGINT/SIGTERM (run the same command again to resume).

Flags:
`)
		fs.PrintDefaults()
	}
	return o, cli.Parse(fs, args)
}

// summary is what the restore prints, as text or JSON.
type summary struct {
	Snapshot           string           `json:"snapshot"`
	SourceOrganization string           `json:"source_organization"`
	Organization       string           `json:"organization"`
	Demo               bool             `json:"demo"`
	Counts             map[string]int64 `json:"counts"`
	Applied            bool             `json:"applied"`
	Journal            string           `json:"journal,omitempty"`
	Created            map[string]int   `json:"created,omitempty"`
	Existing           map[string]int   `json:"existing,omitempty"`
	UnmatchedAssignees int              `json:"unmatched_assignees,omitempty"`
}

// restored is what a restore re-creates, of a manifest's kinds.
var restored = []string{"teams", "projects", "sections", "tasks", "stories", "custom_fields", "tags",
	"project_memberships", "project_briefs", "portfolios", "portfolio_items", "goals", "goal_relationships",
	"project_status_updates", "portfolio_status_updates", "goal_status_updates", "user_task_list_tasks",
	"user_task_list_sections", "attachments", "attachment_contents"}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	o, err := parseFlags(args, stderr)
	var env *cli.Env
	if err == nil {
		env, err = cli.Setup("restore", &o.common, stderr)
	}
	if err == nil && !env.Demo() && (o.from == "" || o.org == "") {
		err = cli.Usagef("-from and -org are required with a token")
	}
	if err != nil {
		return cli.ParseFailed("restore", err, stderr)
	}
	if o.from != "" {
		if err := env.CheckSource(o.from); err != nil {
			return env.Fail(ctx, err, "")
		}
	}
	s, err := demo.Connect(ctx, env, demo.Options{Org: o.org, ShareClock: true, NoRateLimit: true,
		Notice: func(*asanatest.Org) string {
			return "backing up the embedded fake's demo organization and restoring it into a second, empty organization of the fake"
		}})
	if err != nil {
		return env.Fail(ctx, err, "")
	}
	defer s.Close()
	sum := &summary{Demo: env.Demo()}
	r, scratch, err := prepare(ctx, s, o, sum)
	if scratch != "" {
		defer os.RemoveAll(scratch)
	}
	if err != nil {
		return env.Fail(ctx, err, "")
	}
	if !o.json {
		printPlan(stdout, sum)
	}
	if !env.Demo() && !o.apply {
		if !o.json {
			fmt.Fprintln(stdout, "\nNothing was changed. Review the above, then run again with -apply.")
		}
		return env.Fail(ctx, output(stdout, sum, o.json), "")
	}
	res, err := r.Run(ctx)
	if res != nil {
		sum.Applied, sum.Created, sum.Existing, sum.UnmatchedAssignees = err == nil, res.Created, res.Existing, res.UnmatchedAssignees
	}
	if err != nil {
		if o.json {
			output(stdout, sum, true)
		}
		return env.Fail(ctx, err, "the journal "+sum.Journal+" records what was created; run the same command again to resume")
	}
	if !o.json {
		printResult(stdout, sum)
	}
	if sum.UnmatchedAssignees > 0 {
		env.Logger.Warn("tasks left unassigned: no user of the organization has the assignee's email (people who left are not in a backup's users)",
			"tasks", sum.UnmatchedAssignees)
	}
	return env.Fail(ctx, output(stdout, sum, o.json), "")
}

// prepare finds the snapshot and the target and returns the restore to
// run; in demo mode it makes both, the backup in a scratch directory for
// the caller to remove.
func prepare(ctx context.Context, s *demo.Session, o options, sum *summary) (r *export.Restore, scratch string, err error) {
	r = &export.Restore{Client: s.Client, Organization: o.org}
	if s.Fake != nil {
		if r.Client, r.Organization, err = secondOrg(s); err != nil {
			return nil, "", err
		}
		if o.from == "" {
			if scratch, err = demoBackup(ctx, s); err != nil {
				return nil, scratch, err
			}
			o.from = scratch
		}
	}
	snap, err := snapshotOf(o.from)
	if err != nil {
		return nil, scratch, err
	}
	m, err := export.Verify(snap)
	if err != nil {
		return nil, scratch, err
	}
	if m.Organization == r.Organization {
		return nil, scratch, cli.Usagef("%s is a backup of organization %s itself: restore into another (an empty) organization, or it would duplicate everything", snap, m.Organization)
	}
	r.Snapshot = snap
	r.Journal = filepath.Clean(snap) + ".restore-" + r.Organization + ".jsonl"
	sum.Snapshot, sum.SourceOrganization, sum.Organization, sum.Journal = snap, m.Organization, r.Organization, r.Journal
	sum.Counts = map[string]int64{}
	for _, k := range restored {
		sum.Counts[k] = m.Counts[k]
	}
	return r, scratch, nil
}

// secondOrg adds an empty Enterprise organization with the demo's people
// to the fake, and returns a client of its service account.
func secondOrg(s *demo.Session) (*asana.Client, string, error) {
	org, err := s.Fake.AddWorkspace(asanatest.Workspace{Name: "Lakeshore Analytics (restored)", IsOrganization: true, Enterprise: true})
	if err != nil {
		return nil, "", err
	}
	for _, u := range s.Demo.Users {
		if _, err := s.Fake.AddWorkspaceMember(org.GID, u.GID, asanatest.MemberOptions{}); err != nil {
			return nil, "", err
		}
	}
	_, token, err := s.Fake.AddServiceAccount(org.GID, "Restore bot")
	if err != nil {
		return nil, "", err
	}
	c, err := s.NewClient(token)
	return c, org.GID, err
}

// demoBackup backs the demo organization up into a new temporary
// directory marked as the demo's, and returns it.
func demoBackup(ctx context.Context, s *demo.Session) (string, error) {
	dir, err := os.MkdirTemp("", "asana-demo-backup-")
	if err != nil {
		return "", err
	}
	if err := (&cli.Env{}).ClaimDir(dir); err != nil {
		return dir, err
	}
	_, err = (&export.Backup{Client: s.Client, Organization: s.OrgGID, Dir: dir,
		Attachments: export.AttachmentsContent, HTTPClient: s.Fake.HTTPClient()}).Run(ctx)
	return dir, err
}

// snapshotOf is dir if it is a snapshot, or else the latest complete
// snapshot of the backup directory dir (snapshot names sort by sequence).
func snapshotOf(dir string) (string, error) {
	if _, err := os.Stat(filepath.Join(dir, export.ManifestFile)); err == nil {
		return dir, nil
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return "", cli.Usage(err)
	}
	var snaps []string
	for _, e := range entries {
		if _, err := os.Stat(filepath.Join(dir, e.Name(), export.ManifestFile)); e.IsDir() && err == nil {
			snaps = append(snaps, e.Name())
		}
	}
	if len(snaps) == 0 {
		return "", cli.Usagef("%s holds no complete snapshot", dir)
	}
	sort.Strings(snaps)
	return filepath.Join(dir, snaps[len(snaps)-1]), nil
}

func printPlan(w io.Writer, s *summary) {
	fmt.Fprintf(w, "Restore %s (a backup of organization %s) into organization %s:\n", s.Snapshot, s.SourceOrganization, s.Organization)
	for _, k := range restored {
		fmt.Fprintf(w, "  %-24s %8d\n", k, s.Counts[k])
	}
	fmt.Fprintln(w, "Users are not created: people are matched by email. Comments and status updates are posted by the token's user.")
}

func printResult(w io.Writer, s *summary) {
	fmt.Fprintln(w, "\nRestored:")
	kinds := make([]string, 0, len(s.Created))
	for k := range s.Created {
		kinds = append(kinds, k)
	}
	for k := range s.Existing {
		if _, ok := s.Created[k]; !ok {
			kinds = append(kinds, k)
		}
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		fmt.Fprintf(w, "  %-20s %6d created, %6d there already\n", k, s.Created[k], s.Existing[k])
	}
	fmt.Fprintf(w, "Journal: %s\n", s.Journal)
	if s.Demo {
		fmt.Fprintln(w, "(demo mode: the backup, the journal and both organizations go when the program ends)")
	}
}

// output prints the summary as JSON when asJSON.
func output(w io.Writer, s *summary, asJSON bool) error {
	if !asJSON {
		return nil
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(s)
}
