package serviceaccounts

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/asanakit/asana-go/internal/applog"
)

// Journal states of a change.
const (
	journalBegun = "begun" // about to send the write: it may have happened
	journalDone  = "done"  // Asana confirmed it, or it was found done
)

// journalEntry is one line of a journal file.
type journalEntry struct {
	Plan   string    `json:"plan"`
	Change string    `json:"change"`
	State  string    `json:"state"`
	At     time.Time `json:"at"`
}

// journal records, one JSON line per step, what Apply did for one plan, so
// that a later Apply of the same plan skips what is done and checks what
// may have been done before it writes again. It is an applog.Log: one
// torn-tail rule with the export package's checkpoint and restore journal.
type journal struct {
	mu     sync.Mutex
	log    *applog.Log
	plan   string
	states map[string]string // change ID -> last state
}

// openJournal opens (or creates, mode 0600) the journal file and reads the
// entries of planID. A last line cut short by a crash is ignored and cut
// off; entries of other plans are kept in the file but do not count.
func openJournal(path, planID string) (*journal, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return nil, fmt.Errorf("serviceaccounts: journal: %w", err)
	}
	j := &journal{plan: planID, states: map[string]string{}}
	if j.log, err = applog.Open(f, 64<<10, j.entry()); err != nil {
		return nil, fmt.Errorf("serviceaccounts: journal: %w", err)
	}
	return j, nil
}

// load reads the entries of j's plan. A last line without its newline
// was cut short by a crash and is ignored (its write was never confirmed,
// so what it says is checked in Asana again); a damaged line is an error.
func (j *journal) load(r io.Reader) error {
	if _, err := applog.Read(r, 64<<10, j.entry()); err != nil {
		return fmt.Errorf("serviceaccounts: journal: %w", err)
	}
	return nil
}

// entry decodes one journal line into j's states.
func (j *journal) entry() func([]byte) error {
	n := 0
	return func(b []byte) error {
		n++
		var e journalEntry
		if err := json.Unmarshal(b, &e); err != nil {
			return fmt.Errorf("line %d: %w", n, err)
		}
		if e.Plan == j.plan {
			j.states[e.Change] = e.State
		}
		return nil
	}
}

// state returns the change's last recorded state, "" if none.
func (j *journal) state(id string) string {
	if j == nil {
		return ""
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.states[id]
}

// record appends an entry and syncs it to disk before returning, so that a
// write is never sent before its "begun" entry is durable.
func (j *journal) record(id, state string, at time.Time) error {
	if j == nil {
		return nil
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	j.states[id] = state
	if err := j.log.Append(journalEntry{Plan: j.plan, Change: id, State: state, At: at.UTC()}); err != nil {
		return fmt.Errorf("serviceaccounts: journal: %w", err)
	}
	return nil
}

func (j *journal) close() error {
	if j == nil {
		return nil
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.log.Close()
}
