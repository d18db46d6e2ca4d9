package main

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
)

// This file maps the spec's schemas to Go types: one read model per
// resource (its Compact, Base and Response schemas merged), request bodies
// that send only what the caller set, and enums as typed strings.

type goField struct {
	Name, JSON, Type, Omit string // Omit: "omitempty", "omitzero" or ""
	Doc                    string
	Embed                  bool // an embedded type; Type is its name
	URL                    bool // a query parameter (url tag) rather than JSON
	// Null is, for a nullable field of an update request, the type that
	// sends its zero value as null: "stringOrNull", "timeOrNull", or
	// "Date" (which does so itself); "" when the field is not nullable.
	Null string
	// Check is how a required body field is checked before sending:
	// "blank", "each", "zero" or "nil".
	Check string
}

type goStruct struct {
	Name   string
	Doc    []string
	Fields []goField
	File   string // the file's stem: "tags" for zz_tags.go
	from   *schema
}

type goEnum struct {
	Name   string
	Doc    string
	Values []string
	File   string
}

// model holds every type the generator writes.
type model struct {
	structs map[string]*goStruct
	enums   map[string]*goEnum
	// families maps a resource name to the schemas merged into it.
	families map[string][]string
	// taken are the generated top-level names, to catch collisions.
	taken map[string]string
}

// suffixes of the schemas merged into one read model, in merge order: a
// later schema's property replaces an earlier one's.
var familySuffixes = []string{"Compact", "Base", "", "Response", "NormalResponse", "Normal"}

// resourceName is the resource a schema describes: its name without the
// suffixes above.
func resourceName(schemaName string) string {
	for _, s := range []string{"NormalResponse", "Response", "Compact", "Base", "Normal"} {
		if t, ok := strings.CutSuffix(schemaName, s); ok && t != "" {
			return t
		}
	}
	return schemaName
}

func (g *gen) initFamilies() {
	g.m.families = map[string][]string{}
	names := make([]string, 0, len(g.spec.Schemas))
	for n := range g.spec.Schemas {
		names = append(names, n)
	}
	sort.Strings(names)
	rank := func(schemaName string) int {
		base := resourceName(schemaName)
		return slices.Index(familySuffixes, strings.TrimPrefix(schemaName, base))
	}
	for _, n := range names {
		if strings.Contains(n, "Request") {
			continue
		}
		base := resourceName(n)
		g.m.families[base] = append(g.m.families[base], n)
	}
	for _, fam := range g.m.families {
		sort.SliceStable(fam, func(i, j int) bool { return rank(fam[i]) < rank(fam[j]) })
	}
}

// goTypeName is the Go name of a schema's resource, after overrides.
func (g *gen) goTypeName(schemaName string) string {
	base := resourceName(schemaName)
	if n, ok := g.ov.Types[base]; ok {
		return n
	}
	return exported(base)
}

// claim records a generated top-level name; a clash with a hand-written
// name or another generated one is an error.
func (g *gen) claim(name, what string) bool {
	if g.pkg.Names[name] {
		g.errorf("generated %s %s clashes with a hand-written name: rename it in the overrides", what, name)
		return false
	}
	if prev, ok := g.m.taken[name]; ok {
		g.errorf("generated %s %s clashes with generated %s", what, name, prev)
		return false
	}
	g.m.taken[name] = what
	return true
}

// modelType returns the Go read model of the named schema, generating it
// (and what it refers to) unless the package has one already.
func (g *gen) modelType(schemaName string) string {
	name := g.goTypeName(schemaName)
	if g.pkg.Types[name] {
		return name
	}
	if _, ok := g.m.structs[name]; ok {
		return name
	}
	if !g.claim(name, "model") {
		return name
	}
	st := &goStruct{Name: name, File: "models"}
	g.m.structs[name] = st
	fam := g.m.families[resourceName(schemaName)]
	if len(fam) == 0 {
		fam = []string{schemaName}
	}
	merged := &schema{}
	for _, n := range fam {
		merged.AllOf = append(merged.AllOf, &schema{Ref: "#/components/schemas/" + n})
	}
	// The description of the richest schema, skipping the boilerplate the
	// Compact schemas inherit ("A generic Asana Resource, ...").
	desc := ""
	for i := len(fam) - 1; i >= 0; i-- {
		if s := g.spec.Schemas[fam[i]]; s != nil && s.Description != "" && !strings.HasPrefix(s.Description, "A generic Asana Resource") {
			desc = s.Description
			break
		}
	}
	st.Doc = append([]string{fmt.Sprintf("%s is %s, read from Asana (the spec's %s merged). Asana returns only the fields a request asks for (opt_fields), so every field is optional.",
		name, article(spaced(name)), strings.Join(fam, ", "))}, firstParagraph(desc)...)
	st.Fields = g.readFields(name, g.spec.flatten(merged))
	return name
}

// inlineModel generates the read model of an inline object schema.
func (g *gen) inlineModel(name string, s *schema) string {
	if _, ok := g.m.structs[name]; ok {
		return name
	}
	if g.pkg.Types[name] || !g.claim(name, "model") {
		return name
	}
	st := &goStruct{Name: name, File: "models"}
	g.m.structs[name] = st
	st.Doc = append([]string{name + " is a part of a resource read from Asana; every field is optional."}, firstParagraph(s.Description)...)
	st.Fields = g.readFields(name, g.spec.flatten(s))
	return name
}

func (g *gen) readFields(owner string, props []property) []goField {
	var out []goField
	for _, p := range props {
		_, t := g.spec.deref(p.Schema)
		if p.Schema.WriteOnly || (t != nil && t.WriteOnly) {
			continue
		}
		typ, omit := g.readType(owner, p.Name, p.Schema)
		out = append(out, goField{Name: exported(p.Name), JSON: p.Name, Type: typ, Omit: omit, Doc: fieldDoc(p.Schema, t)})
	}
	return out
}

// readType is the Go type of a property of a read model.
func (g *gen) readType(owner, prop string, s *schema) (typ, omit string) {
	name, t := g.spec.deref(s)
	switch {
	case t == nil:
		return "json.RawMessage", "omitempty"
	case len(t.OneOf) > 0 || len(t.AnyOf) > 0:
		if !g.allObjects(append(slices.Clone(t.OneOf), t.AnyOf...)) {
			return "json.RawMessage", "omitempty"
		}
		if name != "" {
			return "*" + g.modelType(name), "omitempty"
		}
		return "*NamedResource", "omitempty"
	case t.Type == "array":
		elem, _ := g.readType(owner, prop, t.Items)
		return "[]" + strings.TrimPrefix(elem, "*"), "omitempty"
	case t.Type == "string" || (t.Type == "" && len(t.Enum) > 0):
		return g.stringType(owner, prop, name, s, t)
	case t.Type == "integer":
		return "int", "omitempty"
	case t.Type == "number":
		if t.Nullable || s.Nullable {
			return "*float64", "omitempty"
		}
		return "float64", "omitempty"
	case t.Type == "boolean":
		return "bool", "omitempty"
	case name != "" && (t.Type == "object" || len(t.Properties) > 0 || len(t.AllOf) > 0):
		return "*" + g.modelType(name), "omitempty"
	case len(t.Properties) > 0 || len(t.AllOf) > 0:
		if g.isReference(t) {
			return "*NamedResource", "omitempty"
		}
		return "*" + g.inlineModel(owner+exported(prop), t), "omitempty"
	}
	return "json.RawMessage", "omitempty"
}

// allObjects reports whether every variant of a oneOf is an object.
func (g *gen) allObjects(variants []*schema) bool {
	for _, v := range variants {
		_, t := g.spec.deref(v)
		if t != nil && len(t.OneOf)+len(t.AnyOf) > 0 && g.allObjects(append(slices.Clone(t.OneOf), t.AnyOf...)) {
			continue
		}
		if t == nil || (t.Type != "object" && len(t.Properties) == 0 && len(t.AllOf) == 0) {
			return false
		}
	}
	return len(variants) > 0
}

// isReference reports whether an inline object is only a reference to
// another resource (gid, resource_type, name, resource_subtype), which the
// spec often spells out instead of naming a Compact schema.
func (g *gen) isReference(t *schema) bool {
	props := g.spec.flatten(t)
	if len(props) == 0 {
		return false
	}
	for _, p := range props {
		switch p.Name {
		case "gid", "resource_type", "name", "resource_subtype":
		default:
			return false
		}
	}
	return true
}

// stringType maps a string schema: times, dates, enums and strings.
func (g *gen) stringType(owner, prop, refName string, s, t *schema) (string, string) {
	switch {
	case t.Format == "date-time":
		return "time.Time", "omitzero"
	case t.Format == "date", isUndeclaredDate(prop, s, t):
		return "Date", "omitzero"
	}
	values := enumValues(t)
	if len(values) == 0 {
		return "string", "omitempty"
	}
	name, fallback := owner+exported(prop), owner+exported(prop)+"Value"
	if refName != "" {
		name = g.goTypeName(refName)
	}
	return g.enumType(name, fallback, values, fieldDoc(s, t)), "omitempty"
}

var dateRE = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// isUndeclaredDate reports a date the spec forgot to mark as one: a string
// named like Asana's dates (due_on, start_on, end_on) whose example is a
// date (GoalBase.due_on, TimePeriodCompact.end_on).
func isUndeclaredDate(prop string, s, t *schema) bool {
	if t.Format != "" || !strings.HasSuffix(prop, "_on") {
		return false
	}
	for _, ex := range []any{s.Example, t.Example} {
		if v, ok := ex.(string); ok && dateRE.MatchString(v) {
			return true
		}
	}
	return false
}

// enumType returns a typed string for values named name, or fallback when
// name is taken by an enum of other values.
func (g *gen) enumType(name, fallback string, values []string, doc string) string {
	for _, n := range []string{name, fallback} {
		if e, ok := g.m.enums[n]; ok {
			if slices.Equal(e.Values, values) {
				return n
			}
			continue
		}
		if g.pkg.Types[n] || g.pkg.Names[n] {
			continue
		}
		if _, ok := g.m.taken[n]; ok {
			continue
		}
		for _, v := range values {
			if !g.claim(n+exported(v), "enum constant") {
				return "string"
			}
		}
		g.claim(n, "enum")
		g.m.enums[n] = &goEnum{Name: n, Doc: doc, Values: values, File: "models"}
		return n
	}
	g.errorf("enum %s: no free name (tried %s, %s)", name, name, fallback)
	return "string"
}

// enumValues are the non-empty string values of an enum, in spec order.
func enumValues(t *schema) []string {
	var out []string
	for _, v := range t.Enum {
		if v == nil {
			continue // nullable: the zero value reads null as well
		}
		s, ok := v.(string)
		if !ok {
			return nil
		}
		if s != "" && exported(s) != "" {
			out = append(out, s)
		}
	}
	return out
}

// requestType generates the body struct of a write: create is true for a
// POST (fields sent when set, required ones always), false for a PUT
// (pointer fields, so that a zero value can be sent on purpose).
func (g *gen) requestType(name, resource string, s *schema, create bool) *goStruct {
	if st, ok := g.m.structs[name]; ok {
		if st.from != s {
			g.errorf("request type %s stands for two schemas: rename one operation in the overrides", name)
		}
		return st
	}
	if !g.claim(name, "request") {
		return &goStruct{Name: name}
	}
	st := &goStruct{Name: name, File: "models", from: s,
		Doc: append([]string{name + " is a part of a request body; its fields are sent when set."}, firstParagraph(s.Description)...)}
	g.m.structs[name] = st
	for _, p := range g.spec.flatten(s) {
		_, t := g.spec.deref(p.Schema)
		// resource_type is the schema's own base type ("The base type of
		// this resource."), never sent; a resource_type that says something
		// else (an export's "task, team or message") is a real input.
		if readOnly(p.Schema) || readOnly(t) || p.Name == "gid" ||
			p.Name == "resource_type" && strings.HasPrefix(p.Schema.Description, "The base type") {
			continue
		}
		typ, omit := g.writeType(resource, name, p.Name, p.Schema)
		f := goField{Name: exported(p.Name), JSON: p.Name, Type: typ, Omit: omit, Doc: fieldDoc(p.Schema, t)}
		switch {
		case create && p.Required:
			f.Omit = ""
			f.Doc = strings.TrimSpace("Required. " + f.Doc)
		case !create && !strings.HasPrefix(typ, "[]") && !strings.HasPrefix(typ, "map[") && !strings.HasPrefix(typ, "*") && typ != "json.RawMessage":
			f.Type, f.Omit = "*"+typ, "omitempty"
			if p.Schema.Nullable || (t != nil && t.Nullable) {
				f.Null = g.nullEncoder(typ)
			}
		}
		st.Fields = append(st.Fields, f)
	}
	return st
}

// nullEncoder is how a nullable update field of type typ sends null: the
// hand-written encoders of tasks.go, which send the zero value as null.
func (g *gen) nullEncoder(typ string) string {
	switch {
	case typ == "string", g.m.enums[typ] != nil:
		return "stringOrNull"
	case typ == "time.Time":
		return "timeOrNull"
	case typ == "Date":
		return "Date"
	}
	return ""
}

// writeType is the Go type of a property of a request body.
func (g *gen) writeType(resource, owner, prop string, s *schema) (typ, omit string) {
	name, t := g.spec.deref(s)
	switch {
	case t == nil, len(t.OneOf) > 0, len(t.AnyOf) > 0:
		return "json.RawMessage", "omitempty"
	case t.Type == "array":
		elem, _ := g.writeType(resource, owner, prop, t.Items)
		return "[]" + strings.TrimPrefix(elem, "*"), "omitempty"
	case t.Type == "string" || (t.Type == "" && len(t.Enum) > 0):
		return g.stringType(resource, prop, name, s, t)
	case t.Type == "integer":
		return "int", "omitempty"
	case t.Type == "number":
		return "float64", "omitempty"
	case t.Type == "boolean":
		return "bool", "omitempty"
	case len(t.Properties) > 0 || len(t.AllOf) > 0:
		n := owner + exported(prop)
		if name != "" {
			n = exported(resourceName(strings.TrimSuffix(name, "Request"))) + "Input"
		}
		return "*" + g.requestType(n, resource, t, true).Name, "omitempty"
	case t.Type == "object":
		return "map[string]any", "omitempty"
	}
	return "json.RawMessage", "omitempty"
}

// fieldDoc is the first sentence of a property's description.
func fieldDoc(s, t *schema) string {
	d := s.Description
	if d == "" && t != nil {
		d = t.Description
	}
	ps := paragraphs(d)
	if len(ps) == 0 {
		return ""
	}
	p := ps[0]
	if loc := sentenceEndRE.FindStringIndex(p); loc != nil {
		p = p[:loc[0]+3]
	}
	if len(p) > 240 {
		p = p[:strings.LastIndex(p[:240], " ")] + " ..."
	}
	return p
}

// sentenceEndRE finds the end of a first sentence: a period after a word
// of two or more letters (not "i.e." or "e.g.") before a capital.
var sentenceEndRE = regexp.MustCompile(`[a-z0-9)]{2}\. [A-Z]`)

func firstParagraph(desc string) []string {
	ps := paragraphs(desc)
	if len(ps) == 0 {
		return nil
	}
	return ps[:1]
}

func article(s string) string {
	if s != "" && strings.ContainsRune("aeiou", rune(s[0])) {
		return "an " + s
	}
	return "a " + s
}
