package serviceaccounts

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"time"
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
// may have been done before it writes again.
type journal struct {
	mu     sync.Mutex
	f      *os.File
	w      *bufio.Writer
	plan   string
	states map[string]string // change ID -> last state
}

// openJournal opens (or creates, mode 0600) the journal file and reads the
// entries of planID. A last line cut short by a crash is ignored; entries of
// other plans are kept in the file but do not count.
func openJournal(path, planID string) (*journal, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return nil, fmt.Errorf("serviceaccounts: journal: %w", err)
	}
	j := &journal{f: f, w: bufio.NewWriter(f), plan: planID, states: map[string]string{}}
	good, err := j.load(f)
	if err != nil {
		f.Close()
		return nil, err
	}
	// Cut a torn last line off, or the next entry would be glued to it
	// and the journal would be damaged in the middle at the next open.
	if st, err := f.Stat(); err == nil && st.Size() > good {
		if err := f.Truncate(good); err != nil {
			f.Close()
			return nil, fmt.Errorf("serviceaccounts: journal: %w", err)
		}
	}
	return j, nil
}

// load reads the entries of j's plan and returns the length of the
// complete lines, each ended by a newline. A last line without its newline
// was cut short by a crash and is ignored (its write was never confirmed,
// so what it says is checked in Asana again); a damaged line before the
// last is an error.
func (j *journal) load(r io.Reader) (int64, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	var good int64
	for line := 1; ; line++ {
		b, err := br.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			return 0, fmt.Errorf("serviceaccounts: journal line %d is too long", line)
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return 0, fmt.Errorf("serviceaccounts: journal: %w", err)
		}
		if errors.Is(err, io.EOF) {
			return good, nil // b, if any, is a torn last line
		}
		var e journalEntry
		if uerr := json.Unmarshal(b, &e); uerr != nil {
			if _, perr := br.Peek(1); errors.Is(perr, io.EOF) {
				return good, nil // damaged, but the last line
			}
			return 0, fmt.Errorf("serviceaccounts: journal line %d: %w", line, uerr)
		}
		good += int64(len(b))
		if e.Plan == j.plan {
			j.states[e.Change] = e.State
		}
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
	b, err := json.Marshal(journalEntry{Plan: j.plan, Change: id, State: state, At: at.UTC()})
	if err != nil {
		return err
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	j.states[id] = state
	if _, err := j.w.Write(append(b, '\n')); err != nil {
		return fmt.Errorf("serviceaccounts: journal: %w", err)
	}
	if err := j.w.Flush(); err != nil {
		return fmt.Errorf("serviceaccounts: journal: %w", err)
	}
	if err := j.f.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
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
	return j.f.Close()
}
