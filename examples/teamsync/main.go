// Command teamsync makes an Asana team's members exactly the people of a
// list (CSV with an email column, one address per line, or YAML): it prints
// the additions and removals, and with -apply makes them.
//
//	go run ./examples/teamsync                             # demo, prints the plan
//	ASANA_TOKEN=... go run ./examples/teamsync -team Design -members design.csv -apply
//
// ASANA_TOKEN must be a service account's token. Without it the program
// runs against the embedded fake with the demo organization, the team
// Design and the list in demo_members.yaml.
package main

import (
	"context"
	_ "embed"
	"fmt"
	"io"
	"os"

	"github.com/asanakit/asana-go/examples/internal/admincli"
	"github.com/asanakit/asana-go/serviceaccounts"
)

//go:embed demo_members.yaml
var demoMembers []byte

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs, org, af := admincli.NewFlagSet("teamsync", `Usage: teamsync -team TEAM -members FILE [-apply] [flags]

Makes a team's members exactly the people of a list: prints the plan, and
with -apply carries it out. Without ASANA_TOKEN it uses the demo
organization, its Design team and the list in demo_members.yaml.
`, stderr)
	team := fs.String("team", "", "team `name or GID` (default in demo mode: Design)")
	members := fs.String("members", "", "member list `file`: .csv (email column, or one address per line) or .yaml/.json")
	return admincli.Main(fs, args, org, nil, func(ctx context.Context, s *admincli.Session) error {
		if s.Demo == nil && (*members == "" || *team == "") {
			return fmt.Errorf("-team and -members are required with a real token")
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
			return err
		}
		pol, err := serviceaccounts.TeamSyncPolicy(*team, list)
		if err != nil {
			return err
		}
		pol.Source = name // removals name the list as their evidence
		plan, err := serviceaccounts.PlanTeamSyncPolicy(ctx, s.Client, s.OrgGID, pol)
		if err != nil {
			return err
		}
		return af.Run(ctx, s, plan, stdout)
	}, stderr)
}
