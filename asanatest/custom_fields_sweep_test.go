package asanatest

import (
	"maps"
	"testing"
)

// The conformance sweep's custom field records and requests, merged into
// the sweep's tables (conformance_sweep_test.go) at init.

// sweepCustomFields are the sweep fixture's custom field records: field
// is an enum field on the project with a value on the task, spareField is
// on the team only, doomedField is deleted by the sweep.
type sweepCustomFields struct {
	field, spareField, doomedField CustomField
	options                        []EnumOption
	setting                        CustomFieldSetting // field's on the project
	// taskID is the task's custom ID in idField, a custom ID field on the
	// project.
	idField CustomField
	taskID  string
}

func newSweepCustomFields(t *testing.T, f *sweepFixture) sweepCustomFields {
	t.Helper()
	s := f.s
	var c sweepCustomFields
	c.field, c.options = must2(s.AddCustomField(CustomField{WorkspaceGID: f.org.GID, Name: "Priority", ResourceSubtype: CustomFieldEnum},
		EnumOption{Name: "High", Color: "red", Enabled: true}, EnumOption{Name: "Low", Color: "green", Enabled: true}))
	c.spareField, _ = must2(s.AddCustomField(CustomField{WorkspaceGID: f.org.GID, Name: "Ticket", ResourceSubtype: CustomFieldText}))
	c.doomedField, _ = must2(s.AddCustomField(CustomField{WorkspaceGID: f.org.GID, Name: "Doomed", ResourceSubtype: CustomFieldNumber, Precision: 2}))
	Must(s.AddCustomFieldSetting(CustomFieldSetting{ParentGID: f.public.GID, ParentType: "team", CustomFieldGID: c.spareField.GID}))
	c.setting = Must(s.AddCustomFieldSetting(CustomFieldSetting{ParentGID: f.project.GID, CustomFieldGID: c.field.GID, IsImportant: true}))
	Must(s.AddCustomFieldSetting(CustomFieldSetting{ParentGID: f.project.GID, CustomFieldGID: c.doomedField.GID}))
	c.idField, _ = must2(s.AddCustomField(CustomField{WorkspaceGID: f.org.GID, Name: "Key", ResourceSubtype: CustomFieldText, IDPrefix: "ENG"}))
	Must(s.AddCustomFieldSetting(CustomFieldSetting{ParentGID: f.project.GID, CustomFieldGID: c.idField.GID}))
	v := valueOf(s.st.tasks.get(f.task.GID).CustomFields, c.idField.GID)
	if v == nil {
		t.Fatal("the sweep's task has no custom ID")
	}
	c.taskID = customIDOf(&c.idField, v.Number)
	for _, v := range []CustomFieldValue{
		{CustomFieldGID: c.field.GID, EnumOptionGIDs: []string{c.options[0].GID}},
		{CustomFieldGID: c.doomedField.GID, Number: 2.5},
	} {
		if err := s.SetCustomFieldValue(f.task.GID, v); err != nil {
			t.Fatal(err)
		}
	}
	return c
}

var customFieldSweepWrites = map[string]sweepWrite{
	"POST /projects/{project_gid}/addCustomFieldSetting": {
		body: `{"data":{"custom_field":"{spareField}","is_important":true,"insert_before":"{fieldSetting}"}}`},
	"POST /projects/{project_gid}/removeCustomFieldSetting":     {body: `{"data":{"custom_field":"{spareField}"}}`},
	"POST /portfolios/{portfolio_gid}/addCustomFieldSetting":    {body: `{"data":{"custom_field":"{spareField}"}}`},
	"POST /portfolios/{portfolio_gid}/removeCustomFieldSetting": {body: `{"data":{"custom_field":"{spareField}"}}`},
	"POST /custom_fields": {body: `{"data":{"workspace":"{org}","name":"Effort","resource_subtype":"number","precision":1,` +
		`"format":"custom","custom_label":" pts"}}`},
	"PUT /custom_fields/{custom_field_gid}":                      {body: `{"data":{"description":"How urgent"}}`},
	"DELETE /custom_fields/{custom_field_gid}":                   {paths: map[string]string{"custom_field_gid": "{doomedField}"}},
	"POST /custom_fields/{custom_field_gid}/enum_options":        {body: `{"data":{"name":"Urgent","color":"orange","insert_before":"{option}"}}`},
	"POST /custom_fields/{custom_field_gid}/enum_options/insert": {body: `{"data":{"enum_option":"{option2}","before_enum_option":"{option}"}}`},
	"PUT /enum_options/{enum_option_gid}":                        {body: `{"data":{"name":"Highest","color":"red"}}`},
}

func init() {
	maps.Copy(sweepWrites, customFieldSweepWrites)
}
