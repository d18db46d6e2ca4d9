package asanatest

import (
	"slices"
)

// Projects: the tag "Projects" of the spec. A project's modified_at moves
// when the project itself changes (fields, members, followers), never when
// its tasks or sections do, as Asana documents.
func (s *Server) projectRoutes() {
	s.handle("GET /projects", s.getProjects)
	s.handle("POST /projects", s.createProject)
	s.handle("GET /projects/{project_gid}", s.getProject)
	s.handle("PUT /projects/{project_gid}", s.updateProject)
	s.handle("DELETE /projects/{project_gid}", s.deleteProject)
	s.handle("POST /projects/{project_gid}/duplicate", s.duplicateProject)
	s.handle("GET /tasks/{task_gid}/projects", s.getProjectsForTask)
	s.handle("GET /teams/{team_gid}/projects", s.getProjectsForTeam)
	s.handle("POST /teams/{team_gid}/projects", s.createProjectForTeam)
	s.handle("GET /workspaces/{workspace_gid}/projects", s.getProjectsForWorkspace)
	s.handle("POST /workspaces/{workspace_gid}/projects", s.createProjectForWorkspace)
	s.handle("GET /workspaces/{workspace_gid}/projects/search", s.searchProjectsForWorkspace)
	s.handle("GET /projects/{project_gid}/task_counts", s.getTaskCountsForProject)
	s.handle("POST /projects/{project_gid}/addMembers", s.addMembersForProject)
	s.handle("POST /projects/{project_gid}/removeMembers", s.removeMembersForProject)
	s.handle("POST /projects/{project_gid}/addFollowers", s.addFollowersForProject)
	s.handle("POST /projects/{project_gid}/removeFollowers", s.removeFollowersForProject)
	s.handle("POST /projects/{project_gid}/saveAsTemplate", s.projectSaveAsTemplate)
}

// projectParam resolves a project GID the caller can see.
func (rq *request) projectParam(param, gid string) (*Project, error) {
	return resolve(param, gid, rq.st.projects.get, func(p *Project) bool { return rq.s.canSeeProject(rq.p, p) })
}

func (rq *request) pathProject() (*Project, error) {
	return rq.projectParam("project", rq.r.PathValue("project_gid"))
}

// editableProject is pathProject for writes: the caller must also be
// allowed to change the project.
func (rq *request) editableProject() (*Project, error) {
	p, err := rq.pathProject()
	if err != nil {
		return nil, err
	}
	if !rq.s.canEditProject(rq.p, p) {
		return nil, forbidden("You do not have permission to edit this project")
	}
	return p, nil
}

// canWrite reports whether p may change anything in the workspace: view-only
// members (and deprovisioned ones) may not.
func (s *Server) canWrite(p *principal, wsGID string) bool {
	if p.serviceAccount() {
		return wsGID == p.org()
	}
	m := s.st.membership(wsGID, p.user.GID)
	return m != nil && m.IsActive && !m.IsViewOnly
}

// canEditProject reports whether p may change the project: anyone who sees
// it and may write in its workspace, except guests who are not members and
// members with comment or view access (access.go).
func (s *Server) canEditProject(p *principal, pr *Project) bool {
	if !s.canSeeProject(p, pr) || !s.canWrite(p, pr.WorkspaceGID) {
		return false
	}
	if level := s.projectAccess(p, pr); level == AccessCommenter || level == AccessViewer {
		return false
	}
	return !s.isGuest(p, pr.WorkspaceGID) || slices.Contains(pr.MemberGIDs, p.user.GID)
}

// newProject creates a project from a write body in a workspace (and a
// team, required in an organization). The creator owns, joins and follows
// it, and it starts with one "Untitled section", as in Asana.
func (s *Server) newProject(rq *request, ws *Workspace, team *Team) reply {
	if !s.canWrite(rq.p, ws.GID) {
		return rq.fail(forbidden("You do not have permission to create projects in this workspace"))
	}
	if ws.IsOrganization && team == nil {
		return rq.fail(missingInput("team"))
	}
	if !ws.IsOrganization && team != nil {
		return rq.fail(badRequest("team", "Teams exist only in organizations"))
	}
	b, err := rq.body()
	if err != nil {
		return rq.fail(err)
	}
	p := &Project{WorkspaceGID: ws.GID, OwnerGID: rq.p.user.GID, CreatedAt: rq.now, ModifiedAt: rq.now}
	if team != nil {
		p.TeamGID = team.GID
	}
	if err := rq.projectFields(b, p, true); err != nil {
		return rq.fail(err)
	}
	if p.CustomFields, err = rq.bodyCustomFieldValues(b, ws.GID, nil, anyField); err != nil {
		return rq.fail(err)
	}
	followers, err := rq.bodyUsers("followers", false)
	if err != nil {
		return rq.fail(err)
	}
	p.MemberGIDs = []string{rq.p.user.GID}
	p.FollowerGIDs = []string{rq.p.user.GID}
	if p.OwnerGID != "" {
		p.MemberGIDs = appendUnique(p.MemberGIDs, p.OwnerGID)
	}
	for _, u := range followers {
		p.MemberGIDs = appendUnique(p.MemberGIDs, u.GID)
		p.FollowerGIDs = appendUnique(p.FollowerGIDs, u.GID)
	}
	s.st.insertProject(p)
	s.st.insertSection(p, &Section{ProjectGID: p.GID, Name: "Untitled section", CreatedAt: rq.now}, -1)
	return rq.created(s.kinds.project, p, "/projects/"+p.GID)
}

// bodyTeam reads the optional team field of a write: a team the caller
// sees, of organization orgGID unless that is empty. nil when absent.
func (rq *request) bodyTeam(orgGID string) (*Team, error) {
	b, err := rq.body()
	if err != nil {
		return nil, err
	}
	g, err := b.gid("team", false)
	if err != nil || g == "" {
		return nil, err
	}
	t, err := rq.teamParam("team", g)
	if err == nil && orgGID != "" && t.OrganizationGID != orgGID {
		err = badRequest("team", "Not a team of workspace %s", orgGID)
	}
	return t, err
}

// createProject takes the workspace, or the team, from the body.
func (s *Server) createProject(rq *request) reply {
	team, err := rq.bodyTeam("")
	if err != nil {
		return rq.fail(err)
	}
	wsGID, err := rq.data.gid("workspace", team == nil)
	if err != nil {
		return rq.fail(err)
	}
	if wsGID == "" {
		wsGID = team.OrganizationGID
	}
	ws, err := rq.workspaceParam("workspace", wsGID)
	if err != nil {
		return rq.fail(err)
	}
	if team != nil && team.OrganizationGID != ws.GID {
		return rq.fail(badRequest("team", "Not a team of workspace %s", ws.GID))
	}
	return s.newProject(rq, ws, team)
}

func (s *Server) createProjectForTeam(rq *request) reply {
	t, err := rq.pathTeam()
	if err != nil {
		return rq.fail(err)
	}
	return s.newProject(rq, rq.st.workspaces.get(t.OrganizationGID), t)
}

func (s *Server) createProjectForWorkspace(rq *request) reply {
	ws, err := rq.pathWorkspace()
	if err != nil {
		return rq.fail(err)
	}
	team, err := rq.bodyTeam(ws.GID)
	if err != nil {
		return rq.fail(err)
	}
	return s.newProject(rq, ws, team)
}

func (s *Server) getProject(rq *request) reply {
	p, err := rq.pathProject()
	if err != nil {
		return rq.fail(err)
	}
	return rq.one(s.kinds.project, p)
}

func (s *Server) updateProject(rq *request) reply {
	p, err := rq.editableProject()
	if err != nil {
		return rq.fail(err)
	}
	b, err := rq.body()
	if err != nil {
		return rq.fail(err)
	}
	next := p.clone()
	if err := rq.projectFields(b, &next, false); err != nil {
		return rq.fail(err)
	}
	if next.CustomFields, err = rq.bodyCustomFieldValues(b, p.WorkspaceGID, next.CustomFields, anyField); err != nil {
		return rq.fail(err)
	}
	rq.st.moveProjectToTeam(p, next.TeamGID)
	if next.OwnerGID != "" {
		next.MemberGIDs = appendUnique(next.MemberGIDs, next.OwnerGID)
	}
	next.ModifiedAt = rq.now
	*p = next
	rq.st.syncProjectMembers(p)
	return rq.one(s.kinds.project, p)
}

// deleteProject deletes a project, its sections, and the tasks that were
// in no other project (those go to the trash: they answer 404 from now on).
func (s *Server) deleteProject(rq *request) reply {
	p, err := rq.editableProject()
	if err != nil {
		return rq.fail(err)
	}
	for _, tg := range rq.st.projectTasks[p.GID].tasks() { // a copy: removal copies it
		t := rq.st.tasks.get(tg)
		if t == nil {
			continue
		}
		s.removeTaskFromProjectLocked(t, p.GID)
		if len(t.Memberships) == 0 && t.ParentGID == "" && !t.Deleted {
			s.deleteTaskLocked(t, rq.now)
		}
	}
	rq.st.removeFromPortfolios(p.GID, rq.now)
	customFields(rq.st).removeParent(p.GID)
	rq.st.removeProject(p)
	return rq.empty()
}
