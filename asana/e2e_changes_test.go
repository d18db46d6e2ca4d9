package asana_test

import (
	"bytes"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/asanatest"
)

// TestE2EChangeNotices: the fake announces a change on every answer, and
// the client warns once and hands each notice to the hook with the
// request's labels.
func TestE2EChangeNotices(t *testing.T) {
	var (
		mu    sync.Mutex
		seen  []string
		logs  bytes.Buffer
		notes = asanatest.WithChangeNotice("name=new_goal_memberships;info=https://asa.na/api-goal-memberships;affected=true")
	)
	e := newE2E(t, []asanatest.Option{notes},
		asana.WithLogger(slog.New(slog.NewTextHandler(&logs, nil))),
		asana.WithChangeHook(func(ch asana.Change, ri asana.RequestInfo) {
			mu.Lock()
			defer mu.Unlock()
			seen = append(seen, ch.Name+" "+ri.Operation+" "+ri.Route)
		}))
	for range 2 {
		if _, err := e.sa.Users.Get(t.Context(), "me", nil); err != nil {
			t.Fatal(err)
		}
	}
	want := []string{"new_goal_memberships Users.Get /users/{user}", "new_goal_memberships Users.Get /users/{user}"}
	if strings.Join(seen, "\n") != strings.Join(want, "\n") {
		t.Errorf("hook saw %q, want %q", seen, want)
	}
	if n := strings.Count(logs.String(), "change=new_goal_memberships"); n != 1 {
		t.Errorf("%d warnings for the change, want 1:\n%s", n, logs.String())
	}
}
