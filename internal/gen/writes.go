package main

import (
	"fmt"
	"slices"
	"strings"
)

// This file turns the overrides' words about a write's body into the
// method's arguments and checks: body fields taken as positional
// arguments (Tasks.AddTag's tag), required fields, and the checks the
// spec states only in prose (one of, at most one, exactly one, at most N
// items).

// requireFields sets m.Require: the body fields that the spec marks
// required (of a generated type) or the override's require names, each
// with how it is checked.
func (g *gen) requireFields(m *method, ov opOverride) {
	for _, name := range ov.Require {
		if !slices.ContainsFunc(m.Body.Fields, func(f goField) bool { return f.JSON == name }) {
			g.errorf("%s: require names %q, not a field of %s", m.Op.Key(), name, m.Body.Name)
		}
	}
	for i := range m.Body.Fields {
		f := &m.Body.Fields[i]
		if f.Omit != "" && !slices.Contains(ov.Require, f.JSON) {
			continue
		}
		switch {
		case f.Type == "string", g.m.enums[f.Type] != nil:
			f.Check = "blank"
		case f.Type == "[]string":
			f.Check = "each"
		case f.Type == "Date", f.Type == "time.Time":
			f.Check = "zero"
		case strings.HasPrefix(f.Type, "[]"), strings.HasPrefix(f.Type, "map["), f.Type == "json.RawMessage", strings.HasPrefix(f.Type, "*"):
			// nil would be sent as null; an empty map or list is a value.
			f.Check = "nil"
		default:
			// A number or bool: zero is a value, so a required one is
			// always sent (setMetricCurrentValue's 0) and never checked.
			if f.Omit != "" {
				f.Omit, f.Doc = "", strings.TrimSpace("Required. "+f.Doc)
			}
			continue
		}
		m.Require = append(m.Require, *f)
	}
}

// bodyArgs sets m.Args from the override's args: every field of the body
// schema bs, each a string or a list of strings.
func (g *gen) bodyArgs(m *method, bs *schema, ov opOverride) {
	props := map[string]*schema{}
	for _, p := range g.spec.flatten(bs) {
		if p.Name == "gid" || p.Name == "resource_type" || readOnly(p.Schema) {
			continue
		}
		props[p.Name] = p.Schema
	}
	for _, c := range ov.Comma {
		if !slices.Contains(ov.Args, c) {
			g.errorf("%s: comma names %q, which is not in args", m.Op.Key(), c)
		}
	}
	taken := map[string]bool{}
	for _, a := range m.Path {
		taken[a.Go] = true
	}
	for _, name := range ov.Args {
		s, ok := props[name]
		if !ok {
			g.errorf("%s: args names %q, not a field of the body", m.Op.Key(), name)
			continue
		}
		delete(props, name)
		_, t := g.spec.deref(s)
		a := bodyArg{arg: arg{Go: unexported(name), Label: spaced(name), JSON: name}}
		switch {
		case t != nil && t.Type == "string" && slices.Contains(ov.Comma, name):
			a.Type, a.Comma = "[]string", true
		case t != nil && t.Type == "string":
			a.Type = "string"
		case t != nil && t.Type == "array" && t.Items != nil && t.Items.Type == "string":
			a.Type = "[]string"
		default:
			g.errorf("%s: args names %q, which is neither a string nor a list of strings", m.Op.Key(), name)
			continue
		}
		if taken[a.Go] {
			g.errorf("%s: args %q has the name of a path argument", m.Op.Key(), name)
		}
		taken[a.Go] = true
		m.Args = append(m.Args, a)
	}
	for name := range props {
		g.errorf("%s: args leaves out the body field %q: take a request struct instead", m.Op.Key(), name)
	}
}

// bodyChecks are the override's one_of, at_most_one, exactly_one,
// max_items and validate checks of m's body, in that order.
func (g *gen) bodyChecks(m *method, ov opOverride) []bodyCheck {
	var out []bodyCheck
	groups := []struct {
		kind   string
		groups [][]string
	}{{"one_of", ov.OneOf}, {"at_most_one", ov.AtMostOne}, {"exactly_one", ov.ExactlyOne}}
	for _, grp := range groups {
		for _, fields := range grp.groups {
			if len(fields) < 2 {
				g.errorf("%s: %s needs two fields or more, got %v", m.Op.Key(), grp.kind, fields)
				continue
			}
			c := bodyCheck{Kind: grp.kind}
			for _, name := range fields {
				set, label, ok := g.isSet(m, name)
				if !ok {
					continue
				}
				c.Set, c.Names = append(c.Set, set), append(c.Names, label)
			}
			out = append(out, c)
		}
	}
	names := make([]string, 0, len(ov.MaxItems))
	for n := range ov.MaxItems {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, name := range names {
		expr, label, typ, ok := g.bodyField(m, name)
		if !ok {
			continue
		}
		if !strings.HasPrefix(typ, "[]") || ov.MaxItems[name] < 1 {
			g.errorf("%s: max_items %q needs a list field and a cap of 1 or more", m.Op.Key(), name)
			continue
		}
		out = append(out, bodyCheck{Kind: "max_items", Len: "len(" + expr + ")", Names: []string{label}, Max: ov.MaxItems[name]})
	}
	if ov.Validate {
		if m.Body == nil || !g.pkg.Methods[m.Body.Name+".validate"] {
			g.errorf("%s: validate needs a hand-written request type with a method validate", m.Op.Key())
		} else {
			out = append(out, bodyCheck{Kind: "validate"})
		}
	}
	if len(out) > 0 && m.Body == nil && len(m.Args) == 0 {
		g.errorf("%s: argument checks need a body", m.Op.Key())
	}
	return out
}

// bodyField finds a body field by its JSON name: its Go expression, its
// name in errors (the Go field's, or the argument's label) and Go type.
func (g *gen) bodyField(m *method, name string) (expr, label, typ string, ok bool) {
	for _, a := range m.Args {
		if a.JSON == name {
			return a.Go, a.Label, a.Type, true
		}
	}
	if m.Body != nil {
		for _, f := range m.Body.Fields {
			if f.JSON == name {
				return "req." + f.Name, f.Name, f.Type, true
			}
		}
	}
	g.errorf("%s: the checks name %q, not a field of the body", m.Op.Key(), name)
	return "", "", "", false
}

// isSet is the Go expression that is true when the body field name is
// set, and the field's name in errors.
func (g *gen) isSet(m *method, name string) (set, label string, ok bool) {
	expr, label, typ, ok := g.bodyField(m, name)
	if !ok {
		return "", "", false
	}
	switch {
	case typ == "string", g.m.enums[typ] != nil:
		return expr + ` != ""`, label, true
	case strings.HasPrefix(typ, "[]"), strings.HasPrefix(typ, "map["):
		return "len(" + expr + ") > 0", label, true
	case strings.HasPrefix(typ, "*"), typ == "json.RawMessage":
		return expr + " != nil", label, true
	case typ == "bool":
		return expr, label, true
	case typ == "Date", typ == "time.Time":
		return "!" + expr + ".IsZero()", label, true
	case typ == "int", typ == "float64":
		return expr + " != 0", label, true
	}
	g.errorf("%s: cannot tell whether %q (%s) is set", m.Op.Key(), name, typ)
	return "", "", false
}

// source is the Go statement of a check, which records its error in r.
func (c bodyCheck) source() string {
	switch c.Kind {
	case "validate":
		return "r = r.check(req.validate())"
	case "max_items":
		return fmt.Sprintf("if n := %s; n > %d {\n\t\t\tr = r.fail(\"at most %d %s, got %%d\", n)\n\t\t}", c.Len, c.Max, c.Max, c.Names[0])
	}
	var cond, msg string
	switch c.Kind {
	case "one_of":
		cond = "!(" + strings.Join(c.Set, " || ") + ")"
		msg = "set " + orList(c.Names, "or")
	case "at_most_one":
		cond = "countSet(" + strings.Join(c.Set, ", ") + ") > 1"
		msg = "set at most one of " + orList(c.Names, "and")
	case "exactly_one":
		cond = "countSet(" + strings.Join(c.Set, ", ") + ") != 1"
		msg = "set exactly one of " + orList(c.Names, "and")
	}
	return fmt.Sprintf("if %s {\n\t\t\tr = r.fail(%q)\n\t\t}", cond, msg)
}

// orList joins names as "A, B or C".
func orList(names []string, conj string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " " + conj + " " + names[len(names)-1]
}

// argsBody is the Go expression of a body built from m.Args.
func argsBody(m *method) string {
	var fields, vals []string
	for _, a := range m.Args {
		typ, val := a.Type, a.Go
		if a.Comma {
			typ, val = "string", "strings.Join("+a.Go+", \",\")"
		}
		fields = append(fields, fmt.Sprintf("%s %s `json:%q`", exported(a.JSON), typ, a.JSON))
		vals = append(vals, val)
	}
	return "struct {\n\t\t" + strings.Join(fields, "\n\t\t") + "\n\t}{" + strings.Join(vals, ", ") + "}"
}
