// Package clitest is what the examples' tests share: the environment of
// demo mode, a token or a token file, running an example, and the checks
// every example must pass.
package clitest

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/asanakit/asana-go/asanatest"
)

// The variables the examples read.
var vars = []string{"ASANA_TOKEN", "ASANA_TOKEN_FILE", "ASANA_BASE_URL"}

// DemoEnv unsets every token setting for the test (demo mode); they come
// back when it ends.
func DemoEnv(t testing.TB) {
	t.Helper()
	for _, v := range vars {
		t.Setenv(v, "")
		os.Unsetenv(v)
	}
}

// TokenEnv sets ASANA_TOKEN to token and ASANA_BASE_URL to base (unset when
// empty) for the test.
func TokenEnv(t testing.TB, token, base string) {
	t.Helper()
	DemoEnv(t)
	t.Setenv("ASANA_TOKEN", token)
	if base != "" {
		t.Setenv("ASANA_BASE_URL", base)
	}
}

// TokenFile writes token into a new file of mode perm in a temporary
// directory and returns its path.
func TokenFile(t testing.TB, token string, perm os.FileMode) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(path, []byte(token+"\n"), perm); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, perm); err != nil {
		t.Fatal(err)
	}
	return path
}

// Main is the run function of an example.
type Main func(ctx context.Context, args []string, stdout, stderr io.Writer) int

// Result is what a run of an example did.
type Result struct {
	Code     int
	Out, Err string
}

// Run runs main with args under ctx.
func Run(ctx context.Context, main Main, args ...string) Result {
	var out, errb bytes.Buffer
	code := main(ctx, args, &out, &errb)
	return Result{code, out.String(), errb.String()}
}

// CheckTokenErrors checks that main, run with args, exits 2 with a clear
// message for a blank ASANA_TOKEN and for an unreadable token file, and
// never falls back to the demo.
func CheckTokenErrors(t *testing.T, main Main, args ...string) {
	t.Helper()
	tests := []struct {
		name, want string
		setup      func(t *testing.T) []string
	}{
		{"blank ASANA_TOKEN", "ASANA_TOKEN is set but blank", func(t *testing.T) []string {
			TokenEnv(t, " ", "")
			return nil
		}},
		{"unreadable token file", "token file", func(t *testing.T) []string {
			DemoEnv(t)
			t.Setenv("ASANA_TOKEN_FILE", filepath.Join(t.TempDir(), "missing"))
			return nil
		}},
		{"-token-file others may read", "accessible to other users", func(t *testing.T) []string {
			DemoEnv(t)
			return []string{"-token-file", TokenFile(t, "2/secret", 0o644)}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			extra := tt.setup(t)
			r := Run(t.Context(), main, append(extra, args...)...)
			if r.Code != 2 || !strings.Contains(r.Err, tt.want) || strings.Contains(r.Err, "demo mode") {
				t.Errorf("exit %d, want 2 with %q and no demo:\n%s", r.Code, tt.want, r.Err)
			}
			if strings.Contains(r.Err+r.Out, "2/secret") {
				t.Error("the token was printed")
			}
		})
	}
}

// CheckDemoNotice fails the test unless r's standard error says that the
// run is in demo mode.
func CheckDemoNotice(t *testing.T, r Result) {
	t.Helper()
	if !strings.Contains(r.Err, "demo mode: ") || !strings.Contains(r.Err, "neither ASANA_TOKEN nor ASANA_TOKEN_FILE is set") {
		t.Errorf("stderr does not say demo mode:\n%s", r.Err)
	}
}

// CancelOn is a writer that cancels a context once what it is given
// contains marker: a signal arriving at that point of a run.
type CancelOn struct {
	bytes.Buffer
	Marker string
	Cancel context.CancelFunc
}

// Write keeps p and cancels once the marker has been written.
func (w *CancelOn) Write(p []byte) (int, error) {
	n, err := w.Buffer.Write(p)
	if strings.Contains(w.String(), w.Marker) {
		w.Cancel()
	}
	return n, err
}

// LoopbackFake starts the fake on a loopback port with the demo
// organization and points the examples at it with the service account's
// token, as if it were Asana: its state outlives a run.
func LoopbackFake(t *testing.T) (*asanatest.Server, *asanatest.Org) {
	t.Helper()
	srv := asanatest.NewServer(t, asanatest.WithRateLimit(0, 0))
	org, err := srv.DemoOrganization()
	if err != nil {
		t.Fatal(err)
	}
	TokenEnv(t, org.ServiceAccountToken, srv.URL())
	return srv, org
}
