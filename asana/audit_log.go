package asana

import (
	"context"
	"encoding/json"
	"iter"
	"time"
)

// AuditLogEvent is one entry of an organization's audit log. Only service
// accounts of Enterprise+ organizations may read the audit log; Asana keeps
// entries for 90 days and records only the event types it lists in its
// documentation (logins, user and admin-setting changes, service accounts,
// exports, deletions and a few more), not ordinary work such as task edits.
type AuditLogEvent struct {
	GID       string    `json:"gid,omitempty"`
	CreatedAt time.Time `json:"created_at,omitzero"`
	// EventType is what happened, such as "user_deprovisioned".
	EventType string `json:"event_type,omitempty"`
	// EventCategory groups event types, such as "user" or "deletion".
	EventCategory string                `json:"event_category,omitempty"`
	Actor         AuditLogEventActor    `json:"actor,omitzero"`
	Resource      AuditLogEventResource `json:"resource,omitzero"`
	// Details hold event-specific data (old_value, new_value, ...).
	Details map[string]json.RawMessage `json:"details,omitempty"`
	Context AuditLogEventContext       `json:"context,omitzero"`
}

// AuditLogEventActor is who caused an audit log event.
type AuditLogEventActor struct {
	// ActorType is "user", "asana", "asana_support", "anonymous" or
	// "external_administrator".
	ActorType string `json:"actor_type,omitempty"`
	GID       string `json:"gid,omitempty"`
	Name      string `json:"name,omitempty"`
	Email     string `json:"email,omitempty"`
}

// AuditLogEventResource is the object an audit log event is about.
type AuditLogEventResource struct {
	ResourceType    string `json:"resource_type,omitempty"`
	ResourceSubtype string `json:"resource_subtype,omitempty"`
	GID             string `json:"gid,omitempty"`
	Name            string `json:"name,omitempty"`
	Email           string `json:"email,omitempty"`
}

// AuditLogEventContext is where an audit log event came from.
type AuditLogEventContext struct {
	// ContextType is "web", "desktop", "mobile", "asana_support", "asana",
	// "email" or "api".
	ContextType string `json:"context_type,omitempty"`
	// APIAuthenticationMethod is set for API calls: "cookie", "oauth",
	// "personal_access_token" or "service_account".
	APIAuthenticationMethod string `json:"api_authentication_method,omitempty"`
	ClientIPAddress         string `json:"client_ip_address,omitempty"`
	UserAgent               string `json:"user_agent,omitempty"`
	OAuthAppName            string `json:"oauth_app_name,omitempty"`
	RuleName                string `json:"rule_name,omitempty"`
}

// AuditLogOptions filter an audit log listing.
type AuditLogOptions struct {
	// Limit and Offset page through the log (ListOptions.Fields is unused:
	// the endpoint has no opt_fields).
	Limit  int    `url:"limit,omitempty"`
	Offset string `url:"offset,omitempty"`
	// StartAt (inclusive) and EndAt (exclusive) bound the events' times.
	StartAt time.Time `url:"start_at,omitempty"`
	EndAt   time.Time `url:"end_at,omitempty"`
	// EventType, ActorType, ActorGID and ResourceGID filter by those
	// fields. Give ActorType only for actors without a GID.
	EventType   string `url:"event_type,omitempty"`
	ActorType   string `url:"actor_type,omitempty"`
	ActorGID    string `url:"actor_gid,omitempty"`
	ResourceGID string `url:"resource_gid,omitempty"`
}

// Tail follows the audit log: it yields every matching event like List,
// then, at the end of the log, waits interval on the client's clock (0
// means one minute) and asks again from the last offset, until ctx ends
// (which ends the loop quietly) or a request fails (the error is yielded
// once). To resume after a restart, keep the events' GIDs or times and
// pass StartAt.
//
// asana:operation GET /workspaces/{workspace_gid}/audit_log_events
func (s *AuditLogService) Tail(ctx context.Context, workspaceGID string, opts *AuditLogOptions, interval time.Duration) iter.Seq2[AuditLogEvent, error] {
	if interval <= 0 {
		interval = time.Minute
	}
	return func(yield func(AuditLogEvent, error) bool) {
		o := orZero(opts)
		list, offset := s.List(ctx, workspaceGID, &o), ""
		for {
			page, err := list.Page(offset)
			if err != nil {
				if ctx.Err() == nil {
					yield(AuditLogEvent{}, err)
				}
				return
			}
			for _, e := range page.Items {
				if !yield(e, nil) {
					return
				}
			}
			if page.NextOffset != "" {
				offset = page.NextOffset
			}
			if len(page.Items) > 0 {
				continue
			}
			select {
			case <-ctx.Done():
				return
			case <-s.client.clock.After(interval):
			}
		}
	}
}
