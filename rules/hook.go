package rules

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
)

// Hook headers.
const (
	// HookSignatureHeader carries "sha256=" and the hex HMAC-SHA256 of the
	// body under the hook's secret.
	HookSignatureHeader = "X-Rules-Signature"
	// HookIdempotencyHeader carries the job's key and step: the same for
	// every attempt of one action, so the endpoint can drop repeats (a
	// hook is delivered at least once).
	HookIdempotencyHeader = "Idempotency-Key"
)

// Hook POSTs a signed JSON payload about the event to an internal HTTP
// endpoint: the integration hook. The body is
//
//	{"rule": "...", "event": {...}, "task": {...}, "project": {...}}
//
// (task and project as read for the rule, when there are), signed with
// HMAC-SHA256 under Secret in HookSignatureHeader. A 2xx answer is
// success; 408, 429, 5xx and network errors are retried; other answers
// make the job a dead letter. Redirects are not followed.
type Hook struct {
	URL    string
	Secret string
}

// HookError is a hook endpoint's answer other than 2xx.
type HookError struct {
	URL        string
	StatusCode int
}

// Error formats as "rules: hook URL answered STATUS".
func (e *HookError) Error() string {
	return fmt.Sprintf("rules: hook %s answered %d", e.URL, e.StatusCode)
}

// SignHook returns the HookSignatureHeader value of body under secret.
func SignHook(secret string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// VerifyHook reports whether signature is body's under secret; an
// endpoint receiving hooks calls it before trusting the body.
func VerifyHook(secret string, body []byte, signature string) bool {
	return hmac.Equal([]byte(SignHook(secret, body)), []byte(signature))
}

func (h Hook) check() error {
	u, err := url.Parse(h.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("rules: hook: want an http or https URL, got %q", h.URL)
	}
	if h.Secret == "" {
		return errors.New("rules: hook: needs a secret to sign with")
	}
	return nil
}

func (h Hook) resolve(context.Context, *resolver, *Rule) error { return h.check() }

// Run implements Action.
func (h Hook) Run(ctx context.Context, c *Context) error {
	if err := h.check(); err != nil {
		return Permanent(err)
	}
	body, err := json.Marshal(struct {
		Rule    string `json:"rule"`
		Event   any    `json:"event"`
		Task    any    `json:"task,omitempty"`
		Project any    `json:"project,omitempty"`
	}{c.Rule, c.Event, c.Task, c.Project})
	if err != nil {
		return Permanent(err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, h.URL, bytes.NewReader(body))
	if err != nil {
		return Permanent(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(HookSignatureHeader, SignHook(h.Secret, body))
	req.Header.Set(HookIdempotencyHeader, c.JobKey+"/"+strconv.Itoa(c.Step))
	hc := http.DefaultClient
	if c.engine != nil {
		hc = c.engine.hookClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return fmt.Errorf("rules: hook %s: %w", h.URL, err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode/100 != 2 {
		return &HookError{URL: h.URL, StatusCode: resp.StatusCode}
	}
	return nil
}
