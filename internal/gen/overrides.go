package main

import (
	"fmt"
	"os"
	"sort"

	"github.com/goccy/go-yaml"
)

// overrides are what the spec cannot say (asana/gen/overrides.yaml).
type overrides struct {
	// Services maps a spec tag to its Go service name, when the tag's
	// words in CamelCase are not it ("Batch API": "Batch").
	Services map[string]string `yaml:"services"`
	// Types maps a spec schema's resource name (its name without Compact,
	// Base or Response) to a Go type name, an existing one to reuse it:
	// "AsanaNamedResource": "NamedResource".
	Types map[string]string `yaml:"types"`
	// Operations holds per-operation overrides, keyed "METHOD /path".
	Operations map[string]opOverride `yaml:"operations"`
	// HandWritten lists operations written by hand beyond the asana
	// package's markers (which the generator finds itself): none so far.
	HandWritten []string `yaml:"hand_written"`
	// NotYet lists the operations neither generated nor hand-written yet,
	// each with the reason; the coverage test counts them as missing.
	NotYet map[string]string `yaml:"not_yet"`
}

// opOverride changes how one operation is generated.
type opOverride struct {
	// Name replaces the method name the rules give.
	Name string `yaml:"name"`
	// Fields are the opt_fields a list asks for when the caller names none.
	Fields []string `yaml:"fields"`
	// Doc lines are added to the method's doc comment, as paragraphs.
	Doc []string `yaml:"doc"`
	// Require names request body fields (JSON names) that must not be
	// blank, beyond those the spec marks required.
	Require []string `yaml:"require"`
	// Result replaces the answer's Go type.
	Result string `yaml:"result"`
	// FieldsVar names a package variable holding the default opt_fields,
	// for defaults that hand-written code shares (defaultTaskFields);
	// TestDefaultFieldsInSpec checks those against the spec.
	FieldsVar string `yaml:"fields_var"`
	// Options names an existing options type to take instead of a
	// generated one, for filters that several lists share
	// (TaskListForOptions).
	Options string `yaml:"options"`
	// Check says that the options type has a method
	// `func (o *X) check(r route) route` with the argument checks the spec
	// states only in prose (which filters go together); the method calls
	// it before sending. It needs Options.
	Check bool `yaml:"check"`
	// EmptyEnds ends a list at its first empty page, for feeds that hand
	// out a next offset even at their end (the audit log).
	EmptyEnds bool `yaml:"empty_ends"`
	// Generate generates the operation's regular method even though a
	// hand-written method's marker names it too: Users.ListForTeam and
	// AuditLog.Tail call the operations of Users.List and AuditLog.List.
	Generate bool `yaml:"generate"`
}

// loadOverrides reads the override file at path.
func loadOverrides(path string) (*overrides, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	o := &overrides{}
	if err := yaml.UnmarshalWithOptions(data, o, yaml.Strict()); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return o, nil
}

// check reports override entries that name no operation of the spec, so
// a typo cannot silently do nothing.
func (o *overrides) check(d *specDoc) error {
	known := map[string]bool{}
	for _, op := range d.Operations {
		known[op.Key()] = true
	}
	var bad []string
	for k := range o.Operations {
		if !known[k] {
			bad = append(bad, "operations: "+k)
		}
	}
	for _, k := range o.HandWritten {
		if !known[k] {
			bad = append(bad, "hand_written: "+k)
		}
	}
	for k := range o.NotYet {
		if !known[k] {
			bad = append(bad, "not_yet: "+k)
		}
	}
	sort.Strings(bad)
	if len(bad) > 0 {
		return fmt.Errorf("overrides name operations the spec does not have: %v", bad)
	}
	return nil
}
