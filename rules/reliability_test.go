package rules_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/asanatest"
	"github.com/asanakit/asana-go/rules"
)

var errKilled = errors.New("killed")

// killable is a Store that stops touching the real one once killed: what a
// process killed with SIGKILL leaves behind is what it had written.
type killable struct {
	rules.Store
	dead atomic.Bool
}

func (k *killable) check() error {
	if k.dead.Load() {
		return errKilled
	}
	return nil
}

func (k *killable) Secret(ctx context.Context, key string) (string, bool, error) {
	if err := k.check(); err != nil {
		return "", false, err
	}
	return k.Store.Secret(ctx, key)
}
func (k *killable) SetSecret(ctx context.Context, key, s string) error {
	return errors.Join(k.check(), k.ifAlive(func() error { return k.Store.SetSecret(ctx, key, s) }))
}
func (k *killable) SyncToken(ctx context.Context, r string) (string, error) {
	if err := k.check(); err != nil {
		return "", err
	}
	return k.Store.SyncToken(ctx, r)
}
func (k *killable) SetSyncToken(ctx context.Context, r, tok string) error {
	return k.ifAlive(func() error { return k.Store.SetSyncToken(ctx, r, tok) })
}
func (k *killable) Value(ctx context.Context, key string) (string, bool, error) {
	if err := k.check(); err != nil {
		return "", false, err
	}
	return k.Store.Value(ctx, key)
}
func (k *killable) SetValue(ctx context.Context, key, v string) error {
	return k.ifAlive(func() error { return k.Store.SetValue(ctx, key, v) })
}
func (k *killable) Accept(ctx context.Context, key string, now time.Time, jobs []rules.Job) (bool, error) {
	if err := k.check(); err != nil {
		return false, err
	}
	return k.Store.Accept(ctx, key, now, jobs)
}
func (k *killable) AcceptBatch(ctx context.Context, now time.Time, events []rules.Pending) ([]bool, error) {
	if err := k.check(); err != nil {
		return nil, err
	}
	return k.Store.AcceptBatch(ctx, now, events)
}
func (k *killable) Lease(ctx context.Context, owner string, now time.Time, d time.Duration, n int) ([]rules.Job, error) {
	if err := k.check(); err != nil {
		return nil, err
	}
	return k.Store.Lease(ctx, owner, now, d, n)
}
func (k *killable) Advance(ctx context.Context, id int64, owner string, step int, until time.Time) error {
	return k.ifAlive(func() error { return k.Store.Advance(ctx, id, owner, step, until) })
}
func (k *killable) Complete(ctx context.Context, id int64, owner string) error {
	return k.ifAlive(func() error { return k.Store.Complete(ctx, id, owner) })
}
func (k *killable) Retry(ctx context.Context, id int64, owner, e string, next time.Time, dead bool) error {
	return k.ifAlive(func() error { return k.Store.Retry(ctx, id, owner, e, next, dead) })
}

func (k *killable) ifAlive(fn func() error) error {
	if err := k.check(); err != nil {
		return err
	}
	return fn()
}

// reliabilityRule triages every task added to the project: assign, tag,
// set a custom field, comment, and count in Go.
func (m *model) reliabilityRule(counted *sync.Map) []rules.Rule {
	return []rules.Rule{{
		Name: "triage",
		When: rules.Trigger{AddedToProject: m.project},
		Do: []rules.Action{
			rules.Assign{User: m.org.Member.GID},
			rules.AddTag{Tag: "triaged"},
			rules.SetCustomField{Field: "Status", Value: "Open"},
			rules.Comment{Text: "Triaged by a rule."},
			rules.Func(func(_ context.Context, c *rules.Context) error {
				n, _ := counted.LoadOrStore(c.Event.Resource.GID, new(atomic.Int32))
				n.(*atomic.Int32).Add(1)
				return nil
			}),
		},
	}}
}

// botClient is a client for the service account whose request hook calls
// onRequest after each attempt.
func (m *model) botClient(t *testing.T, onRequest func(asana.RequestInfo)) *asana.Client {
	t.Helper()
	c, err := asana.NewClient(m.org.ServiceAccountToken, asana.WithBaseURL("http://localhost/api/1.0"), asana.WithTransport(m.srv.Transport()),
		asana.WithClock(m.srv.Clock()), asana.WithRateLimit(0, 0), asana.WithRequestHook(onRequest),
		asana.WithRetryPolicy(asana.RetryPolicy{MaxAttempts: 1}))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// checkExactlyOnce checks every task on the fake: triaged once, by every
// action of the rule, with one comment.
func (m *model) checkExactlyOnce(t *testing.T, tasks []string, counted *sync.Map) {
	t.Helper()
	for _, g := range tasks {
		task, _ := m.srv.Task(g)
		comments := 0
		for _, c := range m.comments(t, g) {
			if c == "Triaged by a rule." {
				comments++
			}
		}
		status := ""
		for _, cv := range task.CustomFields {
			if cv.CustomFieldGID == m.status.GID && len(cv.EnumOptionGIDs) == 1 {
				status = cv.EnumOptionGIDs[0]
			}
		}
		n := int32(0)
		if v, ok := counted.Load(g); ok {
			n = v.(*atomic.Int32).Load()
		}
		if task.AssigneeGID != m.org.Member.GID || len(task.TagGIDs) != 1 || task.TagGIDs[0] != m.triaged.GID ||
			status != m.opts["Status/Open"] || comments != 1 || n < 1 {
			t.Errorf("task %s: assignee %s, tags %v, status %s, %d comments, Go func ran %d times; want each action once",
				g, task.AssigneeGID, task.TagGIDs, status, comments, n)
		}
	}
}

func (m *model) injectFaults(t *testing.T) {
	t.Helper()
	for _, f := range []asanatest.Fault{
		{Method: "PUT", Route: "/tasks/{task_gid}", Status: http.StatusInternalServerError, Fraction: 0.1},
		{Method: "POST", Route: "/tasks/{task_gid}/addTag", Status: http.StatusServiceUnavailable, Fraction: 0.1},
		{Method: "POST", Route: "/tasks/{task_gid}/stories", Status: http.StatusInternalServerError, Fraction: 0.1},
		// The comment is made but the answer is lost: the retry must
		// find it rather than comment twice.
		{Method: "POST", Route: "/tasks/{task_gid}/stories", TruncateBody: true, Fraction: 0.05},
		{Method: "GET", Route: "/tasks/{task_gid}", DropConnection: true, Fraction: 0.05},
	} {
		if err := m.srv.InjectFault(f); err != nil {
			t.Fatal(err)
		}
	}
}

// TestExactlyOnceUnderFaultsAndKills: 10% of action calls fail, and the
// engine is killed at 5 random points (after a random API call: the
// effect is done, nothing more reaches the store) while events arrive.
// Each "process" reopens the SQLite file and resumes from its sync token
// and outbox. In the end every event's actions happened exactly once.
func TestExactlyOnceUnderFaultsAndKills(t *testing.T) {
	m := newModel(t, asanatest.WithSeed(7))
	ctx := t.Context()
	path := "sqlite:" + filepath.Join(t.TempDir(), "rules.db")
	rng := rand.New(rand.NewPCG(15, 5))
	counted := &sync.Map{}
	var tasks []string
	var retries int64
	m.injectFaults(t)

	const kills, perPhase = 5, 6
	for phase := 0; phase <= kills; phase++ {
		real, err := rules.OpenStore(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		store := &killable{Store: real}
		killAt := int64(rng.IntN(20) + 1)
		var requests atomic.Int64
		bot := m.botClient(t, func(asana.RequestInfo) {
			if phase < kills && requests.Add(1) == killAt {
				store.dead.Store(true) // SIGKILL: nothing after this request is recorded
			}
		})
		eng, err := rules.New(bot, m.reliabilityRule(counted), rules.WithStore(store), rules.WithClock(m.srv.Clock()),
			rules.WithOwner(fmt.Sprint("process-", phase)), rules.WithRetry(20, time.Minute),
			rules.WithSelf(m.org.ServiceAccount.GID), rules.WithWorkspace(m.org.Organization.GID))
		if err != nil {
			t.Fatal(err)
		}
		if phase == 0 {
			if _, err := eng.Poll(ctx, m.project); err != nil { // obtains the first token
				t.Fatal(err)
			}
		}
		// Events arrive while the process runs.
		for range perPhase {
			tasks = append(tasks, m.newTask(t, fmt.Sprint("Task ", len(tasks))))
			m.tick()
		}
		for round := 0; round < 200 && !store.dead.Load(); round++ {
			_, _ = eng.Poll(ctx, m.project) // a failed poll is polled again
			_ = eng.Drain(ctx)
			if st, _ := real.Stats(ctx); st.Pending == 0 && phase < kills && round > 2 {
				break
			}
			m.srv.Clock().Advance(time.Minute) // past backoffs and dead leases
		}
		if phase < kills && !store.dead.Load() {
			t.Fatalf("process %d was not killed (kill point %d, %d requests)", phase, killAt, requests.Load())
		}
		retries += eng.Counters().Retries
		if err := real.Close(); err != nil {
			t.Fatal(err)
		}
		m.srv.Clock().Advance(2 * time.Minute) // the dead process's leases expire
	}
	// A last process, without faults, finishes what is left.
	m.srv.ClearFaults()
	real, err := rules.OpenStore(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer real.Close()
	eng, err := rules.New(m.botClient(t, func(asana.RequestInfo) {}), m.reliabilityRule(counted), rules.WithStore(real),
		rules.WithClock(m.srv.Clock()), rules.WithSelf(m.org.ServiceAccount.GID), rules.WithWorkspace(m.org.Organization.GID))
	if err != nil {
		t.Fatal(err)
	}
	for range 30 {
		if _, err := eng.Poll(ctx, m.project); err != nil {
			t.Fatal(err)
		}
		if err := eng.Drain(ctx); err != nil {
			t.Log(err)
		}
		if st, _ := real.Stats(ctx); st.Pending == 0 {
			break
		}
		m.srv.Clock().Advance(10 * time.Minute)
	}
	if st, _ := real.Stats(ctx); st.Pending != 0 || st.Dead != 0 {
		dead, _ := real.DeadLetters(ctx, 5)
		t.Fatalf("store %+v after the last run; dead letters %+v", st, dead)
	}
	if retries == 0 {
		t.Error("no attempt failed: the faults did not bite")
	}
	m.checkExactlyOnce(t, tasks, counted)
}

// TestTwoReplicasOnPostgres: two engines share a PostgreSQL store and
// both receive every event (as two replicas behind a load balancer
// receiving redeliveries would); they work at once; each event's actions
// happen once.
func TestTwoReplicasOnPostgres(t *testing.T) {
	dsn := postgresURL(t)
	m := newModel(t)
	ctx := t.Context()
	counted := &sync.Map{}
	var engines []*rules.Engine
	for i := range 2 {
		s, err := rules.OpenStore(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		eng, err := rules.New(m.botClient(t, func(asana.RequestInfo) {}), m.reliabilityRule(counted), rules.WithStore(s),
			rules.WithClock(m.srv.Clock()), rules.WithOwner(fmt.Sprint("replica-", i)))
		if err != nil {
			t.Fatal(err)
		}
		engines = append(engines, eng)
	}
	var tasks []string
	for i := range 12 {
		tasks = append(tasks, m.newTask(t, fmt.Sprint("Task ", i)))
		m.tick()
	}
	evs, err := m.stream.Poll(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for _, eng := range engines {
		wg.Go(func() {
			if err := eng.Handle(ctx, evs); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	a, b := engines[0].Counters(), engines[1].Counters()
	if a.Accepted+b.Accepted != int64(len(tasks)) || a.Done+b.Done != int64(len(tasks)) {
		t.Errorf("replicas accepted %d+%d and finished %d+%d jobs, want %d in all", a.Accepted, b.Accepted, a.Done, b.Done, len(tasks))
	}
	m.checkExactlyOnce(t, tasks, counted)
}

// TestRestartResumesFromSyncToken: a process polls (storing its token) and
// stops; tasks are created while it is down; the next process, on the same
// SQLite file, polls from the stored token and acts on every one of them.
func TestRestartResumesFromSyncToken(t *testing.T) {
	m := newModel(t)
	ctx := t.Context()
	path := "sqlite:" + filepath.Join(t.TempDir(), "rules.db")
	counted := &sync.Map{}
	run := func(poll bool) {
		s, err := rules.OpenStore(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		eng, err := rules.New(m.bot, m.reliabilityRule(counted), rules.WithStore(s), rules.WithClock(m.srv.Clock()))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := eng.Poll(ctx, m.project); err != nil {
			t.Fatal(err)
		}
		if err := eng.Drain(ctx); err != nil {
			t.Fatal(err)
		}
	}
	run(true) // the first run only obtains a token
	var tasks []string
	for i := range 5 {
		tasks = append(tasks, m.newTask(t, fmt.Sprint("While down ", i)))
		m.tick()
	}
	run(true)
	m.checkExactlyOnce(t, tasks, counted)
}
