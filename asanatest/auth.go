package asanatest

import (
	"net/http"
	"slices"
	"strings"
)

// principal is who a request acts as: a user and the token it presented.
// Its pointers are into the state; read them only under Server.mu.
type principal struct {
	user  *User
	token *Token
}

// serviceAccount reports whether the principal is a service account, which
// sees everything in its organization.
func (p *principal) serviceAccount() bool { return p.token.Kind == TokenServiceAccount }

// org is the service account's organization ("" for a personal token).
func (p *principal) org() string {
	if p.serviceAccount() {
		return p.user.ServiceAccountOrg
	}
	return ""
}

// requiredScope is the scope a scoped token needs for the route: the SCIM
// read or write scope, the route's own scope (exports, audit logs), or ""
// for the other REST routes, which only full-access tokens may call.
func (rt *route) requiredScope() Scope {
	switch {
	case !rt.scim:
		return rt.scope
	case rt.write:
		return ScopeSCIMUsersWrite
	}
	return ScopeSCIMUsersRead
}

// scopeError is the 403 message for a token whose scopes do not cover the
// route, or "" when they do (full-access tokens cover every route).
func (p *principal) scopeError(rt *route) string {
	if p.token.Scopes == nil {
		return ""
	}
	need := rt.requiredScope()
	if need == "" {
		return "This token is scoped to " + scopeList(p.token.Scopes) + " and cannot call this route"
	}
	if slices.Contains(p.token.Scopes, need) {
		return ""
	}
	return "This token lacks the scope " + string(need) + " (it has " + scopeList(p.token.Scopes) + ")"
}

func scopeList(scopes []Scope) string {
	ss := make([]string, len(scopes))
	for i, sc := range scopes {
		ss[i] = string(sc)
	}
	return strings.Join(ss, ", ")
}

// authenticate maps the Authorization header to a principal. An absent,
// malformed, unknown or deauthorized token yields nil. Call with s.mu held.
func (s *Server) authenticate(r *http.Request) *principal {
	h := r.Header.Get("Authorization")
	secret, ok := strings.CutPrefix(h, "Bearer ")
	if !ok {
		return nil
	}
	secret = strings.TrimSpace(secret)
	tok := s.st.tokenByHash[tokenHash(secret)]
	if tok == nil || tok.Deauthorized {
		return nil
	}
	u := s.st.users.get(tok.UserGID)
	if u == nil {
		return nil
	}
	return &principal{user: u, token: tok}
}

// Visibility rules. Every handler asks these before it shows or touches an
// object, so that personal tokens see what their user sees in Asana and a
// service account sees its whole Enterprise organization:
//
//   - workspace: a service account sees its organization; a user sees the
//     workspaces where they are an active member.
//   - team: a service account sees its organization's teams; a guest sees
//     only the teams they belong to; other members see public and
//     request-to-join teams and the secret teams they belong to.
//   - project: members see it; otherwise a guest sees nothing more, and a
//     member sees public_to_workspace projects, and private_to_team ones of
//     teams they belong to.
//   - task: visible through any project it is in, its parent, or as its
//     assignee, follower or creator.
//   - user: visible when the two share a workspace the caller can see
//     (guests: only themselves and people in their teams).

// canSeeWorkspace reports whether p may read the workspace.
func (s *Server) canSeeWorkspace(p *principal, wsGID string) bool {
	if p.serviceAccount() {
		return wsGID == p.org()
	}
	return s.st.activeMember(wsGID, p.user.GID)
}

// isGuest reports whether p is a guest of the workspace.
func (s *Server) isGuest(p *principal, wsGID string) bool {
	if p.serviceAccount() {
		return false
	}
	m := s.st.membership(wsGID, p.user.GID)
	return m != nil && m.IsGuest
}

// isAdmin reports whether p may use admin actions in the workspace: its
// service account, or an active admin member.
func (s *Server) isAdmin(p *principal, wsGID string) bool {
	if p.serviceAccount() {
		return wsGID == p.org()
	}
	m := s.st.membership(wsGID, p.user.GID)
	return m != nil && m.IsActive && m.IsAdmin
}

// isServiceAccountOf reports whether p is the service account of the
// workspace (an Enterprise organization): the only principal allowed to
// call service-account-only endpoints such as organization exports.
func (s *Server) isServiceAccountOf(p *principal, wsGID string) bool {
	return p.serviceAccount() && wsGID == p.org()
}

// canSeeTeam reports whether p may read the team.
func (s *Server) canSeeTeam(p *principal, t *Team) bool {
	if !s.canSeeWorkspace(p, t.OrganizationGID) {
		return false
	}
	if p.serviceAccount() {
		return true
	}
	if s.st.teamMembership(t.GID, p.user.GID) != nil {
		return true
	}
	if s.isGuest(p, t.OrganizationGID) {
		return false
	}
	return teamVisibility(t) != VisibilitySecret
}

// canSeeProject reports whether p may read the project.
func (s *Server) canSeeProject(p *principal, pr *Project) bool {
	if !s.canSeeWorkspace(p, pr.WorkspaceGID) {
		return false
	}
	if p.serviceAccount() {
		return true
	}
	for _, m := range pr.MemberGIDs {
		if m == p.user.GID {
			return true
		}
	}
	if s.isGuest(p, pr.WorkspaceGID) {
		return false
	}
	switch projectPrivacy(pr) {
	case PrivacyPublicToWorkspace:
		return true
	case PrivacyPrivateToTeam:
		return pr.TeamGID != "" && s.st.teamMembership(pr.TeamGID, p.user.GID) != nil
	}
	return false
}

// canSeeTask reports whether p may read the task (deleted tasks are for the
// caller to reject first).
func (s *Server) canSeeTask(p *principal, t *Task) bool {
	return s.canSeeTaskDepth(p, t, 0)
}

func (s *Server) canSeeTaskDepth(p *principal, t *Task, depth int) bool {
	if !s.canSeeWorkspace(p, t.WorkspaceGID) {
		return false
	}
	if p.serviceAccount() {
		return true
	}
	u := p.user.GID
	if t.AssigneeGID == u || t.CreatedByGID == u {
		return true
	}
	for _, f := range t.FollowerGIDs {
		if f == u {
			return true
		}
	}
	for _, m := range t.Memberships {
		if pr := s.st.projects.get(m.ProjectGID); pr != nil && s.canSeeProject(p, pr) {
			return true
		}
	}
	if t.ParentGID != "" && depth < 32 {
		if parent := s.st.tasks.get(t.ParentGID); parent != nil {
			return s.canSeeTaskDepth(p, parent, depth+1)
		}
	}
	return false
}

// canSeeUser reports whether p may read the user.
func (s *Server) canSeeUser(p *principal, u *User) bool {
	if u.GID == p.user.GID {
		return true
	}
	if p.serviceAccount() {
		return s.st.membership(p.org(), u.GID) != nil
	}
	for _, mg := range s.st.wsMembersByUser[u.GID] {
		m := s.st.wsMemberships.get(mg)
		if m == nil || !s.canSeeWorkspace(p, m.WorkspaceGID) {
			continue
		}
		if !s.isGuest(p, m.WorkspaceGID) {
			return true
		}
		if s.shareTeam(p.user.GID, u.GID, m.WorkspaceGID) {
			return true
		}
	}
	return false
}

// shareTeam reports whether two users belong to a common team of the
// organization.
func (s *Server) shareTeam(a, b, orgGID string) bool {
	for _, mg := range s.st.teamMembersByUser[a] {
		m := s.st.teamMemberships.get(mg)
		if m == nil {
			continue
		}
		if t := s.st.teams.get(m.TeamGID); t != nil && t.OrganizationGID == orgGID && s.st.teamMembership(m.TeamGID, b) != nil {
			return true
		}
	}
	return false
}
