package sqlload

import (
	"os"
	"strings"
	"testing"
)

// TestSchemaDocumented checks that SCHEMA.md has a section for every
// table with a row for every column, in order, with its type.
func TestSchemaDocumented(t *testing.T) {
	b, err := os.ReadFile("SCHEMA.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	seen := map[string]bool{}
	for _, k := range kinds {
		for i, tb := range append([]table{k.main}, k.children...) {
			if seen[tb.name] {
				continue
			}
			seen[tb.name] = true
			_, sec, ok := strings.Cut(doc, "\n### "+tb.name+"\n")
			if !ok {
				t.Errorf("SCHEMA.md has no section for table %s", tb.name)
				continue
			}
			sec, _, _ = strings.Cut(sec, "\n### ")
			if !strings.Contains(sec, "`"+k.name+"`") {
				t.Errorf("SCHEMA.md: %s does not name its kind %s", tb.name, k.name)
			}
			at := 0
			for j, c := range tb.cols {
				row := "| `" + c + "` | " + strings.Fields(tb.types[j])[0]
				n := strings.Index(sec[at:], row)
				if n < 0 {
					t.Errorf("SCHEMA.md: table %s (part %d) lacks column %s (%s), or not in order", tb.name, i, c, tb.types[j])
					continue
				}
				at += n
			}
			if got := strings.Count(sec, "\n| `"); got != len(tb.cols) {
				t.Errorf("SCHEMA.md: %s lists %d columns, the table has %d", tb.name, got, len(tb.cols))
			}
		}
	}
}
