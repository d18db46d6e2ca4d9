package export

import (
	"crypto/sha256"
	"errors"
	"hash/fnv"
)

// An incremental run copies some lists of a parent from the base instead
// of listing them again (the kinds of backupKinds with reuse set: a
// project's memberships, custom field settings, status updates,
// attachments and task templates). It does so only on evidence that the
// parent did not change: the parent's line, freshly listed in this run
// (for a project: modified_at, members, custom field settings, current
// status update, brief), is byte for byte the base's, the base holds the
// kind's file and did not leave that parent's list out. Where any of it
// is missing the list is requested, today's path.
//
// Some changes leave no trace on the parent (an access level changed, a
// file attached to a project, a task template added): so that such a
// change is never missed for long, each parent's lists are requested
// again at least every Backup.RelistEvery-th incremental run, parents
// spread over the runs by a hash of their gid.

// baseLists is what the base says of one kind: its parents' lines and
// its objects by parent.
type baseLists struct {
	parents map[string][sha256.Size]byte // parent gid -> SHA-256 of its base line
	objects map[string][][]byte          // parent gid -> its objects' lines, in order
	skipped map[string]bool              // parents whose list the base left out
}

// reusable returns what the base holds of kind k, or nil when k's lists
// are all requested (a full run, a kind without reuse, RelistEvery 1, a
// base without the kind's file or one that cannot be read).
func (r *run) reusable(k backupKind) *baseLists {
	if r.base == nil || k.reuse == "" || k.each == "" || r.relistEvery() == 1 {
		return nil
	}
	if _, ok := r.baseFileInfo(k.each + ".jsonl"); !ok {
		return nil
	}
	if _, ok := r.baseFileInfo(k.name + ".jsonl"); !ok {
		return nil
	}
	bl := &baseLists{parents: map[string][sha256.Size]byte{}, objects: map[string][][]byte{}, skipped: map[string]bool{}}
	err := eachLine(r.base, k.each+".jsonl", func(line []byte) error {
		g, err := refGID(line, "")
		if err == nil && checkGID(k.each, g) == nil {
			bl.parents[g] = sha256.Sum256(line)
		}
		return nil
	})
	if err != nil {
		return nil
	}
	field := k.reuse
	if field == "gid" {
		field = ""
	}
	err = eachLine(r.base, k.name+".jsonl", func(line []byte) error {
		g, err := refGID(line, field)
		if err != nil || checkGID(k.name, g) != nil {
			return errors.New("export: a base object without its parent")
		}
		bl.objects[g] = append(bl.objects[g], append([]byte(nil), line...))
		return nil
	})
	if err != nil {
		return nil // unsure which parent an object is of: list them all
	}
	for _, s := range r.baseSkipped(k.name) {
		if s.Parent == "" {
			return nil
		}
		bl.skipped[s.Parent] = true
	}
	return bl
}

// relistEvery is Backup.RelistEvery, at least 1 (the default: no reuse).
func (r *run) relistEvery() int {
	return max(r.b.RelistEvery, 1)
}

// lookup returns the base's objects of parent (the gid read, from the
// parent line line) when the evidence says they are unchanged.
func (bl *baseLists) lookup(r *run, line []byte, parent string) ([][]byte, bool) {
	if bl == nil || bl.skipped[parent] {
		return nil, false
	}
	own, err := refGID(line, "")
	if err != nil {
		return nil, false
	}
	if h, ok := bl.parents[own]; !ok || h != sha256.Sum256(line) {
		return nil, false
	}
	n := uint32(r.relistEvery())
	f := fnv.New32a()
	f.Write([]byte(own))
	if f.Sum32()%n == uint32(r.st.Sequence)%n {
		return nil, false // this parent's turn to be listed again
	}
	return bl.objects[parent], true
}

// copyObjects writes the base's lines objs as this run's.
func (r *run) copyObjects(w *jsonlWriter, objs [][]byte) error {
	for _, line := range objs {
		if err := w.writeLine(line); err != nil {
			return err
		}
	}
	r.objects.Add(int64(len(objs)))
	return nil
}
