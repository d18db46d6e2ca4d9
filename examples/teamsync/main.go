// Command teamsync makes an Asana team's members exactly the people of a
// list (CSV with an email column, one address per line, or YAML): it prints
// the additions and removals, and with -apply makes them.
//
//	go run ./examples/teamsync                             # demo, prints the plan
//	ASANA_TOKEN=... go run ./examples/teamsync -team Design -members design.csv -plan-out design.json
//	ASANA_TOKEN=... go run ./examples/teamsync -plan design.json -apply   # exactly the reviewed plan
//
// ASANA_TOKEN must be a service account's token. Without it the program
// runs against the embedded fake with the demo organization, the team
// Design and the list in demo_members.yaml.
package main

import (
	"context"
	_ "embed"
	"io"

	"github.com/asanakit/asana-go/examples/internal/admincli"
	"github.com/asanakit/asana-go/examples/internal/cli"
	"github.com/asanakit/asana-go/serviceaccounts"
)

//go:embed demo_members.yaml
var demoMembers []byte

func main() { cli.Main(run) }

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cmd := admincli.New("teamsync", "team_sync", `Usage: teamsync -team TEAM -members FILE [-apply] [flags]

Makes a team's members exactly the people of a list: prints the plan, and
with -apply carries it out. Without ASANA_TOKEN it uses the demo
organization, its Design team and the list in demo_members.yaml.
`, stderr)
	team := cmd.FS.String("team", "", "team `name or GID` (default in demo mode: Design)")
	members := cmd.FS.String("members", "", "member list `file`: .csv (email column, or one address per line) or .yaml/.json")
	return cmd.Run(ctx, args, stdout, stderr, func(ctx context.Context, s *admincli.Session) (*serviceaccounts.Plan, error) {
		if s.Demo == nil && (*members == "" || *team == "") {
			return nil, cli.Usagef("-team and -members are required with a token")
		}
		if *team == "" {
			*team = "Design"
		}
		name := "demo_members.yaml"
		list, err := serviceaccounts.ParseMemberList(demoMembers, name)
		if *members != "" {
			name = *members
			list, err = serviceaccounts.LoadMemberListFile(name)
		}
		if err != nil {
			return nil, cli.Usage(err)
		}
		pol, err := serviceaccounts.TeamSyncPolicy(*team, list)
		if err != nil {
			return nil, cli.Usage(err)
		}
		pol.Source = name // removals name the list as their evidence
		return serviceaccounts.PlanTeamSyncPolicy(ctx, s.Client, s.OrgGID, pol)
	})
}
