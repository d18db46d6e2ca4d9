package rules

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/asanakit/asana-go/asana"
)

// Metric names, for WithMetrics.
const (
	MetricEvent      = "event"       // an event arrived
	MetricAccepted   = "accepted"    // an event was new and its jobs stored
	MetricDuplicate  = "duplicate"   // an event was accepted before (a redelivery, or another replica)
	MetricAction     = "action"      // an action ran (Latency set; Err on failure)
	MetricDone       = "done"        // a job finished (Latency: from acceptance)
	MetricSkipped    = "skipped"     // a job's conditions did not hold
	MetricRetry      = "retry"       // a job failed and will be retried
	MetricDeadLetter = "dead_letter" // a job became a dead letter
)

// Metric is one thing the engine counts.
type Metric struct {
	Name    string
	Rule    string
	Latency time.Duration
	Err     error
}

// Counters are the engine's running totals (see Engine.Counters).
type Counters struct {
	Events, Accepted, Duplicates, Actions, ActionErrors, Done, Skipped, Retries, DeadLetters atomic.Int64
	// ActionNanos adds up the actions' latencies.
	ActionNanos atomic.Int64
}

// CounterValues is a snapshot of Counters.
type CounterValues struct {
	Events, Accepted, Duplicates, Actions, ActionErrors, Done, Skipped, Retries, DeadLetters int64
	ActionLatency                                                                            time.Duration // mean
}

// Counters returns a snapshot of the engine's totals since it started.
func (e *Engine) Counters() CounterValues {
	c := &e.counts
	v := CounterValues{Events: c.Events.Load(), Accepted: c.Accepted.Load(), Duplicates: c.Duplicates.Load(),
		Actions: c.Actions.Load(), ActionErrors: c.ActionErrors.Load(), Done: c.Done.Load(), Skipped: c.Skipped.Load(),
		Retries: c.Retries.Load(), DeadLetters: c.DeadLetters.Load()}
	if v.Actions > 0 {
		v.ActionLatency = time.Duration(c.ActionNanos.Load() / v.Actions)
	}
	return v
}

func (e *Engine) metric(m Metric) {
	c := &e.counts
	switch m.Name {
	case MetricEvent:
		c.Events.Add(1)
	case MetricAccepted:
		c.Accepted.Add(1)
	case MetricDuplicate:
		c.Duplicates.Add(1)
	case MetricAction:
		c.Actions.Add(1)
		c.ActionNanos.Add(int64(m.Latency))
		if m.Err != nil {
			c.ActionErrors.Add(1)
		}
	case MetricDone:
		c.Done.Add(1)
	case MetricSkipped:
		c.Skipped.Add(1)
	case MetricRetry:
		c.Retries.Add(1)
	case MetricDeadLetter:
		c.DeadLetters.Add(1)
	}
	if e.metrics != nil {
		e.metrics(m)
	}
}

// run carries one leased job as far as it goes. Its error is the failed
// attempt's, for Drain to report; the job's fate is in the store.
func (e *Engine) run(ctx context.Context, j Job) error {
	e.mu.Lock()
	c := e.byName[j.Rule]
	e.mu.Unlock()
	if c == nil {
		e.log(slog.LevelWarn, "rules: dropping a job of a rule that is gone", "rule", j.Rule)
		return e.settle(ctx, e.store.Complete(ctx, j.ID, e.owner))
	}
	// Each step runs within a lease (renewed by Advance), so that a worker
	// stops before another may take the job over.
	cctx, cancel := context.WithTimeout(ctx, e.lease)
	defer cancel()
	rc, err := e.load(cctx, j.Event)
	if err != nil {
		return e.fail(ctx, j, fmt.Errorf("reading %s %s: %w", j.Event.Resource.ResourceType, j.Event.Resource.GID, err))
	}
	rc.Rule, rc.JobKey, rc.Since, rc.Self, rc.engine = c.Name, j.Key, j.CreatedAt, e.self, e
	if j.Step == 0 {
		ok := false
		if rc.Task != nil || rc.Project != nil || !c.needsResource() {
			if ok, err = e.matchesState(cctx, c, rc); err != nil {
				return e.fail(ctx, j, err)
			}
		}
		if !ok {
			e.metric(Metric{Name: MetricSkipped, Rule: c.Name})
			return e.settle(ctx, e.store.Complete(ctx, j.ID, e.owner))
		}
		if err := e.store.Advance(ctx, j.ID, e.owner, 1, e.clock.Now().Add(e.lease)); err != nil {
			return e.settle(ctx, err)
		}
		j.Step = 1
	}
	for ; j.Step <= len(c.Do); j.Step++ {
		rc.Step = j.Step
		start := time.Now()
		sctx, cancel := context.WithTimeout(ctx, e.lease)
		err := c.Do[j.Step-1].Run(sctx, rc)
		cancel()
		e.metric(Metric{Name: MetricAction, Rule: c.Name, Latency: time.Since(start), Err: err})
		if err != nil {
			return e.fail(ctx, j, fmt.Errorf("action %d: %w", j.Step, err))
		}
		if j.Step < len(c.Do) {
			if err := e.store.Advance(ctx, j.ID, e.owner, j.Step+1, e.clock.Now().Add(e.lease)); err != nil {
				return e.settle(ctx, err)
			}
		}
	}
	if err := e.store.Complete(ctx, j.ID, e.owner); err != nil {
		return e.settle(ctx, err)
	}
	e.metric(Metric{Name: MetricDone, Rule: c.Name, Latency: e.clock.Now().Sub(j.CreatedAt)})
	e.log(slog.LevelInfo, "rules: rule fired", "rule", c.Name, "resource", j.Event.Resource.GID, "action", j.Event.Action)
	return nil
}

// needsResource reports whether the rule can only act on a resource that
// still exists.
func (c *compiled) needsResource() bool {
	t := &c.When
	return t.Project != "" || t.Team != "" || t.Unassigned || t.taskTrigger() || c.comment != nil ||
		c.condSection != "" || c.condTag != "" || c.condNotTag != "" || len(c.condFields) > 0 || c.If.Assignee != "" || c.If.Project != ""
}

// settle reports a lost lease as a log line: another worker has the job.
func (e *Engine) settle(_ context.Context, err error) error {
	if errors.Is(err, ErrLeaseLost) {
		e.log(slog.LevelWarn, "rules: lost a job's lease; another worker has it")
		return nil
	}
	return err
}

// fail records a failed attempt: a retry after backoff, or a dead letter.
func (e *Engine) fail(ctx context.Context, j Job, err error) error {
	err = fmt.Errorf("rules: %s on %s %s: %w", j.Rule, j.Event.Resource.ResourceType, j.Event.Resource.GID, err)
	var ae *asana.Error
	if errors.As(err, &ae) && ae.StatusCode == 400 {
		e.res.refresh() // a renamed option or a changed field: resolve names afresh
	}
	dead := j.Attempts+1 >= e.maxAttempts || !Retryable(err)
	next := e.clock.Now().Add(e.backoff(j.Attempts, j.ID))
	// Record the failure even when ctx has ended (a shutdown), so that
	// the attempt counts and the job is free at once.
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if serr := e.store.Retry(sctx, j.ID, e.owner, truncate(err.Error(), 2000), next, dead); serr != nil {
		return errors.Join(err, e.settle(ctx, serr))
	}
	if dead {
		e.metric(Metric{Name: MetricDeadLetter, Rule: j.Rule, Err: err})
		e.log(slog.LevelError, "rules: job moved to the dead letters", "rule", j.Rule, "job", j.ID, "attempts", j.Attempts+1, "error", err.Error())
	} else {
		e.metric(Metric{Name: MetricRetry, Rule: j.Rule, Err: err})
		e.log(slog.LevelWarn, "rules: job failed; will retry", "rule", j.Rule, "job", j.ID, "attempt", j.Attempts+1, "next", next, "error", err.Error())
	}
	return err
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}

// Backoff is the wait before retrying a job that has failed attempts
// times: 1s doubling to at most 10 minutes, plus up to 45% more,
// derived from the job id so that failed jobs spread out, deterministically.
func Backoff(attempts int, id int64) time.Duration {
	d := time.Second << min(attempts, 10)
	d = min(d, 10*time.Minute)
	return d + d*time.Duration(uint64(id)%10)/20
}

// permanent marks an error that retrying cannot fix.
type permanent struct{ err error }

func (p permanent) Error() string { return p.err.Error() }
func (p permanent) Unwrap() error { return p.err }

// Permanent marks err as one that retrying cannot fix: a Func action that
// returns it sends its job straight to the dead letters.
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return permanent{err}
}

// Retryable reports whether a failed attempt may succeed later: rate
// limits, server errors, timeouts and lost connections may; a 4xx answer
// (other than 408 and 429), an unknown name or a Permanent error may not.
// A 400 may, once names are resolved again. Other errors (a Go function's)
// are retried.
func Retryable(err error) bool {
	var p permanent
	if errors.As(err, &p) || errors.Is(err, errUnknownName) {
		return false
	}
	var ae *asana.Error
	if errors.As(err, &ae) {
		switch s := ae.StatusCode; {
		case s == 0, s < 300, s == 400, s == 408, s == 429, s >= 500: // < 300: the answer was lost on the way
			return true
		}
		return false
	}
	var he *HookError
	if errors.As(err, &he) {
		return he.StatusCode == 0 || he.StatusCode == 408 || he.StatusCode == 429 || he.StatusCode >= 500
	}
	return true // a lost connection, a timeout, a Go function's error
}

// taskFields are what rules need of a task to check their scope and
// conditions.
var taskFields = []string{"name", "assignee", "completed", "due_on", "memberships.project", "memberships.section",
	"projects.team", "workspace", "tags", "custom_fields.name", "custom_fields.type", "custom_fields.resource_subtype",
	"custom_fields.enum_value.name", "custom_fields.multi_enum_values.name", "custom_fields.display_value",
	"custom_fields.text_value", "custom_fields.number_value"}

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
