package asana

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"
)

// Job statuses (Job.Status).
const (
	JobNotStarted = "not_started"
	JobInProgress = "in_progress"
	JobSucceeded  = "succeeded"
	JobFailed     = "failed"
)

// ErrJobFailed is returned by JobsService.Wait for a job that Asana ran and
// that failed.
var ErrJobFailed = errors.New("asana: job failed")

// DefaultJobPollInterval is how often JobsService.Wait asks about a job
// when its interval is 0.
const DefaultJobPollInterval = 5 * time.Second

// Wait polls a job (a duplication, an instantiation, a resource or graph
// export) until it succeeds or fails: it asks at once, then every interval
// on the client's clock (0 means DefaultJobPollInterval), and returns the
// finished job. A failed job comes back with an error wrapping
// ErrJobFailed; ctx bounds the wait (its error ends it). An export's
// result is then in NewResourceExport or NewGraphExport, whose DownloadURL
// Client.Download streams.
//
// asana:operation GET /jobs/{job_gid}
func (s *JobsService) Wait(ctx context.Context, jobGID string, interval time.Duration, opts *GetOptions) (*Job, error) {
	if interval <= 0 {
		interval = DefaultJobPollInterval
	}
	if opts != nil && len(opts.Fields) > 0 && !slices.Contains(opts.Fields, "status") {
		// The loop reads the status: ask for it too, on a copy.
		opts = &GetOptions{Fields: append(slices.Clone(opts.Fields), "status")}
	}
	for {
		j, err := getAt[Job](ctx, s.client, routeTo("Jobs.Wait", "/jobs/%s", "job gid", jobGID), opts)
		if err != nil {
			return nil, err
		}
		switch j.Status {
		case JobSucceeded:
			return j, nil
		case JobFailed:
			return j, fmt.Errorf("%w: job %s", ErrJobFailed, j.GID)
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-s.client.clock.After(interval):
		}
	}
}
