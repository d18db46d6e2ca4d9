package asanatest

import (
	"math"
	"net/http"
	"slices"
)

// Goal relationships: the tag "Goal relationships" of the spec. A goal is
// supported by subgoals (resource_subtype subgoal) and by projects, tasks
// and portfolios (supporting_work), each with a contribution weight
// between 0 and 1. Guesses: a resource supports a goal at most once
// (adding it again is a 400), a goal cannot support itself or a goal that
// supports it (no cycles), and insert_before/insert_after order a goal's
// relationships as the web app lists them. Lists leave out, and GETs
// forbid, relationships whose supporting resource the caller cannot see.
func (s *Server) goalRelationshipRoutes() {
	s.handle("GET /goal_relationships", s.getGoalRelationships)
	s.handle("GET /goal_relationships/{goal_relationship_gid}", s.getGoalRelationship)
	s.handle("PUT /goal_relationships/{goal_relationship_gid}", s.updateGoalRelationship)
	s.handle("POST /goals/{goal_gid}/addSupportingRelationship", s.addSupportingRelationship)
	s.handle("POST /goals/{goal_gid}/removeSupportingRelationship", s.removeSupportingRelationship)
}

// GoalRelationship says that a resource supports a goal.
type GoalRelationship struct {
	GID              string
	SupportedGoalGID string
	// SupportingGID is the supporting resource, of SupportingType goal,
	// project, task or portfolio.
	SupportingGID      string
	SupportingType     string
	ContributionWeight float64
}

// subtype is the relationship's resource_subtype.
func (r *GoalRelationship) subtype() string {
	if r.SupportingType == "goal" {
		return "subgoal"
	}
	return "supporting_work"
}

// insertRel adds a relationship at position pos of its goal's list (-1:
// the end).
func (gs *goalStore) insertRel(st *state, r *GoalRelationship, pos int) *GoalRelationship {
	gs.rels.put(st.gidFor(&r.GID), r)
	order := gs.relOrder[r.SupportedGoalGID]
	if pos < 0 || pos > len(order) {
		pos = len(order)
	}
	gs.relOrder[r.SupportedGoalGID] = slices.Insert(order, pos, r.GID)
	gs.supporting.add(r.SupportingGID, r.GID)
	return r
}

func (gs *goalStore) removeRel(r *GoalRelationship) {
	if r == nil {
		return
	}
	gs.rels.remove(r.GID)
	gs.relOrder[r.SupportedGoalGID] = removeValue(gs.relOrder[r.SupportedGoalGID], r.GID)
	gs.supporting.remove(r.SupportingGID, r.GID)
}

// removeSupporting drops the relationships a deleted resource supported.
func (gs *goalStore) removeSupporting(supportingGID string) {
	for _, rg := range slices.Clone(gs.supporting[supportingGID]) {
		gs.removeRel(gs.rels.get(rg))
	}
}

// relationship finds the relationship of goal to a supporting resource.
func (gs *goalStore) relationship(goalGID, supportingGID string) *GoalRelationship {
	for _, rg := range gs.supporting[supportingGID] {
		if r := gs.rels.get(rg); r.SupportedGoalGID == goalGID {
			return r
		}
	}
	return nil
}

// supportedGoals are the goals a resource supports, in ascending GIDs.
func (gs *goalStore) supportedGoals(supportingGID string) []string {
	var out []string
	for _, rg := range gs.supporting[supportingGID] {
		out = insertSorted(out, gs.rels.get(rg).SupportedGoalGID)
	}
	return out
}

// supports reports whether goal a supports goal b, directly or through
// subgoals.
func (gs *goalStore) supports(a, b string, depth int) bool {
	if a == b {
		return true
	}
	if depth > 64 {
		return false
	}
	for _, parent := range gs.supportedGoals(a) {
		if gs.supports(parent, b, depth+1) {
			return true
		}
	}
	return false
}

// supportingRef is a resource that can support a goal, as resolved for
// the caller.
type supportingRef struct {
	typ          string // goal, project, task or portfolio
	gid          string
	workspaceGID string
}

// supportingResource resolves a GID that may support a goal: a goal,
// project or task the caller can see, or a portfolio. A missing object is
// a 404, one the caller cannot see a 403.
func (rq *request) supportingResource(param, gid string) (supportingRef, error) {
	if _, err := checkGID(param, gid); err != nil {
		return supportingRef{}, err
	}
	switch {
	case goals(rq.st).goals.get(gid) != nil:
		g, err := rq.goalParam(param, gid)
		if err != nil {
			return supportingRef{}, err
		}
		return supportingRef{"goal", g.GID, g.WorkspaceGID}, nil
	case rq.st.projects.get(gid) != nil:
		p, err := rq.projectParam(param, gid)
		if err != nil {
			return supportingRef{}, err
		}
		return supportingRef{"project", p.GID, p.WorkspaceGID}, nil
	case rq.st.liveTask(gid) != nil:
		t, err := rq.taskParam(param, gid)
		if err != nil {
			return supportingRef{}, err
		}
		return supportingRef{"task", t.GID, t.WorkspaceGID}, nil
	}
	pf, err := rq.portfolioParam(param, gid)
	if err != nil {
		return supportingRef{}, err
	}
	return supportingRef{"portfolio", pf.GID, pf.WorkspaceGID}, nil
}

// supportingKind is the kind a supporting resource renders as.
func (v *view) supportingKind(typ string) *kind {
	switch typ {
	case "goal":
		return v.kinds.goalNamed // the spec types it as a ProjectCompact
	case "project":
		return v.kinds.project
	case "task":
		return v.kinds.taskNamed // the spec types it as a ProjectCompact
	case "portfolio":
		return portfolioKind // compact: resource_type and name, as a ProjectCompact
	}
	return nil
}

// relVisible reports whether the caller sees a relationship: its goal and
// its supporting resource (a deleted task or project hides it).
func (rq *request) relVisible(r *GoalRelationship) bool {
	g := goals(rq.st).goals.get(r.SupportedGoalGID)
	if g == nil || !rq.s.canSeeGoal(rq.p, g) {
		return false
	}
	_, err := rq.supportingResource("supporting_resource", r.SupportingGID)
	return err == nil
}

// pathRelationship resolves a relationship whose goal the caller sees.
// One whose supporting resource is gone is unknown, and one whose
// supporting resource the caller may not see is forbidden, so that a
// relationship never shows the name of a private project.
func (rq *request) pathRelationship() (*GoalRelationship, *Goal, error) {
	gs := goals(rq.st)
	r, g, err := resolveVia("goal_relationship", rq.r.PathValue("goal_relationship_gid"), gs.rels.get,
		func(r *GoalRelationship) *Goal { return gs.goals.get(r.SupportedGoalGID) },
		func(g *Goal) bool { return rq.s.canSeeGoal(rq.p, g) })
	if err != nil {
		return nil, nil, err
	}
	if _, err := rq.supportingResource("supporting_resource", r.SupportingGID); err != nil {
		if e, ok := err.(*apiError); ok && e.status == http.StatusNotFound {
			return nil, nil, notFound("goal_relationship", r.GID)
		}
		return nil, nil, err
	}
	return r, g, nil
}

func (s *Server) getGoalRelationship(rq *request) reply {
	r, _, err := rq.pathRelationship()
	if err != nil {
		return rq.fail(err)
	}
	return rq.one(s.kinds.goalRelationship, r)
}

// contributionWeight reads contribution_weight, a number from 0 to 1.
func contributionWeight(b *body, def float64) (float64, error) {
	w, err := b.number("contribution_weight", def)
	if err == nil && (w < 0 || w > 1 || math.IsNaN(w)) {
		err = badRequest("contribution_weight", "Must be between 0 and 1")
	}
	return w, err
}

// updateGoalRelationship changes a relationship's contribution weight, the
// one field of it that is writable.
func (s *Server) updateGoalRelationship(rq *request) reply {
	r, g, err := rq.pathRelationship()
	if err != nil {
		return rq.fail(err)
	}
	if !s.canEditGoal(rq.p, g) {
		return rq.fail(forbidden("You do not have permission to edit this goal"))
	}
	b, err := rq.body()
	if err != nil {
		return rq.fail(err)
	}
	if r.ContributionWeight, err = contributionWeight(b, r.ContributionWeight); err != nil {
		return rq.fail(err)
	}
	g.ModifiedAt = rq.now
	return rq.one(s.kinds.goalRelationship, r)
}

// getGoalRelationships lists a goal's relationships in their order,
// optionally of one resource_subtype.
func (s *Server) getGoalRelationships(rq *request) reply {
	gg, err := rq.queryGID("supported_goal", true)
	if err != nil {
		return rq.fail(err)
	}
	g, err := rq.goalParam("supported_goal", gg)
	if err != nil {
		return rq.fail(err)
	}
	sub := rq.query.Get("resource_subtype")
	if sub != "" && sub != "subgoal" && sub != "supporting_work" {
		return rq.fail(badRequest("resource_subtype", "Not a valid enum value: %q", sub))
	}
	gs := goals(rq.st)
	p, err := rq.paginateOrdered(gs.relOrder[g.GID], func(rg string) bool {
		r := gs.rels.get(rg)
		return (sub == "" || r.subtype() == sub) && rq.relVisible(r)
	})
	if err != nil {
		return rq.fail(err)
	}
	return rq.list(s.kinds.goalRelationship, p)
}

// addSupportingRelationship makes supporting_resource support the goal.
func (s *Server) addSupportingRelationship(rq *request) reply {
	g, err := rq.editableGoal()
	if err != nil {
		return rq.fail(err)
	}
	b, err := rq.body()
	if err != nil {
		return rq.fail(err)
	}
	sg, err := b.gid("supporting_resource", true)
	if err != nil {
		return rq.fail(err)
	}
	ref, err := rq.supportingResource("supporting_resource", sg)
	if err != nil {
		return rq.fail(err)
	}
	gs := goals(rq.st)
	switch {
	case ref.workspaceGID != g.WorkspaceGID:
		return rq.fail(badRequest("supporting_resource", "Not in the goal's workspace: %s", sg))
	case ref.typ == "goal" && gs.supports(g.GID, ref.gid, 0):
		return rq.fail(badRequest("supporting_resource", "A goal cannot support itself or a goal that supports it"))
	case gs.relationship(g.GID, ref.gid) != nil:
		return rq.fail(badRequest("supporting_resource", "Already supports this goal: %s", sg))
	}
	pos, err := rq.relPosition(b, g)
	if err != nil {
		return rq.fail(err)
	}
	weight, err := contributionWeight(b, 0)
	if err != nil {
		return rq.fail(err)
	}
	r := gs.insertRel(rq.st, &GoalRelationship{SupportedGoalGID: g.GID, SupportingGID: ref.gid,
		SupportingType: ref.typ, ContributionWeight: weight}, pos)
	g.ModifiedAt = rq.now
	return rq.one(s.kinds.goalRelationship, r)
}

// relPosition reads insert_before or insert_after (a supporting resource
// of the goal, at most one of them) as a position in its relationships.
func (rq *request) relPosition(b *body, g *Goal) (int, error) {
	if b.has("insert_before") && b.has("insert_after") {
		return 0, badRequest("insert_after", "You may only provide one of insert_before and insert_after")
	}
	gs := goals(rq.st)
	for i, name := range []string{"insert_before", "insert_after"} {
		v, err := b.gid(name, false)
		if err != nil || v == "" {
			if err != nil {
				return 0, err
			}
			continue
		}
		r := gs.relationship(g.GID, v)
		if r == nil {
			return 0, badRequest(name, "Not a supporting resource of the goal: %s", v)
		}
		return indexOf(gs.relOrder[g.GID], r.GID) + i, nil
	}
	return -1, nil
}

// removeSupportingRelationship ends supporting_resource's support of the
// goal.
func (s *Server) removeSupportingRelationship(rq *request) reply {
	g, err := rq.editableGoal()
	if err != nil {
		return rq.fail(err)
	}
	b, err := rq.body()
	if err != nil {
		return rq.fail(err)
	}
	sg, err := b.gid("supporting_resource", true)
	if err != nil {
		return rq.fail(err)
	}
	gs := goals(rq.st)
	r := gs.relationship(g.GID, sg)
	if r == nil {
		return rq.fail(notFound("supporting_resource", sg))
	}
	gs.removeRel(r)
	g.ModifiedAt = rq.now
	return rq.empty()
}

// addGoalRelationshipKind fills in the relationship's projection.
func (k *kinds) addGoalRelationshipKind() {
	compact := []string{"resource_type", "resource_subtype", "supporting_resource", "contribution_weight"}
	k.goalRelationship = newKind("goal_relationship", compact, append(slices.Clone(compact), "supported_goal"),
		map[string]func(*view, *GoalRelationship) any{
			"gid":                 func(_ *view, r *GoalRelationship) any { return r.GID },
			"resource_subtype":    func(_ *view, r *GoalRelationship) any { return r.subtype() },
			"contribution_weight": func(_ *view, r *GoalRelationship) any { return r.ContributionWeight },
			"supported_goal":      func(v *view, r *GoalRelationship) any { return v.refTo(v.kinds.goal, r.SupportedGoalGID) },
			"supporting_resource": func(v *view, r *GoalRelationship) any {
				if sk := v.supportingKind(r.SupportingType); sk != nil {
					return v.refTo(sk, r.SupportingGID)
				}
				return nil
			},
		})
	storedIn(k.goalRelationship, func(st *state) *table[GoalRelationship] { return &goals(st).rels })
}
