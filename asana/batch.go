package asana

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// MaxBatchActions is Asana's cap on the actions of one batch request.
const MaxBatchActions = 10

// BatchAction is one request of a batch, built with NewBatchAction: a
// method, a path checked like every typed method's, and the action's data
// and options.
type BatchAction struct {
	method  string
	r       route
	data    any
	options *BatchOptions
}

// BatchOptions are an action's pagination and output options: what the
// query's opt_fields, limit and offset would be in a request of its own.
type BatchOptions struct {
	// Fields are the action's opt_fields.
	Fields []string `json:"fields,omitempty"`
	// Limit and Offset page a list action; Offset is a next page's
	// offset from an earlier answer (BatchResult.NextPage).
	Limit  int    `json:"limit,omitempty"`
	Offset string `json:"offset,omitempty"`
}

// NewBatchAction builds an action from a method (GET, POST, PUT or DELETE)
// and a path template in the spec's form with one argument per parameter,
// in order:
//
//	asana.NewBatchAction(http.MethodGet, "/tasks/{task_gid}", taskGID)
//
// Arguments are checked as the typed methods check theirs: none may be
// blank, a *_gid parameter takes a gid (user_gid also an email or "me"),
// and each is escaped into its segment. A bad method, template or argument
// is reported by BatchService.Send before anything is sent.
func NewBatchAction(method, template string, args ...string) BatchAction {
	a := BatchAction{method: strings.ToUpper(method)}
	r := route{op: "NewBatchAction"}
	switch a.method {
	case http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete:
	default:
		r = r.fail("unsupported method %q", method)
	}
	format, nameValues, err := batchTemplate(template, args)
	r = r.check(err)
	if r.err == nil {
		r = routeTo(r.op, format, nameValues...)
		for i := 0; i < len(nameValues); i += 2 {
			if name := nameValues[i]; strings.HasSuffix(name, " gid") && name != "user gid" {
				r = r.gids(nameValues[i : i+2]...)
			}
		}
	}
	a.r = r
	return a
}

// WithData returns a copy of a with data: for a GET, the query parameters
// of the action (a struct or map that encodes as a JSON object: Asana reads
// it as the query); for a write, what the body's data would hold.
func (a BatchAction) WithData(data any) BatchAction {
	a.data = data
	return a
}

// WithOptions returns a copy of a with its pagination and output options.
func (a BatchAction) WithOptions(o BatchOptions) BatchAction {
	o.Fields = append([]string(nil), o.Fields...)
	a.options = &o
	return a
}

// batchTemplate turns "/tasks/{task_gid}" and its arguments into a routeTo
// format and name, value pairs ("task gid", arg). Literal segments are
// letters, digits and underscores, as every path of the spec: no dots,
// escapes or query.
func batchTemplate(template string, args []string) (string, []string, error) {
	if !strings.HasPrefix(template, "/") || len(template) < 2 {
		return "", nil, fmt.Errorf("invalid path template %q: want /resource/{param}", template)
	}
	segs := strings.Split(template[1:], "/")
	var nameValues []string
	for i, seg := range segs {
		name, isParam := strings.CutPrefix(seg, "{")
		if isParam {
			name, isParam = strings.CutSuffix(name, "}")
			if !isParam || !isIdentifier(name) {
				return "", nil, fmt.Errorf("invalid path template %q: bad parameter %q", template, seg)
			}
			if len(nameValues)/2 >= len(args) {
				return "", nil, fmt.Errorf("path template %q has more parameters than the %d arguments given", template, len(args))
			}
			nameValues = append(nameValues, strings.ReplaceAll(name, "_", " "), args[len(nameValues)/2])
			segs[i] = "%s"
			continue
		}
		if !isIdentifier(seg) {
			return "", nil, fmt.Errorf("invalid path template %q: bad segment %q", template, seg)
		}
	}
	if len(nameValues)/2 != len(args) {
		return "", nil, fmt.Errorf("path template %q has %d parameters for %d arguments", template, len(nameValues)/2, len(args))
	}
	return "/" + strings.Join(segs, "/"), nameValues, nil
}

func isIdentifier(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// BatchResult is the answer to one action of a batch.
type BatchResult struct {
	// StatusCode is the action's HTTP status.
	StatusCode int
	// Headers are the headers of this action only, such as the location
	// of a created record.
	Headers map[string]string
	// Body is the action's JSON body, envelope included.
	Body json.RawMessage
	// NextPage is the next page of a list action, nil on its last page.
	NextPage *NextPage
	// Err is the action's failure, an *Error (errors.Is works with the
	// sentinels: ErrNotFound, ErrForbidden, ...); nil for a 2xx answer.
	Err error
}

// Decode decodes the data of a successful action's body into out, a
// pointer; for a failed action it returns Err.
func (r *BatchResult) Decode(out any) error {
	if r.Err != nil {
		return r.Err
	}
	if err := checkOut(out); err != nil {
		return fmt.Errorf("asana: BatchResult.Decode: %w", err)
	}
	_, hasData, err := decodeEnvelope(r.Body, out, 0)
	switch {
	case err != nil:
		return fmt.Errorf("asana: BatchResult.Decode: %w", err)
	case !hasData:
		return errors.New(`asana: BatchResult.Decode: body has no "data" member`)
	}
	return nil
}

// wireAction and wireResult are the batch API's JSON.
type wireAction struct {
	RelativePath string          `json:"relative_path"`
	Method       string          `json:"method"`
	Data         json.RawMessage `json:"data,omitempty"`
	Options      *BatchOptions   `json:"options,omitempty"`
}

type wireResult struct {
	StatusCode int               `json:"status_code"`
	Headers    map[string]string `json:"headers"`
	Body       json.RawMessage   `json:"body"`
}

// Send runs up to MaxBatchActions actions in one HTTP request and returns
// one result per action, in order. Asana runs the actions in parallel, in
// no guaranteed order, and one cannot use another's output.
//
// A batch counts one request per action against Asana's quota, so the
// client's limiter takes one token per action before sending; it holds
// one concurrency slot, a write slot when any action writes. An empty
// batch, more than MaxBatchActions actions or an invalid action is an
// error before anything is sent. The batch itself is a POST: it is
// retried after a 429, and after a transport failure only when the
// request provably never left the client, as every POST.
//
// The error is the batch's own failure (an *Error for a 429 of the whole
// batch, say); each action's failure is its result's Err.
//
// asana:operation POST /batch
func (s *BatchService) Send(ctx context.Context, actions []BatchAction) ([]BatchResult, error) {
	r := route{op: "Batch.Send", path: "/batch"}
	switch n := len(actions); {
	case n == 0:
		return nil, r.fail("no actions given").err
	case n > MaxBatchActions:
		return nil, r.fail("%d actions: a batch takes at most %d", n, MaxBatchActions).err
	}
	wire := make([]wireAction, len(actions))
	cost := requestCost{tokens: len(actions)}
	for i, a := range actions {
		if a.r.err != nil {
			return nil, r.fail("action %d: %s", i, strings.TrimPrefix(a.r.err.Error(), "asana: NewBatchAction: ")).err
		}
		if a.method == "" {
			return nil, r.fail("action %d: not built with NewBatchAction", i).err
		}
		w := wireAction{RelativePath: a.r.path, Method: strings.ToLower(a.method), Options: a.options}
		if a.data != nil {
			b, err := json.Marshal(a.data)
			if err != nil {
				return nil, r.fail("action %d: encoding data: %w", i, err).err
			}
			if b[0] != '{' && string(b) != "null" {
				return nil, r.fail("action %d: data must encode as a JSON object, not %.20s", i, b).err
			}
			w.Data = b
		}
		wire[i] = w
		cost.write = cost.write || a.method != http.MethodGet
	}
	body := struct {
		Actions []wireAction `json:"actions"`
	}{wire}
	var out []wireResult
	ctx = withCost(withLabel(ctx, r.op, r.path), cost)
	if _, err := s.client.Do(ctx, &Request{Method: http.MethodPost, Path: r.path, Body: body}, &out); err != nil {
		return nil, err
	}
	if len(out) != len(actions) {
		return nil, &Error{StatusCode: http.StatusOK, Method: http.MethodPost, Path: r.path, sent: true, Attempts: 1,
			Err: fmt.Errorf("answer has %d results for %d actions", len(out), len(actions))}
	}
	results := make([]BatchResult, len(out))
	for i, w := range out {
		results[i] = s.client.batchResult(wire[i], w)
	}
	return results, nil
}

// batchResult checks one result of a batch's answer (untrusted, like every
// answer) and turns a failure into an *Error of the action.
func (c *Client) batchResult(a wireAction, w wireResult) BatchResult {
	res := BatchResult{StatusCode: w.StatusCode, Headers: w.Headers, Body: w.Body}
	e := &Error{StatusCode: w.StatusCode, Method: strings.ToUpper(a.Method), Path: a.RelativePath, Attempts: 1, sent: true}
	switch {
	case w.StatusCode < 100 || w.StatusCode > 599:
		e.Err = fmt.Errorf("invalid status %d in batch result", w.StatusCode)
		res.Err = e
	case w.StatusCode < 200 || w.StatusCode > 299:
		var doc errorDocument
		if json.Unmarshal(w.Body, &doc) == nil && len(doc.Errors) > 0 {
			for i := range doc.Errors {
				d := &doc.Errors[i]
				d.Message, d.Help, d.Phrase = c.redact(d.Message), c.redact(d.Help), c.redact(d.Phrase)
			}
			e.Errors = doc.Errors
		} else if len(w.Body) > 0 {
			e.Body = c.snippet(w.Body)
		}
		for k, v := range w.Headers {
			if strings.EqualFold(k, "Retry-After") {
				e.RetryAfter = parseRetryAfter(v, c.clock.Now())
			}
		}
		res.Err = e
	default:
		var page struct {
			NextPage *NextPage `json:"next_page"`
		}
		if json.Unmarshal(w.Body, &page) == nil && page.NextPage != nil && page.NextPage.Offset != "" {
			res.NextPage = page.NextPage
		}
	}
	return res
}
