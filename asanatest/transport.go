package asanatest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"

	"github.com/jarcoal/httpmock"
)

// Transport returns an http.RoundTripper that hands requests straight to
// the fake's handler, with no sockets. Any URL works: its path decides.
// Bodies stream (the handler writes into a pipe the client reads), and
// injected faults behave as on the network: a dropped connection is a
// RoundTrip error, a truncated body ends in io.ErrUnexpectedEOF.
func (s *Server) Transport() http.RoundTripper { return &transport{s: s} }

type transport struct{ s *Server }

// errDropped is the RoundTrip error of a dropped connection.
var errDropped = errors.New("asanatest: connection dropped by the fake (injected fault)")

func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	s := t.s
	if req.URL == nil {
		return nil, errors.New("asanatest: request without URL")
	}
	s.srvMu.Lock()
	closed := s.closed
	if !closed {
		s.wg.Add(1)
	}
	s.srvMu.Unlock()
	if closed {
		closeBody(req)
		return nil, errors.New("asanatest: fake is closed")
	}

	ctx, cancel := context.WithCancel(req.Context())
	stopOnClose := context.AfterFunc(s.ctx, cancel)
	origin := req.URL.Scheme + "://" + req.URL.Host
	sreq := req.Clone(context.WithValue(ctx, originKey{}, origin))
	sreq.RequestURI = req.URL.RequestURI()
	sreq.RemoteAddr = "127.0.0.1:1"
	if sreq.Host == "" {
		sreq.Host = req.URL.Host
	}
	if sreq.Body == nil {
		sreq.Body = http.NoBody
	}

	pr, pw := io.Pipe()
	w := &pipeWriter{header: make(http.Header), pw: pw, ready: make(chan struct{}), req: req, body: pr}
	// Ending the context (client cancel or fake Close) breaks the pipe, so a
	// handler blocked writing to a client that stopped reading returns.
	stopBreak := context.AfterFunc(ctx, func() { pr.CloseWithError(ctx.Err()) })

	go func() {
		defer s.wg.Done()
		defer cancel()
		defer stopOnClose()
		defer stopBreak()
		defer func() {
			if v := recover(); v != nil {
				// serveHTTP answers every other panic with a 500; only
				// a drop gets here, but re-panicking in this goroutine
				// would kill the test binary, so nothing is re-raised.
				if v != http.ErrAbortHandler {
					w.fail(fmt.Errorf("asanatest: handler panic: %v", v))
					return
				}
				w.fail(nil)
				return
			}
			w.commit()
			pw.Close()
		}()
		s.serveHTTP(w, sreq)
	}()

	select {
	case <-w.ready:
	case <-ctx.Done():
		<-w.ready // the handler notices the cancel and finishes
		if w.resp != nil {
			w.resp.Body.Close()
		}
		if err := req.Context().Err(); err != nil {
			return nil, err
		}
		return nil, errors.New("asanatest: fake is closed")
	}
	if w.err != nil {
		return nil, w.err
	}
	return w.resp, nil
}

func closeBody(req *http.Request) {
	if req.Body != nil {
		req.Body.Close()
	}
}

// pipeWriter is the handler's ResponseWriter for the in-process transport.
type pipeWriter struct {
	header http.Header
	pw     *io.PipeWriter
	body   *io.PipeReader
	req    *http.Request

	once  sync.Once
	ready chan struct{} // closed once resp or err is set
	resp  *http.Response
	err   error
	wrote bool
}

func (w *pipeWriter) Header() http.Header { return w.header }

func (w *pipeWriter) WriteHeader(code int) {
	w.once.Do(func() {
		h := w.header.Clone()
		cl := int64(-1)
		if v := h.Get("Content-Length"); v != "" {
			fmt.Sscan(v, &cl)
		}
		w.resp = &http.Response{
			Status:        fmt.Sprintf("%d %s", code, http.StatusText(code)),
			StatusCode:    code,
			Proto:         "HTTP/1.1",
			ProtoMajor:    1,
			ProtoMinor:    1,
			Header:        h,
			Body:          w.body,
			ContentLength: cl,
			Request:       w.req,
		}
		w.wrote = true
		close(w.ready)
	})
}

func (w *pipeWriter) Write(b []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	return w.pw.Write(b)
}

// Flush is a no-op: every Write already reaches the reader.
func (w *pipeWriter) Flush() {}

// commit sends a 200 with an empty body if the handler wrote nothing.
func (w *pipeWriter) commit() { w.WriteHeader(http.StatusOK) }

// fail ends the exchange after an aborted handler: before the headers it
// is a RoundTrip error, after them a body cut short.
func (w *pipeWriter) fail(err error) {
	if err == nil {
		err = errDropped
	}
	sent := true
	w.once.Do(func() {
		sent = false
		w.err = err
		close(w.ready)
	})
	if sent {
		w.pw.CloseWithError(io.ErrUnexpectedEOF)
		return
	}
	w.pw.CloseWithError(err)
}

// RegisterHTTPMock makes the fake answer every request that an httpmock
// transport gets for the origin of baseURL (such as
// "https://app.asana.com/api/1.0"): paths under baseURL's path go to the
// fake's API, the rest (export downloads, /_fake) to the fake as is.
func (s *Server) RegisterHTTPMock(mt *httpmock.MockTransport, baseURL string) error {
	i := strings.Index(baseURL, "://")
	if i < 0 {
		return fmt.Errorf("asanatest: base URL %q has no scheme", baseURL)
	}
	origin, basePath := baseURL, ""
	if j := strings.IndexByte(baseURL[i+3:], '/'); j >= 0 {
		origin, basePath = baseURL[:i+3+j], strings.TrimSuffix(baseURL[i+3+j:], "/")
	}
	rt := s.Transport()
	responder := func(req *http.Request) (*http.Response, error) {
		r := req.Clone(req.Context())
		if basePath != APIPrefix {
			if rest, ok := strings.CutPrefix(r.URL.Path, basePath); ok && (rest == "" || rest[0] == '/') {
				r.URL.Path = APIPrefix + rest
				r.URL.RawPath = ""
			}
		}
		return rt.RoundTrip(r)
	}
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodPatch, http.MethodHead} {
		mt.RegisterRegexpResponder(m, regexpPrefix(origin), responder)
	}
	return nil
}
