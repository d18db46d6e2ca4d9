package sqlload

import (
	"context"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"hash/crc32"
	"strconv"
	"strings"
)

// An incremental load compares each line of a changed file with what the
// file held at the last load. Two things keep that cheap:
//
//   - lineHash is 64 bits of two hardware CRCs (Castagnoli and IEEE)
//     rather than a cryptographic hash: it detects change, it does not
//     authenticate (the whole file's SHA-256 is checked against the
//     manifest). Two different lines of one file, or a line and its
//     previous version, share a value by accident with odds near 2^-64.
//   - fileLinesTable keeps, per loaded file, its lines' hashes and gids
//     in one value, so a changed file's previous lines are one read
//     rather than a row each from rowsTable (which still maps each gid
//     to the files holding it). A database loaded before this table
//     existed is read from rowsTable once.
const fileLinesTable = "sqlload_file_lines"

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// lineHash is the hash kept for each loaded line, stored as 16 hex
// digits (formatLineHash).
func lineHash(line []byte) uint64 {
	return uint64(crc32.Checksum(line, castagnoli))<<32 | uint64(crc32.ChecksumIEEE(line))
}

func formatLineHash(h uint64) string {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], h)
	return hex.EncodeToString(b[:])
}

// parseLineHash reads formatLineHash's digits; an earlier loader's
// hashes (32 digits) are not read.
func parseLineHash(s string) (uint64, bool) {
	if len(s) != 16 {
		return 0, false
	}
	h, err := strconv.ParseUint(s, 16, 64)
	return h, err == nil
}

// lineRef is one line of a loaded file: its hash and its object's gid.
type lineRef struct {
	hash uint64
	gid  string
}

// previousLines returns the lines the file path had loaded, by hash.
func (l *loader) previousLines(ctx context.Context, path string) (map[uint64]string, error) {
	var enc string
	err := l.tx.QueryRowContext(ctx, l.db.Rebind("SELECT lines FROM "+fileLinesTable+" WHERE path = ?"), path).Scan(&enc)
	if errors.Is(err, sql.ErrNoRows) {
		return l.fileRows(ctx, path)
	}
	if err != nil {
		return nil, err
	}
	out := make(map[uint64]string, strings.Count(enc, "\n"))
	for rest := enc; rest != ""; {
		var line string
		line, rest, _ = strings.Cut(rest, "\n")
		h, gid, ok := strings.Cut(line, " ")
		key, hok := parseLineHash(h)
		if !ok || !hok || gid == "" {
			return l.fileRows(ctx, path) // not written by this loader: the rows hold the truth
		}
		out[key] = gid
	}
	return out, nil
}

// keepLines records the lines a file holds after its load, or none
// (nil) for a file gone.
func (l *loader) keepLines(ctx context.Context, path string, lines []lineRef, gone bool) error {
	if err := l.exec(ctx, "DELETE FROM "+fileLinesTable+" WHERE path = ?", path); err != nil || gone {
		return err
	}
	var b strings.Builder
	b.Grow(len(lines) * 36)
	var hx [16]byte
	for _, r := range lines {
		var raw [8]byte
		binary.BigEndian.PutUint64(raw[:], r.hash)
		hex.Encode(hx[:], raw[:])
		b.Write(hx[:])
		b.WriteByte(' ')
		b.WriteString(r.gid)
		b.WriteByte('\n')
	}
	return l.exec(ctx, "INSERT INTO "+fileLinesTable+" (path, lines) VALUES (?, ?)", path, b.String())
}
