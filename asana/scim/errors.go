package scim

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/asanakit/asana-go/asana"
)

// Sentinels for the scimType of an error, for errors.Is.
var (
	// ErrUniqueness: the userName or displayName is taken (409).
	ErrUniqueness = errors.New("scim: uniqueness")
	// ErrInvalidFilter: the filter is malformed or uses an attribute the
	// server does not filter on (400).
	ErrInvalidFilter = errors.New("scim: invalid filter")
	// ErrInvalidValue: a value is missing or wrong (400).
	ErrInvalidValue = errors.New("scim: invalid value")
	// ErrInvalidPath: a PATCH path is unknown or not allowed (400).
	ErrInvalidPath = errors.New("scim: invalid path")
)

var scimTypes = map[error]string{
	ErrUniqueness:    "uniqueness",
	ErrInvalidFilter: "invalidFilter",
	ErrInvalidValue:  "invalidValue",
	ErrInvalidPath:   "invalidPath",
}

// Error is a SCIM error document (RFC 7644 section 3.12) answered by the
// server. It wraps the pipeline's *asana.Error, so errors.Is matches the
// asana sentinels of its status (asana.ErrNotFound, asana.ErrForbidden,
// asana.ErrRateLimited, ...) as well as the sentinels of its ScimType, and
// errors.As reaches the request's method, path, attempts and Retry-After.
// It never contains the access token.
type Error struct {
	// Status is the HTTP status.
	Status int
	// ScimType is SCIM's error keyword ("uniqueness", "invalidFilter", ...),
	// empty when the server sent none.
	ScimType string
	// Detail is the server's explanation.
	Detail string
	// Schemas are the document's schemas (SchemaError).
	Schemas []string
	// Err is the pipeline's error for the same answer.
	Err *asana.Error
}

// Error formats as "scim: GET /scim/Users/1: 404 Not Found: User 1 not found".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("scim: ")
	if e.Err != nil {
		b.WriteString(e.Err.Method + " " + e.Err.Path + ": ")
	}
	fmt.Fprintf(&b, "%d %s", e.Status, http.StatusText(e.Status))
	if e.Detail != "" {
		b.WriteString(": " + e.Detail)
	}
	if e.ScimType != "" {
		b.WriteString(" (" + e.ScimType + ")")
	}
	if e.Err != nil && e.Err.Attempts > 1 {
		fmt.Fprintf(&b, " (after %d attempts)", e.Err.Attempts)
	}
	return b.String()
}

// Unwrap returns the pipeline's error.
func (e *Error) Unwrap() error {
	if e.Err == nil {
		return nil
	}
	return e.Err
}

// Is matches the scimType sentinels; the status sentinels match through
// Unwrap.
func (e *Error) Is(target error) bool {
	t, ok := scimTypes[target]
	return ok && strings.EqualFold(t, e.ScimType)
}

// errorDoc is a SCIM error body; status is a string in RFC 7644 and a
// number in some servers.
type errorDoc struct {
	Schemas  []string        `json:"schemas"`
	Status   json.RawMessage `json:"status"`
	ScimType string          `json:"scimType"`
	Detail   string          `json:"detail"`
}

// asError turns a pipeline error whose body is a SCIM error document into
// an *Error; any other error is returned as it is.
func asError(err error) error {
	var ae *asana.Error
	if err == nil || !errors.As(err, &ae) || ae.Body == "" {
		return err
	}
	var doc errorDoc
	if json.Unmarshal([]byte(ae.Body), &doc) != nil || (doc.Detail == "" && doc.ScimType == "" && len(doc.Schemas) == 0) {
		return err
	}
	e := &Error{Status: ae.StatusCode, ScimType: doc.ScimType, Detail: doc.Detail, Schemas: doc.Schemas, Err: ae}
	s := strings.Trim(string(doc.Status), `"`)
	if n, perr := strconv.Atoi(s); perr == nil && n != ae.StatusCode && n >= 400 && n <= 599 {
		// The document's status should match the HTTP status; keep the
		// HTTP one, which the sentinels match, and note the other.
		e.Detail = strings.TrimSpace(e.Detail + " (document status " + s + ")")
	}
	return e
}
