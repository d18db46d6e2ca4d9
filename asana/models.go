package asana

import (
	"time"
)

// The resource types below use the field names of Asana's OpenAPI spec. Asana
// returns only the fields a request asked for (opt_fields), so every field is
// optional: an absent field stays at its zero value. The same type serves the
// compact and the full form of a resource. Unknown fields are ignored.

// Resource is the part every Asana object has.
type Resource struct {
	GID          string `json:"gid,omitempty"`
	ResourceType string `json:"resource_type,omitempty"`
}

// NamedResource is a reference to any Asana object with a name, used where a
// field may point at several kinds of resource (a webhook's resource, an
// event's parent).
type NamedResource struct {
	GID             string `json:"gid,omitempty"`
	ResourceType    string `json:"resource_type,omitempty"`
	ResourceSubtype string `json:"resource_subtype,omitempty"`
	Name            string `json:"name,omitempty"`
}

// Workspace is a workspace or organization.
type Workspace struct {
	GID            string   `json:"gid,omitempty"`
	ResourceType   string   `json:"resource_type,omitempty"`
	Name           string   `json:"name,omitempty"`
	EmailDomains   []string `json:"email_domains,omitempty"`
	IsOrganization bool     `json:"is_organization,omitempty"`
}

// Photo holds the URLs of a user's photo in several sizes.
type Photo struct {
	Image21x21     string `json:"image_21x21,omitempty"`
	Image27x27     string `json:"image_27x27,omitempty"`
	Image36x36     string `json:"image_36x36,omitempty"`
	Image60x60     string `json:"image_60x60,omitempty"`
	Image128x128   string `json:"image_128x128,omitempty"`
	Image1024x1024 string `json:"image_1024x1024,omitempty"`
}

// User is an Asana user. A service account is a user too: it has a name and
// a photo and can be assigned work, but it cannot log in.
type User struct {
	GID          string      `json:"gid,omitempty"`
	ResourceType string      `json:"resource_type,omitempty"`
	Name         string      `json:"name,omitempty"`
	Email        string      `json:"email,omitempty"`
	Photo        *Photo      `json:"photo,omitempty"`
	Workspaces   []Workspace `json:"workspaces,omitempty"`
	// CustomFields are the values of the workspace's user custom fields;
	// Asana fills them in when the request names a workspace.
	CustomFields []CustomField `json:"custom_fields,omitempty"`
}

// WorkspaceMembership is a user's membership in a workspace or organization.
type WorkspaceMembership struct {
	GID          string     `json:"gid,omitempty"`
	ResourceType string     `json:"resource_type,omitempty"`
	User         *User      `json:"user,omitempty"`
	Workspace    *Workspace `json:"workspace,omitempty"`
	IsActive     bool       `json:"is_active,omitempty"`
	IsAdmin      bool       `json:"is_admin,omitempty"`
	IsGuest      bool       `json:"is_guest,omitempty"`
	IsViewOnly   bool       `json:"is_view_only,omitempty"`
	CreatedAt    time.Time  `json:"created_at,omitzero"`
	// UserTaskList is the user's "My tasks" list in this workspace.
	UserTaskList *UserTaskList `json:"user_task_list,omitempty"`
	// VacationDates is the user's out-of-office period, nil when none is set.
	VacationDates *VacationDates `json:"vacation_dates,omitempty"`
}

// UserTaskList is a user's "My tasks" list in one workspace.
type UserTaskList struct {
	GID          string     `json:"gid,omitempty"`
	ResourceType string     `json:"resource_type,omitempty"`
	Name         string     `json:"name,omitempty"`
	Owner        *User      `json:"owner,omitempty"`
	Workspace    *Workspace `json:"workspace,omitempty"`
}

// VacationDates is the period a workspace member marked as out of office.
// EndOn is zero when the end is open.
type VacationDates struct {
	StartOn Date `json:"start_on,omitzero"`
	EndOn   Date `json:"end_on,omitzero"`
}

// Team is a team in an organization.
type Team struct {
	GID             string     `json:"gid,omitempty"`
	ResourceType    string     `json:"resource_type,omitempty"`
	Name            string     `json:"name,omitempty"`
	Description     string     `json:"description,omitempty"`
	HTMLDescription string     `json:"html_description,omitempty"`
	Organization    *Workspace `json:"organization,omitempty"`
	PermalinkURL    string     `json:"permalink_url,omitempty"`
	// Visibility is "secret", "request_to_join" or "public".
	Visibility string `json:"visibility,omitempty"`
	Endorsed   bool   `json:"endorsed,omitempty"`
	// TeamAccessLevels say who may do what in the team.
	TeamAccessLevels
	// CustomFieldSettings are the custom fields attached to the team, kept
	// raw as in Project until a typed custom field setting exists.
	CustomFieldSettings []CustomFieldSetting `json:"custom_field_settings,omitempty"`
}

// TeamAccessLevels are a team's permission settings, each
// "all_team_members" or "only_team_admins" (TeamContentManagementAccessLevel:
// "no_restriction" or "only_team_admins"). Team and TeamCreateRequest embed
// it, so a team's settings can be copied into a request that re-creates it.
type TeamAccessLevels struct {
	EditTeamNameOrDescriptionAccessLevel     string `json:"edit_team_name_or_description_access_level,omitempty"`
	EditTeamVisibilityOrTrashTeamAccessLevel string `json:"edit_team_visibility_or_trash_team_access_level,omitempty"`
	MemberInviteManagementAccessLevel        string `json:"member_invite_management_access_level,omitempty"`
	GuestInviteManagementAccessLevel         string `json:"guest_invite_management_access_level,omitempty"`
	JoinRequestManagementAccessLevel         string `json:"join_request_management_access_level,omitempty"`
	TeamMemberRemovalAccessLevel             string `json:"team_member_removal_access_level,omitempty"`
	TeamContentManagementAccessLevel         string `json:"team_content_management_access_level,omitempty"`
}

// TeamMembership is a user's membership in a team.
type TeamMembership struct {
	GID             string `json:"gid,omitempty"`
	ResourceType    string `json:"resource_type,omitempty"`
	User            *User  `json:"user,omitempty"`
	Team            *Team  `json:"team,omitempty"`
	IsGuest         bool   `json:"is_guest,omitempty"`
	IsLimitedAccess bool   `json:"is_limited_access,omitempty"`
	IsAdmin         bool   `json:"is_admin,omitempty"`
}

// Project is an Asana project. Lists return the compact form (gid, name)
// unless fields are asked for; the Projects service's list calls ask for
// every field a backup needs by default.
type Project struct {
	GID          string `json:"gid,omitempty"`
	ResourceType string `json:"resource_type,omitempty"`
	Name         string `json:"name,omitempty"`
	Archived     bool   `json:"archived,omitempty"`
	// Color is one of Asana's palette names ("light-green", "none", ...).
	Color       string    `json:"color,omitempty"`
	Icon        string    `json:"icon,omitempty"`
	CreatedAt   time.Time `json:"created_at,omitzero"`
	ModifiedAt  time.Time `json:"modified_at,omitzero"`
	DefaultView string    `json:"default_view,omitempty"`
	DueOn       Date      `json:"due_on,omitzero"`
	StartOn     Date      `json:"start_on,omitzero"`
	Notes       string    `json:"notes,omitempty"`
	// HTMLNotes is opt-in: ask for the "html_notes" field.
	HTMLNotes string     `json:"html_notes,omitempty"`
	Members   []User     `json:"members,omitempty"`
	Followers []User     `json:"followers,omitempty"`
	Owner     *User      `json:"owner,omitempty"`
	Team      *Team      `json:"team,omitempty"`
	Workspace *Workspace `json:"workspace,omitempty"`
	// Public is deprecated by Asana in favour of PrivacySetting.
	Public bool `json:"public,omitempty"`
	// PrivacySetting is "public_to_workspace", "private_to_team" or "private".
	PrivacySetting string `json:"privacy_setting,omitempty"`
	// DefaultAccessLevel is "admin", "editor", "commenter" or "viewer".
	DefaultAccessLevel string `json:"default_access_level,omitempty"`
	// MinimumAccessLevelForCustomization is "admin" or "editor".
	MinimumAccessLevelForCustomization string `json:"minimum_access_level_for_customization,omitempty"`
	// MinimumAccessLevelForSharing is "admin" or "editor".
	MinimumAccessLevelForSharing string         `json:"minimum_access_level_for_sharing,omitempty"`
	Completed                    bool           `json:"completed,omitempty"`
	CompletedAt                  time.Time      `json:"completed_at,omitzero"`
	CompletedBy                  *User          `json:"completed_by,omitempty"`
	PermalinkURL                 string         `json:"permalink_url,omitempty"`
	CustomFields                 []CustomField  `json:"custom_fields,omitempty"`
	CreatedFromTemplate          *NamedResource `json:"created_from_template,omitempty"`
	CurrentStatusUpdate          *StatusUpdate  `json:"current_status_update,omitempty"`
	// ProjectBrief is opt-in: ask for the "project_brief" field.
	ProjectBrief *Resource `json:"project_brief,omitempty"`
	// CustomFieldSettings are the custom fields available to the project's
	// tasks (definitions, not values).
	CustomFieldSettings []CustomFieldSetting `json:"custom_field_settings,omitempty"`
}

// Section is a section of a project.
type Section struct {
	GID          string    `json:"gid,omitempty"`
	ResourceType string    `json:"resource_type,omitempty"`
	Name         string    `json:"name,omitempty"`
	CreatedAt    time.Time `json:"created_at,omitzero"`
	Project      *Project  `json:"project,omitempty"`
	// Projects is deprecated by Asana in favour of Project.
	Projects []Project `json:"projects,omitempty"`
}

// TaskMembership places a task in a project and one of its sections.
type TaskMembership struct {
	Project *Project `json:"project,omitempty"`
	Section *Section `json:"section,omitempty"`
}

// Like is a like (heart) on a task or story.
type Like struct {
	GID  string `json:"gid,omitempty"`
	User *User  `json:"user,omitempty"`
}

// EnumOption is one option of an enum or multi-enum custom field.
type EnumOption struct {
	GID          string `json:"gid,omitempty"`
	ResourceType string `json:"resource_type,omitempty"`
	Name         string `json:"name,omitempty"`
	Enabled      bool   `json:"enabled,omitempty"`
	Color        string `json:"color,omitempty"`
}

// CustomField is a custom field and, on a task or project, its value.
type CustomField struct {
	GID             string       `json:"gid,omitempty"`
	ResourceType    string       `json:"resource_type,omitempty"`
	Name            string       `json:"name,omitempty"`
	ResourceSubtype string       `json:"resource_subtype,omitempty"`
	Type            string       `json:"type,omitempty"`
	DisplayValue    *string      `json:"display_value,omitempty"`
	TextValue       *string      `json:"text_value,omitempty"`
	NumberValue     *float64     `json:"number_value,omitempty"`
	EnumValue       *EnumOption  `json:"enum_value,omitempty"`
	MultiEnumValues []EnumOption `json:"multi_enum_values,omitempty"`
	EnumOptions     []EnumOption `json:"enum_options,omitempty"`
	PeopleValue     []User       `json:"people_value,omitempty"`
	DateValue       *DateValue   `json:"date_value,omitempty"`
	Enabled         bool         `json:"enabled,omitempty"`
	IsFormulaField  bool         `json:"is_formula_field,omitempty"`
	Precision       int          `json:"precision,omitempty"`
	// ReferenceValue holds the objects a "reference" custom field points at.
	ReferenceValue []NamedResource `json:"reference_value,omitempty"`
	HTMLTextValue  *string         `json:"html_text_value,omitempty"`
	Description    string          `json:"description,omitempty"`
	// RepresentationType refines Type: "formula" and "custom_id" fields
	// have the type of their values.
	RepresentationType string `json:"representation_type,omitempty"`
	// IDPrefix is the prefix of a custom_id field ("EX" in "EX-1").
	IDPrefix            *string  `json:"id_prefix,omitempty"`
	InputRestrictions   []string `json:"input_restrictions,omitempty"`
	Format              string   `json:"format,omitempty"`
	CurrencyCode        *string  `json:"currency_code,omitempty"`
	CustomLabel         *string  `json:"custom_label,omitempty"`
	CustomLabelPosition *string  `json:"custom_label_position,omitempty"`
	IsGlobalToWorkspace bool     `json:"is_global_to_workspace,omitempty"`
	// HasNotificationsEnabled, when true, notifies followers of a task when
	// this field's value changes.
	HasNotificationsEnabled bool    `json:"has_notifications_enabled,omitempty"`
	AsanaCreatedField       *string `json:"asana_created_field,omitempty"`
	IsValueReadOnly         bool    `json:"is_value_read_only,omitempty"`
	CreatedBy               *User   `json:"created_by,omitempty"`
	PrivacySetting          string  `json:"privacy_setting,omitempty"`
	DefaultAccessLevel      string  `json:"default_access_level,omitempty"`
}

// DateValue is the value of a date custom field.
type DateValue struct {
	Date     Date      `json:"date,omitzero"`
	DateTime time.Time `json:"date_time,omitzero"`
}

// Task is an Asana task or subtask.
type Task struct {
	GID             string `json:"gid,omitempty"`
	ResourceType    string `json:"resource_type,omitempty"`
	Name            string `json:"name,omitempty"`
	ResourceSubtype string `json:"resource_subtype,omitempty"`
	// ApprovalStatus is "pending", "approved", "rejected" or "changes_requested".
	ApprovalStatus        string           `json:"approval_status,omitempty"`
	AssigneeStatus        string           `json:"assignee_status,omitempty"`
	Assignee              *User            `json:"assignee,omitempty"`
	AssigneeSection       *Section         `json:"assignee_section,omitempty"`
	AssignedBy            *User            `json:"assigned_by,omitempty"`
	CreatedBy             *Resource        `json:"created_by,omitempty"`
	Completed             bool             `json:"completed,omitempty"`
	CompletedAt           time.Time        `json:"completed_at,omitzero"`
	CompletedBy           *User            `json:"completed_by,omitempty"`
	CreatedAt             time.Time        `json:"created_at,omitzero"`
	ModifiedAt            time.Time        `json:"modified_at,omitzero"`
	DueAt                 time.Time        `json:"due_at,omitzero"`
	DueOn                 Date             `json:"due_on,omitzero"`
	StartAt               time.Time        `json:"start_at,omitzero"`
	StartOn               Date             `json:"start_on,omitzero"`
	Notes                 string           `json:"notes,omitempty"`
	HTMLNotes             string           `json:"html_notes,omitempty"`
	Liked                 bool             `json:"liked,omitempty"`
	Likes                 []Like           `json:"likes,omitempty"`
	NumLikes              int              `json:"num_likes,omitempty"`
	NumSubtasks           int              `json:"num_subtasks,omitempty"`
	Dependencies          []Resource       `json:"dependencies,omitempty"`
	Dependents            []Resource       `json:"dependents,omitempty"`
	Memberships           []TaskMembership `json:"memberships,omitempty"`
	Parent                *Task            `json:"parent,omitempty"`
	Projects              []Project        `json:"projects,omitempty"`
	Tags                  []Tag            `json:"tags,omitempty"`
	Followers             []User           `json:"followers,omitempty"`
	Workspace             *Workspace       `json:"workspace,omitempty"`
	CustomFields          []CustomField    `json:"custom_fields,omitempty"`
	PermalinkURL          string           `json:"permalink_url,omitempty"`
	ActualTimeMinutes     *float64         `json:"actual_time_minutes,omitempty"`
	IsRenderedAsSeparator bool             `json:"is_rendered_as_separator,omitempty"`
	External              *TaskExternal    `json:"external,omitempty"`
	// CustomType and CustomTypeStatusOption are set on tasks whose
	// ResourceSubtype is "custom".
	CustomType             *NamedResource `json:"custom_type,omitempty"`
	CustomTypeStatusOption *NamedResource `json:"custom_type_status_option,omitempty"`
}

// TaskExternal is the external data an integration attached to a task.
type TaskExternal struct {
	GID  string `json:"gid,omitempty"`
	Data string `json:"data,omitempty"`
}

// Story is an entry in a task's activity feed: a comment (resource_subtype
// "comment_added") or a system story.
type Story struct {
	GID             string         `json:"gid,omitempty"`
	ResourceType    string         `json:"resource_type,omitempty"`
	ResourceSubtype string         `json:"resource_subtype,omitempty"`
	Type            string         `json:"type,omitempty"`
	CreatedAt       time.Time      `json:"created_at,omitzero"`
	CreatedBy       *User          `json:"created_by,omitempty"`
	Text            string         `json:"text,omitempty"`
	HTMLText        string         `json:"html_text,omitempty"`
	IsPinned        bool           `json:"is_pinned,omitempty"`
	IsEditable      bool           `json:"is_editable,omitempty"`
	IsEdited        bool           `json:"is_edited,omitempty"`
	StickerName     string         `json:"sticker_name,omitempty"`
	Liked           bool           `json:"liked,omitempty"`
	NumLikes        int            `json:"num_likes,omitempty"`
	Source          string         `json:"source,omitempty"`
	Target          *NamedResource `json:"target,omitempty"`
	OldName         string         `json:"old_name,omitempty"`
	NewName         string         `json:"new_name,omitempty"`
	Assignee        *User          `json:"assignee,omitempty"`
	Follower        *User          `json:"follower,omitempty"`
	Task            *Task          `json:"task,omitempty"`
	Project         *Project       `json:"project,omitempty"`
	Tag             *Tag           `json:"tag,omitempty"`
	Likes           []Like         `json:"likes,omitempty"`
	// ReactionSummary counts the emoji reactions on a comment.
	ReactionSummary []ReactionSummaryItem `json:"reaction_summary,omitempty"`
	// Previews are rich previews that apps attached to a comment.
	Previews []Preview `json:"previews,omitempty"`

	// The fields below describe the change a system story records; which
	// ones are set depends on ResourceSubtype ("section_changed",
	// "enum_custom_field_changed", "due_date_changed", ...).
	OldDates           *StoryDates  `json:"old_dates,omitempty"`
	NewDates           *StoryDates  `json:"new_dates,omitempty"`
	OldResourceSubtype string       `json:"old_resource_subtype,omitempty"`
	NewResourceSubtype string       `json:"new_resource_subtype,omitempty"`
	Story              *Story       `json:"story,omitempty"`
	OldSection         *Section     `json:"old_section,omitempty"`
	NewSection         *Section     `json:"new_section,omitempty"`
	CustomField        *CustomField `json:"custom_field,omitempty"`
	OldTextValue       string       `json:"old_text_value,omitempty"`
	NewTextValue       string       `json:"new_text_value,omitempty"`
	OldNumberValue     *float64     `json:"old_number_value,omitempty"`
	NewNumberValue     *float64     `json:"new_number_value,omitempty"`
	OldEnumValue       *EnumOption  `json:"old_enum_value,omitempty"`
	NewEnumValue       *EnumOption  `json:"new_enum_value,omitempty"`
	OldDateValue       *StoryDates  `json:"old_date_value,omitempty"`
	NewDateValue       *StoryDates  `json:"new_date_value,omitempty"`
	OldPeopleValue     []User       `json:"old_people_value,omitempty"`
	NewPeopleValue     []User       `json:"new_people_value,omitempty"`
	OldMultiEnumValues []EnumOption `json:"old_multi_enum_values,omitempty"`
	NewMultiEnumValues []EnumOption `json:"new_multi_enum_values,omitempty"`
	OldApprovalStatus  string       `json:"old_approval_status,omitempty"`
	NewApprovalStatus  string       `json:"new_approval_status,omitempty"`
	DuplicateOf        *Task        `json:"duplicate_of,omitempty"`
	DuplicatedFrom     *Task        `json:"duplicated_from,omitempty"`
	Dependency         *Task        `json:"dependency,omitempty"`
}

// Attachment is a file attached to a task, project or project brief. The
// download_url is short-lived; re-read the attachment for a fresh one.
type Attachment struct {
	GID             string         `json:"gid,omitempty"`
	ResourceType    string         `json:"resource_type,omitempty"`
	Name            string         `json:"name,omitempty"`
	ResourceSubtype string         `json:"resource_subtype,omitempty"`
	CreatedAt       time.Time      `json:"created_at,omitzero"`
	DownloadURL     string         `json:"download_url,omitempty"`
	PermanentURL    string         `json:"permanent_url,omitempty"`
	ViewURL         string         `json:"view_url,omitempty"`
	Host            string         `json:"host,omitempty"`
	Parent          *NamedResource `json:"parent,omitempty"`
	Size            int64          `json:"size,omitempty"`
	ConnectedToApp  bool           `json:"connected_to_app,omitempty"`
}

// Job is an asynchronous job, such as duplicating a project.
type Job struct {
	GID             string `json:"gid,omitempty"`
	ResourceType    string `json:"resource_type,omitempty"`
	ResourceSubtype string `json:"resource_subtype,omitempty"`
	// Status is "not_started", "in_progress", "succeeded" or "failed".
	Status             string         `json:"status,omitempty"`
	NewProject         *Project       `json:"new_project,omitempty"`
	NewTask            *Task          `json:"new_task,omitempty"`
	NewProjectTemplate *NamedResource `json:"new_project_template,omitempty"`
	NewPortfolio       *NamedResource `json:"new_portfolio,omitempty"`
	// NewGraphExport and NewResourceExport are the exports a job produced.
	NewGraphExport    *JobExport `json:"new_graph_export,omitempty"`
	NewResourceExport *JobExport `json:"new_resource_export,omitempty"`
}

// JobExport is a graph or resource export made by a job. DownloadURL is empty
// until the export is done and is valid for a short time only.
type JobExport struct {
	GID          string    `json:"gid,omitempty"`
	ResourceType string    `json:"resource_type,omitempty"`
	CreatedAt    time.Time `json:"created_at,omitzero"`
	CompletedAt  time.Time `json:"completed_at,omitzero"`
	DownloadURL  string    `json:"download_url,omitempty"`
}

// OrganizationExport is an export of a whole organization's data, available
// to service accounts of Enterprise organizations.
type OrganizationExport struct {
	GID          string    `json:"gid,omitempty"`
	ResourceType string    `json:"resource_type,omitempty"`
	CreatedAt    time.Time `json:"created_at,omitzero"`
	// DownloadURL is a short-lived, pre-signed URL of the gzipped JSON export,
	// set once State is "finished".
	DownloadURL string `json:"download_url,omitempty"`
	// State is "pending", "started", "finished" or "error".
	State        string     `json:"state,omitempty"`
	Organization *Workspace `json:"organization,omitempty"`
}
