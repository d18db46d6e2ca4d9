package asana

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"net/url"
)

// List is one list endpoint with its arguments bound: what every typed
// List method returns. Nothing is fetched until it is used, and then only
// as far as the caller reads:
//
//	for task, err := range c.Tasks.ListForProject(ctx, projectGID, nil).All() { ... }
//
// All iterates over the items, Pages over the pages (each with the offset
// to resume from), Page fetches the page at an offset, and Raw gives the
// same list with its items as the server sent them, for callers that store
// them verbatim. Every form reads through the module's one pagination
// loop, with its guards (ErrRepeatedOffset, ErrStalledPagination). A List
// is a description of a request, safe to use more than once and from
// several goroutines; each use sends its own requests, with the context
// the method was given.
type List[T any] struct {
	ctx context.Context
	// err is the argument check's verdict: every use reports it before
	// any request.
	err error
	// An endpoint list (the Asana envelope and its next_page offsets):
	c      *Client
	path   string
	q      any
	fields []string
	// emptyEnds ends the list quietly at its first empty page, for feeds
	// such as the audit log that hand out a next offset even at their end.
	emptyEnds bool
	// A list with a cursor of its own (ListFunc) instead of an endpoint.
	fetch PageFunc
}

// PageFunc fetches the page of a list that starts at offset ("" for the
// first page) with its items as the server sent them and, in NextOffset,
// the cursor of the page after it ("" on the last page). ListFunc turns
// one into a List, for lists that page by a cursor of their own (search's
// creation time, SCIM's startIndex). An offset that does not come from an
// earlier page is untrusted input: a PageFunc validates it.
type PageFunc func(ctx context.Context, offset string) (*Page[json.RawMessage], error)

// ListFunc returns the List whose pages fetch gives, each item decoded
// into a T; All, Pages, Page and Raw behave as for an endpoint's List, with
// the same loop and guards.
func ListFunc[T any](ctx context.Context, fetch PageFunc) *List[T] {
	return &List[T]{ctx: ctx, fetch: fetch}
}

// ListOf returns the List of the list endpoint at path, for endpoints that
// have no typed method yet: the paginated twin of Client.Do. query is a
// go-querystring struct (embed ListOptions) or url.Values; limit defaults
// to 100.
func ListOf[T any](ctx context.Context, c *Client, path string, query any) *List[T] {
	return &List[T]{ctx: ctx, c: c, path: path, q: query}
}

// listAt returns the List of the list at r with its default fields; a
// validation error is reported by every use, before any request.
func listAt[T any](ctx context.Context, c *Client, r route, q any, fields []string) *List[T] {
	return &List[T]{ctx: r.labelled(ctx), err: r.err, c: c, path: r.path, q: q, fields: fields}
}

// feedAt is listAt for feeds that hand out a next offset even at their
// end (the audit log): the list ends at its first empty page.
func feedAt[T any](ctx context.Context, c *Client, r route, q any, fields []string) *List[T] {
	l := listAt[T](ctx, c, r, q, fields)
	l.emptyEnds = true
	return l
}

// Err returns the error that stops every use of the list before any
// request (an argument that failed its check), or nil.
func (l *List[T]) Err() error { return l.err }

// Raw returns the same list with every item left as the JSON the server
// sent.
func (l *List[T]) Raw() *List[json.RawMessage] {
	return &List[json.RawMessage]{ctx: l.ctx, err: l.err, c: l.c, path: l.path, q: l.q, fields: l.fields, emptyEnds: l.emptyEnds, fetch: l.fetch}
}

// All returns an iterator over every item of the list. Each next page is
// requested as the loop reaches it; breaking the loop stops fetching; an
// error is yielded once and ends it.
func (l *List[T]) All() iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		for page, err := range l.Pages() {
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

// Page fetches one page: the first one (or the one at the options' own
// Offset) when offset is empty, else the page at offset, a Page.NextOffset
// returned earlier.
func (l *List[T]) Page(offset string) (*Page[T], error) {
	if l.err != nil {
		return nil, l.err
	}
	if l.fetch != nil {
		return l.decoded(offset)
	}
	vals, err := l.query()
	if err != nil {
		return nil, err
	}
	return l.endpointPage(vals, offset)
}

// Pages is the module's one pagination loop: it yields every page of the
// list, each carrying the NextOffset to resume from (Page) once its items
// are safely handled, and ends a server's loop (an offset handed back
// again, empty pages that keep pointing to more) with an error. A feed
// ends at its first empty page, which is yielded. A page is never nil when
// the error is nil.
func (l *List[T]) Pages() iter.Seq2[*Page[T], error] {
	return func(yield func(*Page[T], error) bool) {
		fetch, start, err := l.pager()
		if err != nil {
			yield(nil, err)
			return
		}
		// Every offset seen, the caller's starting one included: a server
		// that hands one back again would otherwise loop forever.
		seen := map[string]bool{}
		if start != "" {
			seen[start] = true
		}
		offset := start
		empty := 0 // empty pages in a row
		for {
			page, err := fetch(offset)
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
				yield(nil, fmt.Errorf("%w: %s answered %d empty pages in a row, each pointing to another", ErrStalledPagination, l.name(), empty))
				return
			}
			if seen[page.NextOffset] {
				yield(nil, fmt.Errorf("%w: %s returned offset %q twice", ErrRepeatedOffset, l.name(), l.c.shorten(page.NextOffset, 64)))
				return
			}
			seen[page.NextOffset] = true
			offset = page.NextOffset
		}
	}
}

// pager returns the function that fetches the page at an offset ("" for
// the start) and the offset the list starts at.
func (l *List[T]) pager() (func(offset string) (*Page[T], error), string, error) {
	if l.err != nil {
		return nil, "", l.err
	}
	if l.fetch != nil {
		return l.decoded, "", nil
	}
	vals, err := l.query()
	if err != nil {
		return nil, "", err
	}
	start := vals.Get("offset")
	return func(offset string) (*Page[T], error) { return l.endpointPage(vals, offset) }, start, nil
}

// query is an endpoint list's query: the options with its limit and
// default fields.
func (l *List[T]) query() (url.Values, error) {
	vals, err := listQuery(l.q, l.fields)
	if err != nil {
		return nil, fmt.Errorf("asana: GET %s: %w", l.path, err)
	}
	return vals, nil
}

// endpointPage fetches the page of an endpoint list at offset ("" for the
// one vals selects).
func (l *List[T]) endpointPage(vals url.Values, offset string) (*Page[T], error) {
	if offset != "" {
		vals.Set("offset", offset)
	}
	return fetchPage[T](l.ctx, l.c, l.path, vals)
}

// decoded fetches the page at offset through l.fetch and decodes its
// items into T.
func (l *List[T]) decoded(offset string) (*Page[T], error) {
	raw, err := l.fetch(l.ctx, offset)
	if err != nil {
		return nil, err
	}
	if p, ok := any(raw).(*Page[T]); ok {
		return p, nil // T is json.RawMessage
	}
	p := &Page[T]{Items: make([]T, len(raw.Items)), NextOffset: raw.NextOffset}
	for i, it := range raw.Items {
		if err := json.Unmarshal(it, &p.Items[i]); err != nil {
			return nil, fmt.Errorf("asana: decoding item %d of a page: %w", i, err)
		}
	}
	return p, nil
}

// name is the list in error messages.
func (l *List[T]) name() string {
	if l.path == "" {
		return "the list"
	}
	return "GET " + l.path
}
