package asana

import (
	"encoding/json"
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

// MarshalJSON sends nil Filters as an empty list: an update without
// filters clears them.
func (r WebhookUpdateRequest) MarshalJSON() ([]byte, error) {
	if r.Filters == nil {
		r.Filters = []WebhookFilter{}
	}
	type plain WebhookUpdateRequest
	return json.Marshal(plain(r))
}

// webhookFields is the default field set of webhook lists: the delivery
// status, which is what a caller listing webhooks wants to check.
var webhookFields = []string{"active", "resource", "resource.name", "target", "created_at",
	"last_success_at", "last_failure_at", "last_failure_content", "delivery_retry_count",
	"next_attempt_after", "failure_deletion_timestamp", "filters"}

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
