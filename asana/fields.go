package asana

import (
	"encoding"
	"encoding/json"
	"reflect"
	"strings"
)

// FieldsOf returns the opt_fields that fill T, a struct of the caller's own
// whose json tags name Asana fields, so that a call asks for exactly what
// the caller decodes:
//
//	type row struct {
//		Name     string `json:"name"`
//		Assignee struct {
//			Email string `json:"email"`
//		} `json:"assignee"`
//	}
//	opts := &asana.ListOptions{Fields: asana.FieldsOf[row]()} // name, assignee.email
//
// Fields are named as encoding/json names them (tag name, else the Go
// name); "-" and unexported fields are skipped, embedded structs without a
// tag are inlined. A nested struct, pointer to struct, or slice of them
// becomes dotted paths of its own fields. A type that decodes itself
// (time.Time, Date, anything implementing json.Unmarshaler or
// encoding.TextUnmarshaler) is one field, and so is a type met again below
// itself (Task.Parent in Task), which keeps the walk finite. The result is
// in field order without duplicates; nil if T is not a struct.
func FieldsOf[T any]() []string {
	t := reflect.TypeFor[T]()
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return nil
	}
	w := fieldWalker{onPath: map[reflect.Type]bool{t: true}, seen: map[string]bool{}}
	w.walk(t, "")
	return w.out
}

type fieldWalker struct {
	onPath map[reflect.Type]bool // struct types between the root and here
	seen   map[string]bool
	out    []string
}

func (w *fieldWalker) add(path string) {
	if !w.seen[path] {
		w.seen[path] = true
		w.out = append(w.out, path)
	}
}

func (w *fieldWalker) walk(t reflect.Type, prefix string) {
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		ft := elemType(f.Type)
		if f.Anonymous && name == "" && ft.Kind() == reflect.Struct && !decodesItself(ft) {
			if !w.onPath[ft] { // inline the embedded struct's fields
				w.onPath[ft] = true
				w.walk(ft, prefix)
				delete(w.onPath, ft)
			}
			continue
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		path := prefix + name
		if ft.Kind() != reflect.Struct || decodesItself(ft) || w.onPath[ft] {
			w.add(path)
			continue
		}
		before := len(w.out)
		w.onPath[ft] = true
		w.walk(ft, path+".")
		delete(w.onPath, ft)
		if len(w.out) == before { // a struct with no fields of its own
			w.add(path)
		}
	}
}

// elemType strips pointers, slices and arrays down to the element type.
func elemType(t reflect.Type) reflect.Type {
	for {
		switch t.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Array:
			t = t.Elem()
		default:
			return t
		}
	}
}

var (
	jsonUnmarshalerType = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// decodesItself reports whether t has its own JSON decoding, which makes it
// a single field rather than a set of subfields.
func decodesItself(t reflect.Type) bool {
	p := reflect.PointerTo(t)
	return p.Implements(jsonUnmarshalerType) || p.Implements(textUnmarshalerType)
}
