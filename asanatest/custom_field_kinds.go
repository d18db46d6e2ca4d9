package asanatest

// The projections of custom fields, enum options and settings, and the
// custom field fields of tasks and projects.

// customFieldKinds holds the kinds of this resource (embedded in kinds).
type customFieldKinds struct {
	customField, enumOption, customFieldSetting, dateValue *kind
}

// addCustomFieldKinds builds the kinds and fills the task and project
// fields that render custom fields.
func (k *kinds) addCustomFieldKinds() {
	k.enumOption = newKind("enum_option", []string{"resource_type", "name", "enabled", "color"},
		[]string{"resource_type", "name", "enabled", "color"},
		map[string]func(*view, *EnumOption) any{
			"gid":     func(_ *view, o *EnumOption) any { return o.GID },
			"name":    func(_ *view, o *EnumOption) any { return o.Name },
			"enabled": func(_ *view, o *EnumOption) any { return o.Enabled },
			"color":   func(_ *view, o *EnumOption) any { return o.Color },
		})
	storedIn(k.enumOption, func(st *state) *table[EnumOption] { return &customFields(st).options })

	// A date value without a time renders only its date: the spec's
	// date_time is not nullable.
	k.dateValue = newKind("", nil, []string{"date", "date_time"}, map[string]func(*view, *CustomFieldValue) any{
		"date":      func(_ *view, x *CustomFieldValue) any { return x.DateOn },
		"date_time": func(_ *view, x *CustomFieldValue) any { return x.DateAt },
	})
	dateOnly := *k.dateValue
	dateOnly.full = []string{"date"}

	is := func(fv *fieldValue, types ...string) bool {
		if fv.cf.IDPrefix != "" { // a custom ID has only its display_value
			return false
		}
		for _, t := range types {
			if fv.cf.ResourceSubtype == t {
				return true
			}
		}
		return false
	}
	// The compact form is the spec's CustomFieldCompact (no
	// resource_subtype: type says the same).
	compact := []string{"resource_type", "name", "type", "enum_options", "enabled",
		"representation_type", "id_prefix", "is_formula_field", "date_value", "enum_value", "multi_enum_values",
		"number_value", "text_value", "display_value"}
	full := append(append([]string{}, compact...), "resource_subtype", "description", "precision", "format", "currency_code",
		"custom_label", "custom_label_position", "is_global_to_workspace", "has_notifications_enabled",
		"asana_created_field", "is_value_read_only", "created_by", "people_value", "privacy_setting", "default_access_level")
	k.customField = newKind("custom_field", compact, full,
		map[string]func(*view, *fieldValue) any{
			"gid":              func(_ *view, fv *fieldValue) any { return fv.cf.GID },
			"name":             func(_ *view, fv *fieldValue) any { return fv.cf.Name },
			"resource_subtype": func(_ *view, fv *fieldValue) any { return fv.cf.ResourceSubtype },
			"type":             func(_ *view, fv *fieldValue) any { return fv.cf.ResourceSubtype },
			"representation_type": func(_ *view, fv *fieldValue) any {
				if fv.cf.IDPrefix != "" {
					return "custom_id"
				}
				return fv.cf.ResourceSubtype
			},
			"enum_options": func(v *view, fv *fieldValue) any {
				if !is(fv, CustomFieldEnum, CustomFieldMultiEnum) {
					return []any{}
				}
				return v.refs(v.kinds.enumOption, fv.cf.EnumOptionGIDs)
			},
			// A field is enabled on the objects that carry it; the fake does
			// not model disabling a field on one object.
			"enabled":          func(*view, *fieldValue) any { return true },
			"id_prefix":        func(_ *view, fv *fieldValue) any { return nullable(fv.cf.IDPrefix) },
			"is_formula_field": func(*view, *fieldValue) any { return false },
			"input_restrictions": func(*view, *fieldValue) any {
				return []any{}
			},
			"date_value": func(_ *view, fv *fieldValue) any {
				if fv.val == nil || !is(fv, CustomFieldDate) {
					return nil
				}
				if fv.val.DateAt.IsZero() {
					return embed{k: &dateOnly, rec: fv.val}
				}
				return embed{k: k.dateValue, rec: fv.val}
			},
			"enum_value": func(v *view, fv *fieldValue) any {
				if fv.val == nil || !is(fv, CustomFieldEnum) || len(fv.val.EnumOptionGIDs) == 0 {
					return nil
				}
				return v.refTo(v.kinds.enumOption, fv.val.EnumOptionGIDs[0])
			},
			"multi_enum_values": func(v *view, fv *fieldValue) any {
				if fv.val == nil || !is(fv, CustomFieldMultiEnum) {
					return []any{}
				}
				return v.refs(v.kinds.enumOption, fv.val.EnumOptionGIDs)
			},
			"number_value": func(_ *view, fv *fieldValue) any {
				if fv.val == nil || !is(fv, CustomFieldNumber) {
					return nil
				}
				return fv.val.Number
			},
			"text_value": func(_ *view, fv *fieldValue) any {
				if fv.val == nil || !is(fv, CustomFieldText) {
					return nil
				}
				return fv.val.Text
			},
			"html_text_value": func(_ *view, fv *fieldValue) any {
				if fv.val == nil || !is(fv, CustomFieldText) {
					return nil
				}
				return htmlBody(fv.val.Text)
			},
			"people_value": func(v *view, fv *fieldValue) any {
				if fv.val == nil || !is(fv, CustomFieldPeople) {
					return []any{}
				}
				return v.refs(v.kinds.user, fv.val.PeopleGIDs)
			},
			"reference_value": func(*view, *fieldValue) any { return []any{} },
			"display_value":   func(v *view, fv *fieldValue) any { return v.displayValue(fv) },
			"description":     func(_ *view, fv *fieldValue) any { return fv.cf.Description },
			"precision":       func(_ *view, fv *fieldValue) any { return fv.cf.Precision },
			"format":          func(_ *view, fv *fieldValue) any { return fv.cf.Format },
			"currency_code":   func(_ *view, fv *fieldValue) any { return nullable(fv.cf.CurrencyCode) },
			"custom_label":    func(_ *view, fv *fieldValue) any { return nullable(fv.cf.CustomLabel) },
			"custom_label_position": func(_ *view, fv *fieldValue) any {
				return nullable(fv.cf.CustomLabelPosition)
			},
			// Every field of the fake is a workspace field that any member
			// may add to a project (a guess at Asana's default).
			"is_global_to_workspace":    func(*view, *fieldValue) any { return true },
			"has_notifications_enabled": func(_ *view, fv *fieldValue) any { return fv.cf.HasNotificationsEnabled },
			"asana_created_field":       func(*view, *fieldValue) any { return nil },
			"is_value_read_only":        func(_ *view, fv *fieldValue) any { return fv.cf.IDPrefix != "" },
			"created_by":                func(v *view, fv *fieldValue) any { return v.refTo(v.kinds.user, fv.cf.CreatedByGID) },
			"privacy_setting":           func(*view, *fieldValue) any { return "public_with_guests" },
			"default_access_level":      func(*view, *fieldValue) any { return "editor" },
		})
	k.customField.lookup = func(st *state, gid string) any {
		if cf := customFields(st).fields.get(gid); cf != nil {
			return &fieldValue{cf: cf}
		}
		return nil
	}

	k.customFieldSetting = newKind("custom_field_setting",
		[]string{"resource_type", "custom_field", "is_important", "parent", "project"},
		[]string{"resource_type", "custom_field", "is_important", "parent", "project"},
		map[string]func(*view, *CustomFieldSetting) any{
			"gid":          func(_ *view, s *CustomFieldSetting) any { return s.GID },
			"is_important": func(_ *view, s *CustomFieldSetting) any { return s.IsImportant },
			"custom_field": func(v *view, s *CustomFieldSetting) any { return v.refTo(v.kinds.customField, s.CustomFieldGID) },
			"parent": func(v *view, s *CustomFieldSetting) any {
				switch s.ParentType {
				case "project":
					return v.refTo(v.kinds.project, s.ParentGID)
				case "team":
					return v.refTo(v.kinds.team, s.ParentGID)
				case "portfolio":
					return v.refTo(portfolioKind, s.ParentGID)
				case "goal":
					return v.refTo(v.kinds.goalNamed, s.ParentGID)
				}
				return map[string]any{"gid": s.ParentGID, "resource_type": s.ParentType}
			},
			// project is the deprecated form of parent, for project settings.
			"project": func(v *view, s *CustomFieldSetting) any {
				if s.ParentType != "project" {
					return nil
				}
				return v.refTo(v.kinds.project, s.ParentGID)
			},
		})
	storedIn(k.customFieldSetting, func(st *state) *table[CustomFieldSetting] { return &customFields(st).settings })

	// Asana's full task and project carry their custom fields.
	k.task.full = append(k.task.full[:len(k.task.full):len(k.task.full)], "custom_fields")
	k.project.full = append(k.project.full[:len(k.project.full):len(k.project.full)], "custom_fields", "custom_field_settings")
	k.goal.full = append(k.goal.full[:len(k.goal.full):len(k.goal.full)], "custom_fields", "custom_field_settings")
	k.team.fields["custom_field_settings"] = field(func(v *view, t *Team) any { return v.settingsOf(t.GID) })
	k.goal.fields["custom_field_settings"] = field(func(v *view, g *Goal) any { return v.settingsOf(g.GID) })
	k.goal.fields["custom_fields"] = field(func(v *view, g *Goal) any { return v.settingFields(g.GID) })
}

// settingFields renders the fields of a container's settings with their
// (unset) values: the custom_fields of a portfolio or goal, whose own
// values the fake does not keep.
func (v *view) settingFields(parentGID string) []any {
	cs := customFields(v.st)
	gids := make([]string, 0, len(cs.settingsByParent[parentGID]))
	for _, g := range cs.settingsByParent[parentGID] {
		gids = append(gids, cs.settings.get(g).CustomFieldGID)
	}
	return v.fieldValues(gids, nil)
}

// settingsOf renders the custom field settings of a container.
func (v *view) settingsOf(parentGID string) []any {
	return v.refs(v.kinds.customFieldSetting, customFields(v.st).settingsByParent[parentGID])
}
