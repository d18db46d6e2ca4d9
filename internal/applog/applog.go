// Package applog is the module's one append-only log: JSON lines, each
// written whole and synced before Append returns, with one rule for a
// crash in the middle of a write.
//
// The rule: records are the complete lines, each ended by a newline. A
// last line without its newline is a torn tail, the remains of a write a
// crash cut short; it is no record (its write was never confirmed, so
// whoever wrote it must check again what it said), and Open cuts it off
// before the next Append, so that a new record never joins it. What a
// complete line that does not decode means is the reader's to say: fn
// returns an error to refuse the log, or nil to skip the line.
//
// The backup checkpoint (export), the restore journal (export) and the
// apply journal (serviceaccounts) are such logs.
package applog

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
)

// DefaultMaxLine bounds a line when Read or Open is given no bound.
const DefaultMaxLine = 16 << 20

// Read calls fn with every complete line of r, newline included, and
// returns the number of bytes those lines take: where a torn tail, if
// any, begins. A line longer than maxLine (DefaultMaxLine if not
// positive) is an error, as is any error of fn.
func Read(r io.Reader, maxLine int, fn func(line []byte) error) (int64, error) {
	if maxLine <= 0 {
		maxLine = DefaultMaxLine
	}
	br := bufio.NewReaderSize(r, 64<<10)
	var good int64
	var line []byte
	for n := 1; ; {
		frag, err := br.ReadSlice('\n')
		if len(line)+len(frag) > maxLine {
			return good, fmt.Errorf("applog: line %d is longer than %d bytes", n, maxLine)
		}
		line = append(line, frag...)
		switch {
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF):
			return good, nil // line, if not empty, is a torn tail
		case err != nil:
			return good, fmt.Errorf("applog: %w", err)
		}
		if err := fn(line); err != nil {
			return good, err
		}
		good += int64(len(line))
		line = line[:0]
		n++
	}
}

// Log appends records to a file. Its methods may be called from several
// goroutines.
type Log struct {
	mu sync.Mutex
	f  *os.File
}

// Open reads the log f (opened for reading and writing by the caller, who
// decides where and with which permissions) with Read, cuts a torn tail
// off, and returns the Log that appends to it. It takes f over: Close
// closes it, and so does a failed Open.
func Open(f *os.File, maxLine int, fn func(line []byte) error) (*Log, error) {
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		f.Close()
		return nil, fmt.Errorf("applog: %w", err)
	}
	good, err := Read(f, maxLine, fn)
	if err != nil {
		f.Close()
		return nil, err
	}
	st, err := f.Stat()
	if err == nil && st.Size() > good {
		err = f.Truncate(good)
	}
	if err == nil {
		_, err = f.Seek(good, io.SeekStart)
	}
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("applog: %w", err)
	}
	return &Log{f: f}, nil
}

// Append writes v as one JSON line and syncs the file (where the file
// can be synced) before it returns.
func (l *Log) Append(v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, err := l.f.Write(append(b, '\n')); err != nil {
		return fmt.Errorf("applog: %w", err)
	}
	if err := l.f.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		return fmt.Errorf("applog: %w", err)
	}
	return nil
}

// Close closes the file.
func (l *Log) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.f.Close()
}
