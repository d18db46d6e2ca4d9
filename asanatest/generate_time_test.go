package asanatest

import (
	"testing"
	"time"
)

// TestGenerateTimeTracking checks the generated time tracking: categories,
// entries whose tasks show their sum, allocations on projects, all dated
// before the clock, the same for the same seed, and served by the API.
func TestGenerateTimeTracking(t *testing.T) {
	gen := func() (*Server, *Org) {
		s := Must(New())
		t.Cleanup(s.Close)
		return s, Must(s.Generate(7, DemoSizes()))
	}
	s, org := gen()
	_, again := gen()
	if len(org.TimeTrackingCategories) != len(genTimeCategories) || org.TimeTrackingEntries == 0 || org.Allocations == 0 {
		t.Fatalf("generated %d categories, %d entries, %d allocations", len(org.TimeTrackingCategories), org.TimeTrackingEntries, org.Allocations)
	}
	if again.TimeTrackingEntries != org.TimeTrackingEntries || again.Allocations != org.Allocations {
		t.Errorf("same seed, other counts: %d/%d entries, %d/%d allocations", org.TimeTrackingEntries, again.TimeTrackingEntries,
			org.Allocations, again.Allocations)
	}
	now := s.Clock().Now()
	sums := map[string]int{}
	s.mu.RLock()
	ts := timeRecords(s.st)
	for _, g := range ts.entries.order {
		e := ts.entries.get(g)
		sums[e.TaskGID] += e.DurationMinutes
		if e.CreatedAt.After(now) || e.EnteredOn > now.Format(time.DateOnly) || e.DurationMinutes <= 0 {
			t.Errorf("entry %+v: after the clock (%v) or empty", e, now)
		}
	}
	s.mu.RUnlock()
	for task, sum := range sums {
		got := data(t, must(t, s, org.ServiceAccountToken, "GET", "/tasks/"+task+"?opt_fields=actual_time_minutes", "", 200))
		if got["actual_time_minutes"] != float64(sum) {
			t.Errorf("task %s: actual_time_minutes %v, want %d", task, got["actual_time_minutes"], sum)
		}
	}
	list := must(t, s, org.ServiceAccountToken, "GET", "/allocations?workspace="+org.Organization.GID+"&limit=100", "", 200)
	if n := len(gids(t, list)); n != min(org.Allocations, 100) {
		t.Errorf("GET /allocations: %d, want %d", n, min(org.Allocations, 100))
	}
	cats := must(t, s, org.ServiceAccountToken, "GET", "/time_tracking_categories?workspace="+org.Organization.GID, "", 200)
	if n := len(gids(t, cats)); n != len(genTimeCategories) {
		t.Errorf("GET /time_tracking_categories: %d", n)
	}
}
