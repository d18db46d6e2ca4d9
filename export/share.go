package export

import (
	"errors"
	"io/fs"
	"os"
	"strings"
)

// Snapshots share unchanged files. When an incremental run has written a
// data file that holds exactly the bytes of the base snapshot's file of
// the same path (same size and SHA-256 in the base's manifest), the new
// file is replaced by a hard link to the base's, so that a file every
// snapshot has in common is stored once. Each snapshot still lists and
// checksums every file in its own manifest, and Verify reads each one
// whole; pruning a snapshot only drops its names, so the snapshots left
// keep their data. Sharing is best effort: where the file system cannot
// link, the copy stays.

// shareSuffix names the temporary link made before it replaces the new
// file. It is not a writer's temporary name (".jsonl.tmp"): a resumed run
// never reopens it for appending, so that a crash between the link and
// the rename cannot make a later run write into the base's file.
const shareSuffix = ".share.tmp"

// baseFileInfo returns the base manifest's record of rel.
func (r *run) baseFileInfo(rel string) (FileInfo, bool) {
	r.baseOnce.Do(func() {
		if r.base == nil {
			return
		}
		m, err := readManifest(r.base)
		if err != nil {
			return // a base without a readable manifest shares nothing
		}
		r.baseFiles = make(map[string]FileInfo, len(m.Files))
		for _, f := range m.Files {
			r.baseFiles[f.Path] = f
		}
		r.baseSkips = m.Skipped
	})
	f, ok := r.baseFiles[rel]
	return f, ok
}

// baseSkipped returns what the base manifest records as left out of kind
// (nil when it left nothing out, or has no readable manifest; a caller
// has found a file of the base with baseFileInfo first).
func (r *run) baseSkipped(kind string) []Skipped {
	r.baseFileInfo("")
	var out []Skipped
	for _, s := range r.baseSkips {
		if s.Kind == kind {
			out = append(out, s)
		}
	}
	return out
}

// shareFile replaces the snapshot's file info.Path, just committed, by a
// hard link to the base snapshot's file when they hold the same bytes.
func (r *run) shareFile(info FileInfo) error {
	if r.base == nil || r.b.NoSharing || info.Bytes == 0 || strings.HasSuffix(info.Path, ".tmp") {
		return nil
	}
	bi, ok := r.baseFileInfo(info.Path)
	if !ok || bi.Bytes != info.Bytes || bi.SHA256 != info.SHA256 {
		return nil
	}
	// The base's directories are opened one component at a time, no
	// links followed, and its file must be a regular file of the size its
	// manifest says; its bytes were verified when the run began, and the
	// whole snapshot is read back against its manifest before it is
	// declared complete, so a base altered since fails the run instead of
	// passing its damage on.
	dir, name, err := openParent(r.base, info.Path, false)
	if err != nil {
		return nil
	}
	fi, err := dir.Lstat(name)
	dir.Close()
	if err != nil || !fi.Mode().IsRegular() || fi.Size() != bi.Bytes {
		return nil
	}
	if already, err := r.snap.Lstat(info.Path); err == nil && sameFile(already, fi) {
		return nil
	}
	tmp := r.name + "/" + info.Path + shareSuffix
	if err := r.root.Remove(tmp); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if err := r.root.Link(r.st.Base+"/"+info.Path, tmp); err != nil {
		return nil // no hard links here: keep the copy
	}
	if err := r.root.Rename(tmp, r.name+"/"+info.Path); err != nil {
		_ = r.root.Remove(tmp)
		return err
	}
	r.sharedBytes.Add(info.Bytes)
	return nil
}

// shareFiles is shareFile for each of files.
func (r *run) shareFiles(files []FileInfo) error {
	for _, f := range files {
		if err := r.shareFile(f); err != nil {
			return err
		}
	}
	return nil
}

func sameFile(a, b fs.FileInfo) bool { return a != nil && b != nil && os.SameFile(a, b) }
