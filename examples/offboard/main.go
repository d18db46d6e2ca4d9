// Command offboard hands over the work of people who leave and then, with
// -deprovision, removes them from the Asana organization: their incomplete
// tasks go to their manager (the directory's manager column) or to -to,
// the projects and goals they own change owner, the tasks only in their My
// Tasks move into -my-tasks-project, and they leave their projects and
// portfolios. It prints the plan (a dry run); -apply carries it out in
// that order, with the journal and caps of the other admin examples.
//
//	go run ./examples/offboard -user ana.fischer@lakeshore.example               # demo, prints the plan
//	go run ./examples/offboard -user ana.fischer@lakeshore.example -deprovision -apply
//	ASANA_TOKEN_FILE=/etc/asana/token go run ./examples/offboard -user eve@acme.example -directory people.csv \
//	    -my-tasks-project "Handovers" -deprovision -plan-out offboard.json
//	ASANA_TOKEN_FILE=/etc/asana/token go run ./examples/offboard -plan offboard.json -apply
//	ASANA_TOKEN_FILE=/etc/asana/token go run ./examples/offboard -policy policy.yaml -to it@acme.example -my-tasks-project Handovers
//
// ASANA_TOKEN must be a service account's token. Without it the program
// runs against the embedded fake with the demo organization, the
// directory demo_people.csv next to this file, and the demo project
// "Office move" for the tasks only in My Tasks.
package main

import (
	"context"
	_ "embed"
	"io"
	"strings"

	"github.com/asanakit/asana-go/examples/internal/admincli"
	"github.com/asanakit/asana-go/examples/internal/cli"
	"github.com/asanakit/asana-go/serviceaccounts"
)

//go:embed demo_people.csv
var demoPeople string

// list is a repeatable string flag.
type list []string

func (l *list) String() string     { return strings.Join(*l, ",") }
func (l *list) Set(v string) error { *l = append(*l, v); return nil }

func main() { cli.Main(run) }

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cmd := admincli.New("offboard", "offboard", `Usage: offboard -user EMAIL [-to EMAIL | -directory FILE] [-my-tasks-project NAME] [-deprovision] [-apply] [flags]
       offboard -policy FILE [...]   offboard everyone the access policy deprovisions

Plans the handover of the work of people who leave: incomplete tasks to
their manager (the directory's manager column) or to -to, ownership of
their projects and goals, the tasks only in their My Tasks into a project,
the end of their project and portfolio memberships; with -deprovision (or
-policy), their removal from the organization last. Prints the plan; with
-apply carries it out. Without ASANA_TOKEN it uses the demo organization.
`, stderr)
	var users list
	cmd.FS.Var(&users, "user", "`email` (or GID) of a person who leaves (repeatable)")
	to := cmd.FS.String("to", "", "`email` of who receives the work (default: each person's manager in -directory)")
	directory := cmd.FS.String("directory", "", "company directory CSV `file` with email and manager columns (default in demo mode: demo_people.csv)")
	myTasks := cmd.FS.String("my-tasks-project", "", "`project` (name or GID) for the tasks only in a leaver's My Tasks (default in demo mode: Office move)")
	deprovision := cmd.FS.Bool("deprovision", false, "remove each -user from the organization after the handover")
	viaSCIM := cmd.FS.Bool("via-scim", false, "deprovision with SCIM (also ends their sessions and tokens)")
	goals := cmd.FS.Bool("goal-memberships", false, "also end their goal memberships (one request per goal)")
	policyFile := cmd.FS.String("policy", "", "access policy `file`: offboard everyone it deprovisions, each removed last with the policy's evidence")
	return cmd.Run(ctx, args, stdout, stderr, func(ctx context.Context, s *admincli.Session) (*serviceaccounts.Plan, error) {
		if len(users) == 0 && *policyFile == "" {
			return nil, cli.Usagef("name who leaves with -user EMAIL (or -policy FILE)")
		}
		o := serviceaccounts.Offboarding{Users: users, To: *to, MyTasksProject: *myTasks,
			Deprovision: *deprovision, ViaSCIM: *viaSCIM, GoalMemberships: *goals, Source: "offboard -user"}
		var err error
		switch {
		case *directory != "":
			o.Directory, err = serviceaccounts.LoadDirectoryFile(*directory)
		case s.Demo != nil && *to == "":
			o.Directory, err = serviceaccounts.LoadDirectory(strings.NewReader(demoPeople), "demo_people.csv")
		case *to == "":
			err = cli.Usagef("with a token, name who receives the work: -to EMAIL, or -directory FILE with a manager column")
		}
		if err != nil {
			return nil, cli.Usage(err)
		}
		if o.MyTasksProject == "" && s.Demo != nil {
			o.MyTasksProject = "Office move"
		}
		if *policyFile != "" {
			pol, err := serviceaccounts.LoadPolicyFile(*policyFile)
			if err != nil {
				return nil, cli.Usage(err)
			}
			if o.FromPlan, err = serviceaccounts.PlanAccess(ctx, s.Client, s.OrgGID, pol); err != nil {
				return nil, err
			}
		}
		return serviceaccounts.PlanOffboarding(ctx, s.Client, s.OrgGID, o)
	})
}
