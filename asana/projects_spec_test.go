package asana

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// oasDoc is the part of Asana's OpenAPI spec these tests read.
type oasDoc struct {
	Paths      map[string]map[string]json.RawMessage `json:"paths"`
	Components struct {
		Schemas    map[string]oasSchema `json:"schemas"`
		Parameters map[string]oasParam  `json:"parameters"`
	} `json:"components"`
}

type oasSchema struct {
	Ref        string               `json:"$ref"`
	AllOf      []oasSchema          `json:"allOf"`
	Properties map[string]oasSchema `json:"properties"`
	Items      *oasSchema           `json:"items"`
	Enum       []any                `json:"enum"`
}

type oasParam struct {
	Ref    string    `json:"$ref"`
	Name   string    `json:"name"`
	Schema oasSchema `json:"schema"`
}

type oasOperation struct {
	OperationID string     `json:"operationId"`
	Parameters  []oasParam `json:"parameters"`
}

// loadSpecJSON finds the JSON form of Asana's spec: next to
// $ASANA_OPENAPI_SPEC, or in a shared/asana-openapi directory above the
// working directory. Tests skip when it is absent.
func loadSpecJSON(t *testing.T) *oasDoc {
	t.Helper()
	var candidates []string
	if p := os.Getenv("ASANA_OPENAPI_SPEC"); p != "" {
		candidates = append(candidates, strings.TrimSuffix(p, filepath.Ext(p))+".json")
	}
	if dir, err := os.Getwd(); err == nil {
		for ; dir != filepath.Dir(dir); dir = filepath.Dir(dir) {
			candidates = append(candidates, filepath.Join(dir, "shared", "asana-openapi", "asana_oas.json"))
		}
	}
	for _, p := range candidates {
		data, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		var doc oasDoc
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		return &doc
	}
	t.Skip("Asana's OpenAPI spec (asana_oas.json) not found; set ASANA_OPENAPI_SPEC")
	return nil
}

// optFields returns the opt_fields enum of an operation.
func (d *oasDoc) optFields(t *testing.T, method, path string) []string {
	t.Helper()
	raw, ok := d.Paths[path][method]
	if !ok {
		t.Fatalf("spec has no %s %s", method, path)
	}
	var op oasOperation
	if err := json.Unmarshal(raw, &op); err != nil {
		t.Fatal(err)
	}
	for _, p := range op.Parameters {
		if p.Ref != "" {
			p = d.Components.Parameters[strings.TrimPrefix(p.Ref, "#/components/parameters/")]
		}
		if p.Name == "opt_fields" && p.Schema.Items != nil {
			var out []string
			for _, v := range p.Schema.Items.Enum {
				out = append(out, v.(string))
			}
			return out
		}
	}
	t.Fatalf("%s %s has no opt_fields", method, path)
	return nil
}

// properties returns the property names of a schema, following $ref and
// allOf.
func (d *oasDoc) properties(name string) map[string]bool {
	out := map[string]bool{}
	var walk func(s oasSchema)
	walk = func(s oasSchema) {
		if s.Ref != "" {
			walk(d.Components.Schemas[strings.TrimPrefix(s.Ref, "#/components/schemas/")])
		}
		for _, a := range s.AllOf {
			walk(a)
		}
		for k := range s.Properties {
			out[k] = true
		}
	}
	walk(d.Components.Schemas[name])
	return out
}

// jsonNames returns the JSON names of a struct type's fields, including
// those a MarshalJSON method adds in place of "-" fields (listed in extra).
func jsonNames(v any, extra ...string) []string {
	t := reflect.TypeOf(v)
	var out []string
	for i := range t.NumField() {
		tag := strings.Split(t.Field(i).Tag.Get("json"), ",")[0]
		if tag != "" && tag != "-" {
			out = append(out, tag)
		}
	}
	return append(out, extra...)
}

// TestDefaultFieldsInSpec checks that every default opt_field is one Asana
// accepts for the operations that send it.
func TestDefaultFieldsInSpec(t *testing.T) {
	doc := loadSpecJSON(t)
	tests := []struct {
		method, path string
		fields       []string
	}{
		{"get", "/projects", defaultProjectFields},
		{"get", "/tasks/{task_gid}/projects", defaultProjectFields},
		{"get", "/teams/{team_gid}/projects", defaultProjectFields},
		{"get", "/workspaces/{workspace_gid}/projects", defaultProjectFields},
		{"get", "/workspaces/{workspace_gid}/projects/search", defaultProjectFields},
		{"get", "/projects/{project_gid}/task_counts", taskCountFields},
		{"get", "/projects/{project_gid}/sections", defaultSectionFields},
	}
	for _, tt := range tests {
		allowed := doc.optFields(t, tt.method, tt.path)
		for _, f := range tt.fields {
			if !slices.Contains(allowed, f) {
				t.Errorf("%s %s: default field %q is not in the spec's opt_fields", tt.method, tt.path, f)
			}
		}
	}
}

// TestModelFieldsInSpec checks the JSON names of this file family's models
// and request bodies against the spec's schemas, so that a typo in a tag
// cannot silently drop a field.
func TestModelFieldsInSpec(t *testing.T) {
	doc := loadSpecJSON(t)
	tests := []struct {
		schema string
		names  []string
	}{
		{"ProjectResponse", jsonNames(Project{})},
		{"SectionResponse", jsonNames(Section{})},
		{"TaskCountResponse", jsonNames(TaskCounts{})},
		{"CustomFieldSettingResponse", jsonNames(CustomFieldSetting{})},
		{"StatusUpdateCompact", jsonNames(StatusUpdate{})},
		{"ProjectRequest", jsonNames(ProjectCreateRequest{}, "followers")},
		{"ProjectUpdateRequest", jsonNames(ProjectUpdateRequest{}, "owner", "color", "icon")},
		{"ProjectDuplicateRequest", jsonNames(ProjectDuplicateRequest{}, "include")},
		{"AddCustomFieldSettingRequest", jsonNames(CustomFieldSettingRequest{})},
		{"ProjectSaveAsTemplateRequest", jsonNames(ProjectSaveAsTemplateRequest{})},
		{"SectionRequest", jsonNames(SectionRequest{})},
		{"SectionTaskInsertRequest", jsonNames(SectionAddTaskRequest{})},
		{"ProjectSectionInsertRequest", jsonNames(SectionInsertRequest{})},
	}
	for _, tt := range tests {
		props := doc.properties(tt.schema)
		if len(props) == 0 {
			t.Errorf("spec has no schema %s", tt.schema)
			continue
		}
		for _, n := range tt.names {
			if !props[n] {
				t.Errorf("%s has no property %q", tt.schema, n)
			}
		}
	}
	// The schedule dates of a duplicate are an inline object.
	dup := doc.Components.Schemas["ProjectDuplicateRequest"].Properties["schedule_dates"]
	for _, n := range jsonNames(ProjectScheduleDates{}) {
		if _, ok := dup.Properties[n]; !ok {
			t.Errorf("ProjectDuplicateRequest.schedule_dates has no property %q", n)
		}
	}
}
