package asana

import (
	"context"
	"os"
	"slices"
	"strings"
	"testing"
)

// Request-shape tests of a sample of the generated methods (zz_*.go), one
// per shape the generator writes: a get, a paginated list and its page
// twin, an unpaginated list, a create with a body, an update with pointer
// fields, a delete, domain verbs with and without an answer, required
// query parameters, and the checks that stop a call before it is sent.

var tagFields = []string{"name", "color", "notes", "created_at", "permalink_url", "workspace", "followers"}

const tagJSON = `{"gid":"11","resource_type":"tag","name":"Urgent","color":"dark-red","notes":"n",
	"created_at":"2024-05-01T10:00:00.000Z","workspace":{"gid":"1000","resource_type":"workspace","name":"Acme"},
	"followers":[{"gid":"7","resource_type":"user","name":"Kim"}],"unknown_future_field":1}`

func wantTag() Tag {
	return Tag{GID: "11", ResourceType: "tag", Name: "Urgent", Color: TagColorDarkRed, Notes: "n",
		CreatedAt: mustTime("2024-05-01T10:00:00Z"),
		Workspace: &Workspace{GID: "1000", ResourceType: "workspace", Name: "Acme"},
		Followers: []User{{GID: "7", ResourceType: "user", Name: "Kim"}}}
}

func TestGeneratedRequests(t *testing.T) {
	runCallCases(t, []callCase{
		{name: "get with fields",
			call: apiCall{method: "GET", path: "/tags/11", query: qv("opt_fields", "name,color"), resp: dataJSON(tagJSON)},
			run: func(c *Client) (any, error) {
				return c.Tags.Get(t.Context(), "11", &GetOptions{Fields: []string{"name", "color"}})
			},
			want: Ptr(wantTag())},
		{name: "page twin with offset",
			call: apiCall{method: "GET", path: "/workspaces/1000/tags", query: listQueryOf(tagFields, "limit", "5", "offset", "tok"),
				resp: pageJSON("tok2", tagJSON)},
			run: func(c *Client) (any, error) {
				return c.Tags.ListForWorkspace(t.Context(), "1000", &ListOptions{Limit: 5, Offset: "tok"}).Page("")
			},
			want: &Page[Tag]{Items: []Tag{wantTag()}, NextOffset: "tok2"}},
		{name: "unpaginated list",
			call: apiCall{method: "GET", path: "/teams/5/custom_field_settings", query: qv("opt_fields", "is_important"),
				resp: `{"data":[{"gid":"3","resource_type":"custom_field_setting","is_important":true}]}`},
			run: func(c *Client) (any, error) {
				return c.CustomFieldSettings.ListForTeam(t.Context(), "5", &GetOptions{Fields: []string{"is_important"}})
			},
			want: []CustomFieldSetting{{GID: "3", ResourceType: "custom_field_setting", IsImportant: true}}},
		{name: "create sends what is set",
			call: apiCall{method: "POST", path: "/tags", body: `{"data":{"name":"Urgent","workspace":"1000","color":"dark-red","followers":["7"]}}`,
				resp: dataJSON(tagJSON)},
			run: func(c *Client) (any, error) {
				return c.Tags.Create(t.Context(), &TagCreateRequest{Name: "Urgent", Workspace: "1000", Color: TagColorDarkRed, Followers: []string{"7"}}, nil)
			},
			want: Ptr(wantTag())},
		{name: "create with a required field that is empty sends it",
			call: apiCall{method: "POST", path: "/portfolios/9/addItem", body: `{"data":{"item":"42"}}`, resp: `{"data":{}}`},
			run: func(c *Client) (any, error) {
				return nil, c.Portfolios.AddItem(t.Context(), "9", &PortfolioAddItemRequest{Item: "42"})
			}},
		{name: "update sends set pointers only, zero values included",
			call: apiCall{method: "PUT", path: "/tags/11", query: qv("opt_fields", "name"), body: `{"data":{"name":"","notes":"x"}}`,
				resp: dataJSON(`{"gid":"11","name":""}`)},
			run: func(c *Client) (any, error) {
				return c.Tags.Update(t.Context(), "11", &TagUpdateRequest{Name: Ptr(""), Notes: Ptr("x")}, &GetOptions{Fields: []string{"name"}})
			},
			want: &Tag{GID: "11"}},
		{name: "update clears nullable fields with their zero value",
			call: apiCall{method: "PUT", path: "/tags/11", body: `{"data":{"color":null,"notes":""}}`, resp: dataJSON(`{"gid":"11"}`)},
			run: func(c *Client) (any, error) {
				return c.Tags.Update(t.Context(), "11", &TagUpdateRequest{Color: Ptr(TagColor("")), Notes: Ptr("")}, nil)
			},
			want: &Tag{GID: "11"}},
		{name: "update clears a nullable string and date",
			call: apiCall{method: "PUT", path: "/portfolios/9", body: `{"data":{"due_on":null,"start_on":"2024-06-01","name":"Q3"}}`,
				resp: dataJSON(`{"gid":"9"}`)},
			run: func(c *Client) (any, error) {
				return c.Portfolios.Update(t.Context(), "9", &PortfolioUpdateRequest{DueOn: Ptr(Date{}), StartOn: Ptr(Date{2024, 6, 1}), Name: Ptr("Q3")}, nil)
			},
			want: &Portfolio{GID: "9"}},
		{name: "update sends a nullable gid as null",
			call: apiCall{method: "PUT", path: "/goals/3", body: `{"data":{"owner":null,"team":"5"}}`, resp: dataJSON(`{"gid":"3"}`)},
			run: func(c *Client) (any, error) {
				return c.Goals.Update(t.Context(), "3", &GoalUpdateRequest{Owner: Ptr(""), Team: Ptr("5")}, nil)
			},
			want: &Goal{GID: "3"}},
		{name: "delete",
			call: apiCall{method: "DELETE", path: "/tags/11", resp: `{"data":{}}`},
			run:  func(c *Client) (any, error) { return nil, c.Tags.Delete(t.Context(), "11") }},
		{name: "domain verb with an answer",
			call: apiCall{method: "POST", path: "/portfolios/9/addMembers", body: `{"data":{"members":"7,8"}}`,
				resp: dataJSON(`{"gid":"9","resource_type":"portfolio","name":"Q3"}`)},
			run: func(c *Client) (any, error) {
				return c.Portfolios.AddMembers(t.Context(), "9", &PortfolioAddMembersRequest{Members: "7,8"}, nil)
			},
			want: &Portfolio{GID: "9", ResourceType: "portfolio", Name: "Q3"}},
		{name: "domain verb without body or answer",
			call: apiCall{method: "POST", path: "/access_requests/77/approve", resp: `{"data":{}}`},
			run:  func(c *Client) (any, error) { return nil, c.AccessRequests.Approve(t.Context(), "77") }},
		{name: "required query parameter and options",
			call: apiCall{method: "GET", path: "/status_updates",
				query: qv("parent", "123", "created_since", "2024-05-01T10:00:00Z", "limit", "100"),
				resp:  pageJSON("", `{"gid":"4","resource_type":"status_update","title":"On track","status_type":"on_track"}`)},
			run: func(c *Client) (any, error) {
				return c.StatusUpdates.List(t.Context(), "123", &StatusUpdateListOptions{CreatedSince: mustTime("2024-05-01T10:00:00Z")}).Page("")
			},
			want: &Page[StatusUpdate]{Items: []StatusUpdate{{GID: "4", ResourceType: "status_update", Title: "On track", StatusType: StatusUpdateStatusTypeOnTrack}}}},
		{name: "user path argument takes me",
			call: apiCall{method: "GET", path: "/users/me/user_task_list", query: qv("workspace", "1000"),
				resp: dataJSON(`{"gid":"5","resource_type":"user_task_list","name":"My Tasks"}`)},
			run: func(c *Client) (any, error) {
				return c.UserTaskLists.GetForUser(t.Context(), "me", "1000", nil)
			},
			want: &UserTaskList{GID: "5", ResourceType: "user_task_list", Name: "My Tasks"}},
		{name: "job of a template",
			call: apiCall{method: "POST", path: "/project_templates/8/instantiateProject", body: `{"data":{"name":"Launch","team":"3"}}`,
				resp: dataJSON(`{"gid":"66","resource_type":"job","status":"in_progress"}`)},
			run: func(c *Client) (any, error) {
				return c.ProjectTemplates.InstantiateProject(t.Context(), "8", &ProjectTemplateInstantiateProjectRequest{Name: "Launch", Team: "3"}, nil)
			},
			want: &Job{GID: "66", ResourceType: "job", Status: "in_progress"}},
	})
}

func TestGeneratedListPaginates(t *testing.T) {
	c := scriptedClient(t, pagedCalls("/tasks/12/tags", listQueryOf(tagFields),
		`{"gid":"1","name":"a"}`, `{"gid":"2","name":"b"}`)...)
	got, err := collect(c.Tags.ListForTask(t.Context(), "12", nil).All())
	if err != nil {
		t.Fatal(err)
	}
	if names := []string{got[0].Name, got[1].Name}; len(got) != 2 || !slices.Equal(names, []string{"a", "b"}) {
		t.Errorf("got %+v", got)
	}
}

func TestGeneratedArgumentChecks(t *testing.T) {
	runArgCases(t, []argCase{
		{"empty gid", func(ctx context.Context, c *Client) error { return errOnly(c.Tags.Get(ctx, "", nil)) }, "asana: Tags.Get: empty tag gid"},
		{"gid not digits", func(ctx context.Context, c *Client) error { return c.Tags.Delete(ctx, "12/../34") },
			`asana: Tags.Delete: invalid tag gid "12/../34": want a gid`},
		{"dot segment", func(ctx context.Context, c *Client) error {
			return errOnly(c.UserTaskLists.GetForUser(ctx, "..", "1", nil))
		}, `invalid user ".."`},
		{"nil body", func(ctx context.Context, c *Client) error { return errOnly(c.Tags.Update(ctx, "1", nil, nil)) }, "Tags.Update: nil request"},
		{"spec's required field", func(ctx context.Context, c *Client) error {
			return c.Portfolios.AddItem(ctx, "9", &PortfolioAddItemRequest{})
		}, "Portfolios.AddItem: empty item"},
		{"override's required field", func(ctx context.Context, c *Client) error {
			return errOnly(c.Tags.Create(ctx, &TagCreateRequest{Name: "x"}, nil))
		}, "Tags.Create: empty workspace"},
		{"override's required fields in order", func(ctx context.Context, c *Client) error {
			return errOnly(c.Portfolios.Create(ctx, &PortfolioCreateRequest{Workspace: "1"}, nil))
		}, "Portfolios.Create: empty name"},
		{"required query parameter", func(ctx context.Context, c *Client) error {
			return errOnly(c.StatusUpdates.List(ctx, " ", nil).Page(""))
		}, "StatusUpdates.List: empty parent"},
		{"iterator yields the check's error", func(ctx context.Context, c *Client) error {
			_, err := collect(c.Tags.ListForTask(ctx, "x", nil).All())
			return err
		}, `Tags.ListForTask: invalid task gid "x"`},
	})
}

// TestGeneratedDocs checks the doc comments the generator writes from the
// spec: the summary, the scope line, and the marker last.
func TestGeneratedDocs(t *testing.T) {
	src := readFile(t, "zz_tags.go")
	for _, want := range []string{
		"// Get gets a tag.\n//\n// Required scope: tags:read.\n",
		"// asana:operation GET /tags/{tag_gid}\nfunc (s *TagsService) Get(",
		"// TagColor is an enum of Asana's API",
	} {
		if !strings.Contains(src+readFile(t, "zz_enums.go"), want) {
			t.Errorf("generated docs lack %q", want)
		}
	}
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestRouteGIDs(t *testing.T) {
	tests := []struct {
		gid, wantErr string
	}{
		{"1204", ""},
		{"", ""}, // left to require, which routeTo runs
		{"12a", `invalid task gid "12a": want a gid (decimal digits)`},
		{"+12", `invalid task gid "+12"`},
		{"١٢", `invalid task gid "١٢"`}, // Arabic-Indic digits are not ASCII
		{"12 ", `invalid task gid "12 "`},
		{"12%2F", `invalid task gid "12%2F"`},
	}
	for _, tt := range tests {
		err := route{op: "X.Get"}.gids("task gid", tt.gid, "other gid", "1").err
		switch {
		case tt.wantErr == "" && err != nil:
			t.Errorf("gids(%q) = %v", tt.gid, err)
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("gids(%q) = %v, want %q", tt.gid, err, tt.wantErr)
		}
	}
	if err := (route{op: "X.Get"}).gids("a gid", "1", "b gid", "x").err; err == nil || !strings.Contains(err.Error(), "b gid") {
		t.Errorf("second pair not checked: %v", err)
	}
}
