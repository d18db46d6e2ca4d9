package export

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/asanakit/asana-go/asana"
)

func TestSchedule(t *testing.T) {
	f := newFakeOrg(t, smallSizes(), nil)
	clock := f.srv.Clock()
	b := f.backup(t.TempDir())
	b.Keep = 2
	type run struct {
		res *Result
		err error
		at  time.Time
	}
	runs := make(chan run)
	s := &Schedule{Backup: b, Interval: time.Hour, OnRun: func(r *Result, err error) { runs <- run{r, err, clock.Now()} }}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	start := clock.Now()
	var got []run
	for i := range 4 {
		r := <-runs
		if r.err != nil {
			t.Fatal(r.err)
		}
		if want := start.Add(time.Duration(i) * time.Hour); !r.at.Equal(want) {
			t.Errorf("run %d at %v, want %v", i, r.at, want)
		}
		got = append(got, r)
		if i < 3 {
			if err := clock.BlockUntil(ctx, 1); err != nil {
				t.Fatal(err)
			}
			clock.Advance(time.Hour)
		}
	}
	if err := clock.BlockUntil(ctx, 1); err != nil {
		t.Fatal(err)
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("Run = %v, want context.Canceled", err)
	}
	if got[0].res.Manifest.Mode != ModeFull || got[3].res.Manifest.Mode != ModeIncremental {
		t.Errorf("modes %s, %s", got[0].res.Manifest.Mode, got[3].res.Manifest.Mode)
	}
	snaps := snapshotsIn(t, b.Dir)
	if len(snaps) != 2 {
		t.Errorf("%d snapshots kept, want 2", len(snaps))
	}
}

func TestScheduleStopsOn401(t *testing.T) {
	f := newFakeOrg(t, smallSizes(), nil)
	tok, err := f.srv.AddServiceAccountToken(f.org.ServiceAccount.GID)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.srv.DeauthorizeToken(tok); err != nil {
		t.Fatal(err)
	}
	b := f.backup(t.TempDir())
	b.Client = clientFor(t, f.srv, tok)
	calls := 0
	s := &Schedule{Backup: b, Interval: time.Hour, OnRun: func(*Result, error) { calls++ }}
	if err := s.Run(t.Context()); !errors.Is(err, asana.ErrUnauthorized) || calls != 1 {
		t.Errorf("Run = %v after %d runs, want the 401 after 1", err, calls)
	}
}
