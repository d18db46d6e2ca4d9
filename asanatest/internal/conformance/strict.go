package conformance

import (
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// strict adds the checks the spec cannot express: Asana's envelopes, and
// no object property that the schema does not name. Asana's schemas set no
// "required" and no "additionalProperties: false", so without this a body
// of {} or a misspelt field would pass.
//
// optOnly, when not nil, tells an unknown property the request asked for
// with a documented opt_field (given as a dotted path below data).
func (s *Spec) strict(op string, status int, doc any, schema *openapi3.SchemaRef, optOnly func(string) bool) []Violation {
	var vs []Violation
	obj, _ := doc.(map[string]any)
	switch {
	case status < 300:
		if _, ok := obj["data"]; !ok {
			vs = append(vs, Violation{Operation: op, Status: status, Reason: ReasonNoData})
		}
	case status >= 400:
		if !hasErrorMessages(obj) {
			vs = append(vs, Violation{Operation: op, Status: status, Field: "/errors", Reason: ReasonNoErrors})
		}
	}
	unknown := map[string]bool{}
	w := &unknownWalker{spec: s, op: op, status: status, out: unknown}
	w.walk(schema, doc, nil)
	vs = append(vs, w.typed...)
	fields := make([]string, 0, len(unknown))
	for f := range unknown {
		fields = append(fields, f)
	}
	sort.Strings(fields)
	for _, f := range fields {
		reason := ReasonUnknownProperty
		if optOnly != nil && optOnly(dataPath(f)) {
			reason = ReasonOptFieldOnly
		}
		vs = append(vs, Violation{Operation: op, Status: status, Field: f, Reason: reason})
	}
	return vs
}

func hasErrorMessages(obj map[string]any) bool {
	errs, _ := obj["errors"].([]any)
	if len(errs) == 0 {
		return false
	}
	for _, e := range errs {
		m, _ := e.(map[string]any)
		if msg, _ := m["message"].(string); msg == "" {
			return false
		}
	}
	return true
}

// unknownWalker records in out the pointer of every object property
// that the schema does not name. Free-form objects (no properties, or
// additionalProperties allowed) are not checked. A property missing from a
// Compact schema (as opt_fields make them on lists) is still validated
// against the same property of the matching Response schema, so that its
// type is checked too; those violations go to typed.
type unknownWalker struct {
	spec   *Spec
	op     string
	status int
	out    map[string]bool
	typed  []Violation
}

func (w *unknownWalker) walk(schema *openapi3.SchemaRef, v any, path []string) {
	if schema == nil || schema.Value == nil {
		return
	}
	switch x := v.(type) {
	case map[string]any:
		props, closed := w.spec.properties(schema.Value)
		if !closed {
			return
		}
		var full map[string]*openapi3.SchemaRef
		for k, val := range x {
			sub, ok := props[k]
			p := append(path[:len(path):len(path)], k)
			if ok {
				w.walk(sub, val, p)
				continue
			}
			w.out[pointer(p)] = true
			if full == nil {
				full = w.spec.responseProperties(schema.Ref)
			}
			if sub, ok := full[k]; ok && sub.Value != nil {
				if err := sub.Value.VisitJSON(val, openapi3.MultiErrors(), openapi3.VisitAsResponse()); err != nil {
					for _, vi := range violations(w.op, w.status, err) {
						vi.Field = pointer(p) + vi.Field
						w.typed = append(w.typed, vi)
					}
				}
				w.walk(sub, val, p)
			}
		}
	case []any:
		items := arrayItems(schema.Value)
		for i, e := range x {
			w.walk(items, e, append(path[:len(path):len(path)], strconv.Itoa(i)))
		}
	}
}

// responseProperties returns the properties of the Response schema that
// matches a Compact one ("#/components/schemas/UserCompact" ->
// UserResponse), or nil.
func (s *Spec) responseProperties(ref string) map[string]*openapi3.SchemaRef {
	name, ok := strings.CutPrefix(ref, "#/components/schemas/")
	if !ok || !strings.HasSuffix(name, "Compact") || s.doc.Components == nil {
		return map[string]*openapi3.SchemaRef{}
	}
	full := s.doc.Components.Schemas[strings.TrimSuffix(name, "Compact")+"Response"]
	if full == nil || full.Value == nil {
		return map[string]*openapi3.SchemaRef{}
	}
	props, _ := s.properties(full.Value)
	if props == nil {
		return map[string]*openapi3.SchemaRef{}
	}
	return props
}

// properties is the package function properties, memoized per schema:
// the walk meets the same schemas on every item of every list.
func (s *Spec) properties(schema *openapi3.Schema) (map[string]*openapi3.SchemaRef, bool) {
	if v, ok := s.props.Load(schema); ok {
		p := v.(propSet)
		return p.props, p.closed
	}
	props, closed := properties(schema)
	s.props.Store(schema, propSet{props, closed})
	return props, closed
}

type propSet struct {
	props  map[string]*openapi3.SchemaRef
	closed bool
}

// properties gathers the properties a schema allows, through allOf, oneOf
// and anyOf. closed is false when the schema admits any property.
func properties(s *openapi3.Schema) (map[string]*openapi3.SchemaRef, bool) {
	props := map[string]*openapi3.SchemaRef{}
	closed := false
	var add func(s *openapi3.Schema) bool
	add = func(s *openapi3.Schema) bool {
		if s == nil {
			return true
		}
		ap := s.AdditionalProperties
		if ap.Schema != nil || (ap.Has != nil && *ap.Has) {
			return false
		}
		if len(s.Properties) > 0 {
			closed = true
		}
		for k, p := range s.Properties {
			if _, ok := props[k]; !ok {
				props[k] = p
			}
		}
		for _, group := range [][]*openapi3.SchemaRef{s.AllOf, s.OneOf, s.AnyOf} {
			for _, r := range group {
				if r != nil && !add(r.Value) {
					return false
				}
			}
		}
		return true
	}
	if !add(s) {
		return nil, false
	}
	return props, closed
}

// arrayItems finds the items schema of an array schema, through allOf,
// oneOf and anyOf.
func arrayItems(s *openapi3.Schema) *openapi3.SchemaRef {
	if s.Items != nil {
		return s.Items
	}
	for _, group := range [][]*openapi3.SchemaRef{s.AllOf, s.OneOf, s.AnyOf} {
		for _, r := range group {
			if r != nil && r.Value != nil {
				if it := arrayItems(r.Value); it != nil {
					return it
				}
			}
		}
	}
	return nil
}

// dataPath turns a pointer below data into an opt_fields path:
// /data/*/workspace/name is workspace.name.
func dataPath(ptr string) string {
	var parts []string
	for i, seg := range strings.Split(ptr, "/") {
		if i < 2 || seg == "*" { // "" and "data"
			continue
		}
		parts = append(parts, seg)
	}
	return strings.Join(parts, ".")
}
