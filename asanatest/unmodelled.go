package asanatest

// Fields of Asana's response schemas that the fake stores nothing for.
// Asana answers 400 to an opt_fields entry it does not know, and clients
// (the asana package's default field sets among them) ask for documented
// fields the fake does not model: access-level settings, templates, the
// old/new values of system stories. The fake accepts every field of the
// spec's response schema and renders these with the value a
// fresh object has in Asana: null for references and optional values, []
// for lists, false for flags, and the documented default for settings.

// unmodelledField is one such field and its constant value.
type unmodelledField struct {
	name  string
	value any
}

// addUnmodelled registers the unmodelled fields of every kind. A kind that
// already renders a field (from its own records) keeps its accessor.
func (k *kinds) addUnmodelled() {
	nulls := func(names ...string) []unmodelledField {
		out := make([]unmodelledField, len(names))
		for i, n := range names {
			out[i] = unmodelledField{name: n}
		}
		return out
	}
	lists := func(names ...string) []unmodelledField {
		out := make([]unmodelledField, len(names))
		for i, n := range names {
			out[i] = unmodelledField{name: n, value: []any{}}
		}
		return out
	}
	value := func(v any, names ...string) []unmodelledField {
		out := make([]unmodelledField, len(names))
		for i, n := range names {
			out[i] = unmodelledField{name: n, value: v}
		}
		return out
	}
	add := func(kd *kind, groups ...[]unmodelledField) {
		for _, g := range groups {
			for _, f := range g {
				if _, ok := kd.fields[f.name]; ok {
					continue
				}
				v := f.value
				kd.fields[f.name] = func(*view, any) any { return v }
			}
		}
	}

	// Teams: Asana's defaults for a new team's settings.
	add(k.team,
		value(false, "endorsed"),
		value("all_team_members", "edit_team_name_or_description_access_level",
			"edit_team_visibility_or_trash_team_access_level", "guest_invite_management_access_level",
			"join_request_management_access_level", "member_invite_management_access_level",
			"team_member_removal_access_level"),
		value("no_restriction", "team_content_management_access_level"))

	// Projects: sharing defaults of a new project; no brief.
	add(k.project,
		value("editor", "default_access_level", "minimum_access_level_for_customization",
			"minimum_access_level_for_sharing"),
		nulls("completed_by"))

	if _, ok := k.project.fields["due_date"]; !ok {
		k.project.fields["due_date"] = k.project.fields["due_on"] // its deprecated name
	}

	// Sections: projects is the deprecated list form of project.
	if _, ok := k.section.fields["projects"]; !ok {
		k.section.fields["projects"] = field(func(v *view, s *Section) any { return v.refs(v.kinds.project, []string{s.ProjectGID}) })
	}

	// Tasks: no custom types, external data or likes (actual_time_minutes
	// comes from time_tracking.go).
	add(k.task,
		// assignee_status is deprecated; Asana answers "upcoming" for tasks
		// nobody scheduled.
		value("upcoming", "assignee_status"),
		nulls("assigned_by", "completed_by",
			"custom_type", "custom_type_status_option", "external", "start_at"),
		lists("hearts", "likes"))

	// Stories: the fake writes comments and plain system stories, so the
	// fields of other story types stay null.
	add(k.story,
		nulls("assignee", "custom_field", "dependency", "duplicate_of", "duplicated_from", "follower",
			"new_approval_status", "new_date_value", "new_dates", "new_enum_value", "new_name",
			"new_number_value", "new_resource_subtype", "new_section", "new_text_value",
			"old_approval_status", "old_date_value", "old_dates", "old_enum_value", "old_name",
			"old_number_value", "old_resource_subtype", "old_section", "old_text_value",
			"project", "story", "tag", "task"),
		lists("hearts", "likes", "new_multi_enum_values", "new_people_value", "old_multi_enum_values",
			"old_people_value", "reaction_summary"),
		value(0, "num_hearts"))
	if _, ok := k.story.fields["is_editable"]; !ok {
		// Only comments can be edited.
		k.story.fields["is_editable"] = field(func(_ *view, s *Story) any { return s.ResourceSubtype == "" || s.ResourceSubtype == "comment_added" })
	}
}
