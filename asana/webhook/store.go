package webhook

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
)

// SecretStore keeps the handshake secrets of webhooks, one per key (see
// WithKey). Implementations must be safe for concurrent use.
type SecretStore interface {
	// Secret returns the secret stored under key; ok is false if none is.
	Secret(ctx context.Context, key string) (secret string, ok bool, err error)
	// SetSecret stores secret under key, replacing any earlier one.
	SetSecret(ctx context.Context, key, secret string) error
}

// MemoryStore is a SecretStore in memory: secrets are lost when the process
// ends, and Asana's deliveries are rejected until the webhook is created
// again. Its zero value is ready to use.
type MemoryStore struct {
	mu sync.RWMutex
	m  map[string]string
}

// Secret implements SecretStore.
func (s *MemoryStore) Secret(_ context.Context, key string) (string, bool, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	v, ok := s.m[key]
	return v, ok, nil
}

// SetSecret implements SecretStore.
func (s *MemoryStore) SetSecret(_ context.Context, key, secret string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = make(map[string]string)
	}
	s.m[key] = secret
	return nil
}

// FileStore is a SecretStore in a JSON file readable only by its owner
// (mode 0600). Each change rewrites the file atomically (a temporary file
// renamed over it), so a crash never leaves a half-written store.
type FileStore struct {
	path string
	mu   sync.Mutex
}

// NewFileStore returns a store kept in the file at path, which need not
// exist yet; its directory must.
func NewFileStore(path string) *FileStore { return &FileStore{path: path} }

// Secret implements SecretStore.
func (s *FileStore) Secret(_ context.Context, key string) (string, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, err := s.load()
	if err != nil {
		return "", false, err
	}
	v, ok := m[key]
	return v, ok, nil
}

// SetSecret implements SecretStore.
func (s *FileStore) SetSecret(_ context.Context, key, secret string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, err := s.load()
	if err != nil {
		return err
	}
	m[key] = secret
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("webhook: encoding secrets: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(s.path), ".webhook-secrets-*")
	if err != nil {
		return fmt.Errorf("webhook: saving secrets: %w", err)
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	err = tmp.Chmod(0o600)
	if err == nil {
		_, err = tmp.Write(data)
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), s.path)
	}
	if err != nil {
		return fmt.Errorf("webhook: saving secrets: %w", err)
	}
	return nil
}

func (s *FileStore) load() (map[string]string, error) {
	m := map[string]string{}
	data, err := os.ReadFile(s.path)
	if errors.Is(err, fs.ErrNotExist) {
		return m, nil
	}
	if err != nil {
		return nil, fmt.Errorf("webhook: reading secrets: %w", err)
	}
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("webhook: reading secrets from %s: %w", s.path, err)
	}
	return m, nil
}
