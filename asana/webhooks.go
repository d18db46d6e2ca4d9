package asana

import (
	"context"
	"net/http"
	"time"
)

// Webhook is a subscription that makes Asana POST the events of a resource
// to a target URL (the spec's WebhookResponse). The delivery fields tell
// whether the target keeps up: Asana retries failed deliveries with backoff
// and deletes a webhook whose target failed for 24 hours
// (FailureDeletionTimestamp).
type Webhook struct {
	GID          string         `json:"gid,omitempty"`
	ResourceType string         `json:"resource_type,omitempty"`
	Active       bool           `json:"active,omitempty"`
	Resource     *NamedResource `json:"resource,omitempty"`
	Target       string         `json:"target,omitempty"`
	CreatedAt    time.Time      `json:"created_at,omitzero"`
	// LastSuccessAt and LastFailureAt are the last delivery outcomes;
	// LastFailureContent is the start of the target's last error answer.
	LastSuccessAt      time.Time `json:"last_success_at,omitzero"`
	LastFailureAt      time.Time `json:"last_failure_at,omitzero"`
	LastFailureContent string    `json:"last_failure_content,omitempty"`
	// DeliveryRetryCount counts retries since the last success.
	DeliveryRetryCount int `json:"delivery_retry_count,omitempty"`
	// NextAttemptAfter is when Asana retries a failed delivery.
	NextAttemptAfter time.Time `json:"next_attempt_after,omitzero"`
	// FailureDeletionTimestamp is when Asana deletes the webhook unless a
	// delivery succeeds before.
	FailureDeletionTimestamp time.Time       `json:"failure_deletion_timestamp,omitzero"`
	Filters                  []WebhookFilter `json:"filters,omitempty"`
}

// WebhookFilter whitelists events for a webhook: an event is delivered if
// it passes any filter. Webhooks on a workspace, team or portfolio need
// filters, and their filters cannot name Fields.
type WebhookFilter struct {
	// ResourceType is the type of the resource that changed ("task").
	ResourceType string `json:"resource_type,omitempty"`
	// ResourceSubtype narrows ResourceType ("milestone").
	ResourceSubtype string `json:"resource_subtype,omitempty"`
	// Action is one of the Event actions (EventChanged, EventAdded, ...).
	Action string `json:"action,omitempty"`
	// Fields limits "changed" events to changes of these fields.
	Fields []string `json:"fields,omitempty"`
}

// WebhookCreateRequest is the body of Webhooks.Create.
type WebhookCreateRequest struct {
	// Resource is the GID of the task, project, team, portfolio or
	// workspace to watch.
	Resource string `json:"resource"`
	// Target is the HTTPS URL Asana POSTs to, used verbatim (query
	// included), so it can carry application state. Asana calls it with a
	// handshake before Create returns: the target must echo X-Hook-Secret
	// (package asana/webhook does).
	Target  string          `json:"target"`
	Filters []WebhookFilter `json:"filters,omitempty"`
}

// WebhookUpdateRequest is the body of Webhooks.Update: the filters replace
// the webhook's filters.
type WebhookUpdateRequest struct {
	Filters []WebhookFilter `json:"filters"`
}

// webhookFields is the default field set of webhook lists: the delivery
// status, which is what a caller listing webhooks wants to check.
var webhookFields = []string{"active", "resource", "resource.name", "target", "created_at",
	"last_success_at", "last_failure_at", "last_failure_content", "delivery_retry_count",
	"next_attempt_after", "failure_deletion_timestamp", "filters"}

// Create establishes a webhook. Asana performs the handshake with the
// target during this call; the call fails if the target does not answer it.
//
// asana:operation POST /webhooks
func (s *WebhooksService) Create(ctx context.Context, req *WebhookCreateRequest, opts *GetOptions) (*Webhook, error) {
	if req == nil {
		req = &WebhookCreateRequest{}
	}
	r := route{op: "Webhooks.Create", path: "/webhooks"}.require("resource", req.Resource, "target", req.Target)
	return sendAt[Webhook](ctx, s.client, http.MethodPost, r, opts, req)
}

// Update replaces a webhook's filters.
//
// asana:operation PUT /webhooks/{webhook_gid}
func (s *WebhooksService) Update(ctx context.Context, webhookGID string, req *WebhookUpdateRequest, opts *GetOptions) (*Webhook, error) {
	r := routeTo("Webhooks.Update", "/webhooks/%s", "webhook gid", webhookGID)
	if req == nil {
		req = &WebhookUpdateRequest{}
	}
	if req.Filters == nil {
		req = &WebhookUpdateRequest{Filters: []WebhookFilter{}}
	}
	return sendAt[Webhook](ctx, s.client, http.MethodPut, r, opts, req)
}

// The services of this file set: webhooks, events and the audit log.
type (
	// WebhooksService wraps webhooks (see package asana/webhook for the
	// receiving side).
	WebhooksService service
	// EventsService wraps the events endpoints and event streams.
	EventsService service
	// AuditLogService wraps the audit log API (service accounts only).
	AuditLogService service
)
