package asana

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/google/go-querystring/query"
)

// Request is an API call for Client.Do, the escape hatch for endpoints that
// have no typed method yet. Every typed method goes through Do too.
type Request struct {
	// Method is the HTTP method, GET if empty.
	Method string
	// Path is relative to the base URL, for example "/tasks/123". It must
	// not contain a query string; use Query.
	Path string
	// Query is a struct encoded with go-querystring (url tags), or
	// url.Values; nil for none.
	Query any
	// Body, if not nil, is sent as JSON wrapped in {"data": Body}.
	Body any
	// RawBody, if not nil, is sent as is with the ContentType header instead
	// of a JSON Body, for the multipart/form-data uploads of attachments.
	RawBody []byte
	// ContentType is the media type of RawBody; it is required with RawBody.
	ContentType string
	// Accept, if not empty, replaces the Accept header (application/json),
	// for APIs with their own media type such as SCIM's
	// application/scim+json.
	Accept string
	// sizeHint, set by the pagination loop, is the page's limit: the
	// most items the answer's slice is sized for before decoding.
	sizeHint int
	// NoEnvelope is for the API's paths that do not speak Asana's
	// envelope (SCIM, under /scim): a 2xx JSON body decodes into out as it
	// is, without {"data": ...}, and the body of an error answer is not
	// read as {"errors": [...]} but kept whole in Error.Body (up to 1 MiB,
	// token redacted), for the caller to decode. Everything else (rate
	// limits, retries, authorization) is the same pipeline.
	NoEnvelope bool
}

// Response describes a successful answer.
type Response struct {
	StatusCode int
	Header     http.Header
	// NextPage is the next page of a list, nil on the last page.
	NextPage *NextPage
	// Sync and HasMore are set by the events endpoints.
	Sync    string
	HasMore bool
}

// NextPage is Asana's pointer to the next page of a list. Only Offset is
// used to fetch it: the next request is rebuilt from the original
// parameters, never from Path or URI.
type NextPage struct {
	Offset string `json:"offset"`
	Path   string `json:"path,omitempty"`
	URI    string `json:"uri,omitempty"`
}

// envelope is the shape of every successful Asana response.
type envelope struct {
	Data     any       `json:"data"`
	NextPage *NextPage `json:"next_page"`
	Sync     string    `json:"sync"`
	HasMore  bool      `json:"has_more"`
}

// errorDocument is the shape of Asana's error responses.
type errorDocument struct {
	Errors []ErrorDetail `json:"errors"`
	Sync   string        `json:"sync"`
}

// Do sends req through the client's pipeline (authorization, rate limits,
// retries) and decodes the "data" member of the answer into out, which must
// be a pointer or nil. Errors are *Error for answers from Asana,
// *LocalWaitError for waits that could not finish, or the context's error.
func (c *Client) Do(ctx context.Context, req *Request, out any) (*Response, error) {
	if ctx == nil {
		return nil, errors.New("asana: nil context")
	}
	if req == nil {
		return nil, errors.New("asana: nil request")
	}
	method := req.Method
	if method == "" {
		method = http.MethodGet
	}
	if c.holdsToken(req.Path) { // first: every later error quotes the path
		return nil, fmt.Errorf("asana: %s: refused: the path contains the access token", method)
	}
	if err := checkOut(out); err != nil {
		return nil, fmt.Errorf("asana: %s %s: %w", method, req.Path, err)
	}
	if err := checkPath(req.Path); err != nil {
		return nil, fmt.Errorf("asana: %s %q: %w", method, req.Path, err)
	}
	q, err := encodeQuery(req.Query)
	if err != nil {
		return nil, fmt.Errorf("asana: %s %s: %w", method, req.Path, err)
	}
	if c.queryHoldsToken(q) {
		return nil, fmt.Errorf("asana: %s %s: refused: the query contains the access token", method, req.Path)
	}
	var body []byte
	contentType := "application/json"
	switch {
	case req.RawBody != nil && (req.Body != nil || req.ContentType == ""):
		return nil, fmt.Errorf("asana: %s %s: RawBody needs a ContentType and no Body", method, req.Path)
	case req.RawBody != nil:
		body, contentType = req.RawBody, req.ContentType
	case req.Body != nil:
		body, err = json.Marshal(struct {
			Data any `json:"data"`
		}{req.Body})
		if err != nil {
			return nil, fmt.Errorf("asana: %s %s: encoding body: %w", method, req.Path, err)
		}
	}
	// req.Path is already escaped (pathf escapes gids): keep it as the raw
	// path so that an escaped "/" in a gid stays one segment.
	u := *c.baseURL
	u.RawPath = c.baseURL.EscapedPath() + req.Path
	u.Path, _ = url.PathUnescape(u.RawPath) // checkPath validated the escapes
	u.RawQuery = q.Encode()
	w := wire{contentType: contentType, accept: "application/json", noEnvelope: req.NoEnvelope}
	if req.Accept != "" {
		if strings.ContainsAny(req.Accept, "\r\n") {
			return nil, fmt.Errorf("asana: %s %s: invalid Accept %q", method, req.Path, req.Accept)
		}
		w.accept = req.Accept
	}
	if w.toggles, err = c.toggles.merged(ctx); err != nil {
		return nil, err
	}
	return c.send(ctx, &call{method: method, path: req.Path, url: u.String(), wire: w, body: body, out: out, sizeHint: req.sizeHint})
}

// wire is how a request's body and answer are encoded.
type wire struct {
	contentType, accept string
	noEnvelope          bool
	toggles             *changeToggles // Asana-Enable and Asana-Disable
}

// checkPath accepts an escaped path relative to the base URL: it starts with
// "/", has no query or fragment, no "." or ".." segment (which would leave
// the API's base path) and only valid escapes.
func checkPath(p string) error {
	if !strings.HasPrefix(p, "/") || strings.ContainsAny(p, "?#") {
		return errors.New("path must start with / and have no query")
	}
	if _, err := url.PathUnescape(p); err != nil {
		return fmt.Errorf("invalid path: %w", err)
	}
	for _, seg := range strings.Split(p[1:], "/") {
		if seg, _ = url.PathUnescape(seg); seg == "." || seg == ".." {
			return errors.New("path must not contain . or .. segments")
		}
	}
	return nil
}

// call is one request on its way through the pipeline: what Do prepared
// and where the answer goes. send, attempt and afterFailure share it
// instead of passing its parts one by one.
type call struct {
	method, path string // for errors, logs and RequestInfo
	url          string // the full URL, query included
	wire         wire
	body         []byte
	out          any
	sizeHint     int // Request.sizeHint
}

// send runs the attempts of one request; afterFailure decides whether a
// failed one is sent again, and after how long.
func (c *Client) send(ctx context.Context, cl *call) (*Response, error) {
	for n := 1; ; n++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		resp, err := c.attempt(ctx, cl, n)
		if err == nil {
			return resp, nil
		}
		var ae *Error
		if !errors.As(err, &ae) {
			return nil, err // context errors and local waits end the call
		}
		ae.Attempts = n
		wait, again := c.afterFailure(cl.method, n, ae)
		if !again {
			return nil, ae
		}
		if c.logger != nil {
			logged := wait
			if ae.StatusCode == http.StatusTooManyRequests {
				logged = ae.RetryAfter
			}
			c.logger.LogAttrs(ctx, slog.LevelInfo, "asana: retrying",
				slog.String("method", cl.method), slog.String("path", cl.path),
				slog.Int("attempt", n), slog.Int("status", ae.StatusCode),
				slog.Duration("wait", logged), slog.String("error", ae.Error()))
		}
		if err := c.sleep(ctx, wait, cl.method, cl.path, "retry backoff"); err != nil {
			var lw *LocalWaitError
			if errors.As(err, &lw) {
				return nil, ae // the real failure says more than the wait
			}
			return nil, err
		}
	}
}

// attempt sends the request once. Errors from Asana or the transport are
// *Error, with the answer's Retry-After in RetryAfter.
func (c *Client) attempt(ctx context.Context, cl *call, n int) (_ *Response, err error) {
	method, path, w := cl.method, cl.path, cl.wire
	cost := costOf(ctx, method)
	release, err := c.limits.acquire(ctx, cost.write)
	if err != nil {
		return nil, err
	}
	defer release()
	if err := c.wait(ctx, method, path, cost.tokens); err != nil {
		return nil, err
	}

	var progress sendProgress
	hreq, err := http.NewRequestWithContext(httptrace.WithClientTrace(ctx, progress.trace()), method, cl.url, bytes.NewReader(cl.body))
	if err != nil {
		return nil, fmt.Errorf("asana: %s %s: %w", method, path, err)
	}
	if cl.body == nil {
		hreq.Body = http.NoBody
		hreq.GetBody = nil
		hreq.ContentLength = 0
	} else {
		hreq.Header.Set("Content-Type", w.contentType)
	}
	hreq.Header.Set("Accept", w.accept)
	hreq.Header.Set("User-Agent", c.userAgent)
	w.toggles.set(hreq.Header)

	start := c.clock.Now()
	status := 0
	var changes []Change
	defer func() {
		c.observe(ctx, method, path, n, status, changes, c.clock.Now().Sub(start), err)
	}()

	hresp, err := c.http.Do(hreq)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, &Error{Method: method, Path: path, Err: c.scrub(err), sent: progress.maybeSent(err)}
	}
	defer hresp.Body.Close()
	status = hresp.StatusCode
	changes = parseChanges(hresp.Header.Values(changeHeader))

	if status < 200 || status > 299 {
		e := c.decodeError(hresp, method, path, w.noEnvelope)
		if status == http.StatusTooManyRequests || status >= 500 {
			e.RetryAfter = parseRetryAfter(hresp.Header.Get("Retry-After"), c.clock.Now())
		}
		if status == http.StatusTooManyRequests {
			// Pause the whole client before the slot is released, so that
			// no other request slips out in between.
			c.pauseAfter429(e, n)
		}
		return nil, e
	}
	resp, err := c.decodeSuccess(hresp, cl)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, err
	}
	return resp, nil
}

// decodeSuccess reads a 2xx body into out: its "data" member, or the whole
// body when noEnvelope.
func (c *Client) decodeSuccess(hresp *http.Response, cl *call) (*Response, error) {
	method, path, out, noEnvelope := cl.method, cl.path, cl.out, cl.wire.noEnvelope
	resp := &Response{StatusCode: hresp.StatusCode, Header: hresp.Header}
	fail := func(err error, body []byte) *Error {
		e := &Error{StatusCode: hresp.StatusCode, Method: method, Path: path, Err: err, sent: true}
		if body != nil {
			e.Body = c.snippet(body)
		}
		return e
	}
	pooled := bodyPool.Get().(*[]byte)
	data, err := readBody(hresp.Body, *pooled, c.maxResponse, hresp.ContentLength)
	defer func() {
		if cap(data) <= maxPooledBuffer { // let a rare huge answer be collected
			*pooled = data[:0]
			bodyPool.Put(pooled)
		}
	}()
	switch {
	case errors.Is(err, errBodyTooLarge):
		return nil, fail(fmt.Errorf("response larger than %d bytes", c.maxResponse), nil)
	case err != nil:
		// A body cut short: the request reached the server, the answer did not.
		e := fail(fmt.Errorf("reading response: %w", c.scrub(err)), nil)
		e.truncated = true
		return nil, e
	}
	if hresp.StatusCode == http.StatusNoContent || (noEnvelope && len(data) == 0) {
		return resp, nil
	}
	if err := c.checkJSON(hresp.Header.Get("Content-Type")); err != nil {
		return nil, fail(err, data)
	}
	if noEnvelope {
		dst := out
		if out == nil {
			dst = &json.RawMessage{}
		}
		if err := json.Unmarshal(data, dst); err != nil {
			return nil, c.decodeFailure(fail, err, data)
		}
		return resp, nil
	}
	if len(data) == 0 {
		return nil, fail(errors.New("answer is not an Asana envelope: empty body"), nil)
	}
	env, hasData, err := decodeEnvelope(data, out, cl.sizeHint)
	if err != nil {
		return nil, c.decodeFailure(fail, err, data)
	}
	if !hasData {
		return nil, fail(errors.New(`answer is not an Asana envelope: no "data" member`), data)
	}
	if err := c.checkEcho(&env); err != nil {
		return nil, fail(err, nil)
	}
	resp.NextPage, resp.Sync, resp.HasMore = env.NextPage, env.Sync, env.HasMore
	if resp.NextPage != nil && resp.NextPage.Offset == "" {
		resp.NextPage = nil
	}
	return resp, nil
}

// decodeFailure describes a body that is not the JSON it should be.
func (c *Client) decodeFailure(fail func(error, []byte) *Error, err error, data []byte) *Error {
	e := fail(c.scrub(fmt.Errorf("decoding response: %w", err)), data)
	e.truncated = errors.Is(err, io.ErrUnexpectedEOF) || isUnexpectedEnd(err)
	return e
}

// decodeError turns a non-2xx answer into an *Error, reading at most
// maxErrorBody bytes of it. With noEnvelope the body is kept whole in Body,
// token redacted, and not decoded.
func (c *Client) decodeError(hresp *http.Response, method, path string, noEnvelope bool) *Error {
	e := &Error{StatusCode: hresp.StatusCode, Method: method, Path: path, sent: true}
	// An error body declared too long is still read up to the limit: its
	// start is the diagnosis.
	hint := hresp.ContentLength
	if hint > maxErrorBody {
		hint = -1
	}
	data, err := readBody(hresp.Body, nil, maxErrorBody, hint)
	if err != nil && !errors.Is(err, errBodyTooLarge) {
		e.Err = fmt.Errorf("reading error response: %w", c.scrub(err))
		return e
	}
	if err != nil {
		e.Err = fmt.Errorf("error response larger than %d bytes", maxErrorBody)
		e.Body = c.snippet(data)
		return e
	}
	if len(data) == 0 {
		return e
	}
	if noEnvelope {
		e.Body = strings.ToValidUTF8(c.redact(string(data)), "\uFFFD")
		return e
	}
	var doc errorDocument
	if cerr := c.checkJSON(hresp.Header.Get("Content-Type")); cerr != nil {
		e.Err, e.Body = cerr, c.snippet(data)
		return e
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		e.Err, e.Body = c.scrub(fmt.Errorf("decoding error response: %w", err)), c.snippet(data)
		return e
	}
	for i := range doc.Errors {
		d := &doc.Errors[i]
		d.Message, d.Help, d.Phrase = c.redact(d.Message), c.redact(d.Help), c.redact(d.Phrase)
	}
	e.Errors, e.SyncToken = doc.Errors, doc.Sync
	if c.holdsToken(doc.Sync) {
		// Kept, an event stream would send it back as ?sync= and save it.
		e.SyncToken, e.Err = "", errors.New("the answer's sync token contains the access token; dropped")
	}
	return e
}

func (c *Client) observe(ctx context.Context, method, path string, attempt, status int, changes []Change, d time.Duration, err error) {
	if c.hook != nil || len(changes) > 0 {
		op, route := labelOf(ctx, path)
		info := RequestInfo{Context: ctx, Method: method, Path: path, Route: route, Operation: op,
			Attempt: attempt, StatusCode: status, Duration: d, Err: err}
		if c.hook != nil {
			c.hook(info)
		}
		c.noticeChanges(ctx, changes, info)
	}
	if c.logger != nil {
		attrs := []slog.Attr{slog.String("method", method), slog.String("path", path),
			slog.Int("attempt", attempt), slog.Int("status", status), slog.Duration("duration", d)}
		if err != nil {
			attrs = append(attrs, slog.String("error", err.Error()))
		}
		c.logger.LogAttrs(ctx, slog.LevelDebug, "asana: request", attrs...)
	}
}

// encodeQuery turns a query struct or url.Values into a fresh url.Values,
// leaving the caller's value untouched.
func encodeQuery(q any) (url.Values, error) {
	switch v := q.(type) {
	case nil:
		return url.Values{}, nil
	case url.Values:
		out := make(url.Values, len(v))
		for k, vs := range v {
			out[k] = append([]string(nil), vs...)
		}
		return out, nil
	default:
		vals, err := query.Values(q)
		if err != nil {
			return nil, fmt.Errorf("encoding query: %w", err)
		}
		return vals, nil
	}
}

// checkJSON accepts a JSON media type, or none at all: Asana always labels
// its JSON, so a body labelled as something else (an HTML page from a proxy
// or load balancer) is not an Asana answer; an unlabelled body is given to
// the JSON decoder, which fails clearly if it is not JSON. The error quotes
// the start of the header, token redacted.
func (c *Client) checkJSON(contentType string) error {
	if contentType == "" {
		return nil
	}
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
		return fmt.Errorf("response is %q, not JSON", c.shorten(contentType, 100))
	}
	return nil
}

func isUnexpectedEnd(err error) bool {
	var se *json.SyntaxError
	return errors.As(err, &se) && strings.Contains(se.Error(), "unexpected end")
}

// snippet keeps the start of an unexpected body for diagnosis, without the
// token should the body echo it. The token is replaced before the cut so that
// no prefix of it survives at the end.
func (c *Client) snippet(b []byte) string {
	const max = 512
	if window := max + len(c.token.value); len(b) > window {
		b = b[:window]
	}
	return c.shorten(string(b), max)
}

// shorten redacts s and cuts it to max bytes, as snippet does.
func (c *Client) shorten(s string, max int) string {
	s = c.redact(s)
	if len(s) > max {
		s = s[:max] + "…"
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}

// maxRetryAfter is the longest Retry-After honoured. A longer one, in
// seconds or as a date, is ignored like a malformed one (the backoff
// applies instead): a year-9999 date would pause the client for 292 years.
const maxRetryAfter = 24 * time.Hour

// parseRetryAfter reads a Retry-After header in seconds or as an HTTP date.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	var d time.Duration
	if secs, err := strconv.ParseFloat(v, 64); err == nil {
		if secs < 0 || secs > maxRetryAfter.Seconds() {
			return 0
		}
		d = time.Duration(secs * float64(time.Second))
	} else if t, err := http.ParseTime(v); err == nil {
		d = t.Sub(now)
	}
	if d <= 0 || d > maxRetryAfter {
		return 0
	}
	return d
}

// sendProgress records how far the standard transport got with a request,
// to tell a request that provably never reached the server (safe to replay,
// even a POST) from one that may have.
type sendProgress struct {
	gotConn      atomic.Bool // a connection was obtained (only real transports report this)
	wroteHeaders atomic.Bool
}

func (p *sendProgress) trace() *httptrace.ClientTrace {
	return &httptrace.ClientTrace{
		GotConn:      func(httptrace.GotConnInfo) { p.gotConn.Store(true) },
		WroteHeaders: func() { p.wroteHeaders.Store(true) },
	}
}

// maybeSent reports whether a request that failed with err may have reached
// the server. Only positive evidence counts as "not sent": a failure to dial
// or resolve the host, or a connection the standard transport obtained but
// wrote no complete header to. A custom transport (a fake, a mock) that
// reports neither is assumed to have delivered the request.
func (p *sendProgress) maybeSent(err error) bool {
	var oe *net.OpError
	var dnsErr *net.DNSError
	switch {
	case errors.As(err, &oe) && oe.Op == "dial", errors.As(err, &dnsErr):
		return false
	case p.gotConn.Load() && !p.wroteHeaders.Load():
		return false
	}
	return true
}

// scrub prepares a transport error for an *Error: it drops the URL of a
// *url.Error (the error already names method and path, and query strings can
// be long) and redacts the token should a transport ever echo it.
func (c *Client) scrub(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	if msg := err.Error(); strings.Contains(msg, c.token.value) {
		// The original error is dropped, not wrapped: unwrapping it would
		// bring the token back.
		return errors.New(c.redact(msg))
	}
	return err
}

// redact replaces the token in s, for text that came from the network (an
// error page or message that echoes the request's headers).
func (c *Client) redact(s string) string {
	if c == nil {
		return s // no client, no token (a ListFunc list)
	}
	return strings.ReplaceAll(s, c.token.value, "[REDACTED]")
}
