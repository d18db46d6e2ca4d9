package export

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/base64"
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
// content-defined chunks and replaced by its index, <path>.chunks, one
// "<sha256> <bytes> <pack> <offset>" line per chunk (the SHA-256 in
// base64url); an index of
// 2*indexChunk bytes or more is stored the same way in turn, as
// <path>.chunks.chunks. A chunk's bytes are in a pack file,
// chunks/<sequence>.pack (the snapshot's sequence number, short because
// every index line names it), where each run appends the chunks that are
// new; a chunk that the base's index of the same file has already stays
// where it is, and the base's pack is hard linked into the snapshot's
// chunks/, so an edited record costs the snapshot its chunk and one chunk
// of the index, and a snapshot has a few names in chunks/ (one a pack),
// not one per chunk. Each snapshot stays complete on its own: pruning one
// only drops its names, and the file system keeps a pack as long as a
// snapshot links it. A pack is kept whole while any snapshot links it,
// chunks no kept snapshot uses included (there is no repacking). Readers
// go through openData, which yields a file's logical bytes whichever way
// it is stored and checks each chunk's SHA-256 as it reads it. The format
// version is unchanged: no released reader of version 1 predates chunks.

const (
	chunksDir    = "chunks"
	chunksSuffix = ".chunks"
	// packSuffix ends a pack's name: chunks/<snapshot name>.pack.
	packSuffix = ".pack"
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
	// maxIndexLevels bounds the indexes of indexes a reader follows: at
	// three, an edited record rewrites a chunk at each level and a top
	// index of a few lines.
	maxIndexLevels = 3
	// minChunkedFile: smaller files stay plain (hard linked whole when
	// unchanged): what changes day to day is in the large project files,
	// and a small file whole is one name where chunks would be several.
	minChunkedFile = 16 << 10
	// maxChunkBytes bounds a chunk read back: 8 targets plus the line
	// that crossed it.
	maxChunkBytes = 8*max(targetChunk, indexChunk) + maxLineBytes
	// maxPackBytes bounds a pack, and an offset read from an index.
	maxPackBytes = 1 << 50
)

var (
	// chunkNameRE: a chunk is named by its SHA-256 in unpadded base64url,
	// 43 characters (hex would make every index line a third longer).
	chunkNameRE = regexp.MustCompile(`^[0-9A-Za-z_-]{42}[AEIMQUYcgkosw048]$`)
	// packNameRE: an index names a pack by a plain file name, never a
	// path.
	packNameRE = regexp.MustCompile(`^[0-9A-Za-z][0-9A-Za-z_-]{0,79}\.pack$`)
)

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
	for _, p := range append([]string{rel}, indexNames(rel)...) {
		if _, err := snap.Lstat(p); err == nil {
			return true
		}
	}
	return false
}

// indexNames returns the names an index of the data file rel may have:
// rel.chunks, rel.chunks.chunks, ... up to maxIndexLevels.
func indexNames(rel string) []string {
	names := make([]string, maxIndexLevels)
	for i := range names {
		rel += chunksSuffix
		names[i] = rel
	}
	return names
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
		if !seen[c.pack] {
			seen[c.pack] = true
			names = append(names, chunksDir+"/"+c.pack)
		}
	}
	dir, err := openDir(snap, chunksDir, false)
	if err != nil {
		return nil, nil, err
	}
	return &chunkedFile{name: rel, dir: dir, refs: refs, total: total, cached: -1, packs: map[string]*os.File{}}, names, nil
}

// chunkName is the name of the chunk data: its SHA-256, base64url.
func chunkName(data []byte) string {
	sum := sha256.Sum256(data)
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// chunkRef is one line of an index: the chunk's SHA-256 and size, where
// its bytes are (pack, at) and where they go in the file (off).
type chunkRef struct {
	sha       string
	off, size int64
	pack      string
	at        int64
}

// line is the index line of c.
func (c chunkRef) line() string { return fmt.Sprintf("%s %d %s %d\n", c.sha, c.size, c.pack, c.at) }

// parseChunkIndex reads an index: every line a chunk's SHA-256, size,
// pack and offset in the pack.
func parseChunkIndex(b []byte) ([]chunkRef, int64, error) {
	var refs []chunkRef
	var total int64
	for n, line := range strings.SplitAfter(string(b), "\n") {
		if line == "" {
			break
		}
		f := strings.Split(strings.TrimSuffix(line, "\n"), " ")
		if len(f) != 4 || !strings.HasSuffix(line, "\n") || !chunkNameRE.MatchString(f[0]) || !packNameRE.MatchString(f[2]) {
			return nil, 0, fmt.Errorf("line %d is not a chunk's sha256, size, pack and offset", n+1)
		}
		sz, err := decimal(f[1])
		at, aerr := decimal(f[3])
		if err != nil || aerr != nil || sz < 1 || sz > maxChunkBytes || at < 0 || at > maxPackBytes-sz {
			return nil, 0, fmt.Errorf("line %d: chunk size %q or offset %q out of range", n+1, f[1], f[3])
		}
		refs = append(refs, chunkRef{sha: f[0], off: total, size: sz, pack: f[2], at: at})
		total += sz
	}
	return refs, total, nil
}

// decimal parses a number as an index writes it: digits, no sign, no
// leading zero, so that one index has one spelling.
func decimal(s string) (int64, error) {
	n, err := strconv.ParseInt(s, 10, 64)
	if err == nil && strconv.FormatInt(n, 10) != s {
		err = fmt.Errorf("%q is not a plain decimal number", s)
	}
	return n, err
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
	packs  map[string]*os.File // opened as needed
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
	f := c.packs[ref.pack]
	if f == nil {
		var err error
		if f, _, err = openFile(c.dir, ref.pack, os.O_RDONLY); err != nil {
			return err
		}
		c.packs[ref.pack] = f
	}
	buf := c.data[:0]
	if int64(cap(buf)) < ref.size {
		buf = make([]byte, ref.size)
	}
	buf = buf[:ref.size]
	if _, err := f.ReadAt(buf, ref.at); err != nil {
		if errors.Is(err, io.EOF) {
			err = errors.New("the pack ends before it")
		}
		return fmt.Errorf("export: chunk %s at %d of %s: %w", ref.sha, ref.at, ref.pack, err)
	}
	if got := chunkName(buf); got != ref.sha {
		return fmt.Errorf("export: chunk %s at %d of %s is damaged (its sha256 is %s)", ref.sha, ref.at, ref.pack, got)
	}
	c.data, c.cached = buf, i
	return nil
}

func (c *chunkedFile) Close() error {
	for _, f := range c.packs {
		f.Close()
	}
	return c.dir.Close()
}

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
// its index: each chunk is where the base's index of rel has it already,
// or appended to the run's pack. The pack is synced before the index that
// names its chunks is renamed into place, and the plain file goes last: a
// run stopped anywhere leaves a file that reads the same, and doing it
// again is harmless (what a stopped attempt appended and no index names
// stays in the pack, unread).
func (r *run) storeChunked(rel string, target int, p *packWriter) error {
	f, _, err := openPath(r.snap, rel, os.O_RDONLY)
	if errors.Is(err, fs.ErrNotExist) {
		return nil // stored already
	}
	if err != nil {
		return err
	}
	defer f.Close()
	known := r.baseChunks(rel) // by SHA-256; this file's own added as written
	var index, chunk bytes.Buffer
	flush := func() error {
		sha := chunkName(chunk.Bytes())
		ref, ok := known[sha]
		if ok && ref.size == int64(chunk.Len()) && p.link(ref) {
			r.sharedBytes.Add(ref.size)
		} else {
			at, err := p.append(chunk.Bytes())
			if err != nil {
				return err
			}
			ref = chunkRef{sha: sha, size: int64(chunk.Len()), pack: p.name, at: at}
			known[sha] = ref
		}
		index.WriteString(ref.line())
		chunk.Reset()
		return nil
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
	if err := p.sync(); err != nil {
		return err
	}
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

// baseChunks returns the chunks of the base's index of rel by SHA-256:
// those an unchanged part of rel can keep. A base without rel, or whose
// index does not read, gives none.
func (r *run) baseChunks(rel string) map[string]chunkRef {
	known := map[string]chunkRef{}
	if r.base == nil {
		return known
	}
	df, _, err := openData(r.base, rel+chunksSuffix)
	if err != nil {
		return known
	}
	defer df.Close()
	b, err := io.ReadAll(io.LimitReader(df, maxManifestBytes+1))
	if err != nil || len(b) > maxManifestBytes {
		return known
	}
	refs, _, err := parseChunkIndex(b)
	if err != nil {
		return known
	}
	for _, c := range refs {
		known[c.sha] = c
	}
	return known
}

// packWriter appends the run's new chunks to its pack and links the
// base's packs that the snapshot's indexes name into its chunks/.
type packWriter struct {
	r     *run
	dir   *os.Root // the snapshot's chunks/
	name  string   // the run's pack
	f     *os.File // opened at the first new chunk
	size  int64
	dirty bool // appended since the last sync
	// sizes holds the packs present in chunks/ (the run's own once
	// opened) with their sizes; failed, those of the base that could
	// not be linked.
	sizes  map[string]int64
	failed map[string]bool
}

func (r *run) newPackWriter() (*packWriter, error) {
	dir, err := openDir(r.snap, chunksDir, true)
	if err != nil {
		return nil, err
	}
	seq, _, _ := strings.Cut(r.name, "-")
	return &packWriter{r: r, dir: dir, name: seq + packSuffix, sizes: map[string]int64{}, failed: map[string]bool{}}, nil
}

// append writes a new chunk at the end of the run's pack and returns
// where. A pack a stopped attempt left is appended to after what it has.
func (p *packWriter) append(data []byte) (int64, error) {
	if p.f == nil {
		f, fi, err := openFile(p.dir, p.name, os.O_RDWR)
		if errors.Is(err, fs.ErrNotExist) {
			f, err = createExclusive(p.dir, p.name)
			fi = nil
		}
		if err != nil {
			return 0, err
		}
		p.f = f
		if fi != nil {
			p.size = fi.Size()
		}
	}
	if p.size+int64(len(data)) > maxPackBytes {
		return 0, fmt.Errorf("export: pack %s would pass %d bytes", p.name, int64(maxPackBytes))
	}
	if _, err := p.f.WriteAt(data, p.size); err != nil {
		return 0, err
	}
	at := p.size
	p.size += int64(len(data))
	p.sizes[p.name] = p.size
	p.dirty = true
	return at, nil
}

// sync makes the chunks appended so far durable, before an index names
// them.
func (p *packWriter) sync() error {
	if !p.dirty {
		return nil
	}
	p.dirty = false
	if err := p.f.Sync(); err != nil {
		return err
	}
	syncDir(p.dir)
	return nil
}

// link makes the base's chunk ref readable from the snapshot: its pack
// hard linked into chunks/ (once), and reports whether it is. The base's
// pack must be a regular file that holds the chunk's range and is not
// named as the run's own; the whole snapshot is read back and checked
// before it is declared complete, so a damaged base chunk fails the run.
func (p *packWriter) link(ref chunkRef) bool {
	if ref.pack == p.name || p.failed[ref.pack] {
		return false
	}
	size, ok := p.sizes[ref.pack]
	if !ok {
		r := p.r
		bfi, err := r.base.Lstat(chunksDir + "/" + ref.pack)
		if err != nil || !bfi.Mode().IsRegular() {
			p.failed[ref.pack] = true
			return false
		}
		if fi, err := p.dir.Lstat(ref.pack); err == nil && os.SameFile(fi, bfi) {
			// Linked already, by a stopped attempt.
		} else if err := p.dir.Remove(ref.pack); err != nil && !errors.Is(err, fs.ErrNotExist) ||
			r.root.Link(r.st.Base+"/"+chunksDir+"/"+ref.pack, r.name+"/"+chunksDir+"/"+ref.pack) != nil {
			p.failed[ref.pack] = true
			return false
		}
		size = bfi.Size()
		p.sizes[ref.pack] = size
	}
	return ref.at+ref.size <= size
}

func (p *packWriter) close() error {
	var err error
	if p.f != nil {
		err = p.sync()
		if cerr := p.f.Close(); err == nil {
			err = cerr
		}
	}
	p.dir.Close()
	return err
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

// storeFiles stores the run's large data files as chunks, then removes
// the chunks no index names (left by an earlier, stopped attempt).
func (r *run) storeFiles(files []FileInfo) error {
	chunking := !r.b.WholeFiles && !r.b.NoSharing
	var p *packWriter
	defer func() {
		if p != nil {
			p.close()
		}
	}()
	for _, f := range files {
		if !chunking || f.Bytes < minChunkedFile || f.Kind == blobKind || strings.HasPrefix(f.Path, attachmentFilesDir+"/") {
			// Stays plain; an index an earlier attempt made of it goes,
			// once the plain file is there to read.
			if _, err := r.snap.Lstat(f.Path); err == nil {
				for _, idx := range indexNames(f.Path) {
					if err := r.snap.Remove(idx); err != nil && !errors.Is(err, fs.ErrNotExist) {
						return err
					}
				}
			}
			continue
		}
		if p == nil {
			var err error
			if p, err = r.newPackWriter(); err != nil {
				return err
			}
		}
		if err := r.storeChunked(f.Path, targetChunk, p); err != nil {
			return fmt.Errorf("export: storing %s as chunks: %w", f.Path, err)
		}
		// A large index is stored as chunks in turn, up to the levels a
		// reader follows (after a stop, it may be so already).
		for _, idx := range indexNames(f.Path)[:maxIndexLevels-1] {
			fi, err := r.snap.Lstat(idx)
			if err != nil || fi.Size() < 2*indexChunk {
				break
			}
			if err := r.storeChunked(idx, indexChunk, p); err != nil {
				return fmt.Errorf("export: storing %s as chunks: %w", idx, err)
			}
		}
	}
	if p != nil {
		err := p.close()
		p = nil
		if err != nil {
			return err
		}
	}
	return r.dropUnreferencedChunks(files)
}

// dropUnreferencedChunks removes the files of chunks/ that no index of
// files names: packs a stopped attempt linked or began, and anything
// else.
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
			if pack, ok := strings.CutPrefix(n, chunksDir+"/"); ok {
				used[pack] = true
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
