package asana

import "context"

// Get returns a job, for example the duplication of a project or task
// started by Projects.Duplicate or Tasks.Duplicate. Poll it until Status is
// "succeeded" or "failed"; the new object is then in NewProject, NewTask,
// NewProjectTemplate, NewPortfolio or one of the exports.
//
// asana:operation GET /jobs/{job_gid}
func (s *JobsService) Get(ctx context.Context, jobGID string, opts *GetOptions) (*Job, error) {
	if err := checkArgs("Jobs.Get", "job gid", jobGID); err != nil {
		return nil, err
	}
	return get[Job](ctx, s.client, pathf("/jobs/%s", jobGID), opts)
}
