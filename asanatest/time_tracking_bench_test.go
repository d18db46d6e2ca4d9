package asanatest

import (
	"fmt"
	"net/http"
	"testing"
)

// BenchmarkTimeTracking measures the time tracking reads on 20,000
// entries over 2,000 tasks of one project: the first page of a workspace
// list bounded by date (one op is one page of 100), a task's entries, a
// task's actual_time_minutes, and a cost budget whose actual sums every
// entry of the project.
func BenchmarkTimeTracking(b *testing.B) {
	f := newWorkFixture(b, WithRateLimit(0, 0))
	s := f.s
	Must(s.AddRate(Rate{ProjectGID: f.pub.GID, ResourceGID: f.member.GID, Rate: 100}))
	budget := Must(s.AddBudget(Budget{ProjectGID: f.pub.GID, BudgetType: "cost"}))
	var task string
	for i := range 2000 {
		t := Must(s.AddTask(Task{Name: fmt.Sprint("task ", i), Memberships: []TaskMembership{{ProjectGID: f.pub.GID}}}))
		task = t.GID
		for d := range 10 {
			Must(s.AddTimeTrackingEntry(TimeTrackingEntry{TaskGID: t.GID, DurationMinutes: 30, EnteredOn: fmt.Sprintf("2025-01-%02d", 1+d),
				CreatedByGID: f.member.GID}))
		}
	}
	for _, bc := range []struct{ name, path string }{
		{"workspace page", "/time_tracking_entries?workspace=" + f.org.GID + "&entered_on_start_date=2025-01-05&limit=100"},
		{"task entries", "/tasks/" + task + "/time_tracking_entries"},
		{"actual_time_minutes", "/tasks/" + task + "?opt_fields=actual_time_minutes"},
		{"budget of 20k entries", "/budgets/" + budget.GID},
	} {
		b.Run(bc.name, func(b *testing.B) {
			req, err := http.NewRequest("GET", s.URL()+bc.path, nil)
			if err != nil {
				b.Fatal(err)
			}
			req.Header.Set("Authorization", "Bearer "+f.saTok)
			c := s.HTTPClient()
			b.ReportAllocs()
			for b.Loop() {
				doBench(b, c, req)
			}
		})
	}
}
