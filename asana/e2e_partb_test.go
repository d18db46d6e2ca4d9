package asana_test

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/asanatest"
)

// Steps of TestE2EEveryMethod for roles, access requests, out-of-office
// entries, reactions, custom types, agents, project portfolio settings and
// rule triggers. They seed what the API cannot create (a private project,
// reactions, custom types, a rule trigger) through the fake and run before
// the cleanup.

// partBState is what these steps pass along.
type partBState struct {
	role, request, ooo, customType, setting string
	private, open, task, story, portfolio   string
}

func partBSteps() []step {
	b := &partBState{}
	return concatSteps(roleSteps(b), accessRequestSteps(b), oooSteps(b), []step{
		{methods: []string{"Reactions.List"}, run: func(ctx context.Context, s *suite) error {
			if err := b.seed(s); err != nil {
				return err
			}
			for _, r := range []asanatest.Reaction{{UserGID: s.org.Member.GID, Emoji: "👍"}, {UserGID: s.org.Admin.GID, Emoji: "👍🏽"},
				{UserGID: s.org.Guest.GID, Emoji: "👍"}, {UserGID: s.org.Admin.GID, Emoji: "🎉"}} {
				r.TargetGID = b.story
				if _, err := s.srv.AddReaction(r); err != nil {
					return err
				}
			}
			o := lo()
			rs, err := sameList(s.member.Reactions.List(ctx, b.story, "👍", &o), func(r asana.Reaction) string { return r.GID }, 3)
			if err != nil {
				return err
			}
			return expect(len(rs) == 3 && rs[1].Emoji == "👍🏽" && rs[0].User != nil && rs[0].User.GID == s.org.Member.GID, "reactions %+v", rs)
		}},
		{methods: []string{"CustomTypes.List"}, run: func(ctx context.Context, s *suite) error {
			for _, name := range []string{"Bug", "Incident", "Request"} {
				ct, err := s.srv.AddCustomType(asanatest.CustomType{WorkspaceGID: s.ws, Name: name, ProjectGIDs: []string{b.open}})
				if err != nil {
					return err
				}
				b.customType = ct.GID
			}
			o := lo("name", "status_options.name", "status_options.completion_state")
			cts, err := sameList(s.member.CustomTypes.List(ctx, b.open, &o), func(c asana.CustomType) string { return c.GID }, 3)
			if err != nil {
				return err
			}
			return expect(cts[0].Name == "Bug" && len(cts[0].StatusOptions) == 2 && cts[0].StatusOptions[1].CompletionState == "Complete", "custom types %+v", cts)
		}},
		{methods: []string{"CustomTypes.Get"}, run: func(ctx context.Context, s *suite) error {
			ct, err := s.member.CustomTypes.Get(ctx, b.customType, nil)
			if err != nil {
				return err
			}
			return expect(ct.Name == "Request" && len(ct.StatusOptions) == 2 && ct.StatusOptions[0].GID != "", "custom type %+v", ct)
		}},
		{methods: []string{"Agents.ListForWorkspace"}, run: func(ctx context.Context, s *suite) error {
			if _, err := s.srv.AddAgent(asanatest.Agent{WorkspaceGID: s.ws, Name: "Release Teammate", Photo: "https://s3.example.test/agents/release"}); err != nil {
				return err
			}
			o := lo("name", "photo")
			as, err := sameList(s.sa.Agents.ListForWorkspace(ctx, s.ws, &o), func(a asana.Agent) string { return a.GID }, 3)
			if err != nil {
				return err
			}
			last := as[len(as)-1]
			return expect(last.Name == "Release Teammate" && last.Photo != nil, "agents %+v", as)
		}},
		{methods: []string{"Agents.Get"}, run: func(ctx context.Context, s *suite) error {
			o := lo()
			var first string
			for a, err := range s.member.Agents.ListForWorkspace(ctx, s.ws, &o).All() {
				if err != nil {
					return err
				}
				first = a.GID
				break
			}
			a, err := s.member.Agents.Get(ctx, first, nil)
			if err != nil {
				return err
			}
			got, ok := s.srv.Agent(first)
			return expect(ok && a.Name == got.Name && a.ResourceSubtype == "asana_teammate" && a.Workspace != nil && a.Workspace.GID == s.ws, "agent %+v, fake has %+v", a, got)
		}},
		{methods: []string{"Users.UpdateForWorkspace"}, run: func(ctx context.Context, s *suite) error {
			// A custom field value on a person (user_custom_fields.go).
			cf, _, err := s.srv.AddCustomField(asanatest.CustomField{WorkspaceGID: s.ws, Name: "Job title", ResourceSubtype: asanatest.CustomFieldText})
			if err != nil {
				return err
			}
			u, err := s.admin.Users.UpdateForWorkspace(ctx, s.ws, s.org.Member.GID, &asana.UserUpdateRequest{CustomFields: map[string]any{cf.GID: "Engineer"}},
				&asana.GetOptions{Fields: []string{"name", "custom_fields.text_value"}})
			if err != nil {
				return err
			}
			got := s.srv.UserCustomFieldValues(s.org.Member.GID, s.ws)
			return expect(len(u.CustomFields) == 1 && u.CustomFields[0].GID == cf.GID && u.CustomFields[0].TextValue != nil && *u.CustomFields[0].TextValue == "Engineer" &&
				len(got) == 1 && got[0].Text == "Engineer", "user %+v, fake has %+v", u, got)
		}},
	}, ppsSteps(b), []step{
		{methods: []string{"Rules.Run"}, run: func(ctx context.Context, s *suite) error {
			trig, err := s.srv.AddRuleTrigger(asanatest.RuleTrigger{ProjectGID: b.open, Name: "Open a Jira ticket"})
			if err != nil {
				return err
			}
			res, err := s.member.Rules.Run(ctx, trig.GID, &asana.RuleRunRequest{Resource: b.task, ActionData: map[string]any{"jira_ticket_id": "PROJ-7"}})
			if err != nil {
				return err
			}
			runs := s.srv.RuleRuns(trig.GID)
			if len(runs) != 1 || runs[0].ResourceGID != b.task || runs[0].UserGID != s.org.Member.GID || runs[0].ActionData["jira_ticket_id"] != "PROJ-7" || res.Message == "" {
				return fmt.Errorf("ran %+v, fake recorded %+v", res, runs)
			}
			// A task outside the rule's project is refused, and not recorded.
			_, err = s.member.Rules.Run(ctx, trig.GID, &asana.RuleRunRequest{Resource: s.task, ActionData: map[string]any{}})
			return expect(isStatus(err, 400) && len(s.srv.RuleRuns(trig.GID)) == 1, "run on a task elsewhere: %v", err)
		}},
	})
}

// seed makes the steps' own records once: a private project only the
// admin belongs to, an open project with a task and a comment, and a
// portfolio holding the open project.
func (b *partBState) seed(s *suite) error {
	if b.open != "" {
		return nil
	}
	team := s.org.Teams[0].GID
	pr, err := s.srv.AddProject(asanatest.Project{WorkspaceGID: s.ws, TeamGID: team, Name: "Secret merger", PrivacySetting: asanatest.PrivacyPrivate,
		OwnerGID: s.org.Admin.GID, MemberGIDs: []string{s.org.Admin.GID}})
	if err != nil {
		return err
	}
	open, err := s.srv.AddProject(asanatest.Project{WorkspaceGID: s.ws, TeamGID: team, Name: "Open work", OwnerGID: s.org.Member.GID, MemberGIDs: []string{s.org.Member.GID}})
	if err != nil {
		return err
	}
	t, err := s.srv.AddTask(asanatest.Task{Name: "Ticket", Memberships: []asanatest.TaskMembership{{ProjectGID: open.GID}}, CreatedByGID: s.org.Member.GID})
	if err != nil {
		return err
	}
	st, err := s.srv.AddStory(asanatest.Story{TaskGID: t.GID, CreatedByGID: s.org.Member.GID, Text: "Shipped"})
	if err != nil {
		return err
	}
	pf, err := s.srv.AddPortfolio(asanatest.Portfolio{WorkspaceGID: s.ws, Name: "Part B bets", OwnerGID: s.org.Member.GID, ItemGIDs: []string{open.GID}})
	if err != nil {
		return err
	}
	b.private, b.open, b.task, b.story, b.portfolio = pr.GID, open.GID, t.GID, st.GID, pf.GID
	return nil
}

func isStatus(err error, code int) bool {
	var ae *asana.Error
	return errors.As(err, &ae) && ae.StatusCode == code
}

func roleSteps(b *partBState) []step {
	return []step{
		{methods: []string{"Roles.Create"}, run: func(ctx context.Context, s *suite) error {
			r, err := s.admin.Roles.Create(ctx, &asana.RoleCreateRequest{Workspace: s.ws, Name: "Contractor", Description: "Outside help",
				BaseRoleType: asana.RoleBaseRoleTypeGuest, Permissions: &asana.RoleCreateRequestPermissions{CreateProject: true}},
				&asana.GetOptions{Fields: []string{"name", "permissions", "base_role_type"}})
			if err != nil {
				return err
			}
			b.role = r.GID
			got, ok := s.srv.Role(r.GID)
			return expect(ok && got.Name == "Contractor" && r.Permissions != nil && r.Permissions.CreateProject && !r.Permissions.CreateTeam &&
				r.BaseRoleType == asana.RoleBaseRoleTypeGuest, "created %+v, fake has %+v", r, got)
		}},
		{methods: []string{"Roles.List"}, run: func(ctx context.Context, s *suite) error {
			rs, err := sameList(s.sa.Roles.List(ctx, &asana.RoleListOptions{Workspace: s.ws, ListOptions: lo()}), func(r asana.Role) string { return r.GID }, s.org.Roles+1)
			if err != nil {
				return err
			}
			return expect(slices.ContainsFunc(rs, func(r asana.Role) bool { return r.GID == b.role && !r.IsStandardRole }), "roles %+v", rs)
		}},
		{methods: []string{"Roles.Get"}, run: func(ctx context.Context, s *suite) error {
			r, err := s.member.Roles.Get(ctx, b.role, nil)
			if err != nil {
				return err
			}
			return expect(r.Name == "Contractor" && r.Workspace != nil && r.Workspace.GID == s.ws && !r.CreationTime.IsZero(), "role %+v", r)
		}},
		{methods: []string{"Roles.Update"}, run: func(ctx context.Context, s *suite) error {
			r, err := s.admin.Roles.Update(ctx, b.role, &asana.RoleUpdateRequest{Description: asana.Ptr("Vendors and freelancers")}, nil)
			if err != nil {
				return err
			}
			got, _ := s.srv.Role(b.role)
			return expect(r.Description == "Vendors and freelancers" && got.Description == r.Description, "updated %+v, fake has %+v", r, got)
		}},
		{methods: []string{"Roles.Delete"}, run: func(ctx context.Context, s *suite) error {
			if err := s.admin.Roles.Delete(ctx, b.role); err != nil {
				return err
			}
			_, ok := s.srv.Role(b.role)
			_, err := s.admin.Roles.Get(ctx, b.role, nil)
			return expect(!ok && isNotFound(err), "role after delete: %v, %v", ok, err)
		}},
	}
}

func accessRequestSteps(b *partBState) []step {
	return []step{
		{methods: []string{"AccessRequests.Create"}, run: func(ctx context.Context, s *suite) error {
			if err := b.seed(s); err != nil {
				return err
			}
			r, err := s.member.AccessRequests.Create(ctx, &asana.AccessRequestCreateRequest{Target: b.private, Message: "I can help"})
			if err != nil {
				return err
			}
			b.request = r.GID
			return expect(r.ApprovalStatus == asana.AccessRequestApprovalStatusPending && r.Target != nil && r.Target.GID == b.private &&
				r.Requester != nil && r.Requester.GID == s.org.Member.GID, "created %+v", r)
		}},
		{methods: []string{"AccessRequests.List"}, run: func(ctx context.Context, s *suite) error {
			rs, err := s.admin.AccessRequests.List(ctx, b.private, &asana.AccessRequestListOptions{User: s.org.Member.GID})
			if err != nil {
				return err
			}
			return expect(len(rs) == 1 && rs[0].GID == b.request && rs[0].Message == "I can help", "requests %+v", rs)
		}},
		{methods: []string{"AccessRequests.Approve"}, run: func(ctx context.Context, s *suite) error {
			if _, err := s.member.Projects.Get(ctx, b.private, nil); !isStatus(err, 403) {
				return fmt.Errorf("member reads the private project before approval: %v", err)
			}
			if err := s.admin.AccessRequests.Approve(ctx, b.request); err != nil {
				return err
			}
			got, _ := s.srv.AccessRequest(b.request)
			_, err := s.member.Projects.Get(ctx, b.private, nil)
			return expect(err == nil && got.Status == asanatest.AccessRequestApproved, "after approval: %+v, member reads: %v", got, err)
		}},
		{methods: []string{"AccessRequests.Reject"}, run: func(ctx context.Context, s *suite) error {
			r, err := s.srv.AddAccessRequest(asanatest.AccessRequest{TargetGID: b.private, RequesterGID: s.org.Guest.GID})
			if err != nil {
				return err
			}
			if err := s.admin.AccessRequests.Reject(ctx, r.GID); err != nil {
				return err
			}
			got, _ := s.srv.AccessRequest(r.GID)
			_, err = s.guest.Projects.Get(ctx, b.private, nil)
			return expect(got.Status == asanatest.AccessRequestDenied && isStatus(err, 403), "after rejection: %+v, guest reads: %v", got, err)
		}},
	}
}

func oooSteps(b *partBState) []step {
	day := func(s string) asana.Date { d, _ := asana.ParseDate(s); return d }
	return []step{
		{methods: []string{"OOOEntries.Create"}, run: func(ctx context.Context, s *suite) error {
			e, err := s.member.OOOEntries.Create(ctx, &asana.OOOEntryCreateRequest{User: "me", Workspace: s.ws,
				StartDate: day("2025-03-03"), EndDate: day("2025-03-07")}, nil)
			if err != nil {
				return err
			}
			b.ooo = e.GID
			got, ok := s.srv.OOOEntry(e.GID)
			return expect(ok && got.UserGID == s.org.Member.GID && got.EndDate == "2025-03-07" && e.User != nil && e.User.GID == s.org.Member.GID,
				"created %+v, fake has %+v", e, got)
		}},
		{methods: []string{"OOOEntries.Get"}, run: func(ctx context.Context, s *suite) error {
			e, err := s.admin.OOOEntries.Get(ctx, b.ooo, nil)
			if err != nil {
				return err
			}
			return expect(e.StartDate.String() == "2025-03-03" && e.CreatedBy != nil && e.CreatedBy.GID == s.org.Member.GID, "entry %+v", e)
		}},
		{methods: []string{"OOOEntries.Update"}, run: func(ctx context.Context, s *suite) error {
			e, err := s.member.OOOEntries.Update(ctx, b.ooo, &asana.OOOEntryUpdateRequest{EndDate: asana.Ptr(day("2025-03-10"))}, nil)
			if err != nil {
				return err
			}
			got, _ := s.srv.OOOEntry(b.ooo)
			return expect(e.EndDate.String() == "2025-03-10" && got.EndDate == "2025-03-10", "updated %+v, fake has %+v", e, got)
		}},
		{methods: []string{"OOOEntries.List"}, run: func(ctx context.Context, s *suite) error {
			for _, d := range [][2]string{{"2025-04-01", "2025-04-02"}, {"2025-05-01", "2025-05-09"}} {
				if _, err := s.srv.AddOOOEntry(asanatest.OOOEntry{WorkspaceGID: s.ws, UserGID: s.org.Member.GID, StartDate: d[0], EndDate: d[1]}); err != nil {
					return err
				}
			}
			opts := func(off string) *asana.OOOEntryListOptions {
				return &asana.OOOEntryListOptions{StartDate: day("2025-03-01"), EndDate: day("2025-05-31"), ListOptions: asana.ListOptions{Limit: small, Offset: off}}
			}
			es, err := sameList(s.admin.OOOEntries.List(ctx, s.org.Member.GID, s.ws, opts("")), func(e asana.OOOEntry) string { return e.GID }, 3)
			if err != nil {
				return err
			}
			return expect(len(es) == 3 && es[0].GID == b.ooo, "entries %+v", es)
		}},
		{methods: []string{"OOOEntries.Delete"}, run: func(ctx context.Context, s *suite) error {
			if err := s.member.OOOEntries.Delete(ctx, b.ooo); err != nil {
				return err
			}
			_, ok := s.srv.OOOEntry(b.ooo)
			_, err := s.member.OOOEntries.Get(ctx, b.ooo, nil)
			return expect(!ok && isNotFound(err), "entry after delete: %v, %v", ok, err)
		}},
	}
}

func ppsSteps(b *partBState) []step {
	id := func(p asana.ProjectPortfolioSetting) string { return p.GID }
	return []step{
		{methods: []string{"ProjectPortfolioSettings.ListForPortfolio"}, run: func(ctx context.Context, s *suite) error {
			// A second project (the private one, which the member joined
			// by an access request) joins through the API and gets its
			// setting.
			if err := s.member.Portfolios.AddItem(ctx, b.portfolio, &asana.PortfolioAddItemRequest{Item: b.private}); err != nil {
				return err
			}
			o := lo()
			ps, err := sameList(s.member.ProjectPortfolioSettings.ListForPortfolio(ctx, b.portfolio, &o), id, 2)
			if err != nil {
				return err
			}
			b.setting = ps[0].GID
			return expect(len(ps) == 2 && ps[0].Project != nil && ps[0].Project.GID == b.open && ps[1].Project.GID == b.private && ps[0].IsAccessControlInherited,
				"settings %+v", ps)
		}},
		{methods: []string{"ProjectPortfolioSettings.ListForProject"}, run: func(ctx context.Context, s *suite) error {
			o := lo()
			ps, err := sameList(s.member.ProjectPortfolioSettings.ListForProject(ctx, b.open, &o), id, 1)
			if err != nil {
				return err
			}
			return expect(len(ps) == 1 && ps[0].GID == b.setting && ps[0].Portfolio != nil && ps[0].Portfolio.GID == b.portfolio, "settings %+v", ps)
		}},
		{methods: []string{"ProjectPortfolioSettings.Get"}, run: func(ctx context.Context, s *suite) error {
			p, err := s.member.ProjectPortfolioSettings.Get(ctx, b.setting, nil)
			if err != nil {
				return err
			}
			return expect(p.IsAccessControlInherited && !p.CreatedAt.IsZero(), "setting %+v", p)
		}},
		{methods: []string{"ProjectPortfolioSettings.Update"}, run: func(ctx context.Context, s *suite) error {
			p, err := s.member.ProjectPortfolioSettings.Update(ctx, b.setting, &asana.ProjectPortfolioSettingUpdateRequest{IsAccessControlInherited: asana.Ptr(false)}, nil)
			if err != nil {
				return err
			}
			got, _ := s.srv.ProjectPortfolioSetting(b.portfolio, b.open)
			return expect(!p.IsAccessControlInherited && got.GID == b.setting && !got.IsAccessControlInherited, "updated %+v, fake has %+v", p, got)
		}},
	}
}
