package webhook_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/asanakit/asana-go/asana/webhook"
)

// BenchmarkVerify measures the signature check of a 100-event delivery.
func BenchmarkVerify(b *testing.B) {
	body := []byte(`{"events":[` + strings.TrimSuffix(strings.Repeat(`{"action":"changed","resource":{"gid":"1200000000000001","resource_type":"task"}},`, 100), ",") + `]}`)
	sig := webhook.Sign(secret, body)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if !webhook.Verify(secret, body, sig) {
			b.Fatal("rejected")
		}
	}
}

// BenchmarkReceiver measures a verified 100-event delivery through the
// handler: read, verify, decode, queue, answer.
func BenchmarkReceiver(b *testing.B) {
	body := []byte(`{"events":[` + strings.TrimSuffix(strings.Repeat(`{"action":"changed","resource":{"gid":"1200000000000001","resource_type":"task"},"user":{"gid":"5","resource_type":"user"},"created_at":"2025-03-01T12:00:00.000Z"},`, 100), ",") + `]}`)
	store := &webhook.MemoryStore{}
	_ = store.SetSecret(b.Context(), "/h", secret)
	rc, err := webhook.NewReceiver(store, func(context.Context, webhook.Delivery) error { return nil }, webhook.WithQueue(1024, 2))
	if err != nil {
		b.Fatal(err)
	}
	defer rc.Close(b.Context())
	sig := webhook.Sign(secret, body)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		req := httptest.NewRequest(http.MethodPost, "/h", bytes.NewReader(body))
		req.Header.Set(webhook.HeaderSignature, sig)
		w := httptest.NewRecorder()
		rc.ServeHTTP(w, req)
		if w.Code != 200 && w.Code != http.StatusServiceUnavailable {
			b.Fatal(w.Code)
		}
	}
}
