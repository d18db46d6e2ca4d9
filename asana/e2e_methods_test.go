package asana_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/asanatest"
)

// everyMethod lists the steps of TestE2EEveryMethod in order. Lists run
// their iterator and their page-level twin with a small page size; gets and
// lists run with the client's default field sets (which the fake must
// accept, as Asana answers 400 on an unknown field) and with explicit
// opt_fields.
func everyMethod() []step {
	return concatSteps(
		workspaceSteps(), userSteps(), teamSteps(), membershipSteps(),
		projectSteps(), sectionSteps(), taskSteps(), customFieldSteps(), storySteps(), tagAndPortfolioSteps(),
		attachmentSteps(), projectBriefSteps(), jobAndExportSteps(), templateSteps(), batchSteps(), goalSteps(), exportAndTypeaheadSteps(), eventSteps(), timeTrackingSteps(), partBSteps(), cleanupSteps(),
	)
}

func concatSteps(groups ...[]step) []step {
	var out []step
	for _, g := range groups {
		out = append(out, g...)
	}
	return out
}

func workspaceSteps() []step {
	return []step{
		{methods: []string{"Workspaces.List"}, run: func(ctx context.Context, s *suite) error {
			o := lo()
			ws, err := sameList(s.sa.Workspaces.List(ctx, &o), workspaceGID, 1)
			if err != nil {
				return err
			}
			return expect(ws[0].GID == s.ws && ws[0].Name == s.org.Organization.Name, "workspaces %+v", ws)
		}},
		{methods: []string{"Workspaces.Get"}, run: func(ctx context.Context, s *suite) error {
			w, err := s.sa.Workspaces.Get(ctx, s.ws, nil)
			if err != nil {
				return err
			}
			if !w.IsOrganization || w.Name != s.org.Organization.Name || len(w.EmailDomains) == 0 {
				return fmt.Errorf("default fields: %+v", w)
			}
			w, err = s.sa.Workspaces.Get(ctx, s.ws, &asana.GetOptions{Fields: []string{"name"}})
			if err != nil {
				return err
			}
			return expect(w.Name != "" && !w.IsOrganization && w.EmailDomains == nil, "opt_fields name: %+v", w)
		}},
		{methods: []string{"Workspaces.Update"}, run: func(ctx context.Context, s *suite) error {
			name := s.org.Organization.Name + " Inc."
			w, err := s.admin.Workspaces.Update(ctx, s.ws, &asana.WorkspaceUpdateRequest{Name: &name}, nil)
			if err != nil {
				return err
			}
			got, _ := s.srv.Workspace(s.ws)
			return expect(w.Name == name && got.Name == name, "renamed to %q, fake has %q", w.Name, got.Name)
		}},
		{methods: []string{"Workspaces.AddUser"}, run: func(ctx context.Context, s *suite) error {
			u, err := s.srv.AddUser(asanatest.User{Name: "Dana Newcomer", Email: "dana@" + s.org.Organization.EmailDomains[0]})
			if err != nil {
				return err
			}
			s.newUser = u
			got, err := s.sa.Workspaces.AddUser(ctx, s.ws, u.Email, nil)
			if err != nil {
				return err
			}
			m, ok := s.srv.WorkspaceMembership(s.ws, u.GID)
			return expect(got.GID == u.GID && ok && m.IsActive, "added %+v; membership %+v %v", got, m, ok)
		}},
	}
}

func userSteps() []step {
	return []step{
		{methods: []string{"Users.List"}, run: func(ctx context.Context, s *suite) error {
			o := &asana.UserListOptions{Workspace: s.ws, ListOptions: lo()}
			us, err := sameList(s.sa.Users.List(ctx, o), userGID, len(s.org.Users)-len(s.org.Inactive))
			if err != nil {
				return err
			}
			return expect(us[0].Name != "" && us[0].Email != "", "default fields: %+v", us[0])
		}},
		{methods: []string{"Users.ListForWorkspace", "Users.ListForWorkspaceCapped"}, run: func(ctx context.Context, s *suite) error {
			o := lo("name", "email")
			paged, err := sameList(s.sa.Users.ListForWorkspace(ctx, s.ws, &o), userGID, 3)
			if err != nil {
				return err
			}
			capped, err := s.sa.Users.ListForWorkspaceCapped(ctx, s.ws, nil)
			if err != nil {
				return err
			}
			return sameGIDs(paged, capped, userGID)
		}},
		{methods: []string{"Users.ListForTeam", "Users.ListForTeamCapped"}, run: func(ctx context.Context, s *suite) error {
			team := s.org.Teams[0].GID
			o := lo()
			paged, err := sameList(s.sa.Users.ListForTeam(ctx, s.ws, team, &o), userGID, 2)
			if err != nil {
				return err
			}
			capped, err := s.sa.Users.ListForTeamCapped(ctx, team, nil)
			if err != nil {
				return err
			}
			return sameGIDs(paged, capped, userGID)
		}},
		{methods: []string{"Users.Get"}, run: func(ctx context.Context, s *suite) error {
			me, err := s.member.Users.Get(ctx, "me", nil)
			if err != nil {
				return err
			}
			if me.GID != s.org.Member.GID || me.Email != s.org.Member.Email || len(me.Workspaces) == 0 {
				return fmt.Errorf("me: %+v", me)
			}
			bot, err := s.sa.Users.Get(ctx, s.org.ServiceAccount.GID, &asana.UserGetOptions{GetOptions: asana.GetOptions{Fields: []string{"name", "photo"}}})
			if err != nil {
				return err
			}
			return expect(bot.Name == s.org.ServiceAccount.Name && bot.Email == "", "service account: %+v", bot)
		}},
		{methods: []string{"Users.GetForWorkspace"}, run: func(ctx context.Context, s *suite) error {
			u, err := s.sa.Users.GetForWorkspace(ctx, s.ws, s.org.Admin.GID, nil)
			if err != nil {
				return err
			}
			return expect(u.GID == s.org.Admin.GID && u.Name == s.org.Admin.Name, "user %+v", u)
		}},
		{methods: []string{"Users.Update"}, run: func(ctx context.Context, s *suite) error {
			name := "Renamed Member"
			u, err := s.member.Users.Update(ctx, "me", &asana.UserUpdateRequest{Name: &name}, &asana.UserGetOptions{Workspace: s.ws})
			if err != nil {
				return err
			}
			return expect(u.Name == name, "updated user %+v", u)
		}},
		{methods: []string{"Users.UpdateForWorkspace"}, run: func(ctx context.Context, s *suite) error {
			name := "Renamed Again"
			u, err := s.member.Users.UpdateForWorkspace(ctx, s.ws, "me", &asana.UserUpdateRequest{Name: &name}, nil)
			if err != nil {
				return err
			}
			return expect(u.Name == name, "updated user %+v", u)
		}},
		{methods: []string{"Users.ListFavorites"}, run: func(ctx context.Context, s *suite) error {
			o := lo()
			fs, err := sameList(s.member.Users.ListFavorites(ctx, "me", asana.FavoriteProject, s.ws, &o), namedGID, 1) // Generate gives the member favorites
			if err != nil {
				return err
			}
			seeded := s.srv.Favorites(s.org.Member.GID, s.ws)
			return expect(!slices.ContainsFunc(fs, func(f asana.NamedResource) bool { return !slices.Contains(seeded, f.GID) || f.Name == "" }),
				"favorites %+v, seeded %v", fs, seeded)
		}},
	}
}

func teamSteps() []step {
	return []step{
		{methods: []string{"Teams.ListForWorkspace"}, run: func(ctx context.Context, s *suite) error {
			o := lo()
			ts, err := sameList(s.sa.Teams.ListForWorkspace(ctx, s.ws, &o), teamGID, len(s.org.Teams))
			if err != nil {
				return err
			}
			s.team = ts[0].GID
			return expect(ts[0].Name != "", "default fields: %+v", ts[0])
		}},
		{methods: []string{"Teams.ListForUser"}, run: func(ctx context.Context, s *suite) error {
			o := lo("name")
			ts, err := sameList(s.admin.Teams.ListForUser(ctx, "me", s.ws, &o), teamGID, 1)
			if err != nil {
				return err
			}
			return expect(ts[0].Name != "", "team %+v", ts[0])
		}},
		{methods: []string{"Teams.Get"}, run: func(ctx context.Context, s *suite) error {
			tm, err := s.sa.Teams.Get(ctx, s.team, nil)
			if err != nil {
				return err
			}
			return expect(tm.GID == s.team && tm.Organization != nil && tm.Organization.GID == s.ws, "team %+v", tm)
		}},
		{methods: []string{"Teams.Create"}, run: func(ctx context.Context, s *suite) error {
			tm, err := s.admin.Teams.Create(ctx, &asana.TeamCreateRequest{Name: "Platform", Organization: s.ws, Description: "infra"}, nil)
			if err != nil {
				return err
			}
			s.newTeam = tm.GID
			got, ok := s.srv.Team(tm.GID)
			return expect(ok && got.Name == "Platform" && tm.Description == "infra", "created %+v, fake %+v", tm, got)
		}},
		{methods: []string{"Teams.Update"}, run: func(ctx context.Context, s *suite) error {
			d := "platform and infra"
			tm, err := s.admin.Teams.Update(ctx, s.newTeam, &asana.TeamUpdateRequest{Description: &d}, &asana.GetOptions{Fields: []string{"description"}})
			if err != nil {
				return err
			}
			return expect(tm.Description == d, "updated %+v", tm)
		}},
		{methods: []string{"Teams.AddUser"}, run: func(ctx context.Context, s *suite) error {
			m, err := s.admin.Teams.AddUser(ctx, s.newTeam, s.newUser.GID, nil)
			if err != nil {
				return err
			}
			return expect(m.User != nil && m.User.GID == s.newUser.GID && m.Team != nil && m.Team.GID == s.newTeam, "membership %+v", m)
		}},
	}
}

func membershipSteps() []step {
	return []step{
		{methods: []string{"TeamMemberships.List"}, run: func(ctx context.Context, s *suite) error {
			o := &asana.TeamMembershipListOptions{Team: s.team, ListOptions: lo()}
			ms, err := sameList(s.sa.TeamMemberships.List(ctx, o), teamMemberGID, 2)
			if err != nil {
				return err
			}
			return expect(ms[0].User != nil && ms[0].User.Name != "" && ms[0].Team != nil && ms[0].Team.Name != "", "default fields: %+v", ms[0])
		}},
		{methods: []string{"TeamMemberships.ListForTeam"}, run: func(ctx context.Context, s *suite) error {
			o := lo()
			_, err := sameList(s.sa.TeamMemberships.ListForTeam(ctx, s.team, &o), teamMemberGID, 2)
			return err
		}},
		{methods: []string{"TeamMemberships.ListForUser", "TeamMemberships.Get"}, run: func(ctx context.Context, s *suite) error {
			o := lo()
			ms, err := sameList(s.admin.TeamMemberships.ListForUser(ctx, "me", s.ws, &o), teamMemberGID, 1)
			if err != nil {
				return err
			}
			m, err := s.admin.TeamMemberships.Get(ctx, ms[0].GID, nil)
			if err != nil {
				return err
			}
			return expect(m.User != nil && m.User.GID == s.org.Admin.GID, "membership %+v", m)
		}},
		{methods: []string{"WorkspaceMemberships.ListForWorkspace", "WorkspaceMemberships.Get"}, run: func(ctx context.Context, s *suite) error {
			o := &asana.WorkspaceMembershipListOptions{ListOptions: lo()}
			ms, err := sameList(s.sa.WorkspaceMemberships.ListForWorkspace(ctx, s.ws, o), wsMemberGID, len(s.org.Users))
			if err != nil {
				return err
			}
			m, err := s.sa.WorkspaceMemberships.Get(ctx, ms[0].GID, nil)
			if err != nil {
				return err
			}
			return expect(m.GID == ms[0].GID && m.User != nil && m.Workspace != nil && m.Workspace.GID == s.ws, "membership %+v", m)
		}},
		{methods: []string{"WorkspaceMemberships.ListForUser"}, run: func(ctx context.Context, s *suite) error {
			o := lo()
			ms, err := sameList(s.member.WorkspaceMemberships.ListForUser(ctx, "me", &o), wsMemberGID, 1)
			if err != nil {
				return err
			}
			return expect(ms[0].Workspace != nil && ms[0].Workspace.GID == s.ws, "membership %+v", ms[0])
		}},
	}
}

func projectSteps() []step {
	return []step{
		{methods: []string{"Projects.List"}, run: func(ctx context.Context, s *suite) error {
			o := &asana.ProjectListOptions{Workspace: s.ws, ListOptions: lo()}
			ps, err := sameList(s.sa.Projects.List(ctx, o), projectGID, len(s.org.Projects))
			if err != nil {
				return err
			}
			for _, p := range ps {
				if !p.Archived {
					s.project = p.GID
					break
				}
			}
			return expect(ps[0].Name != "" && ps[0].Team != nil && !ps[0].ModifiedAt.IsZero(), "default fields: %+v", ps[0])
		}},
		{methods: []string{"Projects.ListForWorkspace"}, run: func(ctx context.Context, s *suite) error {
			o := &asana.ProjectArchivedListOptions{Archived: asana.Ptr(false), ListOptions: lo()}
			ps, err := sameList(s.sa.Projects.ListForWorkspace(ctx, s.ws, o), projectGID, 2)
			if err != nil {
				return err
			}
			for _, p := range ps {
				if p.Archived {
					return fmt.Errorf("archived=false listed archived %s", p.GID)
				}
			}
			return nil
		}},
		{methods: []string{"Projects.ListForTeam"}, run: func(ctx context.Context, s *suite) error {
			o := &asana.ProjectArchivedListOptions{ListOptions: lo("name", "team")}
			ps, err := sameList(s.sa.Projects.ListForTeam(ctx, s.team, o), projectGID, 1)
			if err != nil {
				return err
			}
			return expect(ps[0].Team != nil && ps[0].Team.GID == s.team, "project %+v", ps[0])
		}},
		{methods: []string{"Projects.Get"}, run: func(ctx context.Context, s *suite) error {
			p, err := s.sa.Projects.Get(ctx, s.project, nil)
			if err != nil {
				return err
			}
			if p.GID != s.project || p.Workspace == nil || p.Owner == nil || p.CreatedAt.IsZero() {
				return fmt.Errorf("default fields: %+v", p)
			}
			p, err = s.sa.Projects.Get(ctx, s.project, &asana.GetOptions{Fields: []string{"name", "owner.email"}})
			if err != nil {
				return err
			}
			return expect(p.Name != "" && p.Owner != nil && p.Owner.Email != "" && p.Workspace == nil, "opt_fields: %+v", p)
		}},
		{methods: []string{"Projects.Search"}, run: func(ctx context.Context, s *suite) error {
			want, _ := s.srv.Project(s.project)
			ps, err := s.sa.Projects.Search(ctx, s.ws, &asana.ProjectSearchOptions{Text: strings.Fields(want.Name)[0], Limit: 10})
			if err != nil {
				return err
			}
			for _, p := range ps {
				if p.GID == s.project {
					return nil
				}
			}
			return fmt.Errorf("search for %q missed %s: %+v", want.Name, s.project, ps)
		}},
		{methods: []string{"Projects.GetTaskCounts"}, run: func(ctx context.Context, s *suite) error {
			c, err := s.sa.Projects.GetTaskCounts(ctx, s.project, nil)
			if err != nil {
				return err
			}
			return expect(c.NumTasks > 0 && c.NumTasks == c.NumCompletedTasks+c.NumIncompleteTasks, "counts %+v", c)
		}},
		{methods: []string{"Projects.Create"}, run: func(ctx context.Context, s *suite) error {
			p, err := s.admin.Projects.Create(ctx, &asana.ProjectCreateRequest{Name: "Launch", Workspace: s.ws, Team: s.newTeam, Notes: "go live"}, nil)
			if err != nil {
				return err
			}
			s.newProject = p.GID
			return expect(p.Name == "Launch" && p.Notes == "go live" && p.Team != nil && p.Team.GID == s.newTeam, "created %+v", p)
		}},
		{methods: []string{"Projects.CreateForTeam"}, run: func(ctx context.Context, s *suite) error {
			p, err := s.admin.Projects.CreateForTeam(ctx, s.newTeam, &asana.ProjectCreateRequest{Name: "Team project"}, &asana.GetOptions{Fields: []string{"name", "team"}})
			if err != nil {
				return err
			}
			return expect(p.Team != nil && p.Team.GID == s.newTeam, "created %+v", p)
		}},
		{methods: []string{"Projects.CreateForWorkspace"}, run: func(ctx context.Context, s *suite) error {
			p, err := s.admin.Projects.CreateForWorkspace(ctx, s.ws, &asana.ProjectCreateRequest{Name: "Org project", Team: s.newTeam}, nil)
			if err != nil {
				return err
			}
			return expect(p.Workspace != nil && p.Workspace.GID == s.ws, "created %+v", p)
		}},
		{methods: []string{"Projects.Update"}, run: func(ctx context.Context, s *suite) error {
			p, err := s.admin.Projects.Update(ctx, s.newProject, &asana.ProjectUpdateRequest{Notes: asana.Ptr("moved"), Color: asana.Ptr("dark-green")}, nil)
			if err != nil {
				return err
			}
			got, _ := s.srv.Project(s.newProject)
			return expect(p.Notes == "moved" && p.Color == "dark-green" && got.Notes == "moved", "updated %+v", p)
		}},
		{methods: []string{"Projects.AddMembers", "Projects.RemoveMembers"}, run: func(ctx context.Context, s *suite) error {
			p, err := s.admin.Projects.AddMembers(ctx, s.newProject, []string{s.newUser.GID}, &asana.GetOptions{Fields: []string{"members"}})
			if err != nil {
				return err
			}
			if !hasUser(p.Members, s.newUser.GID) {
				return fmt.Errorf("members after add: %+v", p.Members)
			}
			p, err = s.admin.Projects.RemoveMembers(ctx, s.newProject, []string{s.newUser.GID}, &asana.GetOptions{Fields: []string{"members"}})
			if err != nil {
				return err
			}
			return expect(!hasUser(p.Members, s.newUser.GID), "members after remove: %+v", p.Members)
		}},
		{methods: []string{"Projects.AddFollowers", "Projects.RemoveFollowers"}, run: func(ctx context.Context, s *suite) error {
			p, err := s.admin.Projects.AddFollowers(ctx, s.newProject, []string{s.newUser.GID}, &asana.GetOptions{Fields: []string{"followers"}})
			if err != nil {
				return err
			}
			if !hasUser(p.Followers, s.newUser.GID) {
				return fmt.Errorf("followers after add: %+v", p.Followers)
			}
			p, err = s.admin.Projects.RemoveFollowers(ctx, s.newProject, []string{s.newUser.GID}, &asana.GetOptions{Fields: []string{"followers"}})
			if err != nil {
				return err
			}
			return expect(!hasUser(p.Followers, s.newUser.GID), "followers after remove: %+v", p.Followers)
		}},
		{methods: []string{"Projects.Duplicate"}, run: func(ctx context.Context, s *suite) error {
			j, err := s.admin.Projects.Duplicate(ctx, s.project, &asana.ProjectDuplicateRequest{Name: "Copy", Include: []string{"notes", "task_notes"}}, nil)
			if err != nil {
				return err
			}
			s.job = j.GID
			return expect(j.GID != "" && j.ResourceSubtype == "duplicate_project" && j.NewProject != nil, "job %+v", j)
		}},
		{methods: []string{"Projects.SaveAsTemplate"}, run: func(ctx context.Context, s *suite) error {
			j, err := s.admin.Projects.SaveAsTemplate(ctx, s.project, &asana.ProjectSaveAsTemplateRequest{Name: "Template", Team: s.newTeam}, nil)
			if err != nil {
				return err
			}
			if j.NewProjectTemplate == nil {
				return fmt.Errorf("job %+v", j)
			}
			tpl, ok := s.srv.ProjectTemplate(j.NewProjectTemplate.GID)
			return expect(ok && tpl.Name == "Template" && tpl.TeamGID == s.newTeam && tpl.OwnerGID == s.org.Admin.GID && !tpl.Public,
				"job %+v, fake has %+v", j, tpl)
		}},
	}
}

func hasUser(us []asana.User, gid string) bool {
	for _, u := range us {
		if u.GID == gid {
			return true
		}
	}
	return false
}

func sectionSteps() []step {
	return []step{
		{methods: []string{"Sections.ListForProject"}, run: func(ctx context.Context, s *suite) error {
			o := lo()
			ss, err := sameList(s.sa.Sections.ListForProject(ctx, s.project, &o), sectionGID, 1)
			if err != nil {
				return err
			}
			s.section = ss[0].GID
			return expect(ss[0].Name != "", "default fields: %+v", ss[0])
		}},
		{methods: []string{"Sections.Get"}, run: func(ctx context.Context, s *suite) error {
			sec, err := s.sa.Sections.Get(ctx, s.section, nil)
			if err != nil {
				return err
			}
			return expect(sec.Project != nil && sec.Project.GID == s.project && !sec.CreatedAt.IsZero(), "section %+v", sec)
		}},
		{methods: []string{"Sections.Create", "Sections.Update"}, run: func(ctx context.Context, s *suite) error {
			sec, err := s.admin.Sections.Create(ctx, s.newProject, &asana.SectionRequest{Name: "Backlog"}, nil)
			if err != nil {
				return err
			}
			s.newSection = sec.GID
			sec, err = s.admin.Sections.Update(ctx, sec.GID, &asana.SectionRequest{Name: "Later"}, nil)
			if err != nil {
				return err
			}
			return expect(sec.Name == "Later", "section %+v", sec)
		}},
		{methods: []string{"Sections.Insert"}, run: func(ctx context.Context, s *suite) error {
			first, err := s.admin.Sections.Create(ctx, s.newProject, &asana.SectionRequest{Name: "Now"}, nil)
			if err != nil {
				return err
			}
			if err := s.admin.Sections.Insert(ctx, s.newProject, &asana.SectionInsertRequest{Section: first.GID, BeforeSection: s.newSection}); err != nil {
				return err
			}
			ss, err := collect(s.admin.Sections.ListForProject(ctx, s.newProject, nil).All())
			if err != nil {
				return err
			}
			order := gids(ss, sectionGID)
			i, j := indexOf(order, first.GID), indexOf(order, s.newSection)
			return expect(i >= 0 && i < j, "sections in order %v", order)
		}},
	}
}

func indexOf(xs []string, x string) int {
	for i, v := range xs {
		if v == x {
			return i
		}
	}
	return -1
}

func taskSteps() []step {
	return []step{
		{methods: []string{"Tasks.ListForProject"}, run: func(ctx context.Context, s *suite) error {
			o := &asana.TaskListForOptions{ListOptions: lo()}
			ts, err := sameList(s.sa.Tasks.ListForProject(ctx, s.project, o), taskGID, 3)
			if err != nil {
				return err
			}
			s.task = ts[0].GID
			return expect(ts[0].Name != "" && !ts[0].ModifiedAt.IsZero() && len(ts[0].Memberships) > 0, "default fields: %+v", ts[0])
		}},
		{methods: []string{"Tasks.List"}, run: func(ctx context.Context, s *suite) error {
			o := &asana.TaskListOptions{Project: s.project, CompletedSince: asana.Since{Now: true}, ListOptions: lo()}
			ts, err := sameList(s.sa.Tasks.List(ctx, o), taskGID, 1)
			if err != nil {
				return err
			}
			for _, t := range ts {
				if t.Completed {
					return fmt.Errorf("completed_since=now listed completed task %s", t.GID)
				}
			}
			return nil
		}},
		{methods: []string{"Tasks.ListForSection"}, run: func(ctx context.Context, s *suite) error {
			o := &asana.TaskListForOptions{ListOptions: lo("name", "memberships.section")}
			ts, err := sameList(s.sa.Tasks.ListForSection(ctx, s.section, o), taskGID, 1)
			if err != nil {
				return err
			}
			for _, t := range ts {
				in := false
				for _, m := range t.Memberships {
					in = in || (m.Section != nil && m.Section.GID == s.section)
				}
				if !in {
					return fmt.Errorf("task %s is not in section %s: %+v", t.GID, s.section, t.Memberships)
				}
			}
			return nil
		}},
		{methods: []string{"Tasks.Get"}, run: func(ctx context.Context, s *suite) error {
			t, err := s.sa.Tasks.Get(ctx, s.task, nil)
			if err != nil {
				return err
			}
			if t.GID != s.task || t.Workspace == nil || t.CreatedAt.IsZero() || len(t.Projects) == 0 {
				return fmt.Errorf("default fields: %+v", t)
			}
			t, err = s.sa.Tasks.Get(ctx, s.task, &asana.GetOptions{Fields: []string{"name", "projects.name"}})
			if err != nil {
				return err
			}
			return expect(t.Name != "" && t.Projects[0].Name != "" && t.Workspace == nil, "opt_fields: %+v", t)
		}},
		{methods: []string{"Tasks.Create"}, run: func(ctx context.Context, s *suite) error {
			due := asana.NewDate(s.srv.Clock().Now().AddDate(0, 0, 7))
			t, err := s.admin.Tasks.Create(ctx, &asana.TaskCreateRequest{Name: "Write launch post", Notes: "draft", DueOn: due,
				Assignee: s.newUser.GID, Projects: []string{s.newProject}}, nil)
			if err != nil {
				return err
			}
			got, ok := s.srv.Task(t.GID)
			if !ok || got.Name != t.Name {
				return fmt.Errorf("fake has %+v", got)
			}
			if t.DueOn != due || t.Assignee == nil || t.Assignee.GID != s.newUser.GID {
				return fmt.Errorf("created %+v", t)
			}
			s.task = t.GID
			return nil
		}},
		{methods: []string{"Tasks.Update"}, run: func(ctx context.Context, s *suite) error {
			before, _ := s.srv.Task(s.task)
			s.srv.Clock().Advance(time.Minute)
			t, err := s.admin.Tasks.Update(ctx, s.task, &asana.TaskUpdateRequest{Completed: asana.Ptr(true), Name: asana.Ptr("Publish launch post")}, nil)
			if err != nil {
				return err
			}
			return expect(t.Completed && t.Name == "Publish launch post" && t.ModifiedAt.After(before.ModifiedAt) && !t.CompletedAt.IsZero(),
				"updated %+v (modified_at was %v)", t, before.ModifiedAt)
		}},
		{methods: []string{"Tasks.CreateSubtask", "Tasks.ListSubtasks"}, run: func(ctx context.Context, s *suite) error {
			for _, name := range []string{"Outline", "Review", "Schedule"} {
				st, err := s.admin.Tasks.CreateSubtask(ctx, s.task, &asana.TaskCreateRequest{Name: name}, nil)
				if err != nil {
					return err
				}
				if st.Parent == nil || st.Parent.GID != s.task {
					return fmt.Errorf("subtask %+v", st)
				}
				s.subtask = st.GID
			}
			o := lo()
			_, err := sameList(s.admin.Tasks.ListSubtasks(ctx, s.task, &o), taskGID, 3)
			return err
		}},
		{methods: []string{"Tasks.RemoveParent", "Tasks.SetParent"}, run: func(ctx context.Context, s *suite) error {
			t, err := s.admin.Tasks.RemoveParent(ctx, s.subtask, nil)
			if err != nil {
				return err
			}
			if t.Parent != nil {
				return fmt.Errorf("parent after remove: %+v", t.Parent)
			}
			t, err = s.admin.Tasks.SetParent(ctx, s.subtask, &asana.TaskSetParentRequest{Parent: s.task, Position: asana.TaskPosition{First: true}}, nil)
			if err != nil {
				return err
			}
			subs, err := collect(s.admin.Tasks.ListSubtasks(ctx, s.task, nil).All())
			if err != nil {
				return err
			}
			return expect(t.Parent != nil && t.Parent.GID == s.task && len(subs) == 3 && subs[0].GID == s.subtask, "parent %+v, subtasks %v", t.Parent, gids(subs, taskGID))
		}},
		{methods: []string{"Tasks.AddDependencies", "Tasks.ListDependencies", "Tasks.RemoveDependencies"}, run: func(ctx context.Context, s *suite) error {
			deps := s.otherTasks(ctx, 0, 3)
			if err := s.admin.Tasks.AddDependencies(ctx, s.task, deps); err != nil {
				return err
			}
			o := lo()
			got, err := sameList(s.admin.Tasks.ListDependencies(ctx, s.task, &o), taskGID, 3)
			if err != nil {
				return err
			}
			if err := s.admin.Tasks.RemoveDependencies(ctx, s.task, deps[:1]); err != nil {
				return err
			}
			after, err := collect(s.admin.Tasks.ListDependencies(ctx, s.task, nil).All())
			return expect(err == nil && len(after) == len(got)-1, "dependencies %d, then %d (%v)", len(got), len(after), err)
		}},
		{methods: []string{"Tasks.AddDependents", "Tasks.ListDependents", "Tasks.RemoveDependents"}, run: func(ctx context.Context, s *suite) error {
			deps := s.otherTasks(ctx, 3, 3)
			if err := s.admin.Tasks.AddDependents(ctx, s.task, deps); err != nil {
				return err
			}
			o := lo()
			got, err := sameList(s.admin.Tasks.ListDependents(ctx, s.task, &o), taskGID, 3)
			if err != nil {
				return err
			}
			if err := s.admin.Tasks.RemoveDependents(ctx, s.task, deps); err != nil {
				return err
			}
			after, err := collect(s.admin.Tasks.ListDependents(ctx, s.task, nil).All())
			return expect(err == nil && len(after) == len(got)-3, "dependents %d, then %d (%v)", len(got), len(after), err)
		}},
		{methods: []string{"Tasks.AddFollowers", "Tasks.RemoveFollowers"}, run: func(ctx context.Context, s *suite) error {
			t, err := s.admin.Tasks.AddFollowers(ctx, s.task, []string{s.org.Member.GID}, nil)
			if err != nil {
				return err
			}
			if !hasUser(t.Followers, s.org.Member.GID) {
				return fmt.Errorf("followers after add: %+v", t.Followers)
			}
			t, err = s.admin.Tasks.RemoveFollowers(ctx, s.task, []string{s.org.Member.GID}, nil)
			if err != nil {
				return err
			}
			return expect(!hasUser(t.Followers, s.org.Member.GID), "followers after remove: %+v", t.Followers)
		}},
		{methods: []string{"Tasks.AddProject", "Tasks.ListForProject", "Projects.ListForTask", "Tasks.RemoveProject"}, run: func(ctx context.Context, s *suite) error {
			if err := s.admin.Tasks.AddProject(ctx, s.task, &asana.TaskAddProjectRequest{Project: s.project, Section: s.section}); err != nil {
				return err
			}
			o := lo()
			ps, err := sameList(s.admin.Projects.ListForTask(ctx, s.task, &o), projectGID, 2)
			if err != nil {
				return err
			}
			if err := s.admin.Tasks.RemoveProject(ctx, s.task, s.project); err != nil {
				return err
			}
			in, err := collect(s.admin.Tasks.ListForProject(ctx, s.project, nil).All())
			if err != nil {
				return err
			}
			return expect(indexOf(gids(in, taskGID), s.task) < 0, "task still in project after RemoveProject (projects were %v)", gids(ps, projectGID))
		}},
		{methods: []string{"Sections.AddTask"}, run: func(ctx context.Context, s *suite) error {
			if err := s.admin.Sections.AddTask(ctx, s.newSection, &asana.SectionAddTaskRequest{Task: s.task}); err != nil {
				return err
			}
			ts, err := collect(s.admin.Tasks.ListForSection(ctx, s.newSection, nil).All())
			return expect(err == nil && indexOf(gids(ts, taskGID), s.task) >= 0, "section tasks %v (%v)", gids(ts, taskGID), err)
		}},
		{methods: []string{"Tasks.AddTag"}, want: asana.ErrNotFound, run: func(ctx context.Context, s *suite) error {
			return s.admin.Tasks.AddTag(ctx, s.task, "1999999999999998")
		}},
		{methods: []string{"Tasks.RemoveTag"}, want: asana.ErrNotFound, run: func(ctx context.Context, s *suite) error {
			return s.admin.Tasks.RemoveTag(ctx, s.task, "1999999999999998")
		}},
		{methods: []string{"Tasks.ListForTag"}, want: asana.ErrNotFound, run: func(ctx context.Context, s *suite) error {
			if _, err := collect(s.sa.Tasks.ListForTag(ctx, "1999999999999998", nil).All()); !isNotFound(err) {
				return fmt.Errorf("iterator: %v", err)
			}
			_, err := s.sa.Tasks.ListForTag(ctx, "1999999999999998", nil).Page("")
			return err
		}},
		{methods: []string{"Tasks.ListForUserTaskList"}, want: asana.ErrNotFound, run: func(ctx context.Context, s *suite) error {
			if _, err := collect(s.sa.Tasks.ListForUserTaskList(ctx, "1999999999999997", nil).All()); !isNotFound(err) {
				return fmt.Errorf("iterator: %v", err)
			}
			_, err := s.sa.Tasks.ListForUserTaskList(ctx, "1999999999999997", nil).Page("")
			return err
		}},
		{methods: []string{"Tasks.GetByCustomID"}, run: func(ctx context.Context, s *suite) error {
			// A custom ID field on the task's project numbers the task.
			cf, err := s.admin.CustomFields.Create(ctx, &asana.CustomFieldCreateRequest{
				Name: "Ticket key", Workspace: s.ws, ResourceSubtype: "text", IDPrefix: "TIX"}, nil)
			if err != nil {
				return err
			}
			if cf.RepresentationType != "custom_id" || cf.IDPrefix == nil || *cf.IDPrefix != "TIX" {
				return fmt.Errorf("created %+v", cf)
			}
			inFake, _ := s.srv.Task(s.task)
			if len(inFake.Memberships) == 0 {
				return fmt.Errorf("task %s is in no project", s.task)
			}
			if _, err := s.admin.Projects.AddCustomFieldSetting(ctx, inFake.Memberships[0].ProjectGID, &asana.CustomFieldSettingRequest{CustomField: cf.GID}, nil); err != nil {
				return err
			}
			inFake, _ = s.srv.Task(s.task)
			id := ""
			for _, v := range inFake.CustomFields {
				if v.CustomFieldGID == cf.GID {
					id = fmt.Sprintf("TIX-%.0f", v.Number)
				}
			}
			if id == "" {
				return fmt.Errorf("the fake gave task %s no custom ID: %+v", s.task, inFake.CustomFields)
			}
			got, err := s.sa.Tasks.GetByCustomID(ctx, s.ws, id)
			if err != nil {
				return err
			}
			shown := ""
			for _, f := range got.CustomFields {
				if f.GID == cf.GID && f.DisplayValue != nil {
					shown = *f.DisplayValue
				}
			}
			if got.GID != s.task || got.Name != inFake.Name || shown != id {
				return fmt.Errorf("GetByCustomID(%s) = %s %q (display %q), want %s %q", id, got.GID, got.Name, shown, s.task, inFake.Name)
			}
			if _, err = s.sa.Tasks.GetByCustomID(ctx, s.ws, "TIX-999999"); !isNotFound(err) {
				return fmt.Errorf("an unknown custom ID: %v", err)
			}
			// Later steps count the project's settings: take the field off.
			return s.admin.Projects.RemoveCustomFieldSetting(ctx, inFake.Memberships[0].ProjectGID, cf.GID)
		}},
		{methods: []string{"Tasks.Search", "Tasks.SearchAll"}, run: func(ctx context.Context, s *suite) error {
			ts, err := s.sa.Tasks.Search(ctx, s.ws, &asana.TaskSearchOptions{Text: "launch", Limit: 10})
			if err != nil {
				return err
			}
			if indexOf(gids(ts, taskGID), s.task) < 0 {
				return fmt.Errorf("search missed %s: %v", s.task, gids(ts, taskGID))
			}
			all, err := collect(s.sa.Tasks.SearchAll(ctx, s.ws, &asana.TaskSearchOptions{ProjectsAny: []string{s.project}, Limit: small}).All())
			if err != nil {
				return err
			}
			inProject, err := collect(s.sa.Tasks.ListForProject(ctx, s.project, nil).All())
			return expect(err == nil && len(all) == len(inProject), "SearchAll found %d tasks, the project has %d (%v)", len(all), len(inProject), err)
		}},
		{methods: []string{"Tasks.Duplicate"}, run: func(ctx context.Context, s *suite) error {
			j, err := s.admin.Tasks.Duplicate(ctx, s.task, &asana.TaskDuplicateRequest{Name: "Launch post (copy)", Include: []string{"notes", "subtasks"}}, nil)
			if err != nil {
				return err
			}
			return expect(j.ResourceSubtype == "duplicate_task" && j.NewTask != nil && j.NewTask.GID != "", "job %+v", j)
		}},
	}
}

// otherTasks returns n tasks of the demo project other than s.task, after
// skipping the first skip.
func (s *suite) otherTasks(ctx context.Context, skip, n int) []string {
	var out []string
	for t, err := range s.sa.Tasks.ListForProject(ctx, s.project, nil).All() {
		if err != nil || len(out) == n {
			break
		}
		if t.GID == s.task {
			continue
		}
		if skip > 0 {
			skip--
			continue
		}
		out = append(out, t.GID)
	}
	return out
}

func isNotFound(err error) bool {
	var ae *asana.Error
	return errors.As(err, &ae) && ae.StatusCode == 404
}

func storySteps() []step {
	return []step{
		{methods: []string{"Stories.CreateForTask", "Stories.ListForTask"}, run: func(ctx context.Context, s *suite) error {
			for _, text := range []string{"First!", "Looks good", "Shipped"} {
				st, err := s.admin.Stories.CreateForTask(ctx, s.task, &asana.StoryCreateRequest{Text: text}, nil)
				if err != nil {
					return err
				}
				if st.Text != text || st.ResourceSubtype != asana.StorySubtypeComment {
					return fmt.Errorf("story %+v", st)
				}
				s.story = st.GID
			}
			o := lo()
			ss, err := sameList(s.admin.Stories.ListForTask(ctx, s.task, &o), storyGID, 3)
			if err != nil {
				return err
			}
			return expect(ss[len(ss)-1].GID == s.story, "last story %+v", ss[len(ss)-1])
		}},
		{methods: []string{"Stories.Get", "Stories.Update"}, run: func(ctx context.Context, s *suite) error {
			st, err := s.admin.Stories.Update(ctx, s.story, &asana.StoryUpdateRequest{Text: asana.Ptr("Shipped!"), IsPinned: asana.Ptr(true)}, nil)
			if err != nil {
				return err
			}
			got, err := s.admin.Stories.Get(ctx, s.story, nil)
			if err != nil {
				return err
			}
			return expect(st.Text == "Shipped!" && got.Text == "Shipped!" && got.IsPinned && got.CreatedBy != nil && got.CreatedBy.GID == s.org.Admin.GID, "story %+v", got)
		}},
		{methods: []string{"Stories.Delete"}, run: func(ctx context.Context, s *suite) error {
			if err := s.admin.Stories.Delete(ctx, s.story); err != nil {
				return err
			}
			_, err := s.admin.Stories.Get(ctx, s.story, nil)
			return expect(isNotFound(err), "get after delete: %v", err)
		}},
	}
}

func attachmentSteps() []step {
	return []step{
		{methods: []string{"Attachments.Create", "Attachments.Get"}, run: func(ctx context.Context, s *suite) error {
			a, err := s.admin.Attachments.Create(ctx, &asana.AttachmentCreateRequest{Parent: s.task, File: strings.NewReader("hello, launch"), FileName: "notes.txt"}, nil)
			if err != nil {
				return err
			}
			s.attachment = a.GID
			got, err := s.admin.Attachments.Get(ctx, a.GID, nil)
			if err != nil {
				return err
			}
			if got.Name != "notes.txt" || got.Size != int64(len("hello, launch")) || got.Parent == nil || got.Parent.GID != s.task {
				return fmt.Errorf("attachment %+v", got)
			}
			if err := downloadsExactly(ctx, s, got.DownloadURL, "hello, launch"); err != nil {
				return err
			}
			link, err := s.admin.Attachments.Create(ctx, &asana.AttachmentCreateRequest{Parent: s.task, URL: "https://example.com/spec", Name: "Spec"}, nil)
			if err != nil {
				return err
			}
			return expect(link.ResourceSubtype == "external" && link.Name == "Spec", "link %+v", link)
		}},
		{methods: []string{"Attachments.List"}, run: func(ctx context.Context, s *suite) error {
			o := lo()
			as, err := sameList(s.admin.Attachments.List(ctx, s.task, &o), attachmentGID, 2)
			if err != nil {
				return err
			}
			return expect(as[0].Name != "" && as[0].Parent != nil && !as[0].CreatedAt.IsZero(), "default fields: %+v", as[0])
		}},
		{methods: []string{"Attachments.Delete"}, run: func(ctx context.Context, s *suite) error {
			if err := s.admin.Attachments.Delete(ctx, s.attachment); err != nil {
				return err
			}
			_, err := s.admin.Attachments.Get(ctx, s.attachment, nil)
			return expect(isNotFound(err), "get after delete: %v", err)
		}},
	}
}

func jobAndExportSteps() []step {
	return []step{
		{methods: []string{"Jobs.Get"}, run: func(ctx context.Context, s *suite) error {
			j, err := s.admin.Jobs.Get(ctx, s.job, nil)
			if err != nil {
				return err
			}
			return expect(j.GID == s.job && j.Status != "" && j.NewProject != nil, "job %+v", j)
		}},
		{methods: []string{"OrganizationExports.Create", "OrganizationExports.Get"}, run: func(ctx context.Context, s *suite) error {
			x, err := s.sa.OrganizationExports.Create(ctx, s.ws, nil)
			if err != nil {
				return err
			}
			if x.State != asana.ExportPending {
				return fmt.Errorf("new export %+v", x)
			}
			s.srv.Clock().Advance(asanatest.ExportDuration + time.Second)
			x, err = s.sa.OrganizationExports.Get(ctx, x.GID, nil)
			if err != nil {
				return err
			}
			return expect(x.State == asana.ExportFinished && x.DownloadURL != "", "export %+v", x)
		}},
	}
}

// batchSteps send a batch whose actions read, write, page, miss and hit
// an action the batch API refuses, each answered on its own.
func batchSteps() []step {
	return []step{
		{methods: []string{"Batch.Send"}, run: func(ctx context.Context, s *suite) error {
			rs, err := s.admin.Batch.Send(ctx, []asana.BatchAction{
				asana.NewBatchAction(http.MethodGet, "/tasks/{task_gid}", s.task).WithOptions(asana.BatchOptions{Fields: []string{"name", "notes"}}),
				asana.NewBatchAction(http.MethodPut, "/tasks/{task_gid}", s.task).WithData(map[string]any{"notes": "batched"}),
				asana.NewBatchAction(http.MethodGet, "/projects/{project_gid}/tasks", s.project).WithOptions(asana.BatchOptions{Limit: 1}),
				asana.NewBatchAction(http.MethodGet, "/tasks/{task_gid}", "1999999999999996"),
				asana.NewBatchAction(http.MethodPost, "/organization_exports").WithData(map[string]any{"organization": s.ws}),
			})
			if err != nil {
				return err
			}
			var read, written asana.Task
			var page []asana.Task
			if err := rs[0].Decode(&read); err != nil || read.GID != s.task || read.Name == "" {
				return fmt.Errorf("read action: %+v %v", read, err)
			}
			if err := rs[1].Decode(&written); err != nil || written.Notes != "batched" {
				return fmt.Errorf("write action: %+v %v", written, err)
			}
			if err := rs[2].Decode(&page); err != nil || len(page) != 1 {
				return fmt.Errorf("list action: %v %v", page, err)
			}
			if got, err := s.admin.Tasks.Get(ctx, s.task, nil); err != nil || got.Notes != "batched" {
				return fmt.Errorf("after the batch: %+v %v", got, err)
			}
			var ae *asana.Error
			if !errors.As(rs[3].Err, &ae) || !errors.Is(ae, asana.ErrNotFound) || ae.Method != http.MethodGet {
				return fmt.Errorf("missing task: %v", rs[3].Err)
			}
			return expect(errors.Is(rs[4].Err, asana.ErrBadRequest), "organization export in a batch: %v", rs[4].Err)
		}},
	}
}

// cleanupSteps delete what the suite created, and run last.
func cleanupSteps() []step {
	return []step{
		{methods: []string{"Tasks.Delete"}, run: func(ctx context.Context, s *suite) error {
			if err := s.admin.Tasks.Delete(ctx, s.task); err != nil {
				return err
			}
			_, err := s.admin.Tasks.Get(ctx, s.task, nil)
			return expect(isNotFound(err), "get after delete: %v", err)
		}},
		{methods: []string{"Sections.Delete"}, run: func(ctx context.Context, s *suite) error {
			sec, err := s.admin.Sections.Create(ctx, s.newProject, &asana.SectionRequest{Name: "Empty"}, nil)
			if err != nil {
				return err
			}
			if err := s.admin.Sections.Delete(ctx, sec.GID); err != nil {
				return err
			}
			_, ok := s.srv.Section(sec.GID)
			return expect(!ok, "section %s still in the fake", sec.GID)
		}},
		{methods: []string{"Projects.Delete"}, run: func(ctx context.Context, s *suite) error {
			if err := s.admin.Projects.Delete(ctx, s.newProject); err != nil {
				return err
			}
			_, err := s.admin.Projects.Get(ctx, s.newProject, nil)
			return expect(isNotFound(err), "get after delete: %v", err)
		}},
		{methods: []string{"Teams.RemoveUser"}, run: func(ctx context.Context, s *suite) error {
			if err := s.admin.Teams.RemoveUser(ctx, s.newTeam, s.newUser.GID); err != nil {
				return err
			}
			_, ok := s.srv.TeamMembership(s.newTeam, s.newUser.GID)
			return expect(!ok, "still a team member")
		}},
		{methods: []string{"Workspaces.RemoveUser"}, run: func(ctx context.Context, s *suite) error {
			if err := s.sa.Workspaces.RemoveUser(ctx, s.ws, s.newUser.GID); err != nil {
				return err
			}
			m, ok := s.srv.WorkspaceMembership(s.ws, s.newUser.GID)
			return expect(!ok || !m.IsActive, "membership after removeUser: %+v", m)
		}},
	}
}
