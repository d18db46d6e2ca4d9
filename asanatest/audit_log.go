package asanatest

import (
	"net/http"
	"strconv"
	"time"
)

// The audit log records admin-relevant actions: through the API (users
// invited, deprovisioned or reprovisioned with addUser/removeUser, projects
// deleted), with the caller as actor and context.api_authentication_method
// set to its token kind; and through the admin console methods (service
// accounts created, renamed or deauthorized, tokens authorized or revoked),
// with an external administrator as actor and a web context. Only the
// organization's service account may read it, as in Asana.
//
// Where the fake differs: Asana keeps 90 days of history and records many
// more event types (logins, settings, exports, ...); the fake keeps
// everything and records the ones above. Event type names follow Asana's
// published list where it has the action (user_invited,
// user_deprovisioned, user_reprovisioned, service_account_created); the
// others (service_account_name_changed, service_account_deauthorized,
// personal_access_token_created, personal_access_token_revoked,
// service_account_token_created) are the fake's.

// Audit log event types the fake records.
const (
	AuditUserInvited                = "user_invited"
	AuditUserDeprovisioned          = "user_deprovisioned"
	AuditUserReprovisioned          = "user_reprovisioned"
	AuditProjectDeleted             = "project_deleted"
	AuditServiceAccountCreated      = "service_account_created"
	AuditServiceAccountRenamed      = "service_account_name_changed"
	AuditServiceAccountDeauthorized = "service_account_deauthorized"
	AuditServiceAccountTokenCreated = "service_account_token_created"
	AuditTokenCreated               = "personal_access_token_created"
	AuditTokenRevoked               = "personal_access_token_revoked"
)

// auditGIDBase keeps audit event GIDs apart from the state's, so that
// recording them never shifts the GIDs seeding hands out.
const auditGIDBase = 9_100_000_000_000_000

type auditResource struct {
	Kind, GID, Name, Email string
}

// AuditEvent is an audit log entry as a test sees it (Server.AuditLog).
type AuditEvent struct {
	GID           string
	WorkspaceGID  string
	Time          time.Time
	EventType     string
	EventCategory string
	// ActorType is "user" for API actions, "external_administrator" for
	// the admin console methods; ActorGID is the user for API actions.
	ActorType string
	ActorGID  string
	// ResourceType and ResourceGID name what the event is about.
	ResourceType string
	ResourceGID  string
	ResourceName string
	// ContextType is "api" or "web"; AuthMethod is the token kind of API
	// actions ("service_account" or "personal_access_token").
	ContextType string
	AuthMethod  string
	// OldValue and NewValue are the details of a rename.
	OldValue, NewValue string
	actorName          string
	actorEmail         string
	resourceEmail      string
}

// AuditLog returns an organization's audit log, oldest first.
func (s *Server) AuditLog(workspaceGID string) []AuditEvent {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []AuditEvent
	for _, a := range s.ev.audit {
		if a.WorkspaceGID == workspaceGID {
			out = append(out, *a)
		}
	}
	return out
}

type auditRec = AuditEvent

func (s *Server) addAuditLocked(a *AuditEvent) {
	a.GID = strconv.FormatUint(auditGIDBase+uint64(len(s.ev.audit))+1, 10)
	s.ev.audit = append(s.ev.audit, a)
}

// auditLocked records an API action of the request's caller.
func (s *Server) auditLocked(rq *request, ws, typ, category string, res auditResource, details map[string]string) {
	u := rq.p.user
	a := &AuditEvent{WorkspaceGID: ws, Time: rq.now, EventType: typ, EventCategory: category,
		ActorType: "user", ActorGID: u.GID, actorName: u.Name, actorEmail: u.Email,
		ResourceType: res.Kind, ResourceGID: res.GID, ResourceName: res.Name, resourceEmail: res.Email,
		ContextType: "api", AuthMethod: string(rq.p.token.Kind)}
	a.OldValue, a.NewValue = details["old_value"], details["new_value"]
	s.addAuditLocked(a)
}

// auditAdminLocked records an admin console action on a user's account or
// token: the service-account and token methods of admin.go and seed.go.
func (s *Server) auditAdminLocked(typ, userGID, oldValue, newValue string) {
	u := s.st.users.get(userGID)
	if u == nil {
		return
	}
	ws := u.ServiceAccountOrg
	if ws == "" { // a person's token: every organization they belong to sees it
		for _, mg := range s.st.wsMembersByUser[userGID] {
			if m := s.st.wsMemberships.get(mg); m != nil {
				ws = m.WorkspaceGID
				break
			}
		}
	}
	category := "service_accounts"
	if !u.ServiceAccount {
		category = "api_tokens"
	}
	s.addAuditLocked(&AuditEvent{WorkspaceGID: ws, Time: s.clock.Now(), EventType: typ, EventCategory: category,
		ActorType: "external_administrator", ResourceType: "user", ResourceGID: u.GID, ResourceName: u.Name,
		resourceEmail: u.Email, ContextType: "web", OldValue: oldValue, NewValue: newValue})
}

// tokenAuditLocked records a token being issued or revoked.
func (s *Server) tokenAuditLocked(t *Token, revoked bool) {
	typ := AuditTokenCreated
	switch {
	case t.Kind == TokenServiceAccount && revoked:
		typ = AuditServiceAccountDeauthorized
	case t.Kind == TokenServiceAccount:
		typ = AuditServiceAccountTokenCreated
	case revoked:
		typ = AuditTokenRevoked
	}
	s.auditAdminLocked(typ, t.UserGID, "", "")
}

func (s *Server) auditLogRoutes() {
	s.handle("GET /workspaces/{workspace_gid}/audit_log_events", s.getAuditLogEvents).scope = ScopeAuditLogs
}

// getAuditLogEvents serves the audit log, oldest first. Like Asana it
// always answers with a next_page: at the end of the log the offset points
// after the last event, so the same call later returns newer ones.
func (s *Server) getAuditLogEvents(rq *request) reply {
	ws, err := rq.pathWorkspace()
	if err != nil {
		return rq.fail(err)
	}
	if !s.isServiceAccountOf(rq.p, ws.GID) {
		return rq.fail(forbidden("Only service accounts of an Enterprise organization may read its audit log"))
	}
	var start, end time.Time
	for name, dst := range map[string]*time.Time{"start_at": &start, "end_at": &end} {
		if v := rq.query.Get(name); v != "" {
			t, err := time.Parse(time.RFC3339Nano, v)
			if err != nil {
				return rq.fail(badRequest(name, "Not a valid date-time: %s", v))
			}
			*dst = t
		}
	}
	q := rq.query
	pp, err := rq.pageParams()
	if err != nil {
		return rq.fail(err)
	}
	limit := pp.limit
	if limit == 0 {
		limit = 100
	}
	after := pp.after
	data := []any{}
	last := after
	if last == "" {
		last = "0"
	}
	for _, a := range s.ev.audit {
		if a.WorkspaceGID != ws.GID || (after != "" && gidCompare(a.GID, after) <= 0) {
			continue
		}
		if !start.IsZero() && a.Time.Before(start) || !end.IsZero() && !a.Time.Before(end) ||
			q.Get("event_type") != "" && a.EventType != q.Get("event_type") ||
			q.Get("actor_type") != "" && a.ActorType != q.Get("actor_type") ||
			q.Get("actor_gid") != "" && a.ActorGID != q.Get("actor_gid") ||
			q.Get("resource_gid") != "" && a.ResourceGID != q.Get("resource_gid") {
			continue
		}
		if len(data) == limit {
			break
		}
		data = append(data, a.doc())
		last = a.GID
	}
	return reply{status: http.StatusOK, body: listDoc{Data: data, NextPage: rq.nextPage(last)}}
}

func (a *AuditEvent) doc() map[string]any {
	orNil := func(s string) any { return nullable(s) }
	actor := map[string]any{"actor_type": a.ActorType}
	if a.ActorGID != "" {
		actor["gid"], actor["name"], actor["email"] = a.ActorGID, a.actorName, a.actorEmail
	}
	ctx := map[string]any{"context_type": a.ContextType}
	if a.AuthMethod != "" {
		ctx["api_authentication_method"] = a.AuthMethod
	}
	details := map[string]any{}
	if a.OldValue != "" || a.NewValue != "" {
		details["old_value"], details["new_value"] = orNil(a.OldValue), orNil(a.NewValue)
	}
	res := map[string]any{"resource_type": a.ResourceType, "gid": a.ResourceGID, "name": orNil(a.ResourceName)}
	if a.resourceEmail != "" {
		res["email"] = a.resourceEmail
	}
	return map[string]any{"gid": a.GID, "created_at": a.Time.UTC().Format(timeFormat), "event_type": a.EventType, "event_category": a.EventCategory,
		"actor": actor, "resource": res, "details": details, "context": ctx}
}
