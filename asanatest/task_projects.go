package asanatest

// A task's place in projects and sections: addProject, removeProject and
// the insert_before/insert_after placements they share with sections.

import "slices"

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
// insert_before null its end. The anchor cannot be the task t itself.
func (rq *request) taskPlacement(b *body, t *Task, p *Project, fixedSection string, top bool) (placement, error) {
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
		if g == t.GID {
			return "", badRequest(name, "Cannot place a task relative to itself: %s", g)
		}
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
	rq.st.numberTask(t)
	rq.addStoryLocked(t, "added_to_project", "added to "+p.Name)
}

// removeTaskFromProjectLocked drops t's membership of project pg.
func (s *Server) removeTaskFromProjectLocked(t *Task, pg string) {
	t.Memberships = slices.DeleteFunc(slices.Clone(t.Memberships), func(m TaskMembership) bool { return m.ProjectGID == pg })
	s.st.projectTasks[pg].remove(t.GID)
	s.st.dropOrphanValues(t)
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
	pl, err := rq.taskPlacement(rq.data, t, p, "", false)
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
