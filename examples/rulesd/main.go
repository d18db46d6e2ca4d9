// Command rulesd runs business rules on Asana events as a service: rules
// from a YAML file (see the README's "Rules YAML reference"), state in a
// durable store, events from webhooks or from the events stream.
//
//	ASANA_TOKEN=... go run ./examples/rulesd -rules rules.yaml -project 1204567890
//
// It checks every name in the rules against the organization first (an
// unknown custom field, option, tag or section stops it with exit code
// 2), then:
//
//   - with -webhook-url (a public URL that reaches -listen), registers a
//     webhook per project at URL/hooks/PROJECT, answers the handshake, and
//     deletes the webhooks (and their secrets) on SIGTERM or SIGINT;
//   - without it, follows each project's events stream, every -interval,
//     from the sync token kept in the store, so a restart misses nothing;
//   - with -receive-only (a replica), does neither: it receives what the
//     replica that registered the webhooks is sent too, through the load
//     balancer, and runs jobs;
//   - serves /healthz (the process is up), /readyz (the rules are valid and
//     the store answers) and /counters (events, actions, retries, dead
//     letters, mean action latency, as JSON) on -listen;
//   - runs the store's outbox with -workers workers: retries with backoff,
//     dead letters after -max-attempts;
//   - on SIGTERM stops taking events, lets the jobs in progress finish,
//     and exits 0.
//
// The store is -store: sqlite:rules.db (the default: one file, one
// process) or a postgres:// URL, which several replicas behind a load
// balancer may share: each event is acted on by exactly one of them.
// Logs are structured (-log-format json for one JSON object a line).
//
// Without ASANA_TOKEN it runs once against the embedded fake with the
// demo organization and built-in rules, and shows them firing:
//
//	go run ./examples/rulesd
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/asanakit/asana-go/asanatest"
	"github.com/asanakit/asana-go/examples/internal/cli"
	"github.com/asanakit/asana-go/examples/internal/demo"
	"github.com/asanakit/asana-go/rules"
)

func main() { cli.Main(run) }

type options struct {
	common      cli.Flags
	rulesFile   string
	store       string
	listen      string
	webhookURL  string
	projects    []string
	interval    time.Duration
	workers     int
	maxAttempts int
	receiveOnly bool
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("rulesd", flag.ContinueOnError)
	fs.SetOutput(stderr)
	o.common.Register(fs)
	var projects string
	fs.StringVar(&o.rulesFile, "rules", "", "rules YAML `file` (required with a token)")
	fs.StringVar(&o.store, "store", "sqlite:rules.db", "store: sqlite:`PATH` or a postgres:// URL (shared by replicas)")
	fs.StringVar(&o.listen, "listen", "127.0.0.1:8080", "`address` for /healthz, /readyz, /counters and the webhook receiver")
	fs.StringVar(&o.webhookURL, "webhook-url", "", "public base `URL` that reaches -listen: receive webhooks instead of polling events")
	fs.StringVar(&projects, "project", "", "comma-separated project `GIDs` to watch (required with a token)")
	fs.DurationVar(&o.interval, "interval", 30*time.Second, "events polling interval, without -webhook-url")
	fs.BoolVar(&o.receiveOnly, "receive-only", false, "a replica: serve the receiver and run jobs; neither register webhooks nor follow events")
	fs.IntVar(&o.workers, "workers", rules.DefaultWorkers, "jobs run at once")
	fs.IntVar(&o.maxAttempts, "max-attempts", rules.DefaultMaxAttempts, "failed attempts before a job becomes a dead letter")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `Usage: rulesd [flags]

Runs business rules on Asana events as a service, with its state in a
durable store (SQLite by default; PostgreSQL for several replicas).

`+cli.EnvHelp+`
Exit codes: 0 stopped by SIGINT/SIGTERM (or the demo done); 1 failure;
2 usage, configuration or invalid rules.

Flags:
`)
		fs.PrintDefaults()
	}
	if err := cli.Parse(fs, args); err != nil {
		return o, err
	}
	for _, p := range strings.Split(projects, ",") {
		if p = strings.TrimSpace(p); p != "" {
			o.projects = append(o.projects, p)
		}
	}
	switch {
	case o.workers < 1 || o.maxAttempts < 1:
		return o, cli.Usagef("-workers and -max-attempts must be at least 1")
	case o.interval <= 0:
		return o, cli.Usagef("-interval must be positive")
	case o.receiveOnly && o.webhookURL != "":
		return o, cli.Usagef("-receive-only does not register webhooks: drop -webhook-url")
	case o.webhookURL != "" && !strings.HasPrefix(o.webhookURL, "https://") && !strings.HasPrefix(o.webhookURL, "http://"):
		return o, cli.Usagef("-webhook-url must be an http(s) URL")
	}
	return o, nil
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	o, err := parseFlags(args, stderr)
	var env *cli.Env
	if err == nil {
		env, err = cli.Setup("rulesd", &o.common, stderr)
	}
	if err == nil && !env.Demo() && (o.rulesFile == "" || len(o.projects) == 0) {
		err = cli.Usagef("-rules and -project are required with a token")
	}
	if err != nil {
		return cli.ParseFailed("rulesd", err, stderr)
	}
	s, err := demo.Connect(ctx, env, demo.Options{
		Notice: func(*asanatest.Org) string { return "running the built-in rules once against the embedded fake" }})
	if err != nil {
		return env.Fail(ctx, err, "")
	}
	defer s.Close()
	if s.Fake != nil {
		return env.Fail(ctx, showDemo(ctx, env, s, o, stdout), "")
	}
	src, err := os.ReadFile(o.rulesFile)
	if err != nil {
		return env.Fail(ctx, cli.Usage(err), "")
	}
	rs, err := rules.Load(src, nil)
	if err != nil {
		return env.Fail(ctx, cli.Usage(err), "")
	}
	err = serve(ctx, env, s, o, rs, stdout)
	if errors.Is(err, errInvalidRules) {
		return env.Fail(ctx, cli.Usage(err), "fix the rules file")
	}
	if err != nil && ctx.Err() == nil || errors.Is(err, errWebhookLeft) {
		return env.Fail(ctx, err, "")
	}
	env.Logger.Info("stopped")
	return cli.ExitOK
}
