package asanatest

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Tags: the tag "Tags" of the spec, with addTag and removeTag of "Tasks".
// A tag lives in one workspace and labels any of its tasks; unlike a
// project it gives its tasks no order, so tasks for a tag come in GID
// order. Guesses where the spec and docs are silent (doc.go lists them):
// a tag is visible to every member of its workspace except guests, who
// see the tags they follow (a tag's creator follows it); adding a tag
// modifies the task, writes an "added_to_tag" story and records the task
// "added" with the tag as its parent event, as adding a project does; deleting a tag removes it from its tasks without
// modifying them (the tasks stay).
func (s *Server) tagRoutes() {
	s.handle("GET /tags", s.getTags)
	s.handle("POST /tags", s.createTag)
	s.handle("GET /tags/{tag_gid}", s.getTag)
	s.handle("PUT /tags/{tag_gid}", s.updateTag)
	s.handle("DELETE /tags/{tag_gid}", s.deleteTag)
	s.handle("GET /tasks/{task_gid}/tags", s.getTagsForTask)
	s.handle("GET /workspaces/{workspace_gid}/tags", s.getTagsForWorkspace)
	s.handle("POST /workspaces/{workspace_gid}/tags", s.createTagForWorkspace)
	s.handle("GET /tags/{tag_gid}/tasks", s.getTasksForTag)
	s.handle("POST /tasks/{task_gid}/addTag", s.addTagForTask)
	s.handle("POST /tasks/{task_gid}/removeTag", s.removeTagForTask)
}

// Tag is a label for tasks of one workspace.
type Tag struct {
	GID          string
	WorkspaceGID string
	Name         string
	// Color is one of the spec's colors (those of projects); empty renders
	// as null.
	Color        string
	Notes        string
	FollowerGIDs []string
	CreatedAt    time.Time
}

func (t Tag) clone() Tag { t.FollowerGIDs = slices.Clone(t.FollowerGIDs); return t }

// tagStore holds the tags (storeOf[tagStore]) and which tasks carry them.
type tagStore struct {
	tags        table[Tag]
	byWorkspace index
	tasks       index // tag -> tasks carrying it, live or deleted
}

func newTagStore() any {
	return &tagStore{tags: newTable[Tag](), byWorkspace: make(index), tasks: make(index)}
}

func (ts *tagStore) insert(st *state, t *Tag) *Tag {
	ts.tags.put(st.gidFor(&t.GID), t)
	ts.byWorkspace.add(t.WorkspaceGID, t.GID)
	return t
}

// remove drops a tag and takes it off every task that carries it.
func (ts *tagStore) remove(st *state, t *Tag) {
	for _, g := range ts.tasks[t.GID] {
		if task := st.tasks.get(g); task != nil {
			task.TagGIDs = removeValue(task.TagGIDs, t.GID)
		}
	}
	delete(ts.tasks, t.GID)
	ts.byWorkspace.remove(t.WorkspaceGID, t.GID)
	ts.tags.remove(t.GID)
}

// tagTask puts tag g on task t (its index included); false when t had it.
func (ts *tagStore) tagTask(t *Task, g string) bool {
	if slices.Contains(t.TagGIDs, g) {
		return false
	}
	t.TagGIDs = append(slices.Clone(t.TagGIDs), g)
	ts.tasks.add(g, t.GID)
	return true
}

// untagTask takes tag g off task t; false when t did not have it.
func (ts *tagStore) untagTask(t *Task, g string) bool {
	if !slices.Contains(t.TagGIDs, g) {
		return false
	}
	t.TagGIDs = removeValue(t.TagGIDs, g)
	ts.tasks.remove(g, t.GID)
	return true
}

// tagKind renders a tag (the spec's TagResponse).
var tagKind = func() *kind {
	k := newKind("tag", []string{"resource_type", "name"},
		[]string{"resource_type", "name", "color", "notes", "created_at", "followers", "workspace", "permalink_url"},
		map[string]func(*view, *Tag) any{
			"gid":           func(_ *view, t *Tag) any { return t.GID },
			"name":          func(_ *view, t *Tag) any { return t.Name },
			"color":         func(_ *view, t *Tag) any { return nullable(t.Color) },
			"notes":         func(_ *view, t *Tag) any { return t.Notes },
			"created_at":    func(_ *view, t *Tag) any { return t.CreatedAt },
			"followers":     func(v *view, t *Tag) any { return v.refs(v.kinds.user, t.FollowerGIDs) },
			"workspace":     func(v *view, t *Tag) any { return v.refTo(v.kinds.workspace, t.WorkspaceGID) },
			"permalink_url": func(v *view, t *Tag) any { return v.base + "/0/" + t.GID + "/list" },
		})
	storedIn(k, func(st *state) *table[Tag] { return &storeOf[tagStore](st).tags })
	return k
}()

// canSeeTag reports whether p may read the tag.
func (s *Server) canSeeTag(p *principal, t *Tag) bool {
	if !s.canSeeWorkspace(p, t.WorkspaceGID) {
		return false
	}
	return !s.isGuest(p, t.WorkspaceGID) || slices.Contains(t.FollowerGIDs, p.user.GID)
}

// tagParam resolves a tag the caller can see.
func (rq *request) tagParam(param, gid string) (*Tag, error) {
	return resolve(param, gid, storeOf[tagStore](rq.st).tags.get, func(t *Tag) bool { return rq.s.canSeeTag(rq.p, t) })
}

// editableTag is the path's tag, for writes.
func (rq *request) editableTag() (*Tag, error) {
	t, err := rq.tagParam("tag", rq.r.PathValue("tag_gid"))
	if err == nil && !rq.s.canWrite(rq.p, t.WorkspaceGID) {
		err = forbidden("You do not have permission to edit this tag")
	}
	return t, err
}

// tagFields applies name, color and notes of a create or update body.
func tagFields(b *body, t *Tag) error {
	if b.has("name") {
		name, err := b.str("name", false)
		if err != nil {
			return err
		}
		t.Name = name
	}
	if b.has("color") {
		c, err := b.str("color", false)
		if err != nil {
			return err
		}
		if c != "" && !slices.Contains(projectColors, c) {
			return badRequest("color", "Not a valid enum value: %q", c)
		}
		t.Color = c
	}
	if b.has("notes") {
		notes, err := b.str("notes", false)
		if err != nil {
			return err
		}
		t.Notes = notes
	}
	return nil
}

// newTag creates a tag in ws from the body; the creator follows it.
func (s *Server) newTag(rq *request, ws *Workspace) reply {
	if !s.canWrite(rq.p, ws.GID) {
		return rq.fail(forbidden("You do not have permission to create tags in this workspace"))
	}
	b := rq.data
	t := Tag{WorkspaceGID: ws.GID, FollowerGIDs: []string{rq.p.user.GID}, CreatedAt: rq.now}
	if err := tagFields(b, &t); err != nil {
		return rq.fail(err)
	}
	if strings.TrimSpace(t.Name) == "" {
		return rq.fail(missingInput("name"))
	}
	followers, err := rq.bodyUsers("followers", false)
	if err != nil {
		return rq.fail(err)
	}
	for _, u := range followers {
		if !rq.st.activeMember(ws.GID, u.GID) {
			return rq.fail(badRequest("followers", "Not a member of workspace %s: %s", ws.GID, u.GID))
		}
		t.FollowerGIDs = appendUnique(t.FollowerGIDs, u.GID)
	}
	tag := storeOf[tagStore](rq.st).insert(rq.st, &t)
	return rq.created(tagKind, tag, "/tags/"+tag.GID)
}

func (s *Server) createTag(rq *request) reply {
	b, err := rq.body()
	if err != nil {
		return rq.fail(err)
	}
	g, err := b.gid("workspace", true)
	if err != nil {
		return rq.fail(err)
	}
	ws, err := rq.workspaceParam("workspace", g)
	if err != nil {
		return rq.fail(err)
	}
	return s.newTag(rq, ws)
}

func (s *Server) createTagForWorkspace(rq *request) reply {
	ws, err := rq.pathWorkspace()
	if err != nil {
		return rq.fail(err)
	}
	if _, err := rq.body(); err != nil {
		return rq.fail(err)
	}
	return s.newTag(rq, ws)
}

func (s *Server) getTag(rq *request) reply {
	t, err := rq.tagParam("tag", rq.r.PathValue("tag_gid"))
	if err != nil {
		return rq.fail(err)
	}
	return rq.one(tagKind, t)
}

// updateTag changes name, color and notes; followers and workspace are
// not writable here (the spec's TagUpdateRequest has neither).
func (s *Server) updateTag(rq *request) reply {
	t, err := rq.editableTag()
	if err != nil {
		return rq.fail(err)
	}
	b, err := rq.body()
	if err != nil {
		return rq.fail(err)
	}
	next := t.clone()
	if err := tagFields(b, &next); err != nil {
		return rq.fail(err)
	}
	if strings.TrimSpace(next.Name) == "" {
		return rq.fail(badRequest("name", "Cannot be empty"))
	}
	*t = next
	return rq.one(tagKind, t)
}

func (s *Server) deleteTag(rq *request) reply {
	t, err := rq.editableTag()
	if err != nil {
		return rq.fail(err)
	}
	storeOf[tagStore](rq.st).remove(rq.st, t)
	return rq.empty()
}

// tagList lists the visible tags among gids.
func (s *Server) tagList(rq *request, gids []string) reply {
	ts := storeOf[tagStore](rq.st)
	p, err := rq.paginate(gids, func(g string) bool { return s.canSeeTag(rq.p, ts.tags.get(g)) })
	if err != nil {
		return rq.fail(err)
	}
	return rq.list(tagKind, p)
}

// getTags lists a workspace's tags; the workspace is required, as for
// projects.
func (s *Server) getTags(rq *request) reply {
	g, err := rq.queryGID("workspace", true)
	if err != nil {
		return rq.fail(err)
	}
	ws, err := rq.workspaceParam("workspace", g)
	if err != nil {
		return rq.fail(err)
	}
	return s.tagList(rq, storeOf[tagStore](rq.st).byWorkspace[ws.GID])
}

func (s *Server) getTagsForWorkspace(rq *request) reply {
	ws, err := rq.pathWorkspace()
	if err != nil {
		return rq.fail(err)
	}
	return s.tagList(rq, storeOf[tagStore](rq.st).byWorkspace[ws.GID])
}

// getTagsForTask lists a task's tags in the order they were added.
func (s *Server) getTagsForTask(rq *request) reply {
	t, err := rq.pathTask()
	if err != nil {
		return rq.fail(err)
	}
	ts := storeOf[tagStore](rq.st)
	p, err := rq.paginateOrdered(t.TagGIDs, func(g string) bool {
		tag := ts.tags.get(g)
		return tag != nil && s.canSeeTag(rq.p, tag)
	})
	if err != nil {
		return rq.fail(err)
	}
	return rq.list(tagKind, p)
}

// tagTasksReply lists the live tasks of a tag the caller can see.
func (s *Server) tagTasksReply(rq *request, tag *Tag) reply {
	keep, err := rq.taskFilter()
	if err != nil {
		return rq.fail(err)
	}
	p, err := rq.paginate(storeOf[tagStore](rq.st).tasks[tag.GID], func(g string) bool {
		t := rq.st.tasks.get(g)
		return keep(t) && s.canSeeTask(rq.p, t)
	})
	if err != nil {
		return rq.fail(err)
	}
	return rq.list(s.kinds.task, p)
}

func (s *Server) getTasksForTag(rq *request) reply {
	tag, err := rq.tagParam("tag", rq.r.PathValue("tag_gid"))
	if err != nil {
		return rq.fail(err)
	}
	return s.tagTasksReply(rq, tag)
}

// taskAndBodyTag resolves the path's task (for writing) and the body's
// tag, for addTag and removeTag.
func (rq *request) taskAndBodyTag() (*Task, *Tag, error) {
	t, err := rq.pathEditableTask()
	if err != nil {
		return nil, nil, err
	}
	b, err := rq.body()
	if err != nil {
		return nil, nil, err
	}
	g, err := b.gid("tag", true)
	if err != nil {
		return nil, nil, err
	}
	tag, err := rq.tagParam("tag", g)
	return t, tag, err
}

func (s *Server) addTagForTask(rq *request) reply {
	t, tag, err := rq.taskAndBodyTag()
	if err != nil {
		return rq.fail(err)
	}
	if tag.WorkspaceGID != t.WorkspaceGID {
		return rq.fail(badRequest("tag", "Tag %s is not in the task's workspace", tag.GID))
	}
	if storeOf[tagStore](rq.st).tagTask(t, tag.GID) {
		rq.addStoryLocked(t, "added_to_tag", "added to "+tag.Name)
	}
	return rq.empty()
}

func (s *Server) removeTagForTask(rq *request) reply {
	t, tag, err := rq.taskAndBodyTag()
	if err != nil {
		return rq.fail(err)
	}
	if storeOf[tagStore](rq.st).untagTask(t, tag.GID) {
		rq.addStoryLocked(t, "removed_from_tag", "removed from "+tag.Name)
	}
	return rq.empty()
}

// bodyTags reads a new task's tags: tags of workspace wsGID the caller
// can see, each once.
func (rq *request) bodyTags(b *body, wsGID string) ([]string, error) {
	gids, err := b.gidList("tags", false)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, g := range gids {
		tag, err := rq.tagParam("tags", g)
		if err != nil {
			return nil, err
		}
		if tag.WorkspaceGID != wsGID {
			return nil, badRequest("tags", "Tag %s is not in workspace %s", g, wsGID)
		}
		out = appendUnique(out, g)
	}
	return out, nil
}

// tagChanges records a task's tags as Asana does: the task "added" to or
// "removed" from the tag as its parent, like a project (integrations
// watch for added task events whose parent is a tag).
func (t *changeTracker) tagChanges(ev func(string, *evRef, *evChange), before, after []string) {
	ref := func(g string) *evRef {
		r := &evRef{Kind: "tag", GID: g}
		if tag := storeOf[tagStore](t.rq.st).tags.get(g); tag != nil {
			r.Name = tag.Name
		}
		return r
	}
	for _, g := range after {
		if !slices.Contains(before, g) {
			ev("added", ref(g), nil)
		}
	}
	for _, g := range before {
		if !slices.Contains(after, g) {
			ev("removed", ref(g), nil)
		}
	}
}

// AddTag adds a tag to a workspace. Followers must be users; CreatedAt
// defaults to the fake's clock.
func (s *Server) AddTag(t Tag) (Tag, error) {
	if strings.TrimSpace(t.Name) == "" {
		return Tag{}, errors.New("asanatest: tag needs a name")
	}
	if t.Color != "" && !slices.Contains(projectColors, t.Color) {
		return Tag{}, fmt.Errorf("asanatest: unknown tag color %q", t.Color)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.st.workspaces.get(t.WorkspaceGID) == nil {
		return Tag{}, fmt.Errorf("asanatest: no workspace %q", t.WorkspaceGID)
	}
	for _, g := range t.FollowerGIDs {
		if s.st.users.get(g) == nil {
			return Tag{}, fmt.Errorf("asanatest: no user %s", g)
		}
	}
	t = t.clone()
	t.GID = ""
	t.CreatedAt = s.stamp(t.CreatedAt)
	return storeOf[tagStore](s.st).insert(s.st, &t).clone(), nil
}

// Tag returns a copy of the tag with that GID.
func (s *Server) Tag(gid string) (Tag, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	t := storeOf[tagStore](s.st).tags.get(gid)
	if t == nil {
		return Tag{}, false
	}
	return t.clone(), true
}

// checkTaskTagsLocked checks that a seeded task's tags exist in its
// workspace, each once.
func (s *Server) checkTaskTagsLocked(t *Task) error {
	ts := storeOf[tagStore](s.st)
	for i, g := range t.TagGIDs {
		tag := ts.tags.get(g)
		if tag == nil || tag.WorkspaceGID != t.WorkspaceGID {
			return fmt.Errorf("asanatest: no tag %s in workspace %s", g, t.WorkspaceGID)
		}
		if slices.Contains(t.TagGIDs[:i], g) {
			return fmt.Errorf("asanatest: tag %s given twice", g)
		}
	}
	return nil
}

// TagTask puts a tag on a task of its workspace, as addTag does but
// without a story or event (seeding).
func (s *Server) TagTask(taskGID, tagGID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.st.liveTask(taskGID)
	if t == nil {
		return fmt.Errorf("asanatest: no task %s", taskGID)
	}
	ts := storeOf[tagStore](s.st)
	tag := ts.tags.get(tagGID)
	if tag == nil || tag.WorkspaceGID != t.WorkspaceGID {
		return fmt.Errorf("asanatest: no tag %s in workspace %s", tagGID, t.WorkspaceGID)
	}
	ts.tagTask(t, tagGID)
	return nil
}
