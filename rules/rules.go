// Package rules runs business rules on Asana events, durably: "when a task
// lands in project X without an assignee, assign the triage owner"; "when
// Priority becomes High, tag the task urgent and tell the on-call hook".
//
// A Rule pairs a Trigger (what happened: a task added, a custom field
// changed from one value to another, a tag added, a move into a section, a
// comment matching a pattern...) and Conditions (how the resource is now)
// with Actions (set a custom field, tag, move, follow, depend, create a
// subtask, comment, add to a project, assign, set dates, any Go function,
// or POST a signed JSON payload to an internal HTTP endpoint). Rules are
// Go values or YAML (Load); names of fields, options, tags and sections
// are resolved to gids against the organization when the engine starts
// (Engine.Validate), and an unknown name is an error before any event.
//
// The Engine keeps its state in a Store: SQLite by default (one file, pure
// Go), PostgreSQL for several replicas, or memory for tests. Events come
// from the webhook receiver (Engine.Receiver answers Asana only once the
// event is stored) or from an events stream whose sync token is stored
// (Engine.Follow). Accepting an event records its idempotency key and
// enqueues one job per matching rule in the store's outbox, in one
// transaction: a redelivered event, or the same delivery reaching two
// replicas, is accepted once. Workers (Engine.Work, or Engine.Drain in
// tests) lease jobs, check the conditions, and run the actions one step at
// a time, recording each step: a retryable failure (429, 5xx, a dropped
// connection) is retried with backoff, across restarts too; a job that
// fails MaxAttempts times, or with an error retrying cannot fix, becomes a
// dead letter, listed by Engine.DeadLetters and run again by Engine.Replay.
// A worker that dies mid-job loses its lease and another takes the job
// over at the step it reached; actions that are not idempotent by nature
// (comments, subtasks) look for their own earlier effect before acting, so
// every event's actions happen once.
//
// Events caused by the engine's own account are ignored unless a rule sets
// AllowSelf, so that a rule's action cannot trigger rules in a loop.
package rules

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"time"

	"github.com/asanakit/asana-go/asana"
)

// Trigger selects the events a rule acts on. Empty fields match anything;
// the set fields must all match.
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
	// to that project. It is also the project Section names are looked up
	// in.
	Project string `yaml:"project" json:"project,omitempty"`
	// Team limits project rules to projects of this team, and task rules
	// to tasks in a project of this team.
	Team string `yaml:"team" json:"team,omitempty"`
	// Unassigned limits task rules to tasks that have no assignee when the
	// rule runs (read fresh from Asana, not from the event).
	Unassigned bool `yaml:"unassigned" json:"unassigned,omitempty"`

	// CustomField fires when a task's custom field changes, by the field's
	// name, optionally from and to a value.
	CustomField *FieldChange `yaml:"custom_field" json:"custom_field,omitempty"`
	// TagAdded and TagRemoved fire when this tag (a name or gid) is added
	// to or removed from a task.
	TagAdded   string `yaml:"tag_added" json:"tag_added,omitempty"`
	TagRemoved string `yaml:"tag_removed" json:"tag_removed,omitempty"`
	// Section fires when a task moves into this section (a name, looked up
	// in Project, or a gid).
	Section string `yaml:"section" json:"section,omitempty"`
	// AddedToProject fires when a task is added to this project (a gid).
	AddedToProject string `yaml:"added_to_project" json:"added_to_project,omitempty"`
	// AssigneeChanged fires when a task's assignee changes; AssignedTo
	// narrows it to a new assignee (a user gid).
	AssigneeChanged bool   `yaml:"assignee_changed" json:"assignee_changed,omitempty"`
	AssignedTo      string `yaml:"assigned_to" json:"assigned_to,omitempty"`
	// DueDateChanged fires when a task's due date (due_on or due_at) changes.
	DueDateChanged bool `yaml:"due_date_changed" json:"due_date_changed,omitempty"`
	// Completed fires when a task is marked complete (true) or incomplete
	// (false).
	Completed *bool `yaml:"completed" json:"completed,omitempty"`
	// CommentMatches fires on a new comment on a task whose text matches
	// this regular expression (RE2 syntax; "" with Comment set matches any).
	CommentMatches string `yaml:"comment_matches" json:"comment_matches,omitempty"`
}

// FieldChange is a custom field trigger. From matches the value the engine
// last saw on the task for this rule (the first change it sees has no
// "from", so a rule with From skips it); To matches the value now. Values
// are compared as shown: an option's name, a number or text as Asana
// displays it; "" matches any value, and "none" an empty field.
type FieldChange struct {
	Name string `yaml:"name" json:"name"`
	From string `yaml:"from" json:"from,omitempty"`
	To   string `yaml:"to" json:"to,omitempty"`
}

// Conditions check the task as it is when the rule runs (read fresh).
// Names are resolved when the engine starts.
type Conditions struct {
	// CustomFields maps field names to the value each must show ("none"
	// for empty).
	CustomFields map[string]string `yaml:"custom_fields" json:"custom_fields,omitempty"`
	// Project and Section: the task is in this project (a gid), and in
	// this section of it (a name or gid).
	Project string `yaml:"project" json:"project,omitempty"`
	Section string `yaml:"section" json:"section,omitempty"`
	// Tag: the task has this tag (a name or gid); NotTag: it has not.
	Tag    string `yaml:"tag" json:"tag,omitempty"`
	NotTag string `yaml:"not_tag" json:"not_tag,omitempty"`
	// Assignee is a user gid the task must be assigned to, or "none".
	Assignee string `yaml:"assignee" json:"assignee,omitempty"`
}

// Rule is one business rule.
type Rule struct {
	// Name identifies the rule in the store's outbox and in logs; it must
	// be unique and should not change while jobs are pending.
	Name string
	When Trigger
	If   Conditions
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
	// Rule is the rule's name; JobKey identifies the (event, rule) job and
	// Step the action within it: together an idempotency key for effects
	// outside Asana.
	Rule, JobKey string
	Step         int
	// Since is when the job was accepted: an effect of this job is newer.
	Since time.Time
	// Self is the engine's own user gid.
	Self string

	engine *Engine
}

// Action is something a rule does. Its Run may run again after a crash
// or a failure of a later step: it must be safe to repeat (set values
// rather than toggle them, or look for its earlier effect).
type Action interface {
	Run(ctx context.Context, c *Context) error
}

// Func is an Action written in Go.
type Func func(ctx context.Context, c *Context) error

// Run implements Action.
func (f Func) Run(ctx context.Context, c *Context) error { return f(ctx, c) }

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
