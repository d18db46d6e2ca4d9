package export

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/asanakit/asana-go/internal/applog"
)

// FormatVersion is the version of the snapshot layout written in every
// manifest.
const FormatVersion = 1

// Names of the files of a snapshot directory besides the data files.
const (
	ManifestFile   = "manifest.json"
	stateFile      = ".backup-state.json"
	checkpointFile = ".checkpoint.jsonl"
)

// Backup modes recorded in Manifest.Mode.
const (
	ModeFull        = "full"
	ModeIncremental = "incremental"
)

// Manifest describes a complete snapshot. It is written last, so a
// snapshot directory with a manifest is complete.
type Manifest struct {
	Format       int    `json:"format"`
	Organization string `json:"organization"`
	// Sequence numbers the snapshots of one backup directory, from 1.
	Sequence int `json:"sequence"`
	// Mode is ModeFull or ModeIncremental; Base names the snapshot an
	// incremental run merged with.
	Mode string `json:"mode"`
	Base string `json:"base,omitempty"`
	// StartedAt and FinishedAt are on the client's clock.
	StartedAt  time.Time `json:"started_at"`
	FinishedAt time.Time `json:"finished_at"`
	// ModifiedSince is where the next incremental run continues from:
	// the start of this run, less the allowance for clock skew.
	ModifiedSince time.Time `json:"modified_since"`
	// Counts totals the objects of each kind.
	Counts map[string]int64 `json:"counts"`
	// Files lists every data file, sorted by path.
	Files []FileInfo `json:"files"`
	// Skipped lists the projects the token could not read (403, or 404
	// when one vanished during the run); the run went on without them.
	Skipped []Skipped `json:"skipped,omitempty"`
}

// Skipped is a project left out of a snapshot, and why.
type Skipped struct {
	// Project is a project left out whole; or Kind names a kind of
	// backupKinds left out, for the organization or for its Parent.
	Project string `json:"project,omitempty"`
	Kind    string `json:"kind,omitempty"`
	Parent  string `json:"parent,omitempty"`
	Status  int    `json:"status"`
	Error   string `json:"error"`
}

// state is what a run decides when it starts, kept so that a resumed run
// decides the same.
type state struct {
	Format        int       `json:"format"`
	Organization  string    `json:"organization"`
	Sequence      int       `json:"sequence"`
	Mode          string    `json:"mode"`
	Base          string    `json:"base,omitempty"`
	StartedAt     time.Time `json:"started_at"`
	Since         time.Time `json:"since,omitzero"`
	ModifiedSince time.Time `json:"modified_since"`
}

// unitDone is one line of the checkpoint: a finished unit of work, or
// with Partial the progress of one under way. The last line of a unit wins.
type unitDone struct {
	Unit    string     `json:"unit"`
	Files   []FileInfo `json:"files,omitempty"`
	Skipped *Skipped   `json:"skipped,omitempty"`
	// Omitted are the lists of an optional kind out of reach.
	Omitted []Skipped `json:"omitted,omitempty"`
	Partial *partial  `json:"partial,omitempty"`
}

// partial is how far a project unit got: its files' temporary versions
// hold the pages before Next, and a resumed run continues there.
type partial struct {
	Next  string     `json:"next"`
	Files []partFile `json:"files"`
}

// partFile is the state of one temporary file at a checkpoint.
type partFile struct {
	Path  string `json:"path"`
	Count int64  `json:"count"`
	Bytes int64  `json:"bytes"`
	// Hash is the marshalled SHA-256 state of the first Bytes bytes.
	Hash []byte `json:"hash"`
}

// readCheckpoint reads the finished units of the snapshot snap. The
// checkpoint is an applog: a last line cut short by a crash is ignored
// (its unit simply runs again), and so is a line that does not decode.
// What the lines claim is checked later (checkDone, resumeJSONL) before
// anything is kept on their word.
func readCheckpoint(snap *os.Root) (map[string]unitDone, error) {
	f, _, err := openFile(snap, checkpointFile, os.O_RDONLY)
	if errors.Is(err, fs.ErrNotExist) {
		return map[string]unitDone{}, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	done := map[string]unitDone{}
	_, err = applog.Read(f, maxLineBytes, func(line []byte) error {
		var u unitDone
		if json.Unmarshal(line, &u) == nil && u.Unit != "" {
			done[u.Unit] = u
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("export: %s: %w", checkpointFile, err)
	}
	return done, nil
}

// checkpoint appends finished units to the checkpoint file, one synced
// line each (an applog.Log).
type checkpoint struct {
	log *applog.Log
}

// openCheckpoint opens the checkpoint of snap for appending, creating it
// or reopening the regular file there, with a torn last line cut off.
func openCheckpoint(snap *os.Root) (*checkpoint, error) {
	f, err := snap.OpenFile(checkpointFile, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		f, _, err = openFile(snap, checkpointFile, os.O_RDWR)
	}
	if err != nil {
		return nil, err
	}
	l, err := applog.Open(f, maxLineBytes, func([]byte) error { return nil })
	if err != nil {
		return nil, fmt.Errorf("export: %s: %w", checkpointFile, err)
	}
	return &checkpoint{log: l}, nil
}

func (c *checkpoint) add(u unitDone) error { return c.log.Append(u) }

func (c *checkpoint) close() error { return c.log.Close() }

// snapshotInfo is a snapshot directory found in a backup directory.
type snapshotInfo struct {
	name     string
	sequence int
	manifest *Manifest // nil while unfinished
	state    *state    // set while unfinished
}

// snapshotName is "<sequence>-<start time>", which sorts by sequence.
func snapshotName(seq int, start time.Time) string {
	return fmt.Sprintf("%06d-%s", seq, start.UTC().Format("20060102T150405Z"))
}

// listSnapshots returns the snapshots of a backup directory, oldest first.
// Only directories with a snapshot's name (no links) that hold a manifest
// or a run's state count; anything else is ignored.
func listSnapshots(root *os.Root) ([]snapshotInfo, error) {
	d, err := root.Open(".")
	if err != nil {
		return nil, err
	}
	entries, err := d.ReadDir(-1)
	d.Close()
	if err != nil {
		return nil, err
	}
	var out []snapshotInfo
	for _, e := range entries {
		if !e.IsDir() || !isSnapshotName(e.Name()) {
			continue
		}
		snap, err := openDir(root, e.Name(), false)
		if err != nil {
			continue
		}
		if m, err := readManifest(snap); err == nil {
			out = append(out, snapshotInfo{name: e.Name(), sequence: m.Sequence, manifest: m})
		} else if st, err := readState(snap); err == nil {
			out = append(out, snapshotInfo{name: e.Name(), sequence: st.Sequence, state: st})
		}
		snap.Close()
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].sequence != out[j].sequence {
			return out[i].sequence < out[j].sequence
		}
		return out[i].name < out[j].name
	})
	return out, nil
}

// ReadManifest reads the manifest of a snapshot directory.
func ReadManifest(snapshotDir string) (*Manifest, error) {
	snap, err := os.OpenRoot(snapshotDir)
	if err != nil {
		return nil, err
	}
	defer snap.Close()
	m, err := readManifest(snap)
	if err != nil {
		return nil, fmt.Errorf("export: %s: %w", snapshotDir, err)
	}
	return m, nil
}

func readManifest(snap *os.Root) (*Manifest, error) {
	var m Manifest
	if err := readJSON(snap, ManifestFile, maxManifestBytes, &m); err != nil {
		return nil, err
	}
	if m.Format != FormatVersion {
		return nil, fmt.Errorf("unknown format %d", m.Format)
	}
	if m.Base != "" && !isSnapshotName(m.Base) {
		return nil, fmt.Errorf("base %.60q is not a snapshot name", m.Base)
	}
	return &m, nil
}

// readState reads the state of an unfinished snapshot.
func readState(snap *os.Root) (*state, error) {
	var st state
	if err := readJSON(snap, stateFile, maxStateBytes, &st); err != nil {
		return nil, err
	}
	if st.Format != FormatVersion {
		return nil, fmt.Errorf("%s: unknown format %d", stateFile, st.Format)
	}
	if st.Base != "" && !isSnapshotName(st.Base) {
		return nil, fmt.Errorf("%s: base %.60q is not a snapshot name", stateFile, st.Base)
	}
	return &st, nil
}

func readJSON(root *os.Root, rel string, limit int64, v any) error {
	data, err := readFile(root, rel, limit)
	if err != nil {
		return err
	}
	return json.Unmarshal(data, v)
}

func marshalIndent(v any) ([]byte, error) {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// VerifyError lists every difference Verify found between a snapshot and
// its manifest.
type VerifyError struct {
	Dir      string
	Problems []string
}

// Error lists the problems Verify found, the first 20 of them: a forged
// manifest can have millions.
func (e *VerifyError) Error() string {
	shown := e.Problems[:min(len(e.Problems), 20)]
	more := ""
	if n := len(e.Problems) - len(shown); n > 0 {
		more = fmt.Sprintf("; and %d more", n)
	}
	return fmt.Sprintf("export: %s: %d problem(s): %s%s", e.Dir, len(e.Problems), strings.Join(shown, "; "), more)
}

// Verify recomputes the count and SHA-256 of every file of a snapshot and
// compares them with its manifest. It also reports files the manifest does
// not list. Differences are returned as a *VerifyError; the manifest is
// returned whenever it could be read.
//
// Verify treats the snapshot as untrusted: it reads only regular files
// (a symbolic link, a named pipe or a device is a problem, never opened
// or followed), reads at most one byte more than the manifest's size of
// each, and refuses manifest paths that leave the snapshot directory.
func Verify(snapshotDir string) (*Manifest, error) {
	snap, err := os.OpenRoot(snapshotDir)
	if err != nil {
		return nil, err
	}
	defer snap.Close()
	return verifyRoot(snap, snapshotDir)
}

// verifyRoot is Verify of an open snapshot directory.
func verifyRoot(snap *os.Root, name string) (*Manifest, error) {
	m, err := readManifest(snap)
	if err != nil {
		return nil, fmt.Errorf("export: %s: %w", name, err)
	}
	return m, verifyFiles(snap, name, m)
}

// verifyFiles compares the files below snap with m. extra names files
// that may be there besides m's (a run's bookkeeping before its manifest
// is written).
func verifyFiles(snap *os.Root, name string, m *Manifest, extra ...string) error {
	var problems []string
	listed := map[string]bool{ManifestFile: true}
	for _, e := range extra {
		listed[e] = true
	}
	counts := map[string]int64{}
	for _, f := range m.Files {
		if len(f.Path) > 1024 || !fs.ValidPath(f.Path) || f.Path == "." || strings.Contains(f.Path, `\`) || listed[f.Path] {
			problems = append(problems, fmt.Sprintf("%.100q: not a data file's path inside the snapshot", f.Path))
			continue
		}
		listed[f.Path] = true
		counts[f.Kind] += objectCount(f)
		if f.Bytes < 0 {
			problems = append(problems, fmt.Sprintf("%s: manifest says %d bytes", f.Path, f.Bytes))
			continue
		}
		got, names, err := hashData(snap, f.Path, f.Bytes+1)
		for _, n := range names {
			listed[n] = true
		}
		switch {
		case errors.Is(err, fs.ErrNotExist):
			problems = append(problems, f.Path+": missing")
		case err != nil:
			problems = append(problems, fmt.Sprintf("%s: %v", f.Path, err))
		case got.SHA256 != f.SHA256:
			problems = append(problems, fmt.Sprintf("%s: sha256 %s, manifest says %s", f.Path, got.SHA256, f.SHA256))
		case got.Count != f.Count || got.Bytes != f.Bytes:
			problems = append(problems, fmt.Sprintf("%s: %d objects in %d bytes, manifest says %d in %d", f.Path, got.Count, got.Bytes, f.Count, f.Bytes))
		}
	}
	for kind, n := range m.Counts {
		if counts[kind] != n {
			problems = append(problems, fmt.Sprintf("count of %.40q: files hold %d, manifest says %d", kind, counts[kind], n))
		}
	}
	// WalkDir does not follow links: a linked directory is an entry of
	// its own, not in the manifest.
	err := fs.WalkDir(snap.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if !listed[p] {
			problems = append(problems, p+": not in the manifest")
		}
		return nil
	})
	if err != nil {
		problems = append(problems, err.Error())
	}
	if len(problems) > 0 {
		sort.Strings(problems)
		return &VerifyError{Dir: name, Problems: problems}
	}
	return nil
}

// hashPath hashes the data file rel below root, reading at most limit
// bytes of it.
func hashPath(root *os.Root, rel string, limit int64) (FileInfo, error) {
	info, _, err := hashData(root, rel, limit)
	return info, err
}

// hashData is hashPath that also returns the physical files read.
func hashData(root *os.Root, rel string, limit int64) (FileInfo, []string, error) {
	f, names, err := openData(root, rel)
	if err != nil {
		return FileInfo{}, nil, err
	}
	defer f.Close()
	info, _, err := hashReader(io.LimitReader(f, limit))
	return info, names, err
}

// Prune deletes the oldest complete snapshots of a backup directory so that
// at most keep remain, and returns the names of those deleted. Unfinished
// snapshots are left alone, and so is anything that is not a snapshot
// directory (a link to one included). keep < 1 deletes nothing.
func Prune(dir string, keep int) ([]string, error) {
	if keep < 1 {
		return nil, nil
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	return prune(root, keep, "")
}

// prune is Prune counting only the snapshots of organization, or every
// snapshot when organization is empty.
func prune(root *os.Root, keep int, organization string) ([]string, error) {
	if keep < 1 {
		return nil, nil
	}
	snaps, err := listSnapshots(root)
	if err != nil {
		return nil, err
	}
	var complete []snapshotInfo
	for _, s := range snaps {
		if s.manifest != nil && (organization == "" || s.manifest.Organization == organization) {
			complete = append(complete, s)
		}
	}
	var deleted []string
	for len(complete) > keep {
		name := complete[0].name
		// Still a directory, not a link put in its place since it was
		// listed; RemoveAll inside it follows no links.
		if fi, err := root.Lstat(name); err != nil || !fi.IsDir() {
			return deleted, fmt.Errorf("export: prune: %s changed while pruning", name)
		}
		if err := root.RemoveAll(name); err != nil {
			return deleted, err
		}
		deleted = append(deleted, name)
		complete = complete[1:]
	}
	return deleted, nil
}
