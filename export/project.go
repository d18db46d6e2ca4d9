package export

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"sort"

	"github.com/asanakit/asana-go/asana"
	"golang.org/x/sync/errgroup"
)

// The files of one project, under projects/<gid>/.
const (
	sectionsFile    = "sections.jsonl"
	tasksFile       = "tasks.jsonl"
	storiesFile     = "stories.jsonl"
	attachmentsFile = "attachments.jsonl"
)

// bundle is a task with everything below it, as canonical lines: the task
// and its subtasks depth first, then their stories and attachments in the
// same order.
type bundle struct {
	tasks, stories, attachments [][]byte
}

// projectWriters are the files of one project unit.
type projectWriters struct {
	sections, tasks, stories, attachments *jsonlWriter
}

var projectFileKinds = []struct{ name, kind string }{
	{sectionsFile, "sections"}, {tasksFile, "tasks"}, {storiesFile, "stories"}, {attachmentsFile, "attachments"},
}

// openProjectWriters creates the files of a project unit, or reopens them
// at a checkpoint p and returns the offset to continue from. A checkpoint
// whose files are gone starts the unit over.
func (r *run) openProjectWriters(gid string, p *partial) (*projectWriters, string, error) {
	if p != nil && len(p.Files) == len(projectFileKinds) {
		// Each temporary file is checked against the checkpoint; one that
		// changed since (or is gone) starts the unit over.
		var pw projectWriters
		ws := []**jsonlWriter{&pw.sections, &pw.tasks, &pw.stories, &pw.attachments}
		var err error
		for i, fk := range projectFileKinds {
			if *ws[i], err = resumeJSONL(r.snap, projectFile(gid, fk.name), fk.kind, p.Files[i]); err != nil {
				break
			}
		}
		if err == nil {
			return &pw, p.Next, nil
		}
		pw.abort()
	}
	var pw projectWriters
	ws := []**jsonlWriter{&pw.sections, &pw.tasks, &pw.stories, &pw.attachments}
	var err error
	for i, fk := range projectFileKinds {
		if *ws[i], err = newJSONL(r.snap, projectFile(gid, fk.name), fk.kind); err != nil {
			pw.abort()
			return nil, "", err
		}
	}
	return &pw, "", nil
}

// projectFile is the path of a project's file in a snapshot; gid has
// passed checkGID.
func projectFile(gid, name string) string { return "projects/" + gid + "/" + name }

// removeProject removes what a skipped project left in the snapshot.
func (r *run) removeProject(gid string) error {
	projects, err := openDir(r.snap, "projects", false)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	defer projects.Close()
	return projects.RemoveAll(gid)
}

// checkpoint records that the project's files hold everything before the
// page at next.
func (r *run) checkpointProject(unit string, pw *projectWriters, next string) error {
	p := &partial{Next: next}
	for _, w := range pw.all() {
		pf, err := w.checkpoint()
		if err != nil {
			return err
		}
		p.Files = append(p.Files, pf)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.cp.add(unitDone{Unit: unit, Partial: p})
}

func (pw *projectWriters) all() []*jsonlWriter {
	return []*jsonlWriter{pw.sections, pw.tasks, pw.stories, pw.attachments}
}

func (pw *projectWriters) abort() {
	for _, w := range pw.all() {
		if w != nil {
			w.abort()
		}
	}
}

func (pw *projectWriters) close() {
	for _, w := range pw.all() {
		if w != nil {
			w.f.close()
		}
	}
}

func (pw *projectWriters) write(b *bundle) error {
	for _, part := range []struct {
		w     *jsonlWriter
		lines [][]byte
	}{{pw.tasks, b.tasks}, {pw.stories, b.stories}, {pw.attachments, b.attachments}} {
		for _, l := range part.lines {
			if err := part.w.writeLine(l); err != nil {
				return err
			}
		}
	}
	return nil
}

// projectUnit backs up one project: its sections, and its tasks with their
// subtasks, stories and attachments. In an incremental run it takes what
// did not change from the base snapshot.
func (r *run) projectUnit(ctx context.Context, gid string) (unitDone, error) {
	unit := unitProjectPrefix + gid
	r.mu.Lock()
	p := r.partial[unit]
	r.mu.Unlock()
	pw, start, err := r.openProjectWriters(gid, p)
	if err != nil {
		return unitDone{}, err
	}
	err = r.project(ctx, unit, gid, pw, start)
	if start != "" && errors.Is(err, asana.ErrBadRequest) {
		// The saved offset expired: start the project over.
		pw.abort()
		if pw, start, err = r.openProjectWriters(gid, nil); err != nil {
			return unitDone{}, err
		}
		err = r.project(ctx, unit, gid, pw, start)
	}
	if err != nil {
		var ae *asana.Error
		if errors.As(err, &ae) && (ae.StatusCode == http.StatusForbidden || ae.StatusCode == http.StatusNotFound) {
			// Reported, not fatal: a personal token may not see every
			// project, and a project may be deleted while we run.
			pw.abort()
			if err := r.removeProject(gid); err != nil {
				return unitDone{}, err
			}
			return unitDone{Skipped: &Skipped{Project: gid, Status: ae.StatusCode, Error: ae.Error()}}, nil
		}
		// Keep the temporary files: the last checkpoint points into them.
		pw.close()
		return unitDone{}, err
	}
	var u unitDone
	for _, w := range pw.all() {
		info, err := w.commit()
		if err != nil {
			return unitDone{}, err
		}
		u.Files = append(u.Files, info)
	}
	return u, r.shareFiles(u.Files)
}

// project writes one project's files. start, when set, is the offset of
// the task page to continue from, the files holding everything before it.
func (r *run) project(ctx context.Context, unit, gid string, pw *projectWriters, start string) error {
	var err error
	if start == "" {
		if err = r.pages(ctx, unit, asana.RawRouteOf("Sections.ListForProject", gid), nil, sectionFields, pw.sections.writeAll); err != nil {
			return err
		}
	}
	// What lies below the tasks of a page is fetched while the next page
	// is requested, so that a project never waits for its slowest bundle
	// with nothing else in flight. After each page is written, the files
	// and the next offset are checkpointed, so a large project resumes
	// where it stopped.
	var prev *pageBundles
	flush := func() error {
		p := prev
		prev = nil
		if p == nil {
			return nil
		}
		if err := p.write(pw); err != nil || p.next == "" {
			return err
		}
		if err := r.checkpointProject(unit, pw, p.next); err != nil {
			return err
		}
		r.report(unit)
		// A run stopped now keeps the checkpoint, not the page after it.
		return context.Cause(ctx)
	}
	defer func() {
		if prev != nil {
			prev.stop()
		}
	}()
	writePage := func(lines [][]byte, idx *projectIndex, next string) error {
		p := r.startBundles(ctx, unit, gid, lines, idx)
		p.next = next
		if err := flush(); err != nil {
			p.stop()
			return err
		}
		prev = p
		return nil
	}
	var idx *projectIndex
	if r.base != nil {
		if idx, err = loadProjectIndex(r.base, gid); err != nil {
			return err
		}
		if idx != nil {
			defer idx.close()
		}
	}
	// The tasks with every field, page by page, in full and incremental
	// runs alike: a page costs one request whatever its fields, and a
	// fresh record tells an incremental run what changed (modified_at)
	// and whether a subtask was deleted or moved (num_subtasks, which
	// changes without modified_at). What lies below an unchanged task
	// comes from the base snapshot (bundle).
	err = r.pagesFrom(ctx, unit, asana.RawRouteOf("Tasks.ListForProject", gid), nil, taskFields, start, func(items []json.RawMessage, next string) error {
		lines := make([][]byte, len(items))
		for i, it := range items {
			if lines[i], err = canonicalLine(it); err != nil {
				return err
			}
		}
		return writePage(lines, idx, next)
	})
	if err != nil {
		return err
	}
	return flush()
}

// pageBundles are the bundles of one page of tasks being fetched, a
// bounded number of tasks at once across the run (r.tasks).
type pageBundles struct {
	bundles []bundle
	next    string // offset of the page after this one
	cancel  context.CancelFunc
	g       *errgroup.Group
}

// startBundles starts fetching what lies below each task of a page.
func (r *run) startBundles(ctx context.Context, unit, project string, tasks [][]byte, idx *projectIndex) *pageBundles {
	ctx, cancel := context.WithCancel(ctx)
	g, ctx := errgroup.WithContext(ctx)
	p := &pageBundles{bundles: make([]bundle, len(tasks)), cancel: cancel, g: g}
	g.Go(func() error {
		for i := range tasks {
			select {
			case r.tasks <- struct{}{}:
			case <-ctx.Done():
				return context.Cause(ctx)
			}
			g.Go(func() error {
				defer func() { <-r.tasks }()
				return r.bundle(ctx, unit, project, tasks[i], true, idx, &p.bundles[i])
			})
		}
		return nil
	})
	return p
}

// write waits for the page's bundles and writes them in page order.
func (p *pageBundles) write(pw *projectWriters) error {
	defer p.cancel()
	if err := p.g.Wait(); err != nil {
		return err
	}
	for i := range p.bundles {
		if err := pw.write(&p.bundles[i]); err != nil {
			return err
		}
	}
	return nil
}

// stop cancels the page's bundles and waits for them to end.
func (p *pageBundles) stop() {
	p.cancel()
	_ = p.g.Wait()
}

// taskMeta is what a backup reads from a task record.
type taskMeta struct {
	GID         string `json:"gid"`
	ModifiedAt  string `json:"modified_at"`
	NumSubtasks int    `json:"num_subtasks"`
	Parent      *struct {
		GID string `json:"gid"`
	} `json:"parent"`
	Memberships []struct {
		Project *struct {
			GID string `json:"gid"`
		} `json:"project"`
	} `json:"memberships"`
}

// home reports whether project is where the task's stories, attachments
// and subtasks are kept: its first project. A task in several projects is
// listed in each, but its content is fetched and stored once. Subtasks
// that are in no project belong with their parent.
func (m *taskMeta) home(project string) bool {
	return len(m.Memberships) == 0 || m.Memberships[0].Project == nil || m.Memberships[0].Project.GID == project
}

// bundle collects a task (the canonical line task) and everything below
// it into b. A task unchanged since the base snapshot keeps its stories
// and attachments from there; a task that search found without
// attachments needs no attachments call; subtasks come from search and
// the base where they tell them (knownSubtasks), and are listed otherwise.
//
// fresh says that the line's num_subtasks is current: true for a task
// listed or searched by this run, and for a task of the project's list
// whose count matched the base; false for a subtask copied from the base.
func (r *run) bundle(ctx context.Context, unit, project string, task []byte, fresh bool, idx *projectIndex, b *bundle) error {
	var m taskMeta
	if err := json.Unmarshal(task, &m); err != nil {
		return err
	}
	if err := checkGID("task", m.GID); err != nil {
		return err
	}
	b.tasks = append(b.tasks, task)
	if !m.home(project) {
		return nil
	}
	old := idx.task(m.GID)
	if old.n > 0 && old.modified == m.ModifiedAt {
		for _, c := range []struct {
			file  dataFile
			span  span
			lines *[][]byte
		}{{idx.storyFile, idx.stories[m.GID], &b.stories}, {idx.attachmentFile, idx.attachments[m.GID], &b.attachments}} {
			if c.span.n == 0 {
				continue
			}
			lines, err := idx.readLines(c.file, c.span)
			if err != nil {
				return err
			}
			*c.lines = append(*c.lines, lines...)
			r.objects.Add(int64(len(lines)))
		}
	} else {
		type taskList struct {
			rt     asana.RawRoute
			q      url.Values
			fields []string
			lines  *[][]byte
		}
		var lists []taskList
		if stories, ok, err := r.exportStories(&m); err != nil {
			return err
		} else if ok {
			b.stories = append(b.stories, stories...)
		} else {
			lists = append(lists, taskList{asana.RawRouteOf("Stories.ListForTask", m.GID), nil, storyFields, &b.stories})
		}
		if r.b.Attachments != AttachmentsNone && r.needAttachments(&m) && !r.exportNoAttachments(&m) {
			lists = append(lists, taskList{asana.RawRouteOf("Attachments.List"), url.Values{"parent": {m.GID}}, attachmentFields, &b.attachments})
		}
		for _, c := range lists {
			err := r.pages(ctx, unit, c.rt, c.q, c.fields, func(items []json.RawMessage) error {
				return appendCanonical(c.lines, items)
			})
			if err != nil {
				return err
			}
		}
	}
	if m.NumSubtasks == 0 {
		return nil
	}
	var from []bool
	subs, ok, err := r.exportSubtasks(&m, fresh)
	if err == nil && !ok {
		subs, from, ok, err = r.knownSubtasks(&m, fresh, idx)
	}
	if err != nil {
		return err
	}
	if !ok {
		from = nil
		err = r.pages(ctx, unit, asana.RawRouteOf("Tasks.ListSubtasks", m.GID), nil, taskFields, func(items []json.RawMessage) error {
			return appendCanonical(&subs, items)
		})
		if err != nil {
			return err
		}
	} else {
		r.objects.Add(int64(len(subs)))
	}
	if r.b.SearchSubtasks {
		sortSubtasks(subs, from)
	}
	for i, line := range subs {
		if err := r.bundle(ctx, unit, project, line, from == nil || from[i], idx, b); err != nil {
			return err
		}
	}
	return nil
}

func appendCanonical(lines *[][]byte, items []json.RawMessage) error {
	for _, it := range items {
		l, err := canonicalLine(it)
		if err != nil {
			return err
		}
		*lines = append(*lines, l)
	}
	return nil
}

func canonicalLine(raw []byte) ([]byte, error) {
	var buf bytes.Buffer
	if err := canonical(&buf, raw); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// span is a run of n lines of a file: size bytes from off.
type span struct {
	off, size int64
	n         int
}

// projectIndex locates the records of one project in the base snapshot:
// each task's line and the runs of lines of its stories and attachments.
// It grows with the project's task count (tens of bytes per task), which
// only incremental runs pay.
type projectIndex struct {
	taskFile, storyFile, attachmentFile dataFile
	tasks                               map[string]taskSpan
	stories, attachments                map[string]span
	// children lists the subtasks of each task, in the file's order.
	children map[string][]string
}

type taskSpan struct {
	span
	modified string
	subtasks int // num_subtasks
}

// loadProjectIndex indexes a project of the base snapshot; nil if the base
// has no such project (a new one, or one skipped then).
func loadProjectIndex(base *os.Root, gid string) (*projectIndex, error) {
	dir, err := openDir(base, "projects/"+gid, false)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer dir.Close()
	rel := "projects/" + gid + "/"
	if !dataExists(base, rel+tasksFile) {
		return nil, nil
	}
	idx := &projectIndex{tasks: map[string]taskSpan{}, stories: map[string]span{}, attachments: map[string]span{},
		children: map[string][]string{}}
	if idx.taskFile, _, err = openData(base, rel+tasksFile); err == nil {
		err = scanLines(idx.taskFile, func(line []byte, s span) error {
			var m taskMeta
			if err := json.Unmarshal(line, &m); err != nil {
				return err
			}
			if _, dup := idx.tasks[m.GID]; !dup {
				idx.tasks[m.GID] = taskSpan{span: s, modified: m.ModifiedAt, subtasks: m.NumSubtasks}
				if m.Parent != nil && m.Parent.GID != "" && len(m.Memberships) == 0 {
					idx.children[m.Parent.GID] = append(idx.children[m.Parent.GID], m.GID)
				}
			}
			return nil
		})
	}
	for _, c := range []struct {
		file *dataFile
		name string
		ref  string
		to   map[string]span
	}{{&idx.storyFile, storiesFile, "target", idx.stories}, {&idx.attachmentFile, attachmentsFile, "parent", idx.attachments}} {
		if err != nil {
			break
		}
		if *c.file, _, err = openData(base, rel+c.name); err != nil {
			break
		}
		err = scanLines(*c.file, func(line []byte, s span) error {
			owner, err := refGID(line, c.ref)
			if err != nil {
				return err
			}
			run := c.to[owner]
			if run.n > 0 && run.off+run.size == s.off {
				run.size += s.size
				run.n++
			} else if run.n == 0 {
				run = s
			}
			c.to[owner] = run
			return nil
		})
	}
	if err != nil {
		idx.close()
		return nil, err
	}
	return idx, nil
}

func (idx *projectIndex) task(gid string) taskSpan {
	if idx == nil {
		return taskSpan{}
	}
	return idx.tasks[gid]
}

func (idx *projectIndex) close() {
	for _, f := range []dataFile{idx.taskFile, idx.storyFile, idx.attachmentFile} {
		if f != nil {
			f.Close()
		}
	}
}

// read returns the bytes of s.
func (idx *projectIndex) read(f dataFile, s span) ([]byte, error) {
	b := make([]byte, s.size)
	_, err := f.ReadAt(b, s.off)
	return b, err
}

// readLines returns the lines of s, each with its newline.
func (idx *projectIndex) readLines(f dataFile, s span) ([][]byte, error) {
	b, err := idx.read(f, s)
	if err != nil {
		return nil, err
	}
	lines := make([][]byte, 0, s.n)
	for len(b) > 0 {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			return nil, fmt.Errorf("export: %s: line at %d has no end", f.Name(), s.off)
		}
		lines = append(lines, b[:i+1])
		b = b[i+1:]
	}
	return lines, nil
}

// scanLines calls fn with every line of f and where it lies. A last
// line without its newline, or one over maxLineBytes, is an error.
func scanLines(f dataFile, fn func([]byte, span) error) error {
	lr := newLineReader(f)
	for {
		line, off, err := lr.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("export: %s: %w", f.Name(), err)
		}
		if err := fn(line, span{off: off, size: int64(len(line)), n: 1}); err != nil {
			return err
		}
	}
}

func sortSkipped(s []Skipped) {
	sort.Slice(s, func(i, j int) bool {
		if s[i].Kind != s[j].Kind {
			return s[i].Kind < s[j].Kind
		}
		if s[i].Project != s[j].Project {
			return s[i].Project < s[j].Project
		}
		return s[i].Parent < s[j].Parent
	})
}
