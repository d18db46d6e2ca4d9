package asana

import (
	"context"
	"errors"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"
)

// projectJSON is a full project as Asana returns it (the spec's example
// values), plus a field this client does not know.
const projectJSON = `{
	"gid": "1331", "resource_type": "project", "name": "Stuff to buy",
	"archived": false, "color": "light-green", "icon": "chat_bubbles",
	"created_at": "2012-02-22T02:06:58.147Z", "modified_at": "2012-02-23T02:06:58.147Z",
	"default_view": "calendar", "due_on": "2019-09-15", "start_on": "2019-09-14",
	"notes": "These are things we need to purchase.",
	"html_notes": "<body>These are things we need to purchase.</body>",
	"public": false, "privacy_setting": "public_to_workspace", "default_access_level": "admin",
	"minimum_access_level_for_customization": "admin", "minimum_access_level_for_sharing": "editor",
	"completed": true, "completed_at": "2012-03-01T10:00:00Z",
	"completed_by": {"gid": "12345", "resource_type": "user", "name": "Greg Sanchez"},
	"owner": {"gid": "12345", "resource_type": "user", "name": "Greg Sanchez"},
	"team": {"gid": "12346", "resource_type": "team", "name": "Marketing"},
	"workspace": {"gid": "12347", "resource_type": "workspace", "name": "My Company Workspace"},
	"members": [{"gid": "12345", "resource_type": "user", "name": "Greg Sanchez"}],
	"followers": [{"gid": "12348", "resource_type": "user", "name": "Ann Lee"}],
	"permalink_url": "https://app.asana.com/1/12345/project/1331",
	"created_from_template": {"gid": "12349", "resource_type": "project_template", "name": "Packing list"},
	"current_status_update": {"gid": "12350", "resource_type": "status_update",
		"resource_subtype": "project_status_update", "title": "Status Update - Jun 15"},
	"project_brief": {"gid": "12351", "resource_type": "project_brief"},
	"custom_fields": [
		{"gid": "5678904321", "resource_type": "custom_field", "name": "Status", "type": "enum",
		 "enabled": true, "display_value": "On Hold",
		 "enum_value": {"gid": "789", "resource_type": "enum_option", "name": "On Hold", "enabled": true, "color": "blue"}},
		{"gid": "5678904322", "resource_type": "custom_field", "name": "Budget", "type": "number",
		 "display_value": "1.5", "number_value": 1.5}
	],
	"custom_field_settings": [
		{"gid": "258147", "resource_type": "custom_field_setting", "is_important": true,
		 "parent": {"gid": "1331", "resource_type": "project", "name": "Stuff to buy"},
		 "custom_field": {"gid": "5678904321", "resource_type": "custom_field", "name": "Status", "type": "enum"}}
	],
	"a_field_from_the_future": {"x": 1}
}`

var greg = User{GID: "12345", ResourceType: "user", Name: "Greg Sanchez"}

// fullProject is projectJSON decoded.
var fullProject = &Project{
	GID: "1331", ResourceType: "project", Name: "Stuff to buy",
	Color: "light-green", Icon: "chat_bubbles",
	CreatedAt:   time.Date(2012, 2, 22, 2, 6, 58, 147e6, time.UTC),
	ModifiedAt:  time.Date(2012, 2, 23, 2, 6, 58, 147e6, time.UTC),
	DefaultView: "calendar",
	DueOn:       Date{2019, time.September, 15}, StartOn: Date{2019, time.September, 14},
	Notes:          "These are things we need to purchase.",
	HTMLNotes:      "<body>These are things we need to purchase.</body>",
	PrivacySetting: "public_to_workspace", DefaultAccessLevel: "admin",
	MinimumAccessLevelForCustomization: "admin", MinimumAccessLevelForSharing: "editor",
	Completed: true, CompletedAt: time.Date(2012, 3, 1, 10, 0, 0, 0, time.UTC),
	CompletedBy:         &greg,
	Owner:               &greg,
	Team:                &Team{GID: "12346", ResourceType: "team", Name: "Marketing"},
	Workspace:           &Workspace{GID: "12347", ResourceType: "workspace", Name: "My Company Workspace"},
	Members:             []User{greg},
	Followers:           []User{{GID: "12348", ResourceType: "user", Name: "Ann Lee"}},
	PermalinkURL:        "https://app.asana.com/1/12345/project/1331",
	CreatedFromTemplate: &NamedResource{GID: "12349", ResourceType: "project_template", Name: "Packing list"},
	CurrentStatusUpdate: &StatusUpdate{GID: "12350", ResourceType: "status_update",
		ResourceSubtype: "project_status_update", Title: "Status Update - Jun 15"},
	ProjectBrief: &Resource{GID: "12351", ResourceType: "project_brief"},
	CustomFields: []CustomField{
		{GID: "5678904321", ResourceType: "custom_field", Name: "Status", Type: "enum", Enabled: true,
			DisplayValue: Ptr("On Hold"),
			EnumValue:    &EnumOption{GID: "789", ResourceType: "enum_option", Name: "On Hold", Enabled: true, Color: "blue"}},
		{GID: "5678904322", ResourceType: "custom_field", Name: "Budget", Type: "number",
			DisplayValue: Ptr("1.5"), NumberValue: Ptr(1.5)},
	},
	CustomFieldSettings: []CustomFieldSetting{{
		GID: "258147", ResourceType: "custom_field_setting", IsImportant: true,
		Parent:      &NamedResource{GID: "1331", ResourceType: "project", Name: "Stuff to buy"},
		CustomField: &CustomField{GID: "5678904321", ResourceType: "custom_field", Name: "Status", Type: "enum"},
	}},
}

// compactProjects returns n compact projects as Asana lists them, and their decoded
// form.
func compactProjects(first, n int) (string, []Project) {
	var b strings.Builder
	var ps []Project
	for i := first; i < first+n; i++ {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		gid := "100" + string(rune('0'+i))
		b.WriteString(`{"gid":"` + gid + `","resource_type":"project","name":"P` + gid + `"}`)
		ps = append(ps, Project{GID: gid, ResourceType: "project", Name: "P" + gid})
	}
	return "[" + b.String() + "]", ps
}

var projectFieldsQuery = strings.Join(defaultProjectFields, ",")

// twoPages builds the two-page answer of a list of projects at path with
// query q (which must not have an offset).
func twoPages(path string, q ...string) ([]apiCall, []Project) {
	p1, want1 := compactProjects(0, 2)
	p2, want2 := compactProjects(2, 1)
	q1 := qv(q...)
	q2 := qv(append(q, "offset", "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9")...)
	return []apiCall{
		{method: "GET", path: path, query: q1, resp: `{"data":` + p1 + `,"next_page":{"offset":"eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9","path":"` + path + `?offset=x","uri":"https://app.asana.com/api/1.0` + path + `?offset=x"}}`},
		{method: "GET", path: path, query: q2, resp: `{"data":` + p2 + `,"next_page":null}`},
	}, append(want1, want2...)
}

func TestProjectsLists(t *testing.T) {
	ctx := t.Context()
	type listFn func(c *Client) ([]Project, error)
	tests := []struct {
		name  string
		path  string
		query []string
		list  listFn
	}{
		{"List filters", "/projects",
			[]string{"workspace", "12347", "team", "12346", "archived", "false", "limit", "100", "opt_fields", projectFieldsQuery},
			func(c *Client) ([]Project, error) {
				return collect(c.Projects.List(ctx, &ProjectListOptions{Workspace: "12347", Team: "12346", Archived: Ptr(false)}).All())
			}},
		{"List team only", "/projects",
			[]string{"team", "12346", "limit", "100", "opt_fields", projectFieldsQuery},
			func(c *Client) ([]Project, error) {
				return collect(c.Projects.List(ctx, &ProjectListOptions{Team: "12346"}).All())
			}},
		{"ListForTask", "/tasks/777/projects",
			[]string{"limit", "50", "opt_fields", "name,owner"},
			func(c *Client) ([]Project, error) {
				return collect(c.Projects.ListForTask(ctx, "777", &ListOptions{Limit: 50, Fields: []string{"name", "owner"}}).All())
			}},
		{"ListForTeam archived", "/teams/12346/projects",
			[]string{"archived", "true", "limit", "100", "opt_fields", projectFieldsQuery},
			func(c *Client) ([]Project, error) {
				return collect(c.Projects.ListForTeam(ctx, "12346", &ProjectArchivedListOptions{Archived: Ptr(true)}).All())
			}},
		{"ListForWorkspace", "/workspaces/12347/projects",
			[]string{"limit", "100", "opt_fields", projectFieldsQuery},
			func(c *Client) ([]Project, error) {
				return collect(c.Projects.ListForWorkspace(ctx, "12347", nil).All())
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			calls, want := twoPages(tt.path, tt.query...)
			c := scriptedClient(t, calls...)
			got, err := tt.list(c)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got %+v, want %+v", got, want)
			}
		})
	}
}

func TestProjectsListPages(t *testing.T) {
	ctx := t.Context()
	page, items := compactProjects(0, 2)
	resp := `{"data":` + page + `,"next_page":{"offset":"next1","path":"/x?offset=next1","uri":"https://x/?offset=next1"}}`
	lo := ListOptions{Limit: 2, Offset: "cur0"}
	tests := []struct {
		name string
		path string
		q    []string
		page func(c *Client) (*Page[Project], error)
	}{
		{"ListPage", "/projects", []string{"workspace", "1", "limit", "2", "offset", "cur0", "opt_fields", projectFieldsQuery},
			func(c *Client) (*Page[Project], error) {
				return c.Projects.List(ctx, &ProjectListOptions{Workspace: "1", ListOptions: lo}).Page("")
			}},
		{"ListForTaskPage", "/tasks/9/projects", []string{"limit", "2", "offset", "cur0", "opt_fields", projectFieldsQuery},
			func(c *Client) (*Page[Project], error) { return c.Projects.ListForTask(ctx, "9", &lo).Page("") }},
		{"ListForTeamPage", "/teams/8/projects", []string{"archived", "false", "limit", "2", "offset", "cur0", "opt_fields", projectFieldsQuery},
			func(c *Client) (*Page[Project], error) {
				return c.Projects.ListForTeam(ctx, "8", &ProjectArchivedListOptions{Archived: Ptr(false), ListOptions: lo}).Page("")
			}},
		{"ListForWorkspacePage", "/workspaces/7/projects", []string{"limit", "2", "offset", "cur0", "opt_fields", projectFieldsQuery},
			func(c *Client) (*Page[Project], error) {
				return c.Projects.ListForWorkspace(ctx, "7", &ProjectArchivedListOptions{ListOptions: lo}).Page("")
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := scriptedClient(t, apiCall{method: "GET", path: tt.path, query: qv(tt.q...), resp: resp})
			got, err := tt.page(c)
			if err != nil {
				t.Fatal(err)
			}
			want := &Page[Project]{Items: items, NextOffset: "next1"}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got %+v, want %+v", got, want)
			}
		})
	}
}

func TestProjectsCalls(t *testing.T) {
	ctx := t.Context()
	fields := &GetOptions{Fields: []string{"name", "owner"}}
	jobJSON := `{"gid":"12345","resource_type":"job","resource_subtype":"duplicate_project","status":"in_progress",
		"new_project":{"gid":"4321","resource_type":"project","name":"New Project Name"}}`
	job := &Job{GID: "12345", ResourceType: "job", ResourceSubtype: "duplicate_project", Status: "in_progress",
		NewProject: &Project{GID: "4321", ResourceType: "project", Name: "New Project Name"}}
	searchResults, searchWant := compactProjects(0, 3)

	runCallCases(t, []callCase{
		{"Get", apiCall{method: "GET", path: "/projects/1331", resp: dataJSON(projectJSON)},
			func(c *Client) (any, error) { return c.Projects.Get(ctx, "1331", nil) }, fullProject},
		{"Get fields", apiCall{method: "GET", path: "/projects/1331", query: qv("opt_fields", "name,owner"), resp: dataJSON(projectJSON)},
			func(c *Client) (any, error) { return c.Projects.Get(ctx, "1331", fields) }, fullProject},
		{"Create", apiCall{method: "POST", path: "/projects", query: qv("opt_fields", "name,owner"), status: 201,
			body: `{"data":{"name":"Stuff to buy","workspace":"12347","team":"12346","owner":"me","color":"light-green",
				"due_on":"2019-09-15","privacy_setting":"private","followers":"12345,ann@example.com",
				"custom_fields":{"5678904321":"789","5678904322":1.5}}}`,
			resp: dataJSON(projectJSON)},
			func(c *Client) (any, error) {
				return c.Projects.Create(ctx, &ProjectCreateRequest{
					Name: "Stuff to buy", Workspace: "12347", Team: "12346", Owner: "me", Color: "light-green",
					DueOn: Date{2019, time.September, 15}, PrivacySetting: "private",
					Followers:    []string{"12345", "ann@example.com"},
					CustomFields: map[string]any{"5678904321": "789", "5678904322": 1.5},
				}, fields)
			}, fullProject},
		{"CreateForTeam empty", apiCall{method: "POST", path: "/teams/12346/projects", status: 201, body: `{"data":{}}`, resp: dataJSON(projectJSON)},
			func(c *Client) (any, error) { return c.Projects.CreateForTeam(ctx, "12346", nil, nil) }, fullProject},
		{"CreateForWorkspace", apiCall{method: "POST", path: "/workspaces/12347/projects", status: 201,
			body: `{"data":{"name":"Stuff to buy","team":"12346","default_view":"board","start_on":"2019-09-14","due_on":"2019-09-15"}}`,
			resp: dataJSON(projectJSON)},
			func(c *Client) (any, error) {
				return c.Projects.CreateForWorkspace(ctx, "12347", &ProjectCreateRequest{Name: "Stuff to buy", Team: "12346",
					DefaultView: "board", StartOn: Date{2019, time.September, 14}, DueOn: Date{2019, time.September, 15}}, nil)
			}, fullProject},
		{"Update", apiCall{method: "PUT", path: "/projects/1331",
			body: `{"data":{"name":"Renamed","archived":false,"owner":null,"color":"none","icon":null,"due_on":null,
				"start_on":"2020-01-02","notes":"","custom_fields":{"5678904321":null}}}`,
			resp: dataJSON(projectJSON)},
			func(c *Client) (any, error) {
				return c.Projects.Update(ctx, "1331", &ProjectUpdateRequest{
					Name: Ptr("Renamed"), Archived: Ptr(false), Owner: Ptr(""), Color: Ptr("none"), Icon: Ptr(""),
					DueOn: &Date{}, StartOn: &Date{2020, time.January, 2}, Notes: Ptr(""),
					CustomFields: map[string]any{"5678904321": nil},
				}, nil)
			}, fullProject},
		{"Update archive only", apiCall{method: "PUT", path: "/projects/1331", query: qv("opt_fields", "name,owner"),
			body: `{"data":{"archived":true}}`, resp: dataJSON(projectJSON)},
			func(c *Client) (any, error) {
				return c.Projects.Update(ctx, "1331", &ProjectUpdateRequest{Archived: Ptr(true)}, fields)
			}, fullProject},
		{"Delete", apiCall{method: "DELETE", path: "/projects/1331", resp: dataJSON(`{}`)},
			func(c *Client) (any, error) { return nil, c.Projects.Delete(ctx, "1331") }, nil},
		{"Duplicate", apiCall{method: "POST", path: "/projects/1331/duplicate", status: 201,
			body: `{"data":{"name":"New Project Name","include":"members,notes,task_dates",
				"schedule_dates":{"should_skip_weekends":false,"due_on":"2019-05-21"}}}`,
			resp: dataJSON(jobJSON)},
			func(c *Client) (any, error) {
				return c.Projects.Duplicate(ctx, "1331", &ProjectDuplicateRequest{Name: "New Project Name",
					Include:       []string{"members", "notes", "task_dates"},
					ScheduleDates: &ProjectScheduleDates{DueOn: Date{2019, time.May, 21}}}, nil)
			}, job},
		{"Duplicate name only", apiCall{method: "POST", path: "/projects/1331/duplicate", status: 201,
			query: qv("opt_fields", "name,owner"), body: `{"data":{"name":"Copy"}}`, resp: dataJSON(jobJSON)},
			func(c *Client) (any, error) {
				return c.Projects.Duplicate(ctx, "1331", &ProjectDuplicateRequest{Name: "Copy"}, fields)
			}, job},
		{"SaveAsTemplate", apiCall{method: "POST", path: "/projects/1331/saveAsTemplate", status: 201,
			body: `{"data":{"name":"New Project Template","team":"12346","public":false}}`,
			resp: dataJSON(`{"gid":"9","resource_type":"job","status":"not_started",
				"new_project_template":{"gid":"11","resource_type":"project_template","name":"New Project Template"}}`)},
			func(c *Client) (any, error) {
				return c.Projects.SaveAsTemplate(ctx, "1331", &ProjectSaveAsTemplateRequest{Name: "New Project Template", Team: "12346"}, nil)
			}, &Job{GID: "9", ResourceType: "job", Status: "not_started",
				NewProjectTemplate: &NamedResource{GID: "11", ResourceType: "project_template", Name: "New Project Template"}}},
		{"AddCustomFieldSetting", apiCall{method: "POST", path: "/projects/1331/addCustomFieldSetting",
			body: `{"data":{"custom_field":"14916","is_important":true,"insert_after":"1331"}}`,
			resp: dataJSON(`{"gid":"258147","resource_type":"custom_field_setting","is_important":true,
				"project":{"gid":"1331","resource_type":"project","name":"Stuff to buy"},
				"parent":{"gid":"1331","resource_type":"project","name":"Stuff to buy"},
				"custom_field":{"gid":"14916","resource_type":"custom_field","name":"Priority","resource_subtype":"enum","type":"enum",
					"enum_options":[{"gid":"1","resource_type":"enum_option","name":"High","enabled":true,"color":"red"}]}}`)},
			func(c *Client) (any, error) {
				return c.Projects.AddCustomFieldSetting(ctx, "1331", &CustomFieldSettingRequest{CustomField: "14916", IsImportant: true, InsertAfter: "1331"}, nil)
			}, &CustomFieldSetting{GID: "258147", ResourceType: "custom_field_setting", IsImportant: true,
				Project: &Project{GID: "1331", ResourceType: "project", Name: "Stuff to buy"},
				Parent:  &NamedResource{GID: "1331", ResourceType: "project", Name: "Stuff to buy"},
				CustomField: &CustomField{GID: "14916", ResourceType: "custom_field", Name: "Priority", ResourceSubtype: "enum", Type: "enum",
					EnumOptions: []EnumOption{{GID: "1", ResourceType: "enum_option", Name: "High", Enabled: true, Color: "red"}}}}},
		{"RemoveCustomFieldSetting", apiCall{method: "POST", path: "/projects/1331/removeCustomFieldSetting",
			body: `{"data":{"custom_field":"14916"}}`, resp: dataJSON(`{}`)},
			func(c *Client) (any, error) { return nil, c.Projects.RemoveCustomFieldSetting(ctx, "1331", "14916") }, nil},
		{"GetTaskCounts all", apiCall{method: "GET", path: "/projects/1331/task_counts",
			query: qv("opt_fields", "num_tasks,num_incomplete_tasks,num_completed_tasks,num_milestones,num_incomplete_milestones,num_completed_milestones"),
			resp: dataJSON(`{"num_tasks":200,"num_incomplete_tasks":50,"num_completed_tasks":150,
				"num_milestones":10,"num_incomplete_milestones":7,"num_completed_milestones":3}`)},
			func(c *Client) (any, error) { return c.Projects.GetTaskCounts(ctx, "1331", nil) },
			&TaskCounts{NumTasks: 200, NumIncompleteTasks: 50, NumCompletedTasks: 150, NumMilestones: 10, NumIncompleteMilestones: 7, NumCompletedMilestones: 3}},
		{"GetTaskCounts chosen", apiCall{method: "GET", path: "/projects/1331/task_counts",
			query: qv("opt_fields", "num_tasks"), resp: dataJSON(`{"num_tasks":200}`)},
			func(c *Client) (any, error) {
				return c.Projects.GetTaskCounts(ctx, "1331", &GetOptions{Fields: []string{"num_tasks"}})
			}, &TaskCounts{NumTasks: 200}},
		{"AddMembers", apiCall{method: "POST", path: "/projects/1331/addMembers",
			body: `{"data":{"members":"521621,me,ann@example.com"}}`, resp: dataJSON(projectJSON)},
			func(c *Client) (any, error) {
				return c.Projects.AddMembers(ctx, "1331", []string{"521621", "me", "ann@example.com"}, nil)
			}, fullProject},
		{"RemoveMembers", apiCall{method: "POST", path: "/projects/1331/removeMembers", query: qv("opt_fields", "name,owner"),
			body: `{"data":{"members":"521621"}}`, resp: dataJSON(projectJSON)},
			func(c *Client) (any, error) { return c.Projects.RemoveMembers(ctx, "1331", []string{"521621"}, fields) }, fullProject},
		{"AddFollowers", apiCall{method: "POST", path: "/projects/1331/addFollowers",
			body: `{"data":{"followers":"521621,621373"}}`, resp: dataJSON(projectJSON)},
			func(c *Client) (any, error) {
				return c.Projects.AddFollowers(ctx, "1331", []string{"521621", "621373"}, nil)
			}, fullProject},
		{"RemoveFollowers", apiCall{method: "POST", path: "/projects/1331/removeFollowers",
			body: `{"data":{"followers":"621373"}}`, resp: dataJSON(projectJSON)},
			func(c *Client) (any, error) { return c.Projects.RemoveFollowers(ctx, "1331", []string{"621373"}, nil) }, fullProject},
		{"Search", apiCall{method: "GET", path: "/workspaces/12347/projects/search",
			query: qv("text", "launch", "sort_by", "created_at", "sort_ascending", "true", "completed", "false",
				"teams.any", "1,2", "owner.any", "me", "members.any", "a@example.com,5", "members.not", "6",
				"portfolios.any", "7", "created_at.after", "2024-05-01T08:30:00.147Z", "due_on.before", "2024-12-31",
				"start_on", "2024-06-01", "completed_at.before", "2024-05-02T10:00:00+02:00",
				"custom_fields.123.is_set", "true", "custom_fields.456.value", "789",
				"limit", "100", "opt_fields", projectFieldsQuery),
			resp: dataJSON(searchResults)},
			func(c *Client) (any, error) {
				return c.Projects.Search(ctx, "12347", &ProjectSearchOptions{
					Text: "launch", SortBy: "created_at", SortAscending: true, Completed: Ptr(false),
					TeamsAny: []string{"1", "2"}, OwnerAny: []string{"me"}, MembersAny: []string{"a@example.com", "5"},
					MembersNot: []string{"6"}, PortfoliosAny: []string{"7"},
					CreatedAtAfter:    time.Date(2024, 5, 1, 8, 30, 0, 147e6, time.UTC),
					CompletedAtBefore: time.Date(2024, 5, 2, 10, 0, 0, 0, time.FixedZone("CEST", 2*3600)),
					DueOnBefore:       Date{2024, time.December, 31}, StartOn: Date{2024, time.June, 1},
					CustomFields: CustomFieldFilters{{GID: "123", Op: "is_set", Value: "true"}, {GID: "456", Op: "value", Value: "789"}},
				})
			}, searchWant},
		{"Search defaults", apiCall{method: "GET", path: "/workspaces/12347/projects/search",
			query: qv("limit", "20", "opt_fields", "name", "due_on", "null", "text", "b"), resp: dataJSON(`[]`)},
			func(c *Client) (any, error) {
				return c.Projects.Search(ctx, "12347", &ProjectSearchOptions{Limit: 20, Fields: []string{"name"}, Text: "a",
					Extra: url.Values{"due_on": {"null"}, "text": {"b"}}})
			}, []Project{}},
	})
}

func TestProjectsErrors(t *testing.T) {
	ctx := t.Context()
	c := scriptedClient(t, apiCall{method: "GET", path: "/projects/404", status: 404,
		resp: `{"errors":[{"message":"project: Unknown object: 404","help":"For more information on API status codes...","phrase":"6 sad squid snuggle softly"}]}`})
	p, err := c.Projects.Get(ctx, "404", nil)
	if p != nil || !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get = %v, %v; want ErrNotFound", p, err)
	}
	if !strings.Contains(err.Error(), "Unknown object") || strings.Contains(err.Error(), testToken) {
		t.Errorf("error %q should carry Asana's message and not the token", err)
	}

	// An error in the middle of a list is yielded once and ends it.
	page, _ := compactProjects(0, 2)
	c = scriptedClient(t,
		apiCall{method: "GET", path: "/workspaces/1/projects", query: qv("limit", "100", "opt_fields", projectFieldsQuery),
			resp: `{"data":` + page + `,"next_page":{"offset":"o1"}}`},
		apiCall{method: "GET", path: "/workspaces/1/projects", query: qv("limit", "100", "offset", "o1", "opt_fields", projectFieldsQuery),
			status: 403, resp: `{"errors":[{"message":"forbidden"}]}`})
	var n, errs int
	for _, err := range c.Projects.ListForWorkspace(ctx, "1", nil).All() {
		if err != nil {
			errs++
			if !errors.Is(err, ErrForbidden) {
				t.Errorf("err = %v, want ErrForbidden", err)
			}
			continue
		}
		n++
	}
	if n != 2 || errs != 1 {
		t.Errorf("got %d projects and %d errors, want 2 and 1", n, errs)
	}
}

func TestProjectsEarlyBreak(t *testing.T) {
	page, _ := compactProjects(0, 3)
	c := scriptedClient(t, apiCall{method: "GET", path: "/projects", query: qv("workspace", "1", "limit", "100", "opt_fields", projectFieldsQuery),
		resp: `{"data":` + page + `,"next_page":{"offset":"o1"}}`})
	var got []string
	for p, err := range c.Projects.List(t.Context(), &ProjectListOptions{Workspace: "1"}).All() {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, p.GID)
		if len(got) == 2 {
			break // no second page may be fetched: scriptedClient fails on it
		}
	}
	if len(got) != 2 {
		t.Errorf("got %v", got)
	}
}

func TestProjectsValidation(t *testing.T) {
	runArgCases(t, []argCase{
		{"Get", func(ctx context.Context, c *Client) error { return errOnly(c.Projects.Get(ctx, "", nil)) }, "Projects.Get: empty project gid"},
		{"List nil", func(ctx context.Context, c *Client) error { return errOnly(collect(c.Projects.List(ctx, nil).All())) }, "Projects.List: options need a workspace or team"},
		{"ListPage no scope", func(ctx context.Context, c *Client) error {
			return errOnly(c.Projects.List(ctx, &ProjectListOptions{Archived: Ptr(true)}).Page(""))
		}, "Projects.List: options need a workspace or team"},
		{"ListForTask", func(ctx context.Context, c *Client) error {
			return errOnly(collect(c.Projects.ListForTask(ctx, "", nil).All()))
		}, "Projects.ListForTask: empty task gid"},
		{"ListForTaskPage", func(ctx context.Context, c *Client) error {
			return errOnly(c.Projects.ListForTask(ctx, "", nil).Page(""))
		}, "empty task gid"},
		{"ListForTeam", func(ctx context.Context, c *Client) error {
			return errOnly(collect(c.Projects.ListForTeam(ctx, "", nil).All()))
		}, "Projects.ListForTeam: empty team gid"},
		{"ListForTeamPage", func(ctx context.Context, c *Client) error {
			return errOnly(c.Projects.ListForTeam(ctx, "", nil).Page(""))
		}, "empty team gid"},
		{"ListForWorkspace", func(ctx context.Context, c *Client) error {
			return errOnly(collect(c.Projects.ListForWorkspace(ctx, "", nil).All()))
		}, "empty workspace gid"},
		{"ListForWorkspacePage", func(ctx context.Context, c *Client) error {
			return errOnly(c.Projects.ListForWorkspace(ctx, "", nil).Page(""))
		}, "empty workspace gid"},
		{"Search", func(ctx context.Context, c *Client) error { return errOnly(c.Projects.Search(ctx, "", nil)) }, "Projects.Search: empty workspace gid"},
		{"Search bad filter op", func(ctx context.Context, c *Client) error {
			return errOnly(c.Projects.Search(ctx, "1", &ProjectSearchOptions{CustomFields: CustomFieldFilters{{GID: "1", Op: "equals"}}}))
		}, `unknown op "equals"`},
		{"Search bad filter gid", func(ctx context.Context, c *Client) error {
			return errOnly(c.Projects.Search(ctx, "1", &ProjectSearchOptions{CustomFields: CustomFieldFilters{{GID: "1&x=2", Op: "value"}}}))
		}, `invalid gid "1&x=2"`},
		{"Create nil", func(ctx context.Context, c *Client) error { return errOnly(c.Projects.Create(ctx, nil, nil)) }, "Projects.Create: nil request"},
		{"Create no workspace", func(ctx context.Context, c *Client) error {
			return errOnly(c.Projects.Create(ctx, &ProjectCreateRequest{Name: "x"}, nil))
		}, "Projects.Create: set Workspace or Team"},
		{"Create bad follower", func(ctx context.Context, c *Client) error {
			return errOnly(c.Projects.Create(ctx, &ProjectCreateRequest{Workspace: "1", Followers: []string{"a,b"}}, nil))
		}, `Projects.Create: invalid user "a,b"`},
		{"CreateForTeam", func(ctx context.Context, c *Client) error {
			return errOnly(c.Projects.CreateForTeam(ctx, "", nil, nil))
		}, "empty team gid"},
		{"CreateForTeam empty follower", func(ctx context.Context, c *Client) error {
			return errOnly(c.Projects.CreateForTeam(ctx, "1", &ProjectCreateRequest{Followers: []string{" "}}, nil))
		}, "Projects.CreateForTeam: empty user in followers"},
		{"CreateForWorkspace", func(ctx context.Context, c *Client) error {
			return errOnly(c.Projects.CreateForWorkspace(ctx, "", nil, nil))
		}, "empty workspace gid"},
		{"CreateForWorkspace bad follower", func(ctx context.Context, c *Client) error {
			return errOnly(c.Projects.CreateForWorkspace(ctx, "1", &ProjectCreateRequest{Followers: []string{""}}, nil))
		}, "Projects.CreateForWorkspace: empty user in followers"},
		{"Update gid", func(ctx context.Context, c *Client) error {
			return errOnly(c.Projects.Update(ctx, "", &ProjectUpdateRequest{}, nil))
		}, "empty project gid"},
		{"Update nil", func(ctx context.Context, c *Client) error { return errOnly(c.Projects.Update(ctx, "1", nil, nil)) }, "nil request"},
		{"Delete", func(ctx context.Context, c *Client) error { return c.Projects.Delete(ctx, "") }, "Projects.Delete: empty project gid"},
		{"Duplicate gid", func(ctx context.Context, c *Client) error {
			return errOnly(c.Projects.Duplicate(ctx, "", &ProjectDuplicateRequest{Name: "x"}, nil))
		}, "empty project gid"},
		{"Duplicate no name", func(ctx context.Context, c *Client) error {
			return errOnly(c.Projects.Duplicate(ctx, "1", &ProjectDuplicateRequest{}, nil))
		}, "Projects.Duplicate: empty name"},
		{"Duplicate both dates", func(ctx context.Context, c *Client) error {
			return errOnly(c.Projects.Duplicate(ctx, "1", &ProjectDuplicateRequest{Name: "x", ScheduleDates: &ProjectScheduleDates{
				DueOn: Date{2020, 1, 1}, StartOn: Date{2020, 1, 1}}}, nil))
		}, "exactly one of DueOn and StartOn"},
		{"Duplicate no date", func(ctx context.Context, c *Client) error {
			return errOnly(c.Projects.Duplicate(ctx, "1", &ProjectDuplicateRequest{Name: "x", ScheduleDates: &ProjectScheduleDates{}}, nil))
		}, "exactly one of DueOn and StartOn"},
		{"SaveAsTemplate gid", func(ctx context.Context, c *Client) error {
			return errOnly(c.Projects.SaveAsTemplate(ctx, "", nil, nil))
		}, "empty project gid"},
		{"SaveAsTemplate name", func(ctx context.Context, c *Client) error {
			return errOnly(c.Projects.SaveAsTemplate(ctx, "1", nil, nil))
		}, "Projects.SaveAsTemplate: nil request"},
		{"AddCustomFieldSetting gid", func(ctx context.Context, c *Client) error {
			return errOnly(c.Projects.AddCustomFieldSetting(ctx, "", nil, nil))
		}, "empty project gid"},
		{"AddCustomFieldSetting field", func(ctx context.Context, c *Client) error {
			return errOnly(c.Projects.AddCustomFieldSetting(ctx, "1", &CustomFieldSettingRequest{}, nil))
		}, "empty custom field"},
		{"AddCustomFieldSetting both", func(ctx context.Context, c *Client) error {
			return errOnly(c.Projects.AddCustomFieldSetting(ctx, "1", &CustomFieldSettingRequest{CustomField: "2", InsertBefore: "3", InsertAfter: "4"}, nil))
		}, "set at most one of InsertBefore and InsertAfter"},
		{"RemoveCustomFieldSetting gid", func(ctx context.Context, c *Client) error { return c.Projects.RemoveCustomFieldSetting(ctx, "", "2") }, "empty project gid"},
		{"RemoveCustomFieldSetting field", func(ctx context.Context, c *Client) error { return c.Projects.RemoveCustomFieldSetting(ctx, "1", "") }, "empty custom field"},
		{"GetTaskCounts", func(ctx context.Context, c *Client) error { return errOnly(c.Projects.GetTaskCounts(ctx, "", nil)) }, "empty project gid"},
		{"AddMembers gid", func(ctx context.Context, c *Client) error {
			return errOnly(c.Projects.AddMembers(ctx, "", []string{"1"}, nil))
		}, "Projects.AddMembers: empty project gid"},
		{"AddMembers none", func(ctx context.Context, c *Client) error { return errOnly(c.Projects.AddMembers(ctx, "1", nil, nil)) }, "Projects.AddMembers: no members given"},
		{"RemoveMembers comma", func(ctx context.Context, c *Client) error {
			return errOnly(c.Projects.RemoveMembers(ctx, "1", []string{"1,2"}, nil))
		}, `Projects.RemoveMembers: invalid member "1,2" in members`},
		{"AddFollowers empty", func(ctx context.Context, c *Client) error {
			return errOnly(c.Projects.AddFollowers(ctx, "1", []string{""}, nil))
		}, "Projects.AddFollowers: empty follower in followers"},
		{"RemoveFollowers none", func(ctx context.Context, c *Client) error {
			return errOnly(c.Projects.RemoveFollowers(ctx, "1", []string{}, nil))
		}, "Projects.RemoveFollowers: no followers given"},
	})
}
