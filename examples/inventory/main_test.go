package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestEmbeddedFake(t *testing.T) {
	t.Setenv("ASANA_TOKEN", "")
	var stdout, stderr bytes.Buffer
	if code := run(t.Context(), nil, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d:\n%s", code, &stderr)
	}
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
