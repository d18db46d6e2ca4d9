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
	"sort"
)

// atomicFile is a file written under a temporary name and renamed into
// place by Commit, so that a reader (or a resumed run) never sees half of
// it. Abort, or a process that dies first, leaves only the temporary file,
// which the next attempt replaces. The file's directory is held open (it
// was opened without following links), and the temporary file is created
// afresh: whatever had its name, a planted link included, is removed
// first, never written through.
type atomicFile struct {
	dir  *os.Root
	name string
	f    *os.File
	w    *bufio.Writer
	done bool
}

// createAtomic starts the file rel (slash-separated) below root, making
// its directories.
func createAtomic(root *os.Root, rel string) (*atomicFile, error) {
	dir, name, err := openParent(root, rel, true)
	if err != nil {
		return nil, err
	}
	f, err := createExclusive(dir, name+".tmp")
	if err != nil {
		dir.Close()
		return nil, err
	}
	return newAtomicFile(dir, name, f), nil
}

func newAtomicFile(dir *os.Root, name string, f *os.File) *atomicFile {
	return &atomicFile{dir: dir, name: name, f: f, w: bufio.NewWriterSize(f, 64<<10)}
}

func (a *atomicFile) Write(p []byte) (int, error) { return a.w.Write(p) }

// Commit flushes, syncs and renames the file into place. A link that had
// the final name is replaced, not followed.
func (a *atomicFile) Commit() error {
	if a.done {
		return errors.New("export: file already closed")
	}
	a.done = true
	defer a.dir.Close()
	err := a.w.Flush()
	if err == nil {
		err = a.f.Sync()
	}
	if cerr := a.f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = a.dir.Rename(a.name+".tmp", a.name)
	}
	if err != nil {
		_ = a.dir.Remove(a.name + ".tmp")
		return err
	}
	syncDir(a.dir)
	return nil
}

// syncDir makes a rename in dir durable before the checkpoint records it,
// so that a power cut cannot keep the record and lose the file. Best
// effort: some systems cannot sync a directory, and SIGKILL needs no sync.
func syncDir(dir *os.Root) {
	if d, err := dir.Open("."); err == nil {
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
	_ = a.dir.Remove(a.name + ".tmp")
	_ = a.dir.Close()
}

// close closes the temporary file and keeps it, for a checkpoint that
// points into it.
func (a *atomicFile) close() {
	if a.done {
		return
	}
	a.done = true
	_ = a.f.Close()
	_ = a.dir.Close()
}

// writeFileAtomic writes data to rel below root through a temporary file.
func writeFileAtomic(root *os.Root, rel string, data []byte) error {
	f, err := createAtomic(root, rel)
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

func newJSONL(root *os.Root, rel, kind string) (*jsonlWriter, error) {
	f, err := createAtomic(root, rel)
	if err != nil {
		return nil, err
	}
	return &jsonlWriter{info: FileInfo{Path: rel, Kind: kind}, f: f, h: sha256.New()}, nil
}

// errTempChanged is a temporary file that no longer holds what its
// checkpoint says: its unit starts over.
var errTempChanged = errors.New("export: temporary file does not match its checkpoint")

// resumeJSONL reopens the temporary file of a checkpointed writer, cut
// back to the checkpoint, after checking that its first pf.Bytes bytes
// are still the lines the checkpoint counted and hashed: a file cut
// short or altered between two runs is errTempChanged, never extended
// or trusted.
func resumeJSONL(root *os.Root, rel, kind string, pf partFile) (*jsonlWriter, error) {
	if pf.Path != rel || pf.Bytes < 0 || pf.Count < 0 {
		return nil, fmt.Errorf("%w: %s", errTempChanged, rel)
	}
	saved := sha256.New()
	if err := saved.(encoding.BinaryUnmarshaler).UnmarshalBinary(pf.Hash); err != nil {
		return nil, fmt.Errorf("%w: %s: %v", errTempChanged, rel, err)
	}
	dir, name, err := openParent(root, rel, false)
	if err != nil {
		return nil, err
	}
	f, fi, err := openFile(dir, name+".tmp", os.O_RDWR)
	if err != nil {
		dir.Close()
		return nil, err
	}
	var got FileInfo
	var h hash.Hash
	if fi.Size() >= pf.Bytes {
		got, h, err = hashReader(io.NewSectionReader(f, 0, pf.Bytes))
	}
	if err == nil && (fi.Size() < pf.Bytes || got.Count != pf.Count || !bytes.Equal(h.Sum(nil), saved.Sum(nil))) {
		err = fmt.Errorf("%w: %s", errTempChanged, rel)
	}
	if err == nil {
		err = f.Truncate(pf.Bytes)
	}
	if err == nil {
		_, err = f.Seek(pf.Bytes, io.SeekStart)
	}
	if err != nil {
		f.Close()
		dir.Close()
		return nil, err
	}
	return &jsonlWriter{info: FileInfo{Path: rel, Kind: kind, Count: pf.Count, Bytes: pf.Bytes}, h: h,
		f: newAtomicFile(dir, name, f)}, nil
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

// hashReader computes the line count, size and SHA-256 of what r holds,
// and returns the hash so that a writer can go on from there.
func hashReader(r io.Reader) (FileInfo, hash.Hash, error) {
	h := sha256.New()
	var info FileInfo
	br := bufio.NewReaderSize(r, 64<<10)
	for {
		line, err := br.ReadSlice('\n')
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
			return FileInfo{}, nil, err
		}
	}
	info.SHA256 = hex.EncodeToString(h.Sum(nil))
	return info, h, nil
}

func sortFiles(files []FileInfo) {
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
}
