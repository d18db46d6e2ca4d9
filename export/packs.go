package export

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
)

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
	// opened) with their sizes; failed, those of the base that are not
	// linked: that could not be, or that are sparse (sparsePacks).
	sizes  map[string]int64
	failed map[string]bool
}

// repackBelow is the share of a base pack's bytes that the base must use
// for the run to link the pack again. The chunks it still needs of a
// sparser pack are copied into its own, so that once the snapshots that
// link the sparse pack are pruned, its superseded chunks are freed with
// it: what a backup directory holds stays within about twice what its
// kept snapshots use, at the cost of an occasional larger run.
var repackBelow = 0.5

func (r *run) newPackWriter() (*packWriter, error) {
	dir, err := openDir(r.snap, chunksDir, true)
	if err != nil {
		return nil, err
	}
	seq, _, _ := strings.Cut(r.name, "-")
	p := &packWriter{r: r, dir: dir, name: seq + packSuffix, sizes: map[string]int64{}, failed: r.sparsePacks()}
	return p, nil
}

// sparsePacks returns the base's packs that its indexes use less than
// repackBelow of (its own garbage, from stopped attempts, counts against
// a pack too). A base whose indexes do not all read gives none: the run
// then links what it can, as before.
func (r *run) sparsePacks() map[string]bool {
	sparse := map[string]bool{}
	if r.base == nil || r.b.WholeFiles || r.b.NoSharing {
		return sparse
	}
	r.baseFileInfo("")
	used := map[string]int64{}
	for path := range r.baseFiles {
		for _, idx := range indexNames(path) {
			if !dataExists(r.base, idx) {
				break
			}
			refs, err := readIndex(r.base, idx)
			if err != nil {
				return map[string]bool{}
			}
			for _, c := range refs {
				used[c.pack] += c.size
			}
		}
	}
	for pack, n := range used {
		if fi, err := r.base.Lstat(chunksDir + "/" + pack); err == nil && float64(n) < repackBelow*float64(fi.Size()) {
			sparse[pack] = true
		}
	}
	return sparse
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
