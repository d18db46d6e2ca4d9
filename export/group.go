package export

import (
	"context"
	"sync"
)

// group runs goroutines and keeps the first error, cancelling the others.
type group struct {
	ctx    context.Context
	cancel context.CancelCauseFunc
	wg     sync.WaitGroup
	once   sync.Once
	err    error
}

func newGroup(ctx context.Context, cancel context.CancelCauseFunc) *group {
	return &group{ctx: ctx, cancel: cancel}
}

func (g *group) go_(fn func(context.Context) error) {
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		if err := fn(g.ctx); err != nil {
			g.once.Do(func() {
				g.err = err
				g.cancel(err)
			})
		}
	}()
}

func (g *group) wait() error {
	g.wg.Wait()
	if g.err == nil {
		// A cancelled parent context ends the goroutines without an error
		// of their own.
		return g.ctx.Err()
	}
	return g.err
}
