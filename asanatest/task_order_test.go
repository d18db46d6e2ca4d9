package asanatest

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestTaskOrderMatchesRebuild drives a taskOrder through random adds,
// moves and removals and checks, after each step, that walking it from
// the start and from every task gives what rebuilding the list view from
// scratch gives (the fake's former projectTaskOrder): tasks in no section
// first, then section by section, each in the project's order; a project
// with fewer than two sections in project order.
func TestTaskOrderMatchesRebuild(t *testing.T) {
	tests := []struct {
		name     string
		sections int
		seed     uint64
	}{
		{"no sections", 0, 1},
		{"one section", 1, 2},
		{"two sections", 2, 3},
		{"five sections", 5, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(tt.seed, 0))
			secs := []string{""} // "" is no section
			var listed []string  // the project's sections, in order
			for i := range tt.sections {
				listed = append(listed, fmt.Sprint("s", i))
				secs = append(secs, listed[i])
			}
			o := newTaskOrder()
			var all []string // the reference project order
			section := map[string]string{}
			for step := range 300 {
				g := fmt.Sprint("t", r.IntN(40))
				sec := secs[r.IntN(len(secs))]
				switch op := r.IntN(5); {
				case op == 0 && slices.Contains(all, g):
					o.remove(g)
					all = slices.DeleteFunc(all, func(x string) bool { return x == g })
					delete(section, g)
				case !slices.Contains(all, g) && op < 3:
					o.add(g, sec)
					all = append(all, g)
					section[g] = sec
				default:
					pl, ref := randomPlace(r, all, section, g, sec)
					o.place(g, sec, pl)
					all = ref
					section[g] = sec
				}
				want := rebuild(all, section, listed)
				if got := slices.Collect(mustWalk(t, o, listed, "")); !slices.Equal(got, want) {
					t.Fatalf("step %d: walk %v, want %v", step, got, want)
				}
				for i, g := range want {
					if got := slices.Collect(mustWalk(t, o, listed, g)); !slices.Equal(got, want[i+1:]) {
						t.Fatalf("step %d: after %s: %v, want %v", step, g, got, want[i+1:])
					}
				}
				for _, sec := range listed { // one section's list
					var inSec []string
					for _, g := range want {
						if section[g] == sec {
							inSec = append(inSec, g)
						}
					}
					for i := -1; i < len(inSec); i++ {
						after := ""
						if i >= 0 {
							after = inSec[i]
						}
						seq, _ := o.after(listed, sec, after)
						if got := slices.Collect(seq); !slices.Equal(got, inSec[i+1:]) {
							t.Fatalf("step %d: section %s after %q: %v, want %v", step, sec, after, got, inSec[i+1:])
						}
					}
				}
				if _, ok := o.after(listed, "", "gone"); ok {
					t.Fatalf("step %d: a task not in the project resumes", step)
				}
			}
		})
	}
}

// randomPlace picks a placement for g in section sec and applies it to the
// reference order as the fake's handlers did before taskOrder: on the
// project order, before or after an anchor of sec, or at the top of sec.
func randomPlace(r *rand.Rand, all []string, section map[string]string, g, sec string) (taskPlace, []string) {
	list := slices.DeleteFunc(slices.Clone(all), func(x string) bool { return x == g })
	var inSec []string
	for _, x := range list {
		if section[x] == sec {
			inSec = append(inSec, x)
		}
	}
	var pl taskPlace
	pos := len(list)
	switch k := r.IntN(4); {
	case k == 0 && len(inSec) > 0:
		pl.before = inSec[r.IntN(len(inSec))]
		pos = slices.Index(list, pl.before)
	case k == 1 && len(inSec) > 0:
		pl.after = inSec[r.IntN(len(inSec))]
		pos = slices.Index(list, pl.after) + 1
	case k == 2:
		pl.top, pos = true, 0
		for i, x := range list {
			if section[x] == sec {
				pos = i
				break
			}
		}
	}
	return pl, slices.Insert(list, pos, g)
}

// rebuild is the list view computed from scratch.
func rebuild(all []string, section map[string]string, listed []string) []string {
	if len(listed) < 2 {
		return slices.Clone(all)
	}
	out := []string{}
	for _, sec := range append([]string{""}, listed...) {
		for _, g := range all {
			if section[g] == sec {
				out = append(out, g)
			}
		}
	}
	return out
}

func mustWalk(t *testing.T, o *taskOrder, listed []string, after string) func(func(string) bool) {
	t.Helper()
	seq, ok := o.after(listed, "", after)
	if !ok {
		t.Fatalf("after %q: not found", after)
	}
	return seq
}
