package main

import (
	"bytes"
	"strings"
	"testing"
)

// TestEmbeddedFake runs the example as a newcomer would: no token.
func TestEmbeddedFake(t *testing.T) {
	t.Setenv("ASANA_TOKEN", "")
	var stdout, stderr bytes.Buffer
	if code := run(t.Context(), nil, &stdout, &stderr); code != 0 {
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
	t.Setenv("ASANA_TOKEN", "")
	var stdout, stderr bytes.Buffer
	if code := run(t.Context(), []string{"-h"}, &stdout, &stderr); code != 0 || !strings.Contains(stderr.String(), "public HTTPS") {
		t.Errorf("-h: %d\n%s", code, &stderr)
	}
	t.Setenv("ASANA_TOKEN", "x")
	if code := run(t.Context(), nil, &stdout, &stderr); code != 1 || !strings.Contains(stderr.String(), "-project is required") {
		t.Errorf("token without -project: %d\n%s", code, &stderr)
	}
	// Creating a webhook changes Asana: it needs -apply.
	stderr.Reset()
	if code := run(t.Context(), []string{"-project", "1", "-webhook-url", "https://example.com/h"}, &stdout, &stderr); code != 2 || !strings.Contains(stderr.String(), "add -apply") {
		t.Errorf("-webhook-url without -apply: %d\n%s", code, &stderr)
	}
}
