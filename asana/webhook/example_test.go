package webhook_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/asanakit/asana-go/asana/webhook"
)

// A receiver answers Asana's handshake, then accepts only deliveries signed
// with the secret of that handshake.
func Example() {
	events := make(chan string, 1)
	rc, err := webhook.NewReceiver(&webhook.MemoryStore{}, func(ctx context.Context, d webhook.Delivery) error {
		for _, e := range d.Events {
			events <- e.Action + " " + e.Resource.ResourceType + " " + e.Resource.GID
		}
		return nil
	})
	if err != nil {
		panic(err)
	}
	defer rc.Close(context.Background())

	send := func(header, value, body string) int {
		req := httptest.NewRequest(http.MethodPost, "/hooks/triage", strings.NewReader(body))
		if header != "" {
			req.Header.Set(header, value)
		}
		w := httptest.NewRecorder()
		rc.ServeHTTP(w, req)
		return w.Code
	}
	// What Asana does during Webhooks.Create, then on each change:
	fmt.Println("handshake:", send(webhook.HeaderSecret, "s3cr3t", ""))
	body := `{"events":[{"action":"added","resource":{"gid":"42","resource_type":"task"}}]}`
	fmt.Println("forged:", send(webhook.HeaderSignature, webhook.Sign("guess", []byte(body)), body))
	fmt.Println("signed:", send(webhook.HeaderSignature, webhook.Sign("s3cr3t", []byte(body)), body))
	fmt.Println(<-events)
	// Output:
	// handshake: 200
	// forged: 401
	// signed: 200
	// added task 42
}
