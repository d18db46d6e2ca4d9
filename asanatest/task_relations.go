package asanatest

// A task's relations to other tasks and users: its parent, dependencies
// and dependents, followers.

import "slices"

// setParentForTask moves a task under another (or to the top level with
// parent null), optionally before or after one of the new parent's
// subtasks. A task cannot become its own descendant.
func (s *Server) setParentForTask(rq *request) reply {
	t, err := rq.pathEditableTask()
	if err != nil {
		return rq.fail(err)
	}
	b, err := rq.body()
	if err != nil {
		return rq.fail(err)
	}
	if !b.has("parent") {
		return rq.fail(missingInput("parent"))
	}
	pg, err := b.gid("parent", false)
	if err != nil {
		return rq.fail(err)
	}
	var parent *Task
	if pg != "" {
		if parent, err = rq.editableTask("parent", pg); err != nil {
			return rq.fail(err)
		}
		if parent.WorkspaceGID != t.WorkspaceGID {
			return rq.fail(badRequest("parent", "Task %s is not in the task's workspace", pg))
		}
		for a := parent; a != nil; a = rq.st.tasks.get(a.ParentGID) {
			if a.GID == t.GID {
				return rq.fail(badRequest("parent", "Cannot make a task a subtask of itself or of its own subtask"))
			}
			if a.ParentGID == "" {
				break
			}
		}
	}
	pos := -1
	if parent != nil {
		if pos, err = siblingPosition(b, parent, t.GID); err != nil {
			return rq.fail(err)
		}
	}
	if old := rq.st.tasks.get(t.ParentGID); old != nil {
		old.SubtaskGIDs = removeValue(old.SubtaskGIDs, t.GID)
		old.ModifiedAt = rq.now
	}
	t.ParentGID = ""
	if parent != nil {
		subs := removeValue(parent.SubtaskGIDs, t.GID)
		if pos < 0 || pos > len(subs) {
			pos = len(subs)
		}
		parent.SubtaskGIDs = slices.Insert(slices.Clone(subs), pos, t.GID)
		parent.ModifiedAt = rq.now
		t.ParentGID = parent.GID
	}
	t.ModifiedAt = rq.now
	return rq.one(s.kinds.task, t)
}

// siblingPosition reads insert_before/insert_after among parent's
// subtasks (other than self) and returns the index to insert at, -1 for
// the end.
func siblingPosition(b *body, parent *Task, self string) (int, error) {
	subs := removeValue(parent.SubtaskGIDs, self)
	before, err := b.gid("insert_before", false)
	if err != nil {
		return 0, err
	}
	after, err := b.gid("insert_after", false)
	if err != nil {
		return 0, err
	}
	switch {
	case before != "" && after != "":
		return 0, badRequest("insert_before", "You may only provide one of insert_before and insert_after")
	case before != "":
		if i := indexOf(subs, before); i >= 0 {
			return i, nil
		}
		return 0, badRequest("insert_before", "Not a subtask of %s: %s", parent.GID, before)
	case after != "":
		if i := indexOf(subs, after); i >= 0 {
			return i + 1, nil
		}
		return 0, badRequest("insert_after", "Not a subtask of %s: %s", parent.GID, after)
	case b.has("insert_after"): // null: at the beginning
		return 0, nil
	}
	return -1, nil
}

// maxDependencies is Asana's cap on a task's dependencies plus dependents.
const maxDependencies = 30

func (s *Server) getDependencyList(side func(*Task) []string) handlerFunc {
	return func(rq *request) reply {
		t, err := rq.pathTask()
		if err != nil {
			return rq.fail(err)
		}
		pg, err := rq.paginateOrdered(side(t), func(g string) bool {
			d := rq.st.liveTask(g)
			return d != nil && s.canSeeTask(rq.p, d)
		})
		if err != nil {
			return rq.fail(err)
		}
		return rq.list(s.kinds.task, pg)
	}
}

// linkDependency makes t depend on dep.
func linkDependency(t, dep *Task) {
	t.DependencyGIDs = appendUnique(t.DependencyGIDs, dep.GID)
	dep.DependentGIDs = appendUnique(dep.DependentGIDs, t.GID)
}

func unlinkDependency(t, dep *Task) {
	t.DependencyGIDs = removeValue(t.DependencyGIDs, dep.GID)
	dep.DependentGIDs = removeValue(dep.DependentGIDs, t.GID)
}

// dependsOn reports whether a (transitively) depends on b.
func (st *state) dependsOn(a, b string, seen map[string]bool) bool {
	if a == b {
		return true
	}
	if seen[a] {
		return false
	}
	seen[a] = true
	t := st.tasks.get(a)
	for _, d := range t.DependencyGIDs {
		if st.dependsOn(d, b, seen) {
			return true
		}
	}
	return false
}

// changeDependencies serves add/remove Dependencies/Dependents: field is
// the body's list; add links, otherwise unlinks. Both tasks are modified.
func (s *Server) changeDependencies(field string, add bool) handlerFunc {
	return func(rq *request) reply {
		t, err := rq.pathEditableTask()
		if err != nil {
			return rq.fail(err)
		}
		b, err := rq.body()
		if err != nil {
			return rq.fail(err)
		}
		gids, err := b.gidList(field, true)
		if err != nil {
			return rq.fail(err)
		}
		for _, g := range gids {
			o, err := rq.taskParam(field, g)
			if err != nil {
				return rq.fail(err)
			}
			waiting, blocking := t, o // t depends on o
			if field == "dependents" {
				waiting, blocking = o, t
			}
			if !add {
				unlinkDependency(waiting, blocking)
				waiting.ModifiedAt, blocking.ModifiedAt = rq.now, rq.now
				continue
			}
			if o.WorkspaceGID != t.WorkspaceGID {
				return rq.fail(badRequest(field, "Task %s is not in the task's workspace", g))
			}
			if slices.Contains(waiting.DependencyGIDs, blocking.GID) {
				continue
			}
			if rq.st.dependsOn(blocking.GID, waiting.GID, map[string]bool{}) {
				return rq.fail(badRequest(field, "Cannot add a circular dependency: %s", g))
			}
			for _, x := range []*Task{waiting, blocking} {
				if len(x.DependencyGIDs)+len(x.DependentGIDs) >= maxDependencies {
					return rq.fail(badRequest(field, "Task %s would have more than %d dependencies and dependents", x.GID, maxDependencies))
				}
			}
			linkDependency(waiting, blocking)
			waiting.ModifiedAt, blocking.ModifiedAt = rq.now, rq.now
		}
		return rq.empty()
	}
}

// changeTaskFollowers applies edit for each user of the body's followers
// and answers the task.
func (s *Server) changeTaskFollowers(rq *request, edit func(t *Task, u *User) error) reply {
	t, err := rq.pathEditableTask()
	if err != nil {
		return rq.fail(err)
	}
	users, err := rq.bodyUsers("followers", true)
	if err != nil {
		return rq.fail(err)
	}
	next := t.clone()
	for _, u := range users {
		if err := edit(&next, u); err != nil {
			return rq.fail(err)
		}
	}
	next.ModifiedAt = rq.now
	*t = next
	return rq.one(s.kinds.task, t)
}

func (s *Server) addFollowersForTask(rq *request) reply {
	return s.changeTaskFollowers(rq, func(t *Task, u *User) error {
		if !rq.st.activeMember(t.WorkspaceGID, u.GID) {
			return badRequest("followers", "Not a member of the task's workspace: %s", u.GID)
		}
		t.FollowerGIDs = appendUnique(t.FollowerGIDs, u.GID)
		return nil
	})
}

func (s *Server) removeFollowerForTask(rq *request) reply {
	return s.changeTaskFollowers(rq, func(t *Task, u *User) error {
		t.FollowerGIDs = removeValue(t.FollowerGIDs, u.GID)
		return nil
	})
}
