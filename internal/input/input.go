// Package input reads the files that decide what a tool does (directories,
// member lists, policies, token files) the same way everywhere: never past
// a size limit (an error, not a silent cut that looks like the end of the
// file), without a leading UTF-8 byte order mark (Notepad and PowerShell
// write one), and only from regular files (a named pipe or a device would
// block or never end).
package input

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// bom is the UTF-8 byte order mark.
const bom = "\ufeff"

// TooLargeError reports input past its size limit.
type TooLargeError struct {
	// Name is the file's path; empty for a reader.
	Name string
	// Limit is the limit in bytes.
	Limit int64
}

// Error formats as "people.csv is larger than 64 MiB", or without a name
// "larger than 64 MiB" (for a caller that names the input itself).
func (e *TooLargeError) Error() string {
	msg := "larger than " + size(e.Limit)
	if e.Name != "" {
		msg = e.Name + " is " + msg
	}
	return msg
}

// size renders a limit in the largest unit that divides it.
func size(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// NewReader returns a reader of r without a leading byte order mark that
// yields at most limit bytes (the mark not counted) and then, if r has
// more, fails with a *TooLargeError instead of io.EOF.
func NewReader(r io.Reader, limit int64) io.Reader {
	return &reader{r: bufio.NewReader(r), left: limit, limit: limit}
}

type reader struct {
	r           *bufio.Reader
	left, limit int64
	started     bool
}

func (l *reader) Read(p []byte) (int, error) {
	if !l.started {
		l.started = true
		if head, _ := l.r.Peek(len(bom)); string(head) == bom {
			_, _ = l.r.Discard(len(bom))
		}
	}
	if len(p) == 0 {
		return 0, nil
	}
	if l.left <= 0 {
		// At the limit: one more byte means the input is too large.
		if _, err := l.r.Peek(1); err != nil {
			return 0, err
		}
		return 0, &TooLargeError{Limit: l.limit}
	}
	if int64(len(p)) > l.left {
		p = p[:l.left]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	return n, err
}

// Open opens the regular file at path for reading. Anything else (a named
// pipe, a device, a directory) is refused, without blocking: the file is
// opened non-blocking where the system has that, and checked after the
// open, so that it cannot be swapped between a check and the open.
// Symbolic links are followed (mounted secrets are often links).
func Open(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|openFlags, 0)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if !st.Mode().IsRegular() {
		f.Close()
		return nil, fmt.Errorf("%s is not a regular file (%s)", path, Describe(st.Mode()))
	}
	return f, nil
}

// Describe names the type of a file mode for errors: "a regular file", "a
// symbolic link", "a named pipe", ...
func Describe(m fs.FileMode) string {
	switch {
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m.IsRegular():
		return "a regular file"
	}
	return "a special file"
}

// ReadFile reads the regular file at path (see Open) through NewReader:
// without a leading byte order mark, and a *TooLargeError naming the file
// when it holds more than limit bytes.
func ReadFile(path string, limit int64) ([]byte, error) {
	f, err := Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var buf bytes.Buffer
	if st, err := f.Stat(); err == nil && st.Size() <= limit {
		buf.Grow(int(st.Size()) + bytes.MinRead) // room for the read that sees EOF
	}
	if _, err := buf.ReadFrom(NewReader(f, limit)); err != nil {
		if tl, ok := err.(*TooLargeError); ok {
			tl.Name = path
		}
		return nil, err
	}
	return buf.Bytes(), nil
}

// TrimBOM returns data without a leading byte order mark.
func TrimBOM(data []byte) []byte { return bytes.TrimPrefix(data, []byte(bom)) }
