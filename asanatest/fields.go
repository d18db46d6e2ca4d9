package asanatest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"time"
)

// selection is a parsed opt_fields: the requested fields in request order,
// each with the sub-fields asked for by dotted paths (nil for a leaf).
type selection []fieldSel

type fieldSel struct {
	name string
	sub  selection
}

func (s selection) find(name string) int {
	for i := range s {
		if s[i].name == name {
			return i
		}
	}
	return -1
}

// add merges one dotted path into the selection.
func (s selection) add(path []string) selection {
	i := s.find(path[0])
	if i < 0 {
		s = append(s, fieldSel{name: path[0]})
		i = len(s) - 1
	}
	if len(path) > 1 {
		s[i].sub = s[i].sub.add(path[1:])
	}
	return s
}

// parseOptFields parses the values of every opt_fields query key: comma
// lists (the query decoder has already turned %2C into commas) of field
// names or dotted paths such as memberships.project.name. Blank items are
// skipped, as Asana does with a trailing comma; an empty path segment
// ("a..b", ".a") is an error. It returns nil when no field was named.
func parseOptFields(values []string) (selection, error) {
	var sel selection
	for _, v := range values {
		for _, item := range strings.Split(v, ",") {
			item = strings.TrimSpace(item)
			if item == "" {
				continue
			}
			path := strings.Split(item, ".")
			for _, seg := range path {
				if !validFieldName(seg) {
					return nil, badRequest("opt_fields", "Invalid field path: %q", item)
				}
			}
			sel = sel.add(path)
		}
	}
	return sel, nil
}

func validFieldName(s string) bool {
	if s == "" || len(s) > 100 {
		return false
	}
	for _, r := range s {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// kind describes how one resource kind (or an embedded object without a
// gid, such as a task membership) renders as JSON.
type kind struct {
	// name is the resource_type; empty for embedded objects.
	name string
	// compact lists the fields of the compact form (after gid), used for
	// list entries and nested references when opt_fields says nothing.
	compact []string
	// full lists the fields a single-object GET returns by default.
	full   []string
	fields map[string]fieldFunc
	// lookup finds a stored record of the kind by GID (nil when missing),
	// for references and lists; nil for kinds that are not stored.
	lookup func(st *state, gid string) any
}

// fieldFunc reads one field of a record. It returns a JSON-ready value:
// nil, string, bool, a number, time.Time (zero renders as null),
// []string, ref, embed, or []any of those.
type fieldFunc func(v *view, rec any) any

// ref is a reference to another resource: compact by default, or
// projected with the sub-fields of a dotted path.
type ref struct {
	k   *kind
	rec any
}

// embed is an object without a gid (a task's membership, a user's photo):
// all its fields by default.
type embed struct {
	k   *kind
	rec any
}

// field adapts a typed accessor to a fieldFunc.
func field[T any](f func(v *view, r *T) any) fieldFunc {
	return func(v *view, rec any) any { return f(v, rec.(*T)) }
}

// newKind builds a kind from typed accessors; gid and resource_type come
// for free for resources.
func newKind[T any](name string, compact, full []string, fields map[string]func(v *view, r *T) any) *kind {
	k := &kind{name: name, compact: compact, full: full, fields: make(map[string]fieldFunc, len(fields)+1)}
	for n, f := range fields {
		k.fields[n] = field(f)
	}
	if name != "" {
		k.fields["resource_type"] = func(*view, any) any { return name }
	}
	return k
}

// view renders records while the caller holds the state lock: it can
// follow GIDs to other records.
type view struct {
	s     *Server
	st    *state
	kinds *kinds
	// base is the origin of the request, for URLs such as permalink_url.
	base string
	// viewer is the caller's user GID, for fields shown to some users
	// only and fields such as liked ("" in exports).
	viewer string
}

// object is a JSON object that keeps its keys in insertion order, so that
// gid comes first as in Asana's answers.
type object struct {
	keys []string
	vals []any
}

func (o *object) set(k string, v any) { o.keys = append(o.keys, k); o.vals = append(o.vals, v) }

// MarshalJSON writes the object with its keys in order.
func (o object) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, k := range o.keys {
		if i > 0 {
			b.WriteByte(',')
		}
		kb, _ := json.Marshal(k)
		b.Write(kb)
		b.WriteByte(':')
		vb, err := json.Marshal(o.vals[i])
		if err != nil {
			return nil, err
		}
		b.Write(vb)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// project renders rec of kind k: with sel nil, gid plus the fields in def;
// otherwise gid plus exactly the selected fields, nested references
// following their sub-selections. A field the kind does not have is a 400.
func (v *view) project(k *kind, rec any, sel selection, def []string) (object, error) {
	var o object
	n := len(def)
	if sel != nil {
		n = len(sel)
	}
	o.keys, o.vals = make([]string, 0, n+1), make([]any, 0, n+1)
	if k.name != "" {
		o.set("gid", k.fields["gid"](v, rec))
	}
	if sel == nil {
		for _, name := range def {
			val, err := v.render(k.fields[name](v, rec), nil, name)
			if err != nil {
				return o, err
			}
			o.set(name, val)
		}
		return o, nil
	}
	for _, fs := range sel {
		if fs.name == "gid" && k.name != "" {
			continue
		}
		f, ok := k.fields[fs.name]
		if !ok {
			return o, badRequest("opt_fields", "Unknown field %q on %s", fs.name, kindLabel(k))
		}
		val, err := v.render(f(v, rec), fs.sub, fs.name)
		if err != nil {
			return o, err
		}
		o.set(fs.name, val)
	}
	return o, nil
}

func kindLabel(k *kind) string {
	if k.name == "" {
		return "this object"
	}
	return k.name
}

// render turns a field value into JSON-ready form, applying sub to nested
// objects.
func (v *view) render(val any, sub selection, name string) (any, error) {
	switch x := val.(type) {
	case ref:
		if x.rec == nil {
			return nil, nil
		}
		return v.project(x.k, x.rec, sub, x.k.compact)
	case embed:
		if x.rec == nil {
			return nil, nil
		}
		return v.project(x.k, x.rec, sub, x.k.full)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			r, err := v.render(e, sub, name)
			if err != nil {
				return nil, err
			}
			out[i] = r
		}
		return out, nil
	case time.Time:
		if sub != nil {
			return nil, noSubfields(name)
		}
		if x.IsZero() {
			return nil, nil
		}
		return x.UTC().Format(timeFormat), nil
	case nil:
		// An empty reference (a task without assignee) is null whatever
		// sub-fields were asked for, as in Asana.
		return nil, nil
	default:
		if sub != nil {
			return nil, noSubfields(name)
		}
		return val, nil
	}
}

func noSubfields(name string) error {
	return &apiError{status: http.StatusBadRequest, message: "opt_fields: " + name + " has no sub-fields"}
}

// timeFormat is how Asana writes date-times: UTC with milliseconds.
const timeFormat = "2006-01-02T15:04:05.000Z"

// nullable returns nil for "" so that empty strings render as null.
func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}
