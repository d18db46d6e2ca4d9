package asana

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"testing/synctest"
	"time"
)

// TestDownload: a download streams the body into the writer and never
// carries the token, not even to the API's own host; bad URLs are refused
// before anything is sent, and errors name no signed query.
func TestDownload(t *testing.T) {
	tests := []struct {
		name     string
		url      string
		reply    func(*http.Request) (*http.Response, error)
		want     string
		wantErr  string
		wantSent int
	}{
		{name: "storage host", url: "https://s3.example.com/bucket/file.pdf?X-Amz-Signature=abc",
			reply: reply(200, "file bytes"), want: "file bytes", wantSent: 1},
		{name: "the API's own host gets no token either", url: testBaseURL + "/../downloads/1?sig=abc",
			reply: reply(200, "x"), want: "x", wantSent: 1},
		{name: "plain http elsewhere", url: "http://s3.example.com/file", wantErr: "want https"},
		{name: "relative", url: "/attachments/1", wantErr: "not an absolute URL"},
		{name: "user information", url: "https://u:p@s3.example.com/file", wantErr: "user information"},
		{name: "the token", url: "https://s3.example.com/file?t=" + testToken, wantErr: "contains the access token"},
		{name: "expired", url: "https://s3.example.com/file?X-Amz-Signature=secret",
			reply: reply(403, "<Error>Request has expired</Error>"), wantErr: "s3.example.com/file", wantSent: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mt := newTestClient(t)
			rec := record(mt, tt.reply)
			var buf bytes.Buffer
			n, err := c.Download(t.Context(), tt.url, &buf)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || strings.Contains(err.Error(), "secret") {
					t.Fatalf("err = %v, want one naming %q and no signature", err, tt.wantErr)
				}
			} else if err != nil || buf.String() != tt.want || n != int64(len(tt.want)) {
				t.Fatalf("Download = %d, %q, %v; want %q", n, buf.String(), err, tt.want)
			}
			reqs := rec.requests()
			if len(reqs) != tt.wantSent {
				t.Fatalf("%d requests, want %d", len(reqs), tt.wantSent)
			}
			for _, r := range reqs {
				if h := r.Header.Get("Authorization"); h != "" {
					t.Errorf("download sent Authorization %q", h)
				}
			}
		})
	}
}

// TestDownloadStatusIsError: a refused download is an *Error with the
// status, so errors.Is works on it.
func TestDownloadStatusIsError(t *testing.T) {
	c, mt := newTestClient(t)
	record(mt, reply(404, "gone"))
	_, err := c.Download(t.Context(), "https://s3.example.com/f", &bytes.Buffer{})
	var ae *Error
	if !errors.As(err, &ae) || ae.StatusCode != 404 || !errors.Is(err, ErrNotFound) {
		t.Fatalf("err = %#v, want a 404 *Error", err)
	}
}

// TestJobsWait: Wait polls on the client's clock until the job finishes,
// asks for the status when the caller selects fields, and reports a
// failed job with ErrJobFailed.
func TestJobsWait(t *testing.T) {
	tests := []struct {
		name     string
		statuses []string
		opts     *GetOptions
		wantErr  error
		wantReqs int
	}{
		{"succeeds at once", []string{JobSucceeded}, nil, nil, 1},
		{"after two polls", []string{JobNotStarted, JobInProgress, JobSucceeded}, nil, nil, 3},
		{"fails", []string{JobInProgress, JobFailed}, nil, ErrJobFailed, 2},
		{"fields without status", []string{JobInProgress, JobSucceeded}, &GetOptions{Fields: []string{"new_task"}}, nil, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				c, mt := newTestClient(t)
				var replies []func(*http.Request) (*http.Response, error)
				for _, s := range tt.statuses {
					replies = append(replies, reply(200, `{"data":{"gid":"77","status":"`+s+`"}}`))
				}
				rec := record(mt, replies...)
				start := time.Now()
				j, err := c.Jobs.Wait(context.Background(), "77", time.Second, tt.opts)
				if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil && err != nil) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
				if j == nil || j.Status != tt.statuses[len(tt.statuses)-1] {
					t.Fatalf("job %+v", j)
				}
				reqs := rec.requests()
				if len(reqs) != tt.wantReqs {
					t.Fatalf("%d requests, want %d", len(reqs), tt.wantReqs)
				}
				if waited := time.Since(start); waited != time.Duration(tt.wantReqs-1)*time.Second {
					t.Errorf("waited %v, want %d polls a second apart", waited, tt.wantReqs)
				}
				if tt.opts != nil {
					if got := reqs[0].Query["opt_fields"]; len(got) != 1 || got[0] != "new_task,status" {
						t.Errorf("opt_fields %q, want new_task,status", got)
					}
					if len(tt.opts.Fields) != 1 {
						t.Errorf("the caller's fields were changed: %v", tt.opts.Fields)
					}
				}
			})
		})
	}
}
