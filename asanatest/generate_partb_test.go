package asanatest

import (
	"reflect"
	"testing"
)

func TestGeneratePartB(t *testing.T) {
	gen := func() (*Server, *Org) {
		s := Must(New())
		t.Cleanup(s.Close)
		return s, Must(s.Generate(13, Sizes{Users: 60, Projects: 30, TasksPerProject: 4}))
	}
	s, org := gen()
	if org.Roles != 6 || org.Agents != 2 || org.CustomTypes != 2 || org.RuleTriggers == 0 || org.OOOEntries == 0 || org.Reactions == 0 ||
		org.Favorites == 0 || len(s.Favorites(org.Member.GID, org.Organization.GID)) == 0 {
		t.Fatalf("generated %+v", *org)
	}
	tok := org.ServiceAccountToken
	roles := gids(t, must(t, s, tok, "GET", "/roles?workspace="+org.Organization.GID, "", 200))
	if len(roles) != org.Roles {
		t.Errorf("%d roles listed, %d generated", len(roles), org.Roles)
	}
	if n := len(gids(t, must(t, s, tok, "GET", "/workspaces/"+org.Organization.GID+"/agents", "", 200))); n != org.Agents {
		t.Errorf("%d agents listed", n)
	}
	// Every reaction is on a comment or status update, and shows in its
	// target's summary.
	s.mu.RLock()
	rs := reactions(s.st)
	var target string
	total := 0
	for _, g := range rs.reactions.order {
		r := rs.reactions.get(g)
		st := s.st.stories.get(r.TargetGID)
		if (st == nil || storySubtype(st) != "comment_added") && statusUpdates(s.st).updates.get(r.TargetGID) == nil {
			t.Errorf("reaction %+v on neither a comment nor a status update", r)
		}
		if st != nil && st.GoalGID == "" {
			target = r.TargetGID
		}
		total++
	}
	s.mu.RUnlock()
	if total != org.Reactions || target == "" {
		t.Fatalf("%d reactions stored, %d counted, a comment target %q", total, org.Reactions, target)
	}
	sum := data(t, must(t, s, tok, "GET", "/stories/"+target+"?opt_fields=reaction_summary", "", 200))["reaction_summary"].([]any)
	count := 0
	for _, it := range sum {
		count += int(it.(map[string]any)["count"].(float64))
	}
	if count != len(s.Reactions(target)) {
		t.Errorf("summary %v for %d reactions", sum, len(s.Reactions(target)))
	}
	// The same seed, the same records.
	s2, org2 := gen()
	if !reflect.DeepEqual(org, org2) || !reflect.DeepEqual(s.Reactions(target), s2.Reactions(target)) {
		t.Errorf("two runs differ:\n%+v\n%+v", *org, *org2)
	}
	if a, b := s.RuleRuns(""), s2.RuleRuns(""); len(a) != 0 || len(b) != 0 {
		t.Errorf("generated rule runs %v %v", a, b)
	}
}
