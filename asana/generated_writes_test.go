package asana

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
)

// TestGeneratedWriteChecks: the checks of the overrides (one_of,
// at_most_one, exactly_one, max_items, validate, args) refuse bad input
// before any request, with an error naming the method and the fields.
func TestGeneratedWriteChecks(t *testing.T) {
	gids := func(n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = fmt.Sprint(100 + i)
		}
		return out
	}
	runArgCases(t, []argCase{
		{"one_of: none of the places", func(ctx context.Context, c *Client) error {
			return errOnly(c.Tasks.Create(ctx, &TaskCreateRequest{Name: "x"}, nil))
		}, "asana: Tasks.Create: set Workspace, Projects, Memberships or Parent"},
		{"one_of: nil request", func(ctx context.Context, c *Client) error {
			return errOnly(c.Tasks.Create(ctx, nil, nil))
		}, "asana: Tasks.Create: nil request"},
		{"one_of of a project's place", func(ctx context.Context, c *Client) error {
			return errOnly(c.Projects.Create(ctx, &ProjectCreateRequest{Name: "x"}, nil))
		}, "asana: Projects.Create: set Workspace or Team"},
		{"at_most_one", func(ctx context.Context, c *Client) error {
			return c.Sections.AddTask(ctx, "1", &SectionAddTaskRequest{Task: "2", InsertBefore: "3", InsertAfter: "4"})
		}, "asana: Sections.AddTask: set at most one of InsertBefore and InsertAfter"},
		{"at_most_one of pointers", func(ctx context.Context, c *Client) error {
			return errOnly(c.Stories.Update(ctx, "1", &StoryUpdateRequest{Text: Ptr("a"), HTMLText: Ptr("<body>a</body>")}, nil))
		}, "asana: Stories.Update: set at most one of Text and HTMLText"},
		{"exactly_one: neither", func(ctx context.Context, c *Client) error {
			return c.Sections.Insert(ctx, "1", &SectionInsertRequest{Section: "2"})
		}, "asana: Sections.Insert: set exactly one of BeforeSection and AfterSection"},
		{"exactly_one: both", func(ctx context.Context, c *Client) error {
			return c.Sections.Insert(ctx, "1", &SectionInsertRequest{Section: "2", BeforeSection: "3", AfterSection: "4"})
		}, "asana: Sections.Insert: set exactly one of BeforeSection and AfterSection"},
		{"max_items", func(ctx context.Context, c *Client) error {
			return c.Tasks.AddDependencies(ctx, "1", gids(31))
		}, "asana: Tasks.AddDependencies: at most 30 dependencies, got 31"},
		{"max_items of dependents", func(ctx context.Context, c *Client) error {
			return c.Tasks.AddDependents(ctx, "1", gids(40))
		}, "asana: Tasks.AddDependents: at most 30 dependents, got 40"},
		{"validate: position anchors", func(ctx context.Context, c *Client) error {
			return c.Tasks.AddProject(ctx, "1", &TaskAddProjectRequest{Project: "2", Position: TaskPosition{InsertBefore: "3", First: true}})
		}, "asana: Tasks.AddProject: set at most one of InsertBefore, InsertAfter and First"},
		{"validate: parent", func(ctx context.Context, c *Client) error {
			return errOnly(c.Tasks.SetParent(ctx, "1", &TaskSetParentRequest{}, nil))
		}, "asana: Tasks.SetParent: empty parent gid (Tasks.RemoveParent removes the parent)"},
		{"validate: optional followers", func(ctx context.Context, c *Client) error {
			return errOnly(c.Projects.CreateForTeam(ctx, "1", &ProjectCreateRequest{Followers: []string{"a,b"}}, nil))
		}, `asana: Projects.CreateForTeam: invalid user "a,b" in followers`},
		{"validate: schedule dates", func(ctx context.Context, c *Client) error {
			return errOnly(c.Projects.Duplicate(ctx, "1", &ProjectDuplicateRequest{Name: "x", ScheduleDates: &ProjectScheduleDates{}}, nil))
		}, "asana: Projects.Duplicate: schedule dates need exactly one of DueOn and StartOn"},
		{"args: blank string", func(ctx context.Context, c *Client) error { return c.Tasks.AddTag(ctx, "1", " ") },
			"asana: Tasks.AddTag: empty tag"},
		{"args: dot segment", func(ctx context.Context, c *Client) error { return c.Teams.RemoveUser(ctx, "1", "..") },
			`asana: Teams.RemoveUser: invalid user ".."`},
		{"args: empty list", func(ctx context.Context, c *Client) error { return errOnly(c.Tasks.AddFollowers(ctx, "1", nil, nil)) },
			"asana: Tasks.AddFollowers: no followers given"},
		{"args: comma in a joined list", func(ctx context.Context, c *Client) error {
			return errOnly(c.Projects.AddMembers(ctx, "1", []string{"a@example.com,b@example.com"}, nil))
		}, `asana: Projects.AddMembers: invalid member "a@example.com,b@example.com" in members`},
		{"path gid still checked", func(ctx context.Context, c *Client) error { return c.Tasks.AddTag(ctx, "1/2", "3") },
			`asana: Tasks.AddTag: invalid task gid "1/2": want a gid`},
	})
}

// TestGeneratedArgsBodies: a body built from arguments has the spec's
// shape, a comma list is joined, and passing the checks sends.
func TestGeneratedArgsBodies(t *testing.T) {
	deps := make([]string, 30)
	for i := range deps {
		deps[i] = fmt.Sprint(i + 2)
	}
	depsJSON, err := json.Marshal(deps)
	if err != nil {
		t.Fatal(err)
	}
	runCallCases(t, []callCase{
		{name: "string argument",
			call: apiCall{method: "POST", path: "/tasks/1/addTag", body: `{"data":{"tag":"2"}}`, resp: `{"data":{}}`},
			run:  func(c *Client) (any, error) { return nil, c.Tasks.AddTag(t.Context(), "1", "2") }},
		{name: "list argument",
			call: apiCall{method: "POST", path: "/tasks/1/addDependencies", body: `{"data":{"dependencies":["2","3"]}}`, resp: `{"data":{}}`},
			run: func(c *Client) (any, error) {
				return nil, c.Tasks.AddDependencies(t.Context(), "1", []string{"2", "3"})
			}},
		{name: "comma-joined list",
			call: apiCall{method: "POST", path: "/projects/1/addMembers", body: `{"data":{"members":"me,a@example.com"}}`, resp: `{"data":{"gid":"1"}}`},
			run: func(c *Client) (any, error) {
				return c.Projects.AddMembers(t.Context(), "1", []string{"me", "a@example.com"}, nil)
			},
			want: &Project{GID: "1"}},
		{name: "one of the places is enough",
			call: apiCall{method: "POST", path: "/tasks", body: `{"data":{"name":"x","parent":"9"}}`, resp: `{"data":{"gid":"2"}}`},
			run: func(c *Client) (any, error) {
				return c.Tasks.Create(t.Context(), &TaskCreateRequest{Name: "x", Parent: "9"}, nil)
			},
			want: &Task{GID: "2"}},
		{name: "30 dependencies pass",
			call: apiCall{method: "POST", path: "/tasks/1/addDependents", body: `{"data":{"dependents":` + string(depsJSON) + `}}`, resp: `{"data":{}}`},
			run:  func(c *Client) (any, error) { return nil, c.Tasks.AddDependents(t.Context(), "1", deps) }},
		{name: "default fields of a read",
			call: apiCall{method: "GET", path: "/projects/1/task_counts", query: qv("opt_fields", "num_tasks,num_incomplete_tasks,num_completed_tasks,num_milestones,num_incomplete_milestones,num_completed_milestones"),
				resp: `{"data":{"num_tasks":3}}`},
			run:  func(c *Client) (any, error) { return c.Projects.GetTaskCounts(t.Context(), "1", nil) },
			want: &TaskCounts{NumTasks: 3}},
		{name: "the caller's fields replace the defaults",
			call: apiCall{method: "GET", path: "/projects/1/task_counts", query: qv("opt_fields", "num_tasks"), resp: `{"data":{"num_tasks":3}}`},
			run: func(c *Client) (any, error) {
				return c.Projects.GetTaskCounts(t.Context(), "1", &GetOptions{Fields: []string{"num_tasks"}})
			},
			want: &TaskCounts{NumTasks: 3}},
	})
}
