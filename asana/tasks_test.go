package asana

import (
	"context"
	"encoding/json"
	"errors"
	"iter"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"
)

// taskJSON is a full task record in the shape of the spec's TaskResponse
// example, as a list with the default fields returns it.
const taskJSON = `{
  "gid": "1204", "resource_type": "task", "name": "Buy catnip",
  "resource_subtype": "default_task", "approval_status": "pending",
  "assignee_status": "upcoming", "completed": false, "completed_at": null,
  "completed_by": null, "created_at": "2012-02-22T02:06:58.147Z",
  "created_by": {"gid": "1111", "resource_type": "user"},
  "modified_at": "2012-02-22T02:06:58.147Z",
  "due_at": "2019-09-15T02:06:58.147Z", "due_on": "2019-09-15",
  "start_at": null, "start_on": "2019-09-14",
  "notes": "Mittens really likes the stuff from Humboldt.",
  "html_notes": "<body>Mittens <em>really</em> likes the stuff from Humboldt.</body>",
  "num_likes": 1, "likes": [{"gid": "12345", "user": {"gid": "12345", "resource_type": "user", "name": "Greg Sanchez"}}],
  "num_subtasks": 3,
  "assignee": {"gid": "12345", "resource_type": "user", "name": "Greg Sanchez"},
  "assignee_section": {"gid": "12345", "resource_type": "section", "name": "Next Actions"},
  "dependencies": [{"gid": "12345", "resource_type": "task"}],
  "dependents": [{"gid": "6789", "resource_type": "task"}],
  "memberships": [{"project": {"gid": "1331", "resource_type": "project", "name": "Stuff to buy"},
                   "section": {"gid": "1441", "resource_type": "section", "name": "Next Actions"}}],
  "parent": {"gid": "1000", "resource_type": "task", "name": "Errands", "resource_subtype": "default_task"},
  "projects": [{"gid": "1331", "resource_type": "project", "name": "Stuff to buy"}],
  "tags": [{"gid": "59746", "resource_type": "tag", "name": "Grade A"}],
  "followers": [{"gid": "12345", "resource_type": "user"}],
  "workspace": {"gid": "12345", "resource_type": "workspace"},
  "permalink_url": "https://app.asana.com/0/resource/123456789/list",
  "is_rendered_as_separator": false,
  "custom_type": null,
  "custom_fields": [
    {"gid": "258147", "resource_type": "custom_field", "name": "Priority", "type": "enum",
     "resource_subtype": "enum", "display_value": "Low",
     "enum_value": {"gid": "789", "resource_type": "enum_option", "name": "Low", "enabled": true, "color": "blue"}},
    {"gid": "369", "resource_type": "custom_field", "name": "Launch", "type": "date", "resource_subtype": "date",
     "display_value": "2024-08-23", "date_value": {"date": "2024-08-23", "date_time": null}},
    {"gid": "370", "resource_type": "custom_field", "name": "Estimate", "type": "number", "resource_subtype": "number",
     "display_value": "2.5", "number_value": 2.5, "precision": 1}
  ],
  "unknown_future_field": {"ignored": true}
}`

// wantTask is taskJSON decoded.
func wantTask() Task {
	ts := time.Date(2012, 2, 22, 2, 6, 58, 147e6, time.UTC)
	greg := &User{GID: "12345", ResourceType: "user", Name: "Greg Sanchez"}
	return Task{
		GID: "1204", ResourceType: "task", Name: "Buy catnip", ResourceSubtype: "default_task",
		ApprovalStatus: "pending", AssigneeStatus: "upcoming",
		CreatedAt: ts, CreatedBy: &Resource{GID: "1111", ResourceType: "user"}, ModifiedAt: ts,
		DueAt:     time.Date(2019, 9, 15, 2, 6, 58, 147e6, time.UTC),
		DueOn:     Date{2019, time.September, 15},
		StartOn:   Date{2019, time.September, 14},
		Notes:     "Mittens really likes the stuff from Humboldt.",
		HTMLNotes: "<body>Mittens <em>really</em> likes the stuff from Humboldt.</body>",
		NumLikes:  1, Likes: []Like{{GID: "12345", User: greg}}, NumSubtasks: 3,
		Assignee:        greg,
		AssigneeSection: &Section{GID: "12345", ResourceType: "section", Name: "Next Actions"},
		Dependencies:    []Resource{{GID: "12345", ResourceType: "task"}},
		Dependents:      []Resource{{GID: "6789", ResourceType: "task"}},
		Memberships: []TaskMembership{{
			Project: &Project{GID: "1331", ResourceType: "project", Name: "Stuff to buy"},
			Section: &Section{GID: "1441", ResourceType: "section", Name: "Next Actions"},
		}},
		Parent:       &Task{GID: "1000", ResourceType: "task", Name: "Errands", ResourceSubtype: "default_task"},
		Projects:     []Project{{GID: "1331", ResourceType: "project", Name: "Stuff to buy"}},
		Tags:         []Tag{{GID: "59746", ResourceType: "tag", Name: "Grade A"}},
		Followers:    []User{{GID: "12345", ResourceType: "user"}},
		Workspace:    &Workspace{GID: "12345", ResourceType: "workspace"},
		PermalinkURL: "https://app.asana.com/0/resource/123456789/list",
		CustomFields: []CustomField{
			{GID: "258147", ResourceType: "custom_field", Name: "Priority", Type: "enum", ResourceSubtype: "enum",
				DisplayValue: Ptr("Low"),
				EnumValue:    &EnumOption{GID: "789", ResourceType: "enum_option", Name: "Low", Enabled: true, Color: "blue"}},
			{GID: "369", ResourceType: "custom_field", Name: "Launch", Type: "date", ResourceSubtype: "date",
				DisplayValue: Ptr("2024-08-23"), DateValue: &DateValue{Date: Date{2024, time.August, 23}}},
			{GID: "370", ResourceType: "custom_field", Name: "Estimate", Type: "number", ResourceSubtype: "number",
				DisplayValue: Ptr("2.5"), NumberValue: Ptr(2.5), Precision: 1},
		},
	}
}

const taskJobJSON = `{"gid": "12345", "resource_type": "job", "resource_subtype": "duplicate_task",
  "status": "in_progress", "new_task": {"gid": "9876", "resource_type": "task", "name": "Buy catnip (copy)"}}`

func TestTasksGetAndWrites(t *testing.T) {
	task := wantTask()
	taskPtr := &task
	job := &Job{GID: "12345", ResourceType: "job", ResourceSubtype: "duplicate_task", Status: "in_progress",
		NewTask: &Task{GID: "9876", ResourceType: "task", Name: "Buy catnip (copy)"}}
	runCases(t, []svcCase{
		{
			name:  "Get",
			calls: []apiCall{{method: "GET", path: "/tasks/1204", query: qv("opt_fields", "name,notes"), resp: dataJSON(taskJSON)}},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Tasks.Get(ctx, "1204", &GetOptions{Fields: []string{"name", "notes"}})
			},
			want: taskPtr,
		},
		{
			name:  "Get without options",
			calls: []apiCall{{method: "GET", path: "/tasks/1204", resp: dataJSON(taskJSON)}},
			run:   func(ctx context.Context, c *Client) (any, error) { return c.Tasks.Get(ctx, "1204", nil) },
			want:  taskPtr,
		},
		{
			name:    "Get empty gid",
			run:     func(ctx context.Context, c *Client) (any, error) { return c.Tasks.Get(ctx, "", nil) },
			wantErr: "asana: Tasks.Get: empty task gid",
		},
		{
			name: "Get 404",
			calls: []apiCall{{method: "GET", path: "/tasks/404", status: 404,
				resp: `{"errors":[{"message":"task: Unknown object: 404","help":"For more information..."}]}`}},
			run: func(ctx context.Context, c *Client) (any, error) {
				_, err := c.Tasks.Get(ctx, "404", nil)
				if !errors.Is(err, ErrNotFound) {
					t.Errorf("errors.Is(%v, ErrNotFound) = false", err)
				}
				return nil, err
			},
			wantErr: "Unknown object",
		},
		{
			name: "Create sends only set fields",
			calls: []apiCall{{method: "POST", path: "/tasks", body: `{"data":{
				"name":"Buy catnip","workspace":"12345","assignee":"me","due_on":"2019-09-15",
				"start_at":"2019-09-14T08:00:00Z","projects":["1331"],"followers":["a@example.com"],
				"memberships":[{"project":"1331","section":"1441"}],
				"custom_fields":{"258147":"789","370":2.5},"completed":true}}`,
				status: 201, resp: dataJSON(taskJSON)}},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Tasks.Create(ctx, &TaskCreateRequest{
					Name: "Buy catnip", Workspace: "12345", Assignee: "me", Completed: true,
					DueOn:        Date{2019, time.September, 15},
					StartAt:      time.Date(2019, 9, 14, 8, 0, 0, 0, time.UTC),
					Projects:     []string{"1331"},
					Followers:    []string{"a@example.com"},
					Memberships:  []TaskMembershipRequest{{Project: "1331", Section: "1441"}},
					CustomFields: map[string]any{"258147": "789", "370": 2.5},
				}, nil)
			},
			want: taskPtr,
		},
		{
			name:    "Create nil request",
			run:     func(ctx context.Context, c *Client) (any, error) { return c.Tasks.Create(ctx, nil, nil) },
			wantErr: "asana: Tasks.Create: nil request",
		},
		{
			name: "Create without a home",
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Tasks.Create(ctx, &TaskCreateRequest{Name: "orphan"}, nil)
			},
			wantErr: "set Workspace, Projects, Memberships or Parent",
		},
		{
			name: "Update sends pointers and nulls",
			calls: []apiCall{{method: "PUT", path: "/tasks/1204", body: `{"data":{
				"name":"Renamed","completed":false,"notes":"","assignee":null,"due_at":null,
				"due_on":null,"start_at":"2020-01-02T03:04:05Z","custom_type":"777",
				"custom_fields":{"258147":null}}}`,
				resp: dataJSON(taskJSON)}},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Tasks.Update(ctx, "1204", &TaskUpdateRequest{
					Name: Ptr("Renamed"), Completed: Ptr(false), Notes: Ptr(""),
					Assignee: Ptr(""), DueAt: Ptr(time.Time{}), DueOn: Ptr(Date{}),
					StartAt:      Ptr(time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)),
					CustomType:   Ptr("777"),
					CustomFields: map[string]any{"258147": nil},
				}, nil)
			},
			want: taskPtr,
		},
		{
			name:  "Update empty request sends empty data",
			calls: []apiCall{{method: "PUT", path: "/tasks/1204", body: `{"data":{}}`, resp: dataJSON(taskJSON)}},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Tasks.Update(ctx, "1204", &TaskUpdateRequest{}, nil)
			},
			want: taskPtr,
		},
		{
			name:    "Update nil request",
			run:     func(ctx context.Context, c *Client) (any, error) { return c.Tasks.Update(ctx, "1204", nil, nil) },
			wantErr: "asana: Tasks.Update: nil request",
		},
		{
			name: "Update empty gid",
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Tasks.Update(ctx, " ", &TaskUpdateRequest{}, nil)
			},
			wantErr: "asana: Tasks.Update: empty task gid",
		},
		{
			name:  "Delete",
			calls: []apiCall{{method: "DELETE", path: "/tasks/1204", resp: `{"data":{}}`}},
			run:   func(ctx context.Context, c *Client) (any, error) { return nil, c.Tasks.Delete(ctx, "1204") },
		},
		{
			name:    "Delete empty gid",
			run:     func(ctx context.Context, c *Client) (any, error) { return nil, c.Tasks.Delete(ctx, "") },
			wantErr: "asana: Tasks.Delete: empty task gid",
		},
		{
			name: "Duplicate",
			calls: []apiCall{{method: "POST", path: "/tasks/1204/duplicate",
				body: `{"data":{"name":"Buy catnip (copy)","include":"notes,assignee,subtasks"}}`, status: 201, resp: dataJSON(taskJobJSON)}},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Tasks.Duplicate(ctx, "1204", &TaskDuplicateRequest{
					Name: "Buy catnip (copy)", Include: []string{"notes", "assignee", "subtasks"}}, nil)
			},
			want: job,
		},
		{
			name: "Duplicate without include",
			calls: []apiCall{{method: "POST", path: "/tasks/1204/duplicate",
				body: `{"data":{"name":"Copy"}}`, status: 201, resp: dataJSON(taskJobJSON)}},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Tasks.Duplicate(ctx, "1204", &TaskDuplicateRequest{Name: "Copy"}, nil)
			},
			want: job,
		},
		{
			name: "Duplicate without name",
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Tasks.Duplicate(ctx, "1204", &TaskDuplicateRequest{}, nil)
			},
			wantErr: "asana: Tasks.Duplicate: empty name",
		},
		{
			name: "CreateSubtask",
			calls: []apiCall{{method: "POST", path: "/tasks/1000/subtasks",
				body: `{"data":{"name":"Buy catnip","assignee":"12345"}}`, status: 201, resp: dataJSON(taskJSON)}},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Tasks.CreateSubtask(ctx, "1000", &TaskCreateRequest{Name: "Buy catnip", Assignee: "12345"}, nil)
			},
			want: taskPtr,
		},
		{
			name: "CreateSubtask empty parent",
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Tasks.CreateSubtask(ctx, "", &TaskCreateRequest{Name: "x"}, nil)
			},
			wantErr: "asana: Tasks.CreateSubtask: empty task gid",
		},
		{
			name:    "CreateSubtask nil request",
			run:     func(ctx context.Context, c *Client) (any, error) { return c.Tasks.CreateSubtask(ctx, "1000", nil, nil) },
			wantErr: "nil request",
		},
		{
			name:  "GetByCustomID",
			calls: []apiCall{{method: "GET", path: "/workspaces/12345/tasks/custom_id/EX-1", resp: dataJSON(taskJSON)}},
			run:   func(ctx context.Context, c *Client) (any, error) { return c.Tasks.GetByCustomID(ctx, "12345", "EX-1") },
			want:  taskPtr,
		},
		{
			name:    "GetByCustomID empty id",
			run:     func(ctx context.Context, c *Client) (any, error) { return c.Tasks.GetByCustomID(ctx, "12345", "") },
			wantErr: "asana: Tasks.GetByCustomID: empty custom id",
		},
		{
			name:    "GetByCustomID empty workspace",
			run:     func(ctx context.Context, c *Client) (any, error) { return c.Tasks.GetByCustomID(ctx, "", "EX-1") },
			wantErr: "empty workspace gid",
		},
	})
}

func TestTasksRelations(t *testing.T) {
	task := wantTask()
	taskPtr := &task
	empty := `{"data":{}}`
	runCases(t, []svcCase{
		{
			name: "SetParent after a sibling",
			calls: []apiCall{{method: "POST", path: "/tasks/1204/setParent",
				body: `{"data":{"parent":"1000","insert_after":"1100"}}`, resp: dataJSON(taskJSON)}},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Tasks.SetParent(ctx, "1204", &TaskSetParentRequest{Parent: "1000", Position: TaskPosition{InsertAfter: "1100"}}, nil)
			},
			want: taskPtr,
		},
		{
			name: "SetParent first",
			calls: []apiCall{{method: "POST", path: "/tasks/1204/setParent",
				body: `{"data":{"parent":"1000","insert_after":null}}`, resp: dataJSON(taskJSON)}},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Tasks.SetParent(ctx, "1204", &TaskSetParentRequest{Parent: "1000", Position: TaskPosition{First: true}}, nil)
			},
			want: taskPtr,
		},
		{
			name: "SetParent empty parent",
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Tasks.SetParent(ctx, "1204", &TaskSetParentRequest{}, nil)
			},
			wantErr: "Tasks.RemoveParent removes the parent",
		},
		{
			name: "SetParent two positions",
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Tasks.SetParent(ctx, "1204", &TaskSetParentRequest{Parent: "1000",
					Position: TaskPosition{InsertAfter: "1", InsertBefore: "2"}}, nil)
			},
			wantErr: "asana: Tasks.SetParent: set at most one of InsertBefore, InsertAfter and First",
		},
		{
			name: "RemoveParent",
			calls: []apiCall{{method: "POST", path: "/tasks/1204/setParent",
				body: `{"data":{"parent":null}}`, resp: dataJSON(taskJSON)}},
			run:  func(ctx context.Context, c *Client) (any, error) { return c.Tasks.RemoveParent(ctx, "1204", nil) },
			want: taskPtr,
		},
		{
			name:  "AddProject at the end",
			calls: []apiCall{{method: "POST", path: "/tasks/1204/addProject", body: `{"data":{"project":"1331"}}`, resp: empty}},
			run: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Tasks.AddProject(ctx, "1204", &TaskAddProjectRequest{Project: "1331"})
			},
		},
		{
			name: "AddProject first in a section",
			calls: []apiCall{{method: "POST", path: "/tasks/1204/addProject",
				body: `{"data":{"project":"1331","section":"1441","insert_after":null}}`, resp: empty}},
			run: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Tasks.AddProject(ctx, "1204", &TaskAddProjectRequest{
					Project: "1331", Section: "1441", Position: TaskPosition{First: true}})
			},
		},
		{
			name: "AddProject before a task",
			calls: []apiCall{{method: "POST", path: "/tasks/1204/addProject",
				body: `{"data":{"project":"1331","insert_before":"124816"}}`, resp: empty}},
			run: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Tasks.AddProject(ctx, "1204", &TaskAddProjectRequest{
					Project: "1331", Position: TaskPosition{InsertBefore: "124816"}})
			},
		},
		{
			name: "AddProject empty project",
			run: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Tasks.AddProject(ctx, "1204", &TaskAddProjectRequest{Section: "1"})
			},
			wantErr: "asana: Tasks.AddProject: empty project gid",
		},
		{
			name: "AddProject two positions",
			run: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Tasks.AddProject(ctx, "1204", &TaskAddProjectRequest{
					Project: "1331", Position: TaskPosition{InsertBefore: "1", First: true}})
			},
			wantErr: "set at most one",
		},
		{
			name:  "RemoveProject",
			calls: []apiCall{{method: "POST", path: "/tasks/1204/removeProject", body: `{"data":{"project":"1331"}}`, resp: empty}},
			run: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Tasks.RemoveProject(ctx, "1204", "1331")
			},
		},
		{
			name:    "RemoveProject empty project",
			run:     func(ctx context.Context, c *Client) (any, error) { return nil, c.Tasks.RemoveProject(ctx, "1204", "") },
			wantErr: "asana: Tasks.RemoveProject: empty project",
		},
		{
			name:  "AddTag",
			calls: []apiCall{{method: "POST", path: "/tasks/1204/addTag", body: `{"data":{"tag":"59746"}}`, resp: empty}},
			run:   func(ctx context.Context, c *Client) (any, error) { return nil, c.Tasks.AddTag(ctx, "1204", "59746") },
		},
		{
			name:  "RemoveTag",
			calls: []apiCall{{method: "POST", path: "/tasks/1204/removeTag", body: `{"data":{"tag":"59746"}}`, resp: empty}},
			run:   func(ctx context.Context, c *Client) (any, error) { return nil, c.Tasks.RemoveTag(ctx, "1204", "59746") },
		},
		{
			name:    "AddTag empty tag",
			run:     func(ctx context.Context, c *Client) (any, error) { return nil, c.Tasks.AddTag(ctx, "1204", "") },
			wantErr: "asana: Tasks.AddTag: empty tag",
		},
		{
			name: "AddDependencies",
			calls: []apiCall{{method: "POST", path: "/tasks/1204/addDependencies",
				body: `{"data":{"dependencies":["133713","184253"]}}`, resp: empty}},
			run: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Tasks.AddDependencies(ctx, "1204", []string{"133713", "184253"})
			},
		},
		{
			name: "RemoveDependencies",
			calls: []apiCall{{method: "POST", path: "/tasks/1204/removeDependencies",
				body: `{"data":{"dependencies":["133713"]}}`, resp: empty}},
			run: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Tasks.RemoveDependencies(ctx, "1204", []string{"133713"})
			},
		},
		{
			name: "AddDependents",
			calls: []apiCall{{method: "POST", path: "/tasks/1204/addDependents",
				body: `{"data":{"dependents":["133713"]}}`, resp: empty}},
			run: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Tasks.AddDependents(ctx, "1204", []string{"133713"})
			},
		},
		{
			name: "RemoveDependents",
			calls: []apiCall{{method: "POST", path: "/tasks/1204/removeDependents",
				body: `{"data":{"dependents":["133713"]}}`, resp: empty}},
			run: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Tasks.RemoveDependents(ctx, "1204", []string{"133713"})
			},
		},
		{
			name: "AddDependencies none",
			run: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Tasks.AddDependencies(ctx, "1204", nil)
			},
			wantErr: "asana: Tasks.AddDependencies: no dependencies given",
		},
		{
			name: "RemoveDependents blank gid",
			run: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Tasks.RemoveDependents(ctx, "1204", []string{"1", ""})
			},
			wantErr: "asana: Tasks.RemoveDependents: empty dependent in dependents",
		},
		{
			name: "AddDependents empty task",
			run: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Tasks.AddDependents(ctx, "", []string{"1"})
			},
			wantErr: "asana: Tasks.AddDependents: empty task gid",
		},
		{
			name: "AddFollowers",
			calls: []apiCall{{method: "POST", path: "/tasks/1204/addFollowers",
				body: `{"data":{"followers":["13579","me","a@example.com"]}}`, resp: dataJSON(taskJSON)}},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Tasks.AddFollowers(ctx, "1204", []string{"13579", "me", "a@example.com"}, nil)
			},
			want: taskPtr,
		},
		{
			name: "RemoveFollowers",
			calls: []apiCall{{method: "POST", path: "/tasks/1204/removeFollowers",
				body: `{"data":{"followers":["13579"]}}`, resp: dataJSON(taskJSON)}},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Tasks.RemoveFollowers(ctx, "1204", []string{"13579"}, nil)
			},
			want: taskPtr,
		},
		{
			name: "RemoveFollowers none",
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Tasks.RemoveFollowers(ctx, "1204", []string{}, nil)
			},
			wantErr: "asana: Tasks.RemoveFollowers: no followers given",
		},
	})
}

// listCase is a list method in both forms, for the shared list tests.
type listCase[T any] struct {
	name string
	path string
	// query are the method's own filters for the options below.
	query  []string
	fields []string
	seq    func(c *Client, opts ListOptions) iter.Seq2[T, error]
	page   func(c *Client, opts ListOptions) (*Page[T], error)
	// emptySeq and emptyPage call the method with an empty gid.
	emptySeq  func(c *Client) iter.Seq2[T, error]
	emptyPage func(c *Client) (*Page[T], error)
	emptyErr  string
}

// testList checks a list method: lazy paging across two pages rebuilt
// from the original query plus the offset, the page form's NextOffset and
// resumption, custom fields and limit, and the empty-gid error of both
// forms.
func testList[T any](t *testing.T, lc listCase[T], item1, item2 string, want1, want2 T) {
	t.Run(lc.name, func(t *testing.T) {
		t.Run("iterator over two pages", func(t *testing.T) {
			c := scriptedClient(t,
				apiCall{method: "GET", path: lc.path, query: listQueryOf(lc.fields, lc.query...), resp: pageJSON("off2", item1)},
				apiCall{method: "GET", path: lc.path, query: listQueryOf(lc.fields, append([]string{"offset", "off2"}, lc.query...)...), resp: pageJSON("", item2)},
			)
			got, err := collect(lc.seq(c, ListOptions{}))
			if err != nil {
				t.Fatal(err)
			}
			if want := []T{want1, want2}; !reflect.DeepEqual(got, want) {
				t.Errorf("got  %+v\nwant %+v", got, want)
			}
		})
		t.Run("iterator is lazy and stops on break", func(t *testing.T) {
			c := scriptedClient(t,
				apiCall{method: "GET", path: lc.path, query: listQueryOf(lc.fields, lc.query...), resp: pageJSON("off2", item1, item2)})
			seq := lc.seq(c, ListOptions{}) // no request yet: the script would see it
			for range seq {
				break
			}
		})
		t.Run("page resumes at offset with fields and limit", func(t *testing.T) {
			c := scriptedClient(t, apiCall{method: "GET", path: lc.path,
				query: qv(append([]string{"offset", "off2", "limit", "10", "opt_fields", "name,notes"}, lc.query...)...),
				resp:  pageJSON("off3", item2)})
			p, err := lc.page(c, ListOptions{Offset: "off2", Limit: 10, Fields: []string{"name", "notes"}})
			if err != nil {
				t.Fatal(err)
			}
			if want := (&Page[T]{Items: []T{want2}, NextOffset: "off3"}); !reflect.DeepEqual(p, want) {
				t.Errorf("got  %+v\nwant %+v", p, want)
			}
		})
		t.Run("empty gid", func(t *testing.T) {
			c := scriptedClient(t)
			_, err := collect(lc.emptySeq(c))
			errContains(t, err, lc.emptyErr)
			_, err = lc.emptyPage(c)
			errContains(t, err, lc.emptyErr[strings.LastIndex(lc.emptyErr, ": ")+1:])
		})
	})
}

func TestTaskLists(t *testing.T) {
	t1 := wantTask()
	item2 := `{"gid":"1205","resource_type":"task","name":"Feed cat","completed":true,"completed_at":"2024-01-02T03:04:05.000Z"}`
	t2 := Task{GID: "1205", ResourceType: "task", Name: "Feed cat", Completed: true,
		CompletedAt: time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)}
	forOpts := func(o ListOptions) *TaskListForOptions { return &TaskListForOptions{ListOptions: o} }
	cases := []listCase[Task]{
		{
			name: "ListForProject", path: "/projects/1331/tasks", fields: defaultTaskFields,
			seq: func(c *Client, o ListOptions) iter.Seq2[Task, error] {
				return c.Tasks.ListForProject(t.Context(), "1331", forOpts(o)).All()
			},
			page: func(c *Client, o ListOptions) (*Page[Task], error) {
				return c.Tasks.ListForProject(t.Context(), "1331", forOpts(o)).Page("")
			},
			emptySeq:  func(c *Client) iter.Seq2[Task, error] { return c.Tasks.ListForProject(t.Context(), "", nil).All() },
			emptyPage: func(c *Client) (*Page[Task], error) { return c.Tasks.ListForProject(t.Context(), "", nil).Page("") },
			emptyErr:  "asana: Tasks.ListForProject: empty project gid",
		},
		{
			name: "ListForProject incomplete only", path: "/projects/1331/tasks", fields: defaultTaskFields,
			query: []string{"completed_since", "now"},
			seq: func(c *Client, o ListOptions) iter.Seq2[Task, error] {
				return c.Tasks.ListForProject(t.Context(), "1331", &TaskListForOptions{CompletedSince: Since{Now: true}, ListOptions: o}).All()
			},
			page: func(c *Client, o ListOptions) (*Page[Task], error) {
				return c.Tasks.ListForProject(t.Context(), "1331", &TaskListForOptions{CompletedSince: Since{Now: true}, ListOptions: o}).Page("")
			},
			emptySeq:  func(c *Client) iter.Seq2[Task, error] { return c.Tasks.ListForProject(t.Context(), "", nil).All() },
			emptyPage: func(c *Client) (*Page[Task], error) { return c.Tasks.ListForProject(t.Context(), "", nil).Page("") },
			emptyErr:  "empty project gid",
		},
		{
			name: "ListForSection", path: "/sections/1441/tasks", fields: defaultTaskFields,
			query: []string{"completed_since", "2024-05-06T07:08:09.01Z"},
			seq: func(c *Client, o ListOptions) iter.Seq2[Task, error] {
				return c.Tasks.ListForSection(t.Context(), "1441", &TaskListForOptions{ListOptions: o,
					CompletedSince: Since{Time: time.Date(2024, 5, 6, 9, 8, 9, 10e6, time.FixedZone("CEST", 2*3600))}}).All()
			},
			page: func(c *Client, o ListOptions) (*Page[Task], error) {
				return c.Tasks.ListForSection(t.Context(), "1441", &TaskListForOptions{ListOptions: o,
					CompletedSince: Since{Time: time.Date(2024, 5, 6, 7, 8, 9, 10e6, time.UTC)}}).Page("")
			},
			emptySeq:  func(c *Client) iter.Seq2[Task, error] { return c.Tasks.ListForSection(t.Context(), "", nil).All() },
			emptyPage: func(c *Client) (*Page[Task], error) { return c.Tasks.ListForSection(t.Context(), "", nil).Page("") },
			emptyErr:  "asana: Tasks.ListForSection: empty section gid",
		},
		{
			name: "ListForTag", path: "/tags/59746/tasks", fields: defaultTaskFields,
			seq: func(c *Client, o ListOptions) iter.Seq2[Task, error] {
				return c.Tasks.ListForTag(t.Context(), "59746", &o).All()
			},
			page: func(c *Client, o ListOptions) (*Page[Task], error) {
				return c.Tasks.ListForTag(t.Context(), "59746", &o).Page("")
			},
			emptySeq:  func(c *Client) iter.Seq2[Task, error] { return c.Tasks.ListForTag(t.Context(), "", nil).All() },
			emptyPage: func(c *Client) (*Page[Task], error) { return c.Tasks.ListForTag(t.Context(), "", nil).Page("") },
			emptyErr:  "asana: Tasks.ListForTag: empty tag gid",
		},
		{
			name: "ListForUserTaskList", path: "/user_task_lists/1234/tasks", fields: defaultTaskFields,
			seq: func(c *Client, o ListOptions) iter.Seq2[Task, error] {
				return c.Tasks.ListForUserTaskList(t.Context(), "1234", forOpts(o)).All()
			},
			page: func(c *Client, o ListOptions) (*Page[Task], error) {
				return c.Tasks.ListForUserTaskList(t.Context(), "1234", forOpts(o)).Page("")
			},
			emptySeq: func(c *Client) iter.Seq2[Task, error] {
				return c.Tasks.ListForUserTaskList(t.Context(), "", nil).All()
			},
			emptyPage: func(c *Client) (*Page[Task], error) {
				return c.Tasks.ListForUserTaskList(t.Context(), "", nil).Page("")
			},
			emptyErr: "asana: Tasks.ListForUserTaskList: empty user task list gid",
		},
		{
			name: "ListSubtasks", path: "/tasks/1000/subtasks", fields: defaultTaskFields,
			seq: func(c *Client, o ListOptions) iter.Seq2[Task, error] {
				return c.Tasks.ListSubtasks(t.Context(), "1000", &o).All()
			},
			page: func(c *Client, o ListOptions) (*Page[Task], error) {
				return c.Tasks.ListSubtasks(t.Context(), "1000", &o).Page("")
			},
			emptySeq:  func(c *Client) iter.Seq2[Task, error] { return c.Tasks.ListSubtasks(t.Context(), "", nil).All() },
			emptyPage: func(c *Client) (*Page[Task], error) { return c.Tasks.ListSubtasks(t.Context(), "", nil).Page("") },
			emptyErr:  "asana: Tasks.ListSubtasks: empty task gid",
		},
		{
			name: "ListDependencies", path: "/tasks/1204/dependencies", fields: defaultTaskFields,
			seq: func(c *Client, o ListOptions) iter.Seq2[Task, error] {
				return c.Tasks.ListDependencies(t.Context(), "1204", &o).All()
			},
			page: func(c *Client, o ListOptions) (*Page[Task], error) {
				return c.Tasks.ListDependencies(t.Context(), "1204", &o).Page("")
			},
			emptySeq: func(c *Client) iter.Seq2[Task, error] { return c.Tasks.ListDependencies(t.Context(), "", nil).All() },
			emptyPage: func(c *Client) (*Page[Task], error) {
				return c.Tasks.ListDependencies(t.Context(), "", nil).Page("")
			},
			emptyErr: "asana: Tasks.ListDependencies: empty task gid",
		},
		{
			name: "ListDependents", path: "/tasks/1204/dependents", fields: defaultTaskFields,
			seq: func(c *Client, o ListOptions) iter.Seq2[Task, error] {
				return c.Tasks.ListDependents(t.Context(), "1204", &o).All()
			},
			page: func(c *Client, o ListOptions) (*Page[Task], error) {
				return c.Tasks.ListDependents(t.Context(), "1204", &o).Page("")
			},
			emptySeq:  func(c *Client) iter.Seq2[Task, error] { return c.Tasks.ListDependents(t.Context(), "", nil).All() },
			emptyPage: func(c *Client) (*Page[Task], error) { return c.Tasks.ListDependents(t.Context(), "", nil).Page("") },
			emptyErr:  "asana: Tasks.ListDependents: empty task gid",
		},
		{
			name: "List by project, modified since", path: "/tasks", fields: defaultTaskFields,
			query: []string{"project", "1331", "modified_since", "2024-05-06T09:08:09.5+02:00", "completed_since", "now"},
			seq: func(c *Client, o ListOptions) iter.Seq2[Task, error] {
				return c.Tasks.List(t.Context(), &TaskListOptions{Project: "1331", ListOptions: o, CompletedSince: Since{Now: true},
					ModifiedSince: time.Date(2024, 5, 6, 9, 8, 9, 5e8, time.FixedZone("CEST", 2*3600))}).All()
			},
			page: func(c *Client, o ListOptions) (*Page[Task], error) {
				return c.Tasks.List(t.Context(), &TaskListOptions{Project: "1331", ListOptions: o, CompletedSince: Since{Now: true},
					ModifiedSince: time.Date(2024, 5, 6, 9, 8, 9, 5e8, time.FixedZone("CEST", 2*3600))}).Page("")
			},
			emptySeq: func(c *Client) iter.Seq2[Task, error] { return c.Tasks.List(t.Context(), &TaskListOptions{}).All() },
			emptyPage: func(c *Client) (*Page[Task], error) {
				return c.Tasks.List(t.Context(), &TaskListOptions{}).Page("")
			},
			emptyErr: "asana: Tasks.List: set Project, Tag, Section, or Assignee and Workspace",
		},
		{
			name: "List by assignee and workspace", path: "/tasks", fields: defaultTaskFields,
			query: []string{"assignee", "me", "workspace", "12345"},
			seq: func(c *Client, o ListOptions) iter.Seq2[Task, error] {
				return c.Tasks.List(t.Context(), &TaskListOptions{Assignee: "me", Workspace: "12345", ListOptions: o}).All()
			},
			page: func(c *Client, o ListOptions) (*Page[Task], error) {
				return c.Tasks.List(t.Context(), &TaskListOptions{Assignee: "me", Workspace: "12345", ListOptions: o}).Page("")
			},
			emptySeq: func(c *Client) iter.Seq2[Task, error] {
				return c.Tasks.List(t.Context(), &TaskListOptions{Assignee: "me"}).All()
			},
			emptyPage: func(c *Client) (*Page[Task], error) {
				return c.Tasks.List(t.Context(), &TaskListOptions{Workspace: "1"}).Page("")
			},
			emptyErr: "asana: Tasks.List: Assignee and Workspace must be set together",
		},
		{
			name: "List by tag", path: "/tasks", fields: defaultTaskFields,
			query: []string{"tag", "59746"},
			seq: func(c *Client, o ListOptions) iter.Seq2[Task, error] {
				return c.Tasks.List(t.Context(), &TaskListOptions{Tag: "59746", ListOptions: o}).All()
			},
			page: func(c *Client, o ListOptions) (*Page[Task], error) {
				return c.Tasks.List(t.Context(), &TaskListOptions{Tag: "59746", ListOptions: o}).Page("")
			},
			emptySeq:  func(c *Client) iter.Seq2[Task, error] { return c.Tasks.List(t.Context(), nil).All() },
			emptyPage: func(c *Client) (*Page[Task], error) { return c.Tasks.List(t.Context(), nil).Page("") },
			emptyErr:  "asana: Tasks.List: options required",
		},
	}
	for _, lc := range cases {
		testList(t, lc, taskJSON, item2, t1, t2)
	}
}

func TestTaskListOptionsNotMutated(t *testing.T) {
	opts := &TaskListOptions{Section: "1441", ListOptions: ListOptions{Fields: []string{"name"}}}
	before := *opts
	c := scriptedClient(t,
		apiCall{method: "GET", path: "/tasks", query: qv("section", "1441", "limit", "100", "opt_fields", "name"), resp: pageJSON("o2", `{"gid":"1"}`)},
		apiCall{method: "GET", path: "/tasks", query: qv("section", "1441", "limit", "100", "opt_fields", "name", "offset", "o2"), resp: pageJSON("", `{"gid":"2"}`)},
	)
	got, err := collect(c.Tasks.List(t.Context(), opts).All())
	if err != nil || len(got) != 2 {
		t.Fatalf("got %v, %v", got, err)
	}
	if !reflect.DeepEqual(*opts, before) {
		t.Errorf("options changed: %+v", *opts)
	}
}

func TestSinceEncoding(t *testing.T) {
	for _, tc := range []struct {
		name string
		s    Since
		want string // "" means absent
	}{
		{"zero", Since{}, ""},
		{"now", Since{Now: true}, "now"},
		{"now wins over time", Since{Now: true, Time: time.Unix(1, 0)}, "now"},
		{"utc millis", Since{Time: time.Date(2012, 2, 22, 2, 6, 58, 158e6, time.UTC)}, "2012-02-22T02:06:58.158Z"},
		{"zone converted", Since{Time: time.Date(2012, 2, 22, 4, 6, 58, 0, time.FixedZone("", 2*3600))}, "2012-02-22T02:06:58Z"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, err := encodeQuery(&TaskListForOptions{CompletedSince: tc.s})
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := v["completed_since"]; ok != (tc.want != "") || v.Get("completed_since") != tc.want {
				t.Errorf("completed_since = %v, want %q", v["completed_since"], tc.want)
			}
			if tc.s.IsZero() != (tc.want == "") {
				t.Errorf("IsZero() = %v", tc.s.IsZero())
			}
		})
	}
}

func TestTasksSearch(t *testing.T) {
	task := wantTask()
	runCases(t, []svcCase{
		{
			name: "filters",
			calls: []apiCall{{method: "GET", path: "/workspaces/12345/tasks/search", query: qv(
				"text", "catnip", "resource_subtype", "default_task",
				"assignee.any", "me,12345", "projects.not", "1331", "sections.all", "1,2", "tags.any", "59746",
				"teams.any", "77", "commented_on_by.not", "a@example.com",
				"due_on.before", "2024-01-31", "created_at.after", "2024-01-01T00:00:00.123Z",
				"modified_on", "2024-02-03", "is_blocked", "false", "completed", "true",
				"sort_by", "created_at", "sort_ascending", "true", "limit", "50",
				"opt_fields", strings.Join(defaultTaskFields, ","),
				"custom_fields.258147.value", "789", "due_on", "null",
			), resp: `{"data":[` + taskJSON + `]}`}},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Tasks.Search(ctx, "12345", &TaskSearchOptions{
					Text: "catnip", ResourceSubtype: "default_task",
					AssigneeAny: []string{"me", "12345"}, ProjectsNot: []string{"1331"}, SectionsAll: []string{"1", "2"},
					TagsAny: []string{"59746"}, TeamsAny: []string{"77"}, CommentedOnByNot: []string{"a@example.com"},
					DueOnBefore:    Date{2024, time.January, 31},
					CreatedAtAfter: time.Date(2024, 1, 1, 0, 0, 0, 123e6, time.UTC),
					ModifiedOn:     Date{2024, time.February, 3},
					IsBlocked:      Ptr(false), Completed: Ptr(true),
					SortBy: "created_at", SortAscending: true, Limit: 50,
					Extra: url.Values{"custom_fields.258147.value": {"789"}, "due_on": {"null"}},
				})
			},
			want: []Task{task},
		},
		{
			name: "defaults",
			calls: []apiCall{{method: "GET", path: "/workspaces/12345/tasks/search",
				query: listQueryOf(defaultTaskFields), resp: `{"data":[]}`}},
			run:  func(ctx context.Context, c *Client) (any, error) { return c.Tasks.Search(ctx, "12345", nil) },
			want: []Task{},
		},
		{
			name: "payment required",
			calls: []apiCall{{method: "GET", path: "/workspaces/12345/tasks/search", query: listQueryOf([]string{"name"}, "text", "x"),
				status: 402, resp: `{"errors":[{"message":"Search is only available to premium users."}]}`}},
			run: func(ctx context.Context, c *Client) (any, error) {
				_, err := c.Tasks.Search(ctx, "12345", &TaskSearchOptions{Text: "x", Fields: []string{"name"}})
				if !errors.Is(err, ErrPaymentRequired) {
					t.Errorf("errors.Is(%v, ErrPaymentRequired) = false", err)
				}
				return nil, err
			},
			wantErr: "premium",
		},
		{
			name:    "empty workspace",
			run:     func(ctx context.Context, c *Client) (any, error) { return c.Tasks.Search(ctx, "", nil) },
			wantErr: "asana: Tasks.Search: empty workspace gid",
		},
	})
}

// BenchmarkTasksListForProjectPage decodes pages of 100 full tasks (the
// default fields) through the whole pipeline, and with a bare
// encoding/json decode of the same bytes for comparison.
func BenchmarkTasksListForProjectPage(b *testing.B) {
	body := benchPage(taskJSON, 100)
	c := benchClient(b, body)
	ctx := b.Context()
	b.Run("pipeline", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			p, err := c.Tasks.ListForProject(ctx, "1331", nil).Page("")
			if err != nil || len(p.Items) != 100 {
				b.Fatalf("%v, %d items", err, len(p.Items))
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*100), "ns/task")
	})
	b.Run("bare-json", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var env struct {
				Data []Task `json:"data"`
			}
			if err := json.Unmarshal(body, &env); err != nil || len(env.Data) != 100 {
				b.Fatalf("%v, %d items", err, len(env.Data))
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*100), "ns/task")
	})
}

// BenchmarkTaskUpdateMarshal encodes an update with nullable fields.
func BenchmarkTaskUpdateMarshal(b *testing.B) {
	req := &TaskUpdateRequest{Name: Ptr("Renamed"), Completed: Ptr(false), Assignee: Ptr(""),
		DueAt: Ptr(time.Time{}), StartOn: Ptr(Date{2024, time.May, 6}), CustomFields: map[string]any{"1": "2"}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := json.Marshal(req); err != nil {
			b.Fatal(err)
		}
	}
}

func TestTasksSearchAll(t *testing.T) {
	at := func(sec, ms int) string {
		return time.Date(2024, 1, 1, 0, 0, sec, ms*1e6, time.UTC).Format("2006-01-02T15:04:05.000Z")
	}
	task := func(gid, created string) string {
		return `{"gid":"` + gid + `","resource_type":"task","created_at":"` + created + `"}`
	}
	list := func(items ...string) string { return `{"data":[` + strings.Join(items, ",") + `]}` }
	path := "/workspaces/12345/tasks/search"
	sq := func(after string) url.Values {
		v := qv("text", "cat", "sort_by", "created_at", "sort_ascending", "true", "limit", "3",
			"opt_fields", "name,created_at")
		if after != "" {
			v.Set("created_at.after", after)
		}
		return v
	}
	opts := func() *TaskSearchOptions {
		return &TaskSearchOptions{Text: "cat", Limit: 3, Fields: []string{"name"}, SortBy: "likes"}
	}
	for _, tc := range []struct {
		name    string
		calls   []apiCall
		stopAt  int // break after this many tasks; 0 drains
		want    []string
		wantErr error
		errText string
	}{
		{
			name: "pages by creation time without losing ties",
			calls: []apiCall{
				{method: "GET", path: path, query: sq(""), resp: list(task("A", at(1, 0)), task("B", at(2, 0)), task("C", at(3, 5)))},
				{method: "GET", path: path, query: sq("2024-01-01T00:00:03.004Z"), resp: list(task("C", at(3, 5)), task("D", at(3, 5)), task("E", at(4, 0)))},
				{method: "GET", path: path, query: sq("2024-01-01T00:00:03.999Z"), resp: list(task("E", at(4, 0)), task("F", at(5, 0)))},
			},
			want: []string{"A", "B", "C", "D", "E", "F"},
		},
		{
			name: "skips tasks a coarse filter returns again",
			calls: []apiCall{
				{method: "GET", path: path, query: sq(""), resp: list(task("A", at(1, 100)), task("B", at(1, 200)), task("C", at(1, 300)))},
				{method: "GET", path: path, query: sq("2024-01-01T00:00:01.299Z"), resp: list(task("A", at(1, 100)), task("B", at(1, 200)), task("C", at(1, 300)), task("D", at(1, 400)))},
				{method: "GET", path: path, query: sq("2024-01-01T00:00:01.399Z"), resp: list()},
			},
			want: []string{"A", "B", "C", "D"},
		},
		{
			name: "stuck on a millisecond with more tasks than a page",
			calls: []apiCall{
				{method: "GET", path: path, query: sq(""), resp: list(task("A", at(1, 0)), task("B", at(1, 0)), task("C", at(1, 0)))},
				{method: "GET", path: path, query: sq("2024-01-01T00:00:00.999Z"), resp: list(task("A", at(1, 0)), task("B", at(1, 0)), task("C", at(1, 0)))},
			},
			want:    []string{"A", "B", "C"},
			wantErr: ErrSearchStuck,
		},
		{
			name:    "task without created_at",
			calls:   []apiCall{{method: "GET", path: path, query: sq(""), resp: list(`{"gid":"A"}`)}},
			errText: "asana: Tasks.SearchAll: task A has no created_at",
		},
		{
			name:   "break stops fetching",
			calls:  []apiCall{{method: "GET", path: path, query: sq(""), resp: list(task("A", at(1, 0)), task("B", at(2, 0)), task("C", at(3, 0)))}},
			stopAt: 2,
			want:   []string{"A", "B"},
		},
		{
			name: "error from Asana",
			calls: []apiCall{{method: "GET", path: path, query: sq(""), status: 400,
				resp: `{"errors":[{"message":"text: Not a valid search"}]}`}},
			wantErr: ErrBadRequest,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := scriptedClient(t, tc.calls...)
			o := opts()
			before := *o
			var got []string
			var err error
			for task, e := range c.Tasks.SearchAll(t.Context(), "12345", o).All() {
				if e != nil {
					err = e
					break
				}
				got = append(got, task.GID)
				if len(got) == tc.stopAt {
					break
				}
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
			switch {
			case tc.wantErr != nil && !errors.Is(err, tc.wantErr):
				t.Errorf("err = %v, want %v", err, tc.wantErr)
			case tc.errText != "":
				errContains(t, err, tc.errText)
			case tc.wantErr == nil && tc.errText == "" && err != nil:
				t.Errorf("unexpected error %v", err)
			}
			if !reflect.DeepEqual(*o, before) {
				t.Errorf("options changed: %+v", *o)
			}
		})
	}
}

// TestTasksSearchAllResumes checks that a SearchAll page's NextOffset is a
// cursor that resumes the search where it stood (ties at the boundary's
// millisecond skipped), and that a bad cursor is refused before any request.
func TestTasksSearchAllResumes(t *testing.T) {
	task := func(gid string, ms int) string {
		created := time.Date(2024, 1, 1, 0, 0, 1, ms*1e6, time.UTC).Format("2006-01-02T15:04:05.000Z")
		return `{"gid":"` + gid + `","resource_type":"task","created_at":"` + created + `"}`
	}
	path := "/workspaces/12345/tasks/search"
	sq := func(after string) url.Values {
		v := qv("sort_by", "created_at", "sort_ascending", "true", "limit", "2", "opt_fields", "name,created_at")
		if after != "" {
			v.Set("created_at.after", after)
		}
		return v
	}
	c := scriptedClient(t,
		apiCall{method: "GET", path: path, query: sq(""), resp: `{"data":[` + task("1", 100) + `,` + task("2", 200) + `]}`},
		apiCall{method: "GET", path: path, query: sq("2024-01-01T00:00:01.199Z"), resp: `{"data":[` + task("2", 200) + `,` + task("3", 300) + `]}`},
		apiCall{method: "GET", path: path, query: sq("2024-01-01T00:00:01.299Z"), resp: `{"data":[` + task("3", 300) + `]}`},
	)
	l := c.Tasks.SearchAll(t.Context(), "12345", &TaskSearchOptions{Limit: 2, Fields: []string{"name"}})
	first, err := l.Page("")
	if err != nil || len(first.Items) != 2 || first.NextOffset != "2024-01-01T00:00:01.200000000Z,2" {
		t.Fatalf("first page %+v, %v", first, err)
	}
	// A new List (a restarted process) resumes from the checkpoint.
	var got []string
	l = c.Tasks.SearchAll(t.Context(), "12345", &TaskSearchOptions{Limit: 2, Fields: []string{"name"}})
	for offset := first.NextOffset; offset != ""; {
		p, err := l.Page(offset)
		if err != nil {
			t.Fatal(err)
		}
		for _, task := range p.Items {
			got = append(got, task.GID)
		}
		offset = p.NextOffset
	}
	if !reflect.DeepEqual(got, []string{"3"}) {
		t.Errorf("resumed search gave %v, want [3]", got)
	}
	for _, bad := range []string{"yesterday,1", "2024-01-01T00:00:01.200Z", "2024-01-01T00:00:01.200Z,,1"} {
		if _, err := l.Page(bad); err == nil || !strings.Contains(err.Error(), "invalid offset") {
			t.Errorf("Page(%q) = %v, want an invalid offset error", bad, err)
		}
	}
}

// TestTasksSearchAllRefusesUnsafeGIDs checks that a result whose gid is
// empty or holds the cursor's separator ends the search with an error
// instead of entering a cursor that would resume as pieces of it.
func TestTasksSearchAllRefusesUnsafeGIDs(t *testing.T) {
	path := "/workspaces/12345/tasks/search"
	q := qv("sort_by", "created_at", "sort_ascending", "true", "limit", "100", "opt_fields", "name,created_at")
	for _, gid := range []string{"", "1,2"} {
		c := scriptedClient(t, apiCall{method: "GET", path: path, query: q,
			resp: `{"data":[{"gid":"` + gid + `","created_at":"2024-01-01T00:00:01.000Z"}]}`})
		_, err := c.Tasks.SearchAll(t.Context(), "12345", &TaskSearchOptions{Fields: []string{"name"}}).Page("")
		if err == nil || !strings.Contains(err.Error(), "a task with gid") {
			t.Errorf("gid %q: err %v, want a refusal", gid, err)
		}
	}
}
