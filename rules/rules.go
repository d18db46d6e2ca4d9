// Package rules runs business rules on Asana events: "when a task lands in
// project X without an assignee, assign the triage owner"; "when a project
// is created in team T, add the standard sections".
//
// A Rule pairs a Trigger (resource type, action, field changed, project or
// team scope) with Actions (assign, add to a project or section, comment,
// set a field, or any Go function). Rules are Go values, or YAML for the
// common cases (Load). An Engine takes events from the webhook receiver
// (Engine.Webhook) or from an events stream (Engine.Run) interchangeably.
//
// Asana delivers events at least once. The Engine keeps an idempotency
// record (a Store) of the (event, rule) pairs it has acted on, so a
// redelivered event never acts twice, even when two deliveries of it are
// handled at once. A rule whose action failed is not recorded and runs
// again when the event comes again: a Handle the caller retries, or a
// webhook delivery Asana repeats because it got no 200. The webhook
// receiver answers 200 before the rules run, and Engine.Run moves on to
// the next event, so on those paths a failed action is logged, not retried
// (transient API failures are already retried inside the client). Events
// caused by the engine's own account are ignored unless a rule sets
// AllowSelf, so that a rule's action cannot trigger rules in a loop.
package rules

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/asana/webhook"
	"github.com/asanakit/asana-go/internal/safeyaml"
)

// Trigger selects the events a rule acts on. Empty fields match anything.
type Trigger struct {
	// ResourceType is the type of the changed resource: "task", "project",
	// "story", "section".
	ResourceType string `yaml:"resource_type" json:"resource_type,omitempty"`
	// Action is the event's action: "added", "changed", "removed",
	// "deleted", "undeleted".
	Action string `yaml:"action" json:"action,omitempty"`
	// Field is the changed field, for "changed" events ("assignee").
	Field string `yaml:"field" json:"field,omitempty"`
	// Project limits task and story rules to tasks in this project (for a
	// task "added" event, the project it was added to), and project rules
	// to that project.
	Project string `yaml:"project" json:"project,omitempty"`
	// Team limits project rules to projects of this team, and task rules
	// to tasks in a project of this team.
	Team string `yaml:"team" json:"team,omitempty"`
	// Unassigned limits task rules to tasks that have no assignee when the
	// rule runs (read fresh from Asana, not from the event).
	Unassigned bool `yaml:"unassigned" json:"unassigned,omitempty"`
}

// Rule is one business rule.
type Rule struct {
	// Name identifies the rule in the idempotency record and in logs; it
	// must be unique and should not change while events are in flight.
	Name string
	When Trigger
	Do   []Action
	// AllowSelf lets events caused by the engine's own account trigger the
	// rule. Off by default: it is what keeps rules from looping.
	AllowSelf bool
}

// Context is what an action sees.
type Context struct {
	Client *asana.Client
	Event  asana.Event
	// Task is the event's task, read fresh, for events on tasks and on
	// stories of tasks; nil otherwise.
	Task *asana.Task
	// Project is the event's project, read fresh, for events on projects.
	Project *asana.Project
}

// Action is something a rule does. Its Run must be safe to repeat after a
// failure: a failed rule runs again when the event is delivered again.
type Action interface {
	Run(ctx context.Context, c *Context) error
}

// Func is an Action written in Go.
type Func func(ctx context.Context, c *Context) error

// Run implements Action.
func (f Func) Run(ctx context.Context, c *Context) error { return f(ctx, c) }

// Store is the idempotency record: which (event, rule) pairs have acted.
type Store interface {
	// Done reports whether key was marked.
	Done(ctx context.Context, key string) (bool, error)
	// Mark records key.
	Mark(ctx context.Context, key string) error
}

// Engine runs rules on events. It is safe for concurrent use: events of
// one batch are handled in order, and the same event handled by two calls
// at once (a webhook and a stream feeding one engine) still acts once.
type Engine struct {
	client *asana.Client
	rules  []Rule
	store  Store
	logger *slog.Logger

	mu   sync.Mutex
	self string // the engine's own user gid, read once from /users/me

	flightMu sync.Mutex
	inflight map[string]chan struct{} // (event, rule) keys being acted on; closed when done
}

// Option configures an Engine.
type Option func(*Engine) error

// WithStore sets the idempotency record (default: a MemoryStore, which
// forgets everything at exit; use a FileStore to survive restarts).
func WithStore(s Store) Option {
	return func(e *Engine) error {
		if s == nil {
			return errors.New("rules: WithStore(nil)")
		}
		e.store = s
		return nil
	}
}

// WithSelf sets the engine's own user gid, to skip the /users/me lookup.
func WithSelf(userGID string) Option {
	return func(e *Engine) error { e.self = userGID; return nil }
}

// WithLogger logs each rule that fires or fails.
func WithLogger(l *slog.Logger) Option {
	return func(e *Engine) error { e.logger = l; return nil }
}

// New returns an engine that acts through client.
func New(client *asana.Client, rules []Rule, opts ...Option) (*Engine, error) {
	if client == nil {
		return nil, errors.New("rules: nil client")
	}
	seen := map[string]bool{}
	for _, r := range rules {
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
	e := &Engine{client: client, rules: slices.Clone(rules), store: &MemoryStore{}}
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

// Webhook returns the engine as a webhook receiver callback. The receiver
// has answered Asana before the callback runs, so the error of a failed
// action goes to the receiver's log and Asana does not deliver the event
// again.
func (e *Engine) Webhook() webhook.Func {
	return func(ctx context.Context, d webhook.Delivery) error { return e.Handle(ctx, d.Events) }
}

// Run feeds the engine from an events stream until ctx ends (it then
// returns nil) or the stream fails. An expired sync token is logged and
// the stream goes on: the events in between are lost, as Asana says.
func (e *Engine) Run(ctx context.Context, stream *asana.EventStream) error {
	for ev, err := range stream.All(ctx) {
		if errors.Is(err, asana.ErrSyncExpired) {
			e.log(slog.LevelWarn, "rules: events were missed (sync token expired)")
			continue
		}
		if err != nil {
			return err
		}
		if err := e.Handle(ctx, []asana.Event{ev}); err != nil {
			e.log(slog.LevelError, "rules: handling an event failed", "error", err.Error())
		}
	}
	return nil
}

// Handle runs the rules on a batch of events, in order. It returns the
// errors of failed actions, joined; those (event, rule) pairs are not
// recorded, so they run again when Asana delivers the event again.
func (e *Engine) Handle(ctx context.Context, events []asana.Event) error {
	self, err := e.selfGID(ctx)
	if err != nil {
		return err
	}
	var errs []error
	for _, ev := range events {
		key := EventKey(ev)
		fromSelf := ev.User != nil && ev.User.GID == self
		var c *Context // loaded once per event, when a rule needs it
		for i := range e.rules {
			r := &e.rules[i]
			if fromSelf && !r.AllowSelf || !r.When.matchesEvent(ev) {
				continue
			}
			more, err := e.apply(ctx, r, key+"/"+r.Name, ev, &c)
			if err != nil {
				errs = append(errs, err)
			}
			if !more {
				break
			}
		}
	}
	return errors.Join(errs...)
}

// apply runs rule r on ev unless the idempotency record holds rk. c caches
// the event's Context across the event's rules. more is false when the
// event's other rules cannot run either (reading its resource failed, or
// ctx ended).
func (e *Engine) apply(ctx context.Context, r *Rule, rk string, ev asana.Event, c **Context) (more bool, err error) {
	release, err := e.claim(ctx, rk)
	if err != nil {
		return false, err
	}
	defer release()
	if done, err := e.store.Done(ctx, rk); err != nil || done {
		return true, err
	}
	if *c == nil {
		loaded, err := e.load(ctx, ev)
		if err != nil {
			return false, fmt.Errorf("rules: %s: reading %s %s: %w", r.Name, ev.Resource.ResourceType, ev.Resource.GID, err)
		}
		*c = loaded
	}
	if (*c).Task == nil && (*c).Project == nil && (r.When.Project != "" || r.When.Team != "" || r.When.Unassigned) {
		return true, nil // the resource is gone
	}
	if !r.When.matchesState(ev, *c) {
		return true, nil
	}
	if err := e.fire(ctx, r, *c); err != nil {
		return true, err
	}
	return true, e.store.Mark(ctx, rk)
}

// claim waits until no other Handle call is acting on key (the same event
// arriving twice at once: a quick redelivery, or a webhook and a stream
// feeding one engine), then holds key until release is called. Together
// with the Store this makes "acts once" hold under concurrency too.
func (e *Engine) claim(ctx context.Context, key string) (release func(), err error) {
	for {
		e.flightMu.Lock()
		busy, ok := e.inflight[key]
		if !ok {
			if e.inflight == nil {
				e.inflight = map[string]chan struct{}{}
			}
			mine := make(chan struct{})
			e.inflight[key] = mine
			e.flightMu.Unlock()
			return func() {
				e.flightMu.Lock()
				delete(e.inflight, key)
				e.flightMu.Unlock()
				close(mine)
			}, nil
		}
		e.flightMu.Unlock()
		select {
		case <-busy:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

func (e *Engine) fire(ctx context.Context, r *Rule, c *Context) error {
	for _, a := range r.Do {
		if err := a.Run(ctx, c); err != nil {
			e.log(slog.LevelError, "rules: rule failed", "rule", r.Name, "resource", c.Event.Resource.GID, "error", err.Error())
			return fmt.Errorf("rules: %s on %s %s: %w", r.Name, c.Event.Resource.ResourceType, c.Event.Resource.GID, err)
		}
	}
	e.log(slog.LevelInfo, "rules: rule fired", "rule", r.Name, "resource", c.Event.Resource.GID, "action", c.Event.Action)
	return nil
}

func (e *Engine) selfGID(ctx context.Context) (string, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.self != "" {
		return e.self, nil
	}
	u, err := e.client.Users.Get(ctx, "me", nil)
	if err != nil {
		return "", fmt.Errorf("rules: who am I: %w", err)
	}
	e.self = u.GID
	return e.self, nil
}

// taskFields are what task rules need to check their scope.
var taskFields = []string{"name", "assignee", "memberships.project", "memberships.section", "projects.team", "workspace"}

// load reads the event's task or project. A resource that is gone (404)
// leaves both nil.
func (e *Engine) load(ctx context.Context, ev asana.Event) (*Context, error) {
	c := &Context{Client: e.client, Event: ev}
	if ev.Resource == nil || ev.Action == asana.EventDeleted {
		return c, nil
	}
	var err error
	switch ev.Resource.ResourceType {
	case "task":
		c.Task, err = e.client.Tasks.Get(ctx, ev.Resource.GID, &asana.GetOptions{Fields: taskFields})
	case "story":
		if ev.Parent != nil && ev.Parent.ResourceType == "task" {
			c.Task, err = e.client.Tasks.Get(ctx, ev.Parent.GID, &asana.GetOptions{Fields: taskFields})
		}
	case "project":
		c.Project, err = e.client.Projects.Get(ctx, ev.Resource.GID, &asana.GetOptions{Fields: []string{"name", "team", "workspace"}})
	}
	if errors.Is(err, asana.ErrNotFound) {
		c.Task, c.Project, err = nil, nil, nil
	}
	return c, err
}

// check rejects triggers that could never match, such as a misspelt
// action, which would otherwise leave a rule silently idle.
func (t *Trigger) check() error {
	switch t.Action {
	case "", asana.EventAdded, asana.EventChanged, asana.EventRemoved, asana.EventDeleted, asana.EventUndeleted:
	default:
		return fmt.Errorf("unknown action %s (want added, changed, removed, deleted or undeleted)", safeyaml.Quote(t.Action))
	}
	if t.Field != "" && t.Action != "" && t.Action != asana.EventChanged {
		return fmt.Errorf("field %s needs the action changed, not %s", safeyaml.Quote(t.Field), safeyaml.Quote(t.Action))
	}
	return nil
}

// matchesEvent checks what the event itself says.
func (t *Trigger) matchesEvent(ev asana.Event) bool {
	if ev.Resource == nil {
		return false
	}
	if t.ResourceType != "" && t.ResourceType != ev.Resource.ResourceType ||
		t.Action != "" && t.Action != ev.Action {
		return false
	}
	if t.Field != "" && (ev.Change == nil || ev.Change.Field != t.Field) {
		return false
	}
	// An "added to project P" event names P as parent: a task added to
	// another project does not match, even if it is also in P.
	if t.Project != "" && ev.Action == asana.EventAdded && ev.Parent != nil && ev.Parent.ResourceType == "project" &&
		ev.Resource.ResourceType == "task" && ev.Parent.GID != t.Project {
		return false
	}
	return true
}

// matchesState checks the scope against the resource as it is now.
func (t *Trigger) matchesState(ev asana.Event, c *Context) bool {
	if task := c.Task; task != nil {
		if t.Unassigned && task.Assignee != nil {
			return false
		}
		if t.Project != "" && !slices.ContainsFunc(task.Memberships, func(m asana.TaskMembership) bool {
			return m.Project != nil && m.Project.GID == t.Project
		}) {
			return false
		}
		if t.Team != "" && !slices.ContainsFunc(task.Projects, func(p asana.Project) bool {
			return p.Team != nil && p.Team.GID == t.Team
		}) {
			return false
		}
		return true
	}
	if p := c.Project; p != nil {
		return (t.Project == "" || t.Project == p.GID) && (t.Team == "" || p.Team != nil && p.Team.GID == t.Team) && !t.Unassigned
	}
	return t.Project == "" && t.Team == "" && !t.Unassigned
}

// EventKey identifies an event for the idempotency record. Asana events
// carry no ID, but a redelivered event is the same event: the same
// resource, action, parent, time, user and change. Names are left out, so
// an event keys alike whether it came by webhook (no names) or by stream.
func EventKey(ev asana.Event) string {
	gid := func(r *asana.NamedResource) string {
		if r == nil {
			return ""
		}
		return r.ResourceType + ":" + r.GID
	}
	parts := []string{gid(ev.Resource), ev.Action, gid(ev.Parent), ev.CreatedAt.UTC().Format(time.RFC3339Nano)}
	if ev.User != nil {
		parts = append(parts, ev.User.GID)
	}
	if c := ev.Change; c != nil {
		parts = append(parts, c.Field, c.Action, gid(c.Value()))
	}
	b, _ := json.Marshal(parts)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:16])
}

func (e *Engine) log(level slog.Level, msg string, args ...any) {
	if e.logger != nil {
		e.logger.Log(context.Background(), level, msg, args...)
	}
}
