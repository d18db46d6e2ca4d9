package rules_test

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/rules"
)

func TestLoad(t *testing.T) {
	notify := rules.Func(func(context.Context, *rules.Context) error { return nil })
	src := `
rules:
  - name: triage
    when: {resource_type: task, action: added, project: "1201", unassigned: true}
    do:
      - assign: "1301"
      - comment: Assigned to triage.
      - add_to_project: {project: 1202, section: "1203"}
      - set: {field: completed, value: false}
  - name: standard-sections
    when: {resource_type: project, action: added, team: 1401}
    allow_self: true
    do:
      - add_sections: [Backlog, Doing, Done]
      - call: notify
`
	got, err := rules.Load([]byte(src), map[string]rules.Func{"notify": notify})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("%d rules", len(got))
	}
	want0 := rules.Rule{Name: "triage", When: rules.Trigger{ResourceType: "task", Action: "added", Project: "1201", Unassigned: true},
		Do: []rules.Action{rules.Assign{User: "1301"}, rules.Comment{Text: "Assigned to triage."},
			rules.AddToProject{Project: "1202", Section: "1203"}, rules.SetField{Field: "completed", Value: false}}}
	if !reflect.DeepEqual(got[0], want0) {
		t.Errorf("rule 0 = %#v", got[0])
	}
	if r := got[1]; !r.AllowSelf || r.When.Team != "1401" || !reflect.DeepEqual(r.Do[0], rules.AddSections{Names: []string{"Backlog", "Doing", "Done"}}) || len(r.Do) != 2 {
		t.Errorf("rule 1 = %#v", r)
	}
	bad := []struct{ name, src, err string }{
		{"unknown action", "rules: [{name: a, do: [{fly: x}]}]", `unknown action "fly"`},
		{"unknown function", "rules: [{name: a, do: [{call: nope}]}]", `no Go function "nope"`},
		{"unknown trigger field", "rules: [{name: a, when: {colour: red}, do: [{comment: x}]}]", "colour"},
		{"bad set", "rules: [{name: a, do: [{set: {field: due_on, value: soon}}]}]", "unsupported value"},
		{"misspelt trigger action", "rules: [{name: a, when: {action: add}, do: [{comment: x}]}]", `unknown action "add"`},
		{"two actions in a step", "rules: [{name: a, do: [{comment: x, assign: y}]}]", "exactly one action"},
	}
	for _, tc := range bad {
		if _, err := rules.Load([]byte(tc.src), nil); err == nil || !strings.Contains(err.Error(), tc.err) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.err)
		}
	}
}

func TestNewChecksRules(t *testing.T) {
	c, err := asana.NewClient("x")
	if err != nil {
		t.Fatal(err)
	}
	do := []rules.Action{rules.Comment{Text: "x"}}
	for name, rs := range map[string][]rules.Rule{
		"no name":            {{Do: do}},
		"duplicate":          {{Name: "a", Do: do}, {Name: "a", Do: do}},
		"no action":          {{Name: "a"}},
		"bad action":         {{Name: "a", When: rules.Trigger{Action: "add"}, Do: do}},
		"field, not changed": {{Name: "a", When: rules.Trigger{Action: asana.EventAdded, Field: "assignee"}, Do: do}},
	} {
		if _, err := rules.New(c, rs); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	ok := []rules.Rule{{Name: "a", When: rules.Trigger{Action: asana.EventChanged, Field: "assignee"}, Do: do},
		{Name: "b", When: rules.Trigger{Field: "due_on"}, Do: do}, {Name: "c", When: rules.Trigger{Action: asana.EventUndeleted}, Do: do}}
	if _, err := rules.New(c, ok); err != nil {
		t.Errorf("valid rules: %v", err)
	}
}

func TestEventKey(t *testing.T) {
	ev := asana.Event{Action: "added", Resource: &asana.NamedResource{GID: "1", ResourceType: "task"},
		Parent: &asana.NamedResource{GID: "2", ResourceType: "project"}, User: &asana.User{GID: "3"}}
	named := ev
	named.Resource = &asana.NamedResource{GID: "1", ResourceType: "task", Name: "From the stream"}
	other := ev
	other.Parent = &asana.NamedResource{GID: "4", ResourceType: "project"}
	if rules.EventKey(ev) != rules.EventKey(named) {
		t.Error("names change the key: webhook and stream copies of an event would both act")
	}
	if rules.EventKey(ev) == rules.EventKey(other) {
		t.Error("different events share a key")
	}
}
