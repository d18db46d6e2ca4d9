package asanatest

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Time tracking categories: the tag "Time tracking categories" of the
// spec. A category belongs to a workspace; its members see it, and its
// admins (and its service account) create, change and delete it, as
// Asana's admin console does. Lists hide archived categories unless
// is_archived=true asks for exactly those. Deleting a category takes it
// off its entries (the fake's reading; the spec is silent).
func (s *Server) timeTrackingCategoryRoutes() {
	s.handle("GET /time_tracking_categories", s.getTimeTrackingCategories)
	s.handle("POST /time_tracking_categories", s.createTimeTrackingCategory)
	s.handle("GET /time_tracking_categories/{time_tracking_category_gid}", s.getTimeTrackingCategory)
	s.handle("PUT /time_tracking_categories/{time_tracking_category_gid}", s.updateTimeTrackingCategory)
	s.handle("DELETE /time_tracking_categories/{time_tracking_category_gid}", s.deleteTimeTrackingCategory)
	s.handle("GET /time_tracking_categories/{time_tracking_category_gid}/time_tracking_entries", s.getEntriesForCategory)
}

// timeCategoryParam resolves a category of a workspace the caller sees.
func (rq *request) timeCategoryParam(param, gid string) (*TimeTrackingCategory, error) {
	return resolve(param, gid, timeRecords(rq.st).categories.get,
		func(c *TimeTrackingCategory) bool { return rq.s.canSeeWorkspace(rq.p, c.WorkspaceGID) })
}

// pathTimeCategory is the path's category; for writes the caller must be
// an admin of its workspace.
func (rq *request) pathTimeCategory(write bool) (*TimeTrackingCategory, error) {
	c, err := rq.timeCategoryParam("time_tracking_category", rq.r.PathValue("time_tracking_category_gid"))
	if err == nil && write && !rq.s.isAdmin(rq.p, c.WorkspaceGID) {
		err = forbidden("Only workspace admins may change time tracking categories")
	}
	return c, err
}

// timeCategoryFields applies name, color and is_archived of a body.
func timeCategoryFields(b *body, c *TimeTrackingCategory, create bool) error {
	if err := b.name(create, &c.Name); err != nil {
		return err
	}
	color, err := b.oneOf("color", c.Color, timeCategoryColors)
	if err != nil {
		return err
	}
	c.Color = color
	if !create {
		if c.IsArchived, err = b.boolean("is_archived", c.IsArchived); err != nil {
			return err
		}
	}
	return nil
}

func (s *Server) createTimeTrackingCategory(rq *request) reply {
	b, err := rq.body()
	if err != nil {
		return rq.fail(err)
	}
	g, err := b.gid("workspace", true)
	if err != nil {
		return rq.fail(err)
	}
	ws, err := rq.workspaceParam("workspace", g)
	if err != nil {
		return rq.fail(err)
	}
	if !s.isAdmin(rq.p, ws.GID) {
		return rq.fail(forbidden("Only workspace admins may create time tracking categories"))
	}
	c := TimeTrackingCategory{WorkspaceGID: ws.GID}
	if err := timeCategoryFields(b, &c, true); err != nil {
		return rq.fail(err)
	}
	if err := timeRecords(rq.st).uniqueCategoryName(&c); err != nil {
		return rq.fail(err)
	}
	cat := timeRecords(rq.st).insertCategory(rq.st, &c)
	return rq.created(timeTrackingCategoryKind, cat, "/time_tracking_categories/"+cat.GID)
}

// uniqueCategoryName refuses a name another category of the workspace
// has (case-insensitively): the fake's reading of Asana's admin console,
// which does not let two categories share a name.
func (ts *timeStore) uniqueCategoryName(c *TimeTrackingCategory) error {
	for _, g := range ts.categoriesByWS[c.WorkspaceGID] {
		if o := ts.categories.get(g); o.GID != c.GID && strings.EqualFold(o.Name, c.Name) {
			return badRequest("name", "A time tracking category named %q exists", c.Name)
		}
	}
	return nil
}

func (s *Server) getTimeTrackingCategory(rq *request) reply {
	c, err := rq.pathTimeCategory(false)
	if err != nil {
		return rq.fail(err)
	}
	return rq.one(timeTrackingCategoryKind, c)
}

func (s *Server) updateTimeTrackingCategory(rq *request) reply {
	c, err := rq.pathTimeCategory(true)
	if err != nil {
		return rq.fail(err)
	}
	b, err := rq.body()
	if err != nil {
		return rq.fail(err)
	}
	next := *c
	if err := timeCategoryFields(b, &next, false); err != nil {
		return rq.fail(err)
	}
	if err := timeRecords(rq.st).uniqueCategoryName(&next); err != nil {
		return rq.fail(err)
	}
	*c = next
	return rq.one(timeTrackingCategoryKind, c)
}

func (s *Server) deleteTimeTrackingCategory(rq *request) reply {
	c, err := rq.pathTimeCategory(true)
	if err != nil {
		return rq.fail(err)
	}
	timeRecords(rq.st).removeCategory(c)
	return rq.empty()
}

// getTimeTrackingCategories lists a workspace's categories: the
// unarchived ones, or with is_archived=true the archived ones.
func (s *Server) getTimeTrackingCategories(rq *request) reply {
	g, err := rq.queryGID("workspace", true)
	if err != nil {
		return rq.fail(err)
	}
	ws, err := rq.workspaceParam("workspace", g)
	if err != nil {
		return rq.fail(err)
	}
	archived, err := rq.queryBool("is_archived", false)
	if err != nil {
		return rq.fail(err)
	}
	ts := timeRecords(rq.st)
	p, err := rq.paginate(ts.categoriesByWS[ws.GID], func(g string) bool { return ts.categories.get(g).IsArchived == archived })
	if err != nil {
		return rq.fail(err)
	}
	return rq.list(timeTrackingCategoryKind, p)
}

// getEntriesForCategory lists the visible entries of a category,
// start_date and end_date bounding their entered_on.
func (s *Server) getEntriesForCategory(rq *request) reply {
	c, err := rq.pathTimeCategory(false)
	if err != nil {
		return rq.fail(err)
	}
	from, to, err := rq.dayBounds("start_date", "end_date")
	if err != nil {
		return rq.fail(err)
	}
	return s.entryList(rq, timeRecords(rq.st).byCategory[c.GID], func(e *TimeTrackingEntry) bool {
		return inRange(e.EnteredOn, from, to)
	})
}

// dayBounds reads two optional YYYY-MM-DD query parameters, the first not
// after the second.
func (rq *request) dayBounds(fromName, toName string) (from, to string, err error) {
	out := [2]string{}
	for i, name := range []string{fromName, toName} {
		v := rq.query.Get(name)
		if v == "" {
			continue
		}
		if !validDate(v) {
			return "", "", badRequest(name, "Not a valid date (YYYY-MM-DD): %s", v)
		}
		out[i] = v
	}
	if out[0] != "" && out[1] != "" && out[0] > out[1] {
		return "", "", badRequest(toName, "Must not be before %s", fromName)
	}
	return out[0], out[1], nil
}

// inRange reports whether day lies in [from, to]; an empty bound is open.
func inRange(day, from, to string) bool {
	return (from == "" || day >= from) && (to == "" || day <= to)
}

// AddTimeTrackingCategory adds a time tracking category to a workspace.
// Color must be one of the spec's category colors (empty is "none").
func (s *Server) AddTimeTrackingCategory(c TimeTrackingCategory) (TimeTrackingCategory, error) {
	if strings.TrimSpace(c.Name) == "" {
		return TimeTrackingCategory{}, errors.New("asanatest: time tracking category needs a name")
	}
	if c.Color != "" && !slices.Contains(timeCategoryColors, c.Color) {
		return TimeTrackingCategory{}, fmt.Errorf("asanatest: unknown time tracking category color %q", c.Color)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.st.workspaces.get(c.WorkspaceGID) == nil {
		return TimeTrackingCategory{}, fmt.Errorf("asanatest: no workspace %q", c.WorkspaceGID)
	}
	c.GID = ""
	ts := timeRecords(s.st)
	if err := ts.uniqueCategoryName(&c); err != nil {
		return TimeTrackingCategory{}, fmt.Errorf("asanatest: %w", err)
	}
	return *ts.insertCategory(s.st, &c), nil
}

// TimeTrackingCategory returns a copy of the category with that GID.
func (s *Server) TimeTrackingCategory(gid string) (TimeTrackingCategory, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	c := timeRecords(s.st).categories.get(gid)
	if c == nil {
		return TimeTrackingCategory{}, false
	}
	return *c, true
}
