package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/asanakit/asana-go/internal/spec"
)

// gadgetHandWritten lists testdata's hand-written GadgetsService.Get, as
// every package must list the operations of its hand-written methods.
const gadgetHandWritten = "hand_written:\n  GET /gadgets/{gadget_gid}: hand.go's method, which the generator leaves alone\n"

// withGadget adds gadgetHandWritten to overrides that list no
// hand-written operation themselves.
func withGadget(overrides string) string {
	if strings.Contains(overrides, "hand_written:") {
		return overrides
	}
	return overrides + gadgetHandWritten
}

// TestGenerateWriteOverrides: args build the body from positional
// arguments; one_of, at_most_one, exactly_one and validate become checks
// before any request, in that order.
func TestGenerateWriteOverrides(t *testing.T) {
	dir := listPkg(t, `// WidgetPatch is a hand-written body.
type WidgetPatch struct {
	Name  string   `+"`json:\"name,omitempty\"`"+`
	Owner string   `+"`json:\"owner,omitempty\"`"+`
	Tags  []string `+"`json:\"tags,omitempty\"`"+`
}

func (r *WidgetPatch) validate() error { return nil }
`, `operations:
  POST /widgets/{widget_gid}/addPart:
    args: [part]
  POST /widgets:
    one_of: [[owner, secret]]
    at_most_one: [[owner, secret]]
  PUT /widgets/{widget_gid}:
    request: WidgetPatch
    nil_ok: true
    exactly_one: [[name, owner]]
    max_items: {tags: 3}
    validate: true
`)
	files, err := generate(filepath.Join("testdata", "mini.json"), dir)
	if err != nil {
		t.Fatal(err)
	}
	w := squeeze(string(files["zz_widgets.go"]))
	for _, want := range []string{
		"func (s *WidgetsService) AddPart(ctx context.Context, widgetGID, part string) error {",
		`.gids("widget gid", widgetGID).require("part", part)`,
		"body := struct {\n\t\tPart string `json:\"part\"`\n\t}{part}",
		"return doAt(ctx, s.client, http.MethodPost, r, body)",
		// The spec's required name first, then the overrides' checks.
		"r = r.require(\"name\", req.Name)\n\t\tif !(req.Owner != \"\" || req.Secret != \"\") {\n\t\t\tr = r.fail(\"set Owner or Secret\")\n\t\t}\n\t\tif countSet(req.Owner != \"\", req.Secret != \"\") > 1 {\n\t\t\tr = r.fail(\"set at most one of Owner and Secret\")",
		"func (s *WidgetsService) Update(ctx context.Context, widgetGID string, req *WidgetPatch) (*Widget, error) {\n\tif req == nil {\n\t\treq = &WidgetPatch{}\n\t}",
		"if countSet(req.Name != \"\", req.Owner != \"\") != 1 {\n\t\tr = r.fail(\"set exactly one of Name and Owner\")",
		"if n := len(req.Tags); n > 3 {\n\t\tr = r.fail(\"at most 3 Tags, got %d\", n)",
		"r = r.check(req.validate())",
	} {
		if !strings.Contains(w, squeeze(want)) {
			t.Errorf("generated code lacks\n%s", want)
		}
	}
	if strings.Contains(w, "WidgetAddPartRequest") {
		t.Error("AddPart still has a request type")
	}
}

// TestGenerateWriteOverrideErrors: write overrides that cannot work, and
// hand-written operations that overrides.yaml does not account for, stop
// the generator.
func TestGenerateWriteOverrideErrors(t *testing.T) {
	tests := []struct {
		name, extra, overrides, want string
	}{
		{"args names no field", "", "operations:\n  POST /widgets/{widget_gid}/addPart:\n    args: [piece]\n", `args names "piece", not a field of the body`},
		{"args leaves a field out", "", "operations:\n  POST /widgets:\n    args: [name]\n", `args leaves out the body field "owner"`},
		{"args of a number", "", "operations:\n  PUT /widgets/{widget_gid}:\n    args: [weight]\n", `"weight", which is neither a string nor a list`},
		{"check names no field", "", "operations:\n  POST /widgets:\n    one_of: [[owner, colour]]\n", `the checks name "colour", not a field of the body`},
		{"check of one field", "", "operations:\n  POST /widgets:\n    at_most_one: [[owner]]\n", "at_most_one needs two fields or more"},
		{"require names no field", "", "operations:\n  POST /widgets:\n    require: [colour]\n", `require names "colour", not a field of WidgetCreateRequest`},
		{"validate without a method", "", "operations:\n  POST /widgets:\n    validate: true\n", "validate needs a hand-written request type with a method validate"},
		{"max_items of a string", "", "operations:\n  POST /widgets:\n    max_items: {owner: 2}\n", `max_items "owner" needs a list field`},
		{"unknown request type", "", "operations:\n  POST /widgets:\n    request: Nope\n", `request "Nope" is not a type of the package`},
		{"hand-written, not listed", "// Make is hand-written.\n//\n// asana:operation POST /widgets\nfunc (s *GadgetsService) Make() {}\n", "",
			"POST /widgets: a hand-written method's marker names it: generate it (drop the method) or list it in hand_written with the reason"},
		{"listed, not hand-written", "", "hand_written:\n  GET /gadgets/{gadget_gid}: hand.go\n  DELETE /widgets/{widget_gid}: gone\n",
			"DELETE /widgets/{widget_gid}: listed in hand_written, but no hand-written method's marker names it"},
		{"listed without a reason", "", "hand_written:\n  GET /gadgets/{gadget_gid}: \"\"\n", "GET /gadgets/{gadget_gid} gives no reason"},
		{"listed and generate", "", "operations:\n  GET /gadgets/{gadget_gid}:\n    generate: true\n", "both hand_written"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := listPkg(t, tt.extra, "")
			// Exactly these overrides, without listPkg's gadget entry when
			// they list hand-written operations themselves.
			if err := os.WriteFile(filepath.Join(dir, "gen", "overrides.yaml"), []byte(withGadget(tt.overrides)), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := generate(filepath.Join("testdata", "mini.json"), dir)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

// TestEveryOperationGeneratedOrHandWritten is the coverage check of the
// real spec: every operation is generated or listed in hand_written
// (with its reason) or not_yet; the generator itself refuses hand-written
// methods that hand_written does not list.
func TestEveryOperationGeneratedOrHandWritten(t *testing.T) {
	g, err := load(filepath.Join(spec.Dir(), "asana_oas.json"), filepath.Join("..", "..", "asana"))
	if err != nil {
		t.Fatal(err)
	}
	generated := map[string]bool{}
	methods := 0
	for _, m := range g.methods {
		generated[m.Op.Key()] = true
		methods++
	}
	var missing []string
	for _, op := range g.spec.Operations {
		k := op.Key()
		if !generated[k] && g.ov.HandWritten[k] == "" && g.ov.NotYet[k] == "" {
			missing = append(missing, k)
		}
	}
	if len(missing) > 0 {
		t.Errorf("operations neither generated nor listed in hand_written or not_yet: %v", missing)
	}
	t.Logf("%d operations: %d generated (%d methods), %d hand-written, %d not yet",
		len(g.spec.Operations), len(generated), methods, len(g.ov.HandWritten), len(g.ov.NotYet))
}
