package asanatest

import (
	"cmp"
	"fmt"
	"slices"
	"time"
)

// Time tracking entries: the tag "Time tracking entries" of the spec. An
// entry is time logged on a task; whoever sees the task sees its entries,
// whoever may edit the task logs time on it, and only an entry's author or
// an admin of its workspace changes or deletes it. An entry on a week
// whose timesheet is submitted or approved (timesheets.go) is locked: a
// change answers 400, as Asana refuses edits to a timesheet under review.
func (s *Server) timeTrackingEntryRoutes() {
	s.handle("GET /tasks/{task_gid}/time_tracking_entries", s.getEntriesForTask)
	s.handle("POST /tasks/{task_gid}/time_tracking_entries", s.createTimeTrackingEntry)
	s.handle("GET /time_tracking_entries", s.getTimeTrackingEntries)
	s.handle("GET /time_tracking_entries/{time_tracking_entry_gid}", s.getTimeTrackingEntry)
	s.handle("PUT /time_tracking_entries/{time_tracking_entry_gid}", s.updateTimeTrackingEntry)
	s.handle("DELETE /time_tracking_entries/{time_tracking_entry_gid}", s.deleteTimeTrackingEntry)
}

// entryTask is the live task of an entry, or nil.
func (rq *request) entryTask(e *TimeTrackingEntry) *Task { return rq.st.liveTask(e.TaskGID) }

// pathEntry resolves the path's entry through its task; for writes the
// caller must be its author or an admin, and its week must be open.
func (rq *request) pathEntry(write bool) (*TimeTrackingEntry, *Task, error) {
	e, t, err := resolveVia("time_tracking_entry", rq.r.PathValue("time_tracking_entry_gid"), timeRecords(rq.st).entries.get,
		rq.entryTask, func(t *Task) bool { return rq.s.canSeeTask(rq.p, t) })
	if err != nil || !write {
		return e, t, err
	}
	if e.CreatedByGID != rq.p.user.GID && !rq.s.isAdmin(rq.p, t.WorkspaceGID) {
		return nil, nil, forbidden("Only the author of a time tracking entry or an admin may change it")
	}
	if err := rq.openWeek(t.WorkspaceGID, e.CreatedByGID, e.EnteredOn); err != nil {
		return nil, nil, err
	}
	return e, t, nil
}

// openWeek refuses changes to time on a submitted or approved timesheet.
func (rq *request) openWeek(wsGID, userGID, day string) error {
	sh := timeRecords(rq.st).sheetFor(wsGID, userGID, day)
	if sh != nil && (sh.ApprovalStatus == "submitted" || sh.ApprovalStatus == "approved") {
		return errorf(400, "The timesheet of the week of %s is %s: its time entries cannot change", sh.StartDate, sh.ApprovalStatus)
	}
	return nil
}

// entryFields applies the writable fields of a create or update body to
// e, an entry of task t.
func (rq *request) entryFields(b *body, e *TimeTrackingEntry, t *Task, create bool) error {
	if create || b.has("duration_minutes") {
		if !b.has("duration_minutes") {
			return missingInput("duration_minutes")
		}
		n, err := b.integer("duration_minutes")
		if err != nil {
			return err
		}
		if n <= 0 {
			return badRequest("duration_minutes", "Must be greater than 0")
		}
		e.DurationMinutes = n
	}
	day, set, err := b.date("entered_on")
	if err != nil {
		return err
	}
	if set {
		if day == "" {
			return badRequest("entered_on", "Cannot be null")
		}
		e.EnteredOn = day
	}
	if b.has("attributable_to") {
		g, err := b.gid("attributable_to", false)
		if err != nil {
			return err
		}
		if g != "" && !slices.ContainsFunc(t.Memberships, func(m TaskMembership) bool { return m.ProjectGID == g }) {
			return badRequest("attributable_to", "The task is not in project %s", g)
		}
		e.AttributableToGID = g
	}
	if e.BillableStatus, err = b.oneOf("billable_status", e.BillableStatus, billableStatuses); err != nil {
		return err
	}
	if b.has("description") {
		if e.Description, err = b.str("description", false); err != nil {
			return err
		}
	}
	if b.has("categories") {
		gids, err := b.gidList("categories", false)
		if err != nil {
			return err
		}
		if len(gids) > 1 {
			return badRequest("categories", "At most one category per entry")
		}
		for _, g := range gids {
			c, err := rq.timeCategoryParam("categories", g)
			if err != nil {
				return err
			}
			if c.WorkspaceGID != t.WorkspaceGID || c.IsArchived {
				return badRequest("categories", "No active time tracking category %s in the task's workspace", g)
			}
		}
		e.CategoryGIDs = gids
	}
	return nil
}

// defaultAttribution is the task's project when it has exactly one.
func defaultAttribution(t *Task) string {
	if len(t.Memberships) == 1 {
		return t.Memberships[0].ProjectGID
	}
	return ""
}

func (s *Server) createTimeTrackingEntry(rq *request) reply {
	t, err := rq.pathEditableTask()
	if err != nil {
		return rq.fail(err)
	}
	b, err := rq.body()
	if err != nil {
		return rq.fail(err)
	}
	e := TimeTrackingEntry{TaskGID: t.GID, EnteredOn: rq.now.UTC().Format(time.DateOnly), AttributableToGID: defaultAttribution(t),
		BillableStatus: "notApplicable", CreatedByGID: rq.p.user.GID, CreatedAt: rq.now}
	if err := rq.entryFields(b, &e, t, true); err != nil {
		return rq.fail(err)
	}
	if err := rq.openWeek(t.WorkspaceGID, e.CreatedByGID, e.EnteredOn); err != nil {
		return rq.fail(err)
	}
	entry := timeRecords(rq.st).insertEntry(rq.st, &e, t.WorkspaceGID)
	return rq.created(timeTrackingEntryKind, entry, "/time_tracking_entries/"+entry.GID)
}

func (s *Server) getTimeTrackingEntry(rq *request) reply {
	e, _, err := rq.pathEntry(false)
	if err != nil {
		return rq.fail(err)
	}
	return rq.one(timeTrackingEntryKind, e)
}

// updateTimeTrackingEntry changes an entry; moving it to another day
// needs that week open too.
func (s *Server) updateTimeTrackingEntry(rq *request) reply {
	e, t, err := rq.pathEntry(true)
	if err != nil {
		return rq.fail(err)
	}
	b, err := rq.body()
	if err != nil {
		return rq.fail(err)
	}
	next := e.clone()
	if err := rq.entryFields(b, &next, t, false); err != nil {
		return rq.fail(err)
	}
	if err := rq.openWeek(t.WorkspaceGID, next.CreatedByGID, next.EnteredOn); err != nil {
		return rq.fail(err)
	}
	ts := timeRecords(rq.st)
	ts.unindexEntry(e)
	*e = next
	ts.indexEntry(e)
	return rq.one(timeTrackingEntryKind, e)
}

func (s *Server) deleteTimeTrackingEntry(rq *request) reply {
	e, t, err := rq.pathEntry(true)
	if err != nil {
		return rq.fail(err)
	}
	timeRecords(rq.st).removeEntry(e, t.WorkspaceGID)
	return rq.empty()
}

// entryList lists the entries among gids whose task the caller sees and
// that keep accepts.
func (s *Server) entryList(rq *request, gids []string, keep func(*TimeTrackingEntry) bool) reply {
	ts := timeRecords(rq.st)
	p, err := rq.paginate(gids, func(g string) bool {
		e := ts.entries.get(g)
		t := rq.entryTask(e)
		return t != nil && s.canSeeTask(rq.p, t) && keep(e)
	})
	if err != nil {
		return rq.fail(err)
	}
	return rq.list(timeTrackingEntryKind, p)
}

func (s *Server) getEntriesForTask(rq *request) reply {
	t, err := rq.pathTask()
	if err != nil {
		return rq.fail(err)
	}
	return s.entryList(rq, timeRecords(rq.st).byTask[t.GID], func(*TimeTrackingEntry) bool { return true })
}

// entryFilter is what GET /time_tracking_entries filters by: a scope
// (the first of task, attributable_to, portfolio, timesheet, user and
// workspace given, whose index lists the candidates) and the other
// filters as predicates.
type entryFilter struct {
	candidates []string
	wsGID      string // the workspace a filter names, for the plan check
	keep       []func(*TimeTrackingEntry) bool
}

// scope offers a filter's candidates (the first filter's are kept) and
// its workspace (the first one known is kept).
func (f *entryFilter) scope(gids []string, wsGID string) {
	if f.candidates == nil {
		f.candidates = gids
	}
	if f.wsGID == "" {
		f.wsGID = wsGID
	}
}

// getTimeTrackingEntries lists entries by task, attributed project,
// portfolio (entries attributed to its projects), user, timesheet or
// workspace; at least one is needed, and a workspace needs an
// entered_on bound, as the spec says. With only a user, entries of
// workspaces whose plan lacks time tracking are left out.
func (s *Server) getTimeTrackingEntries(rq *request) reply {
	ts := timeRecords(rq.st)
	f := &entryFilter{}
	if g, err := rq.queryGID("task", false); err != nil {
		return rq.fail(err)
	} else if g != "" {
		t, err := rq.taskParam("task", g)
		if err != nil {
			return rq.fail(err)
		}
		f.scope(nonNil(ts.byTask[t.GID]), t.WorkspaceGID)
		f.keep = append(f.keep, func(e *TimeTrackingEntry) bool { return e.TaskGID == t.GID })
	}
	if g, err := rq.queryGID("attributable_to", false); err != nil {
		return rq.fail(err)
	} else if g != "" {
		pr, err := rq.projectParam("attributable_to", g)
		if err != nil {
			return rq.fail(err)
		}
		f.scope(nonNil(ts.byProject[pr.GID]), pr.WorkspaceGID)
		f.keep = append(f.keep, func(e *TimeTrackingEntry) bool { return e.AttributableToGID == pr.GID })
	}
	if g, err := rq.queryGID("portfolio", false); err != nil {
		return rq.fail(err)
	} else if g != "" {
		pf, err := rq.portfolioParam("portfolio", g)
		if err != nil {
			return rq.fail(err)
		}
		var gids []string
		for _, item := range pf.ItemGIDs {
			gids = append(gids, ts.byProject[item]...)
		}
		slices.SortFunc(gids, gidCompare)
		f.scope(nonNil(gids), pf.WorkspaceGID)
		items := pf.ItemGIDs
		f.keep = append(f.keep, func(e *TimeTrackingEntry) bool { return slices.Contains(items, e.AttributableToGID) })
	}
	if g, err := rq.queryGID("timesheet_approval_status", false); err != nil {
		return rq.fail(err)
	} else if g != "" {
		sh, err := rq.timesheetParam("timesheet_approval_status", g)
		if err != nil {
			return rq.fail(err)
		}
		f.scope(nonNil(ts.byUser[sh.UserGID]), sh.WorkspaceGID)
		f.keep = append(f.keep, func(e *TimeTrackingEntry) bool {
			t := rq.st.tasks.get(e.TaskGID)
			return e.CreatedByGID == sh.UserGID && t != nil && t.WorkspaceGID == sh.WorkspaceGID && inRange(e.EnteredOn, sh.StartDate, sh.EndDate)
		})
	}
	if v := rq.query.Get("user"); v != "" {
		u, err := rq.userParam("user", v)
		if err != nil {
			return rq.fail(err)
		}
		f.scope(nonNil(ts.byUser[u.GID]), "")
		f.keep = append(f.keep, func(e *TimeTrackingEntry) bool { return e.CreatedByGID == u.GID })
	}
	from, to, err := rq.dayBounds("entered_on_start_date", "entered_on_end_date")
	if err != nil {
		return rq.fail(err)
	}
	if g, err := rq.queryGID("workspace", false); err != nil {
		return rq.fail(err)
	} else if g != "" {
		ws, err := rq.workspaceParam("workspace", g)
		if err != nil {
			return rq.fail(err)
		}
		if from == "" && to == "" {
			return rq.fail(badRequest("workspace", "Filtering by workspace needs entered_on_start_date or entered_on_end_date"))
		}
		f.scope(nonNil(ts.byWS[ws.GID]), ws.GID)
		f.keep = append(f.keep, func(e *TimeTrackingEntry) bool {
			t := rq.st.tasks.get(e.TaskGID)
			return t != nil && t.WorkspaceGID == ws.GID
		})
	}
	if f.candidates == nil {
		return rq.fail(errorf(400, "Must specify one of task, attributable_to, portfolio, user, workspace or timesheet_approval_status"))
	}
	if f.wsGID != "" {
		if err := rq.checkPlan(f.wsGID); err != nil {
			return rq.fail(err)
		}
	}
	return s.entryList(rq, f.candidates, func(e *TimeTrackingEntry) bool {
		if !inRange(e.EnteredOn, from, to) {
			return false
		}
		if f.wsGID == "" {
			if t := rq.st.tasks.get(e.TaskGID); t == nil || rq.checkPlan(t.WorkspaceGID) != nil {
				return false
			}
		}
		for _, k := range f.keep {
			if !k(e) {
				return false
			}
		}
		return true
	})
}

// AddTimeTrackingEntry logs time on a task, as the API does but without
// its access rules: DurationMinutes must be positive, EnteredOn a date
// (default: the clock's day), AttributableToGID one of the task's
// projects (default: its only one), categories active ones of its
// workspace, CreatedByGID a member of it (default: the task's assignee,
// else its creator).
func (s *Server) AddTimeTrackingEntry(e TimeTrackingEntry) (TimeTrackingEntry, error) {
	if e.DurationMinutes <= 0 {
		return TimeTrackingEntry{}, fmt.Errorf("asanatest: time tracking entry needs DurationMinutes > 0, got %d", e.DurationMinutes)
	}
	if e.EnteredOn != "" && !validDate(e.EnteredOn) {
		return TimeTrackingEntry{}, fmt.Errorf("asanatest: EnteredOn %q is not YYYY-MM-DD", e.EnteredOn)
	}
	if e.BillableStatus != "" && !slices.Contains(billableStatuses, e.BillableStatus) {
		return TimeTrackingEntry{}, fmt.Errorf("asanatest: unknown billable status %q (want one of %v)", e.BillableStatus, billableStatuses)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	out, err := s.addTimeTrackingEntryLocked(e)
	if err != nil {
		return TimeTrackingEntry{}, err
	}
	return out.clone(), nil
}

func (s *Server) addTimeTrackingEntryLocked(e TimeTrackingEntry) (*TimeTrackingEntry, error) {
	t := s.st.liveTask(e.TaskGID)
	if t == nil {
		return nil, fmt.Errorf("asanatest: no task %s", e.TaskGID)
	}
	e = e.clone()
	e.GID = ""
	e.CreatedByGID = cmp.Or(e.CreatedByGID, t.AssigneeGID, t.CreatedByGID)
	if s.st.users.get(e.CreatedByGID) == nil {
		return nil, fmt.Errorf("asanatest: no user %q for the entry", e.CreatedByGID)
	}
	if e.AttributableToGID == "" {
		e.AttributableToGID = defaultAttribution(t)
	} else if !slices.ContainsFunc(t.Memberships, func(m TaskMembership) bool { return m.ProjectGID == e.AttributableToGID }) {
		return nil, fmt.Errorf("asanatest: task %s is not in project %s", t.GID, e.AttributableToGID)
	}
	ts := timeRecords(s.st)
	if len(e.CategoryGIDs) > 1 {
		return nil, fmt.Errorf("asanatest: at most one category per entry, got %d", len(e.CategoryGIDs))
	}
	for _, g := range e.CategoryGIDs {
		if c := ts.categories.get(g); c == nil || c.WorkspaceGID != t.WorkspaceGID {
			return nil, fmt.Errorf("asanatest: no time tracking category %s in workspace %s", g, t.WorkspaceGID)
		}
	}
	e.CreatedAt = s.stamp(e.CreatedAt)
	if e.EnteredOn == "" {
		e.EnteredOn = e.CreatedAt.UTC().Format(time.DateOnly)
	}
	e.BillableStatus = cmp.Or(e.BillableStatus, "notApplicable")
	return ts.insertEntry(s.st, &e, t.WorkspaceGID), nil
}

// TimeTrackingEntry returns a copy of the entry with that GID.
func (s *Server) TimeTrackingEntry(gid string) (TimeTrackingEntry, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	e := timeRecords(s.st).entries.get(gid)
	if e == nil {
		return TimeTrackingEntry{}, false
	}
	return e.clone(), true
}

// validDate reports whether s is a YYYY-MM-DD date.
func validDate(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}
