package asanatest

import (
	"testing"
)

// resourceSetup seeds an allocation, a rate and a budget on the public
// project, for the matrix.
func resourceSetup(tb testing.TB, f *workFixture) {
	tb.Helper()
	Must(f.s.AddAllocation(Allocation{ProjectGID: f.pub.GID, AssigneeGID: f.member.GID, StartDate: "2025-01-06", EndDate: "2025-01-10"}))
	Must(f.s.AddRate(Rate{ProjectGID: f.pub.GID, ResourceGID: f.member.GID, Rate: 100}))
	Must(f.s.AddBudget(Budget{ProjectGID: f.pub.GID, BudgetType: "time"}))
}

func TestResourceManagementMatrix(t *testing.T) {
	first := func(kind string) func(f *workFixture) string {
		return func(f *workFixture) string {
			switch kind {
			case "allocations":
				return "/allocations/" + seeded(f, func(st *state) *table[Allocation] { return &allocations(st).allocations }, 0)
			case "rates":
				return "/rates/" + seeded(f, func(st *state) *table[Rate] { return &rates(st).rates }, 0)
			}
			return "/budgets/" + seeded(f, func(st *state) *table[Budget] { return &budgets(st).budgets }, 0)
		}
	}
	// The guest is no member of the public project: it cannot see it.
	read, write := matrixWant{200, 200, 200, 403, 403}, matrixWant{200, 200, 200, 403, 403}
	runMatrixWith(t, []matrixCase{
		{"allocations", "GET", func(f *workFixture) string { return "/allocations?parent=" + f.pub.GID }, nil, read},
		{"get allocation", "GET", first("allocations"), nil, read},
		{"book", "POST", fixed("/allocations"), func(f *workFixture) string {
			return `{"data":{"parent":"` + f.pub.GID + `","assignee":"` + f.admin.GID + `","start_date":"2025-02-03","end_date":"2025-02-04"}}`
		}, matrixWant{201, 201, 201, 403, 403}},
		{"book on a hidden project", "POST", fixed("/allocations"), func(f *workFixture) string {
			return `{"data":{"parent":"` + f.priv.GID + `","assignee":"` + f.admin.GID + `","start_date":"2025-02-03","end_date":"2025-02-04"}}`
		}, matrixWant{201, 201, 403, 403, 403}},
		{"update allocation", "PUT", first("allocations"), fixed(`{"data":{"effort":{"type":"hours","value":4}}}`), write},
		{"delete allocation", "DELETE", first("allocations"), nil, write},
		{"rates", "GET", func(f *workFixture) string { return "/rates?parent=" + f.pub.GID }, nil, read},
		{"get rate", "GET", first("rates"), nil, read},
		{"update rate", "PUT", first("rates"), fixed(`{"data":{"rate":110}}`), write},
		{"delete rate", "DELETE", first("rates"), nil, write},
		{"budgets", "GET", func(f *workFixture) string { return "/budgets?parent=" + f.pub.GID }, nil, read},
		{"get budget", "GET", first("budgets"), nil, read},
		{"update budget", "PUT", first("budgets"), fixed(`{"data":{"total":{"enabled":true,"value":60}}}`), write},
		{"delete budget", "DELETE", first("budgets"), nil, write},
	}, resourceSetup)
}

func TestAllocations(t *testing.T) {
	f := newWorkFixture(t)
	s, tok := f.s, f.memberTok
	a := data(t, must(t, s, tok, "POST", "/allocations", `{"data":{"parent":"`+f.pub.GID+`","assignee":"me","start_date":"2025-01-06",`+
		`"end_date":"2025-01-10","effort":{"type":"percent","value":50}}}`, 201))
	effort, _ := a["effort"].(map[string]any)
	if a["resource_subtype"] != "project_allocation" || a["assignee"].(map[string]any)["gid"] != f.member.GID ||
		a["created_by"].(map[string]any)["gid"] != f.member.GID || effort["type"] != "percent" || effort["value"] != float64(50) {
		t.Errorf("created %v", a)
	}
	gid := a["gid"].(string)
	must(t, s, tok, "PUT", "/allocations/"+gid, `{"data":{"effort":null,"assignee":"`+f.admin.GID+`"}}`, 200)
	if got, _ := s.Allocation(gid); got.EffortType != "" || got.AssigneeGID != f.admin.GID || got.EndDate != "2025-01-10" {
		t.Errorf("fake has %+v", got)
	}
	for _, tt := range []struct{ name, body string }{
		{"no assignee", `{"data":{"parent":"` + f.pub.GID + `","start_date":"2025-01-06","end_date":"2025-01-06"}}`},
		{"no dates", `{"data":{"parent":"` + f.pub.GID + `","assignee":"me"}}`},
		{"dates reversed", `{"data":{"parent":"` + f.pub.GID + `","assignee":"me","start_date":"2025-01-07","end_date":"2025-01-06"}}`},
		{"assignee outside", `{"data":{"parent":"` + f.pub.GID + `","assignee":"` + f.outsider.GID + `","start_date":"2025-01-06","end_date":"2025-01-06"}}`},
		{"percent over 100", `{"data":{"parent":"` + f.pub.GID + `","assignee":"me","start_date":"2025-01-06","end_date":"2025-01-06","effort":{"type":"percent","value":150}}}`},
		{"effort without type", `{"data":{"parent":"` + f.pub.GID + `","assignee":"me","start_date":"2025-01-06","end_date":"2025-01-06","effort":{"value":1}}}`},
	} {
		if code, _, doc := call(t, s, tok, "POST", "/allocations", tt.body); code != 400 {
			t.Errorf("%s: %d %v", tt.name, code, doc)
		}
	}
	Must(s.AddAllocation(Allocation{ProjectGID: f.priv.GID, AssigneeGID: f.member.GID, StartDate: "2025-01-06", EndDate: "2025-01-06"}))
	for _, tt := range []struct {
		tok, q string
		want   int
	}{
		{tok, "parent=" + f.pub.GID, 1},
		{tok, "assignee=" + f.admin.GID, 1},
		{f.adminTok, "assignee=" + f.member.GID, 1}, // on the private project
		{tok, "assignee=" + f.member.GID, 0},        // the member cannot see the private project
		{f.adminTok, "workspace=" + f.org.GID, 2},
	} {
		if got := gids(t, must(t, s, tt.tok, "GET", "/allocations?"+tt.q, "", 200)); len(got) != tt.want {
			t.Errorf("%s: %d, want %d", tt.q, len(got), tt.want)
		}
	}
	if code, _, _ := call(t, s, tok, "GET", "/allocations", ""); code != 400 {
		t.Errorf("no filter: %d", code)
	}
}

// TestBudgets checks a budget's computed parts: actual from the entries
// attributed to its project (cost: times the authors' rates), estimate
// from the allocations.
func TestBudgets(t *testing.T) {
	f := newWorkFixture(t)
	s, tok := f.s, f.memberTok
	Must(s.AddRate(Rate{ProjectGID: f.pub.GID, ResourceGID: f.member.GID, Rate: 100}))
	Must(s.AddRate(Rate{ProjectGID: f.pub.GID, ResourceGID: f.admin.GID, Rate: 60}))
	Must(s.AddTimeTrackingEntry(TimeTrackingEntry{TaskGID: f.t1.GID, DurationMinutes: 90, BillableStatus: "billable", CreatedByGID: f.member.GID}))
	Must(s.AddTimeTrackingEntry(TimeTrackingEntry{TaskGID: f.t2.GID, DurationMinutes: 30, BillableStatus: "nonBillable", CreatedByGID: f.admin.GID}))
	// 2025-01-06 is a Monday: five weekdays at 50% of eight hours, plus 3 hours.
	Must(s.AddAllocation(Allocation{ProjectGID: f.pub.GID, AssigneeGID: f.member.GID, StartDate: "2025-01-06", EndDate: "2025-01-12",
		EffortType: "percent", EffortValue: 50}))
	Must(s.AddAllocation(Allocation{ProjectGID: f.pub.GID, AssigneeGID: f.admin.GID, StartDate: "2025-01-06", EndDate: "2025-01-06",
		EffortType: "hours", EffortValue: 3}))

	b := data(t, must(t, s, tok, "POST", "/budgets", `{"data":{"parent":"`+f.pub.GID+`","budget_type":"time",`+
		`"estimate":{"source":"capacity_plans","enabled":true},"total":{"enabled":true,"value":6000}}}`, 201))
	part := func(b map[string]any, name string) map[string]any { return b[name].(map[string]any) }
	if a := part(b, "actual"); a["value"] != float64(120) || a["units"] != "minutes" || a["billable_status_filter"] != "any" {
		t.Errorf("time actual %v", a)
	}
	if e := part(b, "estimate"); e["value"] != float64(5*240+180) || e["units"] != "minutes" {
		t.Errorf("time estimate %v", e)
	}
	if tot := part(b, "total"); tot["value"] != float64(6000) || tot["units"] != "minutes" {
		t.Errorf("total %v", tot)
	}
	gid := b["gid"].(string)
	if code, _, _ := call(t, s, tok, "POST", "/budgets", `{"data":{"parent":"`+f.pub.GID+`","budget_type":"cost"}}`); code != 400 {
		t.Errorf("second budget: %d", code)
	}
	b = data(t, must(t, s, tok, "PUT", "/budgets/"+gid, `{"data":{"budget_type":"cost","actual":{"billable_status_filter":"billable"}}}`, 200))
	// 1.5 h at 100; the allocations: 20 h at 100 and 3 h at 60.
	if a := part(b, "actual"); a["value"] != float64(150) || a["units"] != "USD" {
		t.Errorf("cost actual %v", a)
	}
	if e := part(b, "estimate"); e["value"] != float64(2000+180) {
		t.Errorf("cost estimate %v", e)
	}
	b = data(t, must(t, s, tok, "PUT", "/budgets/"+gid, `{"data":{"actual":{"billable_status_filter":"non_billable"},`+
		`"estimate":{"source":"none","enabled":false},"total":{"enabled":false}}}`, 200))
	if a, e, tot := part(b, "actual"), part(b, "estimate"), part(b, "total"); a["value"] != float64(30) || e["value"] != nil || e["units"] != nil ||
		tot["value"] != nil || tot["units"] != nil {
		t.Errorf("after disabling: %v %v %v", a, e, tot)
	}
	if code, _, _ := call(t, s, tok, "PUT", "/budgets/"+gid, `{"data":{"parent":"`+f.priv.GID+`"}}`); code != 400 {
		t.Errorf("moving a budget: %d", code)
	}
	list := must(t, s, tok, "GET", "/budgets?parent="+f.pub.GID, "", 200)
	if got := gids(t, list); len(got) != 1 || got[0] != gid {
		t.Errorf("budgets of the project: %v", got)
	}
	must(t, s, tok, "DELETE", "/budgets/"+gid, "", 200)
	if got := gids(t, must(t, s, tok, "GET", "/budgets?parent="+f.pub.GID, "", 200)); len(got) != 0 {
		t.Errorf("after delete: %v", got)
	}
}

func TestRates(t *testing.T) {
	f := newWorkFixture(t)
	s, tok := f.s, f.memberTok
	r := data(t, must(t, s, tok, "POST", "/rates", `{"data":{"parent":"`+f.pub.GID+`","resource":"me","rate":120.5}}`, 201))
	if r["rate"] != 120.5 || r["currency_code"] != "USD" || r["resource"].(map[string]any)["gid"] != f.member.GID {
		t.Errorf("created %v", r)
	}
	gid := r["gid"].(string)
	for _, tt := range []struct{ name, body string }{
		{"twice", `{"data":{"parent":"` + f.pub.GID + `","resource":"me","rate":1}}`},
		{"negative", `{"data":{"parent":"` + f.pub.GID + `","resource":"` + f.admin.GID + `","rate":-1}}`},
		{"no rate", `{"data":{"parent":"` + f.pub.GID + `","resource":"` + f.admin.GID + `"}}`},
		{"outsider", `{"data":{"parent":"` + f.pub.GID + `","resource":"` + f.outsider.GID + `","rate":1}}`},
	} {
		if code, _, doc := call(t, s, tok, "POST", "/rates", tt.body); code != 400 {
			t.Errorf("%s: %d %v", tt.name, code, doc)
		}
	}
	must(t, s, tok, "PUT", "/rates/"+gid, `{"data":{"rate":99}}`, 200)
	if got, _ := s.Rate(gid); got.Rate != 99 {
		t.Errorf("fake has %+v", got)
	}
	if code, _, _ := call(t, s, tok, "PUT", "/rates/"+gid, `{"data":{"resource":"`+f.admin.GID+`"}}`); code != 400 {
		t.Errorf("changing the resource: %d", code)
	}
	Must(s.AddRate(Rate{ProjectGID: f.priv.GID, ResourceGID: f.member.GID, Rate: 50}))
	for _, tt := range []struct {
		tok, q string
		want   int
	}{
		{tok, "parent=" + f.pub.GID, 1},
		{tok, "resource=me", 1}, // the private project's rate is hidden
		{f.adminTok, "resource=" + f.member.GID, 2},
		{f.adminTok, "parent=" + f.pub.GID + "&resource=" + f.admin.GID, 0},
	} {
		if got := gids(t, must(t, s, tt.tok, "GET", "/rates?"+tt.q, "", 200)); len(got) != tt.want {
			t.Errorf("%s: %d, want %d", tt.q, len(got), tt.want)
		}
	}
	must(t, s, tok, "DELETE", "/rates/"+gid, "", 200)
	if _, ok := s.Rate(gid); ok {
		t.Error("rate still there after delete")
	}
}
