package sqlload

import (
	"reflect"
	"sort"
	"testing"

	"github.com/asanakit/asana-go/asanatest"
)

// TestLoadPortfolioItems backs up portfolios that share a project and
// nest, loads them, and checks portfolio_items against the fake's own
// portfolios; then an item removed and one added reach the database
// through an incremental load.
func TestLoadPortfolioItems(t *testing.T) {
	f := newFakeOrg(t)
	ws, owner := f.org.Organization.GID, f.org.Users[0].GID
	p := f.org.Projects
	inner, err := f.srv.AddPortfolio(asanatest.Portfolio{WorkspaceGID: ws, OwnerGID: owner, Name: "Inner",
		Public: true, ItemGIDs: []string{p[0].GID, p[1].GID}})
	if err != nil {
		t.Fatal(err)
	}
	outer, err := f.srv.AddPortfolio(asanatest.Portfolio{WorkspaceGID: ws, OwnerGID: owner, Name: "Outer",
		Public: true, ItemGIDs: []string{p[0].GID, inner.GID}})
	if err != nil {
		t.Fatal(err)
	}
	// want is the fake's items of both portfolios, as (portfolio, item).
	want := func() [][2]string {
		var out [][2]string
		for _, g := range []string{inner.GID, outer.GID} {
			pf, ok := f.srv.Portfolio(g)
			if !ok {
				t.Fatalf("portfolio %s gone", g)
			}
			for _, it := range pf.ItemGIDs {
				out = append(out, [2]string{g, it})
			}
		}
		sort.Slice(out, func(i, j int) bool { return out[i][0]+out[i][1] < out[j][0]+out[j][1] })
		return out
	}
	got := func(t *testing.T, db *DB) [][2]string {
		rows, err := db.SQL.QueryContext(t.Context(), "SELECT gid, portfolio_gid, item_gid, item_type FROM portfolio_items")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out [][2]string
		for rows.Next() {
			var key, pf, it, typ string
			if err := rows.Scan(&key, &pf, &it, &typ); err != nil {
				t.Fatal(err)
			}
			_, isPortfolio := f.srv.Portfolio(it)
			if key != pf+":"+it || (typ == "portfolio") != isPortfolio {
				t.Errorf("row %s: portfolio %s item %s type %s", key, pf, it, typ)
			}
			if pf == inner.GID || pf == outer.GID {
				out = append(out, [2]string{pf, it})
			}
		}
		sort.Slice(out, func(i, j int) bool { return out[i][0]+out[i][1] < out[j][0]+out[j][1] })
		return out
	}
	first := f.backup(t)
	before := want()
	f.do(t, "POST", "/portfolios/"+inner.GID+"/removeItem", map[string]any{"item": p[1].GID})
	f.do(t, "POST", "/portfolios/"+outer.GID+"/addItem", map[string]any{"item": p[2].GID})
	second := f.backup(t)
	after := want()
	if len(before) != 4 || len(after) != 4 || reflect.DeepEqual(before, after) {
		t.Fatalf("fake's items: %v, then %v", before, after)
	}
	for name, db := range openDBs(t) {
		t.Run(name, func(t *testing.T) {
			if _, err := db.Load(t.Context(), first); err != nil {
				t.Fatal(err)
			}
			if g := got(t, db); !reflect.DeepEqual(g, before) {
				t.Errorf("first load: %v, fake has %v", g, before)
			}
			st, err := db.Load(t.Context(), second)
			if err != nil {
				t.Fatal(err)
			}
			if g := got(t, db); !reflect.DeepEqual(g, after) {
				t.Errorf("incremental load: %v, fake has %v", g, after)
			}
			if st.SkippedKinds["portfolio_items"] != 0 {
				t.Errorf("portfolio_items skipped: %+v", st)
			}
		})
	}
}
