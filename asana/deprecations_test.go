package asana

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"testing"
)

func TestParseChanges(t *testing.T) {
	sh := Change{Name: "security_headers", Info: "https://asa.na/api-sh", Affected: true}
	oc := Change{Name: "other_change", Info: "https://asa.na/api-oc"}
	tests := []struct {
		name   string
		values []string
		want   []Change
	}{
		{"none", nil, nil},
		{"the docs' two headers", []string{"name=security_headers;info=https://asa.na/api-sh;affected=true",
			"name=other_change;info=https://asa.na/api-oc"}, []Change{sh, oc}},
		{"joined by a comma in one value", []string{"name=security_headers;info=https://asa.na/api-sh;affected=true, name=other_change;info=https://asa.na/api-oc"},
			[]Change{sh, oc}},
		{"spaces, quotes, key case and order", []string{` Info = "https://asa.na/api-sh" ; AFFECTED=TRUE ; name="security_headers" `}, []Change{sh}},
		{"an info with ',' and ';' is kept whole", []string{"name=x;info=https://e.example/a,b;v2?q=1,p=2;affected=true,name=y"},
			[]Change{{Name: "x", Info: "https://e.example/a,b;v2?q=1,p=2", Affected: true}, {Name: "y"}}},
		{"affected other than true is may-be", []string{"name=a;affected=false", "name=b;affected=yes", "name=c;affected=;x"},
			[]Change{{Name: "a"}, {Name: "b"}, {Name: "c"}}},
		{"unknown parameters ignored", []string{"name=a;since=2026-01-01;info=https://i"}, []Change{{Name: "a", Info: "https://i"}}},
		{"no name, empty or bad names dropped", []string{"info=https://i;affected=true", "name=;info=x", "name=bad name", "name=a\x00b", "name=ok"},
			[]Change{{Name: "ok"}}},
		{"an overlong name dropped", []string{"name=" + strings.Repeat("n", maxChangeName+1), "name=" + strings.Repeat("n", maxChangeName)},
			[]Change{{Name: strings.Repeat("n", maxChangeName)}}},
		{"unusable info left empty", []string{"name=a;info=https://x/\x1b[31m", "name=b;info=" + strings.Repeat("i", maxChangeInfo+1), "name=c;info=\xff"},
			[]Change{{Name: "a"}, {Name: "b"}, {Name: "c"}}},
		{"a name twice is one change, affected if either says so", []string{"name=a;info=https://i", "name=a;affected=true", "name=a"},
			[]Change{{Name: "a", Info: "https://i", Affected: true}}},
		{"garbage", []string{";;;,,,", "=", "name", ",name=a,", "\xff\xfe"}, []Change{{Name: "a"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := parseChanges(tt.values); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("parseChanges(%q) =\n%+v, want\n%+v", tt.values, got, tt.want)
			}
		})
	}
}

func TestParseChangesBounds(t *testing.T) {
	var many []string
	for i := range 2 * maxChangesPerAnswer {
		many = append(many, fmt.Sprintf("name=c%d", i))
	}
	if got := parseChanges(many); len(got) != maxChangesPerAnswer || got[0].Name != "c0" {
		t.Errorf("%d values gave %d changes starting %v, want the first %d", len(many), len(got), got[:1], maxChangesPerAnswer)
	}
	if got := parseChanges([]string{strings.Join(many, ",")}); len(got) != maxChangesPerAnswer {
		t.Errorf("one value of %d changes gave %d, want %d", len(many), len(got), maxChangesPerAnswer)
	}
	huge := "name=late;info=" + strings.Repeat("x", maxChangeHeaderSize)
	if got := parseChanges([]string{"name=early", huge, "name=after"}); !reflect.DeepEqual(got, []Change{{Name: "early"}}) {
		t.Errorf("past the %d-byte budget: got %+v, want only the change before it", maxChangeHeaderSize, got)
	}
}

// changeReply answers 200 with one Asana-Change header line per value.
func changeReply(values ...string) func(*http.Request) (*http.Response, error) {
	return func(req *http.Request) (*http.Response, error) {
		resp, err := reply(200, `{"data":{"gid":"1"}}`)(req)
		for _, v := range values {
			resp.Header.Add(changeHeader, v)
		}
		return resp, err
	}
}

func TestChangeTogglesSent(t *testing.T) {
	tests := []struct {
		name                    string
		opts                    []Option
		ctx                     func(context.Context) context.Context
		wantEnable, wantDisable string
		wantErr                 string // a local error: nothing sent
	}{
		{name: "none by default"},
		{name: "client-wide, sorted and deduplicated", opts: []Option{WithEnable("new_sections", "string_ids"), WithEnable("new_sections"), WithDisable("new_rich_text")},
			wantEnable: "new_sections,string_ids", wantDisable: "new_rich_text"},
		{name: "per request", ctx: func(ctx context.Context) context.Context { return DisableChanges(EnableChanges(ctx, "b", "a"), "c") },
			wantEnable: "a,b", wantDisable: "c"},
		{name: "the request overrides the client", opts: []Option{WithEnable("a", "b"), WithDisable("c")},
			ctx:        func(ctx context.Context) context.Context { return EnableChanges(DisableChanges(ctx, "a"), "c") },
			wantEnable: "b,c", wantDisable: "a"},
		{name: "the inner context wins", ctx: func(ctx context.Context) context.Context { return DisableChanges(EnableChanges(ctx, "a"), "a") },
			wantDisable: "a"},
		{name: "an invalid per-request name fails before sending",
			ctx: func(ctx context.Context) context.Context {
				return EnableChanges(EnableChanges(ctx, "ok", "a,b"), "fine")
			},
			wantErr: `asana: EnableChanges: invalid change name "a,b"`},
		{name: "a header injection is an invalid name", ctx: func(ctx context.Context) context.Context { return DisableChanges(ctx, "x\r\nAuthorization: y") },
			wantErr: `asana: DisableChanges: invalid change name "x\r\nAuthorization: y"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mt := newTestClient(t, tt.opts...)
			rec := record(mt, reply(200, `{"data":[{"gid":"1"}],"next_page":{"offset":"o2"}}`), reply(200, `{"data":[{"gid":"2"}]}`))
			ctx := t.Context()
			if tt.ctx != nil {
				ctx = tt.ctx(ctx)
			}
			var n int
			var err error
			for _, err = range c.Projects.ListForWorkspace(ctx, "9", nil).All() {
				if err != nil {
					break
				}
				n++
			}
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr || rec.count() != 0 {
					t.Fatalf("err = %v after %d requests, want %q and none sent", err, rec.count(), tt.wantErr)
				}
				return
			}
			if err != nil || n != 2 {
				t.Fatalf("listed %d projects, err %v; want 2", n, err)
			}
			for i, r := range rec.requests() { // every page carries the toggles
				if e, d := r.Header.Get(enableHeader), r.Header.Get(disableHeader); e != tt.wantEnable || d != tt.wantDisable {
					t.Errorf("page %d: Asana-Enable %q, Asana-Disable %q; want %q, %q", i+1, e, d, tt.wantEnable, tt.wantDisable)
				}
			}
		})
	}
}

func TestChangeOptionsRejected(t *testing.T) {
	tests := []struct {
		opts []Option
		want string
	}{
		{[]Option{WithEnable("")}, `asana: WithEnable: invalid change name ""`},
		{[]Option{WithDisable("a b")}, `asana: WithDisable: invalid change name "a b"`},
		{[]Option{WithEnable("x", "y"), WithDisable("y")}, `asana: change "y" given to both WithEnable and WithDisable`},
	}
	for _, tt := range tests {
		if _, err := NewClient(testToken, tt.opts...); err == nil || err.Error() != tt.want {
			t.Errorf("NewClient: err = %v, want %q", err, tt.want)
		}
	}
}

// TestChangeWarningsAndHook sends a series of answers carrying
// Asana-Change headers and checks what the logger and the hook saw: a
// warning per name, another when a request is first affected, and the
// hook for every change of every answer.
func TestChangeWarningsAndHook(t *testing.T) {
	type seen struct {
		Change
		Operation, Route string
		Marked           bool // the request's context reached the hook
	}
	var (
		mu    sync.Mutex
		hooks []seen
		logs  bytes.Buffer
	)
	type mark struct{}
	logger := slog.New(slog.NewJSONHandler(&logs, nil)) // info and up: only the warnings
	c, mt := newTestClient(t, WithLogger(logger), WithChangeHook(func(ch Change, ri RequestInfo) {
		mu.Lock()
		defer mu.Unlock()
		hooks = append(hooks, seen{ch, ri.Operation, ri.Route, ri.Context.Value(mark{}) != nil})
	}))
	a := "name=a;info=https://asa.na/a?t=" + testToken // a server that echoes the token in info
	record(mt,
		changeReply(a, "name=b;info=https://asa.na/b"),
		changeReply(a),
		changeReply(a+";affected=true"),
		changeReply(a+";affected=true"),
		changeReply(),
	)
	ctx := context.WithValue(t.Context(), mark{}, true)
	for range 5 {
		if _, err := c.Tasks.Get(ctx, "123", nil); err != nil {
			t.Fatal(err)
		}
	}

	wantA, wantAffected := Change{Name: "a", Info: "https://asa.na/a?t=" + testToken}, Change{Name: "a", Info: "https://asa.na/a?t=" + testToken, Affected: true}
	wantB := Change{Name: "b", Info: "https://asa.na/b"}
	var want []seen
	for _, ch := range []Change{wantA, wantB, wantA, wantAffected, wantAffected} {
		want = append(want, seen{ch, "Tasks.Get", "/tasks/{task_gid}", true})
	}
	if !reflect.DeepEqual(hooks, want) {
		t.Errorf("hook saw\n%+v, want\n%+v", hooks, want)
	}

	type line struct {
		Level, Msg, Change, Info, Method, Route string
		Affected                                bool
	}
	var got []line
	for _, l := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
		var ln line
		if err := json.Unmarshal([]byte(l), &ln); err != nil {
			t.Fatalf("log line %q: %v", l, err)
		}
		got = append(got, ln)
	}
	redacted := "https://asa.na/a?t=[REDACTED]"
	wantLines := []line{
		{"WARN", "asana: Asana announced a breaking API change", "a", redacted, "GET", "/tasks/{task_gid}", false},
		{"WARN", "asana: Asana announced a breaking API change", "b", "https://asa.na/b", "GET", "/tasks/{task_gid}", false},
		{"WARN", "asana: a request is affected by an announced breaking API change", "a", redacted, "GET", "/tasks/{task_gid}", true},
	}
	if !reflect.DeepEqual(got, wantLines) {
		t.Errorf("logs:\n%+v\nwant:\n%+v", got, wantLines)
	}
	if strings.Contains(logs.String(), testToken) {
		t.Errorf("the token is in the log:\n%s", logs.String())
	}
}

func TestChangeLogBounded(t *testing.T) {
	var l changeLog
	warns, overflows := 0, 0
	for i := range maxWarnedChanges + 50 {
		for range 2 {
			w, o := l.firstSighting(Change{Name: fmt.Sprintf("c%d", i)})
			warns, overflows = warns+b2i(w), overflows+b2i(o)
		}
	}
	if warns != maxWarnedChanges || overflows != 1 || len(l.seen) != maxWarnedChanges {
		t.Errorf("%d warnings, %d overflow notices, %d names kept; want %d, 1, %d",
			warns, overflows, len(l.seen), maxWarnedChanges, maxWarnedChanges)
	}
	if w, _ := l.firstSighting(Change{Name: "c0", Affected: true}); !w {
		t.Error("a known name first affected after the log filled up was not reported")
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestRequestInfoLabels checks that the request hook can label metrics
// with a bounded route or operation for each way of making a request.
func TestRequestInfoLabels(t *testing.T) {
	tests := []struct {
		name          string
		call          func(context.Context, *Client) error
		wantOperation string
		wantRoute     string
	}{
		{"typed get", func(ctx context.Context, c *Client) error { _, err := c.Tasks.Get(ctx, "123", nil); return err },
			"Tasks.Get", "/tasks/{task_gid}"},
		{"typed list", func(ctx context.Context, c *Client) error {
			_, err := c.Stories.ListForTask(ctx, "123", nil).Page("")
			return err
		}, "Stories.ListForTask", "/tasks/{task_gid}/stories"},
		{"typed write without arguments", func(ctx context.Context, c *Client) error {
			_, err := c.Tasks.Create(ctx, &TaskCreateRequest{Name: "n", Workspace: "1"}, nil)
			return err
		}, "Tasks.Create", "/tasks"},
		{"events", func(ctx context.Context, c *Client) error { _, err := c.Events.Get(ctx, "5", "s", nil); return err },
			"Events.Get", "/events"},
		{"attachment upload", func(ctx context.Context, c *Client) error {
			_, err := c.Attachments.Create(ctx, &AttachmentCreateRequest{Parent: "1", FileName: "f.txt", File: strings.NewReader("x")}, nil)
			return err
		}, "Attachments.Create", "/attachments"},
		{"Do: digits become {gid}", func(ctx context.Context, c *Client) error {
			_, err := c.Do(ctx, &Request{Path: "/tasks/123/tags"}, nil)
			return err
		}, "", "/tasks/{gid}/tags"},
		{"List", func(ctx context.Context, c *Client) error {
			_, err := ListOf[Tag](ctx, c, "/workspaces/42/tags", nil).Page("")
			return err
		}, "", "/workspaces/{gid}/tags"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var infos []RequestInfo
			c, mt := newTestClient(t, WithRequestHook(func(ri RequestInfo) { infos = append(infos, ri) }))
			record(mt, func(req *http.Request) (*http.Response, error) {
				_, _ = io.Copy(io.Discard, req.Body)
				body := `{"data":{"gid":"1"}}`
				if req.Method == http.MethodGet && !strings.HasSuffix(req.URL.Path, "/tasks/123") {
					body = `{"data":[]}`
				}
				return reply(200, body)(req)
			})
			type key struct{}
			ctx := context.WithValue(t.Context(), key{}, "v")
			if err := tt.call(ctx, c); err != nil {
				t.Fatal(err)
			}
			if len(infos) != 1 {
				t.Fatalf("%d hook calls, want 1", len(infos))
			}
			ri := infos[0]
			if ri.Operation != tt.wantOperation || ri.Route != tt.wantRoute {
				t.Errorf("Operation %q, Route %q; want %q, %q", ri.Operation, ri.Route, tt.wantOperation, tt.wantRoute)
			}
			if ri.Context == nil || ri.Context.Value(key{}) != "v" {
				t.Error("RequestInfo.Context is not the request's context")
			}
		})
	}
}

func TestRouteTemplate(t *testing.T) {
	tests := []struct {
		format     string
		nameValues []string
		want       string
	}{
		{"/tasks/%s", []string{"task gid", "1"}, "/tasks/{task_gid}"},
		{"/workspaces/%s/tasks/custom_id/%s", []string{"workspace gid", "1", "custom id", "x"}, "/workspaces/{workspace_gid}/tasks/custom_id/{custom_id}"},
		{"/tasks", nil, "/tasks"},
	}
	for _, tt := range tests {
		if got := routeTemplate(tt.format, tt.nameValues); got != tt.want {
			t.Errorf("routeTemplate(%q, %q) = %q, want %q", tt.format, tt.nameValues, got, tt.want)
		}
	}
}

// FuzzParseChanges feeds arbitrary Asana-Change header values to the
// parser: it never panics, keeps within its bounds, and gives only valid,
// distinct names and usable info; a change formatted back into a header
// parses to itself.
func FuzzParseChanges(f *testing.F) {
	f.Add("name=security_headers;info=https://asa.na/api-sh;affected=true", "name=other_change;info=https://asa.na/api-oc")
	f.Add("name=a;info=https://e.example/a,b;v2;affected=true, name=b", "")
	f.Add(`info="https://i";NAME="x";Affected=TRUE`, ";;,,=")
	f.Fuzz(func(t *testing.T, a, b string) {
		got := parseChanges([]string{a, b})
		if len(got) > maxChangesPerAnswer {
			t.Fatalf("%d changes, more than %d", len(got), maxChangesPerAnswer)
		}
		names := map[string]bool{}
		for _, ch := range got {
			if !validChangeName(ch.Name) || names[ch.Name] {
				t.Fatalf("invalid or repeated name %q in %+v", ch.Name, got)
			}
			names[ch.Name] = true
			if ch.Info != "" && !usableInfo(ch.Info) {
				t.Fatalf("unusable info %q", ch.Info)
			}
			if strings.ContainsAny(ch.Info, ",;\"") {
				continue // may legitimately parse differently once reformatted
			}
			v := "name=" + ch.Name
			if ch.Info != "" {
				v += ";info=" + ch.Info
			}
			if ch.Affected {
				v += ";affected=true"
			}
			if again := parseChanges([]string{v}); len(again) != 1 || again[0] != ch {
				t.Fatalf("%q parsed to %+v, want %+v", v, again, ch)
			}
		}
	})
}
