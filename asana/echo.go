package asana

import (
	"errors"
	"net/url"
	"strings"
)

// A server, proxy or fake may echo the token in what it answers. Strings
// from answers that only end up in errors are redacted (redact, scrub,
// snippet); strings the client would send back or hand to the caller to
// save (a sync token, a next-page offset) are refused instead, and so is
// any request whose path or query would carry the token.

// holdsToken reports whether s contains the access token.
func (c *Client) holdsToken(s string) bool {
	if strings.Contains(s, c.token.value) {
		return true
	}
	// An escaped path or value: "0%2Fabc" hides "0/abc" from Contains (and
	// one bad escape elsewhere makes unescaping all of s fail).
	if !strings.Contains(s, "%") {
		return false
	}
	if u, err := url.PathUnescape(s); err == nil && strings.Contains(u, c.token.value) {
		return true
	}
	return strings.Contains(s, url.PathEscape(c.token.value)) || strings.Contains(s, url.QueryEscape(c.token.value))
}

// queryHoldsToken reports whether any name or value of q contains the
// access token.
func (c *Client) queryHoldsToken(q url.Values) bool {
	for k, vs := range q {
		if c.holdsToken(k) {
			return true
		}
		for _, v := range vs {
			if c.holdsToken(v) {
				return true
			}
		}
	}
	return false
}

// checkEcho refuses an envelope whose sync token or next-page offset
// contains the access token, and redacts the token from the next page's
// path and URI, which the client never follows.
func (c *Client) checkEcho(env *envelope) error {
	if c.holdsToken(env.Sync) {
		return errors.New("the answer's sync token contains the access token; refused")
	}
	if np := env.NextPage; np != nil {
		if c.holdsToken(np.Offset) {
			return errors.New("the answer's next_page offset contains the access token; refused")
		}
		if c.holdsToken(np.Path) {
			np.Path = "[REDACTED]"
		}
		if c.holdsToken(np.URI) {
			np.URI = "[REDACTED]"
		}
	}
	return nil
}
