package asana

import (
	"context"
	"net/url"
	"testing"
)

const (
	svcaTMFields  = "user,user.name,user.email,team,team.name,is_guest,is_limited_access,is_admin"
	svcaTM2JSON   = `{"gid":"724363","resource_type":"team_membership","user":{"gid":"513","name":"Guest"},"team":{"gid":"678","name":"Marketing"},"is_guest":true,"is_limited_access":true,"is_admin":false}`
	svcaTMTeamGID = "678"
)

var svcaTM2 = TeamMembership{GID: "724363", ResourceType: "team_membership", User: &User{GID: "513", Name: "Guest"},
	Team: &Team{GID: "678", Name: "Marketing"}, IsGuest: true, IsLimitedAccess: true}

func TestTeamMemberships(t *testing.T) {
	listQ := func(kv ...string) url.Values {
		return svcaQuery(append(kv, "limit", "100", "opt_fields", svcaTMFields)...)
	}
	runSvcaCases(t, []svcaCase{
		{
			name:  "Get",
			calls: []svcaCall{{method: "GET", path: "/team_memberships/724362", resp: `{"data":` + svcaTMJSON + `}`}},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.TeamMemberships.Get(ctx, "724362", nil)
			},
			want: &svcaTM,
		},
		{
			name:    "Get needs a gid",
			run:     func(ctx context.Context, c *Client) (any, error) { return c.TeamMemberships.Get(ctx, "", nil) },
			wantErr: "asana: TeamMemberships.Get: empty team membership gid",
		},
		{
			name:  "List by team",
			calls: svcaPages("/team_memberships", listQ("team", svcaTMTeamGID), svcaTMJSON, svcaTM2JSON),
			run: func(ctx context.Context, c *Client) (any, error) {
				return svcaCollect(c.TeamMemberships.List(ctx, &TeamMembershipListOptions{Team: svcaTMTeamGID}))
			},
			want: []TeamMembership{svcaTM, svcaTM2},
		},
		{
			name: "ListPage by user and workspace",
			calls: []svcaCall{{method: "GET", path: "/team_memberships", query: listQ("user", "me", "workspace", "12345", "offset", "q"),
				resp: `{"data":[` + svcaTMJSON + `],"next_page":{"offset":"r"}}`}},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.TeamMemberships.ListPage(ctx, &TeamMembershipListOptions{User: "me", Workspace: "12345",
					ListOptions: ListOptions{Offset: "q"}})
			},
			want: &Page[TeamMembership]{Items: []TeamMembership{svcaTM}, NextOffset: "r"},
		},
		{
			name: "List needs a filter",
			run: func(ctx context.Context, c *Client) (any, error) {
				return svcaCollect(c.TeamMemberships.List(ctx, nil))
			},
			wantErr: "asana: TeamMemberships.List: set Team, or User and Workspace",
		},
		{
			name: "List with only paging options needs a filter",
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.TeamMemberships.ListPage(ctx, &TeamMembershipListOptions{ListOptions: ListOptions{Limit: 5}})
			},
			wantErr: "asana: TeamMemberships.ListPage: set Team, or User and Workspace",
		},
		{
			name: "List user without workspace",
			run: func(ctx context.Context, c *Client) (any, error) {
				return svcaCollect(c.TeamMemberships.List(ctx, &TeamMembershipListOptions{Team: "1", User: "me"}))
			},
			wantErr: "asana: TeamMemberships.List: User needs Workspace",
		},
		{
			name: "List workspace without user",
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.TeamMemberships.ListPage(ctx, &TeamMembershipListOptions{Workspace: "12345"})
			},
			wantErr: "asana: TeamMemberships.ListPage: Workspace needs User",
		},
		{
			name:  "ListForTeam",
			calls: svcaPages("/teams/678/team_memberships", listQ(), svcaTMJSON, svcaTM2JSON),
			run: func(ctx context.Context, c *Client) (any, error) {
				return svcaCollect(c.TeamMemberships.ListForTeam(ctx, "678", nil))
			},
			want: []TeamMembership{svcaTM, svcaTM2},
		},
		{
			name: "ListForTeamPage",
			calls: []svcaCall{{method: "GET", path: "/teams/678/team_memberships", query: svcaQuery("limit", "3", "opt_fields", "is_admin"),
				resp: `{"data":[{"gid":"724362","is_admin":true}]}`}},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.TeamMemberships.ListForTeamPage(ctx, "678", &ListOptions{Limit: 3, Fields: []string{"is_admin"}})
			},
			want: &Page[TeamMembership]{Items: []TeamMembership{{GID: "724362", IsAdmin: true}}},
		},
		{
			name: "ListForTeam needs a team",
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.TeamMemberships.ListForTeamPage(ctx, "", nil)
			},
			wantErr: "asana: TeamMemberships.ListForTeamPage: empty team gid",
		},
		{
			name:  "ListForUser sends the workspace",
			calls: svcaPages("/users/me/team_memberships", listQ("workspace", "12345"), svcaTMJSON, svcaTM2JSON),
			run: func(ctx context.Context, c *Client) (any, error) {
				return svcaCollect(c.TeamMemberships.ListForUser(ctx, "me", "12345", nil))
			},
			want: []TeamMembership{svcaTM, svcaTM2},
		},
		{
			name: "ListForUserPage",
			calls: []svcaCall{{method: "GET", path: "/users/512/team_memberships", query: listQ("workspace", "12345", "offset", "z"),
				resp: `{"data":[` + svcaTM2JSON + `],"next_page":null}`}},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.TeamMemberships.ListForUserPage(ctx, "512", "12345", &ListOptions{Offset: "z"})
			},
			want: &Page[TeamMembership]{Items: []TeamMembership{svcaTM2}},
		},
		{
			name: "ListForUser needs the workspace",
			run: func(ctx context.Context, c *Client) (any, error) {
				return svcaCollect(c.TeamMemberships.ListForUser(ctx, "me", "", nil))
			},
			wantErr: "asana: TeamMemberships.ListForUser: empty workspace gid",
		},
	})
}
