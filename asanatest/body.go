package asanatest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
)

// The body of a write request: its decoding and typed field access.

// body is the decoded "data" object of a write request.
type body struct {
	fields map[string]json.RawMessage
}

// body decodes {"data": {...}} once. A missing or empty body, or a null
// data, is an empty data object; broken JSON, or a document or data that is
// not an object (a bare null included), is a 400.
func (rq *request) body() (*body, error) {
	if rq.data != nil {
		return rq.data, nil
	}
	b := &body{fields: map[string]json.RawMessage{}}
	raw, err := readAllLimited(rq.r, 10<<20)
	if err != nil {
		return nil, err
	}
	if raw = bytes.TrimSpace(raw); len(raw) > 0 {
		if raw[0] != '{' {
			return nil, errorf(http.StatusBadRequest, msgInvalidJSON)
		}
		var env struct {
			Data json.RawMessage `json:"data"`
		}
		if err := json.Unmarshal(raw, &env); err != nil {
			return nil, errorf(http.StatusBadRequest, msgInvalidJSON)
		}
		if len(env.Data) > 0 && string(env.Data) != "null" {
			if err := json.Unmarshal(env.Data, &b.fields); err != nil {
				return nil, badRequest("data", "Must be an object")
			}
		}
	}
	rq.data = b
	return b, nil
}

func readAllLimited(r *http.Request, n int64) ([]byte, error) {
	if r.Body == nil {
		return nil, nil
	}
	var buf bytes.Buffer
	m, err := buf.ReadFrom(http.MaxBytesReader(nil, r.Body, n))
	if err != nil {
		if m >= n {
			return nil, errorf(http.StatusRequestEntityTooLarge, "Request body too large")
		}
		return nil, errorf(http.StatusBadRequest, "Could not read request body")
	}
	return buf.Bytes(), nil
}

// field returns a field's raw JSON. A nil body (rq.data before a
// successful rq.body) has no fields, so that an error path reading it
// cannot dereference nil.
func (b *body) field(name string) (json.RawMessage, bool) {
	if b == nil {
		return nil, false
	}
	raw, ok := b.fields[name]
	return raw, ok
}

// has reports whether the body sets a field (null counts as set).
func (b *body) has(name string) bool { _, ok := b.field(name); return ok }

// str reads a string field.
func (b *body) str(name string, required bool) (string, error) {
	raw, ok := b.field(name)
	if !ok || string(raw) == "null" {
		if required {
			return "", missingInput(name)
		}
		return "", nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", badRequest(name, "Not a string: %s", raw)
	}
	return s, nil
}

// name sets *dst from the body's "name", which must be a non-blank string:
// always on create, on update only when the body sends it.
func (b *body) name(create bool, dst *string) error {
	if !create && !b.has("name") {
		return nil
	}
	name, err := b.str("name", true)
	if err != nil {
		return err
	}
	if strings.TrimSpace(name) == "" {
		return badRequest("name", "Cannot be empty")
	}
	*dst = name
	return nil
}

// gid reads a GID field, given as a string or a number.
func (b *body) gid(name string, required bool) (string, error) {
	raw, ok := b.field(name)
	if !ok || string(raw) == "null" {
		if required {
			return "", missingInput(name)
		}
		return "", nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		s = string(raw)
	}
	return checkGID(name, s)
}

// boolean reads a boolean field; def when absent.
func (b *body) boolean(name string, def bool) (bool, error) {
	raw, ok := b.field(name)
	if !ok || string(raw) == "null" {
		return def, nil
	}
	var v bool
	if err := json.Unmarshal(raw, &v); err != nil {
		return false, badRequest(name, "Not a boolean: %s", raw)
	}
	return v, nil
}

// queryBool reads a boolean query parameter; def when absent.
func (rq *request) queryBool(name string, def bool) (bool, error) {
	v := rq.query.Get(name)
	if v == "" {
		return def, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, badRequest(name, "Not a boolean: %s", v)
	}
	return b, nil
}
