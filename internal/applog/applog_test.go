package applog

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

type rec struct {
	N int `json:"n"`
}

// TestTornTail: whatever a crash left after the last newline is no record
// and is cut off by Open; the next record starts on its own line.
func TestTornTail(t *testing.T) {
	for _, tt := range []struct {
		name, content string
		want          []int
	}{
		{"empty", "", nil},
		{"whole", `{"n":1}` + "\n" + `{"n":2}` + "\n", []int{1, 2}},
		{"torn record", `{"n":1}` + "\n" + `{"n":`, []int{1}},
		{"torn, valid JSON without newline", `{"n":1}` + "\n" + `{"n":2}`, []int{1}},
		{"only a torn record", `{"n"`, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "log")
			if err := os.WriteFile(path, []byte(tt.content), 0o600); err != nil {
				t.Fatal(err)
			}
			f, err := os.OpenFile(path, os.O_RDWR, 0)
			if err != nil {
				t.Fatal(err)
			}
			var got []int
			l, err := Open(f, 0, func(line []byte) error {
				var r rec
				if err := json.Unmarshal(line, &r); err != nil {
					return err
				}
				got = append(got, r.N)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if !equal(got, tt.want) {
				t.Errorf("read %v, want %v", got, tt.want)
			}
			if err := l.Append(rec{9}); err != nil {
				t.Fatal(err)
			}
			l.Close()
			data, _ := os.ReadFile(path)
			var again []int
			if _, err := Read(strings.NewReader(string(data)), 0, func(line []byte) error {
				var r rec
				err := json.Unmarshal(line, &r)
				again = append(again, r.N)
				return err
			}); err != nil {
				t.Fatalf("after Append: %v (%q)", err, data)
			}
			if want := append(append([]int(nil), tt.want...), 9); !equal(again, want) {
				t.Errorf("after Append: %v, want %v", again, want)
			}
		})
	}
}

// TestReaderDecides: a complete line that does not decode is the
// reader's call; a line over the bound is an error.
func TestReaderDecides(t *testing.T) {
	bad := errors.New("bad line")
	content := `{"n":1}` + "\n" + "garbage\n" + `{"n":3}` + "\n"
	n := 0
	if _, err := Read(strings.NewReader(content), 0, func(line []byte) error {
		if json.Valid(line) {
			n++
		}
		return nil
	}); err != nil || n != 2 {
		t.Errorf("skipping: %d records, %v", n, err)
	}
	if _, err := Read(strings.NewReader(content), 0, func(line []byte) error {
		if !json.Valid(line) {
			return bad
		}
		return nil
	}); !errors.Is(err, bad) {
		t.Errorf("refusing: %v", err)
	}
	if _, err := Read(strings.NewReader(strings.Repeat("x", 100)+"\n"), 10, func([]byte) error { return nil }); err == nil {
		t.Error("a line over the bound was read")
	}
}

func equal(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
