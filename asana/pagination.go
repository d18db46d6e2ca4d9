package asana

import (
	"context"
	"fmt"
	"iter"
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

// listQuery prepares the query of a list call: the caller's parameters,
// limit 100 unless set, and fields unless set.
func listQuery(q any, fields []string) (url.Values, error) {
	vals, err := encodeQuery(q)
	if err != nil {
		return nil, err
	}
	if vals.Get("limit") == "" {
		vals.Set("limit", strconv.Itoa(MaxPageSize))
	}
	if vals.Get("opt_fields") == "" && len(fields) > 0 {
		vals.Set("opt_fields", strings.Join(fields, ","))
	}
	return vals, nil
}

// lister is the module's one list-endpoint abstraction: a list endpoint
// with its arguments bound, which every list method, typed or generic,
// reads through. It gives the items (all), one page from an offset (page)
// and the pages (pages, the one pagination loop with its stall guard); its
// raw form is a lister[json.RawMessage] (Pages[json.RawMessage], which
// export reads), items left undecoded.
type lister[T any] struct {
	c      *Client
	path   string
	q      any
	fields []string
	// emptyEnds ends the list quietly at its first empty page, for feeds
	// such as the audit log that hand out a next offset even at their end.
	emptyEnds bool
}

// newLister binds a list endpoint at path to its query and default fields.
func newLister[T any](c *Client, path string, q any, fields []string) lister[T] {
	return lister[T]{c: c, path: path, q: q, fields: fields}
}

// page fetches one page: the list's parameters, with offset in place of
// the query's own when it is not empty.
func (l lister[T]) page(ctx context.Context, offset string) (*Page[T], error) {
	vals, err := listQuery(l.q, l.fields)
	if err != nil {
		return nil, fmt.Errorf("asana: GET %s: %w", l.path, err)
	}
	if offset != "" {
		vals.Set("offset", offset)
	}
	return fetchPage[T](ctx, l.c, l.path, vals)
}

// listPage fetches one page of a list at path.
func listPage[T any](ctx context.Context, c *Client, path string, q any, fields []string) (*Page[T], error) {
	return newLister[T](c, path, q, fields).page(ctx, "")
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

// listAll returns an iterator over every item of a list at path.
func listAll[T any](ctx context.Context, c *Client, path string, q any, fields []string) iter.Seq2[T, error] {
	return newLister[T](c, path, q, fields).all(ctx)
}

// all returns an iterator over every item of the list. Nothing is fetched
// before the loop starts; each next page is requested with the original
// parameters plus the offset Asana returned; the loop stops fetching when
// the caller breaks; an error is yielded once and ends it.
func (l lister[T]) all(ctx context.Context) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		for page, err := range l.pages(ctx) {
			if err != nil {
				var zero T
				yield(zero, err)
				return
			}
			for _, it := range page.Items {
				if !yield(it, nil) {
					return
				}
			}
		}
	}
}

// pagesAll yields every page of a list at path.
func pagesAll[T any](ctx context.Context, c *Client, path string, q any, fields []string) iter.Seq2[*Page[T], error] {
	return newLister[T](c, path, q, fields).pages(ctx)
}

// pages is the module's one pagination loop: it yields every page of the
// list, requesting each next one with the original parameters plus the
// offset Asana returned, and ends a server's loop (an offset handed back
// again, empty pages that keep pointing to more) with an error. With
// emptyEnds, the first empty page is the last one.
func (l lister[T]) pages(ctx context.Context) iter.Seq2[*Page[T], error] {
	return func(yield func(*Page[T], error) bool) {
		vals, err := listQuery(l.q, l.fields)
		if err != nil {
			yield(nil, fmt.Errorf("asana: GET %s: %w", l.path, err))
			return
		}
		// Every offset seen, the caller's starting one included: a server
		// that hands one back again would otherwise loop forever.
		seen := map[string]bool{}
		if start := vals.Get("offset"); start != "" {
			seen[start] = true
		}
		empty := 0 // empty pages in a row
		for {
			page, err := fetchPage[T](ctx, l.c, l.path, vals)
			if err != nil {
				yield(nil, err)
				return
			}
			if !yield(page, nil) || page.NextOffset == "" {
				return
			}
			if len(page.Items) == 0 {
				if l.emptyEnds {
					return
				}
				empty++
			} else {
				empty = 0
			}
			if empty >= stallLimit {
				yield(nil, fmt.Errorf("%w: GET %s answered %d empty pages in a row, each pointing to another", ErrStalledPagination, l.path, empty))
				return
			}
			if seen[page.NextOffset] {
				yield(nil, fmt.Errorf("%w: GET %s returned offset %q twice", ErrRepeatedOffset, l.path, l.c.shorten(page.NextOffset, 64)))
				return
			}
			seen[page.NextOffset] = true
			vals.Set("offset", page.NextOffset)
		}
	}
}

// Pages returns an iterator over the pages of the list endpoint at path,
// for callers that checkpoint: each page carries the NextOffset to resume
// from (as the offset parameter) once its items are safely handled. It is
// the loop under List and every typed List method, with the same guards
// (ErrRepeatedOffset, ErrStalledPagination); a page is never nil when the
// error is nil.
func Pages[T any](ctx context.Context, c *Client, path string, query any) iter.Seq2[*Page[T], error] {
	return pagesAll[T](ctx, c, path, query, nil)
}

// List returns an iterator over every item of the list endpoint at path, for
// endpoints that have no typed method yet: the paginated twin of Client.Do.
// query is a go-querystring struct (embed ListOptions) or url.Values; limit
// defaults to 100. It behaves like every typed List method: nothing is
// fetched before the loop starts, each page is requested with the original
// parameters plus the last offset, breaking the loop stops fetching, and an
// error is yielded once and ends it.
func List[T any](ctx context.Context, c *Client, path string, query any) iter.Seq2[T, error] {
	return listAll[T](ctx, c, path, query, nil)
}

// ListPage fetches one page of the list endpoint at path, for endpoints that
// have no typed method yet. Pass Page.NextOffset as the offset parameter to
// fetch the next one.
func ListPage[T any](ctx context.Context, c *Client, path string, query any) (*Page[T], error) {
	return listPage[T](ctx, c, path, query, nil)
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
