package asanatest

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
)

func TestTaskCustomFieldValues(t *testing.T) {
	f := newCFFixture(t)
	tests := []struct {
		name    string
		field   CustomField
		value   string // JSON
		want    int
		msg     string
		display any // display_value after a success
	}{
		{"text", f.text, `"ENG-42"`, 200, "", "ENG-42"},
		{"text not a string", f.text, `42`, 400, "expected a string", nil},
		{"number with precision", f.estimate, `2.5`, 200, "", "2.50"},
		{"number as a string", f.estimate, `"3"`, 200, "", "3.00"},
		{"number not a number", f.estimate, `"soon"`, 400, "expected a number", nil},
		{"currency", f.money, `1200`, 200, "", "EUR 1200"},
		{"percentage", f.pct, `0.125`, 200, "", "12.5%"},
		{"enum", f.priority, `"` + f.high.GID + `"`, 200, "", "High"},
		{"enum option of another field", f.priority, `"` + f.web.GID + `"`, 400, "is not an option of custom field", nil},
		{"enum not a gid", f.priority, `["` + f.high.GID + `"]`, 400, "expected the gid of an enum option", nil},
		{"multi_enum", f.platforms, `["` + f.ios.GID + `","` + f.web.GID + `"]`, 200, "", "iOS, Web"},
		{"multi_enum not a list", f.platforms, `"` + f.ios.GID + `"`, 400, "expected an array", nil},
		{"date", f.due, `{"date":"2025-07-01"}`, 200, "", "2025-07-01"},
		{"date_time", f.due, `{"date_time":"2025-07-01T10:00:00Z"}`, 200, "", "2025-07-01T10:00:00.000Z"},
		{"bad date", f.due, `{"date":"July"}`, 400, "Not a date", nil},
		{"date not an object", f.due, `"2025-07-01"`, 400, "expected an object", nil},
		{"people", f.reviewers, `["` + f.member.GID + `"]`, 200, "", "Max"},
		{"people outside the workspace", f.reviewers, `["` + f.outsider.GID + `"]`, 400, "not a member", nil},
		{"unknown field", CustomField{GID: "1300000000000009"}, `"x"`, 400, "Unknown custom field", nil},
		{"field of another workspace", f.elsewhere, `"x"`, 400, "Unknown custom field", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := `{"data":{"custom_fields":{"` + tt.field.GID + `":` + tt.value + `}}}`
			code, _, doc := call(t, f.s, f.memberTok, http.MethodPut, "/tasks/"+f.task.GID, body)
			if code != tt.want {
				t.Fatalf("status %d, want %d: %v", code, tt.want, doc)
			}
			if tt.msg != "" {
				if m := errMessage(doc); !strings.HasPrefix(m, "custom_fields: ") || !strings.Contains(m, tt.msg) {
					t.Errorf("message %q, want custom_fields: ...%s", m, tt.msg)
				}
				return
			}
			e := taskField(t, data(t, doc), tt.field.GID)
			if e == nil || e["display_value"] != tt.display {
				t.Errorf("entry %v, want display_value %v", e, tt.display)
			}
		})
	}
	t.Run("null clears", func(t *testing.T) {
		d := data(t, must(t, f.s, f.memberTok, http.MethodPut, "/tasks/"+f.task.GID, `{"data":{"custom_fields":{"`+f.text.GID+`":null}}}`, 200))
		if e := taskField(t, d, f.text.GID); e == nil || e["text_value"] != nil || e["display_value"] != nil {
			t.Errorf("cleared entry %v (the field stays listed: it is on the project)", e)
		}
	})
	t.Run("custom_fields not an object", func(t *testing.T) {
		code, _, doc := call(t, f.s, f.memberTok, http.MethodPut, "/tasks/"+f.task.GID, `{"data":{"custom_fields":["x"]}}`)
		if code != 400 || errMessage(doc) != "custom_fields: Must be an object" {
			t.Errorf("status %d %v", code, doc)
		}
	})
	t.Run("field not on the task's projects", func(t *testing.T) {
		Must(f.s.AddTask(Task{Name: "Loose", WorkspaceGID: f.org.GID}))
		code, _, doc := call(t, f.s, f.memberTok, http.MethodPost, "/tasks", `{"data":{"workspace":"`+f.org.GID+`","name":"Loose","custom_fields":{"`+f.text.GID+`":"x"}}}`)
		if code != 400 || !strings.Contains(errMessage(doc), "is not on given object") {
			t.Errorf("status %d %v", code, doc)
		}
	})
	t.Run("create with values and opt_fields into them", func(t *testing.T) {
		body := `{"data":{"projects":["` + f.project.GID + `"],"name":"New","custom_fields":{"` + f.priority.GID + `":"` + f.low.GID + `","` + f.estimate.GID + `":1}}}`
		d := data(t, must(t, f.s, f.memberTok, http.MethodPost, "/tasks?opt_fields=custom_fields.enum_value.name,custom_fields.number_value", body, 201))
		got := map[string]any{}
		for _, e := range d["custom_fields"].([]any) {
			m := e.(map[string]any)
			if ev, ok := m["enum_value"].(map[string]any); ok {
				got["enum"] = ev["name"]
				if len(ev) != 2 { // gid and name
					t.Errorf("enum_value %v", ev)
				}
			}
			if n, ok := m["number_value"].(float64); ok {
				got["number"] = n
			}
		}
		if got["enum"] != "Low" || got["number"] != float64(1) {
			t.Errorf("rendered %v from %v", got, d)
		}
	})
	t.Run("outsider may not write", func(t *testing.T) {
		code, _, _ := call(t, f.s, f.outsiderTok, http.MethodPut, "/tasks/"+f.task.GID, `{"data":{"custom_fields":{"`+f.text.GID+`":"x"}}}`)
		if code != 403 {
			t.Errorf("outsider: status %d, want 403", code)
		}
	})
	t.Run("event", func(t *testing.T) {
		before := len(f.s.Events(f.task.GID))
		must(t, f.s, f.memberTok, http.MethodPut, "/tasks/"+f.task.GID, `{"data":{"custom_fields":{"`+f.text.GID+`":"ENG-7"}}}`, 200)
		evs := f.s.Events(f.task.GID)[before:]
		if !slices.ContainsFunc(evs, func(e Event) bool { return e.Action == "changed" && e.Field == "custom_fields" }) {
			t.Errorf("no custom_fields change event in %+v", evs)
		}
	})
}

func TestEnumOptions(t *testing.T) {
	f := newCFFixture(t)
	base := "/custom_fields/" + f.priority.GID
	names := func() []string {
		var out []string
		for _, o := range data(t, must(t, f.s, f.memberTok, http.MethodGet, base, "", 200))["enum_options"].([]any) {
			out = append(out, o.(map[string]any)["name"].(string))
		}
		return out
	}
	mid := data(t, must(t, f.s, f.memberTok, http.MethodPost, base+"/enum_options", `{"data":{"name":"Mid","color":"yellow","insert_after":"`+f.high.GID+`"}}`, 201))
	if got := names(); !slices.Equal(got, []string{"High", "Mid", "Low"}) {
		t.Fatalf("after create: %v", got)
	}
	must(t, f.s, f.memberTok, http.MethodPost, base+"/enum_options/insert", `{"data":{"enum_option":"`+f.low.GID+`","before_enum_option":"`+f.high.GID+`"}}`, 200)
	if got := names(); !slices.Equal(got, []string{"Low", "High", "Mid"}) {
		t.Fatalf("after insert: %v", got)
	}
	errs := []struct {
		path, body, msg string
		want            int
	}{
		{base + "/enum_options", `{"data":{"color":"red"}}`, "name: Missing input", 400},
		{base + "/enum_options", `{"data":{"name":"X","insert_before":"` + f.high.GID + `","insert_after":"` + f.low.GID + `"}}`, "Cannot be provided together", 400},
		{base + "/enum_options", `{"data":{"name":"X","insert_before":"` + f.web.GID + `"}}`, "is not an option", 400},
		{"/custom_fields/" + f.text.GID + "/enum_options", `{"data":{"name":"X"}}`, "Only enum and multi_enum", 400},
		{base + "/enum_options/insert", `{"data":{"enum_option":"` + f.low.GID + `","after_enum_option":"` + f.low.GID + `"}}`, "relative to itself", 400},
		{base + "/enum_options/insert", `{"data":{"enum_option":"` + f.web.GID + `","after_enum_option":"` + f.low.GID + `"}}`, "is not an option", 400},
		{base + "/enum_options/insert", `{"data":{"enum_option":"` + f.low.GID + `"}}`, "is required", 400},
	}
	for _, e := range errs {
		code, _, doc := call(t, f.s, f.memberTok, http.MethodPost, e.path, e.body)
		if code != e.want || !strings.Contains(errMessage(doc), e.msg) {
			t.Errorf("%s %s: status %d %q, want %d %q", e.path, e.body, code, errMessage(doc), e.want, e.msg)
		}
	}
	must(t, f.s, f.guestTok, http.MethodPost, base+"/enum_options", `{"data":{"name":"G"}}`, 403)

	// A value set before the option is disabled stays; the option cannot
	// be chosen again.
	must(t, f.s, f.memberTok, http.MethodPut, "/tasks/"+f.task.GID, `{"data":{"custom_fields":{"`+f.priority.GID+`":"`+mid["gid"].(string)+`"}}}`, 200)
	o := data(t, must(t, f.s, f.memberTok, http.MethodPut, "/enum_options/"+mid["gid"].(string), `{"data":{"name":"Medium","enabled":false}}`, 200))
	if o["name"] != "Medium" || o["enabled"] != false || o["color"] != "yellow" {
		t.Errorf("updated option %v", o)
	}
	task := data(t, must(t, f.s, f.memberTok, http.MethodGet, "/tasks/"+f.task.GID, "", 200))
	if e := taskField(t, task, f.priority.GID); e["display_value"] != "Medium" {
		t.Errorf("value after disabling: %v", e)
	}
	code, _, doc := call(t, f.s, f.memberTok, http.MethodPut, "/tasks/"+f.shared.GID, `{"data":{"custom_fields":{"`+f.priority.GID+`":"`+mid["gid"].(string)+`"}}}`)
	if code != 400 || !strings.Contains(errMessage(doc), "is disabled") {
		t.Errorf("choosing a disabled option: %d %v", code, doc)
	}
	for _, c := range []struct {
		tok, path, body string
		want            int
	}{
		{f.memberTok, "/enum_options/1300000000000009", `{"data":{"name":"x"}}`, 404},
		{f.memberTok, "/enum_options/" + f.high.GID, `{"data":{"color":"plaid"}}`, 400},
		{f.guestTok, "/enum_options/" + f.high.GID, `{"data":{"name":"x"}}`, 403},
		{f.outsiderTok, "/enum_options/" + f.high.GID, `{"data":{"name":"x"}}`, 403},
	} {
		if code, _, doc := call(t, f.s, c.tok, http.MethodPut, c.path, c.body); code != c.want {
			t.Errorf("PUT %s: status %d, want %d: %v", c.path, code, c.want, doc)
		}
	}
}

func TestCustomFieldSettings(t *testing.T) {
	f := newCFFixture(t)
	list := func(pg string) (fields []string, important []bool) {
		for _, e := range must(t, f.s, f.memberTok, http.MethodGet, "/projects/"+pg+"/custom_field_settings", "", 200)["data"].([]any) {
			m := e.(map[string]any)
			fields = append(fields, m["custom_field"].(map[string]any)["gid"].(string))
			important = append(important, m["is_important"].(bool))
			if m["parent"].(map[string]any)["gid"] != pg || m["project"].(map[string]any)["gid"] != pg {
				t.Errorf("setting %v is not on %s", m, pg)
			}
		}
		return fields, important
	}
	first := must(t, f.s, f.memberTok, http.MethodGet, "/projects/"+f.second.GID+"/custom_field_settings", "", 200)["data"].([]any)[0].(map[string]any)
	set := data(t, must(t, f.s, f.memberTok, http.MethodPost, "/projects/"+f.second.GID+"/addCustomFieldSetting",
		`{"data":{"custom_field":"`+f.text.GID+`","is_important":true,"insert_before":"`+first["gid"].(string)+`"}}`, 200))
	if set["is_important"] != true || set["custom_field"].(map[string]any)["name"] != "Ticket" {
		t.Errorf("new setting %v", set)
	}
	must(t, f.s, f.memberTok, http.MethodPost, "/projects/"+f.second.GID+"/addCustomFieldSetting",
		`{"data":{"custom_field":"`+f.estimate.GID+`","insert_after":"`+set["gid"].(string)+`"}}`, 200)
	fields, important := list(f.second.GID)
	if !slices.Equal(fields, []string{f.text.GID, f.estimate.GID, f.priority.GID}) || !slices.Equal(important, []bool{true, false, false}) {
		t.Errorf("order %v %v", fields, important)
	}
	created := data(t, must(t, f.s, f.memberTok, http.MethodPost, "/projects/"+f.second.GID+"/addCustomFieldSetting",
		`{"data":{"custom_field":{"name":"Inline","resource_subtype":"text"}}}`, 200))
	if created["custom_field"].(map[string]any)["name"] != "Inline" {
		t.Errorf("object form: %v", created)
	}
	for _, c := range []struct {
		tok, path, body, msg string
		want                 int
	}{
		{f.memberTok, "/addCustomFieldSetting", `{"custom_field":"` + f.text.GID + `"}`, "already on this project", 400},
		{f.saTok, "/addCustomFieldSetting", `{"custom_field":"` + f.elsewhere.GID + `"}`, "", 403},
		{f.memberTok, "/addCustomFieldSetting", `{}`, "custom_field: Missing input", 400},
		{f.memberTok, "/addCustomFieldSetting", `{"custom_field":"1300000000000009"}`, "", 404},
		{f.memberTok, "/addCustomFieldSetting", `{"custom_field":"` + f.due.GID + `","insert_before":"1300000000000009"}`, "is not on this container", 400},
		{f.guestTok, "/addCustomFieldSetting", `{"custom_field":"` + f.due.GID + `"}`, "", 403},
		{f.memberTok, "/removeCustomFieldSetting", `{"custom_field":"` + f.due.GID + `"}`, "is not on this project", 400},
		{f.guestTok, "/removeCustomFieldSetting", `{"custom_field":"` + f.text.GID + `"}`, "", 403},
	} {
		code, _, doc := call(t, f.s, c.tok, http.MethodPost, "/projects/"+f.second.GID+c.path, `{"data":`+c.body+`}`)
		if code != c.want || !strings.Contains(errMessage(doc), c.msg) {
			t.Errorf("%s %s: status %d %q, want %d %q", c.path, c.body, code, errMessage(doc), c.want, c.msg)
		}
	}
	// Pagination of a project's settings.
	doc := must(t, f.s, f.saTok, http.MethodGet, "/projects/"+f.project.GID+"/custom_field_settings?limit=5", "", 200)
	np, _ := doc["next_page"].(map[string]any)
	if len(gids(t, doc)) != 5 || np == nil {
		t.Fatalf("first page %v", doc)
	}
	rest := gids(t, must(t, f.s, f.saTok, http.MethodGet, "/projects/"+f.project.GID+"/custom_field_settings?limit=5&offset="+url.QueryEscape(np["offset"].(string)), "", 200))
	if len(rest) != 3 {
		t.Errorf("second page %v", rest)
	}
	// The project renders its settings.
	p := data(t, must(t, f.s, f.memberTok, http.MethodGet, "/projects/"+f.second.GID+"?opt_fields=custom_field_settings.custom_field.name", "", 200))
	if n := len(p["custom_field_settings"].([]any)); n != 4 {
		t.Errorf("project custom_field_settings: %v", p)
	}
}

func TestValuesDroppedWithTheLastSetting(t *testing.T) {
	f := newCFFixture(t)
	set := func(task string) {
		must(t, f.s, f.memberTok, http.MethodPut, "/tasks/"+task, `{"data":{"custom_fields":{"`+f.priority.GID+`":"`+f.high.GID+`","`+f.text.GID+`":"T"}}}`, 200)
	}
	set(f.task.GID)
	set(f.shared.GID)
	must(t, f.s, f.memberTok, http.MethodPost, "/projects/"+f.project.GID+"/removeCustomFieldSetting", `{"data":{"custom_field":"`+f.priority.GID+`"}}`, 200)
	value := func(task, cf string) any {
		e := taskField(t, data(t, must(t, f.s, f.memberTok, http.MethodGet, "/tasks/"+task, "", 200)), cf)
		if e == nil {
			return nil
		}
		return e["display_value"]
	}
	if v := value(f.task.GID, f.priority.GID); v != nil {
		t.Errorf("task only in the project kept %v", v)
	}
	if v := value(f.shared.GID, f.priority.GID); v != "High" {
		t.Errorf("task also in a project with the field lost its value: %v", v)
	}
	// Leaving the project drops the text value (no other project has it).
	must(t, f.s, f.memberTok, http.MethodPost, "/tasks/"+f.shared.GID+"/removeProject", `{"data":{"project":"`+f.project.GID+`"}}`, 200)
	if v := value(f.shared.GID, f.text.GID); v != nil {
		t.Errorf("value kept after leaving the field's last project: %v", v)
	}
	if v := value(f.shared.GID, f.priority.GID); v != "High" {
		t.Errorf("value of the remaining project's field: %v", v)
	}
}

func TestProjectCustomFieldValues(t *testing.T) {
	f := newCFFixture(t)
	d := data(t, must(t, f.s, f.memberTok, http.MethodPut, "/projects/"+f.project.GID, `{"data":{"custom_fields":{"`+f.money.GID+`":99.5}}}`, 200))
	cfs := d["custom_fields"].([]any)
	if len(cfs) != 1 || cfs[0].(map[string]any)["display_value"] != "EUR 100" || cfs[0].(map[string]any)["number_value"] != 99.5 {
		t.Errorf("project custom_fields %v", cfs)
	}
	if !slices.ContainsFunc(f.s.Events(f.project.GID), func(e Event) bool { return e.Action == "changed" && e.Field == "custom_fields" }) {
		t.Errorf("no custom_fields change event on the project")
	}
	code, _, doc := call(t, f.s, f.memberTok, http.MethodPut, "/projects/"+f.project.GID, `{"data":{"custom_fields":{"`+f.money.GID+`":"lots"}}}`)
	if code != 400 || !strings.Contains(errMessage(doc), "expected a number") {
		t.Errorf("bad project value: %d %v", code, doc)
	}
}

func TestSearchTasksByCustomField(t *testing.T) {
	f := newCFFixture(t)
	must(t, f.s, f.memberTok, http.MethodPut, "/tasks/"+f.task.GID, `{"data":{"custom_fields":{"`+f.priority.GID+`":"`+f.high.GID+`","`+f.estimate.GID+`":3,"`+f.text.GID+`":"ENG-42"}}}`, 200)
	must(t, f.s, f.memberTok, http.MethodPut, "/tasks/"+f.shared.GID, `{"data":{"custom_fields":{"`+f.priority.GID+`":"`+f.low.GID+`","`+f.estimate.GID+`":8}}}`, 200)
	path := "/workspaces/" + f.org.GID + "/tasks/search?"
	cf := func(g, op, v string) string { return "custom_fields." + g + "." + op + "=" + url.QueryEscape(v) }
	tests := []struct {
		query string
		want  []string
	}{
		{cf(f.priority.GID, "value", f.high.GID), []string{f.task.GID}},
		{cf(f.estimate.GID, "greater_than", "5"), []string{f.shared.GID}},
		{cf(f.estimate.GID, "less_than", "5"), []string{f.task.GID}},
		{cf(f.text.GID, "is_set", "true"), []string{f.task.GID}},
		{cf(f.text.GID, "is_set", "false"), []string{f.shared.GID}},
		{cf(f.text.GID, "starts_with", "eng"), []string{f.task.GID}},
		{cf(f.text.GID, "contains", "nope"), nil},
		{cf(f.estimate.GID, "value", "8") + "&" + cf(f.priority.GID, "value", f.low.GID), []string{f.shared.GID}},
	}
	for _, tt := range tests {
		got := gids(t, must(t, f.s, f.saTok, http.MethodGet, path+tt.query, "", 200))
		slices.Sort(got)
		if !slices.Equal(got, tt.want) && !(len(got) == 0 && tt.want == nil) {
			t.Errorf("%s: %v, want %v", tt.query, got, tt.want)
		}
	}
	for _, q := range []string{
		cf(f.text.GID, "less_than", "3"), cf(f.estimate.GID, "value", "x"), cf("1300000000000009", "value", "x"),
		"custom_fields." + f.text.GID + "=x", cf(f.text.GID, "is_set", "maybe"),
	} {
		if code, _, doc := call(t, f.s, f.saTok, http.MethodGet, path+q, ""); code != 400 {
			t.Errorf("%s: status %d, want 400: %v", q, code, doc)
		}
	}
}

func TestPortfolioCustomFieldSettingsUnknown(t *testing.T) {
	f := newCFFixture(t)
	for _, c := range []struct{ method, path string }{
		{http.MethodGet, "/portfolios/1300000000000006/custom_field_settings"},
		{http.MethodPost, "/portfolios/1300000000000006/addCustomFieldSetting"},
		{http.MethodPost, "/portfolios/1300000000000006/removeCustomFieldSetting"},
	} {
		code, _, doc := call(t, f.s, f.saTok, c.method, c.path, `{"data":{"custom_field":"`+f.text.GID+`"}}`)
		if code != 404 || !strings.HasPrefix(errMessage(doc), "portfolio:") {
			t.Errorf("%s %s: %d %v", c.method, c.path, code, doc)
		}
	}
}

func TestDuplicatesKeepCustomFields(t *testing.T) {
	f := newCFFixture(t)
	must(t, f.s, f.memberTok, http.MethodPut, "/tasks/"+f.task.GID, `{"data":{"custom_fields":{"`+f.priority.GID+`":"`+f.high.GID+`","`+f.text.GID+`":"T"}}}`, 200)
	job := data(t, must(t, f.s, f.memberTok, http.MethodPost, "/projects/"+f.project.GID+"/duplicate", `{"data":{"name":"Copy"}}`, 201))
	job = data(t, must(t, f.s, f.memberTok, http.MethodGet, "/jobs/"+job["gid"].(string), "", 200))
	pg := job["new_project"].(map[string]any)["gid"].(string)
	if n := len(gids(t, must(t, f.s, f.memberTok, http.MethodGet, "/projects/"+pg+"/custom_field_settings", "", 200))); n != 8 {
		t.Errorf("copy has %d settings, want 8", n)
	}
	var copied string
	for _, g := range gids(t, must(t, f.s, f.memberTok, http.MethodGet, "/projects/"+pg+"/tasks", "", 200)) {
		if d := data(t, must(t, f.s, f.memberTok, http.MethodGet, "/tasks/"+g, "", 200)); d["name"] == "Plan" {
			copied = g
			if e := taskField(t, d, f.priority.GID); e == nil || e["display_value"] != "High" {
				t.Errorf("copied task's priority: %v", e)
			}
		}
	}
	if copied == "" {
		t.Fatal("no copy of the task")
	}
	// A task duplicated with its projects keeps its values.
	job = data(t, must(t, f.s, f.memberTok, http.MethodPost, "/tasks/"+f.task.GID+"/duplicate", `{"data":{"name":"Again","include":["projects"]}}`, 201))
	job = data(t, must(t, f.s, f.memberTok, http.MethodGet, "/jobs/"+job["gid"].(string), "", 200))
	d := data(t, must(t, f.s, f.memberTok, http.MethodGet, "/tasks/"+job["new_task"].(map[string]any)["gid"].(string), "", 200))
	if e := taskField(t, d, f.text.GID); e == nil || e["display_value"] != "T" {
		t.Errorf("duplicated task's text: %v", e)
	}
}

func TestTeamCustomFieldSettings(t *testing.T) {
	f := newCFFixture(t)
	Must(f.s.AddCustomFieldSetting(CustomFieldSetting{ParentGID: f.public.GID, ParentType: "team", CustomFieldGID: f.text.GID, IsImportant: true}))
	path := "/teams/" + f.public.GID + "/custom_field_settings"
	d := must(t, f.s, f.memberTok, http.MethodGet, path, "", 200)["data"].([]any)
	if len(d) != 1 {
		t.Fatalf("team settings %v", d)
	}
	e := d[0].(map[string]any)
	if e["parent"].(map[string]any)["gid"] != f.public.GID || e["project"] != nil || e["is_important"] != true {
		t.Errorf("team setting %v", e)
	}
	must(t, f.s, f.memberTok, http.MethodGet, "/teams/"+f.secret.GID+"/custom_field_settings", "", 403)
	must(t, f.s, f.saTok, http.MethodGet, "/teams/"+f.secret.GID+"/custom_field_settings", "", 200)
	team := data(t, must(t, f.s, f.memberTok, http.MethodGet, "/teams/"+f.public.GID+"?opt_fields=custom_field_settings.custom_field.name", "", 200))
	if cs := team["custom_field_settings"].([]any); len(cs) != 1 {
		t.Errorf("team custom_field_settings %v", cs)
	}
}
