package webhook

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"sync"

	"github.com/asanakit/asana-go/asana"
)

// Delivery is one verified, non-empty batch of events.
type Delivery struct {
	// Key identifies the webhook (see WithKey): by default the request path.
	Key string
	// Events are the batch, in Asana's order.
	Events []asana.Event
}

// Func handles a delivery. It runs on a worker, after Asana got its 200: an
// error is logged and the delivery is not retried, so a callback that must
// not lose events records its failures itself.
type Func func(ctx context.Context, d Delivery) error

// Default limits of a Receiver.
const (
	DefaultMaxBodyBytes = 4 << 20
	DefaultQueueSize    = 256
	DefaultWorkers      = 4
)

// Receiver is an http.Handler for Asana webhooks. Create it with
// NewReceiver and Close it when done: its workers run until then.
type Receiver struct {
	store     SecretStore
	fn        Func
	key       func(*http.Request) string
	handshake func(key string, hasSecret bool) bool
	heartbeat func(key string)
	logger    *slog.Logger
	maxBody   int64

	mu     sync.RWMutex // guards closed against sends on queue
	closed bool
	queue  chan Delivery
	ctx    context.Context // given to callbacks; canceled when Close gives up
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

type config struct {
	key       func(*http.Request) string
	handshake func(key string, hasSecret bool) bool
	heartbeat func(key string)
	logger    *slog.Logger
	maxBody   int64
	queue     int
	workers   int
}

// Option configures a Receiver.
type Option func(*config) error

// WithKey sets how a request maps to the key of its webhook's secret. The
// default is the request path, so each webhook should have its own path
// (the query string is left out because proxies may reorder it).
func WithKey(fn func(*http.Request) string) Option {
	return func(c *config) error {
		if fn == nil {
			return errors.New("webhook: WithKey(nil)")
		}
		c.key = fn
		return nil
	}
}

// WithHandshakePolicy decides whether a handshake may store a secret for
// key; hasSecret tells whether one is stored already. The default accepts a
// handshake only for a key without a secret, so nobody who can reach the
// endpoint can replace the secret and then sign forged deliveries. To
// re-create a webhook on the same path, clear its secret first or allow it
// here during the Create call.
func WithHandshakePolicy(fn func(key string, hasSecret bool) bool) Option {
	return func(c *config) error {
		if fn == nil {
			return errors.New("webhook: WithHandshakePolicy(nil)")
		}
		c.handshake = fn
		return nil
	}
}

// WithHeartbeat calls fn (quickly, on the request path) for every verified
// delivery with no events: Asana's heartbeat.
func WithHeartbeat(fn func(key string)) Option {
	return func(c *config) error { c.heartbeat = fn; return nil }
}

// WithLogger logs rejected requests and callback errors. Secrets and
// signatures are never logged.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) error { c.logger = l; return nil }
}

// WithMaxBodyBytes caps a delivery's body; larger ones get 413.
func WithMaxBodyBytes(n int64) Option {
	return func(c *config) error {
		if n < 1 {
			return fmt.Errorf("webhook: WithMaxBodyBytes(%d): must be positive", n)
		}
		c.maxBody = n
		return nil
	}
}

// WithQueue sets how many deliveries may wait for a worker, and how many
// workers call the callback. Deliveries beyond the queue get 503, and Asana
// delivers them again later. One worker keeps deliveries in order.
func WithQueue(size, workers int) Option {
	return func(c *config) error {
		if size < 1 || workers < 1 {
			return fmt.Errorf("webhook: WithQueue(%d, %d): both must be at least 1", size, workers)
		}
		c.queue, c.workers = size, workers
		return nil
	}
}

// NewReceiver returns a Receiver that stores secrets in store and hands
// deliveries to fn. It starts the workers; Close stops them.
func NewReceiver(store SecretStore, fn Func, opts ...Option) (*Receiver, error) {
	if store == nil || fn == nil {
		return nil, errors.New("webhook: NewReceiver needs a store and a callback")
	}
	cfg := config{
		key:       func(r *http.Request) string { return r.URL.Path },
		handshake: func(_ string, hasSecret bool) bool { return !hasSecret },
		maxBody:   DefaultMaxBodyBytes,
		queue:     DefaultQueueSize,
		workers:   DefaultWorkers,
	}
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(&cfg); err != nil {
			return nil, err
		}
	}
	rc := &Receiver{
		store: store, fn: fn, key: cfg.key, handshake: cfg.handshake, heartbeat: cfg.heartbeat,
		logger: cfg.logger, maxBody: cfg.maxBody, queue: make(chan Delivery, cfg.queue),
	}
	rc.ctx, rc.cancel = context.WithCancel(context.Background())
	for range cfg.workers {
		rc.wg.Add(1)
		go rc.work()
	}
	return rc, nil
}

func (rc *Receiver) work() {
	defer rc.wg.Done()
	for d := range rc.queue {
		if err := rc.fn(rc.ctx, d); err != nil {
			rc.log(slog.LevelError, "webhook: callback failed", "key", d.Key, "events", len(d.Events), "error", err.Error())
		}
	}
}

// Close stops accepting deliveries (they get 503, to be delivered again),
// lets the workers finish the queued ones and returns when they are done.
// If ctx ends first, the callbacks' context is canceled and Close returns
// ctx's error once they return. It is safe to call more than once.
func (rc *Receiver) Close(ctx context.Context) error {
	rc.mu.Lock()
	if !rc.closed {
		rc.closed = true
		close(rc.queue)
	}
	rc.mu.Unlock()
	done := make(chan struct{})
	go func() { rc.wg.Wait(); close(done) }()
	select {
	case <-done:
		rc.cancel()
		return nil
	case <-ctx.Done():
		rc.cancel()
		<-done
		return ctx.Err()
	}
}

// ServeHTTP answers a handshake or a delivery.
func (rc *Receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	key := rc.key(r)
	if secret := r.Header.Get(HeaderSecret); secret != "" {
		rc.serveHandshake(w, r, key, secret)
		return
	}
	sig := r.Header.Get(HeaderSignature)
	if sig == "" {
		rc.reject(w, key, http.StatusUnauthorized, "missing signature")
		return
	}
	secret, ok, err := rc.store.Secret(r.Context(), key)
	if err != nil {
		rc.log(slog.LevelError, "webhook: reading secret", "key", key, "error", err.Error())
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	if !ok {
		rc.reject(w, key, http.StatusUnauthorized, "no handshake for this target")
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, rc.maxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			rc.reject(w, key, http.StatusRequestEntityTooLarge, "body too large")
			return
		}
		rc.reject(w, key, http.StatusBadRequest, "reading body failed")
		return
	}
	// The signature is checked before the body is parsed: nothing of an
	// unauthenticated body reaches the JSON decoder.
	if !Verify(secret, body, sig) {
		rc.reject(w, key, http.StatusUnauthorized, "bad signature")
		return
	}
	var doc struct {
		Events []asana.Event `json:"events"`
	}
	if err := json.Unmarshal(body, &doc); err != nil {
		rc.reject(w, key, http.StatusBadRequest, "body is not an events document")
		return
	}
	if len(doc.Events) == 0 {
		if rc.heartbeat != nil {
			rc.heartbeat(key)
		}
		w.WriteHeader(http.StatusOK)
		return
	}
	switch rc.enqueue(Delivery{Key: key, Events: doc.Events}) {
	case nil:
		w.WriteHeader(http.StatusOK)
	default:
		w.Header().Set("Retry-After", "60")
		rc.reject(w, key, http.StatusServiceUnavailable, "receiver busy or closing")
	}
}

var errBusy = errors.New("webhook: queue full or receiver closed")

func (rc *Receiver) enqueue(d Delivery) error {
	rc.mu.RLock()
	defer rc.mu.RUnlock()
	if rc.closed {
		return errBusy
	}
	select {
	case rc.queue <- d:
		return nil
	default:
		return errBusy
	}
}

func (rc *Receiver) serveHandshake(w http.ResponseWriter, r *http.Request, key, secret string) {
	_, has, err := rc.store.Secret(r.Context(), key)
	if err != nil {
		rc.log(slog.LevelError, "webhook: reading secret", "key", key, "error", err.Error())
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	if !rc.handshake(key, has) {
		rc.reject(w, key, http.StatusForbidden, "handshake refused by policy")
		return
	}
	if err := rc.store.SetSecret(r.Context(), key, secret); err != nil {
		rc.log(slog.LevelError, "webhook: storing secret", "key", key, "error", err.Error())
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set(HeaderSecret, secret)
	w.WriteHeader(http.StatusOK)
}

func (rc *Receiver) reject(w http.ResponseWriter, key string, status int, why string) {
	rc.log(slog.LevelWarn, "webhook: rejected request", "key", key, "status", status, "reason", why)
	http.Error(w, http.StatusText(status), status)
}

func (rc *Receiver) log(level slog.Level, msg string, args ...any) {
	if rc.logger != nil {
		rc.logger.Log(context.Background(), level, msg, args...)
	}
}
