package rules_test

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/asanatest"
	"github.com/asanakit/asana-go/rules"
)

// scene is a demo organization on a fake, a client for its service account
// (the rules' account) and one for its admin (a person making changes).
type scene struct {
	srv        *asanatest.Server
	org        *asanatest.Org
	bot, human *asana.Client
	project    string
}

func newScene(t *testing.T, opts ...asanatest.Option) *scene {
	t.Helper()
	srv, err := asanatest.New(opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	org, err := srv.DemoOrganization()
	if err != nil {
		t.Fatal(err)
	}
	client := func(tok string) *asana.Client {
		c, err := asana.NewClient(tok, asana.WithBaseURL("http://localhost/api/1.0"), asana.WithTransport(srv.Transport()),
			asana.WithClock(srv.Clock()), asana.WithRateLimit(0, 0))
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	return &scene{srv: srv, org: org, bot: client(org.ServiceAccountToken), human: client(org.AdminToken), project: org.Projects[0].GID}
}

// triage assigns unassigned tasks added to the project to the member and
// comments; fired counts its runs.
func (sc *scene) triage(fired *atomic.Int32) []rules.Rule {
	return []rules.Rule{{
		Name: "triage",
		When: rules.Trigger{ResourceType: "task", Action: asana.EventAdded, Project: sc.project, Unassigned: true},
		Do: []rules.Action{
			rules.Assign{User: sc.org.Member.GID},
			rules.Comment{Text: "Assigned to triage."},
			rules.Func(func(ctx context.Context, c *rules.Context) error { fired.Add(1); return nil }),
		},
	}, {
		// Would fire on the triage rule's own assignment, were it not for
		// loop avoidance.
		Name: "echo",
		When: rules.Trigger{ResourceType: "task", Action: asana.EventChanged, Field: "assignee"},
		Do:   []rules.Action{rules.Func(func(ctx context.Context, c *rules.Context) error { return errors.New("must not run") })},
	}}
}

func (sc *scene) newTask(t *testing.T, name string) string {
	t.Helper()
	task, err := sc.human.Tasks.Create(t.Context(), &asana.TaskCreateRequest{Name: name, Projects: []string{sc.project}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return task.GID
}

func (sc *scene) checkTriaged(t *testing.T, taskGID string) {
	t.Helper()
	task, _ := sc.srv.Task(taskGID)
	if task.AssigneeGID != sc.org.Member.GID {
		t.Errorf("assignee = %q, want the triage owner %s", task.AssigneeGID, sc.org.Member.GID)
	}
	comments := 0
	for s, err := range sc.bot.Stories.ListForTask(t.Context(), taskGID, &asana.ListOptions{Fields: []string{"resource_subtype", "text"}}).All() {
		if err != nil {
			t.Fatal(err)
		}
		if s.ResourceSubtype == "comment_added" && s.Text == "Assigned to triage." {
			comments++
		}
	}
	if comments != 1 {
		t.Errorf("%d triage comments, want exactly 1", comments)
	}
}

func TestRulesOverWebhooks(t *testing.T) {
	var fired atomic.Int32
	var eng *rules.Engine
	mux := asanatest.HandlerClient(handlerFunc(func() http.Handler { return eng.Receiver(nil) }))
	sc := newScene(t, asanatest.WithWebhookClient(mux))
	eng, err := rules.New(sc.bot, sc.triage(&fired), rules.WithClock(sc.srv.Clock()))
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	if _, err := sc.bot.Webhooks.Create(ctx, &asana.WebhookCreateRequest{Resource: sc.project, Target: "https://rules.test/hooks/triage"}, nil); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := eng.Store().Secret(ctx, "/hooks/triage"); !ok {
		t.Fatal("the handshake's secret is not in the store")
	}
	task := sc.newTask(t, "Printer on fire")
	sc.srv.DeliverWebhooks(ctx) // answered once the jobs are stored
	if err := eng.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	// The rule's own changes come back as events; they trigger nothing.
	sc.srv.DeliverWebhooks(ctx)
	if err := eng.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	sc.checkTriaged(t, task)
	if fired.Load() != 1 {
		t.Errorf("triage fired %d times, want 1", fired.Load())
	}
	if c := eng.Counters(); c.Accepted != 1 || c.Done != 1 {
		t.Errorf("counters %+v", c)
	}
}

// handlerFunc serves with the handler returned by get, which exists only
// once the fake (which needs the handler first) is up.
type handlerFunc func() http.Handler

func (h handlerFunc) ServeHTTP(w http.ResponseWriter, r *http.Request) { h().ServeHTTP(w, r) }

func TestRulesOverEvents(t *testing.T) {
	var fired atomic.Int32
	sc := newScene(t)
	store := &rules.MemoryStore{}
	eng, err := rules.New(sc.bot, sc.triage(&fired), rules.WithClock(sc.srv.Clock()), rules.WithStore(store))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	done := make(chan error)
	go func() { done <- eng.Follow(ctx, sc.project, time.Minute) }()
	// The first poll obtained a token and Follow waits on the clock.
	if err := sc.srv.Clock().BlockUntil(ctx, 1); err != nil {
		t.Fatal(err)
	}
	if tok, _ := store.SyncToken(ctx, sc.project); tok == "" {
		t.Fatal("no sync token stored after the first poll")
	}
	task := sc.newTask(t, "Coffee machine broken")
	sc.srv.Clock().Advance(time.Minute)
	// Wait for the next poll's wait: by then the events were accepted.
	if err := sc.srv.Clock().BlockUntil(ctx, 1); err != nil {
		t.Fatal(err)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if err := eng.Drain(t.Context()); err != nil {
		t.Fatal(err)
	}
	sc.checkTriaged(t, task)
	if fired.Load() != 1 {
		t.Errorf("fired %d times", fired.Load())
	}
}

func TestRedeliveryActsOnce(t *testing.T) {
	var fired atomic.Int32
	sc := newScene(t)
	eng, err := rules.New(sc.bot, sc.triage(&fired), rules.WithClock(sc.srv.Clock()))
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	stream := sc.bot.Events.Stream(sc.project, nil)
	if _, err := stream.Poll(ctx); err != nil {
		t.Fatal(err)
	}
	task := sc.newTask(t, "Leaky tap")
	evs, err := stream.Poll(ctx)
	if err != nil || len(evs) == 0 {
		t.Fatalf("poll: %v %v", evs, err)
	}
	for range 3 { // Asana delivers at least once
		if err := eng.Handle(ctx, evs); err != nil {
			t.Fatal(err)
		}
	}
	sc.checkTriaged(t, task)
	if fired.Load() != 1 {
		t.Errorf("fired %d times for one event, want 1", fired.Load())
	}
}

// TestConcurrentDeliveryActsOnce hands one event to several Handle calls at
// once, as a webhook and an events stream feeding one engine would: the
// event is accepted once and the rule acts once.
func TestConcurrentDeliveryActsOnce(t *testing.T) {
	sc := newScene(t)
	ctx := t.Context()
	stream := sc.bot.Events.Stream(sc.project, nil)
	if _, err := stream.Poll(ctx); err != nil {
		t.Fatal(err)
	}
	sc.newTask(t, "Door stuck")
	evs, err := stream.Poll(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var fired atomic.Int32
	eng, err := rules.New(sc.bot, []rules.Rule{{
		Name: "count",
		When: rules.Trigger{ResourceType: "task", Action: asana.EventAdded},
		Do:   []rules.Action{rules.Func(func(context.Context, *rules.Context) error { fired.Add(1); return nil })},
	}}, rules.WithSelf(sc.org.ServiceAccount.GID), rules.WithWorkspace(sc.org.Organization.GID), rules.WithClock(sc.srv.Clock()))
	if err != nil {
		t.Fatal(err)
	}
	const callers = 4
	var wg sync.WaitGroup
	for range callers {
		wg.Go(func() {
			if err := eng.Handle(ctx, evs); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if n := fired.Load(); n != 1 {
		t.Errorf("the rule acted %d times on one event, want 1", n)
	}
	if c := eng.Counters(); c.Accepted != 1 || c.Duplicates != callers-1 {
		t.Errorf("counters %+v", c)
	}
}
