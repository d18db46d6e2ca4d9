package serviceaccounts

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

const testSecret = "2/1200000000000099/1200000000000100:0123456789abcdef0123456789abcdef"

func TestTokenRedactedEverywhere(t *testing.T) {
	t.Setenv("SVCACCT_TEST_TOKEN", "  "+testSecret+"\n")
	tok, err := TokenFromEnv("SVCACCT_TEST_TOKEN")
	if err != nil {
		t.Fatal(err)
	}
	if tok.Secret() != testSecret {
		t.Fatalf("Secret() = %q, want the trimmed token", tok.Secret())
	}
	type config struct {
		Name  string
		Token Token
		Ptr   *Token
	}
	cfg := config{Name: "bot", Token: tok, Ptr: &tok}

	var logBuf bytes.Buffer
	jsonLog := slog.New(slog.NewJSONHandler(&logBuf, nil))
	jsonLog.Info("loaded", "token", tok, "cfg", cfg)
	textLog := slog.New(slog.NewTextHandler(&logBuf, nil))
	textLog.Info("loaded", "token", tok, slog.Any("ptr", &tok))
	js, err := json.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	text, err := tok.MarshalText()
	if err != nil {
		t.Fatal(err)
	}
	renderings := map[string]string{
		"String":  tok.String(),
		"%v":      fmt.Sprintf("%v", tok),
		"%+v":     fmt.Sprintf("%+v", cfg),
		"%#v":     fmt.Sprintf("%#v", cfg),
		"%s":      fmt.Sprintf("%s", tok),
		"%q":      fmt.Sprintf("%q", tok),
		"%x":      fmt.Sprintf("%x", tok),
		"%X":      fmt.Sprintf("%X", tok),
		"%d":      fmt.Sprintf("%d", tok),
		"ptr %v":  fmt.Sprintf("%v", &tok),
		"Println": fmt.Sprintln(tok, cfg),
		"JSON":    string(js),
		"Text":    string(text),
		"slog":    logBuf.String(),
	}
	hexSecret := fmt.Sprintf("%x", testSecret)
	for name, s := range renderings {
		if strings.Contains(s, testSecret) || strings.Contains(s, hexSecret) || strings.Contains(s, "0123456789abcdef") {
			t.Errorf("%s leaks the secret: %s", name, s)
		}
		if !strings.Contains(s, redacted) {
			t.Errorf("%s does not say the token is redacted: %s", name, s)
		}
	}
	if !strings.Contains(tok.String(), "env SVCACCT_TEST_TOKEN") || tok.Source() != "env SVCACCT_TEST_TOKEN" {
		t.Errorf("String %q should name the source", tok.String())
	}
}

func TestTokenFromEnv(t *testing.T) {
	tests := []struct {
		name, value string
		set         bool
		wantErr     error
	}{
		{"unset", "", false, ErrNoToken},
		{"blank", "  \n", true, ErrNoToken},
		{"inner space", "abc def", true, nil},
		{"byte order mark", "\ufeffabcdef", true, nil},
		{"ok", testSecret, true, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.set {
				t.Setenv(DefaultTokenEnv, tt.value)
			} else {
				t.Setenv(DefaultTokenEnv, "")
				os.Unsetenv(DefaultTokenEnv)
			}
			tok, err := TokenFromEnv("")
			switch {
			case tt.wantErr != nil:
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
			case tt.name == "inner space" || tt.name == "byte order mark":
				if err == nil || strings.Contains(err.Error(), "def") {
					t.Fatalf("err = %v, want a refusal that does not quote the token", err)
				}
			default:
				if err != nil || tok.Secret() != tt.value {
					t.Fatalf("got %v, %v", tok, err)
				}
			}
		})
	}
}

func TestTokenFromFile(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("file permissions are not checked on Windows")
	}
	dir := t.TempDir()
	write := func(name, content string, mode os.FileMode) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), mode); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p, mode); err != nil {
			t.Fatal(err)
		}
		return p
	}
	private := write("private", testSecret+"\n", 0o600)
	shared := write("shared", testSecret, 0o644)
	empty := write("empty", "\n", 0o600)
	big := write("big", strings.Repeat("a", 5000), 0o600)
	withBOM := write("bom", "\ufeff"+testSecret+"\r\n", 0o600)
	groupRead := write("group-read", testSecret, 0o440)
	groupWrite := write("group-write", testSecret, 0o660)
	otherRead := write("other-read", testSecret, 0o404)

	var warnings bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&warnings, nil))
	tests := []struct {
		name    string
		path    string
		opts    *TokenFileOptions
		wantErr error
		errText string
		warn    bool
	}{
		{name: "private", path: private},
		{name: "byte order mark", path: withBOM},
		{name: "shared refused", path: shared, wantErr: ErrInsecureTokenFile, errText: "chmod 600"},
		{name: "shared allowed warns", path: shared, opts: &TokenFileOptions{AllowInsecure: true, Logger: logger}, warn: true},
		{name: "group-readable refused", path: groupRead, wantErr: ErrInsecureTokenFile},
		{name: "group-readable allowed", path: groupRead, opts: &TokenFileOptions{AllowGroupRead: true, Logger: logger}},
		{name: "group-writable refused with AllowGroupRead", path: groupWrite, opts: &TokenFileOptions{AllowGroupRead: true}, wantErr: ErrInsecureTokenFile},
		{name: "others refused with AllowGroupRead", path: otherRead, opts: &TokenFileOptions{AllowGroupRead: true}, wantErr: ErrInsecureTokenFile},
		{name: "empty", path: empty, wantErr: ErrNoToken},
		{name: "missing", path: filepath.Join(dir, "nope"), wantErr: os.ErrNotExist},
		{name: "too big", path: big, errText: "larger than 4 KiB"},
		{name: "directory", path: dir, errText: "not a regular file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			warnings.Reset()
			tok, err := TokenFromFile(tt.path, tt.opts)
			if tt.wantErr == nil && tt.errText == "" {
				if err != nil || tok.Secret() != testSecret {
					t.Fatalf("got %v, %v", tok, err)
				}
				if !strings.Contains(tok.String(), "file "+tt.path) {
					t.Errorf("String %q should name the file", tok)
				}
			} else {
				if err == nil || (tt.wantErr != nil && !errors.Is(err, tt.wantErr)) || !strings.Contains(err.Error(), tt.errText) {
					t.Fatalf("err = %v, want %v %q", err, tt.wantErr, tt.errText)
				}
				if strings.Contains(err.Error(), testSecret) {
					t.Errorf("error leaks the token: %v", err)
				}
			}
			if got := strings.Contains(warnings.String(), "accessible to other users"); got != tt.warn {
				t.Errorf("warning logged = %v, want %v (%s)", got, tt.warn, warnings.String())
			}
			if strings.Contains(warnings.String(), testSecret) {
				t.Errorf("warning leaks the token")
			}
		})
	}
}

func TestZeroToken(t *testing.T) {
	var tok Token
	if !tok.IsZero() || tok.String() != "asana token: none" {
		t.Errorf("zero token: %v", tok)
	}
	if _, err := tok.NewClient(); !errors.Is(err, ErrNoToken) {
		t.Errorf("NewClient on the zero token: %v", err)
	}
}

// TestTokenInUnexportedField checks the promise that a Token can sit in a
// config struct that gets logged, also in an unexported field, where fmt
// does not call the Token's methods but prints its fields.
func TestTokenInUnexportedField(t *testing.T) {
	t.Setenv("SVCACCT_TEST_TOKEN", testSecret)
	tok, err := TokenFromEnv("SVCACCT_TEST_TOKEN")
	if err != nil {
		t.Fatal(err)
	}
	type config struct {
		name  string
		token Token
		ptr   *Token
		list  []Token
		byKey map[string]Token
	}
	cfg := config{name: "bot", token: tok, ptr: &tok, list: []Token{tok}, byKey: map[string]Token{"a": tok}}
	nested := struct{ inner config }{cfg}
	var text, js bytes.Buffer
	slog.New(slog.NewTextHandler(&text, nil)).Info("cfg", "cfg", cfg, "nested", nested, "ptr", &cfg)
	slog.New(slog.NewJSONHandler(&js, nil)).Info("cfg", "cfg", cfg, "nested", nested, "ptr", &cfg)
	renderings := map[string]string{"slog text": text.String(), "slog JSON": js.String()}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d"} {
		renderings[verb] = fmt.Sprintf(verb, cfg)
		renderings[verb+" nested"] = fmt.Sprintf(verb, nested)
		renderings[verb+" pointer"] = fmt.Sprintf(verb, &cfg)
	}
	renderings["Sprint"] = fmt.Sprint(cfg, nested)
	hexSecret := fmt.Sprintf("%x", testSecret)
	for name, s := range renderings {
		if strings.Contains(s, testSecret) || strings.Contains(strings.ToLower(s), hexSecret) || strings.Contains(s, "0123456789abcdef") {
			t.Errorf("%s leaks the secret: %s", name, s)
		}
	}
}

// TestTokenFromFileNamedPipe checks that a named pipe is refused at once
// rather than waited on (os.Open of a pipe blocks until a writer comes).
func TestTokenFromFileNamedPipe(t *testing.T) {
	path := filepath.Join(t.TempDir(), "token")
	mkfifo(t, path)
	done := make(chan error, 1)
	go func() {
		_, err := TokenFromFile(path, nil)
		done <- err
	}()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "not a regular file") {
			t.Fatalf("err = %v, want a refusal of the named pipe", err)
		}
	case <-time.After(30 * time.Second):
		// A watchdog, not a wait: a correct TokenFromFile returns
		// without blocking. Open the pipe's other end so that the
		// blocked call (and the test) can end.
		if w, err := os.OpenFile(path, os.O_WRONLY, 0); err == nil {
			w.Close()
		}
		<-done
		t.Fatal("TokenFromFile blocked on a named pipe")
	}
}
