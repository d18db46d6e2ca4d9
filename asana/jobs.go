package asana

import "context"

// Job statuses (Job.Status).
const (
	JobNotStarted = "not_started"
	JobInProgress = "in_progress"
	JobSucceeded  = "succeeded"
	JobFailed     = "failed"
)

// Get returns a job that Asana runs in the background, such as the
// duplication of a project or task. Poll it until Status is JobSucceeded or
// JobFailed; the new object is then in NewProject, NewTask,
// NewProjectTemplate, NewPortfolio or one of the exports.
//
// asana:operation GET /jobs/{job_gid}
func (s *JobsService) Get(ctx context.Context, jobGID string, opts *GetOptions) (*Job, error) {
	return getAt[Job](ctx, s.client, routeTo("Jobs.Get", "/jobs/%s", "job gid", jobGID), opts)
}
