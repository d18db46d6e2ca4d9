// Command rules runs a business rule on Asana events: "when a task lands in
// the project without an assignee, assign the triage owner and say so".
//
// Without ASANA_TOKEN it starts the embedded fake with the demo
// organization and a webhook receiver on a loopback port, subscribes the
// receiver to a project with a webhook (the fake performs the handshake and
// signs its deliveries), creates a task as a person would, and shows the
// rule firing:
//
//	go run ./examples/rules
//
// With a token (ASANA_TOKEN or ASANA_TOKEN_FILE; a service account's, say)
// it follows the project's events stream, polling every -interval, and
// runs the rule on every task added; stop it with Ctrl-C or SIGTERM (exit
// 0). Webhooks need a public HTTPS URL that Asana can reach, which a
// laptop rarely has; with one, pass -webhook-url and -listen to receive
// webhooks instead: the webhook is deleted when the program stops.
//
//	ASANA_TOKEN=... go run ./examples/rules -project 1204567890 -assignee me
//
// This example keeps its state in memory. For rules from YAML as a
// service, with a durable store (SQLite or PostgreSQL), retries, dead
// letters and replicas, see examples/rulesd.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/asana/webhook"
	"github.com/asanakit/asana-go/asanatest"
	"github.com/asanakit/asana-go/examples/internal/cli"
	"github.com/asanakit/asana-go/examples/internal/demo"
	"github.com/asanakit/asana-go/rules"
)

func main() { cli.Main(run) }

// errWebhookLeft reports that the webhook the run created could not be
// deleted when it stopped.
var errWebhookLeft = errors.New("the webhook could not be deleted")

// cleanupTimeout bounds the deletion of the webhook once the run stops.
const cleanupTimeout = 30 * time.Second

type options struct {
	common             cli.Flags
	project, assignee  string
	interval           time.Duration
	webhookURL, listen string
	// apply carries the rule's actions out against Asana; without it they
	// are only printed.
	apply bool
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("rules", flag.ContinueOnError)
	fs.SetOutput(stderr)
	o.common.Register(fs)
	fs.StringVar(&o.project, "project", "", "project `GID` to watch (required with a token)")
	fs.StringVar(&o.assignee, "assignee", "me", "triage owner: a user `GID`, email or \"me\"")
	fs.DurationVar(&o.interval, "interval", 30*time.Second, "events polling interval")
	fs.StringVar(&o.webhookURL, "webhook-url", "", "public HTTPS `URL` that reaches -listen; use a webhook instead of polling")
	fs.StringVar(&o.listen, "listen", "127.0.0.1:8081", "`address` the webhook receiver listens on (with -webhook-url)")
	fs.BoolVar(&o.apply, "apply", false, "with a token: carry the rule's actions out (without it they are only printed)")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `Usage: rules [flags]

Runs the rule "when a task is added to the project without an assignee,
assign it to the triage owner and comment". Demo mode shows the rule
firing on the embedded fake, through a webhook. With a token it runs until
stopped, and only prints what the rule would do unless -apply is given;
-webhook-url (which creates a webhook, deleted when it stops) needs -apply
too. The token may be a service account's or a personal one.

`+cli.EnvHelp+`
Exit codes: 0 done, or stopped by SIGINT/SIGTERM while following events;
1 failure; 2 usage or configuration; 130/143 the demo was interrupted.

Flags:
`)
		fs.PrintDefaults()
	}
	if err := cli.Parse(fs, args); err != nil {
		return o, err
	}
	if o.webhookURL != "" && !o.apply {
		return o, cli.Usagef("-webhook-url creates a webhook in Asana: add -apply")
	}
	return o, nil
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	o, err := parseFlags(args, stderr)
	var env *cli.Env
	if err == nil {
		env, err = cli.Setup("rules", &o.common, stderr)
	}
	if err == nil && !env.Demo() && o.project == "" {
		err = cli.Usagef("-project is required with a token")
	}
	if err != nil {
		return cli.ParseFailed("rules", err, stderr)
	}
	s, err := demo.Connect(ctx, env, demo.Options{
		Notice: func(*asanatest.Org) string { return "running against the embedded fake with the demo organization" }})
	if err != nil {
		return env.Fail(ctx, err, "")
	}
	defer s.Close()
	if s.Fake != nil {
		return env.Fail(ctx, showDemo(ctx, s, stdout), "")
	}
	err = live(ctx, env, s.Client, o, stdout)
	switch {
	case errors.Is(err, errWebhookLeft):
		return cli.ExitFailure // logged by live
	case err != nil && ctx.Err() == nil:
		return env.Fail(ctx, err, "")
	}
	env.Logger.Info("stopped")
	return cli.ExitOK
}

// triageRule is the example's rule. fired, if not nil, hears each firing.
func triageRule(project, assignee string, fired func(*rules.Context)) rules.Rule {
	return rules.Rule{
		Name: "triage",
		When: rules.Trigger{ResourceType: "task", Action: asana.EventAdded, Project: project, Unassigned: true},
		Do: []rules.Action{
			rules.Assign{User: assignee},
			rules.Comment{Text: "Assigned to the triage owner by a rule."},
			rules.Func(func(ctx context.Context, c *rules.Context) error {
				if fired != nil {
					fired(c)
				}
				return nil
			}),
		},
	}
}

// showDemo shows the rule firing on the embedded fake, over a webhook to a
// receiver on a loopback port.
func showDemo(ctx context.Context, s *demo.Session, stdout io.Writer) error {
	srv, org, bot := s.Fake, s.Demo, s.Client
	human, err := s.NewClient(org.AdminToken)
	if err != nil {
		return err
	}
	project, owner := org.Projects[0], org.Member

	fired := make(chan *rules.Context, 1)
	eng, err := rules.New(bot, []rules.Rule{triageRule(project.GID, owner.GID, func(c *rules.Context) { fired <- c })})
	if err != nil {
		return err
	}
	rc, err := webhook.NewReceiver(&webhook.MemoryStore{}, eng.Webhook())
	if err != nil {
		return err
	}
	defer rc.Close(context.Background())
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: rc, ReadHeaderTimeout: 10 * time.Second}
	go hs.Serve(l) //nolint:errcheck // ends with Shutdown below
	defer hs.Shutdown(context.Background())
	target := "http://" + l.Addr().String() + "/hooks/triage"
	fmt.Fprintf(stdout, "Receiver listening on %s\n", target)

	hook, err := bot.Webhooks.Create(ctx, &asana.WebhookCreateRequest{Resource: project.GID, Target: target}, nil)
	if err != nil {
		return err
	}
	defer func() {
		if err := deleteWebhook(ctx, bot, hook.GID); err == nil {
			fmt.Fprintln(stdout, "Webhook deleted")
		}
	}()
	fmt.Fprintf(stdout, "Webhook on project %q created: the receiver answered the handshake\n", project.Name)
	task, err := human.Tasks.Create(ctx, &asana.TaskCreateRequest{Name: "Printer on fire", Projects: []string{project.GID}}, nil)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s created task %q in %q, with no assignee\n", org.Admin.Name, task.Name, project.Name)
	srv.DeliverWebhooks(ctx)
	select {
	case <-fired:
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(30 * time.Second):
		return errors.New("the rule did not fire within 30 seconds")
	}
	got, err := bot.Tasks.Get(ctx, task.GID, &asana.GetOptions{Fields: []string{"name", "assignee.name"}})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Rule %q fired on the webhook delivery: %q is now assigned to %s, with a comment\n", "triage", got.Name, got.Assignee.Name)
	return nil
}

// deleteWebhook deletes the webhook the run created, also once ctx has
// ended (a signal), within cleanupTimeout.
func deleteWebhook(ctx context.Context, c *asana.Client, gid string) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
	defer cancel()
	return c.Webhooks.Delete(ctx, gid)
}

// live runs the rule against Asana until ctx ends.
func live(ctx context.Context, env *cli.Env, c *asana.Client, o options, stdout io.Writer) error {
	rule := triageRule(o.project, o.assignee, func(rc *rules.Context) {
		fmt.Fprintf(stdout, "Rule %q fired on task %s\n", "triage", rc.Event.Resource.GID)
	})
	if !o.apply {
		// Dry run: the same trigger, but the actions are only described.
		rule.Do = []rules.Action{rules.Func(func(_ context.Context, rc *rules.Context) error {
			fmt.Fprintf(stdout, "Rule %q would assign task %s to %s and comment (run with -apply to do it)\n",
				"triage", rc.Event.Resource.GID, o.assignee)
			return nil
		})}
	}
	eng, err := rules.New(c, []rules.Rule{rule})
	if err != nil {
		return err
	}
	if o.webhookURL == "" {
		fmt.Fprintf(stdout, "Following the events of project %s every %s (Ctrl-C to stop).\n", o.project, o.interval)
		fmt.Fprintln(stdout, "Webhooks need a public HTTPS URL Asana can reach: pass -webhook-url to use one.")
		work := make(chan error, 1)
		go func() { work <- eng.Work(ctx) }()
		err := eng.Follow(ctx, o.project, o.interval)
		return errors.Join(err, <-work)
	}
	rc, err := webhook.NewReceiver(&webhook.MemoryStore{}, eng.Webhook())
	if err != nil {
		return err
	}
	defer rc.Close(context.Background())
	l, err := net.Listen("tcp", o.listen)
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: rc, ReadHeaderTimeout: 10 * time.Second}
	go hs.Serve(l) //nolint:errcheck // ends with Shutdown below
	defer hs.Shutdown(context.Background())
	hook, err := c.Webhooks.Create(ctx, &asana.WebhookCreateRequest{Resource: o.project, Target: o.webhookURL,
		Filters: []asana.WebhookFilter{{ResourceType: "task", Action: asana.EventAdded}}}, nil)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Webhook %s delivers to %s (Ctrl-C or SIGTERM stops and deletes it).\n", hook.GID, o.webhookURL)
	<-ctx.Done()
	if err := deleteWebhook(ctx, c, hook.GID); err != nil {
		env.Logger.Error("deleting the webhook: "+err.Error()+"; delete it by hand", "webhook", hook.GID)
		return fmt.Errorf("%w: %w", errWebhookLeft, err)
	}
	env.Logger.Info("deleted the webhook", "webhook", hook.GID)
	return nil
}
