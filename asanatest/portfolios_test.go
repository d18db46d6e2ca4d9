package asanatest

import (
	"net/http"
	"slices"
	"testing"
	"time"
)

// portfolioFixture adds portfolios to the work fixture:
//
//   - bets: private, owned by the admin, items pub, priv and nested;
//     member is an editor, guest a viewer;
//   - nested: public, owned by the admin;
//   - mine: private, owned by the member.
type portfolioFixture struct {
	*workFixture
	bets, nested, mine Portfolio
}

func newPortfolioFixture(t testing.TB) *portfolioFixture {
	t.Helper()
	f := &portfolioFixture{workFixture: newWorkFixture(t)}
	s := f.s
	f.nested = Must(s.AddPortfolio(Portfolio{WorkspaceGID: f.org.GID, Name: "Nested", OwnerGID: f.admin.GID, Public: true}))
	f.bets = Must(s.AddPortfolio(Portfolio{WorkspaceGID: f.org.GID, Name: "Bets", OwnerGID: f.admin.GID,
		ItemGIDs: []string{f.pub.GID, f.priv.GID, f.nested.GID}}))
	f.mine = Must(s.AddPortfolio(Portfolio{WorkspaceGID: f.org.GID, Name: "Mine", OwnerGID: f.member.GID}))
	Must(s.SetAccessLevel(f.bets.GID, f.member.GID, AccessEditor))
	Must(s.SetAccessLevel(f.bets.GID, f.guest.GID, AccessViewer))
	return f
}

func TestPortfoliosMatrix(t *testing.T) {
	bets := func(f *portfolioFixture) string { return "/portfolios/" + f.bets.GID }
	tests := []struct {
		name, method string
		path, body   func(f *portfolioFixture) string
		want         matrixWant
	}{
		{"get member's", "GET", bets, nil, matrixWant{200, 200, 200, 200, 403}},
		{"get public", "GET", func(f *portfolioFixture) string { return "/portfolios/" + f.nested.GID }, nil, matrixWant{200, 200, 200, 403, 403}},
		{"get other's private", "GET", func(f *portfolioFixture) string { return "/portfolios/" + f.mine.GID }, nil, matrixWant{200, 403, 200, 403, 403}},
		{"update", "PUT", bets, func(*portfolioFixture) string { return `{"data":{"name":"Bigger bets"}}` }, matrixWant{200, 200, 200, 403, 403}},
		{"delete needs admin", "DELETE", bets, nil, matrixWant{200, 200, 403, 403, 403}},
		{"list without owner", "GET", func(f *portfolioFixture) string { return "/portfolios?workspace=" + f.org.GID }, nil, matrixWant{200, 400, 400, 400, 403}},
		{"list own", "GET", func(f *portfolioFixture) string { return "/portfolios?owner=me&workspace=" + f.org.GID }, nil, matrixWant{200, 200, 200, 200, 403}},
		{"list another's", "GET", func(f *portfolioFixture) string {
			return "/portfolios?owner=" + f.admin.GID + "&workspace=" + f.org.GID
		}, nil, matrixWant{200, 200, 403, 403, 403}},
		{"create", "POST", func(*portfolioFixture) string { return "/portfolios" }, func(f *portfolioFixture) string {
			return `{"data":{"workspace":"` + f.org.GID + `","name":"New"}}`
		}, matrixWant{201, 201, 201, 403, 403}},
		{"items", "GET", func(f *portfolioFixture) string { return bets(f) + "/items" }, nil, matrixWant{200, 200, 200, 200, 403}},
		{"add item", "POST", func(f *portfolioFixture) string { return bets(f) + "/addItem" }, func(f *portfolioFixture) string {
			return `{"data":{"item":"` + f.mine.GID + `"}}`
		}, matrixWant{200, 403, 200, 403, 403}}, // the admin cannot see mine
		{"remove item", "POST", func(f *portfolioFixture) string { return bets(f) + "/removeItem" }, func(f *portfolioFixture) string {
			return `{"data":{"item":"` + f.pub.GID + `"}}`
		}, matrixWant{200, 200, 200, 403, 403}},
		{"add members", "POST", func(f *portfolioFixture) string { return bets(f) + "/addMembers" }, func(f *portfolioFixture) string {
			return `{"data":{"members":"` + f.member.GID + `"}}`
		}, matrixWant{200, 200, 200, 403, 403}},
		{"memberships", "GET", func(f *portfolioFixture) string { return bets(f) + "/portfolio_memberships" }, nil, matrixWant{200, 200, 200, 200, 403}},
		{"memberships by query", "GET", func(f *portfolioFixture) string { return "/portfolio_memberships?portfolio=" + f.bets.GID }, nil, matrixWant{200, 200, 200, 200, 403}},
	}
	for _, tt := range tests {
		for _, who := range []string{"sa", "admin", "member", "guest", "outsider", "dead"} {
			t.Run(tt.name+"/"+who, func(t *testing.T) {
				f := newPortfolioFixture(t)
				want := 401
				if who != "dead" {
					want = tt.want.of(who)
				}
				body := ""
				if tt.body != nil {
					body = tt.body(f)
				}
				code, _, doc := call(t, f.s, f.who(who), tt.method, tt.path(f), body)
				if code != want {
					t.Fatalf("%s %s: status %d, want %d: %v", tt.method, tt.path(f), code, want, doc)
				}
				if code >= 400 && errMessage(doc) == "" {
					t.Errorf("error without message: %v", doc)
				}
			})
		}
	}
}

func TestPortfolioValidation(t *testing.T) {
	f := newPortfolioFixture(t)
	bets := "/portfolios/" + f.bets.GID
	tests := []struct {
		name, method, path, body string
		status                   int
		msg                      string
	}{
		{"no name", "POST", "/portfolios", `{"data":{"workspace":"` + f.org.GID + `"}}`, 400, "name: Missing input"},
		{"no workspace", "POST", "/portfolios", `{"data":{"name":"x"}}`, 400, "workspace: Missing input"},
		{"bad color", "PUT", bets, `{"data":{"color":"none"}}`, 400, `color: Not a valid enum value: "none"`},
		{"bad access level", "PUT", bets, `{"data":{"default_access_level":"commenter"}}`, 400, `default_access_level: Not a valid enum value: "commenter"`},
		{"bad date", "PUT", bets, `{"data":{"due_on":"soon"}}`, 400, "due_on: Not a valid date (YYYY-MM-DD): soon"},
		{"start after due", "PUT", bets, `{"data":{"due_on":"2026-01-01","start_on":"2026-02-01"}}`, 400, "start_on: Must be set together with due_on, and not after it"},
		{"bad gid", "GET", "/portfolios/p1", "", 400, "portfolio: Not a Long: p1"},
		{"unknown", "GET", "/portfolios/42", "", 404, "portfolio: Unknown object: 42"},
		{"list needs workspace", "GET", "/portfolios", "", 400, "workspace: Missing input"},
		{"item required", "POST", bets + "/addItem", `{"data":{}}`, 400, "item: Missing input"},
		{"unknown item", "POST", bets + "/addItem", `{"data":{"item":"42"}}`, 404, "item: Unknown object: 42"},
		{"self", "POST", bets + "/addItem", `{"data":{"item":"` + f.bets.GID + `"}}`, 400, "item: A portfolio cannot contain itself: " + f.bets.GID},
		{"both anchors", "POST", bets + "/addItem", `{"data":{"item":"` + f.mine.GID + `","insert_before":"` + f.pub.GID + `","insert_after":"` + f.pub.GID + `"}}`,
			400, "insert_before: You may only provide one of insert_before and insert_after"},
		{"anchor not an item", "POST", bets + "/addItem", `{"data":{"item":"` + f.pub.GID + `","insert_after":"` + f.mine.GID + `"}}`,
			400, "insert_after: Not an item of the portfolio: " + f.mine.GID},
		{"remove non-item", "POST", bets + "/removeItem", `{"data":{"item":"` + f.mine.GID + `"}}`, 400, "item: Not an item of the portfolio: " + f.mine.GID},
		{"members required", "POST", bets + "/addMembers", `{"data":{}}`, 400, "members: Missing input"},
		{"member elsewhere", "POST", bets + "/addMembers", `{"data":{"members":"` + f.outsider.GID + `"}}`, 400, "members: Not a member of the workspace: " + f.outsider.GID},
		{"remove owner", "POST", bets + "/removeMembers", `{"data":{"members":"` + f.admin.GID + `"}}`, 400, "members: Cannot remove the portfolio's owner: " + f.admin.GID},
		{"memberships need a filter", "GET", "/portfolio_memberships?workspace=" + f.org.GID, "", 400,
			"portfolio: You must specify portfolio, portfolio and user, or workspace and user"},
		{"not a portfolio membership", "GET", "/portfolio_memberships/" + f.Memberships(t, f.pub.GID)[0].GID, "", 404,
			"portfolio_membership: Unknown object: " + f.Memberships(t, f.pub.GID)[0].GID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, doc := call(t, f.s, f.saTok, tt.method, tt.path, tt.body)
			if code != tt.status || errMessage(doc) != tt.msg {
				t.Errorf("got %d %q, want %d %q", code, errMessage(doc), tt.status, tt.msg)
			}
		})
	}
	// A portfolio that holds bets (through nested) cannot go into it.
	must(t, f.s, f.saTok, "POST", "/portfolios/"+f.nested.GID+"/addItem", `{"data":{"item":"`+f.mine.GID+`"}}`, 200)
	code, _, doc := call(t, f.s, f.saTok, "POST", "/portfolios/"+f.mine.GID+"/addItem", `{"data":{"item":"`+f.bets.GID+`"}}`)
	if code != 400 || errMessage(doc) != "item: A portfolio cannot contain itself: "+f.bets.GID {
		t.Errorf("cycle: %d %v", code, doc)
	}
}

// Memberships is Server.Memberships for tests.
func (f *portfolioFixture) Memberships(t testing.TB, parent string) []Membership {
	t.Helper()
	ms := f.s.Memberships(parent)
	if len(ms) == 0 {
		t.Fatalf("no memberships of %s", parent)
	}
	return ms
}

func TestPortfolioItemsOrderAndVisibility(t *testing.T) {
	f := newPortfolioFixture(t)
	items := func(tok string) []string {
		return gids(t, must(t, f.s, tok, "GET", "/portfolios/"+f.bets.GID+"/items", "", 200))
	}
	add := func(body string) {
		must(t, f.s, f.saTok, "POST", "/portfolios/"+f.bets.GID+"/addItem", body, 200)
	}
	if got, want := items(f.saTok), []string{f.pub.GID, f.priv.GID, f.nested.GID}; !slices.Equal(got, want) {
		t.Fatalf("seeded items %v, want %v", got, want)
	}
	add(`{"data":{"item":"` + f.mine.GID + `","insert_before":"` + f.priv.GID + `"}}`)
	add(`{"data":{"item":"` + f.pub.GID + `","insert_after":"` + f.nested.GID + `"}}`) // a move
	want := []string{f.mine.GID, f.priv.GID, f.nested.GID, f.pub.GID}
	if got := items(f.saTok); !slices.Equal(got, want) {
		t.Fatalf("after inserts %v, want %v", got, want)
	}
	// The member sees pub, nested (public) and mine (theirs), not priv.
	if got := items(f.memberTok); !slices.Equal(got, []string{f.mine.GID, f.nested.GID, f.pub.GID}) {
		t.Errorf("member sees %v", got)
	}
	if got := listAll(t, f.s, f.saTok, "/portfolios/"+f.bets.GID+"/items", 1, nil); !slices.Equal(got, want) {
		t.Errorf("paged %v, want %v", got, want)
	}
	// A nested portfolio renders as a portfolio, with the fields it has.
	doc := must(t, f.s, f.saTok, "GET", "/portfolios/"+f.bets.GID+"/items?opt_fields=resource_type,owner.name,notes", "", 200)
	for _, it := range doc["data"].([]any) {
		o := it.(map[string]any)
		if o["gid"] == f.nested.GID {
			if _, hasNotes := o["notes"]; hasNotes || o["resource_type"] != "portfolio" || o["owner"].(map[string]any)["name"] != f.admin.Name {
				t.Errorf("nested item %v", o)
			}
		}
	}
	// Deleting an item takes it out of the portfolio.
	must(t, f.s, f.saTok, "DELETE", "/projects/"+f.priv.GID, "", 200)
	must(t, f.s, f.saTok, "DELETE", "/portfolios/"+f.nested.GID, "", 200)
	if got := items(f.saTok); !slices.Equal(got, []string{f.mine.GID, f.pub.GID}) {
		t.Errorf("after deletes %v", got)
	}
}

func TestServiceAccountListsEveryPortfolio(t *testing.T) {
	f := newPortfolioFixture(t)
	list := func(tok, query string) []string {
		return gids(t, must(t, f.s, tok, "GET", "/portfolios?workspace="+f.org.GID+query, "", 200))
	}
	all := []string{f.nested.GID, f.bets.GID, f.mine.GID}
	if got := list(f.saTok, ""); !slices.Equal(got, all) {
		t.Errorf("service account without owner: %v, want %v", got, all)
	}
	if got := list(f.saTok, "&owner="+f.member.GID); !slices.Equal(got, []string{f.mine.GID}) {
		t.Errorf("service account by owner: %v", got)
	}
	if got := list(f.memberTok, "&owner=me"); !slices.Equal(got, []string{f.mine.GID}) {
		t.Errorf("member's own: %v", got)
	}
	if got := listAll(t, f.s, f.saTok, "/portfolios?workspace="+f.org.GID, 2, nil); !slices.Equal(got, all) {
		t.Errorf("paged: %v", got)
	}
	code, _, doc := call(t, f.s, f.memberTok, "GET", "/portfolios?workspace="+f.org.GID, "")
	if code != 400 || errMessage(doc) != "owner: Missing input" {
		t.Errorf("personal token without owner: %d %v", code, doc)
	}
}

func TestPortfolioCreateUpdateAndMembers(t *testing.T) {
	f := newPortfolioFixture(t)
	code, h, doc := call(t, f.s, f.memberTok, "POST", "/portfolios?opt_fields=name,owner,members,public,privacy_setting,color,default_access_level",
		`{"data":{"workspace":"`+f.org.GID+`","name":"Q3","color":"dark-red","public":true,"default_access_level":"viewer"}}`)
	if code != http.StatusCreated {
		t.Fatalf("create: %d %v", code, doc)
	}
	p := data(t, doc)
	g := p["gid"].(string)
	if h.Get("Location") == "" || p["owner"].(map[string]any)["gid"] != f.member.GID || p["privacy_setting"] != "public_to_domain" ||
		p["color"] != "dark-red" || p["default_access_level"] != "viewer" || len(p["members"].([]any)) != 1 {
		t.Errorf("created %v (Location %q)", p, h.Get("Location"))
	}
	f.s.Clock().Advance(time.Minute)
	upd := data(t, must(t, f.s, f.memberTok, "PUT", "/portfolios/"+g+"?opt_fields=name,archived", `{"data":{"name":"Q4","archived":true}}`, 200))
	if upd["name"] != "Q4" || upd["archived"] != true {
		t.Errorf("updated %v", upd)
	}
	pf, _ := f.s.Portfolio(g)
	if !pf.ModifiedAt.After(pf.CreatedAt) {
		t.Errorf("modified_at did not move: %v", pf)
	}
	// addMembers grants the default level (viewer): the new member may
	// read but not edit.
	must(t, f.s, f.memberTok, "POST", "/portfolios/"+g+"/addMembers", `{"data":{"members":["`+f.guest.GID+`"]}}`, 200)
	ms := gids(t, must(t, f.s, f.memberTok, "GET", "/portfolios/"+g+"/portfolio_memberships?user="+f.guest.GID, "", 200))
	if len(ms) != 1 {
		t.Fatalf("guest's memberships %v", ms)
	}
	m := data(t, must(t, f.s, f.guestTok, "GET", "/portfolio_memberships/"+ms[0]+"?opt_fields=access_level,portfolio,user", "", 200))
	if m["access_level"] != "viewer" || m["portfolio"].(map[string]any)["gid"] != g || m["user"].(map[string]any)["gid"] != f.guest.GID {
		t.Errorf("membership %v", m)
	}
	must(t, f.s, f.guestTok, "PUT", "/portfolios/"+g, `{"data":{"name":"mine now"}}`, 403)
	byUser := gids(t, must(t, f.s, f.guestTok, "GET", "/portfolio_memberships?workspace="+f.org.GID+"&user=me", "", 200))
	if !slices.Contains(byUser, ms[0]) || len(byUser) != 2 { // bets (viewer) and Q4
		t.Errorf("guest's memberships in the workspace %v", byUser)
	}
	must(t, f.s, f.memberTok, "POST", "/portfolios/"+g+"/removeMembers", `{"data":{"members":["`+f.guest.GID+`"]}}`, 200)
	must(t, f.s, f.guestTok, "GET", "/portfolios/"+g, "", 403) // public, but not to guests
	must(t, f.s, f.guestTok, "GET", "/portfolio_memberships/"+ms[0], "", 404)
}

func TestDuplicatePortfolio(t *testing.T) {
	f := newPortfolioFixture(t)
	dup := func(tok, body string, want int) map[string]any {
		return must(t, f.s, tok, "POST", "/portfolios/"+f.bets.GID+"/duplicate", body, want)
	}
	job := data(t, dup(f.memberTok, `{"data":{"name":"Copy","include":"members,child_projects"}}`, 201))
	if job["resource_subtype"] != "duplicate_portfolio" || job["status"] != "in_progress" {
		t.Fatalf("job %v", job)
	}
	done := data(t, must(t, f.s, f.memberTok, "GET", "/jobs/"+job["gid"].(string)+"?opt_fields=status,new_portfolio.name", "", 200))
	np := done["new_portfolio"].(map[string]any)
	if done["status"] != "succeeded" || np["name"] != "Copy" {
		t.Fatalf("finished job %v", done)
	}
	pf, _ := f.s.Portfolio(np["gid"].(string))
	if pf.OwnerGID != f.member.GID || !slices.Equal(pf.ItemGIDs, []string{f.pub.GID, f.priv.GID}) {
		t.Errorf("copy %+v", pf)
	}
	levels := map[string]string{}
	for _, m := range f.s.Memberships(pf.GID) {
		levels[m.UserGID] = m.AccessLevel
	}
	want := map[string]string{f.member.GID: AccessAdmin, f.admin.GID: AccessAdmin, f.guest.GID: AccessViewer}
	if len(levels) != len(want) || levels[f.member.GID] != want[f.member.GID] || levels[f.admin.GID] != want[f.admin.GID] || levels[f.guest.GID] != want[f.guest.GID] {
		t.Errorf("copied members %v, want %v", levels, want)
	}
	if msg := errMessage(dup(f.saTok, `{"data":{"name":"X","include":"everything"}}`, 400)); msg != `include: Not a valid part to duplicate: "everything"` {
		t.Errorf("bad include: %q", msg)
	}
	if msg := errMessage(dup(f.saTok, `{"data":{}}`, 400)); msg != "name: Missing input" {
		t.Errorf("no name: %q", msg)
	}
	dup(f.guestTok, `{"data":{"name":"Guest copy"}}`, 403)
	dup(f.outsiderTok, `{"data":{"name":"Outsider copy"}}`, 403)
}

// TestDeprovisionLeavesPortfolios: removeUser ends the user's portfolio
// memberships and hands the portfolios they owned to the remover.
func TestDeprovisionLeavesPortfolios(t *testing.T) {
	f := newPortfolioFixture(t)
	must(t, f.s, f.adminTok, "POST", "/workspaces/"+f.org.GID+"/removeUser", `{"data":{"user":"`+f.member.GID+`"}}`, 200)
	mine, _ := f.s.Portfolio(f.mine.GID)
	if mine.OwnerGID != f.admin.GID {
		t.Errorf("mine's owner %s, want the admin %s", mine.OwnerGID, f.admin.GID)
	}
	for _, pf := range []string{f.bets.GID, f.mine.GID} {
		for _, m := range f.s.Memberships(pf) {
			if m.UserGID == f.member.GID {
				t.Errorf("deprovisioned member still in %s: %+v", pf, m)
			}
		}
	}
	must(t, f.s, f.adminTok, "GET", "/portfolios/"+f.mine.GID, "", 200)
}

func TestDeletePortfolioAudited(t *testing.T) {
	f := newPortfolioFixture(t)
	must(t, f.s, f.adminTok, "DELETE", "/portfolios/"+f.bets.GID, "", 200)
	must(t, f.s, f.saTok, "GET", "/portfolios/"+f.bets.GID, "", 404)
	log := f.s.AuditLog(f.org.GID)
	last := log[len(log)-1]
	if last.EventType != AuditPortfolioDeleted || last.ResourceGID != f.bets.GID || last.ResourceType != "portfolio" || last.ActorGID != f.admin.GID {
		t.Errorf("last audit event %+v", last)
	}
	doc := must(t, f.s, f.saTok, "GET", "/workspaces/"+f.org.GID+"/audit_log_events?event_type="+AuditPortfolioDeleted, "", 200)
	if n := len(doc["data"].([]any)); n != 1 {
		t.Errorf("audit_log_events: %d portfolio deletions", n)
	}
}
