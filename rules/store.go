package rules

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"sync"
)

// MemoryStore is a Store in memory. Its zero value is ready to use.
type MemoryStore struct {
	mu   sync.Mutex
	done map[string]bool
}

// Done implements Store.
func (s *MemoryStore) Done(_ context.Context, key string) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.done[key], nil
}

// Mark implements Store.
func (s *MemoryStore) Mark(_ context.Context, key string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.done == nil {
		s.done = map[string]bool{}
	}
	s.done[key] = true
	return nil
}

// FileStore is a Store kept in an append-only file, one key a line, so
// that the record survives restarts. It holds every key in memory; start a
// new file now and then (Asana redelivers for at most 24 hours).
type FileStore struct {
	mu   sync.Mutex
	path string
	mem  MemoryStore
}

// OpenFileStore reads the record at path, creating it if needed.
func OpenFileStore(path string) (*FileStore, error) {
	s := &FileStore{path: path}
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return nil, fmt.Errorf("rules: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if k := strings.TrimSpace(sc.Text()); k != "" {
			_ = s.mem.Mark(context.Background(), k)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("rules: reading %s: %w", path, err)
	}
	return s, nil
}

// Done implements Store.
func (s *FileStore) Done(ctx context.Context, key string) (bool, error) { return s.mem.Done(ctx, key) }

// Mark implements Store: the key is on disk when Mark returns.
func (s *FileStore) Mark(ctx context.Context, key string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, err := os.OpenFile(s.path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("rules: %w", err)
	}
	_, err = f.WriteString(key + "\n")
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("rules: recording %s: %w", key, err)
	}
	return s.mem.Mark(ctx, key)
}
