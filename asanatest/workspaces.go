package asanatest

import "strings"

// Workspaces: the tag "Workspaces" of the spec.
func (s *Server) workspaceRoutes() {
	s.handle("GET /workspaces", s.getWorkspaces)
	s.handle("GET /workspaces/{workspace_gid}", s.getWorkspace)
	s.handle("PUT /workspaces/{workspace_gid}", s.updateWorkspace)
	s.handle("POST /workspaces/{workspace_gid}/addUser", s.addUserForWorkspace)
	s.handle("POST /workspaces/{workspace_gid}/removeUser", s.removeUserForWorkspace)
}

// workspaceParam resolves a workspace GID the caller must be able to see.
func (rq *request) workspaceParam(param, gid string) (*Workspace, error) {
	return resolve(param, gid, rq.st.workspaces.get, func(*Workspace) bool { return rq.s.canSeeWorkspace(rq.p, gid) })
}

// pathWorkspace is workspaceParam for the {workspace_gid} path parameter.
func (rq *request) pathWorkspace() (*Workspace, error) {
	return rq.workspaceParam("workspace", rq.r.PathValue("workspace_gid"))
}

func (s *Server) getWorkspaces(rq *request) reply {
	p, err := rq.paginate(rq.st.workspaces.order, func(g string) bool { return s.canSeeWorkspace(rq.p, g) })
	if err != nil {
		return rq.fail(err)
	}
	return rq.list(s.kinds.workspace, p)
}

func (s *Server) getWorkspace(rq *request) reply {
	ws, err := rq.pathWorkspace()
	if err != nil {
		return rq.fail(err)
	}
	return rq.one(s.kinds.workspace, ws)
}

// updateWorkspace renames a workspace; only its admins may (Asana allows
// changing nothing else).
func (s *Server) updateWorkspace(rq *request) reply {
	ws, err := rq.pathWorkspace()
	if err != nil {
		return rq.fail(err)
	}
	if !s.isAdmin(rq.p, ws.GID) {
		return rq.fail(forbidden("Only workspace admins may update the workspace"))
	}
	b, err := rq.body()
	if err != nil {
		return rq.fail(err)
	}
	if b.has("name") {
		name, err := b.str("name", true)
		if err != nil {
			return rq.fail(err)
		}
		if strings.TrimSpace(name) == "" {
			return rq.fail(badRequest("name", "Cannot be empty"))
		}
		ws.Name = name
	}
	return rq.one(s.kinds.workspace, ws)
}

// bodyUser resolves the "user" field of a write (GID, email or "me").
func (rq *request) bodyUser() (*User, error) {
	b, err := rq.body()
	if err != nil {
		return nil, err
	}
	v, err := b.str("user", true)
	if err != nil {
		// Numbers are GIDs too.
		if v, err = b.gid("user", true); err != nil {
			return nil, err
		}
	}
	return rq.userParam("user", v)
}

// addUserForWorkspace adds (or reactivates) a member. An unknown email is
// invited: the fake creates the user, as Asana creates an invited account.
func (s *Server) addUserForWorkspace(rq *request) reply {
	ws, err := rq.pathWorkspace()
	if err != nil {
		return rq.fail(err)
	}
	if !s.isAdmin(rq.p, ws.GID) {
		return rq.fail(forbidden("Only workspace admins may add users"))
	}
	b, err := rq.body()
	if err != nil {
		return rq.fail(err) // a body it cannot decode: 400
	}
	u, err := rq.bodyUser()
	if err != nil {
		ae, ok := err.(*apiError)
		email, _ := b.str("user", false)
		if !ok || ae.status != 404 || !strings.Contains(email, "@") {
			return rq.fail(err)
		}
		u = rq.st.insertUser(&User{Name: strings.SplitN(email, "@", 2)[0], Email: email, CreatedAt: rq.now})
	}
	if u.ServiceAccount && u.ServiceAccountOrg != ws.GID {
		return rq.fail(forbidden("A service account belongs to its own organization only"))
	}
	m := rq.st.membership(ws.GID, u.GID)
	opts := MemberOptions{}
	if m != nil {
		opts = MemberOptions{Admin: m.IsAdmin, Guest: m.IsGuest, ViewOnly: m.IsViewOnly}
	}
	s.addWorkspaceMemberLocked(ws.GID, u.GID, opts)
	// The spec answers a UserBaseResponse: the user without workspaces.
	return rq.oneWith(s.kinds.user, u, userBaseFields)
}

// removeUserForWorkspace deprovisions a member: the membership turns
// inactive (it stays listed with is_active false, as in Asana) and the
// user leaves every team and project of the workspace.
func (s *Server) removeUserForWorkspace(rq *request) reply {
	ws, err := rq.pathWorkspace()
	if err != nil {
		return rq.fail(err)
	}
	if !s.isAdmin(rq.p, ws.GID) {
		return rq.fail(forbidden("Only workspace admins may remove users"))
	}
	u, err := rq.bodyUser()
	if err != nil {
		return rq.fail(err)
	}
	m := rq.st.membership(ws.GID, u.GID)
	if m == nil {
		return rq.fail(badRequest("user", "Not a member of the workspace: %s", u.GID))
	}
	s.deprovisionLocked(rq, m)
	return rq.empty()
}

// deprovisionLocked turns a membership inactive (it stays listed with
// is_active false, as in Asana): the user leaves every team and project of
// the workspace, and what only they owned passes to the caller.
func (s *Server) deprovisionLocked(rq *request, m *WorkspaceMembership) {
	m.IsActive, m.IsAdmin = false, false
	s.transferResourcesLocked(m.WorkspaceGID, m.UserGID, rq.p.user.GID, rq.now)
	rq.st.leavePortfoliosLocked(m.WorkspaceGID, m.UserGID, rq.p.user.GID, rq.now)
	for _, tg := range rq.st.teamsByOrg[m.WorkspaceGID] {
		s.removeTeamMemberLocked(tg, m.UserGID)
	}
	for _, pg := range rq.st.projectsByWS[m.WorkspaceGID] {
		p := rq.st.projects.get(pg)
		if i := indexOf(p.MemberGIDs, m.UserGID); i >= 0 {
			p.MemberGIDs = append(p.MemberGIDs[:i:i], p.MemberGIDs[i+1:]...)
			rq.st.syncProjectMembers(p)
		}
	}
}

// userBaseFields are the default fields of a UserBaseResponse.
var userBaseFields = []string{"resource_type", "name", "email", "photo"}
