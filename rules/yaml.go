package rules

import (
	"fmt"

	"github.com/asanakit/asana-go/internal/safeyaml"
	"github.com/goccy/go-yaml"
)

// Load reads rules in their declarative form:
//
//	rules:
//	  - name: triage
//	    when: {resource_type: task, action: added, project: "1201", unassigned: true}
//	    do:
//	      - assign: "1301"
//	      - comment: "Assigned to triage."
//	  - name: standard-sections
//	    when: {resource_type: project, action: added, team: "1401"}
//	    do:
//	      - add_sections: [Backlog, Doing, Done]
//	      - call: notify     # a Go function from funcs
//
// Actions: assign (a user), add_to_project ({project, section}), comment
// (text), set ({field, value}), add_sections (names), call (a name in
// funcs). allow_self: true lets the engine's own changes trigger a rule.
//
// The file is untrusted input: it is refused, with a short error naming
// the line, when it is larger than 512 KiB, nests deeper than 32 levels,
// has more than 16,000 values, uses YAML tags, anchors or aliases, or has
// unknown fields or duplicate keys.
func Load(data []byte, funcs map[string]Func) ([]Rule, error) {
	var doc struct {
		Rules []struct {
			Name      string           `yaml:"name"`
			When      Trigger          `yaml:"when"`
			AllowSelf bool             `yaml:"allow_self"`
			Do        []map[string]any `yaml:"do"`
		} `yaml:"rules"`
	}
	if _, err := safeyaml.Decode(data, &doc, safeyaml.Limits{}, yaml.DisallowUnknownField()); err != nil {
		return nil, fmt.Errorf("rules: %w", err)
	}
	out := make([]Rule, 0, len(doc.Rules))
	for _, r := range doc.Rules {
		rule := Rule{Name: r.Name, When: r.When, AllowSelf: r.AllowSelf}
		if err := rule.When.check(); err != nil {
			return nil, fmt.Errorf("rules: %s: when: %w", safeyaml.Quote(r.Name), err)
		}
		for i, step := range r.Do {
			a, err := action(step, funcs)
			if err != nil {
				return nil, fmt.Errorf("rules: %s: step %d: %w", safeyaml.Quote(r.Name), i+1, err)
			}
			rule.Do = append(rule.Do, a)
		}
		out = append(out, rule)
	}
	return out, nil
}

func action(step map[string]any, funcs map[string]Func) (Action, error) {
	if len(step) != 1 {
		return nil, fmt.Errorf("want exactly one action, got %d keys", len(step))
	}
	str := func(v any) (string, error) {
		switch x := v.(type) {
		case string:
			return x, nil
		case uint64, int64, int: // unquoted gids
			return fmt.Sprint(x), nil
		}
		return "", fmt.Errorf("want a string, got %s", safeyaml.Quote(fmt.Sprint(v)))
	}
	for k, v := range step {
		switch k {
		case "assign":
			u, err := str(v)
			return Assign{User: u}, err
		case "comment":
			t, err := str(v)
			return Comment{Text: t}, err
		case "add_to_project":
			m, ok := v.(map[string]any)
			if !ok {
				return nil, fmt.Errorf("add_to_project wants {project, section}")
			}
			p, err := str(m["project"])
			if err != nil {
				return nil, fmt.Errorf("add_to_project: project: %w", err)
			}
			var sec string
			if m["section"] != nil {
				if sec, err = str(m["section"]); err != nil {
					return nil, fmt.Errorf("add_to_project: section: %w", err)
				}
			}
			return AddToProject{Project: p, Section: sec}, nil
		case "set":
			m, ok := v.(map[string]any)
			if !ok {
				return nil, fmt.Errorf("set wants {field, value}")
			}
			f, err := str(m["field"])
			if err != nil {
				return nil, fmt.Errorf("set: field: %w", err)
			}
			a := SetField{Field: f, Value: m["value"]}
			if _, err := a.request(); err != nil {
				return nil, err
			}
			return a, nil
		case "add_sections":
			list, ok := v.([]any)
			if !ok || len(list) == 0 {
				return nil, fmt.Errorf("add_sections wants a list of names")
			}
			var names []string
			for _, n := range list {
				s, err := str(n)
				if err != nil {
					return nil, fmt.Errorf("add_sections: %w", err)
				}
				names = append(names, s)
			}
			return AddSections{Names: names}, nil
		case "call":
			name, err := str(v)
			if err != nil {
				return nil, err
			}
			fn, ok := funcs[name]
			if !ok {
				return nil, fmt.Errorf("call: no Go function %s", safeyaml.Quote(name))
			}
			return fn, nil
		default:
			return nil, fmt.Errorf("unknown action %s", safeyaml.Quote(k))
		}
	}
	return nil, nil // unreachable: len(step) == 1
}
