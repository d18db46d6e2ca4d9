package asanatest

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// APIPrefix is the path under which the fake serves the Asana API, as
// app.asana.com does.
const APIPrefix = "/api/1.0"

// inProcessOrigin is the origin URL() reports before Start: any host works
// with Transport, this one only names the fake. It is a loopback address,
// so that clients which allow plain http only to loopback hosts, as the
// asana client does to keep tokens off the wire, accept it; and port 0,
// which no socket can reach, so that a client with a real transport fails
// at once instead of talking to whatever listens. (A name under .localhost
// is not safe: resolvers need not map it to loopback and may try search
// domains, so the asana client accepts only exact loopback hosts.)
const inProcessOrigin = "http://127.0.0.1:0"

// Server is an in-memory fake of the Asana API. It is safe for concurrent
// use. Create one with New (in-process only) or NewServer (with a loopback
// listener, for tests), seed it with the Add methods, point a client at
// URL() or HTTPClient(), and inspect it afterwards.
type Server struct {
	cfg   config
	clock *Clock
	key   []byte // signs offset tokens

	mu sync.RWMutex
	st *state

	kinds  *kinds
	mux    *http.ServeMux // /api/1.0 routes
	routes []*route
	ctl    *http.ServeMux // /_fake control endpoints and downloads
	// controlRoutes are the patterns of ctl, "POST /_fake/clock/advance".
	controlRoutes []string

	faultMu sync.Mutex
	faults  []*faultRule
	rng     *rand.Rand // fault fractions and token secrets; guarded by faultMu

	limits *limiter
	ev     *eventHub // events, webhooks and the audit log (events.go); guarded by mu

	log *requestLog // requestlog.go

	panicMu sync.Mutex
	panics  []HandlerPanic // guarded by panicMu
	// tb, from NewServer, is failed by a panic of the fake (panics.go).
	tb testing.TB

	ctx    context.Context // canceled by Close: ends every wait
	cancel context.CancelFunc
	wg     sync.WaitGroup // in-process requests

	srvMu  sync.Mutex
	ts     *httptest.Server
	closed bool
}

type config struct {
	clock         *Clock
	start         time.Time
	realTime      bool
	perWindow     int
	window        time.Duration
	reads, writes int
	offsetTTL     time.Duration
	seed          uint64
	addr          string
	maxUnpaged    int
	events        eventConfig
	changeNotices []string
	logSize       int
}

// Option configures a Server.
type Option func(*config) error

// WithClock makes the fake use c (shared with a client under test, say).
func WithClock(c *Clock) Option {
	return func(cfg *config) error {
		if c == nil {
			return errors.New("asanatest: WithClock(nil)")
		}
		cfg.clock = c
		return nil
	}
}

// WithStart starts the fake's manual clock at t instead of DefaultStart.
func WithStart(t time.Time) Option {
	return func(cfg *config) error { cfg.start = t; return nil }
}

// WithRealTime makes the fake's clock follow the wall clock (for the
// standalone server, where nobody advances it).
func WithRealTime() Option {
	return func(cfg *config) error { cfg.realTime = true; return nil }
}

// WithRateLimit sets the per-token request quota: perWindow requests per
// window (default 1500 per minute, Asana's paid plans). perWindow <= 0
// turns the quota off.
func WithRateLimit(perWindow int, window time.Duration) Option {
	return func(cfg *config) error {
		if perWindow > 0 && window <= 0 {
			return fmt.Errorf("asanatest: rate-limit window %v must be positive", window)
		}
		cfg.perWindow, cfg.window = perWindow, window
		return nil
	}
}

// WithConcurrency caps the concurrent reads (GET) and writes of one token
// (default 50 and 15, as Asana). A value <= 0 lifts that cap.
func WithConcurrency(reads, writes int) Option {
	return func(cfg *config) error { cfg.reads, cfg.writes = reads, writes; return nil }
}

// WithOffsetTTL sets how long pagination offsets stay valid (default 15
// minutes on the fake's clock).
func WithOffsetTTL(d time.Duration) Option {
	return func(cfg *config) error {
		if d <= 0 {
			return fmt.Errorf("asanatest: offset TTL %v must be positive", d)
		}
		cfg.offsetTTL = d
		return nil
	}
}

// WithSeed seeds everything random in the fake (token secrets, offset
// signing key, fault fractions), so that a run can be repeated exactly.
func WithSeed(seed uint64) Option {
	return func(cfg *config) error { cfg.seed = seed; return nil }
}

// WithAddr sets the address Start listens on (default 127.0.0.1:0).
func WithAddr(addr string) Option {
	return func(cfg *config) error { cfg.addr = addr; return nil }
}

// WithMaxUnpaginated sets how many objects a list call without limit may
// return before it answers 400 "The result is too large" (default 1000,
// like Asana's truncation point).
func WithMaxUnpaginated(n int) Option {
	return func(cfg *config) error {
		if n < 1 {
			return fmt.Errorf("asanatest: max unpaginated %d must be positive", n)
		}
		cfg.maxUnpaged = n
		return nil
	}
}

// New returns a fake with no listener: use Handler, Transport or
// HTTPClient, or call Start. Close it when done.
func New(opts ...Option) (*Server, error) {
	cfg := config{
		start:      DefaultStart,
		perWindow:  1500,
		window:     time.Minute,
		reads:      50,
		writes:     15,
		offsetTTL:  15 * time.Minute,
		seed:       1,
		addr:       "127.0.0.1:0",
		maxUnpaged: 1000,
		logSize:    DefaultRequestLogSize,
	}
	for _, o := range opts {
		if err := o(&cfg); err != nil {
			return nil, err
		}
	}
	clock := cfg.clock
	switch {
	case clock == nil && cfg.realTime:
		clock = NewRealClock()
	case clock == nil:
		clock = NewClock(cfg.start)
	}
	mac := hmac.New(sha256.New, []byte("asanatest offset key"))
	_ = binary.Write(mac, binary.BigEndian, cfg.seed)
	s := &Server{
		cfg:    cfg,
		clock:  clock,
		key:    mac.Sum(nil),
		st:     newState(),
		kinds:  newKinds(),
		mux:    http.NewServeMux(),
		ctl:    http.NewServeMux(),
		rng:    rand.New(rand.NewPCG(cfg.seed, cfg.seed^0x5eed)),
		limits: newLimiter(),
		ev:     newEventHub(cfg.events),
		log:    newRequestLog(cfg.logSize),
	}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	s.registerRoutes()
	s.registerControl()
	return s, nil
}

// NewServer starts a fake on a loopback port for the test tb and closes it
// when the test ends. It fails the test if the fake cannot start, and
// whenever a handler of the fake panics (see Panics).
func NewServer(tb testing.TB, opts ...Option) *Server {
	tb.Helper()
	s, err := New(opts...)
	if err != nil {
		tb.Fatalf("asanatest: %v", err)
	}
	s.tb = tb
	tb.Cleanup(s.Close)
	if _, err := s.Start(); err != nil {
		tb.Fatalf("asanatest: %v", err)
	}
	return s
}

// Start serves the fake over HTTP on the address of WithAddr (a random
// loopback port by default) and returns the API base URL, like URL.
func (s *Server) Start() (string, error) {
	s.srvMu.Lock()
	defer s.srvMu.Unlock()
	if s.closed {
		return "", errors.New("asanatest: Start after Close")
	}
	if s.ts != nil {
		return s.ts.URL + APIPrefix, nil
	}
	l, err := net.Listen("tcp", s.cfg.addr)
	if err != nil {
		return "", fmt.Errorf("asanatest: listen: %w", err)
	}
	ts := httptest.NewUnstartedServer(s.Handler())
	ts.Listener.Close()
	ts.Listener = l
	ts.Config.BaseContext = func(net.Listener) context.Context { return s.ctx }
	ts.Start()
	s.ts = ts
	return ts.URL + APIPrefix, nil
}

// URL returns the API base URL, such as http://127.0.0.1:PORT/api/1.0. Before
// Start it returns an in-process URL that only Transport and HTTPClient
// can reach.
func (s *Server) URL() string {
	s.srvMu.Lock()
	defer s.srvMu.Unlock()
	if s.ts != nil {
		return s.ts.URL + APIPrefix
	}
	return inProcessOrigin + APIPrefix
}

// Close stops the listener, ends every request still waiting (on injected
// latency, say) and returns once no request of the fake is running. It is
// safe to call more than once.
func (s *Server) Close() {
	s.srvMu.Lock()
	if s.closed {
		s.srvMu.Unlock()
		return
	}
	s.closed = true
	ts := s.ts
	s.srvMu.Unlock()
	s.cancel()
	if ts != nil {
		ts.Close()
	}
	s.wg.Wait()
}

// Clock returns the fake's clock.
func (s *Server) Clock() *Clock { return s.clock }

// HTTPClient returns a client whose requests go to the fake in process,
// whatever the URL's host.
func (s *Server) HTTPClient() *http.Client { return &http.Client{Transport: s.Transport()} }

// Handler returns the fake as an http.Handler: the API under /api/1.0,
// control endpoints under /_fake/.
func (s *Server) Handler() http.Handler { return http.HandlerFunc(s.serveHTTP) }

func (s *Server) serveHTTP(rw http.ResponseWriter, r *http.Request) {
	w := &guardWriter{ResponseWriter: rw}
	defer s.recoverServe(w, r)
	switch {
	case r.URL.Path == APIPrefix || strings.HasPrefix(r.URL.Path, APIPrefix+"/"):
		if obs := responseObserver.Load(); obs != nil {
			serveObserved(*obs, s.serveAPI, w, r)
			return
		}
		s.serveAPI(w, r)
	case strings.HasPrefix(r.URL.Path, controlPrefix+"/"):
		s.ctl.ServeHTTP(w, r)
	default:
		writeJSON(w, http.StatusNotFound, errorBody(msgNoRoute))
	}
}

// RequestRecord is one request the fake answered, for assertions.
type RequestRecord struct {
	Time   time.Time // on the fake's clock
	Method string
	// Path is the request path below /api/1.0, such as /users/me.
	Path string
	// Route is the spec path pattern that matched, such as
	// /users/{user_gid}; empty when none did.
	Route     string
	Query     string // raw query string
	TokenKind TokenKind
	// UserGID is the token's user, empty without a valid token.
	UserGID string
	Status  int
	// Fault names the injected fault that shaped the answer, if any:
	// "status", "latency", "drop" or "truncate".
	Fault string
	// Panic is the value of the handler's panic when it panicked (a bug
	// of the fake, answered 500; Panics has the stack).
	Panic string
	// InBatch marks an action of a POST /batch, which the log also
	// records on its own.
	InBatch bool
}

// Must returns v, or panics if err is not nil. It keeps seeding code short:
//
//	alice := asanatest.Must(srv.AddUser(asanatest.User{Name: "Alice"}))
func Must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
