package export

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/asanakit/asana-go/asana"
)

// A first full backup can take every task's stories, and whether it has
// attachments and which subtasks, from Asana's resource export
// (createResourceExport) instead of one or two requests per task: one
// export job, polled, and one gzipped JSON Lines download. The project
// lists are still requested page by page, so every task line, its order
// and the project files are those of the per-task path; only what lies
// below a task comes from the export.
//
// Correctness never depends on it. An export that is not available (402
// outside Enterprise, 403 for a token that is not the organization's
// service account or while another resource export runs), a job that
// fails, a download that fails or is cut short, and a file that does not
// parse, holds a gid that is not one or is over the size caps, leave the
// run on the per-task path (with search where it applies); Result says
// why in ResourceExportError. A task is judged from the export only when
// its freshly listed modified_at is before the export began: a task
// changed since is fetched as without the export. Attachments are listed
// for the tasks that have some, because the export leaves out their
// view_url (Asana's docs send you to the attachments endpoint for it).
// Subtasks come from the export when the parent's count matches and their
// order is known: always with SearchSubtasks (creation order, as search
// gives them), otherwise only for a parent with a single subtask.

// resourceExportSpool holds the export's tasks and stories for the run:
// a temporary file removed before the snapshot is finished.
const resourceExportSpool = ".resource-export.jsonl.tmp"

// DefaultMaxResourceExportBytes caps a resource export's download, both
// compressed and decompressed, when Backup.MaxResourceExportBytes is 0.
const DefaultMaxResourceExportBytes = 8 << 30

// resourceExportPoll is how often the export's job is polled.
const resourceExportPoll = 30 * time.Second

// errExportTooLarge is a download over the cap.
var errExportTooLarge = errors.New("export: resource export over the size cap")

// exported is what the resource export told a run.
type exported struct {
	// asOf is when the export began: a task modified at or after it is
	// not judged from the export.
	asOf     time.Time
	f        *os.File
	size     int64
	tasks    map[string]exportedTask
	byParent map[string][]string
}

// exportedTask locates a task's line and stories in the spool.
type exportedTask struct {
	line, stories span
	attachments   int
}

// prepareBulk runs the resource export where it applies (a full run with
// Backup.ResourceExport), and search otherwise or when the export falls
// through.
func (r *run) prepareBulk(ctx context.Context) error {
	if r.b.ResourceExport && r.base == nil {
		x, err := r.resourceExport(ctx)
		if err == nil {
			r.exp = x
			return nil
		}
		var ae *asana.Error
		if ctx.Err() != nil || errors.As(err, &ae) && ae.StatusCode == http.StatusUnauthorized {
			return err
		}
		r.expErr = err
	}
	return r.prepareSearch(ctx)
}

// resourceExport starts the export of the organization's tasks, waits
// for it on the client's clock and loads its file into the spool.
func (r *run) resourceExport(ctx context.Context) (*exported, error) {
	fields := append(append([]string{}, taskFields...), "stories", "attachments")
	job, err := r.c.Exports.CreateResource(ctx, &asana.ExportCreateResourceRequest{Workspace: r.b.Organization,
		ExportRequestParameters: []asana.ResourceExportRequestParameterInput{{ResourceType: "task", Fields: fields}}})
	r.requests.Add(1)
	if err != nil {
		return nil, err
	}
	if err := checkGID("job", job.GID); err != nil {
		return nil, err
	}
	done, err := r.c.Jobs.Wait(ctx, job.GID, resourceExportPoll, nil)
	r.requests.Add(1)
	if err != nil {
		return nil, err
	}
	res := done.NewResourceExport
	if res == nil || res.DownloadURL == "" || res.CreatedAt.IsZero() {
		return nil, errors.New("export: resource export job succeeded without a download")
	}
	x := &exported{asOf: res.CreatedAt, tasks: map[string]exportedTask{}, byParent: map[string][]string{}}
	if x.f, err = createExclusive(r.snap, resourceExportSpool); err != nil {
		return nil, err
	}
	limit := r.b.MaxResourceExportBytes
	if limit <= 0 {
		limit = DefaultMaxResourceExportBytes
	}
	pr, pw := io.Pipe()
	dl := make(chan error, 1)
	go func() {
		_, err := r.c.Download(ctx, res.DownloadURL, &capWriter{w: pw, left: limit})
		pw.CloseWithError(err)
		dl <- err
	}()
	err = x.load(pr, limit)
	pr.CloseWithError(errors.New("export: resource export not read further"))
	if derr := <-dl; err == nil {
		err = derr
	}
	if err != nil {
		x.close(r.snap)
		return nil, fmt.Errorf("export: resource export: %w", err)
	}
	return x, nil
}

// capWriter fails a write past left bytes.
type capWriter struct {
	w    io.Writer
	left int64
}

func (c *capWriter) Write(p []byte) (int, error) {
	if int64(len(p)) > c.left {
		return 0, errExportTooLarge
	}
	c.left -= int64(len(p))
	return c.w.Write(p)
}

// capReader fails a read past left bytes.
type capReader struct {
	r    io.Reader
	left int64
}

func (c *capReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if c.left -= int64(n); c.left < 0 {
		return 0, errExportTooLarge
	}
	return n, err
}

// exportLine is one task of the export file.
type exportLine struct {
	GID          string            `json:"gid"`
	ResourceType string            `json:"resource_type"`
	Stories      []json.RawMessage `json:"stories"`
	Attachments  []json.RawMessage `json:"attachments"`
	Parent       *ref              `json:"parent"`
}

// load reads the gzipped JSON Lines of the export from r, every line
// checked, into the spool.
func (x *exported) load(r io.Reader, limit int64) error {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return err
	}
	storyTree := newFieldTree(storyFields)
	lr := newLineReader(&capReader{r: zr, left: limit})
	for {
		raw, _, err := lr.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		var l exportLine
		if err := json.Unmarshal(raw, &l); err != nil {
			return err
		}
		if err := checkGID("task", l.GID); err != nil {
			return err
		}
		if l.ResourceType != "" && l.ResourceType != "task" {
			return fmt.Errorf("export: a %.20q in an export of tasks", l.ResourceType)
		}
		if _, dup := x.tasks[l.GID]; dup {
			return fmt.Errorf("export: task %s twice", l.GID)
		}
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(raw, &obj); err != nil {
			return err
		}
		delete(obj, "stories")
		delete(obj, "attachments")
		line, err := marshalCanonical(obj)
		if err != nil {
			return err
		}
		var t exportedTask
		if t.line, err = x.write(line); err != nil {
			return err
		}
		t.stories.off = x.size
		for _, s := range l.Stories {
			line, err := exportStory(s, l.GID, storyTree)
			if err != nil {
				return err
			}
			if _, err := x.write(line); err != nil {
				return err
			}
			t.stories.size += int64(len(line))
			t.stories.n++
		}
		for _, a := range l.Attachments {
			var v struct {
				GID string `json:"gid"`
			}
			if err := json.Unmarshal(a, &v); err != nil {
				return err
			}
			if err := checkGID("attachment", v.GID); err != nil {
				return err
			}
		}
		t.attachments = len(l.Attachments)
		x.tasks[l.GID] = t
		if l.Parent != nil {
			if err := checkGID("task", l.Parent.GID); err != nil {
				return err
			}
			x.byParent[l.Parent.GID] = append(x.byParent[l.Parent.GID], l.GID)
		}
	}
	return zr.Close()
}

func (x *exported) write(line []byte) (span, error) {
	if _, err := x.f.WriteAt(line, x.size); err != nil {
		return span{}, err
	}
	s := span{off: x.size, size: int64(len(line)), n: 1}
	x.size += s.size
	return s, nil
}

// exportStory is a story of the export as the stories list gives it:
// only storyFields (the export renders every field). A story of another
// task, or one without a field asked for, is an error.
func exportStory(raw json.RawMessage, task string, tree fieldTree) ([]byte, error) {
	var v any
	if err := unmarshalNumbers(raw, &v); err != nil {
		return nil, err
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, errors.New("export: a story that is not an object")
	}
	gid, _ := obj["gid"].(string)
	if err := checkGID("story", gid); err != nil {
		return nil, err
	}
	if tg, ok := obj["target"].(map[string]any); ok && tg["gid"] != task {
		return nil, fmt.Errorf("export: story %s of task %s is on another target", gid, task)
	}
	p, err := tree.project(obj)
	if err != nil {
		return nil, fmt.Errorf("export: story %s: %w", gid, err)
	}
	return marshalCanonical(p)
}

// fieldTree is a list of opt_fields as a tree: nil for a field taken
// whole.
type fieldTree map[string]fieldTree

func newFieldTree(fields []string) fieldTree {
	t := fieldTree{}
	for _, f := range fields {
		at := t
		parts := strings.Split(f, ".")
		for i, p := range parts {
			sub, ok := at[p]
			if i == len(parts)-1 {
				if !ok {
					at[p] = nil
				}
				break
			}
			if sub == nil {
				sub = fieldTree{}
				at[p] = sub
			}
			at = sub
		}
	}
	return t
}

// project keeps of obj its gid and the fields of t, as an answer with
// these opt_fields has them; a field obj lacks is an error.
func (t fieldTree) project(obj map[string]any) (map[string]any, error) {
	out := map[string]any{}
	if g, ok := obj["gid"]; ok {
		out["gid"] = g
	}
	names := make([]string, 0, len(t))
	for n := range t {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		v, ok := obj[n]
		if !ok {
			return nil, fmt.Errorf("no field %q", n)
		}
		sub := t[n]
		if sub == nil {
			out[n] = v
			continue
		}
		pv, err := sub.projectValue(v)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", n, err)
		}
		out[n] = pv
	}
	return out, nil
}

func (t fieldTree) projectValue(v any) (any, error) {
	switch x := v.(type) {
	case nil:
		return nil, nil
	case map[string]any:
		return t.project(x)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			var err error
			if out[i], err = t.projectValue(e); err != nil {
				return nil, err
			}
		}
		return out, nil
	}
	return nil, errors.New("not an object")
}

func unmarshalNumbers(raw []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	return dec.Decode(v)
}

func marshalCanonical(v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return canonicalLine(b)
}

// close closes and removes the spool.
func (x *exported) close(snap *os.Root) {
	if x == nil || x.f == nil {
		return
	}
	x.f.Close()
	x.f = nil
	_ = snap.Remove(resourceExportSpool)
}

// covered returns the export's record of the task m when the export may
// judge it: the task is in it and was not modified since it began.
func (x *exported) covered(m *taskMeta) (exportedTask, bool) {
	if x == nil {
		return exportedTask{}, false
	}
	e, ok := x.tasks[m.GID]
	if !ok {
		return e, false
	}
	t, err := time.Parse(time.RFC3339Nano, m.ModifiedAt)
	return e, err == nil && t.Before(x.asOf)
}

func (x *exported) read(s span) ([]byte, error) {
	b := make([]byte, s.size)
	_, err := x.f.ReadAt(b, s.off)
	return b, err
}

// exportStories returns the stories of the task m from the export, ok
// false when they must be listed.
func (r *run) exportStories(m *taskMeta) (lines [][]byte, ok bool, err error) {
	e, ok := r.exp.covered(m)
	if !ok {
		return nil, false, nil
	}
	if e.stories.n == 0 {
		return nil, true, nil
	}
	b, err := r.exp.read(e.stories)
	if err != nil {
		return nil, false, err
	}
	for len(b) > 0 {
		i := bytes.IndexByte(b, '\n')
		lines = append(lines, b[:i+1])
		b = b[i+1:]
	}
	r.objects.Add(int64(len(lines)))
	return lines, true, nil
}

// exportNoAttachments reports whether the export tells that the task m
// has no attachments.
func (r *run) exportNoAttachments(m *taskMeta) bool {
	e, ok := r.exp.covered(m)
	return ok && e.attachments == 0
}

// exportSubtasks returns the subtasks of the task m from the export when
// it tells them, count and order; ok false when they must be listed.
func (r *run) exportSubtasks(m *taskMeta, fresh bool) (lines [][]byte, ok bool, err error) {
	if !fresh || m.NumSubtasks != 1 && !r.b.SearchSubtasks {
		return nil, false, nil
	}
	if _, ok := r.exp.covered(m); !ok {
		return nil, false, nil
	}
	subs := r.exp.byParent[m.GID]
	if len(subs) != m.NumSubtasks {
		return nil, false, nil
	}
	for _, g := range subs {
		l, err := r.exp.read(r.exp.tasks[g].line)
		if err != nil {
			return nil, false, err
		}
		lines = append(lines, l)
	}
	r.objects.Add(int64(len(lines)))
	return lines, true, nil
}
