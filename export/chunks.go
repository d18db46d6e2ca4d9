package export

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"io/fs"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Snapshots share unchanged data below the file level. When a run ends
// without Backup.WholeFiles or NoSharing (the default), every data file of
// at least minChunkedFile bytes is split at line boundaries into
// content-defined chunks, stored once by SHA-256 under chunks/<sha256> in
// the snapshot directory, and the file itself is replaced by its index,
// <path>.chunks, one "<sha256> <bytes>" line per chunk; an index of
// 2*indexChunk bytes or more is stored the same way in turn, as
// <path>.chunks.chunks. A chunk (or an index) the base snapshot holds
// already is hard linked from there, so an edited record costs the
// snapshot only its chunk and one chunk of the index. Each snapshot stays
// complete on its own: pruning one only drops its names, and the file
// system keeps a chunk as long as a snapshot links it. Readers go through
// openData, which yields a file's logical bytes whichever way it is stored
// and checks each chunk's SHA-256 as it reads it. The format version is
// unchanged: no released reader of version 1 predates chunks.

const (
	chunksDir    = "chunks"
	chunksSuffix = ".chunks"
	// chunkTmpSuffix names a chunk being written.
	chunkTmpSuffix = ".chunk.tmp"
	// targetChunk is the average chunk size of a data file; a chunk
	// ends after a line with a probability proportional to the line's
	// length, once it has a quarter of the target, and always once it
	// has 8 times the target. 1 KiB (about one task record) measured
	// best of 8, 4, 2, 1.5 and 1 KiB (BENCHMARKS.md): an edited record
	// costs its chunk, and smaller chunks cost more index and names.
	targetChunk = 1 << 10
	// indexChunk is the average chunk size of an index of at least
	// 2*indexChunk bytes, itself stored as chunks (<path>.chunks.chunks):
	// an edited record then rewrites one chunk of its index, not all of it.
	indexChunk = 512
	// maxIndexLevels bounds the indexes of indexes a reader follows.
	maxIndexLevels = 2
	// minChunkedFile: smaller files stay plain (hard linked whole when
	// unchanged): what changes day to day is in the large project files,
	// and a small file whole is one name where chunks would be several.
	minChunkedFile = 16 << 10
	// maxChunkBytes bounds a chunk read back: 8 targets plus the line
	// that crossed it.
	maxChunkBytes = 8*max(targetChunk, indexChunk) + maxLineBytes
)

var chunkNameRE = regexp.MustCompile(`^[0-9a-f]{64}$`)

// dataFile is a snapshot data file opened for reading: sequentially and
// at offsets of its logical bytes.
type dataFile interface {
	io.Reader
	io.ReaderAt
	io.Closer
	Name() string
}

// OpenDataFile opens the data file rel (a manifest path) of the snapshot
// directory snap and yields its logical bytes, whether it is stored
// plain or as chunks; a damaged chunk is an error when it is read. No
// symbolic link is followed and only regular files are opened.
func OpenDataFile(snap *os.Root, rel string) (io.ReadCloser, error) {
	f, _, err := openData(snap, rel)
	if err != nil {
		return nil, err
	}
	return f, nil
}

// dataExists reports whether the data file rel is below snap, in either
// form.
func dataExists(snap *os.Root, rel string) bool {
	for _, p := range []string{rel, rel + chunksSuffix} {
		if _, err := snap.Lstat(p); err == nil {
			return true
		}
	}
	return false
}

// openData opens the data file rel below snap and returns the physical
// files it is made of (relative to snap). A plain file wins over an index
// of the same name (a run stopped between writing one and removing the
// other).
func openData(snap *os.Root, rel string) (dataFile, []string, error) {
	return openLevel(snap, rel, maxIndexLevels)
}

// openLevel is openData where the index, if any, may itself be stored as
// chunks, up to levels deep.
func openLevel(snap *os.Root, rel string, levels int) (dataFile, []string, error) {
	f, _, err := openPath(snap, rel, os.O_RDONLY)
	if err == nil {
		return f, []string{rel}, nil
	}
	if !errors.Is(err, fs.ErrNotExist) || levels == 0 {
		return nil, nil, err
	}
	idxFile, names, ierr := openLevel(snap, rel+chunksSuffix, levels-1)
	if errors.Is(ierr, fs.ErrNotExist) {
		return nil, nil, err // the plain file's error: missing
	}
	if ierr != nil {
		return nil, nil, ierr
	}
	idx, ierr := io.ReadAll(io.LimitReader(idxFile, maxManifestBytes+1))
	idxFile.Close()
	if ierr == nil && len(idx) > maxManifestBytes {
		ierr = fmt.Errorf("more than the %d bytes allowed", maxManifestBytes)
	}
	if ierr != nil {
		return nil, nil, fmt.Errorf("export: %s%s: %w", rel, chunksSuffix, ierr)
	}
	refs, total, err := parseChunkIndex(idx)
	if err != nil {
		return nil, nil, fmt.Errorf("export: %s%s: %w", rel, chunksSuffix, err)
	}
	seen := map[string]bool{}
	for _, c := range refs {
		if !seen[c.sha] {
			seen[c.sha] = true
			names = append(names, chunksDir+"/"+c.sha)
		}
	}
	dir, err := openDir(snap, chunksDir, false)
	if err != nil {
		return nil, nil, err
	}
	return &chunkedFile{name: rel, dir: dir, refs: refs, total: total, cached: -1}, names, nil
}

type chunkRef struct {
	sha       string
	off, size int64
}

// parseChunkIndex reads an index: every line a chunk's SHA-256 and size.
func parseChunkIndex(b []byte) ([]chunkRef, int64, error) {
	var refs []chunkRef
	var total int64
	for n, line := range strings.SplitAfter(string(b), "\n") {
		if line == "" {
			break
		}
		sha, size, ok := strings.Cut(strings.TrimSuffix(line, "\n"), " ")
		sz, err := strconv.ParseInt(size, 10, 64)
		if !ok || !strings.HasSuffix(line, "\n") || !chunkNameRE.MatchString(sha) || err != nil || sz < 1 || sz > maxChunkBytes {
			return nil, 0, fmt.Errorf("line %d is not a chunk's sha256 and size", n+1)
		}
		refs = append(refs, chunkRef{sha: sha, off: total, size: sz})
		total += sz
	}
	return refs, total, nil
}

// chunkedFile reads the chunks of an index, each checked against its
// SHA-256 and size before any of its bytes is returned.
type chunkedFile struct {
	name  string
	dir   *os.Root
	refs  []chunkRef
	total int64

	mu     sync.Mutex
	pos    int64
	cached int
	data   []byte
}

func (c *chunkedFile) Read(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	n, err := c.readAt(p, c.pos)
	c.pos += int64(n)
	if n > 0 && err == io.EOF {
		err = nil
	}
	return n, err
}

func (c *chunkedFile) ReadAt(p []byte, off int64) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.readAt(p, off)
}

func (c *chunkedFile) readAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, errors.New("export: negative offset")
	}
	n := 0
	for n < len(p) {
		if off >= c.total {
			return n, io.EOF
		}
		i := sort.Search(len(c.refs), func(i int) bool { return c.refs[i].off+c.refs[i].size > off })
		if err := c.load(i); err != nil {
			return n, err
		}
		k := copy(p[n:], c.data[off-c.refs[i].off:])
		n += k
		off += int64(k)
	}
	return n, nil
}

// load reads chunk i whole and checks it.
func (c *chunkedFile) load(i int) error {
	if c.cached == i {
		return nil
	}
	ref := c.refs[i]
	f, fi, err := openFile(c.dir, ref.sha, os.O_RDONLY)
	if err != nil {
		return err
	}
	defer f.Close()
	if fi.Size() != ref.size {
		return fmt.Errorf("export: chunk %s: %d bytes, index says %d", ref.sha, fi.Size(), ref.size)
	}
	buf := c.data[:0]
	if int64(cap(buf)) < ref.size {
		buf = make([]byte, ref.size)
	}
	buf = buf[:ref.size]
	if _, err := io.ReadFull(f, buf); err != nil {
		return fmt.Errorf("export: chunk %s: %w", ref.sha, err)
	}
	if sum := sha256.Sum256(buf); hex.EncodeToString(sum[:]) != ref.sha {
		return fmt.Errorf("export: chunk %s is damaged (sha256 %x)", ref.sha, sum)
	}
	c.data, c.cached = buf, i
	return nil
}

func (c *chunkedFile) Close() error { return c.dir.Close() }

// Name is the data file's path in its snapshot.
func (c *chunkedFile) Name() string { return c.name }

// chunkEnds reports whether a chunk of size bytes ends after line: the
// decision depends on the line's content only (and the size so far), so
// an edited record moves no boundary but its own chunk's.
func chunkEnds(line []byte, size, target int) bool {
	if size >= 8*target {
		return true
	}
	if size < target/4 {
		return false
	}
	h := fnv.New64a()
	h.Write(line)
	// End with probability len(line)/target: chunks average about
	// target bytes whatever the lines' sizes.
	return h.Sum64()>>32 < uint64(len(line))*(1<<32)/uint64(target)
}

// storeChunked replaces the plain data file rel of the run's snapshot by
// chunks and an index. Each chunk is written whole (temporary name,
// synced, renamed) or hard linked from the base before the index that
// names it is renamed into place, and the plain file goes last: a run
// stopped anywhere leaves a file that reads the same, and doing it again
// is harmless.
func (r *run) storeChunked(rel string, target int, have map[string]bool) error {
	f, _, err := openPath(r.snap, rel, os.O_RDONLY)
	if errors.Is(err, fs.ErrNotExist) {
		return nil // stored already
	}
	if err != nil {
		return err
	}
	defer f.Close()
	chunks, err := openDir(r.snap, chunksDir, true)
	if err != nil {
		return err
	}
	defer chunks.Close()
	var index, chunk bytes.Buffer
	flush := func() error {
		sum := sha256.Sum256(chunk.Bytes())
		sha := hex.EncodeToString(sum[:])
		fmt.Fprintf(&index, "%s %d\n", sha, chunk.Len())
		err := r.putChunk(chunks, sha, chunk.Bytes(), have)
		chunk.Reset()
		return err
	}
	br := bufio.NewReaderSize(f, 64<<10)
	for {
		line, err := br.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			chunk.Write(line)
			continue
		}
		chunk.Write(line)
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		if chunkEnds(line, chunk.Len(), target) {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if chunk.Len() > 0 {
		if err := flush(); err != nil {
			return err
		}
	}
	syncDir(chunks)
	if !r.linkSameIndex(rel+chunksSuffix, index.Bytes()) {
		if err := writeFileAtomic(r.snap, rel+chunksSuffix, index.Bytes()); err != nil {
			return err
		}
	}
	f.Close()
	dir, name, err := openParent(r.snap, rel, false)
	if err != nil {
		return err
	}
	defer dir.Close()
	return dir.Remove(name)
}

// linkSameIndex hard links the base's index rel into the snapshot when
// it holds exactly index (an unchanged file), and reports whether it did.
// The base's file is read no link followed, only if regular and of the
// size; the snapshot is read back whole before it is declared complete.
func (r *run) linkSameIndex(rel string, index []byte) bool {
	if r.base == nil {
		return false
	}
	old, err := readFile(r.base, rel, int64(len(index)))
	if err != nil || !bytes.Equal(old, index) {
		return false
	}
	tmp := r.name + "/" + rel + shareSuffix
	if err := r.root.Remove(tmp); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return false
	}
	if r.root.Link(r.st.Base+"/"+rel, tmp) != nil {
		return false
	}
	if r.root.Rename(tmp, r.name+"/"+rel) != nil {
		_ = r.root.Remove(tmp)
		return false
	}
	r.sharedBytes.Add(int64(len(index)))
	return true
}

// putChunk makes sure chunks/<sha> of the snapshot holds data: there
// already (this run's, checked with the snapshot before the manifest is
// written), linked from the base's chunk of that name, or written afresh.
func (r *run) putChunk(chunks *os.Root, sha string, data []byte, have map[string]bool) error {
	if have[sha] {
		return nil
	}
	if fi, err := chunks.Lstat(sha); err == nil && fi.Mode().IsRegular() && fi.Size() == int64(len(data)) {
		have[sha] = true
		return nil
	}
	if err := chunks.Remove(sha); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if r.base != nil {
		// Like shareFile: the base's chunk must be a regular file of the
		// size; the whole snapshot is read back and checked before it is
		// declared complete, so a damaged base chunk fails the run.
		if bd, err := openDir(r.base, chunksDir, false); err == nil {
			fi, err := bd.Lstat(sha)
			bd.Close()
			if err == nil && fi.Mode().IsRegular() && fi.Size() == int64(len(data)) &&
				r.root.Link(r.st.Base+"/"+chunksDir+"/"+sha, r.name+"/"+chunksDir+"/"+sha) == nil {
				have[sha] = true
				r.sharedBytes.Add(int64(len(data)))
				return nil
			}
		}
	}
	tmp, err := createExclusive(chunks, sha+chunkTmpSuffix)
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = chunks.Rename(sha+chunkTmpSuffix, sha)
	}
	if err != nil {
		_ = chunks.Remove(sha + chunkTmpSuffix)
		return err
	}
	have[sha] = true
	return nil
}

// storeFiles stores the run's large data files as chunks, then removes
// the chunks no index names (left by an earlier, stopped attempt).
func (r *run) storeFiles(files []FileInfo) error {
	chunking := !r.b.WholeFiles && !r.b.NoSharing
	have := map[string]bool{}
	for _, f := range files {
		if !chunking || f.Bytes < minChunkedFile || f.Kind == blobKind || strings.HasPrefix(f.Path, attachmentFilesDir+"/") {
			// Stays plain; an index an earlier attempt made of it goes,
			// once the plain file is there to read.
			if _, err := r.snap.Lstat(f.Path); err == nil {
				for _, idx := range []string{f.Path + chunksSuffix, f.Path + chunksSuffix + chunksSuffix} {
					if err := r.snap.Remove(idx); err != nil && !errors.Is(err, fs.ErrNotExist) {
						return err
					}
				}
			}
			continue
		}
		if err := r.storeChunked(f.Path, targetChunk, have); err != nil {
			return fmt.Errorf("export: storing %s as chunks: %w", f.Path, err)
		}
		// A large index is stored as chunks in turn (after a stop, it may
		// be so already).
		idx := f.Path + chunksSuffix
		if fi, err := r.snap.Lstat(idx); err == nil && fi.Size() >= 2*indexChunk {
			if err := r.storeChunked(idx, indexChunk, have); err != nil {
				return fmt.Errorf("export: storing %s as chunks: %w", idx, err)
			}
		}
	}
	return r.dropUnreferencedChunks(files)
}

// dropUnreferencedChunks removes the files of chunks/ that no index of
// files names.
func (r *run) dropUnreferencedChunks(files []FileInfo) error {
	chunks, err := openDir(r.snap, chunksDir, false)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	defer chunks.Close()
	used := map[string]bool{}
	for _, f := range files {
		df, names, err := openData(r.snap, f.Path)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return err
		}
		df.Close()
		for _, n := range names {
			if sha, ok := strings.CutPrefix(n, chunksDir+"/"); ok {
				used[sha] = true
			}
		}
	}
	d, err := chunks.Open(".")
	if err != nil {
		return err
	}
	entries, err := d.ReadDir(-1)
	d.Close()
	if err != nil {
		return err
	}
	for _, e := range entries {
		if !used[e.Name()] {
			if err := chunks.Remove(e.Name()); err != nil {
				return err
			}
		}
	}
	if len(used) == 0 {
		return r.snap.Remove(chunksDir)
	}
	return nil
}
