package asanatest

import (
	"encoding/json"
	"iter"
	"net/http"
	"slices"
	"strings"
	"time"
)

// Tasks: the tag "Tasks" of the spec. As Asana documents, a task's
// modified_at moves when any of its properties change or an association
// of its own changes (projects, sections, parent, subtasks added or
// removed, followers, dependencies, stories); not when an associated
// object (a subtask, a project) changes by itself. Tags, user task lists
// and custom IDs are not modelled: those objects are always unknown (404).
func (s *Server) taskRoutes() {
	s.handle("GET /tasks", s.getTasks)
	s.handle("POST /tasks", s.createTask)
	s.handle("GET /tasks/{task_gid}", s.getTask)
	s.handle("PUT /tasks/{task_gid}", s.updateTask)
	s.handle("DELETE /tasks/{task_gid}", s.deleteTask)
	s.handle("POST /tasks/{task_gid}/duplicate", s.duplicateTask)
	s.handle("GET /projects/{project_gid}/tasks", s.getTasksForProject)
	s.handle("GET /sections/{section_gid}/tasks", s.getTasksForSection)
	s.handle("GET /tags/{tag_gid}/tasks", s.unknownPathObject("tag"))
	s.handle("GET /user_task_lists/{user_task_list_gid}/tasks", s.unknownPathObject("user_task_list"))
	s.handle("GET /tasks/{task_gid}/subtasks", s.getSubtasksForTask)
	s.handle("POST /tasks/{task_gid}/subtasks", s.createSubtaskForTask)
	s.handle("POST /tasks/{task_gid}/setParent", s.setParentForTask)
	s.handle("GET /tasks/{task_gid}/dependencies", s.getDependencyList(func(t *Task) []string { return t.DependencyGIDs }))
	s.handle("POST /tasks/{task_gid}/addDependencies", s.changeDependencies("dependencies", true))
	s.handle("POST /tasks/{task_gid}/removeDependencies", s.changeDependencies("dependencies", false))
	s.handle("GET /tasks/{task_gid}/dependents", s.getDependencyList(func(t *Task) []string { return t.DependentGIDs }))
	s.handle("POST /tasks/{task_gid}/addDependents", s.changeDependencies("dependents", true))
	s.handle("POST /tasks/{task_gid}/removeDependents", s.changeDependencies("dependents", false))
	s.handle("POST /tasks/{task_gid}/addProject", s.addProjectForTask)
	s.handle("POST /tasks/{task_gid}/removeProject", s.removeProjectForTask)
	s.handle("POST /tasks/{task_gid}/addTag", s.tagForTask)
	s.handle("POST /tasks/{task_gid}/removeTag", s.tagForTask)
	s.handle("POST /tasks/{task_gid}/addFollowers", s.addFollowersForTask)
	s.handle("POST /tasks/{task_gid}/removeFollowers", s.removeFollowerForTask)
	s.handle("GET /workspaces/{workspace_gid}/tasks/custom_id/{custom_id}", s.getTaskForCustomID)
	s.handle("GET /workspaces/{workspace_gid}/tasks/search", s.searchTasksForWorkspace)
}

// taskParam resolves a live task the caller can see: 404 when missing or
// deleted, 403 when hidden.
func (rq *request) taskParam(param, gid string) (*Task, error) {
	return resolve(param, gid, rq.st.liveTask, func(t *Task) bool { return rq.s.canSeeTask(rq.p, t) })
}

func (rq *request) pathTask() (*Task, error) {
	return rq.taskParam("task", rq.r.PathValue("task_gid"))
}

// editableTask is taskParam for writes.
func (rq *request) editableTask(param, gid string) (*Task, error) {
	t, err := rq.taskParam(param, gid)
	if err == nil && !rq.s.canWrite(rq.p, t.WorkspaceGID) {
		err = forbidden("You do not have permission to edit this task")
	}
	return t, err
}

func (rq *request) pathEditableTask() (*Task, error) {
	return rq.editableTask("task", rq.r.PathValue("task_gid"))
}

func (rq *request) taskByGID(g string) any { return rq.st.tasks.get(g) }

// unknownPathObject answers routes about kinds the fake does not model
// (tags, user task lists, goals): after the usual checks, the object named
// by the path parameter is unknown.
func (s *Server) unknownPathObject(param string) handlerFunc {
	return func(rq *request) reply {
		g, err := rq.pathGID(param + "_gid")
		if err != nil {
			return rq.fail(err)
		}
		return rq.fail(notFound(param, g))
	}
}

// taskSection is the section of t in project pg ("" when none).
func taskSection(t *Task, pg string) string {
	for _, m := range t.Memberships {
		if m.ProjectGID == pg {
			return m.SectionGID
		}
	}
	return ""
}

func inProject(t *Task, pg string) bool {
	return slices.ContainsFunc(t.Memberships, func(m TaskMembership) bool { return m.ProjectGID == pg })
}

// addStoryLocked records a story on t by the caller; comments and system
// stories both modify the task.
func (rq *request) addStoryLocked(t *Task, subtype, text string) *Story {
	typ := "system"
	if subtype == "comment_added" {
		typ = "comment"
	}
	st := &Story{GID: rq.st.newGID(), TaskGID: t.GID, CreatedByGID: rq.p.user.GID, ResourceSubtype: subtype,
		Type: typ, Text: text, CreatedAt: rq.now}
	rq.st.stories.put(st.GID, st)
	rq.st.taskStories.add(t.GID, st.GID)
	t.ModifiedAt = rq.now
	return st
}

func (rq *request) userName(g string) string {
	if u := rq.st.users.get(g); u != nil {
		return u.Name
	}
	return g
}

// taskSubtypes are the writable resource_subtype values of a task.
var taskSubtypes = []string{"default_task", "milestone", "section", "approval"}

// taskFields applies the writable fields of a create or update body to t
// and returns the system stories the change warrants (subtype and text).
func (rq *request) taskFields(b *body, t *Task, create bool) ([][2]string, error) {
	var stories [][2]string
	if create || b.has("name") {
		name, err := b.str("name", false)
		if err != nil {
			return nil, err
		}
		if !create && name != t.Name {
			stories = append(stories, [2]string{"name_changed", "changed the name to \"" + name + "\""})
		}
		t.Name = name
	}
	if b.has("resource_subtype") {
		v, err := b.str("resource_subtype", true)
		if err != nil {
			return nil, err
		}
		if !slices.Contains(taskSubtypes, v) {
			return nil, badRequest("resource_subtype", "Not a valid enum value: %q", v)
		}
		t.ResourceSubtype = v
	}
	notes, err := notesField(b, "notes", "html_notes")
	if err != nil {
		return nil, err
	}
	if notes != nil {
		if !create && *notes != t.Notes {
			stories = append(stories, [2]string{"notes_changed", "changed the description"})
		}
		t.Notes = *notes
	}
	if b.has("assignee") {
		v, err := b.str("assignee", false)
		if err != nil {
			if v, err = b.gid("assignee", false); err != nil {
				return nil, err
			}
		}
		prev := t.AssigneeGID
		t.AssigneeGID = ""
		if v != "" {
			u, err := rq.userParam("assignee", v)
			if err != nil {
				return nil, err
			}
			if !rq.st.activeMember(t.WorkspaceGID, u.GID) {
				return nil, badRequest("assignee", "Not a member of the task's workspace: %s", u.GID)
			}
			t.AssigneeGID = u.GID
			t.FollowerGIDs = appendUnique(t.FollowerGIDs, u.GID)
		}
		switch {
		case t.AssigneeGID == prev:
		case t.AssigneeGID != "":
			stories = append(stories, [2]string{"assigned", "assigned to " + rq.userName(t.AssigneeGID)})
		default:
			stories = append(stories, [2]string{"unassigned", "unassigned from " + rq.userName(prev)})
		}
	}
	if b.has("approval_status") {
		v, err := b.str("approval_status", true)
		if err != nil {
			return nil, err
		}
		if !slices.Contains([]string{"pending", "approved", "rejected", "changes_requested"}, v) {
			return nil, badRequest("approval_status", "Not a valid enum value: %q", v)
		}
		if taskSubtype(t) != "approval" {
			return nil, badRequest("approval_status", "Only approval tasks have an approval status")
		}
		b.fields["completed"] = []byte(boolJSON(v == "approved"))
	}
	if b.has("completed") {
		done, err := b.boolean("completed", t.Completed)
		if err != nil {
			return nil, err
		}
		if done != t.Completed {
			t.Completed = done
			if done {
				t.CompletedAt = rq.now
				stories = append(stories, [2]string{"marked_complete", "marked this task complete"})
			} else {
				t.CompletedAt = time.Time{}
				stories = append(stories, [2]string{"marked_incomplete", "marked incomplete"})
			}
		}
	}
	if err := rq.taskDates(b, t, &stories); err != nil {
		return nil, err
	}
	return stories, nil
}

func boolJSON(v bool) string {
	if v {
		return "true"
	}
	return "false"
}

// taskDates applies due_on, due_at and start_on (due_on and due_at are
// exclusive; due_at sets the due date too; start_on needs a due date).
func (rq *request) taskDates(b *body, t *Task, stories *[][2]string) error {
	if b.has("due_on") && b.has("due_at") {
		return badRequest("due_at", "You may only provide one of due_on and due_at")
	}
	prevOn, prevAt := t.DueOn, t.DueAt
	if v, set, err := b.date("due_on"); err != nil {
		return err
	} else if set {
		t.DueOn, t.DueAt = v, time.Time{}
	}
	if v, set, err := b.dateTime("due_at"); err != nil {
		return err
	} else if set {
		t.DueAt, t.DueOn = v, ""
		if !v.IsZero() {
			t.DueOn = v.Format(time.DateOnly)
		}
	}
	if v, set, err := b.date("start_on"); err != nil {
		return err
	} else if set {
		t.StartOn = v
	}
	if t.StartOn != "" && (t.DueOn == "" || t.StartOn > t.DueOn) {
		return badRequest("start_on", "Must be set together with a due date, and not after it")
	}
	if t.DueOn != prevOn || !t.DueAt.Equal(prevAt) {
		*stories = append(*stories, [2]string{"due_date_changed", "changed the due date to " + nonEmpty(t.DueOn, "no due date")})
	}
	return nil
}

func nonEmpty(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// newTask creates a task from a POST body: in the workspace given, or
// that of its projects, memberships or parent (parentGID, when the route
// names it). The creator and assignee follow it.
func (s *Server) newTask(rq *request, parent *Task) reply {
	b, err := rq.body()
	if err != nil {
		return rq.fail(err)
	}
	if parent == nil {
		pg, err := b.gid("parent", false)
		if err != nil {
			return rq.fail(err)
		}
		if pg != "" {
			if parent, err = rq.editableTask("parent", pg); err != nil {
				return rq.fail(err)
			}
		}
	}
	var memberships []TaskMembership
	projects, err := b.gidList("projects", false)
	if err != nil {
		return rq.fail(err)
	}
	for _, pg := range projects {
		memberships = append(memberships, TaskMembership{ProjectGID: pg})
	}
	if b.has("memberships") {
		ms, err := bodyMemberships(b)
		if err != nil {
			return rq.fail(err)
		}
		memberships = append(memberships, ms...)
	}
	wsGID, err := b.gid("workspace", false)
	if err != nil {
		return rq.fail(err)
	}
	seen := map[string]bool{}
	for i, m := range memberships {
		if seen[m.ProjectGID] {
			return rq.fail(badRequest("projects", "Duplicate project: %s", m.ProjectGID))
		}
		seen[m.ProjectGID] = true
		p, err := rq.projectParam("projects", m.ProjectGID)
		if err != nil {
			return rq.fail(err)
		}
		if !s.canEditProject(rq.p, p) {
			return rq.fail(forbidden("You do not have permission to add tasks to project " + p.GID))
		}
		if wsGID == "" {
			wsGID = p.WorkspaceGID
		}
		if p.WorkspaceGID != wsGID {
			return rq.fail(badRequest("projects", "Project %s is not in workspace %s", p.GID, wsGID))
		}
		switch {
		case m.SectionGID == "" && len(p.SectionGIDs) > 0:
			memberships[i].SectionGID = p.SectionGIDs[0]
		case m.SectionGID != "" && !slices.Contains(p.SectionGIDs, m.SectionGID):
			return rq.fail(badRequest("memberships", "Section %s is not in project %s", m.SectionGID, p.GID))
		}
	}
	if parent != nil {
		if wsGID == "" {
			wsGID = parent.WorkspaceGID
		}
		if parent.WorkspaceGID != wsGID {
			return rq.fail(badRequest("parent", "Task %s is not in workspace %s", parent.GID, wsGID))
		}
	}
	if wsGID == "" {
		return rq.fail(missingInput("workspace"))
	}
	if _, err := rq.workspaceParam("workspace", wsGID); err != nil {
		return rq.fail(err)
	}
	if !s.canWrite(rq.p, wsGID) {
		return rq.fail(forbidden("You do not have permission to create tasks in this workspace"))
	}
	t := Task{WorkspaceGID: wsGID, Memberships: memberships, CreatedByGID: rq.p.user.GID,
		FollowerGIDs: []string{rq.p.user.GID}, CreatedAt: rq.now, ModifiedAt: rq.now}
	if parent != nil {
		t.ParentGID = parent.GID
	}
	if _, err := rq.taskFields(b, &t, true); err != nil {
		return rq.fail(err)
	}
	followers, err := rq.bodyUsers("followers", false)
	if err != nil {
		return rq.fail(err)
	}
	for _, u := range followers {
		t.FollowerGIDs = appendUnique(t.FollowerGIDs, u.GID)
	}
	created, err := s.addTaskLocked(t)
	if err != nil {
		return rq.fail(errorf(http.StatusBadRequest, "%s", strings.TrimPrefix(err.Error(), "asanatest: ")))
	}
	if parent != nil {
		parent.ModifiedAt = rq.now
	}
	return rq.created(s.kinds.task, rq.st.tasks.get(created.GID), "/tasks/"+created.GID)
}

// bodyMemberships reads memberships: [{"project": gid, "section": gid}].
func bodyMemberships(b *body) ([]TaskMembership, error) {
	var raw []map[string]any
	if err := json.Unmarshal(b.fields["memberships"], &raw); err != nil {
		return nil, badRequest("memberships", "Not an array of {project, section} objects")
	}
	out := make([]TaskMembership, 0, len(raw))
	for _, m := range raw {
		p, _ := m["project"].(string)
		sec, _ := m["section"].(string)
		if _, err := checkGID("memberships.project", p); err != nil {
			return nil, err
		}
		if sec != "" {
			if _, err := checkGID("memberships.section", sec); err != nil {
				return nil, err
			}
		}
		out = append(out, TaskMembership{ProjectGID: p, SectionGID: sec})
	}
	return out, nil
}

func (s *Server) createTask(rq *request) reply { return s.newTask(rq, nil) }

func (s *Server) createSubtaskForTask(rq *request) reply {
	parent, err := rq.pathEditableTask()
	if err != nil {
		return rq.fail(err)
	}
	return s.newTask(rq, parent)
}

func (s *Server) getTask(rq *request) reply {
	t, err := rq.pathTask()
	if err != nil {
		return rq.fail(err)
	}
	return rq.one(s.kinds.task, t)
}

// updateTask changes a task's own fields; associations have their own
// endpoints (addProject, setParent, ...), as in Asana.
func (s *Server) updateTask(rq *request) reply {
	t, err := rq.pathEditableTask()
	if err != nil {
		return rq.fail(err)
	}
	b, err := rq.body()
	if err != nil {
		return rq.fail(err)
	}
	for _, f := range []string{"workspace", "parent", "projects", "memberships", "followers", "tags"} {
		if b.has(f) {
			return rq.fail(badRequest(f, "Cannot be changed with this request: use the task's %s endpoints", f))
		}
	}
	next := t.clone()
	stories, err := rq.taskFields(b, &next, false)
	if err != nil {
		return rq.fail(err)
	}
	next.ModifiedAt = rq.now
	*t = next
	for _, st := range stories {
		rq.addStoryLocked(t, st[0], st[1])
	}
	return rq.one(s.kinds.task, t)
}

// deleteTaskLocked moves a task and its subtasks to the trash.
func (s *Server) deleteTaskLocked(t *Task, now time.Time) {
	t.Deleted, t.ModifiedAt = true, now
	for _, g := range t.SubtaskGIDs {
		if sub := s.st.liveTask(g); sub != nil {
			s.deleteTaskLocked(sub, now)
		}
	}
}

func (s *Server) deleteTask(rq *request) reply {
	t, err := rq.pathEditableTask()
	if err != nil {
		return rq.fail(err)
	}
	s.deleteTaskLocked(t, rq.now)
	return rq.empty()
}

// taskIncludes are duplicateTask's include values.
var taskIncludes = []string{"assignee", "attachments", "dates", "dependencies", "followers", "notes", "parent", "projects", "subtasks", "tags"}

func (s *Server) duplicateTask(rq *request) reply {
	src, err := rq.pathEditableTask()
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
	include, err := includeSet(b, taskIncludes)
	if err != nil {
		return rq.fail(err)
	}
	var memberships []TaskMembership
	if include["projects"] {
		memberships = src.Memberships
	}
	parent := ""
	if include["parent"] {
		parent = src.ParentGID
	}
	t := s.copyTaskLocked(rq, src, name, parent, memberships, include)
	j := s.newJobLocked(rq, "duplicate_task", "", t.GID)
	return rq.jobCreated(j)
}

// copyTaskLocked copies src as a new incomplete task named name, in the
// given memberships and under parent, with what include asks for (notes,
// assignee, dates, followers, attachments, dependencies, subtasks).
func (s *Server) copyTaskLocked(rq *request, src *Task, name, parent string, memberships []TaskMembership, include map[string]bool) *Task {
	t := Task{WorkspaceGID: src.WorkspaceGID, Name: name, ResourceSubtype: src.ResourceSubtype, ParentGID: parent,
		Memberships: slices.Clone(memberships), CreatedByGID: rq.p.user.GID, FollowerGIDs: []string{rq.p.user.GID},
		CreatedAt: rq.now, ModifiedAt: rq.now}
	if include["notes"] {
		t.Notes = src.Notes
	}
	if include["assignee"] {
		t.AssigneeGID = src.AssigneeGID
	}
	if include["dates"] {
		t.DueOn, t.DueAt, t.StartOn = src.DueOn, src.DueAt, src.StartOn
	}
	if include["followers"] {
		for _, f := range src.FollowerGIDs {
			t.FollowerGIDs = appendUnique(t.FollowerGIDs, f)
		}
	}
	created, err := s.addTaskLocked(t)
	if err != nil {
		panic("asanatest: copying a valid task failed: " + err.Error())
	}
	nt := s.st.tasks.get(created.GID)
	if include["attachments"] {
		for _, ag := range s.st.taskAttachments[src.GID] {
			a := *s.st.attachments.get(ag)
			a.GID, a.ParentGID, a.CreatedAt = s.st.newGID(), nt.GID, rq.now
			s.st.attachments.put(a.GID, &a)
			s.st.taskAttachments.add(nt.GID, a.GID)
		}
	}
	if include["dependencies"] {
		for _, d := range src.DependencyGIDs {
			if dep := s.st.liveTask(d); dep != nil {
				linkDependency(nt, dep)
			}
		}
	}
	if include["subtasks"] {
		for _, g := range slices.Clone(src.SubtaskGIDs) {
			if sub := s.st.liveTask(g); sub != nil {
				s.copyTaskLocked(rq, sub, sub.Name, nt.GID, nil, include)
			}
		}
	}
	return nt
}

// taskFilter reads completed_since and modified_since, shared by the task
// lists: it keeps live tasks, incomplete or completed since, and modified
// at or after modified_since.
func (rq *request) taskFilter() (func(t *Task) bool, error) {
	var completedSince time.Time
	onlyIncomplete := false
	if v := rq.query.Get("completed_since"); v == "now" {
		onlyIncomplete = true
	} else {
		var err error
		if completedSince, err = rq.queryTime("completed_since"); err != nil {
			return nil, err
		}
	}
	modifiedSince, err := rq.queryTime("modified_since")
	if err != nil {
		return nil, err
	}
	return func(t *Task) bool {
		if t == nil || t.Deleted {
			return false
		}
		if t.Completed && (onlyIncomplete || !completedSince.IsZero() && t.CompletedAt.Before(completedSince)) {
			return false
		}
		return modifiedSince.IsZero() || !t.ModifiedAt.Before(modifiedSince)
	}, nil
}

// projectTasksReply lists the tasks of p (of one section if sec is set).
func (s *Server) projectTasksReply(rq *request, p *Project, sec string) reply {
	keep, err := rq.taskFilter()
	if err != nil {
		return rq.fail(err)
	}
	order := rq.st.projectTasks[p.GID]
	pg, err := rq.paginateWalk(func(after string) (iter.Seq[string], bool) {
		return order.after(p.SectionGIDs, sec, after)
	}, func(g string) bool { return keep(rq.st.tasks.get(g)) }, false)
	if err != nil {
		return rq.fail(err)
	}
	return rq.list(s.kinds.task, pg, rq.taskByGID)
}

const msgTaskListFilter = "Must specify exactly one of project, tag, section, user task list, or assignee + workspace"

// getTasks lists the tasks of a project, a section, or an assignee in a
// workspace, with completed_since and modified_since filters.
func (s *Server) getTasks(rq *request) reply {
	q := rq.query
	n := 0
	for _, k := range []string{"project", "section", "tag", "user_task_list"} {
		if q.Get(k) != "" {
			n++
		}
	}
	if q.Get("assignee") != "" || q.Get("workspace") != "" {
		n++
		if q.Get("assignee") == "" || q.Get("workspace") == "" {
			return rq.fail(errorf(http.StatusBadRequest, msgTaskListFilter))
		}
	}
	if n != 1 {
		return rq.fail(errorf(http.StatusBadRequest, msgTaskListFilter))
	}
	switch {
	case q.Get("project") != "":
		p, err := rq.projectParam("project", q.Get("project"))
		if err != nil {
			return rq.fail(err)
		}
		return s.projectTasksReply(rq, p, "")
	case q.Get("section") != "":
		sec, p, err := rq.sectionParam("section", q.Get("section"))
		if err != nil {
			return rq.fail(err)
		}
		return s.projectTasksReply(rq, p, sec.GID)
	case q.Get("tag") != "":
		g, err := checkGID("tag", q.Get("tag"))
		if err == nil {
			err = notFound("tag", g)
		}
		return rq.fail(err)
	case q.Get("user_task_list") != "":
		g, err := checkGID("user_task_list", q.Get("user_task_list"))
		if err == nil {
			err = notFound("user_task_list", g)
		}
		return rq.fail(err)
	}
	ws, err := rq.workspaceParam("workspace", q.Get("workspace"))
	if err != nil {
		return rq.fail(err)
	}
	u, err := rq.userParam("assignee", q.Get("assignee"))
	if err != nil {
		return rq.fail(err)
	}
	keep, err := rq.taskFilter()
	if err != nil {
		return rq.fail(err)
	}
	pg, err := rq.paginate(rq.st.tasks.order, func(g string) bool {
		t := rq.st.tasks.get(g)
		return t.AssigneeGID == u.GID && t.WorkspaceGID == ws.GID && keep(t) && s.canSeeTask(rq.p, t)
	})
	if err != nil {
		return rq.fail(err)
	}
	return rq.list(s.kinds.task, pg, rq.taskByGID)
}

func (s *Server) getTasksForProject(rq *request) reply {
	p, err := rq.pathProject()
	if err != nil {
		return rq.fail(err)
	}
	return s.projectTasksReply(rq, p, "")
}

func (s *Server) getTasksForSection(rq *request) reply {
	sec, p, err := rq.pathSection()
	if err != nil {
		return rq.fail(err)
	}
	return s.projectTasksReply(rq, p, sec.GID)
}

func (s *Server) getSubtasksForTask(rq *request) reply {
	t, err := rq.pathTask()
	if err != nil {
		return rq.fail(err)
	}
	keep, err := rq.taskFilter()
	if err != nil {
		return rq.fail(err)
	}
	pg, err := rq.paginateOrdered(t.SubtaskGIDs, func(g string) bool { return keep(rq.st.tasks.get(g)) })
	if err != nil {
		return rq.fail(err)
	}
	return rq.list(s.kinds.task, pg, rq.taskByGID)
}

// setParentForTask moves a task under another (or to the top level with
// parent null), optionally before or after one of the new parent's
// subtasks. A task cannot become its own descendant.
func (s *Server) setParentForTask(rq *request) reply {
	t, err := rq.pathEditableTask()
	if err != nil {
		return rq.fail(err)
	}
	b, err := rq.body()
	if err != nil {
		return rq.fail(err)
	}
	if !b.has("parent") {
		return rq.fail(missingInput("parent"))
	}
	pg, err := b.gid("parent", false)
	if err != nil {
		return rq.fail(err)
	}
	var parent *Task
	if pg != "" {
		if parent, err = rq.editableTask("parent", pg); err != nil {
			return rq.fail(err)
		}
		if parent.WorkspaceGID != t.WorkspaceGID {
			return rq.fail(badRequest("parent", "Task %s is not in the task's workspace", pg))
		}
		for a := parent; a != nil; a = rq.st.tasks.get(a.ParentGID) {
			if a.GID == t.GID {
				return rq.fail(badRequest("parent", "Cannot make a task a subtask of itself or of its own subtask"))
			}
			if a.ParentGID == "" {
				break
			}
		}
	}
	pos := -1
	if parent != nil {
		if pos, err = siblingPosition(b, parent, t.GID); err != nil {
			return rq.fail(err)
		}
	}
	if old := rq.st.tasks.get(t.ParentGID); old != nil {
		old.SubtaskGIDs = removeValue(old.SubtaskGIDs, t.GID)
		old.ModifiedAt = rq.now
	}
	t.ParentGID = ""
	if parent != nil {
		subs := removeValue(parent.SubtaskGIDs, t.GID)
		if pos < 0 || pos > len(subs) {
			pos = len(subs)
		}
		parent.SubtaskGIDs = slices.Insert(slices.Clone(subs), pos, t.GID)
		parent.ModifiedAt = rq.now
		t.ParentGID = parent.GID
	}
	t.ModifiedAt = rq.now
	return rq.one(s.kinds.task, t)
}

// siblingPosition reads insert_before/insert_after among parent's
// subtasks (other than self) and returns the index to insert at, -1 for
// the end.
func siblingPosition(b *body, parent *Task, self string) (int, error) {
	subs := removeValue(parent.SubtaskGIDs, self)
	before, err := b.gid("insert_before", false)
	if err != nil {
		return 0, err
	}
	after, err := b.gid("insert_after", false)
	if err != nil {
		return 0, err
	}
	switch {
	case before != "" && after != "":
		return 0, badRequest("insert_before", "You may only provide one of insert_before and insert_after")
	case before != "":
		if i := indexOf(subs, before); i >= 0 {
			return i, nil
		}
		return 0, badRequest("insert_before", "Not a subtask of %s: %s", parent.GID, before)
	case after != "":
		if i := indexOf(subs, after); i >= 0 {
			return i + 1, nil
		}
		return 0, badRequest("insert_after", "Not a subtask of %s: %s", parent.GID, after)
	case b.has("insert_after"): // null: at the beginning
		return 0, nil
	}
	return -1, nil
}

// maxDependencies is Asana's cap on a task's dependencies plus dependents.
const maxDependencies = 30

func (s *Server) getDependencyList(side func(*Task) []string) handlerFunc {
	return func(rq *request) reply {
		t, err := rq.pathTask()
		if err != nil {
			return rq.fail(err)
		}
		pg, err := rq.paginateOrdered(side(t), func(g string) bool {
			d := rq.st.liveTask(g)
			return d != nil && s.canSeeTask(rq.p, d)
		})
		if err != nil {
			return rq.fail(err)
		}
		return rq.list(s.kinds.task, pg, rq.taskByGID)
	}
}

// linkDependency makes t depend on dep.
func linkDependency(t, dep *Task) {
	t.DependencyGIDs = appendUnique(t.DependencyGIDs, dep.GID)
	dep.DependentGIDs = appendUnique(dep.DependentGIDs, t.GID)
}

func unlinkDependency(t, dep *Task) {
	t.DependencyGIDs = removeValue(t.DependencyGIDs, dep.GID)
	dep.DependentGIDs = removeValue(dep.DependentGIDs, t.GID)
}

// dependsOn reports whether a (transitively) depends on b.
func (st *state) dependsOn(a, b string, seen map[string]bool) bool {
	if a == b {
		return true
	}
	if seen[a] {
		return false
	}
	seen[a] = true
	t := st.tasks.get(a)
	for _, d := range t.DependencyGIDs {
		if st.dependsOn(d, b, seen) {
			return true
		}
	}
	return false
}

// changeDependencies serves add/remove Dependencies/Dependents: field is
// the body's list; add links, otherwise unlinks. Both tasks are modified.
func (s *Server) changeDependencies(field string, add bool) handlerFunc {
	return func(rq *request) reply {
		t, err := rq.pathEditableTask()
		if err != nil {
			return rq.fail(err)
		}
		b, err := rq.body()
		if err != nil {
			return rq.fail(err)
		}
		gids, err := b.gidList(field, true)
		if err != nil {
			return rq.fail(err)
		}
		for _, g := range gids {
			o, err := rq.taskParam(field, g)
			if err != nil {
				return rq.fail(err)
			}
			waiting, blocking := t, o // t depends on o
			if field == "dependents" {
				waiting, blocking = o, t
			}
			if !add {
				unlinkDependency(waiting, blocking)
				waiting.ModifiedAt, blocking.ModifiedAt = rq.now, rq.now
				continue
			}
			if o.WorkspaceGID != t.WorkspaceGID {
				return rq.fail(badRequest(field, "Task %s is not in the task's workspace", g))
			}
			if slices.Contains(waiting.DependencyGIDs, blocking.GID) {
				continue
			}
			if rq.st.dependsOn(blocking.GID, waiting.GID, map[string]bool{}) {
				return rq.fail(badRequest(field, "Cannot add a circular dependency: %s", g))
			}
			for _, x := range []*Task{waiting, blocking} {
				if len(x.DependencyGIDs)+len(x.DependentGIDs) >= maxDependencies {
					return rq.fail(badRequest(field, "Task %s would have more than %d dependencies and dependents", x.GID, maxDependencies))
				}
			}
			linkDependency(waiting, blocking)
			waiting.ModifiedAt, blocking.ModifiedAt = rq.now, rq.now
		}
		return rq.empty()
	}
}

// placement says where a task goes in a project: a section, and
// before/after a task of the project, at the top of the section, or (by
// default) at the bottom.
type placement struct {
	section       string
	before, after string
	top           bool
}

// taskPlacement reads insert_before/insert_after (tasks of project p) and,
// unless fixedSection is set, section. Only one of them may be given. For
// addTaskForSection (fixedSection) the default is the top of the section;
// for addProject, insert_after null means the top of the list and
// insert_before null its end.
func (rq *request) taskPlacement(b *body, p *Project, fixedSection string, top bool) (placement, error) {
	pl := placement{section: fixedSection, top: top}
	before, err := b.gid("insert_before", false)
	if err != nil {
		return pl, err
	}
	after, err := b.gid("insert_after", false)
	if err != nil {
		return pl, err
	}
	section := ""
	if fixedSection == "" {
		if section, err = b.gid("section", false); err != nil {
			return pl, err
		}
	}
	given := 0
	for _, v := range []string{before, after, section} {
		if v != "" {
			given++
		}
	}
	if given > 1 {
		return pl, badRequest("insert_before", "You may only provide one of insert_before, insert_after and section")
	}
	anchor := func(name, g string) (string, error) {
		a := rq.st.liveTask(g)
		if a == nil || !inProject(a, p.GID) {
			return "", badRequest(name, "Not a task of project %s: %s", p.GID, g)
		}
		sec := taskSection(a, p.GID)
		if fixedSection != "" && sec != fixedSection {
			return "", badRequest(name, "Not a task of section %s: %s", fixedSection, g)
		}
		return sec, nil
	}
	switch {
	case before != "":
		pl.before, pl.top = before, false
		pl.section, err = anchor("insert_before", before)
	case after != "":
		pl.after, pl.top = after, false
		pl.section, err = anchor("insert_after", after)
	case section != "":
		if !slices.Contains(p.SectionGIDs, section) {
			return pl, badRequest("section", "Not a section of project %s: %s", p.GID, section)
		}
		pl.section = section
	case fixedSection == "" && b.has("insert_after"):
		pl.top = true // insert_after null: the beginning of the list
	}
	if pl.section == "" && len(p.SectionGIDs) > 0 {
		pl.section = p.SectionGIDs[0]
	}
	return pl, err
}

// placeTaskLocked puts t into project p as pl says (moving it if it is
// there already) and records the change on the task.
func (s *Server) placeTaskLocked(rq *request, t *Task, p *Project, pl placement) {
	wasIn := inProject(t, p.GID)
	rq.st.taskOrder(p.GID).place(t.GID, pl.section, taskPlace{before: pl.before, after: pl.after, top: pl.top})
	if wasIn {
		for i := range t.Memberships {
			if t.Memberships[i].ProjectGID == p.GID {
				t.Memberships[i].SectionGID = pl.section
			}
		}
		t.ModifiedAt = rq.now
		return
	}
	t.Memberships = append(slices.Clone(t.Memberships), TaskMembership{ProjectGID: p.GID, SectionGID: pl.section})
	rq.addStoryLocked(t, "added_to_project", "added to "+p.Name)
}

// removeTaskFromProjectLocked drops t's membership of project pg.
func (s *Server) removeTaskFromProjectLocked(t *Task, pg string) {
	t.Memberships = slices.DeleteFunc(slices.Clone(t.Memberships), func(m TaskMembership) bool { return m.ProjectGID == pg })
	s.st.projectTasks[pg].remove(t.GID)
}

// taskAndBodyProject resolves the path's task (for writing) and the
// body's project, for addProject and removeProject.
func (rq *request) taskAndBodyProject() (*Task, *Project, error) {
	t, err := rq.pathEditableTask()
	if err != nil {
		return nil, nil, err
	}
	b, err := rq.body()
	if err != nil {
		return nil, nil, err
	}
	pg, err := b.gid("project", true)
	if err != nil {
		return nil, nil, err
	}
	p, err := rq.projectParam("project", pg)
	return t, p, err
}

func (s *Server) addProjectForTask(rq *request) reply {
	t, p, err := rq.taskAndBodyProject()
	if err != nil {
		return rq.fail(err)
	}
	if !s.canEditProject(rq.p, p) {
		return rq.fail(forbidden("You do not have permission to add tasks to this project"))
	}
	if p.WorkspaceGID != t.WorkspaceGID {
		return rq.fail(badRequest("project", "Project %s is not in the task's workspace", p.GID))
	}
	pl, err := rq.taskPlacement(rq.data, p, "", false)
	if err != nil {
		return rq.fail(err)
	}
	s.placeTaskLocked(rq, t, p, pl)
	return rq.empty()
}

func (s *Server) removeProjectForTask(rq *request) reply {
	t, p, err := rq.taskAndBodyProject()
	if err != nil {
		return rq.fail(err)
	}
	if inProject(t, p.GID) {
		s.removeTaskFromProjectLocked(t, p.GID)
		rq.addStoryLocked(t, "removed_from_project", "removed from "+p.Name)
	}
	return rq.empty()
}

// tagForTask serves addTag and removeTag: tags are not modelled, so the
// tag is unknown once the task checks pass.
func (s *Server) tagForTask(rq *request) reply {
	if _, err := rq.pathEditableTask(); err != nil {
		return rq.fail(err)
	}
	b, err := rq.body()
	if err != nil {
		return rq.fail(err)
	}
	g, err := b.gid("tag", true)
	if err != nil {
		return rq.fail(err)
	}
	return rq.fail(notFound("tag", g))
}

// changeTaskFollowers applies edit for each user of the body's followers
// and answers the task.
func (s *Server) changeTaskFollowers(rq *request, edit func(t *Task, u *User) error) reply {
	t, err := rq.pathEditableTask()
	if err != nil {
		return rq.fail(err)
	}
	users, err := rq.bodyUsers("followers", true)
	if err != nil {
		return rq.fail(err)
	}
	next := t.clone()
	for _, u := range users {
		if err := edit(&next, u); err != nil {
			return rq.fail(err)
		}
	}
	next.ModifiedAt = rq.now
	*t = next
	return rq.one(s.kinds.task, t)
}

func (s *Server) addFollowersForTask(rq *request) reply {
	return s.changeTaskFollowers(rq, func(t *Task, u *User) error {
		if !rq.st.activeMember(t.WorkspaceGID, u.GID) {
			return badRequest("followers", "Not a member of the task's workspace: %s", u.GID)
		}
		t.FollowerGIDs = appendUnique(t.FollowerGIDs, u.GID)
		return nil
	})
}

func (s *Server) removeFollowerForTask(rq *request) reply {
	return s.changeTaskFollowers(rq, func(t *Task, u *User) error {
		t.FollowerGIDs = removeValue(t.FollowerGIDs, u.GID)
		return nil
	})
}

// getTaskForCustomID: custom IDs come from custom fields, which the fake
// does not model, so every custom ID is unknown.
func (s *Server) getTaskForCustomID(rq *request) reply {
	if _, err := rq.pathWorkspace(); err != nil {
		return rq.fail(err)
	}
	return rq.fail(notFound("custom_id", rq.r.PathValue("custom_id")))
}

// searchTasksForWorkspace implements the premium task search for the
// filters the fake can answer: text (name and notes), resource_subtype,
// assignee.any/not, projects.any/not, sections.any, completed, is_subtask,
// and created_at, modified_at, completed_at and due_on ranges.
func (s *Server) searchTasksForWorkspace(rq *request) reply {
	ws, err := rq.pathWorkspace()
	if err != nil {
		return rq.fail(err)
	}
	if err := s.checkPremium(ws); err != nil {
		return rq.fail(err)
	}
	q := rq.query
	text := strings.ToLower(q.Get("text"))
	assignees, err := rq.queryUsers("assignee.any")
	if err != nil {
		return rq.fail(err)
	}
	notAssignees, err := rq.queryUsers("assignee.not")
	if err != nil {
		return rq.fail(err)
	}
	projects, notProjects, sections := rq.queryList("projects.any"), rq.queryList("projects.not"), rq.queryList("sections.any")
	var ranges [3]timeRange
	for i, name := range []string{"created_at", "modified_at", "completed_at"} {
		if ranges[i], err = rq.timeRange(name); err != nil {
			return rq.fail(err)
		}
	}
	due, err := rq.dateRange("due_on")
	if err != nil {
		return rq.fail(err)
	}
	var completed, isSubtask *bool
	for name, dst := range map[string]**bool{"completed": &completed, "is_subtask": &isSubtask} {
		if q.Has(name) {
			v, err := rq.queryBool(name, false)
			if err != nil {
				return rq.fail(err)
			}
			*dst = &v
		}
	}
	subtype := q.Get("resource_subtype")
	keep := func(g string) bool {
		t := rq.st.tasks.get(g)
		if t.Deleted || t.WorkspaceGID != ws.GID {
			return false
		}
		var pgs, secs []string
		for _, m := range t.Memberships {
			pgs, secs = append(pgs, m.ProjectGID), append(secs, m.SectionGID)
		}
		switch {
		case text != "" && !strings.Contains(strings.ToLower(t.Name+"\n"+t.Notes), text),
			subtype != "" && taskSubtype(t) != subtype,
			len(assignees) > 0 && !slices.Contains(assignees, t.AssigneeGID),
			len(notAssignees) > 0 && slices.Contains(notAssignees, t.AssigneeGID),
			len(projects) > 0 && !anyIn(pgs, projects),
			len(notProjects) > 0 && anyIn(pgs, notProjects),
			len(sections) > 0 && !anyIn(secs, sections),
			completed != nil && t.Completed != *completed,
			isSubtask != nil && (t.ParentGID != "") != *isSubtask,
			!ranges[0].contains(t.CreatedAt), !ranges[1].contains(t.ModifiedAt),
			!ranges[2].contains(t.CompletedAt), !due.contains(t.DueOn):
			return false
		}
		return s.canSeeTask(rq.p, t)
	}
	return s.searchReply(rq, s.kinds.task, rq.st.tasks.order, keep, func(g string) searchKey {
		t := rq.st.tasks.get(g)
		return searchKey{created: t.CreatedAt, modified: t.ModifiedAt, completed: t.CompletedAt, due: t.DueOn}
	}, rq.taskByGID)
}
