package asana_test

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/asanatest"
)

func portfolioGID(p asana.Portfolio) string                 { return p.GID }
func portfolioMemberGID(m asana.PortfolioMembership) string { return m.GID }
func membershipGID(m asana.Membership) string               { return m.GID }
func projectMembershipGID(m asana.ProjectMembership) string { return m.GID }

// portfolioSteps create a portfolio, fill it with the suite's projects,
// give it members, read its memberships (in the portfolio_membership and
// /memberships forms), and a project's, then duplicate and delete it. They
// run after projectSteps and Workspaces.AddUser (s.newUser).
func portfolioSteps() []step {
	return []step{
		{methods: []string{"Portfolios.Create"}, run: func(ctx context.Context, s *suite) error {
			// Asana takes start_on only together with due_on.
			start := asana.NewDate(time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC))
			due := asana.NewDate(time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC))
			p, err := s.admin.Portfolios.Create(ctx, &asana.PortfolioCreateRequest{Workspace: s.ws, Name: "E2E Launches",
				Color: asana.PortfolioColorLightBlue, StartOn: start, DueOn: due}, nil)
			if err != nil {
				return err
			}
			s.portfolio = p.GID
			got, ok := s.srv.Portfolio(p.GID)
			if !ok || got.Name != "E2E Launches" || got.Color != "light-blue" || got.OwnerGID != s.org.Admin.GID || got.WorkspaceGID != s.ws || got.StartOn != "2026-01-05" || got.DueOn != "2026-03-31" {
				return fmt.Errorf("fake has %+v %v", got, ok)
			}
			return expect(p.Name == got.Name && p.Owner != nil && p.Owner.GID == s.org.Admin.GID && p.StartOn == start && p.DueOn == due, "answer %+v", p)
		}},
		{methods: []string{"Portfolios.Get"}, run: func(ctx context.Context, s *suite) error {
			p, err := s.admin.Portfolios.Get(ctx, s.portfolio, nil)
			if err != nil {
				return err
			}
			if p.Name != "E2E Launches" || p.Color != asana.PortfolioColorLightBlue || p.Owner == nil || p.Workspace == nil || p.CreatedAt.IsZero() || p.PermalinkURL == "" || len(p.Members) == 0 {
				return fmt.Errorf("default fields: %+v", p)
			}
			p, err = s.sa.Portfolios.Get(ctx, s.portfolio, &asana.GetOptions{Fields: []string{"name", "owner.email"}})
			if err != nil {
				return err
			}
			return expect(p.Name != "" && p.Owner != nil && p.Owner.Email == s.org.Admin.Email && p.Color == "" && p.Workspace == nil, "opt_fields name,owner.email: %+v", p)
		}},
		{methods: []string{"Portfolios.Update"}, run: func(ctx context.Context, s *suite) error {
			due := asana.NewDate(time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC))
			p, err := s.admin.Portfolios.Update(ctx, s.portfolio, &asana.PortfolioUpdateRequest{Name: asana.Ptr("E2E Launches H1"),
				DueOn: &due, StartOn: asana.Ptr(asana.Date{})}, nil)
			if err != nil {
				return err
			}
			got, _ := s.srv.Portfolio(s.portfolio)
			return expect(p.Name == "E2E Launches H1" && p.DueOn == due && p.StartOn.IsZero() &&
				got.Name == p.Name && got.DueOn == "2026-06-30" && got.StartOn == "", "answer %+v, fake %+v", p, got)
		}},
		{methods: []string{"Portfolios.List"}, run: func(ctx context.Context, s *suite) error {
			o := &asana.PortfolioListOptions{ListOptions: lo()}
			// A service account may leave owner out to list them all.
			ps, err := sameList(s.sa.Portfolios.List(ctx, s.ws, o), portfolioGID, len(s.org.Portfolios)+1)
			if err != nil {
				return err
			}
			if i := slices.IndexFunc(ps, func(p asana.Portfolio) bool { return p.GID == s.portfolio }); i < 0 || ps[i].Owner == nil || ps[i].Workspace == nil || ps[i].DueOn.IsZero() {
				return fmt.Errorf("new portfolio missing or without default fields: %v", ps)
			}
			// A personal token lists only the portfolios its user owns, and
			// must say so.
			mine, err := collect(s.admin.Portfolios.List(ctx, s.ws, &asana.PortfolioListOptions{Owner: "me", ListOptions: lo("owner")}).All())
			if err != nil {
				return err
			}
			for _, p := range mine {
				if p.Owner == nil || p.Owner.GID != s.org.Admin.GID {
					return fmt.Errorf("admin's list has %+v", p)
				}
			}
			return expect(slices.ContainsFunc(mine, func(p asana.Portfolio) bool { return p.GID == s.portfolio }), "admin's list %v lacks %s", gids(mine, portfolioGID), s.portfolio)
		}},
		{methods: []string{"Portfolios.AddItem"}, run: func(ctx context.Context, s *suite) error {
			// The service account: the admin's personal token does not see
			// every demo project, and Asana adds only what the caller sees.
			third := s.otherProject()
			for _, req := range []asana.PortfolioAddItemRequest{{Item: s.project}, {Item: s.newProject}, {Item: third, InsertBefore: s.project}} {
				if err := s.sa.Portfolios.AddItem(ctx, s.portfolio, &req); err != nil {
					return err
				}
			}
			got, _ := s.srv.Portfolio(s.portfolio)
			want := []string{third, s.project, s.newProject}
			return expect(slices.Equal(got.ItemGIDs, want), "items %v, want %v", got.ItemGIDs, want)
		}},
		{methods: []string{"Portfolios.ListItems"}, run: func(ctx context.Context, s *suite) error {
			o := lo("name")
			items, err := sameList(s.sa.Portfolios.ListItems(ctx, s.portfolio, &o), projectGID, 3)
			if err != nil {
				return err
			}
			got, _ := s.srv.Portfolio(s.portfolio)
			return expect(slices.Equal(gids(items, projectGID), got.ItemGIDs) && items[0].Name != "", "items %+v, fake %v", items, got.ItemGIDs)
		}},
		{methods: []string{"Portfolios.RemoveItem"}, run: func(ctx context.Context, s *suite) error {
			if err := s.sa.Portfolios.RemoveItem(ctx, s.portfolio, &asana.PortfolioRemoveItemRequest{Item: s.newProject}); err != nil {
				return err
			}
			got, _ := s.srv.Portfolio(s.portfolio)
			return expect(len(got.ItemGIDs) == 2 && !slices.Contains(got.ItemGIDs, s.newProject), "items after removeItem %v", got.ItemGIDs)
		}},
		{methods: []string{"Portfolios.AddMembers"}, run: func(ctx context.Context, s *suite) error {
			p, err := s.admin.Portfolios.AddMembers(ctx, s.portfolio, &asana.PortfolioAddMembersRequest{Members: s.org.Member.GID + "," + s.newUser.GID},
				&asana.GetOptions{Fields: []string{"members"}})
			if err != nil {
				return err
			}
			for _, u := range []string{s.org.Admin.GID, s.org.Member.GID, s.newUser.GID} {
				if !slices.ContainsFunc(p.Members, func(m asana.User) bool { return m.GID == u }) {
					return fmt.Errorf("answer's members %+v lack %s", p.Members, u)
				}
			}
			return expect(memberLevel(s.srv, s.portfolio, s.newUser.GID) == asanatest.AccessEditor, "fake's memberships %+v", s.srv.Memberships(s.portfolio))
		}},
		{methods: []string{"PortfolioMemberships.ListForPortfolio", "PortfolioMemberships.Get"}, run: func(ctx context.Context, s *suite) error {
			o := &asana.PortfolioMembershipListForPortfolioOptions{ListOptions: lo()}
			ms, err := sameList(s.member.PortfolioMemberships.ListForPortfolio(ctx, s.portfolio, o), portfolioMemberGID, 3)
			if err != nil {
				return err
			}
			if len(ms) != len(s.srv.Memberships(s.portfolio)) || ms[0].User == nil || ms[0].AccessLevel == "" {
				return fmt.Errorf("memberships %+v, fake %+v", ms, s.srv.Memberships(s.portfolio))
			}
			mine, err := collect(s.member.PortfolioMemberships.ListForPortfolio(ctx, s.portfolio,
				&asana.PortfolioMembershipListForPortfolioOptions{User: "me"}).All())
			if err != nil || len(mine) != 1 {
				return fmt.Errorf("user=me: %+v %v", mine, err)
			}
			m, err := s.member.PortfolioMemberships.Get(ctx, mine[0].GID, &asana.GetOptions{Fields: []string{"portfolio", "access_level"}})
			if err != nil {
				return err
			}
			return expect(m.GID == mine[0].GID && m.Portfolio != nil && m.Portfolio.GID == s.portfolio && m.AccessLevel == asana.PortfolioMembershipAccessLevel(asanatest.AccessEditor) && m.User == nil,
				"opt_fields portfolio,access_level: %+v", m)
		}},
		{methods: []string{"PortfolioMemberships.List"}, run: func(ctx context.Context, s *suite) error {
			o := &asana.PortfolioMembershipListOptions{Portfolio: s.portfolio, ListOptions: lo()}
			ms, err := sameList(s.sa.PortfolioMemberships.List(ctx, o), portfolioMemberGID, 3)
			if err != nil {
				return err
			}
			if len(ms) != len(s.srv.Memberships(s.portfolio)) {
				return fmt.Errorf("memberships %+v, fake %+v", ms, s.srv.Memberships(s.portfolio))
			}
			// workspace and user: every portfolio the new user belongs to.
			theirs, err := collect(s.sa.PortfolioMemberships.List(ctx, &asana.PortfolioMembershipListOptions{Workspace: s.ws, User: s.newUser.GID,
				ListOptions: lo("portfolio", "user")}).All())
			if err != nil {
				return err
			}
			return expect(len(theirs) == 1 && theirs[0].Portfolio != nil && theirs[0].Portfolio.GID == s.portfolio && theirs[0].User != nil && theirs[0].User.GID == s.newUser.GID,
				"new user's portfolio memberships %+v", theirs)
		}},
		{methods: []string{"Memberships.List", "Memberships.Get"}, run: func(ctx context.Context, s *suite) error {
			o := &asana.MembershipListOptions{Parent: s.portfolio, ListOptions: lo()}
			ms, err := sameList(s.sa.Memberships.List(ctx, o), membershipGID, 3)
			if err != nil {
				return err
			}
			fake := s.srv.Memberships(s.portfolio)
			if !slices.Equal(gids(ms, membershipGID), gids(fake, func(m asanatest.Membership) string { return m.GID })) {
				return fmt.Errorf("memberships %+v, fake %+v", ms, fake)
			}
			m := ms[0]
			if m.Parent == nil || m.Parent.GID != s.portfolio || m.Member == nil || m.Member.GID == "" || m.AccessLevel == "" || m.ResourceSubtype != "portfolio_membership" {
				return fmt.Errorf("default fields: %+v", m)
			}
			got, err := s.sa.Memberships.Get(ctx, m.GID)
			if err != nil {
				return err
			}
			if got.GID != m.GID || got.Member == nil || got.Member.GID != m.Member.GID || got.AccessLevel != m.AccessLevel {
				return fmt.Errorf("get %+v, listed %+v", got, m)
			}
			// parent and member: the one membership, with opt_fields.
			one, err := collect(s.sa.Memberships.List(ctx, &asana.MembershipListOptions{Parent: s.portfolio, Member: s.newUser.GID, ListOptions: lo("access_level")}).All())
			if err != nil {
				return err
			}
			return expect(len(one) == 1 && one[0].AccessLevel == asanatest.AccessEditor && one[0].Parent == nil && one[0].Member == nil,
				"new user's membership, opt_fields access_level: %+v", one)
		}},
		{methods: []string{"Memberships.Create", "Memberships.Update"}, run: func(ctx context.Context, s *suite) error {
			m, err := s.admin.Memberships.Create(ctx, &asana.MembershipCreateRequest{Parent: s.project, Member: s.newUser.GID, AccessLevel: asanatest.AccessCommenter})
			if err != nil {
				return err
			}
			s.membership = m.GID
			if m.Parent == nil || m.Parent.GID != s.project || m.Member == nil || m.Member.GID != s.newUser.GID || m.AccessLevel != asanatest.AccessCommenter {
				return fmt.Errorf("created %+v", m)
			}
			if lvl := memberLevel(s.srv, s.project, s.newUser.GID); lvl != asanatest.AccessCommenter {
				return fmt.Errorf("fake's level %q", lvl)
			}
			m, err = s.admin.Memberships.Update(ctx, s.membership, &asana.MembershipUpdateRequest{AccessLevel: asana.Ptr(asanatest.AccessEditor)})
			if err != nil {
				return err
			}
			return expect(m.AccessLevel == asanatest.AccessEditor && memberLevel(s.srv, s.project, s.newUser.GID) == asanatest.AccessEditor,
				"updated %+v, fake %+v", m, s.srv.Memberships(s.project))
		}},
		{methods: []string{"ProjectMemberships.ListForProject", "ProjectMemberships.Get"}, run: func(ctx context.Context, s *suite) error {
			o := &asana.ProjectMembershipListForProjectOptions{ListOptions: lo()}
			ms, err := sameList(s.admin.ProjectMemberships.ListForProject(ctx, s.project, o), projectMembershipGID, 1)
			if err != nil {
				return err
			}
			if len(ms) != len(s.srv.Memberships(s.project)) || !slices.ContainsFunc(ms, func(m asana.ProjectMembership) bool { return m.GID == s.membership }) {
				return fmt.Errorf("memberships %v lack %s; fake %+v", gids(ms, projectMembershipGID), s.membership, s.srv.Memberships(s.project))
			}
			if ms[0].Member == nil || ms[0].Member.GID == "" || ms[0].AccessLevel == "" {
				return fmt.Errorf("default fields: %+v", ms[0])
			}
			m, err := s.admin.ProjectMemberships.Get(ctx, s.membership, &asana.GetOptions{Fields: []string{"user", "project", "write_access"}})
			if err != nil {
				return err
			}
			return expect(m.User != nil && m.User.GID == s.newUser.GID && m.Project != nil && m.Project.GID == s.project && m.WriteAccess == "full_write" && m.AccessLevel == "",
				"opt_fields user,project,write_access: %+v", m)
		}},
		{methods: []string{"Memberships.Delete"}, run: func(ctx context.Context, s *suite) error {
			if err := s.admin.Memberships.Delete(ctx, s.membership); err != nil {
				return err
			}
			if lvl := memberLevel(s.srv, s.project, s.newUser.GID); lvl != "" {
				return fmt.Errorf("still a project member, level %q", lvl)
			}
			_, err := s.admin.Memberships.Get(ctx, s.membership)
			return expect(isNotFound(err), "get after delete: %v", err)
		}},
		{methods: []string{"Portfolios.RemoveMembers"}, run: func(ctx context.Context, s *suite) error {
			p, err := s.admin.Portfolios.RemoveMembers(ctx, s.portfolio, &asana.PortfolioRemoveMembersRequest{Members: s.newUser.GID},
				&asana.GetOptions{Fields: []string{"members"}})
			if err != nil {
				return err
			}
			if slices.ContainsFunc(p.Members, func(m asana.User) bool { return m.GID == s.newUser.GID }) {
				return fmt.Errorf("answer's members %+v still have %s", p.Members, s.newUser.GID)
			}
			return expect(memberLevel(s.srv, s.portfolio, s.newUser.GID) == "", "fake's memberships %+v", s.srv.Memberships(s.portfolio))
		}},
		{methods: []string{"Portfolios.Duplicate"}, run: func(ctx context.Context, s *suite) error {
			j, err := s.admin.Portfolios.Duplicate(ctx, s.portfolio, &asana.PortfolioDuplicateRequest{Name: "E2E Launches copy", Include: "members,child_projects"}, nil)
			if err != nil {
				return err
			}
			if j.NewPortfolio == nil || j.NewPortfolio.GID == "" {
				return fmt.Errorf("job %+v", j)
			}
			s.portfolioCopy = j.NewPortfolio.GID
			src, _ := s.srv.Portfolio(s.portfolio)
			cp, ok := s.srv.Portfolio(s.portfolioCopy)
			if !ok || cp.Name != "E2E Launches copy" || !slices.Equal(cp.ItemGIDs, src.ItemGIDs) {
				return fmt.Errorf("copy %+v %v, source %+v", cp, ok, src)
			}
			return expect(memberLevel(s.srv, s.portfolioCopy, s.org.Member.GID) == asanatest.AccessEditor, "copy's memberships %+v", s.srv.Memberships(s.portfolioCopy))
		}},
		{methods: []string{"Portfolios.Delete"}, run: func(ctx context.Context, s *suite) error {
			for _, g := range []string{s.portfolioCopy, s.portfolio} {
				if err := s.admin.Portfolios.Delete(ctx, g); err != nil {
					return err
				}
				if _, ok := s.srv.Portfolio(g); ok {
					return fmt.Errorf("portfolio %s still in the fake", g)
				}
			}
			_, err := s.admin.Portfolios.Get(ctx, s.portfolio, nil)
			return expect(isNotFound(err), "get after delete: %v", err)
		}},
	}
}

// memberLevel is a user's access level on a project or portfolio in the
// fake, "" when they are no member.
func memberLevel(srv *asanatest.Server, parent, user string) string {
	for _, m := range srv.Memberships(parent) {
		if m.UserGID == user {
			return m.AccessLevel
		}
	}
	return ""
}

// otherProject is an unarchived demo project other than s.project.
func (s *suite) otherProject() string {
	for _, p := range s.org.Projects {
		if !p.Archived && p.GID != s.project {
			return p.GID
		}
	}
	return ""
}
