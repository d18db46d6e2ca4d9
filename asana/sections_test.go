package asana

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

const sectionJSON = `{"gid": "12345", "resource_type": "section", "name": "Next Actions",
	"created_at": "2012-02-22T02:06:58.147Z",
	"project": {"gid": "1331", "resource_type": "project", "name": "Stuff to buy"},
	"projects": [{"gid": "1331", "resource_type": "project", "name": "Stuff to buy"}],
	"new_in_2030": true}`

var fullSection = &Section{
	GID: "12345", ResourceType: "section", Name: "Next Actions",
	CreatedAt: time.Date(2012, 2, 22, 2, 6, 58, 147e6, time.UTC),
	Project:   &Project{GID: "1331", ResourceType: "project", Name: "Stuff to buy"},
	Projects:  []Project{{GID: "1331", ResourceType: "project", Name: "Stuff to buy"}},
}

var sectionFieldsQuery = strings.Join(defaultSectionFields, ",")

func TestSectionsCalls(t *testing.T) {
	ctx := t.Context()
	data := func(s string) string { return `{"data":` + s + `}` }
	runCallCases(t, []callCase{
		{"Get", apiCall{method: "GET", path: "/sections/12345", resp: data(sectionJSON)},
			func(c *Client) (any, error) { return c.Sections.Get(ctx, "12345", nil) }, fullSection},
		{"Get fields", apiCall{method: "GET", path: "/sections/12345", query: qv("opt_fields", "name,project.name"), resp: data(sectionJSON)},
			func(c *Client) (any, error) {
				return c.Sections.Get(ctx, "12345", &GetOptions{Fields: []string{"name", "project.name"}})
			}, fullSection},
		{"ListForProjectPage", apiCall{method: "GET", path: "/projects/1331/sections", query: qv("limit", "1", "offset", "s2", "opt_fields", "name"),
			resp: `{"data":[{"gid":"3","resource_type":"section","name":"Done"}],"next_page":{"offset":"s3"}}`},
			func(c *Client) (any, error) {
				return c.Sections.ListForProject(ctx, "1331", &ListOptions{Limit: 1, Offset: "s2", Fields: []string{"name"}}).Page("")
			},
			&Page[Section]{Items: []Section{{GID: "3", ResourceType: "section", Name: "Done"}}, NextOffset: "s3"}},
		{"Create", apiCall{method: "POST", path: "/projects/1331/sections", status: 201,
			body: `{"data":{"name":"Next Actions","insert_after":"86420"}}`, resp: data(sectionJSON)},
			func(c *Client) (any, error) {
				return c.Sections.Create(ctx, "1331", &SectionRequest{Name: "Next Actions", InsertAfter: "86420"}, nil)
			}, fullSection},
		{"Update", apiCall{method: "PUT", path: "/sections/12345", query: qv("opt_fields", "name"),
			body: `{"data":{"name":"Later"}}`, resp: data(sectionJSON)},
			func(c *Client) (any, error) {
				return c.Sections.Update(ctx, "12345", &SectionRequest{Name: "Later"}, &GetOptions{Fields: []string{"name"}})
			}, fullSection},
		{"Delete", apiCall{method: "DELETE", path: "/sections/12345", resp: data(`{}`)},
			func(c *Client) (any, error) { return nil, c.Sections.Delete(ctx, "12345") }, nil},
		{"AddTask", apiCall{method: "POST", path: "/sections/12345/addTask",
			body: `{"data":{"task":"123456","insert_before":"86420"}}`, resp: data(`{}`)},
			func(c *Client) (any, error) {
				return nil, c.Sections.AddTask(ctx, "12345", &SectionAddTaskRequest{Task: "123456", InsertBefore: "86420"})
			}, nil},
		{"AddTask top", apiCall{method: "POST", path: "/sections/12345/addTask",
			body: `{"data":{"task":"123456"}}`, resp: data(`{}`)},
			func(c *Client) (any, error) {
				return nil, c.Sections.AddTask(ctx, "12345", &SectionAddTaskRequest{Task: "123456"})
			}, nil},
		{"Insert", apiCall{method: "POST", path: "/projects/1331/sections/insert",
			body: `{"data":{"section":"321654","after_section":"987654"}}`, resp: data(`{}`)},
			func(c *Client) (any, error) {
				return nil, c.Sections.Insert(ctx, "1331", &SectionInsertRequest{Section: "321654", AfterSection: "987654"})
			}, nil},
	})
}

func TestSectionsListForProject(t *testing.T) {
	c := scriptedClient(t,
		apiCall{method: "GET", path: "/projects/1331/sections", query: qv("limit", "100", "opt_fields", sectionFieldsQuery),
			resp: `{"data":[{"gid":"1","resource_type":"section","name":"To do","created_at":"2024-01-02T03:04:05Z",
				"project":{"gid":"1331","resource_type":"project"}},{"gid":"2","resource_type":"section","name":"Doing"}],
				"next_page":{"offset":"s2","path":"/projects/1331/sections?offset=s2","uri":"https://app.asana.com/api/1.0/projects/1331/sections?offset=s2"}}`},
		apiCall{method: "GET", path: "/projects/1331/sections", query: qv("limit", "100", "offset", "s2", "opt_fields", sectionFieldsQuery),
			resp: `{"data":[{"gid":"3","resource_type":"section","name":"Done"}],"next_page":null}`})
	got, err := collect(c.Sections.ListForProject(t.Context(), "1331", nil).All())
	if err != nil {
		t.Fatal(err)
	}
	want := []Section{
		{GID: "1", ResourceType: "section", Name: "To do", CreatedAt: time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC),
			Project: &Project{GID: "1331", ResourceType: "project"}},
		{GID: "2", ResourceType: "section", Name: "Doing"},
		{GID: "3", ResourceType: "section", Name: "Done"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

func TestSectionsDeleteNotEmpty(t *testing.T) {
	c := scriptedClient(t, apiCall{method: "DELETE", path: "/sections/12345", status: 400,
		resp: `{"errors":[{"message":"Section must be empty before it can be deleted"}]}`})
	err := c.Sections.Delete(t.Context(), "12345")
	if !errors.Is(err, ErrBadRequest) || !strings.Contains(err.Error(), "must be empty") {
		t.Fatalf("err = %v, want a 400 with Asana's message", err)
	}
}

func TestSectionsValidation(t *testing.T) {
	runArgCases(t, []argCase{
		{"Get", func(ctx context.Context, c *Client) error { return errOnly(c.Sections.Get(ctx, "", nil)) }, "Sections.Get: empty section gid"},
		{"ListForProject", func(ctx context.Context, c *Client) error {
			return errOnly(collect(c.Sections.ListForProject(ctx, "", nil).All()))
		}, "Sections.ListForProject: empty project gid"},
		{"ListForProjectPage", func(ctx context.Context, c *Client) error {
			return errOnly(c.Sections.ListForProject(ctx, "", nil).Page(""))
		}, "empty project gid"},
		{"Create gid", func(ctx context.Context, c *Client) error {
			return errOnly(c.Sections.Create(ctx, "", &SectionRequest{Name: "x"}, nil))
		}, "empty project gid"},
		{"Create nil", func(ctx context.Context, c *Client) error { return errOnly(c.Sections.Create(ctx, "1", nil, nil)) }, "Sections.Create: nil request"},
		{"Create both", func(ctx context.Context, c *Client) error {
			return errOnly(c.Sections.Create(ctx, "1", &SectionRequest{Name: "x", InsertBefore: "2", InsertAfter: "3"}, nil))
		}, "set InsertBefore or InsertAfter, not both"},
		{"Update gid", func(ctx context.Context, c *Client) error {
			return errOnly(c.Sections.Update(ctx, "", &SectionRequest{Name: "x"}, nil))
		}, "empty section"},
		{"Update name", func(ctx context.Context, c *Client) error {
			return errOnly(c.Sections.Update(ctx, "1", &SectionRequest{}, nil))
		}, "Sections.Update: a section needs a name"},
		{"Delete", func(ctx context.Context, c *Client) error { return c.Sections.Delete(ctx, "") }, "Sections.Delete: empty section gid"},
		{"AddTask gid", func(ctx context.Context, c *Client) error {
			return c.Sections.AddTask(ctx, "", &SectionAddTaskRequest{Task: "1"})
		}, "empty section gid"},
		{"AddTask task", func(ctx context.Context, c *Client) error { return c.Sections.AddTask(ctx, "1", nil) }, "Sections.AddTask: nil request"},
		{"AddTask both", func(ctx context.Context, c *Client) error {
			return c.Sections.AddTask(ctx, "1", &SectionAddTaskRequest{Task: "2", InsertBefore: "3", InsertAfter: "4"})
		}, "set at most one of InsertBefore and InsertAfter"},
		{"Insert gid", func(ctx context.Context, c *Client) error {
			return c.Sections.Insert(ctx, "", &SectionInsertRequest{Section: "1", AfterSection: "2"})
		}, "empty project gid"},
		{"Insert section", func(ctx context.Context, c *Client) error {
			return c.Sections.Insert(ctx, "1", &SectionInsertRequest{AfterSection: "2"})
		}, "empty section"},
		{"Insert neither", func(ctx context.Context, c *Client) error {
			return c.Sections.Insert(ctx, "1", &SectionInsertRequest{Section: "2"})
		}, "exactly one"},
		{"Insert both", func(ctx context.Context, c *Client) error {
			return c.Sections.Insert(ctx, "1", &SectionInsertRequest{Section: "2", BeforeSection: "3", AfterSection: "4"})
		}, "exactly one"},
	})
}
