package rules_test

import (
	"strings"
	"testing"

	"github.com/asanakit/asana-go/internal/hostile"
	"github.com/asanakit/asana-go/rules"
)

// aliasBomb is a few hundred bytes that aliases multiply into 9^6 values.
func aliasBomb() string {
	var b strings.Builder
	b.WriteString("a0: &a0 [x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i <= 5; i++ {
		p := "*a" + string(rune('0'+i-1))
		b.WriteString("a" + string(rune('0'+i)) + ": &a" + string(rune('0'+i)) + " [" + strings.Repeat(p+", ", 8) + p + "]\n")
	}
	b.WriteString("rules: [{name: *a5}]\n")
	return b.String()
}

// TestLoadHostile checks that rules.Load refuses hostile files with a
// short error, without a panic and within the memory budget.
func TestLoadHostile(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"tagged node", "rules: !00000000000000000\n00000000000000000000000000000", "tags, anchors and aliases are not allowed"},
		{"tag", "rules: [{name: !!str a, do: [{comment: x}]}]", "tags, anchors and aliases are not allowed"},
		{"alias bomb", aliasBomb(), "tags, anchors and aliases are not allowed"},
		{"deep nesting", "rules: " + strings.Repeat("[", 40<<10), "nested deeper than"},
		{"long unknown action", "rules: [{name: a, do: [{" + strings.Repeat("x", 100_000) + ": 1}]}]", "unknown action"},
		{"long non-string value", "rules: [{name: a, do: [{assign: [" + strings.Repeat("1, ", 5000) + "1]}]}]", "want a string"},
		{"duplicate key", "rules: []\nrules: []\n", "already defined"},
		{"unknown field", "rules: []\nrulez: []\n", `unknown field "rulez"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			n := hostile.Allocated(func() { _, err = rules.Load([]byte(tc.src), nil) })
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %.300v, want one containing %q", err, tc.want)
			}
			if len(err.Error()) > 1024 {
				t.Errorf("error of %d bytes", len(err.Error()))
			}
			if n > hostile.MemoryBudget {
				t.Errorf("allocated %d MiB", n>>20)
			}
		})
	}
}

// TestLoadMemoryIsBounded runs rules.Load over the worst cases at the YAML
// limits.
func TestLoadMemoryIsBounded(t *testing.T) {
	for _, tc := range hostile.YAML() {
		t.Run(tc.Name, func(t *testing.T) {
			n := hostile.Allocated(func() { _, _ = rules.Load([]byte(tc.Src), nil) })
			if n > hostile.MemoryBudget {
				t.Errorf("allocated %d MiB, want under %d MiB", n>>20, hostile.MemoryBudget>>20)
			}
		})
	}
}

// FuzzLoad checks that rules.Load never panics and that its errors stay
// short whatever the file.
func FuzzLoad(f *testing.F) {
	f.Add([]byte("rules:\n  - name: triage\n    when: {resource_type: task, action: added, project: \"1201\"}\n    do:\n      - assign: \"1301\"\n      - add_to_project: {project: 1, section: 2}\n      - set: {field: completed, value: true}\n      - add_sections: [a, b]\n"))
	f.Add([]byte("rules: [{name: a, do: [{call: nope}]}]"))
	f.Add([]byte("rules: !x\n0"))
	f.Add([]byte("a: &a [x, x]\nrules: [{name: *a}]"))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := rules.Load(data, map[string]rules.Func{})
		if err != nil && len(err.Error()) > 1024 {
			t.Fatalf("error of %d bytes", len(err.Error()))
		}
	})
}
