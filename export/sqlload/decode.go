package sqlload

import (
	"encoding/json"
	"fmt"
	"time"
)

// ref is a reference to another object, as a snapshot writes it.
type ref struct {
	GID string `json:"gid"`
}

// gid returns the reference's gid, or nil (SQL NULL) for none.
func (r *ref) gid() any {
	if r == nil || r.GID == "" {
		return nil
	}
	return r.GID
}

// str returns a string pointer's value, or nil (SQL NULL).
func str(s *string) any {
	if s == nil {
		return nil
	}
	return *s
}

// num returns a number pointer's value, or nil (SQL NULL).
func num(f *float64) any {
	if f == nil {
		return nil
	}
	return *f
}

// boolean stores a flag as 0 or 1 on every database, so that the same SQL
// reads it everywhere (see the schema's note on flags).
func boolean(b bool) int {
	if b {
		return 1
	}
	return 0
}

// weekOf returns the Monday (YYYY-MM-DD, UTC) of the week holding the
// timestamp ts, or nil when ts is empty or not a time.
func weekOf(ts *string) any {
	if ts == nil {
		return nil
	}
	t, err := time.Parse(time.RFC3339, *ts)
	if err != nil {
		return nil
	}
	return WeekStart(t).Format(time.DateOnly)
}

// WeekStart returns midnight UTC of the Monday of t's week: the weeks
// the schema's completed_week column and the weekly reports count in.
func WeekStart(t time.Time) time.Time {
	t = t.UTC()
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	back := (int(d.Weekday()) + 6) % 7
	return d.AddDate(0, 0, -back)
}

// decodeInto unmarshals one snapshot line, naming the kind on error.
func decodeInto(kind string, line []byte, v any) error {
	if err := json.Unmarshal(line, v); err != nil {
		return fmt.Errorf("%s: %w", kind, err)
	}
	return nil
}
