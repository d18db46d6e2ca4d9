package asanatest

import (
	"errors"
	"fmt"
	"time"
)

// Access requests: the tag "Access requests" of the spec. A member of a
// workspace asks to join a project or portfolio they are not a member of;
// those who manage the target's members (canManageMembers: project and
// portfolio editors and admins, the service account) list the pending
// requests and approve or reject them. Approving grants the requester a
// membership with the target's default access level (editor for a
// project, the portfolio's default_access_level), as addMembers does. A
// requester sees their own requests; others see none. Approved and
// rejected requests leave the pending list.
func (s *Server) accessRequestRoutes() {
	s.handle("GET /access_requests", s.getAccessRequests)
	s.handle("POST /access_requests", s.createAccessRequest)
	s.handle("POST /access_requests/{access_request_gid}/approve", s.decideAccessRequest(AccessRequestApproved))
	s.handle("POST /access_requests/{access_request_gid}/reject", s.decideAccessRequest(AccessRequestDenied))
}

// Approval statuses of an access request (the spec's approval_status).
const (
	AccessRequestPending  = "pending"
	AccessRequestApproved = "approved"
	AccessRequestDenied   = "denied"
)

// AccessRequest is a user's request to join a project or portfolio.
type AccessRequest struct {
	GID string
	// TargetGID is the project or portfolio; TargetType says which.
	TargetGID    string
	TargetType   string
	RequesterGID string
	Message      string
	// Status is pending, approved or denied.
	Status    string
	CreatedAt time.Time
	// MembershipGID is the membership an approval granted.
	MembershipGID string
}

// accessRequestStore holds the access requests (storeOf[accessRequestStore]).
type accessRequestStore struct {
	requests table[AccessRequest]
	byTarget index
}

func newAccessRequestStore() any {
	return &accessRequestStore{requests: newTable[AccessRequest](), byTarget: make(index)}
}

func accessRequests(st *state) *accessRequestStore { return storeOf[accessRequestStore](st) }

func (as *accessRequestStore) insert(st *state, r *AccessRequest) *AccessRequest {
	as.requests.put(st.gidFor(&r.GID), r)
	as.byTarget.add(r.TargetGID, r.GID)
	return r
}

// pendingOf is the user's pending request for the target, or nil.
func (as *accessRequestStore) pendingOf(target, user string) *AccessRequest {
	for _, g := range as.byTarget[target] {
		if r := as.requests.get(g); r.RequesterGID == user && r.Status == AccessRequestPending {
			return r
		}
	}
	return nil
}

// accessTargetKind renders a request's target: gid and resource_type only
// (the spec's AccessRequestTargetIdCompact).
var accessTargetKind = newKind("", nil, []string{"gid", "resource_type"}, map[string]func(*view, *AccessRequest) any{
	"gid":           func(_ *view, r *AccessRequest) any { return r.TargetGID },
	"resource_type": func(_ *view, r *AccessRequest) any { return r.TargetType },
})

// accessRequestKind renders an access request (the spec's
// AccessRequestResponse, which its list also answers).
var accessRequestKind = func() *kind {
	fields := []string{"resource_type", "message", "approval_status", "requester", "target"}
	k := newKind("access_request", fields, fields, map[string]func(*view, *AccessRequest) any{
		"gid":             func(_ *view, r *AccessRequest) any { return r.GID },
		"message":         func(_ *view, r *AccessRequest) any { return r.Message },
		"approval_status": func(_ *view, r *AccessRequest) any { return r.Status },
		"requester":       func(v *view, r *AccessRequest) any { return v.refTo(v.kinds.user, r.RequesterGID) },
		"target":          func(_ *view, r *AccessRequest) any { return embed{k: accessTargetKind, rec: r} },
	})
	storedIn(k, func(st *state) *table[AccessRequest] { return &accessRequests(st).requests })
	return k
}()

// accessTarget finds a project or portfolio by GID, whether or not the
// caller sees it (one asks to join what one cannot see): its type and
// workspace.
func (st *state) accessTarget(param, gid string) (typ, ws string, err error) {
	if _, err := checkGID(param, gid); err != nil {
		return "", "", err
	}
	pr, pf := st.portfolioItem(gid)
	switch {
	case pr != nil:
		return "project", pr.WorkspaceGID, nil
	case pf != nil:
		return "portfolio", pf.WorkspaceGID, nil
	}
	return "", "", notFound(param, gid)
}

// canDecideAccess reports whether p manages the target's members.
func (s *Server) canDecideAccess(p *principal, r *AccessRequest) bool {
	return s.canManageMembers(p, &Membership{ParentGID: r.TargetGID, ParentType: r.TargetType})
}

func (s *Server) createAccessRequest(rq *request) reply {
	b, err := rq.body()
	if err != nil {
		return rq.fail(err)
	}
	g, err := b.gid("target", true)
	if err != nil {
		return rq.fail(err)
	}
	typ, ws, err := rq.st.accessTarget("target", g)
	if err != nil {
		return rq.fail(err)
	}
	msg, err := b.str("message", false)
	if err != nil {
		return rq.fail(err)
	}
	u := rq.p.user.GID
	switch {
	case !rq.st.activeMember(ws, u):
		return rq.fail(forbidden(""))
	case memberships(rq.st).level(g, u) != "":
		return rq.fail(badRequest("target", "You are already a member of %s", g))
	case accessRequests(rq.st).pendingOf(g, u) != nil:
		return rq.fail(badRequest("target", "You already asked for access to %s", g))
	}
	r := accessRequests(rq.st).insert(rq.st, &AccessRequest{TargetGID: g, TargetType: typ, RequesterGID: u,
		Message: msg, Status: AccessRequestPending, CreatedAt: rq.now})
	return rq.created(accessRequestKind, r, "/access_requests/"+r.GID)
}

// getAccessRequests lists a target's pending requests, optionally of one
// user: all of them for those who decide them, the caller's own for
// everyone else. It has no pagination, as in the spec.
func (s *Server) getAccessRequests(rq *request) reply {
	g, err := rq.queryGID("target", true)
	if err != nil {
		return rq.fail(err)
	}
	typ, _, err := rq.st.accessTarget("target", g)
	if err != nil {
		return rq.fail(err)
	}
	var user string
	if v := rq.query.Get("user"); v != "" {
		u, err := rq.userParam("user", v)
		if err != nil {
			return rq.fail(err)
		}
		user = u.GID
	}
	decides := s.canDecideAccess(rq.p, &AccessRequest{TargetGID: g, TargetType: typ})
	as := accessRequests(rq.st)
	var gids []string
	for _, rg := range as.byTarget[g] {
		r := as.requests.get(rg)
		if r.Status == AccessRequestPending && (user == "" || r.RequesterGID == user) && (decides || r.RequesterGID == rq.p.user.GID) {
			gids = append(gids, rg)
		}
	}
	if !decides && len(gids) == 0 && !s.canSeeTarget(rq.p, g) {
		return rq.fail(forbidden(""))
	}
	sel, err := rq.fields()
	if err != nil {
		return rq.fail(err)
	}
	data := make([]any, 0, len(gids))
	for _, rg := range gids {
		o, err := rq.view.project(accessRequestKind, as.requests.get(rg), sel, accessRequestKind.compact)
		if err != nil {
			return rq.fail(err)
		}
		data = append(data, o)
	}
	return reply{body: listDocNoPage{Data: data}}
}

// canSeeTarget reports whether p sees the project or portfolio.
func (s *Server) canSeeTarget(p *principal, gid string) bool {
	pr, pf := s.st.portfolioItem(gid)
	return pr != nil && s.canSeeProject(p, pr) || pf != nil && s.canSeePortfolio(p, pf)
}

// decideAccessRequest serves approve and reject: a pending request of a
// target whose members the caller manages. Approval grants the membership.
func (s *Server) decideAccessRequest(status string) handlerFunc {
	return func(rq *request) reply {
		g, err := rq.pathGID("access_request_gid")
		if err != nil {
			return rq.fail(err)
		}
		r := accessRequests(rq.st).requests.get(g)
		if r == nil {
			return rq.fail(notFound("access_request", g))
		}
		if !s.canDecideAccess(rq.p, r) {
			return rq.fail(forbidden("You do not have permission to manage the members of " + r.TargetGID))
		}
		if r.Status != AccessRequestPending {
			return rq.fail(badRequest("access_request", "This request was already %s", r.Status))
		}
		if status == AccessRequestApproved {
			m, err := s.grantAccessLocked(rq.st, r)
			if err != nil {
				return rq.fail(err)
			}
			r.MembershipGID = m.GID
			s.membershipChanged(rq, m, true)
		}
		r.Status = status
		return rq.empty()
	}
}

// grantAccessLocked gives an approved requester a membership of the
// target at its default level, unless they have one already.
func (s *Server) grantAccessLocked(st *state, r *AccessRequest) (*Membership, error) {
	pr, pf := st.portfolioItem(r.TargetGID)
	if pr == nil && pf == nil {
		return nil, notFound("target", r.TargetGID)
	}
	ws, level := "", AccessEditor
	if pr != nil {
		ws = pr.WorkspaceGID
	} else {
		ws, level = pf.WorkspaceGID, portfolioDefaultAccess(pf)
	}
	if !st.activeMember(ws, r.RequesterGID) {
		return nil, badRequest("access_request", "The requester left the workspace")
	}
	if m := memberships(st).of[[2]string{r.TargetGID, r.RequesterGID}]; m != nil {
		return m, nil
	}
	return memberships(st).insert(&Membership{ParentGID: r.TargetGID, ParentType: r.TargetType,
		UserGID: r.RequesterGID, AccessLevel: level}), nil
}

// AddAccessRequest seeds a pending request of a workspace member to join
// a project or portfolio. CreatedAt defaults to the fake's clock.
func (s *Server) AddAccessRequest(r AccessRequest) (AccessRequest, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	typ, ws, err := s.st.accessTarget("target", r.TargetGID)
	if err != nil {
		return AccessRequest{}, fmt.Errorf("asanatest: no project or portfolio %q", r.TargetGID)
	}
	if !s.st.activeMember(ws, r.RequesterGID) {
		return AccessRequest{}, fmt.Errorf("asanatest: %q is not an active member of workspace %s", r.RequesterGID, ws)
	}
	if accessRequests(s.st).pendingOf(r.TargetGID, r.RequesterGID) != nil {
		return AccessRequest{}, errors.New("asanatest: the user already has a pending request for the target")
	}
	r.GID, r.TargetType, r.Status, r.MembershipGID = "", typ, AccessRequestPending, ""
	r.CreatedAt = s.stamp(r.CreatedAt)
	return *accessRequests(s.st).insert(s.st, &r), nil
}

// AccessRequest returns a copy of the access request with that GID.
func (s *Server) AccessRequest(gid string) (AccessRequest, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	r := accessRequests(s.st).requests.get(gid)
	if r == nil {
		return AccessRequest{}, false
	}
	return *r, true
}
