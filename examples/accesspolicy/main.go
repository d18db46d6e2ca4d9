// Command accesspolicy compares an Asana organization with an access policy
// (who belongs in which team, who may be a guest or an admin, who must be
// deprovisioned, who may access which projects, portfolios and goals at
// which level, which settings a team has) and prints the changes that
// would make them agree. With
// -apply it carries them out, with a journal so that an interrupted run
// resumes, and caps on how many users it may remove.
//
//	go run ./examples/accesspolicy                       # demo, prints the plan
//	go run ./examples/accesspolicy -apply                # demo, applies it
//	ASANA_TOKEN_FILE=/etc/asana/token go run ./examples/accesspolicy -policy policy.yaml -plan-out plan.json
//	ASANA_TOKEN_FILE=/etc/asana/token go run ./examples/accesspolicy -plan plan.json -apply
//
// ASANA_TOKEN must be a service account's token. Without it the program
// runs against the embedded fake with the demo organization and the demo
// policy (demo_policy.yaml and demo_people.csv next to this file).
package main

import (
	"context"
	_ "embed"
	"fmt"
	"io"
	"strings"

	"github.com/asanakit/asana-go/examples/internal/admincli"
	"github.com/asanakit/asana-go/examples/internal/cli"
	"github.com/asanakit/asana-go/serviceaccounts"
)

//go:embed demo_policy.yaml
var demoPolicy []byte

//go:embed demo_people.csv
var demoPeople string

func main() { cli.Main(run) }

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cmd := admincli.New("accesspolicy", "access", `Usage: accesspolicy [-policy FILE] [-apply] [flags]

Plans the changes that make an Asana organization match an access policy,
prints them as a table, and with -apply carries them out. Without
ASANA_TOKEN it uses the demo organization and the demo policy.
`, stderr)
	policyFile := cmd.FS.String("policy", "", "policy `file` (YAML, or JSON if it ends in .json); default: the demo policy, demo organization only")
	allowSmall := cmd.FS.Bool("allow-small-directory", false, "let a directory with no rows, or fewer than half the organization's active members, decide removals (this run only)")
	return cmd.Run(ctx, args, stdout, stderr, func(ctx context.Context, s *admincli.Session) (*serviceaccounts.Plan, error) {
		pol, err := loadPolicy(*policyFile, s.Demo != nil)
		if err != nil {
			return nil, cli.Usage(err)
		}
		pol.AllowSmallDirectory = pol.AllowSmallDirectory || *allowSmall
		return serviceaccounts.PlanAccess(ctx, s.Client, s.OrgGID, pol)
	})
}

// loadPolicy reads the policy file, or the demo policy in demo mode.
func loadPolicy(path string, demo bool) (*serviceaccounts.Policy, error) {
	if path != "" {
		return serviceaccounts.LoadPolicyFile(path)
	}
	if !demo {
		return nil, fmt.Errorf("-policy is required with a token (the demo policy fits the demo organization only)")
	}
	pol, err := serviceaccounts.ParsePolicy(demoPolicy, "demo_policy.yaml")
	if err != nil {
		return nil, err
	}
	dir, err := serviceaccounts.LoadDirectory(strings.NewReader(demoPeople), "demo_people.csv")
	if err != nil {
		return nil, err
	}
	pol.SetDirectory(dir)
	return pol, nil
}
