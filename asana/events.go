package asana

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"sync"
	"time"
)

// Event actions (Event.Action), also used in WebhookFilter.Action.
const (
	EventChanged   = "changed"
	EventAdded     = "added"
	EventRemoved   = "removed"
	EventDeleted   = "deleted"
	EventUndeleted = "undeleted"
)

// Event is one change in Asana, as the events endpoints return it and as
// webhooks deliver it. Resource is what changed, which may differ from the
// resource subscribed to (a project's stream carries its tasks' events).
// Action says what happened to Resource; for "changed" events, Change says
// which field changed and how. Parent is set for "added" and "removed": the
// project, section or task the resource was added to or removed from. User
// is who made the change, nil for changes made by Asana itself.
type Event struct {
	User      *User          `json:"user,omitempty"`
	Resource  *NamedResource `json:"resource,omitempty"`
	Type      string         `json:"type,omitempty"` // deprecated by Asana: use Resource.ResourceType
	Action    string         `json:"action,omitempty"`
	Parent    *NamedResource `json:"parent,omitempty"`
	CreatedAt time.Time      `json:"created_at,omitzero"`
	Change    *EventChange   `json:"change,omitempty"`
}

// EventChange describes a change to one field of an event's resource. The
// values are set only when they are Asana resources (an assignee, a
// follower); they stay raw JSON because a field's value may be a resource
// reference or, for some fields, a plain value. Value decodes the reference.
type EventChange struct {
	Field string `json:"field,omitempty"`
	// Action is "changed", "added" or "removed" (a value added to or removed
	// from a list field such as followers).
	Action       string          `json:"action,omitempty"`
	NewValue     json.RawMessage `json:"new_value,omitempty"`
	AddedValue   json.RawMessage `json:"added_value,omitempty"`
	RemovedValue json.RawMessage `json:"removed_value,omitempty"`
}

// Value returns the resource the change set, added or removed (whichever
// is present), or nil when there is none or it is not a resource: a change
// that cleared the assignee has no value.
func (c *EventChange) Value() *NamedResource {
	if c == nil {
		return nil
	}
	for _, raw := range []json.RawMessage{c.NewValue, c.AddedValue, c.RemovedValue} {
		if len(raw) == 0 || string(raw) == "null" {
			continue
		}
		var r NamedResource
		if json.Unmarshal(raw, &r) == nil && r.GID != "" {
			return &r
		}
	}
	return nil
}

// EventPage is one answer of the events endpoints.
type EventPage struct {
	Events []Event
	// Sync is the token for the next call.
	Sync string
	// HasMore reports that more events are waiting: call again at once.
	HasMore bool
}

// EventOptions are the options of the events calls.
type EventOptions struct {
	// Fields selects event fields (opt_fields), for example "resource.name".
	Fields []string `url:"opt_fields,comma,omitempty"`
}

type eventQuery struct {
	Resource string   `url:"resource,omitempty"`
	Sync     string   `url:"sync,omitempty"`
	Fields   []string `url:"opt_fields,comma,omitempty"`
}

// ErrSyncExpired reports that a stream's sync token had expired: events
// between the last poll and now are lost, so the caller should read the
// full state of what it follows again. The stream has already switched to
// the fresh token Asana sent and continues from now. Errors matching it also
// match ErrInvalidSyncToken.
var ErrSyncExpired = errors.New("asana: sync token expired, events were missed; resynchronize")

// Get fetches the events on a resource (task, project, team, portfolio or
// goal) since the sync token. Without a token, or with an expired one,
// Asana answers 412 and the error (errors.Is ErrInvalidSyncToken, an
// *Error) carries a fresh token in SyncToken. EventStream handles all of
// this; Get is the single call underneath.
//
// asana:operation GET /events
func (s *EventsService) Get(ctx context.Context, resourceGID, sync string, opts *EventOptions) (*EventPage, error) {
	r := route{op: "Events.Get", path: "/events"}.require("resource gid", resourceGID)
	return s.fetch(ctx, r, eventQuery{Resource: resourceGID, Sync: sync, Fields: orZero(opts).Fields})
}

// GetForWorkspace fetches the events of a whole workspace since the sync
// token, up to 1000 per call; 412 handling is as in Get.
//
// asana:operation GET /workspaces/{workspace_gid}/events
func (s *EventsService) GetForWorkspace(ctx context.Context, workspaceGID, sync string) (*EventPage, error) {
	r := routeTo("Events.GetForWorkspace", "/workspaces/%s/events", "workspace gid", workspaceGID)
	return s.fetch(ctx, r, eventQuery{Sync: sync})
}

func (s *EventsService) fetch(ctx context.Context, r route, q eventQuery) (*EventPage, error) {
	if r.err != nil {
		return nil, r.err
	}
	var events []Event
	resp, err := s.client.Do(r.labelled(ctx), &Request{Method: http.MethodGet, Path: r.path, Query: q}, &events)
	if err != nil {
		return nil, err
	}
	return &EventPage{Events: events, Sync: resp.Sync, HasMore: resp.HasMore}, nil
}

// StreamOptions configure an EventStream.
type StreamOptions struct {
	// Sync resumes from a token saved earlier (EventStream.Sync). Empty
	// starts from now: earlier events are not reported.
	Sync string
	// PollInterval is the wait between polls of All; 0 means 30 seconds.
	// Each poll costs one request per 100 events (1000 for a workspace).
	PollInterval time.Duration
	// Fields selects event fields (opt_fields); resource streams only.
	Fields []string
}

// DefaultPollInterval is the wait between polls of EventStream.All.
const DefaultPollInterval = 30 * time.Second

// EventStream follows the events of one resource or workspace. It keeps
// the sync token, treats the 412 that starts every sync as the normal
// start, follows has_more, and reports an expired token as ErrSyncExpired
// before continuing from the fresh token. It is safe for concurrent use,
// but polls are serialized.
type EventStream struct {
	client   *Client
	get      func(ctx context.Context, sync string) (*EventPage, error)
	interval time.Duration

	mu   sync.Mutex // serializes polls
	sync string
	// more is set when the last Poll stopped at MaxPollEvents with
	// has_more still true, so that All polls again at once.
	more bool
}

// MaxPollEvents bounds the events one Poll returns, so that a stream that
// keeps saying has_more cannot grow a poll's memory without end; the rest
// come with the next Poll, from the saved sync token.
const MaxPollEvents = 10000

// Stream returns a stream of the events on a resource (a task, project,
// team, portfolio or goal). Nothing is fetched until Poll or All.
//
// asana:operation GET /events
func (s *EventsService) Stream(resourceGID string, opts *StreamOptions) *EventStream {
	o := orZero(opts)
	q := &EventOptions{Fields: o.Fields}
	return s.newStream(o, func(ctx context.Context, sync string) (*EventPage, error) {
		return s.Get(ctx, resourceGID, sync, q)
	})
}

// WorkspaceStream returns a stream of the events of a whole workspace.
//
// asana:operation GET /workspaces/{workspace_gid}/events
func (s *EventsService) WorkspaceStream(workspaceGID string, opts *StreamOptions) *EventStream {
	return s.newStream(orZero(opts), func(ctx context.Context, sync string) (*EventPage, error) {
		return s.GetForWorkspace(ctx, workspaceGID, sync)
	})
}

func (s *EventsService) newStream(o StreamOptions, get func(context.Context, string) (*EventPage, error)) *EventStream {
	interval := o.PollInterval
	if interval <= 0 {
		interval = DefaultPollInterval
	}
	return &EventStream{client: s.client, get: get, interval: interval, sync: o.Sync}
}

// Sync returns the current sync token. It covers every event returned so
// far: save it after handling the events of a Poll, and pass it back as
// StreamOptions.Sync to resume in another process.
func (st *EventStream) Sync() string {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.sync
}

// Poll fetches every event since the last poll, following has_more. The
// first poll of a stream without a token only obtains one and returns no
// events. When the token had expired Poll returns ErrSyncExpired (with the
// stream already on a fresh token). On another error it returns the events
// fetched before it, which the token already covers: handle them too. A
// Poll returns once it holds MaxPollEvents events, even if Asana has more.
func (st *EventStream) Poll(ctx context.Context) ([]Event, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.more = false
	var out []Event
	idle := 0 // answers in a row with has_more and no events
	for {
		page, err := st.get(ctx, st.sync)
		if err != nil {
			var ae *Error
			if errors.As(err, &ae) && ae.StatusCode == http.StatusPreconditionFailed && ae.SyncToken != "" {
				first := st.sync == ""
				st.sync = ae.SyncToken
				if first {
					return out, nil // the normal start of a sync
				}
				return out, fmt.Errorf("%w: %w", ErrSyncExpired, err)
			}
			return out, err
		}
		out = append(out, page.Events...)
		if page.Sync != "" {
			st.sync = page.Sync
		}
		if !page.HasMore || page.Sync == "" {
			return out, nil
		}
		if len(out) >= MaxPollEvents {
			st.more = true
			return out, nil
		}
		if len(page.Events) == 0 {
			idle++
		} else {
			idle = 0
		}
		if idle >= stallLimit {
			return out, fmt.Errorf("%w: the events endpoint said has_more %d times in a row without events", ErrStalledPagination, idle)
		}
	}
}

// All polls the stream until ctx ends, waiting the poll interval on the
// client's clock between polls, and yields each event. ErrSyncExpired is
// yielded (with a zero Event) and polling goes on if the loop continues;
// any other error is yielded once and ends it. Ending the context ends the
// loop quietly.
func (st *EventStream) All(ctx context.Context) iter.Seq2[Event, error] {
	return func(yield func(Event, error) bool) {
		for {
			events, err := st.Poll(ctx)
			for _, e := range events {
				if !yield(e, nil) {
					return
				}
			}
			switch {
			case ctx.Err() != nil:
				return
			case errors.Is(err, ErrSyncExpired):
				if !yield(Event{}, err) {
					return
				}
			case err != nil:
				yield(Event{}, err)
				return
			}
			st.mu.Lock()
			more := st.more
			st.mu.Unlock()
			if more {
				continue
			}
			select {
			case <-ctx.Done():
				return
			case <-st.client.clock.After(st.interval):
			}
		}
	}
}
