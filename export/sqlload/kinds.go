package sqlload

// table is one SQL table a kind fills. The first column of a kind's main
// table is its key, gid; the first column of a child table is the gid of
// the object its rows belong to (they are replaced with it).
type table struct {
	name string
	cols []string
	// types are the SQL types of cols, one each (see schemaSQL).
	types []string
	// insert and upsert are its statements (insertSQL, upsertSQL), made
	// once by tbl rather than for every row.
	insert, upsert string
}

// kind is how one kind of a snapshot's files (FileInfo.Kind in the
// manifest) becomes rows. Adding a kind is one entry in kinds.
type kind struct {
	name     string
	main     table
	children []table
	decode   func(line []byte) (*record, error)
	// pair is set for a kind whose objects are an item in a parent (a
	// project in a portfolio): the key, gid, is "<parent gid>:<item
	// gid>", since one item may be in several parents.
	pair bool
}

// record is one object of a snapshot as rows: its main row (its first
// value is gid) and, for each child table, its rows there.
type record struct {
	gid      string
	row      []any
	children [][][]any
}

// Column type shorthands: gids, timestamps and dates are text (RFC 3339
// timestamps and YYYY-MM-DD dates as the API writes them, which sort as
// text); flags are integers 0 and 1.
const (
	tText = "TEXT"
	tInt  = "BIGINT"
	tNum  = "DOUBLE PRECISION"
)

// cols builds a table from name/type pairs.
func tbl(name string, pairs ...string) table {
	t := table{name: name}
	for i := 0; i+1 < len(pairs); i += 2 {
		t.cols = append(t.cols, pairs[i])
		t.types = append(t.types, pairs[i+1])
	}
	t.insert, t.upsert = insertSQL(t), upsertSQL(t)
	return t
}

// kinds are the kinds the loader knows, in the order it loads them. A
// snapshot file of a kind not listed here is skipped (and reported in
// Stats.SkippedKinds); a kind with no file in the snapshot has empty
// tables.
var kinds = []*kind{
	{name: "users", main: tbl("users", "gid", tText, "name", tText, "email", tText), decode: decodeUser},
	{name: "workspace_memberships", main: tbl("workspace_memberships", "gid", tText, "user_gid", tText, "workspace_gid", tText,
		"is_active", tInt, "is_admin", tInt, "is_guest", tInt, "is_view_only", tInt, "created_at", tText), decode: decodeWorkspaceMembership},
	{name: "teams", main: tbl("teams", "gid", tText, "name", tText, "description", tText, "organization_gid", tText,
		"visibility", tText, "permalink_url", tText), decode: decodeTeam},
	{name: "team_memberships", main: tbl("team_memberships", "gid", tText, "user_gid", tText, "team_gid", tText,
		"is_admin", tInt, "is_guest", tInt, "is_limited_access", tInt), decode: decodeTeamMembership},
	{name: "projects", main: tbl("projects", "gid", tText, "name", tText, "archived", tInt, "color", tText, "created_at", tText,
		"modified_at", tText, "notes", tText, "owner_gid", tText, "team_gid", tText, "privacy_setting", tText, "due_on", tText,
		"start_on", tText, "default_view", tText, "completed", tInt, "completed_at", tText, "permalink_url", tText),
		children: []table{
			tbl("project_members", "project_gid", tText, "user_gid", tText),
			tbl("project_followers", "project_gid", tText, "user_gid", tText),
			tbl("project_custom_field_settings", "project_gid", tText, "gid", tText, "custom_field_gid", tText,
				"custom_field_name", tText, "is_important", tInt),
		}, decode: decodeProject},
	{name: "sections", main: tbl("sections", "gid", tText, "project_gid", tText, "name", tText, "created_at", tText), decode: decodeSection},
	taskKind,
	// The tasks in no project, only in their assignee's My Tasks.
	{name: "user_task_list_tasks", main: taskKind.main, children: taskKind.children, decode: decodeTask},
	{name: "stories", main: tbl("stories", "gid", tText, "target_gid", tText, "created_at", tText, "created_by_gid", tText,
		"type", tText, "resource_subtype", tText, "text", tText, "is_pinned", tInt, "is_edited", tInt, "num_likes", tInt,
		"source", tText, "sticker_name", tText), decode: decodeStory},
	{name: "attachments", main: tbl("attachments", "gid", tText, "parent_gid", tText, "name", tText, "resource_subtype", tText,
		"created_at", tText, "host", tText, "size", tInt, "permanent_url", tText, "view_url", tText, "connected_to_app", tInt),
		decode: decodeAttachment},
	// Kinds of the complete backup (custom field definitions, tags,
	// portfolios, goals, status updates, the audit log): empty tables
	// until a snapshot holds them.
	{name: "custom_fields", main: tbl("custom_fields", "gid", tText, "name", tText, "type", tText, "resource_subtype", tText,
		"description", tText, "is_global_to_workspace", tInt, "created_by_gid", tText),
		children: []table{
			tbl("custom_field_enum_options", "custom_field_gid", tText, "gid", tText, "name", tText, "enabled", tInt, "color", tText),
		}, decode: decodeCustomField},
	{name: "tags", main: tbl("tags", "gid", tText, "name", tText, "color", tText, "created_at", tText, "notes", tText),
		decode: decodeTag},
	{name: "portfolios", main: tbl("portfolios", "gid", tText, "name", tText, "owner_gid", tText, "created_at", tText,
		"color", tText, "public", tInt, "archived", tInt, "due_on", tText, "start_on", tText),
		children: []table{tbl("portfolio_members", "portfolio_gid", tText, "user_gid", tText)},
		decode:   decodePortfolio},
	{name: "goals", main: tbl("goals", "gid", tText, "name", tText, "owner_gid", tText, "team_gid", tText, "time_period_gid", tText,
		"status", tText, "due_on", tText, "start_on", tText, "is_workspace_level", tInt,
		"metric_unit", tText, "metric_initial_value", tNum, "metric_target_value", tNum, "metric_current_value", tNum),
		decode: decodeGoal},
	{name: "portfolio_items", main: tbl("portfolio_items", "gid", tText, "portfolio_gid", tText, "item_gid", tText,
		"item_type", tText, "name", tText), decode: decodePortfolioItem, pair: true},
	statusUpdates("project_status_updates", "project"),
	statusUpdates("portfolio_status_updates", "portfolio"),
	statusUpdates("goal_status_updates", "goal"),
	{name: "status_updates", main: statusUpdateTable, decode: decodeStatusUpdate("")},
	memberships("project_memberships", "project"),
	memberships("portfolio_memberships", "portfolio"),
	{name: "audit_log_events", main: tbl("audit_log_events", "gid", tText, "created_at", tText, "event_type", tText,
		"event_category", tText, "actor_type", tText, "actor_gid", tText, "actor_name", tText, "actor_email", tText,
		"resource_type", tText, "resource_gid", tText, "resource_name", tText, "resource_email", tText,
		"context_type", tText, "api_authentication_method", tText), decode: decodeAuditEvent},
}

// statusUpdateTable holds the status updates of projects, portfolios
// and goals alike.
var statusUpdateTable = tbl("status_updates", "gid", tText, "parent_gid", tText, "parent_type", tText,
	"created_at", tText, "author_gid", tText, "status_type", tText, "title", tText, "text", tText)

// statusUpdates is the kind of one parent type's status updates.
func statusUpdates(name, parentType string) *kind {
	return &kind{name: name, main: statusUpdateTable, decode: decodeStatusUpdate(parentType)}
}

// membershipTable holds the memberships (with access levels) of projects
// and portfolios.
var membershipTable = tbl("memberships", "gid", tText, "parent_gid", tText, "parent_type", tText,
	"member_gid", tText, "access_level", tText, "resource_subtype", tText)

func memberships(name, parentType string) *kind {
	return &kind{name: name, main: membershipTable, decode: decodeMembership(parentType)}
}

// taskKind is the tasks of the projects' files.
var taskKind = &kind{name: "tasks", main: tbl("tasks", "gid", tText, "name", tText, "resource_subtype", tText, "approval_status", tText,
	"assignee_gid", tText, "completed", tInt, "completed_at", tText, "completed_week", tText, "created_at", tText,
	"created_by_gid", tText, "modified_at", tText, "due_on", tText, "due_at", tText, "start_on", tText, "notes", tText,
	"parent_gid", tText, "num_subtasks", tInt, "num_likes", tInt, "permalink_url", tText, "is_rendered_as_separator", tInt),
	children: []table{
		tbl("task_memberships", "task_gid", tText, "project_gid", tText, "section_gid", tText),
		tbl("task_followers", "task_gid", tText, "user_gid", tText),
		tbl("task_dependencies", "task_gid", tText, "dependency_gid", tText),
		tbl("task_tags", "task_gid", tText, "tag_gid", tText, "tag_name", tText),
		tbl("task_custom_field_values", "task_gid", tText, "custom_field_gid", tText, "name", tText, "type", tText,
			"display_value", tText, "text_value", tText, "number_value", tNum, "enum_option_gid", tText, "date_value", tText),
		tbl("task_multi_enum_values", "task_gid", tText, "custom_field_gid", tText, "enum_option_gid", tText),
		tbl("task_people_values", "task_gid", tText, "custom_field_gid", tText, "user_gid", tText),
	}, decode: decodeTask}

// kindByName finds a kind of kinds.
func kindByName(name string) *kind {
	for _, k := range kinds {
		if k.name == name {
			return k
		}
	}
	return nil
}
