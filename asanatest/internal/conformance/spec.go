// Package conformance checks HTTP responses against Asana's OpenAPI spec
// with kin-openapi. It is internal to asanatest and imported only by its
// tests, so that programs using the fake do not link the validator.
//
// A Spec validates one exchange at a time (Check); a Recorder checks every
// exchange a test binary produces, counts them per operation, matches
// violations against an allow-list of Asana's own spec errors, and reports.
package conformance

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

// Spec is a loaded, resolved OpenAPI document with a router. It is safe
// for concurrent use.
type Spec struct {
	doc    *openapi3.T
	router routers.Router
	// host is the first server's, where Check routes every request.
	host string
	// errorSchema is ErrorResponse, for answers with an undocumented status.
	errorSchema *openapi3.SchemaRef
	// LoadTime is how long reading, parsing and resolving the file took.
	LoadTime time.Duration
	// props memoizes properties per *openapi3.Schema (a propSet).
	props sync.Map
}

// Options tune Load.
type Options struct {
	// Operations, when not empty, are the only operations kept ("GET
	// /users/{user_gid}", ...), with the components they use. The fake
	// serves a third of Asana's API, and resolving the rest would double
	// the load time. Operations the spec lacks are ignored here; requests
	// to them show up as violations when their answer is not a 404.
	Operations []string
	// CacheDir, when set, keeps the pruned document as JSON under a name
	// derived from the spec's content and the operations, so that later
	// loads (other test binaries, later runs) skip parsing YAML and
	// pruning. Cache errors only cost time.
	CacheDir string
}

// Load reads the spec at path (YAML or JSON) and prepares it for checking.
func Load(path string, opts Options) (*Spec, error) {
	start := time.Now()
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("conformance: %w", err)
	}
	if len(opts.Operations) > 0 {
		if raw, err = prunedCached(raw, opts); err != nil {
			return nil, fmt.Errorf("conformance: %s: %w", path, err)
		}
	}
	s, err := Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("conformance: %s: %w", path, err)
	}
	s.LoadTime = time.Since(start)
	return s, nil
}

// Parse prepares a spec given as YAML or JSON bytes. The document must have
// at least one server URL (its path is the API prefix, such as /api/1.0).
func Parse(raw []byte) (*Spec, error) {
	start := time.Now()
	doc, err := openapi3.NewLoader().LoadFromData(raw)
	if err != nil {
		return nil, err
	}
	if len(doc.Servers) == 0 {
		return nil, errors.New("no servers in the document")
	}
	u, err := url.Parse(doc.Servers[0].URL)
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("server URL %q: want an absolute URL", doc.Servers[0].URL)
	}
	normalizeNullable(doc)
	// Route with the first server only: the fake's origin differs anyway,
	// and Check rewrites every request to it.
	doc.Servers = doc.Servers[:1]
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		return nil, err
	}
	s := &Spec{doc: doc, router: router, host: u.Host, LoadTime: time.Since(start)}
	if doc.Components != nil {
		s.errorSchema = doc.Components.Schemas["ErrorResponse"]
	}
	return s, nil
}

// Exchange is one HTTP response with the request it answered.
type Exchange struct {
	Method string
	// URL is the request URL; only its path (which includes the API
	// prefix, such as /api/1.0/users/me) and query matter.
	URL    *url.URL
	Status int
	Header http.Header
	Body   []byte
}

// Violation is one way a response departs from the spec.
type Violation struct {
	// Operation is "METHOD /spec/path" (without the server's prefix), or
	// "METHOD ?" when no operation of the spec matches the request.
	Operation string
	Status    int
	// Field is a JSON pointer into the body with array indexes replaced by
	// "*" (such as /data/*/email), or "" when the violation is about the
	// status or headers.
	Field string
	// Reason says what is wrong, such as "Value is not nullable".
	Reason string
}

// String shows the violation with where it happened.
func (v Violation) String() string {
	where := ""
	if v.Field != "" {
		where = " at " + v.Field
	}
	return fmt.Sprintf("%s -> %d%s: %s", v.Operation, v.Status, where, v.Reason)
}

// Reasons of violations Check finds by itself (besides schema errors).
const (
	ReasonUndocumentedStatus = "status is not documented for the operation"
	ReasonNoOperation        = "no operation in the spec matches the request"
	ReasonContentType        = "content type is not documented"
	ReasonNotJSON            = "body is not JSON"
	ReasonNoData             = "success body has no \"data\" member"
	ReasonNoErrors           = "error body has no \"errors\" with a message"
	ReasonUnknownProperty    = "property is not in the spec's schema"
	// ReasonOptFieldOnly is an unknown property that the request asked for
	// with opt_fields and that the operation documents as an opt_field:
	// the schema (often a Compact one, for lists) just does not name it.
	ReasonOptFieldOnly = "property requested with a documented opt_field is not in the response schema"
)

// Check validates one exchange: the operation exists, the status is
// documented for it, the content type is one the spec lists, and the body
// matches the response schema. On top of the schema, which leaves almost
// everything optional, it checks Asana's envelopes ({"data"} on success,
// {"errors": [{"message"}]} on failure) and flags object properties the
// schema does not name (a typo in a field name passes the plain schema).
// It returns the operation ("GET /users/{user_gid}") and the violations.
func (s *Spec) Check(ctx context.Context, ex Exchange) (string, []Violation) {
	op := ex.Method + " ?"
	u := *ex.URL
	u.Scheme, u.Host = "https", s.host
	req := &http.Request{Method: ex.Method, URL: &u, Header: http.Header{}, Host: s.host}
	route, _, err := s.router.FindRoute(req)
	if err != nil {
		// An unknown route must be a 404 with an Asana error body, as
		// Asana's "No matching route for request".
		var vs []Violation
		if ex.Status != http.StatusNotFound {
			vs = append(vs, Violation{Operation: op, Status: ex.Status, Reason: ReasonNoOperation})
		}
		return op, append(vs, s.checkUndocumented(op, ex)...)
	}
	op = ex.Method + " " + route.Path
	resp := route.Operation.Responses.Status(ex.Status)
	if resp == nil || resp.Value == nil {
		vs := []Violation{{Operation: op, Status: ex.Status, Reason: ReasonUndocumentedStatus}}
		return op, append(vs, s.checkUndocumented(op, ex)...)
	}
	mt := resp.Value.Content.Get(ex.Header.Get("Content-Type"))
	if !isJSON(ex.Header) || mt == nil {
		return op, []Violation{{Operation: op, Status: ex.Status, Reason: ReasonContentType + ": " + ex.Header.Get("Content-Type")}}
	}
	if mt.Schema == nil || mt.Schema.Value == nil {
		return op, nil
	}
	return op, s.checkBody(op, ex, mt.Schema, s.optFieldOnly(op, ex.URL))
}

// checkBody decodes the body once and checks it against schema (as a
// response: writeOnly properties must be absent) and strict's rules.
func (s *Spec) checkBody(op string, ex Exchange, schema *openapi3.SchemaRef, optOnly func(string) bool) []Violation {
	doc, err := decodeJSON(ex.Body)
	if err != nil {
		return []Violation{{Operation: op, Status: ex.Status, Reason: ReasonNotJSON}}
	}
	var vs []Violation
	if err := schema.Value.VisitJSON(doc, openapi3.MultiErrors(), openapi3.VisitAsResponse()); err != nil {
		vs = violations(op, ex.Status, err)
	}
	return append(vs, s.strict(op, ex.Status, doc, schema, optOnly)...)
}

// decodeJSON decodes one JSON document with numbers as json.Number, as
// kin-openapi's own body decoder does.
func decodeJSON(b []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, errors.New("trailing data after the JSON document")
	}
	return v, nil
}

// checkUndocumented checks an answer whose status the operation does not
// list (or that matched no operation): it must still be an Asana error.
func (s *Spec) checkUndocumented(op string, ex Exchange) []Violation {
	if !isJSON(ex.Header) {
		return []Violation{{Operation: op, Status: ex.Status, Reason: ReasonContentType + ": " + ex.Header.Get("Content-Type")}}
	}
	if s.errorSchema == nil || s.errorSchema.Value == nil {
		return nil
	}
	return s.checkBody(op, ex, s.errorSchema, nil)
}

func isJSON(h http.Header) bool {
	mt, _, err := mime.ParseMediaType(h.Get("Content-Type"))
	return err == nil && mt == "application/json"
}

// violations flattens a kin-openapi error into violations, one per schema
// error, with JSON pointers generalized over array indexes.
func violations(op string, status int, err error) []Violation {
	var out []Violation
	var walk func(error)
	walk = func(err error) {
		var me openapi3.MultiError
		var se *openapi3.SchemaError
		switch {
		case asMulti(err, &me):
			for _, e := range me {
				walk(e)
			}
		case errors.As(err, &se):
			out = append(out, Violation{Operation: op, Status: status, Field: pointer(se.JSONPointer()), Reason: se.Reason})
		default:
			out = append(out, Violation{Operation: op, Status: status, Reason: err.Error()})
		}
	}
	walk(err)
	return out
}

// asMulti unwraps err down to a MultiError.
func asMulti(err error, me *openapi3.MultiError) bool {
	for err != nil {
		if m, ok := err.(openapi3.MultiError); ok {
			*me = m
			return true
		}
		err = errors.Unwrap(err)
	}
	return false
}

// pointer joins a JSON path as a pointer, with indexes as "*".
func pointer(path []string) string {
	if len(path) == 0 {
		return ""
	}
	var b strings.Builder
	for _, p := range path {
		b.WriteByte('/')
		if _, err := strconv.Atoi(p); err == nil {
			b.WriteByte('*')
			continue
		}
		b.WriteString(strings.ReplaceAll(strings.ReplaceAll(p, "~", "~0"), "/", "~1"))
	}
	return b.String()
}

// OptFields lists the opt_fields values the spec documents for an
// operation (such as "email", "photo.image_60x60"), nil when none.
func (s *Spec) OptFields(op string) []string {
	o := s.operation(op)
	if o == nil {
		return nil
	}
	p := o.Parameters.GetByInAndName(openapi3.ParameterInQuery, "opt_fields")
	if p == nil || p.Schema == nil || p.Schema.Value == nil || p.Schema.Value.Items == nil || p.Schema.Value.Items.Value == nil {
		return nil
	}
	var out []string
	for _, e := range p.Schema.Value.Items.Value.Enum {
		if f, ok := e.(string); ok {
			out = append(out, f)
		}
	}
	return out
}

func (s *Spec) operation(op string) *openapi3.Operation {
	method, path, _ := strings.Cut(op, " ")
	item := s.doc.Paths.Value(path)
	if item == nil {
		return nil
	}
	return item.GetOperation(method)
}

// optFieldOnly returns a test for unknown properties (as dotted paths
// below data, such as "email" or "workspace.name"): true when the request
// asked for the path (or a path below it) with opt_fields and the spec
// documents the path as an opt_field of op.
func (s *Spec) optFieldOnly(op string, u *url.URL) func(string) bool {
	documented := s.OptFields(op)
	var asked []string
	for _, v := range u.Query()["opt_fields"] {
		asked = append(asked, strings.Split(v, ",")...)
	}
	if len(documented) == 0 || len(asked) == 0 {
		return nil
	}
	return func(path string) bool {
		if !slices.Contains(documented, path) {
			return false
		}
		for _, a := range asked {
			if a = strings.TrimSpace(a); a == path || strings.HasPrefix(a, path+".") {
				return true
			}
		}
		return false
	}
}

// RequiredQuery lists the required query parameters of an operation
// ("GET /users/{user_gid}/teams" needs organization), nil when none or
// when the spec has no such operation.
func (s *Spec) RequiredQuery(op string) []string {
	_, path, _ := strings.Cut(op, " ")
	o := s.operation(op)
	if o == nil {
		return nil
	}
	var out []string
	for _, params := range []openapi3.Parameters{s.doc.Paths.Value(path).Parameters, o.Parameters} {
		for _, p := range params {
			if p.Value != nil && p.Value.In == openapi3.ParameterInQuery && p.Value.Required {
				out = append(out, p.Value.Name)
			}
		}
	}
	return out
}

// Operations lists the spec's operations ("GET /users/{user_gid}"),
// sorted, for coverage reports.
func (s *Spec) Operations() []string {
	var out []string
	for path, item := range s.doc.Paths.Map() {
		for method := range item.Operations() {
			out = append(out, method+" "+path)
		}
	}
	sort.Strings(out)
	return out
}
