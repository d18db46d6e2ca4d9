package sqlload

import (
	"reflect"
	"strings"
	"testing"
)

// TestIncrementalWithoutFileLines: a database whose files' lines are
// not in sqlload_file_lines (one loaded before that table, or with a
// value this loader did not write) loads incrementally from
// sqlload_rows, and gives what a fresh load gives.
func TestIncrementalWithoutFileLines(t *testing.T) {
	f := newFakeOrg(t)
	first := f.backup(t)
	f.do(t, "POST", "/tasks", map[string]any{"name": "New task", "projects": []string{f.org.Projects[0].GID}})
	second := f.backup(t)
	for _, tt := range []struct {
		name, clear string
	}{
		{"table emptied", "DELETE FROM " + fileLinesTable},
		{"value not ours", "UPDATE " + fileLinesTable + " SET lines = 'x'"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			db := openSQLite(t)
			if _, err := db.Load(t.Context(), first); err != nil {
				t.Fatal(err)
			}
			if _, err := db.SQL.ExecContext(t.Context(), tt.clear); err != nil {
				t.Fatal(err)
			}
			st, err := db.Load(t.Context(), second)
			if err != nil {
				t.Fatal(err)
			}
			if st.Inserted < 1 || st.Kept == 0 || st.Updated != 0 {
				t.Errorf("incremental load: %+v", st)
			}
			fresh := openSQLite(t)
			if _, err := fresh.Load(t.Context(), second); err != nil {
				t.Fatal(err)
			}
			got, want := dump(t, db), dump(t, fresh)
			for _, table := range Tables() {
				if !reflect.DeepEqual(got[table], want[table]) {
					t.Errorf("%s: %d rows, a fresh load %d, or they differ", table, len(got[table]), len(want[table]))
				}
			}
			if n := count(t, db.SQL, fileLinesTable); n == 0 {
				t.Error("the load did not record its files' lines")
			}
		})
	}
}

func TestLineHashFormat(t *testing.T) {
	for _, line := range []string{"", `{"gid":"1"}`, `{"gid":"2"}`} {
		h := lineHash([]byte(line))
		if got, ok := parseLineHash(formatLineHash(h)); !ok || got != h {
			t.Errorf("%q: %x parsed back as %x, %v", line, h, got, ok)
		}
	}
	if lineHash([]byte(`{"gid":"1"}`)) == lineHash([]byte(`{"gid":"2"}`)) {
		t.Error("two lines, one hash")
	}
	for _, s := range []string{"", "0123", "0123456789abcdefg", "xyz3456789abcdef", strings.Repeat("ab", 16)} {
		if _, ok := parseLineHash(s); ok {
			t.Errorf("%q parsed", s)
		}
	}
}
