package rules

import (
	"context"
	"slices"
	"sync"
	"time"
)

// MemoryStore is a Store in memory, for tests and one-off runs: everything
// is lost at exit. Its zero value is ready to use.
type MemoryStore struct {
	mu     sync.Mutex
	seen   map[string]time.Time
	kv     map[string]string
	jobs   map[int64]*memJob
	keys   map[string]int64
	nextID int64
}

type memJob struct {
	Job
	owner string
	until time.Time
}

var _ Store = (*MemoryStore)(nil)

func (s *MemoryStore) init() {
	if s.seen == nil {
		s.seen, s.kv, s.jobs, s.keys = map[string]time.Time{}, map[string]string{}, map[int64]*memJob{}, map[string]int64{}
	}
}

func (s *MemoryStore) get(k string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.init()
	v, ok := s.kv[k]
	return v, ok
}

func (s *MemoryStore) set(k, v string, del bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.init()
	if del {
		delete(s.kv, k)
	} else {
		s.kv[k] = v
	}
}

// Secret implements Store.
func (s *MemoryStore) Secret(_ context.Context, key string) (string, bool, error) {
	v, ok := s.get(nsSecret + key)
	return v, ok, nil
}

// SetSecret implements Store.
func (s *MemoryStore) SetSecret(_ context.Context, key, secret string) error {
	s.set(nsSecret+key, secret, false)
	return nil
}

// DeleteSecret implements Store.
func (s *MemoryStore) DeleteSecret(_ context.Context, key string) error {
	s.set(nsSecret+key, "", true)
	return nil
}

// SyncToken implements Store.
func (s *MemoryStore) SyncToken(_ context.Context, resource string) (string, error) {
	v, _ := s.get(nsSync + resource)
	return v, nil
}

// SetSyncToken implements Store.
func (s *MemoryStore) SetSyncToken(_ context.Context, resource, token string) error {
	s.set(nsSync+resource, token, false)
	return nil
}

// Value implements Store.
func (s *MemoryStore) Value(_ context.Context, key string) (string, bool, error) {
	v, ok := s.get(nsValue + key)
	return v, ok, nil
}

// SetValue implements Store.
func (s *MemoryStore) SetValue(_ context.Context, key, value string) error {
	s.set(nsValue+key, value, false)
	return nil
}

// Accept implements Store.
func (s *MemoryStore) Accept(_ context.Context, key string, now time.Time, jobs []Job) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.init()
	if _, ok := s.seen[key]; ok {
		return false, nil
	}
	s.seen[key] = now
	for _, j := range jobs {
		if _, dup := s.keys[j.Key]; dup {
			continue
		}
		s.nextID++
		j.ID, j.CreatedAt, j.NextAt, j.Attempts, j.Dead, j.LastError = s.nextID, now, now, 0, false, ""
		s.jobs[j.ID] = &memJob{Job: j}
		s.keys[j.Key] = j.ID
	}
	return true, nil
}

// AcceptBatch implements Store.
func (s *MemoryStore) AcceptBatch(ctx context.Context, now time.Time, events []Pending) ([]bool, error) {
	out := make([]bool, len(events))
	for i, p := range events {
		out[i], _ = s.Accept(ctx, p.Key, now, p.Jobs)
	}
	return out, nil
}

// Lease implements Store.
func (s *MemoryStore) Lease(_ context.Context, owner string, now time.Time, d time.Duration, n int) ([]Job, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.init()
	var due []*memJob
	for _, j := range s.jobs {
		if !j.Dead && !j.NextAt.After(now) && (j.owner == "" || !j.until.After(now)) {
			due = append(due, j)
		}
	}
	slices.SortFunc(due, func(a, b *memJob) int {
		if c := a.NextAt.Compare(b.NextAt); c != 0 {
			return c
		}
		return int(a.ID - b.ID)
	})
	var out []Job
	for _, j := range due[:min(n, len(due))] {
		j.owner, j.until = owner, now.Add(d)
		out = append(out, j.Job)
	}
	return out, nil
}

func (s *MemoryStore) leased(id int64, owner string) (*memJob, error) {
	j, ok := s.jobs[id]
	if !ok || j.owner != owner || j.Dead {
		return nil, ErrLeaseLost
	}
	return j, nil
}

// Advance implements Store.
func (s *MemoryStore) Advance(_ context.Context, id int64, owner string, step int, until time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	j, err := s.leased(id, owner)
	if err == nil {
		j.Step, j.until = step, until
	}
	return err
}

// Complete implements Store.
func (s *MemoryStore) Complete(_ context.Context, id int64, owner string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	j, err := s.leased(id, owner)
	if err == nil {
		delete(s.jobs, id)
		delete(s.keys, j.Key)
	}
	return err
}

// Retry implements Store.
func (s *MemoryStore) Retry(_ context.Context, id int64, owner, errText string, next time.Time, dead bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	j, err := s.leased(id, owner)
	if err == nil {
		j.Attempts++
		j.LastError, j.NextAt, j.Dead, j.owner, j.until = errText, next, dead, "", time.Time{}
	}
	return err
}

// DeadLetters implements Store.
func (s *MemoryStore) DeadLetters(_ context.Context, n int) ([]Job, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Job
	for _, j := range s.jobs {
		if j.Dead {
			out = append(out, j.Job)
		}
	}
	slices.SortFunc(out, func(a, b Job) int { return int(a.ID - b.ID) })
	return out[:min(n, len(out))], nil
}

// Replay implements Store.
func (s *MemoryStore) Replay(_ context.Context, id int64, now time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	j, ok := s.jobs[id]
	if !ok || !j.Dead {
		return ErrNoJob
	}
	j.Dead, j.Attempts, j.NextAt = false, 0, now
	return nil
}

// Prune implements Store.
func (s *MemoryStore) Prune(_ context.Context, before time.Time) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var n int64
	for k, at := range s.seen {
		if at.Before(before) {
			delete(s.seen, k)
			n++
		}
	}
	return n, nil
}

// Stats implements Store.
func (s *MemoryStore) Stats(context.Context) (StoreStats, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := StoreStats{Seen: int64(len(s.seen))}
	for _, j := range s.jobs {
		if j.Dead {
			st.Dead++
		} else {
			st.Pending++
		}
	}
	return st, nil
}

// Close implements Store.
func (s *MemoryStore) Close() error { return nil }

// Key namespaces of the stores' key-value table.
const (
	nsSecret = "secret:"
	nsSync   = "sync:"
	nsValue  = "value:"
)
