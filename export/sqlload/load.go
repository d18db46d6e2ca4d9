package sqlload

import (
	"bufio"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/asanakit/asana-go/export"
)

// Limits on what a snapshot may hold, as in package export.
const (
	maxLine     = 16 << 20
	maxManifest = 256 << 20
)

// Stats says what a load did.
type Stats struct {
	// Snapshot is the base name of the snapshot directory loaded.
	Snapshot string
	// Files counts the manifest's data files of the kinds loaded
	// (SkippedKinds has the others); UnchangedFiles those skipped
	// because the database already held them (same SHA-256), Removed
	// those loaded before and gone from this snapshot.
	Files, UnchangedFiles, RemovedFiles int
	// Inserted, Updated and Deleted count objects; Kept counts the lines
	// of changed files that were already in the database as they are.
	Inserted, Updated, Deleted, Kept int64
	// SkippedKinds counts the objects of kinds the loader does not know.
	SkippedKinds map[string]int64
}

// ErrOtherOrganization reports a snapshot of another organization than
// the one the database holds.
var ErrOtherOrganization = errors.New("sqlload: the database holds another organization")

// Load loads the snapshot directory dir (one made by export.Backup) into
// the database, creating the schema first if need be. It is
// incremental: a file whose SHA-256 the database already holds is not
// read, and in a changed file only the objects whose line changed are
// written; objects gone from the snapshot are deleted. It is atomic: the
// whole load is one transaction, so a reader sees the previous snapshot
// until it commits, then this one, never a mixture; a failed load changes
// nothing.
//
// The snapshot is untrusted input: the manifest's paths must stay inside
// dir, only regular files are read, every line is bounded, and each file
// read must match the manifest's SHA-256, or the load fails and is rolled
// back.
func (db *DB) Load(ctx context.Context, dir string) (*Stats, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	m, err := readManifest(root)
	if err != nil {
		return nil, fmt.Errorf("sqlload: %s: %w", dir, err)
	}
	st := &Stats{Snapshot: filepath.Base(filepath.Clean(dir)), SkippedKinds: map[string]int64{}}

	tx, err := db.SQL.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	if err := initTx(ctx, tx); err != nil {
		return nil, err
	}
	l := &loader{db: db, tx: tx, st: st}
	defer l.close()
	if err := l.checkOrganization(ctx, m.Organization); err != nil {
		return nil, err
	}
	loaded, err := l.loadedFiles(ctx)
	if err != nil {
		return nil, err
	}
	l.fresh = len(loaded) == 0
	for _, f := range m.Files {
		k := kindByName(f.Kind)
		if k == nil {
			st.SkippedKinds[f.Kind] += f.Count
			continue
		}
		st.Files++
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		old, had := loaded[f.Path]
		delete(loaded, f.Path)
		if had && old.sha == f.SHA256 && old.kind == f.Kind {
			st.UnchangedFiles++
			continue
		}
		if had && old.kind != f.Kind {
			if err := l.loadFile(ctx, kindByName(old.kind), old.path, nil, ""); err != nil {
				return nil, err
			}
		}
		if err := l.loadFile(ctx, k, f.Path, root, f.SHA256); err != nil {
			return nil, fmt.Errorf("sqlload: %s: %w", f.Path, err)
		}
		if db.afterFile != nil {
			db.afterFile(f.Path)
		}
	}
	gone := make([]string, 0, len(loaded))
	for p := range loaded {
		gone = append(gone, p)
	}
	sort.Strings(gone)
	for _, p := range gone {
		if err := l.loadFile(ctx, kindByName(loaded[p].kind), p, nil, ""); err != nil {
			return nil, err
		}
		st.RemovedFiles++
	}
	meta := map[string]string{"organization": m.Organization, "snapshot": st.Snapshot,
		"sequence": strconv.Itoa(m.Sequence), "started_at": m.StartedAt.UTC().Format("2006-01-02T15:04:05.000Z"),
		"format": strconv.Itoa(m.Format)}
	for k, v := range meta {
		if err := l.exec(ctx, "DELETE FROM "+metaTable+" WHERE key = ?", k); err != nil {
			return nil, err
		}
		if err := l.exec(ctx, "INSERT INTO "+metaTable+" (key, value) VALUES (?, ?)", k, v); err != nil {
			return nil, err
		}
	}
	l.close()
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	return st, nil
}

// readManifest reads and checks a snapshot's manifest.
func readManifest(root *os.Root) (*export.Manifest, error) {
	f, err := openRegular(root, export.ManifestFile)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var m export.Manifest
	if err := json.NewDecoder(io.LimitReader(f, maxManifest)).Decode(&m); err != nil {
		return nil, fmt.Errorf("%s: %w", export.ManifestFile, err)
	}
	if m.Format != export.FormatVersion {
		return nil, fmt.Errorf("%s: format %d, this loader reads %d", export.ManifestFile, m.Format, export.FormatVersion)
	}
	seen := map[string]bool{}
	for _, fi := range m.Files {
		if len(fi.Path) > 1024 || !fs.ValidPath(fi.Path) || fi.Path == "." || strings.Contains(fi.Path, `\`) ||
			fi.Path == export.ManifestFile || seen[fi.Path] || len(fi.SHA256) != 64 {
			return nil, fmt.Errorf("%s: %.100q is not a data file of the snapshot", export.ManifestFile, fi.Path)
		}
		seen[fi.Path] = true
	}
	return &m, nil
}

// openRegular opens rel below root for reading if it is a regular file
// and no component of it is a symbolic link.
func openRegular(root *os.Root, rel string) (*os.File, error) {
	parts := strings.Split(rel, "/")
	for i := range parts {
		fi, err := root.Lstat(strings.Join(parts[:i+1], "/"))
		if err != nil {
			return nil, err
		}
		last := i == len(parts)-1
		if (!last && !fi.IsDir()) || (last && !fi.Mode().IsRegular()) {
			return nil, fmt.Errorf("%s: not a regular file", rel)
		}
	}
	f, err := root.Open(rel)
	if err != nil {
		return nil, err
	}
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		f.Close()
		return nil, fmt.Errorf("%s: not a regular file", rel)
	}
	return f, nil
}

// loadedFile is a file the database holds.
type loadedFile struct{ path, kind, sha string }

// loader is one load's transaction and its prepared statements.
type loader struct {
	db    *DB
	tx    *sql.Tx
	st    *Stats
	stmts map[string]*sql.Stmt
	// fresh is set when the database held no snapshot: every object is
	// new (writeFresh).
	fresh bool
}

func (l *loader) close() {
	for _, s := range l.stmts {
		s.Close()
	}
	l.stmts = nil
}

// stmt prepares a statement once per load.
func (l *loader) stmt(ctx context.Context, q string) (*sql.Stmt, error) {
	if s, ok := l.stmts[q]; ok {
		return s, nil
	}
	s, err := l.tx.PrepareContext(ctx, l.db.Rebind(q))
	if err != nil {
		return nil, err
	}
	if l.stmts == nil {
		l.stmts = map[string]*sql.Stmt{}
	}
	l.stmts[q] = s
	return s, nil
}

func (l *loader) exec(ctx context.Context, q string, args ...any) error {
	s, err := l.stmt(ctx, q)
	if err == nil {
		_, err = s.ExecContext(ctx, args...)
	}
	return err
}

func (l *loader) checkOrganization(ctx context.Context, org string) error {
	var have string
	err := l.tx.QueryRowContext(ctx, l.db.Rebind("SELECT value FROM "+metaTable+" WHERE key = ?"), "organization").Scan(&have)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	if have != org {
		return fmt.Errorf("%w (%s), not %.40q", ErrOtherOrganization, have, org)
	}
	return nil
}

func (l *loader) loadedFiles(ctx context.Context) (map[string]loadedFile, error) {
	rows, err := l.tx.QueryContext(ctx, "SELECT path, kind, sha256 FROM "+filesTable)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]loadedFile{}
	for rows.Next() {
		var f loadedFile
		if err := rows.Scan(&f.path, &f.kind, &f.sha); err != nil {
			return nil, err
		}
		out[f.path] = f
	}
	return out, rows.Err()
}

// loadFile brings the rows of the file path of kind k in line with its
// content in root (which must have the SHA-256 sum), or, with a nil
// root, removes what the file had loaded. A kind the loader no longer
// knows (k nil) only drops the file's bookkeeping.
func (l *loader) loadFile(ctx context.Context, k *kind, path string, root *os.Root, sum string) error {
	old, err := l.previousLines(ctx, path) // hash → gid
	if err != nil {
		return err
	}
	seen := make(map[string]bool, len(old))
	var lines []lineRef
	if root != nil {
		f, err := export.OpenDataFile(root, path)
		if err != nil {
			return err
		}
		h := sha256.New()
		br := bufio.NewReaderSize(io.TeeReader(f, h), 256<<10)
		lines, err = l.readLines(ctx, k, path, br, old, seen)
		if err == nil {
			_, err = io.Copy(io.Discard, br)
		}
		f.Close()
		if err != nil {
			return err
		}
		if got := hex.EncodeToString(h.Sum(nil)); got != sum {
			return fmt.Errorf("sha256 %s, manifest says %s", got, sum)
		}
	}
	for _, gid := range old {
		if seen[gid] {
			continue
		}
		if err := l.exec(ctx, "DELETE FROM "+rowsTable+" WHERE path = ? AND gid = ?", path, gid); err != nil {
			return err
		}
		if k == nil {
			continue
		}
		var n int
		if err := l.tx.QueryRowContext(ctx, l.db.Rebind("SELECT COUNT(*) FROM "+rowsTable+" WHERE gid = ?"), gid).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			if err := l.deleteObject(ctx, k, gid); err != nil {
				return err
			}
			l.st.Deleted++
		}
	}
	if err := l.keepLines(ctx, path, lines, root == nil); err != nil {
		return err
	}
	if err := l.exec(ctx, "DELETE FROM "+filesTable+" WHERE path = ?", path); err != nil {
		return err
	}
	if root == nil {
		return nil
	}
	return l.exec(ctx, "INSERT INTO "+filesTable+" (path, kind, sha256) VALUES (?, ?, ?)", path, k.name, sum)
}

// fileRows returns the lines a file had loaded, by hash.
func (l *loader) fileRows(ctx context.Context, path string) (map[uint64]string, error) {
	s, err := l.stmt(ctx, "SELECT gid, hash FROM "+rowsTable+" WHERE path = ?")
	if err != nil {
		return nil, err
	}
	rows, err := s.QueryContext(ctx, path)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[uint64]string{}
	for rows.Next() {
		var gid, h string
		if err := rows.Scan(&gid, &h); err != nil {
			return nil, err
		}
		if key, ok := parseLineHash(h); ok { // else an earlier loader's: the line counts as changed
			out[key] = gid
		}
	}
	return out, rows.Err()
}

// readLines writes the objects of the lines of r whose hash the file did
// not hold before, marks every gid seen, and returns every line's hash
// and gid.
func (l *loader) readLines(ctx context.Context, k *kind, path string, r *bufio.Reader, old map[uint64]string, seen map[string]bool) ([]lineRef, error) {
	lines := make([]lineRef, 0, len(old))
	for n := 1; ; n++ {
		line, err := readLine(r)
		if err == io.EOF {
			return lines, nil
		}
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		h := lineHash(line)
		if gid, ok := old[h]; ok && !seen[gid] {
			seen[gid] = true
			l.st.Kept++
			lines = append(lines, lineRef{h, gid})
			continue
		}
		rec, err := k.decode(line)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		if err := checkRecord(k, rec); err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		if seen[rec.gid] {
			return nil, fmt.Errorf("line %d: %s %s twice in one file", n, k.name, rec.gid)
		}
		seen[rec.gid] = true
		if err := l.writeObject(ctx, k, path, rec, formatLineHash(h)); err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		lines = append(lines, lineRef{h, rec.gid})
	}
}

// readLine returns the next line without its newline, at most maxLine
// bytes.
func readLine(r *bufio.Reader) ([]byte, error) {
	var buf []byte
	for {
		chunk, err := r.ReadSlice('\n')
		if len(buf)+len(chunk) > maxLine+1 {
			return nil, fmt.Errorf("line longer than %d bytes", maxLine)
		}
		if err == bufio.ErrBufferFull {
			buf = append(buf, chunk...)
			continue
		}
		if err == io.EOF && len(chunk) == 0 && buf == nil {
			return nil, io.EOF
		}
		if err != nil && err != io.EOF {
			return nil, err
		}
		if buf != nil {
			chunk = append(buf, chunk...)
		}
		if n := len(chunk); n > 0 && chunk[n-1] == '\n' {
			chunk = chunk[:n-1]
		}
		return chunk, nil
	}
}

// checkRecord checks a decoded record has the shape of its kind's tables
// and a gid of digits.
func checkRecord(k *kind, r *record) error {
	if ok := isGID(r.gid); !ok && !k.pair || k.pair && !isPair(r.gid) {
		return fmt.Errorf("%s gid %.40q is not an Asana gid", k.name, r.gid)
	}
	if len(r.row) != len(k.main.cols) || (r.children != nil && len(r.children) != len(k.children)) {
		return fmt.Errorf("%s: record does not match its table", k.name)
	}
	return nil
}

// isPair reports whether s is two gids joined by ":" (a pair kind's key).
func isPair(s string) bool {
	a, b, ok := strings.Cut(s, ":")
	return ok && isGID(a) && isGID(b)
}

func isGID(s string) bool {
	if s == "" || len(s) > 40 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
