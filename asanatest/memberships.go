package asanatest

import "slices"

// Memberships: the spec's "Memberships" tag (/memberships, for projects,
// portfolios and goals (goal_members.go); the fake models no custom field
// or custom type memberships) and "Project memberships" (the older
// read-only form). Records and access checks are in access.go.
func (s *Server) membershipRoutes() {
	s.handle("GET /memberships", s.getMemberships)
	s.handle("POST /memberships", s.createMembership)
	s.handle("GET /memberships/{membership_gid}", s.getMembership)
	s.handle("PUT /memberships/{membership_gid}", s.updateMembership)
	s.handle("DELETE /memberships/{membership_gid}", s.deleteMembership)
	s.handle("GET /projects/{project_gid}/project_memberships", s.getProjectMembershipsForProject)
	s.handle("GET /project_memberships/{project_membership_gid}", s.getProjectMembership)
}

// membershipParent resolves a project, portfolio or goal parameter the
// caller can see; it answers the record's type.
func (rq *request) membershipParent(param, gid string) (string, string, error) {
	if _, err := checkGID(param, gid); err != nil {
		return "", "", err
	}
	if goals(rq.st).goals.get(gid) != nil {
		_, err := rq.goalParam(param, gid)
		return gid, "goal", err
	}
	pr, pf := rq.st.portfolioItem(gid)
	switch {
	case pr != nil:
		_, err := rq.projectParam(param, gid)
		return gid, "project", err
	case pf != nil:
		_, err := rq.portfolioParam(param, gid)
		return gid, "portfolio", err
	}
	return "", "", notFound(param, gid)
}

// canSeeMembership reports whether p sees the membership's parent.
func (s *Server) canSeeMembership(p *principal, m *Membership) bool {
	if g := goals(s.st).goals.get(m.ParentGID); g != nil {
		return s.canSeeGoal(p, g)
	}
	pr, pf := s.st.portfolioItem(m.ParentGID)
	return pr != nil && s.canSeeProject(p, pr) || pf != nil && s.canSeePortfolio(p, pf)
}

// membershipParam resolves a membership GID the caller sees; parentType,
// when set, limits it to memberships of that kind of parent.
func (rq *request) membershipParam(param, gid, parentType string) (*Membership, error) {
	find := func(g string) *Membership {
		m := memberships(rq.st).memberships.get(g)
		if m == nil || parentType != "" && m.ParentType != parentType {
			return nil
		}
		return m
	}
	return resolve(param, gid, find, func(m *Membership) bool { return rq.s.canSeeMembership(rq.p, m) })
}

// canManageMembers reports whether p may change the parent's memberships:
// project admins and editors (as canEditProject), portfolio editors and
// admins, and those who may edit a goal.
func (s *Server) canManageMembers(p *principal, m *Membership) bool {
	if g := goals(s.st).goals.get(m.ParentGID); g != nil {
		return s.canEditGoal(p, g)
	}
	if pr, pf := s.st.portfolioItem(m.ParentGID); pr != nil {
		return s.canEditProject(p, pr)
	} else if pf != nil {
		return s.canEditPortfolio(p, pf)
	}
	return false
}

// getMemberships lists the memberships of a parent, optionally of one
// member. Asana also lists a team's project memberships by member and
// resource_subtype; the fake's members are users only, so that form
// answers an empty list for a user and 400 without a parent otherwise.
func (s *Server) getMemberships(rq *request) reply {
	pg := rq.query.Get("parent")
	if pg == "" {
		if rq.query.Get("resource_subtype") == "" {
			return rq.fail(missingInput("parent"))
		}
		if _, err := rq.queryGID("member", true); err != nil {
			return rq.fail(err)
		}
		p, err := rq.paginate(nil, nil)
		if err != nil {
			return rq.fail(err)
		}
		return rq.list(membershipKind, p)
	}
	parent, _, err := rq.membershipParent("parent", pg)
	if err != nil {
		return rq.fail(err)
	}
	member, err := rq.queryGID("member", false)
	if err != nil {
		return rq.fail(err)
	}
	ms := memberships(rq.st)
	p, err := rq.paginate(ms.byParent[parent], func(g string) bool {
		return member == "" || ms.memberships.get(g).UserGID == member
	})
	if err != nil {
		return rq.fail(err)
	}
	return rq.list(membershipKind, p)
}

// createMembership adds a user to a project, portfolio or goal with an
// access level (default: editor, the spec's default_access_level of a new
// project or portfolio; commenter for a goal). A project member also joins MemberGIDs, so the
// project's members list shows them.
func (s *Server) createMembership(rq *request) reply {
	b, err := rq.body()
	if err != nil {
		return rq.fail(err)
	}
	pg, err := b.gid("parent", true)
	if err != nil {
		return rq.fail(err)
	}
	parent, parentType, err := rq.membershipParent("parent", pg)
	if err != nil {
		return rq.fail(err)
	}
	mg, err := b.gid("member", true)
	if err != nil {
		return rq.fail(err)
	}
	u := rq.st.users.get(mg)
	if u == nil {
		if rq.st.teams.get(mg) != nil {
			return rq.fail(badRequest("member", "The fake models user members only: %s is a team", mg))
		}
		return rq.fail(notFound("member", mg))
	}
	def := AccessEditor
	if parentType == "goal" {
		def = goalDefaultAccess
	}
	level, err := accessLevelField(b, parentType, def)
	if err != nil {
		return rq.fail(err)
	}
	m := &Membership{ParentGID: parent, ParentType: parentType, UserGID: u.GID, AccessLevel: level}
	if !s.canManageMembers(rq.p, m) {
		return rq.fail(forbidden("You do not have permission to add members here"))
	}
	if ws := s.membershipWorkspace(m); !rq.st.activeMember(ws, u.GID) {
		return rq.fail(badRequest("member", "Not a member of the workspace: %s", u.GID))
	}
	if memberships(rq.st).level(parent, u.GID) != "" {
		return rq.fail(badRequest("member", "Already a member: %s", u.GID))
	}
	m = memberships(rq.st).insert(m)
	s.membershipChanged(rq, m, true)
	return rq.created(membershipKind, m, "/memberships/"+m.GID)
}

// membershipWorkspace is the workspace of a membership's parent.
func (s *Server) membershipWorkspace(m *Membership) string {
	if g := goals(s.st).goals.get(m.ParentGID); g != nil {
		return g.WorkspaceGID
	}
	if pr, pf := s.st.portfolioItem(m.ParentGID); pr != nil {
		return pr.WorkspaceGID
	} else if pf != nil {
		return pf.WorkspaceGID
	}
	return ""
}

// membershipChanged keeps a project's MemberGIDs (and followers, on
// removal) in step with its membership records, and moves the parent's
// modified_at.
func (s *Server) membershipChanged(rq *request, m *Membership, joined bool) {
	pr, pf := rq.st.portfolioItem(m.ParentGID)
	switch {
	case pr != nil:
		if joined {
			pr.MemberGIDs = appendUnique(slices.Clone(pr.MemberGIDs), m.UserGID)
		} else {
			pr.MemberGIDs = removeValue(pr.MemberGIDs, m.UserGID)
			pr.FollowerGIDs = removeValue(pr.FollowerGIDs, m.UserGID)
		}
		pr.ModifiedAt = rq.now
	case pf != nil:
		pf.ModifiedAt = rq.now
	default:
		s.touchGoal(rq, m.ParentGID)
	}
}

// touchGoal moves a goal parent's modified_at.
func (s *Server) touchGoal(rq *request, gid string) {
	if g := goals(rq.st).goals.get(gid); g != nil {
		g.ModifiedAt = rq.now
	}
}

// accessLevelField reads access_level (or the deprecated role) for a parent
// type; def when neither is sent.
func accessLevelField(b *body, parentType, def string) (string, error) {
	name := "access_level"
	if !b.has(name) && b.has("role") {
		name = "role"
	}
	v, err := b.str(name, false)
	if err != nil || v == "" {
		return def, err
	}
	if !slices.Contains(accessLevelsFor(parentType), v) {
		return "", badRequest(name, "Not a valid access level for a %s: %q", parentType, v)
	}
	return v, nil
}

func (s *Server) getMembership(rq *request) reply {
	m, err := rq.membershipParam("membership", rq.r.PathValue("membership_gid"), "")
	if err != nil {
		return rq.fail(err)
	}
	return rq.one(membershipKind, m)
}

// updateMembership changes the access level. A project's or portfolio's
// owner stays admin (Asana does not let the owner lose access).
func (s *Server) updateMembership(rq *request) reply {
	m, err := rq.editableMembership()
	if err != nil {
		return rq.fail(err)
	}
	b, err := rq.body()
	if err != nil {
		return rq.fail(err)
	}
	level, err := accessLevelField(b, m.ParentType, m.AccessLevel)
	if err != nil {
		return rq.fail(err)
	}
	if level != AccessAdmin && s.isParentOwner(m) {
		return rq.fail(badRequest("access_level", "The owner's access level cannot change"))
	}
	m.AccessLevel = level
	if pr, pf := rq.st.portfolioItem(m.ParentGID); pr != nil {
		pr.ModifiedAt = rq.now
	} else if pf != nil {
		pf.ModifiedAt = rq.now
	} else {
		s.touchGoal(rq, m.ParentGID)
	}
	return rq.one(membershipKind, m)
}

// deleteMembership removes a member; the owner cannot be removed.
func (s *Server) deleteMembership(rq *request) reply {
	m, err := rq.editableMembership()
	if err != nil {
		return rq.fail(err)
	}
	if s.isParentOwner(m) {
		return rq.fail(badRequest("membership", "Cannot remove the owner"))
	}
	memberships(rq.st).remove(m)
	s.membershipChanged(rq, m, false)
	return rq.empty()
}

// editableMembership is the path's membership, for callers who may manage
// the parent's members.
func (rq *request) editableMembership() (*Membership, error) {
	m, err := rq.membershipParam("membership", rq.r.PathValue("membership_gid"), "")
	if err == nil && !rq.s.canManageMembers(rq.p, m) {
		err = forbidden("You do not have permission to change this membership")
	}
	return m, err
}

// isParentOwner reports whether the membership is its parent's owner's.
func (s *Server) isParentOwner(m *Membership) bool {
	if g := goals(s.st).goals.get(m.ParentGID); g != nil {
		return g.OwnerGID == m.UserGID
	}
	pr, pf := s.st.portfolioItem(m.ParentGID)
	return pr != nil && pr.OwnerGID == m.UserGID || pf != nil && pf.OwnerGID == m.UserGID
}

func (s *Server) getProjectMembershipsForProject(rq *request) reply {
	p, err := rq.pathProject()
	if err != nil {
		return rq.fail(err)
	}
	return s.listParentMemberships(rq, p.GID, projectMembershipKind)
}

func (s *Server) getProjectMembership(rq *request) reply {
	m, err := rq.membershipParam("project_membership", rq.r.PathValue("project_membership_gid"), "project")
	if err != nil {
		return rq.fail(err)
	}
	return rq.one(projectMembershipKind, m)
}

// membershipAccessors are the fields every form of a membership shares.
func membershipAccessors() map[string]func(*view, *Membership) any {
	return map[string]func(*view, *Membership) any{
		"gid":          func(_ *view, m *Membership) any { return m.GID },
		"access_level": func(_ *view, m *Membership) any { return m.AccessLevel },
		"member":       func(v *view, m *Membership) any { return v.refTo(v.kinds.user, m.UserGID) },
		"user":         func(v *view, m *Membership) any { return v.refTo(v.kinds.user, m.UserGID) },
		"parent": func(v *view, m *Membership) any {
			switch m.ParentType {
			case "portfolio":
				return v.refTo(portfolioKind, m.ParentGID)
			case "goal":
				return v.refTo(v.kinds.goal, m.ParentGID)
			}
			return v.refTo(v.kinds.project, m.ParentGID)
		},
		"resource_subtype": func(_ *view, m *Membership) any { return m.ParentType + "_membership" },
	}
}

// membershipKind is the /memberships form (MembershipResponse).
var membershipKind = func() *kind {
	k := newKind("membership", []string{"resource_type", "resource_subtype", "parent", "member", "access_level"},
		[]string{"resource_type", "resource_subtype", "parent", "member", "access_level"}, membershipAccessors())
	storedIn(k, func(st *state) *table[Membership] { return &memberships(st).memberships })
	return k
}()

// projectMembershipKind is the project_membership form
// (ProjectMembershipNormalResponse); write_access is comment_only for
// commenters and viewers.
var projectMembershipKind = func() *kind {
	acc := membershipAccessors()
	acc["project"] = func(v *view, m *Membership) any { return v.refTo(v.kinds.project, m.ParentGID) }
	acc["write_access"] = func(_ *view, m *Membership) any {
		if m.AccessLevel == AccessAdmin || m.AccessLevel == AccessEditor {
			return "full_write"
		}
		return "comment_only"
	}
	k := newKind("project_membership", []string{"resource_type", "member", "access_level"},
		[]string{"resource_type", "parent", "member", "access_level", "user", "project", "write_access"}, acc)
	storedIn(k, func(st *state) *table[Membership] { return &memberships(st).memberships })
	return k
}()

// portfolioMembershipKind is the portfolio_membership form
// (DeprecatedPortfolioMembershipResponse).
var portfolioMembershipKind = func() *kind {
	acc := membershipAccessors()
	acc["portfolio"] = func(v *view, m *Membership) any { return v.refTo(portfolioKind, m.ParentGID) }
	k := newKind("portfolio_membership", []string{"resource_type", "user", "access_level"},
		[]string{"resource_type", "portfolio", "user", "access_level"}, acc)
	storedIn(k, func(st *state) *table[Membership] { return &memberships(st).memberships })
	return k
}()
