package export

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
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
	Project string `json:"project"`
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
	Partial *partial   `json:"partial,omitempty"`
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

// readCheckpoint reads the finished units. A last line cut short by a
// crash is ignored: its unit simply runs again.
func readCheckpoint(dir string) (map[string]unitDone, error) {
	data, err := os.ReadFile(filepath.Join(dir, checkpointFile))
	if errors.Is(err, fs.ErrNotExist) {
		return map[string]unitDone{}, nil
	}
	if err != nil {
		return nil, err
	}
	done := map[string]unitDone{}
	for _, line := range bytes.Split(data, []byte("\n")) {
		var u unitDone
		if len(line) == 0 || json.Unmarshal(line, &u) != nil || u.Unit == "" {
			continue
		}
		done[u.Unit] = u
	}
	return done, nil
}

// checkpoint appends finished units to the checkpoint file, one synced
// line each.
type checkpoint struct {
	f *os.File
}

func openCheckpoint(dir string) (*checkpoint, error) {
	f, err := openAppend(filepath.Join(dir, checkpointFile))
	if err != nil {
		return nil, err
	}
	return &checkpoint{f: f}, nil
}

func (c *checkpoint) add(u unitDone) error {
	b, err := json.Marshal(u)
	if err != nil {
		return err
	}
	// A crash may have left half a line: start on a fresh one.
	b = append(append([]byte("\n"), b...), '\n')
	if _, err := c.f.Write(b); err != nil {
		return err
	}
	return c.f.Sync()
}

func (c *checkpoint) close() error { return c.f.Close() }

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
// Directories that are not snapshots are ignored.
func listSnapshots(dir string) ([]snapshotInfo, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []snapshotInfo
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		p := filepath.Join(dir, e.Name())
		if m, err := ReadManifest(p); err == nil {
			out = append(out, snapshotInfo{name: e.Name(), sequence: m.Sequence, manifest: m})
			continue
		}
		var st state
		if readJSON(filepath.Join(p, stateFile), &st) == nil && st.Format == FormatVersion {
			out = append(out, snapshotInfo{name: e.Name(), sequence: st.Sequence, state: &st})
		}
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
	var m Manifest
	if err := readJSON(filepath.Join(snapshotDir, ManifestFile), &m); err != nil {
		return nil, err
	}
	if m.Format != FormatVersion {
		return nil, fmt.Errorf("export: %s: unknown format %d", snapshotDir, m.Format)
	}
	return &m, nil
}

func readJSON(path string, v any) error {
	data, err := os.ReadFile(path)
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

// Error lists the problems Verify found.
func (e *VerifyError) Error() string {
	return fmt.Sprintf("export: %s: %d problem(s): %s", e.Dir, len(e.Problems), strings.Join(e.Problems, "; "))
}

// Verify recomputes the count and SHA-256 of every file of a snapshot and
// compares them with its manifest. It also reports files the manifest does
// not list. Differences are returned as a *VerifyError; the manifest is
// returned whenever it could be read.
func Verify(snapshotDir string) (*Manifest, error) {
	m, err := ReadManifest(snapshotDir)
	if err != nil {
		return nil, err
	}
	var problems []string
	listed := map[string]bool{ManifestFile: true}
	counts := map[string]int64{}
	for _, f := range m.Files {
		listed[f.Path] = true
		counts[f.Kind] += f.Count
		got, err := hashFile(filepath.Join(snapshotDir, filepath.FromSlash(f.Path)))
		switch {
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
			problems = append(problems, fmt.Sprintf("count of %s: files hold %d, manifest says %d", kind, counts[kind], n))
		}
	}
	err = filepath.WalkDir(snapshotDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(snapshotDir, p)
		if rel = filepath.ToSlash(rel); !listed[rel] {
			problems = append(problems, rel+": not in the manifest")
		}
		return nil
	})
	if err != nil {
		problems = append(problems, err.Error())
	}
	if len(problems) > 0 {
		sort.Strings(problems)
		return m, &VerifyError{Dir: snapshotDir, Problems: problems}
	}
	return m, nil
}

// Prune deletes the oldest complete snapshots of a backup directory so that
// at most keep remain, and returns the names of those deleted. Unfinished
// snapshots are left alone. keep < 1 deletes nothing.
func Prune(dir string, keep int) ([]string, error) {
	return prune(dir, keep, "")
}

// prune is Prune counting only the snapshots of organization, or every
// snapshot when organization is empty.
func prune(dir string, keep int, organization string) ([]string, error) {
	if keep < 1 {
		return nil, nil
	}
	snaps, err := listSnapshots(dir)
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
		if err := os.RemoveAll(filepath.Join(dir, complete[0].name)); err != nil {
			return deleted, err
		}
		deleted = append(deleted, complete[0].name)
		complete = complete[1:]
	}
	return deleted, nil
}

// lineReader reads the lines of a JSONL file with their offsets.
type lineReader struct {
	r   *bufio.Reader
	off int64
}

// next returns the next line with its newline, and its offset; io.EOF at
// the end.
func (lr *lineReader) next() ([]byte, int64, error) {
	line, err := lr.r.ReadBytes('\n')
	off := lr.off
	lr.off += int64(len(line))
	if err != nil {
		return nil, off, err
	}
	return line, off, nil
}
