package asanatest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// eventsSince polls GET /events for gid from tok and returns the events and
// the next token.
func eventsSince(t testing.TB, s *Server, auth, gid, sync string) ([]any, string, bool) {
	t.Helper()
	code, _, doc := call(t, s, auth, "GET", "/events?resource="+gid+"&sync="+url.QueryEscape(sync), "")
	if code != 200 {
		t.Fatalf("GET /events: %d %v", code, doc)
	}
	return doc["data"].([]any), doc["sync"].(string), doc["has_more"].(bool)
}

func startSync(t testing.TB, s *Server, auth, path string) string {
	t.Helper()
	code, _, doc := call(t, s, auth, "GET", path, "")
	if code != http.StatusPreconditionFailed || doc["sync"] == nil || errMessage(doc) == "" {
		t.Fatalf("first GET %s: %d %v, want 412 with a sync token", path, code, doc)
	}
	return doc["sync"].(string)
}

func summary(evs []any) []string {
	var out []string
	for _, e := range evs {
		m := e.(map[string]any)
		s := m["action"].(string) + " " + m["resource"].(map[string]any)["resource_type"].(string)
		if p, ok := m["parent"].(map[string]any); ok {
			s += " to " + p["resource_type"].(string)
		}
		if c, ok := m["change"].(map[string]any); ok {
			s += " " + c["field"].(string) + "/" + c["action"].(string)
		}
		out = append(out, s)
	}
	return out
}

func TestEventsRecordedAndBubbled(t *testing.T) {
	f := newFixture(t)
	s := f.s
	proj := must(t, s, f.saTok, "POST", "/projects", fmt.Sprintf(`{"data":{"name":"Launch","team":"%s","workspace":"%s"}}`, f.public.GID, f.org.GID), 201)
	pg := data(t, proj)["gid"].(string)
	projSync := startSync(t, s, f.saTok, "/events?resource="+pg)
	teamSync := startSync(t, s, f.saTok, "/events?resource="+f.public.GID)
	wsSync := startSync(t, s, f.saTok, "/workspaces/"+f.org.GID+"/events")

	task := must(t, s, f.saTok, "POST", "/tasks", fmt.Sprintf(`{"data":{"name":"Ship","projects":["%s"]}}`, pg), 201)
	tg := data(t, task)["gid"].(string)
	taskSync := startSync(t, s, f.saTok, "/events?resource="+tg)
	must(t, s, f.saTok, "PUT", "/tasks/"+tg, fmt.Sprintf(`{"data":{"assignee":"%s","name":"Ship it"}}`, f.member.GID), 200)
	must(t, s, f.saTok, "POST", "/tasks/"+tg+"/stories", `{"data":{"text":"on it"}}`, 201)
	must(t, s, f.saTok, "POST", "/tasks/"+tg+"/addFollowers", fmt.Sprintf(`{"data":{"followers":["%s"]}}`, f.admin.GID), 200)
	evs, _, _ := eventsSince(t, s, f.saTok, tg, taskSync)
	if len(evs) != 7 {
		t.Errorf("task events: %q", summary(evs))
	}
	must(t, s, f.saTok, "DELETE", "/tasks/"+tg, "", 200)
	// A failed write records nothing.
	call(t, s, f.guestTok, "PUT", "/projects/"+pg, `{"data":{"name":"x"}}`)

	evs, _, more := eventsSince(t, s, f.saTok, pg, projSync)
	// Assigning makes the assignee a follower and adds system stories, as
	// in Asana; the comment is the third story.
	want := []string{"added task to project", "changed task name/changed", "changed task assignee/changed",
		"changed task followers/added", "added story to task", "added story to task", "added story to task",
		"changed task followers/added", "deleted task"}
	if got := summary(evs); strings.Join(got, "; ") != strings.Join(want, "; ") || more {
		t.Errorf("project events:\n got  %q\n want %q", got, want)
	}
	first := evs[0].(map[string]any)
	if u := first["user"].(map[string]any); u["gid"] != f.sa.GID || first["created_at"] == nil {
		t.Errorf("event user/time: %v", first)
	}
	assign := evs[2].(map[string]any)["change"].(map[string]any)
	if nv := assign["new_value"].(map[string]any); nv["gid"] != f.member.GID {
		t.Errorf("assignee change value: %v", assign)
	}
	// The team sees the project's own events only; the workspace sees all.
	evs, _, _ = eventsSince(t, s, f.saTok, f.public.GID, teamSync)
	if len(evs) != 0 {
		t.Errorf("team events: %q", summary(evs))
	}
	code, _, doc := call(t, s, f.saTok, "GET", "/workspaces/"+f.org.GID+"/events?sync="+url.QueryEscape(wsSync), "")
	if code != 200 || len(doc["data"].([]any)) != 9 {
		t.Errorf("workspace events: %d %q", code, summary(doc["data"].([]any)))
	}
	// Deleting the project: a deleted event for the team and an audit entry.
	must(t, s, f.saTok, "DELETE", "/projects/"+pg, "", 200)
	evs, _, _ = eventsSince(t, s, f.saTok, f.public.GID, teamSync)
	if got := summary(evs); len(got) != 1 || got[0] != "deleted project" {
		t.Errorf("team events after delete: %q", got)
	}
	log := s.AuditLog(f.org.GID)
	last := log[len(log)-1]
	if last.EventType != AuditProjectDeleted || last.ResourceGID != pg || last.AuthMethod != "service_account" || last.ActorGID != f.sa.GID {
		t.Errorf("audit entry: %+v", last)
	}
}

func TestEventsSyncTokens(t *testing.T) {
	f := newFixture(t, WithEventTokenTTL(time.Hour))
	s := f.s
	proj := must(t, s, f.saTok, "POST", "/projects", fmt.Sprintf(`{"data":{"name":"Big","team":"%s"}}`, f.public.GID), 201)
	pg := data(t, proj)["gid"].(string)
	cases := []struct{ name, sync string }{{"missing", ""}, {"garbage", "not-a-token"}}
	for _, tc := range cases {
		code, _, doc := call(t, s, f.saTok, "GET", "/events?resource="+pg+"&sync="+tc.sync, "")
		if code != 412 || doc["sync"] == "" {
			t.Errorf("%s token: %d %v", tc.name, code, doc)
		}
	}
	// A token for another resource is no good either.
	other := startSync(t, s, f.saTok, "/events?resource="+f.public.GID)
	if code, _, _ := call(t, s, f.saTok, "GET", "/events?resource="+pg+"&sync="+url.QueryEscape(other), ""); code != 412 {
		t.Errorf("foreign token: %d", code)
	}
	sync := startSync(t, s, f.saTok, "/events?resource="+pg)
	for i := range 150 {
		must(t, s, f.saTok, "POST", "/projects/"+pg+"/sections", fmt.Sprintf(`{"data":{"name":"S%d"}}`, i), 201)
	}
	evs, sync, more := eventsSince(t, s, f.saTok, pg, sync)
	if len(evs) != 100 || !more {
		t.Fatalf("first page: %d events, has_more %v", len(evs), more)
	}
	evs, sync, more = eventsSince(t, s, f.saTok, pg, sync)
	if len(evs) != 50 || more {
		t.Fatalf("second page: %d events, has_more %v", len(evs), more)
	}
	// Unused for longer than the TTL: 412 and a fresh token.
	s.Clock().Advance(2 * time.Hour)
	if code, _, doc := call(t, s, f.saTok, "GET", "/events?resource="+pg+"&sync="+url.QueryEscape(sync), ""); code != 412 || doc["sync"] == nil {
		t.Fatalf("expired token: %d", code)
	}
	if code, _, _ := call(t, s, f.guestTok, "GET", "/events?resource="+pg, ""); code != 403 {
		t.Errorf("guest: %d, want 403", code)
	}
	if code, _, _ := call(t, s, f.saTok, "GET", "/events?resource=1234567", ""); code != 404 {
		t.Errorf("unknown resource: %d, want 404", code)
	}
}

// target is a webhook receiver for the fake's tests: it echoes the
// handshake, checks signatures and answers with a programmable status.
type target struct {
	mu     sync.Mutex
	secret string
	status int
	got    chan []any // the events of each signed delivery, heartbeats included
}

func newTarget() *target { return &target{status: 200, got: make(chan []any, 100)} }

func (tg *target) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	tg.mu.Lock()
	defer tg.mu.Unlock()
	if sec := r.Header.Get("X-Hook-Secret"); sec != "" {
		tg.secret = sec
		w.Header().Set("X-Hook-Secret", sec)
		return
	}
	body, _ := io.ReadAll(r.Body)
	if r.Header.Get("X-Hook-Signature") != signHex(tg.secret, body) {
		w.WriteHeader(401)
		return
	}
	var doc struct{ Events []any }
	_ = json.Unmarshal(body, &doc)
	tg.got <- doc.Events
	w.WriteHeader(tg.status)
}

func (tg *target) setStatus(code int) { tg.mu.Lock(); tg.status = code; tg.mu.Unlock() }

func TestWebhookDeliveryRetriesAndDeletion(t *testing.T) {
	tg := newTarget()
	f := newFixture(t, WithWebhookClient(HandlerClient(tg)))
	s := f.s
	ctx := t.Context()
	proj := must(t, s, f.saTok, "POST", "/projects", fmt.Sprintf(`{"data":{"name":"Hooked","team":"%s"}}`, f.public.GID), 201)
	pg := data(t, proj)["gid"].(string)
	hook := must(t, s, f.saTok, "POST", "/webhooks", fmt.Sprintf(`{"data":{"resource":"%s","target":"https://hooks.test/x","filters":[{"resource_type":"task","action":"added"}]}}`, pg), 201)
	hg := data(t, hook)["gid"].(string)

	must(t, s, f.saTok, "POST", "/tasks", fmt.Sprintf(`{"data":{"name":"A","projects":["%s"]}}`, pg), 201)
	s.DeliverWebhooks(ctx)
	if evs := <-tg.got; len(evs) != 1 || summary(evs)[0] != "added task to project" {
		t.Fatalf("delivery: %q", summary(evs))
	}
	// Filtered out: a change of the project itself.
	must(t, s, f.saTok, "PUT", "/projects/"+pg, `{"data":{"notes":"n"}}`, 200)
	s.DeliverWebhooks(ctx)
	if w, _ := s.Webhook(hg); w.Pending != 0 || len(tg.got) != 0 {
		t.Fatalf("filtered event delivered or pending: %+v", w)
	}

	tg.setStatus(500)
	must(t, s, f.saTok, "POST", "/tasks", fmt.Sprintf(`{"data":{"name":"B","projects":["%s"]}}`, pg), 201)
	s.DeliverWebhooks(ctx)
	<-tg.got
	w, _ := s.Webhook(hg)
	if w.DeliveryRetryCount != 1 || w.Pending != 1 || !w.NextAttemptAfter.Equal(s.Clock().Now().Add(time.Minute)) ||
		!strings.HasPrefix(w.LastFailureContent, "500") {
		t.Fatalf("after a failure: %+v", w)
	}
	// Nothing is retried before the backoff has passed...
	s.Clock().Advance(30 * time.Second)
	s.DeliverWebhooks(ctx)
	if len(tg.got) != 0 {
		t.Fatal("retried before the backoff")
	}
	// ...then with doubling backoff.
	s.Clock().Advance(30 * time.Second)
	s.DeliverWebhooks(ctx)
	<-tg.got
	if w, _ = s.Webhook(hg); w.DeliveryRetryCount != 2 || !w.NextAttemptAfter.Equal(s.Clock().Now().Add(2*time.Minute)) {
		t.Fatalf("second failure: %+v", w)
	}
	// The API reports the delivery status.
	got := data(t, must(t, s, f.saTok, "GET", "/webhooks/"+hg, "", 200))
	if got["delivery_retry_count"] != 2.0 || got["last_failure_at"] == nil || got["failure_deletion_timestamp"] == nil {
		t.Errorf("GET webhook: %v", got)
	}
	// After 24 hours of failures the webhook is gone.
	for range 40 {
		s.Clock().Advance(time.Hour)
		s.DeliverWebhooks(ctx)
		if _, ok := s.Webhook(hg); !ok {
			break
		}
	}
	if _, ok := s.Webhook(hg); ok {
		t.Fatal("webhook survived 24 hours of failures")
	}
	if code, _, _ := call(t, s, f.saTok, "GET", "/webhooks/"+hg, ""); code != 404 {
		t.Errorf("GET deleted webhook: %d", code)
	}
}

func TestWebhookHandshakeAndHeartbeat(t *testing.T) {
	tg := newTarget()
	mute := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}) // never echoes
	mux := http.NewServeMux()
	mux.Handle("/ok", tg)
	mux.Handle("/mute", mute)
	f := newFixture(t, WithWebhookClient(HandlerClient(mux)))
	s := f.s
	code, _, doc := call(t, s, f.saTok, "POST", "/webhooks", fmt.Sprintf(`{"data":{"resource":"%s","target":"https://h.test/mute"}}`, f.public.GID))
	_ = doc
	if code != 400 {
		t.Errorf("team webhook without filters: %d", code)
	}
	proj := must(t, s, f.saTok, "POST", "/projects", fmt.Sprintf(`{"data":{"name":"P","team":"%s"}}`, f.public.GID), 201)
	pg := data(t, proj)["gid"].(string)
	if code, _, doc := call(t, s, f.saTok, "POST", "/webhooks", fmt.Sprintf(`{"data":{"resource":"%s","target":"https://h.test/mute"}}`, pg)); code != 400 || !strings.Contains(errMessage(doc), "handshake") {
		t.Errorf("mute target: %d %v", code, doc)
	}
	hook := must(t, s, f.saTok, "POST", "/webhooks", fmt.Sprintf(`{"data":{"resource":"%s","target":"https://h.test/ok"}}`, pg), 201)
	hg := data(t, hook)["gid"].(string)
	list := must(t, s, f.saTok, "GET", "/webhooks?workspace="+f.org.GID+"&limit=10", "", 200)
	if gs := gids(t, list); len(gs) != 1 || gs[0] != hg {
		t.Errorf("list: %v", gs)
	}
	if gs := gids(t, must(t, s, f.adminTok, "GET", "/webhooks?workspace="+f.org.GID, "", 200)); len(gs) != 0 {
		t.Errorf("another user's list: %v", gs)
	}
	s.Clock().Advance(8 * time.Hour)
	s.DeliverWebhooks(t.Context())
	if evs := <-tg.got; len(evs) != 0 {
		t.Fatalf("heartbeat carried events: %v", evs)
	}
	must(t, s, f.saTok, "PUT", "/webhooks/"+hg, `{"data":{"filters":[{"resource_type":"story","action":"added"}]}}`, 200)
	must(t, s, f.saTok, "DELETE", "/webhooks/"+hg, "", 200)
	if _, ok := s.Webhook(hg); ok {
		t.Error("deleted webhook still there")
	}
}

func TestAuditLog(t *testing.T) {
	f := newFixture(t)
	s := f.s
	s.Clock().Advance(time.Minute)
	must(t, s, f.adminTok, "POST", "/workspaces/"+f.org.GID+"/removeUser", fmt.Sprintf(`{"data":{"user":"%s"}}`, f.member.Email), 200)
	must(t, s, f.saTok, "POST", "/workspaces/"+f.org.GID+"/addUser", `{"data":{"user":"new@acme.test"}}`, 200)
	if err := s.RenameServiceAccount(f.sa.GID, "Backup bot 2"); err != nil {
		t.Fatal(err)
	}
	if code, _, _ := call(t, s, f.adminTok, "GET", "/workspaces/"+f.org.GID+"/audit_log_events", ""); code != 403 {
		t.Errorf("admin with a personal token: %d, want 403", code)
	}
	var types []string
	path := "/workspaces/" + f.org.GID + "/audit_log_events?limit=2"
	var offset string
	for range 20 {
		p := path
		if offset != "" {
			p += "&offset=" + url.QueryEscape(offset)
		}
		doc := must(t, s, f.saTok, "GET", p, "", 200)
		page := doc["data"].([]any)
		offset = doc["next_page"].(map[string]any)["offset"].(string) // always there
		if len(page) == 0 {
			break
		}
		for _, e := range page {
			m := e.(map[string]any)
			typ := m["event_type"].(string)
			if typ == AuditUserDeprovisioned {
				ctx := m["context"].(map[string]any)
				if ctx["api_authentication_method"] != "personal_access_token" || m["resource"].(map[string]any)["gid"] != f.member.GID {
					t.Errorf("deprovision entry: %v", m)
				}
			}
			types = append(types, typ)
		}
	}
	want := []string{AuditTokenCreated, AuditTokenCreated, AuditTokenCreated, AuditServiceAccountCreated, AuditServiceAccountTokenCreated,
		AuditTokenCreated, AuditTokenCreated, AuditTokenRevoked, AuditUserDeprovisioned, AuditUserInvited, AuditServiceAccountRenamed}
	if strings.Join(types, ",") != strings.Join(want, ",") {
		t.Errorf("audit log:\n got  %v\n want %v", types, want)
	}
	// The offset of the empty last page returns later events.
	must(t, s, f.saTok, "POST", "/workspaces/"+f.org.GID+"/removeUser", `{"data":{"user":"new@acme.test"}}`, 200)
	doc := must(t, s, f.saTok, "GET", path+"&offset="+url.QueryEscape(offset), "", 200)
	if page := doc["data"].([]any); len(page) != 1 {
		t.Errorf("tail: %v", page)
	}
	doc = must(t, s, f.saTok, "GET", "/workspaces/"+f.org.GID+"/audit_log_events?event_type=user_invited&actor_gid="+f.sa.GID, "", 200)
	if page := doc["data"].([]any); len(page) != 1 {
		t.Errorf("filtered: %v", page)
	}
}
