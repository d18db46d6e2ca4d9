package asanatest

// How to add an API route to the fake (the recipe every resource file
// follows; see workspaces.go for a small example of routes, and jobs.go for
// a resource that keeps everything in its one file):
//
//  0. A new kind of record: in its file declare the record type, a store
//     holding its table and indexes (registered in resources, found with
//     storeOf), one insert function that keeps those indexes, and its kind
//     (newKind plus storedIn, so references, rq.list and v.refTo find it).
//  1. Register it. In your resource file write a method
//     `func (s *Server) fooRoutes()` that calls
//     s.handle("GET /foos/{foo_gid}", s.getFoo) once per operation, with the
//     spec's path pattern (asana_oas.yaml, without /api/1.0) and parameter
//     names. Add one line to resources (resources.go). GET routes run
//     under the state's read lock, others under the write lock; faults and
//     rate limits apply by themselves.
//  2. Read parameters through the request: rq.pathGID("foo_gid") (400 "foo:
//     Not a Long" when malformed), rq.userParam("user_gid") ("me" allowed),
//     rq.queryGID("workspace", true) (400 "workspace: Missing input"),
//     rq.queryBool, and for writes rq.body() which decodes {"data": {...}};
//     then data.str("name", true), data.gid("team", false), data.boolean(...).
//     rq.p is the caller (authentication is already done), rq.now the fake's
//     time, rq.st the state.
//  3. Check visibility with the Server's canSee*/isAdmin/isServiceAccountOf
//     helpers (auth.go). An object the caller cannot see answers 403
//     (forbidden); one that does not exist, or a deleted task, 404 (notFound).
//     resolve(param, gid, table.get, canSee) does all three for a parameter
//     (rq.taskParam, rq.projectParam, ... are built on it), resolveVia for
//     a record seen through its parent (sections, stories).
//  4. Lists: take GIDs in ascending order from a table (st.teams.order) or an
//     index (st.teamsByOrg[org]), then p, err := rq.paginate(gids, keep) with
//     keep filtering by visibility and query filters (rq.paginateWalk for a
//     list kept in another order, such as a project's tasks); reply
//     rq.list(kind, p), or rq.listWith(kind, p, get) when the page's GIDs
//     are not the records' own. Never build a page by index.
//  5. Render with rq.one(kind, rec) (default: the kind's full field list) or
//     rq.list (default: compact); opt_fields projection, nulls and dotted
//     paths come from the kind (kinds.go: add fields there, one accessor each).
//     Creates answer rq.created(kind, rec, "/foos/"+gid) (201 + Location).
//  6. Errors: return rq.fail(err) with an *apiError from errors.go
//     (badRequest, missingInput, notFound, forbidden, errorf); every answer
//     goes out as JSON with Asana's content type, by the pipeline.
//  7. Writes that change a resource set its ModifiedAt = rq.now (and the
//     parent's, where Asana documents it).

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// route is one API operation of the fake.
type route struct {
	method  string
	pattern string // spec path pattern, e.g. /tasks/{task_gid}
	write   bool
	h       handlerFunc
	// scim marks the SCIM 2.0 routes (scim.go): they answer with SCIM's
	// media type and error documents, and the REST spec does not list them.
	scim bool
	// scope is the scoped permission, besides full access, that admits a
	// REST route (the export and audit-log routes); "" for the others.
	scope Scope
	// batch marks POST /batch (batch.go), whose actions run through
	// dispatch themselves.
	batch bool
}

// errorJSON renders an error answer in the route's dialect: Asana's
// {"errors"} document, or a SCIM error for SCIM routes.
func (rt *route) errorJSON(status int, msg string) []byte {
	if rt != nil && rt.scim {
		return mustJSON(scimErrorBody(status, "", msg))
	}
	return mustJSON(statusBody(status, msg))
}

// contentType is the media type of the route's answers.
func (rt *route) contentType() string {
	if rt != nil && rt.scim {
		return contentTypeSCIM
	}
	return contentTypeJSON
}

// writeError writes an error answer in the route's dialect.
func (rt *route) writeError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", rt.contentType())
	w.WriteHeader(status)
	_, _ = w.Write(rt.errorJSON(status, msg))
}

// handlerFunc handles one API operation. It runs with the state locked
// (read lock for GET) and returns the answer, which the pipeline renders
// and writes after unlocking.
type handlerFunc func(rq *request) reply

// reply is a handler's answer.
type reply struct {
	status   int
	body     any // marshalled as JSON
	location string
	panicked string // set by run when the handler panicked
}

// registerRoutes calls every resource's route method (resources.go).
func (s *Server) registerRoutes() {
	for _, r := range resources {
		r.routes(s)
	}
	noRoute := func(w http.ResponseWriter, r *http.Request) { s.dispatch(nil, w, r) }
	s.mux.HandleFunc(APIPrefix+"/", noRoute)
	s.mux.HandleFunc(APIPrefix, noRoute) // else ServeMux redirects to APIPrefix+"/" with an HTML body
}

// handle registers an API operation: "METHOD /spec/{path}".
func (s *Server) handle(spec string, h handlerFunc) *route {
	method, pattern, ok := strings.Cut(spec, " ")
	if !ok {
		panic("asanatest: route needs a method: " + spec)
	}
	rt := &route{method: method, pattern: pattern, write: method != http.MethodGet, h: h}
	s.routes = append(s.routes, rt)
	s.mux.HandleFunc(method+" "+APIPrefix+pattern, func(w http.ResponseWriter, r *http.Request) { s.dispatch(rt, w, r) })
	return rt
}

func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request) {
	for _, v := range s.cfg.changeNotices { // WithChangeNotice
		w.Header().Add("Asana-Change", v)
	}
	s.mux.ServeHTTP(w, r)
}

// request is what a handler sees of one API call.
type request struct {
	s     *Server
	st    *state
	r     *http.Request
	route *route
	p     *principal
	now   time.Time
	query url.Values
	// apiPath is the request path below /api/1.0; origin is scheme://host
	// as the client addressed the fake.
	apiPath string
	origin  string
	view    *view
	data    *body
}

// dispatch is the one pipeline of every API request: route match,
// authentication, token scope, rate limit, injected fault, handler under the state
// lock, rendering, writing, logging. Faults come after the limiter so that
// a slow (latency) request holds its concurrency slot, as a slow Asana
// answer does.
func (s *Server) dispatch(rt *route, w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithCancel(r.Context())
	defer cancel()
	defer context.AfterFunc(s.ctx, cancel)()

	rec := RequestRecord{
		Time:   s.clock.Now(),
		Method: r.Method,
		Path:   strings.TrimPrefix(r.URL.Path, APIPrefix),
		Query:  r.URL.RawQuery,
	}
	if rt != nil {
		rec.Route = rt.pattern
	}
	status, truncate := 0, false
	lw := &loggedWriter{ResponseWriter: w, log: func(code int) { rec.Status = code; s.record(rec) }}
	defer func() {
		if !lw.logged { // a dropped connection: no answer
			lw.log(status)
		}
	}()
	w = lw

	if rt == nil {
		status = http.StatusNotFound
		writeJSON(w, status, statusBody(status, msgNoRoute))
		return
	}
	s.mu.RLock()
	p := s.authenticate(r)
	var tokenGID, scopeErr string
	if p != nil {
		rec.TokenKind, rec.UserGID, tokenGID = p.token.Kind, p.user.GID, p.token.GID
		scopeErr = p.scopeError(rt)
	}
	s.mu.RUnlock()
	if p == nil {
		status = http.StatusUnauthorized
		rt.writeError(w, status, "")
		return
	}
	if scopeErr != "" {
		status = http.StatusForbidden
		rt.writeError(w, status, scopeErr)
		return
	}
	// An action of a batch was counted with its batch, which holds the
	// concurrency slot; some routes the batch API does not take.
	rec.InBatch = inBatch(r)
	cost, write := 1, rt.write
	var actions []batchAction
	switch {
	case rec.InBatch:
		if msg := batchRefusal(rt); msg != "" {
			status = http.StatusBadRequest // in Asana's dialect, even for SCIM
			writeJSON(w, status, statusBody(status, msg))
			return
		}
		cost = 0
	case rt.batch:
		var ae *apiError
		if actions, ae = parseBatch(r); ae != nil {
			status = ae.status
			rt.writeError(w, status, ae.message)
			return
		}
		cost, write = len(actions), batchWrites(actions)
	}
	if cost > 0 {
		release, retry := s.limits.acquire(&s.cfg, tokenGID, cost, write, s.clock.Now())
		if release == nil {
			status = http.StatusTooManyRequests
			w.Header().Set("Retry-After", strconv.Itoa(retry))
			rt.writeError(w, status, "")
			return
		}
		defer release()
	}

	if f := s.takeFault(r.Method, rt.pattern); f != nil && !(rec.InBatch && (f.DropConnection || f.TruncateBody)) {
		rec.Fault = f.kind()
		if f.Latency > 0 {
			if err := s.clock.Sleep(ctx, f.Latency); err != nil {
				panic(http.ErrAbortHandler) // the client left, or the fake closed
			}
		}
		switch {
		case f.DropConnection:
			panic(http.ErrAbortHandler)
		case f.Status != 0:
			status = f.Status
			retryAfterHeader(w.Header(), f.RetryAfter)
			rt.writeError(w, status, f.Message)
			return
		}
		truncate = f.TruncateBody
	}

	if rt.batch {
		status = s.serveBatch(ctx, w, r, actions)
		return
	}
	rq := &request{
		s:       s,
		r:       r.WithContext(ctx),
		route:   rt,
		query:   r.URL.Query(),
		apiPath: rec.Path,
		origin:  requestOrigin(r),
	}
	out, rp := s.run(rq, p)
	status, rec.Panic = rp.status, rp.panicked
	h := w.Header()
	h.Set("Content-Type", rt.contentType())
	if rp.location != "" {
		h.Set("Location", rp.location)
	}
	if truncate {
		h.Set("Content-Length", strconv.Itoa(len(out)))
		w.WriteHeader(status)
		_, _ = w.Write(out[:len(out)/2])
		if f, ok := w.(http.Flusher); ok {
			f.Flush()
		}
		panic(http.ErrAbortHandler)
	}
	w.WriteHeader(status)
	_, _ = w.Write(out)
}

// run executes the handler under the state lock and renders its reply. A
// panic of the handler or the rendering is a bug of the fake: it becomes a
// 500, recorded (panics.go); the deferred unlock still runs.
func (s *Server) run(rq *request, p *principal) (out []byte, rp reply) {
	if rq.route.write {
		s.mu.Lock()
		defer s.mu.Unlock()
	} else {
		s.mu.RLock()
		defer s.mu.RUnlock()
	}
	defer func() {
		if v := recover(); v != nil {
			hp := s.recordPanic(rq.r.Method, rq.apiPath, rq.route.pattern, v)
			out = rq.route.errorJSON(http.StatusInternalServerError, "")
			rp = reply{status: http.StatusInternalServerError, panicked: hp.Value}
		}
	}()
	// A token deauthorized since authentication fails here, under the lock.
	if p.token.Deauthorized {
		return rq.route.errorJSON(http.StatusUnauthorized, ""), reply{status: http.StatusUnauthorized}
	}
	rq.st, rq.p, rq.now = s.st, p, s.clock.Now()
	rq.view = &view{s: s, st: s.st, kinds: s.kinds, base: rq.origin, viewer: p.user.GID}
	track := s.trackChanges(rq) // events and audit entries of what the handler changes
	rp = rq.route.h(rq)
	if rp.status == 0 {
		rp.status = http.StatusOK
	}
	track.record(rp.status)
	b, err := json.Marshal(rp.body)
	if err != nil {
		// Rendering errors are projection errors (an unknown opt_field).
		if ae, ok := err.(*json.MarshalerError); ok {
			if e, ok := ae.Err.(*apiError); ok {
				return rq.route.errorJSON(e.status, e.message), reply{status: e.status}
			}
		}
		return rq.route.errorJSON(http.StatusInternalServerError, ""), reply{status: http.StatusInternalServerError}
	}
	if rq.query.Has("opt_pretty") && rq.query.Get("opt_pretty") != "false" {
		var ind bytes.Buffer
		if json.Indent(&ind, b, "", "  ") == nil {
			b = ind.Bytes()
		}
	}
	return b, rp
}

func mustJSON(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}

// requestOrigin is scheme://host as the client addressed the fake.
func requestOrigin(r *http.Request) string {
	if o, ok := r.Context().Value(originKey{}).(string); ok {
		return o
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// originKey carries the origin of in-process requests, whose Host alone
// does not say the scheme.
type originKey struct{}

// fail answers with an error; err is normally an *apiError.
func (rq *request) fail(err error) reply {
	e, ok := err.(*apiError)
	if !ok {
		e = &apiError{status: http.StatusInternalServerError}
	}
	if rq.route.scim {
		return reply{status: e.status, body: scimErrorBody(e.status, e.scimType, e.message)}
	}
	return reply{status: e.status, body: statusBody(e.status, e.message)}
}

// fields parses opt_fields (nil when absent).
func (rq *request) fields() (selection, error) {
	return parseOptFields(rq.query["opt_fields"])
}

// one answers a single record: {"data": {...}}, full fields by default.
func (rq *request) one(k *kind, rec any) reply { return rq.oneWith(k, rec, k.full) }

// oneWith is one with other default fields, for operations whose spec
// answers a smaller record (addUser answers a UserBaseResponse).
func (rq *request) oneWith(k *kind, rec any, def []string) reply {
	sel, err := rq.fields()
	if err != nil {
		return rq.fail(err)
	}
	o, err := rq.view.project(k, rec, sel, def)
	if err != nil {
		return rq.fail(err)
	}
	return reply{body: map[string]any{"data": o}}
}

// created answers a new record with 201 and its Location.
func (rq *request) created(k *kind, rec any, path string) reply {
	return rq.createdWith(k, rec, k.full, path)
}

// createdWith is created with other default fields (oneWith).
func (rq *request) createdWith(k *kind, rec any, def []string, path string) reply {
	rp := rq.oneWith(k, rec, def)
	if rp.status == 0 {
		rp.status, rp.location = http.StatusCreated, rq.origin+APIPrefix+path
	}
	return rp
}

// empty answers {"data": {}}, as Asana does for actions like removeUser.
func (rq *request) empty() reply {
	return reply{body: map[string]any{"data": struct{}{}}}
}

// listDoc is a list answer; NextPage is omitted unless limit was sent.
type listDoc struct {
	Data     []any     `json:"data"`
	NextPage *nextPage `json:"next_page"`
}

type listDocNoPage struct {
	Data []any `json:"data"`
}

// list answers a page of records of a stored kind, compact by default.
func (rq *request) list(k *kind, p page) reply {
	return rq.listWith(k, p, func(g string) any { return k.lookup(rq.st, g) })
}

// listWith is list for pages whose GIDs are not the records' own (a
// membership's user, say): get maps a GID of the page to its record.
func (rq *request) listWith(k *kind, p page, get func(gid string) any) reply {
	sel, err := rq.fields()
	if err != nil {
		return rq.fail(err)
	}
	data := make([]any, 0, len(p.gids))
	for _, g := range p.gids {
		o, err := rq.view.project(k, get(g), sel, k.compact)
		if err != nil {
			return rq.fail(err)
		}
		data = append(data, o)
	}
	if p.hasLimit {
		return reply{body: listDoc{Data: data, NextPage: p.next}}
	}
	return reply{body: listDocNoPage{Data: data}}
}

// pathGID reads a {x_gid} path parameter; the error names it "x".
func (rq *request) pathGID(name string) (string, error) {
	return checkGID(strings.TrimSuffix(name, "_gid"), rq.r.PathValue(name))
}

// resolve is the one lookup of a resource named by a parameter: a
// malformed gid is a 400, a missing object a 404 (notFound), one the caller
// may not see a 403 (forbidden).
func resolve[T any](param, gid string, find func(string) *T, canSee func(*T) bool) (*T, error) {
	if _, err := checkGID(param, gid); err != nil {
		return nil, err
	}
	v := find(gid)
	if v == nil {
		return nil, notFound(param, gid)
	}
	if !canSee(v) {
		return nil, forbidden("")
	}
	return v, nil
}

// resolveVia is resolve for a record seen through its parent (a section
// through its project, a story through its task): a missing record or
// parent is a 404 naming the record, a parent the caller may not see a 403.
func resolveVia[T, P any](param, gid string, find func(string) *T, parent func(*T) *P, canSee func(*P) bool) (*T, *P, error) {
	if _, err := checkGID(param, gid); err != nil {
		return nil, nil, err
	}
	v := find(gid)
	if v == nil {
		return nil, nil, notFound(param, gid)
	}
	p := parent(v)
	if p == nil {
		return nil, nil, notFound(param, gid)
	}
	if !canSee(p) {
		return nil, nil, forbidden("")
	}
	return v, p, nil
}

// userParam reads a user path or query value: a GID, "me", or an email.
// It returns the user, or 404.
func (rq *request) userParam(param, v string) (*User, error) {
	if v == "" {
		return nil, missingInput(param)
	}
	if v == "me" {
		return rq.p.user, nil
	}
	if strings.Contains(v, "@") {
		for _, g := range rq.st.users.order {
			if u := rq.st.users.get(g); strings.EqualFold(u.Email, v) {
				return u, nil
			}
		}
		return nil, notFound(param, v)
	}
	if _, err := checkGID(param, v); err != nil {
		return nil, err
	}
	u := rq.st.users.get(v)
	if u == nil {
		return nil, notFound(param, v)
	}
	return u, nil
}

// queryGID reads a GID query parameter.
func (rq *request) queryGID(name string, required bool) (string, error) {
	v := rq.query.Get(name)
	if v == "" {
		if required {
			return "", missingInput(name)
		}
		return "", nil
	}
	return checkGID(name, v)
}

func checkGID(param, v string) (string, error) {
	if v == "" {
		return "", missingInput(param)
	}
	if _, err := strconv.ParseUint(v, 10, 64); err != nil {
		return "", badRequest(param, "Not a Long: %s", v)
	}
	return v, nil
}
