package asanatest

import (
	"reflect"
	"slices"
	"testing"
)

// TestGenerateGoalsKeepEarlierRecords checks that goals come after every
// other record from a stream of their own: an organization generated with
// goals has the same users, teams, projects and counts as one without.
func TestGenerateGoalsKeepEarlierRecords(t *testing.T) {
	sz := Sizes{Users: 12, Teams: 3, Projects: 6, TasksPerProject: 5}
	_, with := generate(t, 7, sz)
	sz.Goals = -1
	_, without := generate(t, 7, sz)
	if len(with.Goals) != 3 || len(without.Goals) != 0 {
		t.Fatalf("goals: %d with, %d without", len(with.Goals), len(without.Goals))
	}
	if !reflect.DeepEqual(with.Projects, without.Projects) || !reflect.DeepEqual(with.Users, without.Users) ||
		!reflect.DeepEqual(with.Teams, without.Teams) || with.Tasks != without.Tasks || with.Comments != without.Comments {
		t.Error("generating goals changed the records generated before them")
	}
	if len(without.TimePeriods) != 14 {
		t.Errorf("time periods without goals: %d, want 14 (two years)", len(without.TimePeriods))
	}
}

// TestGenerateGoals checks the demo's goals over the API: the same in two
// runs, with metrics, relationships, time periods and status updates.
func TestGenerateGoals(t *testing.T) {
	s, org := generate(t, DemoSeed, DemoSizes())
	_, again := generate(t, DemoSeed, DemoSizes())
	if !reflect.DeepEqual(org.Goals, again.Goals) || !reflect.DeepEqual(org.TimePeriods, again.TimePeriods) ||
		org.StatusUpdates != again.StatusUpdates {
		t.Fatal("goals differ between two runs of the same seed")
	}
	if len(org.Goals) != 3 || org.StatusUpdates == 0 {
		t.Fatalf("demo: %d goals, %d status updates", len(org.Goals), org.StatusUpdates)
	}
	tok := org.ServiceAccountToken
	listed := gids(t, must(t, s, tok, "GET", "/goals?workspace="+org.Organization.GID, "", 200))
	var want []string
	for _, g := range org.Goals {
		want = append(want, g.GID)
	}
	if !slices.Equal(listed, want) {
		t.Errorf("goals listed %v, want %v", listed, want)
	}
	var rels, withMetric, withStatus int
	for _, g := range org.Goals {
		d := data(t, must(t, s, tok, "GET", "/goals/"+g.GID, "", 200))
		if d["time_period"] == nil || d["owner"] == nil {
			t.Errorf("goal without time period or owner: %v", d)
		}
		if d["metric"] != nil {
			withMetric++
		}
		if d["current_status_update"] != nil {
			withStatus++
		}
		rels += len(gids(t, must(t, s, tok, "GET", "/goal_relationships?supported_goal="+g.GID, "", 200)))
	}
	if rels == 0 || withMetric == 0 || withStatus == 0 {
		t.Errorf("demo goals: %d relationships, %d with a metric, %d with a status update", rels, withMetric, withStatus)
	}
	if n := len(gids(t, must(t, s, org.MemberToken, "GET", "/time_periods?workspace="+org.Organization.GID, "", 200))); n != 14 {
		t.Errorf("time periods: %d", n)
	}
}
