package serviceaccounts

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime"
	"strings"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/internal/input"
)

// DefaultTokenEnv is the environment variable TokenFromEnv reads when it is
// given no name.
const DefaultTokenEnv = "ASANA_TOKEN"

// redacted is what every rendering of a Token shows instead of its secret.
const redacted = "[REDACTED]"

// maxTokenFile is the largest token file TokenFromFile reads.
const maxTokenFile = 4096

// ErrNoToken reports that no token was found where the caller looked.
var ErrNoToken = errors.New("serviceaccounts: no token")

// ErrInsecureTokenFile reports a token file that other users can read.
var ErrInsecureTokenFile = errors.New("serviceaccounts: token file is accessible to other users")

// Token is an Asana access token (a service account's or a personal one)
// together with where it came from. Every rendering of it is redacted:
// String, fmt's verbs (%v, %+v, %#v, %s, %q, %x), JSON, text marshalling
// and slog all show the source and "[REDACTED]", never the secret, so a
// Token can sit in a config struct that gets logged.
//
// That holds in an unexported field too, where fmt prints a struct's
// fields without calling their methods: the secret sits behind a pointer
// to a string, which fmt prints as an address under every verb (a pointer
// to a struct would be followed by the verbs fmt finds wrong for it).
//
// Tokens come from TokenFromEnv or TokenFromFile; there is deliberately no
// constructor from a string literal.
type Token struct {
	secret *string
	source string
}

// TokenFromEnv reads a token from the environment variable name, or from
// ASANA_TOKEN when name is empty. Surrounding white space is trimmed.
// It returns an error wrapping ErrNoToken when the variable is unset or
// blank.
func TokenFromEnv(name string) (Token, error) {
	if name == "" {
		name = DefaultTokenEnv
	}
	v, _ := os.LookupEnv(name)
	return newToken(v, "env "+name)
}

// TokenFileOptions say how TokenFromFile treats a file that other users may
// read.
type TokenFileOptions struct {
	// AllowInsecure accepts a file whose permissions let the group or
	// others read or write it; the default refuses it with
	// ErrInsecureTokenFile. Permissions are not checked on Windows.
	AllowInsecure bool
	// AllowGroupRead accepts a file that its group may read but not
	// write, and others may not access at all (0440, 0640). A Kubernetes
	// Secret mounted for a non-root pod through fsGroup has that mode
	// whatever its defaultMode says, and only the pod's processes share
	// the group.
	AllowGroupRead bool
	// Logger, when set, gets a warning for an insecure file that
	// AllowInsecure let through.
	Logger *slog.Logger
}

// TokenFromFile reads a token from the file at path: its content with
// surrounding white space and a leading byte order mark trimmed. It must be
// a regular file: a named pipe or a device is refused without blocking. A
// file that the group or others can
// access (mode & 0o077 != 0) is refused unless opts.AllowInsecure is set,
// in which case opts.Logger gets a warning, or it is only group-readable and
// opts.AllowGroupRead is set; opts may be nil. Errors name the
// file, never its content.
func TokenFromFile(path string, opts *TokenFileOptions) (Token, error) {
	if opts == nil {
		opts = &TokenFileOptions{}
	}
	f, err := input.Open(path)
	if err != nil {
		return Token{}, fmt.Errorf("serviceaccounts: token file: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return Token{}, fmt.Errorf("serviceaccounts: token file: %w", err)
	}
	perm := st.Mode().Perm()
	if opts.AllowGroupRead && perm&0o037 == 0 {
		perm &^= 0o040
	}
	if runtime.GOOS != "windows" && perm&0o077 != 0 {
		if !opts.AllowInsecure {
			return Token{}, fmt.Errorf("%w: %s has mode %v; run chmod 600 %s", ErrInsecureTokenFile, path, perm, path)
		}
		if opts.Logger != nil {
			opts.Logger.Warn("token file is accessible to other users", "path", path, "mode", perm.String())
		}
	}
	// A token is short: refuse anything large rather than read it whole.
	buf, err := io.ReadAll(input.NewReader(f, maxTokenFile))
	if err != nil {
		// The error is the read's or the limit's; neither quotes the content.
		return Token{}, fmt.Errorf("serviceaccounts: token file %s: %w", path, err)
	}
	return newToken(string(buf), "file "+path)
}

func newToken(v, source string) (Token, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return Token{}, fmt.Errorf("%w in %s", ErrNoToken, source)
	}
	// Asana tokens are printable ASCII: anything else (white space, a
	// control character, a byte order mark pasted in) is a mistake.
	if strings.ContainsFunc(v, func(r rune) bool { return r <= ' ' || r >= 0x7f }) {
		return Token{}, fmt.Errorf("serviceaccounts: the token in %s contains white space, control or non-ASCII characters", source)
	}
	return Token{secret: &v, source: source}, nil
}

// IsZero reports whether t holds no token.
func (t Token) IsZero() bool { return t.secret == nil }

// Source says where the token came from, such as "env ASANA_TOKEN" or
// "file /etc/asana/token".
func (t Token) Source() string { return t.source }

// Secret returns the token itself, for the Authorization header. It is the
// only way to see it: pass it straight to asana.NewClient (or use
// NewClient) and never keep or print it.
func (t Token) Secret() string {
	if t.secret == nil {
		return ""
	}
	return *t.secret
}

// NewClient returns an asana client that authenticates with t.
func (t Token) NewClient(opts ...asana.Option) (*asana.Client, error) {
	if t.IsZero() {
		return nil, ErrNoToken
	}
	return asana.NewClient(*t.secret, opts...)
}

// String describes the token without its secret: "asana token from env
// ASANA_TOKEN: [REDACTED]".
func (t Token) String() string {
	if t.IsZero() {
		return "asana token: none"
	}
	return "asana token from " + t.source + ": " + redacted
}

// GoString is String, so that %#v does not print the secret either.
func (t Token) GoString() string { return t.String() }

// Format prints String for every verb, so that no verb (%x included)
// reaches the secret.
func (t Token) Format(f fmt.State, verb rune) {
	_, _ = f.Write([]byte(t.String()))
}

// MarshalJSON encodes the token as its redacted String.
func (t Token) MarshalJSON() ([]byte, error) {
	return []byte(fmt.Sprintf("%q", t.String())), nil
}

// MarshalText encodes the token as its redacted String, for encoders that
// prefer text (YAML, TOML, encoding/xml).
func (t Token) MarshalText() ([]byte, error) { return []byte(t.String()), nil }

// LogValue keeps the secret out of slog output.
func (t Token) LogValue() slog.Value { return slog.StringValue(t.String()) }
