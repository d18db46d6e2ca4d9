package asanatest

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"time"
)

// Webhooks: create performs the handshake with the target through the
// fake's webhook client (WithWebhookClient); matching events are delivered
// as signed batches by a delivery loop that runs while the fake has
// webhooks. A failed delivery is retried with exponential backoff on the
// fake's clock (one minute doubling up to an hour); a webhook whose target
// has failed for 24 hours is deleted. A webhook with nothing to deliver
// sends a heartbeat (an empty batch) every 8 hours. Tests move the clock
// and call DeliverWebhooks to run whatever is due, deterministically.
//
// Where the fake differs: the delivery loop waits on the fake's clock, so
// on a manual clock it shows in Clock.Waiters while webhooks exist; under
// SetAutoAdvance it does not wait at all, and retries run on the next event
// or DeliverWebhooks call.

// WebhookFilter is a webhook's event filter (see the spec's WebhookFilter).
type WebhookFilter struct {
	ResourceType    string
	ResourceSubtype string
	Action          string
	Fields          []string
}

// Webhook is a webhook's state as a test sees it (Server.Webhook).
type Webhook struct {
	GID          string
	ResourceGID  string
	Target       string
	OwnerGID     string // the user who created it
	WorkspaceGID string
	Active       bool
	Filters      []WebhookFilter
	CreatedAt    time.Time
	// Delivery status, as the API reports it.
	LastSuccessAt            time.Time
	LastFailureAt            time.Time
	LastFailureContent       string
	DeliveryRetryCount       int
	NextAttemptAfter         time.Time
	FailureDeletionTimestamp time.Time
	// Pending counts events waiting for delivery.
	Pending int
}

type webhookRec struct {
	Webhook
	secret      string
	pending     []*eventRec
	firstFail   time.Time
	lastContact time.Time // last success or creation: heartbeats count from it
}

// Webhook returns a webhook's state; ok is false once it is deleted.
func (s *Server) Webhook(gid string) (Webhook, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	h := s.ev.hooks.get(gid)
	if h == nil {
		return Webhook{}, false
	}
	w := h.Webhook
	w.Filters = slices.Clone(w.Filters)
	w.Pending = len(h.pending)
	return w, true
}

// HandlerClient returns an http.Client that serves every request with h in
// process, for WithWebhookClient: the fake delivers to a receiver under
// test without a socket.
func HandlerClient(h http.Handler) *http.Client {
	return &http.Client{Transport: handlerTransport{h}}
}

type handlerTransport struct{ h http.Handler }

func (t handlerTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	w := httptest.NewRecorder()
	t.h.ServeHTTP(w, req)
	resp := w.Result()
	resp.Request = req
	return resp, nil
}

var webhookKind = newKind("webhook", []string{"resource_type", "active", "resource", "target"},
	[]string{"resource_type", "active", "resource", "target", "created_at", "last_failure_at", "last_failure_content",
		"last_success_at", "delivery_retry_count", "next_attempt_after", "failure_deletion_timestamp", "filters"},
	map[string]func(*view, *webhookRec) any{
		"gid":    func(_ *view, h *webhookRec) any { return h.GID },
		"active": func(_ *view, h *webhookRec) any { return h.Active },
		"resource": func(v *view, h *webhookRec) any {
			// AsanaNamedResource: a task's reference has no resource_subtype.
			for _, k := range []*kind{v.kinds.taskNamed, v.kinds.project, v.kinds.section, v.kinds.team, v.kinds.workspace} {
				if r := v.refTo(k, h.ResourceGID); r != nil {
					return r
				}
			}
			return nil
		},
		"target":                     func(_ *view, h *webhookRec) any { return h.Target },
		"created_at":                 func(_ *view, h *webhookRec) any { return h.CreatedAt },
		"last_failure_at":            func(_ *view, h *webhookRec) any { return h.LastFailureAt },
		"last_failure_content":       func(_ *view, h *webhookRec) any { return h.LastFailureContent },
		"last_success_at":            func(_ *view, h *webhookRec) any { return h.LastSuccessAt },
		"delivery_retry_count":       func(_ *view, h *webhookRec) any { return h.DeliveryRetryCount },
		"next_attempt_after":         func(_ *view, h *webhookRec) any { return h.NextAttemptAfter },
		"failure_deletion_timestamp": func(_ *view, h *webhookRec) any { return h.FailureDeletionTimestamp },
		"filters": func(_ *view, h *webhookRec) any {
			out := make([]any, 0, len(h.Filters))
			for _, f := range h.Filters {
				m := map[string]any{"fields": nonNil(f.Fields)}
				for k, v := range map[string]string{"resource_type": f.ResourceType, "resource_subtype": f.ResourceSubtype, "action": f.Action} {
					if v != "" {
						m[k] = v
					}
				}
				out = append(out, m)
			}
			return out
		},
	})

// resourceKindName names a subscribable resource.
func (s *Server) resourceKindName(g string) (string, string) {
	st := s.st
	switch {
	case st.tasks.get(g) != nil:
		return "task", st.tasks.get(g).Name
	case st.projects.get(g) != nil:
		return "project", st.projects.get(g).Name
	case st.sections.get(g) != nil:
		return "section", st.sections.get(g).Name
	case st.teams.get(g) != nil:
		return "team", st.teams.get(g).Name
	case st.workspaces.get(g) != nil:
		return "workspace", st.workspaces.get(g).Name
	}
	return "", ""
}

func (s *Server) webhookRoutes() {
	s.handle("GET /webhooks", s.getWebhooks)
	s.handle("POST /webhooks", s.createWebhook)
	s.handle("GET /webhooks/{webhook_gid}", s.getWebhook)
	s.handle("PUT /webhooks/{webhook_gid}", s.updateWebhook)
	s.handle("DELETE /webhooks/{webhook_gid}", s.deleteWebhook)
}

// ownWebhook returns the webhook of the path if the caller created it.
func (rq *request) ownWebhook() (*webhookRec, error) {
	g, err := rq.pathGID("webhook_gid")
	if err != nil {
		return nil, err
	}
	h := rq.s.ev.hooks.get(g)
	if h == nil || h.OwnerGID != rq.p.user.GID {
		return nil, notFound("webhook", g)
	}
	return h, nil
}

func (s *Server) getWebhook(rq *request) reply {
	h, err := rq.ownWebhook()
	if err != nil {
		return rq.fail(err)
	}
	return rq.one(webhookKind, h)
}

func (s *Server) getWebhooks(rq *request) reply {
	ws, err := rq.queryGID("workspace", true)
	if err != nil {
		return rq.fail(err)
	}
	res, err := rq.queryGID("resource", false)
	if err != nil {
		return rq.fail(err)
	}
	p, err := rq.paginate(s.ev.hooks.order, func(g string) bool {
		h := s.ev.hooks.get(g)
		return h.OwnerGID == rq.p.user.GID && h.WorkspaceGID == ws && (res == "" || h.ResourceGID == res)
	})
	if err != nil {
		return rq.fail(err)
	}
	return rq.listWith(webhookKind, p, func(g string) any { return s.ev.hooks.get(g) })
}

func (rq *request) webhookFilters() ([]WebhookFilter, error) {
	b, err := rq.body()
	if err != nil {
		return nil, err
	}
	raw, ok := b.fields["filters"]
	if !ok || string(raw) == "null" {
		return nil, nil
	}
	var in []struct {
		ResourceType    string   `json:"resource_type"`
		ResourceSubtype string   `json:"resource_subtype"`
		Action          string   `json:"action"`
		Fields          []string `json:"fields"`
	}
	if err := json.Unmarshal(raw, &in); err != nil {
		return nil, badRequest("filters", "Not an array of filters: %s", raw)
	}
	out := make([]WebhookFilter, 0, len(in))
	for _, f := range in {
		switch f.Action {
		case "", "changed", "added", "removed", "deleted", "undeleted":
		default:
			return nil, badRequest("filters", "Unknown action: %s", f.Action)
		}
		if len(f.Fields) > 0 && f.Action != "changed" {
			return nil, badRequest("filters", "fields is only valid with the action changed")
		}
		out = append(out, WebhookFilter(f))
	}
	return out, nil
}

// createWebhook checks the request, then performs the handshake with the
// state lock released (the target may call the API meanwhile), then stores
// the webhook if the target echoed the secret.
func (s *Server) createWebhook(rq *request) reply {
	b, err := rq.body()
	if err != nil {
		return rq.fail(err)
	}
	res, err := b.gid("resource", true)
	if err != nil {
		return rq.fail(err)
	}
	target, err := b.str("target", true)
	if err != nil {
		return rq.fail(err)
	}
	if u, err := url.Parse(target); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return rq.fail(badRequest("target", "Not a valid URL: %s", target))
	}
	filters, err := rq.webhookFilters()
	if err != nil {
		return rq.fail(err)
	}
	if err := s.checkSubscribable(rq.p, res, "resource"); err != nil {
		return rq.fail(err)
	}
	kind, _ := s.resourceKindName(res)
	if (kind == "workspace" || kind == "team") && len(filters) == 0 {
		return rq.fail(badRequest("filters", "Webhooks on a %s need filters", kind))
	}
	s.faultMu.Lock()
	secret := fmt.Sprintf("%016x%016x", s.rng.Uint64(), s.rng.Uint64())
	s.faultMu.Unlock()

	s.mu.Unlock()
	herr := s.handshake(rq.r.Context(), target, secret)
	s.mu.Lock()
	if herr != nil {
		return rq.fail(badRequest("target", "The remote server did not respond with the handshake secret (%v)", herr))
	}
	if err := s.checkSubscribable(rq.p, res, "resource"); err != nil { // it may have gone meanwhile
		return rq.fail(err)
	}
	now := s.clock.Now()
	h := &webhookRec{Webhook: Webhook{GID: s.st.newGID(), ResourceGID: res, Target: target, OwnerGID: rq.p.user.GID,
		WorkspaceGID: s.workspaceOf(res), Active: true, Filters: filters, CreatedAt: now}, secret: secret, lastContact: now}
	s.ev.hooks.put(h.GID, h)
	s.startDeliveryLoopLocked()
	return rq.created(webhookKind, h, "/webhooks/"+h.GID)
}

// workspaceOf returns the workspace of a subscribable resource.
func (s *Server) workspaceOf(g string) string {
	st := s.st
	switch {
	case st.tasks.get(g) != nil:
		return st.tasks.get(g).WorkspaceGID
	case st.projects.get(g) != nil:
		return st.projects.get(g).WorkspaceGID
	case st.sections.get(g) != nil:
		return s.workspaceOf(st.sections.get(g).ProjectGID)
	case st.teams.get(g) != nil:
		return st.teams.get(g).OrganizationGID
	}
	return g
}

func (s *Server) handshake(ctx context.Context, target, secret string) error {
	ctx, cancel := context.WithTimeout(ctx, s.ev.cfg.hookTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, http.NoBody)
	if err != nil {
		return err
	}
	req.Header.Set("X-Hook-Secret", secret)
	resp, err := s.ev.cfg.hookClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
	if resp.StatusCode/100 != 2 || resp.Header.Get("X-Hook-Secret") != secret {
		return fmt.Errorf("target answered %d", resp.StatusCode)
	}
	return nil
}

func (s *Server) updateWebhook(rq *request) reply {
	h, err := rq.ownWebhook()
	if err != nil {
		return rq.fail(err)
	}
	filters, err := rq.webhookFilters()
	if err != nil {
		return rq.fail(err)
	}
	h.Filters = filters
	return rq.one(webhookKind, h)
}

func (s *Server) deleteWebhook(rq *request) reply {
	h, err := rq.ownWebhook()
	if err != nil {
		return rq.fail(err)
	}
	s.ev.hooks.remove(h.GID)
	return rq.empty()
}

// passes reports whether an event passes a webhook's filters.
func (h *webhookRec) passes(e *eventRec) bool {
	if len(h.Filters) == 0 {
		return true
	}
	for _, f := range h.Filters {
		if f.ResourceType != "" && f.ResourceType != e.resource.Kind ||
			f.ResourceSubtype != "" && f.ResourceSubtype != e.resource.Subtype ||
			f.Action != "" && f.Action != e.action {
			continue
		}
		if len(f.Fields) > 0 && (e.change == nil || !slices.Contains(f.Fields, e.change.field)) {
			continue
		}
		return true
	}
	return false
}

// queueForWebhooksLocked queues an event for the webhooks that see it.
func (s *Server) queueForWebhooksLocked(e *eventRec) {
	for _, g := range s.ev.hooks.order {
		h := s.ev.hooks.get(g)
		if h.Active && slices.Contains(e.keys, h.ResourceGID) && h.passes(e) {
			h.pending = append(h.pending, e)
		}
	}
}

// kickWebhooks wakes the delivery loop.
func (s *Server) kickWebhooks() {
	select {
	case s.ev.kick <- struct{}{}:
	default:
	}
}

// startDeliveryLoopLocked starts the delivery loop once the fake has a
// webhook; it runs until Close. Call with s.mu held.
func (s *Server) startDeliveryLoopLocked() {
	if s.ev.loopOn || s.ctx.Err() != nil {
		return
	}
	s.ev.loopOn = true
	s.wg.Add(1)
	go s.deliveryLoop()
}

func (s *Server) deliveryLoop() {
	defer s.wg.Done()
	for {
		next := s.deliverDue(s.ctx)
		var tick <-chan time.Time
		if !next.IsZero() && !s.clock.autoAdvance() {
			tick = s.clock.After(next.Sub(s.clock.Now()))
		}
		select {
		case <-s.ctx.Done():
			if tick != nil {
				s.clock.cancel(tick)
			}
			return
		case <-s.ev.kick:
			if tick != nil {
				s.clock.cancel(tick)
			}
		case <-tick:
		}
	}
}

func (c *Clock) autoAdvance() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.auto && !c.real
}

// DeliverWebhooks runs every webhook delivery that is due on the fake's
// clock (new events, retries whose backoff has passed, heartbeats) and
// returns when they are done. Tests call it after Clock().Advance.
func (s *Server) DeliverWebhooks(ctx context.Context) {
	s.deliverDue(ctx)
}

// delivery is one POST the round makes.
type delivery struct {
	hook   string
	events []*eventRec
	body   []byte
	sig    string
	target string
}

// Delivery backoff and deletion, as Asana documents them.
const (
	hookFirstRetry  = time.Minute
	hookMaxRetry    = time.Hour
	hookGiveUpAfter = 24 * time.Hour
	hookBatch       = 100
)

// deliverDue makes one round of due deliveries and returns when the next
// one is due (zero if none is).
func (s *Server) deliverDue(ctx context.Context) time.Time {
	s.ev.deliverMu.Lock()
	defer s.ev.deliverMu.Unlock()
	for {
		batch := s.dueDeliveries()
		if len(batch) == 0 {
			return s.nextDue()
		}
		for _, d := range batch {
			status, content, err := s.post(ctx, d)
			if ctx.Err() != nil {
				return time.Time{}
			}
			s.settle(d, status, content, err)
		}
	}
}

func (s *Server) dueDeliveries() []delivery {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.clock.Now()
	var out []delivery
	for _, g := range s.ev.hooks.order {
		h := s.ev.hooks.get(g)
		if now.Before(h.NextAttemptAfter) {
			continue
		}
		events := h.pending[:min(len(h.pending), hookBatch)]
		if len(events) == 0 && now.Before(h.lastContact.Add(s.ev.cfg.heartbeat)) {
			continue
		}
		docs := make([]any, len(events))
		for i, e := range events {
			docs[i] = e.doc(false)
		}
		body, _ := json.Marshal(map[string]any{"events": docs})
		out = append(out, delivery{hook: g, events: events, body: body, sig: signHex(h.secret, body), target: h.Target})
	}
	return out
}

func (s *Server) nextDue() time.Time {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var next time.Time
	for _, g := range s.ev.hooks.order {
		h := s.ev.hooks.get(g)
		at := h.lastContact.Add(s.ev.cfg.heartbeat)
		if len(h.pending) > 0 || !h.NextAttemptAfter.IsZero() {
			at = h.NextAttemptAfter
		}
		if next.IsZero() || at.Before(next) {
			next = at
		}
	}
	return next
}

func (s *Server) post(ctx context.Context, d delivery) (int, string, error) {
	ctx, cancel := context.WithTimeout(ctx, s.ev.cfg.hookTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, d.target, bytes.NewReader(d.body))
	if err != nil {
		return 0, "", err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Hook-Signature", d.sig)
	resp, err := s.ev.cfg.hookClient.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	return resp.StatusCode, strings.TrimSpace(fmt.Sprintf("%d %s\n\n%s", resp.StatusCode, http.StatusText(resp.StatusCode), b)), nil
}

// settle records a delivery's outcome.
func (s *Server) settle(d delivery, status int, content string, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	h := s.ev.hooks.get(d.hook)
	if h == nil {
		return // deleted meanwhile
	}
	now := s.clock.Now()
	if err == nil && status/100 == 2 {
		h.pending = h.pending[len(d.events):]
		h.LastSuccessAt, h.lastContact = now, now
		h.DeliveryRetryCount, h.firstFail = 0, time.Time{}
		h.NextAttemptAfter, h.FailureDeletionTimestamp = time.Time{}, time.Time{}
		return
	}
	if err != nil {
		content = "Could not deliver: " + err.Error()
	}
	h.LastFailureAt, h.LastFailureContent = now, content
	h.DeliveryRetryCount++
	if h.firstFail.IsZero() {
		h.firstFail = now
		h.FailureDeletionTimestamp = now.Add(hookGiveUpAfter)
	}
	if !now.Before(h.FailureDeletionTimestamp) {
		s.ev.hooks.remove(h.GID)
		return
	}
	backoff := hookFirstRetry << min(h.DeliveryRetryCount-1, 10)
	h.NextAttemptAfter = now.Add(min(backoff, hookMaxRetry))
}

// signHex is the X-Hook-Signature of body: hex HMAC-SHA256 under secret.
func signHex(secret string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return hex.EncodeToString(mac.Sum(nil))
}
