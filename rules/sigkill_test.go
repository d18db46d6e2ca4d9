package rules_test

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/asanatest"
	"github.com/asanakit/asana-go/rules"
)

// The child process of TestSIGKILL: a rules engine over the loopback fake
// and a SQLite file, that prints a line after every API request (the
// parent kills it after one of them) and exits 0 once its outbox is
// empty and two polls in a row brought nothing new.
func init() {
	if os.Getenv("RULES_SIGKILL_CHILD") != "1" {
		return
	}
	os.Exit(sigkillChild())
}

// childClock runs from the fake's time at the child's start (the parent
// moves the fake's clock an hour on after each kill, so the leases of the
// processes killed before have expired without anyone waiting, and the
// engine's and Asana's clocks agree as they do in production).
type childClock struct {
	t0    time.Time
	start time.Time
}

func (c childClock) Now() time.Time                         { return c.t0.Add(time.Since(c.start)) }
func (c childClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

func sigkillChild() int {
	env := os.Getenv
	t0, err := time.Parse(time.RFC3339Nano, env("RULES_T0"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	ctx := context.Background()
	var mu sync.Mutex
	out := bufio.NewWriter(os.Stdout)
	bot, err := asana.NewClient(env("RULES_TOKEN"), asana.WithBaseURL(env("RULES_URL")), asana.WithRateLimit(0, 0),
		asana.WithRetryPolicy(asana.RetryPolicy{MaxAttempts: 1}),
		asana.WithRequestHook(func(asana.RequestInfo) {
			mu.Lock()
			fmt.Fprintln(out, "request")
			out.Flush()
			mu.Unlock()
		}))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	store, err := rules.OpenStore(ctx, env("RULES_STORE"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer store.Close()
	project := env("RULES_PROJECT")
	eng, err := rules.New(bot, []rules.Rule{{
		Name: "triage",
		When: rules.Trigger{AddedToProject: project},
		Do: []rules.Action{
			rules.Assign{User: env("RULES_MEMBER")},
			rules.AddTag{Tag: env("RULES_TAG")},
			rules.Comment{Text: "Triaged by a rule."},
		},
	}}, rules.WithStore(store), rules.WithClock(childClock{t0: t0, start: time.Now()}),
		rules.WithBackoff(func(int, int64) time.Duration { return 0 }), rules.WithRetry(50, 10*time.Minute),
		rules.WithSelf(env("RULES_SELF")), rules.WithWorkspace(env("RULES_WORKSPACE")))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	idle := 0
	for range 2000 {
		n, err := eng.Poll(ctx, project)
		if err != nil {
			n = 1 // polled again
		}
		_ = eng.Drain(ctx)
		st, err := store.Stats(ctx)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		if n == 0 && st.Pending == 0 {
			if idle++; idle == 2 {
				return 0
			}
		} else {
			idle = 0
		}
	}
	fmt.Fprintln(os.Stderr, "did not finish")
	return 1
}

// TestSIGKILL runs the engine in a child process against the fake on a
// loopback port, with 10% of the action calls failing, and kills it with
// SIGKILL after a random one of its API requests (3 to 20), five times,
// with tasks arriving between the runs; a sixth process finishes. Every task is then triaged
// exactly once on the fake.
func TestSIGKILL(t *testing.T) {
	m := newModel(t, asanatest.WithSeed(3), asanatest.WithRateLimit(0, 0))
	if _, err := m.srv.Start(); err != nil {
		t.Fatal(err)
	}
	for _, f := range []asanatest.Fault{
		{Method: "PUT", Route: "/tasks/{task_gid}", Status: 500, Fraction: 0.1},
		{Method: "POST", Route: "/tasks/{task_gid}/addTag", Status: 503, Fraction: 0.1},
		{Method: "POST", Route: "/tasks/{task_gid}/stories", Status: 500, Fraction: 0.1},
	} {
		if err := m.srv.InjectFault(f); err != nil {
			t.Fatal(err)
		}
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "rules.db")
	rng := rand.New(rand.NewPCG(5, 15))
	var tasks []string
	start := func() (*exec.Cmd, *bufio.Scanner) {
		cmd := exec.Command(exe, "-test.run=^$")
		cmd.Env = append(os.Environ(), "RULES_SIGKILL_CHILD=1", "RULES_T0="+m.srv.Clock().Now().Format(time.RFC3339Nano),
			"RULES_URL="+m.srv.URL(), "RULES_TOKEN="+m.org.ServiceAccountToken, "RULES_STORE="+dsn,
			"RULES_PROJECT="+m.project, "RULES_MEMBER="+m.org.Member.GID, "RULES_TAG="+m.triaged.GID,
			"RULES_SELF="+m.org.ServiceAccount.GID, "RULES_WORKSPACE="+m.org.Organization.GID)
		cmd.Stderr = os.Stderr
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		return cmd, bufio.NewScanner(stdout)
	}
	// The first token, before any task: the children miss nothing.
	store, err := rules.OpenStore(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	eng, err := rules.New(m.bot, []rules.Rule{{Name: "triage", Do: []rules.Action{rules.Comment{}}}}, rules.WithStore(store))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := eng.Poll(t.Context(), m.project); err != nil {
		t.Fatal(err)
	}
	store.Close()
	const kills = 5
	for gen := 0; gen <= kills; gen++ {
		// Tasks arrive while the last process lies dead (and before this
		// one polls: it has work for more requests than the kill point).
		for range 6 {
			tasks = append(tasks, m.newTask(t, fmt.Sprint("Task ", len(tasks))))
		}
		cmd, lines := start()
		if gen == kills {
			for lines.Scan() {
			}
			if err := cmd.Wait(); err != nil {
				t.Fatalf("the last process: %v", err)
			}
			break
		}
		killAfter, seen := rng.IntN(18)+3, 0
		for seen < killAfter && lines.Scan() {
			seen++
		}
		if err := cmd.Process.Kill(); err != nil { // SIGKILL
			t.Fatal(err)
		}
		for lines.Scan() {
		}
		if err := cmd.Wait(); seen < killAfter || err == nil || err.Error() != "signal: killed" {
			t.Fatalf("process %d ended by itself (%v) after %d requests, before the kill", gen, err, seen)
		}
		m.srv.Clock().Advance(time.Hour) // past the dead process's leases
	}
	m.srv.ClearFaults()
	for _, g := range tasks {
		task, _ := m.srv.Task(g)
		n := 0
		for _, c := range m.comments(t, g) {
			if c == "Triaged by a rule." {
				n++
			}
		}
		if task.AssigneeGID != m.org.Member.GID || len(task.TagGIDs) != 1 || n != 1 {
			t.Errorf("task %s: assignee %s, tags %v, %d comments; want each action once", g, task.AssigneeGID, task.TagGIDs, n)
		}
	}
}
