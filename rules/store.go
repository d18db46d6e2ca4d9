package rules

import (
	"context"
	"errors"
	"time"

	"github.com/asanakit/asana-go/asana"
)

// RedeliveryWindow is how long Asana may deliver an event again. An
// idempotency record older than this (plus a margin) can be pruned: no
// copy of its event is still coming.
const RedeliveryWindow = 24 * time.Hour

// Job is one rule to run on one event: an entry of the Store's outbox. The
// Engine enqueues it when it accepts the event and deletes it once every
// action of the rule is done; a job that keeps failing becomes a dead
// letter.
type Job struct {
	// ID is the store's identifier of the job, set by Accept.
	ID int64
	// Key is the (event, rule) pair, unique in the outbox.
	Key string
	// Rule names the rule.
	Rule string
	// Event is the event the rule runs on.
	Event asana.Event
	// Step is how far the job got: 0 means the rule's conditions are not
	// checked yet, n > 0 that they held and the first n-1 actions are done.
	Step int
	// Attempts counts the failed attempts so far.
	Attempts int
	// CreatedAt is when the job was accepted; NextAt when it is due.
	CreatedAt, NextAt time.Time
	// LastError is the error of the last failed attempt.
	LastError string
	// Dead reports a dead letter: the job failed too often, or with an
	// error retrying cannot fix, and waits for Replay.
	Dead bool
}

// Pending is an event to accept: its idempotency key and its jobs.
type Pending struct {
	Key  string
	Jobs []Job
}

// StoreStats counts what a store holds.
type StoreStats struct {
	// Seen is the number of idempotency records (accepted events).
	Seen int64
	// Pending is the number of jobs waiting or running; Dead the dead letters.
	Pending, Dead int64
}

// ErrLeaseLost is returned by Advance, Complete and Retry when the job is
// no longer leased by the caller: its lease expired and another worker
// (maybe on another replica) took it over, or it was finished already.
var ErrLeaseLost = errors.New("rules: the job's lease was lost")

// ErrNoJob is returned by Replay for an id that is not a dead letter.
var ErrNoJob = errors.New("rules: no such dead letter")

// Store is the Engine's durable state: idempotency records, webhook
// secrets, events sync tokens, remembered field values and the outbox of
// jobs. The store never reads a clock: times come from the Engine, so that
// tests run on a fake clock. Implementations must be safe for concurrent
// use; SQLStore over PostgreSQL is also safe for several processes at once.
type Store interface {
	// Secret and SetSecret keep webhook handshake secrets (a Store is a
	// webhook.SecretStore).
	Secret(ctx context.Context, key string) (secret string, ok bool, err error)
	SetSecret(ctx context.Context, key, secret string) error
	// DeleteSecret forgets a secret (its webhook was deleted).
	DeleteSecret(ctx context.Context, key string) error

	// SyncToken returns the events sync token saved for a resource, or "".
	SyncToken(ctx context.Context, resource string) (string, error)
	// SetSyncToken saves the token for a resource.
	SetSyncToken(ctx context.Context, resource, token string) error

	// Value and SetValue remember small values under a key (the last seen
	// value of a watched custom field).
	Value(ctx context.Context, key string) (value string, ok bool, err error)
	SetValue(ctx context.Context, key, value string) error

	// Accept records the idempotency key of an event and enqueues its jobs,
	// atomically. If the key was recorded before, by this process or by
	// another sharing the store, it enqueues nothing and returns false:
	// exactly one caller accepts an event.
	Accept(ctx context.Context, key string, now time.Time, jobs []Job) (accepted bool, err error)
	// AcceptBatch is Accept for several events in one transaction (a
	// webhook delivery, a poll); accepted[i] is the fate of events[i]. On
	// an error nothing is accepted.
	AcceptBatch(ctx context.Context, now time.Time, events []Pending) (accepted []bool, err error)
	// Lease takes up to n jobs that are due at now, not dead, and not
	// leased by a live lease, for owner until now+d. A job whose lease
	// expired (its worker died) is due again.
	Lease(ctx context.Context, owner string, now time.Time, d time.Duration, n int) ([]Job, error)
	// Advance records that the leased job reached step, and extends the
	// lease until until: a long job keeps its lease step by step.
	Advance(ctx context.Context, id int64, owner string, step int, until time.Time) error
	// Complete deletes the leased job: it is done.
	Complete(ctx context.Context, id int64, owner string) error
	// Retry releases the leased job after a failed attempt: one attempt
	// more, the error, due again at next; dead moves it to the dead letters.
	Retry(ctx context.Context, id int64, owner, errText string, next time.Time, dead bool) error
	// DeadLetters lists up to n dead letters, oldest first.
	DeadLetters(ctx context.Context, n int) ([]Job, error)
	// Replay makes a dead letter due at now again, with its attempts reset.
	Replay(ctx context.Context, id int64, now time.Time) error

	// Prune deletes the idempotency records made before before, and
	// returns how many went.
	Prune(ctx context.Context, before time.Time) (int64, error)
	// Stats counts what the store holds.
	Stats(ctx context.Context) (StoreStats, error)
	// Close releases the store.
	Close() error
}
