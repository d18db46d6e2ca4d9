package asana

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
)

// bodyTransport answers every request with one fixed response.
type bodyTransport struct {
	status      int
	contentType string
	body        []byte
}

func (b bodyTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	h := http.Header{}
	if b.contentType != "" {
		h.Set("Content-Type", b.contentType)
	}
	return &http.Response{StatusCode: b.status, Header: h, Request: req,
		Body: io.NopCloser(bytes.NewReader(b.body)), ContentLength: int64(len(b.body))}, nil
}

// FuzzDecode feeds arbitrary statuses, content types and bodies through the
// whole pipeline: it must never panic, every failure must be an *Error
// that does not show the token, a success other than 204 must have had a
// non-null "data" member, and no sync token or offset handed back may
// hold the token.
func FuzzDecode(f *testing.F) {
	f.Add(uint16(200), "application/json", []byte(`{"data":[{"gid":"1","due_on":"2025-01-02","created_at":"2025-01-01T00:00:00Z"}],"next_page":{"offset":"x"}}`))
	f.Add(uint16(404), "application/json", []byte(`{"errors":[{"message":"Not found","help":"h","phrase":"p"}]}`))
	f.Add(uint16(502), "text/html", []byte(`<html>Bad gateway</html>`))
	f.Add(uint16(200), "application/json; charset=utf-8", []byte(`{"data":{"gid":1}}`))
	f.Add(uint16(412), "application/json", []byte(`{"errors":[{"message":"Sync token invalid or too old"}],"sync":"abc"}`))
	f.Fuzz(func(t *testing.T, status uint16, contentType string, body []byte) {
		tr := bodyTransport{status: int(status), contentType: contentType, body: body}
		for _, out := range []any{new([]Task), new(Task), nil} {
			// A fresh client each time: a 429 pauses the client that got
			// it, and this one never waits.
			c, err := NewClient(testToken, WithTransport(tr), WithRateLimit(0, 0), WithRetryPolicy(NoRetries()))
			if err != nil {
				t.Fatal(err)
			}
			resp, err := c.Do(t.Context(), &Request{Path: "/tasks"}, out)
			if err == nil {
				if status != http.StatusNoContent && !hasData(body) {
					t.Fatalf("status %d body %q: success without a \"data\" member", status, body)
				}
				if strings.Contains(resp.Sync, testToken) || resp.NextPage != nil &&
					strings.Contains(resp.NextPage.Offset+resp.NextPage.Path+resp.NextPage.URI, testToken) {
					t.Fatalf("response hands back the token: %+v %+v", resp, resp.NextPage)
				}
				continue
			}
			var ae *Error
			if !errors.As(err, &ae) {
				t.Fatalf("err = %T %v, want *Error", err, err)
			}
			if ae.StatusCode != int(status) && status != 0 {
				t.Fatalf("StatusCode = %d, want %d", ae.StatusCode, status)
			}
			if strings.Contains(err.Error(), testToken) || strings.Contains(ae.Body, testToken) {
				t.Fatalf("token in error: %v", err)
			}
		}
	})
}

// hasData reports whether body is a JSON object with a non-null "data"
// member, matching keys as encoding/json does (case-insensitively).
func hasData(body []byte) bool {
	var members map[string]json.RawMessage
	if json.Unmarshal(body, &members) != nil {
		return false
	}
	for k, v := range members {
		if strings.EqualFold(k, "data") && string(v) != "null" {
			return true
		}
	}
	return false
}
