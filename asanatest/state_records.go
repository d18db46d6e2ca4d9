package asanatest

import "slices"

// One insert (and, where records leave, one remove) per kind: the only
// code that puts a record into its table, so the indexes of that kind are
// maintained in one place. An insert takes a record without a GID (it
// assigns the next one) or with one the caller assigned just before (a
// record whose other fields name its own GID). Validation is the
// caller's: seeding and handlers check differently.

func (st *state) gidFor(gid *string) string {
	if *gid == "" {
		*gid = st.newGID()
	}
	return *gid
}

func (st *state) insertWorkspace(w *Workspace) *Workspace {
	st.workspaces.put(st.gidFor(&w.GID), w)
	return w
}

func (st *state) insertUser(u *User) *User {
	st.users.put(st.gidFor(&u.GID), u)
	return u
}

// insertToken stores a token, found by the hash of its secret.
func (st *state) insertToken(t *Token, secretHash [32]byte) *Token {
	st.tokens.put(st.gidFor(&t.GID), t)
	st.tokenByHash[secretHash] = t
	return t
}

func (st *state) insertWorkspaceMembership(m *WorkspaceMembership) *WorkspaceMembership {
	st.wsMemberships.put(st.gidFor(&m.GID), m)
	st.wsMember[[2]string{m.WorkspaceGID, m.UserGID}] = m
	st.wsMembersByWS.add(m.WorkspaceGID, m.GID)
	st.wsMembersByUser.add(m.UserGID, m.GID)
	return m
}

func (st *state) insertTeam(t *Team) *Team {
	st.teams.put(st.gidFor(&t.GID), t)
	st.teamsByOrg.add(t.OrganizationGID, t.GID)
	return t
}

func (st *state) insertTeamMembership(m *TeamMembership) *TeamMembership {
	st.teamMemberships.put(st.gidFor(&m.GID), m)
	st.teamMember[[2]string{m.TeamGID, m.UserGID}] = m
	st.teamMembersByTeam.add(m.TeamGID, m.GID)
	st.teamMembersByUser.add(m.UserGID, m.GID)
	return m
}

func (st *state) removeTeamMembership(m *TeamMembership) {
	st.teamMemberships.remove(m.GID)
	delete(st.teamMember, [2]string{m.TeamGID, m.UserGID})
	st.teamMembersByTeam.remove(m.TeamGID, m.GID)
	st.teamMembersByUser.remove(m.UserGID, m.GID)
}

func (st *state) insertProject(p *Project) *Project {
	st.projects.put(st.gidFor(&p.GID), p)
	st.projectsByWS.add(p.WorkspaceGID, p.GID)
	if p.TeamGID != "" {
		st.projectsByTeam.add(p.TeamGID, p.GID)
	}
	st.syncProjectMembers(p)
	return p
}

// moveProjectToTeam changes a project's team and its index.
func (st *state) moveProjectToTeam(p *Project, teamGID string) {
	if p.TeamGID == teamGID {
		return
	}
	if p.TeamGID != "" {
		st.projectsByTeam.remove(p.TeamGID, p.GID)
	}
	if teamGID != "" {
		st.projectsByTeam.add(teamGID, p.GID)
	}
	p.TeamGID = teamGID
}

// removeProject drops a project with its sections, its task order, the
// attachments on it, its status updates and the goal relationships it
// supports; its tasks are the caller's.
func (st *state) removeProject(p *Project) {
	for _, sg := range p.SectionGIDs {
		st.sections.remove(sg)
	}
	for _, ag := range slices.Clone(st.taskAttachments[p.GID]) {
		st.attachments.remove(ag)
	}
	delete(st.taskAttachments, p.GID)
	delete(st.projectTasks, p.GID)
	statusUpdates(st).removeParent(p.GID)
	projectBriefs(st).removeProject(st, p.GID)
	taskTemplates(st).removeProject(p.GID)
	goals(st).removeSupporting(p.GID)
	st.projectsByWS.remove(p.WorkspaceGID, p.GID)
	if p.TeamGID != "" {
		st.projectsByTeam.remove(p.TeamGID, p.GID)
	}
	st.projects.remove(p.GID)
	memberships(st).removeParent(p.GID)
}

// insertSection stores a new section in p at position pos (-1: the end).
func (st *state) insertSection(p *Project, sec *Section, pos int) *Section {
	st.sections.put(st.gidFor(&sec.GID), sec)
	if pos < 0 || pos > len(p.SectionGIDs) {
		pos = len(p.SectionGIDs)
	}
	p.SectionGIDs = slices.Insert(slices.Clone(p.SectionGIDs), pos, sec.GID)
	return sec
}

// insertTask stores a task at the end of its projects and of its parent's
// subtasks (which must exist).
func (st *state) insertTask(t *Task) *Task {
	st.tasks.put(st.gidFor(&t.GID), t)
	for _, m := range t.Memberships {
		st.taskOrder(m.ProjectGID).add(t.GID, m.SectionGID)
	}
	st.numberTask(t)
	for _, g := range t.TagGIDs {
		storeOf[tagStore](st).tasks.add(g, t.GID)
	}
	if t.ParentGID != "" {
		parent := st.tasks.get(t.ParentGID)
		parent.SubtaskGIDs = append(parent.SubtaskGIDs, t.GID)
	}
	return t
}

func (st *state) insertStory(s *Story) *Story {
	st.stories.put(st.gidFor(&s.GID), s)
	st.taskStories.add(s.TaskGID, s.GID)
	return s
}

func (st *state) removeStory(s *Story) {
	if s.GoalGID != "" {
		goals(st).stories.remove(s.GoalGID, s.GID)
	}
	st.taskStories.remove(s.TaskGID, s.GID)
	st.stories.remove(s.GID)
}

// insertAttachment stores an attachment of a task or project (ParentGID).
func (st *state) insertAttachment(a *Attachment) *Attachment {
	st.attachments.put(st.gidFor(&a.GID), a)
	st.taskAttachments.add(a.ParentGID, a.GID)
	return a
}

func (st *state) removeAttachment(a *Attachment) {
	st.taskAttachments.remove(a.ParentGID, a.GID)
	st.attachments.remove(a.GID)
}

func (st *state) insertExport(e *OrganizationExport) *OrganizationExport {
	st.exports.put(st.gidFor(&e.GID), e)
	return e
}
