package asanatest

import (
	"encoding/json"
	"slices"
	"testing"
)

// FuzzExportParams feeds export_request_parameters to the parser: it
// never panics, and what it accepts names a known resource type with
// filters that parse again.
func FuzzExportParams(f *testing.F) {
	for _, seed := range []string{
		`[{"resource_type":"task"}]`,
		`[{"resource_type":"task","fields":["name","stories"],"filters":{"assignee.any":["1"],"created_at.after":"2024-01-01T00:00:00Z"}}]`,
		`[{"resource_type":"team","filters":{}}]`,
		`[{"resource_type":"message","fields":["title"],"filters":{"modified_at.before":"2024-01-01"}}]`,
		`[{"resource_type":"task","filters":{"liked_by.any":["1"]}}]`,
		`[{"fields":["name"]}]`, `[]`, `null`, `"task"`, `[{"resource_type":"task","fields":["a..b"]}]`,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		if !json.Valid([]byte(raw)) {
			return
		}
		b := &body{fields: map[string]json.RawMessage{"export_request_parameters": json.RawMessage(raw)}}
		params, err := exportParams(b)
		if err != nil {
			if params != nil {
				t.Fatalf("params %v with error %v", params, err)
			}
			return
		}
		for i, p := range params {
			if !slices.Contains([]string{"task", "team", "message"}, p.ResourceType) {
				t.Fatalf("accepted resource_type %q", p.ResourceType)
			}
			if _, err := parseExportFilter("p", p); err != nil {
				t.Fatalf("param %d accepted, then %v", i, err)
			}
			exportSelection(p)
		}
	})
}
