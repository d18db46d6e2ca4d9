package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/asanakit/asana-go/asanatest"
	"github.com/asanakit/asana-go/examples/internal/clitest"
)

// setenv sets the environment the program reads: ASANA_TOKEN and
// ASANA_BASE_URL as m says, unset otherwise.
func setenv(t *testing.T, m map[string]string) {
	t.Helper()
	clitest.DemoEnv(t)
	for k, v := range m {
		t.Setenv(k, v)
	}
}

// TestEmbeddedFake runs the quickstart as a newcomer would: no token.
func TestEmbeddedFake(t *testing.T) {
	setenv(t, nil)
	var stdout, stderr bytes.Buffer
	if code := run(t.Context(), []string{"-tasks", "3"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit code %d; stderr:\n%s", code, &stderr)
	}
	out := stdout.String()
	for _, want := range []string{
		"Organization: Lakeshore Analytics (1200000000000001)\n",
		"\nTeams (3):\n  Engineering\n",
		"\nProjects (5):\n  Security audit  [Engineering]\n",
		"  Roadmap planning  [",
		"(archived)\n",
		"\nFirst tasks of \"Security audit\" (first 3):\n  [",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	clitest.CheckDemoNotice(t, clitest.Result{Err: stderr.String()})
	// The demo organization is the same in every run.
	var again bytes.Buffer
	run(t.Context(), []string{"-tasks", "3"}, &again, &stderr)
	if again.String() != out {
		t.Errorf("second run differs:\n%s\nvs\n%s", &again, out)
	}
}

// TestToken runs against a fake on a loopback port as if it were Asana,
// through ASANA_TOKEN and ASANA_BASE_URL, with a guest's token: a guest
// sees only their own team and projects.
func TestToken(t *testing.T) {
	srv := asanatest.NewServer(t)
	org, err := srv.DemoOrganization()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		env     map[string]string
		args    []string
		code    int
		want    string
		wantErr string
	}{
		{"service account", map[string]string{"ASANA_TOKEN": org.ServiceAccountToken, "ASANA_BASE_URL": srv.URL() + "/"},
			[]string{"-max", "2"}, 0, "\nProjects (first 2):\n", ""},
		{"guest", map[string]string{"ASANA_TOKEN": org.GuestToken, "ASANA_BASE_URL": srv.URL()},
			nil, 0, "\nTeams (1):\n", ""},
		{"chosen project", map[string]string{"ASANA_TOKEN": org.ServiceAccountToken, "ASANA_BASE_URL": srv.URL()},
			[]string{"-org", org.Organization.GID, "-project", org.Projects[1].GID, "-tasks", "1"}, 0, "First tasks of \"" + org.Projects[1].Name + "\" (first 1):", ""},
		{"bad token", map[string]string{"ASANA_TOKEN": "nope", "ASANA_BASE_URL": srv.URL()},
			nil, 1, "", "GET /workspaces: 401 Unauthorized: Not Authorized"},
		{"bad flag", nil, []string{"-tasks", "0"}, 2, "", "between 1 and 100"},
		{"-workspace is now -org", nil, []string{"-workspace", "1"}, 2, "", "not defined: -workspace"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			setenv(t, tt.env)
			var stdout, stderr bytes.Buffer
			if code := run(t.Context(), tt.args, &stdout, &stderr); code != tt.code {
				t.Fatalf("exit code %d, want %d; stderr:\n%s", code, tt.code, &stderr)
			}
			if !strings.Contains(stdout.String(), tt.want) {
				t.Errorf("output lacks %q:\n%s", tt.want, &stdout)
			}
			if !strings.Contains(stderr.String(), tt.wantErr) {
				t.Errorf("stderr lacks %q:\n%s", tt.wantErr, &stderr)
			}
			if tok := tt.env["ASANA_TOKEN"]; tok != "" && strings.Contains(stdout.String()+stderr.String(), tok) {
				t.Error("the token was printed")
			}
		})
	}
}

func TestTokenErrors(t *testing.T) { clitest.CheckTokenErrors(t, run) }

func TestInterrupted(t *testing.T) {
	clitest.DemoEnv(t)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if r := clitest.Run(ctx, run); r.Code != 130 || !strings.Contains(r.Err, "interrupted") {
		t.Errorf("exit %d\n%s", r.Code, r.Err)
	}
}
