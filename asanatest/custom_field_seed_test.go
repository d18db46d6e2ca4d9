package asanatest

import (
	"net/http"
	"testing"
)

func TestGenerateCustomFields(t *testing.T) {
	s, org := generate(t, 7, Sizes{Users: 40, Teams: 5, Projects: 12, Tasks: 300})
	fields := gids(t, must(t, s, org.ServiceAccountToken, http.MethodGet, "/workspaces/"+org.Organization.GID+"/custom_fields", "", 200))
	if len(fields) != len(genFields) || len(org.CustomFields) != len(fields) || org.CustomFields[0].GID != fields[0] {
		t.Fatalf("%d fields (Org lists %d), want %d", len(fields), len(org.CustomFields), len(genFields))
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	cs := customFields(s.st)
	withSettings := 0
	for _, p := range org.Projects {
		if len(cs.settingsByParent[p.GID]) > 0 {
			withSettings++
		}
		// Fields come after every other record: their GIDs are larger.
		if gidLess(fields[0], p.GID) {
			t.Errorf("project %s was allocated after the custom fields", p.GID)
		}
	}
	if withSettings < len(org.Projects)/2 {
		t.Errorf("%d of %d projects carry fields", withSettings, len(org.Projects))
	}
	inProjects, valued := 0, 0
	for _, g := range s.st.tasks.order {
		task := s.st.tasks.get(g)
		if gidLess(fields[0], g) {
			t.Fatalf("task %s was allocated after the custom fields", g)
		}
		for _, v := range task.CustomFields {
			if !s.st.onProjects(task.Memberships, v.CustomFieldGID) {
				t.Errorf("task %s has a value of %s, on none of its projects", g, v.CustomFieldGID)
			}
		}
		if len(task.Memberships) > 0 {
			inProjects++
			if len(task.CustomFields) > 0 {
				valued++
			}
		}
	}
	if valued*2 < inProjects {
		t.Errorf("%d of %d tasks in projects have values", valued, inProjects)
	}
}

func TestSetCustomFieldValueSeeding(t *testing.T) {
	f := newCFFixture(t)
	loose := Must(f.s.AddTask(Task{Name: "Loose", WorkspaceGID: f.org.GID}))
	tests := []struct {
		name, object string
		v            CustomFieldValue
		ok           bool
	}{
		{"enum on a task", f.task.GID, CustomFieldValue{CustomFieldGID: f.priority.GID, EnumOptionGIDs: []string{f.high.GID}}, true},
		{"number on a project", f.project.GID, CustomFieldValue{CustomFieldGID: f.estimate.GID, Number: 1}, true},
		{"unknown field", f.task.GID, CustomFieldValue{CustomFieldGID: "1300000000000009"}, false},
		{"option of another field", f.task.GID, CustomFieldValue{CustomFieldGID: f.priority.GID, EnumOptionGIDs: []string{f.web.GID}}, false},
		{"unknown person", f.task.GID, CustomFieldValue{CustomFieldGID: f.reviewers.GID, PeopleGIDs: []string{"1300000000000009"}}, false},
		{"field on none of the task's projects", loose.GID, CustomFieldValue{CustomFieldGID: f.text.GID, Text: "x"}, false},
		{"no such object", "1300000000000009", CustomFieldValue{CustomFieldGID: f.text.GID, Text: "x"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := f.s.SetCustomFieldValue(tt.object, tt.v); (err == nil) != tt.ok {
				t.Errorf("err = %v, want ok %v", err, tt.ok)
			}
		})
	}
	for _, bad := range []CustomFieldSetting{
		{ParentGID: f.project.GID, CustomFieldGID: f.text.GID},         // already there
		{ParentGID: f.project.GID, CustomFieldGID: f.elsewhere.GID},    // other workspace
		{ParentGID: f.project.GID, CustomFieldGID: "1300000000000009"}, // no field
		{ParentGID: "1300000000000009", CustomFieldGID: f.text.GID},    // no project
		{ParentGID: f.project.GID, CustomFieldGID: f.text.GID, ParentType: "portfolio"},
	} {
		if _, err := f.s.AddCustomFieldSetting(bad); err == nil {
			t.Errorf("AddCustomFieldSetting(%+v) succeeded", bad)
		}
	}
	if _, _, err := f.s.AddCustomField(CustomField{WorkspaceGID: f.org.GID, Name: "X", ResourceSubtype: CustomFieldText}, EnumOption{Name: "a"}); err == nil {
		t.Error("a text field took options")
	}
	if _, _, err := f.s.AddCustomField(CustomField{WorkspaceGID: f.org.GID, Name: "X", ResourceSubtype: "formula"}); err == nil {
		t.Error("an unknown type was accepted")
	}
}
