package conformance

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/asanakit/asana-go/internal/spec"
)

// realSpecPath finds Asana's spec as the asanatest tests do, from this
// package's directory; benchmarks skip without it.
func realSpecPath(b *testing.B) string {
	b.Helper()
	p := spec.YAMLPath()
	if _, err := os.Stat(p); err != nil {
		b.Skipf("spec not found: %v", err)
	}
	return p
}

var benchOps = []string{"GET /tasks/{task_gid}", "GET /users", "GET /users/{user_gid}"}

// BenchmarkLoad measures loading the spec pruned to a few operations,
// without and with the on-disk cache.
func BenchmarkLoad(b *testing.B) {
	path := realSpecPath(b)
	for _, cached := range []bool{false, true} {
		b.Run(fmt.Sprintf("cached=%v", cached), func(b *testing.B) {
			opts := Options{Operations: benchOps}
			if cached {
				opts.CacheDir = filepath.Join(b.TempDir(), "cache")
				if _, err := Load(path, opts); err != nil {
					b.Fatal(err)
				}
			}
			for b.Loop() {
				if _, err := Load(path, opts); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkCheck measures checking one task and a page of 100 users with
// opt_fields against the real spec.
func BenchmarkCheck(b *testing.B) {
	s, err := Load(realSpecPath(b), Options{Operations: benchOps, CacheDir: filepath.Join(b.TempDir(), "cache")})
	if err != nil {
		b.Fatal(err)
	}
	task := `{"data":{"gid":"1200000000000031","resource_type":"task","name":"Plan","resource_subtype":"default_task",` +
		`"assignee":{"gid":"1200000000000006","resource_type":"user","name":"Max"},"completed":false,"completed_at":null,` +
		`"created_at":"2025-01-01T09:00:00.000Z","modified_at":"2025-01-01T09:00:00.000Z","due_on":"2025-02-01","due_at":null,` +
		`"start_on":null,"notes":"First","html_notes":"<body>First</body>","created_by":{"gid":"1200000000000004","resource_type":"user"},` +
		`"parent":null,"memberships":[{"project":{"gid":"1200000000000029","resource_type":"project","name":"Launch"},` +
		`"section":{"gid":"1200000000000031","resource_type":"section","name":"Doing"}}],` +
		`"projects":[{"gid":"1200000000000029","resource_type":"project","name":"Launch"}],"followers":[],"dependencies":[],` +
		`"dependents":[],"tags":[],"workspace":{"gid":"1200000000000001","resource_type":"workspace","name":"Acme"},` +
		`"num_subtasks":1,"permalink_url":"https://app.asana.com/0/0/1200000000000031"}}`
	users := make([]string, 100)
	for i := range users {
		users[i] = fmt.Sprintf(`{"gid":"12000000000%05d","resource_type":"user","name":"User %d","email":"u%d@acme.test","photo":null,`+
			`"workspaces":[{"gid":"1200000000000001","resource_type":"workspace","name":"Acme"}]}`, i, i, i)
	}
	list := `{"data":[` + strings.Join(users, ",") + `],"next_page":null}`
	cases := []struct {
		name string
		ex   Exchange
	}{
		{"task", exchange("GET", "/api/1.0/tasks/1200000000000031", 200, jsonCT, task)},
		{"users_page_100", exchange("GET", "/api/1.0/users?workspace=1&limit=100&opt_fields=name,email,photo,workspaces.name", 200, jsonCT, list)},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			if _, vs := s.Check(b.Context(), c.ex); len(vs) > 0 && c.name == "task" {
				b.Fatalf("violations: %v", vs)
			}
			b.SetBytes(int64(len(c.ex.Body)))
			for b.Loop() {
				s.Check(b.Context(), c.ex)
			}
		})
	}
}
