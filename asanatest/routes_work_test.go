package asanatest

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// workTags are the spec tags whose every operation the fake must serve:
// those the asana client wraps.
var workTags = []string{"Workspaces", "Users", "Workspace memberships", "Teams", "Team memberships",
	"Projects", "Sections", "Tasks", "Stories", "Attachments", "Jobs", "Organization exports", "Batch API"}

// notYetServed are operations of workTags that belong with later work:
// workspace events go with the events endpoints.
var notYetServed = map[string]bool{"GET /workspaces/{workspace_gid}/events": true}

// TestWorkRoutesCoverSpec checks that every operation of workTags in the
// OpenAPI spec (ASANA_OPENAPI_SPEC, or its JSON twin) has a route.
func TestWorkRoutesCoverSpec(t *testing.T) {
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(readSpecJSON(t), &doc); err != nil {
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
			if key := strings.ToUpper(method) + " " + p; !served[key] && !notYetServed[key] {
				t.Errorf("no route for %s (%s)", key, op.Tags[0])
			}
		}
	}
	if n < 60 {
		t.Errorf("only %d operations found for %v: wrong spec?", n, workTags)
	}
}
