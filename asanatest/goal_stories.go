package asanatest

// Goal stories: GET and POST /goals/{goal_gid}/stories (the tag "Stories"
// of the spec). A goal's stories are comments (the fake writes no system
// stories on goals); they live with the task stories, so /stories/{gid}
// reads, edits and deletes them alike, seen through their goal. Comments
// on goals record no events.
func (s *Server) goalStoryRoutes() {
	s.handle("GET /goals/{goal_gid}/stories", s.getStoriesForGoal)
	s.handle("POST /goals/{goal_gid}/stories", s.createStoryForGoal)
}

func (s *Server) getStoriesForGoal(rq *request) reply {
	g, err := rq.pathGoal()
	if err != nil {
		return rq.fail(err)
	}
	p, err := rq.paginate(goals(rq.st).stories[g.GID], nil)
	if err != nil {
		return rq.fail(err)
	}
	return rq.list(s.kinds.story, p)
}

// createStoryForGoal adds a comment by the caller: anyone who sees the
// goal and may write in its workspace (commenting is not editing).
func (s *Server) createStoryForGoal(rq *request) reply {
	g, err := rq.pathGoal()
	if err != nil {
		return rq.fail(err)
	}
	if !s.canWrite(rq.p, g.WorkspaceGID) {
		return rq.fail(forbidden("You do not have permission to comment on this goal"))
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
	st := goals(rq.st).insertStory(rq.st, &Story{GoalGID: g.GID, CreatedByGID: rq.p.user.GID,
		ResourceSubtype: "comment_added", Type: "comment", Text: text, IsPinned: pinned, CreatedAt: rq.now})
	return rq.created(s.kinds.story, st, "/stories/"+st.GID)
}

// insertStory stores a story of a goal.
func (gs *goalStore) insertStory(st *state, s *Story) *Story {
	st.stories.put(st.gidFor(&s.GID), s)
	gs.stories.add(s.GoalGID, s.GID)
	return s
}

// goalStory resolves a story of a goal the caller sees; the returned task
// is nil.
func (rq *request) goalStory(gid string) (*Story, *Task, error) {
	st, _, err := resolveVia("story", gid, rq.st.stories.get,
		func(s *Story) *Goal { return goals(rq.st).goals.get(s.GoalGID) },
		func(g *Goal) bool { return rq.s.canSeeGoal(rq.p, g) })
	return st, nil, err
}
