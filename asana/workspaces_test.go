package asana

import (
	"context"
	"errors"
	"testing"
)

const (
	workspaceFieldsQuery = "name,email_domains,is_organization"
	workspaceJSON        = `{"gid":"12345","resource_type":"workspace","name":"My Company Workspace","email_domains":["asana.com"],"is_organization":true}`
	workspace2JSON       = `{"gid":"67890","resource_type":"workspace","name":"Personal Projects","email_domains":[],"is_organization":false}`
)

var (
	wantWorkspace  = Workspace{GID: "12345", ResourceType: "workspace", Name: "My Company Workspace", EmailDomains: []string{"asana.com"}, IsOrganization: true}
	wantWorkspace2 = Workspace{GID: "67890", ResourceType: "workspace", Name: "Personal Projects", EmailDomains: []string{}}
)

func TestWorkspaces(t *testing.T) {
	listQ := qv("limit", "100", "opt_fields", workspaceFieldsQuery)
	runCases(t, []svcCase{
		{
			name:  "List pages through every workspace",
			calls: pagedCalls("/workspaces", listQ, workspaceJSON, workspace2JSON),
			run: func(ctx context.Context, c *Client) (any, error) {
				return collect(c.Workspaces.List(ctx, nil).All())
			},
			want: []Workspace{wantWorkspace, wantWorkspace2},
		},
		{
			name: "List sends the caller's fields and limit",
			calls: []apiCall{{method: "GET", path: "/workspaces", query: qv("limit", "10", "opt_fields", "name"),
				resp: `{"data":[{"gid":"1","name":"A"}],"next_page":null}`}},
			run: func(ctx context.Context, c *Client) (any, error) {
				return collect(c.Workspaces.List(ctx, &ListOptions{Limit: 10, Fields: []string{"name"}}).All())
			},
			want: []Workspace{{GID: "1", Name: "A"}},
		},
		{
			name: "ListPage resumes at an offset and returns the next one",
			calls: []apiCall{{method: "GET", path: "/workspaces", query: qv("limit", "100", "offset", "abc", "opt_fields", workspaceFieldsQuery),
				resp: `{"data":[` + workspaceJSON + `],"next_page":{"offset":"def","path":"/workspaces?offset=def"}}`}},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Workspaces.List(ctx, &ListOptions{Offset: "abc"}).Page("")
			},
			want: &Page[Workspace]{Items: []Workspace{wantWorkspace}, NextOffset: "def"},
		},
		{
			name:  "Get",
			calls: []apiCall{{method: "GET", path: "/workspaces/12345", resp: `{"data":` + workspaceJSON + `}`}},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Workspaces.Get(ctx, "12345", nil)
			},
			want: &wantWorkspace,
		},
		{
			name: "Get with fields",
			calls: []apiCall{{method: "GET", path: "/workspaces/12345", query: qv("opt_fields", "name,is_organization"),
				resp: `{"data":{"gid":"12345","name":"My Company Workspace","is_organization":true}}`}},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Workspaces.Get(ctx, "12345", &GetOptions{Fields: []string{"name", "is_organization"}})
			},
			want: &Workspace{GID: "12345", Name: "My Company Workspace", IsOrganization: true},
		},
		{
			name: "Get of an unknown workspace",
			calls: []apiCall{{method: "GET", path: "/workspaces/404", status: 404,
				resp: `{"errors":[{"message":"workspace: Unknown object: 404","help":"For more information on API status codes and how to handle them, read the docs on errors: https://developers.asana.com/docs/errors"}]}`}},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Workspaces.Get(ctx, "404", nil)
			},
			wantErr: "404 Not Found: workspace: Unknown object",
		},
		{
			name:    "Get needs a gid",
			run:     func(ctx context.Context, c *Client) (any, error) { return c.Workspaces.Get(ctx, "", nil) },
			wantErr: "asana: Workspaces.Get: empty workspace gid",
		},
		{
			name:    "Get rejects a dot segment",
			run:     func(ctx context.Context, c *Client) (any, error) { return c.Workspaces.Get(ctx, "..", nil) },
			wantErr: `asana: Workspaces.Get: invalid workspace gid ".."`,
		},
		{
			name: "Update sends only the name",
			calls: []apiCall{{method: "PUT", path: "/workspaces/12345", query: qv("opt_fields", "name"),
				body: `{"data":{"name":"Renamed"}}`, resp: `{"data":{"gid":"12345","name":"Renamed"}}`}},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Workspaces.Update(ctx, "12345", &WorkspaceUpdateRequest{Name: Ptr("Renamed")}, &GetOptions{Fields: []string{"name"}})
			},
			want: &Workspace{GID: "12345", Name: "Renamed"},
		},
		{
			name: "Update needs a request",
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Workspaces.Update(ctx, "1", nil, nil)
			},
			wantErr: "asana: Workspaces.Update: nil request",
		},
		{
			name: "AddUser by email",
			calls: []apiCall{{method: "POST", path: "/workspaces/12345/addUser", body: `{"data":{"user":"gsanchez@example.com"}}`,
				resp: `{"data":{"gid":"512","resource_type":"user","name":"Greg Sanchez","email":"gsanchez@example.com","photo":null}}`}},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Workspaces.AddUser(ctx, "12345", "gsanchez@example.com", nil)
			},
			want: &User{GID: "512", ResourceType: "user", Name: "Greg Sanchez", Email: "gsanchez@example.com"},
		},
		{
			name: "AddUser needs a user",
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Workspaces.AddUser(ctx, "12345", "", nil)
			},
			wantErr: "asana: Workspaces.AddUser: empty user",
		},
		{
			name:  "RemoveUser",
			calls: []apiCall{{method: "POST", path: "/workspaces/12345/removeUser", body: `{"data":{"user":"512"}}`, resp: `{"data":{}}`}},
			run: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Workspaces.RemoveUser(ctx, "12345", "512")
			},
		},
		{
			name: "RemoveUser needs a workspace",
			run: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Workspaces.RemoveUser(ctx, "", "512")
			},
			wantErr: "asana: Workspaces.RemoveUser: empty workspace gid",
		},
	})
}

// TestWorkspacesListErrors checks that a list reports a validation error or
// an API error once, as an error that errors.Is matches, and that a loop
// that breaks early fetches no further page.
func TestWorkspacesListErrors(t *testing.T) {
	t.Run("API error is yielded once", func(t *testing.T) {
		c := scriptedClient(t, apiCall{method: "GET", path: "/workspaces", query: qv("limit", "100", "opt_fields", workspaceFieldsQuery),
			status: 403, resp: `{"errors":[{"message":"Forbidden"}]}`})
		n := 0
		for _, err := range c.Workspaces.List(t.Context(), nil).All() {
			n++
			if !errors.Is(err, ErrForbidden) {
				t.Errorf("err = %v, want ErrForbidden", err)
			}
		}
		if n != 1 {
			t.Errorf("iterations = %d, want 1", n)
		}
	})
	t.Run("break stops fetching", func(t *testing.T) {
		calls := pagedCalls("/workspaces", qv("limit", "100", "opt_fields", workspaceFieldsQuery), workspaceJSON+","+workspace2JSON, workspaceJSON)
		c := scriptedClient(t, calls[0]) // only the first page may be requested
		for w, err := range c.Workspaces.List(t.Context(), nil).All() {
			if err != nil || w.GID != "12345" {
				t.Fatalf("got %+v, %v", w, err)
			}
			break
		}
	})
}
