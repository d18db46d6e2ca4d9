package sqlload

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
	_ "modernc.org/sqlite"             // the "sqlite" database/sql driver
)

// Dialect is the SQL database a DB talks to.
type Dialect int

const (
	// SQLite is the embedded default: one file, pure Go
	// (modernc.org/sqlite).
	SQLite Dialect = iota
	// PostgreSQL is for a warehouse-sized organization (pgx). The schema
	// is the same.
	PostgreSQL
)

// String names the dialect.
func (d Dialect) String() string {
	if d == PostgreSQL {
		return "postgresql"
	}
	return "sqlite"
}

// DB is a database that snapshots are loaded into and reports read.
type DB struct {
	// SQL is the connection pool; read it freely (the tables and views
	// of SCHEMA.md).
	SQL *sql.DB
	// Dialect says which database SQL is.
	Dialect Dialect

	// afterFile, when set (tests), runs inside a load's transaction after
	// each file.
	afterFile func(path string)
}

// OpenSQLite opens (creating it if need be) the SQLite database file at
// path, in WAL mode, so that readers go on reading the previous snapshot
// while a load is under way.
func OpenSQLite(path string) (*DB, error) {
	if path == "" || strings.ContainsAny(path, "?#") {
		return nil, fmt.Errorf("sqlload: %q is not a database file name", path)
	}
	dsn := "file:" + path + "?_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)&_pragma=synchronous(NORMAL)&_pragma=cache_size(-32768)&_pragma=temp_store(MEMORY)"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	if err := db.Ping(); err != nil {
		db.Close()
		return nil, fmt.Errorf("sqlload: open %s: %w", path, err)
	}
	return &DB{SQL: db, Dialect: SQLite}, nil
}

// OpenPostgres connects to the PostgreSQL database of a connection URL
// ("postgres://user@host:port/db"). The URL, which may hold a password,
// is not part of any error.
func OpenPostgres(ctx context.Context, url string) (*DB, error) {
	db, err := sql.Open("pgx", url)
	if err != nil {
		return nil, fmt.Errorf("sqlload: bad PostgreSQL URL")
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("sqlload: connect to PostgreSQL: %w", err)
	}
	return &DB{SQL: db, Dialect: PostgreSQL}, nil
}

// Close closes the database.
func (db *DB) Close() error { return db.SQL.Close() }

// Rebind rewrites a query written with ? placeholders for the database:
// PostgreSQL numbers them ($1, $2, ...). A ? inside quotes is left alone.
func (db *DB) Rebind(query string) string {
	if db.Dialect != PostgreSQL || !strings.Contains(query, "?") {
		return query
	}
	var b strings.Builder
	n, quoted := 0, false
	for _, c := range query {
		switch {
		case c == '\'':
			quoted = !quoted
		case c == '?' && !quoted:
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}
