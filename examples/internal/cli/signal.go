package cli

import (
	"context"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// SignalError is the cause of a context that SignalContext cancelled.
type SignalError struct{ Signal os.Signal }

// Error says which signal arrived.
func (e *SignalError) Error() string { return "received " + e.Signal.String() }

// Terminated reports whether the signal was SIGTERM.
func (e *SignalError) Terminated() bool { return e.Signal == syscall.SIGTERM }

// SignalContext returns a context that ends at the first SIGINT or
// SIGTERM, with a *SignalError as its cause (so that Code can tell the
// two apart). After that first signal the default handling returns: a
// second Ctrl-C kills a program that does not stop. stop releases the
// signals.
func SignalContext(parent context.Context) (ctx context.Context, stop func()) {
	ctx, cancel := context.WithCancelCause(parent)
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case sig := <-ch:
			signal.Stop(ch)
			cancel(&SignalError{Signal: sig})
		case <-done:
		}
	}()
	return ctx, func() {
		signal.Stop(ch)
		close(done)
		cancel(context.Canceled)
	}
}

// Main runs run with the process's arguments and streams under a
// SignalContext, and exits with its code.
func Main(run func(ctx context.Context, args []string, stdout, stderr io.Writer) int) {
	ctx, stop := SignalContext(context.Background())
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
