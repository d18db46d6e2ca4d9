package main

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/goccy/go-yaml"
)

// toJSON converts a YAML document to the JSON twin the tests read. The
// output has the shape the first twin was made with (PyYAML safe_load, then
// Python's json.dump with indent=2 and ensure_ascii=False), so a refresh
// of an unchanged spec rewrites the twin byte for byte: members in YAML
// order, two-space indent, integer and boolean map keys as strings
// (response codes become "200"), floats as Python prints them, text not
// escaped beyond what JSON requires, and no final newline.
func toJSON(doc []byte) ([]byte, error) {
	v, err := decode(doc)
	if err != nil {
		return nil, err
	}
	return encode(v)
}

// decode parses a YAML document, keeping the order of mapping keys.
func decode(doc []byte) (any, error) {
	var v any
	if err := yaml.UnmarshalWithOptions(doc, &v, yaml.UseOrderedMap()); err != nil {
		return nil, err
	}
	return v, nil
}

// encode writes a decoded document as JSON (see toJSON).
func encode(v any) ([]byte, error) {
	var b bytes.Buffer
	if err := writeValue(&b, v, 0); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func writeValue(b *bytes.Buffer, v any, depth int) error {
	switch v := v.(type) {
	case yaml.MapSlice:
		if len(v) == 0 {
			b.WriteString("{}")
			return nil
		}
		b.WriteByte('{')
		for i, item := range v {
			if i > 0 {
				b.WriteByte(',')
			}
			newline(b, depth+1)
			key, err := keyString(item.Key)
			if err != nil {
				return err
			}
			writeString(b, key)
			b.WriteString(": ")
			if err := writeValue(b, item.Value, depth+1); err != nil {
				return fmt.Errorf("%s: %w", key, err)
			}
		}
		newline(b, depth)
		b.WriteByte('}')
	case []any:
		if len(v) == 0 {
			b.WriteString("[]")
			return nil
		}
		b.WriteByte('[')
		for i, e := range v {
			if i > 0 {
				b.WriteByte(',')
			}
			newline(b, depth+1)
			if err := writeValue(b, e, depth+1); err != nil {
				return fmt.Errorf("[%d]: %w", i, err)
			}
		}
		newline(b, depth)
		b.WriteByte(']')
	default:
		s, err := scalar(v)
		if err != nil {
			return err
		}
		b.WriteString(s)
	}
	return nil
}

func newline(b *bytes.Buffer, depth int) {
	b.WriteByte('\n')
	b.WriteString(strings.Repeat("  ", depth))
}

// scalar is the JSON text of a YAML scalar.
func scalar(v any) (string, error) {
	switch v := v.(type) {
	case nil:
		return "null", nil
	case string:
		var b bytes.Buffer
		writeString(&b, v)
		return b.String(), nil
	case bool, int, int64, uint64:
		return fmt.Sprint(v), nil
	case float64:
		return pythonFloat(v)
	}
	return "", fmt.Errorf("unsupported YAML value %T %v", v, v)
}

// keyString is a map key as json.dump writes it: strings as they are, and
// null, booleans and numbers as their JSON text.
func keyString(k any) (string, error) {
	switch k := k.(type) {
	case string:
		return k, nil
	case nil, bool, int, int64, uint64, float64:
		return scalar(k)
	}
	return "", fmt.Errorf("unsupported map key %T %v", k, k)
}

// pythonFloat prints f as Python's repr does: the shortest digits that read
// back as f, in fixed notation with at least one decimal when the exponent
// is in [-4, 16), else as 1.5e-05.
func pythonFloat(f float64) (string, error) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return "", errors.New("infinite or NaN number: not JSON")
	}
	if f == 0 {
		if math.Signbit(f) {
			return "-0.0", nil
		}
		return "0.0", nil
	}
	e := strconv.FormatFloat(f, 'e', -1, 64)
	exp, err := strconv.Atoi(e[strings.IndexByte(e, 'e')+1:])
	if err != nil {
		return "", err
	}
	if exp < -4 || exp >= 16 {
		return e, nil
	}
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if !strings.Contains(s, ".") {
		s += ".0"
	}
	return s, nil
}

// writeString writes s as a JSON string the way json.dump with
// ensure_ascii=False does: only quote, backslash and control characters are
// escaped.
func writeString(b *bytes.Buffer, s string) {
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		default:
			if r < 0x20 {
				fmt.Fprintf(b, `\u%04x`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
}
