package asanatest

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"
)

// workTags are the spec tags whose every operation the fake must serve.
var workTags = []string{"Projects", "Sections", "Tasks", "Stories", "Attachments", "Jobs", "Organization exports"}

// TestWorkRoutesCoverSpec checks that every operation of workTags in the
// OpenAPI spec (ASANA_OPENAPI_SPEC, or its JSON twin) has a route.
func TestWorkRoutesCoverSpec(t *testing.T) {
	spec := os.Getenv("ASANA_OPENAPI_SPEC")
	if spec == "" {
		spec = "../../shared/asana-openapi/asana_oas.yaml"
		if _, err := os.Stat(spec); err != nil {
			t.Skip("ASANA_OPENAPI_SPEC is not set")
		}
	}
	raw, err := os.ReadFile(strings.TrimSuffix(spec, ".yaml") + ".json")
	if err != nil {
		t.Fatalf("the spec's JSON twin: %v", err)
	}
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	s := Must(New())
	defer s.Close()
	served := map[string]bool{}
	for _, rt := range s.routes {
		served[rt.method+" "+rt.pattern] = true
	}
	n := 0
	for p, ops := range doc.Paths {
		for method, rawOp := range ops {
			var op struct {
				Tags []string `json:"tags"`
			}
			if json.Unmarshal(rawOp, &op) != nil || len(op.Tags) == 0 || !slices.Contains(workTags, op.Tags[0]) {
				continue
			}
			n++
			if key := strings.ToUpper(method) + " " + p; !served[key] {
				t.Errorf("no route for %s (%s)", key, op.Tags[0])
			}
		}
	}
	if n < 60 {
		t.Errorf("only %d operations found for %v: wrong spec?", n, workTags)
	}
}
