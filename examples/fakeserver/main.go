// Command fakeserver runs asanatest, the in-memory fake of the Asana API,
// as a standalone HTTP server, so that clients in any language (Asana's
// official Node.js client, curl, a Python script) can be tested against it.
//
//	go run ./examples/fakeserver -addr 127.0.0.1:8080 -token TOKEN
//
// It seeds the demo organization (or a larger generated one, see the -demo
// flags) with a service account whose token is TOKEN, prints
//
//	listening on http://127.0.0.1:8080/api/1.0
//
// on standard output once it accepts connections, and stops cleanly on
// SIGINT or SIGTERM. Everything else it says goes to standard error. The
// fake's clock follows the wall clock. Its control endpoints (/_fake/...)
// add users, tokens and faults, and move the clock; they have no
// authentication, so keep the server on loopback.
package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/asanakit/asana-go/asanatest"
	"github.com/asanakit/asana-go/examples/internal/cli"
	"github.com/asanakit/asana-go/serviceaccounts"
)

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}

// config is the parsed command line.
type config struct {
	addr, token string
	tokenFile   string
	logFormat   string
	verbose     bool
	seed        uint64
	sizes       asanatest.Sizes
	rateLimit   int
}

func parseFlags(args []string, stderr io.Writer) (config, error) {
	demo := asanatest.DemoSizes()
	var c config
	fs := flag.NewFlagSet("fakeserver", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.addr, "addr", "127.0.0.1:8080", "`address` to listen on (port 0 picks a free one)")
	fs.StringVar(&c.token, "token", "", "the service account's token `secret` (default: a random one, printed)")
	fs.StringVar(&c.tokenFile, "token-file", "", "read the service account's token secret from `file` (mode 0600), instead of -token, which other users may see in ps")
	fs.StringVar(&c.logFormat, "log-format", "text", "log `format` on standard error: text or json")
	fs.BoolVar(&c.verbose, "v", false, "verbose: debug logs")
	fs.Uint64Var(&c.seed, "seed", asanatest.DemoSeed, "generator `seed`: the same seed and sizes give the same organization")
	fs.IntVar(&c.sizes.Users, "demo-users", demo.Users, "`number` of people in the organization")
	fs.IntVar(&c.sizes.Teams, "demo-teams", demo.Teams, "`number` of teams")
	fs.IntVar(&c.sizes.Projects, "demo-projects", demo.Projects, "`number` of projects")
	tasks := fs.Int("demo-tasks", demo.TasksPerProject*demo.Projects, "`number` of top-level tasks, spread over the projects")
	fs.IntVar(&c.rateLimit, "rate-limit", 1500, "requests per minute and token before a 429 (0: no limit)")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `Usage: fakeserver [flags]

Runs asanatest, an in-memory fake of the Asana API, on a local port for
clients in any language. It seeds an Enterprise organization (the demo
organization unless the -demo flags or -seed say otherwise) with a service
account whose token is -token, prints "listening on <base URL>" on standard
output once it accepts connections, and stops on SIGINT or SIGTERM.

Example:
  go run ./examples/fakeserver -addr 127.0.0.1:8080 -token secret &
  curl -H 'Authorization: Bearer secret' http://127.0.0.1:8080/api/1.0/users/me

Flags:
`)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected arguments: %q", fs.Args())
	}
	if c.token != "" && c.tokenFile != "" {
		return c, errors.New("-token and -token-file do not go together")
	}
	for _, f := range []struct {
		name string
		v    int
	}{{"demo-users", c.sizes.Users}, {"demo-teams", c.sizes.Teams}, {"demo-projects", c.sizes.Projects},
		{"demo-tasks", *tasks}, {"rate-limit", c.rateLimit}} {
		if f.v < 0 {
			return c, fmt.Errorf("-%s must not be negative", f.name)
		}
	}
	// Keep the demo's mix of roles and content at any size; a zero flag
	// means none, as on the command line one expects.
	c.sizes.SubtaskRatio, c.sizes.CommentsPerTask, c.sizes.ArchivedRatio = demo.SubtaskRatio, demo.CommentsPerTask, demo.ArchivedRatio
	c.sizes.Tasks = orNone(*tasks)
	c.sizes.Teams, c.sizes.Projects = orNone(c.sizes.Teams), orNone(c.sizes.Projects)
	if c.sizes.Users == demo.Users {
		c.sizes.Admins, c.sizes.Guests, c.sizes.Inactive = demo.Admins, demo.Guests, demo.Inactive
	}
	return c, nil
}

// orNone maps a flag's 0 to the generator's "none" (a negative size).
func orNone(n int) int {
	if n == 0 {
		return -1
	}
	return n
}

// run is the whole program; it returns the exit code. It stops when ctx
// ends or a SIGINT or SIGTERM arrives.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	c, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "fakeserver:", err)
		return 2
	}
	log, err := cli.NewLogger(stderr, c.logFormat, c.verbose)
	if err == nil && c.tokenFile != "" {
		var tok serviceaccounts.Token
		if tok, err = serviceaccounts.TokenFromFile(c.tokenFile, nil); err == nil {
			c.token = tok.Secret()
		}
	}
	if err != nil {
		fmt.Fprintln(stderr, "fakeserver:", err)
		return cli.ExitUsage
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := serve(ctx, c, stdout, log); err != nil {
		log.Error(err.Error())
		return cli.ExitFailure
	}
	return cli.ExitOK
}

func serve(ctx context.Context, c config, stdout io.Writer, log *slog.Logger) error {
	opts := []asanatest.Option{asanatest.WithRealTime(), asanatest.WithAddr(c.addr), asanatest.WithSeed(c.seed)}
	if c.rateLimit > 0 {
		opts = append(opts, asanatest.WithRateLimit(c.rateLimit, time.Minute))
	} else {
		opts = append(opts, asanatest.WithRateLimit(0, 0))
	}
	srv, err := asanatest.New(opts...)
	if err != nil {
		return err
	}
	defer srv.Close()
	org, err := srv.Generate(c.seed, c.sizes)
	if err != nil {
		return err
	}
	token, generated := c.token, false
	if token == "" {
		if token, err = randomToken(); err != nil {
			return err
		}
		generated = true
	}
	if err := srv.AddTokenWithSecret(org.ServiceAccount.GID, token); err != nil {
		return fmt.Errorf("-token: %w", err)
	}
	base, err := srv.Start()
	if err != nil {
		return err
	}
	log.Info(fmt.Sprintf("organization %s %s: %d users, %d teams, %d projects, %d tasks, %d subtasks, %d comments",
		org.Organization.GID, org.Organization.Name, len(org.Users), len(org.Teams), len(org.Projects), org.Tasks, org.Subtasks, org.Comments))
	sa := fmt.Sprintf("service account %s %s", org.ServiceAccount.GID, org.ServiceAccount.Name)
	if generated {
		sa += fmt.Sprintf(", token %s", token)
	}
	log.Info(sa)
	log.Info(fmt.Sprintf("admin %s, member %s, guest %s: POST /_fake/personal_access_tokens {user: GID} gives a personal token",
		org.Admin.GID, org.Member.GID, org.Guest.GID))
	// The listener accepts connections once Start returns.
	fmt.Fprintf(stdout, "listening on %s\n", base)
	<-ctx.Done()
	log.Info("shutting down")
	srv.Close()
	return nil
}

// randomToken returns a token shaped like Asana's service-account tokens.
func randomToken() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return "2/fake/" + hex.EncodeToString(b), nil
}
