package asanatest

import (
	"slices"
	"testing"
)

func TestGeneratePortfolios(t *testing.T) {
	s := Must(New())
	t.Cleanup(s.Close)
	org := Must(s.Generate(7, Sizes{Users: 60, Projects: 40, TasksPerProject: 2}))
	if len(org.Portfolios) < 2 {
		t.Fatalf("portfolios %d", len(org.Portfolios))
	}
	// Generated after everything else: no other record has a higher GID.
	last := org.Projects[len(org.Projects)-1].GID
	s.mu.RLock()
	for _, tbl := range [][]string{s.st.tasks.order, s.st.stories.order, s.st.sections.order, s.st.tokens.order} {
		if n := len(tbl); n > 0 && gidLess(last, tbl[n-1]) {
			last = tbl[n-1]
		}
	}
	s.mu.RUnlock()
	for _, pf := range org.Portfolios {
		if !gidLess(last, pf.GID) {
			t.Errorf("portfolio %s is not after the last other record %s", pf.GID, last)
		}
	}
	company := org.Portfolios[len(org.Portfolios)-1]
	nested := 0
	for _, it := range company.ItemGIDs {
		if slices.ContainsFunc(org.Portfolios, func(pf Portfolio) bool { return pf.GID == it }) {
			nested++
		}
	}
	if nested != 1 || len(company.ItemGIDs) < 2 {
		t.Errorf("company portfolio items %v (%d nested)", company.ItemGIDs, nested)
	}
	levels := map[string]int{}
	for _, p := range org.Projects {
		for _, m := range s.Memberships(p.GID) {
			levels[m.AccessLevel]++
		}
	}
	for _, l := range projectAccessLevels {
		if levels[l] == 0 {
			t.Errorf("no project member at level %s: %v", l, levels)
		}
	}
	got := gids(t, must(t, s, org.ServiceAccountToken, "GET", "/portfolios?workspace="+org.Organization.GID, "", 200))
	if len(got) != len(org.Portfolios) {
		t.Errorf("service account lists %d of %d portfolios", len(got), len(org.Portfolios))
	}
}
