package asanatest

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Task templates: the tag "Task templates" of the spec. A task template
// belongs to a project; instantiateTask makes a task in that project from
// its recipe (name, description, subtype, dates relative to today) as a
// job done at once.
//
// Guesses: a task template is seen by whoever sees its project, deleted by
// whoever may edit it; the new task goes at the end of the project, outside
// any section, with the caller as its creator.
func (s *Server) taskTemplateRoutes() {
	s.handle("GET /task_templates", s.getTaskTemplates)
	s.handle("GET /task_templates/{task_template_gid}", s.getTaskTemplate)
	s.handle("DELETE /task_templates/{task_template_gid}", s.deleteTaskTemplate)
	s.handle("POST /task_templates/{task_template_gid}/instantiateTask", s.instantiateTask)
}

// TaskTemplate is a project's task template.
type TaskTemplate struct {
	GID          string
	ProjectGID   string
	Name         string
	CreatedByGID string
	CreatedAt    time.Time
	// The recipe: the new task's name, description and subtype
	// (default_task, milestone_task or approval_task; empty for
	// default_task), and its dates in days after the day it is made.
	TaskName        string
	Description     string
	TaskSubtype     string
	RelativeStartOn *int
	RelativeDueOn   *int
}

func (t TaskTemplate) clone() TaskTemplate {
	t.RelativeStartOn, t.RelativeDueOn = cloneInt(t.RelativeStartOn), cloneInt(t.RelativeDueOn)
	return t
}

func cloneInt(n *int) *int {
	if n == nil {
		return nil
	}
	v := *n
	return &v
}

// taskTemplateSubtypes maps a recipe's task_resource_subtype to the task's.
var taskTemplateSubtypes = map[string]string{"default_task": "default_task", "milestone_task": "milestone", "approval_task": "approval"}

// taskTemplateStore holds the task templates (storeOf[taskTemplateStore]).
type taskTemplateStore struct {
	templates table[TaskTemplate]
	byProject index
}

func newTaskTemplateStore() any {
	return &taskTemplateStore{templates: newTable[TaskTemplate](), byProject: make(index)}
}

func taskTemplates(st *state) *taskTemplateStore { return storeOf[taskTemplateStore](st) }

func (ts *taskTemplateStore) insert(st *state, t *TaskTemplate) *TaskTemplate {
	ts.templates.put(st.gidFor(&t.GID), t)
	ts.byProject.add(t.ProjectGID, t.GID)
	return t
}

// removeProject drops the task templates of a deleted project.
func (ts *taskTemplateStore) removeProject(projectGID string) {
	for _, g := range ts.byProject[projectGID] {
		ts.templates.remove(g)
	}
	delete(ts.byProject, projectGID)
}

func (ts *taskTemplateStore) remove(t *TaskTemplate) {
	ts.templates.remove(t.GID)
	ts.byProject.remove(t.ProjectGID, t.GID)
}

var taskTemplateKind = func() *kind {
	k := newKind("task_template", []string{"resource_type", "name"},
		[]string{"resource_type", "name", "project", "template", "created_by", "created_at"},
		map[string]func(*view, *TaskTemplate) any{
			"gid":        func(_ *view, t *TaskTemplate) any { return t.GID },
			"name":       func(_ *view, t *TaskTemplate) any { return t.Name },
			"project":    func(v *view, t *TaskTemplate) any { return v.refTo(v.kinds.project, t.ProjectGID) },
			"created_by": func(v *view, t *TaskTemplate) any { return v.refTo(v.kinds.user, t.CreatedByGID) },
			"created_at": func(_ *view, t *TaskTemplate) any { return t.CreatedAt },
			"template":   func(_ *view, t *TaskTemplate) any { return embed{k: taskTemplateRecipeKind, rec: t} },
		})
	storedIn(k, func(st *state) *table[TaskTemplate] { return &taskTemplates(st).templates })
	return k
}()

// taskTemplateRecipeKind renders a task template's recipe (the spec's
// TaskTemplateRecipe). Dependencies, followers, attachments, subtasks and
// custom fields of a recipe are not modelled.
var taskTemplateRecipeKind = func() *kind {
	fields := []string{"name", "task_resource_subtype", "description", "html_description", "memberships", "relative_start_on",
		"relative_due_on", "due_time", "dependencies", "dependents", "followers", "attachments", "subtasks", "custom_fields"}
	none := func(*view, *TaskTemplate) any { return []any{} }
	return newKind("", nil, fields, map[string]func(*view, *TaskTemplate) any{
		"name": func(_ *view, t *TaskTemplate) any { return t.TaskName },
		"task_resource_subtype": func(_ *view, t *TaskTemplate) any {
			if t.TaskSubtype == "" {
				return "default_task"
			}
			return t.TaskSubtype
		},
		"description":       func(_ *view, t *TaskTemplate) any { return t.Description },
		"html_description":  func(_ *view, t *TaskTemplate) any { return "<body>" + htmlEscape(t.Description) + "</body>" },
		"memberships":       func(v *view, t *TaskTemplate) any { return v.refs(v.kinds.project, []string{t.ProjectGID}) },
		"relative_start_on": func(_ *view, t *TaskTemplate) any { return intOrNil(t.RelativeStartOn) },
		"relative_due_on":   func(_ *view, t *TaskTemplate) any { return intOrNil(t.RelativeDueOn) },
		"due_time":          func(*view, *TaskTemplate) any { return nil },
		"dependencies":      none, "dependents": none, "followers": none, "attachments": none, "subtasks": none, "custom_fields": none,
	})
}()

func intOrNil(n *int) any {
	if n == nil {
		return nil
	}
	return *n
}

// taskTemplateParent is the project of a task template.
func (rq *request) taskTemplateParent(t *TaskTemplate) *Project {
	return rq.st.projects.get(t.ProjectGID)
}

func (rq *request) pathTaskTemplate() (*TaskTemplate, *Project, error) {
	return resolveVia("task_template", rq.r.PathValue("task_template_gid"), taskTemplates(rq.st).templates.get,
		rq.taskTemplateParent, func(p *Project) bool { return rq.s.canSeeProject(rq.p, p) })
}

// getTaskTemplates lists a project's task templates; the project is
// required (the spec marks it optional, Asana answers 400 without it).
func (s *Server) getTaskTemplates(rq *request) reply {
	pg, err := rq.queryGID("project", true)
	if err != nil {
		return rq.fail(err)
	}
	p, err := rq.projectParam("project", pg)
	if err != nil {
		return rq.fail(err)
	}
	page, err := rq.paginate(taskTemplates(rq.st).byProject[p.GID], func(string) bool { return true })
	if err != nil {
		return rq.fail(err)
	}
	return rq.list(taskTemplateKind, page)
}

func (s *Server) getTaskTemplate(rq *request) reply {
	t, _, err := rq.pathTaskTemplate()
	if err != nil {
		return rq.fail(err)
	}
	return rq.one(taskTemplateKind, t)
}

func (s *Server) deleteTaskTemplate(rq *request) reply {
	t, p, err := rq.pathTaskTemplate()
	if err != nil {
		return rq.fail(err)
	}
	if !s.canEditProject(rq.p, p) {
		return rq.fail(forbidden("You do not have permission to delete this task template"))
	}
	taskTemplates(rq.st).remove(t)
	return rq.empty()
}

// instantiateTask makes a task in the template's project from its recipe.
func (s *Server) instantiateTask(rq *request) reply {
	t, p, err := rq.pathTaskTemplate()
	if err != nil {
		return rq.fail(err)
	}
	if !s.canEditProject(rq.p, p) {
		return rq.fail(forbidden("You do not have permission to add tasks to this project"))
	}
	b, err := rq.body()
	if err != nil {
		return rq.fail(err)
	}
	name, err := b.str("name", false)
	if err != nil {
		return rq.fail(err)
	}
	if name == "" {
		name = t.TaskName
	}
	day := func(n *int) string {
		if n == nil {
			return ""
		}
		return rq.now.AddDate(0, 0, *n).Format(time.DateOnly)
	}
	task := s.st.insertTask(&Task{WorkspaceGID: p.WorkspaceGID, Name: name, Notes: t.Description,
		ResourceSubtype: taskTemplateSubtypes[t.TaskSubtype], StartOn: day(t.RelativeStartOn), DueOn: day(t.RelativeDueOn),
		Memberships: []TaskMembership{{ProjectGID: p.GID}}, CreatedByGID: rq.p.user.GID, CreatedAt: rq.now, ModifiedAt: rq.now})
	j := s.newJobLocked(rq, "instantiate_task", "", task.GID)
	return rq.jobCreated(j)
}

// AddTaskTemplate seeds a task template on a project.
func (s *Server) AddTaskTemplate(t TaskTemplate) (TaskTemplate, error) {
	if strings.TrimSpace(t.Name) == "" {
		return TaskTemplate{}, errors.New("asanatest: task template needs a name")
	}
	if t.TaskSubtype != "" && taskTemplateSubtypes[t.TaskSubtype] == "" {
		return TaskTemplate{}, fmt.Errorf("asanatest: unknown task template subtype %q", t.TaskSubtype)
	}
	if t.RelativeStartOn != nil && t.RelativeDueOn != nil && *t.RelativeStartOn > *t.RelativeDueOn {
		return TaskTemplate{}, errors.New("asanatest: task template starts after it is due")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.st.projects.get(t.ProjectGID) == nil {
		return TaskTemplate{}, fmt.Errorf("asanatest: no project %q", t.ProjectGID)
	}
	if t.CreatedByGID != "" && s.st.users.get(t.CreatedByGID) == nil {
		return TaskTemplate{}, fmt.Errorf("asanatest: no user %s", t.CreatedByGID)
	}
	if t.TaskName == "" {
		t.TaskName = t.Name
	}
	t.GID = ""
	t.CreatedAt = s.stamp(t.CreatedAt)
	t = t.clone()
	return taskTemplates(s.st).insert(s.st, &t).clone(), nil
}

// TaskTemplate returns a copy of the task template with that GID.
func (s *Server) TaskTemplate(gid string) (TaskTemplate, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	t := taskTemplates(s.st).templates.get(gid)
	if t == nil {
		return TaskTemplate{}, false
	}
	return t.clone(), true
}
