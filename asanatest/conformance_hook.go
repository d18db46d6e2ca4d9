package asanatest

import (
	"bytes"
	"net/http"
	"sync/atomic"
)

// responseObserver is a test seam: when set, it sees every complete API
// response any Server writes (not those cut short by an injected drop or
// truncation). The package's conformance test installs it in TestMain to
// validate each answer against Asana's OpenAPI spec, so that the fake
// itself does not link a validator. Unset in normal use, it costs one
// atomic load per request.
var responseObserver atomic.Pointer[func(r *http.Request, status int, h http.Header, body []byte)]

// teeWriter copies what the handler writes, for responseObserver.
type teeWriter struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (t *teeWriter) WriteHeader(code int) {
	if t.status == 0 {
		t.status = code
	}
	t.ResponseWriter.WriteHeader(code)
}

func (t *teeWriter) Write(b []byte) (int, error) {
	if t.status == 0 {
		t.status = http.StatusOK
	}
	t.body.Write(b)
	return t.ResponseWriter.Write(b)
}

// Flush passes through, so that the pipeline's truncation fault still
// pushes the partial body out.
func (t *teeWriter) Flush() {
	if f, ok := t.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// serveObserved serves an API request through next and, if next returns
// normally (an aborted response panics past this), hands the response to
// the observer.
func serveObserved(obs func(*http.Request, int, http.Header, []byte), next http.HandlerFunc, w http.ResponseWriter, r *http.Request) {
	t := &teeWriter{ResponseWriter: w}
	next(t, r)
	status := t.status
	if status == 0 {
		status = http.StatusOK
	}
	obs(r, status, t.Header().Clone(), t.body.Bytes())
}
