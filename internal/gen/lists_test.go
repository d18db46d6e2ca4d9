package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// listPkg writes a package for the generator: testdata's hand-written
// file plus extra, and overrides.
func listPkg(t *testing.T, extra, overrides string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "gen"), 0o755); err != nil {
		t.Fatal(err)
	}
	hand, err := os.ReadFile(filepath.Join("testdata", "pkg", "hand.go"))
	if err != nil {
		t.Fatal(err)
	}
	for name, src := range map[string]string{"hand.go": string(hand), "extra.go": "package asana\n\n" + extra, filepath.Join("gen", "overrides.yaml"): overrides + gadgetHandWritten} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// handList is what a package shares with a generated list: default
// fields, a filter type with its prose checks, and a hand-written
// convenience over the same operation.
const handList = `var defaultWidgetFields = []string{"name"}

// WidgetFilter is shared by lists.
type WidgetFilter struct{ ListOptions }

func (o *WidgetFilter) check(r route) route { return r }

// Tail follows the widgets.
//
// asana:operation GET /widgets
func (s *GadgetsService) Tail() {}
`

// TestGenerateListOverrides: fields_var, options, check, empty_ends and
// generate shape the generated list and its page twin.
func TestGenerateListOverrides(t *testing.T) {
	dir := listPkg(t, handList, `operations:
  GET /widgets:
    fields_var: defaultWidgetFields
    options: WidgetFilter
    check: true
    empty_ends: true
    generate: true
`)
	files, err := generate(filepath.Join("testdata", "mini.json"), dir)
	if err != nil {
		t.Fatal(err)
	}
	w := squeeze(string(files["zz_widgets.go"]))
	for _, want := range []string{
		"func (s *WidgetsService) List(ctx context.Context, workspace string, opts *WidgetFilter) *List[Widget] {",
		"\tr = opts.check(r)\n",
		"return feedAt[Widget](ctx, s.client, r, q, defaultWidgetFields)",
	} {
		if !strings.Contains(w, squeeze(want)) {
			t.Errorf("generated code lacks\n%s", want)
		}
	}
	if strings.Contains(w, "type WidgetListOptions") || strings.Contains(string(files["zz_models.go"]), "type WidgetListOptions") {
		t.Error("a generated options type despite options: WidgetFilter")
	}
}

func TestGenerateListOverrideErrors(t *testing.T) {
	tests := []struct {
		name, extra, overrides, want string
	}{
		{"fields_var unknown", "", "operations:\n  GET /widgets:\n    fields_var: nope\n", `fields_var "nope" must name a package variable`},
		{"options unknown", "", "operations:\n  GET /widgets:\n    options: Nope\n", `options "Nope" is not a type of the package`},
		{"check without method", "// F is a filter.\ntype F struct{}\n", "operations:\n  GET /widgets:\n    options: F\n    check: true\n", "check needs a method check of F"},
		{"check without options", "", "operations:\n  GET /widgets:\n    check: true\n", "check needs options"},
		{"empty_ends on a get", "", "operations:\n  GET /widgets/{widget_gid}:\n    empty_ends: true\n", "empty_ends is for paginated lists"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := generate(filepath.Join("testdata", "mini.json"), listPkg(t, tt.extra, tt.overrides))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want an error containing %q", err, tt.want)
			}
		})
	}
}
