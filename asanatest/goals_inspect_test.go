package asanatest

import "testing"

// TestGoalInspection checks that the accessors return the stored records
// and report unknown GIDs.
func TestGoalInspection(t *testing.T) {
	f := newGoalFixture(t)
	s, g := f.s, f.goals
	rel, ok := s.GoalRelationship(g.projectRel.GID)
	if !ok || rel != g.projectRel {
		t.Errorf("GoalRelationship: %+v %v, want %+v", rel, ok, g.projectRel)
	}
	up, ok := s.StatusUpdate(g.projectStatus.GID)
	if !ok || up != g.projectStatus {
		t.Errorf("StatusUpdate: %+v %v, want %+v", up, ok, g.projectStatus)
	}
	tp, ok := s.TimePeriod(g.q1.GID)
	if !ok || tp != g.q1 {
		t.Errorf("TimePeriod: %+v %v, want %+v", tp, ok, g.q1)
	}
	const unknown = "1999999999999999"
	_, relOK := s.GoalRelationship(unknown)
	_, upOK := s.StatusUpdate(unknown)
	_, tpOK := s.TimePeriod(unknown)
	if relOK || upOK || tpOK {
		t.Errorf("unknown GID found: relationship %v, status update %v, time period %v", relOK, upOK, tpOK)
	}
}
