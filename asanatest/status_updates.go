package asanatest

import (
	"slices"
	"strings"
	"time"
)

// Status updates: the tag "Status updates" of the spec, on projects,
// goals and portfolios. Status updates are created and deleted, never
// modified. The parent's current_status_update is its latest one. A
// project's deprecated project statuses (project_statuses.go) are the same
// records seen through the old API, so a project's current_status is its
// latest status update in the old form.
//
// Guesses: lists run oldest first; deleting takes the permission to edit
// the parent, or being the author; a goal's status follows its latest
// status update (on_track green, at_risk yellow, off_track red, the closed
// statuses as they are).
func (s *Server) statusUpdateRoutes() {
	s.handle("GET /status_updates", s.getStatusesForObject)
	s.handle("POST /status_updates", s.createStatusForObject)
	s.handle("GET /status_updates/{status_update_gid}", s.getStatus)
	s.handle("DELETE /status_updates/{status_update_gid}", s.deleteStatusUpdate("status_update", ""))
}

// StatusUpdate is a status update of a project, goal or portfolio.
type StatusUpdate struct {
	GID       string
	ParentGID string
	// ParentType is project, goal or portfolio.
	ParentType string
	AuthorGID  string
	Title      string
	Text       string
	// StatusType is one of the spec's status types: on_track, at_risk,
	// off_track, on_hold, complete for projects and portfolios; on_track,
	// at_risk, off_track, achieved, partial, missed, dropped for goals.
	StatusType string
	CreatedAt  time.Time
	ModifiedAt time.Time
}

// statusTypesFor are the status types a parent type takes.
func statusTypesFor(parentType string) []string {
	if parentType == "goal" {
		return []string{"on_track", "at_risk", "off_track", "achieved", "partial", "missed", "dropped"}
	}
	return []string{"on_track", "at_risk", "off_track", "on_hold", "complete"}
}

// statusUpdateStore holds the status updates (storeOf[statusUpdateStore]).
type statusUpdateStore struct {
	updates  table[StatusUpdate]
	byParent index
}

func newStatusUpdateStore() any {
	return &statusUpdateStore{updates: newTable[StatusUpdate](), byParent: make(index)}
}

func statusUpdates(st *state) *statusUpdateStore { return storeOf[statusUpdateStore](st) }

func (ss *statusUpdateStore) insert(st *state, u *StatusUpdate) *StatusUpdate {
	ss.updates.put(st.gidFor(&u.GID), u)
	ss.byParent.add(u.ParentGID, u.GID)
	return u
}

func (ss *statusUpdateStore) remove(u *StatusUpdate) {
	ss.updates.remove(u.GID)
	ss.byParent.remove(u.ParentGID, u.GID)
}

// removeParent drops the status updates of a deleted parent.
func (ss *statusUpdateStore) removeParent(parentGID string) {
	for _, g := range ss.byParent[parentGID] {
		ss.updates.remove(g)
	}
	delete(ss.byParent, parentGID)
}

// latest is the parent's most recent status update, or nil.
func (ss *statusUpdateStore) latest(parentGID string) *StatusUpdate {
	if l := ss.byParent[parentGID]; len(l) > 0 {
		return ss.updates.get(l[len(l)-1])
	}
	return nil
}

// statusParent is a parent of status updates as resolved for the caller.
type statusParent struct {
	typ, gid, workspaceGID string
	editable               bool
}

// statusParentParam resolves a project, goal or portfolio the caller can
// see.
func (rq *request) statusParentParam(param, gid string) (statusParent, error) {
	if _, err := checkGID(param, gid); err != nil {
		return statusParent{}, err
	}
	if goals(rq.st).goals.get(gid) != nil {
		g, err := rq.goalParam(param, gid)
		if err != nil {
			return statusParent{}, err
		}
		return statusParent{"goal", g.GID, g.WorkspaceGID, rq.s.canEditGoal(rq.p, g)}, nil
	}
	if rq.st.projects.get(gid) != nil {
		p, err := rq.projectParam(param, gid)
		if err != nil {
			return statusParent{}, err
		}
		return statusParent{"project", p.GID, p.WorkspaceGID, rq.s.canEditProject(rq.p, p)}, nil
	}
	pf, err := rq.portfolioParam(param, gid)
	if err != nil {
		return statusParent{}, err
	}
	return statusParent{"portfolio", pf.GID, pf.WorkspaceGID, rq.s.canEditPortfolio(rq.p, pf)}, nil
}

// pathStatusUpdate resolves a status update whose parent the caller sees.
// kind restricts it to one parent type ("" for any): a project status is
// a status update of a project.
func (rq *request) pathStatusUpdate(param, parentType string) (*StatusUpdate, statusParent, error) {
	gid := rq.r.PathValue(param + "_gid")
	if _, err := checkGID(param, gid); err != nil {
		return nil, statusParent{}, err
	}
	u := statusUpdates(rq.st).updates.get(gid)
	if u == nil || parentType != "" && u.ParentType != parentType {
		return nil, statusParent{}, notFound(param, gid)
	}
	parent, err := rq.statusParentParam(param, u.ParentGID)
	if err != nil {
		if e, ok := err.(*apiError); ok && e.status == 404 {
			err = notFound(param, gid)
		}
		return nil, statusParent{}, err
	}
	return u, parent, nil
}

func (s *Server) getStatus(rq *request) reply {
	u, _, err := rq.pathStatusUpdate("status_update", "")
	if err != nil {
		return rq.fail(err)
	}
	return rq.one(s.kinds.statusUpdate, u)
}

// deleteStatusUpdate serves deleteStatus and deleteProjectStatus.
func (s *Server) deleteStatusUpdate(param, parentType string) handlerFunc {
	return func(rq *request) reply {
		u, parent, err := rq.pathStatusUpdate(param, parentType)
		if err != nil {
			return rq.fail(err)
		}
		if !parent.editable && !(u.AuthorGID == rq.p.user.GID && s.canWrite(rq.p, parent.workspaceGID)) {
			return rq.fail(forbidden("You do not have permission to delete this status update"))
		}
		statusUpdates(rq.st).remove(u)
		s.syncGoalStatus(rq, u.ParentGID)
		return rq.empty()
	}
}

// getStatusesForObject lists a parent's status updates, optionally those
// created since a time.
func (s *Server) getStatusesForObject(rq *request) reply {
	pg, err := rq.queryGID("parent", true)
	if err != nil {
		return rq.fail(err)
	}
	parent, err := rq.statusParentParam("parent", pg)
	if err != nil {
		return rq.fail(err)
	}
	since, err := rq.queryTime("created_since")
	if err != nil {
		return rq.fail(err)
	}
	ss := statusUpdates(rq.st)
	p, err := rq.paginate(ss.byParent[parent.gid], func(g string) bool {
		return since.IsZero() || !ss.updates.get(g).CreatedAt.Before(since)
	})
	if err != nil {
		return rq.fail(err)
	}
	return rq.list(s.kinds.statusUpdate, p)
}

// createStatusForObject posts a status update on a parent the caller may
// edit.
func (s *Server) createStatusForObject(rq *request) reply {
	b, err := rq.body()
	if err != nil {
		return rq.fail(err)
	}
	pg, err := b.gid("parent", true)
	if err != nil {
		return rq.fail(err)
	}
	parent, err := rq.statusParentParam("parent", pg)
	if err != nil {
		return rq.fail(err)
	}
	st, err := b.str("status_type", true)
	if err != nil {
		return rq.fail(err)
	}
	if !slices.Contains(statusTypesFor(parent.typ), st) {
		return rq.fail(badRequest("status_type", "Not a valid enum value for a %s: %q", parent.typ, st))
	}
	u, err := rq.newStatusUpdate(b, parent, st)
	if err != nil {
		return rq.fail(err)
	}
	return rq.created(s.kinds.statusUpdate, u, "/status_updates/"+u.GID)
}

// newStatusUpdate stores a status update of parent from a body's title
// and text (or html_text), by the caller.
func (rq *request) newStatusUpdate(b *body, parent statusParent, statusType string) (*StatusUpdate, error) {
	if !parent.editable {
		return nil, forbidden("You do not have permission to post status updates here")
	}
	text, err := notesField(b, "text", "html_text")
	if err != nil {
		return nil, err
	}
	if text == nil {
		return nil, missingInput("text")
	}
	title, err := b.str("title", false)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(*text) == "" && strings.TrimSpace(title) == "" {
		return nil, badRequest("text", "Cannot be empty")
	}
	u := statusUpdates(rq.st).insert(rq.st, &StatusUpdate{ParentGID: parent.gid, ParentType: parent.typ,
		AuthorGID: rq.p.user.GID, Title: title, Text: *text, StatusType: statusType, CreatedAt: rq.now, ModifiedAt: rq.now})
	rq.s.syncGoalStatus(rq, parent.gid)
	return u, nil
}

// goalStatusOf maps a goal status update's type to the goal's status.
var goalStatusOf = map[string]string{"on_track": "green", "at_risk": "yellow", "off_track": "red",
	"achieved": "achieved", "partial": "partial", "missed": "missed", "dropped": "dropped"}

// syncGoalStatus sets a goal's status from its latest status update
// (nothing for other parents, or a goal left without updates).
func (s *Server) syncGoalStatus(rq *request, parentGID string) {
	g := goals(rq.st).goals.get(parentGID)
	if g == nil {
		return
	}
	if u := statusUpdates(rq.st).latest(g.GID); u != nil {
		g.Status = goalStatusOf[u.StatusType]
	}
	g.ModifiedAt = rq.now
}

// currentStatusUpdate is a parent's current_status_update.
func (v *view) currentStatusUpdate(parentGID string) any {
	u := statusUpdates(v.st).latest(parentGID)
	return v.ref(v.kinds.statusUpdate, u, u != nil)
}

// likes renders users' likes (the spec's Like: the fake has no like
// records, so a like's gid is its user's).
func (v *view) likes(users []string) []any {
	out := make([]any, 0, len(users))
	for _, u := range users {
		if r := v.refTo(v.kinds.user, u); r != nil {
			out = append(out, map[string]any{"gid": u, "user": r})
		}
	}
	return out
}

// addStatusUpdateKinds fills in the status update's projection, and the
// current_status_update of projects.
func (k *kinds) addStatusUpdateKinds() {
	k.statusUpdate = newKind("status_update", []string{"resource_type", "title", "resource_subtype"},
		[]string{"resource_type", "title", "resource_subtype", "text", "html_text", "status_type", "author",
			"created_at", "created_by", "hearted", "hearts", "liked", "likes", "reaction_summary", "modified_at",
			"num_hearts", "num_likes", "parent"},
		map[string]func(*view, *StatusUpdate) any{
			"gid":              func(_ *view, u *StatusUpdate) any { return u.GID },
			"title":            func(_ *view, u *StatusUpdate) any { return u.Title },
			"resource_subtype": func(_ *view, u *StatusUpdate) any { return u.ParentType + "_status_update" },
			"text":             func(_ *view, u *StatusUpdate) any { return u.Text },
			"html_text":        func(_ *view, u *StatusUpdate) any { return htmlBody(u.Text) },
			"status_type":      func(_ *view, u *StatusUpdate) any { return u.StatusType },
			"author":           func(v *view, u *StatusUpdate) any { return v.refTo(v.kinds.user, u.AuthorGID) },
			"created_by":       func(v *view, u *StatusUpdate) any { return v.refTo(v.kinds.user, u.AuthorGID) },
			"created_at":       func(_ *view, u *StatusUpdate) any { return u.CreatedAt },
			"modified_at":      func(_ *view, u *StatusUpdate) any { return u.ModifiedAt },
			"parent":           func(v *view, u *StatusUpdate) any { return v.statusParentRef(u) },
			// Status updates keep no likes or hearts (reaction_summary
			// comes from reactions.go).
			"hearted":          func(*view, *StatusUpdate) any { return false },
			"liked":            func(*view, *StatusUpdate) any { return false },
			"hearts":           func(*view, *StatusUpdate) any { return []any{} },
			"likes":            func(*view, *StatusUpdate) any { return []any{} },
			"reaction_summary": func(*view, *StatusUpdate) any { return []any{} },
			"num_hearts":       func(*view, *StatusUpdate) any { return 0 },
			"num_likes":        func(*view, *StatusUpdate) any { return 0 },
		})
	storedIn(k.statusUpdate, func(st *state) *table[StatusUpdate] { return &statusUpdates(st).updates })
	k.project.fields["current_status_update"] = field(func(v *view, p *Project) any { return v.currentStatusUpdate(p.GID) })
	k.addProjectStatusKind()
}

// statusParentRef renders a status update's parent.
func (v *view) statusParentRef(u *StatusUpdate) any {
	switch u.ParentType {
	case "project":
		return v.refTo(v.kinds.project, u.ParentGID)
	case "goal":
		return v.refTo(v.kinds.goalNamed, u.ParentGID)
	case "portfolio":
		return v.refTo(portfolioKind, u.ParentGID)
	}
	return nil
}
