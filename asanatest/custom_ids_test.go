package asanatest

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"
)

// customIDFixture is newCFFixture with a custom ID field "ENG" created
// through the API and set on the project: the project's tasks are ENG-1
// (task) and ENG-2 (shared), hidden (in the second project only, which the
// guest cannot see) is ENG-3.
type customIDFixture struct {
	*cfFixture
	idField string
	hidden  Task
}

func newCustomIDFixture(t testing.TB, options ...Option) *customIDFixture {
	t.Helper()
	f := &customIDFixture{cfFixture: newCFFixture(t, options...)}
	code, _, doc := call(t, f.s, f.memberTok, http.MethodPost, "/custom_fields",
		`{"data":{"workspace":"`+f.org.GID+`","name":"Key","resource_subtype":"text","id_prefix":"eng"}}`)
	if code != http.StatusCreated {
		t.Fatalf("create: %d %v", code, doc)
	}
	cf := data(t, doc)
	if cf["representation_type"] != "custom_id" || cf["id_prefix"] != "ENG" || cf["is_value_read_only"] != true {
		t.Fatalf("created field %v, want a read-only custom_id field with prefix ENG", cf)
	}
	f.idField = cf["gid"].(string)
	code, _, doc = call(t, f.s, f.memberTok, http.MethodPost, "/projects/"+f.project.GID+"/addCustomFieldSetting",
		`{"data":{"custom_field":"`+f.idField+`"}}`)
	if code != http.StatusOK {
		t.Fatalf("add setting: %d %v", code, doc)
	}
	f.hidden = Must(f.s.AddTask(Task{Name: "Hidden", Memberships: []TaskMembership{{ProjectGID: f.second.GID}}}))
	Must(f.s.AddCustomFieldSetting(CustomFieldSetting{ParentGID: f.second.GID, CustomFieldGID: f.idField}))
	return f
}

func TestCustomIDFieldCreate(t *testing.T) {
	f := newCustomIDFixture(t)
	tests := []struct {
		name, prefix string
		status       int
		msg          string
	}{
		{"not letters or digits", `"E-1"`, 400, `id_prefix: Must be 1 to 10 letters or digits: "E-1"`},
		{"too long", `"ABCDEFGHIJK"`, 400, `id_prefix: Must be 1 to 10 letters or digits: "ABCDEFGHIJK"`},
		{"not a string", `7`, 400, "id_prefix: Not a string: 7"},
		{"taken", `"Eng"`, 400, `id_prefix: A custom field with the ID prefix "ENG" already exists in this workspace`},
		{"new prefix", `"OPS"`, 201, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, doc := call(t, f.s, f.memberTok, http.MethodPost, "/custom_fields",
				`{"data":{"workspace":"`+f.org.GID+`","name":"F `+tt.name+`","resource_subtype":"text","id_prefix":`+tt.prefix+`}}`)
			if code != tt.status || errMessage(doc) != tt.msg {
				t.Fatalf("got %d %q, want %d %q", code, errMessage(doc), tt.status, tt.msg)
			}
		})
	}
	code, _, doc := call(t, f.s, f.memberTok, http.MethodPut, "/custom_fields/"+f.idField, `{"data":{"id_prefix":"NEW"}}`)
	if code != 400 || errMessage(doc) != "id_prefix: Cannot be changed with this request" {
		t.Errorf("changing the prefix: %d %q", code, errMessage(doc))
	}
	if _, _, err := f.s.AddCustomField(CustomField{WorkspaceGID: f.org.GID, Name: "Dup", ResourceSubtype: CustomFieldText, IDPrefix: "eng"}); err == nil {
		t.Error("AddCustomField took a taken prefix")
	}
	if err := f.s.SetCustomFieldValue(f.task.GID, CustomFieldValue{CustomFieldGID: f.idField, Number: 7}); err == nil {
		t.Error("SetCustomFieldValue wrote a custom ID")
	}
}

func TestCustomIDNumbering(t *testing.T) {
	f := newCustomIDFixture(t)
	code, _, doc := call(t, f.s, f.memberTok, http.MethodPost, "/tasks",
		`{"data":{"name":"New","projects":["`+f.project.GID+`"]}}`)
	if code != http.StatusCreated {
		t.Fatalf("create task: %d %v", code, doc)
	}
	created := data(t, doc)["gid"].(string)
	other := Must(f.s.AddTask(Task{Name: "Loose", WorkspaceGID: f.org.GID, AssigneeGID: f.member.GID}))
	if code, _, doc = call(t, f.s, f.memberTok, http.MethodPost, "/tasks/"+other.GID+"/addProject",
		`{"data":{"project":"`+f.project.GID+`"}}`); code != http.StatusOK {
		t.Fatalf("addProject: %d %v", code, doc)
	}
	tests := []struct{ task, want string }{
		{f.task.GID, "ENG-1"}, {f.shared.GID, "ENG-2"}, {f.hidden.GID, "ENG-3"}, {created, "ENG-4"}, {other.GID, "ENG-5"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			code, _, doc := call(t, f.s, f.saTok, http.MethodGet, "/tasks/"+tt.task, "")
			if code != http.StatusOK {
				t.Fatalf("get: %d %v", code, doc)
			}
			e := taskField(t, data(t, doc), f.idField)
			if e == nil || e["display_value"] != tt.want || e["representation_type"] != "custom_id" || e["text_value"] != nil {
				t.Errorf("entry %v, want display_value %s", e, tt.want)
			}
		})
	}
	for _, v := range []string{`"ENG-9"`, `null`} {
		code, _, doc := call(t, f.s, f.memberTok, http.MethodPut, "/tasks/"+f.task.GID, `{"data":{"custom_fields":{"`+f.idField+`":`+v+`}}}`)
		if want := "custom_fields: Custom field " + f.idField + " is a custom ID field: its values are read-only"; code != 400 || errMessage(doc) != want {
			t.Errorf("writing %s: %d %q, want 400 %q", v, code, errMessage(doc), want)
		}
	}
}

func TestGetTaskForCustomID(t *testing.T) {
	f := newCustomIDFixture(t)
	ws := "/workspaces/" + f.org.GID + "/tasks/custom_id/"
	tests := []struct {
		name, token, path string
		status            int
		want              string // the task's gid, or the error message
	}{
		{"member", f.memberTok, ws + "ENG-1", 200, f.task.GID},
		{"prefix in lower case", f.memberTok, ws + "eng-2", 200, f.shared.GID},
		{"service account", f.saTok, ws + "ENG-3", 200, f.hidden.GID},
		{"guest cannot see the task", f.guestTok, ws + "ENG-3", 403, msgForbidden},
		{"guest sees a task of its project", f.guestTok, ws + "ENG-1", 200, f.task.GID},
		{"no such number", f.memberTok, ws + "ENG-99", 404, "custom_id: Unknown object: ENG-99"},
		{"leading zero", f.memberTok, ws + "ENG-01", 404, "custom_id: Unknown object: ENG-01"},
		{"no such prefix", f.memberTok, ws + "OPS-1", 404, "custom_id: Unknown object: OPS-1"},
		{"not a custom ID", f.memberTok, ws + "ENG", 404, "custom_id: Unknown object: ENG"},
		{"other workspace", f.outsiderTok, "/workspaces/" + f.other.GID + "/tasks/custom_id/ENG-1", 404, "custom_id: Unknown object: ENG-1"},
		{"unknown workspace", f.memberTok, "/workspaces/1999999999999/tasks/custom_id/ENG-1", 404, "workspace: Unknown object: 1999999999999"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, doc := call(t, f.s, tt.token, http.MethodGet, tt.path, "")
			if code != tt.status {
				t.Fatalf("status %d, want %d: %v", code, tt.status, doc)
			}
			if code != 200 {
				if errMessage(doc) != tt.want {
					t.Errorf("message %q, want %q", errMessage(doc), tt.want)
				}
				return
			}
			if g := data(t, doc)["gid"]; g != tt.want {
				t.Errorf("gid %v, want %s", g, tt.want)
			}
		})
	}
	code, _, doc := call(t, f.s, f.memberTok, http.MethodGet, ws+"ENG-1?opt_fields=name,custom_fields.display_value", "")
	if code != 200 {
		t.Fatalf("opt_fields: %d %v", code, doc)
	}
	task := data(t, doc)
	if task["name"] != "Plan" || task["notes"] != nil || taskField(t, task, f.idField)["display_value"] != "ENG-1" {
		t.Errorf("projected task %v", task)
	}
}

// FuzzCustomID looks up arbitrary custom IDs: the fake answers 200 only
// with the task whose display_value is the ID (the prefix in any case),
// 404 otherwise, never a 500 or a panic.
func FuzzCustomID(f *testing.F) {
	for _, seed := range []string{"ENG-1", "eng-2", "ENG-3", "ENG-0", "ENG-01", "ENG--1", "-1", "ENG-", "ENG-99999999999999999999", "E\u00e9-1", "ENG-+1"} {
		f.Add(seed)
	}
	cf := newCustomIDFixture(f, WithRateLimit(0, 0)) // many requests, no quota
	f.Fuzz(func(t *testing.T, id string) {
		if id == "" || strings.ContainsAny(id, "/?#%") || !utf8.ValidString(id) {
			return
		}
		code, _, doc := call(t, cf.s, cf.saTok, http.MethodGet, "/workspaces/"+cf.org.GID+"/tasks/custom_id/"+url.PathEscape(id), "")
		switch code {
		case 200:
			if e := taskField(t, data(t, doc), cf.idField); e == nil || !strings.EqualFold(e["display_value"].(string), id) {
				t.Fatalf("%q found %v", id, doc)
			}
		case 404:
		default:
			t.Fatalf("%q: status %d %v", id, code, doc)
		}
	})
}
