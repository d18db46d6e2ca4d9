package export

import (
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
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
	// maxOpenPacks bounds the packs a data file being read keeps open.
	maxOpenPacks = 4
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
	refs, total, names, ierr := readIndexLevel(snap, rel+chunksSuffix, levels-1)
	if errors.Is(ierr, fs.ErrNotExist) {
		return nil, nil, err // the plain file's error: missing
	}
	if ierr != nil {
		return nil, nil, ierr
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

// readIndex reads and parses idx below snap, the index of a data file
// (rel.chunks for rel), in whatever form it is stored.
func readIndex(snap *os.Root, idx string) ([]chunkRef, error) {
	refs, _, _, err := readIndexLevel(snap, idx, maxIndexLevels-1)
	return refs, err
}

// readIndexLevel reads and parses the index idx, itself stored plain or
// as chunks up to levels deep, and returns its chunks, the bytes they
// make, and the physical files idx was read from.
func readIndexLevel(snap *os.Root, idx string, levels int) ([]chunkRef, int64, []string, error) {
	df, names, err := openLevel(snap, idx, levels)
	if err != nil {
		return nil, 0, nil, err
	}
	defer df.Close()
	b, err := io.ReadAll(io.LimitReader(df, maxManifestBytes+1))
	if err == nil && len(b) > maxManifestBytes {
		err = fmt.Errorf("more than the %d bytes allowed", maxManifestBytes)
	}
	if err != nil {
		return nil, 0, nil, fmt.Errorf("export: %s: %w", idx, err)
	}
	refs, total, err := parseChunkIndex(b)
	if err != nil {
		return nil, 0, nil, fmt.Errorf("export: %s: %w", idx, err)
	}
	return refs, total, names, nil
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
		if len(c.packs) >= maxOpenPacks {
			// Files read at once (a restore's, a loader's) each hold
			// a few descriptors at most, however many packs they use.
			for name, f := range c.packs {
				f.Close()
				delete(c.packs, name)
			}
		}
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
