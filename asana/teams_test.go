package asana

import (
	"context"
	"testing"
)

const (
	teamFieldsQuery = "name,description,html_description,organization,organization.name,permalink_url,visibility,endorsed," +
		"edit_team_name_or_description_access_level,edit_team_visibility_or_trash_team_access_level," +
		"member_invite_management_access_level,guest_invite_management_access_level," +
		"join_request_management_access_level,team_member_removal_access_level,team_content_management_access_level"
	teamJSON = `{"gid":"678","resource_type":"team","name":"Marketing","description":"All developers should be members of this team.",
		"html_description":"<body><em>All</em> developers should be members of this team.</body>",
		"organization":{"gid":"12345","resource_type":"workspace","name":"My Company Workspace"},
		"permalink_url":"https://app.asana.com/0/resource/123456789/list","visibility":"secret","endorsed":false,
		"edit_team_name_or_description_access_level":"only_team_admins",
		"edit_team_visibility_or_trash_team_access_level":"only_team_admins",
		"member_invite_management_access_level":"all_team_members",
		"guest_invite_management_access_level":"only_team_admins",
		"join_request_management_access_level":"all_team_members",
		"team_member_removal_access_level":"all_team_members",
		"team_content_management_access_level":"no_restriction",
		"custom_field_settings":[{"gid":"5","resource_type":"custom_field_setting","is_important":false}]}`
	team2JSON = `{"gid":"679","resource_type":"team","name":"Sales","visibility":"public","endorsed":true}`
	tmJSON    = `{"gid":"724362","resource_type":"team_membership",
		"user":{"gid":"512","resource_type":"user","name":"Greg Sanchez"},
		"team":{"gid":"678","resource_type":"team","name":"Marketing"},
		"is_guest":false,"is_limited_access":false,"is_admin":true}`
)

var (
	wantTeam = Team{GID: "678", ResourceType: "team", Name: "Marketing", Description: "All developers should be members of this team.",
		HTMLDescription: "<body><em>All</em> developers should be members of this team.</body>",
		Organization:    &Workspace{GID: "12345", ResourceType: "workspace", Name: "My Company Workspace"},
		PermalinkURL:    "https://app.asana.com/0/resource/123456789/list", Visibility: TeamVisibilitySecret,
		TeamAccessLevels: TeamAccessLevels{
			EditTeamNameOrDescriptionAccessLevel:     AccessOnlyTeamAdmins,
			EditTeamVisibilityOrTrashTeamAccessLevel: AccessOnlyTeamAdmins,
			MemberInviteManagementAccessLevel:        AccessAllTeamMembers,
			GuestInviteManagementAccessLevel:         AccessOnlyTeamAdmins,
			JoinRequestManagementAccessLevel:         AccessAllTeamMembers,
			TeamMemberRemovalAccessLevel:             AccessAllTeamMembers,
			TeamContentManagementAccessLevel:         AccessNoRestriction,
		},
		CustomFieldSettings: []CustomFieldSetting{{GID: "5", ResourceType: "custom_field_setting"}}}
	wantTeam2 = Team{GID: "679", ResourceType: "team", Name: "Sales", Visibility: TeamVisibilityPublic, Endorsed: true}
	wantTM    = TeamMembership{GID: "724362", ResourceType: "team_membership",
		User: &User{GID: "512", ResourceType: "user", Name: "Greg Sanchez"},
		Team: &Team{GID: "678", ResourceType: "team", Name: "Marketing"}, IsAdmin: true}
)

func TestTeams(t *testing.T) {
	listQ := qv("limit", "100", "opt_fields", teamFieldsQuery)
	runCases(t, []svcCase{
		{
			name: "Create sends only the fields set",
			calls: []apiCall{{method: "POST", path: "/teams", status: 201,
				body: `{"data":{"name":"Marketing","organization":"12345","visibility":"secret","team_content_management_access_level":"no_restriction"}}`,
				resp: `{"data":` + teamJSON + `}`}},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Teams.Create(ctx, &TeamCreateRequest{Name: "Marketing", Organization: "12345",
					Visibility:       TeamVisibilitySecret,
					TeamAccessLevels: TeamAccessLevels{TeamContentManagementAccessLevel: AccessNoRestriction}}, nil)
			},
			want: &wantTeam,
		},
		{
			name: "Create with every field and answer fields",
			calls: []apiCall{{method: "POST", path: "/teams", query: qv("opt_fields", "name"), status: 201,
				body: `{"data":{"name":"Ops","organization":"1","description":"d","html_description":"<body>d</body>","visibility":"public","endorsed":true,
					"edit_team_name_or_description_access_level":"all_team_members","edit_team_visibility_or_trash_team_access_level":"all_team_members",
					"member_invite_management_access_level":"all_team_members","guest_invite_management_access_level":"all_team_members",
					"join_request_management_access_level":"all_team_members","team_member_removal_access_level":"all_team_members",
					"team_content_management_access_level":"only_team_admins"}}`,
				resp: `{"data":{"gid":"2","name":"Ops"}}`}},
			run: func(ctx context.Context, c *Client) (any, error) {
				a := AccessAllTeamMembers
				return c.Teams.Create(ctx, &TeamCreateRequest{Name: "Ops", Organization: "1", Description: "d",
					HTMLDescription: "<body>d</body>", Visibility: TeamVisibilityPublic, Endorsed: true,
					TeamAccessLevels: TeamAccessLevels{EditTeamNameOrDescriptionAccessLevel: a, EditTeamVisibilityOrTrashTeamAccessLevel: a,
						MemberInviteManagementAccessLevel: a, GuestInviteManagementAccessLevel: a, JoinRequestManagementAccessLevel: a,
						TeamMemberRemovalAccessLevel: a, TeamContentManagementAccessLevel: AccessOnlyTeamAdmins}},
					&GetOptions{Fields: []string{"name"}})
			},
			want: &Team{GID: "2", Name: "Ops"},
		},
		{
			name: "Create copies another team's access levels",
			calls: []apiCall{{method: "POST", path: "/teams", status: 201,
				body: `{"data":{"name":"Marketing (restored)","organization":"999",
					"edit_team_name_or_description_access_level":"only_team_admins","edit_team_visibility_or_trash_team_access_level":"only_team_admins",
					"member_invite_management_access_level":"all_team_members","guest_invite_management_access_level":"only_team_admins",
					"join_request_management_access_level":"all_team_members","team_member_removal_access_level":"all_team_members",
					"team_content_management_access_level":"no_restriction"}}`,
				resp: `{"data":{"gid":"3","name":"Marketing (restored)"}}`}},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Teams.Create(ctx, &TeamCreateRequest{Name: "Marketing (restored)", Organization: "999",
					TeamAccessLevels: wantTeam.TeamAccessLevels}, nil)
			},
			want: &Team{GID: "3", Name: "Marketing (restored)"},
		},
		{
			name:    "Create needs a request",
			run:     func(ctx context.Context, c *Client) (any, error) { return c.Teams.Create(ctx, nil, nil) },
			wantErr: "asana: Teams.Create: nil request",
		},
		{
			name: "Create needs a name",
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Teams.Create(ctx, &TeamCreateRequest{Organization: "1"}, nil)
			},
			wantErr: "asana: Teams.Create: empty name",
		},
		{
			name: "Create needs an organization",
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Teams.Create(ctx, &TeamCreateRequest{Name: "x"}, nil)
			},
			wantErr: "asana: Teams.Create: empty organization",
		},
		{
			name:  "Get",
			calls: []apiCall{{method: "GET", path: "/teams/678", resp: `{"data":` + teamJSON + `}`}},
			run:   func(ctx context.Context, c *Client) (any, error) { return c.Teams.Get(ctx, "678", nil) },
			want:  &wantTeam,
		},
		{
			name:    "Get needs a gid",
			run:     func(ctx context.Context, c *Client) (any, error) { return c.Teams.Get(ctx, "", nil) },
			wantErr: "asana: Teams.Get: empty team gid",
		},
		{
			name: "Update sends zero values that are set",
			calls: []apiCall{{method: "PUT", path: "/teams/678", body: `{"data":{"description":"","endorsed":false,"visibility":"request_to_join"}}`,
				resp: `{"data":` + team2JSON + `}`}},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Teams.Update(ctx, "678", &TeamUpdateRequest{Description: Ptr(""), Endorsed: Ptr(false),
					Visibility: Ptr(TeamVisibilityRequestToJoin)}, nil)
			},
			want: &wantTeam2,
		},
		{
			name:    "Update needs a request",
			run:     func(ctx context.Context, c *Client) (any, error) { return c.Teams.Update(ctx, "678", nil, nil) },
			wantErr: "asana: Teams.Update: nil request",
		},
		{
			name:  "ListForWorkspace",
			calls: pagedCalls("/workspaces/12345/teams", listQ, teamJSON, team2JSON),
			run: func(ctx context.Context, c *Client) (any, error) {
				return collect(c.Teams.ListForWorkspace(ctx, "12345", nil).All())
			},
			want: []Team{wantTeam, wantTeam2},
		},
		{
			name: "ListForWorkspacePage",
			calls: []apiCall{{method: "GET", path: "/workspaces/12345/teams", query: qv("limit", "50", "offset", "a", "opt_fields", teamFieldsQuery),
				resp: `{"data":[` + team2JSON + `],"next_page":{"offset":"b"}}`}},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Teams.ListForWorkspace(ctx, "12345", &ListOptions{Limit: 50, Offset: "a"}).Page("")
			},
			want: &Page[Team]{Items: []Team{wantTeam2}, NextOffset: "b"},
		},
		{
			name: "ListForWorkspace needs a workspace",
			run: func(ctx context.Context, c *Client) (any, error) {
				return collect(c.Teams.ListForWorkspace(ctx, "", nil).All())
			},
			wantErr: "asana: Teams.ListForWorkspace: empty workspace gid",
		},
		{
			name:  "ListForUser sends the organization",
			calls: pagedCalls("/users/me/teams", qv("organization", "12345", "limit", "100", "opt_fields", teamFieldsQuery), teamJSON, team2JSON),
			run: func(ctx context.Context, c *Client) (any, error) {
				return collect(c.Teams.ListForUser(ctx, "me", "12345", nil).All())
			},
			want: []Team{wantTeam, wantTeam2},
		},
		{
			name: "ListForUserPage",
			calls: []apiCall{{method: "GET", path: "/users/512/teams", query: qv("organization", "12345", "limit", "100", "opt_fields", "name"),
				resp: `{"data":[{"gid":"679","name":"Sales"}]}`}},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Teams.ListForUser(ctx, "512", "12345", &ListOptions{Fields: []string{"name"}}).Page("")
			},
			want: &Page[Team]{Items: []Team{{GID: "679", Name: "Sales"}}},
		},
		{
			name: "ListForUser needs the organization",
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Teams.ListForUser(ctx, "me", "", nil).Page("")
			},
			wantErr: "asana: Teams.ListForUser: empty organization",
		},
		{
			name: "AddUser returns the membership",
			calls: []apiCall{{method: "POST", path: "/teams/678/addUser", body: `{"data":{"user":"gsanchez@example.com"}}`,
				resp: `{"data":` + tmJSON + `}`}},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Teams.AddUser(ctx, "678", "gsanchez@example.com", nil)
			},
			want: &wantTM,
		},
		{
			name:    "AddUser needs a team",
			run:     func(ctx context.Context, c *Client) (any, error) { return c.Teams.AddUser(ctx, "", "me", nil) },
			wantErr: "asana: Teams.AddUser: empty team gid",
		},
		{
			name:  "RemoveUser",
			calls: []apiCall{{method: "POST", path: "/teams/678/removeUser", body: `{"data":{"user":"me"}}`, resp: `{"data":{}}`}},
			run: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Teams.RemoveUser(ctx, "678", "me")
			},
		},
		{
			name: "RemoveUser reports Asana's refusal",
			calls: []apiCall{{method: "POST", path: "/teams/678/removeUser", body: `{"data":{"user":"513"}}`, status: 403,
				resp: `{"errors":[{"message":"You must be a member of the team to remove users"}]}`}},
			run: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Teams.RemoveUser(ctx, "678", "513")
			},
			wantErr: "asana: POST /teams/678/removeUser: 403 Forbidden: You must be a member of the team",
		},
		{
			name: "RemoveUser needs a user",
			run: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Teams.RemoveUser(ctx, "678", "")
			},
			wantErr: "asana: Teams.RemoveUser: empty user",
		},
	})
}
