// Package admincli is what the admin examples (accesspolicy, teamsync,
// cleanup, provision) share: a service-account session (package demo
// connects), and the plan-then-apply flow with its flags.
package admincli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/asanakit/asana-go/examples/internal/demo"
	"github.com/asanakit/asana-go/serviceaccounts"
)

// Session is a verified connection to one organization (see demo.Session),
// with where journals go.
type Session struct {
	*demo.Session
	// JournalDir is where journals go unless -journal says otherwise: a
	// directory of its own in demo mode, removed by Close, so that a
	// fresh demo never meets an earlier run's journal.
	JournalDir string
}

// Close releases the session: it stops the embedded fake and removes the
// demo's journal directory.
func (s *Session) Close() {
	s.Session.Close()
	if s.Demo != nil {
		os.RemoveAll(s.JournalDir)
	}
}

// Connect returns a session for the organization orgGID (empty: the one
// the service account belongs to). With ASANA_TOKEN set it talks to Asana,
// or to ASANA_BASE_URL, and checks that the token is a service account;
// without, it starts the embedded fake with the demo organization.
func Connect(ctx context.Context, orgGID string, stderr io.Writer) (*Session, error) {
	ds, err := demo.Connect(ctx, stderr, demo.Options{Org: orgGID, Find: demo.ServiceAccountOrg})
	if err != nil {
		return nil, err
	}
	if ds.Demo == nil {
		return &Session{Session: ds, JournalDir: os.TempDir()}, nil
	}
	dir, err := os.MkdirTemp("", "asana-demo-")
	if err != nil {
		ds.Close()
		return nil, err
	}
	return &Session{Session: ds, JournalDir: dir}, nil
}

// ApplyFlags are the flags of the plan-then-apply flow.
type ApplyFlags struct {
	Apply           bool
	JSON            bool
	Journal         string
	MaxDeprovisions int
	MaxDeletes      int
	Override        bool
	Concurrency     int
}

// Register adds the flags to fs.
func (f *ApplyFlags) Register(fs *flag.FlagSet) {
	fs.BoolVar(&f.Apply, "apply", false, "carry the plan out (without it, only print the plan)")
	fs.BoolVar(&f.JSON, "json", false, "print the plan and report as JSON instead of tables")
	fs.StringVar(&f.Journal, "journal", "", "journal `file` of the apply (default: one per plan in the temp directory)")
	fs.IntVar(&f.MaxDeprovisions, "max-deprovisions", serviceaccounts.DefaultMaxDeprovisions, "refuse plans that remove more users than `N` from the organization")
	fs.IntVar(&f.MaxDeletes, "max-deletes", serviceaccounts.DefaultMaxProjectDeletes, "refuse plans that delete more than `N` projects")
	fs.BoolVar(&f.Override, "override", false, "lift the -max-deprovisions and -max-deletes caps")
	fs.IntVar(&f.Concurrency, "concurrency", serviceaccounts.DefaultConcurrency, "changes to run at once")
}

// Run prints the plan and, with -apply, carries it out and prints the
// report. It returns an error if the apply failed or any change did.
func (f *ApplyFlags) Run(ctx context.Context, s *Session, plan *serviceaccounts.Plan, stdout io.Writer) error {
	if err := printOut(stdout, f.JSON, plan, plan.WriteText); err != nil {
		return err
	}
	if !f.Apply {
		if !plan.Empty() {
			fmt.Fprintln(stdout, "\nNothing was changed. Review the plan, then run again with -apply.")
		}
		return nil
	}
	if plan.Empty() {
		return nil
	}
	journal := f.Journal
	if journal == "" {
		journal = filepath.Join(s.JournalDir, "asana-"+plan.Kind+"-"+plan.ID()+".journal")
	}
	rep, err := serviceaccounts.Apply(ctx, s.Client, plan, serviceaccounts.ApplyOptions{
		Journal: journal, MaxDeprovisions: nonZero(f.MaxDeprovisions), MaxProjectDeletes: nonZero(f.MaxDeletes),
		Override: f.Override, Concurrency: f.Concurrency})
	if errors.Is(err, serviceaccounts.ErrCapExceeded) {
		return err
	}
	fmt.Fprintln(stdout)
	if perr := printOut(stdout, f.JSON, rep, rep.WriteText); perr != nil {
		return perr
	}
	if err != nil {
		return fmt.Errorf("%w (journal %s: run again to resume)", err, journal)
	}
	return rep.Err()
}

// nonZero maps a flag's 0 ("none allowed") to the option's negative value.
func nonZero(n int) int {
	if n == 0 {
		return -1
	}
	return n
}

func printOut(w io.Writer, asJSON bool, v any, text func(io.Writer) error) error {
	if !asJSON {
		return text(w)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// Main runs a command with the conventions the examples share: it parses
// args with fs (no positional arguments; check, when set, validates the
// flags), connects to the organization *org (see Connect) and runs body
// with the session. The exit code is 2 for flag errors, 1 for failures, 0
// on success or -h.
func Main(fs *flag.FlagSet, args []string, org *string, check func() error, body func(context.Context, *Session) error, stderr io.Writer) int {
	name := fs.Name()
	err := fs.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		return 0
	case err == nil && fs.NArg() > 0:
		err = fmt.Errorf("unexpected arguments: %q", fs.Args())
	case err == nil && check != nil:
		err = check()
	}
	if err != nil {
		fmt.Fprintln(stderr, name+":", err)
		return 2
	}
	ctx := context.Background()
	s, err := Connect(ctx, *org, stderr)
	if err == nil {
		defer s.Close()
		err = body(ctx, s)
	}
	if err != nil {
		fmt.Fprintln(stderr, name+":", err)
		return 1
	}
	return 0
}

// NewFlagSet returns a flag set for the command name with the flags every
// admin example has (-org and the apply flags), and the usage text: usage
// (the synopsis and description) followed by the flags.
func NewFlagSet(name, usage string, stderr io.Writer) (*flag.FlagSet, *string, *ApplyFlags) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	org := fs.String("org", "", "organization `GID` (default: the service account's organization)")
	af := &ApplyFlags{}
	af.Register(fs)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), usage+`
Environment:
  ASANA_TOKEN     a service account token; without it, the embedded fake
                  Asana with its demo organization is used
  ASANA_BASE_URL  the API base URL, for example a fake started with
                  go run ./examples/fakeserver

Flags:
`)
		fs.PrintDefaults()
	}
	return fs, org, af
}
