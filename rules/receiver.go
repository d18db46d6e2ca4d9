package rules

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/asana/webhook"
)

// maxDeliveryBytes bounds a webhook delivery's body.
const maxDeliveryBytes = webhook.DefaultMaxBodyBytes

// Receiver returns the engine as a durable webhook receiver: an
// http.Handler that answers the handshake (keeping the secret in the
// store, under the request path), checks each delivery's signature, and
// answers 200 only once the events' jobs are in the store. A delivery it
// could not store gets a 500, and Asana delivers it again. allowHandshake
// decides whether a handshake for a path may set its secret (nil: only
// when the path has none yet; the service deletes a webhook's secret with
// the webhook).
func (e *Engine) Receiver(allowHandshake func(key string, hasSecret bool) bool) http.Handler {
	if allowHandshake == nil {
		allowHandshake = func(_ string, has bool) bool { return !has }
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		key := r.URL.Path
		secret, has, err := e.store.Secret(r.Context(), key)
		if err != nil {
			e.log(slog.LevelError, "rules: reading a webhook secret", "key", key, "error", err.Error())
			http.Error(w, "internal error", http.StatusInternalServerError)
			return
		}
		if hs := r.Header.Get(webhook.HeaderSecret); hs != "" {
			if !allowHandshake(key, has) {
				http.Error(w, "handshake refused", http.StatusForbidden)
				return
			}
			if err := e.store.SetSecret(r.Context(), key, hs); err != nil {
				e.log(slog.LevelError, "rules: storing a webhook secret", "key", key, "error", err.Error())
				http.Error(w, "internal error", http.StatusInternalServerError)
				return
			}
			w.Header().Set(webhook.HeaderSecret, hs)
			w.WriteHeader(http.StatusOK)
			return
		}
		if !has {
			http.Error(w, "no handshake for this target", http.StatusUnauthorized)
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxDeliveryBytes))
		if err != nil {
			http.Error(w, "body too large or unreadable", http.StatusRequestEntityTooLarge)
			return
		}
		// The signature is checked before the body is parsed.
		if !webhook.Verify(secret, body, r.Header.Get(webhook.HeaderSignature)) {
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		var doc struct {
			Events []asana.Event `json:"events"`
		}
		if err := json.Unmarshal(body, &doc); err != nil {
			http.Error(w, "not an events document", http.StatusBadRequest)
			return
		}
		if _, err := e.Accept(r.Context(), doc.Events); err != nil {
			e.log(slog.LevelError, "rules: storing a delivery failed; Asana will deliver it again", "key", key, "error", err.Error())
			http.Error(w, "could not store the delivery", http.StatusInternalServerError)
			return
		}
		w.WriteHeader(http.StatusOK)
	})
}

// Webhook returns the engine as a callback of webhook.Receiver, which
// answers Asana before the callback runs: an event is stored (Accept) a
// moment after the 200, so a crash in between loses it. Prefer Receiver.
func (e *Engine) Webhook() webhook.Func {
	return func(ctx context.Context, d webhook.Delivery) error { return e.Handle(ctx, d.Events) }
}

// Follow feeds the engine from the events stream of a resource (a project,
// say) until ctx ends: Poll, then a wait of interval on the engine's
// clock, again and again. A failed poll is logged and tried again at the
// next interval. Follow returns nil when ctx ends.
func (e *Engine) Follow(ctx context.Context, resource string, interval time.Duration) error {
	if err := e.Validate(ctx); err != nil {
		return err
	}
	for ctx.Err() == nil {
		if _, err := e.Poll(ctx, resource); err != nil && ctx.Err() == nil {
			e.log(slog.LevelError, "rules: following events", "resource", resource, "error", err.Error())
		}
		select {
		case <-ctx.Done():
		case <-e.clock.After(interval):
		}
	}
	return nil
}

// Poll fetches the resource's events since the sync token in the store,
// accepts them, then stores the new token, and returns how many events
// were new. A process that dies in between polls the same events again
// when it restarts, and they are accepted once; a restart misses nothing
// (unless it was away so long that the token expired, which is logged:
// Asana keeps events for 24 hours). The first poll of a resource only
// obtains a token: events before it are not reported.
func (e *Engine) Poll(ctx context.Context, resource string) (int, error) {
	if err := e.Validate(ctx); err != nil {
		return 0, err
	}
	tok, err := e.store.SyncToken(ctx, resource)
	if err != nil {
		return 0, err
	}
	stream := e.client.Events.Stream(resource, &asana.StreamOptions{Sync: tok})
	evs, err := stream.Poll(ctx)
	if errors.Is(err, asana.ErrSyncExpired) {
		e.log(slog.LevelWarn, "rules: events were missed (sync token expired)", "resource", resource)
		err = nil
	}
	n := 0
	if len(evs) > 0 {
		var aerr error
		if n, aerr = e.Accept(ctx, evs); aerr != nil {
			return n, aerr // the token is not stored: the events come again
		}
	}
	if err != nil {
		return n, err
	}
	return n, e.store.SetSyncToken(ctx, resource, stream.Sync())
}
