package rules

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

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
//	  - name: escalate
//	    when:
//	      project: "1201"
//	      custom_field: {name: Priority, from: Medium, to: High}
//	    if: {not_tag: urgent}
//	    do:
//	      - add_tag: urgent
//	      - set_custom_field: {field: Status, value: Escalated}
//	      - hook: {url: "http://pager.internal/asana", secret_env: PAGER_SECRET}
//
// The README's "Rules YAML reference" lists every trigger (when),
// condition (if) and action (do). Names of custom fields, options, tags
// and sections are checked against the organization when the engine
// starts (Engine.Validate). A hook's secret comes from the environment
// variable secret_env names, never from the file. allow_self: true lets
// the engine's own changes trigger a rule.
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
			If        Conditions       `yaml:"if"`
			AllowSelf bool             `yaml:"allow_self"`
			Do        []map[string]any `yaml:"do"`
		} `yaml:"rules"`
	}
	if _, err := safeyaml.Decode(data, &doc, safeyaml.Limits{}, yaml.DisallowUnknownField()); err != nil {
		return nil, fmt.Errorf("rules: %w", err)
	}
	out := make([]Rule, 0, len(doc.Rules))
	for _, r := range doc.Rules {
		rule := Rule{Name: r.Name, When: r.When, If: r.If, AllowSelf: r.AllowSelf}
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
		case "set_custom_field":
			m, err := fields(v, "set_custom_field", "field", "value")
			if err != nil {
				return nil, err
			}
			return SetCustomField{Field: m["field"], Value: m["value"]}, nil
		case "add_tag", "remove_tag", "add_follower", "add_dependency":
			s, err := str(v)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", k, err)
			}
			switch k {
			case "add_tag":
				return AddTag{Tag: s}, nil
			case "remove_tag":
				return RemoveTag{Tag: s}, nil
			case "add_follower":
				return AddFollower{User: s}, nil
			}
			if !isGID(s) {
				return nil, fmt.Errorf("add_dependency wants a task gid")
			}
			return AddDependency{Task: s}, nil
		case "move_to_section":
			if s, err := str(v); err == nil {
				return MoveToSection{Section: s}, nil
			}
			m, err := fields(v, "move_to_section", "section", "project")
			if err != nil {
				return nil, err
			}
			return MoveToSection{Section: m["section"], Project: m["project"]}, nil
		case "create_subtask":
			if s, err := str(v); err == nil {
				return CreateSubtask{Name: s}, nil
			}
			m, err := fields(v, "create_subtask", "name", "assignee")
			if err != nil {
				return nil, err
			}
			return CreateSubtask{Name: m["name"], Assignee: m["assignee"]}, nil
		case "set_dates":
			m, ok := v.(map[string]any)
			if !ok {
				return nil, fmt.Errorf("set_dates wants {due_on, start_on, due_in_days, start_in_days}")
			}
			var a SetDates
			for mk, mv := range m {
				var err error
				switch mk {
				case "due_on":
					a.DueOn, err = str(mv)
				case "start_on":
					a.StartOn, err = str(mv)
				case "due_in_days", "start_in_days":
					var i int
					ok := false
					switch x := mv.(type) {
					case int64:
						i, ok = int(x), x > -100000 && x < 100000
					case uint64:
						i, ok = int(x), x < 100000
					}
					if !ok {
						return nil, fmt.Errorf("set_dates: %s wants a whole number of days", mk)
					}
					if mk == "due_in_days" {
						a.DueInDays = &i
					} else {
						a.StartInDays = &i
					}
				default:
					return nil, fmt.Errorf("set_dates: unknown field %s", safeyaml.Quote(mk))
				}
				if err != nil {
					return nil, fmt.Errorf("set_dates: %s: %w", mk, err)
				}
			}
			if _, err := a.request(time.Time{}); err != nil {
				return nil, err
			}
			return a, nil
		case "hook":
			m, err := fields(v, "hook", "url", "secret_env")
			if err != nil {
				return nil, err
			}
			secret := os.Getenv(m["secret_env"])
			if m["secret_env"] == "" || secret == "" {
				return nil, fmt.Errorf("hook: secret_env must name a set environment variable")
			}
			h := Hook{URL: m["url"], Secret: secret}
			if err := h.check(); err != nil {
				return nil, err
			}
			return h, nil
		default:
			return nil, fmt.Errorf("unknown action %s", safeyaml.Quote(k))
		}
	}
	return nil, nil // unreachable: len(step) == 1
}

func str(v any) (string, error) {
	switch x := v.(type) {
	case string:
		return x, nil
	case uint64, int64, int, float64, bool: // unquoted gids, numbers as values
		return fmt.Sprint(x), nil
	}
	return "", fmt.Errorf("want a string, got %s", safeyaml.Quote(fmt.Sprint(v)))
}

// fields reads a mapping of string values whose keys are among allowed;
// the first allowed key is required.
func fields(v any, action string, allowed ...string) (map[string]string, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%s wants {%s}", action, strings.Join(allowed, ", "))
	}
	out := map[string]string{}
	for k, x := range m {
		if !slices.Contains(allowed, k) {
			return nil, fmt.Errorf("%s: unknown field %s", action, safeyaml.Quote(k))
		}
		s, err := str(x)
		if err != nil {
			return nil, fmt.Errorf("%s: %s: %w", action, k, err)
		}
		out[k] = s
	}
	if out[allowed[0]] == "" {
		return nil, fmt.Errorf("%s: %s is required", action, allowed[0])
	}
	return out, nil
}
