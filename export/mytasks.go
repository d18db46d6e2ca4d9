package export

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"

	"github.com/asanakit/asana-go/asana"
)

// The tasks that are only in someone's My Tasks (user_task_list_tasks) are
// found by listing each member's user task list whole and keeping those in
// no project and without a parent (onlyInMyTasks). The placement lists
// (each My Tasks section's tasks, user_task_list_section_tasks, read
// first) hold the same tasks with their parent, memberships and
// modified_at, so an incremental run derives the list from them instead:
// a task in a project or with a parent is not kept, whatever its
// modified_at; one that is only in My Tasks and whose modified_at is the
// base's is copied from the base's file; any other only-in-My-Tasks task
// (new, changed, or out of its project since) is read alone
// (GET /tasks/{gid}) and kept by the same rule.
//
// Where it does not apply the user task list is listed, today's path: a
// full run, a base without the file or that left some of it out, this
// run's placement leaving a list out or a line without the three fields,
// a user task list without sections (its tasks are in none),
// a member whose changed tasks would cost more reads than the list's
// pages, a read that fails. The derived file is in gid order, as the fake
// lists a user task list (Asana's own order may differ; the file's order
// carries no meaning).

// placementFields are the placement lists' opt_fields.
var placementFields = []string{"name", "modified_at", "parent.gid", "memberships.project.gid"}

// placedTask is a task of a My Tasks section as the placement lists say.
type placedTask struct {
	gid, modifiedAt string
	only            bool // in no project and without a parent
}

// myTasksIndex is what an incremental run knows of My Tasks: this run's
// placement by user task list and the base's only-in-My-Tasks tasks.
type myTasksIndex struct {
	placed   map[string][]placedTask // user task list gid -> its tasks, this run
	sections map[string]bool         // user task lists with a section, this run
	baseOnly map[string][]byte       // task gid -> its line, the base's user_task_list_tasks
}

// myTasksIndexOf builds the index once per run; nil where the derivation
// does not apply.
func (r *run) myTasksIndexOf() *myTasksIndex {
	r.myTasksOnce.Do(func() { r.myTasks = r.loadMyTasksIndex() })
	return r.myTasks
}

func (r *run) loadMyTasksIndex() *myTasksIndex {
	const sections, placement, only = "user_task_list_sections.jsonl", "user_task_list_section_tasks.jsonl", "user_task_list_tasks.jsonl"
	if r.base == nil {
		return nil
	}
	if _, ok := r.baseFileInfo(only); !ok {
		return nil
	}
	if len(r.baseSkipped("user_task_list_tasks")) > 0 {
		return nil // the base does not know every member's My Tasks
	}
	// This run's sections and placement are done (kindLevels) and must
	// have left no list out: a member's missing placement is no evidence.
	r.mu.Lock()
	for _, name := range []string{"user_task_list_sections", "user_task_list_section_tasks"} {
		if u, ok := r.done[name]; !ok || len(u.Omitted) > 0 {
			r.mu.Unlock()
			return nil
		}
	}
	r.mu.Unlock()
	ix := &myTasksIndex{placed: map[string][]placedTask{}, sections: map[string]bool{}, baseOnly: map[string][]byte{}}
	errNoEvidence := errors.New("export: a My Tasks line without its gid or the fields that place it")
	if err := eachLine(r.base, only, func(line []byte) error {
		var t struct {
			GID        string `json:"gid"`
			ModifiedAt string `json:"modified_at"`
		}
		if json.Unmarshal(line, &t) != nil || checkGID("task", t.GID) != nil || t.ModifiedAt == "" {
			return errNoEvidence
		}
		ix.baseOnly[t.GID] = append([]byte(nil), line...)
		return nil
	}); err != nil {
		return nil
	}
	// This run's: a section's project is its user task list.
	list := map[string]string{}
	if err := eachLine(r.snap, sections, func(line []byte) error {
		g, err := refGID(line, "")
		if err != nil {
			return err
		}
		p, err := refGID(line, "project")
		list[g], ix.sections[p] = p, true
		return err
	}); err != nil {
		return nil
	}
	if err := eachLine(r.snap, placement, func(line []byte) error {
		var t struct {
			GID         string          `json:"gid"`
			ModifiedAt  string          `json:"modified_at"`
			Section     *ref            `json:"section"`
			Parent      json.RawMessage `json:"parent"`
			Memberships json.RawMessage `json:"memberships"`
		}
		if json.Unmarshal(line, &t) != nil || checkGID("task", t.GID) != nil || t.ModifiedAt == "" || t.Section == nil ||
			t.Parent == nil || t.Memberships == nil {
			return errNoEvidence // null or [] are evidence, an absent field is not
		}
		if utl, ok := list[t.Section.GID]; ok {
			ix.placed[utl] = append(ix.placed[utl], placedTask{gid: t.GID, modifiedAt: t.ModifiedAt, only: onlyInMyTasks(line)})
		}
		return nil
	}); err != nil {
		return nil
	}
	return ix
}

// myTasksOnly writes the only-in-My-Tasks tasks of user task list utl
// derived from the placement lists, and reports false (nothing written)
// where the list is to be requested instead.
func (r *run) myTasksOnly(ctx context.Context, k backupKind, utl string, w *jsonlWriter) (bool, error) {
	ix := r.myTasksIndexOf()
	if ix == nil || !ix.sections[utl] {
		return false, nil // a list without sections places none of its tasks
	}
	placed := ix.placed[utl]
	var lines [][]byte
	var read []string
	for _, t := range placed {
		if !t.only {
			continue // in a project's files
		}
		if base := ix.baseOnly[t.gid]; base != nil && modifiedAt(base) == t.modifiedAt {
			lines = append(lines, base)
			continue
		}
		read = append(read, t.gid)
	}
	if len(read) > (len(placed)+99)/100 {
		return false, nil // listing the user task list costs less
	}
	q := url.Values{"opt_fields": {strings.Join(k.fields, ",")}}
	for _, g := range read {
		raw, err := r.c.RawGet(ctx, asana.RawRouteOf("Tasks.Get", g), q)
		r.requests.Add(1)
		var ae *asana.Error
		if errors.As(err, &ae) && ae.StatusCode == http.StatusNotFound {
			continue // deleted since the placement was listed
		}
		if err != nil {
			return false, nil // the list decides, as today
		}
		line, err := canonicalLine(raw)
		if err != nil {
			return false, err
		}
		if k.keep == nil || k.keep(line) {
			lines = append(lines, line)
		}
	}
	slices.SortFunc(lines, func(a, b []byte) int {
		ga, _ := refGID(a, "")
		gb, _ := refGID(b, "")
		return gidCompare(ga, gb)
	})
	return true, r.copyObjects(w, lines)
}

// modifiedAt is the modified_at of a task's line ("" if none).
func modifiedAt(line []byte) string {
	var t struct {
		ModifiedAt string `json:"modified_at"`
	}
	_ = json.Unmarshal(line, &t)
	return t.ModifiedAt
}

// myTasksState is the run's My Tasks index, built once.
type myTasksState struct {
	myTasksOnce sync.Once
	myTasks     *myTasksIndex
}
