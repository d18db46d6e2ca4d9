package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/examples/internal/clitest"
)

// TestEmbeddedFake runs the service as a newcomer would: no token.
func TestEmbeddedFake(t *testing.T) {
	clitest.DemoEnv(t)
	r := clitest.Run(t.Context(), run)
	if r.Code != 0 {
		t.Fatalf("exit code %d; stderr:\n%s", r.Code, r.Err)
	}
	for _, want := range []string{"every name known", "with no assignee", "completed it", "the task is assigned to ", "with two comments"} {
		if !strings.Contains(r.Out, want) {
			t.Errorf("output lacks %q:\n%s", want, r.Out)
		}
	}
	clitest.CheckDemoNotice(t, r)
}

func TestFlags(t *testing.T) {
	clitest.DemoEnv(t)
	if r := clitest.Run(t.Context(), run, "-h"); r.Code != 0 || !strings.Contains(r.Err, "sqlite:rules.db") || !strings.Contains(r.Err, "postgres://") {
		t.Errorf("-h: %d\n%s", r.Code, r.Err)
	}
	for _, args := range [][]string{{"-workers", "0"}, {"-interval", "0s"}, {"-webhook-url", "ftp://x"}} {
		if r := clitest.Run(t.Context(), run, args...); r.Code != 2 {
			t.Errorf("%v: exit %d\n%s", args, r.Code, r.Err)
		}
	}
	clitest.TokenEnv(t, "x", "")
	if r := clitest.Run(t.Context(), run); r.Code != 2 || !strings.Contains(r.Err, "-rules and -project are required") {
		t.Errorf("token without -rules: %d\n%s", r.Code, r.Err)
	}
}

func TestTokenErrors(t *testing.T) {
	clitest.CheckTokenErrors(t, run, "-rules", "x.yaml", "-project", "1")
}

// TestInvalidRulesStopBeforeEvents: a rule naming a tag the organization
// lacks is a configuration error (exit 2) before anything is registered.
func TestInvalidRulesStopBeforeEvents(t *testing.T) {
	srv, org := clitest.LoopbackFake(t)
	file := filepath.Join(t.TempDir(), "rules.yaml")
	if err := os.WriteFile(file, []byte("rules:\n  - name: r\n    when: {tag_added: no-such-tag}\n    do: [{comment: x}]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errb strings.Builder
	code := run(t.Context(), []string{"-rules", file, "-project", org.Projects[0].GID, "-listen", "127.0.0.1:0",
		"-store", "sqlite:" + filepath.Join(t.TempDir(), "r.db")}, &out, &errb)
	if code != 2 || !strings.Contains(errb.String(), "no-such-tag") {
		t.Errorf("exit %d\n%s", code, errb.String())
	}
	_ = srv
}

// TestSignalDeletesWebhooks runs the webhook mode against a loopback fake:
// the webhook is created (its handshake answered by the service and its
// secret stored), a delivery is acted on, and SIGTERM (ctx) deletes the
// webhook and exits 0. /healthz and /readyz answer meanwhile.
func TestSignalDeletesWebhooks(t *testing.T) {
	srv, org := clitest.LoopbackFake(t)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	file := filepath.Join(t.TempDir(), "rules.yaml")
	project := org.Projects[0].GID
	if err := os.WriteFile(file, []byte("rules:\n  - name: triage\n    when: {added_to_project: \""+project+"\"}\n    do:\n      - assign: \""+org.Member.GID+"\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	// Stopped (as by SIGTERM) once the rule has fired on the delivery.
	errb := &clitest.CancelOn{Marker: "rules: rule fired", Cancel: cancel}
	checked := make(chan struct{})
	out := &clitest.CancelOn{Marker: "Receiving webhooks", Cancel: func() {
		go func() {
			defer close(checked)
			for _, p := range []string{"/healthz", "/readyz", "/counters"} {
				resp, err := http.Get("http://" + addr + p)
				if err != nil {
					t.Error(err)
					return
				}
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 {
					t.Errorf("%s: %d %s", p, resp.StatusCode, b)
				}
			}
			human, err := asana.NewClient(org.AdminToken, asana.WithBaseURL(srv.URL()))
			if err != nil {
				t.Error(err)
				return
			}
			if _, err := human.Tasks.Create(ctx, &asana.TaskCreateRequest{Name: "Webhook task", Projects: []string{project}}, nil); err != nil {
				t.Error(err)
				return
			}
			srv.DeliverWebhooks(ctx) // answered 200 once stored
		}()
	}}
	code := run(ctx, []string{"-rules", file, "-project", project, "-listen", addr, "-webhook-url", "http://" + addr,
		"-store", "sqlite:" + filepath.Join(t.TempDir(), "r.db")}, out, errb)
	<-checked
	if code != 0 || !strings.Contains(errb.String(), "webhook deleted") {
		t.Fatalf("exit %d\n%s\n%s", code, out.String(), errb.String())
	}
	bot, _ := asana.NewClient(org.ServiceAccountToken, asana.WithBaseURL(srv.URL()))
	for h, err := range bot.Webhooks.List(t.Context(), org.Organization.GID, nil).All() {
		if err != nil {
			t.Fatal(err)
		}
		t.Errorf("webhook %s is still there", h.GID)
	}
}
