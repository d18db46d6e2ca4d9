package asana

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"
)

// TestRequestBodiesAvoidOmitzero keeps "send only the fields the caller set"
// true on every Go the module supports: go.mod says go 1.23, and
// encoding/json ignores omitzero before Go 1.24, so a zero Date or time.Time
// tagged omitzero would go out as null (or 0001-01-01) there. Request bodies
// leave zero values out in a MarshalJSON instead (see nonZeroDate). The test
// walks every struct type reachable from a type named *Request.
func TestRequestBodiesAvoidOmitzero(t *testing.T) {
	names, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	structs := map[string]*ast.StructType{}
	for _, n := range names {
		if strings.HasSuffix(n, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, n, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(node ast.Node) bool {
			if ts, ok := node.(*ast.TypeSpec); ok {
				if st, ok := ts.Type.(*ast.StructType); ok {
					structs[ts.Name.Name] = st
				}
			}
			return true
		})
	}
	var queue []string
	for name := range structs {
		if strings.HasSuffix(name, "Request") {
			queue = append(queue, name)
		}
	}
	sort.Strings(queue)
	if len(queue) < 20 {
		t.Fatalf("found only %d request types: %q", len(queue), queue)
	}
	seen := map[string]bool{}
	for len(queue) > 0 {
		name := queue[0]
		queue = queue[1:]
		if seen[name] {
			continue
		}
		seen[name] = true
		for _, field := range structs[name].Fields.List {
			if field.Tag != nil && strings.Contains(field.Tag.Value, "omitzero") {
				t.Errorf("%s: %s: omitzero in a request body is ignored before Go 1.24; leave the zero value out in MarshalJSON",
					fset.Position(field.Pos()), name)
			}
			ast.Inspect(field.Type, func(node ast.Node) bool {
				if id, ok := node.(*ast.Ident); ok && structs[id.Name] != nil {
					queue = append(queue, id.Name)
				}
				return true
			})
		}
	}
}

// TestRequestBodiesLeaveZeroDatesOut checks the bodies that carry dates:
// zero dates and times are not sent, set ones are.
func TestRequestBodiesLeaveZeroDatesOut(t *testing.T) {
	day := Date{2024, time.March, 5}
	at := time.Date(2024, time.March, 5, 9, 30, 0, 0, time.UTC)
	tests := []struct {
		name      string
		body      any
		want      map[string]any
		forbidden []string
	}{
		{"task create, no dates", TaskCreateRequest{Name: "x"},
			map[string]any{"name": "x"}, []string{"due_on", "due_at", "start_on", "start_at"}},
		{"task create, dates", TaskCreateRequest{Name: "x", DueAt: at, StartOn: day},
			map[string]any{"due_at": "2024-03-05T09:30:00Z", "start_on": "2024-03-05"}, []string{"due_on", "start_at"}},
		{"project create, no dates", ProjectCreateRequest{Name: "p"},
			map[string]any{"name": "p"}, []string{"due_on", "start_on", "followers"}},
		{"project create, dates", ProjectCreateRequest{Name: "p", DueOn: day, Followers: []string{"1", "2"}},
			map[string]any{"due_on": "2024-03-05", "followers": "1,2"}, []string{"start_on"}},
		{"schedule dates, due", ProjectScheduleDates{DueOn: day},
			map[string]any{"due_on": "2024-03-05", "should_skip_weekends": false}, []string{"start_on"}},
		{"schedule dates, start", ProjectScheduleDates{StartOn: day, ShouldSkipWeekends: true},
			map[string]any{"start_on": "2024-03-05", "should_skip_weekends": true}, []string{"due_on"}},
		{"duplicate with schedule", ProjectDuplicateRequest{Name: "d", ScheduleDates: &ProjectScheduleDates{DueOn: day}},
			map[string]any{"schedule_dates": map[string]any{"due_on": "2024-03-05", "should_skip_weekends": false}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := json.Marshal(tt.body)
			if err != nil {
				t.Fatal(err)
			}
			var got map[string]any
			if err := json.Unmarshal(b, &got); err != nil {
				t.Fatal(err)
			}
			for k, v := range tt.want {
				if !reflect.DeepEqual(got[k], v) {
					t.Errorf("%s = %#v, want %#v (body %s)", k, got[k], v, b)
				}
			}
			for _, k := range tt.forbidden {
				if _, ok := got[k]; ok {
					t.Errorf("%s sent: %s", k, b)
				}
			}
		})
	}
}
