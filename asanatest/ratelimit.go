package asanatest

import (
	"sync"
	"time"
)

// limiter enforces Asana's per-token limits: a request quota per window
// (every request counts, rejected ones too, so a client that ignores
// Retry-After keeps itself locked out) and caps on concurrent reads and
// writes. Windows are fixed and read the fake's clock.
type limiter struct {
	mu  sync.Mutex
	use map[string]*tokenUsage // by token GID
}

type tokenUsage struct {
	start  time.Time
	count  int
	reads  int
	writes int
}

func newLimiter() *limiter { return &limiter{use: make(map[string]*tokenUsage)} }

// acquire admits one request of the token at now that costs cost
// requests of the quota (a batch costs one per action) and holds one
// concurrency slot. On success it returns a release func to call when the
// request is done; otherwise the seconds the client should wait
// (Retry-After).
func (l *limiter) acquire(cfg *config, tokenGID string, cost int, write bool, now time.Time) (release func(), retryAfter int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	u := l.use[tokenGID]
	if u == nil {
		u = &tokenUsage{start: now}
		l.use[tokenGID] = u
	}
	if cfg.perWindow > 0 {
		if !now.Before(u.start.Add(cfg.window)) || now.Before(u.start) {
			u.start, u.count = now, 0
		}
		u.count += cost
		if u.count > cfg.perWindow {
			return nil, ceilSeconds(u.start.Add(cfg.window).Sub(now))
		}
	}
	slot, max := &u.reads, cfg.reads
	if write {
		slot, max = &u.writes, cfg.writes
	}
	if max > 0 && *slot >= max {
		// Asana answers a concurrency breach with a short Retry-After.
		return nil, 1
	}
	*slot++
	return func() {
		l.mu.Lock()
		defer l.mu.Unlock()
		*slot--
	}, 0
}

// ceilSeconds rounds d up to whole seconds, at least 1.
func ceilSeconds(d time.Duration) int {
	s := int((d + time.Second - 1) / time.Second)
	if s < 1 {
		return 1
	}
	return s
}
