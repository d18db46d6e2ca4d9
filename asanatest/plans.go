package asanatest

import (
	"fmt"
	"net/http"
	"slices"
)

// Plans: which Asana plan a workspace or organization pays for, and the
// premium features each plan unlocks. Asana answers 402 Payment Required
// when a workspace's plan lacks the feature an operation belongs to; the
// fake does so on the operations whose spec documents a 402 (planGates).
//
// A workspace's plan is set with SetPlan (or PUT /_fake/workspaces/{gid}/plan);
// until then it follows the Enterprise flag: an Enterprise organization is
// on PlanEnterprise, any other workspace on PlanPersonal (free), as the
// premium search check (search.go) has always read it.

// Plan is an Asana subscription tier, from the free Personal plan up.
type Plan string

// Asana's plans, cheapest first.
const (
	PlanPersonal       Plan = "personal"
	PlanStarter        Plan = "starter"
	PlanAdvanced       Plan = "advanced"
	PlanEnterprise     Plan = "enterprise"
	PlanEnterprisePlus Plan = "enterprise_plus"
)

// planOrder ranks the plans: a plan has every feature of those before it.
var planOrder = []Plan{PlanPersonal, PlanStarter, PlanAdvanced, PlanEnterprise, PlanEnterprisePlus}

// atLeast reports whether p includes everything of min.
func (p Plan) atLeast(min Plan) bool {
	return slices.Index(planOrder, p) >= slices.Index(planOrder, min)
}

// feature is a premium feature of Asana: the plan it needs and the words
// of the 402 that refuses it.
type feature struct {
	name string
	plan Plan
}

// The premium features the fake gates. Asana's pricing page puts time
// tracking, timesheets and capacity planning (allocations) on Advanced and
// up, budgets and billable rates on Enterprise and up: the fake's reading.
var (
	featureTimeTracking = feature{name: "Time tracking", plan: PlanAdvanced}
	featureTimesheets   = feature{name: "Timesheets", plan: PlanAdvanced}
	featureAllocations  = feature{name: "Capacity planning", plan: PlanAdvanced}
	featureBudgets      = feature{name: "Budgets", plan: PlanEnterprise}
	featureRates        = feature{name: "Billable rates", plan: PlanEnterprise}
)

// planGates names, per operation, the feature it needs. Only operations
// whose spec documents a 402 are here (TestPlanGatesMatchSpec checks it),
// so the fake never answers a status the spec does not list.
var planGates = map[string]feature{
	"GET /time_tracking_entries":                                       featureTimeTracking,
	"POST /timesheet_approval_statuses":                                featureTimesheets,
	"PUT /timesheet_approval_statuses/{timesheet_approval_status_gid}": featureTimesheets,
	"GET /allocations":                                                 featureAllocations,
	"POST /allocations":                                                featureAllocations,
	"GET /allocations/{allocation_gid}":                                featureAllocations,
	"DELETE /allocations/{allocation_gid}":                             featureAllocations,
	"GET /budgets":                                                     featureBudgets,
	"POST /budgets":                                                    featureBudgets,
	"GET /budgets/{budget_gid}":                                        featureBudgets,
	"PUT /budgets/{budget_gid}":                                        featureBudgets,
	"DELETE /budgets/{budget_gid}":                                     featureBudgets,
	"GET /rates":                                                       featureRates,
	"POST /rates":                                                      featureRates,
	"GET /rates/{rate_gid}":                                            featureRates,
	"PUT /rates/{rate_gid}":                                            featureRates,
	"DELETE /rates/{rate_gid}":                                         featureRates,
}

// planStore holds the plans set with SetPlan (storeOf[planStore]).
type planStore struct {
	plans map[string]Plan // workspace GID -> plan
}

func newPlanStore() any { return &planStore{plans: map[string]Plan{}} }

// planOf is the workspace's plan: the one set, or the Enterprise flag's.
func (s *Server) planOf(ws *Workspace) Plan {
	if p, ok := storeOf[planStore](s.st).plans[ws.GID]; ok {
		return p
	}
	if ws.IsOrganization && ws.Enterprise {
		return PlanEnterprise
	}
	return PlanPersonal
}

// checkPlan answers 402 when the route is gated and the workspace's plan
// lacks its feature; nil otherwise (an unknown workspace passes: the
// handler's own lookup answers for it).
func (rq *request) checkPlan(wsGID string) error {
	f, ok := planGates[rq.route.method+" "+rq.route.pattern]
	if !ok {
		return nil
	}
	ws := rq.st.workspaces.get(wsGID)
	if ws == nil || rq.s.planOf(ws).atLeast(f.plan) {
		return nil
	}
	return errorf(http.StatusPaymentRequired, "%s is not available on the %s plan: it needs %s or higher",
		f.name, rq.s.planOf(ws), f.plan)
}

// projectGate checks the route's plan on pr's workspace and, for a write,
// that the caller may edit pr; action says what the 403 refuses ("edit
// this project's allocations").
func (rq *request) projectGate(pr *Project, write bool, action string) error {
	if err := rq.checkPlan(pr.WorkspaceGID); err != nil {
		return err
	}
	if write && !rq.s.canEditProject(rq.p, pr) {
		return forbidden("You do not have permission to " + action)
	}
	return nil
}

// parentProject resolves a create or update body's required "parent"
// project and gates it as a write (projectGate).
func (rq *request) parentProject(b *body, action string) (*Project, error) {
	g, err := b.gid("parent", true)
	if err != nil {
		return nil, err
	}
	pr, err := rq.projectParam("parent", g)
	if err != nil {
		return nil, err
	}
	return pr, rq.projectGate(pr, true, action)
}

// SetPlan puts a workspace on a plan. The Enterprise plans are those of
// Enterprise organizations (the only ones with service accounts), so an
// Enterprise organization takes PlanEnterprise or PlanEnterprisePlus and
// any other workspace one of the plans below.
func (s *Server) SetPlan(workspaceGID string, p Plan) error {
	if !slices.Contains(planOrder, p) {
		return fmt.Errorf("asanatest: unknown plan %q (want one of %v)", p, planOrder)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ws := s.st.workspaces.get(workspaceGID)
	if ws == nil {
		return fmt.Errorf("asanatest: no workspace %q", workspaceGID)
	}
	if enterprise := ws.IsOrganization && ws.Enterprise; enterprise != p.atLeast(PlanEnterprise) {
		return fmt.Errorf("asanatest: plan %s does not fit workspace %s (Enterprise: %v)", p, ws.GID, enterprise)
	}
	storeOf[planStore](s.st).plans[ws.GID] = p
	return nil
}

// Plan returns the workspace's plan (see SetPlan); false for an unknown
// workspace.
func (s *Server) Plan(workspaceGID string) (Plan, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	ws := s.st.workspaces.get(workspaceGID)
	if ws == nil {
		return "", false
	}
	return s.planOf(ws), true
}

// planRoutes serves the control API's plan endpoints:
// GET and PUT /_fake/workspaces/{workspace_gid}/plan, whose JSON is
// {"plan": "advanced"}.
func (s *Server) planRoutes() {
	s.controlHandle("GET "+controlPrefix+"/workspaces/{workspace_gid}/plan", func(r *http.Request) (any, error) {
		p, ok := s.Plan(r.PathValue("workspace_gid"))
		if !ok {
			return nil, fmt.Errorf("asanatest: no workspace %q", r.PathValue("workspace_gid"))
		}
		return map[string]any{"plan": p}, nil
	})
	s.controlHandle("PUT "+controlPrefix+"/workspaces/{workspace_gid}/plan", func(r *http.Request) (any, error) {
		var in struct {
			Plan Plan `json:"plan"`
		}
		if err := decodeControl(r, &in); err != nil {
			return nil, err
		}
		if err := s.SetPlan(r.PathValue("workspace_gid"), in.Plan); err != nil {
			return nil, err
		}
		return map[string]any{"plan": in.Plan}, nil
	})
}

// controlHandle mounts a control endpoint: h's value answers as
// {"data": ...}, its error as a 400 {"errors"} document.
func (s *Server) controlHandle(pattern string, h func(r *http.Request) (any, error)) {
	s.controlRoutes = append(s.controlRoutes, pattern)
	s.ctl.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		v, err := h(r)
		if err != nil {
			writeJSON(w, http.StatusBadRequest, errorsDoc{Errors: []errorDetail{{Message: err.Error()}}})
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"data": v})
	})
}
