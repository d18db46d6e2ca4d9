package main

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
)

// This file reads the part of Asana's OpenAPI spec the generator uses and
// resolves its references.

// schema is an OpenAPI schema object.
type schema struct {
	Ref         string             `json:"$ref"`
	Type        string             `json:"type"`
	Format      string             `json:"format"`
	Description string             `json:"description"`
	Enum        []any              `json:"enum"`
	Example     any                `json:"example"`
	Nullable    bool               `json:"nullable"`
	ReadOnly    bool               `json:"readOnly"`
	WriteOnly   bool               `json:"writeOnly"`
	Properties  map[string]*schema `json:"properties"`
	Required    []string           `json:"required"`
	Items       *schema            `json:"items"`
	AllOf       []*schema          `json:"allOf"`
	OneOf       []*schema          `json:"oneOf"`
	AnyOf       []*schema          `json:"anyOf"`
	// Additional is additionalProperties: true or a schema.
	Additional json.RawMessage `json:"additionalProperties"`
}

// parameter is an OpenAPI parameter object.
type parameter struct {
	Ref         string  `json:"$ref"`
	Name        string  `json:"name"`
	In          string  `json:"in"`
	Description string  `json:"description"`
	Required    bool    `json:"required"`
	Schema      *schema `json:"schema"`
}

type mediaType struct {
	Schema *schema `json:"schema"`
}

type response struct {
	Ref     string               `json:"$ref"`
	Content map[string]mediaType `json:"content"`
}

// operation is an OpenAPI operation object.
type operation struct {
	OperationID string       `json:"operationId"`
	Summary     string       `json:"summary"`
	Description string       `json:"description"`
	Tags        []string     `json:"tags"`
	Deprecated  bool         `json:"deprecated"`
	Parameters  []*parameter `json:"parameters"`
	RequestBody *struct {
		Content map[string]mediaType `json:"content"`
	} `json:"requestBody"`
	Responses map[string]*response `json:"responses"`

	// Filled by load.
	Method, Path string
}

// Key is the operation's "METHOD /path", as in asana:operation markers.
func (o *operation) Key() string { return o.Method + " " + o.Path }

// specDoc is the loaded spec.
type specDoc struct {
	Operations []*operation
	Schemas    map[string]*schema
	Parameters map[string]*parameter
}

// loadSpec reads the JSON form of the spec at path.
func loadSpec(path string) (*specDoc, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var raw struct {
		Paths      map[string]map[string]json.RawMessage `json:"paths"`
		Components struct {
			Schemas    map[string]*schema    `json:"schemas"`
			Parameters map[string]*parameter `json:"parameters"`
		} `json:"components"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	d := &specDoc{Schemas: raw.Components.Schemas, Parameters: raw.Components.Parameters}
	for p, item := range raw.Paths {
		var shared []*parameter
		if b, ok := item["parameters"]; ok {
			if err := json.Unmarshal(b, &shared); err != nil {
				return nil, fmt.Errorf("%s parameters: %w", p, err)
			}
		}
		for method, b := range item {
			switch method {
			case "get", "post", "put", "patch", "delete":
			default:
				continue
			}
			op := &operation{}
			if err := json.Unmarshal(b, op); err != nil {
				return nil, fmt.Errorf("%s %s: %w", method, p, err)
			}
			op.Method, op.Path = strings.ToUpper(method), p
			op.Parameters = d.mergeParams(shared, op.Parameters)
			d.Operations = append(d.Operations, op)
		}
	}
	if len(d.Operations) == 0 {
		return nil, fmt.Errorf("%s: no operations", path)
	}
	// By path, then GET, POST, PUT, PATCH, DELETE: a file reads in the
	// order of the API reference.
	rank := map[string]int{"GET": 0, "POST": 1, "PUT": 2, "PATCH": 3, "DELETE": 4}
	sort.Slice(d.Operations, func(i, j int) bool {
		a, b := d.Operations[i], d.Operations[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		return rank[a.Method] < rank[b.Method]
	})
	return d, nil
}

// mergeParams resolves the path item's and the operation's parameters; an
// operation's parameter replaces a shared one of the same name and place.
func (d *specDoc) mergeParams(shared, own []*parameter) []*parameter {
	var out []*parameter
	seen := map[string]int{}
	for _, p := range append(append([]*parameter(nil), shared...), own...) {
		if p.Ref != "" {
			p = d.Parameters[refName(p.Ref)]
			if p == nil {
				continue
			}
		}
		k := p.In + " " + p.Name
		if i, ok := seen[k]; ok {
			out[i] = p
			continue
		}
		seen[k] = len(out)
		out = append(out, p)
	}
	return out
}

// refName is the last element of a "#/components/schemas/Name" reference.
func refName(ref string) string { return ref[strings.LastIndex(ref, "/")+1:] }

// deref follows s's reference, and an allOf that wraps a single reference
// (the spec's way of adding a description to one), to the schema named.
// It returns the name ("" when s is inline) and the schema.
func (d *specDoc) deref(s *schema) (string, *schema) {
	name := ""
	for range 10 {
		switch {
		case s == nil:
			return name, nil
		case s.Ref != "":
			if name == "" {
				name = refName(s.Ref)
			}
			s = d.Schemas[refName(s.Ref)]
		case len(s.Properties) == 0 && wrapsOne(s.AllOf) != nil:
			s = wrapsOne(s.AllOf)
		default:
			return name, s
		}
	}
	return name, s
}

// wrapsOne returns the one part of an allOf that has content when every
// other part only annotates it (a description, readOnly, nullable), as in
// {"allOf": [{"$ref": ".../GoalCompact"}, {"readOnly": true}]}; else nil.
func wrapsOne(parts []*schema) *schema {
	var one *schema
	for _, p := range parts {
		if p.Ref == "" && len(p.Properties) == 0 && len(p.AllOf) == 0 && len(p.OneOf) == 0 &&
			len(p.AnyOf) == 0 && p.Items == nil && len(p.Enum) == 0 && (p.Type == "" || p.Type == "object") {
			continue
		}
		if one != nil {
			return nil
		}
		one = p
	}
	return one
}

// readOnly reports whether a property is read-only, on itself or on an
// allOf part that annotates it.
func readOnly(s *schema) bool {
	if s == nil {
		return false
	}
	if s.ReadOnly {
		return true
	}
	for _, p := range s.AllOf {
		if p.Ref == "" && p.ReadOnly {
			return true
		}
	}
	return false
}

// property is one property of a flattened object schema.
type property struct {
	Name     string
	Schema   *schema
	Required bool
}

// flatten lists the properties of an object schema with those of its allOf
// parts, sorted by name with gid and resource_type first. A later part
// replaces an earlier one's property of the same name.
func (d *specDoc) flatten(s *schema) []property {
	props := map[string]*schema{}
	required := map[string]bool{}
	var walk func(s *schema, depth int)
	walk = func(s *schema, depth int) {
		if s == nil || depth > 20 {
			return
		}
		if s.Ref != "" {
			walk(d.Schemas[refName(s.Ref)], depth+1)
			return
		}
		for _, a := range s.AllOf {
			walk(a, depth+1)
		}
		for k, v := range s.Properties {
			props[k] = v
		}
		// A polymorphic schema (a membership of a goal, project or
		// portfolio) reads as the union of its variants' properties; a
		// property the variants type differently becomes a oneOf.
		for _, variants := range [][]*schema{s.OneOf, s.AnyOf} {
			before := props
			for _, v := range variants {
				props = map[string]*schema{}
				walk(v, depth+1)
				for k, p := range props {
					switch prev, ok := before[k]; {
					case !ok:
						before[k] = p
					case prev != p && !d.sameShape(prev, p):
						_, pt := d.deref(prev)
						_, nt := d.deref(p)
						if pt != nil && nt != nil && pt.Type == "string" && nt.Type == "string" && pt.Format == nt.Format {
							// Enums of different values: a plain string.
							before[k] = &schema{Type: "string", Format: pt.Format, Description: prev.Description}
							continue
						}
						before[k] = &schema{OneOf: []*schema{prev, p}, Description: prev.Description}
					}
				}
			}
			props = before
		}
		for _, r := range s.Required {
			required[r] = true
		}
	}
	walk(s, 0)
	out := make([]property, 0, len(props))
	for k, v := range props {
		out = append(out, property{Name: k, Schema: v, Required: required[k]})
	}
	rank := func(n string) int {
		switch n {
		case "gid":
			return 0
		case "resource_type":
			return 1
		}
		return 2
	}
	sort.Slice(out, func(i, j int) bool {
		ri, rj := rank(out[i].Name), rank(out[j].Name)
		if ri != rj {
			return ri < rj
		}
		return out[i].Name < out[j].Name
	})
	return out
}

// sameShape reports whether two property schemas read as the same Go
// type: the same reference, or the same scalar type and format.
func (d *specDoc) sameShape(a, b *schema) bool {
	an, at := d.deref(a)
	bn, bt := d.deref(b)
	if at == nil || bt == nil {
		return false
	}
	if an != "" || bn != "" {
		return an == bn
	}
	return at.Type == bt.Type && at.Format == bt.Format && len(at.Enum) == 0 && len(bt.Enum) == 0 && at.Type != "object" && at.Type != "array"
}

// dataSchema returns the schema of the "data" member of a JSON envelope
// schema, or nil.
func (d *specDoc) dataSchema(s *schema) *schema {
	_, s = d.deref(s)
	if s == nil {
		return nil
	}
	return s.Properties["data"]
}

// body returns the data schema of an operation's JSON request body and
// its content type; nil when it has none.
func (o *operation) body() (*mediaType, string) {
	if o.RequestBody == nil {
		return nil, ""
	}
	for ct, m := range o.RequestBody.Content {
		return &m, ct
	}
	return nil, ""
}

// success returns the schema of the operation's successful answer.
func (o *operation) success() *schema {
	for _, code := range []string{"200", "201", "202", "203"} {
		r := o.Responses[code]
		if r == nil {
			continue
		}
		for _, m := range r.Content {
			return m.Schema
		}
	}
	return nil
}

// param returns the operation's parameter of that name and place.
func (o *operation) param(in, name string) *parameter {
	for _, p := range o.Parameters {
		if p.In == in && p.Name == name {
			return p
		}
	}
	return nil
}
