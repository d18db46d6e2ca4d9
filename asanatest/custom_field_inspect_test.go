package asanatest

import (
	"slices"
	"testing"
)

func TestCustomFieldAccessors(t *testing.T) {
	s, err := New()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	org, err := s.DemoOrganization()
	if err != nil {
		t.Fatal(err)
	}
	ws, project := org.Organization.GID, org.Projects[0].GID
	before := len(s.CustomFieldSettings(project))
	cf, opts, err := s.AddCustomField(CustomField{WorkspaceGID: ws, Name: "Size", ResourceSubtype: CustomFieldEnum},
		EnumOption{Name: "S"}, EnumOption{Name: "L"})
	if err != nil {
		t.Fatal(err)
	}
	set, err := s.AddCustomFieldSetting(CustomFieldSetting{ParentGID: project, CustomFieldGID: cf.GID, IsImportant: true})
	if err != nil {
		t.Fatal(err)
	}

	got, ok := s.CustomField(cf.GID)
	if !ok || got.Name != "Size" || !slices.Equal(got.EnumOptionGIDs, []string{opts[0].GID, opts[1].GID}) {
		t.Fatalf("CustomField(%s) = %+v, %v", cf.GID, got, ok)
	}
	got.EnumOptionGIDs[0] = "changed"
	if again, _ := s.CustomField(cf.GID); again.EnumOptionGIDs[0] != opts[0].GID {
		t.Error("CustomField returned the fake's option list, not a copy")
	}
	sets := s.CustomFieldSettings(project)
	if len(sets) != before+1 || sets[len(sets)-1] != set {
		t.Errorf("CustomFieldSettings(%s) = %+v, want %+v last", project, sets, set)
	}
	tests := []struct {
		name string
		gid  string
		want EnumOption
		ok   bool
	}{
		{"option", opts[1].GID, EnumOption{GID: opts[1].GID, CustomFieldGID: cf.GID, Name: "L", Color: "none"}, true},
		{"field is not an option", cf.GID, EnumOption{}, false},
		{"unknown", "1999999999999999", EnumOption{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if o, ok := s.EnumOption(tt.gid); o != tt.want || ok != tt.ok {
				t.Errorf("EnumOption(%s) = %+v, %v; want %+v, %v", tt.gid, o, ok, tt.want, tt.ok)
			}
		})
	}
	if _, ok := s.CustomField("1999999999999999"); ok {
		t.Error("CustomField of an unknown gid: ok")
	}
	if sets := s.CustomFieldSettings("1999999999999999"); len(sets) != 0 {
		t.Errorf("settings of an unknown container: %+v", sets)
	}
}
