package asana

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"testing/synctest"
	"time"
)

func TestBatchRequestShape(t *testing.T) {
	c := scriptedClient(t, apiCall{method: http.MethodPost, path: "/batch",
		body: `{"data":{"actions":[
		{"relative_path":"/tasks/1","method":"get","options":{"fields":["name"]}},
		{"relative_path":"/tasks","method":"post","data":{"name":"New","workspace":"5"}},
		{"relative_path":"/tasks","method":"get","data":{"project":"3"},"options":{"limit":1,"offset":"eyJ8"}},
		{"relative_path":"/tasks/7","method":"get"},
		{"relative_path":"/users/me/favorites","method":"delete"}]}}`,
		resp: `{"data":[
		{"status_code":200,"headers":{},"body":{"data":{"gid":"1","name":"Plan"}}},
		{"status_code":201,"headers":{"location":"/tasks/9"},"body":{"data":{"gid":"9","name":"New"}}},
		{"status_code":200,"headers":{},"body":{"data":[{"gid":"1"}],"next_page":{"offset":"eyJ9","path":"/x","uri":"u"}}},
		{"status_code":404,"headers":{},"body":{"errors":[{"message":"task: Unknown object: 7"}]}},
		{"status_code":200,"headers":{},"body":{"data":{}}}]}`})
	type query struct {
		Project string `json:"project"`
	}
	rs, err := c.Batch.Send(t.Context(), []BatchAction{
		NewBatchAction(http.MethodGet, "/tasks/{task_gid}", "1").WithOptions(BatchOptions{Fields: []string{"name"}}),
		NewBatchAction("post", "/tasks").WithData(&TaskCreateRequest{Name: "New", Workspace: "5"}),
		NewBatchAction(http.MethodGet, "/tasks").WithData(query{Project: "3"}).WithOptions(BatchOptions{Limit: 1, Offset: "eyJ8"}),
		NewBatchAction(http.MethodGet, "/tasks/{task_gid}", "7"),
		NewBatchAction(http.MethodDelete, "/users/{user_gid}/favorites", "me"),
	})
	if err != nil {
		t.Fatal(err)
	}
	var task Task
	if err := rs[0].Decode(&task); err != nil || task.Name != "Plan" {
		t.Errorf("result 0: %+v %v", task, err)
	}
	if rs[1].StatusCode != 201 || rs[1].Headers["location"] != "/tasks/9" {
		t.Errorf("result 1: %+v", rs[1])
	}
	if rs[2].NextPage == nil || rs[2].NextPage.Offset != "eyJ9" {
		t.Errorf("result 2 next page: %+v", rs[2].NextPage)
	}
	var ae *Error
	if !errors.As(rs[3].Err, &ae) || !errors.Is(rs[3].Err, ErrNotFound) || ae.Method != http.MethodGet || ae.Path != "/tasks/7" ||
		len(ae.Errors) != 1 || !strings.Contains(ae.Error(), "Unknown object") {
		t.Errorf("result 3: %#v", rs[3].Err)
	}
	if err := rs[3].Decode(&task); !errors.Is(err, ErrNotFound) {
		t.Errorf("Decode of a failed action: %v", err)
	}
	if rs[4].Err != nil {
		t.Errorf("result 4: %v", rs[4].Err)
	}
}

// Bad batches and bad actions fail before anything is sent.
func TestBatchLocalErrors(t *testing.T) {
	get := NewBatchAction(http.MethodGet, "/users/me")
	eleven := make([]BatchAction, MaxBatchActions+1)
	for i := range eleven {
		eleven[i] = get
	}
	tests := []struct {
		name    string
		actions []BatchAction
		want    string
	}{
		{"none", nil, "no actions"},
		{"eleven", eleven, "11 actions: a batch takes at most 10"},
		{"bad gid", []BatchAction{get, NewBatchAction(http.MethodGet, "/tasks/{task_gid}", "12/../x")}, `action 1: invalid task gid "12/../x"`},
		{"blank gid", []BatchAction{NewBatchAction(http.MethodGet, "/tasks/{task_gid}", " ")}, "empty task gid"},
		{"dot user", []BatchAction{NewBatchAction(http.MethodGet, "/users/{user_gid}", "..")}, "invalid user gid"},
		{"too few args", []BatchAction{NewBatchAction(http.MethodGet, "/tasks/{task_gid}/stories/{story_gid}", "1")}, "more parameters than the 1 arguments"},
		{"too many args", []BatchAction{NewBatchAction(http.MethodGet, "/tasks/{task_gid}", "1", "2")}, "1 parameters for 2 arguments"},
		{"query in template", []BatchAction{NewBatchAction(http.MethodGet, "/tasks?opt_fields=name")}, "bad segment"},
		{"dots in template", []BatchAction{NewBatchAction(http.MethodGet, "/tasks/../batch")}, "bad segment"},
		{"percent in template", []BatchAction{NewBatchAction(http.MethodGet, "/tasks/%s", "1")}, "bad segment"},
		{"relative template", []BatchAction{NewBatchAction(http.MethodGet, "tasks")}, "invalid path template"},
		{"bad parameter", []BatchAction{NewBatchAction(http.MethodGet, "/tasks/{task-gid}", "1")}, "bad parameter"},
		{"patch", []BatchAction{NewBatchAction(http.MethodPatch, "/tasks")}, `unsupported method "PATCH"`},
		{"data not an object", []BatchAction{NewBatchAction(http.MethodPost, "/tasks").WithData([]int{1})}, "data must encode as a JSON object"},
		{"data not encodable", []BatchAction{NewBatchAction(http.MethodPost, "/tasks").WithData(func() {})}, "encoding data"},
		{"zero action", []BatchAction{{}}, "not built with NewBatchAction"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mt := newTestClient(t)
			rec := record(mt, reply(200, `{"data":[]}`))
			_, err := c.Batch.Send(t.Context(), tt.actions)
			errContains(t, err, "asana: Batch.Send: ", tt.want)
			if rec.count() != 0 {
				t.Errorf("%d requests sent", rec.count())
			}
		})
	}
}

func TestBatchUntrustedAnswer(t *testing.T) {
	tests := []struct {
		name, body string
		check      func(t *testing.T, rs []BatchResult, err error)
	}{
		{"fewer results", `{"data":[]}`, func(t *testing.T, _ []BatchResult, err error) {
			errContains(t, err, "0 results for 1 actions")
		}},
		{"bad status", `{"data":[{"status_code":42,"body":{"data":{}}}]}`, func(t *testing.T, rs []BatchResult, err error) {
			if err != nil || rs[0].Err == nil || !strings.Contains(rs[0].Err.Error(), "invalid status 42") {
				t.Errorf("%v %+v", err, rs)
			}
		}},
		{"error body echoing the token", `{"data":[{"status_code":400,"body":{"errors":[{"message":"bad ` + testToken + `"}]}}]}`,
			func(t *testing.T, rs []BatchResult, err error) {
				if err != nil || !errors.Is(rs[0].Err, ErrBadRequest) || strings.Contains(rs[0].Err.Error(), testToken) {
					t.Errorf("%v %v", err, rs[0].Err)
				}
			}},
		{"error body not a document", `{"data":[{"status_code":500,"body":"oops"}]}`, func(t *testing.T, rs []BatchResult, err error) {
			var ae *Error
			if err != nil || !errors.As(rs[0].Err, &ae) || !errors.Is(ae, ErrServer) || ae.Body != `"oops"` {
				t.Errorf("%v %#v", err, rs[0].Err)
			}
		}},
		{"rate limited action", `{"data":[{"status_code":429,"headers":{"Retry-After":"7"},"body":{"errors":[]}}]}`,
			func(t *testing.T, rs []BatchResult, err error) {
				var ae *Error
				if err != nil || !errors.As(rs[0].Err, &ae) || ae.RetryAfter != 7*time.Second {
					t.Errorf("%v %#v", err, rs[0].Err)
				}
			}},
		{"success without data", `{"data":[{"status_code":200,"body":{}}]}`, func(t *testing.T, rs []BatchResult, err error) {
			var u User
			if err != nil {
				t.Fatal(err)
			}
			errContains(t, rs[0].Decode(&u), `no "data" member`)
			errContains(t, rs[0].Decode(u), "BatchResult.Decode")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mt := newTestClient(t)
			record(mt, reply(200, tt.body))
			rs, err := c.Batch.Send(t.Context(), []BatchAction{NewBatchAction(http.MethodGet, "/users/me")})
			tt.check(t, rs, err)
		})
	}
}

// A batch POST follows the rule of every POST: retried after a 429, never
// after a 5xx (its actions may have run).
func TestBatchRetries(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, mt := newTestClient(t)
		rec := record(mt, reply(429, `{"errors":[{"message":"slow down"}]}`, "Retry-After", "2"),
			reply(200, `{"data":[{"status_code":200,"body":{"data":{}}}]}`))
		if _, err := c.Batch.Send(t.Context(), []BatchAction{NewBatchAction(http.MethodPost, "/tasks")}); err != nil || rec.count() != 2 {
			t.Fatalf("after a 429: %v, %d requests", err, rec.count())
		}
	})
	c, mt := newTestClient(t)
	rec := record(mt, reply(503, `{"errors":[{"message":"down"}]}`))
	_, err := c.Batch.Send(t.Context(), []BatchAction{NewBatchAction(http.MethodGet, "/users/me")})
	if !errors.Is(err, ErrServer) || rec.count() != 1 {
		t.Fatalf("after a 503: %v, %d requests", err, rec.count())
	}
}

// The limiter takes one token per action: a batch of ten is sent when ten
// single requests would have been, and leaves the bucket as they would.
// A burst smaller than the batch (the free plan's 2) still admits it.
func TestBatchReservesATokenPerAction(t *testing.T) {
	for _, burst := range []int{4, 25} {
		synctest.Test(t, func(t *testing.T) {
			c, mt := newTestClient(t, WithRateLimit(120, burst))
			rec := record(mt, reply(200, `{"data":[`+strings.TrimSuffix(strings.Repeat(`{"status_code":200,"body":{"data":{}}},`, 10), ",")+`]}`))
			start := time.Now()
			actions := make([]BatchAction, 10)
			for i := range actions {
				actions[i] = NewBatchAction(http.MethodGet, "/users/me")
			}
			if _, err := c.Batch.Send(t.Context(), actions); err != nil {
				t.Fatal(err)
			}
			// Ten tokens: the burst at once, the rest at the refill rate.
			rate := float64(120-burst) / 60
			want := time.Duration(float64(max(0, 10-burst)) / rate * float64(time.Second))
			if got := rec.requests()[0].At.Sub(start); got < want-time.Millisecond || got > want+time.Millisecond {
				t.Errorf("burst %d: batch sent after %v, want %v", burst, got, want)
			}
			// The next request finds the bucket as ten requests leave it.
			if _, err := c.Do(t.Context(), &Request{Path: "/users/me"}, nil); err != nil {
				t.Fatal(err)
			}
			next := time.Duration(float64(max(0, 11-burst)) / rate * float64(time.Second))
			if got := rec.requests()[1].At.Sub(start); got < next-time.Millisecond || got > next+time.Millisecond {
				t.Errorf("burst %d: next request after %v, want %v", burst, got, next)
			}
		})
	}
}

// A batch whose tokens cannot come before the deadline fails locally and
// gives back what it reserved: the next request goes at once.
func TestBatchWaitGivesTokensBack(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, mt := newTestClient(t, WithRateLimit(60, 2))
		rec := record(mt, reply(200, `{"data":{}}`))
		actions := make([]BatchAction, 10)
		for i := range actions {
			actions[i] = NewBatchAction(http.MethodGet, "/users/me")
		}
		ctx, cancel := context.WithTimeout(t.Context(), time.Second)
		defer cancel()
		_, err := c.Batch.Send(ctx, actions)
		var lw *LocalWaitError
		if !errors.As(err, &lw) || rec.count() != 0 {
			t.Fatalf("%v, %d requests", err, rec.count())
		}
		start := time.Now()
		for range 2 {
			if _, err := c.Do(t.Context(), &Request{Path: "/users/me"}, nil); err != nil {
				t.Fatal(err)
			}
		}
		if waited := time.Since(start); waited != 0 {
			t.Errorf("the burst after a refused batch waited %v: its tokens were kept", waited)
		}
	})
}

// A batch holds one concurrency slot: a read slot when every action
// reads, a write slot when any writes.
func TestBatchConcurrencySlot(t *testing.T) {
	for _, tt := range []struct {
		name    string
		actions []BatchAction
		write   bool
	}{
		{"reads", []BatchAction{NewBatchAction(http.MethodGet, "/users/me"), NewBatchAction(http.MethodGet, "/workspaces")}, false},
		{"a write", []BatchAction{NewBatchAction(http.MethodGet, "/users/me"), NewBatchAction(http.MethodDelete, "/tasks/{task_gid}", "1")}, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				c, mt := newTestClient(t, WithConcurrency(1, 1))
				held := make(chan struct{})
				mt.RegisterNoResponder(func(req *http.Request) (*http.Response, error) {
					if req.URL.Path == "/api/1.0/hold" {
						<-held
					}
					return reply(200, `{"data":[{"status_code":200,"body":{"data":{}}},{"status_code":200,"body":{"data":{}}}]}`)(req)
				})
				// Hold the slot the batch would need if it were the other kind.
				other := http.MethodPost
				if tt.write {
					other = http.MethodGet
				}
				go func() { _, _ = c.Do(t.Context(), &Request{Method: other, Path: "/hold"}, nil) }()
				synctest.Wait()
				done := make(chan error, 1)
				go func() {
					_, err := c.Batch.Send(t.Context(), tt.actions)
					done <- err
				}()
				synctest.Wait()
				select {
				case err := <-done:
					if err != nil {
						t.Fatal(err)
					}
				default:
					t.Fatalf("the batch waited for the %s slot", other)
				}
				close(held)
			})
		})
	}
}

// FuzzNewBatchAction: whatever the template and argument, an action that
// builds has a path below the API base with no query, no dot segment and
// no unescaped slash from an argument, and its gid arguments are digits.
func FuzzNewBatchAction(f *testing.F) {
	f.Add("/tasks/{task_gid}", "123")
	f.Add("/users/{user_gid}/favorites", "me")
	f.Add("/tasks/{task_gid}", "1/../batch")
	f.Add("/workspaces/{workspace_gid}/tasks/custom_id/{custom_id}", "ENG-1")
	f.Add("/../{x}", "..")
	f.Add("/tasks?x={task_gid}", "1")
	f.Fuzz(func(t *testing.T, template, arg string) {
		a := NewBatchAction(http.MethodGet, template, arg)
		if a.r.err != nil {
			return
		}
		p := a.r.path
		if !strings.HasPrefix(p, "/") || strings.ContainsAny(p, "?#") || checkPath(p) != nil {
			t.Fatalf("%q with %q built path %q", template, arg, p)
		}
		if strings.Count(p, "/") != strings.Count(template, "/") {
			t.Fatalf("%q with %q built path %q with other segments", template, arg, p)
		}
		if strings.Contains(template, "_gid}") && !strings.Contains(template, "{user_gid}") && strings.Trim(arg, "0123456789") != "" {
			t.Fatalf("%q took the non-gid %q", template, arg)
		}
	})
}
