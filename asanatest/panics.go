package asanatest

import (
	"fmt"
	"net/http"
	"runtime/debug"
	"strings"
)

// A panic in the fake's own code is a bug of the fake, never an answer of
// Asana's: the pipeline turns it into a 500 in Asana's error envelope (so
// one bad request neither kills the test binary, as a panic in the
// in-process transport's goroutine would, nor leaves a client hanging),
// records it in Panics and the request log, and fails the test given to
// NewServer with the route and the stack.

// HandlerPanic is one panic of the fake while answering a request.
type HandlerPanic struct {
	Method string
	// Path is the request path below /api/1.0 (or the control path).
	Path string
	// Route is the spec path pattern that matched; empty outside the API.
	Route string
	// Value is the panic's value, formatted with %v.
	Value string
	// Stack is the goroutine's stack at the panic.
	Stack string
}

// Panics returns the panics of the fake's handlers so far, oldest first.
// Every one is a bug of the fake; NewServer also reports them to its test.
func (s *Server) Panics() []HandlerPanic {
	s.panicMu.Lock()
	defer s.panicMu.Unlock()
	return append([]HandlerPanic(nil), s.panics...)
}

// recordPanic keeps a recovered panic and reports it to the test.
func (s *Server) recordPanic(method, path, route string, v any) HandlerPanic {
	p := HandlerPanic{Method: method, Path: path, Route: route, Value: fmt.Sprint(v), Stack: string(debug.Stack())}
	s.panicMu.Lock()
	s.panics = append(s.panics, p)
	s.panicMu.Unlock()
	if s.tb != nil {
		name := p.Route
		if name == "" {
			name = p.Path
		}
		s.tb.Errorf("asanatest: %s %s panicked (a bug in the fake; the client got a 500): %s\n%s", p.Method, name, p.Value, p.Stack)
	}
	return p
}

// guardWriter remembers whether an answer was started, so that a panic
// outside the API pipeline can still answer 500 when nothing was sent.
type guardWriter struct {
	http.ResponseWriter
	wrote bool
}

func (g *guardWriter) WriteHeader(code int) {
	g.wrote = true
	g.ResponseWriter.WriteHeader(code)
}

func (g *guardWriter) Write(b []byte) (int, error) {
	g.wrote = true
	return g.ResponseWriter.Write(b)
}

// Flush passes through, for the truncation fault.
func (g *guardWriter) Flush() {
	if f, ok := g.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// recoverServe is deferred by serveHTTP: a panic that escaped the API
// pipeline (a control endpoint, the pipeline itself) is recorded and
// answered 500 when the answer had not started. http.ErrAbortHandler, the
// deliberate drop of an injected fault, passes on.
func (s *Server) recoverServe(w *guardWriter, r *http.Request) {
	v := recover()
	if v == nil {
		return
	}
	if v == http.ErrAbortHandler {
		panic(v)
	}
	s.recordPanic(r.Method, strings.TrimPrefix(r.URL.Path, APIPrefix), "", v)
	if w.wrote {
		panic(http.ErrAbortHandler) // cut the answer short rather than append to it
	}
	writeJSON(w, http.StatusInternalServerError, statusBody(http.StatusInternalServerError, ""))
}
