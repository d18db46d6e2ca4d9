package export

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/asanakit/asana-go/asana"
)

// The premium task search saves a backup most of its per-task requests:
// it tells which tasks have attachments (has_attachment), so that the
// others need no attachments call, and it finds subtasks in bulk
// (is_subtask). In a full run a parent with a single subtask takes it from
// search (one subtask has no order to lose) and a parent with more is
// listed, so that its manual order is kept; with SearchSubtasks every
// parent takes its subtasks from search, in creation order. In an
// incremental run search finds the subtasks modified since the base, so
// that a parent whose own record and subtask count did not change keeps
// its subtasks from the base instead of listing them again.
//
// Correctness never depends on it. A search that is not available (402 on
// a workspace that is not premium, any other refusal, a result the run
// cannot page through) leaves the run on the per-task path. Search's index
// trails writes: an object modified less than SearchLag before the run
// started is never judged from search (its attachments and subtasks are
// listed, and a subtask so modified is not taken from search), and a
// parent whose subtask count differs from what search found is listed too.

// DefaultSearchLag is how far Asana's search index is assumed to trail
// writes when Backup.SearchLag is zero.
const DefaultSearchLag = 10 * time.Minute

// searchSpoolFile holds the subtasks search found, for the run only: it
// is a temporary file, removed before the snapshot is finished.
const searchSpoolFile = ".search-subtasks.jsonl.tmp"

// searchPageSize is the most results a search answers; search has no
// offsets, so the next page starts after the last created_at.
const searchPageSize = 100

// searched is what a run learned from search before its projects.
type searched struct {
	// cutoff: an object modified after it may be missing from the index.
	cutoff time.Time
	// from: the searches covered objects modified after it (zero for a
	// full run, which searched everything).
	from time.Time
	// subs holds the subtasks found, nil when subtask search was not
	// available.
	subs *spool
	// attached holds the tasks found with attachments; nil when the
	// attachment search was not available.
	attached map[string]struct{}
}

// searchMeta is what the searches read from a task record.
type searchMeta struct {
	GID        string `json:"gid"`
	CreatedAt  string `json:"created_at"`
	ModifiedAt string `json:"modified_at"`
	Parent     *struct {
		GID string `json:"gid"`
	} `json:"parent"`
}

// spool is a temporary file of canonical task lines with an index. An
// incremental run's (add) is by gid and by parent, in the order found,
// tens of bytes of memory per subtask modified since the base. A full
// run's (addFound, then finish) is 16 bytes per subtask while searching,
// then sorted by parent and cut to the parents that may take their
// subtasks from search: every one with SearchSubtasks, otherwise those
// with a single subtask.
type spool struct {
	f        *os.File
	size     int64
	byGID    map[string]span
	byParent map[string][]string
	found    []foundSub
}

// foundSub is a subtask a full run's search found: its parent's gid as a
// number (gidKey) and where its line lies in the spool, packed as
// offset<<spanSizeBits | size. A size of 0 marks a line that must not be
// used: modified within the lag, or beyond what the packing holds.
type foundSub struct {
	parent uint64
	at     uint64
}

// spanSizeBits holds a line of up to maxLineBytes-1; the offset keeps the
// other 40 bits (1 TiB of spool).
const spanSizeBits = 24

// gidKey is gid as a number, false for a gid that has no one-to-one
// number (over 19 digits, or a leading zero): a parent with such a gid is
// listed. gid has passed checkGID.
func gidKey(gid string) (uint64, bool) {
	if len(gid) > 19 || len(gid) > 1 && gid[0] == '0' {
		return 0, false
	}
	k, err := strconv.ParseUint(gid, 10, 64)
	return k, err == nil
}

func newSpool(snap *os.Root) (*spool, error) {
	f, err := createExclusive(snap, searchSpoolFile)
	if err != nil {
		return nil, err
	}
	return &spool{f: f, byGID: map[string]span{}, byParent: map[string][]string{}}, nil
}

func (s *spool) add(gid, parent string, line []byte) error {
	if _, dup := s.byGID[gid]; dup {
		return nil
	}
	if _, err := s.f.WriteAt(line, s.size); err != nil {
		return err
	}
	s.byGID[gid] = span{off: s.size, size: int64(len(line)), n: 1}
	s.size += int64(len(line))
	if parent != "" {
		s.byParent[parent] = append(s.byParent[parent], gid)
	}
	return nil
}

// addFound spools a subtask of a full run's search; usable is false for
// one that search may not have caught up with.
func (s *spool) addFound(parent string, line []byte, usable bool) error {
	k, ok := gidKey(parent)
	if !ok {
		return nil
	}
	var at uint64
	if usable && len(line) < 1<<spanSizeBits && s.size < 1<<(64-spanSizeBits) {
		if _, err := s.f.WriteAt(line, s.size); err != nil {
			return err
		}
		at = uint64(s.size)<<spanSizeBits | uint64(len(line))
		s.size += int64(len(line))
	}
	s.found = append(s.found, foundSub{parent: k, at: at})
	return nil
}

// finish sorts a full run's index by parent, search's order kept within
// one, and keeps only the parents with a single subtask unless many.
func (s *spool) finish(many bool) {
	slices.SortStableFunc(s.found, func(a, b foundSub) int { return cmp.Compare(a.parent, b.parent) })
	if !many {
		out := s.found[:0]
		for i, e := range s.found {
			if (i == 0 || s.found[i-1].parent != e.parent) && (i+1 == len(s.found) || s.found[i+1].parent != e.parent) {
				out = append(out, e)
			}
		}
		s.found = out
	}
	s.found = slices.Clone(s.found) // drop the capacity the search grew
}

// foundLines returns the subtask lines a full run's search found for
// parent, in search's order; ok is false when there is an entry that must
// not be used.
func (s *spool) foundLines(parent string) (lines [][]byte, ok bool, err error) {
	k, ok := gidKey(parent)
	if !ok {
		return nil, false, nil
	}
	i, _ := slices.BinarySearchFunc(s.found, k, func(e foundSub, k uint64) int { return cmp.Compare(e.parent, k) })
	for ; i < len(s.found) && s.found[i].parent == k; i++ {
		at := s.found[i].at
		size := at & (1<<spanSizeBits - 1)
		if size == 0 {
			return nil, false, nil
		}
		b := make([]byte, size)
		if _, err := s.f.ReadAt(b, int64(at>>spanSizeBits)); err != nil {
			return nil, false, err
		}
		lines = append(lines, b)
	}
	return lines, true, nil
}

// line returns the spooled line of gid, or nil.
func (s *spool) line(gid string) ([]byte, error) {
	sp, ok := s.byGID[gid]
	if !ok {
		return nil, nil
	}
	b := make([]byte, sp.size)
	_, err := s.f.ReadAt(b, sp.off)
	return b, err
}

// close removes the spool file of s, if any.
func (s *searched) close(snap *os.Root) {
	if s != nil {
		s.subs.close(snap)
	}
}

// close closes and removes the spool file.
func (s *spool) close(snap *os.Root) {
	if s == nil || s.f == nil {
		return
	}
	s.f.Close()
	s.f = nil
	_ = snap.Remove(searchSpoolFile)
}

// searchLag is b.SearchLag or its default.
func (b *Backup) searchLag() time.Duration {
	if b.SearchLag > 0 {
		return b.SearchLag
	}
	return DefaultSearchLag
}

// prepareSearch runs the searches of a run: tasks with attachments, and
// subtasks. A full run (no base) searches everything, an incremental run
// what was modified since its base (widened by the lag).
func (r *run) prepareSearch(ctx context.Context) error {
	if r.b.DisableSearch {
		return nil
	}
	lag := r.b.searchLag()
	s := &searched{cutoff: r.st.StartedAt.Add(-lag)}
	q := url.Values{}
	if r.base != nil {
		s.from = r.st.Since.Add(-lag)
		q.Set("modified_at.after", formatTime(s.from))
	}
	var wg sync.WaitGroup
	var attErr, subErr error
	wg.Add(1)
	go func() {
		defer wg.Done()
		aq := cloneValues(q)
		aq.Set("has_attachment", "true")
		set := map[string]struct{}{}
		ok, err := r.searchAll(ctx, aq, []string{"created_at"}, func(line []byte, m *searchMeta) error {
			set[m.GID] = struct{}{}
			return nil
		})
		if attErr = err; ok {
			s.attached = set
		}
	}()
	sp, err := newSpool(r.snap)
	if err != nil {
		wg.Wait()
		return err
	}
	sq := cloneValues(q)
	sq.Set("is_subtask", "true")
	full := r.base == nil
	ok, err := r.searchAll(ctx, sq, taskFields, func(line []byte, m *searchMeta) error {
		if m.Parent == nil {
			return nil
		}
		if err := checkGID("task", m.Parent.GID); err != nil {
			return err
		}
		if full {
			return sp.addFound(m.Parent.GID, line, s.covered(m.ModifiedAt))
		}
		return sp.add(m.GID, m.Parent.GID, line)
	})
	subErr = err
	if ok && err == nil {
		if full {
			sp.finish(r.b.SearchSubtasks)
		}
		s.subs = sp
	} else {
		sp.close(r.snap)
	}
	wg.Wait()
	if err := errors.Join(attErr, subErr); err != nil {
		s.subs.close(r.snap)
		return err
	}
	r.srch = s
	return nil
}

// searchAll pages through a task search of the organization in creation
// order (Tasks.SearchAll, raw: the client's one pagination loop with its
// creation-time cursor), calling fn once per task found. It returns false,
// and no error, when search is not available or cannot be paged through
// (asana.ErrSearchStuck: ties beyond a page, results out of order); the
// caller then goes without it.
func (r *run) searchAll(ctx context.Context, q url.Values, fields []string, fn func([]byte, *searchMeta) error) (bool, error) {
	opts := &asana.TaskSearchOptions{Limit: searchPageSize, Fields: fields, Extra: q}
	for page, err := range r.c.Tasks.SearchAll(ctx, r.b.Organization, opts).Raw().Pages() {
		if err != nil {
			var ae *asana.Error
			if ctx.Err() == nil && (errors.Is(err, asana.ErrSearchStuck) || errors.As(err, &ae) && ae.StatusCode != http.StatusUnauthorized) {
				return false, nil
			}
			return false, err
		}
		r.requests.Add(1)
		r.report("search")
		for _, it := range page.Items {
			line, err := canonicalLine(it)
			if err != nil {
				return false, err
			}
			var m searchMeta
			if err := json.Unmarshal(line, &m); err != nil {
				return false, err
			}
			if err := checkGID("task", m.GID); err != nil {
				return false, err
			}
			if err := fn(line, &m); err != nil {
				return false, err
			}
		}
	}
	return true, nil
}

func formatTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

func cloneValues(q url.Values) url.Values {
	out := url.Values{}
	for k, v := range q {
		out[k] = slices.Clone(v)
	}
	return out
}

// covered reports whether search can judge a task modified at modified:
// after the searches' window began and before the index may lag.
func (s *searched) covered(modified string) bool {
	t, err := time.Parse(time.RFC3339Nano, modified)
	return err == nil && !t.After(s.cutoff) && (s.from.IsZero() || t.After(s.from))
}

// needAttachments reports whether the attachments of a task must be
// listed: unless search found that it has none.
func (r *run) needAttachments(m *taskMeta) bool {
	s := r.srch
	if s == nil || s.attached == nil || !s.covered(m.ModifiedAt) {
		return true
	}
	_, ok := s.attached[m.GID]
	return ok
}

// knownSubtasks returns the subtasks of the task m, as canonical lines in
// order, when search and the base tell them without a request; ok is false
// when they must be listed. fresh says whether m's num_subtasks is
// current; current[i] says the same of the subtask lines returned (nil:
// all are).
func (r *run) knownSubtasks(m *taskMeta, fresh bool, idx *projectIndex) (lines [][]byte, current []bool, ok bool, err error) {
	s := r.srch
	if s == nil || s.subs == nil || !fresh {
		return nil, nil, false, nil
	}
	t, err := time.Parse(time.RFC3339Nano, m.ModifiedAt)
	if err != nil || t.After(s.cutoff) {
		return nil, nil, false, nil
	}
	if s.from.IsZero() {
		// Full: search found every subtask there is. Without
		// SearchSubtasks only a single subtask is taken: the manual
		// order of more is the parent's list's.
		if m.NumSubtasks != 1 && !r.b.SearchSubtasks {
			return nil, nil, false, nil
		}
		lines, ok, err := s.subs.foundLines(m.GID)
		if err != nil || !ok || len(lines) != m.NumSubtasks {
			return nil, nil, false, err
		}
		return lines, nil, true, nil // nil: every line current
	}
	found := s.subs.byParent[m.GID]
	// Incremental: the base's subtasks, those modified since replaced by
	// what search found. A parent that changed is listed: moving a
	// subtask, within its parent or to another, modifies the parents (as
	// the fake has it). With SearchSubtasks the order is creation order
	// whatever the parent's, and a single subtask has no order to lose, so
	// then only the count and the set of subtasks need to match (a
	// subtask moved in was modified, so search found it, or was moved
	// within the lag, and so was the parent). A base subtask with
	// subtasks of its own might have lost one without a change of its
	// own: then all are listed.
	if idx == nil {
		return nil, nil, false, nil
	}
	old := idx.task(m.GID)
	children := idx.children[m.GID]
	if old.n == 0 || (old.modified != m.ModifiedAt && !r.b.SearchSubtasks && m.NumSubtasks != 1) ||
		old.subtasks != m.NumSubtasks || len(children) != m.NumSubtasks {
		return nil, nil, false, nil
	}
	for _, g := range found {
		if !slices.Contains(children, g) {
			return nil, nil, false, nil // moved here, or new
		}
	}
	for _, g := range children {
		l, err := s.subs.line(g)
		cur := l != nil
		if err == nil && l == nil {
			sp, in := idx.tasks[g]
			if !in || sp.subtasks > 0 {
				return nil, nil, false, nil
			}
			l, err = idx.read(idx.taskFile, sp.span)
		}
		if err != nil {
			return nil, nil, false, err
		}
		lines, current = append(lines, l), append(current, cur)
	}
	return lines, current, true, nil
}

// sortSubtasks puts subtask lines in creation order (gid breaking ties),
// the order of a snapshot taken with SearchSubtasks: search does not tell
// a parent's manual order, so every source of subtasks is put in this one.
// current, when not nil, is permuted alongside.
func sortSubtasks(lines [][]byte, current []bool) {
	type item struct {
		created time.Time
		gid     string
		line    []byte
		cur     bool
	}
	items := make([]item, len(lines))
	for i, l := range lines {
		var m searchMeta
		_ = json.Unmarshal(l, &m)
		c, _ := time.Parse(time.RFC3339Nano, m.CreatedAt)
		items[i] = item{created: c, gid: m.GID, line: l, cur: current == nil || current[i]}
	}
	slices.SortStableFunc(items, func(a, b item) int {
		if c := a.created.Compare(b.created); c != 0 {
			return c
		}
		return gidCompare(a.gid, b.gid)
	})
	for i, it := range items {
		lines[i] = it.line
		if current != nil {
			current[i] = it.cur
		}
	}
}

// gidCompare orders gids as numbers: shorter first, then by digits.
func gidCompare(a, b string) int {
	if len(a) != len(b) {
		return len(a) - len(b)
	}
	return strings.Compare(a, b)
}
