package conformance

import "github.com/getkin/kin-openapi/openapi3"

// normalizeNullable reads Asana's way of marking a reference nullable,
//
//	assignee:
//	  allOf:
//	    - $ref: '#/components/schemas/UserCompact'
//	    - nullable: true
//
// as it is meant: the property may be null. OpenAPI 3.0 cannot put
// nullable next to a $ref, so the spec's generator moves it into an allOf
// branch, where a strict reading has no effect (null fails the UserCompact
// branch). The parent schema becomes nullable; nothing else changes.
func normalizeNullable(doc *openapi3.T) {
	seen := map[*openapi3.Schema]bool{}
	var walk func(r *openapi3.SchemaRef)
	walk = func(r *openapi3.SchemaRef) {
		if r == nil || r.Value == nil || seen[r.Value] {
			return
		}
		s := r.Value
		seen[s] = true
		for _, b := range s.AllOf {
			if b != nil && b.Value != nil && b.Ref == "" && b.Value.Nullable {
				s.Nullable = true
			}
		}
		for _, group := range [][]*openapi3.SchemaRef{s.AllOf, s.AnyOf, s.OneOf} {
			for _, b := range group {
				walk(b)
			}
		}
		walk(s.Not)
		walk(s.Items)
		walk(s.AdditionalProperties.Schema)
		for _, p := range s.Properties {
			walk(p)
		}
	}
	if doc.Components != nil {
		for _, r := range doc.Components.Schemas {
			walk(r)
		}
		for _, r := range doc.Components.Responses {
			walkResponse(r, walk)
		}
	}
	if doc.Paths == nil {
		return
	}
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			if op.Responses == nil {
				continue
			}
			for _, r := range op.Responses.Map() {
				walkResponse(r, walk)
			}
		}
	}
}

func walkResponse(r *openapi3.ResponseRef, walk func(*openapi3.SchemaRef)) {
	if r == nil || r.Value == nil {
		return
	}
	for _, mt := range r.Value.Content {
		if mt != nil {
			walk(mt.Schema)
		}
	}
}
