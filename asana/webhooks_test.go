package asana

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"testing"
	"time"
)

func TestWebhooks(t *testing.T) {
	full := `{"gid":"77","resource_type":"webhook","active":true,
		"resource":{"gid":"12","resource_type":"project","name":"Launch"},
		"target":"https://example.com/hooks/launch?k=v","created_at":"2025-03-01T12:00:00.000Z",
		"last_success_at":null,"last_failure_at":"2025-03-01T13:00:00.000Z",
		"last_failure_content":"500 Server Error","delivery_retry_count":3,
		"next_attempt_after":"2025-03-01T13:08:00.000Z","failure_deletion_timestamp":"2025-03-02T13:00:00.000Z",
		"filters":[{"resource_type":"task","resource_subtype":null,"action":"changed","fields":["assignee"]}]}`
	want := &Webhook{GID: "77", ResourceType: "webhook", Active: true,
		Resource:  &NamedResource{GID: "12", ResourceType: "project", Name: "Launch"},
		Target:    "https://example.com/hooks/launch?k=v",
		CreatedAt: mustTime("2025-03-01T12:00:00Z"), LastFailureAt: mustTime("2025-03-01T13:00:00Z"),
		LastFailureContent: "500 Server Error", DeliveryRetryCount: 3,
		NextAttemptAfter:         mustTime("2025-03-01T13:08:00Z"),
		FailureDeletionTimestamp: mustTime("2025-03-02T13:00:00Z"),
		Filters:                  []WebhookFilter{{ResourceType: "task", Action: "changed", Fields: []string{"assignee"}}}}
	listFields := "active,resource,resource.name,target,created_at,last_success_at,last_failure_at,last_failure_content,delivery_retry_count,next_attempt_after,failure_deletion_timestamp,filters"
	runCases(t, []svcCase{
		{
			name: "Create with filters",
			calls: []apiCall{{method: "POST", path: "/webhooks",
				body:   `{"data":{"resource":"12","target":"https://example.com/hooks/launch?k=v","filters":[{"resource_type":"task","action":"changed","fields":["assignee"]}]}}`,
				status: 201, resp: `{"data":` + full + `}`}},
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Webhooks.Create(ctx, &WebhookCreateRequest{Resource: "12", Target: "https://example.com/hooks/launch?k=v",
					Filters: []WebhookFilter{{ResourceType: "task", Action: EventChanged, Fields: []string{"assignee"}}}}, nil)
			},
			want: want,
		},
		{
			name: "Create needs a target",
			run: func(ctx context.Context, c *Client) (any, error) {
				return c.Webhooks.Create(ctx, &WebhookCreateRequest{Resource: "12"}, nil)
			},
			wantErr: "asana: Webhooks.Create: empty target",
		},
		{
			name:  "Get",
			calls: []apiCall{{method: "GET", path: "/webhooks/77", resp: `{"data":` + full + `}`}},
			run:   func(ctx context.Context, c *Client) (any, error) { return c.Webhooks.Get(ctx, "77", nil) },
			want:  want,
		},
		{
			name: "Update clears the filters with an empty list, not null",
			calls: []apiCall{{method: "PUT", path: "/webhooks/77", body: `{"data":{"filters":[]}}`,
				resp: `{"data":{"gid":"77","filters":[]}}`}},
			run:  func(ctx context.Context, c *Client) (any, error) { return c.Webhooks.Update(ctx, "77", nil, nil) },
			want: &Webhook{GID: "77", Filters: []WebhookFilter{}},
		},
		{
			name:  "Delete",
			calls: []apiCall{{method: "DELETE", path: "/webhooks/77", resp: `{"data":{}}`}},
			run: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Webhooks.Delete(ctx, "77")
			},
		},
		{
			name: "List follows pages with the default fields",
			calls: pagedCalls("/webhooks", qv("workspace", "1", "resource", "12", "limit", "100", "opt_fields", listFields),
				`{"gid":"77"}`, `{"gid":"78"}`),
			run: func(ctx context.Context, c *Client) (any, error) {
				return collect(c.Webhooks.List(ctx, "1", &WebhookListOptions{Resource: "12"}).All())
			},
			want: []Webhook{{GID: "77"}, {GID: "78"}},
		},
		{
			name:    "List needs a workspace",
			run:     func(ctx context.Context, c *Client) (any, error) { return c.Webhooks.List(ctx, "", nil).Page("") },
			wantErr: "asana: Webhooks.List: empty workspace",
		},
	})
}

func TestEventsGetAndStream(t *testing.T) {
	const ev1 = `{"user":{"gid":"5","resource_type":"user","name":"Ann"},"resource":{"gid":"9","resource_type":"task","name":"T"},
		"type":"task","action":"changed","parent":null,"created_at":"2025-03-01T12:00:00.000Z",
		"change":{"field":"assignee","action":"changed","new_value":{"gid":"6","resource_type":"user"}}}`
	const ev2 = `{"resource":{"gid":"10","resource_type":"task"},"action":"added","parent":{"gid":"12","resource_type":"project"}}`
	const expired = `{"errors":[{"message":"Sync token invalid or too old."}],"sync":"fresh"}`
	calls := []apiCall{
		// The first call has no token: 412 with one is the start.
		{method: "GET", path: "/events", query: qv("resource", "12"), status: 412, resp: `{"errors":[{"message":"Sync token invalid or too old."}],"sync":"s1"}`},
		// has_more: the stream asks again at once with the new token.
		{method: "GET", path: "/events", query: qv("resource", "12", "sync", "s1"), resp: `{"data":[` + ev1 + `],"sync":"s2","has_more":true}`},
		{method: "GET", path: "/events", query: qv("resource", "12", "sync", "s2"), resp: `{"data":[` + ev2 + `],"sync":"s3","has_more":false}`},
		// An expired token: a clear signal and a fresh token.
		{method: "GET", path: "/events", query: qv("resource", "12", "sync", "s3"), status: 412, resp: expired},
		{method: "GET", path: "/events", query: qv("resource", "12", "sync", "fresh"), resp: `{"data":[],"sync":"s4","has_more":false}`},
	}
	c := scriptedClient(t, calls...)
	ctx := t.Context()
	st := c.Events.Stream("12", nil)

	evs, err := st.Poll(ctx)
	if err != nil || len(evs) != 0 || st.Sync() != "s1" {
		t.Fatalf("first poll = %v, %v, sync %q; want no events, no error, sync s1", evs, err, st.Sync())
	}
	evs, err = st.Poll(ctx)
	if err != nil || len(evs) != 2 || st.Sync() != "s3" {
		t.Fatalf("second poll = %d events, %v, sync %q; want 2, nil, s3", len(evs), err, st.Sync())
	}
	if got := evs[0].Change.Value(); got == nil || got.GID != "6" || evs[0].User.Name != "Ann" || !evs[0].CreatedAt.Equal(mustTime("2025-03-01T12:00:00Z")) {
		t.Errorf("event 1 = %+v, change value %+v", evs[0], got)
	}
	if evs[1].Parent == nil || evs[1].Parent.GID != "12" || evs[1].Change.Value() != nil {
		t.Errorf("event 2 = %+v", evs[1])
	}
	_, err = st.Poll(ctx)
	if !errors.Is(err, ErrSyncExpired) || !errors.Is(err, ErrInvalidSyncToken) || st.Sync() != "fresh" {
		t.Fatalf("expired poll: err %v, sync %q; want ErrSyncExpired and sync fresh", err, st.Sync())
	}
	if evs, err = st.Poll(ctx); err != nil || len(evs) != 0 || st.Sync() != "s4" {
		t.Fatalf("poll after resync = %v, %v, %q", evs, err, st.Sync())
	}
}

func TestEventsResumeAndWorkspace(t *testing.T) {
	c := scriptedClient(t,
		apiCall{method: "GET", path: "/events", query: qv("resource", "12", "sync", "saved", "opt_fields", "resource.name"),
			resp: `{"data":[{"action":"deleted","resource":{"gid":"9","resource_type":"task"}}],"sync":"next"}`},
		apiCall{method: "GET", path: "/workspaces/1/events", status: 412, resp: `{"errors":[{"message":"x"}],"sync":"w1"}`},
		apiCall{method: "GET", path: "/workspaces/1/events", query: qv("sync", "w1"), status: 403, resp: `{"errors":[{"message":"no"}]}`},
	)
	ctx := t.Context()
	st := c.Events.Stream("12", &StreamOptions{Sync: "saved", Fields: []string{"resource.name"}})
	evs, err := st.Poll(ctx)
	if err != nil || len(evs) != 1 || evs[0].Action != EventDeleted || st.Sync() != "next" {
		t.Fatalf("resumed poll = %+v, %v, %q", evs, err, st.Sync())
	}
	ws := c.Events.WorkspaceStream("1", nil)
	if _, err := ws.Poll(ctx); err != nil || ws.Sync() != "w1" {
		t.Fatalf("workspace start: %v, %q", err, ws.Sync())
	}
	// A failure other than 412 is no resync: the token stays for the next try.
	if _, err := ws.Poll(ctx); !errors.Is(err, ErrForbidden) || errors.Is(err, ErrSyncExpired) || ws.Sync() != "w1" {
		t.Fatalf("poll on 403: %v, sync %q", err, ws.Sync())
	}
	if _, err := c.Events.Get(ctx, "", "", nil); err == nil {
		t.Error("Get with no resource: no error")
	}
}

func TestAuditLogListEndsOnEmptyPage(t *testing.T) {
	const e1 = `{"gid":"a1","created_at":"2025-03-01T12:00:00.000Z","event_type":"user_deprovisioned","event_category":"user",
		"actor":{"actor_type":"user","gid":"5","name":"Bot","email":"bot@example.com"},
		"resource":{"resource_type":"user","gid":"6","name":"Ann","email":"ann@example.com"},
		"details":{},"context":{"context_type":"api","api_authentication_method":"service_account"}}`
	start := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	q := qv("start_at", "2025-03-01T00:00:00Z", "event_type", "user_deprovisioned")
	q2 := qv("start_at", "2025-03-01T00:00:00Z", "event_type", "user_deprovisioned", "offset", "o2")
	q3 := qv("start_at", "2025-03-01T00:00:00Z", "event_type", "user_deprovisioned", "offset", "o3")
	runCases(t, []svcCase{{
		name: "List",
		calls: []apiCall{
			{method: "GET", path: "/workspaces/1/audit_log_events", query: withLimit(q), resp: `{"data":[` + e1 + `],"next_page":{"offset":"o2"}}`},
			{method: "GET", path: "/workspaces/1/audit_log_events", query: withLimit(q2), resp: `{"data":[{"gid":"a2"}],"next_page":{"offset":"o3"}}`},
			// The log always has a next page; an empty one is its end.
			{method: "GET", path: "/workspaces/1/audit_log_events", query: withLimit(q3), resp: `{"data":[],"next_page":{"offset":"o3"}}`},
		},
		run: func(ctx context.Context, c *Client) (any, error) {
			return collect(c.AuditLog.List(ctx, "1", &AuditLogOptions{StartAt: start, EventType: "user_deprovisioned"}).All())
		},
		want: []AuditLogEvent{{GID: "a1", CreatedAt: mustTime("2025-03-01T12:00:00Z"), EventType: "user_deprovisioned", EventCategory: "user",
			Actor:    AuditLogEventActor{ActorType: "user", GID: "5", Name: "Bot", Email: "bot@example.com"},
			Resource: AuditLogEventResource{ResourceType: "user", GID: "6", Name: "Ann", Email: "ann@example.com"},
			Details:  map[string]json.RawMessage{},
			Context:  AuditLogEventContext{ContextType: "api", APIAuthenticationMethod: "service_account"}},
			{GID: "a2"}},
	}})
}

func withLimit(q url.Values) url.Values {
	q["limit"] = []string{"100"}
	return q
}
