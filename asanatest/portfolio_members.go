package asanatest

import (
	"slices"
	"time"
)

// A portfolio's members (addMembers, removeMembers) and the spec's
// "Portfolio memberships" tag: the same records as /memberships
// (access.go), in their older portfolio_membership form.

// changePortfolioMembers serves add/removeMembers: edit runs per user of
// the body's members, and the answer is the portfolio.
func (s *Server) changePortfolioMembers(rq *request, edit func(pf *Portfolio, u *User) error) reply {
	pf, err := rq.editablePortfolio(false)
	if err != nil {
		return rq.fail(err)
	}
	users, err := rq.bodyUsers("members", true)
	if err != nil {
		return rq.fail(err)
	}
	for _, u := range users { // check all before changing any
		if !rq.st.activeMember(pf.WorkspaceGID, u.GID) {
			return rq.fail(badRequest("members", "Not a member of the workspace: %s", u.GID))
		}
	}
	for _, u := range users {
		if err := edit(pf, u); err != nil {
			return rq.fail(err)
		}
	}
	pf.ModifiedAt = rq.now
	return rq.one(portfolioKind, pf)
}

// addMembersForPortfolio grants the portfolio's default access level to
// new members; existing members keep theirs.
func (s *Server) addMembersForPortfolio(rq *request) reply {
	return s.changePortfolioMembers(rq, func(pf *Portfolio, u *User) error {
		ms := memberships(rq.st)
		if ms.level(pf.GID, u.GID) == "" {
			ms.insert(&Membership{ParentGID: pf.GID, ParentType: "portfolio", UserGID: u.GID, AccessLevel: portfolioDefaultAccess(pf)})
		}
		return nil
	})
}

// removeMembersForPortfolio removes members; the owner stays (Asana keeps
// a portfolio's owner among its members).
func (s *Server) removeMembersForPortfolio(rq *request) reply {
	return s.changePortfolioMembers(rq, func(pf *Portfolio, u *User) error {
		if u.GID == pf.OwnerGID {
			return badRequest("members", "Cannot remove the portfolio's owner: %s", u.GID)
		}
		ms := memberships(rq.st)
		if m := ms.of[[2]string{pf.GID, u.GID}]; m != nil {
			ms.remove(m)
		}
		return nil
	})
}

// getPortfolioMembershipsForPortfolio lists a portfolio's memberships,
// optionally of one user.
func (s *Server) getPortfolioMembershipsForPortfolio(rq *request) reply {
	pf, err := rq.pathPortfolio()
	if err != nil {
		return rq.fail(err)
	}
	return s.listParentMemberships(rq, pf.GID, portfolioMembershipKind)
}

// listParentMemberships lists the memberships of a project or portfolio the
// caller sees, filtered by the optional user query parameter.
func (s *Server) listParentMemberships(rq *request, parentGID string, k *kind) reply {
	var user *User
	if v := rq.query.Get("user"); v != "" {
		u, err := rq.userParam("user", v)
		if err != nil {
			return rq.fail(err)
		}
		user = u
	}
	ms := memberships(rq.st)
	p, err := rq.paginate(ms.byParent[parentGID], func(g string) bool {
		return user == nil || ms.memberships.get(g).UserGID == user.GID
	})
	if err != nil {
		return rq.fail(err)
	}
	return rq.list(k, p)
}

// getPortfolioMemberships takes a portfolio, or a workspace and a user
// (Asana: "You must specify portfolio, portfolio and user, or workspace
// and user").
func (s *Server) getPortfolioMemberships(rq *request) reply {
	pg, err := rq.queryGID("portfolio", false)
	if err != nil {
		return rq.fail(err)
	}
	if pg != "" {
		pf, err := rq.portfolioParam("portfolio", pg)
		if err != nil {
			return rq.fail(err)
		}
		return s.listParentMemberships(rq, pf.GID, portfolioMembershipKind)
	}
	wsGID, err := rq.queryGID("workspace", false)
	if err != nil {
		return rq.fail(err)
	}
	if wsGID == "" || rq.query.Get("user") == "" {
		return rq.fail(badRequest("portfolio", "You must specify portfolio, portfolio and user, or workspace and user"))
	}
	if _, err := rq.workspaceParam("workspace", wsGID); err != nil {
		return rq.fail(err)
	}
	u, err := rq.userParam("user", rq.query.Get("user"))
	if err != nil {
		return rq.fail(err)
	}
	ms, ps := memberships(rq.st), portfolios(rq.st)
	p, err := rq.paginate(ms.byUser[u.GID], func(g string) bool {
		m := ms.memberships.get(g)
		pf := ps.portfolios.get(m.ParentGID)
		return pf != nil && pf.WorkspaceGID == wsGID && s.canSeePortfolio(rq.p, pf)
	})
	if err != nil {
		return rq.fail(err)
	}
	return rq.list(portfolioMembershipKind, p)
}

func (s *Server) getPortfolioMembership(rq *request) reply {
	m, err := rq.membershipParam("portfolio_membership", rq.r.PathValue("portfolio_membership_gid"), "portfolio")
	if err != nil {
		return rq.fail(err)
	}
	return rq.one(portfolioMembershipKind, m)
}

// leavePortfoliosLocked is a deprovisioned user's departure from the
// workspace's portfolios: the portfolios they owned pass to the user
// performing the removal (who becomes an admin member), as their projects
// do, and their portfolio memberships end.
func (st *state) leavePortfoliosLocked(wsGID, from, to string, now time.Time) {
	ms, ps := memberships(st), portfolios(st)
	for _, g := range slices.Clone(ms.byUser[from]) {
		m := ms.memberships.get(g)
		pf := ps.portfolios.get(m.ParentGID)
		if pf == nil || pf.WorkspaceGID != wsGID {
			continue
		}
		ms.remove(m)
		if pf.OwnerGID == from {
			pf.OwnerGID = to
			ms.insert(&Membership{ParentGID: pf.GID, ParentType: "portfolio", UserGID: to, AccessLevel: AccessAdmin})
		}
		pf.ModifiedAt = now
	}
}
