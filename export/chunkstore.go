package export

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"io/fs"
	"os"
	"strings"
)

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
	refs, err := readIndex(r.base, rel+chunksSuffix)
	if err != nil {
		return known
	}
	for _, c := range refs {
		known[c.sha] = c
	}
	return known
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
