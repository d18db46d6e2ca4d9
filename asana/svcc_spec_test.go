package asana

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// svccSpec loads Asana's OpenAPI spec (JSON) from ASANA_OPENAPI_SPEC (a
// .yaml path is read from its .json sibling) or from the nearest
// shared/asana-openapi/asana_oas.json above the package. Without a spec the
// test is skipped, except in CI where that is a failure.
func svccSpec(t *testing.T) map[string]any {
	t.Helper()
	var candidates []string
	if env := os.Getenv("ASANA_OPENAPI_SPEC"); env != "" {
		ext := filepath.Ext(env)
		candidates = append(candidates, strings.TrimSuffix(env, ext)+".json")
	}
	if dir, err := os.Getwd(); err == nil {
		for ; ; dir = filepath.Dir(dir) {
			candidates = append(candidates, filepath.Join(dir, "shared", "asana-openapi", "asana_oas.json"))
			if filepath.Dir(dir) == dir {
				break
			}
		}
	}
	for _, p := range candidates {
		b, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		var spec map[string]any
		if err := json.Unmarshal(b, &spec); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		return spec
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("OpenAPI spec not found in %v", candidates)
	}
	t.Skip("OpenAPI spec not found; set ASANA_OPENAPI_SPEC")
	return nil
}

// svccOperation returns the operation object of method and path.
func svccOperation(t *testing.T, spec map[string]any, method, path string) map[string]any {
	t.Helper()
	item, _ := spec["paths"].(map[string]any)[path].(map[string]any)
	op, _ := item[strings.ToLower(method)].(map[string]any)
	if op == nil {
		t.Fatalf("no operation %s %s in the spec", method, path)
	}
	return op
}

// svccOptFields returns the opt_fields enum of an operation.
func svccOptFields(t *testing.T, spec map[string]any, op map[string]any) []string {
	t.Helper()
	params := spec["components"].(map[string]any)["parameters"].(map[string]any)
	for _, p := range op["parameters"].([]any) {
		pm := p.(map[string]any)
		if ref, ok := pm["$ref"].(string); ok {
			pm = params[strings.TrimPrefix(ref, "#/components/parameters/")].(map[string]any)
		}
		if pm["name"] != "opt_fields" {
			continue
		}
		var out []string
		for _, e := range pm["schema"].(map[string]any)["items"].(map[string]any)["enum"].([]any) {
			out = append(out, e.(string))
		}
		return out
	}
	t.Fatal("operation has no opt_fields parameter")
	return nil
}

// TestSvccDefaultFieldsInSpec checks that every default field of the task,
// story and attachment lists is one Asana documents for that list, since
// an unknown opt_field makes Asana answer 400.
func TestSvccDefaultFieldsInSpec(t *testing.T) {
	spec := svccSpec(t)
	for _, tc := range []struct {
		method, path string
		fields       []string
	}{
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
	} {
		allowed := svccOptFields(t, spec, svccOperation(t, spec, tc.method, tc.path))
		for _, f := range tc.fields {
			if !slices.Contains(allowed, f) {
				t.Errorf("%s %s: default field %q is not in the spec's opt_fields", tc.method, tc.path, f)
			}
		}
		if dup := len(tc.fields) - len(slices.Compact(slices.Sorted(slices.Values(tc.fields)))); dup != 0 {
			t.Errorf("%s %s: %d duplicate default fields", tc.method, tc.path, dup)
		}
	}
}

// TestSvccEveryOperationWrapped checks that every operation of the Tasks,
// Stories and Attachments tags has a method whose marker names it.
func TestSvccEveryOperationWrapped(t *testing.T) {
	spec := svccSpec(t)
	marker := regexp.MustCompile(`(?m)^// asana:operation (\S+) (\S+)$`)
	wrapped := map[string]bool{}
	for _, f := range []string{"tasks.go", "stories.go", "attachments.go"} {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range marker.FindAllStringSubmatch(string(src), -1) {
			wrapped[m[1]+" "+m[2]] = true
		}
	}
	total := 0
	for path, item := range spec["paths"].(map[string]any) {
		for method, op := range item.(map[string]any) {
			om, ok := op.(map[string]any)
			if !ok {
				continue
			}
			tags, _ := om["tags"].([]any)
			if !slices.ContainsFunc(tags, func(tag any) bool {
				return tag == "Tasks" || tag == "Stories" || tag == "Attachments"
			}) {
				continue
			}
			total++
			key := strings.ToUpper(method) + " " + path
			if !wrapped[key] {
				t.Errorf("operation %s (%s) has no method", key, om["operationId"])
			}
			delete(wrapped, key)
		}
	}
	for key := range wrapped {
		t.Errorf("marker %s names no operation of these tags", key)
	}
	t.Logf("Tasks, Stories, Attachments: %d operations in the spec", total)
}
