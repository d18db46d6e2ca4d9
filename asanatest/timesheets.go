package asanatest

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Timesheet approval statuses: the tag "Timesheet approval statuses" of
// the spec. A timesheet is one user's week (Monday to Sunday) in a
// workspace; it starts as a draft, its user submits it (or recalls the
// submission), and an admin approves or rejects it. The fake's reading of
// the transitions the spec calls valid: draft -> submitted; submitted ->
// draft, approved or rejected; rejected -> draft or submitted; approved
// -> draft (an admin reopening it). Anything else answers 400. While a
// timesheet is submitted or approved its week's entries are locked
// (time_tracking_entries.go), and every entry shows its timesheet's status.
func (s *Server) timesheetRoutes() {
	s.handle("GET /timesheet_approval_statuses", s.getTimesheets)
	s.handle("POST /timesheet_approval_statuses", s.createTimesheet)
	s.handle("GET /timesheet_approval_statuses/{timesheet_approval_status_gid}", s.getTimesheet)
	s.handle("PUT /timesheet_approval_statuses/{timesheet_approval_status_gid}", s.updateTimesheet)
}

// timesheetStatuses are the statuses in the requests' lower case.
var timesheetStatuses = []string{"draft", "submitted", "approved", "rejected"}

// timesheetMoves are the allowed transitions, and who may make them.
var timesheetMoves = map[[2]string]string{
	{"draft", "submitted"}:    "owner",
	{"submitted", "draft"}:    "owner",
	{"submitted", "approved"}: "admin",
	{"submitted", "rejected"}: "admin",
	{"rejected", "draft"}:     "owner",
	{"rejected", "submitted"}: "owner",
	{"approved", "draft"}:     "admin",
}

// canSeeTimesheet: its user, and the workspace's admins.
func (s *Server) canSeeTimesheet(p *principal, t *TimesheetApprovalStatus) bool {
	return s.canSeeWorkspace(p, t.WorkspaceGID) && (t.UserGID == p.user.GID || s.isAdmin(p, t.WorkspaceGID))
}

// timesheetParam resolves a timesheet the caller may see.
func (rq *request) timesheetParam(param, gid string) (*TimesheetApprovalStatus, error) {
	return resolve(param, gid, timeRecords(rq.st).sheets.get,
		func(t *TimesheetApprovalStatus) bool { return rq.s.canSeeTimesheet(rq.p, t) })
}

// checkWeek checks that start is a Monday and end the Sunday after it.
func checkWeek(start, end string) error {
	d, err := time.Parse(time.DateOnly, start)
	if err != nil {
		return badRequest("start_date", "Not a valid date (YYYY-MM-DD): %s", start)
	}
	if d.Weekday() != time.Monday {
		return badRequest("start_date", "Must be a Monday: %s", start)
	}
	if want := d.AddDate(0, 0, 6).Format(time.DateOnly); end != want {
		return badRequest("end_date", "Must be the Sunday after start_date (%s): %s", want, end)
	}
	return nil
}

func (s *Server) createTimesheet(rq *request) reply {
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
	if err := rq.checkPlan(ws.GID); err != nil {
		return rq.fail(err)
	}
	uv, err := b.str("user", true)
	if err != nil {
		return rq.fail(err)
	}
	u, err := rq.userParam("user", uv)
	if err != nil {
		return rq.fail(err)
	}
	if !rq.st.activeMember(ws.GID, u.GID) {
		return rq.fail(badRequest("user", "Not a member of workspace %s: %s", ws.GID, u.GID))
	}
	if u.GID != rq.p.user.GID && !s.isAdmin(rq.p, ws.GID) {
		return rq.fail(forbidden("Only admins may create another user's timesheet"))
	}
	start, _, err := b.date("start_date")
	if err != nil {
		return rq.fail(err)
	}
	end, _, err := b.date("end_date")
	if err != nil {
		return rq.fail(err)
	}
	switch {
	case start == "":
		return rq.fail(missingInput("start_date"))
	case end == "":
		return rq.fail(missingInput("end_date"))
	}
	if err := checkWeek(start, end); err != nil {
		return rq.fail(err)
	}
	ts := timeRecords(rq.st)
	if ts.sheetFor(ws.GID, u.GID, start) != nil {
		return rq.fail(badRequest("start_date", "The user has a timesheet for the week of %s", start))
	}
	sh := ts.insertSheet(rq.st, &TimesheetApprovalStatus{WorkspaceGID: ws.GID, UserGID: u.GID, StartDate: start, EndDate: end,
		ApprovalStatus: "draft", CreatedAt: rq.now})
	return rq.created(timesheetKind, sh, "/timesheet_approval_statuses/"+sh.GID)
}

func (s *Server) getTimesheet(rq *request) reply {
	sh, err := rq.timesheetParam("timesheet_approval_status", rq.r.PathValue("timesheet_approval_status_gid"))
	if err != nil {
		return rq.fail(err)
	}
	return rq.one(timesheetKind, sh)
}

// updateTimesheet moves a timesheet to another status.
func (s *Server) updateTimesheet(rq *request) reply {
	sh, err := rq.timesheetParam("timesheet_approval_status", rq.r.PathValue("timesheet_approval_status_gid"))
	if err != nil {
		return rq.fail(err)
	}
	if err := rq.checkPlan(sh.WorkspaceGID); err != nil {
		return rq.fail(err)
	}
	b, err := rq.body()
	if err != nil {
		return rq.fail(err)
	}
	to, err := b.str("approval_status", true)
	if err != nil {
		return rq.fail(err)
	}
	to = strings.ToLower(to)
	if !slices.Contains(timesheetStatuses, to) {
		return rq.fail(badRequest("approval_status", "Not a valid enum value: %q", to))
	}
	msg, err := b.str("message", false)
	if err != nil {
		return rq.fail(err)
	}
	who, ok := timesheetMoves[[2]string{sh.ApprovalStatus, to}]
	if !ok {
		return rq.fail(badRequest("approval_status", "A %s timesheet cannot become %s", sh.ApprovalStatus, to))
	}
	admin := s.isAdmin(rq.p, sh.WorkspaceGID)
	if (who == "admin" && !admin) || (who == "owner" && sh.UserGID != rq.p.user.GID && !admin) {
		return rq.fail(forbidden(fmt.Sprintf("You may not move this timesheet from %s to %s", sh.ApprovalStatus, to)))
	}
	sh.ApprovalStatus, sh.Message = to, msg
	return rq.one(timesheetKind, sh)
}

// getTimesheets lists a workspace's timesheets the caller may see, by
// user, by a date range their weeks overlap, and by statuses (a comma
// list).
func (s *Server) getTimesheets(rq *request) reply {
	g, err := rq.queryGID("workspace", true)
	if err != nil {
		return rq.fail(err)
	}
	ws, err := rq.workspaceParam("workspace", g)
	if err != nil {
		return rq.fail(err)
	}
	userGID := ""
	if v := rq.query.Get("user"); v != "" {
		u, err := rq.userParam("user", v)
		if err != nil {
			return rq.fail(err)
		}
		userGID = u.GID
	}
	from, to, err := rq.dayBounds("from_date", "to_date")
	if err != nil {
		return rq.fail(err)
	}
	statuses := rq.queryList("approval_statuses")
	for i, st := range statuses {
		statuses[i] = strings.ToLower(st)
		if !slices.Contains(timesheetStatuses, statuses[i]) {
			return rq.fail(badRequest("approval_statuses", "Not a valid enum value: %q", st))
		}
	}
	ts := timeRecords(rq.st)
	p, err := rq.paginate(ts.sheetsByWS[ws.GID], func(g string) bool {
		sh := ts.sheets.get(g)
		return s.canSeeTimesheet(rq.p, sh) && (userGID == "" || sh.UserGID == userGID) &&
			(from == "" || sh.EndDate >= from) && (to == "" || sh.StartDate <= to) &&
			(len(statuses) == 0 || slices.Contains(statuses, sh.ApprovalStatus))
	})
	if err != nil {
		return rq.fail(err)
	}
	return rq.list(timesheetKind, p)
}

// AddTimesheetApprovalStatus adds a user's timesheet for a week: StartDate
// a Monday, EndDate the Sunday after it, ApprovalStatus one of draft (the
// default), submitted, approved or rejected; one per user and week.
func (s *Server) AddTimesheetApprovalStatus(t TimesheetApprovalStatus) (TimesheetApprovalStatus, error) {
	if err := checkWeek(t.StartDate, t.EndDate); err != nil {
		return TimesheetApprovalStatus{}, fmt.Errorf("asanatest: %w", err)
	}
	t.ApprovalStatus = strings.ToLower(cmp.Or(t.ApprovalStatus, "draft"))
	if !slices.Contains(timesheetStatuses, t.ApprovalStatus) {
		return TimesheetApprovalStatus{}, fmt.Errorf("asanatest: unknown approval status %q (want one of %v)", t.ApprovalStatus, timesheetStatuses)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.st.workspaces.get(t.WorkspaceGID) == nil {
		return TimesheetApprovalStatus{}, fmt.Errorf("asanatest: no workspace %q", t.WorkspaceGID)
	}
	if s.st.users.get(t.UserGID) == nil {
		return TimesheetApprovalStatus{}, fmt.Errorf("asanatest: no user %q", t.UserGID)
	}
	ts := timeRecords(s.st)
	if ts.sheetFor(t.WorkspaceGID, t.UserGID, t.StartDate) != nil {
		return TimesheetApprovalStatus{}, fmt.Errorf("asanatest: user %s has a timesheet for the week of %s", t.UserGID, t.StartDate)
	}
	t.GID = ""
	t.CreatedAt = s.stamp(t.CreatedAt)
	return *ts.insertSheet(s.st, &t), nil
}

// TimesheetApprovalStatus returns a copy of the timesheet with that GID.
func (s *Server) TimesheetApprovalStatus(gid string) (TimesheetApprovalStatus, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	t := timeRecords(s.st).sheets.get(gid)
	if t == nil {
		return TimesheetApprovalStatus{}, false
	}
	return *t, true
}
