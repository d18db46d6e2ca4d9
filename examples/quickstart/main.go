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
// It uses plain net/http: the asana client's typed services had not landed
// when it was written, and the program doubles as a short tour of Asana's
// wire format ({"data"} envelopes, opt_fields, limit and next_page).
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/asanakit/asana-go/asanatest"
)

// defaultBaseURL is Asana's API.
const defaultBaseURL = "https://app.asana.com/api/1.0"

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Getenv, os.Stdout, os.Stderr))
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

// run is the whole program; getenv reads the environment. It returns the
// exit code.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	o, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "quickstart:", err)
		return 2
	}
	c, done, err := connect(getenv, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "quickstart:", err)
		return 1
	}
	defer done()
	if err := show(ctx, c, o, stdout); err != nil {
		fmt.Fprintln(stderr, "quickstart:", err)
		return 1
	}
	return 0
}

// connect returns a client for Asana, or for the embedded fake when no
// token is set, and a func that releases it.
func connect(getenv func(string) string, stderr io.Writer) (*client, func(), error) {
	if tok := strings.TrimSpace(getenv("ASANA_TOKEN")); tok != "" {
		base := strings.TrimSuffix(getenv("ASANA_BASE_URL"), "/")
		if base == "" {
			base = defaultBaseURL
		}
		return &client{base: base, token: tok, hc: &http.Client{Timeout: 30 * time.Second}}, func() {}, nil
	}
	srv, err := asanatest.New()
	if err != nil {
		return nil, nil, err
	}
	org, err := srv.DemoOrganization()
	if err != nil {
		srv.Close()
		return nil, nil, err
	}
	fmt.Fprintln(stderr, "ASANA_TOKEN is not set: using the embedded fake Asana with its demo organization.")
	return &client{base: srv.URL(), token: org.ServiceAccountToken, hc: srv.HTTPClient()}, srv.Close, nil
}

func show(ctx context.Context, c *client, o options, w io.Writer) error {
	ws, err := c.workspace(ctx, o.workspace)
	if err != nil {
		return err
	}
	kind := "Workspace"
	if ws.IsOrganization {
		kind = "Organization"
	}
	fmt.Fprintf(w, "%s: %s (%s)\n", kind, ws.Name, ws.GID)

	if ws.IsOrganization {
		var teams []struct{ GID, Name string }
		more, err := c.page(ctx, "/workspaces/"+ws.GID+"/teams", url.Values{"opt_fields": {"name"}}, o.max, &teams)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "\nTeams (%s):\n", count(len(teams), more))
		for _, t := range teams {
			fmt.Fprintf(w, "  %s\n", t.Name)
		}
	}

	var projects []struct {
		GID, Name string
		Archived  bool
		Team      *struct{ Name string }
	}
	q := url.Values{"workspace": {ws.GID}, "opt_fields": {"name,archived,team.name"}}
	more, err := c.page(ctx, "/projects", q, o.max, &projects)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nProjects (%s):\n", count(len(projects), more))
	project, projectName := o.project, ""
	for _, p := range projects {
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

	var tasks []struct {
		Name        string
		Completed   bool
		DueOn       *string `json:"due_on"`
		NumSubtasks int     `json:"num_subtasks"`
		Assignee    *struct{ Name string }
	}
	q = url.Values{"opt_fields": {"name,completed,due_on,assignee.name,num_subtasks"}}
	more, err = c.page(ctx, "/projects/"+project+"/tasks", q, o.tasks, &tasks)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nFirst tasks of %q (%s):\n", projectName, count(len(tasks), more))
	for _, t := range tasks {
		box := "[ ]"
		if t.Completed {
			box = "[x]"
		}
		line := "  " + box + " " + t.Name
		if t.Assignee != nil {
			line += ", " + t.Assignee.Name
		}
		if t.DueOn != nil {
			line += ", due " + *t.DueOn
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

// count says how many items were shown, and whether there are more.
func count(n int, more bool) string {
	if more {
		return "first " + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

type workspace struct {
	GID            string
	Name           string
	IsOrganization bool `json:"is_organization"`
}

// workspace returns the workspace with the GID, or the first organization
// the token sees (the first workspace when there is none).
func (c *client) workspace(ctx context.Context, gid string) (workspace, error) {
	var ws workspace
	q := url.Values{"opt_fields": {"name,is_organization"}}
	if gid != "" {
		err := c.get(ctx, "/workspaces/"+url.PathEscape(gid), q, &ws)
		return ws, err
	}
	var all []workspace
	if _, err := c.page(ctx, "/workspaces", q, 100, &all); err != nil {
		return ws, err
	}
	if len(all) == 0 {
		return ws, errors.New("the token sees no workspace")
	}
	for _, w := range all {
		if w.IsOrganization {
			return w, nil
		}
	}
	return all[0], nil
}

// client is a minimal Asana API client: GET with a bearer token, the
// {"data"} envelope, Asana's {"errors"} bodies, one page of a list.
type client struct {
	base, token string
	hc          *http.Client
}

// get fetches path and decodes its data into out.
func (c *client) get(ctx context.Context, path string, q url.Values, out any) error {
	_, err := c.do(ctx, path, q, out)
	return err
}

// page fetches the first page (up to limit items) of a list and reports
// whether Asana has more.
func (c *client) page(ctx context.Context, path string, q url.Values, limit int, out any) (more bool, err error) {
	q2 := url.Values{"limit": {strconv.Itoa(limit)}}
	for k, v := range q {
		q2[k] = v
	}
	next, err := c.do(ctx, path, q2, out)
	return next != nil, err
}

func (c *client) do(ctx context.Context, path string, q url.Values, out any) (next *struct{ Offset string }, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+path+"?"+q.Encode(), nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Accept", "application/json")
	resp, err := c.hc.Do(req)
	if err != nil {
		// The transport's error names the URL, never the header.
		return nil, err
	}
	defer resp.Body.Close()
	var doc struct {
		Data     json.RawMessage
		NextPage *struct{ Offset string } `json:"next_page"`
		Errors   []struct{ Message string }
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 32<<20)).Decode(&doc); err != nil {
		return nil, fmt.Errorf("GET %s: %s: %w", path, resp.Status, err)
	}
	if resp.StatusCode != http.StatusOK {
		msgs := make([]string, len(doc.Errors))
		for i, e := range doc.Errors {
			msgs[i] = e.Message
		}
		return nil, fmt.Errorf("GET %s: %s: %s", path, resp.Status, strings.Join(msgs, "; "))
	}
	if err := json.Unmarshal(doc.Data, out); err != nil {
		return nil, fmt.Errorf("GET %s: %w", path, err)
	}
	return doc.NextPage, nil
}
