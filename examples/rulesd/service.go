package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/examples/internal/cli"
	"github.com/asanakit/asana-go/examples/internal/demo"
	"github.com/asanakit/asana-go/rules"
)

var (
	// errInvalidRules wraps a rules file that names what the organization
	// does not have.
	errInvalidRules = errors.New("invalid rules")
	// errWebhookLeft reports webhooks that could not be deleted at stop.
	errWebhookLeft = errors.New("a webhook could not be deleted")
)

// cleanupTimeout bounds the deletion of the webhooks once the run stops.
const cleanupTimeout = 30 * time.Second

// service is one running rulesd.
type service struct {
	env   *cli.Env
	eng   *rules.Engine
	store rules.Store
	ready atomic.Bool

	mu         sync.Mutex
	expected   map[string]bool // webhook paths this process registers
	configured map[string]bool // the paths of the -project webhooks
}

// handler serves the health checks, the counters and the webhooks.
func (s *service) handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { fmt.Fprintln(w, "ok") })
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		if !s.ready.Load() {
			http.Error(w, "starting", http.StatusServiceUnavailable)
			return
		}
		if _, err := s.store.Stats(r.Context()); err != nil {
			http.Error(w, "store unavailable", http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintln(w, "ready")
	})
	mux.HandleFunc("GET /counters", func(w http.ResponseWriter, r *http.Request) {
		st, _ := s.store.Stats(r.Context())
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"engine": s.eng.Counters(), "store": st})
	})
	// A handshake may set a secret while this process registers that
	// webhook, or, for a configured project whose path has no secret yet,
	// when another replica registers it (the load balancer may send its
	// handshake here). Once set, only the registering process replaces it.
	mux.Handle("POST /hooks/", s.eng.Receiver(func(key string, has bool) bool {
		s.mu.Lock()
		defer s.mu.Unlock()
		return s.expected[key] || !has && s.configured[key]
	}))
	return mux
}

// serve runs the service until ctx ends.
func serve(ctx context.Context, env *cli.Env, sess *demo.Session, o options, rs []rules.Rule, stdout io.Writer) error {
	store, err := rules.OpenStore(ctx, o.store)
	if err != nil {
		return err
	}
	defer store.Close()
	s := &service{env: env, store: store, expected: map[string]bool{}, configured: map[string]bool{}}
	for _, p := range o.projects {
		s.configured["/hooks/"+p] = true
	}
	eng, err := rules.New(sess.Client, rs, rules.WithStore(store), rules.WithLogger(env.Logger),
		rules.WithWorkers(o.workers, time.Second), rules.WithRetry(o.maxAttempts, rules.DefaultLease),
		rules.WithMetrics(func(m rules.Metric) {
			if m.Name == rules.MetricDeadLetter {
				env.Logger.Error("dead letter", "rule", m.Rule)
			}
		}))
	if err != nil {
		return fmt.Errorf("%w: %w", errInvalidRules, err)
	}
	s.eng = eng
	l, err := net.Listen("tcp", o.listen)
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: s.handler(), ReadHeaderTimeout: 10 * time.Second}
	go hs.Serve(l) //nolint:errcheck // ends with Shutdown below
	defer func() {
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		_ = hs.Shutdown(sctx)
	}()
	env.Logger.Info("listening", "address", l.Addr().String(), "store", storeKind(o.store))
	if err := eng.Validate(ctx); err != nil {
		return fmt.Errorf("%w: %w", errInvalidRules, err)
	}
	s.ready.Store(true)

	var wg sync.WaitGroup
	wg.Go(func() { _ = eng.Work(ctx) })
	var hooks []asana.Webhook
	switch {
	case o.receiveOnly:
		fmt.Fprintln(stdout, "Receiving webhooks at /hooks/ and running jobs (-receive-only).")
	case o.webhookURL != "":
		hooks, err = s.register(ctx, sess.Client, o)
		if err != nil {
			err = errors.Join(err, s.unregister(ctx, sess.Client, hooks))
			<-ctx.Done()
			wg.Wait()
			return err
		}
		fmt.Fprintf(stdout, "Receiving webhooks for %d projects at %s/hooks/ (SIGTERM stops and deletes them).\n", len(hooks), strings.TrimSuffix(o.webhookURL, "/"))
	default:
		for _, p := range o.projects {
			wg.Go(func() { _ = eng.Follow(ctx, p, o.interval) })
		}
		fmt.Fprintf(stdout, "Following the events of %d projects every %s (no -webhook-url).\n", len(o.projects), o.interval)
	}
	<-ctx.Done()
	env.Logger.Info("stopping: finishing the jobs in progress")
	err = s.unregister(ctx, sess.Client, hooks)
	wg.Wait()
	c := eng.Counters()
	env.Logger.Info("counters", "events", c.Events, "accepted", c.Accepted, "actions", c.Actions, "retries", c.Retries, "dead_letters", c.DeadLetters)
	return err
}

func storeKind(dsn string) string {
	if strings.HasPrefix(dsn, "sqlite:") {
		return dsn
	}
	return "postgres"
}

// register creates a webhook per project; the handshakes come to the
// receiver, which keeps the secrets in the store.
func (s *service) register(ctx context.Context, c *asana.Client, o options) ([]asana.Webhook, error) {
	var hooks []asana.Webhook
	for _, p := range o.projects {
		path := "/hooks/" + p
		s.mu.Lock()
		s.expected[path] = true
		s.mu.Unlock()
		h, err := c.Webhooks.Create(ctx, &asana.WebhookCreateRequest{Resource: p, Target: strings.TrimSuffix(o.webhookURL, "/") + path}, nil)
		if err != nil {
			return hooks, fmt.Errorf("creating the webhook of project %s: %w", p, err)
		}
		hooks = append(hooks, *h)
		s.env.Logger.Info("webhook created", "webhook", h.GID, "project", p)
	}
	return hooks, nil
}

// unregister deletes the webhooks and their secrets, also once ctx has
// ended (a signal), within cleanupTimeout.
func (s *service) unregister(ctx context.Context, c *asana.Client, hooks []asana.Webhook) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
	defer cancel()
	var errs []error
	for _, h := range hooks {
		if err := c.Webhooks.Delete(ctx, h.GID); err != nil {
			s.env.Logger.Error("deleting a webhook failed; delete it by hand", "webhook", h.GID, "error", err.Error())
			errs = append(errs, err)
			continue
		}
		if h.Resource != nil {
			_ = s.store.DeleteSecret(ctx, "/hooks/"+h.Resource.GID)
		}
		s.env.Logger.Info("webhook deleted", "webhook", h.GID)
	}
	if len(errs) > 0 {
		return fmt.Errorf("%w: %w", errWebhookLeft, errors.Join(errs...))
	}
	return nil
}

// demoRules are the demo's rules, for its first project and its member.
const demoRules = `
rules:
  - name: triage
    when: {added_to_project: "{project}", unassigned: true}
    do:
      - assign: "{member}"
      - add_tag: "{tag}"
      - comment: Assigned to the triage owner by a rule.
  - name: closed
    when: {completed: true, project: "{project}"}
    do:
      - comment: Closed; thanks.
`

// showDemo runs the built-in rules once on the embedded fake: a person
// creates a task and completes another, the engine polls, runs its jobs,
// and the result is read back.
func showDemo(ctx context.Context, env *cli.Env, sess *demo.Session, o options, stdout io.Writer) error {
	org, fake := sess.Demo, sess.Fake
	project := org.Projects[0]
	src := strings.NewReplacer("{project}", project.GID, "{member}", org.Member.GID, "{tag}", org.Tags[0].Name).Replace(demoRules)
	rs, err := rules.Load([]byte(src), nil)
	if err != nil {
		return err
	}
	dsn := o.store
	if dsn == "sqlite:rules.db" {
		dsn = "sqlite::memory:" // the demo leaves no file behind unless asked
	}
	store, err := rules.OpenStore(ctx, dsn)
	if err != nil {
		return err
	}
	defer store.Close()
	eng, err := rules.New(sess.Client, rs, rules.WithStore(store), rules.WithClock(fake.Clock()), rules.WithLogger(env.Logger))
	if err != nil {
		return err
	}
	if err := eng.Validate(ctx); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Rules checked against %q: %d rules, every name known\n", org.Organization.Name, len(rs))
	if _, err := eng.Poll(ctx, project.GID); err != nil {
		return err
	}
	human, err := sess.NewClient(org.AdminToken)
	if err != nil {
		return err
	}
	task, err := human.Tasks.Create(ctx, &asana.TaskCreateRequest{Name: "Printer on fire", Projects: []string{project.GID}}, nil)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s created task %q in %q, with no assignee\n", org.Admin.Name, task.Name, project.Name)
	fake.Clock().Advance(time.Second)
	if _, err := human.Tasks.Update(ctx, task.GID, &asana.TaskUpdateRequest{Completed: asana.Ptr(true)}, nil); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s completed it\n", org.Admin.Name)
	n, err := eng.Poll(ctx, project.GID)
	if err != nil {
		return err
	}
	if err := eng.Drain(ctx); err != nil {
		return err
	}
	got, err := sess.Client.Tasks.Get(ctx, task.GID, &asana.GetOptions{Fields: []string{"assignee.name", "tags.name"}})
	if err != nil {
		return err
	}
	if got.Assignee == nil || len(got.Tags) == 0 {
		return errors.New("the triage rule did not act")
	}
	c := eng.Counters()
	fmt.Fprintf(stdout, "The engine accepted %d events and ran %d actions: the task is assigned to %s and tagged %q, with two comments\n",
		n, c.Actions, got.Assignee.Name, got.Tags[0].Name)
	fmt.Fprintln(stdout, "With a token, rulesd runs until SIGTERM: go run ./examples/rulesd -h")
	return nil
}
