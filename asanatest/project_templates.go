package asanatest

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Project templates: the tag "Project templates" of the spec. A template
// belongs to a team and holds sections of tasks whose dates are offsets
// from the project's start; saveAsTemplate (project_copy.go) makes one
// from a project, instantiateProject makes a project from one, both as
// jobs that are done at once.
//
// Guesses: a template requests one date variable, gid "1" (the project's
// start date, as the spec names it); a private template is seen by its
// owner, its team's members and admins; deleting takes the owner or an
// admin; a missing date with is_strict is a 400 (Asana documents a 422,
// which the spec does not list).
func (s *Server) projectTemplateRoutes() {
	s.handle("GET /project_templates", s.getProjectTemplates)
	s.handle("GET /project_templates/{project_template_gid}", s.getProjectTemplate)
	s.handle("DELETE /project_templates/{project_template_gid}", s.deleteProjectTemplate)
	s.handle("GET /teams/{team_gid}/project_templates", s.getProjectTemplatesForTeam)
	s.handle("POST /project_templates/{project_template_gid}/instantiateProject", s.instantiateProject)
}

// ProjectTemplate is a team's project template.
type ProjectTemplate struct {
	GID          string
	WorkspaceGID string
	TeamGID      string
	OwnerGID     string
	Name         string
	Description  string
	Color        string
	Public       bool
	// DurationDays is the project's due date as days after its start
	// (0: the project gets no due date).
	DurationDays int
	Sections     []TemplateSection
	CreatedAt    time.Time
}

// TemplateSection is a section of a project template with its tasks.
type TemplateSection struct {
	Name  string
	Tasks []TemplateTask
}

// TemplateTask is a task of a project template; DueOffset, when set, is
// its due date in days after the project's start.
type TemplateTask struct {
	Name      string
	Notes     string
	DueOffset *int
}

func (t ProjectTemplate) clone() ProjectTemplate {
	t.Sections = slices.Clone(t.Sections)
	for i := range t.Sections {
		t.Sections[i].Tasks = slices.Clone(t.Sections[i].Tasks)
		for j := range t.Sections[i].Tasks {
			t.Sections[i].Tasks[j].DueOffset = cloneInt(t.Sections[i].Tasks[j].DueOffset)
		}
	}
	return t
}

// projectTemplateStore holds the project templates (storeOf[projectTemplateStore]).
type projectTemplateStore struct {
	templates table[ProjectTemplate]
	byTeam    index
	byWS      index
}

func newProjectTemplateStore() any {
	return &projectTemplateStore{templates: newTable[ProjectTemplate](), byTeam: make(index), byWS: make(index)}
}

func projectTemplates(st *state) *projectTemplateStore { return storeOf[projectTemplateStore](st) }

func (ps *projectTemplateStore) insert(st *state, t *ProjectTemplate) *ProjectTemplate {
	ps.templates.put(st.gidFor(&t.GID), t)
	ps.byTeam.add(t.TeamGID, t.GID)
	ps.byWS.add(t.WorkspaceGID, t.GID)
	return t
}

func (ps *projectTemplateStore) remove(t *ProjectTemplate) {
	ps.templates.remove(t.GID)
	ps.byTeam.remove(t.TeamGID, t.GID)
	ps.byWS.remove(t.WorkspaceGID, t.GID)
}

// startDateVariable is the one date variable a template requests.
var startDateVariable = map[string]any{"gid": "1", "name": "Start Date", "description": "Choose a start date for your project."}

var projectTemplateKind = func() *kind {
	k := newKind("project_template", []string{"resource_type", "name"},
		[]string{"resource_type", "name", "description", "html_description", "public", "owner", "team", "requested_dates", "color", "requested_roles"},
		map[string]func(*view, *ProjectTemplate) any{
			"gid":              func(_ *view, t *ProjectTemplate) any { return t.GID },
			"name":             func(_ *view, t *ProjectTemplate) any { return t.Name },
			"description":      func(_ *view, t *ProjectTemplate) any { return t.Description },
			"html_description": func(_ *view, t *ProjectTemplate) any { return "<body>" + htmlEscape(t.Description) + "</body>" },
			"public":           func(_ *view, t *ProjectTemplate) any { return t.Public },
			"owner":            func(v *view, t *ProjectTemplate) any { return v.refTo(v.kinds.user, t.OwnerGID) },
			"team":             func(v *view, t *ProjectTemplate) any { return v.refTo(v.kinds.team, t.TeamGID) },
			"requested_dates":  func(*view, *ProjectTemplate) any { return []any{startDateVariable} },
			"color":            func(_ *view, t *ProjectTemplate) any { return nullable(t.Color) },
			// Template roles are not modelled.
			"requested_roles": func(*view, *ProjectTemplate) any { return []any{} },
		})
	storedIn(k, func(st *state) *table[ProjectTemplate] { return &projectTemplates(st).templates })
	return k
}()

// htmlEscape escapes text for an html_ field.
func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// canSeeProjectTemplate reports whether p may read the template.
func (s *Server) canSeeProjectTemplate(p *principal, t *ProjectTemplate) bool {
	if t.TeamGID == "" { // a template in a workspace without teams
		return s.canSeeWorkspace(p, t.WorkspaceGID)
	}
	team := s.st.teams.get(t.TeamGID)
	if team == nil || !s.canSeeTeam(p, team) {
		return false
	}
	return t.Public || p.serviceAccount() || t.OwnerGID == p.user.GID || s.isAdmin(p, t.WorkspaceGID) ||
		s.st.teamMembership(t.TeamGID, p.user.GID) != nil
}

func (rq *request) pathProjectTemplate() (*ProjectTemplate, error) {
	return resolve("project_template", rq.r.PathValue("project_template_gid"), projectTemplates(rq.st).templates.get,
		func(t *ProjectTemplate) bool { return rq.s.canSeeProjectTemplate(rq.p, t) })
}

func (s *Server) projectTemplateList(rq *request, gids []string) reply {
	ps := projectTemplates(rq.st)
	p, err := rq.paginate(gids, func(g string) bool { return s.canSeeProjectTemplate(rq.p, ps.templates.get(g)) })
	if err != nil {
		return rq.fail(err)
	}
	return rq.list(projectTemplateKind, p)
}

// getProjectTemplates lists a team's or a workspace's templates; one of
// the two is required.
func (s *Server) getProjectTemplates(rq *request) reply {
	tg, err := rq.queryGID("team", false)
	if err != nil {
		return rq.fail(err)
	}
	if tg != "" {
		team, err := rq.teamParam("team", tg)
		if err != nil {
			return rq.fail(err)
		}
		return s.projectTemplateList(rq, projectTemplates(rq.st).byTeam[team.GID])
	}
	wg, err := rq.queryGID("workspace", false)
	if err != nil {
		return rq.fail(err)
	}
	if wg == "" {
		return rq.fail(badRequest("workspace", "Must specify exactly one of workspace or team"))
	}
	ws, err := rq.workspaceParam("workspace", wg)
	if err != nil {
		return rq.fail(err)
	}
	return s.projectTemplateList(rq, projectTemplates(rq.st).byWS[ws.GID])
}

func (s *Server) getProjectTemplatesForTeam(rq *request) reply {
	team, err := rq.pathTeam()
	if err != nil {
		return rq.fail(err)
	}
	return s.projectTemplateList(rq, projectTemplates(rq.st).byTeam[team.GID])
}

func (s *Server) getProjectTemplate(rq *request) reply {
	t, err := rq.pathProjectTemplate()
	if err != nil {
		return rq.fail(err)
	}
	return rq.one(projectTemplateKind, t)
}

func (s *Server) deleteProjectTemplate(rq *request) reply {
	t, err := rq.pathProjectTemplate()
	if err != nil {
		return rq.fail(err)
	}
	if t.OwnerGID != rq.p.user.GID && !s.isAdmin(rq.p, t.WorkspaceGID) {
		return rq.fail(forbidden("You do not have permission to delete this project template"))
	}
	projectTemplates(rq.st).remove(t)
	return rq.empty()
}

// instantiateProject makes a project from a template: its sections and
// tasks, dates counted from the requested start date (today without one).
func (s *Server) instantiateProject(rq *request) reply {
	t, err := rq.pathProjectTemplate()
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
	teamGID := t.TeamGID
	if team, err := rq.bodyTeam(t.WorkspaceGID); err != nil {
		return rq.fail(err)
	} else if team != nil {
		teamGID = team.GID
	}
	if !s.canWrite(rq.p, t.WorkspaceGID) {
		return rq.fail(forbidden("You do not have permission to create projects in this workspace"))
	}
	privacy, err := b.str("privacy_setting", false)
	if err != nil {
		return rq.fail(err)
	}
	if privacy != "" && !slices.Contains([]string{"public_to_workspace", "private_to_team", "private"}, privacy) {
		return rq.fail(badRequest("privacy_setting", "Not a valid enum value: %q", privacy))
	}
	strict, err := b.boolean("is_strict", false)
	if err != nil {
		return rq.fail(err)
	}
	start, err := requestedStart(b)
	if err != nil {
		return rq.fail(err)
	}
	if start.IsZero() {
		if strict {
			return rq.fail(badRequest("requested_dates", "Missing a value for the date variable 1"))
		}
		start = rq.now
	}
	day := func(n int) string { return start.AddDate(0, 0, n).Format(time.DateOnly) }
	p := &Project{WorkspaceGID: t.WorkspaceGID, TeamGID: teamGID, OwnerGID: rq.p.user.GID, Name: name, Notes: t.Description,
		Color: t.Color, PrivacySetting: privacy, StartOn: day(0), MemberGIDs: []string{rq.p.user.GID},
		FollowerGIDs: []string{rq.p.user.GID}, CreatedFromTemplateGID: t.GID, CreatedAt: rq.now, ModifiedAt: rq.now}
	if t.DurationDays > 0 {
		p.DueOn = day(t.DurationDays)
	}
	s.st.insertProject(p)
	for _, ts := range t.Sections {
		sec := s.st.insertSection(p, &Section{ProjectGID: p.GID, Name: ts.Name, CreatedAt: rq.now}, -1)
		for _, tt := range ts.Tasks {
			task := &Task{WorkspaceGID: t.WorkspaceGID, Name: tt.Name, Notes: tt.Notes, CreatedByGID: rq.p.user.GID,
				Memberships: []TaskMembership{{ProjectGID: p.GID, SectionGID: sec.GID}}, CreatedAt: rq.now, ModifiedAt: rq.now}
			if tt.DueOffset != nil {
				task.DueOn = day(*tt.DueOffset)
			}
			s.st.insertTask(task)
		}
	}
	j := s.newJobLocked(rq, "instantiate_project", p.GID, "")
	return rq.jobCreated(j)
}

// requestedStart reads requested_dates: gid "1" is the start date; other
// gids are unknown variables. Zero when the start is not given. Guesses: a
// value may be a date or a date-time (the spec says date-time, its example
// is a date), and an entry without a gid names the start date, the only
// variable (asana-go's generated DateVariableInput has no gid field).
func requestedStart(b *body) (time.Time, error) {
	raw, ok := b.field("requested_dates")
	if !ok {
		return time.Time{}, nil
	}
	var vars []struct {
		GID   *string `json:"gid"`
		Value *string `json:"value"`
	}
	if err := json.Unmarshal(raw, &vars); err != nil {
		return time.Time{}, badRequest("requested_dates", "Not an array of date variables")
	}
	var start time.Time
	for _, v := range vars {
		if v.GID != nil && *v.GID != "1" {
			return time.Time{}, badRequest("requested_dates", "Unknown date variable: %q", *v.GID)
		}
		if v.Value == nil {
			continue
		}
		d, err := time.Parse(time.DateOnly, *v.Value)
		if err != nil {
			at, err2 := time.Parse(time.RFC3339, *v.Value)
			if err2 != nil {
				return time.Time{}, badRequest("requested_dates", "Not a date (YYYY-MM-DD): %q", *v.Value)
			}
			d = time.Date(at.Year(), at.Month(), at.Day(), 0, 0, 0, 0, time.UTC)
		}
		start = d
	}
	return start, nil
}

// AddProjectTemplate seeds a project template in a team.
func (s *Server) AddProjectTemplate(t ProjectTemplate) (ProjectTemplate, error) {
	if strings.TrimSpace(t.Name) == "" {
		return ProjectTemplate{}, errors.New("asanatest: project template needs a name")
	}
	if t.Color != "" && !slices.Contains(projectColors, t.Color) {
		return ProjectTemplate{}, fmt.Errorf("asanatest: unknown project template color %q", t.Color)
	}
	if t.DurationDays < 0 {
		return ProjectTemplate{}, errors.New("asanatest: project template duration is negative")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	team := s.st.teams.get(t.TeamGID)
	if team == nil {
		return ProjectTemplate{}, fmt.Errorf("asanatest: no team %q", t.TeamGID)
	}
	if t.OwnerGID != "" && s.st.users.get(t.OwnerGID) == nil {
		return ProjectTemplate{}, fmt.Errorf("asanatest: no user %s", t.OwnerGID)
	}
	t = t.clone()
	t.GID, t.WorkspaceGID = "", team.OrganizationGID
	t.CreatedAt = s.stamp(t.CreatedAt)
	return projectTemplates(s.st).insert(s.st, &t).clone(), nil
}

// ProjectTemplate returns a copy of the project template with that GID.
func (s *Server) ProjectTemplate(gid string) (ProjectTemplate, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	t := projectTemplates(s.st).templates.get(gid)
	if t == nil {
		return ProjectTemplate{}, false
	}
	return t.clone(), true
}
