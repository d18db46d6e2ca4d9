// Command cleanup finds inactive Asana projects (neither the project nor
// any of its tasks changed for a number of days), plans to archive them and
// to delete projects that stayed archived past a grace period, prints the
// plan, and with -apply carries it out. Nothing is deleted that the printed
// plan does not list, and each project is checked again just before.
//
//	go run ./examples/cleanup                                  # demo, prints the plan
//	ASANA_TOKEN=... go run ./examples/cleanup -inactive-days 180 -grace-days 30 -exclude-team Legal -plan-out cleanup.json
//	ASANA_TOKEN=... go run ./examples/cleanup -plan cleanup.json -apply
//
// ASANA_TOKEN must be a service account's token. Without it the program
// runs against the embedded fake with the demo organization.
package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/asanakit/asana-go/examples/internal/admincli"
	"github.com/asanakit/asana-go/examples/internal/cli"
	"github.com/asanakit/asana-go/serviceaccounts"
)

// list is a repeatable string flag.
type list []string

func (l *list) String() string     { return strings.Join(*l, ",") }
func (l *list) Set(v string) error { *l = append(*l, v); return nil }

func main() { cli.Main(run) }

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cmd := admincli.New("cleanup", "cleanup", `Usage: cleanup [-inactive-days N] [-grace-days N] [-apply] [flags]

Plans the archiving of inactive projects and the deletion of projects that
stayed archived past a grace period, prints the plan, and with -apply
carries it out. Without ASANA_TOKEN it uses the demo organization.
`, stderr)
	inactive := cmd.FS.Int("inactive-days", 90, "a project is inactive when nothing in it changed for `N` days")
	grace := cmd.FS.Int("grace-days", 30, "delete archived inactive projects after `N` more days (0: never delete)")
	var teams, names list
	cmd.FS.Var(&teams, "exclude-team", "never touch projects of this `team` (name or GID; repeatable)")
	cmd.FS.Var(&names, "exclude-name", "never touch projects whose name matches this `pattern` (glob, any case; repeatable)")
	templates := cmd.FS.Bool("keep-templates", true, `never touch projects whose name contains "template"`)
	future := cmd.FS.Bool("keep-future-work", true, "never touch projects with an incomplete task due in the future")
	statuses := cmd.FS.Bool("count-status-updates", true, "a status update on the project counts as activity")
	comments := cmd.FS.Bool("count-comments", true, "a comment on one of its tasks counts as activity (one request per task of each quiet project)")
	cmd.Check = func() error {
		if *inactive < 1 || *grace < 0 {
			return fmt.Errorf("-inactive-days must be at least 1 and -grace-days at least 0")
		}
		return nil
	}
	return cmd.Run(ctx, args, stdout, stderr, func(ctx context.Context, s *admincli.Session) (*serviceaccounts.Plan, error) {
		const day = 24 * time.Hour
		return serviceaccounts.PlanCleanup(ctx, s.Client, s.OrgGID, serviceaccounts.CleanupRules{
			InactiveFor: time.Duration(*inactive) * day, GracePeriod: time.Duration(*grace) * day,
			ExcludeTeams: teams, ExcludeNames: names, ExcludeTemplates: *templates, KeepFutureWork: *future,
			CountStatusUpdates: *statuses, CountComments: *comments,
			Now: s.Now()})
	})
}
