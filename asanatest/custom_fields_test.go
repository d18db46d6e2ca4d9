package asanatest

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// must2 is Must for seeding calls with two results.
func must2[A, B any](a A, b B, err error) (A, B) {
	if err != nil {
		panic(err)
	}
	return a, b
}

// cfFixture is the fixture with a project in the public team (the member
// and guest are members), a second project, and a field of each type.
type cfFixture struct {
	*fixture
	project, second       Project
	task, shared          Task // shared is in both projects
	priority, platforms   CustomField
	high, low, web, ios   EnumOption
	text, estimate, due   CustomField
	reviewers, money, pct CustomField
	elsewhere             CustomField // in the other workspace
}

func newCFFixture(t testing.TB, options ...Option) *cfFixture {
	t.Helper()
	f := &cfFixture{fixture: newFixture(t, options...)}
	s := f.s
	f.project = Must(s.AddProject(Project{WorkspaceGID: f.org.GID, TeamGID: f.public.GID, Name: "Launch",
		OwnerGID: f.member.GID, MemberGIDs: []string{f.member.GID, f.guest.GID}}))
	f.second = Must(s.AddProject(Project{WorkspaceGID: f.org.GID, TeamGID: f.public.GID, Name: "Other", OwnerGID: f.member.GID}))
	f.task = Must(s.AddTask(Task{Name: "Plan", Memberships: []TaskMembership{{ProjectGID: f.project.GID}}}))
	f.shared = Must(s.AddTask(Task{Name: "Both", Memberships: []TaskMembership{{ProjectGID: f.project.GID}, {ProjectGID: f.second.GID}}}))
	var opts []EnumOption
	f.priority, opts = must2(s.AddCustomField(CustomField{WorkspaceGID: f.org.GID, Name: "Priority", ResourceSubtype: CustomFieldEnum},
		EnumOption{Name: "High", Color: "red", Enabled: true}, EnumOption{Name: "Low", Enabled: true}))
	f.high, f.low = opts[0], opts[1]
	f.platforms, opts = must2(s.AddCustomField(CustomField{WorkspaceGID: f.org.GID, Name: "Platforms", ResourceSubtype: CustomFieldMultiEnum},
		EnumOption{Name: "Web", Enabled: true}, EnumOption{Name: "iOS", Enabled: true}))
	f.web, f.ios = opts[0], opts[1]
	add := func(cf CustomField) CustomField {
		cf.WorkspaceGID = f.org.GID
		out, _ := must2(s.AddCustomField(cf))
		return out
	}
	f.text = add(CustomField{Name: "Ticket", ResourceSubtype: CustomFieldText})
	f.estimate = add(CustomField{Name: "Estimate", ResourceSubtype: CustomFieldNumber, Precision: 2})
	f.due = add(CustomField{Name: "Launch date", ResourceSubtype: CustomFieldDate})
	f.reviewers = add(CustomField{Name: "Reviewers", ResourceSubtype: CustomFieldPeople})
	f.money = add(CustomField{Name: "Budget", ResourceSubtype: CustomFieldNumber, Format: "currency", CurrencyCode: "EUR"})
	f.pct = add(CustomField{Name: "Progress", ResourceSubtype: CustomFieldNumber, Format: "percentage", Precision: 1})
	f.elsewhere, _ = must2(s.AddCustomField(CustomField{WorkspaceGID: f.fixture.other.GID, Name: "Local", ResourceSubtype: CustomFieldText}))
	for _, cf := range []CustomField{f.priority, f.platforms, f.text, f.estimate, f.due, f.reviewers, f.money, f.pct} {
		Must(s.AddCustomFieldSetting(CustomFieldSetting{ParentGID: f.project.GID, CustomFieldGID: cf.GID}))
	}
	Must(s.AddCustomFieldSetting(CustomFieldSetting{ParentGID: f.second.GID, CustomFieldGID: f.priority.GID}))
	return f
}

// taskField finds a field's entry in a task answer's custom_fields.
func taskField(t *testing.T, task map[string]any, cfGID string) map[string]any {
	t.Helper()
	list, _ := task["custom_fields"].([]any)
	for _, e := range list {
		if m := e.(map[string]any); m["gid"] == cfGID {
			return m
		}
	}
	return nil
}

func TestCreateCustomField(t *testing.T) {
	f := newCFFixture(t)
	ws := f.org.GID
	tests := []struct {
		name, tok, body string
		want            int
		msg             string // part of the error message
		check           func(t *testing.T, d map[string]any)
	}{
		{name: "text", tok: f.memberTok, body: `{"workspace":"` + ws + `","name":"Notes","resource_subtype":"text"}`, want: 201,
			check: func(t *testing.T, d map[string]any) {
				if d["resource_subtype"] != "text" || d["type"] != "text" || d["format"] != "none" || d["text_value"] != nil {
					t.Errorf("got %v", d)
				}
			}},
		{name: "number with precision and label", tok: f.saTok, body: `{"workspace":"` + ws + `","name":"Points","resource_subtype":"number","precision":1,"format":"custom","custom_label":"pt"}`, want: 201,
			check: func(t *testing.T, d map[string]any) {
				if d["precision"] != float64(1) || d["custom_label"] != "pt" || d["custom_label_position"] != "suffix" {
					t.Errorf("got %v", d)
				}
			}},
		{name: "enum with options", tok: f.memberTok, body: `{"workspace":"` + ws + `","name":"Size","resource_subtype":"enum","enum_options":[{"name":"S"},{"name":"L","color":"blue"}]}`, want: 201,
			check: func(t *testing.T, d map[string]any) {
				opts := d["enum_options"].([]any)
				if len(opts) != 2 || opts[1].(map[string]any)["color"] != "blue" || opts[0].(map[string]any)["color"] != "none" || opts[0].(map[string]any)["enabled"] != true {
					t.Errorf("options %v", opts)
				}
			}},
		{name: "deprecated type", tok: f.memberTok, body: `{"workspace":"` + ws + `","name":"When","type":"date"}`, want: 201},
		{name: "missing workspace", tok: f.memberTok, body: `{"name":"X","resource_subtype":"text"}`, want: 400, msg: "workspace: Missing input"},
		{name: "missing subtype", tok: f.memberTok, body: `{"workspace":"` + ws + `","name":"X"}`, want: 400, msg: "resource_subtype: Missing input"},
		{name: "bad subtype", tok: f.memberTok, body: `{"workspace":"` + ws + `","name":"X","resource_subtype":"formula"}`, want: 400, msg: "resource_subtype: Not a valid enum value"},
		{name: "duplicate name", tok: f.memberTok, body: `{"workspace":"` + ws + `","name":"priority","resource_subtype":"text"}`, want: 400, msg: "already exists"},
		{name: "empty name", tok: f.memberTok, body: `{"workspace":"` + ws + `","name":" ","resource_subtype":"text"}`, want: 400, msg: "name: Cannot be empty"},
		{name: "precision on text", tok: f.memberTok, body: `{"workspace":"` + ws + `","name":"X","resource_subtype":"text","precision":2}`, want: 400, msg: "precision"},
		{name: "precision too large", tok: f.memberTok, body: `{"workspace":"` + ws + `","name":"X","resource_subtype":"number","precision":7}`, want: 400, msg: "between 0 and 6"},
		{name: "currency without code", tok: f.memberTok, body: `{"workspace":"` + ws + `","name":"X","resource_subtype":"number","format":"currency"}`, want: 400, msg: "currency_code"},
		{name: "custom without label", tok: f.memberTok, body: `{"workspace":"` + ws + `","name":"X","resource_subtype":"number","format":"custom"}`, want: 400, msg: "custom_label: Missing input"},
		{name: "options on text", tok: f.memberTok, body: `{"workspace":"` + ws + `","name":"X","resource_subtype":"text","enum_options":[{"name":"a"}]}`, want: 400, msg: "enum_options"},
		{name: "bad option color", tok: f.memberTok, body: `{"workspace":"` + ws + `","name":"X","resource_subtype":"enum","enum_options":[{"name":"a","color":"plaid"}]}`, want: 400, msg: "color"},
		{name: "guest may not", tok: f.guestTok, body: `{"workspace":"` + ws + `","name":"X","resource_subtype":"text"}`, want: 403},
		{name: "outsider may not see the workspace", tok: f.outsiderTok, body: `{"workspace":"` + ws + `","name":"X","resource_subtype":"text"}`, want: 403},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, hdr, doc := call(t, f.s, tt.tok, http.MethodPost, "/custom_fields", `{"data":`+tt.body+`}`)
			if code != tt.want {
				t.Fatalf("status %d, want %d: %v", code, tt.want, doc)
			}
			if tt.msg != "" && !strings.Contains(errMessage(doc), tt.msg) {
				t.Errorf("message %q, want it to contain %q", errMessage(doc), tt.msg)
			}
			if code == 201 {
				d := data(t, doc)
				if !strings.HasSuffix(hdr.Get("Location"), "/custom_fields/"+d["gid"].(string)) {
					t.Errorf("Location %q", hdr.Get("Location"))
				}
				if tt.check != nil {
					tt.check(t, d)
				}
			}
		})
	}
}

func TestGetUpdateDeleteCustomField(t *testing.T) {
	f := newCFFixture(t)
	p := "/custom_fields/" + f.priority.GID
	t.Run("get and visibility", func(t *testing.T) {
		for _, tc := range []struct {
			tok  string
			path string
			want int
		}{
			{f.memberTok, p, 200}, {f.saTok, p, 200}, {f.guestTok, p, 200},
			{f.outsiderTok, p, 403}, {f.saTok, "/custom_fields/1300000000000009", 404}, {f.saTok, "/custom_fields/x", 400},
			{f.saTok, "/custom_fields/" + f.elsewhere.GID, 403},
		} {
			if code, _, doc := call(t, f.s, tc.tok, http.MethodGet, tc.path, ""); code != tc.want {
				t.Errorf("%s: status %d, want %d: %v", tc.path, code, tc.want, doc)
			}
		}
		d := data(t, must(t, f.s, f.memberTok, http.MethodGet, p+"?opt_fields=name,enum_options.name", "", 200))
		if d["name"] != "Priority" || len(d) != 3 || d["enum_options"].([]any)[1].(map[string]any)["name"] != "Low" {
			t.Errorf("got %v", d)
		}
	})
	t.Run("update", func(t *testing.T) {
		for _, tc := range []struct {
			tok, body string
			want      int
			msg       string
		}{
			{f.memberTok, `{"name":"Urgency","description":"How soon"}`, 200, ""},
			{f.memberTok, `{"name":"ticket"}`, 400, "already exists"},
			{f.memberTok, `{"resource_subtype":"text"}`, 400, "Cannot be changed"},
			{f.memberTok, `{"enum_options":[]}`, 400, "Cannot be changed"},
			{f.guestTok, `{"name":"Mine"}`, 403, ""},
		} {
			code, _, doc := call(t, f.s, tc.tok, http.MethodPut, p, `{"data":`+tc.body+`}`)
			if code != tc.want || !strings.Contains(errMessage(doc), tc.msg) {
				t.Errorf("%s: status %d %q, want %d %q", tc.body, code, errMessage(doc), tc.want, tc.msg)
			}
		}
		d := data(t, must(t, f.s, f.memberTok, http.MethodGet, p, "", 200))
		if d["name"] != "Urgency" || d["description"] != "How soon" {
			t.Errorf("after update: %v", d)
		}
	})
	t.Run("delete drops settings and values", func(t *testing.T) {
		must(t, f.s, f.memberTok, http.MethodPut, "/tasks/"+f.task.GID, `{"data":{"custom_fields":{"`+f.priority.GID+`":"`+f.high.GID+`"}}}`, 200)
		must(t, f.s, f.guestTok, http.MethodDelete, p, "", 403)
		must(t, f.s, f.memberTok, http.MethodDelete, p, "", 200)
		must(t, f.s, f.memberTok, http.MethodGet, p, "", 404)
		task := data(t, must(t, f.s, f.memberTok, http.MethodGet, "/tasks/"+f.task.GID, "", 200))
		if taskField(t, task, f.priority.GID) != nil {
			t.Errorf("deleted field still on the task: %v", task["custom_fields"])
		}
		for _, pg := range []string{f.project.GID, f.second.GID} {
			doc := must(t, f.s, f.memberTok, http.MethodGet, "/projects/"+pg+"/custom_field_settings", "", 200)
			for _, e := range doc["data"].([]any) {
				if e.(map[string]any)["custom_field"].(map[string]any)["gid"] == f.priority.GID {
					t.Errorf("project %s still has the deleted field's setting", pg)
				}
			}
		}
	})
}

func TestCustomFieldsForWorkspace(t *testing.T) {
	f := newCFFixture(t)
	path := "/workspaces/" + f.org.GID + "/custom_fields"
	all := gids(t, must(t, f.s, f.memberTok, http.MethodGet, path, "", 200))
	want := []string{f.priority.GID, f.platforms.GID, f.text.GID, f.estimate.GID, f.due.GID, f.reviewers.GID, f.money.GID, f.pct.GID}
	if !slices.Equal(all, want) {
		t.Fatalf("fields %v, want %v", all, want)
	}
	// Pages of 3 cover the same list.
	var paged []string
	next := path + "?limit=3"
	for next != "" {
		doc := must(t, f.s, f.saTok, http.MethodGet, next, "", 200)
		paged = append(paged, gids(t, doc)...)
		next = ""
		if np, ok := doc["next_page"].(map[string]any); ok {
			next = path + "?limit=3&offset=" + url.QueryEscape(np["offset"].(string))
		}
	}
	if !slices.Equal(paged, want) {
		t.Errorf("paged %v, want %v", paged, want)
	}
	must(t, f.s, f.outsiderTok, http.MethodGet, path, "", 403)
	d := must(t, f.s, f.memberTok, http.MethodGet, path+"?opt_fields=name,resource_subtype,precision", "", 200)["data"].([]any)
	if e := d[3].(map[string]any); e["name"] != "Estimate" || e["precision"] != float64(2) {
		t.Errorf("opt_fields entry %v", e)
	}
}
