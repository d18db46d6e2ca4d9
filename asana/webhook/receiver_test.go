package webhook_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/asana/webhook"
)

const secret = "2c4e9a0f5b7d1e3c"

const batch = `{"events":[{"user":{"gid":"5","resource_type":"user"},"created_at":"2025-03-01T12:00:00.000Z",
	"action":"changed","resource":{"gid":"9","resource_type":"task"},"parent":null,
	"change":{"field":"assignee","action":"changed","new_value":{"gid":"6","resource_type":"user"}}}]}`

// post sends a delivery to h and returns the answer.
func post(h http.Handler, path string, header map[string]string, body string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
	for k, v := range header {
		req.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w
}

// newReceiver returns a receiver whose deliveries arrive on a channel and
// whose secret for /hooks/a is set.
func newReceiver(t *testing.T, opts ...webhook.Option) (*webhook.Receiver, <-chan webhook.Delivery, *webhook.MemoryStore) {
	t.Helper()
	store := &webhook.MemoryStore{}
	if err := store.SetSecret(t.Context(), "/hooks/a", secret); err != nil {
		t.Fatal(err)
	}
	got := make(chan webhook.Delivery, 10)
	rc, err := webhook.NewReceiver(store, func(_ context.Context, d webhook.Delivery) error {
		got <- d
		return nil
	}, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = rc.Close(context.Background()) })
	return rc, got, store
}

func TestHandshake(t *testing.T) {
	rc, _, store := newReceiver(t)
	w := post(rc, "/hooks/b?x=1", map[string]string{webhook.HeaderSecret: "fresh-secret"}, "")
	if w.Code != http.StatusOK || w.Header().Get(webhook.HeaderSecret) != "fresh-secret" {
		t.Fatalf("handshake answered %d with secret %q", w.Code, w.Header().Get(webhook.HeaderSecret))
	}
	if s, ok, _ := store.Secret(t.Context(), "/hooks/b"); !ok || s != "fresh-secret" {
		t.Fatalf("stored secret = %q, %v", s, ok)
	}
	// A second handshake must not replace the secret: whoever can reach the
	// endpoint could then sign forged deliveries.
	w = post(rc, "/hooks/b", map[string]string{webhook.HeaderSecret: "attacker"}, "")
	if w.Code != http.StatusForbidden || w.Header().Get(webhook.HeaderSecret) != "" {
		t.Fatalf("second handshake answered %d, echo %q", w.Code, w.Header().Get(webhook.HeaderSecret))
	}
	if s, _, _ := store.Secret(t.Context(), "/hooks/b"); s != "fresh-secret" {
		t.Fatalf("secret replaced by %q", s)
	}
}

func TestDeliveries(t *testing.T) {
	signed := webhook.Sign(secret, []byte(batch))
	tampered := strings.Replace(batch, `"gid":"6"`, `"gid":"7"`, 1)
	cases := []struct {
		name       string
		method     string
		path       string
		header     map[string]string
		body       string
		wantStatus int
		wantEvents int // delivered to the callback
		heartbeat  bool
	}{
		{name: "signed delivery", path: "/hooks/a", header: map[string]string{webhook.HeaderSignature: signed}, body: batch, wantStatus: 200, wantEvents: 1},
		{name: "upper-case hex is the same signature", path: "/hooks/a", header: map[string]string{webhook.HeaderSignature: strings.ToUpper(signed)}, body: batch, wantStatus: 200, wantEvents: 1},
		{name: "missing signature", path: "/hooks/a", body: batch, wantStatus: 401},
		{name: "changed body", path: "/hooks/a", header: map[string]string{webhook.HeaderSignature: signed}, body: tampered, wantStatus: 401},
		{name: "signature of another secret", path: "/hooks/a", header: map[string]string{webhook.HeaderSignature: webhook.Sign("other", []byte(batch))}, body: batch, wantStatus: 401},
		{name: "not hex", path: "/hooks/a", header: map[string]string{webhook.HeaderSignature: "zz"}, body: batch, wantStatus: 401},
		{name: "no handshake for the path", path: "/hooks/unknown", header: map[string]string{webhook.HeaderSignature: signed}, body: batch, wantStatus: 401},
		{name: "heartbeat", path: "/hooks/a", header: map[string]string{webhook.HeaderSignature: webhook.Sign(secret, []byte(`{"events":[]}`))}, body: `{"events":[]}`, wantStatus: 200, heartbeat: true},
		{name: "signed garbage", path: "/hooks/a", header: map[string]string{webhook.HeaderSignature: webhook.Sign(secret, []byte(`{"events":`))}, body: `{"events":`, wantStatus: 400},
		{name: "too large", path: "/hooks/a", header: map[string]string{webhook.HeaderSignature: webhook.Sign(secret, []byte(strings.Repeat(" ", 2048)+batch))}, body: strings.Repeat(" ", 2048) + batch, wantStatus: 413},
		{name: "GET", method: http.MethodGet, path: "/hooks/a", wantStatus: 405},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			beats := make(chan string, 1)
			rc, got, _ := newReceiver(t, webhook.WithMaxBodyBytes(1024), webhook.WithHeartbeat(func(key string) { beats <- key }))
			req := httptest.NewRequest(cmpOr(tc.method, http.MethodPost), tc.path, strings.NewReader(tc.body))
			for k, v := range tc.header {
				req.Header.Set(k, v)
			}
			w := httptest.NewRecorder()
			rc.ServeHTTP(w, req)
			if w.Code != tc.wantStatus {
				t.Fatalf("status %d, want %d", w.Code, tc.wantStatus)
			}
			// Close drains the queue: after it, the channel holds everything
			// the callback received.
			if err := rc.Close(t.Context()); err != nil {
				t.Fatal(err)
			}
			n := 0
			for len(got) > 0 {
				d := <-got
				n += len(d.Events)
				if d.Key != "/hooks/a" {
					t.Errorf("delivery key %q", d.Key)
				}
				e := d.Events[0]
				if e.Action != asana.EventChanged || e.Change.Value().GID != "6" || e.User.GID != "5" {
					t.Errorf("event = %+v", e)
				}
			}
			if n != tc.wantEvents {
				t.Errorf("callback got %d events, want %d", n, tc.wantEvents)
			}
			if hb := len(beats) == 1; hb != tc.heartbeat {
				t.Errorf("heartbeat reported: %v, want %v", hb, tc.heartbeat)
			}
		})
	}
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func TestBusyAndClose(t *testing.T) {
	store := &webhook.MemoryStore{}
	_ = store.SetSecret(t.Context(), "/h", secret)
	started, release := make(chan struct{}), make(chan struct{})
	done := make(chan int, 10)
	rc, err := webhook.NewReceiver(store, func(ctx context.Context, d webhook.Delivery) error {
		started <- struct{}{}
		<-release
		done <- len(d.Events)
		return nil
	}, webhook.WithQueue(1, 1))
	if err != nil {
		t.Fatal(err)
	}
	hdr := map[string]string{webhook.HeaderSignature: webhook.Sign(secret, []byte(batch))}
	if w := post(rc, "/h", hdr, batch); w.Code != 200 {
		t.Fatalf("first: %d", w.Code)
	}
	<-started // the worker holds the first delivery
	if w := post(rc, "/h", hdr, batch); w.Code != 200 {
		t.Fatalf("second (queued): %d", w.Code)
	}
	if w := post(rc, "/h", hdr, batch); w.Code != http.StatusServiceUnavailable || w.Header().Get("Retry-After") == "" {
		t.Fatalf("third (queue full): %d", w.Code)
	}
	closed := make(chan error)
	go func() { closed <- rc.Close(t.Context()) }()
	close(release)
	<-started
	if err := <-closed; err != nil {
		t.Fatal(err)
	}
	if len(done) != 2 {
		t.Fatalf("%d deliveries finished before Close returned, want 2", len(done))
	}
	if w := post(rc, "/h", hdr, batch); w.Code != http.StatusServiceUnavailable {
		t.Fatalf("after Close: %d, want 503", w.Code)
	}
}

func TestCloseGivesUp(t *testing.T) {
	store := &webhook.MemoryStore{}
	_ = store.SetSecret(t.Context(), "/h", secret)
	started := make(chan struct{})
	rc, err := webhook.NewReceiver(store, func(ctx context.Context, d webhook.Delivery) error {
		close(started)
		<-ctx.Done() // a slow callback that honours its context
		return ctx.Err()
	}, webhook.WithQueue(1, 1))
	if err != nil {
		t.Fatal(err)
	}
	post(rc, "/h", map[string]string{webhook.HeaderSignature: webhook.Sign(secret, []byte(batch))}, batch)
	<-started
	ctx, cancel := context.WithTimeout(t.Context(), time.Millisecond)
	defer cancel()
	if err := rc.Close(ctx); err != context.DeadlineExceeded {
		t.Fatalf("Close = %v, want deadline exceeded", err)
	}
}

func TestFileStore(t *testing.T) {
	path := filepath.Join(t.TempDir(), "secrets.json")
	ctx := t.Context()
	s := webhook.NewFileStore(path)
	if _, ok, err := s.Secret(ctx, "/a"); ok || err != nil {
		t.Fatalf("empty store: %v %v", ok, err)
	}
	if err := s.SetSecret(ctx, "/a", "one"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetSecret(ctx, "/b", "two"); err != nil {
		t.Fatal(err)
	}
	// A new store on the same file sees both: secrets survive restarts.
	again := webhook.NewFileStore(path)
	for k, want := range map[string]string{"/a": "one", "/b": "two"} {
		if got, ok, err := again.Secret(ctx, k); !ok || err != nil || got != want {
			t.Errorf("%s = %q %v %v", k, got, ok, err)
		}
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", fi.Mode().Perm())
	}
	if err := os.WriteFile(path, []byte("{"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := again.Secret(ctx, "/a"); err == nil || strings.Contains(err.Error(), "one") {
		t.Errorf("corrupt file: %v", err)
	}
}
