package asanatest

import (
	"fmt"
	"net/http"
	"sync"
)

// DefaultRequestLogSize is how many requests the fake's log keeps unless
// WithRequestLogSize says otherwise: enough for any test's assertions,
// small enough (a few MiB) that a long run, such as a backup of a large
// organization, does not grow the heap with every request.
const DefaultRequestLogSize = 10_000

// WithRequestLogSize sets how many of the latest requests Requests returns
// (default DefaultRequestLogSize). Older records are dropped; RequestCounts
// still counts them. A test that inspects every request of a long run sets
// a size above its request count.
func WithRequestLogSize(n int) Option {
	return func(cfg *config) error {
		if n < 1 {
			return fmt.Errorf("asanatest: request log size %d must be positive", n)
		}
		cfg.logSize = n
		return nil
	}
}

// RequestCounts counts the requests the fake answered since it started or
// since ResetRequests, including those the bounded log has dropped.
type RequestCounts struct {
	Total int
	// ByClass counts answers by status class: ByClass[2] counts 2xx,
	// ByClass[4] 4xx, and so on. ByClass[0] counts requests that got no
	// status (a dropped connection).
	ByClass [6]int
	// ByRoute counts requests by method and route pattern, as
	// "GET /tasks/{task_gid}"; requests that matched no route count under
	// their method and an empty pattern ("GET ").
	ByRoute map[string]int
}

// requestLog is a ring of the latest records plus counters of all of them.
type requestLog struct {
	mu     sync.Mutex
	ring   []RequestRecord // at most size records; next is the oldest once full
	next   int
	size   int
	counts RequestCounts // ByRoute stays nil: see byRoute
	// byRoute counts by method and pattern without building a key string
	// per request.
	byRoute map[[2]string]int
}

func newRequestLog(size int) *requestLog {
	return &requestLog{size: size, byRoute: map[[2]string]int{}}
}

func (l *requestLog) add(rec RequestRecord) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.ring) < l.size {
		l.ring = append(l.ring, rec)
	} else {
		l.ring[l.next] = rec
		l.next = (l.next + 1) % l.size
	}
	l.counts.Total++
	if c := rec.Status / 100; c >= 0 && c < len(l.counts.ByClass) {
		l.counts.ByClass[c]++
	}
	l.byRoute[[2]string{rec.Method, rec.Route}]++
}

// records returns the kept records, oldest first.
func (l *requestLog) records() []RequestRecord {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make([]RequestRecord, 0, len(l.ring))
	out = append(out, l.ring[l.next:]...)
	return append(out, l.ring[:l.next]...)
}

func (l *requestLog) snapshot() RequestCounts {
	l.mu.Lock()
	defer l.mu.Unlock()
	c := l.counts
	c.ByRoute = make(map[string]int, len(l.byRoute))
	for k, n := range l.byRoute {
		c.ByRoute[k[0]+" "+k[1]] = n
	}
	return c
}

func (l *requestLog) reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.ring, l.next = nil, 0
	l.counts, l.byRoute = RequestCounts{}, map[[2]string]int{}
}

// Requests returns the latest API requests answered (at most the log's
// size, see WithRequestLogSize), oldest first.
func (s *Server) Requests() []RequestRecord { return s.log.records() }

// RequestCounts counts every API request answered, also those the log no
// longer holds.
func (s *Server) RequestCounts() RequestCounts { return s.log.snapshot() }

// ResetRequests forgets the request log and its counts.
func (s *Server) ResetRequests() { s.log.reset() }

func (s *Server) record(rec RequestRecord) { s.log.add(rec) }

// loggedWriter records the request as its answer starts rather than when
// the handler returns: the in-process transport hands the caller the
// response at WriteHeader, while the handler may still be writing the
// body, and a caller holding a response must find it in Requests.
type loggedWriter struct {
	http.ResponseWriter
	log    func(status int)
	logged bool
}

func (w *loggedWriter) WriteHeader(code int) {
	w.logOnce(code)
	w.ResponseWriter.WriteHeader(code)
}

func (w *loggedWriter) Write(b []byte) (int, error) {
	w.logOnce(http.StatusOK)
	return w.ResponseWriter.Write(b)
}

func (w *loggedWriter) logOnce(code int) {
	if !w.logged {
		w.logged = true
		w.log(code)
	}
}

// Flush passes a flush on (the truncate fault flushes half a body).
func (w *loggedWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}
