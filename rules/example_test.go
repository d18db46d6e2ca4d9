package rules_test

import (
	"context"
	"fmt"
	"time"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/rules"
)

// Rules in YAML, with one Go function for what YAML cannot say.
func ExampleLoad() {
	rs, err := rules.Load([]byte(`
rules:
  - name: triage
    when: {resource_type: task, action: added, project: "1201", unassigned: true}
    do:
      - assign: "1301"
      - comment: Assigned to the triage owner.
  - name: standard-sections
    when: {resource_type: project, action: added, team: "1401"}
    do:
      - add_sections: [Backlog, Doing, Done]
      - call: announce
`), map[string]rules.Func{
		"announce": func(ctx context.Context, c *rules.Context) error { return nil },
	})
	if err != nil {
		panic(err)
	}
	for _, r := range rs {
		fmt.Printf("%s: when %s %s, %d actions\n", r.Name, r.When.ResourceType, r.When.Action, len(r.Do))
	}
	// Output:
	// triage: when task added, 2 actions
	// standard-sections: when project added, 2 actions
}

// A store survives restarts: SQLite in one file by default, PostgreSQL
// for replicas ("postgres://..."). Accepting an event twice stores its
// jobs once.
func ExampleOpenStore() {
	ctx := context.Background()
	store, err := rules.OpenStore(ctx, "sqlite::memory:")
	if err != nil {
		panic(err)
	}
	defer store.Close()
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	ev := asana.Event{Action: "added", CreatedAt: now, Resource: &asana.NamedResource{GID: "1201", ResourceType: "task"}}
	jobs := []rules.Job{{Key: rules.EventKey(ev) + "/triage", Rule: "triage", Event: ev}}
	for range 2 { // Asana delivers at least once
		ok, err := store.Accept(ctx, rules.EventKey(ev), now, jobs)
		fmt.Println("accepted:", ok, err)
	}
	st, _ := store.Stats(ctx)
	fmt.Printf("%d event seen, %d job pending\n", st.Seen, st.Pending)
	// Output:
	// accepted: true <nil>
	// accepted: false <nil>
	// 1 event seen, 1 job pending
}
