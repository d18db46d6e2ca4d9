package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/asanakit/asana-go/examples/internal/clitest"
)

func runDemo(t *testing.T, args ...string) clitest.Result {
	t.Helper()
	clitest.DemoEnv(t)
	return clitest.Run(t.Context(), run, args...)
}

func TestDemo(t *testing.T) {
	r := runDemo(t)
	if r.Code != 0 {
		t.Fatalf("exit %d: %s", r.Code, r.Err)
	}
	for _, want := range []string{"Custom field library", "option never used", "on no project, portfolio or goal",
		"quinn.reed@agency.example", "inactive", "no last-login field"} {
		if !strings.Contains(r.Out, want) {
			t.Errorf("report lacks %q:\n%s", want, r.Out)
		}
	}
	clitest.CheckDemoNotice(t, r)
}

func TestDemoJSON(t *testing.T) {
	r := runDemo(t, "-json")
	var got output
	if err := json.Unmarshal([]byte(r.Out), &got); err != nil || r.Code != 0 {
		t.Fatalf("exit %d, %v\n%s", r.Code, err, r.Out)
	}
	if got.CustomFields == nil || got.CustomFields.Fields == 0 || got.Guests == nil || len(got.Guests.Inactive) != 1 || len(got.Guests.Active) != 1 {
		t.Errorf("json: %+v", got)
	}
}

func TestUsage(t *testing.T) {
	for _, args := range [][]string{{"-guest-days", "0"}, {"-guest-days", "91"}, {"-nope"}} {
		if r := runDemo(t, args...); r.Code != 2 {
			t.Errorf("%v: exit %d", args, r.Code)
		}
	}
}

func TestTokenErrors(t *testing.T) { clitest.CheckTokenErrors(t, run) }
