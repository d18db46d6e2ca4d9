package cli

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"sync"
	"time"

	"golang.org/x/term"
)

// LogEvery is how often Progress logs a line when standard error is not a
// terminal.
const LogEvery = 5 * time.Second

// IsTerminal reports whether w is a terminal (not a file, a pipe or
// /dev/null, which is a character device but no terminal).
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// Progress reports how far a long job is: on a terminal a bar redrawn at
// most ten times a second, with the rate and the time left; elsewhere (a
// cron job's log, journald, a Kubernetes pod) a log line every LogEvery.
// Its methods are safe for concurrent use.
//
// It is hand-written on golang.org/x/term rather than a progress library:
// the bar is a few lines, and a progress library draws bars, while a
// job without a terminal needs structured log lines instead.
type Progress struct {
	w     io.Writer
	tty   bool
	log   *slog.Logger
	what  string
	now   func() time.Time
	every time.Duration

	mu          sync.Mutex
	start, last time.Time
	drew        bool
}

// NewProgress returns a Progress of the run counting what ("units",
// "changes"), drawn on e.Stderr if it is a terminal.
func (e *Env) NewProgress(what string) *Progress {
	return newProgress(e.Stderr, IsTerminal(e.Stderr), e.Logger, what, time.Now)
}

func newProgress(w io.Writer, tty bool, log *slog.Logger, what string, now func() time.Time) *Progress {
	t := now()
	return &Progress{w: w, tty: tty, log: log, what: what, now: now, every: LogEvery, start: t, last: t}
}

// Update reports done of total (total may grow as the job learns more);
// attrs are extra key-value pairs for the log line.
func (p *Progress) Update(done, total int, attrs ...any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	interval := p.every
	if p.tty {
		interval = 100 * time.Millisecond
	}
	if now.Sub(p.last) < interval && done < total {
		return
	}
	p.last = now
	rate, eta := p.estimate(now, done, total)
	if !p.tty {
		args := append([]any{"done", done, "total", total, "rate_per_s", round(rate), "eta", eta.String()}, attrs...)
		p.log.Info("progress", args...)
		return
	}
	const width = 30
	filled := 0
	if total > 0 {
		filled = min(width, width*done/total)
	}
	fmt.Fprintf(p.w, "\r\033[K[%s%s] %d/%d %s, %.1f/s, ETA %s",
		strings.Repeat("#", filled), strings.Repeat(".", width-filled), done, total, p.what, rate, eta)
	p.drew = true
}

// estimate is the rate so far (per second) and the time left at it.
func (p *Progress) estimate(now time.Time, done, total int) (float64, time.Duration) {
	elapsed := now.Sub(p.start).Seconds()
	if elapsed <= 0 || done <= 0 {
		return 0, 0
	}
	rate := float64(done) / elapsed
	left := max(total-done, 0)
	return rate, time.Duration(float64(left) / rate * float64(time.Second)).Round(time.Second)
}

func round(f float64) float64 { return float64(int64(f*10+0.5)) / 10 }

// Clear removes the bar from the terminal, before other output.
func (p *Progress) Clear() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.drew {
		fmt.Fprint(p.w, "\r\033[K")
		p.drew = false
	}
}
