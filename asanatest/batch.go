package asanatest

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// The batch API (POST /batch): up to ten actions, each dispatched through
// the fake's own pipeline (authentication, token scopes, access rules,
// validation, opt_fields, events and audit entries, the request log) and
// answered with its own status, headers and body. Each action counts
// against the token's quota; the whole batch is one HTTP request, so it
// holds one concurrency slot (a write slot when any action writes) and its
// actions take none of their own.
//
// Guesses where Asana's docs are silent (see "Differences from Asana" in
// doc.go): actions run one after another, in order (Asana runs them in
// parallel, in no guaranteed order); a malformed envelope, no actions or
// more than ten are a 400 for the whole batch, a malformed action a 400 for
// that action; the Location of a created record is relative to the API
// base ("/tasks/1234"), as in Asana's example; a rejected batch counts all
// its actions against the quota, as a rejected request counts.

// maxBatchActions is Asana's documented cap on the actions of one batch.
const maxBatchActions = 10

func (s *Server) batchRoutes() {
	rt := s.handle("POST /batch", nil)
	rt.batch = true
}

// batchAction is one action of a batch request, as sent.
type batchAction struct {
	RelativePath string                     `json:"relative_path"`
	Method       string                     `json:"method"`
	Data         json.RawMessage            `json:"data"`
	Options      map[string]json.RawMessage `json:"options"`
}

// batchResult is one action's answer.
type batchResult struct {
	StatusCode int               `json:"status_code"`
	Headers    map[string]string `json:"headers"`
	Body       json.RawMessage   `json:"body"`
}

// batchKey marks the context of a request that is an action of a batch.
type batchKey struct{}

// inBatch reports whether r is an action of a batch.
func inBatch(r *http.Request) bool { return r.Context().Value(batchKey{}) != nil }

// parseBatch reads a batch's actions. Its error is the 400 of the whole
// batch; the actions themselves are checked when they run.
func parseBatch(r *http.Request) ([]batchAction, *apiError) {
	raw, err := readAllLimited(r, 10<<20)
	if err != nil {
		if ae, ok := err.(*apiError); ok {
			return nil, ae
		}
		return nil, errorf(http.StatusBadRequest, msgInvalidJSON)
	}
	var env struct {
		Data *struct {
			Actions []json.RawMessage `json:"actions"`
		} `json:"data"`
	}
	if raw = bytes.TrimSpace(raw); len(raw) == 0 || raw[0] != '{' || json.Unmarshal(raw, &env) != nil {
		return nil, errorf(http.StatusBadRequest, msgInvalidJSON)
	}
	switch {
	case env.Data == nil || len(env.Data.Actions) == 0:
		return nil, missingInput("actions")
	case len(env.Data.Actions) > maxBatchActions:
		return nil, badRequest("actions", "Too many actions: at most %d are allowed in one batch", maxBatchActions)
	}
	actions := make([]batchAction, len(env.Data.Actions))
	for i, a := range env.Data.Actions {
		if bytes.TrimSpace(a)[0] != '{' || json.Unmarshal(a, &actions[i]) != nil {
			return nil, badRequest("actions["+strconv.Itoa(i)+"]", "Must be an object")
		}
	}
	return actions, nil
}

// batchWrites reports whether any action writes: the batch then takes a
// write slot.
func batchWrites(actions []batchAction) bool {
	for _, a := range actions {
		if m := strings.ToUpper(a.Method); m != http.MethodGet && m != http.MethodHead {
			return true
		}
	}
	return false
}

// batchRefusal is the 400 message for a route the batch API does not
// take, or "" for one it does: Asana's docs exclude uploads, organization
// exports, SCIM and nested batches.
func batchRefusal(rt *route) string {
	switch {
	case rt.batch:
		return "Batch requests cannot be nested"
	case rt.scim:
		return "SCIM requests are not allowed in the batch API"
	case strings.Contains(rt.pattern, "organization_exports"):
		return "Organization exports are not allowed in the batch API"
	case rt.method == http.MethodPost && rt.pattern == "/attachments":
		return "Uploading attachments is not allowed in the batch API"
	}
	return ""
}

// serveBatch runs the actions of an admitted batch, in order, and writes
// their results. The state lock is not held here: each action takes it in
// its own dispatch.
func (s *Server) serveBatch(ctx context.Context, w http.ResponseWriter, r *http.Request, actions []batchAction) int {
	results := make([]map[string]any, len(actions))
	sel := map[string]bool{}
	if f := r.URL.Query().Get("opt_fields"); f != "" {
		for _, name := range strings.Split(f, ",") {
			sel[strings.TrimSpace(name)] = true
		}
	}
	origin := requestOrigin(r)
	for i, a := range actions {
		res := s.runAction(context.WithValue(ctx, batchKey{}, true), r, a, origin)
		out := map[string]any{"status_code": res.StatusCode, "headers": res.Headers, "body": res.Body}
		if len(sel) > 0 {
			for k := range out {
				if !sel[k] {
					delete(out, k)
				}
			}
		}
		results[i] = out
	}
	writeJSON(w, http.StatusOK, map[string]any{"data": results})
	return http.StatusOK
}

// runAction dispatches one action as its own request with the batch's
// headers (its token among them) and records the answer.
func (s *Server) runAction(ctx context.Context, outer *http.Request, a batchAction, origin string) batchResult {
	req, ae := actionRequest(ctx, outer, a)
	if ae != nil {
		return batchResult{StatusCode: ae.status, Headers: map[string]string{}, Body: mustJSON(statusBody(ae.status, ae.message))}
	}
	rec := &actionRecorder{header: http.Header{}}
	if obs := responseObserver.Load(); obs != nil {
		serveObserved(*obs, s.mux.ServeHTTP, rec, req) // the conformance check sees each action's answer
	} else {
		s.mux.ServeHTTP(rec, req)
	}
	if rec.status == 0 {
		rec.status = http.StatusOK
	}
	res := batchResult{StatusCode: rec.status, Headers: map[string]string{}, Body: rec.body.Bytes()}
	if loc := rec.header.Get("Location"); loc != "" {
		res.Headers["location"] = strings.TrimPrefix(loc, origin+APIPrefix)
	}
	if !json.Valid(res.Body) {
		res.Body = mustJSON(statusBody(http.StatusInternalServerError, ""))
	}
	return res
}

// actionRequest builds the request of an action: its method and path, the
// data as the query of a GET or the body's data otherwise, and its
// options as opt_fields, limit and offset. A malformed action is a 400 of
// its own.
func actionRequest(ctx context.Context, outer *http.Request, a batchAction) (*http.Request, *apiError) {
	method := strings.ToUpper(a.Method)
	switch method {
	case http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodPatch, http.MethodHead:
	case "":
		return nil, missingInput("method")
	default:
		return nil, badRequest("method", "Not a valid HTTP method: %s", a.Method)
	}
	if a.RelativePath == "" {
		return nil, missingInput("relative_path")
	}
	if err := checkRelativePath(a.RelativePath); err != nil {
		return nil, err
	}
	q := url.Values{}
	var body []byte
	hasData := len(a.Data) > 0 && string(a.Data) != "null"
	if method == http.MethodGet || method == http.MethodHead {
		if hasData {
			var params map[string]json.RawMessage
			if json.Unmarshal(a.Data, &params) != nil {
				return nil, badRequest("data", "Must be an object")
			}
			for k, v := range params {
				s, ok := queryValue(v)
				if !ok {
					return nil, badRequest(k, "Not a valid query parameter value")
				}
				if s != "" {
					q.Set(k, s)
				}
			}
		}
	} else {
		data := json.RawMessage(`{}`)
		if hasData {
			data = a.Data
		}
		body = mustJSON(map[string]json.RawMessage{"data": data})
	}
	for k, v := range a.Options {
		switch k {
		case "fields":
			var fields []string
			if json.Unmarshal(v, &fields) != nil {
				return nil, badRequest("options.fields", "Must be a list of field names")
			}
			q.Set("opt_fields", strings.Join(fields, ","))
		case "limit", "offset":
			s, ok := queryValue(v)
			if !ok {
				return nil, badRequest("options."+k, "Not a valid value")
			}
			q.Set(k, s)
		}
	}
	raw := APIPrefix + a.RelativePath
	path, _ := url.PathUnescape(raw) // checkRelativePath validated the escapes
	u := &url.URL{Path: path, RawPath: raw, RawQuery: q.Encode()}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), bytes.NewReader(body))
	if err != nil {
		return nil, badRequest("relative_path", "Not a valid path: %s", a.RelativePath)
	}
	req.Host, req.TLS, req.RemoteAddr = outer.Host, outer.TLS, outer.RemoteAddr
	for k, vs := range outer.Header {
		if k != "Content-Length" && k != "Content-Type" {
			req.Header[k] = vs
		}
	}
	if body != nil {
		req.Header.Set("Content-Type", contentTypeJSON)
	}
	return req, nil // ctx carries the batch's values, originKey among them
}

// checkRelativePath accepts a path below the API base: it starts with "/",
// has no query (Asana wants query parameters in data) and no dot segment.
func checkRelativePath(p string) *apiError {
	if !strings.HasPrefix(p, "/") || strings.ContainsAny(p, "?#") {
		return badRequest("relative_path", "Must be a path starting with / and without a query: %s", p)
	}
	for _, seg := range strings.Split(p[1:], "/") {
		if seg, err := url.PathUnescape(seg); err != nil || seg == "." || seg == ".." {
			return badRequest("relative_path", "Not a valid path: %s", p)
		}
	}
	return nil
}

// queryValue renders a JSON value of an action's data as a query value:
// strings as they are, numbers and booleans as written, lists of them
// comma-separated; null is "" (not sent). Objects are refused.
func queryValue(v json.RawMessage) (string, bool) {
	v = bytes.TrimSpace(v)
	if len(v) == 0 || string(v) == "null" {
		return "", true
	}
	switch v[0] {
	case '"':
		var s string
		return s, json.Unmarshal(v, &s) == nil
	case '[':
		var items []json.RawMessage
		if json.Unmarshal(v, &items) != nil {
			return "", false
		}
		parts := make([]string, 0, len(items))
		for _, it := range items {
			s, ok := queryValue(it)
			if !ok || bytes.HasPrefix(bytes.TrimSpace(it), []byte("[")) {
				return "", false
			}
			parts = append(parts, s)
		}
		return strings.Join(parts, ","), true
	case '{':
		return "", false
	}
	return string(v), json.Valid(v)
}

// actionRecorder keeps an action's answer in memory.
type actionRecorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *actionRecorder) Header() http.Header { return r.header }

func (r *actionRecorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
}

func (r *actionRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.body.Write(b)
}
