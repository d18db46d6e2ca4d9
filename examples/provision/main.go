// Command provision keeps an Asana organization's members in line with a
// company directory (a CSV file with email, name, department and status
// columns), through Asana's SCIM API: people the directory lists as active
// and Asana lacks are created, deactivated ones are reactivated, and with
// -deprovision members the directory no longer lists (or marks inactive)
// are deprovisioned. It prints the plan; -apply carries it out.
//
//	go run ./examples/provision                 # demo, prints the plan
//	go run ./examples/provision -apply          # demo, applies it
//	ASANA_TOKEN=... go run ./examples/provision -directory people.csv -deprovision -exempt root@acme.example -plan-out plan.json
//	ASANA_TOKEN=... go run ./examples/provision -plan plan.json -apply
//
// ASANA_TOKEN must be the token of a service account of an Enterprise
// organization (only those may use SCIM). Without it the program runs
// against the embedded fake with the demo organization and the demo
// directory (demo_directory.csv next to this file): two new hires, one
// returning employee, and one employee who left.
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

//go:embed demo_directory.csv
var demoDirectory string

func main() { cli.Main(run) }

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cmd := admincli.New("provision", "access", `Usage: provision [-directory FILE] [-deprovision] [-exempt EMAILS] [-apply] [flags]

Plans the SCIM provisioning that makes an Asana organization's members
match a company directory CSV (columns email, name, department, status;
status empty or "active" means active), prints it as a table, and with
-apply carries it out. Without ASANA_TOKEN it uses the demo organization
and the demo directory.
`, stderr)
	dirFile := cmd.FS.String("directory", "", "company directory CSV `file`; default: the demo directory, demo organization only")
	deprovision := cmd.FS.Bool("deprovision", false, "also deprovision (via SCIM) active members the directory lacks or marks inactive")
	exempt := cmd.FS.String("exempt", "", "comma-separated `emails` never to deprovision (break-glass admins)")
	domains := cmd.FS.String("domains", "", "comma-separated email `domains` to provision (default: all)")
	return cmd.Run(ctx, args, stdout, stderr, func(ctx context.Context, s *admincli.Session) (*serviceaccounts.Plan, error) {
		dir, err := loadDirectory(*dirFile, s.Demo != nil)
		if err != nil {
			return nil, cli.Usage(err)
		}
		pol := &serviceaccounts.Policy{Provision: &serviceaccounts.ProvisionPolicy{FromDirectory: true, Domains: list(*domains)}}
		if *deprovision {
			pol.Deprovision = &serviceaccounts.DeprovisionPolicy{MissingFromDirectory: true, InactiveInDirectory: true,
				ViaSCIM: true, Keep: list(*exempt)}
		}
		pol.SetDirectory(dir)
		return serviceaccounts.PlanAccess(ctx, s.Client, s.OrgGID, pol)
	})
}

// loadDirectory reads the directory file, or the demo directory in demo
// mode.
func loadDirectory(path string, demo bool) (*serviceaccounts.Directory, error) {
	if path != "" {
		return serviceaccounts.LoadDirectoryFile(path)
	}
	if !demo {
		return nil, fmt.Errorf("-directory is required with a token (the demo directory fits the demo organization only)")
	}
	return serviceaccounts.LoadDirectory(strings.NewReader(demoDirectory), "demo_directory.csv")
}

// list splits a comma-separated flag value.
func list(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}
