package safeyaml

import (
	"errors"
	"testing"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
)

// fuzzLimits are small, so that the fuzzer reaches them.
var fuzzLimits = Limits{MaxBytes: 4 << 10, MaxDepth: 6, MaxNodes: 64, MaxKeys: 8, MaxPathBytes: 2 << 10}

// shape measures a parsed file the way the pre-scan estimates it.
type shape struct{ depth, nodes, keys, pathBytes int }

func measure(file *ast.File) shape {
	var s shape
	var walk func(n ast.Node, depth int)
	walk = func(n ast.Node, depth int) {
		if n == nil {
			return
		}
		s.nodes++
		s.pathBytes += len(n.GetPath())
		switch n := n.(type) {
		case *ast.MappingNode:
			depth++
			if !n.IsFlowStyle {
				s.keys = max(s.keys, len(n.Values))
			}
			for _, v := range n.Values {
				walk(v.Key, depth)
				walk(v.Value, depth)
			}
		case *ast.MappingValueNode:
			depth++
			walk(n.Key, depth)
			walk(n.Value, depth)
		case *ast.SequenceNode:
			depth++
			for _, v := range n.Values {
				walk(v, depth)
			}
		case *ast.DocumentNode:
			walk(n.Body, depth)
		}
		s.depth = max(s.depth, depth)
	}
	for _, d := range file.Docs {
		walk(d, 0)
	}
	return s
}

// FuzzCheck checks that the pre-scan never under-estimates: whatever it
// accepts and go-yaml parses is within the limits go-yaml's costs depend on.
// It also checks that Decode never panics and that its errors are *Error
// with a bounded message.
func FuzzCheck(f *testing.F) {
	for _, s := range []string{
		"a: 1\nb: [1, 2, {c: d}]\n",
		"- - - x\n- y: |\n    text [[[\n  z: 1\n",
		"k: \"quoted: [\\\" #\"\nj: 'it''s'\n",
		"? complex\n: value\n",
		"--- [1]\n--- {a: b}\n",
		"a:\n- b\n- c:\n  - d\n",
		"{\"json\": [1, 2, {\"x\": null}]}",
		"a: &x 1\nb: *x\n",
		"!!map {a: b}",
		"k: a[b\nj: c{d\n",
		"a: b #[[[[\n",
		"a: >-\n  folded\n  text\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var v any
		_, err := Decode(data, &v, fuzzLimits)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %T %v, want *Error", err, err)
			}
			if len(err.Error()) > MaxErrorBytes {
				t.Fatalf("error of %d bytes", len(err.Error()))
			}
		}
		if Check(data, fuzzLimits) != nil {
			return
		}
		file, err := parser.ParseBytes(data, 0)
		if err != nil {
			return
		}
		got := measure(file)
		// Each pre-scan frame is one collection; go-yaml adds a
		// MappingValueNode level per key, hence twice the depth.
		if got.depth > 2*fuzzLimits.MaxDepth || got.nodes > 3*fuzzLimits.MaxNodes ||
			got.keys > fuzzLimits.MaxKeys || got.pathBytes > 3*fuzzLimits.MaxPathBytes {
			t.Fatalf("accepted %q, which parses to %+v", data, got)
		}
	})
}
