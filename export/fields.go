package export

// The opt_fields of every list a backup makes. Each names every field the
// backup keeps, so that no object needs a follow-up GET. References to
// other objects keep only their gid: the names live in the referenced
// object's own file, so a renamed user or project changes one line, not
// every task that mentions it, and an incremental run that copies an
// unchanged task from the previous snapshot copies exactly what a full run
// would fetch. Short-lived values (attachment download URLs) are left out,
// so that unchanged data gives byte-identical files.
var (
	workspaceMembershipFields = []string{
		"user.gid", "workspace.gid", "is_active", "is_admin", "is_guest", "is_view_only",
		"created_at", "vacation_dates", "user_task_list.gid",
	}
	userFields = []string{"name", "email", "photo"}
	teamFields = []string{
		"name", "description", "html_description", "organization.gid", "permalink_url", "visibility",
		// team access settings
		"edit_team_name_or_description_access_level", "edit_team_visibility_or_trash_team_access_level",
		"guest_invite_management_access_level", "join_request_management_access_level",
		"member_invite_management_access_level", "team_content_management_access_level",
		"team_member_removal_access_level", "endorsed",
	}
	teamMembershipFields = []string{"user.gid", "team.gid", "is_admin", "is_guest", "is_limited_access"}
	projectFields        = []string{
		"name", "archived", "color", "icon", "created_at", "modified_at", "notes", "html_notes",
		"owner.gid", "team.gid", "members.gid", "followers.gid", "privacy_setting",
		"due_on", "start_on", "default_view", "completed", "completed_at", "permalink_url",
		"custom_field_settings.custom_field.gid", "custom_field_settings.custom_field.name",
		"custom_field_settings.is_important",
		"project_brief.gid", "current_status_update.gid", "default_access_level", "minimum_access_level_for_customization",
		"minimum_access_level_for_sharing", "completed_by.gid", "created_from_template.gid", "public",
		"custom_fields.gid", "custom_fields.type", "custom_fields.display_value", "custom_fields.text_value",
		"custom_fields.number_value", "custom_fields.enum_value.gid", "custom_fields.multi_enum_values.gid",
		"custom_fields.date_value", "custom_fields.people_value.gid",
	}
	sectionFields = []string{"name", "created_at", "project.gid"}
	taskFields    = []string{
		"name", "resource_subtype", "approval_status", "assignee.gid", "completed", "completed_at",
		"created_at", "created_by", "modified_at", "due_on", "due_at", "start_on", "notes", "html_notes",
		"parent.gid", "memberships.project.gid", "memberships.section.gid", "followers.gid",
		"dependencies.gid", "dependents.gid", "tags.gid", "tags.name", "num_subtasks", "num_likes",
		"permalink_url", "is_rendered_as_separator",
		"custom_fields.gid", "custom_fields.name", "custom_fields.type", "custom_fields.display_value",
		"custom_fields.text_value", "custom_fields.number_value", "custom_fields.enum_value.gid",
		"custom_fields.multi_enum_values.gid", "custom_fields.date_value", "custom_fields.people_value.gid",
		"external", "start_at", "assignee_section.gid", "custom_type.gid", "custom_type_status_option.gid",
		"completed_by.gid", "assigned_by.gid", "actual_time_minutes",
	}
	storyFields = []string{
		"resource_subtype", "type", "created_at", "created_by.gid", "text", "html_text",
		"is_pinned", "is_edited", "sticker_name", "num_likes", "source", "target.gid",
	}
	attachmentFields = []string{
		"name", "resource_subtype", "created_at", "host", "parent.gid", "size", "view_url",
		"permanent_url", "connected_to_app",
	}
)
