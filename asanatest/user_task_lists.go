package asanatest

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
)

// User task lists: the tag "User task lists" of the spec, with the tasks
// of a user task list ("Tasks") and its sections. Every workspace member
// has one My Tasks list per workspace: its GID is the membership's with a
// leading 1 (kinds.go), so it needs no record of its own. Its tasks are
// the tasks assigned to its owner in its workspace, in a project or in
// none. Guesses where the spec and docs are silent (doc.go lists them):
//
//   - A user task list is visible to whoever can see its owner and its
//     workspace; its tasks are filtered by task visibility, as Asana
//     documents. Its sections are the owner's private view: only the owner
//     and the organization's service account see or change them.
//   - Its sections are served by the section routes (GET/PUT/DELETE
//     /sections/{gid}, .../tasks, .../addTask) and, as the spec's note on
//     projects says of user task list GIDs, by GET and POST
//     /projects/{user_task_list_gid}/sections; a section's project is the
//     user task list.
//   - A task's assignee_section is rendered only to its assignee, as the
//     spec says: the section set by addTask or by assignee_section on a
//     task write, else the list's first section (Asana's "Recently
//     assigned"), or null when the list has no sections. A new assignee
//     puts the task back in their first section. Tasks in a My Tasks
//     section come in GID order (insert_before/after are checked, then
//     ignored), and moving one modifies the task but records no event.
func (s *Server) userTaskListRoutes() {
	s.handle("GET /user_task_lists/{user_task_list_gid}", s.getUserTaskList)
	s.handle("GET /users/{user_gid}/user_task_list", s.getUserTaskListForUser)
	s.handle("GET /user_task_lists/{user_task_list_gid}/tasks", s.getTasksForUserTaskList)
}

// userTaskListStore holds the sections of the user task lists.
type userTaskListStore struct {
	// sections are My Tasks sections; a section's ProjectGID is its
	// user task list's GID.
	sections table[Section]
	// order lists each user task list's sections in order.
	order map[string][]string
}

func newUserTaskListStore() any {
	return &userTaskListStore{sections: newTable[Section](), order: make(map[string][]string)}
}

// insertSection stores a new section of list utl at pos (-1: the end).
func (us *userTaskListStore) insertSection(st *state, sec *Section, pos int) *Section {
	us.sections.put(st.gidFor(&sec.GID), sec)
	secs := us.order[sec.ProjectGID]
	if pos < 0 || pos > len(secs) {
		pos = len(secs)
	}
	us.order[sec.ProjectGID] = slices.Insert(slices.Clone(secs), pos, sec.GID)
	return sec
}

func (us *userTaskListStore) removeSection(sec *Section) {
	us.order[sec.ProjectGID] = removeValue(us.order[sec.ProjectGID], sec.GID)
	us.sections.remove(sec.GID)
}

// userTaskListGID is the GID of the My Tasks list of a membership.
func userTaskListGID(m *WorkspaceMembership) string { return "1" + m.GID }

// userTaskListOf is the membership whose My Tasks list has that GID.
func userTaskListOf(st *state, gid string) *WorkspaceMembership {
	g, ok := strings.CutPrefix(gid, "1")
	if !ok || g == "" {
		return nil
	}
	return st.wsMemberships.get(g)
}

// myTasksSectionKind renders a My Tasks section (the spec's
// SectionResponse) with the user task list as its project.
var myTasksSectionKind = func() *kind {
	k := newKind("section", []string{"resource_type", "name"},
		[]string{"resource_type", "name", "created_at", "project"},
		map[string]func(*view, *Section) any{
			"gid":        func(_ *view, s *Section) any { return s.GID },
			"name":       func(_ *view, s *Section) any { return s.Name },
			"created_at": func(_ *view, s *Section) any { return s.CreatedAt },
			"project":    func(v *view, s *Section) any { return v.userTaskListRef(s.ProjectGID) },
			"projects": func(v *view, s *Section) any {
				if r := v.userTaskListRef(s.ProjectGID); r != nil {
					return []any{r}
				}
				return []any{}
			},
		})
	storedIn(k, func(st *state) *table[Section] { return &storeOf[userTaskListStore](st).sections })
	return k
}()

// userTaskListRef is a reference to a user task list, nil when gone.
func (v *view) userTaskListRef(gid string) any {
	m := userTaskListOf(v.st, gid)
	return v.ref(v.kinds.userTaskList, m, m != nil)
}

// assigneeSectionOf is the My Tasks section task t is in: the one set,
// else the first of its assignee's list; "" when it has none.
func assigneeSectionOf(st *state, t *Task) string {
	if t.AssigneeGID == "" {
		return ""
	}
	m := st.membership(t.WorkspaceGID, t.AssigneeGID)
	if m == nil {
		return ""
	}
	secs := storeOf[userTaskListStore](st).order[userTaskListGID(m)]
	if t.AssigneeSectionGID != "" && slices.Contains(secs, t.AssigneeSectionGID) {
		return t.AssigneeSectionGID
	}
	if len(secs) > 0 {
		return secs[0]
	}
	return ""
}

// assigneeSection renders t's assignee_section: for its assignee only.
func (v *view) assigneeSection(t *Task) any {
	if v.viewer == "" || v.viewer != t.AssigneeGID {
		return nil
	}
	return v.refTo(myTasksSectionKind, assigneeSectionOf(v.st, t))
}

// canSeeUserTaskList reports whether p may read m's My Tasks list.
func (s *Server) canSeeUserTaskList(p *principal, m *WorkspaceMembership) bool {
	u := s.st.users.get(m.UserGID)
	return u != nil && s.canSeeWorkspace(p, m.WorkspaceGID) && s.canSeeUser(p, u)
}

// ownsMyTasks reports whether p may see and change the sections of m's
// My Tasks list: its owner, or the organization's service account.
func (s *Server) ownsMyTasks(p *principal, m *WorkspaceMembership) bool {
	if p.serviceAccount() {
		return m.WorkspaceGID == p.org()
	}
	return p.user.GID == m.UserGID && s.canSeeWorkspace(p, m.WorkspaceGID)
}

// userTaskListParam resolves a user task list the caller can see.
func (rq *request) userTaskListParam(param, gid string) (*WorkspaceMembership, error) {
	return resolve(param, gid, func(g string) *WorkspaceMembership { return userTaskListOf(rq.st, g) },
		func(m *WorkspaceMembership) bool { return rq.s.canSeeUserTaskList(rq.p, m) })
}

func (s *Server) getUserTaskList(rq *request) reply {
	m, err := rq.userTaskListParam("user_task_list", rq.r.PathValue("user_task_list_gid"))
	if err != nil {
		return rq.fail(err)
	}
	return rq.one(s.kinds.userTaskList, m)
}

// getUserTaskListForUser finds a member's My Tasks list in a workspace
// (required); a user who is no member of it has none (404).
func (s *Server) getUserTaskListForUser(rq *request) reply {
	u, err := rq.userParam("user", rq.r.PathValue("user_gid"))
	if err != nil {
		return rq.fail(err)
	}
	wsGID, err := rq.queryGID("workspace", true)
	if err != nil {
		return rq.fail(err)
	}
	ws, err := rq.workspaceParam("workspace", wsGID)
	if err != nil {
		return rq.fail(err)
	}
	if !s.canSeeUser(rq.p, u) {
		return rq.fail(forbidden(""))
	}
	m := rq.st.membership(ws.GID, u.GID)
	if m == nil {
		return rq.fail(errorf(http.StatusNotFound, "user: %s is not a member of workspace %s", u.GID, ws.GID))
	}
	return rq.one(s.kinds.userTaskList, m)
}

// assigneeTasksReply lists the live tasks assigned to userGID in wsGID
// that the caller sees and keep accepts (nil: all), in GID order.
func (s *Server) assigneeTasksReply(rq *request, wsGID, userGID string, keep func(*Task) bool) reply {
	filter, err := rq.taskFilter()
	if err != nil {
		return rq.fail(err)
	}
	pg, err := rq.paginate(rq.st.tasks.order, func(g string) bool {
		t := rq.st.tasks.get(g)
		return t.AssigneeGID == userGID && t.WorkspaceGID == wsGID && filter(t) && (keep == nil || keep(t)) && s.canSeeTask(rq.p, t)
	})
	if err != nil {
		return rq.fail(err)
	}
	return rq.list(s.kinds.task, pg)
}

func (s *Server) getTasksForUserTaskList(rq *request) reply {
	m, err := rq.userTaskListParam("user_task_list", rq.r.PathValue("user_task_list_gid"))
	if err != nil {
		return rq.fail(err)
	}
	return s.assigneeTasksReply(rq, m.WorkspaceGID, m.UserGID, nil)
}

// orMyTasks sends a request whose path names a My Tasks section (param
// section_gid) or a user task list (param project_gid) to mine, any other
// to the project handler.
func (s *Server) orMyTasks(param string, project, mine handlerFunc) handlerFunc {
	return func(rq *request) reply {
		g := rq.r.PathValue(param)
		switch {
		case param == "section_gid" && storeOf[userTaskListStore](rq.st).sections.get(g) != nil,
			param == "project_gid" && userTaskListOf(rq.st, g) != nil:
			return mine(rq)
		}
		return project(rq)
	}
}

// myTasksSectionParam resolves a My Tasks section and its list for its
// owner (or the service account).
func (rq *request) myTasksSectionParam(param, gid string) (*Section, *WorkspaceMembership, error) {
	return resolveVia(param, gid, storeOf[userTaskListStore](rq.st).sections.get,
		func(sec *Section) *WorkspaceMembership { return userTaskListOf(rq.st, sec.ProjectGID) },
		func(m *WorkspaceMembership) bool { return rq.s.ownsMyTasks(rq.p, m) })
}

// editableMyTasks checks that the caller may change m's sections.
func (rq *request) editableMyTasks(m *WorkspaceMembership) error {
	if !rq.s.ownsMyTasks(rq.p, m) {
		return forbidden("Only its owner can change the sections of a My Tasks list")
	}
	if !rq.s.canWrite(rq.p, m.WorkspaceGID) {
		return forbidden("You do not have permission to edit this My Tasks list")
	}
	return nil
}

// asProject is a user task list seen as a project by the section helpers
// (sectionWrite, sectionPosition, moveSection).
func (us *userTaskListStore) asProject(utl string) *Project {
	return &Project{GID: utl, SectionGIDs: us.order[utl]}
}

func (s *Server) getMyTasksSection(rq *request) reply {
	sec, _, err := rq.myTasksSectionParam("section", rq.r.PathValue("section_gid"))
	if err != nil {
		return rq.fail(err)
	}
	return rq.one(myTasksSectionKind, sec)
}

func (s *Server) updateMyTasksSection(rq *request) reply {
	sec, m, err := rq.myTasksSectionParam("section", rq.r.PathValue("section_gid"))
	if err == nil {
		err = rq.editableMyTasks(m)
	}
	if err != nil {
		return rq.fail(err)
	}
	us := storeOf[userTaskListStore](rq.st)
	p := us.asProject(sec.ProjectGID)
	name, pos, err := rq.sectionWrite(p)
	if err != nil {
		return rq.fail(err)
	}
	sec.Name = name
	if pos >= 0 {
		moveSection(p, sec.GID, pos)
		us.order[sec.ProjectGID] = p.SectionGIDs
	}
	return rq.one(myTasksSectionKind, sec)
}

// myTasksSectionTasks are the tasks of m's list in section sec (live or
// not), in GID order.
func myTasksSectionTasks(st *state, m *WorkspaceMembership, sec string) func(*Task) bool {
	return func(t *Task) bool {
		return t.AssigneeGID == m.UserGID && t.WorkspaceGID == m.WorkspaceGID && assigneeSectionOf(st, t) == sec
	}
}

// deleteMyTasksSection deletes an empty section that is not the list's
// last, as for projects.
func (s *Server) deleteMyTasksSection(rq *request) reply {
	sec, m, err := rq.myTasksSectionParam("section", rq.r.PathValue("section_gid"))
	if err == nil {
		err = rq.editableMyTasks(m)
	}
	if err != nil {
		return rq.fail(err)
	}
	us := storeOf[userTaskListStore](rq.st)
	if len(us.order[sec.ProjectGID]) <= 1 {
		return rq.fail(errorf(http.StatusBadRequest, "The last remaining section of a project cannot be deleted"))
	}
	in := myTasksSectionTasks(rq.st, m, sec.GID)
	for _, g := range rq.st.tasks.order {
		if t := rq.st.tasks.get(g); !t.Deleted && in(t) {
			return rq.fail(errorf(http.StatusBadRequest, "Sections must be empty to be deleted"))
		}
	}
	us.removeSection(sec)
	return rq.empty()
}

func (s *Server) getTasksForMyTasksSection(rq *request) reply {
	sec, m, err := rq.myTasksSectionParam("section", rq.r.PathValue("section_gid"))
	if err != nil {
		return rq.fail(err)
	}
	return s.assigneeTasksReply(rq, m.WorkspaceGID, m.UserGID, myTasksSectionTasks(rq.st, m, sec.GID))
}

// pathMyTasks resolves the user task list named as project_gid, for its
// owner.
func (rq *request) pathMyTasks() (*WorkspaceMembership, error) {
	m, err := rq.userTaskListParam("project", rq.r.PathValue("project_gid"))
	if err == nil && !rq.s.ownsMyTasks(rq.p, m) {
		err = forbidden("")
	}
	return m, err
}

func (s *Server) getSectionsForMyTasks(rq *request) reply {
	m, err := rq.pathMyTasks()
	if err != nil {
		return rq.fail(err)
	}
	pg, err := rq.paginateOrdered(storeOf[userTaskListStore](rq.st).order[userTaskListGID(m)], nil)
	if err != nil {
		return rq.fail(err)
	}
	return rq.list(myTasksSectionKind, pg)
}

func (s *Server) createSectionForMyTasks(rq *request) reply {
	m, err := rq.pathMyTasks()
	if err == nil {
		err = rq.editableMyTasks(m)
	}
	if err != nil {
		return rq.fail(err)
	}
	us := storeOf[userTaskListStore](rq.st)
	utl := userTaskListGID(m)
	name, pos, err := rq.sectionWrite(us.asProject(utl))
	if err != nil {
		return rq.fail(err)
	}
	sec := us.insertSection(rq.st, &Section{ProjectGID: utl, Name: name, CreatedAt: rq.now}, pos)
	return rq.created(myTasksSectionKind, sec, "/sections/"+sec.GID)
}

// addTaskForMyTasksSection moves a task of the list's owner into the
// section (its assignee_section).
func (s *Server) addTaskForMyTasksSection(rq *request) reply {
	sec, m, err := rq.myTasksSectionParam("section", rq.r.PathValue("section_gid"))
	if err == nil {
		err = rq.editableMyTasks(m)
	}
	if err != nil {
		return rq.fail(err)
	}
	b, err := rq.body()
	if err != nil {
		return rq.fail(err)
	}
	tg, err := b.gid("task", true)
	if err != nil {
		return rq.fail(err)
	}
	t, err := rq.editableTask("task", tg)
	if err != nil {
		return rq.fail(err)
	}
	if t.AssigneeGID != m.UserGID || t.WorkspaceGID != m.WorkspaceGID {
		return rq.fail(badRequest("task", "Not a task of this My Tasks list (assigned to its owner): %s", t.GID))
	}
	for _, name := range []string{"insert_before", "insert_after"} {
		a, err := b.gid(name, false)
		if err != nil {
			return rq.fail(err)
		}
		if a == "" {
			continue
		}
		if at := rq.st.liveTask(a); a == t.GID || at == nil || !myTasksSectionTasks(rq.st, m, sec.GID)(at) {
			return rq.fail(badRequest(name, "Not a task of section %s: %s", sec.GID, a))
		}
	}
	if assigneeSectionOf(rq.st, t) != sec.GID || t.AssigneeSectionGID != sec.GID {
		t.AssigneeSectionGID, t.ModifiedAt = sec.GID, rq.now
	}
	return rq.empty()
}

// assigneeSectionField applies assignee_section of a task write: a
// section of the assignee's My Tasks list, set by the assignee or the
// service account; null puts the task back in the first section.
func (rq *request) assigneeSectionField(b *body, t *Task) error {
	if !b.has("assignee_section") {
		return nil
	}
	g, err := b.gid("assignee_section", false)
	if err != nil {
		return err
	}
	if g == "" {
		t.AssigneeSectionGID = ""
		return nil
	}
	m := rq.st.membership(t.WorkspaceGID, t.AssigneeGID)
	if t.AssigneeGID == "" || m == nil {
		return badRequest("assignee_section", "The task has no assignee")
	}
	if !slices.Contains(storeOf[userTaskListStore](rq.st).order[userTaskListGID(m)], g) {
		return badRequest("assignee_section", "Not a section of the assignee's My Tasks list: %s", g)
	}
	if !rq.s.ownsMyTasks(rq.p, m) {
		return forbidden("Only the assignee can move a task within their My Tasks list")
	}
	t.AssigneeSectionGID = g
	return nil
}

// UserTaskList returns the GID of a member's My Tasks list in a
// workspace.
func (s *Server) UserTaskList(workspaceGID, userGID string) (string, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	m := s.st.membership(workspaceGID, userGID)
	if m == nil {
		return "", false
	}
	return userTaskListGID(m), true
}

// AddMyTasksSection adds a section at the end of a member's My Tasks list
// in a workspace. The first section is where newly assigned tasks go
// (Asana's "Recently assigned").
func (s *Server) AddMyTasksSection(workspaceGID, userGID, name string) (Section, error) {
	if strings.TrimSpace(name) == "" {
		return Section{}, errors.New("asanatest: section needs a name")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addMyTasksSectionLocked(workspaceGID, userGID, name, time.Time{})
}

func (s *Server) addMyTasksSectionLocked(workspaceGID, userGID, name string, at time.Time) (Section, error) {
	m := s.st.membership(workspaceGID, userGID)
	if m == nil {
		return Section{}, fmt.Errorf("asanatest: user %s is not a member of workspace %s", userGID, workspaceGID)
	}
	sec := Section{ProjectGID: userTaskListGID(m), Name: name, CreatedAt: s.stamp(at)}
	return *storeOf[userTaskListStore](s.st).insertSection(s.st, &sec, -1), nil
}

// checkAssigneeSectionLocked checks a seeded task's assignee_section.
func (s *Server) checkAssigneeSectionLocked(t *Task) error {
	if t.AssigneeSectionGID == "" {
		return nil
	}
	m := s.st.membership(t.WorkspaceGID, t.AssigneeGID)
	if t.AssigneeGID == "" || m == nil || !slices.Contains(storeOf[userTaskListStore](s.st).order[userTaskListGID(m)], t.AssigneeSectionGID) {
		return fmt.Errorf("asanatest: section %s is not in the My Tasks list of the task's assignee", t.AssigneeSectionGID)
	}
	return nil
}
