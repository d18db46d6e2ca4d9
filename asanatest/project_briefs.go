package asanatest

import (
	"fmt"
	"net/http"
)

// Project briefs: the tag "Project briefs" of the spec. A project has at
// most one brief (the project's project_brief); whoever can see the
// project can read it, whoever can edit the project can write it.
// Creating a second brief is a 400 (a guess: Asana documents no answer).
// A brief goes with its project, and its attachments with it.
func (s *Server) projectBriefRoutes() {
	s.handle("POST /projects/{project_gid}/project_briefs", s.createProjectBrief)
	s.handle("GET /project_briefs/{project_brief_gid}", s.getProjectBrief)
	s.handle("PUT /project_briefs/{project_brief_gid}", s.updateProjectBrief)
	s.handle("DELETE /project_briefs/{project_brief_gid}", s.deleteProjectBrief)
}

// ProjectBrief is a project's brief. Text is plain; html_text renders it.
type ProjectBrief struct {
	GID        string
	ProjectGID string
	Title      string
	Text       string
}

// projectBriefStore holds the briefs (storeOf[projectBriefStore]).
type projectBriefStore struct {
	briefs    table[ProjectBrief]
	byProject map[string]string // project gid to brief gid
}

func newProjectBriefStore() any {
	return &projectBriefStore{briefs: newTable[ProjectBrief](), byProject: map[string]string{}}
}

func projectBriefs(st *state) *projectBriefStore { return storeOf[projectBriefStore](st) }

func (bs *projectBriefStore) insert(st *state, b *ProjectBrief) *ProjectBrief {
	bs.briefs.put(st.gidFor(&b.GID), b)
	bs.byProject[b.ProjectGID] = b.GID
	return b
}

// remove drops a brief and its attachments.
func (bs *projectBriefStore) remove(st *state, b *ProjectBrief) {
	for _, ag := range append([]string(nil), st.taskAttachments[b.GID]...) {
		st.attachments.remove(ag)
	}
	delete(st.taskAttachments, b.GID)
	delete(bs.byProject, b.ProjectGID)
	bs.briefs.remove(b.GID)
}

// removeProject drops the brief of a deleted project.
func (bs *projectBriefStore) removeProject(st *state, projectGID string) {
	if b := bs.briefs.get(bs.byProject[projectGID]); b != nil {
		bs.remove(st, b)
	}
}

// briefParam resolves a brief whose project the caller can see (or edit).
func (rq *request) briefParam(param, gid string, edit bool) (*ProjectBrief, *Project, error) {
	if _, err := checkGID(param, gid); err != nil {
		return nil, nil, err
	}
	b := projectBriefs(rq.st).briefs.get(gid)
	if b == nil {
		return nil, nil, notFound(param, gid)
	}
	p := rq.st.projects.get(b.ProjectGID)
	switch {
	case p == nil:
		return nil, nil, notFound(param, gid)
	case !rq.s.canSeeProject(rq.p, p):
		return nil, nil, forbidden("")
	case edit && !rq.s.canEditProject(rq.p, p):
		return nil, nil, forbidden("You do not have permission to edit this project")
	}
	return b, p, nil
}

// briefFields applies title and text (or html_text) from a request body.
func briefFields(b *body, br *ProjectBrief) error {
	if b.has("title") {
		t, err := b.str("title", false)
		if err != nil {
			return err
		}
		br.Title = t
	}
	text, err := notesField(b, "text", "html_text")
	if err != nil {
		return err
	}
	if text != nil {
		br.Text = *text
	}
	return nil
}

func (s *Server) createProjectBrief(rq *request) reply {
	p, err := rq.editableProject()
	if err != nil {
		return rq.fail(err)
	}
	if projectBriefs(rq.st).byProject[p.GID] != "" {
		return rq.fail(errorf(http.StatusBadRequest, "project: This project already has a project brief"))
	}
	b, err := rq.body()
	if err != nil {
		return rq.fail(err)
	}
	br := &ProjectBrief{ProjectGID: p.GID}
	if err := briefFields(b, br); err != nil {
		return rq.fail(err)
	}
	projectBriefs(rq.st).insert(rq.st, br)
	p.ModifiedAt = rq.now
	return rq.created(projectBriefKind, br, "/project_briefs/"+br.GID)
}

func (s *Server) getProjectBrief(rq *request) reply {
	br, _, err := rq.briefParam("project_brief", rq.r.PathValue("project_brief_gid"), false)
	if err != nil {
		return rq.fail(err)
	}
	return rq.one(projectBriefKind, br)
}

func (s *Server) updateProjectBrief(rq *request) reply {
	br, p, err := rq.briefParam("project_brief", rq.r.PathValue("project_brief_gid"), true)
	if err != nil {
		return rq.fail(err)
	}
	b, err := rq.body()
	if err != nil {
		return rq.fail(err)
	}
	next := *br
	if err := briefFields(b, &next); err != nil {
		return rq.fail(err)
	}
	*br = next
	p.ModifiedAt = rq.now
	return rq.one(projectBriefKind, br)
}

func (s *Server) deleteProjectBrief(rq *request) reply {
	br, p, err := rq.briefParam("project_brief", rq.r.PathValue("project_brief_gid"), true)
	if err != nil {
		return rq.fail(err)
	}
	projectBriefs(rq.st).remove(rq.st, br)
	p.ModifiedAt = rq.now
	return rq.empty()
}

// projectBriefKind renders a brief (the spec's ProjectBriefResponse; text
// is opt-in there).
var projectBriefKind = func() *kind {
	k := newKind("project_brief", []string{"resource_type"},
		[]string{"resource_type", "title", "html_text", "permalink_url", "project"},
		map[string]func(*view, *ProjectBrief) any{
			"gid":           func(_ *view, b *ProjectBrief) any { return b.GID },
			"title":         func(_ *view, b *ProjectBrief) any { return b.Title },
			"text":          func(_ *view, b *ProjectBrief) any { return b.Text },
			"html_text":     func(_ *view, b *ProjectBrief) any { return htmlBody(b.Text) },
			"permalink_url": func(v *view, b *ProjectBrief) any { return v.base + "/0/" + b.ProjectGID + "/brief" },
			"project":       func(v *view, b *ProjectBrief) any { return v.refTo(v.kinds.project, b.ProjectGID) },
		})
	storedIn(k, func(st *state) *table[ProjectBrief] { return &projectBriefs(st).briefs })
	return k
}()

// addProjectBriefFields gives projects their project_brief.
func (k *kinds) addProjectBriefFields() {
	k.project.fields["project_brief"] = field(func(v *view, p *Project) any {
		return v.refTo(projectBriefKind, projectBriefs(v.st).byProject[p.GID])
	})
}

// AddProjectBrief adds a brief to a project that has none.
func (s *Server) AddProjectBrief(b ProjectBrief) (ProjectBrief, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.st.projects.get(b.ProjectGID) == nil {
		return ProjectBrief{}, fmt.Errorf("asanatest: no project %q", b.ProjectGID)
	}
	if projectBriefs(s.st).byProject[b.ProjectGID] != "" {
		return ProjectBrief{}, fmt.Errorf("asanatest: project %s already has a brief", b.ProjectGID)
	}
	b.GID = ""
	projectBriefs(s.st).insert(s.st, &b)
	return b, nil
}

// ProjectBrief returns a project brief.
func (s *Server) ProjectBrief(gid string) (ProjectBrief, bool) {
	return get(s, func(st *state) *ProjectBrief { return projectBriefs(st).briefs.get(gid) }, nil)
}
