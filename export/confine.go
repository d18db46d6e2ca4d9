package export

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"regexp"
	"strings"

	"github.com/asanakit/asana-go/internal/input"
)

// Everything a backup, a restore or a download writes, renames or removes
// goes through an *os.Root opened on its directory, so that no name, from
// the server or from a file, reaches outside it; and through the helpers
// below, which never follow a symbolic link and never open anything but a
// directory or a regular file.

// maxGIDLen bounds a gid; Asana's are 16 to 19 digits.
const maxGIDLen = 64

// checkGID returns an error unless gid is an Asana gid: decimal digits.
// Every gid that becomes part of a file name or a request path passes
// here first, whether it came from the server, a snapshot or a journal.
func checkGID(kind, gid string) error {
	if gid != "" && len(gid) <= maxGIDLen && strings.Trim(gid, "0123456789") == "" {
		return nil
	}
	return fmt.Errorf("export: %s gid %.40q is not an Asana gid (decimal digits)", kind, gid)
}

// snapshotNameRE matches the names snapshotName makes.
var snapshotNameRE = regexp.MustCompile(`^[0-9]{6,12}-[0-9]{8}T[0-9]{6}Z$`)

// isSnapshotName reports whether name is a snapshot directory's name;
// nothing else in a backup directory is ever read as one, or pruned.
func isSnapshotName(name string) bool { return snapshotNameRE.MatchString(name) }

// Bounds on what is read from a backup directory, so that a planted or
// damaged file is an error rather than a process out of memory.
const (
	maxLineBytes     = 16 << 20  // one object of a JSONL file, a checkpoint or journal line
	maxManifestBytes = 256 << 20 // a manifest lists about 4 files per project
	maxStateBytes    = 1 << 20
)

// checkName refuses anything but one plain path component.
func checkName(name string) error {
	if name == "" || name == "." || name == ".." || strings.ContainsAny(name, `/\`+"\x00") {
		return fmt.Errorf("export: %.60q is not a file name", name)
	}
	return nil
}

// openDir opens the directory rel (slash-separated, "" for root itself)
// below root one component at a time, refusing a component that is a
// symbolic link or not a directory: nothing below it is reached through
// a link, even one that stays inside root. create makes missing ones.
func openDir(root *os.Root, rel string, create bool) (*os.Root, error) {
	d, err := root.OpenRoot(".")
	if err != nil {
		return nil, err
	}
	if rel == "" {
		return d, nil
	}
	for _, name := range strings.Split(rel, "/") {
		next, err := openSubdir(d, name, create)
		d.Close()
		if err != nil {
			return nil, err
		}
		d = next
	}
	return d, nil
}

func openSubdir(d *os.Root, name string, create bool) (*os.Root, error) {
	if err := checkName(name); err != nil {
		return nil, err
	}
	fi, err := d.Lstat(name)
	if create && errors.Is(err, fs.ErrNotExist) {
		if err = d.Mkdir(name, 0o755); err == nil || errors.Is(err, fs.ErrExist) {
			fi, err = d.Lstat(name)
		}
	}
	if err != nil {
		return nil, err
	}
	full := d.Name() + string(os.PathSeparator) + name
	if !fi.IsDir() {
		return nil, fmt.Errorf("export: %s is %s, not a directory", full, input.Describe(fi.Mode()))
	}
	sub, err := d.OpenRoot(name)
	if err != nil {
		return nil, err
	}
	if got, err := sub.Stat("."); err != nil || !os.SameFile(fi, got) {
		sub.Close()
		return nil, fmt.Errorf("export: %s was replaced while it was opened", full)
	}
	return sub, nil
}

// openParent opens the directory of rel and returns it with rel's last
// component.
func openParent(root *os.Root, rel string, create bool) (*os.Root, string, error) {
	dir, name := path.Split(rel)
	if err := checkName(name); err != nil {
		return nil, "", err
	}
	d, err := openDir(root, strings.TrimSuffix(dir, "/"), create)
	return d, name, err
}

// openFile opens the regular file name of dir with flag (no O_CREATE),
// refusing a symbolic link and anything that is not a regular file: a
// named pipe would block the open, a device would never end.
func openFile(dir *os.Root, name string, flag int) (*os.File, fs.FileInfo, error) {
	fi, err := dir.Lstat(name)
	if err != nil {
		return nil, nil, err
	}
	full := dir.Name() + string(os.PathSeparator) + name
	if !fi.Mode().IsRegular() {
		return nil, nil, fmt.Errorf("export: %s is %s, not a regular file", full, input.Describe(fi.Mode()))
	}
	// Non-blocking, so that a file swapped for a pipe after the Lstat
	// cannot hang the open; it changes nothing for a regular file.
	f, err := dir.OpenFile(name, flag|openNonblock, 0)
	if err != nil {
		return nil, nil, err
	}
	got, err := f.Stat()
	if err == nil && !os.SameFile(fi, got) {
		err = fmt.Errorf("export: %s was replaced while it was opened", full)
	}
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return f, got, nil
}

// openPath is openFile for a slash-separated path below root.
func openPath(root *os.Root, rel string, flag int) (*os.File, fs.FileInfo, error) {
	d, name, err := openParent(root, rel, false)
	if err != nil {
		return nil, nil, err
	}
	defer d.Close()
	return openFile(d, name, flag)
}

// createExclusive creates name in dir afresh, after removing whatever had
// the name (a link is removed, never followed).
func createExclusive(dir *os.Root, name string) (*os.File, error) {
	if err := dir.Remove(name); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	return dir.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
}

// readFile reads the regular file rel below root, at most limit bytes.
func readFile(root *os.Root, rel string, limit int64) ([]byte, error) {
	f, fi, err := openPath(root, rel, os.O_RDONLY)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi.Size() > limit {
		return nil, fmt.Errorf("export: %s: %d bytes, more than the %d allowed", rel, fi.Size(), limit)
	}
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err == nil && int64(len(b)) > limit {
		err = fmt.Errorf("export: %s: more than the %d bytes allowed", rel, limit)
	}
	return b, err
}

// errTornLine is a last line without its newline: the tail of a log cut
// short by a crash, or a damaged data file.
var errTornLine = errors.New("export: last line has no newline")

// lineReader reads the lines of a JSONL file with their offsets, none
// longer than maxLineBytes.
type lineReader struct {
	r   *bufio.Reader
	off int64
}

func newLineReader(r io.Reader) *lineReader {
	return &lineReader{r: bufio.NewReaderSize(r, 64<<10)}
}

// next returns the next line with its newline, and its offset; io.EOF at
// the end, errTornLine (with the fragment) for a last line without one.
func (lr *lineReader) next() ([]byte, int64, error) {
	off := lr.off
	var line []byte
	for {
		frag, err := lr.r.ReadSlice('\n')
		if len(line)+len(frag) > maxLineBytes {
			return nil, off, fmt.Errorf("export: line at byte %d is longer than %d bytes", off, maxLineBytes)
		}
		line = append(line, frag...)
		lr.off += int64(len(frag))
		switch {
		case err == bufio.ErrBufferFull:
			continue
		case err == io.EOF && len(line) > 0:
			return line, off, errTornLine
		case err != nil:
			return nil, off, err
		}
		return line, off, nil
	}
}
