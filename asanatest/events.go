package asanatest

import (
	"cmp"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"
)

// Events: every change an API request makes to the fake is recorded as
// Asana events, in one place: run() snapshots the records a write request
// can touch (named by its path and body, plus anything it creates) before
// the handler, and trackChanges.record diffs them afterwards. Handlers need
// no event code. Each event bubbles up like Asana's: a task's events reach
// its projects, its parent task and the workspace; a story's reach its
// task and that task's projects; a project's reach its team. Seeding
// through the Go API sets the scene and records no events; the admin
// methods that stand for a person's action in the web app (RestoreTask)
// go through the same diff.
//
// GET /events serves them with sync tokens (412 with a fresh token first or
// when the token expired, at most 100 events per call with has_more), and
// webhooks (webhooks.go) deliver them. The audit log (audit_log.go) is fed
// from the same diff for API actions and from the admin console methods.

// eventConfig holds the Options of events and webhooks.
type eventConfig struct {
	tokenTTL    time.Duration
	hookClient  *http.Client
	heartbeat   time.Duration
	hookTimeout time.Duration
}

// WithEventTokenTTL sets how long a sync token stays valid without being
// used (default 24 hours on the fake's clock); an older one gets 412 and a
// fresh token, as an expired Asana token does.
func WithEventTokenTTL(d time.Duration) Option {
	return func(cfg *config) error {
		if d <= 0 {
			return fmt.Errorf("asanatest: event token TTL %v must be positive", d)
		}
		cfg.events.tokenTTL = d
		return nil
	}
}

// WithWebhookClient sets the HTTP client the fake uses for webhook
// handshakes and deliveries (default: a plain client). HandlerClient makes
// one that calls an http.Handler in process, with no socket.
func WithWebhookClient(hc *http.Client) Option {
	return func(cfg *config) error {
		if hc == nil {
			return fmt.Errorf("asanatest: WithWebhookClient(nil)")
		}
		cfg.events.hookClient = hc
		return nil
	}
}

// eventHub holds events, webhooks and the audit log. Server.mu guards it,
// except the fields noted.
type eventHub struct {
	cfg    eventConfig
	seq    uint64
	log    []*eventRec
	byKey  map[string][]*eventRec // subscribable GID -> its events, oldest first
	hooks  table[webhookRec]
	audit  []*auditRec
	kick   chan struct{} // wakes the delivery loop; never closed
	loopOn bool          // the delivery loop runs

	deliverMu sync.Mutex // serializes delivery rounds (not under Server.mu)
}

func newEventHub(cfg eventConfig) *eventHub {
	if cfg.tokenTTL == 0 {
		cfg.tokenTTL = 24 * time.Hour
	}
	if cfg.hookClient == nil {
		cfg.hookClient = &http.Client{}
	}
	if cfg.heartbeat == 0 {
		cfg.heartbeat = 8 * time.Hour
	}
	if cfg.hookTimeout == 0 {
		cfg.hookTimeout = 10 * time.Second
	}
	return &eventHub{cfg: cfg, byKey: map[string][]*eventRec{}, hooks: newTable[webhookRec](), kick: make(chan struct{}, 1)}
}

// ref is a reference to a resource as events render it.
type evRef struct {
	Kind    string // resource_type
	GID     string
	Name    string
	Subtype string
}

// eventRec is one recorded event.
type eventRec struct {
	seq       uint64
	workspace string
	keys      []string // the GIDs whose subscribers see the event
	at        time.Time
	user      evRef // zero for system changes
	action    string
	resource  evRef
	parent    *evRef
	change    *evChange
}

type evChange struct {
	field, action string
	value         *evRef // the resource set, added or removed, if any
}

// doc renders an event. Webhook deliveries carry compact references (gid
// and resource_type), as Asana's do; /events adds names.
func (e *eventRec) doc(names bool) map[string]any {
	r := func(x *evRef) any {
		if x == nil || x.GID == "" {
			return nil
		}
		m := map[string]any{"gid": x.GID, "resource_type": x.Kind}
		if names && x.Name != "" {
			m["name"] = x.Name
		}
		if x.Subtype != "" {
			m["resource_subtype"] = x.Subtype
		}
		return m
	}
	d := map[string]any{
		"user": r(&e.user), "resource": r(&e.resource), "type": e.resource.Kind,
		"action": e.action, "parent": r(e.parent), "created_at": e.at.UTC().Format(timeFormat),
	}
	if c := e.change; c != nil {
		cd := map[string]any{"field": c.field, "action": c.action}
		// The spec: a value is "only present when" it is an Asana
		// resource, so a plain field's change or a cleared assignee has
		// none (absent, not null).
		if v := r(c.value); v != nil {
			key := "new_value"
			if c.action == "added" || c.action == "removed" {
				key = c.action + "_value"
			}
			cd[key] = v
		}
		d["change"] = cd
	}
	return d
}

// Event is a recorded event as a test sees it (Server.Events).
type Event struct {
	Time         time.Time
	UserGID      string
	Action       string // changed, added, removed, deleted or undeleted
	ResourceType string
	ResourceGID  string
	ParentType   string
	ParentGID    string
	// Field and FieldAction describe a "changed" event's change.
	Field       string
	FieldAction string
	// ValueGID is the resource the change set, added or removed, if any.
	ValueGID string
}

// Events returns the events recorded for subscribers of gid (a task,
// project, team, workspace, ...), oldest first; "" returns every event.
func (s *Server) Events(gid string) []Event {
	s.mu.RLock()
	defer s.mu.RUnlock()
	recs := s.ev.log
	if gid != "" {
		recs = s.ev.byKey[gid]
	}
	out := make([]Event, 0, len(recs))
	for _, e := range recs {
		ev := Event{Time: e.at, UserGID: e.user.GID, Action: e.action, ResourceType: e.resource.Kind, ResourceGID: e.resource.GID}
		if e.parent != nil {
			ev.ParentType, ev.ParentGID = e.parent.Kind, e.parent.GID
		}
		if c := e.change; c != nil {
			ev.Field, ev.FieldAction = c.field, c.action
			if c.value != nil {
				ev.ValueGID = c.value.GID
			}
		}
		out = append(out, ev)
	}
	return out
}

// addEvent records an event. Call with s.mu held for writing.
func (s *Server) addEventLocked(e *eventRec) {
	h := s.ev
	h.seq++
	e.seq = h.seq
	slices.Sort(e.keys)
	e.keys = slices.Compact(e.keys)
	h.log = append(h.log, e)
	for _, k := range e.keys {
		if k != "" {
			h.byKey[k] = append(h.byKey[k], e)
		}
	}
	s.queueForWebhooksLocked(e)
}

// The /events endpoints.

func (s *Server) eventRoutes() {
	s.handle("GET /events", s.getEvents)
	s.handle("GET /workspaces/{workspace_gid}/events", s.getWorkspaceEvents)
	s.webhookRoutes()
	s.auditLogRoutes()
}

const msgSyncInvalid = "Sync token invalid or too old. If you are attempting to keep resources in sync, you must fetch the full dataset for this query now and use the new sync token for the next sync."

// syncClaims are a sync token's contents: whose events, after which one,
// and when it was issued.
type syncClaims struct {
	Key string `json:"k"`
	Seq uint64 `json:"s"`
	IAT int64  `json:"t"`
}

func (s *Server) signSync(c syncClaims) string {
	payload, _ := json.Marshal(c)
	msg := b64.EncodeToString(payload)
	mac := hmac.New(sha256.New, s.key)
	mac.Write([]byte("sync." + msg))
	return msg + "." + b64.EncodeToString(mac.Sum(nil)[:16])
}

func (s *Server) parseSync(tok string) (syncClaims, bool) {
	var c syncClaims
	msg, sig, ok := strings.Cut(tok, ".")
	if !ok || len(tok) > 512 {
		return c, false
	}
	got, err := b64.DecodeString(sig)
	mac := hmac.New(sha256.New, s.key)
	mac.Write([]byte("sync." + msg))
	if err != nil || !hmac.Equal(got, mac.Sum(nil)[:16]) {
		return c, false
	}
	payload, err := b64.DecodeString(msg)
	if err != nil || json.Unmarshal(payload, &c) != nil {
		return c, false
	}
	return c, true
}

// serveEvents answers an events call for the subscribers of key.
func (s *Server) serveEvents(rq *request, key string, max int) reply {
	fresh := func() reply {
		tok := s.signSync(syncClaims{Key: key, Seq: s.ev.seq, IAT: rq.now.UnixNano()})
		// The message alone: getEvents documents its 412 body as
		// errors[].message plus sync, without the help link of other errors.
		body := errorsDoc{Errors: []errorDetail{{Message: msgSyncInvalid}}}
		return reply{status: http.StatusPreconditionFailed, body: struct {
			errorsDoc
			Sync string `json:"sync"`
		}{body, tok}}
	}
	c, ok := s.parseSync(rq.query.Get("sync"))
	if !ok || c.Key != key || rq.now.Sub(time.Unix(0, c.IAT)) > s.ev.cfg.tokenTTL || c.Seq > s.ev.seq {
		return fresh()
	}
	recs := s.ev.byKey[key]
	i, _ := slices.BinarySearchFunc(recs, c.Seq+1, func(e *eventRec, seq uint64) int {
		return cmp.Compare(e.seq, seq)
	})
	recs = recs[i:]
	more := len(recs) > max
	next := s.ev.seq
	if more {
		recs = recs[:max]
		next = recs[max-1].seq
	}
	data := make([]any, 0, len(recs))
	for _, e := range recs {
		data = append(data, e.doc(true))
	}
	return reply{body: map[string]any{"data": data, "sync": s.signSync(syncClaims{Key: key, Seq: next, IAT: rq.now.UnixNano()}), "has_more": more}}
}

// getEvents serves the events of a task, project, section, team or
// workspace the caller can see.
func (s *Server) getEvents(rq *request) reply {
	g, err := rq.queryGID("resource", true)
	if err != nil {
		return rq.fail(err)
	}
	if err := s.checkSubscribable(rq.p, g, "resource"); err != nil {
		return rq.fail(err)
	}
	return s.serveEvents(rq, g, 100)
}

// checkSubscribable answers 404 for an unknown resource and 403 for one the
// caller cannot see.
func (s *Server) checkSubscribable(p *principal, g, param string) error {
	st := s.st
	ok := false
	switch {
	case st.liveTask(g) != nil:
		ok = s.canSeeTask(p, st.liveTask(g))
	case st.projects.get(g) != nil:
		ok = s.canSeeProject(p, st.projects.get(g))
	case st.sections.get(g) != nil:
		pr := st.projects.get(st.sections.get(g).ProjectGID)
		ok = pr != nil && s.canSeeProject(p, pr)
	case st.teams.get(g) != nil:
		ok = s.canSeeTeam(p, st.teams.get(g))
	case st.workspaces.get(g) != nil:
		ok = s.canSeeWorkspace(p, g)
	default:
		return notFound(param, g)
	}
	if !ok {
		return forbidden("")
	}
	return nil
}

// getWorkspaceEvents serves a whole workspace's events, 1000 per call, to
// its admins and service account.
func (s *Server) getWorkspaceEvents(rq *request) reply {
	ws, err := rq.pathWorkspace()
	if err != nil {
		return rq.fail(err)
	}
	if !s.isAdmin(rq.p, ws.GID) {
		return rq.fail(forbidden("Only workspace admins and service accounts may read workspace events"))
	}
	return s.serveEvents(rq, ws.GID, 1000)
}
