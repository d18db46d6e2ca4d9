package asana

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// defaultProjectFields is what project lists and searches ask for when the
// caller names no fields: every scalar a backup or restore needs, and the
// gids of referenced objects (owner, team, members...), so that no GET per
// project follows. Every entry is in the spec's opt_fields enum of
// GET /projects (a test checks it).
var defaultProjectFields = []string{
	"name", "archived", "color", "icon", "created_at", "modified_at",
	"default_view", "due_on", "start_on", "notes", "html_notes",
	"public", "privacy_setting", "default_access_level",
	"minimum_access_level_for_customization", "minimum_access_level_for_sharing",
	"completed", "completed_at", "completed_by",
	"owner", "team", "workspace", "members", "followers",
	"permalink_url", "created_from_template", "project_brief",
	"current_status_update", "current_status_update.title", "current_status_update.resource_subtype",
	"custom_fields.name", "custom_fields.type", "custom_fields.enabled", "custom_fields.display_value",
	"custom_fields.text_value", "custom_fields.number_value",
	"custom_fields.enum_value", "custom_fields.enum_value.name",
	"custom_fields.multi_enum_values", "custom_fields.multi_enum_values.name",
	"custom_fields.date_value", "custom_fields.date_value.date", "custom_fields.date_value.date_time",
	"custom_field_settings.custom_field", "custom_field_settings.is_important",
}

// taskCountFields are all the fields of GET /projects/{gid}/task_counts,
// which returns none unless asked.
var taskCountFields = []string{
	"num_tasks", "num_incomplete_tasks", "num_completed_tasks",
	"num_milestones", "num_incomplete_milestones", "num_completed_milestones",
}

// CustomFieldSetting joins a custom field to a project (or portfolio): it
// makes the field available to the tasks of its parent.
type CustomFieldSetting struct {
	GID          string `json:"gid,omitempty"`
	ResourceType string `json:"resource_type,omitempty"`
	// IsImportant shows the field in the list view of the parent.
	IsImportant bool `json:"is_important,omitempty"`
	// Parent is the project or portfolio the field is applied to.
	Parent *NamedResource `json:"parent,omitempty"`
	// Project is deprecated by Asana in favour of Parent.
	Project     *Project     `json:"project,omitempty"`
	CustomField *CustomField `json:"custom_field,omitempty"`
}

// TaskCounts are a project's task and milestone counts. Milestones are
// tasks, so they are counted in the task numbers too.
type TaskCounts struct {
	NumTasks                int `json:"num_tasks"`
	NumIncompleteTasks      int `json:"num_incomplete_tasks"`
	NumCompletedTasks       int `json:"num_completed_tasks"`
	NumMilestones           int `json:"num_milestones"`
	NumIncompleteMilestones int `json:"num_incomplete_milestones"`
	NumCompletedMilestones  int `json:"num_completed_milestones"`
}

// ProjectListOptions filter Projects.List. Asana requires a workspace or a
// team (a paginated GET /projects without one is a 400, and Asana announced
// in 2025 that it always will be); listing a large organization by
// workspace alone may time out, so filter by team where you can.
type ProjectListOptions struct {
	// Workspace limits the list to a workspace or organization.
	Workspace string `url:"workspace,omitempty"`
	// Team limits the list to a team's projects. Asana deprecates this
	// filter in favour of project memberships.
	Team string `url:"team,omitempty"`
	// Archived, when set, returns only projects whose archived flag equals it.
	Archived *bool `url:"archived,omitempty"`
	ListOptions
}

// ProjectArchivedListOptions are the options of the team and workspace
// project lists.
type ProjectArchivedListOptions struct {
	// Archived, when set, returns only projects whose archived flag equals it.
	Archived *bool `url:"archived,omitempty"`
	ListOptions
}

// ProjectSearchOptions are the filters of Projects.Search. Times are sent in
// RFC 3339 with their fractional seconds (Asana's created_at has
// milliseconds, and paging by created_at must not lose them); zero values
// are left out.
type ProjectSearchOptions struct {
	// Text is a full-text search on project names.
	Text string `url:"text,omitempty"`
	// SortBy is "due_date", "created_at", "completed_at", "modified_at"
	// (Asana's default) or "relevance".
	SortBy        string `url:"sort_by,omitempty"`
	SortAscending bool   `url:"sort_ascending,omitempty"`
	// Completed, when set, filters on completion.
	Completed *bool `url:"completed,omitempty"`
	// TeamsAny are team gids. The user lists below take gids, emails or "me".
	TeamsAny      []string `url:"teams.any,comma,omitempty"`
	OwnerAny      []string `url:"owner.any,comma,omitempty"`
	MembersAny    []string `url:"members.any,comma,omitempty"`
	MembersNot    []string `url:"members.not,comma,omitempty"`
	PortfoliosAny []string `url:"portfolios.any,comma,omitempty"`

	CompletedOn       Date      `url:"completed_on,omitempty"`
	CompletedOnBefore Date      `url:"completed_on.before,omitempty"`
	CompletedOnAfter  Date      `url:"completed_on.after,omitempty"`
	CompletedAtBefore time.Time `url:"completed_at.before,omitempty" layout:"2006-01-02T15:04:05.999999999Z07:00"`
	CompletedAtAfter  time.Time `url:"completed_at.after,omitempty" layout:"2006-01-02T15:04:05.999999999Z07:00"`
	CreatedOn         Date      `url:"created_on,omitempty"`
	CreatedOnBefore   Date      `url:"created_on.before,omitempty"`
	CreatedOnAfter    Date      `url:"created_on.after,omitempty"`
	CreatedAtBefore   time.Time `url:"created_at.before,omitempty" layout:"2006-01-02T15:04:05.999999999Z07:00"`
	CreatedAtAfter    time.Time `url:"created_at.after,omitempty" layout:"2006-01-02T15:04:05.999999999Z07:00"`
	DueOn             Date      `url:"due_on,omitempty"`
	DueOnBefore       Date      `url:"due_on.before,omitempty"`
	DueOnAfter        Date      `url:"due_on.after,omitempty"`
	DueAtBefore       time.Time `url:"due_at.before,omitempty" layout:"2006-01-02T15:04:05.999999999Z07:00"`
	DueAtAfter        time.Time `url:"due_at.after,omitempty" layout:"2006-01-02T15:04:05.999999999Z07:00"`
	StartOn           Date      `url:"start_on,omitempty"`
	StartOnBefore     Date      `url:"start_on.before,omitempty"`
	StartOnAfter      Date      `url:"start_on.after,omitempty"`

	// CustomFields filter on custom field values
	// (custom_fields.{gid}.{op}=value).
	CustomFields CustomFieldFilters `url:"custom_fields,omitempty"`

	// Limit caps the results, 1 to 100; 0 means 100. Asana's docs name this
	// parameter although the spec does not list it.
	Limit int `url:"limit,omitempty"`
	// Fields selects the fields to return (opt_fields); empty means the
	// default project fields.
	Fields []string `url:"opt_fields,comma,omitempty"`

	// Extra holds further query parameters, sent as given; they replace
	// parameters of the same name set above. Use it for null filters
	// ("due_on": {"null"} finds projects without a due date) and for
	// parameters this struct does not know yet.
	Extra url.Values `url:"-"`
}

// CustomFieldFilter is one custom field condition of a search.
type CustomFieldFilter struct {
	// GID is the custom field's gid.
	GID string
	// Op is "is_set" (any field; Value "true" or "false"), "value" (text,
	// number or enum option gid), "starts_with", "ends_with", "contains"
	// (text fields), "less_than" or "greater_than" (number fields).
	Op    string
	Value string
}

// CustomFieldFilters encode as custom_fields.{gid}.{op}=value query
// parameters.
type CustomFieldFilters []CustomFieldFilter

var customFieldOps = map[string]bool{
	"is_set": true, "value": true, "starts_with": true, "ends_with": true,
	"contains": true, "less_than": true, "greater_than": true,
}

// EncodeValues adds one query parameter per filter, for go-querystring.
func (fs CustomFieldFilters) EncodeValues(key string, v *url.Values) error {
	for _, f := range fs {
		if f.GID == "" || strings.ContainsAny(f.GID, ".&=") {
			return fmt.Errorf("custom field filter: invalid gid %q", f.GID)
		}
		if !customFieldOps[f.Op] {
			return fmt.Errorf("custom field filter %s: unknown op %q", f.GID, f.Op)
		}
		v.Add(key+"."+f.GID+"."+f.Op, f.Value)
	}
	return nil
}

// ProjectCreateRequest is the body of the project create calls. Only the
// fields set are sent.
type ProjectCreateRequest struct {
	Name string `json:"name,omitempty"`
	// Workspace is the workspace gid; Projects.Create needs it (or Team).
	Workspace string `json:"workspace,omitempty"`
	// Team is the team gid; required when the workspace is an organization.
	Team               string `json:"team,omitempty"`
	Owner              string `json:"owner,omitempty"`
	Archived           bool   `json:"archived,omitempty"`
	Color              string `json:"color,omitempty"`
	Icon               string `json:"icon,omitempty"`
	DefaultView        string `json:"default_view,omitempty"`
	DueOn              Date   `json:"due_on,omitzero"`
	StartOn            Date   `json:"start_on,omitzero"`
	Notes              string `json:"notes,omitempty"`
	HTMLNotes          string `json:"html_notes,omitempty"`
	PrivacySetting     string `json:"privacy_setting,omitempty"`
	DefaultAccessLevel string `json:"default_access_level,omitempty"`

	MinimumAccessLevelForCustomization string `json:"minimum_access_level_for_customization,omitempty"`
	MinimumAccessLevelForSharing       string `json:"minimum_access_level_for_sharing,omitempty"`

	// Followers are users (gids, emails or "me") who get "task added"
	// notifications; sent comma-separated, as Asana wants.
	Followers []string `json:"-"`
	// CustomFields maps custom field gids to values: a string, number,
	// enum option gid, list of enum option gids, or {"date": "YYYY-MM-DD"}.
	CustomFields map[string]any `json:"custom_fields,omitempty"`
}

// MarshalJSON sends Followers as Asana's comma-separated string.
func (r ProjectCreateRequest) MarshalJSON() ([]byte, error) {
	type plain ProjectCreateRequest
	return json.Marshal(struct {
		plain
		Followers string `json:"followers,omitempty"`
	}{plain(r), strings.Join(r.Followers, ",")})
}

// ProjectUpdateRequest is the body of Projects.Update. Nil fields are not
// sent; use Ptr to send a zero value (Ptr(false)). Ptr("") on Owner, Color or
// Icon and Ptr(Date{}) on DueOn or StartOn send null, which clears them.
type ProjectUpdateRequest struct {
	Name               *string `json:"name,omitempty"`
	Owner              *string `json:"-"`
	Archived           *bool   `json:"archived,omitempty"`
	Color              *string `json:"-"`
	Icon               *string `json:"-"`
	DefaultView        *string `json:"default_view,omitempty"`
	DueOn              *Date   `json:"due_on,omitempty"`
	StartOn            *Date   `json:"start_on,omitempty"`
	Notes              *string `json:"notes,omitempty"`
	HTMLNotes          *string `json:"html_notes,omitempty"`
	PrivacySetting     *string `json:"privacy_setting,omitempty"`
	DefaultAccessLevel *string `json:"default_access_level,omitempty"`
	// Public is deprecated by Asana in favour of PrivacySetting.
	Public *bool `json:"public,omitempty"`
	// Team is deprecated by Asana: share projects through memberships.
	Team *string `json:"team,omitempty"`

	MinimumAccessLevelForCustomization *string `json:"minimum_access_level_for_customization,omitempty"`
	MinimumAccessLevelForSharing       *string `json:"minimum_access_level_for_sharing,omitempty"`

	// CustomFields maps custom field gids to new values; a nil value
	// clears the field.
	CustomFields map[string]any `json:"custom_fields,omitempty"`
}

// MarshalJSON sends an empty Owner, Color or Icon as null.
func (r ProjectUpdateRequest) MarshalJSON() ([]byte, error) {
	type plain ProjectUpdateRequest
	return json.Marshal(struct {
		plain
		Owner *nullString `json:"owner,omitempty"`
		Color *nullString `json:"color,omitempty"`
		Icon  *nullString `json:"icon,omitempty"`
	}{plain(r), (*nullString)(r.Owner), (*nullString)(r.Color), (*nullString)(r.Icon)})
}

// nullString encodes "" as JSON null.
type nullString string

func (s nullString) MarshalJSON() ([]byte, error) {
	if s == "" {
		return []byte("null"), nil
	}
	return json.Marshal(string(s))
}

// validate checks the schedule dates of a duplicate, which need exactly one
// of their dates.
func (r *ProjectDuplicateRequest) validate() error {
	if r.ScheduleDates != nil && r.ScheduleDates.DueOn.IsZero() == r.ScheduleDates.StartOn.IsZero() {
		return errors.New("schedule dates need exactly one of DueOn and StartOn")
	}
	return nil
}

// ProjectDuplicateRequest is the body of Projects.Duplicate.
type ProjectDuplicateRequest struct {
	// Name of the new project; required.
	Name string `json:"name"`
	// Include lists the optional elements to copy: "allocations", "forms",
	// "members", "notes", "permissions", "task_assignee",
	// "task_attachments", "task_dates", "task_dependencies",
	// "task_followers", "task_notes", "task_projects", "task_subtasks",
	// "task_tags", "task_templates", "task_type_default". Tasks, views and
	// rules are always copied.
	Include []string `json:"-"`
	// ScheduleDates shifts the copied dates; needs "task_dates" in Include.
	ScheduleDates *ProjectScheduleDates `json:"schedule_dates,omitempty"`
}

// MarshalJSON sends Include as Asana's comma-separated string.
func (r ProjectDuplicateRequest) MarshalJSON() ([]byte, error) {
	type plain ProjectDuplicateRequest
	return json.Marshal(struct {
		plain
		Include string `json:"include,omitempty"`
	}{plain(r), strings.Join(r.Include, ",")})
}

// ProjectScheduleDates shifts the dates of a duplicated project. Set exactly
// one of DueOn (the new last due date) and StartOn (the new first start
// date).
type ProjectScheduleDates struct {
	ShouldSkipWeekends bool `json:"should_skip_weekends"`
	DueOn              Date `json:"due_on,omitzero"`
	StartOn            Date `json:"start_on,omitzero"`
}

// CustomFieldSettingRequest is the body of Projects.AddCustomFieldSetting.
type CustomFieldSettingRequest struct {
	// CustomField is the gid of the custom field to add; required.
	CustomField string `json:"custom_field"`
	// IsImportant shows the field in the project's list view.
	IsImportant bool `json:"is_important,omitempty"`
	// InsertBefore or InsertAfter (not both) is the gid of a custom field
	// setting of the project to place the new one next to.
	InsertBefore string `json:"insert_before,omitempty"`
	InsertAfter  string `json:"insert_after,omitempty"`
}

// ProjectSaveAsTemplateRequest is the body of Projects.SaveAsTemplate.
type ProjectSaveAsTemplateRequest struct {
	// Name of the new template; required.
	Name string `json:"name"`
	// Team of the template, for projects in an organization; otherwise
	// Workspace.
	Team      string `json:"team,omitempty"`
	Workspace string `json:"workspace,omitempty"`
	// Public makes the template public to its team. Asana requires the
	// field, so it is always sent.
	Public bool `json:"public"`
}

// check adds to r why Asana would reject o, the filter of GET /projects,
// if it would.
func (o *ProjectListOptions) check(r route) route {
	if o == nil || (o.Workspace == "" && o.Team == "") {
		r = r.fail("options need a workspace or team gid")
	}
	return r
}

// Search runs an advanced search over a workspace's projects (premium
// workspaces only; others get ErrPaymentRequired). It returns at most 100
// projects and has no offset paging, because results are not stable: to see
// more, sort by created_at and narrow each next query with CreatedAtAfter
// (or CreatedAtBefore) past the last project seen. The search index lags
// writes by 10 to 60 seconds; use List for read-your-writes.
//
// asana:operation GET /workspaces/{workspace_gid}/projects/search
func (s *ProjectsService) Search(ctx context.Context, workspaceGID string, opts *ProjectSearchOptions) ([]Project, error) {
	r := routeTo("Projects.Search", "/workspaces/%s/projects/search", "workspace gid", workspaceGID)
	var extra url.Values
	if opts != nil {
		extra = opts.Extra
	}
	return searchAt[Project](ctx, s.client, r, opts, extra, defaultProjectFields)
}

// validate checks req's optional Followers, which Asana takes as one
// comma-separated string.
func (r *ProjectCreateRequest) validate() error {
	return checkEach("user", "followers", r.Followers)
}
