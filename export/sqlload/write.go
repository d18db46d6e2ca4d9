package sqlload

import (
	"context"
	"strings"
)

// writeObject writes one object whose line (hash h) the file path did not
// hold: as it is if another file of this load already wrote it (a task in
// two projects), else it replaces the object and its child rows.
func (l *loader) writeObject(ctx context.Context, k *kind, path string, rec *record, h string) error {
	if l.fresh {
		return l.writeFresh(ctx, k, path, rec, h)
	}
	s, err := l.stmt(ctx, "SELECT hash FROM "+rowsTable+" WHERE gid = ?")
	if err != nil {
		return err
	}
	rows, err := s.QueryContext(ctx, rec.gid)
	if err != nil {
		return err
	}
	exists, current := false, false
	for rows.Next() {
		var have string
		if err := rows.Scan(&have); err != nil {
			rows.Close()
			return err
		}
		exists = true
		current = current || have == h
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	switch {
	case current:
		l.st.Kept++
	case exists:
		if err := l.deleteChildren(ctx, k, rec.gid); err != nil {
			return err
		}
		if err := l.upsert(ctx, k, rec); err != nil {
			return err
		}
		l.st.Updated++
	default:
		if err := l.upsert(ctx, k, rec); err != nil {
			return err
		}
		l.st.Inserted++
	}
	return l.exec(ctx, "INSERT INTO "+rowsTable+" (path, gid, hash) VALUES (?, ?, ?) ON CONFLICT (path, gid) DO UPDATE SET hash = excluded.hash",
		path, rec.gid, h)
}

// writeFresh is writeObject into a database that held nothing when the
// load began: the object is new unless another file of this load wrote
// it already (a task in two projects, identical in both).
func (l *loader) writeFresh(ctx context.Context, k *kind, path string, rec *record, h string) error {
	s, err := l.stmt(ctx, k.main.insert+" ON CONFLICT (gid) DO NOTHING")
	if err != nil {
		return err
	}
	res, err := s.ExecContext(ctx, rec.row...)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		// Written by another file of this load: the same object unless
		// the two lines differ, and then the later one wins, as it does
		// in an incremental load.
		if err := l.writeAgain(ctx, k, rec, h); err != nil {
			return err
		}
	} else {
		if err := l.insertChildren(ctx, k, rec); err != nil {
			return err
		}
		l.st.Inserted++
	}
	return l.exec(ctx, "INSERT INTO "+rowsTable+" (path, gid, hash) VALUES (?, ?, ?)", path, rec.gid, h)
}

// writeAgain handles an object a fresh load meets a second time.
func (l *loader) writeAgain(ctx context.Context, k *kind, rec *record, h string) error {
	var n int
	q := l.db.Rebind("SELECT COUNT(*) FROM " + rowsTable + " WHERE gid = ? AND hash = ?")
	if err := l.tx.QueryRowContext(ctx, q, rec.gid, h).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		l.st.Kept++
		return nil
	}
	if err := l.deleteChildren(ctx, k, rec.gid); err != nil {
		return err
	}
	return l.upsert(ctx, k, rec)
}

// upsert writes an object's main row (replacing one with its gid) and its
// child rows.
func (l *loader) upsert(ctx context.Context, k *kind, rec *record) error {
	if err := l.exec(ctx, k.main.upsert, rec.row...); err != nil {
		return err
	}
	return l.insertChildren(ctx, k, rec)
}

// insertChildren writes an object's child rows.
func (l *loader) insertChildren(ctx context.Context, k *kind, rec *record) error {
	for i, rows := range rec.children {
		q := k.children[i].insert
		for _, r := range rows {
			if len(r) != len(k.children[i].cols) {
				continue
			}
			if err := l.exec(ctx, q, r...); err != nil {
				return err
			}
		}
	}
	return nil
}

func (l *loader) deleteChildren(ctx context.Context, k *kind, gid string) error {
	for _, c := range k.children {
		if err := l.exec(ctx, "DELETE FROM "+c.name+" WHERE "+c.cols[0]+" = ?", gid); err != nil {
			return err
		}
	}
	return nil
}

func (l *loader) deleteObject(ctx context.Context, k *kind, gid string) error {
	if err := l.deleteChildren(ctx, k, gid); err != nil {
		return err
	}
	return l.exec(ctx, "DELETE FROM "+k.main.name+" WHERE gid = ?", gid)
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

func insertSQL(t table) string {
	return "INSERT INTO " + t.name + " (" + strings.Join(t.cols, ", ") + ") VALUES (" + placeholders(len(t.cols)) + ")"
}

// upsertSQL inserts a main row or, when its gid is there, updates it
// (the same statement on SQLite and PostgreSQL).
func upsertSQL(t table) string {
	set := make([]string, 0, len(t.cols)-1)
	for _, c := range t.cols[1:] {
		set = append(set, c+" = excluded."+c)
	}
	return insertSQL(t) + " ON CONFLICT (gid) DO UPDATE SET " + strings.Join(set, ", ")
}
