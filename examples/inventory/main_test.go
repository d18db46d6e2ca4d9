package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/asanakit/asana-go/examples/internal/clitest"
)

func TestEmbeddedFake(t *testing.T) {
	clitest.DemoEnv(t)
	var stdout, stderr bytes.Buffer
	if code := run(t.Context(), nil, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d:\n%s", code, &stderr)
	}
	clitest.CheckDemoNotice(t, clitest.Result{Err: stderr.String()})
	out := stdout.String()
	for _, want := range []string{"SERVICE ACCOUNT", "Legacy import bot", "IDLE: candidate to deauthorize",
		"Spreadsheet sync", "deauthorized 2026-01-05", "Provisioning bot (was ", "active",
		"1 of 3 service accounts idle for 30 days", "admin console"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	var again bytes.Buffer
	run(t.Context(), nil, &again, &stderr)
	if again.String() != out {
		t.Errorf("runs differ:\n%s\n%s", out, &again)
	}
	if code := run(t.Context(), []string{"-idle-days", "0"}, &stdout, &stderr); code != 2 {
		t.Errorf("-idle-days 0: exit %d", code)
	}
}

func TestTokenErrors(t *testing.T) { clitest.CheckTokenErrors(t, run) }

func TestToken(t *testing.T) {
	_, org := clitest.LoopbackFake(t)
	if r := clitest.Run(t.Context(), run); r.Code != 2 || !strings.Contains(r.Err, "-org is required") {
		t.Errorf("no -org: exit %d\n%s", r.Code, r.Err)
	}
	if r := clitest.Run(t.Context(), run, "-org", org.Organization.GID); r.Code != 0 || !strings.Contains(r.Out, "service accounts idle for 30 days") {
		t.Errorf("exit %d\n%s\n%s", r.Code, r.Out, r.Err)
	}
}

func TestInterrupted(t *testing.T) {
	clitest.DemoEnv(t)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if r := clitest.Run(ctx, run); r.Code != 130 || !strings.Contains(r.Err, "interrupted") {
		t.Errorf("exit %d\n%s", r.Code, r.Err)
	}
}
