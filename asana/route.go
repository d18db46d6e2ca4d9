package asana

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// This file holds the one way every typed service method checks its
// arguments and reaches the core (List, get, sendJSON, Do).

// route is where a service method sends its request: the escaped path,
// built from arguments that were checked first, or the error that stops
// the call before any request is sent. op names the method in error
// messages: "asana: Tasks.Get: empty task gid".
//
// The error travels in the route, rather than being returned at once, so
// that iterator methods (which cannot return an error) and every other
// method report bad arguments the same way, through the wrappers below.
type route struct {
	op   string
	path string
	// template is the path with its arguments named, "/tasks/{task_gid}",
	// for RequestInfo.Route; empty when path has no arguments.
	template string
	err      error
}

// routeTo checks the required path arguments, given as name, value pairs,
// and fills format's %s verbs with their escaped values, in order:
// routeTo("Tasks.Get", "/tasks/%s", "task gid", taskGID).
func routeTo(op, format string, nameValues ...string) route {
	r := route{op: op}.require(nameValues...)
	if r.err != nil {
		return r
	}
	values := make([]string, 0, len(nameValues)/2)
	for i := 1; i < len(nameValues); i += 2 {
		values = append(values, nameValues[i])
	}
	r.path = pathf(format, values...)
	if len(values) > 0 {
		r.template = routeTemplate(format, nameValues)
	}
	return r
}

// labelled returns ctx labelled with r's operation and route template, for
// RequestInfo.
func (r route) labelled(ctx context.Context) context.Context {
	template := r.template
	if template == "" {
		template = r.path
	}
	return withLabel(ctx, r.op, template)
}

// require checks required arguments, given as name, value pairs, that go
// into the path or the body: gids, user gids, emails or "me". A blank value
// is "empty <name>"; "." and ".." are invalid, because in a path they are
// dot segments that servers and proxies resolve to another endpoint.
func (r route) require(nameValues ...string) route {
	for i := 0; i+1 < len(nameValues) && r.err == nil; i += 2 {
		switch name, v := nameValues[i], nameValues[i+1]; {
		case strings.TrimSpace(v) == "":
			r = r.fail("empty %s", name)
		case v == "." || v == "..":
			r = r.fail("invalid %s %q", name, v)
		}
	}
	return r
}

// requireEach checks a required, non-empty list of identifiers sent in a
// body, named list, whose elements are each an item: none may be blank,
// "." or "..", or contain a comma, which would split it in Asana's
// comma-separated lists.
func (r route) requireEach(item, list string, values []string) route {
	if len(values) == 0 {
		return r.fail("no %s given", list)
	}
	return r.check(checkEach(item, list, values))
}

// checkEach is requireEach's check of each element, for an optional list.
func checkEach(item, list string, values []string) error {
	for _, v := range values {
		switch {
		case strings.TrimSpace(v) == "":
			return fmt.Errorf("empty %s in %s", item, list)
		case v == "." || v == ".." || strings.Contains(v, ","):
			return fmt.Errorf("invalid %s %q in %s", item, v, list)
		}
	}
	return nil
}

// fieldsOr returns opts, or options asking for fields when opts names
// none: the default fields of a generated read.
func fieldsOr(opts *GetOptions, fields []string) *GetOptions {
	if opts != nil && len(opts.Fields) > 0 {
		return opts
	}
	return &GetOptions{Fields: fields}
}

// countSet counts the true values: how many of a request's exclusive
// fields are set, for the generated at-most-one and exactly-one checks.
func countSet(set ...bool) int {
	n := 0
	for _, b := range set {
		if b {
			n++
		}
	}
	return n
}

// fail records a validation error of r's method, unless r already has one:
// the first problem found is the one reported.
func (r route) fail(format string, a ...any) route {
	if r.err == nil {
		r.err = fmt.Errorf("asana: "+r.op+": "+format, a...)
	}
	return r
}

// check records err, if not nil, as a validation error of r's method.
func (r route) check(err error) route {
	if err != nil {
		return r.fail("%w", err)
	}
	return r
}

// searchAt fetches the unpaginated list at r, as the search endpoints
// serve it: the parameters of q, limit 100 and fields unless q sets them,
// then extra, which replaces parameters of the same name.
func searchAt[T any](ctx context.Context, c *Client, r route, q any, extra url.Values, fields []string) ([]T, error) {
	if r.err != nil {
		return nil, r.err
	}
	vals, err := listQuery(q, fields)
	if err != nil {
		return nil, fmt.Errorf("asana: %s: %w", r.op, err)
	}
	for k, vs := range extra {
		vals[k] = append([]string(nil), vs...)
	}
	var out []T
	if _, err := c.Do(r.labelled(ctx), &Request{Method: http.MethodGet, Path: r.path, Query: vals}, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// getAt fetches the object at r.
func getAt[T any](ctx context.Context, c *Client, r route, q any) (*T, error) {
	if r.err != nil {
		return nil, r.err
	}
	return get[T](r.labelled(ctx), c, r.path, q)
}

// sendAt sends body to r with method and decodes the answer's data.
func sendAt[T any](ctx context.Context, c *Client, method string, r route, q, body any) (*T, error) {
	if r.err != nil {
		return nil, r.err
	}
	return sendJSON[T](r.labelled(ctx), c, method, r.path, q, body)
}

// doAt sends body to r with method and discards the (empty) data of the
// answer.
func doAt(ctx context.Context, c *Client, method string, r route, body any) error {
	if r.err != nil {
		return r.err
	}
	_, err := c.Do(r.labelled(ctx), &Request{Method: method, Path: r.path, Body: body}, nil)
	return err
}

// orZero returns *p, or the zero value for nil: an options struct that
// embeds ListOptions by value (go-querystring encodes a nil embedded
// pointer as a stray parameter) takes the caller's *ListOptions this way.
func orZero[T any](p *T) T {
	if p == nil {
		var zero T
		return zero
	}
	return *p
}
