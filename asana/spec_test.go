package asana

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/asanakit/asana-go/internal/spec"
	"github.com/goccy/go-yaml"
)

// This file holds the one loader of Asana's OpenAPI spec shared by every
// test that checks the package against it, and those checks of default
// fields, model field names and wrapped operations.

// oasDoc is the part of Asana's OpenAPI spec the tests read.
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
	Tags        []string   `json:"tags"`
	Parameters  []oasParam `json:"parameters"`
}

// loadSpec reads Asana's OpenAPI spec (see findSpec), JSON or YAML. Without
// a spec the test is skipped, except in CI (CI=true) where that fails.
func loadSpec(t *testing.T) *oasDoc {
	t.Helper()
	path := findSpec()
	if _, err := os.Stat(path); path == "" || err != nil {
		msg := fmt.Sprintf("OpenAPI spec not found (%q): set ASANA_OPENAPI_SPEC to asana_oas.json or .yaml", path)
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if ext := filepath.Ext(path); ext == ".yaml" || ext == ".yml" {
		// The YAML spec has the same content; go through JSON to decode it
		// with the same tags.
		var y any
		if err := yaml.Unmarshal(data, &y); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if data, err = json.Marshal(y); err != nil {
			t.Fatal(err)
		}
	}
	var doc oasDoc
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if len(doc.Paths) == 0 {
		t.Fatalf("%s: no paths", path)
	}
	t.Logf("spec: %s", path)
	return &doc
}

// findSpec returns the spec's JSON form: the vendored copy, or the one
// ASANA_OPENAPI_SPEC names.
func findSpec() string { return spec.JSONPath() }

// specOperations maps "METHOD /path" to the operation's tags.
type specOperations map[string][]string

// operations lists the spec's operations with their tags.
func (d *oasDoc) operations(t *testing.T) specOperations {
	t.Helper()
	ops := specOperations{}
	for p, item := range d.Paths {
		for method, raw := range item {
			switch method {
			case "get", "post", "put", "patch", "delete":
			default:
				continue // parameters, summary, ...
			}
			var op oasOperation
			if err := json.Unmarshal(raw, &op); err != nil {
				t.Fatalf("%s %s: %v", method, p, err)
			}
			ops[strings.ToUpper(method)+" "+p] = op.Tags
		}
	}
	if len(ops) == 0 {
		t.Fatal("spec: no operations")
	}
	t.Logf("spec: %d operations", len(ops))
	return ops
}

// optFields returns the opt_fields enum of an operation; method is in any
// case.
func (d *oasDoc) optFields(t *testing.T, method, path string) []string {
	t.Helper()
	raw, ok := d.Paths[path][strings.ToLower(method)]
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
// documents for the operations that send it (an unknown opt_field makes
// Asana answer 400), and that no default set names a field twice.
func TestDefaultFieldsInSpec(t *testing.T) {
	doc := loadSpec(t)
	tests := []struct {
		method, path string
		fields       []string
	}{
		{"GET", "/projects", defaultProjectFields},
		{"GET", "/tasks/{task_gid}/projects", defaultProjectFields},
		{"GET", "/teams/{team_gid}/projects", defaultProjectFields},
		{"GET", "/workspaces/{workspace_gid}/projects", defaultProjectFields},
		{"GET", "/workspaces/{workspace_gid}/projects/search", defaultProjectFields},
		{"GET", "/projects/{project_gid}/task_counts", taskCountFields},
		{"GET", "/projects/{project_gid}/sections", defaultSectionFields},
		{"GET", "/tasks", defaultTaskFields},
		{"GET", "/projects/{project_gid}/tasks", defaultTaskFields},
		{"GET", "/sections/{section_gid}/tasks", defaultTaskFields},
		{"GET", "/tags/{tag_gid}/tasks", defaultTaskFields},
		{"GET", "/user_task_lists/{user_task_list_gid}/tasks", defaultTaskFields},
		{"GET", "/tasks/{task_gid}/subtasks", defaultTaskFields},
		{"GET", "/tasks/{task_gid}/dependencies", defaultTaskFields},
		{"GET", "/tasks/{task_gid}/dependents", defaultTaskFields},
		{"GET", "/workspaces/{workspace_gid}/tasks/search", defaultTaskFields},
		{"GET", "/tasks/{task_gid}/stories", defaultStoryFields},
		{"GET", "/goals/{goal_gid}/stories", defaultStoryFields},
		{"GET", "/attachments", defaultAttachmentFields},
		{"GET", "/workspaces", defaultWorkspaceFields},
		{"GET", "/users", defaultUserFields},
		// Not listed: the favorites and membership defaults, which ask for
		// fields outside the spec's enum ("resource_type", "user.email").
		{"GET", "/workspaces/{workspace_gid}/teams", defaultTeamFields},
		{"GET", "/users/{user_gid}/teams", defaultTeamFields},
	}
	for _, tt := range tests {
		allowed := doc.optFields(t, tt.method, tt.path)
		for _, f := range tt.fields {
			if !slices.Contains(allowed, f) {
				t.Errorf("%s %s: default field %q is not in the spec's opt_fields", tt.method, tt.path, f)
			}
		}
		if dup := len(tt.fields) - len(slices.Compact(slices.Sorted(slices.Values(tt.fields)))); dup != 0 {
			t.Errorf("%s %s: %d duplicate default fields", tt.method, tt.path, dup)
		}
	}
}

// TestModelFieldsInSpec checks the JSON names of models and request bodies
// against the spec's schemas, so that a typo in a tag cannot silently drop
// a field.
func TestModelFieldsInSpec(t *testing.T) {
	doc := loadSpec(t)
	tests := []struct {
		schema string
		names  []string
	}{
		{"ProjectResponse", jsonNames(Project{})},
		{"SectionResponse", jsonNames(Section{})},
		{"TaskCountResponse", jsonNames(TaskCounts{})},
		{"CustomFieldSettingResponse", jsonNames(CustomFieldSetting{})},
		{"StatusUpdateResponse", jsonNames(StatusUpdate{})},
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

// TestEveryOperationWrapped checks, for spec tags whose services wrap all
// their operations, that every operation has a method whose marker names
// it, and that the markers of those services name only operations of their
// tags.
func TestEveryOperationWrapped(t *testing.T) {
	spec := loadSpec(t).operations(t)
	for _, tc := range []struct {
		tags  []string
		files []string
	}{
		{[]string{"Tasks", "Stories", "Attachments"}, []string{"tasks.go", "stories.go", "attachments.go"}},
		{[]string{"Projects", "Sections"}, []string{"projects.go", "sections.go"}},
		{[]string{"Users", "Teams", "Team memberships", "Workspace memberships", "Jobs", "Organization exports"},
			[]string{"users.go", "teams.go", "team_memberships.go", "workspace_memberships.go", "jobs.go", "organization_exports.go"}},
	} {
		// Each area's methods are hand-written in its file or generated
		// into the zz_ twin of that file.
		files := slices.Clone(tc.files)
		for _, f := range tc.files {
			if _, err := os.Stat("zz_" + f); err == nil {
				files = append(files, "zz_"+f)
			}
		}
		wrapped := map[string]bool{}
		for _, m := range parseMarkers(t, files...) {
			wrapped[m.Op] = true
		}
		total := 0
		for op, tags := range spec {
			if !slices.ContainsFunc(tags, func(tag string) bool { return slices.Contains(tc.tags, tag) }) {
				continue
			}
			total++
			if !wrapped[op] {
				t.Errorf("operation %s (tags %v) has no method", op, tags)
			}
			delete(wrapped, op)
		}
		for op := range wrapped {
			t.Errorf("marker %s names no operation of the tags %v", op, tc.tags)
		}
		t.Logf("%s: %d operations in the spec", strings.Join(tc.tags, ", "), total)
	}
}
