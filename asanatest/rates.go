package asanatest

import (
	"fmt"
	"math"
)

// Rates: the tag "Rates" of the spec. A rate is what an hour of one user
// costs on one project, in the organization's currency (the fake's is
// always USD); budgets of type cost (budgets.go) multiply tracked and
// allocated time by it. One rate per project and user; only the rate
// itself changes after creation, as the spec says. Whoever sees the
// project sees its rates, whoever may edit it sets them; every operation
// needs a plan with billable rates (plans.go). Placeholder rates are not
// modelled (there are no placeholders).
func (s *Server) rateRoutes() {
	s.handle("GET /rates", s.getRates)
	s.handle("POST /rates", s.createRate)
	s.handle("GET /rates/{rate_gid}", s.getRate)
	s.handle("PUT /rates/{rate_gid}", s.updateRate)
	s.handle("DELETE /rates/{rate_gid}", s.deleteRate)
}

// currencyCode is the currency of every organization of the fake.
const currencyCode = "USD"

// Rate is the hourly rate of a user (ResourceGID) on a project.
type Rate struct {
	GID          string
	ProjectGID   string
	ResourceGID  string
	Rate         float64
	CreatedByGID string
}

// rateStore holds the rates (storeOf[rateStore]).
type rateStore struct {
	rates      table[Rate]
	byProject  index
	byResource index
}

func newRateStore() any {
	return &rateStore{rates: newTable[Rate](), byProject: make(index), byResource: make(index)}
}

func rates(st *state) *rateStore { return storeOf[rateStore](st) }

func (rs *rateStore) insert(st *state, r *Rate) *Rate {
	rs.rates.put(st.gidFor(&r.GID), r)
	rs.byProject.add(r.ProjectGID, r.GID)
	rs.byResource.add(r.ResourceGID, r.GID)
	return r
}

func (rs *rateStore) remove(r *Rate) {
	rs.byProject.remove(r.ProjectGID, r.GID)
	rs.byResource.remove(r.ResourceGID, r.GID)
	rs.rates.remove(r.GID)
}

// find is the rate of a user on a project, or nil.
func (rs *rateStore) find(projectGID, userGID string) *Rate {
	for _, g := range rs.byProject[projectGID] {
		if r := rs.rates.get(g); r.ResourceGID == userGID {
			return r
		}
	}
	return nil
}

// hourly is a user's rate on a project; 0 without one.
func (rs *rateStore) hourly(projectGID, userGID string) float64 {
	if r := rs.find(projectGID, userGID); r != nil {
		return r.Rate
	}
	return 0
}

// rateKind renders a rate (RateResponse, and RateCompact in lists).
var rateKind = func() *kind {
	fields := []string{"resource_type", "parent", "resource", "rate", "currency_code", "created_by"}
	k := newKind("rate", fields, fields, map[string]func(*view, *Rate) any{
		"gid":           func(_ *view, r *Rate) any { return r.GID },
		"parent":        func(v *view, r *Rate) any { return v.refTo(v.kinds.project, r.ProjectGID) },
		"resource":      func(v *view, r *Rate) any { return v.refTo(v.kinds.user, r.ResourceGID) },
		"rate":          func(_ *view, r *Rate) any { return r.Rate },
		"currency_code": func(*view, *Rate) any { return currencyCode },
		"created_by":    func(v *view, r *Rate) any { return v.refTo(v.kinds.user, r.CreatedByGID) },
	})
	storedIn(k, func(st *state) *table[Rate] { return &rates(st).rates })
	return k
}()

// rateValue reads a rate: a finite number, not negative.
func rateValue(b *body) (float64, error) {
	if !b.has("rate") {
		return 0, missingInput("rate")
	}
	v, err := b.number("rate", 0)
	if err == nil && (v < 0 || math.IsInf(v, 0)) {
		err = badRequest("rate", "Must not be negative: %v", v)
	}
	return v, err
}

// pathRate resolves the path's rate through its project, plan checked;
// for writes the caller must be able to edit the project.
func (rq *request) pathRate(write bool) (*Rate, error) {
	r, pr, err := resolveVia("rate", rq.r.PathValue("rate_gid"), rates(rq.st).rates.get,
		func(r *Rate) *Project { return rq.st.projects.get(r.ProjectGID) },
		func(p *Project) bool { return rq.s.canSeeProject(rq.p, p) })
	if err != nil {
		return nil, err
	}
	if err := rq.projectGate(pr, write, "change this project's rates"); err != nil {
		return nil, err
	}
	return r, nil
}

func (s *Server) createRate(rq *request) reply {
	b, err := rq.body()
	if err != nil {
		return rq.fail(err)
	}
	pr, err := rq.parentProject(b, "change this project's rates")
	if err != nil {
		return rq.fail(err)
	}
	uv, err := b.str("resource", true)
	if err != nil {
		return rq.fail(err)
	}
	u, err := rq.userParam("resource", uv)
	if err != nil {
		return rq.fail(err)
	}
	if !rq.st.activeMember(pr.WorkspaceGID, u.GID) {
		return rq.fail(badRequest("resource", "Not a member of the project's workspace: %s", u.GID))
	}
	v, err := rateValue(b)
	if err != nil {
		return rq.fail(err)
	}
	rs := rates(rq.st)
	if rs.find(pr.GID, u.GID) != nil {
		return rq.fail(badRequest("resource", "The user has a rate on this project already"))
	}
	r := rs.insert(rq.st, &Rate{ProjectGID: pr.GID, ResourceGID: u.GID, Rate: v, CreatedByGID: rq.p.user.GID})
	return rq.created(rateKind, r, "/rates/"+r.GID)
}

func (s *Server) getRate(rq *request) reply {
	r, err := rq.pathRate(false)
	if err != nil {
		return rq.fail(err)
	}
	return rq.one(rateKind, r)
}

func (s *Server) updateRate(rq *request) reply {
	r, err := rq.pathRate(true)
	if err != nil {
		return rq.fail(err)
	}
	b, err := rq.body()
	if err != nil {
		return rq.fail(err)
	}
	for _, f := range []string{"parent", "resource"} {
		if b.has(f) {
			return rq.fail(badRequest(f, "Cannot be changed: only rate can"))
		}
	}
	v, err := rateValue(b)
	if err != nil {
		return rq.fail(err)
	}
	r.Rate = v
	return rq.one(rateKind, r)
}

func (s *Server) deleteRate(rq *request) reply {
	r, err := rq.pathRate(true)
	if err != nil {
		return rq.fail(err)
	}
	rates(rq.st).remove(r)
	return rq.empty()
}

// getRates lists the rates of a project, of a user, or of a user on a
// project (one of parent and resource is needed), of projects the caller
// sees.
func (s *Server) getRates(rq *request) reply {
	rs := rates(rq.st)
	var candidates []string
	projectGID, userGID := "", ""
	if g, err := rq.queryGID("parent", false); err != nil {
		return rq.fail(err)
	} else if g != "" {
		pr, err := rq.projectParam("parent", g)
		if err != nil {
			return rq.fail(err)
		}
		if err := rq.checkPlan(pr.WorkspaceGID); err != nil {
			return rq.fail(err)
		}
		projectGID, candidates = pr.GID, nonNil(rs.byProject[pr.GID])
	}
	if v := rq.query.Get("resource"); v != "" {
		u, err := rq.userParam("resource", v)
		if err != nil {
			return rq.fail(err)
		}
		userGID = u.GID
		if candidates == nil {
			candidates = nonNil(rs.byResource[u.GID])
		}
	}
	if candidates == nil {
		return rq.fail(errorf(400, "Must specify parent or resource"))
	}
	p, err := rq.paginate(candidates, func(g string) bool {
		r := rs.rates.get(g)
		pr := rq.st.projects.get(r.ProjectGID)
		return pr != nil && s.canSeeProject(rq.p, pr) && rq.checkPlan(pr.WorkspaceGID) == nil &&
			(projectGID == "" || r.ProjectGID == projectGID) && (userGID == "" || r.ResourceGID == userGID)
	})
	if err != nil {
		return rq.fail(err)
	}
	return rq.list(rateKind, p)
}

// AddRate sets a user's hourly rate on a project, as the API does but
// without its access rules or plan: the user must be an active member of
// the project's workspace, without a rate there yet; the rate must not be
// negative. CreatedByGID defaults to the project's owner.
func (s *Server) AddRate(r Rate) (Rate, error) {
	if r.Rate < 0 || math.IsNaN(r.Rate) || math.IsInf(r.Rate, 0) {
		return Rate{}, fmt.Errorf("asanatest: rate must be a non-negative number, got %v", r.Rate)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	pr := s.st.projects.get(r.ProjectGID)
	if pr == nil {
		return Rate{}, fmt.Errorf("asanatest: no project %q", r.ProjectGID)
	}
	if !s.st.activeMember(pr.WorkspaceGID, r.ResourceGID) {
		return Rate{}, fmt.Errorf("asanatest: %q is no active member of workspace %s", r.ResourceGID, pr.WorkspaceGID)
	}
	rs := rates(s.st)
	if rs.find(pr.GID, r.ResourceGID) != nil {
		return Rate{}, fmt.Errorf("asanatest: user %s has a rate on project %s already", r.ResourceGID, pr.GID)
	}
	if r.CreatedByGID == "" {
		r.CreatedByGID = pr.OwnerGID
	}
	r.GID = ""
	return *rs.insert(s.st, &r), nil
}

// Rate returns a copy of the rate with that GID.
func (s *Server) Rate(gid string) (Rate, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	r := rates(s.st).rates.get(gid)
	if r == nil {
		return Rate{}, false
	}
	return *r, true
}
