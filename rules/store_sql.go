package rules

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver
	_ "modernc.org/sqlite"             // the "sqlite" driver, pure Go
)

// Dialect is the SQL flavour of an SQLStore.
type Dialect int

// The dialects an SQLStore speaks.
const (
	// SQLite is the embedded default: one file, one process.
	SQLite Dialect = iota
	// Postgres lets several replicas share one store: an event is
	// accepted by exactly one of them (a unique insert) and a job is run
	// by one worker at a time (FOR UPDATE SKIP LOCKED).
	Postgres
)

// SQLStore is the Store over a SQL database: SQLite (modernc.org/sqlite,
// no C toolchain needed) or PostgreSQL (pgx). Its tables are created by
// OpenStore and are named rules_*.
type SQLStore struct {
	db      *sql.DB
	dialect Dialect
}

var _ Store = (*SQLStore)(nil)

// OpenStore opens the store a flag names: "sqlite:PATH" (a file, created if
// needed; "sqlite::memory:" for a throwaway one), or a PostgreSQL URL
// ("postgres://user@host:port/db?sslmode=disable"). It creates the tables
// when they are missing.
func OpenStore(ctx context.Context, dsn string) (*SQLStore, error) {
	var (
		d           Dialect
		driver, src string
	)
	switch {
	case strings.HasPrefix(dsn, "sqlite:"):
		d, driver, src = SQLite, "sqlite", strings.TrimPrefix(dsn, "sqlite:")
		if src == "" {
			return nil, errors.New("rules: store sqlite: needs a path (sqlite:rules.db)")
		}
		if src != ":memory:" {
			src = "file:" + src
		}
		src += sqlitePragmas(src)
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		d, driver, src = Postgres, "pgx", dsn
	default:
		return nil, fmt.Errorf("rules: store %q: want sqlite:PATH or a postgres:// URL", redactDSN(dsn))
	}
	db, err := sql.Open(driver, src)
	if err != nil {
		return nil, fmt.Errorf("rules: store: %w", err)
	}
	if d == SQLite {
		// One connection: SQLite has one writer anyway, and this keeps
		// "database is locked" out of the way.
		db.SetMaxOpenConns(1)
	}
	s := &SQLStore{db: db, dialect: d}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("rules: store %s: %w", redactDSN(dsn), err)
	}
	return s, nil
}

func sqlitePragmas(src string) string {
	sep := "?"
	if strings.Contains(src, "?") {
		sep = "&"
	}
	return sep + "_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)"
}

// redactDSN drops a password from a URL for error messages.
func redactDSN(dsn string) string {
	if i, j := strings.Index(dsn, "://"), strings.LastIndex(dsn, "@"); i >= 0 && j > i {
		if k := strings.Index(dsn[i+3:j], ":"); k >= 0 {
			return dsn[:i+3+k] + ":***" + dsn[j:]
		}
	}
	return dsn
}

func (s *SQLStore) migrate(ctx context.Context) error {
	id := "INTEGER PRIMARY KEY"
	if s.dialect == Postgres {
		id = "BIGSERIAL PRIMARY KEY"
	}
	stmts := []string{
		`CREATE TABLE IF NOT EXISTS rules_seen (key TEXT PRIMARY KEY, at BIGINT NOT NULL)`,
		`CREATE INDEX IF NOT EXISTS rules_seen_at ON rules_seen (at)`,
		`CREATE TABLE IF NOT EXISTS rules_kv (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
		`CREATE TABLE IF NOT EXISTS rules_jobs (id ` + id + `, key TEXT NOT NULL UNIQUE, rule TEXT NOT NULL,
			event TEXT NOT NULL, step INTEGER NOT NULL DEFAULT 0, attempts INTEGER NOT NULL DEFAULT 0,
			created_at BIGINT NOT NULL, next_at BIGINT NOT NULL, owner TEXT NOT NULL DEFAULT '',
			lease_until BIGINT NOT NULL DEFAULT 0, last_error TEXT NOT NULL DEFAULT '', dead INTEGER NOT NULL DEFAULT 0)`,
		`CREATE INDEX IF NOT EXISTS rules_jobs_due ON rules_jobs (dead, next_at)`,
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // after Commit it does nothing
	if s.dialect == Postgres {
		// Replicas starting at once would race on CREATE TABLE.
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(7217150001)`); err != nil {
			return err
		}
	}
	for _, q := range stmts {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// q rewrites ? placeholders as $n for PostgreSQL.
func (s *SQLStore) q(query string) string {
	if s.dialect != Postgres {
		return query
	}
	var b strings.Builder
	n := 0
	for _, r := range query {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func (s *SQLStore) exec(ctx context.Context, query string, args ...any) (int64, error) {
	res, err := s.db.ExecContext(ctx, s.q(query), args...)
	if err != nil {
		return 0, fmt.Errorf("rules: store: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("rules: store: %w", err)
	}
	return n, nil
}

func (s *SQLStore) get(ctx context.Context, key string) (string, bool, error) {
	var v string
	err := s.db.QueryRowContext(ctx, s.q(`SELECT value FROM rules_kv WHERE key = ?`), key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("rules: store: %w", err)
	}
	return v, true, nil
}

func (s *SQLStore) set(ctx context.Context, key, value string) error {
	_, err := s.exec(ctx, `INSERT INTO rules_kv (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	return err
}

// Secret implements Store.
func (s *SQLStore) Secret(ctx context.Context, key string) (string, bool, error) {
	return s.get(ctx, nsSecret+key)
}

// SetSecret implements Store.
func (s *SQLStore) SetSecret(ctx context.Context, key, secret string) error {
	return s.set(ctx, nsSecret+key, secret)
}

// DeleteSecret implements Store.
func (s *SQLStore) DeleteSecret(ctx context.Context, key string) error {
	_, err := s.exec(ctx, `DELETE FROM rules_kv WHERE key = ?`, nsSecret+key)
	return err
}

// SyncToken implements Store.
func (s *SQLStore) SyncToken(ctx context.Context, resource string) (string, error) {
	v, _, err := s.get(ctx, nsSync+resource)
	return v, err
}

// SetSyncToken implements Store.
func (s *SQLStore) SetSyncToken(ctx context.Context, resource, token string) error {
	return s.set(ctx, nsSync+resource, token)
}

// Value implements Store.
func (s *SQLStore) Value(ctx context.Context, key string) (string, bool, error) {
	return s.get(ctx, nsValue+key)
}

// SetValue implements Store.
func (s *SQLStore) SetValue(ctx context.Context, key, value string) error {
	return s.set(ctx, nsValue+key, value)
}

// Accept implements Store, in one transaction: the unique key of
// rules_seen decides which caller accepts the event.
func (s *SQLStore) Accept(ctx context.Context, key string, now time.Time, jobs []Job) (bool, error) {
	ok, err := s.AcceptBatch(ctx, now, []Pending{{Key: key, Jobs: jobs}})
	if err != nil {
		return false, err
	}
	return ok[0], nil
}

// AcceptBatch implements Store: one multi-row insert of the keys, whose
// RETURNING names the new ones, and one of their jobs, per 500 events.
func (s *SQLStore) AcceptBatch(ctx context.Context, now time.Time, events []Pending) ([]bool, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("rules: store: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // after Commit it does nothing
	at := now.UnixNano()
	out := make([]bool, len(events))
	const chunk = 500
	for lo := 0; lo < len(events); lo += chunk {
		part := events[lo:min(lo+chunk, len(events))]
		if err := s.acceptChunk(ctx, tx, at, part, out[lo:]); err != nil {
			return nil, err
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("rules: store: %w", err)
	}
	return out, nil
}

func (s *SQLStore) acceptChunk(ctx context.Context, tx *sql.Tx, at int64, part []Pending, out []bool) error {
	var b strings.Builder
	args := make([]any, 0, 2*len(part))
	b.WriteString(`INSERT INTO rules_seen (key, at) VALUES `)
	for i, p := range part {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("(?, ?)")
		args = append(args, p.Key, at)
	}
	b.WriteString(` ON CONFLICT (key) DO NOTHING RETURNING key`)
	rows, err := tx.QueryContext(ctx, s.q(b.String()), args...)
	if err != nil {
		return fmt.Errorf("rules: store: %w", err)
	}
	fresh := map[string]bool{}
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			rows.Close()
			return fmt.Errorf("rules: store: %w", err)
		}
		fresh[k] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("rules: store: %w", err)
	}
	// The jobs, in inserts of at most 1,000 rows (6,000 parameters: well
	// under SQLite's and PostgreSQL's limits).
	args = args[:0]
	flush := func() error {
		if len(args) == 0 {
			return nil
		}
		q := `INSERT INTO rules_jobs (key, rule, event, step, created_at, next_at) VALUES ` +
			strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?, ?, ?), ", len(args)/6), ", ") + ` ON CONFLICT (key) DO NOTHING`
		_, err := tx.ExecContext(ctx, s.q(q), args...)
		args = args[:0]
		if err != nil {
			return fmt.Errorf("rules: store: %w", err)
		}
		return nil
	}
	for i, p := range part {
		if !fresh[p.Key] {
			continue
		}
		delete(fresh, p.Key) // a key twice in one batch is accepted once
		out[i] = true
		for _, j := range p.Jobs {
			ev, err := json.Marshal(j.Event)
			if err != nil {
				return fmt.Errorf("rules: store: %w", err)
			}
			args = append(args, j.Key, j.Rule, string(ev), j.Step, at, at)
			if len(args) >= 6000 {
				if err := flush(); err != nil {
					return err
				}
			}
		}
	}
	return flush()
}

const jobColumns = `id, key, rule, event, step, attempts, created_at, next_at, last_error, dead`

func scanJobs(rows *sql.Rows) ([]Job, error) {
	defer rows.Close()
	var out []Job
	for rows.Next() {
		var (
			j             Job
			ev            string
			created, next int64
			dead          int
		)
		if err := rows.Scan(&j.ID, &j.Key, &j.Rule, &ev, &j.Step, &j.Attempts, &created, &next, &j.LastError, &dead); err != nil {
			return nil, fmt.Errorf("rules: store: %w", err)
		}
		if err := json.Unmarshal([]byte(ev), &j.Event); err != nil {
			return nil, fmt.Errorf("rules: store: job %d: %w", j.ID, err)
		}
		j.CreatedAt, j.NextAt, j.Dead = time.Unix(0, created).UTC(), time.Unix(0, next).UTC(), dead != 0
		out = append(out, j)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("rules: store: %w", err)
	}
	return out, nil
}

// Lease implements Store. On PostgreSQL the due rows are locked with FOR
// UPDATE SKIP LOCKED, so that concurrent leases from several replicas
// take disjoint jobs; SQLite has one writer at a time.
func (s *SQLStore) Lease(ctx context.Context, owner string, now time.Time, d time.Duration, n int) ([]Job, error) {
	lock := ""
	if s.dialect == Postgres {
		lock = " FOR UPDATE SKIP LOCKED"
	}
	at := now.UnixNano()
	rows, err := s.db.QueryContext(ctx, s.q(`UPDATE rules_jobs SET owner = ?, lease_until = ? WHERE id IN (
		SELECT id FROM rules_jobs WHERE dead = 0 AND next_at <= ? AND (owner = '' OR lease_until <= ?)
		ORDER BY next_at, id LIMIT ?`+lock+`) RETURNING `+jobColumns), owner, now.Add(d).UnixNano(), at, at, n)
	if err != nil {
		return nil, fmt.Errorf("rules: store: %w", err)
	}
	jobs, err := scanJobs(rows)
	slicesSortByID(jobs)
	return jobs, err
}

func slicesSortByID(jobs []Job) {
	slices.SortFunc(jobs, func(a, b Job) int {
		if c := a.NextAt.Compare(b.NextAt); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
}

func (s *SQLStore) leased(ctx context.Context, query string, args ...any) error {
	n, err := s.exec(ctx, query, args...)
	if err == nil && n == 0 {
		err = ErrLeaseLost
	}
	return err
}

// Advance implements Store.
func (s *SQLStore) Advance(ctx context.Context, id int64, owner string, step int, until time.Time) error {
	return s.leased(ctx, `UPDATE rules_jobs SET step = ?, lease_until = ? WHERE id = ? AND owner = ? AND dead = 0`, step, until.UnixNano(), id, owner)
}

// Complete implements Store.
func (s *SQLStore) Complete(ctx context.Context, id int64, owner string) error {
	return s.leased(ctx, `DELETE FROM rules_jobs WHERE id = ? AND owner = ? AND dead = 0`, id, owner)
}

// Retry implements Store.
func (s *SQLStore) Retry(ctx context.Context, id int64, owner, errText string, next time.Time, dead bool) error {
	d := 0
	if dead {
		d = 1
	}
	return s.leased(ctx, `UPDATE rules_jobs SET attempts = attempts + 1, last_error = ?, next_at = ?, dead = ?, owner = '', lease_until = 0
		WHERE id = ? AND owner = ? AND dead = 0`, errText, next.UnixNano(), d, id, owner)
}

// DeadLetters implements Store.
func (s *SQLStore) DeadLetters(ctx context.Context, n int) ([]Job, error) {
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT `+jobColumns+` FROM rules_jobs WHERE dead = 1 ORDER BY id LIMIT ?`), n)
	if err != nil {
		return nil, fmt.Errorf("rules: store: %w", err)
	}
	return scanJobs(rows)
}

// Replay implements Store.
func (s *SQLStore) Replay(ctx context.Context, id int64, now time.Time) error {
	n, err := s.exec(ctx, `UPDATE rules_jobs SET dead = 0, attempts = 0, next_at = ? WHERE id = ? AND dead = 1`, now.UnixNano(), id)
	if err == nil && n == 0 {
		err = ErrNoJob
	}
	return err
}

// Prune implements Store.
func (s *SQLStore) Prune(ctx context.Context, before time.Time) (int64, error) {
	return s.exec(ctx, `DELETE FROM rules_seen WHERE at < ?`, before.UnixNano())
}

// Stats implements Store.
func (s *SQLStore) Stats(ctx context.Context) (StoreStats, error) {
	var st StoreStats
	err := s.db.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM rules_seen),
		(SELECT COUNT(*) FROM rules_jobs WHERE dead = 0), (SELECT COUNT(*) FROM rules_jobs WHERE dead = 1)`).Scan(&st.Seen, &st.Pending, &st.Dead)
	if err != nil {
		return st, fmt.Errorf("rules: store: %w", err)
	}
	return st, nil
}

// Close implements Store.
func (s *SQLStore) Close() error { return s.db.Close() }
