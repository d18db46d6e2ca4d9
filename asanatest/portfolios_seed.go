package asanatest

import (
	"errors"
	"fmt"
	"slices"
)

// Seeding of portfolios and access levels (the Go side of portfolios.go,
// portfolio_members.go and access.go).

// AddPortfolio adds a portfolio to a workspace. Its OwnerGID (and
// CreatedByGID, which defaults to the owner) become admin members; its
// ItemGIDs must be projects or portfolios of the same workspace.
func (s *Server) AddPortfolio(pf Portfolio) (Portfolio, error) {
	if pf.Name == "" {
		return Portfolio{}, errors.New("asanatest: portfolio needs a name")
	}
	if pf.DefaultAccessLevel != "" && !slices.Contains(portfolioAccessLevels, pf.DefaultAccessLevel) {
		return Portfolio{}, fmt.Errorf("asanatest: unknown portfolio access level %q", pf.DefaultAccessLevel)
	}
	if pf.Color != "" && !slices.Contains(portfolioColors, pf.Color) {
		return Portfolio{}, fmt.Errorf("asanatest: unknown portfolio color %q", pf.Color)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.st.workspaces.get(pf.WorkspaceGID) == nil {
		return Portfolio{}, fmt.Errorf("asanatest: no workspace %q", pf.WorkspaceGID)
	}
	if pf.CreatedByGID == "" {
		pf.CreatedByGID = pf.OwnerGID
	}
	for _, g := range []string{pf.OwnerGID, pf.CreatedByGID} {
		if g != "" && s.st.users.get(g) == nil {
			return Portfolio{}, fmt.Errorf("asanatest: no user %s", g)
		}
	}
	pf = pf.clone()
	for _, it := range pf.ItemGIDs {
		if err := s.checkPortfolioItemLocked(pf.WorkspaceGID, it); err != nil {
			return Portfolio{}, err
		}
	}
	pf.GID = ""
	pf.CreatedAt = s.stamp(pf.CreatedAt)
	if pf.ModifiedAt.IsZero() {
		pf.ModifiedAt = pf.CreatedAt
	}
	s.st.insertPortfolio(&pf)
	return pf.clone(), nil
}

func (s *Server) checkPortfolioItemLocked(wsGID, item string) error {
	pr, sub := s.st.portfolioItem(item)
	switch {
	case pr == nil && sub == nil:
		return fmt.Errorf("asanatest: no project or portfolio %q", item)
	case pr != nil && pr.WorkspaceGID != wsGID, sub != nil && sub.WorkspaceGID != wsGID:
		return fmt.Errorf("asanatest: %s is not in workspace %s", item, wsGID)
	}
	return nil
}

// AddPortfolioItem appends a project or portfolio to a portfolio.
func (s *Server) AddPortfolioItem(portfolioGID, itemGID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	pf := portfolios(s.st).portfolios.get(portfolioGID)
	if pf == nil {
		return fmt.Errorf("asanatest: no portfolio %q", portfolioGID)
	}
	if err := s.checkPortfolioItemLocked(pf.WorkspaceGID, itemGID); err != nil {
		return err
	}
	if sub := portfolios(s.st).portfolios.get(itemGID); sub != nil && s.st.portfolioHolds(sub, pf.GID, 0) {
		return fmt.Errorf("asanatest: portfolio %s would contain itself", pf.GID)
	}
	if !slices.Contains(pf.ItemGIDs, itemGID) {
		pf.ItemGIDs = append(slices.Clone(pf.ItemGIDs), itemGID)
		portfolios(s.st).holders.add(itemGID, pf.GID)
		projectPortfolioSettings(s.st).itemAdded(s.st, pf.GID, itemGID, s.clock.Now())
	}
	return nil
}

// Portfolio returns a copy of a portfolio.
func (s *Server) Portfolio(gid string) (Portfolio, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	pf := portfolios(s.st).portfolios.get(gid)
	if pf == nil {
		return Portfolio{}, false
	}
	return pf.clone(), true
}

// SetAccessLevel gives a user an access level on a project, portfolio or
// goal (one of the Access constants; portfolios know no commenter, projects
// no viewer member through the API), adding them as a member when they
// are not one. It returns the membership.
func (s *Server) SetAccessLevel(parentGID, userGID, level string) (Membership, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.st.users.get(userGID) == nil {
		return Membership{}, fmt.Errorf("asanatest: no user %q", userGID)
	}
	return s.setAccessLevelLocked(parentGID, userGID, level)
}

func (s *Server) setAccessLevelLocked(parentGID, userGID, level string) (Membership, error) {
	if g := goals(s.st).goals.get(parentGID); g != nil {
		m, ok := s.setGoalAccessLevelLocked(g, userGID, level)
		if !ok {
			return Membership{}, fmt.Errorf("asanatest: unknown goal access level %q", level)
		}
		return *m, nil
	}
	pr, pf := s.st.portfolioItem(parentGID)
	var m *Membership
	switch {
	case pr != nil:
		if !slices.Contains(projectAccessLevels, level) {
			return Membership{}, fmt.Errorf("asanatest: unknown project access level %q", level)
		}
		pr.MemberGIDs = appendUnique(slices.Clone(pr.MemberGIDs), userGID)
		s.st.syncProjectMembers(pr)
		m = memberships(s.st).of[[2]string{pr.GID, userGID}]
		m.AccessLevel = level
	case pf != nil:
		if !slices.Contains(portfolioAccessLevels, level) {
			return Membership{}, fmt.Errorf("asanatest: unknown portfolio access level %q", level)
		}
		m = memberships(s.st).insert(&Membership{ParentGID: pf.GID, ParentType: "portfolio", UserGID: userGID, AccessLevel: level})
	default:
		return Membership{}, fmt.Errorf("asanatest: no project, portfolio or goal %q", parentGID)
	}
	return *m, nil
}

// Memberships returns copies of the memberships of a project or portfolio
// in GID order.
func (s *Server) Memberships(parentGID string) []Membership {
	s.mu.RLock()
	defer s.mu.RUnlock()
	ms := memberships(s.st)
	out := make([]Membership, 0, len(ms.byParent[parentGID]))
	for _, g := range ms.byParent[parentGID] {
		out = append(out, *ms.memberships.get(g))
	}
	return out
}
