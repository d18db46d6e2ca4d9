package asanatest

import (
	"net/http"
	"slices"
	"strings"
)

// Sections: the tag "Sections" of the spec. Section changes do not touch
// the project's modified_at (Asana: associations are not modifications);
// moving a task between sections modifies the task.
func (s *Server) sectionRoutes() {
	// Sections of My Tasks lists are served by user_task_lists.go.
	s.handle("GET /sections/{section_gid}", s.orMyTasks("section_gid", s.getSection, s.getMyTasksSection))
	s.handle("PUT /sections/{section_gid}", s.orMyTasks("section_gid", s.updateSection, s.updateMyTasksSection))
	s.handle("DELETE /sections/{section_gid}", s.orMyTasks("section_gid", s.deleteSection, s.deleteMyTasksSection))
	s.handle("GET /projects/{project_gid}/sections", s.orMyTasks("project_gid", s.getSectionsForProject, s.getSectionsForMyTasks))
	s.handle("POST /projects/{project_gid}/sections", s.orMyTasks("project_gid", s.createSectionForProject, s.createSectionForMyTasks))
	s.handle("POST /sections/{section_gid}/addTask", s.orMyTasks("section_gid", s.addTaskForSection, s.addTaskForMyTasksSection))
	s.handle("POST /projects/{project_gid}/sections/insert", s.insertSectionForProject)
}

// sectionParam resolves a section whose project the caller can see.
func (rq *request) sectionParam(param, gid string) (*Section, *Project, error) {
	return resolveVia(param, gid, rq.st.sections.get,
		func(sec *Section) *Project { return rq.st.projects.get(sec.ProjectGID) },
		func(p *Project) bool { return rq.s.canSeeProject(rq.p, p) })
}

func (rq *request) pathSection() (*Section, *Project, error) {
	return rq.sectionParam("section", rq.r.PathValue("section_gid"))
}

// editableSection is pathSection for writes.
func (rq *request) editableSection() (*Section, *Project, error) {
	sec, p, err := rq.pathSection()
	if err == nil && !rq.s.canEditProject(rq.p, p) {
		err = forbidden("You do not have permission to edit this project")
	}
	return sec, p, err
}

// sectionPosition reads a before/after pair of section fields and returns
// where in p's sections to insert (-1 for the end when neither is sent).
// Exactly one may be given when one is required.
func sectionPosition(b *body, p *Project, before, after string, required bool) (int, error) {
	bg, err := b.gid(before, false)
	if err != nil {
		return 0, err
	}
	ag, err := b.gid(after, false)
	if err != nil {
		return 0, err
	}
	switch {
	case bg != "" && ag != "":
		return 0, badRequest(before, "You may only provide one of %s and %s", before, after)
	case bg != "":
		i := indexOf(p.SectionGIDs, bg)
		if i < 0 {
			return 0, badRequest(before, "Not a section of project %s: %s", p.GID, bg)
		}
		return i, nil
	case ag != "":
		i := indexOf(p.SectionGIDs, ag)
		if i < 0 {
			return 0, badRequest(after, "Not a section of project %s: %s", p.GID, ag)
		}
		return i + 1, nil
	case required:
		return 0, badRequest(before, "You must provide one of %s and %s", before, after)
	}
	return -1, nil
}

// sectionWrite reads a section create or update body: the name (required)
// and where in p to put the section (-1: where it is, or the end).
func (rq *request) sectionWrite(p *Project) (name string, pos int, err error) {
	b, err := rq.body()
	if err != nil {
		return "", 0, err
	}
	if name, err = b.str("name", true); err != nil {
		return "", 0, err
	}
	if strings.TrimSpace(name) == "" {
		return "", 0, badRequest("name", "Cannot be empty")
	}
	pos, err = sectionPosition(b, p, "insert_before", "insert_after", false)
	return name, pos, err
}

func (s *Server) getSection(rq *request) reply {
	sec, _, err := rq.pathSection()
	if err != nil {
		return rq.fail(err)
	}
	return rq.one(s.kinds.section, sec)
}

// updateSection renames a section and may move it (insert_before/after).
func (s *Server) updateSection(rq *request) reply {
	sec, p, err := rq.editableSection()
	if err != nil {
		return rq.fail(err)
	}
	name, pos, err := rq.sectionWrite(p)
	if err != nil {
		return rq.fail(err)
	}
	sec.Name = name
	if pos >= 0 {
		moveSection(p, sec.GID, pos)
	}
	return rq.one(s.kinds.section, sec)
}

// moveSection moves section g of p to index pos (counted before removal).
func moveSection(p *Project, g string, pos int) {
	i := indexOf(p.SectionGIDs, g)
	gids := slices.Delete(slices.Clone(p.SectionGIDs), i, i+1)
	if pos > i {
		pos--
	}
	p.SectionGIDs = slices.Insert(gids, pos, g)
}

// deleteSection deletes an empty section that is not the project's last.
func (s *Server) deleteSection(rq *request) reply {
	sec, p, err := rq.editableSection()
	if err != nil {
		return rq.fail(err)
	}
	if len(p.SectionGIDs) <= 1 {
		return rq.fail(errorf(http.StatusBadRequest, "The last remaining section of a project cannot be deleted"))
	}
	for _, tg := range rq.st.projectTasks[p.GID].sectionTasks(sec.GID) {
		if rq.st.liveTask(tg) != nil {
			return rq.fail(errorf(http.StatusBadRequest, "Sections must be empty to be deleted"))
		}
	}
	p.SectionGIDs = removeValue(p.SectionGIDs, sec.GID)
	rq.st.sections.remove(sec.GID)
	return rq.empty()
}

func (s *Server) getSectionsForProject(rq *request) reply {
	p, err := rq.pathProject()
	if err != nil {
		return rq.fail(err)
	}
	pg, err := rq.paginateOrdered(p.SectionGIDs, nil)
	if err != nil {
		return rq.fail(err)
	}
	return rq.list(s.kinds.section, pg)
}

func (s *Server) createSectionForProject(rq *request) reply {
	p, err := rq.editableProject()
	if err != nil {
		return rq.fail(err)
	}
	name, pos, err := rq.sectionWrite(p)
	if err != nil {
		return rq.fail(err)
	}
	sec := s.st.insertSection(p, &Section{ProjectGID: p.GID, Name: name, CreatedAt: rq.now}, pos)
	return rq.created(s.kinds.section, sec, "/sections/"+sec.GID)
}

// insertSectionForProject moves a section before or after another.
func (s *Server) insertSectionForProject(rq *request) reply {
	p, err := rq.editableProject()
	if err != nil {
		return rq.fail(err)
	}
	b, err := rq.body()
	if err != nil {
		return rq.fail(err)
	}
	g, err := b.gid("section", true)
	if err != nil {
		return rq.fail(err)
	}
	if indexOf(p.SectionGIDs, g) < 0 {
		return rq.fail(badRequest("section", "Not a section of project %s: %s", p.GID, g))
	}
	pos, err := sectionPosition(b, p, "before_section", "after_section", true)
	if err != nil {
		return rq.fail(err)
	}
	moveSection(p, g, pos)
	return rq.empty()
}

// addTaskForSection moves a task into the section (adding it to the
// project if needed): at the top of the section, or before/after a task
// of that section.
func (s *Server) addTaskForSection(rq *request) reply {
	sec, p, err := rq.editableSection()
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
	pl, err := rq.taskPlacement(b, t, p, sec.GID, true)
	if err != nil {
		return rq.fail(err)
	}
	s.placeTaskLocked(rq, t, p, pl)
	return rq.empty()
}
