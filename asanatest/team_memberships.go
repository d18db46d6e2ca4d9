package asanatest

// Team memberships: the tag "Team memberships" of the spec.
func (s *Server) teamMembershipRoutes() {
	s.handle("GET /team_memberships/{team_membership_gid}", s.getTeamMembership)
	s.handle("GET /team_memberships", s.getTeamMemberships)
	s.handle("GET /teams/{team_gid}/team_memberships", s.getTeamMembershipsForTeam)
	s.handle("GET /users/{user_gid}/team_memberships", s.getTeamMembershipsForUser)
}

func (s *Server) getTeamMembership(rq *request) reply {
	g, err := rq.pathGID("team_membership_gid")
	if err != nil {
		return rq.fail(err)
	}
	m := rq.st.teamMemberships.get(g)
	if m == nil {
		return rq.fail(notFound("team_membership", g))
	}
	if !s.canSeeTeam(rq.p, rq.st.teams.get(m.TeamGID)) {
		return rq.fail(forbidden(""))
	}
	return rq.one(s.kinds.teamMembership, m)
}

// getTeamMemberships needs either team, or user together with workspace.
func (s *Server) getTeamMemberships(rq *request) reply {
	teamGID, err := rq.queryGID("team", false)
	if err != nil {
		return rq.fail(err)
	}
	if teamGID != "" {
		return s.teamMembershipsOfTeam(rq, teamGID)
	}
	v := rq.query.Get("user")
	if v == "" {
		return rq.fail(missingInput("team"))
	}
	u, err := rq.userParam("user", v)
	if err != nil {
		return rq.fail(err)
	}
	wsGID, err := rq.queryGID("workspace", true)
	if err != nil {
		return rq.fail(err)
	}
	return s.teamMembershipsOfUser(rq, u, wsGID)
}

func (s *Server) getTeamMembershipsForTeam(rq *request) reply {
	return s.teamMembershipsOfTeam(rq, rq.r.PathValue("team_gid"))
}

func (s *Server) getTeamMembershipsForUser(rq *request) reply {
	u, err := rq.pathUser()
	if err != nil {
		return rq.fail(err)
	}
	wsGID, err := rq.queryGID("workspace", true)
	if err != nil {
		return rq.fail(err)
	}
	return s.teamMembershipsOfUser(rq, u, wsGID)
}

func (s *Server) teamMembershipsOfTeam(rq *request, teamGID string) reply {
	t, err := rq.teamParam("team", teamGID)
	if err != nil {
		return rq.fail(err)
	}
	p, err := rq.paginate(rq.st.teamMembersByTeam[t.GID], nil)
	if err != nil {
		return rq.fail(err)
	}
	return rq.list(s.kinds.teamMembership, p)
}

func (s *Server) teamMembershipsOfUser(rq *request, u *User, wsGID string) reply {
	if _, err := rq.workspaceParam("workspace", wsGID); err != nil {
		return rq.fail(err)
	}
	if !s.canSeeUser(rq.p, u) {
		return rq.fail(forbidden(""))
	}
	p, err := rq.paginate(rq.st.teamMembersByUser[u.GID], func(g string) bool {
		t := rq.st.teams.get(rq.st.teamMemberships.get(g).TeamGID)
		return t.OrganizationGID == wsGID && s.canSeeTeam(rq.p, t)
	})
	if err != nil {
		return rq.fail(err)
	}
	return rq.list(s.kinds.teamMembership, p)
}
