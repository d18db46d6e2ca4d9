package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/asanakit/asana-go/examples/internal/clitest"
)

var listening = regexp.MustCompile(`^listening on (http://127\.0\.0\.1:\d+/api/1\.0)$`)

// start runs the server with args and returns its base URL, its standard
// error so far (once it is done) and a channel with its exit code.
func start(t *testing.T, ctx context.Context, args ...string) (string, *syncBuffer, <-chan int) {
	t.Helper()
	pr, pw := io.Pipe()
	stderr := &syncBuffer{}
	done := make(chan int, 1)
	go func() {
		code := run(ctx, append([]string{"-addr", "127.0.0.1:0"}, args...), pw, stderr)
		pw.Close()
		done <- code
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatalf("no listening line (%v); stderr:\n%s", err, stderr)
	}
	m := listening.FindStringSubmatch(strings.TrimSuffix(line, "\n"))
	if m == nil {
		t.Fatalf("first line %q is not the listening line", line)
	}
	go func() { _, _ = io.Copy(io.Discard, pr) }() // nothing else is printed; drain anyway
	return m[1], stderr, done
}

func get(t *testing.T, url, token string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var doc map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&doc); err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, doc
}

func TestServeAndSignal(t *testing.T) {
	base, stderr, done := start(t, t.Context(), "-token", "s3cret", "-rate-limit", "100")
	tests := []struct {
		path, token string
		status      int
	}{
		{"/users/me", "s3cret", http.StatusOK},
		{"/workspaces", "s3cret", http.StatusOK},
		{"/users/me", "wrong", http.StatusUnauthorized},
	}
	for _, tt := range tests {
		code, doc := get(t, base+tt.path, tt.token)
		if code != tt.status {
			t.Errorf("GET %s: %d, want %d: %v", tt.path, code, tt.status, doc)
		}
	}
	_, doc := get(t, base+"/users/me", "s3cret")
	if name := doc["data"].(map[string]any)["name"]; name == "" {
		t.Errorf("service account without a name: %v", doc)
	}
	// A real SIGINT: run has its handler in place once it printed the
	// listening line.
	if err := syscall.Kill(os.Getpid(), syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	if code := <-done; code != 0 {
		t.Fatalf("exit code %d; stderr:\n%s", code, stderr)
	}
	out := stderr.String()
	if strings.Contains(out, "s3cret") {
		t.Errorf("stderr shows the token given on the command line:\n%s", out)
	}
	if !strings.Contains(out, "shutting down") || !strings.Contains(out, "organization ") {
		t.Errorf("stderr:\n%s", out)
	}
	if _, err := http.Get(base + "/users/me"); err == nil {
		t.Error("server still answers after shutdown")
	}
}

func TestRandomTokenAndSizes(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	base, stderr, done := start(t, ctx, "-demo-users", "30", "-demo-tasks", "200", "-demo-projects", "4", "-seed", "9")
	tok := regexp.MustCompile(`token (2/fake/[0-9a-f]{32})`).FindStringSubmatch(stderr.String())
	if tok == nil {
		t.Fatalf("no random token printed:\n%s", stderr)
	}
	if code, doc := get(t, base+"/users/me", tok[1]); code != http.StatusOK {
		t.Fatalf("random token: %d %v", code, doc)
	}
	if !strings.Contains(stderr.String(), "30 users, 3 teams, 4 projects, 200 tasks") {
		t.Errorf("sizes not applied:\n%s", stderr)
	}
	cancel()
	if code := <-done; code != 0 {
		t.Fatalf("exit code %d", code)
	}
}

func TestUsageAndBadFlags(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"help", []string{"-h"}, 0, "listening on <base URL>"},
		{"negative", []string{"-demo-tasks", "-1"}, 2, "-demo-tasks must not be negative"},
		{"extra argument", []string{"now"}, 2, "unexpected arguments"},
		{"unknown flag", []string{"-port", "1"}, 2, "flag provided but not defined"},
		{"bad token", []string{"-addr", "127.0.0.1:0", "-token", "has space"}, 1, "-token: asanatest: a token secret must be non-empty"},
		{"projects without teams", []string{"-addr", "127.0.0.1:0", "-demo-teams", "0"}, 1, "at least one team"},
		{"token file others may read", []string{"-token-file", clitest.TokenFile(t, "s3cret", 0o644)}, 2, "accessible to other users"},
		{"token and token file", []string{"-token", "a", "-token-file", "b"}, 2, "do not go together"},
		{"log format", []string{"-log-format", "xml"}, 2, "want text or json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := run(t.Context(), tt.args, &stdout, &stderr); code != tt.code {
				t.Fatalf("exit code %d, want %d; stderr:\n%s", code, tt.code, &stderr)
			}
			if !strings.Contains(stderr.String(), tt.want) {
				t.Errorf("stderr lacks %q:\n%s", tt.want, &stderr)
			}
			if stdout.Len() > 0 {
				t.Errorf("stdout: %q", &stdout)
			}
		})
	}
}

// syncBuffer is a bytes.Buffer safe for the server goroutine to write while
// the test reads.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestTokenFileAndJSONLogs serves the token of a file (never printed) and
// logs JSON lines.
func TestTokenFileAndJSONLogs(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	base, stderr, done := start(t, ctx, "-token-file", clitest.TokenFile(t, "2/from-a-file", 0o600), "-log-format", "json")
	if code, doc := get(t, base+"/users/me", "2/from-a-file"); code != http.StatusOK {
		t.Fatalf("token of the file: %d %v", code, doc)
	}
	cancel()
	if code := <-done; code != 0 {
		t.Fatalf("exit code %d", code)
	}
	for _, line := range strings.Split(strings.TrimSpace(stderr.String()), "\n") {
		var v map[string]any
		if err := json.Unmarshal([]byte(line), &v); err != nil || v["msg"] == nil {
			t.Errorf("not a JSON log line: %q", line)
		}
	}
	if strings.Contains(stderr.String(), "from-a-file") {
		t.Error("the token of the file was logged")
	}
}
