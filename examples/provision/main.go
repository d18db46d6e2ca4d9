// Command provision keeps an Asana organization's members in line with a
// company directory (a CSV file with email, name, department and status
// columns), through Asana's SCIM API: people the directory lists as active
// and Asana lacks are created, deactivated ones are reactivated, and with
// -deprovision members the directory no longer lists (or marks inactive)
// are deprovisioned. It prints the plan; -apply carries it out.
//
//	go run ./examples/provision                 # demo, prints the plan
//	go run ./examples/provision -apply          # demo, applies it
//	ASANA_TOKEN=... go run ./examples/provision -directory people.csv -deprovision -keep root@acme.example
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
	"os"
	"strings"

	"github.com/asanakit/asana-go/examples/internal/admincli"
	"github.com/asanakit/asana-go/serviceaccounts"
)

//go:embed demo_directory.csv
var demoDirectory string

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs, org, af := admincli.NewFlagSet("provision", `Usage: provision [-directory FILE] [-deprovision] [-keep EMAILS] [-apply] [flags]

Plans the SCIM provisioning that makes an Asana organization's members
match a company directory CSV (columns email, name, department, status;
status empty or "active" means active), prints it as a table, and with
-apply carries it out. Without ASANA_TOKEN it uses the demo organization
and the demo directory.
`, stderr)
	dirFile := fs.String("directory", "", "company directory CSV `file`; default: the demo directory, demo organization only")
	deprovision := fs.Bool("deprovision", false, "also deprovision (via SCIM) active members the directory lacks or marks inactive")
	keep := fs.String("keep", "", "comma-separated `emails` never to deprovision (break-glass admins)")
	domains := fs.String("domains", "", "comma-separated email `domains` to provision (default: all)")
	return admincli.Main(fs, args, org, nil, func(ctx context.Context, s *admincli.Session) error {
		dir, err := loadDirectory(*dirFile, s.Demo != nil)
		if err != nil {
			return err
		}
		pol := &serviceaccounts.Policy{Provision: &serviceaccounts.ProvisionPolicy{FromDirectory: true, Domains: list(*domains)}}
		if *deprovision {
			pol.Deprovision = &serviceaccounts.DeprovisionPolicy{MissingFromDirectory: true, InactiveInDirectory: true,
				ViaSCIM: true, Keep: list(*keep)}
		}
		pol.SetDirectory(dir)
		plan, err := serviceaccounts.PlanAccess(ctx, s.Client, s.OrgGID, pol)
		if err != nil {
			return err
		}
		return af.Run(ctx, s, plan, stdout)
	}, stderr)
}

// loadDirectory reads the directory file, or the demo directory in demo
// mode.
func loadDirectory(path string, demo bool) (*serviceaccounts.Directory, error) {
	if path != "" {
		return serviceaccounts.LoadDirectoryFile(path)
	}
	if !demo {
		return nil, fmt.Errorf("-directory is required with a real token (the demo directory fits the demo organization only)")
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
