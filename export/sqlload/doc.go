// Package sqlload loads a backup snapshot (package export) into a SQL
// database: SQLite, the embedded default (one file, pure Go), or
// PostgreSQL for a warehouse-sized organization, with the same schema
// (SCHEMA.md): one table per kind (users, memberships, teams, projects,
// sections, tasks with their memberships, followers, dependencies, tags
// and custom field values, stories, attachments, custom field
// definitions and options, tags, portfolios, goals, status updates,
// project and portfolio memberships, the audit log), each keyed by gid,
// and one per list an object holds.
//
//	db, err := sqlload.OpenSQLite("org.db")
//	...
//	st, err := db.Load(ctx, "asana-backup/000007-20260105T090000Z")
//	rows, err := db.SQL.QueryContext(ctx, "SELECT name FROM tasks WHERE completed = 0 AND assignee_gid IS NULL")
//
// # Incremental and atomic
//
// Loading a newer snapshot into the same database writes only what
// changed: a file whose SHA-256 (from the manifest) the database already
// holds is not read at all, and in a changed file only the lines whose
// hash differs from the one recorded are decoded and written; objects
// gone from the snapshot are deleted. The result is the same as loading
// the snapshot into an empty database. A load is one transaction: a
// reader (SQLite in WAL mode, or PostgreSQL) sees the previous snapshot
// until it commits, then the new one; a load that fails changes nothing.
//
// # Untrusted snapshots
//
// The snapshot is read as untrusted input: manifest paths must stay
// inside the snapshot, only regular files are opened (no symbolic link
// is followed), lines are at most 16 MiB, every gid must be decimal
// digits, and every file read must have its manifest's SHA-256 or the
// load fails and rolls back. Values reach SQL only as bound parameters.
// A database holds one organization: a snapshot of another is refused
// (ErrOtherOrganization).
//
// # Adding a kind
//
// The loader is a table of kinds (kinds.go): a kind names its table,
// its columns and a decoder from one snapshot line to rows. A snapshot
// without a kind leaves its tables empty; a file of a kind the table
// does not list is skipped and counted in Stats.SkippedKinds.
package sqlload
