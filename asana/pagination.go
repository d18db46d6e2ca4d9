package asana

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// MaxPageSize is the largest page Asana serves, and the default page size.
const MaxPageSize = 100

// stallLimit is how many answers in a row may make no progress (an empty
// page with a next one, has_more without events) before a list or an event
// poll ends with ErrStalledPagination. Asana may serve an empty page now and
// then; a server that does it three times running is looping.
const stallLimit = 3

// ListOptions are the paging and field options every list call takes.
// Embed it in a call's options struct.
type ListOptions struct {
	// Limit is the page size, 1 to 100; 0 means 100.
	Limit int `url:"limit,omitempty"`
	// Offset starts the list at a page token returned earlier (Page.NextOffset),
	// to resume a listing.
	Offset string `url:"offset,omitempty"`
	// Fields selects the fields to return (opt_fields). Dotted paths select
	// fields of nested objects ("assignee.email"). Empty means the call's
	// default set.
	Fields []string `url:"opt_fields,comma,omitempty"`
}

// GetOptions are the options of calls that return one object.
type GetOptions struct {
	// Fields selects the fields to return (opt_fields).
	Fields []string `url:"opt_fields,comma,omitempty"`
}

// Page is one page of a list.
type Page[T any] struct {
	Items []T
	// NextOffset fetches the next page when passed as ListOptions.Offset;
	// empty on the last page.
	NextOffset string
}

// maxPageSizeText is MaxPageSize as a query value, made once.
var maxPageSizeText = strconv.Itoa(MaxPageSize)

// listQuery prepares the query of a list call: the caller's parameters,
// limit 100 unless set, and fields unless set.
func listQuery(q any, fields []string) (url.Values, error) {
	vals, err := encodeQuery(q)
	if err != nil {
		return nil, err
	}
	if vals.Get("limit") == "" {
		vals.Set("limit", maxPageSizeText)
	}
	if vals.Get("opt_fields") == "" && len(fields) > 0 {
		vals.Set("opt_fields", strings.Join(fields, ","))
	}
	return vals, nil
}

// pageSizeHint is how many items a page of the query vals holds at most:
// its limit, else a full page. The slice a page decodes into is sized by
// it (and by the answer's length, decodeEnvelope), so that decoding never
// grows it.
func pageSizeHint(vals url.Values) int {
	if n, err := strconv.Atoi(vals.Get("limit")); err == nil && n > 0 && n <= MaxPageSize {
		return n
	}
	return MaxPageSize
}

func fetchPage[T any](ctx context.Context, c *Client, path string, vals url.Values) (*Page[T], error) {
	var items []T
	resp, err := c.Do(ctx, &Request{Method: "GET", Path: path, Query: vals, sizeHint: pageSizeHint(vals)}, &items)
	if err != nil {
		return nil, err
	}
	p := &Page[T]{Items: items}
	if resp.NextPage != nil {
		p.NextOffset = resp.NextPage.Offset
	}
	return p, nil
}

// get fetches one object at path into a new T.
func get[T any](ctx context.Context, c *Client, path string, q any) (*T, error) {
	v := new(T)
	if _, err := c.Do(ctx, &Request{Method: "GET", Path: path, Query: q}, v); err != nil {
		return nil, err
	}
	return v, nil
}

// sendJSON sends body with method to path and decodes the answer into a new T.
func sendJSON[T any](ctx context.Context, c *Client, method, path string, q, body any) (*T, error) {
	v := new(T)
	if _, err := c.Do(ctx, &Request{Method: method, Path: path, Query: q, Body: body}, v); err != nil {
		return nil, err
	}
	return v, nil
}

// pathf builds a path with escaped gid segments: pathf("/tasks/%s", gid).
func pathf(format string, gids ...string) string {
	args := make([]any, len(gids))
	for i, g := range gids {
		args[i] = url.PathEscape(g)
	}
	return fmt.Sprintf(format, args...)
}
