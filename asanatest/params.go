package asanatest

import (
	"encoding/json"
	"html"
	"strings"
	"time"
)

// Parameter readers beyond handlers.go's: lists, dates and date-times, in
// the forms Asana accepts.

// list reads a field that is a JSON array of strings or numbers, or one
// comma-separated string (Asana takes both for members, followers and
// dependencies). A missing field is nil (or "field: Missing input" when
// required); an empty list is an empty, non-nil slice.
func (b *body) list(name string, required bool) ([]string, error) {
	raw, ok := b.field(name)
	if !ok || string(raw) == "null" {
		if required {
			return nil, missingInput(name)
		}
		return nil, nil
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return splitList(s), nil
	}
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return nil, badRequest(name, "Not an array: %s", raw)
	}
	out := make([]string, 0, len(items))
	for _, it := range items {
		var v string
		if json.Unmarshal(it, &v) != nil {
			v = string(it) // a number
		}
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out, nil
}

// splitList splits a comma-separated value, dropping blanks.
func splitList(s string) []string {
	out := []string{}
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// gidList reads a list field of GIDs.
func (b *body) gidList(name string, required bool) ([]string, error) {
	vs, err := b.list(name, required)
	if err != nil {
		return nil, err
	}
	for _, v := range vs {
		if _, err := checkGID(name, v); err != nil {
			return nil, err
		}
	}
	return vs, nil
}

// users resolves a list field of user identifiers (GID, email or "me").
func (rq *request) bodyUsers(name string, required bool) ([]*User, error) {
	b, err := rq.body()
	if err != nil {
		return nil, err
	}
	vs, err := b.list(name, required)
	if err != nil {
		return nil, err
	}
	out := make([]*User, 0, len(vs))
	for _, v := range vs {
		u, err := rq.userParam(name, v)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, nil
}

// date reads a YYYY-MM-DD field; "" when absent or null. set reports
// whether the field was present at all (null clears a date).
func (b *body) date(name string) (v string, set bool, err error) {
	if !b.has(name) {
		return "", false, nil
	}
	s, err := b.str(name, false)
	if err != nil {
		return "", true, err
	}
	if s == "" {
		return "", true, nil
	}
	if _, err := time.Parse(time.DateOnly, s); err != nil {
		return "", true, badRequest(name, "Not a valid date (YYYY-MM-DD): %s", s)
	}
	return s, true, nil
}

// dateTime reads an ISO 8601 date-time field; zero when absent or null.
func (b *body) dateTime(name string) (v time.Time, set bool, err error) {
	if !b.has(name) {
		return time.Time{}, false, nil
	}
	s, err := b.str(name, false)
	if err != nil || s == "" {
		return time.Time{}, true, err
	}
	t, err := parseDateTime(name, s)
	return t, true, err
}

// queryTime reads an ISO 8601 date-time (or date) query parameter; zero
// when absent.
func (rq *request) queryTime(name string) (time.Time, error) {
	v := rq.query.Get(name)
	if v == "" {
		return time.Time{}, nil
	}
	return parseDateTime(name, v)
}

// parseDateTime accepts the forms Asana does: RFC 3339 with or without
// fractional seconds, or a bare date (midnight UTC).
func parseDateTime(name, s string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05Z0700", time.DateOnly} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, badRequest(name, "Not a valid ISO 8601 date-time: %s", s)
}

// queryList reads a comma-separated query parameter (repeated keys add up).
func (rq *request) queryList(name string) []string {
	var out []string
	for _, v := range rq.query[name] {
		out = append(out, splitList(v)...)
	}
	return out
}

// stripHTML turns an html_notes or html_text body into plain text: tags
// dropped, entities decoded. Enough for the fake's round trips.
func stripHTML(s string) string {
	var b strings.Builder
	in := false
	for _, r := range s {
		switch {
		case r == '<':
			in = true
		case r == '>' && in:
			in = false
		case !in:
			b.WriteRune(r)
		}
	}
	return html.UnescapeString(b.String())
}
