package sqlload

import (
	"context"
	"database/sql"
	"strings"
)

// Bookkeeping tables: which snapshot is loaded, which file each row came
// from (with the hash of its line, so that an incremental load touches
// only what changed).
const (
	metaTable  = "sqlload_meta"
	filesTable = "sqlload_files"
	rowsTable  = "sqlload_rows"
)

// indexes are the indexes besides the keys: the owner column of every
// child table is added by schemaSQL; these serve the reports.
var indexes = []string{
	"CREATE INDEX IF NOT EXISTS idx_task_memberships_project ON task_memberships (project_gid)",
	"CREATE INDEX IF NOT EXISTS idx_tasks_assignee ON tasks (assignee_gid)",
	"CREATE INDEX IF NOT EXISTS idx_tasks_parent ON tasks (parent_gid)",
	"CREATE INDEX IF NOT EXISTS idx_stories_target ON stories (target_gid)",
	"CREATE INDEX IF NOT EXISTS idx_status_updates_parent ON status_updates (parent_gid)",
	"CREATE INDEX IF NOT EXISTS idx_tcfv_field ON task_custom_field_values (custom_field_gid, display_value)",
	"CREATE INDEX IF NOT EXISTS idx_tcfv_option ON task_custom_field_values (enum_option_gid)",
	"CREATE INDEX IF NOT EXISTS idx_task_followers_user ON task_followers (user_gid)",
	"CREATE INDEX IF NOT EXISTS idx_tasks_completed_week ON tasks (completed_week)",
	"CREATE INDEX IF NOT EXISTS idx_audit_resource ON audit_log_events (resource_gid)",
	"CREATE INDEX IF NOT EXISTS idx_audit_actor ON audit_log_events (actor_gid)",
	"CREATE INDEX IF NOT EXISTS idx_tmev_option ON task_multi_enum_values (enum_option_gid)",
	"CREATE INDEX IF NOT EXISTS idx_pcfs_field ON project_custom_field_settings (custom_field_gid)",
	"CREATE INDEX IF NOT EXISTS idx_team_memberships_user ON team_memberships (user_gid)",
	"CREATE INDEX IF NOT EXISTS idx_project_members_user ON project_members (user_gid)",
}

// schemaSQL returns the statements that create the schema, each
// idempotent.
func schemaSQL() []string {
	out := []string{
		"CREATE TABLE IF NOT EXISTS " + metaTable + " (key TEXT PRIMARY KEY, value TEXT)",
		"CREATE TABLE IF NOT EXISTS " + filesTable + " (path TEXT PRIMARY KEY, kind TEXT NOT NULL, sha256 TEXT NOT NULL)",
		"CREATE TABLE IF NOT EXISTS " + rowsTable + " (path TEXT NOT NULL, gid TEXT NOT NULL, hash TEXT NOT NULL, PRIMARY KEY (path, gid))",
		"CREATE INDEX IF NOT EXISTS idx_" + rowsTable + "_gid ON " + rowsTable + " (gid)",
		"CREATE TABLE IF NOT EXISTS " + fileLinesTable + " (path TEXT PRIMARY KEY, lines TEXT NOT NULL)",
	}
	for _, k := range kinds {
		// CREATE TABLE IF NOT EXISTS: kinds sharing a table create it once.
		out = append(out, createTable(k.main, true))
		for _, c := range k.children {
			out = append(out, createTable(c, false),
				"CREATE INDEX IF NOT EXISTS idx_"+c.name+"_owner ON "+c.name+" ("+c.cols[0]+")")
		}
	}
	return append(out, indexes...)
}

func createTable(t table, keyed bool) string {
	var b strings.Builder
	b.WriteString("CREATE TABLE IF NOT EXISTS " + t.name + " (")
	for i, c := range t.cols {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(c + " " + t.types[i])
		if i == 0 {
			if keyed {
				b.WriteString(" PRIMARY KEY")
			} else {
				b.WriteString(" NOT NULL")
			}
		}
	}
	b.WriteString(")")
	return b.String()
}

// Init creates the schema's tables and indexes if they are not there.
// Load calls it; call it to query an empty database.
func (db *DB) Init(ctx context.Context) error {
	tx, err := db.SQL.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := initTx(ctx, tx); err != nil {
		return err
	}
	return tx.Commit()
}

func initTx(ctx context.Context, tx *sql.Tx) error {
	for _, s := range schemaSQL() {
		if _, err := tx.ExecContext(ctx, s); err != nil {
			return err
		}
	}
	return nil
}

// Tables returns the names of the schema's data tables, one per kind and
// child, in load order.
func Tables() []string {
	var out []string
	seen := map[string]bool{}
	for _, k := range kinds {
		for _, t := range append([]table{k.main}, k.children...) {
			if !seen[t.name] {
				seen[t.name] = true
				out = append(out, t.name)
			}
		}
	}
	return out
}
