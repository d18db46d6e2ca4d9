package asanatest

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/asanakit/asana-go/internal/spec"
)

// unroutedOperations are the spec's operations the fake does not route.
// Issue 13 emptied it; it stays as the place a new spec operation goes
// until it is served: TestEverySpecOperationRouted fails for an operation
// of the spec missing from the fake's routes and from this list, and for
// an entry the fake routes.
var unroutedOperations []string

// TestEverySpecOperationRouted compares the spec's operations (the whole
// vendored spec, not the conformance checker's copy, which keeps only the
// routed ones) with the fake's REST routes: every operation is routed (or listed above), and
// every route is an operation of the spec.
func TestEverySpecOperationRouted(t *testing.T) {
	raw, err := os.ReadFile(spec.JSONPath())
	if err != nil {
		t.Skipf("OpenAPI spec not available: %v", err)
	}
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	var ops []string
	for path, item := range doc.Paths {
		for method := range item {
			switch method {
			case "get", "post", "put", "delete", "patch":
				ops = append(ops, strings.ToUpper(method)+" "+path)
			}
		}
	}
	if !slices.IsSorted(unroutedOperations) {
		t.Error("unroutedOperations is not sorted")
	}
	s := Must(New())
	defer s.Close()
	routed := map[string]bool{}
	for _, rt := range s.routes {
		if !rt.scim {
			routed[rt.method+" "+rt.pattern] = true
		}
	}
	if len(ops) < 200 {
		t.Fatalf("the spec lists only %d operations", len(ops))
	}
	for _, op := range ops {
		pending := slices.Contains(unroutedOperations, op)
		switch {
		case !routed[op] && !pending:
			t.Errorf("%s: the fake has no route (404 No matching route)", op)
		case routed[op] && pending:
			t.Errorf("%s: routed now: drop it from unroutedOperations", op)
		}
		delete(routed, op)
	}
	for op := range routed {
		t.Errorf("%s: a route of the fake that the spec does not list", op)
	}
	for _, op := range unroutedOperations {
		if !slices.Contains(ops, op) {
			t.Errorf("unroutedOperations names %s, which the spec does not list", op)
		}
	}
}
