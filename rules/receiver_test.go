package rules_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/asana/webhook"
	"github.com/asanakit/asana-go/rules"
)

// TestReceiverRefuses checks the durable receiver against what a stranger
// may send: nothing unsigned, badly signed, oversized or malformed reaches
// the store, and a handshake cannot replace a secret.
func TestReceiverRefuses(t *testing.T) {
	c, err := asana.NewClient("0/x")
	if err != nil {
		t.Fatal(err)
	}
	store := &rules.MemoryStore{}
	eng, err := rules.New(c, []rules.Rule{{Name: "any", Do: []rules.Action{rules.Comment{Text: "x"}}}},
		rules.WithStore(store), rules.WithSelf("1"), rules.WithWorkspace("2"))
	if err != nil {
		t.Fatal(err)
	}
	h := eng.Receiver(nil)
	if err := store.SetSecret(t.Context(), "/hooks/p", "secret"); err != nil {
		t.Fatal(err)
	}
	good := []byte(`{"events":[{"action":"added","resource":{"gid":"5","resource_type":"task"},"created_at":"2026-03-01T12:00:00Z"}]}`)
	big := append([]byte(`{"events":[`), bytes.Repeat([]byte(" "), 5<<20)...)
	for _, tc := range []struct {
		name, method, path string
		body               []byte
		header             map[string]string
		want               int
	}{
		{"get", http.MethodGet, "/hooks/p", nil, nil, http.StatusMethodNotAllowed},
		{"unsigned", http.MethodPost, "/hooks/p", good, nil, http.StatusUnauthorized},
		{"bad signature", http.MethodPost, "/hooks/p", good, map[string]string{webhook.HeaderSignature: webhook.Sign("other", good)}, http.StatusUnauthorized},
		{"no handshake for the path", http.MethodPost, "/hooks/q", good, map[string]string{webhook.HeaderSignature: webhook.Sign("secret", good)}, http.StatusUnauthorized},
		{"second handshake", http.MethodPost, "/hooks/p", nil, map[string]string{webhook.HeaderSecret: "mine"}, http.StatusForbidden},
		{"too big", http.MethodPost, "/hooks/p", big, map[string]string{webhook.HeaderSignature: webhook.Sign("secret", big)}, http.StatusRequestEntityTooLarge},
		{"signed junk", http.MethodPost, "/hooks/p", []byte("[1,2"), map[string]string{webhook.HeaderSignature: webhook.Sign("secret", []byte("[1,2"))}, http.StatusBadRequest},
		{"good", http.MethodPost, "/hooks/p", good, map[string]string{webhook.HeaderSignature: webhook.Sign("secret", good)}, http.StatusOK},
		{"first handshake", http.MethodPost, "/hooks/new", nil, map[string]string{webhook.HeaderSecret: "fresh"}, http.StatusOK},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := httptest.NewRequest(tc.method, tc.path, bytes.NewReader(tc.body))
			for k, v := range tc.header {
				req.Header.Set(k, v)
			}
			w := httptest.NewRecorder()
			h.ServeHTTP(w, req)
			if w.Code != tc.want {
				t.Errorf("answered %d %s, want %d", w.Code, strings.TrimSpace(w.Body.String()), tc.want)
			}
		})
	}
	if s, _, _ := store.Secret(t.Context(), "/hooks/p"); s != "secret" {
		t.Errorf("the secret became %q", s)
	}
	if s, _, _ := store.Secret(t.Context(), "/hooks/new"); s != "fresh" {
		t.Errorf("the first handshake's secret is %q", s)
	}
	if st, _ := store.Stats(t.Context()); st.Seen != 1 || st.Pending != 1 {
		t.Errorf("store %+v: want only the good delivery", st)
	}
}
