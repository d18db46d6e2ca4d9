package asanatest

import (
	"slices"
	"testing"
)

// TestGenerateConnections checks that Generate puts fields on some
// portfolios and makes portfolios support goals, over the HTTP API, and
// that it does so the same way for the same seed.
func TestGenerateConnections(t *testing.T) {
	run := func() (*Server, *Org) {
		s := Must(New())
		t.Cleanup(s.Close)
		return s, Must(s.Generate(11, Sizes{Users: 60, Projects: 40, TasksPerProject: 2, Goals: 12}))
	}
	s, org := run()
	tok := org.ServiceAccountToken
	settings := func(s *Server, org *Org) []int {
		out := make([]int, len(org.Portfolios))
		for i, pf := range org.Portfolios {
			out[i] = len(gids(t, must(t, s, tok, "GET", "/portfolios/"+pf.GID+"/custom_field_settings", "", 200)))
		}
		return out
	}
	counts := settings(s, org)
	if !slices.ContainsFunc(counts, func(n int) bool { return n > 0 }) {
		t.Errorf("no portfolio has custom field settings: %v", counts)
	}
	supported := 0
	for _, pf := range org.Portfolios {
		supported += len(gids(t, must(t, s, tok, "GET", "/goals?portfolio="+pf.GID, "", 200)))
	}
	if supported == 0 {
		t.Error("no goal is supported by a portfolio")
	}
	s2, org2 := run()
	if got := settings(s2, org2); !slices.Equal(got, counts) {
		t.Errorf("second Generate: settings %v, want %v", got, counts)
	}
}
