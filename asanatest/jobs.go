package asanatest

import "time"

// Jobs: the tag "Jobs" of the spec. The fake does a job's work at once
// (duplicating a project or task, saving a template): the POST that starts
// it answers the job as in_progress, as Asana usually does, and every
// later GET /jobs/{job_gid} shows it succeeded.
//
// Jobs are the example of a resource that lives in one file: its record,
// its storage (jobStore, registered in resources), its projection
// (jobKind) and its routes.
func (s *Server) jobRoutes() {
	s.handle("GET /jobs/{job_gid}", s.getJob)
}

// newJobLocked records a finished job started by the caller.
func (s *Server) newJobLocked(rq *request, subtype, projectGID, taskGID string) *Job {
	return storeOf[jobStore](rq.st).insert(rq.st, &Job{ResourceSubtype: subtype, Status: "succeeded", NewProjectGID: projectGID,
		NewTaskGID: taskGID, CreatedByGID: rq.p.user.GID, CreatedAt: rq.now})
}

// jobCreated answers 201 with the job as it looked while running.
func (rq *request) jobCreated(j *Job) reply {
	running := *j
	running.Status = "in_progress"
	return rq.created(jobKind, &running, "/jobs/"+j.GID)
}

// getJob shows a job to whoever started it, and to those who can see
// what it made.
func (s *Server) getJob(rq *request) reply {
	g, err := rq.pathGID("job_gid")
	if err != nil {
		return rq.fail(err)
	}
	j := storeOf[jobStore](rq.st).jobs.get(g)
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
	if pf := portfolios(rq.st).portfolios.get(j.NewPortfolioGID); pf != nil && s.canSeePortfolio(rq.p, pf) {
		visible = true
	}
	if t := projectTemplates(rq.st).templates.get(j.NewProjectTemplateGID); t != nil && s.canSeeProjectTemplate(rq.p, t) {
		visible = true
	}
	if !visible {
		return rq.fail(forbidden(""))
	}
	if j.ExportGID != "" {
		return rq.oneWith(jobKind, rq.exportJobAt(j), exportJobFields(j))
	}
	return rq.one(jobKind, j)
}

// Job is an asynchronous job (task or project duplication, for example).
type Job struct {
	GID             string
	ResourceSubtype string
	Status          string // not_started, in_progress, succeeded or failed
	NewProjectGID   string
	NewTaskGID      string
	// NewPortfolioGID is what a duplicate_portfolio job made.
	NewPortfolioGID string
	// NewProjectTemplateGID is the template a save_as_template job made.
	NewProjectTemplateGID string
	// CreatedByGID is the user who started the job: only they, or whoever
	// can see its result, may read it.
	CreatedByGID string
	CreatedAt    time.Time
	// ExportGID is the resource or graph export an export job runs
	// (exports.go).
	ExportGID string
	// exportAt is the export as rendered at one request (exportJobAt).
	exportAt *object
}

// jobStore holds the jobs (storeOf[jobStore]).
type jobStore struct {
	jobs table[Job]
}

func newJobStore() any { return &jobStore{jobs: newTable[Job]()} }

func (js *jobStore) insert(st *state, j *Job) *Job {
	js.jobs.put(st.gidFor(&j.GID), j)
	return j
}

// jobKind renders a job (the spec's JobResponse).
var jobKind = func() *kind {
	// The spec's JobCompact has new_portfolio (a duplicate_portfolio
	// job's result) among its default fields.
	k := newKind("job", []string{"resource_type", "resource_subtype", "status", "new_portfolio", "new_project", "new_task", "new_project_template"},
		[]string{"resource_type", "resource_subtype", "status", "new_portfolio", "new_project", "new_task", "new_project_template"},
		map[string]func(*view, *Job) any{
			"gid":                  func(_ *view, j *Job) any { return j.GID },
			"resource_subtype":     func(_ *view, j *Job) any { return j.ResourceSubtype },
			"status":               func(_ *view, j *Job) any { return j.Status },
			"new_project":          func(v *view, j *Job) any { return v.refTo(v.kinds.project, j.NewProjectGID) },
			"new_task":             func(v *view, j *Job) any { return v.refTo(v.kinds.task, j.NewTaskGID) },
			"new_project_template": func(v *view, j *Job) any { return v.refTo(projectTemplateKind, j.NewProjectTemplateGID) },
			"new_portfolio":        func(v *view, j *Job) any { return v.refTo(portfolioKind, j.NewPortfolioGID) },
			"new_graph_export":     func(_ *view, j *Job) any { return j.exportOf("graph_export") },
			"new_resource_export":  func(_ *view, j *Job) any { return j.exportOf("export_request") },
		})
	storedIn(k, func(st *state) *table[Job] { return &storeOf[jobStore](st).jobs })
	return k
}()
