package asanatest

import (
	"cmp"
	"encoding/json"
	"slices"
	"time"
)

// Time tracking: the records and storage of the tags "Time tracking
// categories", "Time tracking entries" and "Timesheet approval statuses"
// (their routes are in time_tracking_categories.go,
// time_tracking_entries.go and timesheets.go). A task's
// actual_time_minutes is the sum of its entries; an entry's
// approval_status is that of its author's timesheet for the week it is
// entered on.

// TimeTrackingCategory is a workspace's label for kinds of tracked time
// ("Design", "Meetings"). Color is one of the spec's category colors;
// empty means "none".
type TimeTrackingCategory struct {
	GID          string
	WorkspaceGID string
	Name         string
	Color        string
	IsArchived   bool
}

// TimeTrackingEntry is time a user logged on a task.
type TimeTrackingEntry struct {
	GID     string
	TaskGID string
	// DurationMinutes is more than 0.
	DurationMinutes int
	// EnteredOn is the day the time is logged on (YYYY-MM-DD).
	EnteredOn string
	// AttributableToGID is the project whose budget the time counts
	// toward: one of the task's projects; by default its only one.
	AttributableToGID string
	// BillableStatus is billable, nonBillable or notApplicable (the
	// default).
	BillableStatus string
	Description    string
	// CategoryGIDs are at most one category of the task's workspace.
	CategoryGIDs []string
	CreatedByGID string
	CreatedAt    time.Time
}

func (e TimeTrackingEntry) clone() TimeTrackingEntry {
	e.CategoryGIDs = slices.Clone(e.CategoryGIDs)
	return e
}

// TimesheetApprovalStatus is the approval state of a user's timesheet for
// one week (Monday StartDate to Sunday EndDate) in a workspace.
// ApprovalStatus is draft, submitted, approved or rejected.
type TimesheetApprovalStatus struct {
	GID            string
	WorkspaceGID   string
	UserGID        string
	StartDate      string
	EndDate        string
	ApprovalStatus string
	// Message is the note of the last transition (a rejection's reason).
	Message   string
	CreatedAt time.Time
}

// timeStore holds the time tracking records (storeOf[timeStore]).
type timeStore struct {
	categories     table[TimeTrackingCategory]
	categoriesByWS index
	entries        table[TimeTrackingEntry]
	// entries by task, category, attributed project, author and
	// workspace (the task's).
	byTask, byCategory, byProject, byUser, byWS index
	sheets                                      table[TimesheetApprovalStatus]
	sheetsByWS                                  index
}

func newTimeStore() any {
	return &timeStore{categories: newTable[TimeTrackingCategory](), categoriesByWS: make(index),
		entries: newTable[TimeTrackingEntry](), byTask: make(index), byCategory: make(index), byProject: make(index),
		byUser: make(index), byWS: make(index), sheets: newTable[TimesheetApprovalStatus](), sheetsByWS: make(index)}
}

func timeRecords(st *state) *timeStore { return storeOf[timeStore](st) }

func (ts *timeStore) insertCategory(st *state, c *TimeTrackingCategory) *TimeTrackingCategory {
	ts.categories.put(st.gidFor(&c.GID), c)
	ts.categoriesByWS.add(c.WorkspaceGID, c.GID)
	return c
}

// removeCategory drops a category and takes it off its entries.
func (ts *timeStore) removeCategory(c *TimeTrackingCategory) {
	for _, g := range ts.byCategory[c.GID] {
		if e := ts.entries.get(g); e != nil {
			e.CategoryGIDs = removeValue(e.CategoryGIDs, c.GID)
		}
	}
	delete(ts.byCategory, c.GID)
	ts.categoriesByWS.remove(c.WorkspaceGID, c.GID)
	ts.categories.remove(c.GID)
}

// insertEntry stores a new entry of a task in workspace wsGID.
func (ts *timeStore) insertEntry(st *state, e *TimeTrackingEntry, wsGID string) *TimeTrackingEntry {
	ts.entries.put(st.gidFor(&e.GID), e)
	ts.byTask.add(e.TaskGID, e.GID)
	ts.byUser.add(e.CreatedByGID, e.GID)
	ts.byWS.add(wsGID, e.GID)
	ts.indexEntry(e)
	return e
}

// indexEntry adds the indexes an update may change.
func (ts *timeStore) indexEntry(e *TimeTrackingEntry) {
	for _, c := range e.CategoryGIDs {
		ts.byCategory.add(c, e.GID)
	}
	if e.AttributableToGID != "" {
		ts.byProject.add(e.AttributableToGID, e.GID)
	}
}

// unindexEntry removes what indexEntry added.
func (ts *timeStore) unindexEntry(e *TimeTrackingEntry) {
	for _, c := range e.CategoryGIDs {
		ts.byCategory.remove(c, e.GID)
	}
	if e.AttributableToGID != "" {
		ts.byProject.remove(e.AttributableToGID, e.GID)
	}
}

func (ts *timeStore) removeEntry(e *TimeTrackingEntry, wsGID string) {
	ts.unindexEntry(e)
	ts.byTask.remove(e.TaskGID, e.GID)
	ts.byUser.remove(e.CreatedByGID, e.GID)
	ts.byWS.remove(wsGID, e.GID)
	ts.entries.remove(e.GID)
}

func (ts *timeStore) insertSheet(st *state, t *TimesheetApprovalStatus) *TimesheetApprovalStatus {
	ts.sheets.put(st.gidFor(&t.GID), t)
	ts.sheetsByWS.add(t.WorkspaceGID, t.GID)
	return t
}

// sheetFor is the user's timesheet of the week holding day in the
// workspace, or nil.
func (ts *timeStore) sheetFor(wsGID, userGID, day string) *TimesheetApprovalStatus {
	for _, g := range ts.sheetsByWS[wsGID] {
		if sh := ts.sheets.get(g); sh.UserGID == userGID && sh.StartDate <= day && day <= sh.EndDate {
			return sh
		}
	}
	return nil
}

// entryStatus is an entry's approval status: its timesheet's, upper case
// as the spec writes it, or DRAFT when it has none.
func (ts *timeStore) entryStatus(st *state, e *TimeTrackingEntry) string {
	t := st.tasks.get(e.TaskGID)
	if t == nil {
		return "DRAFT"
	}
	if sh := ts.sheetFor(t.WorkspaceGID, e.CreatedByGID, e.EnteredOn); sh != nil {
		return upperStatus(sh.ApprovalStatus)
	}
	return "DRAFT"
}

// upperStatus is a timesheet status as the responses write it.
func upperStatus(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'a' <= c && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}

// taskMinutes is a task's actual_time_minutes: null without entries.
func (ts *timeStore) taskMinutes(taskGID string) any {
	gids := ts.byTask[taskGID]
	if len(gids) == 0 {
		return nil
	}
	n := 0
	for _, g := range gids {
		n += ts.entries.get(g).DurationMinutes
	}
	return n
}

// timeCategoryColors are the spec's time tracking category colors.
var timeCategoryColors = []string{"none", "red", "orange", "yellow-orange", "yellow", "yellow-green", "green",
	"blue-green", "aqua", "blue", "indigo", "purple", "magenta", "hot-pink", "pink", "cool-gray"}

// billableStatuses are the spec's values of an entry's billable_status.
var billableStatuses = []string{"billable", "nonBillable", "notApplicable"}

// timeTrackingCategoryKind renders a category (TimeTrackingCategoryResponse).
var timeTrackingCategoryKind = func() *kind {
	k := newKind("time_tracking_category", []string{"resource_type", "name", "color"},
		[]string{"resource_type", "name", "color", "is_archived"},
		map[string]func(*view, *TimeTrackingCategory) any{
			"gid":         func(_ *view, c *TimeTrackingCategory) any { return c.GID },
			"name":        func(_ *view, c *TimeTrackingCategory) any { return c.Name },
			"color":       func(_ *view, c *TimeTrackingCategory) any { return cmp.Or(c.Color, "none") },
			"is_archived": func(_ *view, c *TimeTrackingCategory) any { return c.IsArchived },
		})
	storedIn(k, func(st *state) *table[TimeTrackingCategory] { return &timeRecords(st).categories })
	return k
}()

// timeTrackingEntryKind renders an entry (TimeTrackingEntryBase); lists
// answer its compact form.
var timeTrackingEntryKind = func() *kind {
	compact := []string{"resource_type", "duration_minutes", "entered_on", "attributable_to", "created_by", "categories"}
	k := newKind("time_tracking_entry", compact,
		append(slices.Clone(compact), "task", "created_at", "approval_status", "billable_status", "description"),
		map[string]func(*view, *TimeTrackingEntry) any{
			"gid":              func(_ *view, e *TimeTrackingEntry) any { return e.GID },
			"duration_minutes": func(_ *view, e *TimeTrackingEntry) any { return e.DurationMinutes },
			"entered_on":       func(_ *view, e *TimeTrackingEntry) any { return e.EnteredOn },
			"attributable_to":  func(v *view, e *TimeTrackingEntry) any { return v.refTo(v.kinds.project, e.AttributableToGID) },
			"created_by":       func(v *view, e *TimeTrackingEntry) any { return v.refTo(v.kinds.user, e.CreatedByGID) },
			"categories":       func(v *view, e *TimeTrackingEntry) any { return v.refs(timeTrackingCategoryKind, e.CategoryGIDs) },
			"task":             func(v *view, e *TimeTrackingEntry) any { return v.refTo(v.kinds.task, e.TaskGID) },
			"created_at":       func(_ *view, e *TimeTrackingEntry) any { return e.CreatedAt },
			"approval_status":  func(v *view, e *TimeTrackingEntry) any { return timeRecords(v.st).entryStatus(v.st, e) },
			"billable_status":  func(_ *view, e *TimeTrackingEntry) any { return cmp.Or(e.BillableStatus, "notApplicable") },
			"description":      func(_ *view, e *TimeTrackingEntry) any { return e.Description },
		})
	storedIn(k, func(st *state) *table[TimeTrackingEntry] { return &timeRecords(st).entries })
	return k
}()

// timesheetKind renders a timesheet approval status.
var timesheetKind = func() *kind {
	fields := []string{"resource_type", "created_at", "user", "workspace", "start_date", "end_date", "approval_status"}
	k := newKind("timesheet_approval_status", fields, fields,
		map[string]func(*view, *TimesheetApprovalStatus) any{
			"gid":             func(_ *view, t *TimesheetApprovalStatus) any { return t.GID },
			"created_at":      func(_ *view, t *TimesheetApprovalStatus) any { return t.CreatedAt },
			"user":            func(v *view, t *TimesheetApprovalStatus) any { return v.refTo(v.kinds.user, t.UserGID) },
			"workspace":       func(v *view, t *TimesheetApprovalStatus) any { return v.refTo(v.kinds.workspace, t.WorkspaceGID) },
			"start_date":      func(_ *view, t *TimesheetApprovalStatus) any { return t.StartDate },
			"end_date":        func(_ *view, t *TimesheetApprovalStatus) any { return t.EndDate },
			"approval_status": func(_ *view, t *TimesheetApprovalStatus) any { return upperStatus(t.ApprovalStatus) },
		})
	storedIn(k, func(st *state) *table[TimesheetApprovalStatus] { return &timeRecords(st).sheets })
	return k
}()

// addTimeTrackingFields gives tasks their actual_time_minutes (before
// addUnmodelled, which would render it null).
func (k *kinds) addTimeTrackingFields() {
	k.task.fields["actual_time_minutes"] = field(func(v *view, t *Task) any { return timeRecords(v.st).taskMinutes(t.GID) })
}

// object reads an object field as a body of its own; nil when absent or
// null.
func (b *body) object(name string) (*body, error) {
	raw, ok := b.field(name)
	if !ok || string(raw) == "null" {
		return nil, nil
	}
	sub := &body{}
	if err := json.Unmarshal(raw, &sub.fields); err != nil || sub.fields == nil {
		return nil, badRequest(name, "Must be an object")
	}
	return sub, nil
}

// oneOf reads an optional enum string field: def when absent.
func (b *body) oneOf(name, def string, values []string) (string, error) {
	if !b.has(name) {
		return def, nil
	}
	v, err := b.str(name, false)
	if err != nil {
		return "", err
	}
	if !slices.Contains(values, v) {
		return "", badRequest(name, "Not a valid enum value: %q", v)
	}
	return v, nil
}
