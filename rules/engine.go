package rules

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/asanakit/asana-go/asana"
)

// Defaults of an Engine.
const (
	DefaultMaxAttempts = 8
	DefaultLease       = 2 * time.Minute
	DefaultWorkers     = 4
	DefaultPoll        = time.Second
)

// Engine runs rules on events through a Store's outbox. It is safe for
// concurrent use, and several engines (replicas) may share one PostgreSQL
// store: each event is accepted once and each job run by one worker at a
// time.
type Engine struct {
	client      *asana.Client
	rules       []Rule
	store       Store
	logger      *slog.Logger
	clock       asana.Clock
	owner       string
	lease       time.Duration
	maxAttempts int
	workers     int
	poll        time.Duration
	metrics     func(Metric)
	hookClient  *http.Client
	res         *resolver
	backoff     func(attempts int, id int64) time.Duration

	mu       sync.Mutex
	self     string
	compiled []*compiled
	byName   map[string]*compiled
	ready    bool
	wake     chan struct{}

	counts Counters
}

// Option configures an Engine.
type Option func(*Engine) error

// WithStore sets the store (default: a MemoryStore, which forgets
// everything at exit; see OpenStore for SQLite and PostgreSQL).
func WithStore(s Store) Option {
	return func(e *Engine) error {
		if s == nil {
			return errors.New("rules: WithStore(nil)")
		}
		e.store = s
		return nil
	}
}

// WithSelf sets the engine's own user gid, to skip the /users/me lookup
// (WithWorkspace is then needed for names to resolve).
func WithSelf(userGID string) Option {
	return func(e *Engine) error { e.self = userGID; return nil }
}

// WithWorkspace sets the workspace names are resolved in (default: the
// account's first workspace).
func WithWorkspace(gid string) Option {
	return func(e *Engine) error { e.res.workspace = gid; return nil }
}

// WithLogger logs accepted events, jobs done, retries and dead letters.
func WithLogger(l *slog.Logger) Option {
	return func(e *Engine) error { e.logger = l; return nil }
}

// WithClock sets the clock for backoff, leases and polling (default: the
// wall clock). asanatest's clock fits, for tests without sleeps.
func WithClock(c asana.Clock) Option {
	return func(e *Engine) error {
		if c == nil {
			return errors.New("rules: WithClock(nil)")
		}
		e.clock = c
		return nil
	}
}

// WithOwner names this engine's leases (default: a random name); replicas
// must have distinct owners.
func WithOwner(name string) Option {
	return func(e *Engine) error {
		if name == "" {
			return errors.New("rules: WithOwner(\"\")")
		}
		e.owner = name
		return nil
	}
}

// WithRetry sets how many failed attempts make a dead letter (default 8)
// and how long a worker's lease on a job lasts before another may take
// the job over (default 2 minutes; longer than any job should run).
func WithRetry(maxAttempts int, lease time.Duration) Option {
	return func(e *Engine) error {
		if maxAttempts < 1 || lease <= 0 {
			return fmt.Errorf("rules: WithRetry(%d, %s): both must be positive", maxAttempts, lease)
		}
		e.maxAttempts, e.lease = maxAttempts, lease
		return nil
	}
}

// WithBackoff sets the wait before retrying a job that has failed
// attempts times (default: Backoff).
func WithBackoff(fn func(attempts int, id int64) time.Duration) Option {
	return func(e *Engine) error {
		if fn == nil {
			return errors.New("rules: WithBackoff(nil)")
		}
		e.backoff = fn
		return nil
	}
}

// WithWorkers sets how many jobs Work runs at once (default 4) and how
// often an idle worker looks for due jobs (default 1s).
func WithWorkers(n int, poll time.Duration) Option {
	return func(e *Engine) error {
		if n < 1 || poll <= 0 {
			return fmt.Errorf("rules: WithWorkers(%d, %s): both must be positive", n, poll)
		}
		e.workers, e.poll = n, poll
		return nil
	}
}

// WithMetrics calls fn for every metric event (see Metric); fn must be
// quick and safe for concurrent use.
func WithMetrics(fn func(Metric)) Option {
	return func(e *Engine) error { e.metrics = fn; return nil }
}

// WithHookClient sets the HTTP client of Hook actions (default: one with
// a 30s timeout that follows no redirects).
func WithHookClient(hc *http.Client) Option {
	return func(e *Engine) error {
		if hc == nil {
			return errors.New("rules: WithHookClient(nil)")
		}
		e.hookClient = hc
		return nil
	}
}

var ownerSeq atomic.Int64

// New returns an engine that acts through client. It makes no request:
// names are resolved by Validate, which Accept, Drain and Work call first.
func New(client *asana.Client, rules []Rule, opts ...Option) (*Engine, error) {
	if client == nil {
		return nil, errors.New("rules: nil client")
	}
	seen := map[string]bool{}
	for i := range rules {
		r := &rules[i]
		if r.Name == "" || seen[r.Name] {
			return nil, fmt.Errorf("rules: rule names must be unique and not empty (%q)", r.Name)
		}
		if len(r.Do) == 0 {
			return nil, fmt.Errorf("rules: rule %q does nothing", r.Name)
		}
		if err := r.When.check(); err != nil {
			return nil, fmt.Errorf("rules: rule %q: %w", r.Name, err)
		}
		seen[r.Name] = true
	}
	e := &Engine{client: client, rules: slices.Clone(rules), store: &MemoryStore{}, clock: wallClock{},
		owner: "engine-" + strconv.FormatInt(time.Now().UnixNano(), 36) + "-" + strconv.FormatInt(ownerSeq.Add(1), 10),
		lease: DefaultLease, maxAttempts: DefaultMaxAttempts, workers: DefaultWorkers, poll: DefaultPoll,
		hookClient: &http.Client{Timeout: 30 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }},
		res:        &resolver{client: client}, wake: make(chan struct{}, 1), backoff: Backoff}
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(e); err != nil {
			return nil, err
		}
	}
	return e, nil
}

type wallClock struct{}

func (wallClock) Now() time.Time                         { return time.Now() }
func (wallClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// Store returns the engine's store.
func (e *Engine) Store() Store { return e.store }

// Validate looks the engine's account and workspace up and resolves every
// name the rules use (custom fields and their options, tags, sections): an
// unknown one is an error, naming the rule, before any event is handled.
// It runs once; later calls return at once.
func (e *Engine) Validate(ctx context.Context) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.ready {
		return nil
	}
	if e.self == "" || e.res.workspace == "" {
		me, err := e.client.Users.Get(ctx, "me", &asana.UserGetOptions{GetOptions: asana.GetOptions{Fields: []string{"workspaces"}}})
		if err != nil {
			return fmt.Errorf("rules: who am I: %w", err)
		}
		if e.self == "" {
			e.self = me.GID
		}
		if e.res.workspace == "" && len(me.Workspaces) > 0 {
			e.res.workspace = me.Workspaces[0].GID
		}
	}
	var errs []error
	var cs []*compiled
	for i := range e.rules {
		c, err := e.compile(ctx, &e.rules[i])
		if err != nil {
			errs = append(errs, fmt.Errorf("rules: rule %q: %w", e.rules[i].Name, err))
			continue
		}
		cs = append(cs, c)
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	e.compiled, e.byName = cs, map[string]*compiled{}
	for _, c := range cs {
		e.byName[c.Name] = c
	}
	e.ready = true
	return nil
}

// Accept stores the events' jobs, one per matching rule, and returns how
// many events were new (not accepted before by this or another engine on
// the store). When Accept returns, the jobs are durable: a webhook
// delivery may be answered.
func (e *Engine) Accept(ctx context.Context, events []asana.Event) (int, error) {
	if err := e.Validate(ctx); err != nil {
		return 0, err
	}
	var pending []Pending
	for _, ev := range events {
		e.metric(Metric{Name: MetricEvent})
		if jobs := e.jobsFor(ev); len(jobs) > 0 { // else nothing to remember: no rule cares
			pending = append(pending, Pending{Key: EventKey(ev), Jobs: jobs})
		}
	}
	if len(pending) == 0 {
		return 0, nil
	}
	ok, err := e.store.AcceptBatch(ctx, e.clock.Now(), pending)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, accepted := range ok {
		if accepted {
			n++
			e.metric(Metric{Name: MetricAccepted})
		} else {
			e.metric(Metric{Name: MetricDuplicate})
		}
	}
	if n > 0 {
		select {
		case e.wake <- struct{}{}:
		default:
		}
	}
	return n, nil
}

func (e *Engine) jobsFor(ev asana.Event) []Job {
	if ev.Resource == nil {
		return nil
	}
	fromSelf := ev.User != nil && ev.User.GID == e.self
	key := EventKey(ev)
	var jobs []Job
	for _, c := range e.compiled {
		if fromSelf && !c.AllowSelf || !c.matchesEvent(ev) {
			continue
		}
		jobs = append(jobs, Job{Key: key + "/" + c.Name, Rule: c.Name, Event: ev})
	}
	return jobs
}

// Handle accepts the events and runs the jobs that are due, synchronously:
// Accept then Drain. It returns the errors of failed attempts, joined;
// those jobs stay in the outbox and are retried after their backoff.
func (e *Engine) Handle(ctx context.Context, events []asana.Event) error {
	if _, err := e.Accept(ctx, events); err != nil {
		return err
	}
	return e.Drain(ctx)
}

// Drain runs the due jobs one at a time until none is due, and returns the
// errors of the attempts that failed, joined. Jobs retried later (after
// backoff) are not waited for: with a fake clock, advance it and Drain
// again.
func (e *Engine) Drain(ctx context.Context) error {
	if err := e.Validate(ctx); err != nil {
		return err
	}
	var errs []error
	for ctx.Err() == nil {
		jobs, err := e.store.Lease(ctx, e.owner, e.clock.Now(), e.lease, 1)
		if err != nil {
			return errors.Join(append(errs, err)...)
		}
		if len(jobs) == 0 {
			break
		}
		if err := e.run(ctx, jobs[0]); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// Work runs the outbox with the configured number of workers until ctx
// ends, then lets the jobs in progress finish (drains) and returns nil.
// It also prunes idempotency records older than the redelivery window,
// hourly.
func (e *Engine) Work(ctx context.Context) error {
	if err := e.Validate(ctx); err != nil {
		return err
	}
	var wg sync.WaitGroup
	for range e.workers {
		wg.Go(func() { e.worker(ctx) })
	}
	wg.Go(func() { e.pruner(ctx) })
	wg.Wait()
	return nil
}

func (e *Engine) worker(ctx context.Context) {
	for ctx.Err() == nil {
		jobs, err := e.store.Lease(ctx, e.owner, e.clock.Now(), e.lease, 1)
		if err != nil && ctx.Err() == nil {
			e.log(slog.LevelError, "rules: leasing jobs", "error", err.Error())
		}
		if len(jobs) == 1 {
			// A job started finishes even if ctx ends: that is the drain
			// (each step is bounded by the lease).
			_ = e.run(context.WithoutCancel(ctx), jobs[0])
			continue
		}
		select {
		case <-ctx.Done():
		case <-e.wake:
		case <-e.clock.After(e.poll):
		}
	}
}

func (e *Engine) pruner(ctx context.Context) {
	for {
		if n, err := e.Prune(ctx); err != nil && ctx.Err() == nil {
			e.log(slog.LevelError, "rules: pruning", "error", err.Error())
		} else if n > 0 {
			e.log(slog.LevelInfo, "rules: pruned idempotency records", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-e.clock.After(time.Hour):
		}
	}
}

// Prune deletes the idempotency records older than the redelivery window
// plus an hour.
func (e *Engine) Prune(ctx context.Context) (int64, error) {
	return e.store.Prune(ctx, e.clock.Now().Add(-RedeliveryWindow-time.Hour))
}

// DeadLetters lists up to n dead letters.
func (e *Engine) DeadLetters(ctx context.Context, n int) ([]Job, error) {
	return e.store.DeadLetters(ctx, n)
}

// Replay makes a dead letter due now: it runs again from the step it
// failed at.
func (e *Engine) Replay(ctx context.Context, id int64) error {
	if err := e.store.Replay(ctx, id, e.clock.Now()); err != nil {
		return err
	}
	select {
	case e.wake <- struct{}{}:
	default:
	}
	return nil
}

func (e *Engine) log(level slog.Level, msg string, args ...any) {
	if e.logger != nil {
		e.logger.Log(context.Background(), level, msg, args...)
	}
}
