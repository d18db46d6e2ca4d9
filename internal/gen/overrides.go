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
	// HandWritten lists the operations whose methods are written by hand,
	// each with the reason the generator cannot write it (a multipart
	// upload, the events stream): every operation a hand-written method's
	// marker names is here, unless its override says generate.
	HandWritten map[string]string `yaml:"hand_written"`
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

	// Args are body fields (JSON names) the method takes as positional
	// arguments instead of a request struct, in order: Tasks.AddTag(ctx,
	// taskGID, tag). They must be all the body's fields; a string is
	// required non-blank, a list non-empty without blank items.
	Args []string `yaml:"args"`
	// Comma names the Args the spec types as a string holding a
	// comma-separated list: the method takes a []string and joins it.
	Comma []string `yaml:"comma"`
	// Request names a hand-written request type to take as the body.
	Request string `yaml:"request"`
	// NilOK sends an empty body for a nil request instead of failing.
	NilOK bool `yaml:"nil_ok"`
	// OneOf are groups of body fields of which at least one must be set
	// ("workspace, projects or parent").
	OneOf [][]string `yaml:"one_of"`
	// AtMostOne are groups of body fields of which at most one may be set
	// (insert_before and insert_after).
	AtMostOne [][]string `yaml:"at_most_one"`
	// ExactlyOne are groups of body fields of which exactly one must be set.
	ExactlyOne [][]string `yaml:"exactly_one"`
	// MaxItems caps the length of list fields of the body.
	MaxItems map[string]int `yaml:"max_items"`
	// Validate says that the request type has a method `validate() error`
	// with checks the words above cannot say (a position's anchors); the
	// method calls it on a non-nil request before sending.
	Validate bool `yaml:"validate"`
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
	for k, why := range o.HandWritten {
		if !known[k] {
			bad = append(bad, "hand_written: "+k)
		}
		if why == "" {
			bad = append(bad, "hand_written: "+k+" gives no reason")
		}
	}
	for k := range o.NotYet {
		if !known[k] {
			bad = append(bad, "not_yet: "+k)
		}
	}
	sort.Strings(bad)
	if len(bad) > 0 {
		return fmt.Errorf("overrides name operations the spec does not have, or give no reason: %v", bad)
	}
	return nil
}
