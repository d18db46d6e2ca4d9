package asanatest

import (
	"fmt"
	"slices"
	"testing"
)

// timeSetup seeds a category, an entry by the member on t1 and one on the
// hidden task, for the matrix.
func timeSetup(tb testing.TB, f *workFixture) {
	tb.Helper()
	Must(f.s.AddTimeTrackingCategory(TimeTrackingCategory{WorkspaceGID: f.org.GID, Name: "Design"}))
	Must(f.s.AddTimeTrackingEntry(TimeTrackingEntry{TaskGID: f.t1.GID, DurationMinutes: 60, CreatedByGID: f.member.GID}))
	Must(f.s.AddTimeTrackingEntry(TimeTrackingEntry{TaskGID: f.hidden.GID, DurationMinutes: 5, CreatedByGID: f.admin.GID}))
}

// seeded returns the GID of the n-th record of a table of the fixture.
func seeded[T any](f *workFixture, tbl func(*state) *table[T], n int) string {
	f.s.mu.RLock()
	defer f.s.mu.RUnlock()
	return tbl(f.s.st).order[n]
}

func TestTimeTrackingMatrix(t *testing.T) {
	cat := func(f *workFixture) string {
		return "/time_tracking_categories/" + seeded(f, func(st *state) *table[TimeTrackingCategory] { return &timeRecords(st).categories }, 0)
	}
	entry := func(n int) func(f *workFixture) string {
		return func(f *workFixture) string {
			return "/time_tracking_entries/" + seeded(f, func(st *state) *table[TimeTrackingEntry] { return &timeRecords(st).entries }, n)
		}
	}
	runMatrixWith(t, []matrixCase{
		{"categories", "GET", func(f *workFixture) string { return "/time_tracking_categories?workspace=" + f.org.GID }, nil, matrixWant{200, 200, 200, 200, 403}},
		{"create category", "POST", fixed("/time_tracking_categories"),
			func(f *workFixture) string { return `{"data":{"workspace":"` + f.org.GID + `","name":"Meetings"}}` }, matrixWant{201, 201, 403, 403, 403}},
		{"get category", "GET", cat, nil, matrixWant{200, 200, 200, 200, 403}},
		{"archive category", "PUT", cat, fixed(`{"data":{"is_archived":true}}`), matrixWant{200, 200, 403, 403, 403}},
		{"delete category", "DELETE", cat, nil, matrixWant{200, 200, 403, 403, 403}},
		{"log time", "POST", func(f *workFixture) string { return "/tasks/" + f.t1.GID + "/time_tracking_entries" },
			fixed(`{"data":{"duration_minutes":20}}`), matrixWant{201, 201, 201, 403, 403}},
		{"log time on hidden task", "POST", func(f *workFixture) string { return "/tasks/" + f.hidden.GID + "/time_tracking_entries" },
			fixed(`{"data":{"duration_minutes":20}}`), matrixWant{201, 201, 403, 403, 403}},
		// Entries are seen through their task, which the guest cannot see.
		{"get entry", "GET", entry(0), nil, matrixWant{200, 200, 200, 403, 403}},
		{"get hidden entry", "GET", entry(1), nil, matrixWant{200, 200, 403, 403, 403}},
		// The member wrote it; admins may change anyone's.
		{"update entry", "PUT", entry(0), fixed(`{"data":{"duration_minutes":45}}`), matrixWant{200, 200, 200, 403, 403}},
		{"delete entry", "DELETE", entry(0), nil, matrixWant{200, 200, 200, 403, 403}},
		{"entries of task", "GET", func(f *workFixture) string { return "/tasks/" + f.t1.GID + "/time_tracking_entries" }, nil, matrixWant{200, 200, 200, 403, 403}},
	}, timeSetup)
}

func TestTimeTrackingEntries(t *testing.T) {
	f := newWorkFixture(t)
	s, tok := f.s, f.memberTok
	cat := Must(s.AddTimeTrackingCategory(TimeTrackingCategory{WorkspaceGID: f.org.GID, Name: "Design", Color: "blue"}))
	old := Must(s.AddTimeTrackingCategory(TimeTrackingCategory{WorkspaceGID: f.org.GID, Name: "Old", IsArchived: true}))
	minutes := func(task string) any {
		return data(t, must(t, s, tok, "GET", "/tasks/"+task+"?opt_fields=actual_time_minutes", "", 200))["actual_time_minutes"]
	}
	if m := minutes(f.t1.GID); m != nil {
		t.Errorf("actual_time_minutes without entries: %v, want null", m)
	}
	base := "/tasks/" + f.t1.GID + "/time_tracking_entries"
	e := data(t, must(t, s, tok, "POST", base, `{"data":{"duration_minutes":90,"billable_status":"billable","categories":["`+cat.GID+`"]}}`, 201))
	if e["entered_on"] != DefaultStart.Format("2006-01-02") || e["approval_status"] != "DRAFT" || e["billable_status"] != "billable" ||
		e["attributable_to"].(map[string]any)["gid"] != f.pub.GID || e["created_by"].(map[string]any)["gid"] != f.member.GID ||
		e["task"].(map[string]any)["gid"] != f.t1.GID || len(e["categories"].([]any)) != 1 {
		t.Errorf("created %v", e)
	}
	must(t, s, tok, "POST", base, `{"data":{"duration_minutes":30,"entered_on":"2025-01-02"}}`, 201)
	if m := minutes(f.t1.GID); m != float64(120) {
		t.Errorf("actual_time_minutes: %v, want 120", m)
	}
	gid := e["gid"].(string)
	must(t, s, tok, "PUT", "/time_tracking_entries/"+gid, `{"data":{"duration_minutes":10,"categories":[]}}`, 200)
	if m := minutes(f.t1.GID); m != float64(40) {
		t.Errorf("actual_time_minutes after update: %v, want 40", m)
	}
	if got, _ := s.TimeTrackingEntry(gid); got.DurationMinutes != 10 || len(got.CategoryGIDs) != 0 || got.BillableStatus != "billable" {
		t.Errorf("fake has %+v", got)
	}
	must(t, s, tok, "DELETE", "/time_tracking_entries/"+gid, "", 200)
	if m := minutes(f.t1.GID); m != float64(30) {
		t.Errorf("actual_time_minutes after delete: %v, want 30", m)
	}

	for _, tt := range []struct{ name, body string }{
		{"no duration", `{"data":{}}`},
		{"zero duration", `{"data":{"duration_minutes":0}}`},
		{"fractional duration", `{"data":{"duration_minutes":1.5}}`},
		{"bad date", `{"data":{"duration_minutes":5,"entered_on":"soon"}}`},
		{"bad billable status", `{"data":{"duration_minutes":5,"billable_status":"maybe"}}`},
		{"project the task is not in", `{"data":{"duration_minutes":5,"attributable_to":"` + f.priv.GID + `"}}`},
		{"archived category", `{"data":{"duration_minutes":5,"categories":["` + old.GID + `"]}}`},
		{"two categories", `{"data":{"duration_minutes":5,"categories":["` + cat.GID + `","` + cat.GID + `"]}}`},
	} {
		if code, _, doc := call(t, s, tok, "POST", base, tt.body); code != 400 || errMessage(doc) == "" {
			t.Errorf("%s: %d %v", tt.name, code, doc)
		}
	}

	// Lists: a second user's entries on t2, then the filters.
	Must(s.AddTimeTrackingEntry(TimeTrackingEntry{TaskGID: f.t2.GID, DurationMinutes: 15, EnteredOn: "2025-01-03", CreatedByGID: f.admin.GID}))
	pf := Must(s.AddPortfolio(Portfolio{WorkspaceGID: f.org.GID, Name: "All", OwnerGID: f.member.GID, ItemGIDs: []string{f.pub.GID}}))
	for _, tt := range []struct {
		query string
		want  int
	}{
		{"task=" + f.t1.GID, 1},
		{"attributable_to=" + f.pub.GID, 2},
		{"portfolio=" + pf.GID, 2},
		{"user=" + f.admin.GID, 1},
		{"user=me", 1},
		{"workspace=" + f.org.GID + "&entered_on_start_date=2025-01-03", 1},
		{"workspace=" + f.org.GID + "&entered_on_end_date=2025-01-02", 1},
		{"attributable_to=" + f.pub.GID + "&user=" + f.admin.GID, 1},
	} {
		if got := gids(t, must(t, s, tok, "GET", "/time_tracking_entries?"+tt.query, "", 200)); len(got) != tt.want {
			t.Errorf("%s: %d entries, want %d", tt.query, len(got), tt.want)
		}
	}
	for _, q := range []string{"", "workspace=" + f.org.GID, "entered_on_start_date=2025-02-01&entered_on_end_date=2025-01-01&user=me"} {
		if code, _, doc := call(t, s, tok, "GET", "/time_tracking_entries?"+q, ""); code != 400 {
			t.Errorf("?%s: %d %v", q, code, doc)
		}
	}
}

func TestTimeTrackingCategories(t *testing.T) {
	f := newWorkFixture(t)
	s, tok := f.s, f.adminTok
	c := data(t, must(t, s, tok, "POST", "/time_tracking_categories", `{"data":{"workspace":"`+f.org.GID+`","name":"Design"}}`, 201))
	if c["color"] != "none" || c["is_archived"] != false {
		t.Errorf("created %v", c)
	}
	gid := c["gid"].(string)
	if code, _, _ := call(t, s, tok, "POST", "/time_tracking_categories", `{"data":{"workspace":"`+f.org.GID+`","name":"design"}}`); code != 400 {
		t.Errorf("duplicate name: %d", code)
	}
	e := Must(s.AddTimeTrackingEntry(TimeTrackingEntry{TaskGID: f.t1.GID, DurationMinutes: 5, EnteredOn: "2025-01-06", CategoryGIDs: []string{gid},
		CreatedByGID: f.member.GID}))
	list := func(q string) []string {
		return gids(t, must(t, s, tok, "GET", "/time_tracking_categories?workspace="+f.org.GID+q, "", 200))
	}
	must(t, s, tok, "PUT", "/time_tracking_categories/"+gid, `{"data":{"is_archived":true,"color":"red"}}`, 200)
	if !slices.Equal(list(""), []string{}) || !slices.Equal(list("&is_archived=true"), []string{gid}) {
		t.Errorf("lists after archiving: %v %v", list(""), list("&is_archived=true"))
	}
	byCat := func(q string) int {
		return len(gids(t, must(t, s, tok, "GET", "/time_tracking_categories/"+gid+"/time_tracking_entries"+q, "", 200)))
	}
	if byCat("") != 1 || byCat("?start_date=2025-01-07") != 0 || byCat("?end_date=2025-01-06") != 1 {
		t.Errorf("entries by category: %d %d %d", byCat(""), byCat("?start_date=2025-01-07"), byCat("?end_date=2025-01-06"))
	}
	must(t, s, tok, "DELETE", "/time_tracking_categories/"+gid, "", 200)
	if got, _ := s.TimeTrackingEntry(e.GID); len(got.CategoryGIDs) != 0 {
		t.Errorf("deleted category still on its entry: %+v", got)
	}
	if code, _, _ := call(t, s, tok, "GET", "/time_tracking_categories/"+gid, ""); code != 404 {
		t.Errorf("deleted category: %d", code)
	}
}

func TestTimesheets(t *testing.T) {
	f := newWorkFixture(t)
	s := f.s
	create := func(tok, body string, want int) map[string]any {
		return must(t, s, tok, "POST", "/timesheet_approval_statuses", body, want)
	}
	week := func(user, start, end string) string {
		return fmt.Sprintf(`{"data":{"workspace":"%s","user":"%s","start_date":"%s","end_date":"%s"}}`, f.org.GID, user, start, end)
	}
	sheet := data(t, create(f.memberTok, week("me", "2025-01-06", "2025-01-12"), 201))
	if sheet["approval_status"] != "DRAFT" || sheet["user"].(map[string]any)["gid"] != f.member.GID {
		t.Errorf("created %v", sheet)
	}
	create(f.memberTok, week("me", "2025-01-06", "2025-01-12"), 400)           // the same week twice
	create(f.memberTok, week("me", "2025-01-07", "2025-01-13"), 400)           // not a Monday
	create(f.memberTok, week("me", "2025-01-13", "2025-01-20"), 400)           // not the Sunday after
	create(f.memberTok, week(f.admin.GID, "2025-01-13", "2025-01-19"), 403)    // another user's, as a member
	create(f.adminTok, week(f.member.GID, "2025-01-13", "2025-01-19"), 201)    // an admin may
	create(f.memberTok, week(f.outsider.GID, "2025-01-20", "2025-01-26"), 400) // not a member

	entry := Must(s.AddTimeTrackingEntry(TimeTrackingEntry{TaskGID: f.t1.GID, DurationMinutes: 30, EnteredOn: "2025-01-08", CreatedByGID: f.member.GID}))
	path := "/timesheet_approval_statuses/" + sheet["gid"].(string)
	status := func() any {
		return data(t, must(t, s, f.memberTok, "GET", "/time_tracking_entries/"+entry.GID, "", 200))["approval_status"]
	}
	steps := []struct {
		tok, to string
		want    int
		entry   string // the entry's status after the step
	}{
		{f.memberTok, "approved", 400, "DRAFT"}, // a draft is submitted first
		{f.memberTok, "submitted", 200, "SUBMITTED"},
		{f.memberTok, "submitted", 400, "SUBMITTED"}, // no change is no transition
		{f.memberTok, "approved", 403, "SUBMITTED"},  // only admins approve
		{f.adminTok, "rejected", 200, "REJECTED"},
		{f.memberTok, "SUBMITTED", 200, "SUBMITTED"}, // upper case is accepted
		{f.adminTok, "approved", 200, "APPROVED"},
		{f.memberTok, "rejected", 400, "APPROVED"},
		{f.guestTok, "draft", 403, "APPROVED"}, // a guest cannot see it
		{f.adminTok, "draft", 200, "DRAFT"},
	}
	for i, st := range steps {
		code, _, doc := call(t, s, st.tok, "PUT", path, `{"data":{"approval_status":"`+st.to+`"}}`)
		if code != st.want {
			t.Errorf("step %d (%s): %d, want %d: %v", i, st.to, code, st.want, doc)
		}
		if got := status(); got != st.entry {
			t.Errorf("step %d: entry status %v, want %s", i, got, st.entry)
		}
		if i == 1 { // submitted: the week's entries are locked
			if code, _, _ := call(t, s, f.memberTok, "PUT", "/time_tracking_entries/"+entry.GID, `{"data":{"duration_minutes":5}}`); code != 400 {
				t.Errorf("edit on a submitted timesheet: %d", code)
			}
			if code, _, _ := call(t, s, f.memberTok, "POST", "/tasks/"+f.t1.GID+"/time_tracking_entries", `{"data":{"duration_minutes":5,"entered_on":"2025-01-12"}}`); code != 400 {
				t.Errorf("new entry on a submitted timesheet: %d", code)
			}
		}
	}
	list := func(tok, q string) int {
		return len(gids(t, must(t, s, tok, "GET", "/timesheet_approval_statuses?workspace="+f.org.GID+q, "", 200)))
	}
	for _, tt := range []struct {
		tok, q string
		want   int
	}{
		{f.adminTok, "", 2},
		{f.memberTok, "", 2},
		{f.guestTok, "", 0},
		{f.adminTok, "&user=" + f.member.GID, 2},
		{f.adminTok, "&from_date=2025-01-13", 1},
		{f.adminTok, "&to_date=2025-01-12", 1},
		{f.adminTok, "&approval_statuses=draft,submitted", 2},
		{f.adminTok, "&approval_statuses=approved", 0},
	} {
		if got := list(tt.tok, tt.q); got != tt.want {
			t.Errorf("list %s: %d, want %d", tt.q, got, tt.want)
		}
	}
	byStatus := gids(t, must(t, s, f.adminTok, "GET", "/time_tracking_entries?timesheet_approval_status="+sheet["gid"].(string), "", 200))
	if !slices.Equal(byStatus, []string{entry.GID}) {
		t.Errorf("entries of the timesheet: %v", byStatus)
	}
}
