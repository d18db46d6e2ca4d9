package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

// TestEmbeddedFake runs the example as a newcomer would: no token.
func TestEmbeddedFake(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), nil, env(nil), &stdout, &stderr); code != 0 {
		t.Fatalf("exit code %d; stderr:\n%s", code, &stderr)
	}
	out := stdout.String()
	for _, want := range []string{"Receiver listening on http://127.0.0.1:", "answered the handshake",
		"with no assignee", `Rule "triage" fired on the webhook delivery: "Printer on fire" is now assigned to `, "Webhook deleted"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(stderr.String(), "ASANA_TOKEN is not set") {
		t.Errorf("stderr: %s", &stderr)
	}
}

func TestFlags(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"-h"}, env(nil), &stdout, &stderr); code != 0 || !strings.Contains(stderr.String(), "public HTTPS") {
		t.Errorf("-h: %d\n%s", code, &stderr)
	}
	if code := run(context.Background(), nil, env(map[string]string{"ASANA_TOKEN": "x"}), &stdout, &stderr); code != 1 || !strings.Contains(stderr.String(), "-project is required") {
		t.Errorf("token without -project: %d\n%s", code, &stderr)
	}
}
