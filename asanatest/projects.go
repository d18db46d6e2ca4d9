package asanatest

import (
	"slices"
	"strings"
	"time"
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
	s.handle("POST /projects/{project_gid}/addCustomFieldSetting", s.customFieldSettingForProject)
	s.handle("POST /projects/{project_gid}/removeCustomFieldSetting", s.customFieldSettingForProject)
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

func (rq *request) projectByGID(g string) any { return rq.st.projects.get(g) }

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
// it and may write in its workspace, except guests who are not members.
func (s *Server) canEditProject(p *principal, pr *Project) bool {
	if !s.canSeeProject(p, pr) || !s.canWrite(p, pr.WorkspaceGID) {
		return false
	}
	return !s.isGuest(p, pr.WorkspaceGID) || slices.Contains(pr.MemberGIDs, p.user.GID)
}

// projectColors are the values the spec allows for a project's color.
var projectColors = []string{"dark-pink", "dark-green", "dark-blue", "dark-red", "dark-teal", "dark-brown",
	"dark-orange", "dark-purple", "dark-warm-gray", "light-pink", "light-green", "light-blue", "light-red",
	"light-teal", "light-brown", "light-orange", "light-purple", "light-warm-gray", "none"}

// projectFields applies the writable fields of a create or update body.
func (rq *request) projectFields(b *body, p *Project, create bool) error {
	if create || b.has("name") {
		name, err := b.str("name", true)
		if err != nil {
			return err
		}
		if strings.TrimSpace(name) == "" {
			return badRequest("name", "Cannot be empty")
		}
		p.Name = name
	}
	notes, err := notesField(b, "notes", "html_notes")
	if err != nil {
		return err
	}
	if notes != nil {
		p.Notes = *notes
	}
	if b.has("color") {
		c, err := b.str("color", false)
		if err != nil {
			return err
		}
		if c != "" && !slices.Contains(projectColors, c) {
			return badRequest("color", "Not a valid enum value: %q", c)
		}
		p.Color = c
	}
	if p.Archived, err = b.boolean("archived", p.Archived); err != nil {
		return err
	}
	if b.has("default_view") {
		v, err := b.str("default_view", false)
		if err != nil {
			return err
		}
		if !slices.Contains([]string{"list", "board", "calendar", "timeline"}, v) {
			return badRequest("default_view", "Not a valid enum value: %q", v)
		}
	}
	if b.has("public") {
		pub, err := b.boolean("public", false)
		if err != nil {
			return err
		}
		switch {
		case pub:
			p.PrivacySetting = PrivacyPublicToWorkspace
		case p.TeamGID != "":
			p.PrivacySetting = PrivacyPrivateToTeam
		default:
			p.PrivacySetting = PrivacyPrivate
		}
	}
	if b.has("privacy_setting") {
		v, err := b.str("privacy_setting", true)
		if err != nil {
			return err
		}
		if !slices.Contains([]string{PrivacyPublicToWorkspace, PrivacyPrivateToTeam, PrivacyPrivate}, v) {
			return badRequest("privacy_setting", "Not a valid enum value: %q", v)
		}
		p.PrivacySetting = v
	}
	for _, d := range []struct {
		name string
		dst  *string
	}{{"due_on", &p.DueOn}, {"due_date", &p.DueOn}, {"start_on", &p.StartOn}} {
		v, set, err := b.date(d.name)
		if err != nil {
			return err
		}
		if set {
			*d.dst = v
		}
	}
	if p.StartOn != "" && (p.DueOn == "" || p.StartOn > p.DueOn) {
		return badRequest("start_on", "Must be set together with due_on, and not after it")
	}
	if b.has("owner") {
		v, err := b.str("owner", false)
		if err != nil {
			if v, err = b.gid("owner", false); err != nil {
				return err
			}
		}
		p.OwnerGID = ""
		if v != "" {
			u, err := rq.userParam("owner", v)
			if err != nil {
				return err
			}
			if !rq.st.activeMember(p.WorkspaceGID, u.GID) {
				return badRequest("owner", "Not a member of the workspace: %s", u.GID)
			}
			p.OwnerGID = u.GID
		}
	}
	if b.has("team") && !create {
		tg, err := b.gid("team", true)
		if err != nil {
			return err
		}
		t, err := rq.teamParam("team", tg)
		if err != nil {
			return err
		}
		if t.OrganizationGID != p.WorkspaceGID {
			return badRequest("team", "Not a team of the project's organization: %s", tg)
		}
		p.TeamGID = t.GID
	}
	return nil
}

// notesField reads a plain/html pair such as notes and html_notes (only
// one may be sent); nil when neither is.
func notesField(b *body, plain, htmlName string) (*string, error) {
	if b.has(plain) && b.has(htmlName) {
		return nil, badRequest(htmlName, "You may only provide one of %s and %s", plain, htmlName)
	}
	if b.has(htmlName) {
		h, err := b.str(htmlName, false)
		if err != nil {
			return nil, err
		}
		v := stripHTML(h)
		return &v, nil
	}
	if b.has(plain) {
		v, err := b.str(plain, false)
		return &v, err
	}
	return nil, nil
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
	s.insertProjectLocked(p)
	s.insertSectionLocked(p, &Section{ProjectGID: p.GID, Name: "Untitled section", CreatedAt: rq.now}, -1)
	return rq.created(s.kinds.project, p, "/projects/"+p.GID)
}

// insertProjectLocked stores a new project and indexes it.
func (s *Server) insertProjectLocked(p *Project) {
	p.GID = s.st.newGID()
	s.st.projects.put(p.GID, p)
	s.st.projectsByWS.add(p.WorkspaceGID, p.GID)
	if p.TeamGID != "" {
		s.st.projectsByTeam.add(p.TeamGID, p.GID)
	}
}

func appendUnique(s []string, v string) []string {
	if slices.Contains(s, v) {
		return s
	}
	return append(s, v)
}

func removeValue(s []string, v string) []string {
	if i := indexOf(s, v); i >= 0 {
		return slices.Delete(slices.Clone(s), i, i+1)
	}
	return s
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
	if next.TeamGID != p.TeamGID {
		rq.st.projectsByTeam.remove(p.TeamGID, p.GID)
		rq.st.projectsByTeam.add(next.TeamGID, p.GID)
	}
	if next.OwnerGID != "" {
		next.MemberGIDs = appendUnique(next.MemberGIDs, next.OwnerGID)
	}
	next.ModifiedAt = rq.now
	*p = next
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
	for _, sg := range p.SectionGIDs {
		rq.st.sections.remove(sg)
	}
	for _, ag := range slices.Clone(rq.st.taskAttachments[p.GID]) {
		rq.st.attachments.remove(ag)
	}
	delete(rq.st.taskAttachments, p.GID)
	delete(rq.st.projectTasks, p.GID)
	rq.st.projectsByWS.remove(p.WorkspaceGID, p.GID)
	if p.TeamGID != "" {
		rq.st.projectsByTeam.remove(p.TeamGID, p.GID)
	}
	rq.st.projects.remove(p.GID)
	return rq.empty()
}

// projectList serves the project lists: the GIDs of a team or workspace
// index, filtered by visibility and the optional archived parameter.
func (s *Server) projectList(rq *request, gids []string) reply {
	archived, err := rq.queryBool("archived", false)
	if err != nil {
		return rq.fail(err)
	}
	filter := rq.query.Has("archived")
	p, err := rq.paginate(gids, func(g string) bool {
		pr := rq.st.projects.get(g)
		return (!filter || pr.Archived == archived) && s.canSeeProject(rq.p, pr)
	})
	if err != nil {
		return rq.fail(err)
	}
	return rq.list(s.kinds.project, p, rq.projectByGID)
}

// getProjects lists the projects of a workspace or a team (one of the two
// is required, as the result would otherwise be too large).
func (s *Server) getProjects(rq *request) reply {
	wsGID, err := rq.queryGID("workspace", false)
	if err != nil {
		return rq.fail(err)
	}
	teamGID, err := rq.queryGID("team", false)
	if err != nil {
		return rq.fail(err)
	}
	if wsGID == "" && teamGID == "" {
		return rq.fail(missingInput("workspace"))
	}
	if wsGID != "" {
		if _, err := rq.workspaceParam("workspace", wsGID); err != nil {
			return rq.fail(err)
		}
	}
	if teamGID == "" {
		return s.projectList(rq, rq.st.projectsByWS[wsGID])
	}
	t, err := rq.teamParam("team", teamGID)
	if err != nil {
		return rq.fail(err)
	}
	if wsGID != "" && t.OrganizationGID != wsGID {
		return rq.fail(badRequest("team", "Not a team of workspace %s", wsGID))
	}
	return s.projectList(rq, rq.st.projectsByTeam[t.GID])
}

func (s *Server) getProjectsForTeam(rq *request) reply {
	t, err := rq.pathTeam()
	if err != nil {
		return rq.fail(err)
	}
	return s.projectList(rq, rq.st.projectsByTeam[t.GID])
}

func (s *Server) getProjectsForWorkspace(rq *request) reply {
	ws, err := rq.pathWorkspace()
	if err != nil {
		return rq.fail(err)
	}
	return s.projectList(rq, rq.st.projectsByWS[ws.GID])
}

// getProjectsForTask lists the projects a task is in (those the caller
// sees), in GID order.
func (s *Server) getProjectsForTask(rq *request) reply {
	t, err := rq.pathTask()
	if err != nil {
		return rq.fail(err)
	}
	gids := make([]string, 0, len(t.Memberships))
	for _, m := range t.Memberships {
		gids = insertSorted(gids, m.ProjectGID)
	}
	p, err := rq.paginate(gids, func(g string) bool {
		pr := rq.st.projects.get(g)
		return pr != nil && s.canSeeProject(rq.p, pr)
	})
	if err != nil {
		return rq.fail(err)
	}
	return rq.list(s.kinds.project, p, rq.projectByGID)
}

// customFieldSettingForProject serves add/removeCustomFieldSetting. The
// fake models no custom fields, so every custom_field is unknown.
func (s *Server) customFieldSettingForProject(rq *request) reply {
	if _, err := rq.editableProject(); err != nil {
		return rq.fail(err)
	}
	b, err := rq.body()
	if err != nil {
		return rq.fail(err)
	}
	g, err := b.gid("custom_field", true)
	if err != nil {
		return rq.fail(err)
	}
	return rq.fail(notFound("custom_field", g))
}

// taskCounts is what GET /projects/{gid}/task_counts renders.
type taskCounts struct {
	tasks, completed, milestones, completedMilestones int
}

// getTaskCountsForProject counts a project's live tasks. Like Asana it
// returns no field unless opt_fields names some.
func (s *Server) getTaskCountsForProject(rq *request) reply {
	p, err := rq.pathProject()
	if err != nil {
		return rq.fail(err)
	}
	var c taskCounts
	for _, g := range rq.st.projectTasks[p.GID].tasks() {
		t := rq.st.liveTask(g)
		if t == nil {
			continue
		}
		if taskSubtype(t) == "milestone" {
			c.milestones++
			if t.Completed {
				c.completedMilestones++
			}
			continue
		}
		c.tasks++
		if t.Completed {
			c.completed++
		}
	}
	return rq.one(s.kinds.taskCounts, &c)
}

// changeProjectUsers serves add/remove Members/Followers: it applies edit
// to the project for each user of the body's field and answers the project.
func (s *Server) changeProjectUsers(rq *request, field string, edit func(p *Project, u *User) error) reply {
	p, err := rq.editableProject()
	if err != nil {
		return rq.fail(err)
	}
	users, err := rq.bodyUsers(field, true)
	if err != nil {
		return rq.fail(err)
	}
	next := p.clone()
	for _, u := range users {
		if err := edit(&next, u); err != nil {
			return rq.fail(err)
		}
	}
	next.ModifiedAt = rq.now
	*p = next
	return rq.one(s.kinds.project, p)
}

// projectUserCheck rejects users who are not active in the project's workspace.
func (rq *request) projectUserCheck(p *Project, field string, u *User) error {
	if !rq.st.activeMember(p.WorkspaceGID, u.GID) {
		return badRequest(field, "Not a member of the workspace: %s", u.GID)
	}
	return nil
}

func (s *Server) addMembersForProject(rq *request) reply {
	return s.changeProjectUsers(rq, "members", func(p *Project, u *User) error {
		if err := rq.projectUserCheck(p, "members", u); err != nil {
			return err
		}
		p.MemberGIDs = appendUnique(p.MemberGIDs, u.GID)
		return nil
	})
}

// removeMembersForProject removes members (and with them their following).
func (s *Server) removeMembersForProject(rq *request) reply {
	return s.changeProjectUsers(rq, "members", func(p *Project, u *User) error {
		p.MemberGIDs = removeValue(p.MemberGIDs, u.GID)
		p.FollowerGIDs = removeValue(p.FollowerGIDs, u.GID)
		return nil
	})
}

// addFollowersForProject adds followers, who become members too.
func (s *Server) addFollowersForProject(rq *request) reply {
	return s.changeProjectUsers(rq, "followers", func(p *Project, u *User) error {
		if err := rq.projectUserCheck(p, "followers", u); err != nil {
			return err
		}
		p.MemberGIDs = appendUnique(p.MemberGIDs, u.GID)
		p.FollowerGIDs = appendUnique(p.FollowerGIDs, u.GID)
		return nil
	})
}

// removeFollowersForProject stops users following; they stay members.
func (s *Server) removeFollowersForProject(rq *request) reply {
	return s.changeProjectUsers(rq, "followers", func(p *Project, u *User) error {
		p.FollowerGIDs = removeValue(p.FollowerGIDs, u.GID)
		return nil
	})
}

// projectIncludes are duplicateProject's include values.
var projectIncludes = []string{"allocations", "forms", "members", "notes", "task_assignee", "task_attachments",
	"task_dates", "task_dependencies", "task_followers", "task_notes", "task_projects", "task_subtasks", "task_tags"}

// duplicateProject copies a project with its sections and tasks (subtasks,
// notes, assignees, dates, followers and attachments as include asks) and
// answers the job that did it; the copy exists at once.
func (s *Server) duplicateProject(rq *request) reply {
	src, err := rq.pathProject()
	if err != nil {
		return rq.fail(err)
	}
	if !s.canWrite(rq.p, src.WorkspaceGID) {
		return rq.fail(forbidden("You do not have permission to create projects in this workspace"))
	}
	b, err := rq.body()
	if err != nil {
		return rq.fail(err)
	}
	name, err := b.str("name", true)
	if err != nil {
		return rq.fail(err)
	}
	include, err := includeSet(b, projectIncludes)
	if err != nil {
		return rq.fail(err)
	}
	teamGID := src.TeamGID
	if t, err := rq.bodyTeam(src.WorkspaceGID); err != nil {
		return rq.fail(err)
	} else if t != nil {
		teamGID = t.GID
	}
	p := &Project{WorkspaceGID: src.WorkspaceGID, TeamGID: teamGID, OwnerGID: rq.p.user.GID, Name: name,
		Color: src.Color, PrivacySetting: src.PrivacySetting, DueOn: src.DueOn, StartOn: src.StartOn,
		MemberGIDs: []string{rq.p.user.GID}, FollowerGIDs: []string{rq.p.user.GID}, CreatedAt: rq.now, ModifiedAt: rq.now}
	if include["notes"] {
		p.Notes = src.Notes
	}
	if include["members"] {
		for _, m := range src.MemberGIDs {
			p.MemberGIDs = appendUnique(p.MemberGIDs, m)
		}
	}
	s.insertProjectLocked(p)
	sections := map[string]string{}
	for _, sg := range src.SectionGIDs {
		if sec := rq.st.sections.get(sg); sec != nil {
			sections[sg] = s.insertSectionLocked(p, &Section{ProjectGID: p.GID, Name: sec.Name, CreatedAt: rq.now}, -1).GID
		}
	}
	taskInc := map[string]bool{}
	for k := range include {
		if name, ok := strings.CutPrefix(k, "task_"); ok {
			taskInc[name] = true
		}
	}
	for _, tg := range rq.st.projectTasks[src.GID].tasks() {
		t := rq.st.liveTask(tg)
		if t == nil {
			continue
		}
		var m []TaskMembership
		for _, om := range t.Memberships {
			switch {
			case om.ProjectGID == src.GID:
				m = append(m, TaskMembership{ProjectGID: p.GID, SectionGID: sections[om.SectionGID]})
			case taskInc["projects"]:
				m = append(m, om)
			}
		}
		s.copyTaskLocked(rq, t, t.Name, "", m, taskInc)
	}
	j := s.newJobLocked(rq, "duplicate_project", p.GID, "")
	return rq.jobCreated(j)
}

// includeSet reads an include field (a comma list or an array) and checks
// each value against allowed.
func includeSet(b *body, allowed []string) (map[string]bool, error) {
	vs, err := b.list("include", false)
	if err != nil {
		return nil, err
	}
	out := map[string]bool{}
	for _, v := range vs {
		if !slices.Contains(allowed, v) {
			return nil, badRequest("include", "Not a valid enum value: %q", v)
		}
		out[v] = true
	}
	return out, nil
}

// projectSaveAsTemplate answers a save_as_template job that succeeded. The
// fake keeps no templates beyond the job's reference to the new one.
func (s *Server) projectSaveAsTemplate(rq *request) reply {
	p, err := rq.pathProject()
	if err != nil {
		return rq.fail(err)
	}
	b, err := rq.body()
	if err != nil {
		return rq.fail(err)
	}
	name, err := b.str("name", true)
	if err != nil {
		return rq.fail(err)
	}
	if !b.has("public") {
		return rq.fail(missingInput("public"))
	}
	if _, err := b.boolean("public", false); err != nil {
		return rq.fail(err)
	}
	team, err := rq.bodyTeam(p.WorkspaceGID)
	if err != nil {
		return rq.fail(err)
	}
	if team == nil && rq.st.workspaces.get(p.WorkspaceGID).IsOrganization {
		return rq.fail(missingInput("team"))
	}
	j := s.newJobLocked(rq, "save_as_template", "", "")
	j.NewProjectTemplateGID, j.NewProjectTemplateName = rq.st.newGID(), name
	return rq.jobCreated(j)
}

// searchProjectsForWorkspace implements the premium project search: text
// on the name, teams, owners, members and creation-time filters, sorted
// and capped at limit (default 20, at most 100), without offsets.
func (s *Server) searchProjectsForWorkspace(rq *request) reply {
	ws, err := rq.pathWorkspace()
	if err != nil {
		return rq.fail(err)
	}
	if err := s.checkPremium(ws); err != nil {
		return rq.fail(err)
	}
	text := strings.ToLower(rq.query.Get("text"))
	teams := rq.queryList("teams.any")
	owners, err := rq.queryUsers("owner.any")
	if err != nil {
		return rq.fail(err)
	}
	members, err := rq.queryUsers("members.any")
	if err != nil {
		return rq.fail(err)
	}
	notMembers, err := rq.queryUsers("members.not")
	if err != nil {
		return rq.fail(err)
	}
	created, err := rq.timeRange("created_at")
	if err != nil {
		return rq.fail(err)
	}
	keep := func(g string) bool {
		p := rq.st.projects.get(g)
		switch {
		case !s.canSeeProject(rq.p, p),
			text != "" && !strings.Contains(strings.ToLower(p.Name), text),
			len(teams) > 0 && !slices.Contains(teams, p.TeamGID),
			len(owners) > 0 && !slices.Contains(owners, p.OwnerGID),
			len(members) > 0 && !anyIn(p.MemberGIDs, members),
			len(notMembers) > 0 && anyIn(p.MemberGIDs, notMembers),
			!created.contains(p.CreatedAt):
			return false
		}
		return true
	}
	return s.searchReply(rq, s.kinds.project, rq.st.projectsByWS[ws.GID], keep, func(g string) searchKey {
		p := rq.st.projects.get(g)
		return searchKey{created: p.CreatedAt, modified: p.ModifiedAt, due: p.DueOn}
	}, rq.projectByGID)
}

func anyIn(have, want []string) bool {
	for _, w := range want {
		if slices.Contains(have, w) {
			return true
		}
	}
	return false
}

// transferResourcesLocked hands a deprovisioned user's resources in a
// workspace to the user performing removeUser, as Asana does with a
// personal token (with a service account Asana picks the admin named in
// the admin console; the fake, having no console setting, uses the
// service account itself): projects they own change owner (the recipient
// joins them), and tasks only they could see (in no project, and theirs
// by assignment or creation) gain the recipient as a follower.
func (s *Server) transferResourcesLocked(wsGID, from, to string, now time.Time) {
	for _, pg := range s.st.projectsByWS[wsGID] {
		p := s.st.projects.get(pg)
		if p.OwnerGID == from {
			p.OwnerGID = to
			p.MemberGIDs = appendUnique(slices.Clone(p.MemberGIDs), to)
			p.ModifiedAt = now
		}
	}
	for _, tg := range s.st.tasks.order {
		t := s.st.tasks.get(tg)
		if t.Deleted || t.WorkspaceGID != wsGID || len(t.Memberships) > 0 || t.ParentGID != "" {
			continue
		}
		if t.AssigneeGID == from || t.CreatedByGID == from {
			t.FollowerGIDs = appendUnique(slices.Clone(t.FollowerGIDs), to)
			t.ModifiedAt = now
		}
	}
}
