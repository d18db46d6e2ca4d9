package asana_test

import (
	"context"
	"net/url"
	"testing"

	"github.com/asanakit/asana-go/asana"
)

const (
	svcaTMFields  = "user,user.name,user.email,team,team.name,is_guest,is_limited_access,is_admin"
	svcaTM2JSON   = `{"gid":"724363","resource_type":"team_membership","user":{"gid":"513","name":"Guest"},"team":{"gid":"678","name":"Marketing"},"is_guest":true,"is_limited_access":true,"is_admin":false}`
	svcaTMTeamGID = "678"
)

var svcaTM2 = asana.TeamMembership{GID: "724363", ResourceType: "team_membership", User: &asana.User{GID: "513", Name: "Guest"},
	Team: &asana.Team{GID: "678", Name: "Marketing"}, IsGuest: true, IsLimitedAccess: true}

func TestTeamMemberships(t *testing.T) {
	listQ := func(kv ...string) url.Values {
		return svcaQuery(append(kv, "limit", "100", "opt_fields", svcaTMFields)...)
	}
	runSvcaCases(t, []svcaCase{
		{
			name:  "Get",
			calls: []svcaCall{{method: "GET", path: "/team_memberships/724362", resp: `{"data":` + svcaTMJSON + `}`}},
			run: func(ctx context.Context, c *asana.Client) (any, error) {
				return c.TeamMemberships.Get(ctx, "724362", nil)
			},
			want: &svcaTM,
		},
		{
			name:    "Get needs a gid",
			run:     func(ctx context.Context, c *asana.Client) (any, error) { return c.TeamMemberships.Get(ctx, "", nil) },
			wantErr: "asana: TeamMemberships.Get: empty team membership gid",
		},
		{
			name:  "List by team",
			calls: svcaPages("/team_memberships", listQ("team", svcaTMTeamGID), svcaTMJSON, svcaTM2JSON),
			run: func(ctx context.Context, c *asana.Client) (any, error) {
				return svcaCollect(c.TeamMemberships.List(ctx, &asana.TeamMembershipListOptions{Team: svcaTMTeamGID}))
			},
			want: []asana.TeamMembership{svcaTM, svcaTM2},
		},
		{
			name: "ListPage by user and workspace",
			calls: []svcaCall{{method: "GET", path: "/team_memberships", query: listQ("user", "me", "workspace", "12345", "offset", "q"),
				resp: `{"data":[` + svcaTMJSON + `],"next_page":{"offset":"r"}}`}},
			run: func(ctx context.Context, c *asana.Client) (any, error) {
				return c.TeamMemberships.ListPage(ctx, &asana.TeamMembershipListOptions{User: "me", Workspace: "12345",
					ListOptions: asana.ListOptions{Offset: "q"}})
			},
			want: &asana.Page[asana.TeamMembership]{Items: []asana.TeamMembership{svcaTM}, NextOffset: "r"},
		},
		{
			name: "List needs a filter",
			run: func(ctx context.Context, c *asana.Client) (any, error) {
				return svcaCollect(c.TeamMemberships.List(ctx, nil))
			},
			wantErr: "asana: TeamMemberships.List: set Team, or User and Workspace",
		},
		{
			name: "List with only paging options needs a filter",
			run: func(ctx context.Context, c *asana.Client) (any, error) {
				return c.TeamMemberships.ListPage(ctx, &asana.TeamMembershipListOptions{ListOptions: asana.ListOptions{Limit: 5}})
			},
			wantErr: "asana: TeamMemberships.ListPage: set Team, or User and Workspace",
		},
		{
			name: "List user without workspace",
			run: func(ctx context.Context, c *asana.Client) (any, error) {
				return svcaCollect(c.TeamMemberships.List(ctx, &asana.TeamMembershipListOptions{Team: "1", User: "me"}))
			},
			wantErr: "asana: TeamMemberships.List: User needs Workspace",
		},
		{
			name: "List workspace without user",
			run: func(ctx context.Context, c *asana.Client) (any, error) {
				return c.TeamMemberships.ListPage(ctx, &asana.TeamMembershipListOptions{Workspace: "12345"})
			},
			wantErr: "asana: TeamMemberships.ListPage: Workspace needs User",
		},
		{
			name:  "ListForTeam",
			calls: svcaPages("/teams/678/team_memberships", listQ(), svcaTMJSON, svcaTM2JSON),
			run: func(ctx context.Context, c *asana.Client) (any, error) {
				return svcaCollect(c.TeamMemberships.ListForTeam(ctx, "678", nil))
			},
			want: []asana.TeamMembership{svcaTM, svcaTM2},
		},
		{
			name: "ListForTeamPage",
			calls: []svcaCall{{method: "GET", path: "/teams/678/team_memberships", query: svcaQuery("limit", "3", "opt_fields", "is_admin"),
				resp: `{"data":[{"gid":"724362","is_admin":true}]}`}},
			run: func(ctx context.Context, c *asana.Client) (any, error) {
				return c.TeamMemberships.ListForTeamPage(ctx, "678", &asana.ListOptions{Limit: 3, Fields: []string{"is_admin"}})
			},
			want: &asana.Page[asana.TeamMembership]{Items: []asana.TeamMembership{{GID: "724362", IsAdmin: true}}},
		},
		{
			name: "ListForTeam needs a team",
			run: func(ctx context.Context, c *asana.Client) (any, error) {
				return c.TeamMemberships.ListForTeamPage(ctx, "", nil)
			},
			wantErr: "asana: TeamMemberships.ListForTeamPage: empty team gid",
		},
		{
			name:  "ListForUser sends the workspace",
			calls: svcaPages("/users/me/team_memberships", listQ("workspace", "12345"), svcaTMJSON, svcaTM2JSON),
			run: func(ctx context.Context, c *asana.Client) (any, error) {
				return svcaCollect(c.TeamMemberships.ListForUser(ctx, "me", "12345", nil))
			},
			want: []asana.TeamMembership{svcaTM, svcaTM2},
		},
		{
			name: "ListForUserPage",
			calls: []svcaCall{{method: "GET", path: "/users/512/team_memberships", query: listQ("workspace", "12345", "offset", "z"),
				resp: `{"data":[` + svcaTM2JSON + `],"next_page":null}`}},
			run: func(ctx context.Context, c *asana.Client) (any, error) {
				return c.TeamMemberships.ListForUserPage(ctx, "512", "12345", &asana.ListOptions{Offset: "z"})
			},
			want: &asana.Page[asana.TeamMembership]{Items: []asana.TeamMembership{svcaTM2}},
		},
		{
			name: "ListForUser needs the workspace",
			run: func(ctx context.Context, c *asana.Client) (any, error) {
				return svcaCollect(c.TeamMemberships.ListForUser(ctx, "me", "", nil))
			},
			wantErr: "asana: TeamMemberships.ListForUser: empty workspace gid",
		},
	})
}
