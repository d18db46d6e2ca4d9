package asanatest

// Users: the tag "Users" of the spec (favorites and user custom fields are
// not modelled; see users_update.go).
func (s *Server) userRoutes() {
	s.handle("GET /users", s.getUsers)
	s.handle("GET /users/{user_gid}", s.getUser)
	s.handle("GET /teams/{team_gid}/users", s.getUsersForTeam)
	s.handle("GET /workspaces/{workspace_gid}/users", s.getUsersForWorkspace)
	s.handle("GET /workspaces/{workspace_gid}/users/{user_gid}", s.getUserForWorkspace)
	s.handle("PUT /users/{user_gid}", s.updateUser)
	s.handle("PUT /workspaces/{workspace_gid}/users/{user_gid}", s.updateUserForWorkspace)
	s.handle("GET /users/{user_gid}/favorites", s.getFavoritesForUser)
}

// pathUser resolves {user_gid} ("me", a GID or an email) to a user the
// caller can see.
func (rq *request) pathUser() (*User, error) {
	u, err := rq.userParam("user", rq.r.PathValue("user_gid"))
	if err != nil {
		return nil, err
	}
	if !rq.s.canSeeUser(rq.p, u) {
		return nil, forbidden("")
	}
	return u, nil
}

// memberUser maps a workspace or team membership GID to its user.
func (rq *request) wsMemberUser(g string) any {
	return rq.st.users.get(rq.st.wsMemberships.get(g).UserGID)
}

func (rq *request) teamMemberUser(g string) any {
	return rq.st.users.get(rq.st.teamMemberships.get(g).UserGID)
}

// getUsers lists users, sorted by GID: of a team, of a workspace, or of
// every workspace the caller sees.
func (s *Server) getUsers(rq *request) reply {
	wsGID, err := rq.queryGID("workspace", false)
	if err != nil {
		return rq.fail(err)
	}
	teamGID, err := rq.queryGID("team", false)
	if err != nil {
		return rq.fail(err)
	}
	if wsGID != "" {
		if _, err := rq.workspaceParam("workspace", wsGID); err != nil {
			return rq.fail(err)
		}
	}
	if teamGID != "" {
		if _, err := rq.teamParam("team", teamGID); err != nil {
			return rq.fail(err)
		}
	}
	keep := func(g string) bool {
		u := rq.st.users.get(g)
		if wsGID != "" && !rq.st.activeMember(wsGID, g) {
			return false
		}
		if teamGID != "" && rq.st.teamMembership(teamGID, g) == nil {
			return false
		}
		return s.canSeeUser(rq.p, u)
	}
	p, err := rq.paginate(rq.st.users.order, keep)
	if err != nil {
		return rq.fail(err)
	}
	return rq.list(s.kinds.user, p)
}

func (s *Server) getUser(rq *request) reply {
	u, err := rq.pathUser()
	if err != nil {
		return rq.fail(err)
	}
	return rq.one(s.kinds.user, u)
}

// getUsersForTeam lists a team's members; Asana does not paginate it and
// stops at 2000.
func (s *Server) getUsersForTeam(rq *request) reply {
	t, err := rq.pathTeam()
	if err != nil {
		return rq.fail(err)
	}
	p, err := rq.paginateCapped(rq.st.teamMembersByTeam[t.GID], nil)
	if err != nil {
		return rq.fail(err)
	}
	return rq.listWith(s.kinds.user, p, rq.teamMemberUser)
}

// getUsersForWorkspace lists a workspace's active members (not paginated,
// 2000 at most). Guests see only the people they share a team with.
func (s *Server) getUsersForWorkspace(rq *request) reply {
	ws, err := rq.pathWorkspace()
	if err != nil {
		return rq.fail(err)
	}
	keep := func(g string) bool {
		m := rq.st.wsMemberships.get(g)
		return m.IsActive && s.canSeeUser(rq.p, rq.st.users.get(m.UserGID))
	}
	p, err := rq.paginateCapped(rq.st.wsMembersByWS[ws.GID], keep)
	if err != nil {
		return rq.fail(err)
	}
	return rq.listWith(s.kinds.user, p, rq.wsMemberUser)
}

func (s *Server) getUserForWorkspace(rq *request) reply {
	u, err := rq.pathWorkspaceUser()
	if err != nil {
		return rq.fail(err)
	}
	return rq.one(s.kinds.user, u)
}
