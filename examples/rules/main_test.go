package main

import (
	"context"
	"net"
	"strings"
	"testing"

	"github.com/asanakit/asana-go/examples/internal/clitest"
)

// TestEmbeddedFake runs the example as a newcomer would: no token.
func TestEmbeddedFake(t *testing.T) {
	clitest.DemoEnv(t)
	r := clitest.Run(t.Context(), run)
	if r.Code != 0 {
		t.Fatalf("exit code %d; stderr:\n%s", r.Code, r.Err)
	}
	for _, want := range []string{"Receiver listening on http://127.0.0.1:", "answered the handshake",
		"with no assignee", `Rule "triage" fired on the webhook delivery: "Printer on fire" is now assigned to `, "Webhook deleted"} {
		if !strings.Contains(r.Out, want) {
			t.Errorf("output lacks %q:\n%s", want, r.Out)
		}
	}
	clitest.CheckDemoNotice(t, r)
}

func TestFlags(t *testing.T) {
	clitest.DemoEnv(t)
	if r := clitest.Run(t.Context(), run, "-h"); r.Code != 0 || !strings.Contains(r.Err, "public HTTPS") || !strings.Contains(r.Err, "127.0.0.1:8081") {
		t.Errorf("-h: %d\n%s", r.Code, r.Err)
	}
	clitest.TokenEnv(t, "x", "")
	if r := clitest.Run(t.Context(), run); r.Code != 2 || !strings.Contains(r.Err, "-project is required") {
		t.Errorf("token without -project: %d\n%s", r.Code, r.Err)
	}
	// Creating a webhook changes Asana: it needs -apply.
	if r := clitest.Run(t.Context(), run, "-project", "1", "-webhook-url", "https://example.com/h"); r.Code != 2 || !strings.Contains(r.Err, "add -apply") {
		t.Errorf("-webhook-url without -apply: %d\n%s", r.Code, r.Err)
	}
}

func TestTokenErrors(t *testing.T) { clitest.CheckTokenErrors(t, run) }

// TestSignalDeletesWebhook runs the webhook mode against a loopback fake
// and stops it as SIGTERM does: the webhook it created is deleted and the
// exit code is 0, a service's normal stop.
func TestSignalDeletesWebhook(t *testing.T) {
	srv, org := clitest.LoopbackFake(t)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	out := &clitest.CancelOn{Marker: "delivers to", Cancel: cancel}
	var errb strings.Builder
	code := run(ctx, []string{"-project", org.Projects[0].GID, "-apply", "-listen", addr,
		"-webhook-url", "http://" + addr + "/hooks/triage"}, out, &errb)
	if code != 0 || !strings.Contains(errb.String(), "deleted the webhook") {
		t.Fatalf("exit %d\n%s\n%s", code, out.String(), errb.String())
	}
	gid := strings.Fields(strings.SplitN(out.String(), "Webhook ", 2)[1])[0]
	if _, ok := srv.Webhook(gid); ok {
		t.Errorf("webhook %s is still there", gid)
	}
}

func TestInterruptedDemo(t *testing.T) {
	clitest.DemoEnv(t)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	out := &clitest.CancelOn{Marker: "answered the handshake", Cancel: cancel}
	var errb strings.Builder
	code := run(ctx, nil, out, &errb)
	if code != 130 || !strings.Contains(out.String(), "Webhook deleted") {
		t.Errorf("exit %d\n%s\n%s", code, out.String(), errb.String())
	}
}
