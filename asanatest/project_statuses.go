package asanatest

// Project statuses: the tag "Project statuses" of the spec, deprecated in
// favour of status updates. The fake keeps one record for both: a project
// status is a status update of a project, its color the status type in the
// old words (green on_track, yellow at_risk, red off_track, blue on_hold,
// complete complete), so each API sees what the other wrote. A project's
// current_status is its latest status update in this form.
func (s *Server) projectStatusRoutes() {
	s.handle("GET /projects/{project_gid}/project_statuses", s.getProjectStatusesForProject)
	s.handle("POST /projects/{project_gid}/project_statuses", s.createProjectStatusForProject)
	s.handle("GET /project_statuses/{project_status_gid}", s.getProjectStatus)
	s.handle("DELETE /project_statuses/{project_status_gid}", s.deleteStatusUpdate("project_status", "project"))
}

// projectStatusColors maps a project status color to its status type.
var projectStatusColors = map[string]string{"green": "on_track", "yellow": "at_risk", "red": "off_track",
	"blue": "on_hold", "complete": "complete"}

// projectStatusColor is the color of a status update's type.
func projectStatusColor(statusType string) string {
	for c, t := range projectStatusColors {
		if t == statusType {
			return c
		}
	}
	return ""
}

func (s *Server) getProjectStatus(rq *request) reply {
	u, _, err := rq.pathStatusUpdate("project_status", "project")
	if err != nil {
		return rq.fail(err)
	}
	return rq.one(s.kinds.projectStatus, u)
}

func (s *Server) getProjectStatusesForProject(rq *request) reply {
	pr, err := rq.pathProject()
	if err != nil {
		return rq.fail(err)
	}
	p, err := rq.paginate(statusUpdates(rq.st).byParent[pr.GID], nil)
	if err != nil {
		return rq.fail(err)
	}
	return rq.list(s.kinds.projectStatus, p)
}

// createProjectStatusForProject posts a status update on the project
// from a color.
func (s *Server) createProjectStatusForProject(rq *request) reply {
	pr, err := rq.pathProject()
	if err != nil {
		return rq.fail(err)
	}
	b, err := rq.body()
	if err != nil {
		return rq.fail(err)
	}
	color, err := b.str("color", true)
	if err != nil {
		return rq.fail(err)
	}
	st, ok := projectStatusColors[color]
	if !ok {
		return rq.fail(badRequest("color", "Not a valid enum value: %q", color))
	}
	parent := statusParent{"project", pr.GID, pr.WorkspaceGID, s.canEditProject(rq.p, pr)}
	u, err := rq.newStatusUpdate(b, parent, st)
	if err != nil {
		return rq.fail(err)
	}
	return rq.created(s.kinds.projectStatus, u, "/project_statuses/"+u.GID)
}

// addProjectStatusKind renders a project's status update in the old form,
// and the project's current_status from it.
func (k *kinds) addProjectStatusKind() {
	full := []string{"resource_type", "title", "text", "html_text", "color", "author", "created_at", "created_by", "modified_at"}
	k.projectStatus = newKind("project_status", []string{"resource_type", "title"}, full,
		map[string]func(*view, *StatusUpdate) any{
			"gid":         func(_ *view, u *StatusUpdate) any { return u.GID },
			"title":       func(_ *view, u *StatusUpdate) any { return u.Title },
			"text":        func(_ *view, u *StatusUpdate) any { return u.Text },
			"html_text":   func(_ *view, u *StatusUpdate) any { return htmlBody(u.Text) },
			"color":       func(_ *view, u *StatusUpdate) any { return projectStatusColor(u.StatusType) },
			"author":      func(v *view, u *StatusUpdate) any { return v.refTo(v.kinds.user, u.AuthorGID) },
			"created_by":  func(v *view, u *StatusUpdate) any { return v.refTo(v.kinds.user, u.AuthorGID) },
			"created_at":  func(_ *view, u *StatusUpdate) any { return u.CreatedAt },
			"modified_at": func(_ *view, u *StatusUpdate) any { return u.ModifiedAt },
		})
	storedIn(k.projectStatus, func(st *state) *table[StatusUpdate] { return &statusUpdates(st).updates })
	// current_status is a full project status (the spec's
	// ProjectStatusResponse), not a compact one.
	k.project.fields["current_status"] = field(func(v *view, p *Project) any {
		u := statusUpdates(v.st).latest(p.GID)
		if u == nil {
			return nil
		}
		return embed{k: v.kinds.projectStatus, rec: u}
	})
}
