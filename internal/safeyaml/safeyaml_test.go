package safeyaml

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
)

// TestDecodeAccepts checks that the pre-scan lets ordinary YAML through:
// its estimates must not refuse what the loaders' users write.
func TestDecodeAccepts(t *testing.T) {
	tests := []struct {
		name, src string
		want      any
	}{
		{"empty", "", nil},
		{"comment only", "# nothing\n", nil},
		{"BOM", "\ufeffa: 1\n", map[string]any{"a": uint64(1)}},
		{"block", "a:\n  b: [1, 2]\n  c:\n  - x\n  - y: z\n", map[string]any{"a": map[string]any{"b": []any{uint64(1), uint64(2)}, "c": []any{"x", map[string]any{"y": "z"}}}}},
		{"plain scalars with indicators inside", "a: x[1 & *y !z\nb: c{d # a comment [[[\n", map[string]any{"a": "x[1 & *y !z", "b": "c{d"}},
		{"quotes hide indicators", "a: \"[[[[ &x *y\"\nb: 'it''s: [ {'\n\"c: d\": e\n", map[string]any{"a": "[[[[ &x *y", "b": "it's: [ {", "c: d": "e"}},
		{"block scalar with brackets", "a: |\n  [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n    *alias &anchor\nb: 1\n", map[string]any{"a": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n  *alias &anchor\n", "b": uint64(1)}},
		{"JSON", `{"a": [1, {"b": "c"}], "d": null}`, map[string]any{"a": []any{uint64(1), map[string]any{"b": "c"}}, "d": nil}},
		{"document marker", "---\na: 1\n...\n", map[string]any{"a": uint64(1)}},
		{"depth at the limit", strings.Repeat("[", 32) + strings.Repeat("]", 32), nest(32)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got any
			if _, err := Decode([]byte(tc.src), &got, Limits{}); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %#v, want %#v", got, tc.want)
			}
		})
	}
}

func nest(n int) any {
	var v any = []any{}
	for range n - 1 {
		v = []any{v}
	}
	return v
}

// TestDecodeRefuses checks each guard's error and where it points.
func TestDecodeRefuses(t *testing.T) {
	type doc struct {
		Name string `yaml:"name"`
	}
	tests := []struct {
		name, src string
		lim       Limits
		want      string // the whole Error() text
	}{
		{"too large", "a: 1\n", Limits{MaxBytes: 4}, "larger than 4 bytes"},
		{"too deep", "a:\n  b:\n    c: [[1]]\n", Limits{MaxDepth: 4}, "3:9: nested deeper than 4 levels"},
		{"too many nodes", "[1, 2, 3, 4]", Limits{MaxNodes: 4}, "1:11: more than 4 YAML nodes"},
		{"too many keys", "a: 1\nb: 2\nc: 3\n", Limits{MaxKeys: 2}, "3:1: a mapping with more than 2 keys"},
		{"long paths", "aaaaaaaaaa:\n  bbbbbbbbbb: [1, 2, 3]\n", Limits{MaxPathBytes: 64}, "2:16: keys too long for how deep and how many values are under them"},
		{"anchor", "name: &x a\n", Limits{}, "1:7: name: YAML tags, anchors and aliases are not allowed"},
		{"alias in flow", "[a, *x]", Limits{}, "1:5: [1]: YAML tags, anchors and aliases are not allowed"},
		{"anchor hiding a deep value", "a: &x " + strings.Repeat("[", 40), Limits{}, "1:38: nested deeper than 32 levels"},
		{"tag", "name: !!str a\n", Limits{}, "1:7: name: YAML tags, anchors and aliases are not allowed"},
		{"invalid UTF-8", "name: a\nx: \xff\n", Limits{}, "2:4: not valid UTF-8"},
		{"two documents", "name: a\n---\nname: b\n", Limits{}, "2:1: more than one YAML document"},
		{"unknown field", "name: a\nnmae: b\n", Limits{}, `2:1: nmae: unknown field "nmae"`},
		{"duplicate key", "name: a\nname: b\n", Limits{}, `2:1: mapping key "name" already defined at [1:1]`},
		{"long unknown field is cut", strings.Repeat("k", 10_000) + ": 1\n", Limits{}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var v doc
			_, err := Decode([]byte(tc.src), &v, tc.lim, yaml.Strict(), yaml.DisallowUnknownField())
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %T %v, want *Error", err, err)
			}
			if len(err.Error()) > MaxErrorBytes {
				t.Errorf("error of %d bytes", len(err.Error()))
			}
			if tc.want != "" && err.Error() != tc.want {
				t.Errorf("error %q, want %q", err, tc.want)
			}
		})
	}
}

func TestQuote(t *testing.T) {
	tests := []struct{ in, want string }{
		{"bob", `"bob"`},
		{strings.Repeat("a", 64), `"` + strings.Repeat("a", 64) + `"`},
		{strings.Repeat("a", 65), `"` + strings.Repeat("a", 64) + `"...`},
		{strings.Repeat("a", 63) + "é", `"` + strings.Repeat("a", 63) + `"...`},
	}
	for _, tc := range tests {
		if got := Quote(tc.in); got != tc.want {
			t.Errorf("Quote(%.10q...) = %s, want %s", tc.in, got, tc.want)
		}
	}
}
