package asana_test

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/asanakit/asana-go/asana"
	"github.com/asanakit/asana-go/asanatest"
)

// cfSuite is what the custom field steps pass along: an enum field made
// over the API, a text field seeded in the fake, and their settings.
type cfSuite struct {
	enum                string // the enum field's gid
	high, medium, low   string // its options' gids
	text                string // the seeded text field's gid
	enumSet, textSet    string // their settings on the suite's new project
	teamField, teamSett string // a field seeded on the suite's new team
}

func customFieldGID(cf asana.CustomField) string     { return cf.GID }
func settingGID(set asana.CustomFieldSetting) string { return set.GID }

// customFieldSteps define fields and options, put them on the suite's new
// project and its task, and take them off again. They run after
// taskSteps (they need s.newProject and s.task) and before cleanupSteps.
func customFieldSteps() []step {
	c := &cfSuite{}
	return concatSteps(customFieldDefinitionSteps(c), customFieldSettingSteps(c))
}

func customFieldDefinitionSteps(c *cfSuite) []step {
	return []step{
		{methods: []string{"CustomFields.Create"}, run: func(ctx context.Context, s *suite) error {
			cf, err := s.admin.CustomFields.Create(ctx, &asana.CustomFieldCreateRequest{
				Name: "Launch priority", Workspace: s.ws, ResourceSubtype: "enum", Description: "how urgent",
				EnumOptions: []asana.EnumOptionInput{{Name: "High", Color: "red"}, {Name: "Low", Color: "blue"}},
			}, nil)
			if err != nil {
				return err
			}
			got, ok := s.srv.CustomField(cf.GID)
			if !ok || got.Name != "Launch priority" || got.ResourceSubtype != asanatest.CustomFieldEnum || got.WorkspaceGID != s.ws || len(got.EnumOptionGIDs) != 2 {
				return fmt.Errorf("fake has %+v (%v)", got, ok)
			}
			if len(cf.EnumOptions) != 2 || cf.EnumOptions[0].GID != got.EnumOptionGIDs[0] || cf.EnumOptions[0].Name != "High" || cf.EnumOptions[1].Color != "blue" {
				return fmt.Errorf("created options %+v, fake %v", cf.EnumOptions, got.EnumOptionGIDs)
			}
			c.enum, c.high, c.low = cf.GID, cf.EnumOptions[0].GID, cf.EnumOptions[1].GID
			o, _ := s.srv.EnumOption(c.high)
			return expect(o.CustomFieldGID == c.enum && o.Enabled, "option in the fake: %+v", o)
		}},
		{methods: []string{"CustomFields.Get"}, run: func(ctx context.Context, s *suite) error {
			seeded, _, err := s.srv.AddCustomField(asanatest.CustomField{WorkspaceGID: s.ws, Name: "Launch ticket", ResourceSubtype: asanatest.CustomFieldText})
			if err != nil {
				return err
			}
			c.text = seeded.GID
			cf, err := s.sa.CustomFields.Get(ctx, c.enum, nil)
			if err != nil {
				return err
			}
			if cf.Name != "Launch priority" || cf.ResourceSubtype != "enum" || len(cf.EnumOptions) != 2 || cf.EnumOptions[1].Name != "Low" {
				return fmt.Errorf("default fields: %+v", cf)
			}
			cf, err = s.sa.CustomFields.Get(ctx, c.text, &asana.GetOptions{Fields: []string{"name", "description"}})
			if err != nil {
				return err
			}
			if cf.GID != c.text || cf.Name != "Launch ticket" || cf.ResourceSubtype != "" {
				return fmt.Errorf("opt_fields name,description of the seeded field: %+v", cf)
			}
			_, err = s.sa.CustomFields.Get(ctx, "1999999999999999", nil)
			return expect(isNotFound(err), "get of an unknown field: %v", err)
		}},
		{methods: []string{"CustomFields.Update"}, run: func(ctx context.Context, s *suite) error {
			cf, err := s.admin.CustomFields.Update(ctx, c.enum, &asana.CustomFieldUpdateRequest{Name: asana.Ptr("Launch urgency"), Description: asana.Ptr("")},
				&asana.GetOptions{Fields: []string{"name", "description"}})
			if err != nil {
				return err
			}
			got, _ := s.srv.CustomField(c.enum)
			return expect(cf.Name == "Launch urgency" && cf.Description == "" && got.Name == cf.Name && got.Description == "",
				"updated %+v, fake %+v", cf, got)
		}},
		{methods: []string{"CustomFields.CreateEnumOption"}, run: func(ctx context.Context, s *suite) error {
			o, err := s.admin.CustomFields.CreateEnumOption(ctx, c.enum, &asana.CustomFieldCreateEnumOptionRequest{Name: "Medium", Color: "yellow", InsertAfter: c.high}, nil)
			if err != nil {
				return err
			}
			c.medium = o.GID
			got, _ := s.srv.CustomField(c.enum)
			want := []string{c.high, c.medium, c.low}
			return expect(o.Name == "Medium" && o.Color == "yellow" && slices.Equal(got.EnumOptionGIDs, want),
				"option %+v; fake order %v, want %v", o, got.EnumOptionGIDs, want)
		}},
		{methods: []string{"CustomFields.InsertEnumOption"}, run: func(ctx context.Context, s *suite) error {
			o, err := s.admin.CustomFields.InsertEnumOption(ctx, c.enum, &asana.CustomFieldInsertEnumOptionRequest{EnumOption: c.low, BeforeEnumOption: c.high}, nil)
			if err != nil {
				return err
			}
			got, _ := s.srv.CustomField(c.enum)
			want := []string{c.low, c.high, c.medium}
			return expect(o.GID == c.low && slices.Equal(got.EnumOptionGIDs, want), "moved %+v; fake order %v, want %v", o, got.EnumOptionGIDs, want)
		}},
		{methods: []string{"CustomFields.UpdateEnumOption"}, run: func(ctx context.Context, s *suite) error {
			o, err := s.admin.CustomFields.UpdateEnumOption(ctx, c.low, &asana.CustomFieldUpdateEnumOptionRequest{Name: asana.Ptr("Someday"), Enabled: asana.Ptr(false)}, nil)
			if err != nil {
				return err
			}
			got, _ := s.srv.EnumOption(c.low)
			return expect(o.Name == "Someday" && !o.Enabled && got.Name == "Someday" && !got.Enabled, "updated %+v, fake %+v", o, got)
		}},
		{methods: []string{"CustomFields.ListForWorkspace"}, run: func(ctx context.Context, s *suite) error {
			o := lo("name", "resource_subtype")
			cfs, err := sameList(s.sa.CustomFields.ListForWorkspace(ctx, s.ws, &o), customFieldGID, 2)
			if err != nil {
				return err
			}
			i := slices.IndexFunc(cfs, func(cf asana.CustomField) bool { return cf.GID == c.enum })
			j := slices.IndexFunc(cfs, func(cf asana.CustomField) bool { return cf.GID == c.text })
			if i < 0 || j < 0 || cfs[i].Name != "Launch urgency" || cfs[i].ResourceSubtype != "enum" || cfs[j].ResourceSubtype != "text" {
				return fmt.Errorf("fields %+v miss %s or %s", cfs, c.enum, c.text)
			}
			for _, cf := range cfs {
				if got, ok := s.srv.CustomField(cf.GID); !ok || got.WorkspaceGID != s.ws || got.Name != cf.Name {
					return fmt.Errorf("listed %+v, fake has %+v (%v)", cf, got, ok)
				}
			}
			return nil
		}},
	}
}

func customFieldSettingSteps(c *cfSuite) []step {
	return []step{
		{methods: []string{"Projects.AddCustomFieldSetting"}, run: func(ctx context.Context, s *suite) error {
			set, err := s.admin.Projects.AddCustomFieldSetting(ctx, s.newProject, &asana.CustomFieldSettingRequest{CustomField: c.enum, IsImportant: true}, nil)
			if err != nil {
				return err
			}
			if set.CustomField == nil || set.CustomField.GID != c.enum || !set.IsImportant {
				return fmt.Errorf("enum setting %+v", set)
			}
			c.enumSet = set.GID
			set, err = s.admin.Projects.AddCustomFieldSetting(ctx, s.newProject, &asana.CustomFieldSettingRequest{CustomField: c.text, InsertBefore: c.enumSet}, nil)
			if err != nil {
				return err
			}
			c.textSet = set.GID
			got := s.srv.CustomFieldSettings(s.newProject)
			if len(got) != 2 || got[0].GID != c.textSet || got[1].GID != c.enumSet || got[1].CustomFieldGID != c.enum || !got[1].IsImportant || got[0].IsImportant {
				return fmt.Errorf("fake settings %+v", got)
			}
			_, err = s.admin.Projects.AddCustomFieldSetting(ctx, s.newProject, &asana.CustomFieldSettingRequest{CustomField: c.enum}, nil)
			return expect(errors.Is(err, asana.ErrBadRequest), "adding the field twice: %v", err)
		}},
		{methods: []string{"CustomFieldSettings.ListForProject"}, run: func(ctx context.Context, s *suite) error {
			o := lo()
			sets, err := sameList(s.sa.CustomFieldSettings.ListForProject(ctx, s.newProject, &o), settingGID, 2)
			if err != nil {
				return err
			}
			if got := gids(sets, settingGID); !slices.Equal(got, []string{c.textSet, c.enumSet}) {
				return fmt.Errorf("settings %v, want the fake's order [%s %s]", got, c.textSet, c.enumSet)
			}
			if sets[1].CustomField == nil || sets[1].CustomField.Name != "Launch urgency" || !sets[1].IsImportant {
				return fmt.Errorf("default fields: %+v", sets[1])
			}
			o = lo("custom_field.resource_subtype", "parent.name")
			sets, err = collect(s.sa.CustomFieldSettings.ListForProject(ctx, s.newProject, &o).All())
			if err != nil {
				return err
			}
			set := sets[1]
			return expect(set.CustomField != nil && set.CustomField.ResourceSubtype == "enum" && set.CustomField.Name == "" && !set.IsImportant &&
				set.Parent != nil && set.Parent.GID == s.newProject && set.Parent.Name == "Launch",
				"opt_fields custom_field.resource_subtype,parent.name: %+v %+v %+v", set, set.CustomField, set.Parent)
		}},
		{methods: []string{"Tasks.Update"}, run: func(ctx context.Context, s *suite) error {
			_, err := s.admin.Tasks.Update(ctx, s.task, &asana.TaskUpdateRequest{CustomFields: map[string]any{c.enum: c.high, c.text: "ENG-42"}}, nil)
			if err != nil {
				return err
			}
			got, _ := s.srv.Task(s.task)
			if v := fieldValue(got.CustomFields, c.enum); v == nil || !slices.Equal(v.EnumOptionGIDs, []string{c.high}) {
				return fmt.Errorf("fake's enum value %+v", got.CustomFields)
			}
			if v := fieldValue(got.CustomFields, c.text); v == nil || v.Text != "ENG-42" {
				return fmt.Errorf("fake's text value %+v", got.CustomFields)
			}
			t, err := s.sa.Tasks.Get(ctx, s.task, &asana.GetOptions{Fields: []string{"custom_fields.enum_value.name", "custom_fields.text_value"}})
			if err != nil {
				return err
			}
			var enum, text *asana.CustomField
			for i, cf := range t.CustomFields {
				switch cf.GID {
				case c.enum:
					enum = &t.CustomFields[i]
				case c.text:
					text = &t.CustomFields[i]
				}
			}
			if enum == nil || enum.EnumValue == nil || enum.EnumValue.GID != c.high || enum.EnumValue.Name != "High" || enum.Name != "" {
				return fmt.Errorf("custom_fields.enum_value.name: %+v", t.CustomFields)
			}
			if text == nil || text.TextValue == nil || *text.TextValue != "ENG-42" {
				return fmt.Errorf("custom_fields.text_value: %+v", t.CustomFields)
			}
			// A nil value clears the field.
			if _, err := s.admin.Tasks.Update(ctx, s.task, &asana.TaskUpdateRequest{CustomFields: map[string]any{c.enum: nil}}, nil); err != nil {
				return err
			}
			got, _ = s.srv.Task(s.task)
			return expect(fieldValue(got.CustomFields, c.enum) == nil && fieldValue(got.CustomFields, c.text) != nil, "after clearing the enum: %+v", got.CustomFields)
		}},
		{methods: []string{"CustomFieldSettings.ListForTeam"}, run: func(ctx context.Context, s *suite) error {
			cf, _, err := s.srv.AddCustomField(asanatest.CustomField{WorkspaceGID: s.ws, Name: "Team budget", ResourceSubtype: asanatest.CustomFieldNumber, Precision: 2})
			if err != nil {
				return err
			}
			set, err := s.srv.AddCustomFieldSetting(asanatest.CustomFieldSetting{ParentGID: s.newTeam, ParentType: "team", CustomFieldGID: cf.GID})
			if err != nil {
				return err
			}
			c.teamField, c.teamSett = cf.GID, set.GID
			sets, err := s.sa.CustomFieldSettings.ListForTeam(ctx, s.newTeam, nil)
			if err != nil {
				return err
			}
			if len(sets) != 1 || sets[0].GID != c.teamSett || sets[0].CustomField == nil || sets[0].CustomField.Name != "Team budget" {
				return fmt.Errorf("default fields: %+v", sets)
			}
			sets, err = s.sa.CustomFieldSettings.ListForTeam(ctx, s.newTeam, &asana.GetOptions{Fields: []string{"custom_field.precision"}})
			if err != nil {
				return err
			}
			return expect(len(sets) == 1 && sets[0].CustomField != nil && sets[0].CustomField.Precision == 2 && sets[0].CustomField.Name == "",
				"opt_fields custom_field.precision: %+v", sets)
		}},
		// A portfolio of the demo organization takes one of its fields.
		{methods: []string{"Portfolios.AddCustomFieldSetting", "CustomFieldSettings.ListForPortfolio",
			"Portfolios.RemoveCustomFieldSetting"}, run: func(ctx context.Context, s *suite) error {
			pf, field := s.org.Portfolios[0].GID, s.org.CustomFields[0].GID
			set, err := s.sa.Portfolios.AddCustomFieldSetting(ctx, pf, &asana.CustomFieldSettingRequest{CustomField: field, IsImportant: true})
			if err != nil {
				return err
			}
			if !containsSetting(s.srv.CustomFieldSettings(pf), set.GID, field) || !set.IsImportant {
				return fmt.Errorf("portfolio setting %+v not in the fake: %+v", set, s.srv.CustomFieldSettings(pf))
			}
			o := asana.ListOptions{Limit: small}
			sets, err := sameList(s.sa.CustomFieldSettings.ListForPortfolio(ctx, pf, &o), func(c asana.CustomFieldSetting) string { return c.GID }, 1)
			if err != nil {
				return err
			}
			if !slices.ContainsFunc(sets, func(c asana.CustomFieldSetting) bool { return c.GID == set.GID }) || len(sets) != len(s.srv.CustomFieldSettings(pf)) {
				return fmt.Errorf("listed %+v, fake has %+v", sets, s.srv.CustomFieldSettings(pf))
			}
			if err := s.sa.Portfolios.RemoveCustomFieldSetting(ctx, pf, &asana.PortfolioRemoveCustomFieldSettingRequest{CustomField: field}); err != nil {
				return err
			}
			return expect(!containsSetting(s.srv.CustomFieldSettings(pf), set.GID, field), "setting %s stays on the portfolio", set.GID)
		}},
		{methods: []string{"CustomFieldSettings.ListForGoal"}, run: func(ctx context.Context, s *suite) error {
			goal, field := s.org.Goals[0].GID, s.org.CustomFields[1].GID
			if _, err := s.srv.AddCustomFieldSetting(asanatest.CustomFieldSetting{ParentGID: goal, ParentType: "goal", CustomFieldGID: field}); err != nil {
				return err
			}
			o := asana.ListOptions{Limit: small}
			sets, err := sameList(s.sa.CustomFieldSettings.ListForGoal(ctx, goal, &o), func(c asana.CustomFieldSetting) string { return c.GID }, 1)
			if err != nil {
				return err
			}
			return expect(len(sets) == len(s.srv.CustomFieldSettings(goal)) && slices.ContainsFunc(sets, func(c asana.CustomFieldSetting) bool {
				return c.CustomField != nil && c.CustomField.GID == field
			}), "goal settings %+v, fake %+v", sets, s.srv.CustomFieldSettings(goal))
		}},
		{methods: []string{"Projects.RemoveCustomFieldSetting"}, run: func(ctx context.Context, s *suite) error {
			if err := s.admin.Projects.RemoveCustomFieldSetting(ctx, s.newProject, c.text); err != nil {
				return err
			}
			sets := s.srv.CustomFieldSettings(s.newProject)
			if len(sets) != 1 || sets[0].GID != c.enumSet {
				return fmt.Errorf("fake settings after remove: %+v", sets)
			}
			// The task is on no other project with the field: its value goes.
			got, _ := s.srv.Task(s.task)
			if fieldValue(got.CustomFields, c.text) != nil {
				return fmt.Errorf("task keeps the removed field's value: %+v", got.CustomFields)
			}
			err := s.admin.Projects.RemoveCustomFieldSetting(ctx, s.newProject, c.text)
			return expect(errors.Is(err, asana.ErrBadRequest), "removing it twice: %v", err)
		}},
		{methods: []string{"CustomFields.Delete"}, run: func(ctx context.Context, s *suite) error {
			if err := s.admin.CustomFields.Delete(ctx, c.enum); err != nil {
				return err
			}
			if _, ok := s.srv.CustomField(c.enum); ok {
				return fmt.Errorf("field %s still in the fake", c.enum)
			}
			if sets := s.srv.CustomFieldSettings(s.newProject); len(sets) != 0 {
				return fmt.Errorf("the deleted field's setting stays: %+v", sets)
			}
			_, err := s.sa.CustomFields.Get(ctx, c.enum, nil)
			return expect(isNotFound(err), "get after delete: %v", err)
		}},
	}
}

// fieldValue is the fake's value of field cfGID in vs; nil when unset.
func fieldValue(vs []asanatest.CustomFieldValue, cfGID string) *asanatest.CustomFieldValue {
	for i := range vs {
		if vs[i].CustomFieldGID == cfGID {
			return &vs[i]
		}
	}
	return nil
}

// containsSetting reports whether the fake's settings hold gid for field.
func containsSetting(sets []asanatest.CustomFieldSetting, gid, field string) bool {
	return slices.ContainsFunc(sets, func(c asanatest.CustomFieldSetting) bool { return c.GID == gid && c.CustomFieldGID == field })
}
