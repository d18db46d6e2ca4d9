package export

// The opt_fields of the kinds added to backupKinds beyond the first
// five, by the same rules as fields.go: every field kept, references as
// bare gids, nothing short-lived.
var (
	customFieldFields = []string{
		"name", "description", "type", "resource_subtype", "representation_type", "precision", "format",
		"currency_code", "custom_label", "custom_label_position", "is_global_to_workspace",
		"has_notifications_enabled", "asana_created_field", "is_formula_field", "is_value_read_only",
		"created_by.gid", "id_prefix", "input_restrictions", "privacy_setting", "default_access_level",
		"enum_options.name", "enum_options.color", "enum_options.enabled",
	}
	customFieldSettingFields = []string{"custom_field.gid", "custom_field.name", "is_important", "parent.gid", "project.gid"}
	tagFields                = []string{"name", "color", "notes", "created_at", "followers.gid", "workspace.gid", "permalink_url"}
	portfolioFields          = []string{
		"name", "archived", "color", "created_at", "created_by.gid", "owner.gid", "workspace.gid",
		"default_access_level", "due_on", "start_on", "public", "privacy_setting", "members.gid", "permalink_url",
		"current_status_update.gid",
		"custom_fields.gid", "custom_fields.type", "custom_fields.display_value", "custom_fields.text_value",
		"custom_fields.number_value", "custom_fields.enum_value.gid", "custom_fields.multi_enum_values.gid",
		"custom_fields.date_value", "custom_fields.people_value.gid",
	}
	portfolioItemFields = []string{"resource_type", "name"}
	membershipFields    = []string{"resource_subtype", "parent.gid", "member.gid", "access_level"}
	goalFields          = []string{
		"name", "notes", "html_notes", "due_on", "start_on", "is_workspace_level", "status", "privacy_setting",
		"default_access_level", "owner.gid", "team.gid", "workspace.gid", "time_period.gid", "followers.gid",
		"current_status_update.gid",
		"metric.resource_subtype", "metric.precision", "metric.unit", "metric.currency_code",
		"metric.initial_number_value", "metric.target_number_value", "metric.current_number_value",
		"metric.current_display_value", "metric.progress_source", "metric.is_custom_weight",
	}
	goalRelationshipFields = []string{"resource_subtype", "contribution_weight", "supported_goal.gid", "supporting_resource.gid", "supporting_resource.resource_type"}
	timePeriodFields       = []string{"display_name", "start_on", "end_on", "period", "parent.gid"}
	statusUpdateFields     = []string{
		"resource_subtype", "status_type", "title", "text", "html_text", "author.gid", "created_by.gid",
		"created_at", "modified_at", "parent.gid",
	}
	projectBriefFields    = []string{"title", "text", "html_text", "permalink_url", "project.gid"}
	projectTemplateFields = []string{
		"name", "description", "html_description", "public", "owner.gid", "team.gid", "color",
		"requested_dates", "requested_roles",
	}
	taskTemplateFields = []string{"name", "project.gid", "created_by.gid", "created_at", "template"}
	webhookFields      = []string{"active", "resource.gid", "resource.resource_type", "target", "created_at", "filters"}
)
