package asanatest

import (
	"strings"
	"testing"
)

// fuzzTimeRoutes are the time tracking and resource management writes
// FuzzTimeTrackingWrites aims its bodies at.
var fuzzTimeRoutes = []string{
	"POST /tasks/T1/time_tracking_entries",
	"PUT /time_tracking_entries/ENTRY",
	"POST /time_tracking_categories",
	"PUT /time_tracking_categories/CAT",
	"POST /timesheet_approval_statuses",
	"PUT /timesheet_approval_statuses/SHEET",
	"POST /allocations",
	"PUT /allocations/ALLOC",
	"POST /budgets",
	"PUT /budgets/BUDGET",
	"POST /rates",
	"PUT /rates/RATE",
}

// FuzzTimeTrackingWrites sends arbitrary bodies to the writes of these
// kinds as an admin: the answer is a success or a client error, never a
// 500, and the stores' indexes agree with their records.
func FuzzTimeTrackingWrites(f *testing.F) {
	for _, seed := range []string{
		`{"data":{"duration_minutes":30,"entered_on":"2025-01-06","categories":["CAT"],"billable_status":"billable"}}`,
		`{"data":{"attributable_to":"PUB","description":"x","categories":[]}}`,
		`{"data":{"workspace":"ORG","name":"Design","color":"aqua","is_archived":true}}`,
		`{"data":{"workspace":"ORG","user":"me","start_date":"2025-01-13","end_date":"2025-01-19","approval_status":"submitted"}}`,
		`{"data":{"parent":"PUB","assignee":"me","start_date":"2025-01-06","end_date":"2025-01-07","effort":{"type":"percent","value":50}}}`,
		`{"data":{"effort":null,"end_date":null}}`,
		`{"data":{"parent":"PUB","budget_type":"cost","estimate":{"source":"capacity_plans"},"total":{"enabled":true,"value":1e308}}}`,
		`{"data":{"parent":"PUB","resource":"me","rate":12.5}}`,
		`{"data":{"rate":-1,"effort":[],"total":7}}`,
		`{"data":[1]}`, `{"data":`, ``,
	} {
		for i := range fuzzTimeRoutes {
			f.Add(uint8(i), seed)
		}
	}
	w := newWorkFixture(f, WithRateLimit(0, 0))
	s := w.s
	cat := Must(s.AddTimeTrackingCategory(TimeTrackingCategory{WorkspaceGID: w.org.GID, Name: "Seeded"}))
	entry := Must(s.AddTimeTrackingEntry(TimeTrackingEntry{TaskGID: w.t1.GID, DurationMinutes: 10, EnteredOn: "2025-01-06", CreatedByGID: w.admin.GID}))
	sheet := Must(s.AddTimesheetApprovalStatus(TimesheetApprovalStatus{WorkspaceGID: w.org.GID, UserGID: w.admin.GID, StartDate: "2025-02-03", EndDate: "2025-02-09"}))
	alloc := Must(s.AddAllocation(Allocation{ProjectGID: w.pub.GID, AssigneeGID: w.member.GID, StartDate: "2025-01-06", EndDate: "2025-01-06"}))
	other := Must(s.AddProject(Project{WorkspaceGID: w.org.GID, TeamGID: w.public.GID, Name: "Other"}))
	budget := Must(s.AddBudget(Budget{ProjectGID: other.GID, BudgetType: "time"}))
	rate := Must(s.AddRate(Rate{ProjectGID: other.GID, ResourceGID: w.member.GID, Rate: 1}))
	names := strings.NewReplacer("ORG", w.org.GID, "PUB", w.pub.GID, "T1", w.t1.GID, "CAT", cat.GID, "ENTRY", entry.GID,
		"SHEET", sheet.GID, "ALLOC", alloc.GID, "BUDGET", budget.GID, "RATE", rate.GID)
	f.Fuzz(func(t *testing.T, route uint8, body string) {
		method, p, _ := strings.Cut(names.Replace(fuzzTimeRoutes[int(route)%len(fuzzTimeRoutes)]), " ")
		code, _, doc := call(t, s, w.adminTok, method, p, names.Replace(body))
		switch code {
		case 200, 201, 400, 403, 404, 413:
		default:
			t.Fatalf("%s %s %q: status %d %v", method, p, body, code, doc)
		}
		s.mu.RLock()
		defer s.mu.RUnlock()
		checkTimeIndexes(t, s.st)
	})
}

// checkTimeIndexes checks that the time tracking and resource management
// indexes list exactly records that carry their key.
func checkTimeIndexes(t *testing.T, st *state) {
	t.Helper()
	ts := timeRecords(st)
	for key, ix := range map[string]index{"task": ts.byTask, "project": ts.byProject, "category": ts.byCategory, "user": ts.byUser} {
		n := 0
		for k, gids := range ix {
			for _, g := range gids {
				e := ts.entries.get(g)
				if e == nil {
					t.Fatalf("%s index %s lists missing entry %s", key, k, g)
				}
				ok := map[string]bool{"task": e.TaskGID == k, "project": e.AttributableToGID == k, "user": e.CreatedByGID == k,
					"category": len(e.CategoryGIDs) == 1 && e.CategoryGIDs[0] == k}[key]
				if !ok {
					t.Fatalf("%s index %s lists entry %+v", key, k, e)
				}
				n++
			}
		}
		if key == "task" && n != len(ts.entries.order) {
			t.Fatalf("task index has %d entries, table %d", n, len(ts.entries.order))
		}
	}
	as := allocations(st)
	for k, gids := range as.byProject {
		for _, g := range gids {
			if a := as.allocations.get(g); a == nil || a.ProjectGID != k || a.EndDate < a.StartDate {
				t.Fatalf("project %s lists allocation %+v", k, a)
			}
		}
	}
	bs := budgets(st)
	for k, g := range bs.byProject {
		if b := bs.budgets.get(g); b == nil || b.ProjectGID != k {
			t.Fatalf("project %s has budget %+v", k, b)
		}
	}
}
