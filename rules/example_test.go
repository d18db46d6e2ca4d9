package rules_test

import (
	"context"
	"fmt"

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
