package export

import (
	"context"
	"encoding/json"
	"errors"
	"time"
)

// An append-only log of the organization (the audit log: kinds with since
// set) only grows, so an incremental run copies the base's events and asks
// only for those created since the newest of them, less appendOverlap;
// the events of the overlap that the base holds already are dropped by
// gid. The base's events are kept even once Asana no longer serves them
// (it keeps 90 days): a chain of snapshots then holds the log further
// back than Asana does, which is what a backup is for.
//
// Where the base gives no sure starting point (a full run, no or an
// unreadable file, a line without a gid or a time, no events, the base
// left the kind out) the whole log is read, today's path.

// appendOverlap is how far before the base's newest event an incremental
// run asks again: events recorded with the same or a slightly earlier
// time than the newest one seen (clock skew between Asana's writers, an
// event indexed late) are not lost.
const appendOverlap = 10 * time.Minute

// baseLog is what the base holds of an append-only kind.
type baseLog struct {
	lines  [][]byte
	gids   map[string]bool
	newest time.Time
}

// appendOrList writes the list of kind k of the organization: the base's
// objects and the newer ones where k is an append-only log and the base
// allows it, else the whole list.
func (r *run) appendOrList(ctx context.Context, k backupKind, w *jsonlWriter) error {
	bl := r.baseLogOf(k)
	if bl == nil {
		return r.kindList(ctx, k, r.b.Organization, w)
	}
	if err := r.copyObjects(w, bl.lines); err != nil {
		return err
	}
	q := k.query
	k.query = map[string][]string{k.since: {bl.newest.Add(-appendOverlap).UTC().Format(time.RFC3339Nano)}}
	for key, v := range q {
		k.query[key] = v
	}
	keep := k.keep
	k.keep = func(line []byte) bool {
		g, err := refGID(line, "")
		if err != nil || bl.gids[g] {
			return false // in the base already (or a line refGID cannot read: the base's rule)
		}
		bl.gids[g] = true
		return keep == nil || keep(line)
	}
	return r.kindList(ctx, k, r.b.Organization, w)
}

// baseLogOf returns the base's objects of the append-only kind k, or nil
// when the whole list is to be read.
func (r *run) baseLogOf(k backupKind) *baseLog {
	rel := k.name + ".jsonl"
	if r.base == nil || k.since == "" || k.each != "" {
		return nil
	}
	if _, ok := r.baseFileInfo(rel); !ok {
		return nil
	}
	if len(r.baseSkipped(k.name)) > 0 {
		return nil // the base's file is empty for want of access, not of events
	}
	bl := &baseLog{gids: map[string]bool{}}
	err := eachLine(r.base, rel, func(line []byte) error {
		var obj struct {
			GID       string    `json:"gid"`
			CreatedAt time.Time `json:"created_at"`
		}
		if err := json.Unmarshal(line, &obj); err != nil || checkGID(k.name, obj.GID) != nil || obj.CreatedAt.IsZero() {
			return errors.New("export: a base event without its gid or time")
		}
		bl.lines = append(bl.lines, append([]byte(nil), line...))
		bl.gids[obj.GID] = true
		if obj.CreatedAt.After(bl.newest) {
			bl.newest = obj.CreatedAt
		}
		return nil
	})
	if err != nil || len(bl.lines) == 0 {
		return nil
	}
	return bl
}
