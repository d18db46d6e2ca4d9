package asana

import (
	"context"
	"testing"
)

const (
	wmFieldsQuery = "user,user.name,user.email,workspace,workspace.name,user_task_list,user_task_list.name," +
		"is_active,is_admin,is_guest,is_view_only,vacation_dates,vacation_dates.start_on,vacation_dates.end_on,created_at"
	wmJSON = `{"gid":"9001","resource_type":"workspace_membership",
		"user":{"gid":"512","resource_type":"user","name":"Greg Sanchez","email":"gsanchez@example.com"},
		"workspace":{"gid":"12345","resource_type":"workspace","name":"My Company Workspace"},
		"user_task_list":{"gid":"1234","resource_type":"user_task_list","name":"My Tasks in My Company Workspace"},
		"is_active":true,"is_admin":true,"is_guest":false,"is_view_only":false,
		"vacation_dates":{"start_on":"2022-11-05","end_on":"2022-11-07"},
		"created_at":"2012-02-22T02:06:58.147Z"}`
	wm2JSON = `{"gid":"9002","resource_type":"workspace_membership","user":{"gid":"513","name":"Guest"},
		"workspace":{"gid":"12345","name":"My Company Workspace"},"is_active":false,"is_guest":true,"vacation_dates":null,
		"created_at":"2020-01-01T00:00:00Z"}`
)

var (
	wantWM = WorkspaceMembership{GID: "9001", ResourceType: "workspace_membership",
		User:      &User{GID: "512", ResourceType: "user", Name: "Greg Sanchez", Email: "gsanchez@example.com"},
		Workspace: &Workspace{GID: "12345", ResourceType: "workspace", Name: "My Company Workspace"},
		UserTaskList: &UserTaskList{GID: "1234", ResourceType: "user_task_list",
			Name: "My Tasks in My Company Workspace"},
		IsActive: true, IsAdmin: true,
		VacationDates: &VacationDates{StartOn: Date{Year: 2022, Month: 11, Day: 5}, EndOn: Date{Year: 2022, Month: 11, Day: 7}},
		CreatedAt:     mustTime("2012-02-22T02:06:58.147Z")}
	wantWM2 = WorkspaceMembership{GID: "9002", ResourceType: "workspace_membership", User: &User{GID: "513", Name: "Guest"},
		Workspace: &Workspace{GID: "12345", Name: "My Company Workspace"}, IsGuest: true, CreatedAt: mustTime("2020-01-01T00:00:00Z")}
)

func TestWorkspaceMemberships(t *testing.T) {
	listQ := qv("limit", "100", "opt_fields", wmFieldsQuery)
	runCases(t, []svcCase{
		{
			name:  "Get",
			calls: []apiCall{{method: "GET", path: "/workspace_memberships/9001", resp: `{"data":` + wmJSON + `}`}},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.WorkspaceMemberships.Get(ctx, "9001", nil)
			},
			want: &wantWM,
		},
		{
			name: "Get needs a gid",
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.WorkspaceMemberships.Get(ctx, "", nil)
			},
			wantErr: "asana: WorkspaceMemberships.Get: empty workspace membership gid",
		},
		{
			name:  "ListForUser",
			calls: pagedCalls("/users/me/workspace_memberships", listQ, wmJSON, wm2JSON),
			run: func(ctx context.Context, c *Client) (any, error) {
				return collect(c.WorkspaceMemberships.ListForUser(ctx, "me", nil).All())
			},
			want: []WorkspaceMembership{wantWM, wantWM2},
		},
		{
			name: "ListForUserPage",
			calls: []apiCall{{method: "GET", path: "/users/512/workspace_memberships", query: qv("limit", "1", "opt_fields", "is_admin"),
				resp: `{"data":[{"gid":"9001","is_admin":true}],"next_page":{"offset":"n1"}}`}},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.WorkspaceMemberships.ListForUser(ctx, "512", &ListOptions{Limit: 1, Fields: []string{"is_admin"}}).Page("")
			},
			want: &Page[WorkspaceMembership]{Items: []WorkspaceMembership{{GID: "9001", IsAdmin: true}}, NextOffset: "n1"},
		},
		{
			name: "ListForUser needs a user",
			run: func(ctx context.Context, c *Client) (any, error) {
				return collect(c.WorkspaceMemberships.ListForUser(ctx, "", nil).All())
			},
			wantErr: "asana: WorkspaceMemberships.ListForUser: empty user",
		},
		{
			name:  "ListForWorkspace",
			calls: pagedCalls("/workspaces/12345/workspace_memberships", listQ, wmJSON, wm2JSON),
			run: func(ctx context.Context, c *Client) (any, error) {
				return collect(c.WorkspaceMemberships.ListForWorkspace(ctx, "12345", nil).All())
			},
			want: []WorkspaceMembership{wantWM, wantWM2},
		},
		{
			name: "ListForWorkspacePage filtered by user",
			calls: []apiCall{{method: "GET", path: "/workspaces/12345/workspace_memberships",
				query: qv("user", "gsanchez@example.com", "limit", "100", "offset", "o", "opt_fields", wmFieldsQuery),
				resp:  `{"data":[` + wmJSON + `],"next_page":null}`}},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.WorkspaceMemberships.ListForWorkspace(ctx, "12345", &WorkspaceMembershipListOptions{
					User: "gsanchez@example.com", ListOptions: ListOptions{Offset: "o"}}).Page("")
			},
			want: &Page[WorkspaceMembership]{Items: []WorkspaceMembership{wantWM}},
		},
		{
			name: "ListForWorkspacePage needs a workspace",
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.WorkspaceMemberships.ListForWorkspace(ctx, "", nil).Page("")
			},
			wantErr: "asana: WorkspaceMemberships.ListForWorkspace: empty workspace gid",
		},
	})
}
