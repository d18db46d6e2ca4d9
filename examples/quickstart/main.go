// Command quickstart prints an Asana organization: its name, teams,
// projects and the first tasks of one project.
//
// With a token (ASANA_TOKEN or ASANA_TOKEN_FILE) it talks to Asana (or to
// ASANA_BASE_URL, such as a standalone fake started with go run
// ./examples/fakeserver). In demo mode (neither set) it starts the
// embedded fake with the demo organization, so it runs anywhere, offline,
// with the same output every time.
//
//	go run ./examples/quickstart
//	ASANA_TOKEN=... go run ./examples/quickstart -project 1204567890
//
// It uses the asana client: typed services, page-level list calls (one
// page each, to show the first items and whether there are more), and
// Asana's errors as *asana.Error.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/examples/internal/cli"
	"github.com/asanakit/asana-go/examples/internal/demo"
)

func main() { cli.Main(run) }

type options struct {
	common       cli.Flags
	org, project string
	tasks, max   int
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("quickstart", flag.ContinueOnError)
	fs.SetOutput(stderr)
	o.common.Register(fs)
	fs.StringVar(&o.org, "org", "", "organization or workspace `GID` (default: the first organization the token sees)")
	fs.StringVar(&o.project, "project", "", "project `GID` whose tasks to list (default: the first project that is not archived)")
	fs.IntVar(&o.tasks, "tasks", 5, "how many tasks to list (1..100)")
	fs.IntVar(&o.max, "max", 20, "how many teams and projects to list at most (1..100)")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `Usage: quickstart [flags]

Prints an Asana organization: its name, teams, projects and the first tasks
of one project.

The token may be a personal access token or a service account's.

`+cli.EnvHelp+`
Exit codes: 0 done, 1 failure, 2 usage or configuration, 130/143
interrupted by SIGINT/SIGTERM.

Flags:
`)
		fs.PrintDefaults()
	}
	if err := cli.Parse(fs, args); err != nil {
		return o, err
	}
	if o.tasks < 1 || o.tasks > 100 || o.max < 1 || o.max > 100 {
		return o, cli.Usagef("-tasks and -max must be between 1 and 100 (Asana's page size)")
	}
	return o, nil
}

// run is the whole program; it returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	o, err := parseFlags(args, stderr)
	var env *cli.Env
	if err == nil {
		env, err = cli.Setup("quickstart", &o.common, stderr)
	}
	if err != nil {
		return cli.ParseFailed("quickstart", err, stderr)
	}
	s, err := demo.Connect(ctx, env, demo.Options{Timeout: 30 * time.Second})
	if err == nil {
		defer s.Close()
		err = show(ctx, s.Client, o, stdout)
	}
	return env.Fail(ctx, err, "")
}

func show(ctx context.Context, c *asana.Client, o options, w io.Writer) error {
	ws, err := workspace(ctx, c, o.org)
	if err != nil {
		return err
	}
	kind := "Workspace"
	if ws.IsOrganization {
		kind = "Organization"
	}
	fmt.Fprintf(w, "%s: %s (%s)\n", kind, ws.Name, ws.GID)

	if ws.IsOrganization {
		teams, err := c.Teams.ListForWorkspace(ctx, ws.GID, &asana.ListOptions{Limit: o.max, Fields: []string{"name"}}).Page("")
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "\nTeams (%s):\n", count(teams))
		for _, t := range teams.Items {
			fmt.Fprintf(w, "  %s\n", t.Name)
		}
	}

	projects, err := c.Projects.List(ctx, &asana.ProjectListOptions{Workspace: ws.GID,
		ListOptions: asana.ListOptions{Limit: o.max, Fields: []string{"name", "archived", "team.name"}}}).Page("")
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nProjects (%s):\n", count(projects))
	project, projectName := o.project, ""
	for _, p := range projects.Items {
		line := "  " + p.Name
		if p.Team != nil {
			line += "  [" + p.Team.Name + "]"
		}
		if p.Archived {
			line += "  (archived)"
		}
		fmt.Fprintln(w, line)
		if project == "" && !p.Archived || project == p.GID {
			project, projectName = p.GID, p.Name
		}
	}
	if project == "" {
		return nil
	}
	if projectName == "" {
		projectName = project
	}

	tasks, err := c.Tasks.ListForProject(ctx, project, &asana.TaskListForOptions{ListOptions: asana.ListOptions{
		Limit: o.tasks, Fields: []string{"name", "completed", "due_on", "assignee.name", "num_subtasks"}}}).Page("")
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nFirst tasks of %q (%s):\n", projectName, count(tasks))
	for _, t := range tasks.Items {
		box := "[ ]"
		if t.Completed {
			box = "[x]"
		}
		line := "  " + box + " " + t.Name
		if t.Assignee != nil {
			line += ", " + t.Assignee.Name
		}
		if !t.DueOn.IsZero() {
			line += ", due " + t.DueOn.String()
		}
		switch t.NumSubtasks {
		case 0:
		case 1:
			line += ", 1 subtask"
		default:
			line += ", " + strconv.Itoa(t.NumSubtasks) + " subtasks"
		}
		fmt.Fprintln(w, line)
	}
	return nil
}

// count says how many items a page shows, and whether there are more.
func count[T any](p *asana.Page[T]) string {
	if p.NextOffset != "" {
		return "first " + strconv.Itoa(len(p.Items))
	}
	return strconv.Itoa(len(p.Items))
}

// workspace returns the workspace with the GID, or the first organization
// the token sees (the first workspace when there is none).
func workspace(ctx context.Context, c *asana.Client, gid string) (*asana.Workspace, error) {
	fields := []string{"name", "is_organization"}
	if gid != "" {
		return c.Workspaces.Get(ctx, gid, &asana.GetOptions{Fields: fields})
	}
	all, err := c.Workspaces.List(ctx, &asana.ListOptions{Limit: asana.MaxPageSize, Fields: fields}).Page("")
	if err != nil {
		return nil, err
	}
	if len(all.Items) == 0 {
		return nil, errors.New("the token sees no workspace")
	}
	for i := range all.Items {
		if all.Items[i].IsOrganization {
			return &all.Items[i], nil
		}
	}
	return &all.Items[0], nil
}
