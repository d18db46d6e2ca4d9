package export

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/asanakit/asana-go/asana"
	"golang.org/x/sync/errgroup"
)

// Backup copies an organization into a backup directory, one snapshot
// directory per run. A snapshot holds JSON Lines files (one object per
// line, one file per kind; per project for sections, tasks, stories and
// attachments) and a manifest.json with counts and SHA-256 checksums.
//
// Run is safe to repeat: it continues an unfinished snapshot (a run that
// was killed, or that stopped on an error) where it stopped, and otherwise
// starts a new one, incremental from the latest complete snapshot when
// there is one. Output is deterministic: the same data gives the same
// bytes, so snapshots can be compared by checksum.
type Backup struct {
	// Client reads the organization. Its rate limiter and retry policy
	// apply; a service account token sees the whole organization.
	Client *asana.Client
	// Organization is the gid of the organization to back up.
	Organization string
	// Dir is the backup directory; each run writes a snapshot directory
	// inside it named "<sequence>-<start time>".
	Dir string
	// Concurrency bounds the projects backed up at once (default 8);
	// the tasks whose stories, attachments and subtasks are fetched at once
	// are bounded separately, at five times as many (40 by default), so
	// that at 800 ms per answer the requests in flight still fill a paid
	// plan's 1,500 a minute. The client's own limits (50 reads at once)
	// still apply.
	Concurrency int
	// Keep, when positive, deletes the oldest complete snapshots of the
	// Organization after a successful run so that Keep remain (snapshots
	// of other organizations in Dir are not counted or deleted).
	Keep int
	// Full makes a new snapshot fetch everything instead of merging with
	// the previous one. An unfinished snapshot is resumed as it began.
	Full bool
	// ClockSkew widens the modified_since window of incremental runs, to
	// allow for a difference between the local clock and Asana's (default
	// 5 minutes). A wider window only fetches a few more tasks.
	ClockSkew time.Duration
	// DisableSearch keeps the run off the premium task search (see
	// search.go): every task's attachments are listed, and every parent's
	// subtasks. Without it, search is used where the workspace allows it
	// and the run falls back by itself where it does not.
	DisableSearch bool
	// SearchLag is how far search's index may trail writes (default
	// DefaultSearchLag): search never decides for an object modified less
	// than this before the run began, and an incremental run searches back
	// this much further than its base.
	SearchLag time.Duration
	// SearchSubtasks makes a full run take every parent's subtasks from
	// search (100 a request), not only a single subtask's: without it a
	// parent with more than one is listed (one call per parent), so that
	// its manual order is kept. Search does not tell that order, so with
	// it every snapshot keeps subtasks in creation order (gid breaking
	// ties); a backup directory should not switch it on and off between
	// runs.
	SearchSubtasks bool
	// Attachments chooses what is kept of attachments: their records
	// (AttachmentsMetadata, the default), nothing (AttachmentsNone), or
	// the records and the files' bytes (AttachmentsContent). Change it
	// with Full: an incremental run copies unchanged tasks' attachment
	// records from its base as they are.
	Attachments AttachmentMode
	// MaxAttachmentBytes caps the size of an attachment file kept with
	// AttachmentsContent (default DefaultMaxAttachmentBytes); a larger one
	// is listed in attachment_contents.jsonl as skipped, "too large".
	MaxAttachmentBytes int64
	// HTTPClient downloads attachment files from their pre-signed URLs,
	// without the Asana token (default: a go-cleanhttp client).
	HTTPClient *http.Client
	// NoSharing makes an incremental run keep its own copy of every file
	// instead of hard linking the files that did not change from its
	// base (see share.go).
	NoSharing bool
	// WholeFiles keeps every data file whole. By default a data file of
	// at least 16 KiB is stored as content-defined chunks in a pack file
	// (chunks/<snapshot>.pack) and an index (<path>.chunks, itself
	// chunked when large); the chunks the base snapshot holds already stay
	// in the base's pack, hard linked, so that an edited record costs a
	// snapshot about a KiB rather than its project's whole files (see
	// chunks.go); with WholeFiles an unchanged file is still hard linked
	// whole. NoSharing overrides both.
	// Every reader of a snapshot reads both forms (OpenDataFile).
	WholeFiles bool
	// RelistEvery, above 1, lets an incremental run copy a project's
	// memberships, custom field settings, status updates, attachments and
	// task templates from the base when the project's own record did not
	// change (reuse.go); each project's are requested again at least every
	// RelistEvery-th run, so a change the project's record does not show
	// (an access level, a file attached to the project) can be up to
	// RelistEvery-1 runs late. Zero or 1, the default, requests them every
	// run: the snapshot is never late. 7 is a reasonable opt-in for daily
	// runs (a week).
	RelistEvery int
	// ResourceExport makes a full run (no base) take what lies below each
	// task (stories, whether it has attachments, subtasks where their order
	// is known) from one resource export of the organization's tasks
	// instead of one or two requests per task (resexport.go). Only an
	// Enterprise organization's service account may start one; anywhere
	// else, or when the export fails, the run goes on without it. It is
	// off by default: the run first waits for the export job, minutes to
	// hours on Asana, which costs a small organization more time than it
	// saves, and a workspace may have only one resource export running.
	ResourceExport bool
	// MaxResourceExportBytes caps the resource export's download, compressed
	// and decompressed (default DefaultMaxResourceExportBytes); a larger
	// one is not used.
	MaxResourceExportBytes int64
	// Progress, if set, is called after every request and every finished
	// unit of work, from the backup's goroutines, one call at a time.
	Progress func(Progress)
}

// Progress is a snapshot of a running backup for Backup.Progress.
type Progress struct {
	// Snapshot is the name of the snapshot directory being written.
	Snapshot string
	// Unit is the unit of work that made progress: "users", "teams",
	// "project:<gid>", ...
	Unit string
	// UnitsDone counts finished units; UnitsTotal is the number known so
	// far (it grows once the projects are listed).
	UnitsDone, UnitsTotal int
	// Objects counts objects written, Requests the list pages requested
	// (retries not included) by this run.
	Objects, Requests int64
}

// Result describes a finished run.
type Result struct {
	// Dir is the snapshot directory.
	Dir      string
	Manifest *Manifest
	// Resumed is true when the run continued an unfinished snapshot.
	Resumed bool
	// Requests counts the list pages this run requested.
	Requests int64
	// SharedBytes counts the bytes of the files this run hard linked
	// from its base instead of storing them again.
	SharedBytes int64
	// Pruned names the snapshots deleted by retention.
	Pruned []string
	// ResourceExportError, when set, is why a run with
	// Backup.ResourceExport went without the export.
	ResourceExportError error
	// BaseError, when set, is why the latest complete snapshot could not
	// be the base of an incremental run (it failed Verify), so that this
	// run was full.
	BaseError error
}

// Run backs up the organization: it resumes an unfinished snapshot of
// b.Dir or starts a new one, and returns when the snapshot is complete.
//
// A 401 (revoked or wrong token) stops the run at once with the client's
// *asana.Error, keeping every finished unit for the next Run. A project the
// token may not read (403) is recorded in the manifest's Skipped list and
// the run goes on. Any other error also stops the run; finished units are
// kept.
func (b *Backup) Run(ctx context.Context) (*Result, error) {
	if b.Client == nil || b.Organization == "" || b.Dir == "" {
		return nil, errors.New("export: Backup needs a Client, an Organization and a Dir")
	}
	if err := checkGID("organization", b.Organization); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(b.Dir, 0o755); err != nil {
		return nil, err
	}
	root, err := os.OpenRoot(b.Dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	snaps, err := listSnapshots(root)
	if err != nil {
		return nil, err
	}
	switch b.Attachments {
	case "", AttachmentsMetadata, AttachmentsNone, AttachmentsContent:
	default:
		return nil, fmt.Errorf("export: Backup.Attachments %q is none of none, metadata, content", b.Attachments)
	}
	r := &run{b: b, c: b.Client, conc: b.Concurrency, root: root}
	if r.conc <= 0 {
		r.conc = 8
	}
	res := &Result{}
	var latest *snapshotInfo
	for i := range snaps {
		s := &snaps[i]
		if s.manifest != nil {
			// A run killed after its manifest was written may have left
			// its bookkeeping behind.
			if snap, err := openDir(root, s.name, false); err == nil {
				_ = snap.Remove(stateFile)
				_ = snap.Remove(checkpointFile)
				snap.Close()
			}
			if s.manifest.Organization == b.Organization {
				latest = s
			}
			continue
		}
		if s.state.Organization == b.Organization {
			r.name, r.st = s.name, *s.state
			res.Resumed = true
		}
	}
	if !res.Resumed {
		seq := 1
		if len(snaps) > 0 {
			seq = snaps[len(snaps)-1].sequence + 1
		}
		now := r.c.Clock().Now().UTC()
		skew := b.ClockSkew
		if skew <= 0 {
			skew = 5 * time.Minute
		}
		r.st = state{Format: FormatVersion, Organization: b.Organization, Sequence: seq,
			Mode: ModeFull, StartedAt: now, ModifiedSince: now.Add(-skew)}
		if latest != nil && !b.Full {
			// An incremental run copies from its base: a base that no
			// longer matches its manifest would pass its damage on, so
			// such a run is full instead.
			if err := verifySnapshot(root, b.Dir, latest.name); err != nil {
				res.BaseError = err
			} else {
				r.st.Mode, r.st.Base, r.st.Since = ModeIncremental, latest.name, latest.manifest.ModifiedSince
			}
		}
		r.name = snapshotName(seq, now)
		data, err := marshalIndent(r.st)
		if err != nil {
			return nil, err
		}
		// A new snapshot directory is made here, never taken over: a
		// name that exists (a planted link, say) is an error.
		if err := root.Mkdir(r.name, 0o755); err != nil {
			return nil, fmt.Errorf("export: new snapshot: %w", err)
		}
		if r.snap, err = openDir(root, r.name, false); err != nil {
			return nil, err
		}
		defer r.snap.Close()
		if err := writeFileAtomic(r.snap, stateFile, data); err != nil {
			return nil, err
		}
	} else {
		if r.snap, err = openDir(root, r.name, false); err != nil {
			return nil, err
		}
		defer r.snap.Close()
	}
	r.dir = filepath.Join(b.Dir, r.name)
	if r.st.Base != "" {
		// A base deleted since the run began only costs requests: its
		// projects are fetched in full.
		switch r.base, err = openDir(root, r.st.Base, false); {
		case err == nil:
			defer r.base.Close()
		case !errors.Is(err, fs.ErrNotExist):
			return nil, fmt.Errorf("export: base of %s: %w", r.name, err)
		}
	}
	res.Dir = r.dir
	m, err := r.execute(ctx)
	res.Requests = r.requests.Load()
	res.SharedBytes = r.sharedBytes.Load()
	res.ResourceExportError = r.expErr
	if err != nil {
		return res, err
	}
	res.Manifest = m
	res.Pruned, err = prune(root, b.Keep, b.Organization)
	return res, err
}

// verifySnapshot is Verify of the snapshot name of a backup directory.
func verifySnapshot(root *os.Root, dir, name string) error {
	snap, err := openDir(root, name, false)
	if err != nil {
		return err
	}
	defer snap.Close()
	_, err = verifyRoot(snap, filepath.Join(dir, name))
	return err
}

// run is the state of one Backup.Run.
type run struct {
	b    *Backup
	c    *asana.Client
	root *os.Root // backup directory
	conc int
	name string   // snapshot directory name
	dir  string   // snapshot directory, for messages
	snap *os.Root // snapshot directory
	base *os.Root // base snapshot directory of an incremental run, or nil
	st   state

	myTasksState

	mu         sync.Mutex // guards done, cp, unit counts and Progress calls
	done       map[string]unitDone
	partial    map[string]*partial // units part done, by name
	cp         *checkpoint
	unitsDone  int
	unitsTotal int

	objects, requests atomic.Int64
	// tasks bounds the task bundles fetched at once across projects.
	tasks chan struct{}
	// srch is what search told before the projects, or nil.
	srch *searched
	// exp is what the resource export told, or nil; expErr why a run
	// that asked for it went without.
	exp    *exported
	expErr error
	// baseFiles are the base manifest's files by path, baseSkips what it
	// left out (share.go); read once.
	baseOnce    sync.Once
	baseFiles   map[string]FileInfo
	baseSkips   []Skipped
	sharedBytes atomic.Int64
}

const (
	unitWorkspaceMemberships = "workspace_memberships"
	unitUsers                = "users"
	unitTeams                = "teams"
	unitTeamMemberships      = "team_memberships"
	unitProjects             = "projects"
	unitProjectPrefix        = "project:"
)

func (r *run) execute(ctx context.Context) (*Manifest, error) {
	var err error
	all, err := readCheckpoint(r.snap)
	if err != nil {
		return nil, err
	}
	r.done, r.partial = map[string]unitDone{}, map[string]*partial{}
	for name, u := range all {
		switch {
		case u.Partial != nil:
			r.partial[name] = u.Partial
		case checkDone(r.snap, u) == nil:
			r.done[name] = u
		}
		// A unit whose files no longer match its checkpoint runs again.
	}
	if r.cp, err = openCheckpoint(r.snap); err != nil {
		return nil, err
	}
	defer r.cp.close()
	r.tasks = make(chan struct{}, 5*r.conc)
	for _, u := range r.done {
		r.unitsDone++
		for _, f := range u.Files {
			r.objects.Add(f.Count)
		}
	}

	levels, err := kindLevels(backupKinds)
	if err == nil {
		err = checkKinds(backupKinds)
	}
	if err != nil {
		return nil, err
	}
	r.unitsTotal = max(len(backupKinds), r.unitsDone)
	// The kinds in waves, each once its parents are listed; the projects'
	// own units with the second wave, once projects.jsonl is done.
	// Search runs with the first wave, and is done before the projects.
	defer func() { r.srch.close(r.snap); r.exp.close(r.snap) }()
	for i, wave := range levels {
		g, wctx := errgroup.WithContext(ctx)
		for _, k := range wave {
			g.Go(func() error {
				return r.unit(wctx, k.name, func(ctx context.Context) (unitDone, error) { return r.kindUnit(ctx, k) })
			})
		}
		if i == 0 {
			g.Go(func() error { return r.prepareBulk(wctx) })
		}
		if i == 1 {
			r.projectUnits(wctx, g)
		}
		if err := g.Wait(); err != nil {
			return nil, err
		}
		// A cancelled parent ends the units without an error of their own.
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
	r.srch.close(r.snap)
	r.exp.close(r.snap)
	if r.b.Attachments == AttachmentsContent {
		if err := r.unit(ctx, unitAttachmentContents, r.attachmentContentsUnit); err != nil {
			return nil, err
		}
	}
	return r.finish()
}

// projectUnits backs up every project of projects.jsonl in g, r.conc at
// once.
func (r *run) projectUnits(ctx context.Context, g *errgroup.Group) {
	g.Go(func() error {
		pg, ctx := errgroup.WithContext(ctx)
		pg.SetLimit(r.conc)
		err := eachGID(r.snap, "projects.jsonl", "", "project", func(gid string) error {
			r.mu.Lock()
			if _, ok := r.done[unitProjectPrefix+gid]; !ok {
				r.unitsTotal++
			}
			r.mu.Unlock()
			if ctx.Err() != nil {
				return context.Cause(ctx)
			}
			pg.Go(func() error { // waits for one of the r.conc places
				return r.unit(ctx, unitProjectPrefix+gid, func(ctx context.Context) (unitDone, error) {
					return r.projectUnit(ctx, gid)
				})
			})
			return nil
		})
		// A project's own error says more than the cancellation it caused.
		if perr := pg.Wait(); perr != nil {
			return perr
		}
		return err
	})
}

// unit runs fn unless the checkpoint says it is done, then records it.
func (r *run) unit(ctx context.Context, name string, fn func(context.Context) (unitDone, error)) error {
	r.mu.Lock()
	_, done := r.done[name]
	r.mu.Unlock()
	if done {
		return nil
	}
	u, err := fn(ctx)
	if err != nil {
		return err
	}
	u.Unit = name
	r.mu.Lock()
	defer r.mu.Unlock()
	if err := r.cp.add(u); err != nil {
		return err
	}
	r.done[name] = u
	r.unitsDone++
	r.reportLocked(name)
	return nil
}

func (r *run) report(unit string) {
	if r.b.Progress == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.reportLocked(unit)
}

func (r *run) reportLocked(unit string) {
	if r.b.Progress == nil {
		return
	}
	r.b.Progress(Progress{Snapshot: r.name, Unit: unit, UnitsDone: r.unitsDone, UnitsTotal: r.unitsTotal,
		Objects: r.objects.Load(), Requests: r.requests.Load()})
}

// pages requests every page of the list at rt with the given fields and
// hands each page's items to fn.
func (r *run) pages(ctx context.Context, unit string, rt asana.RawRoute, q url.Values, fields []string, fn func([]json.RawMessage) error) error {
	return r.pagesFrom(ctx, unit, rt, q, fields, "", func(items []json.RawMessage, _ string) error { return fn(items) })
}

// pagesFrom is pages starting at offset start (empty for the first page);
// fn also gets the offset of the next page, empty after the last.
func (r *run) pagesFrom(ctx context.Context, unit string, rt asana.RawRoute, q url.Values, fields []string, start string, fn func([]json.RawMessage, string) error) error {
	vals := url.Values{}
	for k, v := range q {
		vals[k] = v
	}
	vals.Set("opt_fields", strings.Join(fields, ","))
	return r.rawPages(ctx, unit, rt, vals, start, fn)
}

// fileUnit is a unit that writes one file: fill writes it, and the file
// is renamed into place if fill succeeds.
func (r *run) fileUnit(file, kind string, fill func(*jsonlWriter) error) (unitDone, error) {
	w, err := newJSONL(r.snap, file, kind)
	if err != nil {
		return unitDone{}, err
	}
	if err := fill(w); err != nil {
		w.abort()
		return unitDone{}, err
	}
	info, err := w.commit()
	if err == nil {
		err = r.shareFile(info)
	}
	return unitDone{Files: []FileInfo{info}}, err
}

// finish writes the manifest from the checkpoint and removes the run's
// bookkeeping files.
func (r *run) finish() (*Manifest, error) {
	m := &Manifest{Format: FormatVersion, Organization: r.st.Organization, Sequence: r.st.Sequence,
		Mode: r.st.Mode, Base: r.st.Base, StartedAt: r.st.StartedAt, ModifiedSince: r.st.ModifiedSince,
		Counts: map[string]int64{}, Files: []FileInfo{}}
	for _, u := range r.done {
		for _, f := range u.Files {
			m.Files = append(m.Files, f)
			m.Counts[f.Kind] += objectCount(f)
		}
		if u.Skipped != nil {
			m.Skipped = append(m.Skipped, *u.Skipped)
		}
		m.Skipped = append(m.Skipped, u.Omitted...)
	}
	sortFiles(m.Files)
	sortSkipped(m.Skipped)
	m.FinishedAt = r.c.Clock().Now().UTC()
	// Every unit is done: a temporary file left now belongs to no unit
	// (a project gone from a list fetched again).
	if err := removeTemps(r.snap); err != nil {
		return nil, err
	}
	if err := r.storeFiles(m.Files); err != nil {
		return nil, err
	}
	// The snapshot is read back before it is declared complete: a run
	// never reports success for a snapshot that would fail Verify.
	if err := verifyFiles(r.snap, r.dir, m, stateFile, checkpointFile, ManifestFile+".tmp"); err != nil {
		return nil, fmt.Errorf("export: snapshot not finished: %w", err)
	}
	data, err := marshalIndent(m)
	if err != nil {
		return nil, err
	}
	if err := writeFileAtomic(r.snap, ManifestFile, data); err != nil {
		return nil, err
	}
	_ = r.snap.Remove(stateFile)
	_ = r.snap.Remove(checkpointFile)
	return m, nil
}

// removeTemps removes the data files' temporary files left in a
// snapshot. WalkDir does not enter linked directories, and Remove
// removes a link itself.
func removeTemps(snap *os.Root) error {
	var temps []string
	err := fs.WalkDir(snap.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasSuffix(p, ".jsonl.tmp") || strings.HasSuffix(p, ".blob.tmp") || strings.HasSuffix(p, shareSuffix) ||
			strings.HasSuffix(p, chunksSuffix+".tmp")) {
			temps = append(temps, p)
		}
		return err
	})
	for _, p := range temps {
		if err == nil {
			err = snap.Remove(p)
		}
	}
	return err
}

// eachGID calls fn with the gid of every object of a JSONL file below
// root, or with the gid of its field ref (such as "target") when ref is
// set. A gid that is not an Asana gid is an error naming kind.
func eachGID(root *os.Root, rel, ref, kind string, fn func(string) error) error {
	return eachLine(root, rel, func(line []byte) error {
		gid, err := refGID(line, ref)
		if err == nil {
			err = checkGID(kind, gid)
		}
		if err != nil {
			return fmt.Errorf("export: %s: %w", rel, err)
		}
		return fn(gid)
	})
}

// eachLine calls fn with every line of the data file rel below root.
func eachLine(root *os.Root, rel string, fn func([]byte) error) error {
	f, _, err := openData(root, rel)
	if err != nil {
		return err
	}
	defer f.Close()
	return scanLines(f, func(line []byte, _ span) error { return fn(line) })
}

// refGID reads the gid of an object, or of its field ref.
func refGID(line []byte, ref string) (string, error) {
	if ref == "" {
		var v struct {
			GID string `json:"gid"`
		}
		err := json.Unmarshal(line, &v)
		return v.GID, err
	}
	var v map[string]json.RawMessage
	if err := json.Unmarshal(line, &v); err != nil {
		return "", err
	}
	var r struct {
		GID string `json:"gid"`
	}
	if raw, ok := v[ref]; ok && string(raw) != "null" {
		if err := json.Unmarshal(raw, &r); err != nil {
			return "", err
		}
	}
	return r.GID, nil
}
