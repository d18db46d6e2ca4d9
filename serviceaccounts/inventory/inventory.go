// Package inventory lists an organization's service accounts from its audit
// log: when each was created, renamed and deauthorized, and when it last
// acted through the API as far as the audit log shows, flagging those idle
// for long enough as candidates to deauthorize.
//
// Limits, from the audit log itself: Asana keeps 90 days of audit log
// events, so accounts created earlier appear only once they act, and
// "last active" cannot look back further. The audit log records
// admin-relevant actions (user and membership changes, deletions, exports,
// settings, logins, service-account changes), not ordinary work such as
// editing tasks: an account that only edits tasks looks idle here. Treat
// "idle" as a candidate for review, not a verdict. Reading the audit log
// needs a service account token of an Enterprise+ organization.
//
// Deauthorizing a service account happens in Asana's admin console (Admin
// console > Apps > Service accounts); the API cannot do it.
package inventory

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/asanakit/asana-go/asana"
)

// Retention is how far back Asana's audit log goes.
const Retention = 90 * 24 * time.Hour

// Audit log event types the inventory reads.
const (
	EventCreated      = "service_account_created"
	EventRenamed      = "service_account_name_changed"
	EventDeauthorized = "service_account_deauthorized"
)

// Account is one service account as the audit log shows it.
type Account struct {
	GID  string
	Name string
	// FormerNames are earlier names, oldest first.
	FormerNames []string
	// Created is zero when the creation is older than the audit log.
	Created time.Time
	// Deauthorized is when a token of the account was last deauthorized.
	Deauthorized time.Time
	// LastActive is the last audit log event the account caused through
	// the API; zero if none in the retention window.
	LastActive time.Time
	// Idle marks a candidate to deauthorize: no API activity in the audit
	// log for at least Options.IdleAfter (counting from creation when it
	// never acted), and not deauthorized already.
	Idle bool
}

// Options tune Build.
type Options struct {
	// IdleAfter is how long without activity makes an account idle;
	// 0 means 30 days.
	IdleAfter time.Duration
	// Now is the time idleness is measured at; zero means now on the
	// client's clock (asana.WithClock), which is time.Now() by default.
	Now time.Time
}

// Build reads the organization's audit log (the last 90 days) and returns
// its service accounts, sorted by name.
func Build(ctx context.Context, c *asana.Client, orgGID string, opts Options) ([]Account, error) {
	now := opts.Now
	if now.IsZero() {
		now = c.Clock().Now()
	}
	idle := opts.IdleAfter
	if idle <= 0 {
		idle = 30 * 24 * time.Hour
	}
	byGID := map[string]*Account{}
	account := func(gid, name string) *Account {
		a := byGID[gid]
		if a == nil {
			a = &Account{GID: gid, Name: name}
			byGID[gid] = a
		}
		return a
	}
	for e, err := range c.AuditLog.List(ctx, orgGID, &asana.AuditLogOptions{StartAt: now.Add(-Retention)}).All() {
		if err != nil {
			return nil, err
		}
		switch e.EventType {
		case EventCreated:
			a := account(e.Resource.GID, e.Resource.Name)
			a.Created = e.CreatedAt
		case EventRenamed:
			a := account(e.Resource.GID, e.Resource.Name)
			if old := detail(e, "old_value"); old != "" {
				a.FormerNames = append(a.FormerNames, old)
			}
			if n := detail(e, "new_value"); n != "" {
				a.Name = n
			}
		case EventDeauthorized:
			account(e.Resource.GID, e.Resource.Name).Deauthorized = e.CreatedAt
		}
		if e.Context.APIAuthenticationMethod == "service_account" && e.Actor.GID != "" {
			a := account(e.Actor.GID, e.Actor.Name)
			if e.CreatedAt.After(a.LastActive) {
				a.LastActive = e.CreatedAt
			}
		}
	}
	out := make([]Account, 0, len(byGID))
	for _, a := range byGID {
		since := a.LastActive
		if since.IsZero() {
			since = a.Created
		}
		a.Idle = a.Deauthorized.IsZero() && (since.IsZero() || now.Sub(since) >= idle)
		out = append(out, *a)
	}
	slices.SortFunc(out, func(x, y Account) int {
		if c := strings.Compare(x.Name, y.Name); c != 0 {
			return c
		}
		return strings.Compare(x.GID, y.GID)
	})
	return out, nil
}

func detail(e asana.AuditLogEvent, key string) string {
	var s string
	if raw, ok := e.Details[key]; ok {
		_ = json.Unmarshal(raw, &s)
	}
	return s
}
