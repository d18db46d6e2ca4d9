package asanatest

import (
	"cmp"
	"fmt"
	"slices"
	"time"
)

// Allocations: the tag "Allocations" of the spec (resource management's
// capacity planning). An allocation books a user on a project for a range
// of days, with an optional effort in hours or percent. Whoever sees the
// project sees its allocations; whoever may edit it books people on it.
// Every operation that documents a 402 needs a plan with capacity
// planning (plans.go). Placeholders (allocations to a role rather than a
// person) are not modelled: an assignee is a user of the workspace.
func (s *Server) allocationRoutes() {
	s.handle("GET /allocations", s.getAllocations)
	s.handle("POST /allocations", s.createAllocation)
	s.handle("GET /allocations/{allocation_gid}", s.getAllocation)
	s.handle("PUT /allocations/{allocation_gid}", s.updateAllocation)
	s.handle("DELETE /allocations/{allocation_gid}", s.deleteAllocation)
}

// Allocation is a user booked on a project from StartDate to EndDate
// (YYYY-MM-DD, inclusive). EffortType is hours, percent or "" (no effort:
// the effort renders null).
type Allocation struct {
	GID          string
	ProjectGID   string
	AssigneeGID  string
	StartDate    string
	EndDate      string
	EffortType   string
	EffortValue  float64
	CreatedByGID string
}

// allocationStore holds the allocations (storeOf[allocationStore]).
type allocationStore struct {
	allocations table[Allocation]
	byProject   index
	byAssignee  index
}

func newAllocationStore() any {
	return &allocationStore{allocations: newTable[Allocation](), byProject: make(index), byAssignee: make(index)}
}

func allocations(st *state) *allocationStore { return storeOf[allocationStore](st) }

func (as *allocationStore) insert(st *state, a *Allocation) *Allocation {
	as.allocations.put(st.gidFor(&a.GID), a)
	as.index(a)
	return a
}

func (as *allocationStore) index(a *Allocation) {
	as.byProject.add(a.ProjectGID, a.GID)
	as.byAssignee.add(a.AssigneeGID, a.GID)
}

func (as *allocationStore) unindex(a *Allocation) {
	as.byProject.remove(a.ProjectGID, a.GID)
	as.byAssignee.remove(a.AssigneeGID, a.GID)
}

// effortTypes are the spec's units of an allocation's effort.
var effortTypes = []string{"hours", "percent"}

// allocationEffortKind renders an allocation's effort object.
var allocationEffortKind = newKind("", nil, []string{"type", "value"}, map[string]func(*view, *Allocation) any{
	"type":  func(_ *view, a *Allocation) any { return a.EffortType },
	"value": func(_ *view, a *Allocation) any { return a.EffortValue },
})

// allocationKind renders an allocation (AllocationResponse).
var allocationKind = func() *kind {
	fields := []string{"resource_type", "start_date", "end_date", "effort", "assignee", "created_by", "parent", "resource_subtype"}
	k := newKind("allocation", fields, fields, map[string]func(*view, *Allocation) any{
		"gid":        func(_ *view, a *Allocation) any { return a.GID },
		"start_date": func(_ *view, a *Allocation) any { return a.StartDate },
		"end_date":   func(_ *view, a *Allocation) any { return a.EndDate },
		"effort": func(_ *view, a *Allocation) any {
			if a.EffortType == "" {
				return nil
			}
			return embed{k: allocationEffortKind, rec: a}
		},
		"assignee":         func(v *view, a *Allocation) any { return v.refTo(v.kinds.user, a.AssigneeGID) },
		"created_by":       func(v *view, a *Allocation) any { return v.refTo(v.kinds.user, a.CreatedByGID) },
		"parent":           func(v *view, a *Allocation) any { return v.refTo(v.kinds.project, a.ProjectGID) },
		"resource_subtype": func(*view, *Allocation) any { return "project_allocation" },
	})
	storedIn(k, func(st *state) *table[Allocation] { return &allocations(st).allocations })
	return k
}()

// pathAllocation resolves the path's allocation through its project, plan
// checked; for writes the caller must be able to edit the project.
func (rq *request) pathAllocation(write bool) (*Allocation, *Project, error) {
	a, pr, err := resolveVia("allocation", rq.r.PathValue("allocation_gid"), allocations(rq.st).allocations.get,
		func(a *Allocation) *Project { return rq.st.projects.get(a.ProjectGID) },
		func(p *Project) bool { return rq.s.canSeeProject(rq.p, p) })
	if err != nil {
		return nil, nil, err
	}
	if err := rq.projectGate(pr, write, "edit this project's allocations"); err != nil {
		return nil, nil, err
	}
	return a, pr, nil
}

// allocationFields applies a create or update body to a.
func (rq *request) allocationFields(b *body, a *Allocation, create bool) error {
	if create || b.has("parent") {
		pr, err := rq.parentProject(b, "edit this project's allocations")
		if err != nil {
			return err
		}
		a.ProjectGID = pr.GID
	}
	ws := rq.st.projects.get(a.ProjectGID).WorkspaceGID
	if create || b.has("assignee") {
		v, err := b.str("assignee", true)
		if err != nil {
			return err
		}
		u, err := rq.userParam("assignee", v)
		if err != nil {
			return err
		}
		a.AssigneeGID = u.GID
	}
	if !rq.st.activeMember(ws, a.AssigneeGID) {
		return badRequest("assignee", "Not a member of the project's workspace: %s", a.AssigneeGID)
	}
	for _, f := range []struct {
		name string
		dst  *string
	}{{"start_date", &a.StartDate}, {"end_date", &a.EndDate}} {
		d, set, err := b.date(f.name)
		if err != nil {
			return err
		}
		if set || create {
			if d == "" {
				return missingInput(f.name)
			}
			*f.dst = d
		}
	}
	if a.EndDate < a.StartDate {
		return badRequest("end_date", "Must not be before start_date")
	}
	if b.has("effort") {
		e, err := b.object("effort")
		if err != nil {
			return err
		}
		a.EffortType, a.EffortValue = "", 0
		if e != nil {
			if a.EffortType, err = e.oneOf("type", "", effortTypes); err != nil {
				return err
			}
			if a.EffortType == "" {
				return missingInput("effort.type")
			}
			if a.EffortValue, err = e.number("value", 0); err != nil {
				return err
			}
			if a.EffortValue < 0 || (a.EffortType == "percent" && a.EffortValue > 100) {
				return badRequest("effort.value", "Out of range: %v", a.EffortValue)
			}
		}
	}
	return nil
}

func (s *Server) createAllocation(rq *request) reply {
	b, err := rq.body()
	if err != nil {
		return rq.fail(err)
	}
	a := Allocation{CreatedByGID: rq.p.user.GID}
	if err := rq.allocationFields(b, &a, true); err != nil {
		return rq.fail(err)
	}
	out := allocations(rq.st).insert(rq.st, &a)
	return rq.created(allocationKind, out, "/allocations/"+out.GID)
}

func (s *Server) getAllocation(rq *request) reply {
	a, _, err := rq.pathAllocation(false)
	if err != nil {
		return rq.fail(err)
	}
	return rq.one(allocationKind, a)
}

// updateAllocation changes an allocation (its project too: the new one
// must be editable as well). PUT documents no 402, so checkPlan lets it
// pass whatever the plan.
func (s *Server) updateAllocation(rq *request) reply {
	a, _, err := rq.pathAllocation(true)
	if err != nil {
		return rq.fail(err)
	}
	b, err := rq.body()
	if err != nil {
		return rq.fail(err)
	}
	next := *a
	if err := rq.allocationFields(b, &next, false); err != nil {
		return rq.fail(err)
	}
	as := allocations(rq.st)
	as.unindex(a)
	*a = next
	as.index(a)
	return rq.one(allocationKind, a)
}

func (s *Server) deleteAllocation(rq *request) reply {
	a, _, err := rq.pathAllocation(true)
	if err != nil {
		return rq.fail(err)
	}
	as := allocations(rq.st)
	as.unindex(a)
	as.allocations.remove(a.GID)
	return rq.empty()
}

// getAllocations lists allocations by project, assignee or workspace (one
// is needed), of projects the caller sees.
func (s *Server) getAllocations(rq *request) reply {
	as := allocations(rq.st)
	var candidates []string
	var keep []func(*Allocation) bool
	wsGID := ""
	if g, err := rq.queryGID("parent", false); err != nil {
		return rq.fail(err)
	} else if g != "" {
		pr, err := rq.projectParam("parent", g)
		if err != nil {
			return rq.fail(err)
		}
		candidates, wsGID = nonNil(as.byProject[pr.GID]), pr.WorkspaceGID
	}
	if v := rq.query.Get("assignee"); v != "" {
		u, err := rq.userParam("assignee", v)
		if err != nil {
			return rq.fail(err)
		}
		if candidates == nil {
			candidates = nonNil(as.byAssignee[u.GID])
		}
		keep = append(keep, func(a *Allocation) bool { return a.AssigneeGID == u.GID })
	}
	if g, err := rq.queryGID("workspace", false); err != nil {
		return rq.fail(err)
	} else if g != "" {
		ws, err := rq.workspaceParam("workspace", g)
		if err != nil {
			return rq.fail(err)
		}
		if candidates == nil {
			candidates = nonNil(as.allocations.order)
		}
		wsGID = cmp.Or(wsGID, ws.GID)
		keep = append(keep, func(a *Allocation) bool { return rq.st.projects.get(a.ProjectGID).WorkspaceGID == ws.GID })
	}
	if candidates == nil {
		return rq.fail(errorf(400, "Must specify one of parent, assignee or workspace"))
	}
	if wsGID != "" {
		if err := rq.checkPlan(wsGID); err != nil {
			return rq.fail(err)
		}
	}
	p, err := rq.paginate(candidates, func(g string) bool {
		a := as.allocations.get(g)
		pr := rq.st.projects.get(a.ProjectGID)
		if pr == nil || !s.canSeeProject(rq.p, pr) || (wsGID == "" && rq.checkPlan(pr.WorkspaceGID) != nil) {
			return false
		}
		for _, k := range keep {
			if !k(a) {
				return false
			}
		}
		return true
	})
	if err != nil {
		return rq.fail(err)
	}
	return rq.list(allocationKind, p)
}

// minutes is the allocation's effort in minutes, for a budget's
// capacity_plans estimate: hours as given, percent of an eight-hour
// working day over the allocation's weekdays.
func (a *Allocation) minutes() float64 {
	switch a.EffortType {
	case "hours":
		return a.EffortValue * 60
	case "percent":
		return a.EffortValue / 100 * 8 * 60 * float64(weekdays(a.StartDate, a.EndDate))
	}
	return 0
}

// weekdays counts Monday to Friday in [from, to].
func weekdays(from, to string) int {
	a, err1 := time.Parse(time.DateOnly, from)
	b, err2 := time.Parse(time.DateOnly, to)
	if err1 != nil || err2 != nil {
		return 0
	}
	n := 0
	for d := a; !d.After(b) && n < 366*5; d = d.AddDate(0, 0, 1) {
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
			n++
		}
	}
	return n
}

// AddAllocation books a user on a project, as the API does but without
// its access rules or plan: the assignee must be an active member of the
// project's workspace, the dates in order, EffortType hours, percent or
// empty. CreatedByGID defaults to the project's owner.
func (s *Server) AddAllocation(a Allocation) (Allocation, error) {
	if !validDate(a.StartDate) || !validDate(a.EndDate) || a.EndDate < a.StartDate {
		return Allocation{}, fmt.Errorf("asanatest: allocation needs dates StartDate <= EndDate (YYYY-MM-DD), got %q and %q", a.StartDate, a.EndDate)
	}
	if a.EffortType != "" && !slices.Contains(effortTypes, a.EffortType) {
		return Allocation{}, fmt.Errorf("asanatest: unknown effort type %q (want one of %v)", a.EffortType, effortTypes)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	pr := s.st.projects.get(a.ProjectGID)
	if pr == nil {
		return Allocation{}, fmt.Errorf("asanatest: no project %q", a.ProjectGID)
	}
	if !s.st.activeMember(pr.WorkspaceGID, a.AssigneeGID) {
		return Allocation{}, fmt.Errorf("asanatest: %q is no active member of workspace %s", a.AssigneeGID, pr.WorkspaceGID)
	}
	if a.CreatedByGID == "" {
		a.CreatedByGID = pr.OwnerGID
	}
	a.GID = ""
	return *allocations(s.st).insert(s.st, &a), nil
}

// Allocation returns a copy of the allocation with that GID.
func (s *Server) Allocation(gid string) (Allocation, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	a := allocations(s.st).allocations.get(gid)
	if a == nil {
		return Allocation{}, false
	}
	return *a, true
}
