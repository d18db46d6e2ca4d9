package asanatest

// Jobs: the tag "Jobs" of the spec. The fake does a job's work at once
// (duplicating a project or task, saving a template): the POST that starts
// it answers the job as in_progress, as Asana usually does, and every
// later GET /jobs/{job_gid} shows it succeeded.
func (s *Server) jobRoutes() {
	s.handle("GET /jobs/{job_gid}", s.getJob)
}

// newJobLocked records a finished job started by the caller.
func (s *Server) newJobLocked(rq *request, subtype, projectGID, taskGID string) *Job {
	return rq.st.insertJob(&Job{ResourceSubtype: subtype, Status: "succeeded", NewProjectGID: projectGID,
		NewTaskGID: taskGID, CreatedByGID: rq.p.user.GID, CreatedAt: rq.now})
}

// jobCreated answers 201 with the job as it looked while running.
func (rq *request) jobCreated(j *Job) reply {
	running := *j
	running.Status = "in_progress"
	return rq.created(rq.s.kinds.job, &running, "/jobs/"+j.GID)
}

// getJob shows a job to whoever started it, and to those who can see
// what it made.
func (s *Server) getJob(rq *request) reply {
	g, err := rq.pathGID("job_gid")
	if err != nil {
		return rq.fail(err)
	}
	j := rq.st.jobs.get(g)
	if j == nil {
		return rq.fail(notFound("job", g))
	}
	visible := j.CreatedByGID == rq.p.user.GID
	if p := rq.st.projects.get(j.NewProjectGID); p != nil && s.canSeeProject(rq.p, p) {
		visible = true
	}
	if t := rq.st.liveTask(j.NewTaskGID); t != nil && s.canSeeTask(rq.p, t) {
		visible = true
	}
	if !visible {
		return rq.fail(forbidden(""))
	}
	return rq.one(s.kinds.job, j)
}
