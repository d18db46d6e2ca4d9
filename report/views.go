package report

import "strings"

// The SQL of the reports: one view each, on the tables of
// export/sqlload's schema, in SQL that SQLite and PostgreSQL read alike.
// Dates and thresholds come from the report_params table, which Run
// fills (dates are text, YYYY-MM-DD and RFC 3339, and compare as text).

// param reads one value of report_params.
func param(name string) string {
	return "(SELECT value FROM report_params WHERE name = '" + name + "')"
}

// dueOn is a task's due date, from due_on or the day of due_at.
const dueOn = "COALESCE(t.due_on, SUBSTR(t.due_at, 1, 10))"

// projectTasks joins the tasks of each project with the project and its
// team; {m} is the table of task_gid, project_gid pairs.
const projectTasks = `FROM tasks t
JOIN {m} m ON m.task_gid = t.gid
JOIN projects p ON p.gid = m.project_gid
LEFT JOIN teams tm ON tm.gid = p.team_gid`

// perProject runs an aggregate query over the tasks in projects
// (task_memberships) and over the subtasks in none, which count in
// their parent's projects (report_subtask_projects), and sums the two:
// the sets are disjoint, and each part groups on an index-friendly join
// instead of the union of both (which would be materialized first).
// outer is the SELECT list over the parts' columns, group their GROUP BY.
func perProject(inner, outer, group string) string {
	part := func(m string) string { return strings.ReplaceAll(inner, "{m}", m) }
	return "SELECT " + outer + " FROM (" + part("task_memberships") + "\nUNION ALL\n" + part("report_subtask_projects") +
		") x GROUP BY " + group
}

// helperViews are views the reports share.
var helperViews = []view{
	// The projects of each task: its own, or for a subtask in no
	// project of its own, its parent's (recursively).
	{"report_subtask_projects", `WITH RECURSIVE up (task_gid, ancestor_gid) AS (
SELECT t.gid, t.parent_gid FROM tasks t
WHERE t.parent_gid IS NOT NULL AND NOT EXISTS (SELECT 1 FROM task_memberships x WHERE x.task_gid = t.gid)
UNION ALL
SELECT up.task_gid, p.parent_gid FROM up JOIN tasks p ON p.gid = up.ancestor_gid
WHERE p.parent_gid IS NOT NULL AND NOT EXISTS (SELECT 1 FROM task_memberships x WHERE x.task_gid = p.gid)
)
SELECT up.task_gid, m.project_gid FROM up JOIN task_memberships m ON m.task_gid = up.ancestor_gid
WHERE m.project_gid IS NOT NULL`},
	{"report_task_projects", `SELECT task_gid, project_gid FROM task_memberships WHERE project_gid IS NOT NULL
UNION ALL
SELECT task_gid, project_gid FROM report_subtask_projects`},
	{"report_project_activity", `SELECT m.project_gid AS project_gid, t.modified_at AS at
FROM task_memberships m JOIN tasks t ON t.gid = m.task_gid
UNION ALL
SELECT m.project_gid, t.modified_at FROM report_subtask_projects m JOIN tasks t ON t.gid = m.task_gid
UNION ALL
SELECT m.project_gid, s.created_at FROM stories s JOIN task_memberships m ON m.task_gid = s.target_gid WHERE s.type = 'comment'
UNION ALL
SELECT m.project_gid, s.created_at FROM stories s JOIN report_subtask_projects m ON m.task_gid = s.target_gid WHERE s.type = 'comment'
UNION ALL
SELECT parent_gid, created_at FROM status_updates WHERE parent_gid IS NOT NULL`},
	{"report_custom_field_list", `SELECT gid, name, type FROM custom_fields
UNION
SELECT custom_field_gid, MAX(name), MAX(type) FROM task_custom_field_values
WHERE custom_field_gid NOT IN (SELECT gid FROM custom_fields) GROUP BY custom_field_gid
UNION
SELECT custom_field_gid, MAX(custom_field_name), NULL FROM project_custom_field_settings
WHERE custom_field_gid NOT IN (SELECT gid FROM custom_fields)
AND custom_field_gid NOT IN (SELECT custom_field_gid FROM task_custom_field_values) GROUP BY custom_field_gid`},
	{"report_token_principals", `SELECT resource_gid AS user_gid FROM audit_log_events
WHERE event_category IN ('service_accounts', 'api_tokens') AND resource_gid IS NOT NULL
UNION
SELECT actor_gid FROM audit_log_events WHERE context_type = 'api' AND actor_gid IS NOT NULL`},
}

// view is a view's name and query.
type view struct{ name, query string }

// reportSQL is each standard report's view query, by report name.
var reportSQL = map[string]string{
	"overdue": perProject(`SELECT tm.gid AS team_gid, COALESCE(tm.name, '') AS team, p.gid AS project_gid, p.name AS project,
COUNT(*) AS open_tasks,
SUM(CASE WHEN `+dueOn+` < `+param("today")+` THEN 1 ELSE 0 END) AS overdue,
SUM(CASE WHEN t.assignee_gid IS NULL THEN 1 ELSE 0 END) AS unassigned,
SUM(CASE WHEN t.assignee_gid IS NULL AND `+dueOn+` < `+param("today")+` THEN 1 ELSE 0 END) AS overdue_unassigned
`+projectTasks+`
WHERE t.completed = 0 AND p.archived = 0
GROUP BY tm.gid, tm.name, p.gid, p.name`,
		`team_gid, team, project_gid, project, CAST(SUM(open_tasks) AS BIGINT) AS open_tasks, CAST(SUM(overdue) AS BIGINT) AS overdue,
CAST(SUM(unassigned) AS BIGINT) AS unassigned, CAST(SUM(overdue_unassigned) AS BIGINT) AS overdue_unassigned`,
		"team_gid, team, project_gid, project"),

	"workload": `SELECT u.gid AS user_gid, u.name AS assignee, COUNT(*) AS open_tasks,
CAST(SUM(CASE WHEN ` + dueOn + ` >= ` + param("week_start") + ` AND ` + dueOn + ` <= ` + param("week_end") + ` THEN 1 ELSE 0 END) AS BIGINT) AS due_this_week,
CAST(SUM(CASE WHEN ` + dueOn + ` < ` + param("today") + ` THEN 1 ELSE 0 END) AS BIGINT) AS overdue
FROM tasks t JOIN users u ON u.gid = t.assignee_gid
WHERE t.completed = 0
GROUP BY u.gid, u.name`,

	"inactive-projects": `SELECT p.gid AS project_gid, p.name AS project, COALESCE(tm.name, '') AS team, a.last_activity
FROM projects p
LEFT JOIN teams tm ON tm.gid = p.team_gid
LEFT JOIN (SELECT project_gid, MAX(at) AS last_activity FROM report_project_activity GROUP BY project_gid) a ON a.project_gid = p.gid
WHERE p.archived = 0 AND (a.last_activity IS NULL OR a.last_activity < ` + param("inactive_since") + `)`,

	"stale-status": `SELECT p.gid AS project_gid, p.name AS project, COALESCE(tm.name, '') AS team, s.last_status_at
FROM projects p
LEFT JOIN teams tm ON tm.gid = p.team_gid
LEFT JOIN (SELECT parent_gid, MAX(created_at) AS last_status_at FROM status_updates GROUP BY parent_gid) s ON s.parent_gid = p.gid
WHERE p.archived = 0 AND (s.last_status_at IS NULL OR s.last_status_at < ` + param("status_since") + `)`,

	"custom-fields": `SELECT f.gid AS custom_field_gid, f.name, f.type,
(SELECT COUNT(DISTINCT s.project_gid) FROM project_custom_field_settings s WHERE s.custom_field_gid = f.gid) AS projects,
(SELECT COUNT(*) FROM task_custom_field_values v WHERE v.custom_field_gid = f.gid AND v.display_value IS NOT NULL) AS tasks_with_value,
(SELECT COUNT(*) FROM custom_field_enum_options o WHERE o.custom_field_gid = f.gid) AS options,
(SELECT COUNT(*) FROM custom_field_enum_options o WHERE o.custom_field_gid = f.gid
 AND NOT EXISTS (SELECT 1 FROM task_custom_field_values v WHERE v.enum_option_gid = o.gid)
 AND NOT EXISTS (SELECT 1 FROM task_multi_enum_values mv WHERE mv.enum_option_gid = o.gid)) AS unused_options
FROM report_custom_field_list f`,

	"guests": `SELECT u.gid AS user_gid, u.name, u.email, wm.is_active AS active,
(SELECT COUNT(*) FROM team_memberships x WHERE x.user_gid = u.gid) AS teams,
(SELECT COUNT(*) FROM project_members x WHERE x.user_gid = u.gid) AS projects,
(SELECT COUNT(*) FROM tasks x WHERE x.assignee_gid = u.gid) AS assigned_tasks,
(SELECT COUNT(*) FROM task_followers x WHERE x.user_gid = u.gid) AS followed_tasks
FROM workspace_memberships wm JOIN users u ON u.gid = wm.user_gid
WHERE wm.is_guest = 1`,

	"tokens": `SELECT p.user_gid,
COALESCE((SELECT MAX(e.resource_name) FROM audit_log_events e WHERE e.resource_gid = p.user_gid),
         (SELECT MAX(e.actor_name) FROM audit_log_events e WHERE e.actor_gid = p.user_gid)) AS name,
CASE WHEN EXISTS (SELECT 1 FROM audit_log_events e WHERE (e.resource_gid = p.user_gid AND e.event_category = 'service_accounts')
                  OR (e.actor_gid = p.user_gid AND e.api_authentication_method = 'service_account'))
     THEN 'service_account' ELSE 'personal_access_token' END AS kind,
(SELECT COUNT(*) FROM audit_log_events e WHERE e.resource_gid = p.user_gid AND e.event_type LIKE '%token_created') AS tokens_created,
(SELECT COUNT(*) FROM audit_log_events e WHERE e.resource_gid = p.user_gid
 AND (e.event_type LIKE '%token_revoked' OR e.event_type = 'service_account_deauthorized')) AS tokens_revoked,
(SELECT COUNT(*) FROM audit_log_events e WHERE e.actor_gid = p.user_gid AND e.context_type = 'api') AS api_events,
(SELECT MAX(e.created_at) FROM audit_log_events e WHERE e.resource_gid = p.user_gid OR e.actor_gid = p.user_gid) AS last_event
FROM report_token_principals p`,

	"completed-weekly": perProject(`SELECT tm.gid AS team_gid, COALESCE(tm.name, '') AS team, t.completed_week AS week, COUNT(DISTINCT t.gid) AS completed
`+projectTasks+`
WHERE t.completed = 1 AND t.completed_week >= `+param("weeks_since")+` AND t.completed_week <= `+param("week_start")+`
GROUP BY tm.gid, tm.name, t.completed_week`,
		"team_gid, team, week, CAST(SUM(completed) AS BIGINT) AS completed", "team_gid, team, week"),
}
