package export

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// FuzzCanonical: canonical form is a fixed point, keeps the value (numbers
// exactly), and is one line.
func FuzzCanonical(f *testing.F) {
	for _, s := range []string{
		`{"gid":"1","name":"x"}`,
		`{"b":1,"a":{"d":[1,2,{"z":null,"y":true}],"c":"<&>"}}`,
		`{"n":12345678901234567890123,"f":1.50,"e":1e400}`,
		`{"s":"line\nbreak \u2028 \ud83d\ude00"}`,
		`[1,2]`,
		`{"a":1} {"b":2}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		var buf bytes.Buffer
		if err := canonical(&buf, raw); err != nil {
			return
		}
		out := buf.Bytes()
		if bytes.Count(out, []byte("\n")) != 1 || out[len(out)-1] != '\n' {
			t.Fatalf("not one line: %q", out)
		}
		var again bytes.Buffer
		if err := canonical(&again, out); err != nil || !bytes.Equal(again.Bytes(), out) {
			t.Fatalf("not a fixed point: %q -> %q (%v)", out, again.Bytes(), err)
		}
		decode := func(b []byte) any {
			d := json.NewDecoder(bytes.NewReader(b))
			d.UseNumber()
			var v any
			if err := d.Decode(&v); err != nil {
				t.Fatal(err)
			}
			return v
		}
		if !reflect.DeepEqual(decode(raw), decode(out)) {
			t.Fatalf("value changed: %q -> %q", raw, out)
		}
	})
}

// FuzzLineReader: the lines read give back the input exactly, each ends
// in its only newline at its offset, and only the last may be torn.
func FuzzLineReader(f *testing.F) {
	for _, s := range []string{"", "\n", "a\nb\n", "a\nb", "{\"gid\":\"1\"}\n\n{", strings.Repeat("x", 70000) + "\ny"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		lr := newLineReader(bytes.NewReader(data))
		var got []byte
		for {
			line, off, err := lr.next()
			if err == io.EOF {
				break
			}
			if err != nil && err != errTornLine {
				t.Fatal(err)
			}
			if off != int64(len(got)) {
				t.Fatalf("offset %d after %d bytes", off, len(got))
			}
			if i := bytes.IndexByte(line, '\n'); (err == nil && i != len(line)-1) || (err == errTornLine && i >= 0) {
				t.Fatalf("line %q (%v)", line, err)
			}
			got = append(got, line...)
			if err == errTornLine {
				if _, _, err := lr.next(); err != io.EOF {
					t.Fatalf("after a torn line: %v", err)
				}
				break
			}
		}
		if !bytes.Equal(got, data) {
			t.Fatalf("read %q from %q", got, data)
		}
	})
}

// FuzzReadJournal: a journal of any content is read without a panic, and
// whatever it maps is a known kind and Asana gids.
func FuzzReadJournal(f *testing.F) {
	for _, s := range []string{
		`{"kind":"task","old":"1","pending":true}` + "\n" + `{"kind":"task","old":"1","new":"777"}` + "\n",
		`{"kind":"task","old":"1","new":"777"}` + "\n" + `{"kind":"ta`,
		`{"kind":"project","old":"../..","new":"1"}` + "\n",
		`{"kind":"../x","old":"1","new":"2"}` + "\n",
		`{"kind":"team","old":"1","new":""}` + "\n",
		"\n\n\x00\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "j.jsonl"), data, 0o644); err != nil {
			t.Fatal(err)
		}
		root, err := os.OpenRoot(dir)
		if err != nil {
			t.Fatal(err)
		}
		defer root.Close()
		rs := &restorer{mapped: map[string]string{}, pending: map[string]bool{}, used: map[string]bool{}}
		if err := rs.openJournal(root, "j.jsonl"); err != nil {
			return
		}
		rs.journal.Close()
		for key, g := range rs.mapped {
			kind, old, _ := strings.Cut(key, ":")
			if !journalKinds[kind] || checkGID(kind, old) != nil || checkGID(kind, g) != nil {
				t.Fatalf("mapped %q -> %q", key, g)
			}
		}
	})
}

// FuzzReadCheckpoint: a checkpoint of any content is read without a
// panic; every unit it keeps has a name.
func FuzzReadCheckpoint(f *testing.F) {
	for _, s := range []string{
		`{"unit":"users","files":[{"path":"users.jsonl","kind":"users","count":1,"bytes":10,"sha256":"00"}]}` + "\n",
		`{"unit":"project:1","partial":{"next":"x","files":[{"path":"projects/1/tasks.jsonl","count":1,"bytes":3,"hash":"AAAA"}]}}` + "\n{\"unit\":",
		`{"unit":""}` + "\n" + `[1]` + "\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, checkpointFile), data, 0o644); err != nil {
			t.Fatal(err)
		}
		root, err := os.OpenRoot(dir)
		if err != nil {
			t.Fatal(err)
		}
		defer root.Close()
		done, err := readCheckpoint(root)
		if err != nil {
			return
		}
		for name, u := range done {
			if name == "" || u.Unit != name {
				t.Fatalf("unit %q under %q", u.Unit, name)
			}
			_ = checkDone(root, u) // must not panic on any claim
		}
	})
}
