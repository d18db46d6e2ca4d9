// Package scim is a client for Asana's SCIM 2.0 API
// (https://developers.asana.com/docs/scim), with which an identity system
// creates, updates and deactivates the users of an Enterprise organization
// and manages its teams as SCIM groups. Only service-account tokens may use
// it.
//
// A Client wraps an *asana.Client and sends every request through that
// client's pipeline: its token, rate limiter, concurrency limits and retry
// policy, so SCIM calls and REST calls share one quota. Requests go to the
// API's /scim paths with SCIM's media type (application/scim+json), and
// SCIM error documents come back as *Error values, which errors.Is matches
// against asana's sentinels (asana.ErrNotFound, asana.ErrForbidden, ...)
// and this package's scimType sentinels (ErrUniqueness, ErrInvalidFilter).
//
//	sc := scim.New(client)
//	for u, err := range sc.Users.List(ctx, &scim.ListOptions{Filter: scim.Eq("userName", "ada@acme.example")}).All() {
//		if err != nil {
//			return err
//		}
//		fmt.Println(u.ID, u.Active)
//	}
//	_, err := sc.Users.Patch(ctx, id, scim.Replace("active", false)) // deprovision
//
// List calls return an asana.List that pages lazily with startIndex and
// count: All iterates, Page fetches one page and Pages walks them, each
// page's NextOffset the startIndex to resume from.
package scim

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/asanakit/asana-go/asana"
)

// MediaType is SCIM's media type, sent as Content-Type and Accept.
const MediaType = "application/scim+json"

// Schema URNs of the resources and messages this package speaks.
const (
	SchemaUser           = "urn:ietf:params:scim:schemas:core:2.0:User"
	SchemaEnterpriseUser = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
	SchemaGroup          = "urn:ietf:params:scim:schemas:core:2.0:Group"
	SchemaListResponse   = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
	SchemaPatchOp        = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
	SchemaError          = "urn:ietf:params:scim:api:messages:2.0:Error"
)

// basePath is where Asana serves SCIM, relative to the REST base URL.
const basePath = "/scim"

// DefaultCount is the page size list calls ask for unless told otherwise.
const DefaultCount = 100

// Client calls Asana's SCIM API through an asana.Client's pipeline.
type Client struct {
	c *asana.Client

	// Users wraps /scim/Users: the organization's users (not its guests).
	Users *UsersService
	// Groups wraps /scim/Groups: the organization's teams.
	Groups *GroupsService
}

// UsersService wraps SCIM users.
type UsersService struct{ c *Client }

// GroupsService wraps SCIM groups (Asana teams).
type GroupsService struct{ c *Client }

// New returns a SCIM client that shares c's token, base URL, rate limits
// and retry policy. SCIM lives at the base URL plus /scim
// (https://app.asana.com/api/1.0/scim by default).
func New(c *asana.Client) *Client {
	sc := &Client{c: c}
	sc.Users, sc.Groups = &UsersService{sc}, &GroupsService{sc}
	return sc
}

// String describes the client without its token.
func (sc *Client) String() string { return "scim.Client{" + sc.c.String() + "}" }

// do sends one SCIM request: body (if not nil) as SCIM JSON, the answer
// decoded into out, a SCIM error document turned into an *Error.
func (sc *Client) do(ctx context.Context, method, path string, q url.Values, body, out any) error {
	req := &asana.Request{Method: method, Path: basePath + path, Accept: MediaType + ", application/json", NoEnvelope: true}
	if len(q) > 0 {
		req.Query = q
	}
	if body != nil {
		raw, err := json.Marshal(body)
		if err != nil {
			return fmt.Errorf("scim: %s %s: encoding body: %w", method, req.Path, err)
		}
		req.RawBody, req.ContentType = raw, MediaType
	}
	_, err := sc.c.Do(ctx, req, out)
	return asError(err)
}

// idPath checks a resource id and returns its escaped path.
func idPath(op, kind, id string) (string, error) {
	if strings.TrimSpace(id) == "" {
		return "", fmt.Errorf("scim: %s: empty id", op)
	}
	if id == "." || id == ".." {
		return "", fmt.Errorf("scim: %s: invalid id %q", op, id)
	}
	return "/" + kind + "/" + url.PathEscape(id), nil
}

// ListOptions select and page a list. The zero value lists everything.
type ListOptions struct {
	// Filter is a SCIM filter expression; Asana filters users on userName
	// and groups on displayName. Build one with Eq to get the quoting
	// right.
	Filter string
	// StartIndex is the 1-based index of the first result; 0 means 1.
	StartIndex int
	// Count is the page size; 0 means DefaultCount.
	Count int
}

func (o *ListOptions) query() (url.Values, error) {
	q := url.Values{}
	var opts ListOptions
	if o != nil {
		opts = *o
	}
	if opts.StartIndex < 0 || opts.Count < 0 {
		return nil, errors.New("negative StartIndex or Count")
	}
	if opts.Filter != "" {
		q.Set("filter", opts.Filter)
	}
	q.Set("startIndex", strconv.Itoa(max(opts.StartIndex, 1)))
	if opts.Count == 0 {
		opts.Count = DefaultCount
	}
	q.Set("count", strconv.Itoa(opts.Count))
	return q, nil
}

// Eq builds the filter `attr eq "value"`, with value quoted as a SCIM
// (JSON) string: Eq("userName", "ada@acme.example").
func Eq(attr, value string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(value) // a string always encodes
	return attr + " eq " + strings.TrimSuffix(b.String(), "\n")
}

// listResponse is one page of a list as SCIM sends it.
type listResponse[T any] struct {
	TotalResults int `json:"totalResults"`
	StartIndex   int `json:"startIndex"`
	Resources    []T `json:"Resources"`
}

// next returns the startIndex of the page after this one, or 0 on the
// last page.
func (l *listResponse[T]) next() int {
	start := max(l.StartIndex, 1)
	if len(l.Resources) == 0 || start-1+len(l.Resources) >= l.TotalResults {
		return 0
	}
	return start + len(l.Resources)
}

// list returns the List of the resources at path from opts.StartIndex,
// paged by startIndex and count through the client's one pagination loop:
// a Page's offset is the startIndex of the page, in decimal. A page that
// does not move forward (an empty page before totalResults) is the last,
// so a misbehaving server cannot loop it forever.
func list[T any](ctx context.Context, sc *Client, op, path string, opts *ListOptions) *asana.List[T] {
	var o ListOptions
	if opts != nil {
		o = *opts
	}
	return asana.ListFunc[T](ctx, func(ctx context.Context, offset string) (*asana.Page[json.RawMessage], error) {
		p := o
		if offset != "" {
			n, err := strconv.Atoi(offset)
			if err != nil || n < 1 {
				return nil, fmt.Errorf("scim: %s: invalid offset %q: want a startIndex, a positive number", op, offset)
			}
			p.StartIndex = n
		}
		q, err := p.query()
		if err != nil {
			return nil, fmt.Errorf("scim: %s: %w", op, err)
		}
		var page listResponse[json.RawMessage]
		if err := sc.do(ctx, http.MethodGet, path, q, nil, &page); err != nil {
			return nil, err
		}
		next := ""
		if n := page.next(); n > max(p.StartIndex, 1) {
			next = strconv.Itoa(n)
		}
		return &asana.Page[json.RawMessage]{Items: page.Resources, NextOffset: next}, nil
	})
}

// get fetches the resource at path.
func get[T any](ctx context.Context, sc *Client, path string) (*T, error) {
	v := new(T)
	if err := sc.do(ctx, http.MethodGet, path, nil, nil, v); err != nil {
		return nil, err
	}
	return v, nil
}

// send writes body to path with method and decodes the resource answered.
func send[T any](ctx context.Context, sc *Client, method, path string, body any) (*T, error) {
	v := new(T)
	if err := sc.do(ctx, method, path, nil, body, v); err != nil {
		return nil, err
	}
	return v, nil
}

// PatchOp is one operation of a PATCH request (RFC 7644 section 3.5.2).
type PatchOp struct {
	// Op is "add", "replace" or "remove".
	Op string `json:"op"`
	// Path is the attribute ("title", "active", "members",
	// `members[value eq "123"]`); empty applies Value's attributes.
	Path string `json:"path,omitempty"`
	// Value is the new value; none for most removes.
	Value any `json:"value,omitempty"`
}

// Replace sets an attribute: Replace("active", false) deprovisions a user.
func Replace(path string, value any) PatchOp { return PatchOp{Op: "replace", Path: path, Value: value} }

// Add adds to an attribute (to a multi-valued one, such as members) or
// sets it.
func Add(path string, value any) PatchOp { return PatchOp{Op: "add", Path: path, Value: value} }

// Remove clears an attribute, or the values of a multi-valued one that
// the path's filter selects.
func Remove(path string) PatchOp { return PatchOp{Op: "remove", Path: path} }

// AddMembers adds users (by id) to a group.
func AddMembers(ids ...string) PatchOp { return Add("members", memberRefs(ids)) }

// RemoveMembers removes users (by id) from a group: one operation per
// user, addressed with a value filter as RFC 7644 shows.
func RemoveMembers(ids ...string) []PatchOp {
	ops := make([]PatchOp, len(ids))
	for i, id := range ids {
		ops[i] = Remove("members[" + Eq("value", id) + "]")
	}
	return ops
}

func memberRefs(ids []string) []Member {
	out := make([]Member, len(ids))
	for i, id := range ids {
		out[i] = Member{Value: id}
	}
	return out
}

// patchBody is a PatchOp request.
type patchBody struct {
	Schemas    []string  `json:"schemas"`
	Operations []PatchOp `json:"Operations"`
}

// patch sends ops to path.
func patch[T any](ctx context.Context, sc *Client, op, path string, ops []PatchOp) (*T, error) {
	if len(ops) == 0 {
		return nil, fmt.Errorf("scim: %s: no operations", op)
	}
	return send[T](ctx, sc, http.MethodPatch, path, patchBody{Schemas: []string{SchemaPatchOp}, Operations: ops})
}
