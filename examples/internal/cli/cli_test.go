package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/asanakit/asana-go/examples/internal/clitest"
	"github.com/asanakit/asana-go/serviceaccounts"
)

func TestLoadToken(t *testing.T) {
	good := clitest.TokenFile(t, "2/abc", 0o600)
	open := clitest.TokenFile(t, "2/abc", 0o644)
	group := clitest.TokenFile(t, "2/abc", 0o440)
	tests := []struct {
		name      string
		env       map[string]string
		flag      string
		groupRead bool
		wantDemo  bool
		wantUsage string
	}{
		{"nothing set: demo", nil, "", false, true, ""},
		{"token", map[string]string{"ASANA_TOKEN": "2/abc"}, "", false, false, ""},
		{"blank token", map[string]string{"ASANA_TOKEN": "  "}, "", false, false, "ASANA_TOKEN is set but blank"},
		{"empty token", map[string]string{"ASANA_TOKEN": ""}, "", false, false, "ASANA_TOKEN is set but blank"},
		{"token file env", map[string]string{"ASANA_TOKEN_FILE": good}, "", false, false, ""},
		{"token file flag", nil, good, false, false, ""},
		{"empty token file env", map[string]string{"ASANA_TOKEN_FILE": ""}, "", false, false, "ASANA_TOKEN_FILE is set but empty"},
		{"missing token file", nil, filepath.Join(t.TempDir(), "nope"), false, false, "no such file"},
		{"token file others may read", nil, open, false, false, "accessible to other users"},
		{"token file group may read", nil, group, false, false, "accessible to other users"},
		{"token file group may read, -token-file-group-read", nil, group, true, false, ""},
		{"token file others may read, -token-file-group-read", nil, open, true, false, "accessible to other users"},
		{"both", map[string]string{"ASANA_TOKEN": "2/abc", "ASANA_TOKEN_FILE": good}, "", false, false, "use one"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clitest.DemoEnv(t)
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			tok, err := LoadToken(tt.flag, tt.groupRead, slog.New(slog.DiscardHandler))
			if tt.wantUsage != "" {
				if !IsUsage(err) || !strings.Contains(err.Error(), tt.wantUsage) || Code(t.Context(), err) != ExitUsage {
					t.Fatalf("error %v, want a usage error with %q", err, tt.wantUsage)
				}
				if strings.Contains(err.Error(), "2/abc") {
					t.Errorf("the error shows the token: %v", err)
				}
				return
			}
			if err != nil || tok.IsZero() != tt.wantDemo {
				t.Fatalf("token %v, %v; want demo %v", tok, err, tt.wantDemo)
			}
			if !tt.wantDemo && tok.Secret() != "2/abc" {
				t.Errorf("secret read wrong")
			}
		})
	}
}

func TestCode(t *testing.T) {
	live := t.Context()
	cancelled, cancel := context.WithCancel(t.Context())
	cancel()
	term, tcancel := context.WithCancelCause(t.Context())
	tcancel(&SignalError{Signal: syscall.SIGTERM})
	intr, icancel := context.WithCancelCause(t.Context())
	icancel(&SignalError{Signal: os.Interrupt})
	tests := []struct {
		name string
		ctx  context.Context
		err  error
		want int
	}{
		{"ok", live, nil, ExitOK},
		{"failure", live, errors.New("x"), ExitFailure},
		{"usage", live, Usagef("bad"), ExitUsage},
		{"partial", live, ErrPartial, ExitPartial},
		{"cancelled", cancelled, context.Canceled, ExitInterrupted},
		{"SIGINT", intr, context.Canceled, ExitInterrupted},
		{"SIGTERM", term, errors.New("stopped"), ExitTerminated},
		{"nil error after a signal", term, nil, ExitOK},
	}
	for _, tt := range tests {
		if got := Code(tt.ctx, tt.err); got != tt.want {
			t.Errorf("%s: %d, want %d", tt.name, got, tt.want)
		}
	}
}

func TestSignalContext(t *testing.T) {
	ctx, stop := SignalContext(t.Context())
	defer stop()
	if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
		t.Skip(err)
	}
	<-ctx.Done()
	if Code(ctx, ctx.Err()) != ExitTerminated {
		t.Errorf("cause %v", context.Cause(ctx))
	}
}

func TestNewLogger(t *testing.T) {
	var buf bytes.Buffer
	log, err := NewLogger(&buf, "json", true)
	if err != nil {
		t.Fatal(err)
	}
	log.Debug("hello", "n", 1)
	var line map[string]any
	if err := json.Unmarshal(buf.Bytes(), &line); err != nil || line["msg"] != "hello" || line["level"] != "DEBUG" {
		t.Errorf("json log %q: %v", buf.String(), err)
	}
	if _, err := NewLogger(&buf, "xml", false); !IsUsage(err) {
		t.Errorf("-log-format xml: %v", err)
	}
}

// TestProgress checks both renderings on a clock the test moves.
func TestProgress(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	var logs bytes.Buffer
	log, _ := NewLogger(&logs, "json", false)
	p := newProgress(&logs, false, log, "units", clock)
	now = now.Add(time.Second)
	p.Update(1, 10) // too soon for a log line
	now = now.Add(LogEvery)
	p.Update(6, 10)
	lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
	if len(lines) != 1 {
		t.Fatalf("log lines %q, want one", logs.String())
	}
	var l struct {
		Msg         string  `json:"msg"`
		Done, Total int     `json:"-"`
		Rate        float64 `json:"rate_per_s"`
		ETA         string  `json:"eta"`
	}
	if err := json.Unmarshal([]byte(lines[0]), &l); err != nil || l.Msg != "progress" || l.Rate != 1 || l.ETA != "4s" {
		t.Errorf("line %s: %+v %v", lines[0], l, err)
	}

	var bar bytes.Buffer
	p = newProgress(&bar, true, log, "units", clock)
	now = now.Add(2 * time.Second)
	p.Update(5, 10)
	if got := bar.String(); !strings.Contains(got, "5/10 units, 2.5/s, ETA 2s") || !strings.Contains(got, "###############...") {
		t.Errorf("bar %q", got)
	}
	p.Clear()
	if !strings.HasSuffix(bar.String(), "\r\033[K") {
		t.Errorf("Clear left %q", bar.String())
	}
	if IsTerminal(&bar) {
		t.Error("a buffer is no terminal")
	}
	devnull, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer devnull.Close()
	if IsTerminal(devnull) {
		t.Error("/dev/null is no terminal")
	}
}

func TestClaimDir(t *testing.T) {
	demo := &Env{}
	real := &Env{Token: tokenFor(t)}
	root := t.TempDir()
	fresh := filepath.Join(root, "fresh")
	if err := demo.ClaimDir(fresh); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(fresh, DemoMarker)); err != nil {
		t.Fatalf("demo did not mark its directory: %v", err)
	}
	if err := demo.ClaimDir(fresh); err != nil {
		t.Errorf("demo refused its own directory: %v", err)
	}
	if err := real.ClaimDir(fresh); !IsUsage(err) {
		t.Errorf("a token run took the demo's directory: %v", err)
	}
	prod := filepath.Join(root, "prod")
	if err := os.MkdirAll(filepath.Join(prod, "000001-20260101T000000Z"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := real.ClaimDir(prod); err != nil {
		t.Errorf("token run: %v", err)
	}
	if err := demo.ClaimDir(prod); !IsUsage(err) || !strings.Contains(err.Error(), "demo mode never writes there") {
		t.Errorf("demo took a real backup directory: %v", err)
	}
	if _, err := os.Stat(filepath.Join(prod, DemoMarker)); err == nil {
		t.Error("demo marked a real backup directory")
	}
	snap := filepath.Join(fresh, "000001-x")
	os.Mkdir(snap, 0o755)
	if err := demo.CheckSource(snap); err != nil {
		t.Errorf("demo source: %v", err)
	}
	if err := real.CheckSource(snap); !IsUsage(err) {
		t.Errorf("token run read the demo's backup: %v", err)
	}
	if err := demo.CheckSource(filepath.Join(prod, "000001-20260101T000000Z")); !IsUsage(err) {
		t.Errorf("demo read a real backup: %v", err)
	}
}

func tokenFor(t *testing.T) (tok serviceaccounts.Token) {
	t.Helper()
	clitest.DemoEnv(t)
	t.Setenv("ASANA_TOKEN", "2/abc")
	tok, err := LoadToken("", false, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	return tok
}
