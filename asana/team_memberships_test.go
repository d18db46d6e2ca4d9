package asana

import (
	"context"
	"net/url"
	"testing"
)

const (
	tmFieldsQuery = "user,user.name,user.email,team,team.name,is_guest,is_limited_access,is_admin"
	tm2JSON       = `{"gid":"724363","resource_type":"team_membership","user":{"gid":"513","name":"Guest"},"team":{"gid":"678","name":"Marketing"},"is_guest":true,"is_limited_access":true,"is_admin":false}`
	tmTeamGID     = "678"
)

var wantTM2 = TeamMembership{GID: "724363", ResourceType: "team_membership", User: &User{GID: "513", Name: "Guest"},
	Team: &Team{GID: "678", Name: "Marketing"}, IsGuest: true, IsLimitedAccess: true}

func TestTeamMemberships(t *testing.T) {
	listQ := func(kv ...string) url.Values {
		return qv(append(kv, "limit", "100", "opt_fields", tmFieldsQuery)...)
	}
	runCases(t, []svcCase{
		{
			name:  "Get",
			calls: []apiCall{{method: "GET", path: "/team_memberships/724362", resp: `{"data":` + tmJSON + `}`}},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.TeamMemberships.Get(ctx, "724362", nil)
			},
			want: &wantTM,
		},
		{
			name:    "Get needs a gid",
			run:     func(ctx context.Context, c *Client) (any, error) { return c.TeamMemberships.Get(ctx, "", nil) },
			wantErr: "asana: TeamMemberships.Get: empty team membership gid",
		},
		{
			name:  "List by team",
			calls: pagedCalls("/team_memberships", listQ("team", tmTeamGID), tmJSON, tm2JSON),
			run: func(ctx context.Context, c *Client) (any, error) {
				return collect(c.TeamMemberships.List(ctx, &TeamMembershipListOptions{Team: tmTeamGID}).All())
			},
			want: []TeamMembership{wantTM, wantTM2},
		},
		{
			name: "ListPage by user and workspace",
			calls: []apiCall{{method: "GET", path: "/team_memberships", query: listQ("user", "me", "workspace", "12345", "offset", "q"),
				resp: `{"data":[` + tmJSON + `],"next_page":{"offset":"r"}}`}},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.TeamMemberships.List(ctx, &TeamMembershipListOptions{User: "me", Workspace: "12345",
					ListOptions: ListOptions{Offset: "q"}}).Page("")
			},
			want: &Page[TeamMembership]{Items: []TeamMembership{wantTM}, NextOffset: "r"},
		},
		{
			name: "List needs a filter",
			run: func(ctx context.Context, c *Client) (any, error) {
				return collect(c.TeamMemberships.List(ctx, nil).All())
			},
			wantErr: "asana: TeamMemberships.List: set Team, or User and Workspace",
		},
		{
			name: "List with only paging options needs a filter",
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.TeamMemberships.List(ctx, &TeamMembershipListOptions{ListOptions: ListOptions{Limit: 5}}).Page("")
			},
			wantErr: "asana: TeamMemberships.List: set Team, or User and Workspace",
		},
		{
			name: "List user without workspace",
			run: func(ctx context.Context, c *Client) (any, error) {
				return collect(c.TeamMemberships.List(ctx, &TeamMembershipListOptions{Team: "1", User: "me"}).All())
			},
			wantErr: "asana: TeamMemberships.List: User needs Workspace",
		},
		{
			name: "List workspace without user",
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.TeamMemberships.List(ctx, &TeamMembershipListOptions{Workspace: "12345"}).Page("")
			},
			wantErr: "asana: TeamMemberships.List: Workspace needs User",
		},
		{
			name:  "ListForTeam",
			calls: pagedCalls("/teams/678/team_memberships", listQ(), tmJSON, tm2JSON),
			run: func(ctx context.Context, c *Client) (any, error) {
				return collect(c.TeamMemberships.ListForTeam(ctx, "678", nil).All())
			},
			want: []TeamMembership{wantTM, wantTM2},
		},
		{
			name: "ListForTeamPage",
			calls: []apiCall{{method: "GET", path: "/teams/678/team_memberships", query: qv("limit", "3", "opt_fields", "is_admin"),
				resp: `{"data":[{"gid":"724362","is_admin":true}]}`}},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.TeamMemberships.ListForTeam(ctx, "678", &ListOptions{Limit: 3, Fields: []string{"is_admin"}}).Page("")
			},
			want: &Page[TeamMembership]{Items: []TeamMembership{{GID: "724362", IsAdmin: true}}},
		},
		{
			name: "ListForTeam needs a team",
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.TeamMemberships.ListForTeam(ctx, "", nil).Page("")
			},
			wantErr: "asana: TeamMemberships.ListForTeam: empty team gid",
		},
		{
			name:  "ListForUser sends the workspace",
			calls: pagedCalls("/users/me/team_memberships", listQ("workspace", "12345"), tmJSON, tm2JSON),
			run: func(ctx context.Context, c *Client) (any, error) {
				return collect(c.TeamMemberships.ListForUser(ctx, "me", "12345", nil).All())
			},
			want: []TeamMembership{wantTM, wantTM2},
		},
		{
			name: "ListForUserPage",
			calls: []apiCall{{method: "GET", path: "/users/512/team_memberships", query: listQ("workspace", "12345", "offset", "z"),
				resp: `{"data":[` + tm2JSON + `],"next_page":null}`}},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.TeamMemberships.ListForUser(ctx, "512", "12345", &ListOptions{Offset: "z"}).Page("")
			},
			want: &Page[TeamMembership]{Items: []TeamMembership{wantTM2}},
		},
		{
			name: "ListForUser needs the workspace",
			run: func(ctx context.Context, c *Client) (any, error) {
				return collect(c.TeamMemberships.ListForUser(ctx, "me", "", nil).All())
			},
			wantErr: "asana: TeamMemberships.ListForUser: empty workspace",
		},
	})
}
