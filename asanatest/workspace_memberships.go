package asanatest

// Workspace memberships: the tag "Workspace memberships" of the spec.
func (s *Server) workspaceMembershipRoutes() {
	s.handle("GET /workspace_memberships/{workspace_membership_gid}", s.getWorkspaceMembership)
	s.handle("GET /users/{user_gid}/workspace_memberships", s.getWorkspaceMembershipsForUser)
	s.handle("GET /workspaces/{workspace_gid}/workspace_memberships", s.getWorkspaceMembershipsForWorkspace)
}

func (s *Server) getWorkspaceMembership(rq *request) reply {
	g, err := rq.pathGID("workspace_membership_gid")
	if err != nil {
		return rq.fail(err)
	}
	m := rq.st.wsMemberships.get(g)
	if m == nil {
		return rq.fail(notFound("workspace_membership", g))
	}
	if !s.canSeeWorkspace(rq.p, m.WorkspaceGID) || !s.canSeeUser(rq.p, rq.st.users.get(m.UserGID)) {
		return rq.fail(forbidden(""))
	}
	return rq.one(s.kinds.workspaceMembership, m)
}

// getWorkspaceMembershipsForUser lists a user's memberships in the
// workspaces the caller sees (inactive ones included, flagged is_active).
func (s *Server) getWorkspaceMembershipsForUser(rq *request) reply {
	u, err := rq.pathUser()
	if err != nil {
		return rq.fail(err)
	}
	p, err := rq.paginate(rq.st.wsMembersByUser[u.GID], func(g string) bool {
		return s.canSeeWorkspace(rq.p, rq.st.wsMemberships.get(g).WorkspaceGID)
	})
	if err != nil {
		return rq.fail(err)
	}
	return rq.list(s.kinds.workspaceMembership, p)
}

// getWorkspaceMembershipsForWorkspace lists a workspace's memberships,
// optionally of one user, including deprovisioned (inactive) ones.
func (s *Server) getWorkspaceMembershipsForWorkspace(rq *request) reply {
	ws, err := rq.pathWorkspace()
	if err != nil {
		return rq.fail(err)
	}
	var only *User
	if v := rq.query.Get("user"); v != "" {
		if only, err = rq.userParam("user", v); err != nil {
			return rq.fail(err)
		}
	}
	p, err := rq.paginate(rq.st.wsMembersByWS[ws.GID], func(g string) bool {
		m := rq.st.wsMemberships.get(g)
		if only != nil && m.UserGID != only.GID {
			return false
		}
		return s.canSeeUser(rq.p, rq.st.users.get(m.UserGID))
	})
	if err != nil {
		return rq.fail(err)
	}
	return rq.list(s.kinds.workspaceMembership, p)
}
