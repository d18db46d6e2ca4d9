package asanatest

import "strings"

// Stories: the tag "Stories" of the spec. Comments are stories of subtype
// comment_added; the task handlers add system stories (assigned,
// marked_complete, added_to_project, ...) for the changes they make. Every
// story modifies its task. Stories of goals (goal_stories.go) share the
// story routes.
func (s *Server) storyRoutes() {
	s.handle("GET /stories/{story_gid}", s.getStory)
	s.handle("PUT /stories/{story_gid}", s.updateStory)
	s.handle("DELETE /stories/{story_gid}", s.deleteStory)
	s.handle("GET /tasks/{task_gid}/stories", s.getStoriesForTask)
	s.handle("POST /tasks/{task_gid}/stories", s.createStoryForTask)
}

// pathStory resolves a story on a live task the caller can see, or on a
// goal (the task is then nil).
func (rq *request) pathStory() (*Story, *Task, error) {
	if st := rq.st.stories.get(rq.r.PathValue("story_gid")); st != nil && st.GoalGID != "" {
		return rq.goalStory(st.GID)
	}
	return resolveVia("story", rq.r.PathValue("story_gid"), rq.st.stories.get,
		func(st *Story) *Task { return rq.st.liveTask(st.TaskGID) },
		func(t *Task) bool { return rq.s.canSeeTask(rq.p, t) })
}

// ownComment resolves a comment story the caller wrote: only its author
// may edit or delete it.
func (rq *request) ownComment() (*Story, *Task, error) {
	st, t, err := rq.pathStory()
	if err != nil {
		return nil, nil, err
	}
	if st.CreatedByGID != rq.p.user.GID {
		return nil, nil, forbidden("You can only edit or delete stories you created")
	}
	if storySubtype(st) != "comment_added" {
		return nil, nil, forbidden("Only comments can be edited or deleted")
	}
	return st, t, nil
}

// commentText reads text or html_text (exactly one) as plain text.
func commentText(b *body, required bool) (string, bool, error) {
	v, err := notesField(b, "text", "html_text")
	if err != nil {
		return "", false, err
	}
	if v == nil {
		if required {
			return "", false, missingInput("text")
		}
		return "", false, nil
	}
	if strings.TrimSpace(*v) == "" {
		return "", true, badRequest("text", "Cannot be empty")
	}
	return *v, true, nil
}

func (s *Server) getStory(rq *request) reply {
	st, _, err := rq.pathStory()
	if err != nil {
		return rq.fail(err)
	}
	return rq.one(s.kinds.story, st)
}

func (s *Server) updateStory(rq *request) reply {
	st, t, err := rq.ownComment()
	if err != nil {
		return rq.fail(err)
	}
	b, err := rq.body()
	if err != nil {
		return rq.fail(err)
	}
	text, set, err := commentText(b, false)
	if err != nil {
		return rq.fail(err)
	}
	pinned, err := b.boolean("is_pinned", st.IsPinned)
	if err != nil {
		return rq.fail(err)
	}
	if set {
		st.Text = text
	}
	st.IsPinned = pinned
	if t != nil {
		t.ModifiedAt = rq.now
	}
	return rq.one(s.kinds.story, st)
}

func (s *Server) deleteStory(rq *request) reply {
	st, t, err := rq.ownComment()
	if err != nil {
		return rq.fail(err)
	}
	rq.st.removeStory(st)
	if t != nil {
		t.ModifiedAt = rq.now
	}
	return rq.empty()
}

func (s *Server) getStoriesForTask(rq *request) reply {
	t, err := rq.pathTask()
	if err != nil {
		return rq.fail(err)
	}
	p, err := rq.paginate(rq.st.taskStories[t.GID], nil)
	if err != nil {
		return rq.fail(err)
	}
	return rq.list(s.kinds.story, p)
}

// createStoryForTask adds a comment by the caller (text or html_text).
// Commenters may comment; viewers may not (access.go).
func (s *Server) createStoryForTask(rq *request) reply {
	t, err := rq.pathTask()
	if err == nil && !s.canCommentOnTask(rq.p, t) {
		err = forbidden("You do not have permission to comment on this task")
	}
	if err != nil {
		return rq.fail(err)
	}
	b, err := rq.body()
	if err != nil {
		return rq.fail(err)
	}
	text, _, err := commentText(b, true)
	if err != nil {
		return rq.fail(err)
	}
	pinned, err := b.boolean("is_pinned", false)
	if err != nil {
		return rq.fail(err)
	}
	st := rq.addStoryLocked(t, "comment_added", text)
	st.IsPinned = pinned
	return rq.created(s.kinds.story, st, "/stories/"+st.GID)
}
