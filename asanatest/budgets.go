package asanatest

import (
	"cmp"
	"fmt"
	"math"
	"slices"
)

// Budgets: the tag "Budgets" of the spec. A project has at most one
// budget, of time (minutes) or cost (the organization's currency). Its
// total is what the project may spend, set by hand; its actual is
// computed from the time tracking entries attributed to the project
// (cost: each entry's hours times its author's rate on the project,
// rates.go), filtered by billable status; its estimate from the source
// it names: capacity_plans sums the project's allocations (allocations.go;
// percent efforts count eight-hour weekdays), tasks counts 0 (the fake
// keeps no estimated time on tasks), none gives null. Whoever sees the
// project sees its budget, whoever may edit it changes it; every
// operation needs a plan with budgets (plans.go).
func (s *Server) budgetRoutes() {
	s.handle("GET /budgets", s.getBudgets)
	s.handle("POST /budgets", s.createBudget)
	s.handle("GET /budgets/{budget_gid}", s.getBudget)
	s.handle("PUT /budgets/{budget_gid}", s.updateBudget)
	s.handle("DELETE /budgets/{budget_gid}", s.deleteBudget)
}

// Budget is a project's budget. BudgetType is time or cost; the
// billable filters are billable, non_billable or any (the default);
// EstimateSource is none (the default), tasks or capacity_plans.
type Budget struct {
	GID              string
	ProjectGID       string
	BudgetType       string
	EstimateEnabled  bool
	EstimateSource   string
	EstimateBillable string
	ActualBillable   string
	TotalEnabled     bool
	TotalValue       float64
}

// budgetStore holds the budgets (storeOf[budgetStore]).
type budgetStore struct {
	budgets   table[Budget]
	byProject map[string]string // project GID -> its budget's GID
}

func newBudgetStore() any {
	return &budgetStore{budgets: newTable[Budget](), byProject: map[string]string{}}
}

func budgets(st *state) *budgetStore { return storeOf[budgetStore](st) }

func (bs *budgetStore) insert(st *state, b *Budget) *Budget {
	bs.budgets.put(st.gidFor(&b.GID), b)
	bs.byProject[b.ProjectGID] = b.GID
	return b
}

// The spec's enums of a budget.
var (
	budgetTypes     = []string{"cost", "time"}
	budgetBillables = []string{"billable", "non_billable", "any"}
	budgetSources   = []string{"none", "tasks", "capacity_plans"}
)

// units is what a budget counts in.
func (b *Budget) units() string {
	if b.BudgetType == "cost" {
		return currencyCode
	}
	return "minutes"
}

// billableMatch reports whether an entry's billable status passes a
// budget's filter.
func billableMatch(filter, status string) bool {
	switch filter {
	case "billable":
		return status == "billable"
	case "non_billable":
		return status == "nonBillable"
	}
	return true
}

// actual is the tracked time (or its cost) attributed to the project.
func (b *Budget) actual(st *state) float64 {
	ts, rs := timeRecords(st), rates(st)
	total := 0.0
	for _, g := range ts.byProject[b.ProjectGID] {
		e := ts.entries.get(g)
		if st.liveTask(e.TaskGID) == nil || !billableMatch(b.ActualBillable, e.BillableStatus) {
			continue
		}
		if b.BudgetType == "cost" {
			total += float64(e.DurationMinutes) / 60 * rs.hourly(b.ProjectGID, e.CreatedByGID)
		} else {
			total += float64(e.DurationMinutes)
		}
	}
	return round2(total)
}

// estimate is the estimate's value, nil when its source is none.
func (b *Budget) estimate(st *state) any {
	switch b.EstimateSource {
	case "capacity_plans":
		as, rs := allocations(st), rates(st)
		total := 0.0
		for _, g := range as.byProject[b.ProjectGID] {
			a := as.allocations.get(g)
			if b.BudgetType == "cost" {
				total += a.minutes() / 60 * rs.hourly(b.ProjectGID, a.AssigneeGID)
			} else {
				total += a.minutes()
			}
		}
		return round2(total)
	case "tasks":
		return 0.0
	}
	return nil
}

// round2 rounds to cents (and hundredths of a minute).
func round2(v float64) float64 { return math.Round(v*100) / 100 }

// Budget parts, rendered as embedded objects.
var (
	budgetEstimateKind = newKind("", nil, []string{"billable_status_filter", "source", "enabled", "units", "value"},
		map[string]func(*view, *Budget) any{
			"billable_status_filter": func(_ *view, b *Budget) any { return b.EstimateBillable },
			"source":                 func(_ *view, b *Budget) any { return b.EstimateSource },
			"enabled":                func(_ *view, b *Budget) any { return b.EstimateEnabled },
			"units": func(_ *view, b *Budget) any {
				if b.EstimateSource == "none" {
					return nil
				}
				return b.units()
			},
			"value": func(v *view, b *Budget) any { return b.estimate(v.st) },
		})
	budgetActualKind = newKind("", nil, []string{"billable_status_filter", "value", "units"},
		map[string]func(*view, *Budget) any{
			"billable_status_filter": func(_ *view, b *Budget) any { return b.ActualBillable },
			"value":                  func(v *view, b *Budget) any { return b.actual(v.st) },
			"units":                  func(_ *view, b *Budget) any { return b.units() },
		})
	budgetTotalKind = newKind("", nil, []string{"enabled", "value", "units"},
		map[string]func(*view, *Budget) any{
			"enabled": func(_ *view, b *Budget) any { return b.TotalEnabled },
			"value": func(_ *view, b *Budget) any {
				if !b.TotalEnabled {
					return nil
				}
				return b.TotalValue
			},
			"units": func(_ *view, b *Budget) any {
				if !b.TotalEnabled {
					return nil
				}
				return b.units()
			},
		})
)

// budgetKind renders a budget (BudgetResponse; BudgetCompact in lists
// would lack the parts, but GET /budgets answers BudgetResponse).
var budgetKind = func() *kind {
	fields := []string{"resource_type", "budget_type", "estimate", "actual", "total", "parent"}
	k := newKind("budget", fields, fields, map[string]func(*view, *Budget) any{
		"gid":         func(_ *view, b *Budget) any { return b.GID },
		"budget_type": func(_ *view, b *Budget) any { return b.BudgetType },
		"estimate":    func(_ *view, b *Budget) any { return embed{k: budgetEstimateKind, rec: b} },
		"actual":      func(_ *view, b *Budget) any { return embed{k: budgetActualKind, rec: b} },
		"total":       func(_ *view, b *Budget) any { return embed{k: budgetTotalKind, rec: b} },
		"parent":      func(v *view, b *Budget) any { return v.refTo(v.kinds.project, b.ProjectGID) },
	})
	storedIn(k, func(st *state) *table[Budget] { return &budgets(st).budgets })
	return k
}()

// budgetFields applies a create or update body's budget_type, estimate,
// actual and total to b.
func budgetFields(body *body, b *Budget) error {
	var err error
	if b.BudgetType, err = body.oneOf("budget_type", b.BudgetType, budgetTypes); err != nil {
		return err
	}
	if est, err := body.object("estimate"); err != nil {
		return err
	} else if est != nil {
		if b.EstimateBillable, err = est.oneOf("billable_status_filter", b.EstimateBillable, budgetBillables); err != nil {
			return err
		}
		if b.EstimateSource, err = est.oneOf("source", b.EstimateSource, budgetSources); err != nil {
			return err
		}
		if b.EstimateEnabled, err = est.boolean("enabled", b.EstimateEnabled); err != nil {
			return err
		}
	}
	if act, err := body.object("actual"); err != nil {
		return err
	} else if act != nil {
		if b.ActualBillable, err = act.oneOf("billable_status_filter", b.ActualBillable, budgetBillables); err != nil {
			return err
		}
	}
	if tot, err := body.object("total"); err != nil {
		return err
	} else if tot != nil {
		if b.TotalEnabled, err = tot.boolean("enabled", b.TotalEnabled); err != nil {
			return err
		}
		if b.TotalValue, err = tot.number("value", b.TotalValue); err != nil {
			return err
		}
		if b.TotalValue < 0 {
			return badRequest("total.value", "Must not be negative: %v", b.TotalValue)
		}
	}
	return nil
}

// pathBudget resolves the path's budget through its project, plan
// checked; for writes the caller must be able to edit the project.
func (rq *request) pathBudget(write bool) (*Budget, error) {
	b, pr, err := resolveVia("budget", rq.r.PathValue("budget_gid"), budgets(rq.st).budgets.get,
		func(b *Budget) *Project { return rq.st.projects.get(b.ProjectGID) },
		func(p *Project) bool { return rq.s.canSeeProject(rq.p, p) })
	if err != nil {
		return nil, err
	}
	if err := rq.projectGate(pr, write, "change this project's budget"); err != nil {
		return nil, err
	}
	return b, nil
}

// createBudget gives a project its budget; a second one is a 400.
func (s *Server) createBudget(rq *request) reply {
	body, err := rq.body()
	if err != nil {
		return rq.fail(err)
	}
	pr, err := rq.parentProject(body, "change this project's budget")
	if err != nil {
		return rq.fail(err)
	}
	bs := budgets(rq.st)
	if _, ok := bs.byProject[pr.GID]; ok {
		return rq.fail(badRequest("parent", "The project has a budget already"))
	}
	if !body.has("budget_type") {
		return rq.fail(missingInput("budget_type"))
	}
	b := Budget{ProjectGID: pr.GID, EstimateSource: "none", EstimateBillable: "any", ActualBillable: "any"}
	if err := budgetFields(body, &b); err != nil {
		return rq.fail(err)
	}
	out := bs.insert(rq.st, &b)
	return rq.created(budgetKind, out, "/budgets/"+out.GID)
}

func (s *Server) getBudget(rq *request) reply {
	b, err := rq.pathBudget(false)
	if err != nil {
		return rq.fail(err)
	}
	return rq.one(budgetKind, b)
}

// updateBudget changes a budget; its parent stays.
func (s *Server) updateBudget(rq *request) reply {
	b, err := rq.pathBudget(true)
	if err != nil {
		return rq.fail(err)
	}
	body, err := rq.body()
	if err != nil {
		return rq.fail(err)
	}
	if g, err := body.gid("parent", false); err != nil {
		return rq.fail(err)
	} else if g != "" && g != b.ProjectGID {
		return rq.fail(badRequest("parent", "A budget cannot move to another project"))
	}
	next := *b
	if err := budgetFields(body, &next); err != nil {
		return rq.fail(err)
	}
	*b = next
	return rq.one(budgetKind, b)
}

func (s *Server) deleteBudget(rq *request) reply {
	b, err := rq.pathBudget(true)
	if err != nil {
		return rq.fail(err)
	}
	bs := budgets(rq.st)
	delete(bs.byProject, b.ProjectGID)
	bs.budgets.remove(b.GID)
	return rq.empty()
}

// getBudgets lists a project's budget: none or one.
func (s *Server) getBudgets(rq *request) reply {
	g, err := rq.queryGID("parent", true)
	if err != nil {
		return rq.fail(err)
	}
	pr, err := rq.projectParam("parent", g)
	if err != nil {
		return rq.fail(err)
	}
	if err := rq.checkPlan(pr.WorkspaceGID); err != nil {
		return rq.fail(err)
	}
	var gids []string
	if bg, ok := budgets(rq.st).byProject[pr.GID]; ok {
		gids = []string{bg}
	}
	// The spec's list has no pages (at most one budget): no limit, no
	// next_page.
	return rq.list(budgetKind, page{gids: gids})
}

// AddBudget gives a project its budget, as the API does but without its
// access rules or plan. Empty enums take the API's defaults (source none,
// billable filters any); BudgetType must be time or cost.
func (s *Server) AddBudget(b Budget) (Budget, error) {
	b.EstimateSource = cmp.Or(b.EstimateSource, "none")
	b.EstimateBillable = cmp.Or(b.EstimateBillable, "any")
	b.ActualBillable = cmp.Or(b.ActualBillable, "any")
	for _, c := range []struct {
		name, v string
		in      []string
	}{{"budget type", b.BudgetType, budgetTypes}, {"estimate source", b.EstimateSource, budgetSources},
		{"estimate billable filter", b.EstimateBillable, budgetBillables}, {"actual billable filter", b.ActualBillable, budgetBillables}} {
		if !slices.Contains(c.in, c.v) {
			return Budget{}, fmt.Errorf("asanatest: unknown %s %q (want one of %v)", c.name, c.v, c.in)
		}
	}
	if b.TotalValue < 0 || math.IsNaN(b.TotalValue) || math.IsInf(b.TotalValue, 0) {
		return Budget{}, fmt.Errorf("asanatest: budget total must be a non-negative number, got %v", b.TotalValue)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.st.projects.get(b.ProjectGID) == nil {
		return Budget{}, fmt.Errorf("asanatest: no project %q", b.ProjectGID)
	}
	bs := budgets(s.st)
	if _, ok := bs.byProject[b.ProjectGID]; ok {
		return Budget{}, fmt.Errorf("asanatest: project %s has a budget already", b.ProjectGID)
	}
	b.GID = ""
	return *bs.insert(s.st, &b), nil
}

// Budget returns a copy of the budget with that GID.
func (s *Server) Budget(gid string) (Budget, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	b := budgets(s.st).budgets.get(gid)
	if b == nil {
		return Budget{}, false
	}
	return *b, true
}
