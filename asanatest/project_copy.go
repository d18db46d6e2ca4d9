package asanatest

import (
	"slices"
	"strings"
	"time"
)

// Copies of a project: duplicateProject and saving it as a template, both
// as jobs.

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
	s.st.insertProject(p)
	customFields(rq.st).copySettings(rq.st, src.GID, p.GID)
	sections := map[string]string{}
	for _, sg := range src.SectionGIDs {
		if sec := rq.st.sections.get(sg); sec != nil {
			sections[sg] = s.st.insertSection(p, &Section{ProjectGID: p.GID, Name: sec.Name, CreatedAt: rq.now}, -1).GID
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

// projectSaveAsTemplate makes a project template from a project (its
// sections and tasks, due dates as days after the project's start) and
// answers the save_as_template job that did it. Guess: a task without a
// due date, or a project without a start, gives a task with no date offset.
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
	public, err := b.boolean("public", false)
	if err != nil {
		return rq.fail(err)
	}
	team, err := rq.bodyTeam(p.WorkspaceGID)
	if err != nil {
		return rq.fail(err)
	}
	if team == nil && rq.st.workspaces.get(p.WorkspaceGID).IsOrganization {
		return rq.fail(missingInput("team"))
	}
	teamGID := p.TeamGID
	if team != nil {
		teamGID = team.GID
	}
	t := &ProjectTemplate{WorkspaceGID: p.WorkspaceGID, TeamGID: teamGID, OwnerGID: rq.p.user.GID, Name: name,
		Description: p.Notes, Color: p.Color, Public: public, CreatedAt: rq.now}
	start, startErr := time.Parse(time.DateOnly, p.StartOn)
	if due, err := time.Parse(time.DateOnly, p.DueOn); err == nil && startErr == nil && due.After(start) {
		t.DurationDays = int(due.Sub(start).Hours() / 24)
	}
	// Tasks outside any section go to a leading "Untitled section".
	at := map[string]int{}
	for _, sg := range p.SectionGIDs {
		if sec := rq.st.sections.get(sg); sec != nil {
			at[sg] = len(t.Sections)
			t.Sections = append(t.Sections, TemplateSection{Name: sec.Name})
		}
	}
	untitled := -1
	for _, tg := range rq.st.projectTasks[p.GID].tasks() {
		task := rq.st.liveTask(tg)
		if task == nil {
			continue
		}
		sg := ""
		for _, m := range task.Memberships {
			if m.ProjectGID == p.GID {
				sg = m.SectionGID
			}
		}
		si, ok := at[sg]
		if !ok {
			if untitled < 0 {
				t.Sections = slices.Insert(t.Sections, 0, TemplateSection{Name: "Untitled section"})
				for k := range at {
					at[k]++
				}
				untitled = 0
			}
			si = untitled
		}
		tt := TemplateTask{Name: task.Name, Notes: task.Notes}
		if due, err := time.Parse(time.DateOnly, task.DueOn); err == nil && startErr == nil {
			n := int(due.Sub(start).Hours() / 24)
			tt.DueOffset = &n
		}
		t.Sections[si].Tasks = append(t.Sections[si].Tasks, tt)
	}
	projectTemplates(rq.st).insert(rq.st, t)
	j := s.newJobLocked(rq, "save_as_template", "", "")
	j.NewProjectTemplateGID = t.GID
	return rq.jobCreated(j)
}
