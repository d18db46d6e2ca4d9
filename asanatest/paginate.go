package asanatest

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"iter"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Offsets are opaque to clients but, like Asana's, shaped as a JWT signed
// with HMAC-SHA256: header.claims.signature. The claims carry the ordering
// key of the last item served (so inserts and deletes never shift a page),
// a digest of the query (so an offset only works for the list it came
// from), and the issue and expiry times on the fake's clock.

const offsetHeader = `{"typ":"JWT","alg":"HS256"}`

type offsetClaims struct {
	// After is the ordering key (a GID) of the last item already served.
	After string `json:"border_rank"`
	// Query is a digest of the route and its filtering parameters.
	Query string `json:"q"`
	IAT   int64  `json:"iat"`
	EXP   int64  `json:"exp"`
}

var b64 = base64.RawURLEncoding

func signOffset(key []byte, c offsetClaims) string {
	payload, _ := json.Marshal(c)
	msg := b64.EncodeToString([]byte(offsetHeader)) + "." + b64.EncodeToString(payload)
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(msg))
	return msg + "." + b64.EncodeToString(mac.Sum(nil))
}

var errBadOffset = errors.New("invalid offset")

// parseOffset checks an offset's signature and returns its claims; expiry is
// the caller's to check against its clock.
func parseOffset(key []byte, tok string) (offsetClaims, error) {
	var c offsetClaims
	if len(tok) > 2048 {
		return c, errBadOffset
	}
	dot := strings.LastIndexByte(tok, '.')
	if dot < 0 || strings.Count(tok, ".") != 2 {
		return c, errBadOffset
	}
	sig, err := b64.DecodeString(tok[dot+1:])
	if err != nil {
		return c, errBadOffset
	}
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(tok[:dot]))
	if !hmac.Equal(sig, mac.Sum(nil)) {
		return c, errBadOffset
	}
	parts := strings.SplitN(tok[:dot], ".", 2)
	payload, err := b64.DecodeString(parts[1])
	if err != nil {
		return c, errBadOffset
	}
	if err := json.Unmarshal(payload, &c); err != nil || c.After == "" || c.EXP < c.IAT {
		return offsetClaims{}, errBadOffset
	}
	return c, nil
}

// pageParams are the limit and offset of a list request.
type pageParams struct {
	limit    int  // 0 when absent
	hasLimit bool // limit was sent: answer with next_page
	after    string
}

// unpagedUserLimit is where Asana cuts the lists that take no limit
// (users of a workspace or a team).
const unpagedUserLimit = 2000

// pageParams parses limit and offset: limit must be an integer in 1..100;
// an offset must be one this fake issued for the same query, unexpired.
func (rq *request) pageParams() (pageParams, error) {
	var pp pageParams
	if v := rq.query.Get("limit"); v != "" || rq.query.Has("limit") {
		n, err := strconv.Atoi(v)
		if err != nil {
			return pp, badRequest("limit", "Not an Integer: %q", v)
		}
		if n < 1 || n > 100 {
			return pp, badRequest("limit", "Must be between 1 and 100 (got %d)", n)
		}
		pp.limit, pp.hasLimit = n, true
	}
	if v := rq.query.Get("offset"); v != "" {
		c, err := parseOffset(rq.s.key, v)
		if err != nil || c.Query != rq.queryDigest() {
			return pp, &apiError{status: http.StatusBadRequest, message: msgOffsetInvalid}
		}
		if rq.now.Unix() > c.EXP {
			return pp, &apiError{status: http.StatusBadRequest, message: msgOffsetExpired}
		}
		pp.after = c.After
	}
	return pp, nil
}

// queryDigest identifies the list a request asks for: the path and every
// query parameter but those that only shape a page or its rendering.
func (rq *request) queryDigest() string {
	q := url.Values{}
	for k, vs := range rq.query {
		switch k {
		case "limit", "offset", "opt_fields", "opt_pretty", "opt_expand":
			continue
		}
		q[k] = vs
	}
	h := sha256.Sum256([]byte(rq.r.Method + " " + rq.apiPath + "?" + q.Encode()))
	return b64.EncodeToString(h[:12])
}

// page is one page of a list: the GIDs to render and the next_page value.
type page struct {
	gids     []string
	hasLimit bool
	next     *nextPage
}

type nextPage struct {
	Offset string `json:"offset"`
	Path   string `json:"path"`
	URI    string `json:"uri"`
}

// paginate picks one page from gids, a list in ascending GID order (every
// table and index keeps that order), keeping those for which keep is true
// (nil keeps all). Without limit it returns everything, or 400 "result is
// too large" past the fake's unpaginated cap.
func (rq *request) paginate(gids []string, keep func(gid string) bool) (page, error) {
	return rq.paginateWalk(func(after string) (iter.Seq[string], bool) {
		i, found := slices.BinarySearchFunc(gids, after, gidCompare)
		if found {
			i++
		}
		return slices.Values(gids[i:]), true
	}, keep, false)
}

// paginateOrdered is paginate for a list in another order (a section's
// subtasks, say): the offset resumes after the item it names, found by a
// scan; if that item has since left the list, the offset is rejected as
// Asana rejects an offset whose data changed.
func (rq *request) paginateOrdered(gids []string, keep func(gid string) bool) (page, error) {
	return rq.paginateWalk(func(after string) (iter.Seq[string], bool) {
		if after == "" {
			return slices.Values(gids), true
		}
		i := slices.Index(gids, after)
		return slices.Values(gids[i+1:]), i >= 0
	}, keep, false)
}

// paginateCapped serves the lists Asana does not paginate (users of a
// workspace or team): limit is ignored and the list stops at 2000.
func (rq *request) paginateCapped(gids []string, keep func(gid string) bool) (page, error) {
	return rq.paginateWalk(func(string) (iter.Seq[string], bool) { return slices.Values(gids), true }, keep, true)
}

// paginateWalk picks one page of the list that from walks: from(after)
// yields the items after the one named (all of them for ""), or reports
// false when that item has left the list (the offset is then rejected).
// A page costs what it yields, not the length of the list.
func (rq *request) paginateWalk(from func(after string) (iter.Seq[string], bool), keep func(string) bool, capped bool) (page, error) {
	pp, err := rq.pageParams()
	if err != nil {
		return page{}, err
	}
	after := pp.after
	if capped {
		after = ""
	}
	items, ok := from(after)
	if !ok {
		return page{}, &apiError{status: http.StatusBadRequest, message: msgOffsetInvalid}
	}
	want := pp.limit
	switch {
	case capped:
		want = unpagedUserLimit
	case !pp.hasLimit:
		want = rq.s.cfg.maxUnpaged
	}
	out := make([]string, 0, min(want, 100))
	more := false
	for g := range items {
		if keep != nil && !keep(g) {
			continue
		}
		if len(out) == want {
			more = true
			break
		}
		out = append(out, g)
	}
	p := page{gids: out, hasLimit: pp.hasLimit && !capped}
	if more && !p.hasLimit && !capped {
		return page{}, &apiError{status: http.StatusBadRequest, message: msgTooLarge}
	}
	if more && p.hasLimit {
		p.next = rq.nextPage(out[len(out)-1])
	}
	return p, nil
}

// nextPage builds next_page for a page that ended at the item after.
func (rq *request) nextPage(after string) *nextPage {
	now := rq.now
	tok := signOffset(rq.s.key, offsetClaims{
		After: after,
		Query: rq.queryDigest(),
		IAT:   now.Unix(),
		EXP:   now.Add(rq.s.cfg.offsetTTL).Unix(),
	})
	q := url.Values{}
	for k, vs := range rq.query {
		q[k] = vs
	}
	q.Set("offset", tok)
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for i, k := range keys {
		for j, v := range q[k] {
			if i+j > 0 {
				b.WriteByte('&')
			}
			b.WriteString(url.QueryEscape(k) + "=" + url.QueryEscape(v))
		}
	}
	path := rq.apiPath + "?" + b.String()
	return &nextPage{Offset: tok, Path: path, URI: rq.origin + APIPrefix + path}
}
