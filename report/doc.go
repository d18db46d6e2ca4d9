// Package report answers the questions admins ask of an organization,
// as SQL views on the database package export/sqlload loads a backup
// into, the same on SQLite and PostgreSQL:
//
//   - overdue: open tasks per team and project, overdue and unassigned
//   - workload: open tasks per assignee, due this week, overdue
//   - completed-weekly: tasks completed per week per team
//   - inactive-projects: no task change, comment or status update in N days
//   - stale-status: projects without a recent status update
//   - custom-fields: each field's projects (0: on no project), tasks with
//     a value, and enum options never used
//   - guests: guest members with their teams, projects and tasks
//   - tokens: service accounts and token owners from the audit log:
//     tokens created and revoked, API actions, last event
//
// Per-project counts include subtasks: a subtask in no project of its
// own counts in its nearest ancestor's projects (view
// report_task_projects). "Now" is the start of the loaded snapshot
// unless Params.AsOf says otherwise.
//
// Each is the view report_NAME (dashes as underscores); the thresholds
// (the day the reports are "as of", N days, the weeks covered) are the
// rows of report_params, which Install fills with the defaults for the
// loaded snapshot and Run sets for one run only, in a transaction it
// rolls back.
//
//	res, err := report.Run(ctx, db, "overdue", report.Params{InactiveDays: 60})
//	res.WriteTable(os.Stdout) // or WriteCSV, WriteJSON
//	report.WriteHTML(f, "Acme", results) // charts as inline SVG
//
// The HTML page is self-contained (no script, nothing loaded): per-team
// and per-person bars, and a line per team for the weekly trend, each an
// SVG element whose bars and points carry their values (data-value).
// Everything from the organization is escaped; CSV cells that a
// spreadsheet would run as formulas are defused; control characters
// never reach a terminal.
package report
