package export

import (
	"context"
	"errors"
	"time"

	"github.com/asanakit/asana-go/asana"
)

// Schedule runs a Backup periodically, for a long-running process: once at
// the start, then every Interval (measured from the start of each run, on
// the client's clock). Retention is the Backup's Keep.
type Schedule struct {
	Backup *Backup
	// Interval is the time between the starts of two runs; a run that
	// takes longer is followed by the next one at once.
	Interval time.Duration
	// OnRun, if set, is called after every run with its result or error.
	OnRun func(*Result, error)
}

// Run runs backups until ctx ends, and then returns ctx's error. A run
// that fails is reported to OnRun and the next run resumes it, except a
// 401: a revoked token will not come back by itself, so Run returns that
// error.
func (s *Schedule) Run(ctx context.Context) error {
	if s.Backup == nil || s.Backup.Client == nil || s.Interval <= 0 {
		return errors.New("export: Schedule needs a Backup with a Client and a positive Interval")
	}
	clock := s.Backup.Client.Clock()
	for {
		start := clock.Now()
		res, err := s.Backup.Run(ctx)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if s.OnRun != nil {
			s.OnRun(res, err)
		}
		if errors.Is(err, asana.ErrUnauthorized) {
			return err
		}
		wait := s.Interval - clock.Now().Sub(start)
		if wait <= 0 {
			continue
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-clock.After(wait):
		}
	}
}
