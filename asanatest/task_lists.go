package asanatest

// Lists of tasks: of a project, a section, an assignee, a parent, and the
// premium task search.

import (
	"iter"
	"net/http"
	"slices"
	"strings"
	"time"
)

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
	return rq.list(s.kinds.task, pg)
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
	case q.Get("section") != "" && storeOf[userTaskListStore](rq.st).sections.get(q.Get("section")) != nil:
		sec, m, err := rq.myTasksSectionParam("section", q.Get("section"))
		if err != nil {
			return rq.fail(err)
		}
		return s.assigneeTasksReply(rq, m.WorkspaceGID, m.UserGID, myTasksSectionTasks(rq.st, m, sec.GID))
	case q.Get("section") != "":
		sec, p, err := rq.sectionParam("section", q.Get("section"))
		if err != nil {
			return rq.fail(err)
		}
		return s.projectTasksReply(rq, p, sec.GID)
	case q.Get("tag") != "":
		tag, err := rq.tagParam("tag", q.Get("tag"))
		if err != nil {
			return rq.fail(err)
		}
		return s.tagTasksReply(rq, tag)
	case q.Get("user_task_list") != "":
		m, err := rq.userTaskListParam("user_task_list", q.Get("user_task_list"))
		if err != nil {
			return rq.fail(err)
		}
		return s.assigneeTasksReply(rq, m.WorkspaceGID, m.UserGID, nil)
	}
	ws, err := rq.workspaceParam("workspace", q.Get("workspace"))
	if err != nil {
		return rq.fail(err)
	}
	u, err := rq.userParam("assignee", q.Get("assignee"))
	if err != nil {
		return rq.fail(err)
	}
	return s.assigneeTasksReply(rq, ws.GID, u.GID, nil)
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
	return rq.list(s.kinds.task, pg)
}

// searchTasksForWorkspace implements the premium task search for the
// filters the fake can answer: text (name and notes), resource_subtype,
// assignee.any/not, projects.any/not, sections.any, tags.any/not/all,
// completed, is_subtask, has_attachment, created_at, modified_at,
// completed_at and due_on ranges, and custom field values
// (custom_field_search.go).
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
	tags, notTags, allTags := rq.queryList("tags.any"), rq.queryList("tags.not"), rq.queryList("tags.all")
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
	var completed, isSubtask, hasAttachment *bool
	for name, dst := range map[string]**bool{"completed": &completed, "is_subtask": &isSubtask, "has_attachment": &hasAttachment} {
		if q.Has(name) {
			v, err := rq.queryBool(name, false)
			if err != nil {
				return rq.fail(err)
			}
			*dst = &v
		}
	}
	subtype := q.Get("resource_subtype")
	byFields, err := rq.customFieldFilters(ws.GID)
	if err != nil {
		return rq.fail(err)
	}
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
			len(tags) > 0 && !anyIn(t.TagGIDs, tags), len(notTags) > 0 && anyIn(t.TagGIDs, notTags),
			len(allTags) > 0 && slices.ContainsFunc(allTags, func(g string) bool { return !slices.Contains(t.TagGIDs, g) }),
			completed != nil && t.Completed != *completed,
			isSubtask != nil && (t.ParentGID != "") != *isSubtask,
			hasAttachment != nil && (len(rq.st.taskAttachments[t.GID]) > 0) != *hasAttachment,
			!ranges[0].contains(t.CreatedAt), !ranges[1].contains(t.ModifiedAt),
			!ranges[2].contains(t.CompletedAt), !due.contains(t.DueOn), !byFields(t.CustomFields):
			return false
		}
		return s.canSeeTask(rq.p, t)
	}
	return s.searchReply(rq, s.kinds.task, rq.st.tasks.order, keep, func(g string) searchKey {
		t := rq.st.tasks.get(g)
		return searchKey{created: t.CreatedAt, modified: t.ModifiedAt, completed: t.CompletedAt, due: t.DueOn}
	})
}
