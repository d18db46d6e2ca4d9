package asanatest

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"time"
)

// Tasks: the tag "Tasks" of the spec. As Asana documents, a task's
// modified_at moves when any of its properties change or an association
// of its own changes (projects, sections, parent, subtasks added or
// removed, followers, dependencies, stories); not when an associated
// object (a subtask, a project) changes by itself. Tags live in tags.go,
// user task lists and My Tasks sections in user_task_lists.go; custom IDs
// are not modelled: they are always unknown (404).
func (s *Server) taskRoutes() {
	s.handle("GET /tasks", s.getTasks)
	s.handle("POST /tasks", s.createTask)
	s.handle("GET /tasks/{task_gid}", s.getTask)
	s.handle("PUT /tasks/{task_gid}", s.updateTask)
	s.handle("DELETE /tasks/{task_gid}", s.deleteTask)
	s.handle("POST /tasks/{task_gid}/duplicate", s.duplicateTask)
	s.handle("GET /projects/{project_gid}/tasks", s.getTasksForProject)
	s.handle("GET /sections/{section_gid}/tasks", s.orMyTasks("section_gid", s.getTasksForSection, s.getTasksForMyTasksSection))
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

// editableTask is taskParam for writes: members with comment or view
// access to every project of the task may not edit it (access.go).
func (rq *request) editableTask(param, gid string) (*Task, error) {
	t, err := rq.taskParam(param, gid)
	if err == nil && !rq.s.canEditTask(rq.p, t) {
		err = forbidden("You do not have permission to edit this task")
	}
	return t, err
}

func (rq *request) pathEditableTask() (*Task, error) {
	return rq.editableTask("task", rq.r.PathValue("task_gid"))
}

// addStoryLocked records a story on t by the caller; comments and system
// stories both modify the task.
func (rq *request) addStoryLocked(t *Task, subtype, text string) *Story {
	typ := "system"
	if subtype == "comment_added" {
		typ = "comment"
	}
	st := rq.st.insertStory(&Story{TaskGID: t.GID, CreatedByGID: rq.p.user.GID, ResourceSubtype: subtype,
		Type: typ, Text: text, CreatedAt: rq.now})
	t.ModifiedAt = rq.now
	return st
}

func (rq *request) userName(g string) string {
	if u := rq.st.users.get(g); u != nil {
		return u.Name
	}
	return g
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
	if err := rq.assigneeSectionField(b, &t); err != nil {
		return rq.fail(err)
	}
	if t.CustomFields, err = rq.bodyCustomFieldValues(b, wsGID, nil, func(cf string) bool { return rq.st.onProjects(memberships, cf) }); err != nil {
		return rq.fail(err)
	}
	followers, err := rq.bodyUsers("followers", false)
	if err != nil {
		return rq.fail(err)
	}
	for _, u := range followers {
		t.FollowerGIDs = appendUnique(t.FollowerGIDs, u.GID)
	}
	if t.TagGIDs, err = rq.bodyTags(b, wsGID); err != nil {
		return rq.fail(err)
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
	if err == nil {
		err = rq.assigneeSectionField(b, &next)
	}
	if err != nil {
		return rq.fail(err)
	}
	if next.CustomFields, err = rq.bodyCustomFieldValues(b, t.WorkspaceGID, next.CustomFields, func(cf string) bool { return rq.st.onProjects(t.Memberships, cf) }); err != nil {
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
	if include["tags"] {
		t.TagGIDs = slices.Clone(src.TagGIDs)
	}
	created, err := s.addTaskLocked(t)
	if err != nil {
		panic("asanatest: copying a valid task failed: " + err.Error())
	}
	nt := s.st.tasks.get(created.GID)
	// Custom field values come along where the copy's projects carry
	// their fields (a guess: Asana's include options do not name them).
	nt.CustomFields = cloneFieldValues(src.CustomFields)
	s.st.dropOrphanValues(nt)
	if include["attachments"] {
		for _, ag := range s.st.taskAttachments[src.GID] {
			a := *s.st.attachments.get(ag)
			a.GID, a.ParentGID, a.CreatedAt = "", nt.GID, rq.now
			s.st.insertAttachment(&a)
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
