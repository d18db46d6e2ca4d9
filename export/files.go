package export

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"
	"sort"
)

// atomicFile is a file written under a temporary name and renamed into
// place by Commit, so that a reader (or a resumed run) never sees half of
// it. Abort, or a process that dies first, leaves only the temporary file,
// which the next attempt truncates.
type atomicFile struct {
	f    *os.File
	path string
	w    *bufio.Writer
	done bool
}

func createAtomic(path string) (*atomicFile, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path+".tmp", os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return nil, err
	}
	return &atomicFile{f: f, path: path, w: bufio.NewWriterSize(f, 64<<10)}, nil
}

func (a *atomicFile) Write(p []byte) (int, error) { return a.w.Write(p) }

// Commit flushes, syncs and renames the file into place.
func (a *atomicFile) Commit() error {
	if a.done {
		return errors.New("export: file already closed")
	}
	a.done = true
	err := a.w.Flush()
	if err == nil {
		err = a.f.Sync()
	}
	if cerr := a.f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(a.path+".tmp", a.path)
	}
	if err != nil {
		_ = os.Remove(a.path + ".tmp")
		return err
	}
	syncDir(filepath.Dir(a.path))
	return nil
}

// syncDir makes a rename in dir durable before the checkpoint records it,
// so that a power cut cannot keep the record and lose the file. Best
// effort: some systems cannot sync a directory, and SIGKILL needs no sync.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
}

// Abort drops the file; it is a no-op after Commit.
func (a *atomicFile) Abort() {
	if a.done {
		return
	}
	a.done = true
	_ = a.f.Close()
	_ = os.Remove(a.path + ".tmp")
}

// close closes the temporary file and keeps it, for a checkpoint that
// points into it.
func (a *atomicFile) close() {
	if a.done {
		return
	}
	a.done = true
	_ = a.f.Close()
}

// writeFileAtomic writes data to path through a temporary file.
func writeFileAtomic(path string, data []byte) error {
	f, err := createAtomic(path)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Abort()
		return err
	}
	return f.Commit()
}

// FileInfo describes one data file of a snapshot in its manifest.
type FileInfo struct {
	// Path is relative to the snapshot directory, with forward slashes.
	Path string `json:"path"`
	// Kind is the kind of object the file holds ("tasks", "users", ...).
	Kind string `json:"kind"`
	// Count is the number of objects (lines).
	Count int64 `json:"count"`
	// Bytes is the size of the file.
	Bytes int64 `json:"bytes"`
	// SHA256 is the hex SHA-256 of the file's content.
	SHA256 string `json:"sha256"`
}

// jsonlWriter writes one canonical JSON object per line to an atomic file,
// counting lines and hashing as it goes.
type jsonlWriter struct {
	info FileInfo
	f    *atomicFile
	h    hash.Hash
	buf  bytes.Buffer
}

func newJSONL(dir, rel, kind string) (*jsonlWriter, error) {
	f, err := createAtomic(filepath.Join(dir, filepath.FromSlash(rel)))
	if err != nil {
		return nil, err
	}
	return &jsonlWriter{info: FileInfo{Path: rel, Kind: kind}, f: f, h: sha256.New()}, nil
}

// resumeJSONL reopens the temporary file of a checkpointed writer, cut
// back to the checkpoint.
func resumeJSONL(dir, kind string, pf partFile) (*jsonlWriter, error) {
	path := filepath.Join(dir, filepath.FromSlash(pf.Path))
	f, err := os.OpenFile(path+".tmp", os.O_RDWR, 0)
	if err != nil {
		return nil, err
	}
	h := sha256.New()
	err = h.(encoding.BinaryUnmarshaler).UnmarshalBinary(pf.Hash)
	if err == nil {
		err = f.Truncate(pf.Bytes)
	}
	if err == nil {
		_, err = f.Seek(pf.Bytes, io.SeekStart)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return &jsonlWriter{info: FileInfo{Path: pf.Path, Kind: kind, Count: pf.Count, Bytes: pf.Bytes}, h: h,
		f: &atomicFile{f: f, path: path, w: bufio.NewWriterSize(f, 64<<10)}}, nil
}

// checkpoint makes what was written so far durable and returns the state
// to resume from.
func (w *jsonlWriter) checkpoint() (partFile, error) {
	if err := w.f.w.Flush(); err != nil {
		return partFile{}, err
	}
	if err := w.f.f.Sync(); err != nil {
		return partFile{}, err
	}
	h, err := w.h.(encoding.BinaryMarshaler).MarshalBinary()
	return partFile{Path: w.info.Path, Count: w.info.Count, Bytes: w.info.Bytes, Hash: h}, err
}

// writeRaw writes an API object in canonical form.
func (w *jsonlWriter) writeRaw(raw []byte) error {
	w.buf.Reset()
	if err := canonical(&w.buf, raw); err != nil {
		return err
	}
	return w.writeLine(w.buf.Bytes())
}

// writeAll writes API objects in canonical form.
func (w *jsonlWriter) writeAll(items []json.RawMessage) error {
	for _, it := range items {
		if err := w.writeRaw(it); err != nil {
			return err
		}
	}
	return nil
}

// writeLine writes a line that is already canonical (one copied from a
// previous snapshot), with its trailing newline.
func (w *jsonlWriter) writeLine(line []byte) error {
	if _, err := w.f.Write(line); err != nil {
		return err
	}
	w.h.Write(line)
	w.info.Count++
	w.info.Bytes += int64(len(line))
	return nil
}

func (w *jsonlWriter) commit() (FileInfo, error) {
	w.info.SHA256 = hex.EncodeToString(w.h.Sum(nil))
	return w.info, w.f.Commit()
}

func (w *jsonlWriter) abort() { w.f.Abort() }

// canonical writes raw, a JSON object, with sorted keys at every level,
// numbers exactly as received and no insignificant space, then a newline:
// the same data always gives the same bytes, whatever order the server
// put the fields in.
func canonical(buf *bytes.Buffer, raw []byte) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return fmt.Errorf("export: decoding object: %w", err)
	}
	if _, ok := v.(map[string]any); !ok {
		return fmt.Errorf("export: expected a JSON object, got %.40s", raw)
	}
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	return enc.Encode(v) // maps encode with sorted keys; Encode adds the newline
}

// hashFile recomputes a file's line count, size and SHA-256.
func hashFile(path string) (FileInfo, error) {
	f, err := os.Open(path)
	if err != nil {
		return FileInfo{}, err
	}
	defer f.Close()
	h := sha256.New()
	var info FileInfo
	r := bufio.NewReaderSize(f, 64<<10)
	for {
		line, err := r.ReadSlice('\n')
		if len(line) > 0 {
			h.Write(line)
			info.Bytes += int64(len(line))
			if line[len(line)-1] == '\n' {
				info.Count++
			}
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return FileInfo{}, err
		}
	}
	info.SHA256 = hex.EncodeToString(h.Sum(nil))
	return info, nil
}

func sortFiles(files []FileInfo) {
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
}
