package asanatest

import (
	"iter"
	"slices"
)

// taskOrder is one project's tasks, kept in step on every insert, move and
// removal so that a page of the project's list costs O(page): an offset
// resumes from the position of the task it names, found in O(1), instead of
// from a list rebuilt for every page.
//
// Asana's list view shows the tasks section by section, in the project's
// section order, tasks in no section first; each section in the project's
// task order (creation order unless a handler moves a task). A project with
// fewer than two sections lists its tasks in the project's task order.
type taskOrder struct {
	// all is the project's task order across sections.
	all positions
	// bySection holds each section's tasks ("" for tasks in none) in the
	// project's task order, and section each task's section here.
	bySection map[string]*positions
	section   map[string]string
}

func newTaskOrder() *taskOrder {
	return &taskOrder{bySection: map[string]*positions{}, section: map[string]string{}}
}

// tasks is the project's task order. Callers must not modify it; it stays
// valid after later changes (those copy it), so a snapshot may keep it.
func (o *taskOrder) tasks() []string {
	if o == nil {
		return nil
	}
	return o.all.gids
}

// sectionTasks are the tasks of one section, in order (not to be modified).
func (o *taskOrder) sectionTasks(sec string) []string {
	if o == nil || o.bySection[sec] == nil {
		return nil
	}
	return o.bySection[sec].gids
}

func (o *taskOrder) bucket(sec string) *positions {
	b := o.bySection[sec]
	if b == nil {
		b = &positions{}
		o.bySection[sec] = b
	}
	return b
}

// add puts a task at the end of the project, in section sec.
func (o *taskOrder) add(g, sec string) {
	o.all.insert(len(o.all.gids), g)
	o.bucket(sec).insert(len(o.bucket(sec).gids), g)
	o.section[g] = sec
}

// taskPlace says where a task goes: before or after another task of the
// project, at the top of its section, or (all empty) at the end.
type taskPlace struct {
	before, after string
	top           bool
}

// place moves a task of the project (or adds one) to section sec, at pl.
func (o *taskOrder) place(g, sec string, pl taskPlace) {
	o.remove(g)
	at := func(p *positions, top func() int) int {
		switch {
		case pl.before != "":
			if i, ok := p.pos[pl.before]; ok {
				return i
			}
		case pl.after != "":
			if i, ok := p.pos[pl.after]; ok {
				return i + 1
			}
		case pl.top:
			return top()
		}
		return len(p.gids)
	}
	b := o.bucket(sec)
	o.all.insert(at(&o.all, func() int {
		// The top of the section: before its first task, else the
		// project's first.
		if len(b.gids) > 0 {
			return o.all.pos[b.gids[0]]
		}
		return 0
	}), g)
	b.insert(at(b, func() int { return 0 }), g)
	o.section[g] = sec
}

// remove drops a task from the project's order.
func (o *taskOrder) remove(g string) {
	if o == nil {
		return
	}
	sec, ok := o.section[g]
	if !ok {
		return
	}
	o.all.remove(g)
	o.bySection[sec].remove(g)
	delete(o.section, g)
}

// after walks the list view of a project with sections secs (or of one
// section, if only is not empty) from the task after the one named (from
// the start when after is empty). ok is false when that task has left the
// project.
func (o *taskOrder) after(secs []string, only, after string) (seq iter.Seq[string], ok bool) {
	if o == nil {
		return func(func(string) bool) {}, after == ""
	}
	if len(secs) < 2 && only == "" {
		start, ok := o.all.next(after)
		return slices.Values(o.all.gids[start:]), ok
	}
	// rank orders buckets: tasks in no section first, then each section.
	rank := func(sec string) int {
		if sec == "" {
			return 0
		}
		if i := slices.Index(secs, sec); i >= 0 {
			return i + 1
		}
		return -1 // a deleted section (it held only deleted tasks)
	}
	walk := append([]string{""}, secs...)
	if only != "" {
		walk = []string{only}
	}
	afterRank, afterPos := -1, -1
	if after != "" {
		sec, in := o.section[after]
		if afterRank = rank(sec); !in || afterRank < 0 {
			return nil, false
		}
		afterPos = o.bySection[sec].pos[after]
	}
	return func(yield func(string) bool) {
		for _, sec := range walk {
			b, r := o.bySection[sec], rank(sec)
			if b == nil || r < afterRank {
				continue
			}
			start := 0
			if r == afterRank {
				start = afterPos + 1
			}
			for _, g := range b.gids[start:] {
				if !yield(g) {
					return
				}
			}
		}
	}, true
}

// positions is a list of GIDs with the index of each. Changes copy the
// list (appends aside), so a slice handed out earlier never changes.
type positions struct {
	gids []string
	pos  map[string]int
}

func (p *positions) insert(i int, g string) {
	if p.pos == nil {
		p.pos = map[string]int{}
	}
	if i == len(p.gids) {
		p.gids = append(p.gids, g)
		p.pos[g] = i
		return
	}
	p.gids = slices.Insert(slices.Clone(p.gids), i, g)
	for j := i; j < len(p.gids); j++ {
		p.pos[p.gids[j]] = j
	}
}

func (p *positions) remove(g string) {
	i, ok := p.pos[g]
	if !ok {
		return
	}
	delete(p.pos, g)
	p.gids = slices.Delete(slices.Clone(p.gids), i, i+1)
	for j := i; j < len(p.gids); j++ {
		p.pos[p.gids[j]] = j
	}
}

// next is the index after g (0 for ""); ok is false when g is not listed.
func (p *positions) next(g string) (int, bool) {
	if g == "" {
		return 0, true
	}
	i, ok := p.pos[g]
	if !ok {
		return len(p.gids), false
	}
	return i + 1, true
}
