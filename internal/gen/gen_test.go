package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/asanakit/asana-go/internal/spec"
)

// TestGeneratedFilesUpToDate is CI's staleness check: it runs the
// generator on the vendored spec into a temporary directory and compares
// every file byte for byte with the committed asana/zz_*.go.
func TestGeneratedFilesUpToDate(t *testing.T) {
	pkg := filepath.Join("..", "..", "asana")
	out := t.TempDir()
	if err := run(filepath.Join(spec.Dir(), "asana_oas.json"), pkg, out); err != nil {
		t.Fatal(err)
	}
	fresh, err := filepath.Glob(filepath.Join(out, generatedPrefix+"*.go"))
	if err != nil {
		t.Fatal(err)
	}
	committed, err := filepath.Glob(filepath.Join(pkg, generatedPrefix+"*.go"))
	if err != nil {
		t.Fatal(err)
	}
	base := func(paths []string) []string {
		out := make([]string, len(paths))
		for i, p := range paths {
			out[i] = filepath.Base(p)
		}
		return out
	}
	if !slices.Equal(base(fresh), base(committed)) {
		t.Errorf("generated files %v, committed %v: run go generate ./asana", base(fresh), base(committed))
	}
	for _, f := range fresh {
		want, _ := os.ReadFile(f)
		got, err := os.ReadFile(filepath.Join(pkg, filepath.Base(f)))
		if err != nil {
			continue // reported above
		}
		if !bytes.Equal(got, want) {
			t.Errorf("asana/%s is stale: run go generate ./asana", filepath.Base(f))
		}
	}
	if len(fresh) < 10 {
		t.Errorf("only %d files generated", len(fresh))
	}
}

// generateMini runs the generator on testdata's small spec and package.
func generateMini(t *testing.T) map[string]string {
	t.Helper()
	files, err := generate(filepath.Join("testdata", "mini.json"), filepath.Join("testdata", "pkg"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for k, v := range files {
		out[k] = string(v)
	}
	return out
}

func TestGenerateMini(t *testing.T) {
	files := generateMini(t)
	var names []string
	for n := range files {
		names = append(names, n)
	}
	slices.Sort(names)
	if want := []string{"zz_enums.go", "zz_services.go", "zz_widgets.go"}; !slices.Equal(names, want) {
		t.Fatalf("files %v, want %v", names, want)
	}
	w, all := files["zz_widgets.go"], strings.Join([]string{files["zz_enums.go"], files["zz_services.go"], files["zz_widgets.go"]}, "\n")
	for _, want := range []string{
		// The read model merges Compact, Base and Response; reuses the
		// hand-written User; drops write-only fields.
		"type Widget struct {",
		"\tOwner *User `json:\"owner,omitempty\"`",
		"\tDueOn Date `json:\"due_on,omitzero\"`",
		"\tEndsOn Date `json:\"ends_on,omitzero\"`", // a date by its name and example
		"\tTurnedOn string `json:\"turned_on,omitempty\"`",
		"\tParent *User `json:\"parent,omitempty\"`", // an annotated reference
		"\tCreatedAt time.Time `json:\"created_at,omitzero\"`",
		"\tWeight *float64 `json:\"weight,omitempty\"`",
		"\tSize WidgetSize `json:\"size,omitempty\"`",
		"\tMaker *NamedResource `json:\"maker,omitempty\"`",
		"\t// The name.\n\tName string",
		// Enums, null dropped.
		"\tWidgetSizeExtraLarge WidgetSize = \"extra-large\"",
		// Create: required fields always sent; update: pointers.
		"type WidgetCreateRequest struct {",
		"\tName string `json:\"name\"`",
		"\tSecret string `json:\"secret,omitempty\"`",
		"// Nullable fields are cleared (sent as null) by their zero value:\n// Ptr(Date{}) for DueOn.\ntype WidgetUpdateRequest struct {",
		"\tName *string `json:\"name,omitempty\"`",
		"\tSize *WidgetSize `json:\"size,omitempty\"`",
		// Options of the list: optional parameters, ListOptions embedded.
		// A boolean is a pointer, so that false can be asked for.
		"type WidgetListOptions struct {\n\t// Only newer ones.\n\tSince time.Time `url:\"since,omitempty\"`\n\t// Only these.\n\tArchived *bool `url:\"archived,omitempty\"`\n\tListOptions\n}",
		// Methods.
		"// List gets multiple widgets. It returns a List: All iterates",
		"// Required scope: widgets:read.\n//\n// Returns the compact widgets & more.\n//\n// An extra line.\n//\n// asana:operation GET /widgets\n",
		"func (s *WidgetsService) List(ctx context.Context, workspace string, opts *WidgetListOptions) *List[Widget] {",
		`r := routeTo("Widgets.List", "/widgets").require("workspace", workspace)`,
		`return listAt[Widget](ctx, s.client, r, q, []string{"name"})`,
		"// Deprecated: Asana marks getWidget deprecated.\n//\n// asana:operation GET /widgets/{widget_gid}\n",
		`r := routeTo("Widgets.Get", "/widgets/%s", "widget gid", widgetGID).gids("widget gid", widgetGID)`,
		"func (s *WidgetsService) Create(ctx context.Context, req *WidgetCreateRequest) (*Widget, error) {",
		"func (s *WidgetsService) Update(ctx context.Context, widgetGID string, req *WidgetUpdateRequest) (*Widget, error) {",
		"func (s *WidgetsService) Delete(ctx context.Context, widgetGID string) error {",
		"func (s *WidgetsService) AddPart(ctx context.Context, widgetGID string, req *WidgetAddPartRequest) error {",
		"\t\tr = r.require(\"part\", req.Part)",
		// The new service is wired; the hand-written one is not.
		"\tWidgets *WidgetsService",
	} {
		if !strings.Contains(squeeze(all), squeeze(want)) {
			t.Errorf("generated code lacks\n%s", want)
		}
	}
	for _, bad := range []string{"Gadget", "type User ", "opt_pretty", "Pretty", "WidgetParent", "Parent *string"} {
		if strings.Contains(all, bad) {
			t.Errorf("generated code has %q", bad)
		}
	}
	if strings.Count(w, "asana:operation ") != 6 {
		t.Errorf("%d markers in zz_widgets.go, want 6", strings.Count(w, "asana:operation "))
	}
}

// squeeze collapses runs of blanks, which gofmt uses to align fields.
func squeeze(s string) string {
	return regexp.MustCompile(`[ \t]+`).ReplaceAllString(s, " ")
}

// TestGenerateErrors checks that overrides that would do nothing or
// generate something twice stop the generator with a clear error.
func TestGenerateErrors(t *testing.T) {
	tests := []struct {
		name, overrides, want string
	}{
		{"unknown operation", "operations:\n  GET /nope:\n    name: X\n", "overrides name operations the spec does not have, or give no reason: [operations: GET /nope]"},
		{"unknown field", "operations:\n  GET /widgets:\n    fields: [colour]\n", `default field "colour" is not in the spec's opt_fields`},
		{"same name twice", "operations:\n  DELETE /widgets/{widget_gid}:\n    name: Update\n", "both become WidgetsService.Update"},
		{"hand-written method name", "services:\n  Widgets: Gadgets\n", "method GadgetsService.Get is hand-written already"},
		{"typo in a key", "operation: {}\n", "unknown field"},
		{"not_yet of unknown op", "not_yet:\n  GET /nope: later\n", "not_yet: GET /nope"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.MkdirAll(filepath.Join(dir, "gen"), 0o755); err != nil {
				t.Fatal(err)
			}
			hand, _ := os.ReadFile(filepath.Join("testdata", "pkg", "hand.go"))
			if err := os.WriteFile(filepath.Join(dir, "hand.go"), hand, 0o644); err != nil {
				t.Fatal(err)
			}
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

func TestMethodName(t *testing.T) {
	tests := []struct {
		method, path, svc string
		list              bool
		want              string
	}{
		{"GET", "/tags", "Tags", true, "List"},
		{"GET", "/tags/{tag_gid}", "Tags", false, "Get"},
		{"GET", "/tasks/{task_gid}/tags", "Tags", true, "ListForTask"},
		{"GET", "/projects/{project_gid}/custom_field_settings", "CustomFieldSettings", true, "ListForProject"},
		{"GET", "/portfolios/{portfolio_gid}/items", "Portfolios", true, "ListItems"},
		{"GET", "/users/{user_gid}/user_task_list", "UserTaskLists", false, "GetForUser"},
		{"POST", "/tags", "Tags", false, "Create"},
		{"POST", "/workspaces/{workspace_gid}/tags", "Tags", false, "CreateForWorkspace"},
		{"POST", "/portfolios/{portfolio_gid}/addItem", "Portfolios", false, "AddItem"},
		{"PUT", "/tags/{tag_gid}", "Tags", false, "Update"},
		{"DELETE", "/tags/{tag_gid}", "Tags", false, "Delete"},
		{"POST", "/exports/graph", "Exports", false, ""},
		{"POST", "/custom_fields/{custom_field_gid}/enum_options/insert", "CustomFields", false, ""},
	}
	for _, tt := range tests {
		if got := methodName(&operation{Method: tt.method, Path: tt.path}, tt.svc, tt.list); got != tt.want {
			t.Errorf("methodName(%s %s) = %q, want %q", tt.method, tt.path, got, tt.want)
		}
	}
}

func TestNames(t *testing.T) {
	for in, want := range map[string]string{
		"custom_field_gid": "CustomFieldGID", "html_notes": "HTMLNotes", "permalink_url": "PermalinkURL",
		"dark-warm-gray": "DarkWarmGray", "addCustomFieldSetting": "AddCustomFieldSetting",
		"Time tracking entries": "TimeTrackingEntries", "image_21x21": "Image21x21", "1st": "N1st",
		"RbacRole": "RBACRole",
	} {
		if got := exported(in); got != want {
			t.Errorf("exported(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"task_gid": "taskGID", "type": "typeArg", "time": "timeArg", "user": "user"} {
		if got := unexported(in); got != want {
			t.Errorf("unexported(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"entries": "entry", "statuses": "status", "tags": "tag", "access": "access", "typeahead": "typeahead"} {
		if got := singular(in); got != want {
			t.Errorf("singular(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"Get a tag": "gets a tag", "Approve an access request": "approves an access request",
		"Query": "queries", "Add users": "adds users", "Search": "searches"} {
		if got := thirdPerson(in); got != want {
			t.Errorf("thirdPerson(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParagraphs(t *testing.T) {
	got := paragraphs("<b>Required scope: </b><code>tags:read</code>\n\nReturns the <em>compact</em>\n  tag &amp; [more](/docs/more).\n\n| table | row |\n\nSecond.\n\nThird.\n\nFourth.")
	want := []string{"Required scope: tags:read.", "Returns the compact tag & more.", "Second."}
	if !slices.Equal(got, want) {
		t.Errorf("paragraphs = %q, want %q", got, want)
	}
	c := comment("", strings.Repeat("word ", 30))
	for _, line := range strings.Split(strings.TrimSpace(c), "\n") {
		if len(line) > 77 || !strings.HasPrefix(line, "// ") {
			t.Errorf("comment line %q", line)
		}
	}
}
