package rules_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/rules"
)

// TestRetriesAndDeadLetters: a failing action is retried after its
// backoff (on the fake clock), becomes a dead letter after MaxAttempts, is
// listed, and once the cause is fixed Replay runs it from the failed step:
// the steps before it are not done again.
func TestRetriesAndDeadLetters(t *testing.T) {
	for _, tc := range []struct {
		name     string
		err      error
		attempts int // failed attempts before the job is dead
	}{
		{"retryable", errors.New("flaky downstream"), 3},
		{"permanent", rules.Permanent(errors.New("bad input")), 1},
		{"not found", &asana.Error{StatusCode: 404}, 1},
		{"rate limited", &asana.Error{StatusCode: 429}, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sc := newScene(t)
			ctx := t.Context()
			var first, second int
			broken := true
			var metrics []string
			eng, err := rules.New(sc.bot, []rules.Rule{{
				Name: "two-steps",
				When: rules.Trigger{AddedToProject: sc.project},
				Do: []rules.Action{
					rules.Func(func(context.Context, *rules.Context) error { first++; return nil }),
					rules.Func(func(context.Context, *rules.Context) error {
						second++
						if broken {
							return tc.err
						}
						return nil
					}),
				},
			}}, rules.WithClock(sc.srv.Clock()), rules.WithRetry(3, time.Minute),
				rules.WithMetrics(func(m rules.Metric) { metrics = append(metrics, m.Name) }))
			if err != nil {
				t.Fatal(err)
			}
			stream := sc.bot.Events.Stream(sc.project, nil)
			if _, err := stream.Poll(ctx); err != nil {
				t.Fatal(err)
			}
			sc.newTask(t, "Flaky")
			evs, _ := stream.Poll(ctx)
			if err := eng.Handle(ctx, evs); err == nil {
				t.Fatal("the failed attempt was not reported")
			}
			for range 5 {
				sc.srv.Clock().Advance(time.Hour) // past any backoff
				_ = eng.Drain(ctx)
			}
			dead, err := eng.DeadLetters(ctx, 10)
			if err != nil || len(dead) != 1 || dead[0].Attempts != tc.attempts || dead[0].Step != 2 {
				t.Fatalf("dead letters %+v %v; want one after %d attempts, at step 2", dead, err, tc.attempts)
			}
			if first != 1 || second != tc.attempts {
				t.Errorf("step 1 ran %d times, step 2 %d; want 1 and %d", first, second, tc.attempts)
			}
			broken = false
			if err := eng.Replay(ctx, dead[0].ID); err != nil {
				t.Fatal(err)
			}
			if err := eng.Drain(ctx); err != nil {
				t.Fatal(err)
			}
			if first != 1 || second != tc.attempts+1 {
				t.Errorf("after replay: step 1 ran %d times, step 2 %d", first, second)
			}
			if st, _ := eng.Store().Stats(ctx); st.Dead != 0 || st.Pending != 0 {
				t.Errorf("store %+v after the replay", st)
			}
			c := eng.Counters()
			if c.DeadLetters != 1 || c.Retries != int64(tc.attempts-1) || c.Done != 1 {
				t.Errorf("counters %+v", c)
			}
			if len(metrics) == 0 || metrics[0] != rules.MetricEvent {
				t.Errorf("metrics hook heard %v", metrics)
			}
		})
	}
}
