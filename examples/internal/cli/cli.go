// Package cli is what every example program shares so that each main.go
// stays small: the common flags (-token-file, -log-format, -v), the choice
// between a token and demo mode, SIGINT and SIGTERM, logging through slog,
// progress reports, and the exit codes.
//
// Exit codes (the same for every example, documented in the README):
//
//	0    success
//	1    failure: Asana or the file system said no, a plan went stale, ...
//	2    usage or configuration: a bad flag, a blank ASANA_TOKEN, an
//	     unreadable token file, a directory demo mode may not touch
//	3    partial: the run finished but left something out (skipped
//	     projects of a backup, changes of a plan that failed)
//	130  interrupted by SIGINT (Ctrl-C); what is done is kept
//	143  interrupted by SIGTERM; what is done is kept
//
// A long-running service (rules, backup -every, fakeserver) ends with 0
// when a signal stops it while it waits: that is how it is meant to stop.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/asanakit/asana-go/serviceaccounts"
)

// The exit codes of every example.
const (
	ExitOK          = 0
	ExitFailure     = 1
	ExitUsage       = 2
	ExitPartial     = 3
	ExitInterrupted = 130 // 128 + SIGINT
	ExitTerminated  = 143 // 128 + SIGTERM
)

// ErrPartial marks a run that finished but left something out; Code maps
// it to ExitPartial.
var ErrPartial = errors.New("partial")

// usageError is a mistake of the command line or the configuration.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// Usage marks err as a usage or configuration error (exit code 2); nil
// stays nil.
func Usage(err error) error {
	if err == nil {
		return nil
	}
	return usageError{err}
}

// Usagef is Usage(fmt.Errorf(format, args...)).
func Usagef(format string, args ...any) error { return Usage(fmt.Errorf(format, args...)) }

// IsUsage reports whether err is a usage or configuration error.
func IsUsage(err error) bool { return errors.As(err, new(usageError)) }

// Code is the exit code for the outcome err of a run under ctx: the
// interruption codes when ctx was cancelled (by a signal, or by a test),
// otherwise by the kind of err.
func Code(ctx context.Context, err error) int {
	switch {
	case err == nil:
		return ExitOK
	case ctx.Err() != nil:
		var s *SignalError
		if errors.As(context.Cause(ctx), &s) && s.Terminated() {
			return ExitTerminated
		}
		return ExitInterrupted
	case IsUsage(err):
		return ExitUsage
	case errors.Is(err, ErrPartial):
		return ExitPartial
	}
	return ExitFailure
}

// Flags are the flags every example has.
type Flags struct {
	TokenFile string
	// TokenFileGroupRead accepts a token file its group may read (0440),
	// as Kubernetes mounts a Secret for a pod with an fsGroup.
	TokenFileGroupRead bool
	LogFormat          string
	Verbose            bool
}

// Register adds the flags to fs.
func (f *Flags) Register(fs *flag.FlagSet) {
	fs.StringVar(&f.TokenFile, "token-file", "", "read the token from `file` (mode 0600 or stricter; default $ASANA_TOKEN_FILE)")
	fs.BoolVar(&f.TokenFileGroupRead, "token-file-group-read", false, "accept a token file that its group may read but not write (0440: a Kubernetes Secret mounted with fsGroup)")
	fs.StringVar(&f.LogFormat, "log-format", "text", "log `format` on standard error: text or json")
	fs.BoolVar(&f.Verbose, "v", false, "verbose: debug logs, one line per API request")
}

// EnvHelp is the "Environment:" part of a usage text, for examples that
// take a token.
const EnvHelp = `Environment:
  ASANA_TOKEN       the token (a service account's, unless said otherwise)
  ASANA_TOKEN_FILE  a file holding the token instead (Kubernetes secrets,
                    systemd credentials); -token-file overrides it
  ASANA_BASE_URL    the API base URL, for a proxy or a fake started with
                    go run ./examples/fakeserver
Demo mode: with neither ASANA_TOKEN nor ASANA_TOKEN_FILE set (not even
empty), the program runs against an embedded fake Asana with a demo
organization, the same in every run, and says so on standard error.
`

// Env is a configured run: its logger and its token, zero in demo mode.
type Env struct {
	// Name is the program's name.
	Name string
	// Logger writes to standard error in the chosen format.
	Logger *slog.Logger
	// Token is the token to use; zero in demo mode.
	Token serviceaccounts.Token
	// Stderr is where logs and progress go.
	Stderr io.Writer
}

// Demo reports whether the run is in demo mode: no token setting at all.
func (e *Env) Demo() bool { return e.Token.IsZero() }

// Parse parses args with fs: -h gives flag.ErrHelp, positional arguments
// and other flag mistakes a usage error.
func Parse(fs *flag.FlagSet, args []string) error {
	err := fs.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		return err
	case err != nil:
		return Usage(err)
	case fs.NArg() > 0:
		return Usagef("unexpected arguments: %q", fs.Args())
	}
	return nil
}

// ParseFailed is the exit code of a Parse or Setup error, which it prints
// to stderr (there is no logger yet): 0 for -h, 2 otherwise.
func ParseFailed(name string, err error, stderr io.Writer) int {
	if errors.Is(err, flag.ErrHelp) {
		return ExitOK
	}
	fmt.Fprintf(stderr, "%s: %v\n", name, err)
	return ExitUsage
}

// Setup makes the run's logger and settles the token (see LoadToken). Its
// errors are usage errors.
func Setup(name string, f *Flags, stderr io.Writer) (*Env, error) {
	log, err := NewLogger(stderr, f.LogFormat, f.Verbose)
	if err != nil {
		return nil, err
	}
	tok, err := LoadToken(f.TokenFile, f.TokenFileGroupRead, log)
	if err != nil {
		return nil, err
	}
	return &Env{Name: name, Logger: log, Token: tok, Stderr: stderr}, nil
}

// NewLogger returns a logger writing to w as text or JSON, at debug level
// when verbose.
func NewLogger(w io.Writer, format string, verbose bool) (*slog.Logger, error) {
	opts := &slog.HandlerOptions{Level: slog.LevelInfo}
	if verbose {
		opts.Level = slog.LevelDebug
	}
	switch format {
	case "text", "":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return nil, Usagef("-log-format %q: want text or json", format)
}

// Token environment variables.
const (
	TokenEnv     = serviceaccounts.DefaultTokenEnv
	TokenFileEnv = "ASANA_TOKEN_FILE"
)

// LoadToken settles where the token comes from: the file named by
// tokenFile (the -token-file flag) or by ASANA_TOKEN_FILE, or else
// ASANA_TOKEN. It returns the zero Token (demo mode) only when none of the
// three is set at all. A variable that is set but blank, a token file that
// cannot be read (or that others may read), or a token given twice is a
// usage error: a job whose secret failed to mount must not fall back to
// the demo. groupRead accepts a token file its group may read (see
// serviceaccounts.TokenFileOptions.AllowGroupRead).
func LoadToken(tokenFile string, groupRead bool, log *slog.Logger) (serviceaccounts.Token, error) {
	fileEnv, fileSet := os.LookupEnv(TokenFileEnv)
	_, envSet := os.LookupEnv(TokenEnv)
	if tokenFile == "" && fileSet {
		if strings.TrimSpace(fileEnv) == "" {
			return serviceaccounts.Token{}, Usagef("%s is set but empty: name the token file, or unset it for the demo", TokenFileEnv)
		}
		tokenFile = fileEnv
	}
	switch {
	case tokenFile != "" && envSet:
		return serviceaccounts.Token{}, Usagef("both %s and a token file are set: use one", TokenEnv)
	case tokenFile != "":
		tok, err := serviceaccounts.TokenFromFile(tokenFile, &serviceaccounts.TokenFileOptions{AllowGroupRead: groupRead, Logger: log})
		if err != nil {
			return tok, Usage(err)
		}
		return tok, nil
	case envSet:
		tok, err := serviceaccounts.TokenFromEnv(TokenEnv)
		if errors.Is(err, serviceaccounts.ErrNoToken) {
			return tok, Usagef("%s is set but blank: set a token, or unset it for the demo", TokenEnv)
		}
		return tok, Usage(err)
	}
	return serviceaccounts.Token{}, nil
}

// Fail logs err (unless nil, or -h) with the hint, if any, and returns the
// exit code for it (see Code).
func (e *Env) Fail(ctx context.Context, err error, hint string) int {
	code := Code(ctx, err)
	switch {
	case err == nil:
	case code == ExitInterrupted || code == ExitTerminated:
		e.Logger.Warn("interrupted: stopped cleanly", "cause", context.Cause(ctx).Error(), "exit_code", code)
	default:
		e.Logger.Error(err.Error(), "exit_code", code)
	}
	if hint != "" && err != nil {
		e.Logger.Info(hint)
	}
	return code
}
