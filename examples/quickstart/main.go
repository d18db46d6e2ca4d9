// Command quickstart prints an Asana organization: its name, teams,
// projects and the first tasks of one project.
//
// With ASANA_TOKEN set it talks to Asana (or to ASANA_BASE_URL, such as a
// standalone fake started with go run ./examples/fakeserver). Without a
// token it starts the embedded fake with the demo organization, so it runs
// anywhere, offline, with the same output every time.
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
	"os"
	"strconv"
	"time"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/examples/internal/demo"
)

// defaultBaseURL is Asana's API.
const defaultBaseURL = asana.DefaultBaseURL

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}

type options struct {
	workspace, project string
	tasks, max         int
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("quickstart", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.workspace, "workspace", "", "workspace or organization `GID` (default: the first organization the token sees)")
	fs.StringVar(&o.project, "project", "", "project `GID` whose tasks to list (default: the first project that is not archived)")
	fs.IntVar(&o.tasks, "tasks", 5, "how many tasks to list (1..100)")
	fs.IntVar(&o.max, "max", 20, "how many teams and projects to list at most (1..100)")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `Usage: quickstart [flags]

Prints an Asana organization: its name, teams, projects and the first tasks
of one project.

Environment:
  ASANA_TOKEN     a personal access token or service account token; without
                  it, quickstart starts an embedded fake Asana with a demo
                  organization and runs against that
  ASANA_BASE_URL  the API base URL (default `+defaultBaseURL+`), for
                  example a fake started with go run ./examples/fakeserver

Flags:
`)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected arguments: %q", fs.Args())
	}
	if o.tasks < 1 || o.tasks > 100 || o.max < 1 || o.max > 100 {
		return o, errors.New("-tasks and -max must be between 1 and 100 (Asana's page size)")
	}
	return o, nil
}

// run is the whole program; it returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	o, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "quickstart:", err)
		return 2
	}
	s, err := demo.Connect(ctx, stderr, demo.Options{Timeout: 30 * time.Second})
	if err != nil {
		fmt.Fprintln(stderr, "quickstart:", err)
		return 1
	}
	defer s.Close()
	if err := show(ctx, s.Client, o, stdout); err != nil {
		fmt.Fprintln(stderr, "quickstart:", err)
		return 1
	}
	return 0
}

func show(ctx context.Context, c *asana.Client, o options, w io.Writer) error {
	ws, err := workspace(ctx, c, o.workspace)
	if err != nil {
		return err
	}
	kind := "Workspace"
	if ws.IsOrganization {
		kind = "Organization"
	}
	fmt.Fprintf(w, "%s: %s (%s)\n", kind, ws.Name, ws.GID)

	if ws.IsOrganization {
		teams, err := c.Teams.ListForWorkspacePage(ctx, ws.GID, &asana.ListOptions{Limit: o.max, Fields: []string{"name"}})
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "\nTeams (%s):\n", count(teams))
		for _, t := range teams.Items {
			fmt.Fprintf(w, "  %s\n", t.Name)
		}
	}

	projects, err := c.Projects.ListPage(ctx, &asana.ProjectListOptions{Workspace: ws.GID,
		ListOptions: asana.ListOptions{Limit: o.max, Fields: []string{"name", "archived", "team.name"}}})
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

	tasks, err := c.Tasks.ListForProjectPage(ctx, project, &asana.TaskListForOptions{ListOptions: asana.ListOptions{
		Limit: o.tasks, Fields: []string{"name", "completed", "due_on", "assignee.name", "num_subtasks"}}})
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
	all, err := c.Workspaces.ListPage(ctx, &asana.ListOptions{Limit: asana.MaxPageSize, Fields: fields})
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
