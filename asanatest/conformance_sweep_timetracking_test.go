package asanatest

import (
	"testing"

	"github.com/asanakit/asana-go/asanatest/internal/conformance"
)

// sweepTime are the sweep's time tracking and resource management
// records: a category with an entry on the sweep's task, a timesheet, an
// allocation, a budget and a rate on the sweep's project, and one doomed
// record of each kind the sweep deletes.
type sweepTime struct {
	category, doomedCategory TimeTrackingCategory
	entry, doomedEntry       TimeTrackingEntry
	timesheet                TimesheetApprovalStatus
	allocation, doomedAlloc  Allocation
	budget, doomedBudget     Budget
	rate, doomedRate         Rate
	budgeted                 Project // holds the doomed budget
}

func newSweepTime(t *testing.T, f *sweepFixture) sweepTime {
	t.Helper()
	s := f.s
	var tt sweepTime
	tt.category = Must(s.AddTimeTrackingCategory(TimeTrackingCategory{WorkspaceGID: f.org.GID, Name: "Design", Color: "blue"}))
	tt.doomedCategory = Must(s.AddTimeTrackingCategory(TimeTrackingCategory{WorkspaceGID: f.org.GID, Name: "Doomed"}))
	Must(s.AddTimeTrackingCategory(TimeTrackingCategory{WorkspaceGID: f.org.GID, Name: "Old", IsArchived: true}))
	tt.entry = Must(s.AddTimeTrackingEntry(TimeTrackingEntry{TaskGID: f.task.GID, DurationMinutes: 90, EnteredOn: "2025-01-08",
		BillableStatus: "billable", Description: "Sketches", CategoryGIDs: []string{tt.category.GID}, CreatedByGID: f.member.GID}))
	tt.doomedEntry = Must(s.AddTimeTrackingEntry(TimeTrackingEntry{TaskGID: f.task.GID, DurationMinutes: 15, EnteredOn: "2025-01-09",
		CreatedByGID: f.sa.GID}))
	tt.timesheet = Must(s.AddTimesheetApprovalStatus(TimesheetApprovalStatus{WorkspaceGID: f.org.GID, UserGID: f.member.GID,
		StartDate: "2025-02-03", EndDate: "2025-02-09"}))
	tt.allocation = Must(s.AddAllocation(Allocation{ProjectGID: f.project.GID, AssigneeGID: f.member.GID, StartDate: "2025-01-06",
		EndDate: "2025-01-10", EffortType: "percent", EffortValue: 50, CreatedByGID: f.admin.GID}))
	tt.doomedAlloc = Must(s.AddAllocation(Allocation{ProjectGID: f.project.GID, AssigneeGID: f.admin.GID, StartDate: "2025-01-06",
		EndDate: "2025-01-06"}))
	tt.rate = Must(s.AddRate(Rate{ProjectGID: f.project.GID, ResourceGID: f.member.GID, Rate: 120, CreatedByGID: f.admin.GID}))
	tt.doomedRate = Must(s.AddRate(Rate{ProjectGID: f.project.GID, ResourceGID: f.admin.GID, Rate: 80, CreatedByGID: f.admin.GID}))
	tt.budget = Must(s.AddBudget(Budget{ProjectGID: f.project.GID, BudgetType: "cost", EstimateEnabled: true,
		EstimateSource: "capacity_plans", TotalEnabled: true, TotalValue: 5000}))
	tt.budgeted = Must(s.AddProject(Project{WorkspaceGID: f.org.GID, TeamGID: f.public.GID, Name: "Budgeted"}))
	tt.doomedBudget = Must(s.AddBudget(Budget{ProjectGID: tt.budgeted.GID, BudgetType: "time"}))
	return tt
}

// sweepTimeWrites are the sweep's write bodies for time tracking and
// resource management (merged into sweepWrites).
var sweepTimeWrites = map[string]sweepWrite{
	"POST /time_tracking_categories":                                {body: `{"data":{"workspace":"{org}","name":"Meetings","color":"red"}}`},
	"PUT /time_tracking_categories/{time_tracking_category_gid}":    {body: `{"data":{"name":"Design work","is_archived":false}}`},
	"DELETE /time_tracking_categories/{time_tracking_category_gid}": {paths: map[string]string{"time_tracking_category_gid": "{doomedCategory}"}},
	"POST /tasks/{task_gid}/time_tracking_entries": {body: `{"data":{"duration_minutes":30,"entered_on":"2025-01-10",` +
		`"billable_status":"nonBillable","description":"Review","categories":["{ttCategory}"]}}`},
	"PUT /time_tracking_entries/{time_tracking_entry_gid}":    {body: `{"data":{"duration_minutes":120,"description":"Sketches and review"}}`},
	"DELETE /time_tracking_entries/{time_tracking_entry_gid}": {paths: map[string]string{"time_tracking_entry_gid": "{doomedEntry}"}},
	"POST /timesheet_approval_statuses": {body: `{"data":{"workspace":"{org}","user":"{member}",` +
		`"start_date":"2025-03-03","end_date":"2025-03-09"}}`},
	"PUT /timesheet_approval_statuses/{timesheet_approval_status_gid}": {body: `{"data":{"approval_status":"submitted","message":"Done"}}`},
	"POST /allocations": {body: `{"data":{"parent":"{project}","assignee":"{spare}","start_date":"2025-02-03",` +
		`"end_date":"2025-02-07","effort":{"type":"hours","value":12}}}`},
	"PUT /allocations/{allocation_gid}":    {body: `{"data":{"end_date":"2025-01-17","effort":{"type":"percent","value":25}}}`},
	"DELETE /allocations/{allocation_gid}": {paths: map[string]string{"allocation_gid": "{doomedAlloc}"}},
	"POST /budgets": {body: `{"data":{"parent":"{itemProject}","budget_type":"time",` +
		`"estimate":{"source":"capacity_plans","enabled":true},"total":{"enabled":true,"value":600}}}`},
	"PUT /budgets/{budget_gid}":    {body: `{"data":{"actual":{"billable_status_filter":"billable"},"total":{"value":8000}}}`},
	"DELETE /budgets/{budget_gid}": {paths: map[string]string{"budget_gid": "{doomedBudget}"}},
	"POST /rates":                  {body: `{"data":{"parent":"{project}","resource":"{spare}","rate":95.5}}`},
	"PUT /rates/{rate_gid}":        {body: `{"data":{"rate":130}}`},
	"DELETE /rates/{rate_gid}":     {paths: map[string]string{"rate_gid": "{doomedRate}"}},
}

func init() {
	for op, w := range sweepTimeWrites {
		sweepWrites[op] = w
	}
	for op, q := range map[string]map[string]string{
		"GET /time_tracking_entries": {"task": "{task}"},
		"GET /allocations":           {"parent": "{project}"},
		"GET /budgets":               {"parent": "{project}"},
		"GET /rates":                 {"parent": "{project}"},
	} {
		sweepQueryValues[op] = q
		for name := range q {
			sweepQueries[op] = append(sweepQueries[op], name)
		}
	}
}

// timePathValues are the sweep's path values of these kinds.
func (tt *sweepTime) pathValues() map[string]string {
	return map[string]string{
		"time_tracking_category_gid":    tt.category.GID,
		"time_tracking_entry_gid":       tt.entry.GID,
		"timesheet_approval_status_gid": tt.timesheet.GID,
		"allocation_gid":                tt.allocation.GID,
		"budget_gid":                    tt.budget.GID,
		"rate_gid":                      tt.rate.GID,
	}
}

// names are the placeholders of sweepTimeWrites.
func (tt *sweepTime) names() []string {
	return []string{"{ttCategory}", tt.category.GID, "{doomedCategory}", tt.doomedCategory.GID,
		"{doomedEntry}", tt.doomedEntry.GID, "{doomedAlloc}", tt.doomedAlloc.GID,
		"{doomedBudget}", tt.doomedBudget.GID, "{doomedRate}", tt.doomedRate.GID}
}

// budgetAllowances excuse the budget schemas' missing nullable: their
// descriptions say that a disabled estimate (source none) and a disabled
// total have null value and units, but the schemas do not mark them
// nullable; so is a time entry's attributable_to without a project.
func budgetAllowances() []conformance.Allowance {
	var out []conformance.Allowance
	for _, f := range []string{"**/estimate/units", "**/estimate/value", "**/total/units", "**/total/value"} {
		out = append(out, conformance.Allowance{Field: f, Reason: "Value is not nullable",
			Why: "BudgetEstimateResponse and BudgetTotalResponse describe value and units as null when the part " +
				"is disabled (estimate source none, total not enabled) but do not declare them nullable"})
	}
	return append(out, conformance.Allowance{Field: "**/attributable_to", Reason: "Value is not nullable",
		Why: "a time tracking entry's attributable_to is the project its time counts toward; an entry on a task in " +
			"no project (or in several, none chosen) has none, so it is null, but the schema does not say nullable"})
}
