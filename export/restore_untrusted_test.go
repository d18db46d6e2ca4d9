package export

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// rewriteFile replaces a data file of the snapshot dir and updates its
// manifest entry to match, as someone forging a snapshot would: the
// result passes Verify, so only Restore's own checks stand in the way.
func rewriteFile(t *testing.T, dir, rel string, edit func([]byte) []byte) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	b = edit(b)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	info, _, err := hashReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	editManifest(t, dir, func(m *Manifest) {
		for i := range m.Files {
			if f := &m.Files[i]; f.Path == rel {
				m.Counts[f.Kind] += info.Count - f.Count
				f.Count, f.Bytes, f.SHA256 = info.Count, info.Bytes, info.SHA256
			}
		}
	})
	if _, err := Verify(dir); err != nil {
		t.Fatal(err)
	}
}

// TestRestoreUntrustedSnapshot: a snapshot and a journal are untrusted
// input. A forged snapshot naming a project "../..", a line over the
// limit, a journal that is a link or maps a gid that is not one: each is
// an error before anything is read outside the snapshot or created.
func TestRestoreUntrustedSnapshot(t *testing.T) {
	f := newFakeOrg(t, smallSizes(), nil)
	src := f.run(t, t.TempDir())
	orgGID, token := emptyOrg(t, f)
	c := clientFor(t, f.srv, token)
	project := f.org.Projects[0].GID
	for _, tt := range []struct {
		name  string
		forge func(t *testing.T, snap, journal string)
		want  string
	}{
		{"project gid leaves the snapshot", func(t *testing.T, snap, _ string) {
			rewriteFile(t, snap, "projects.jsonl", func(b []byte) []byte {
				return bytes.Replace(b, []byte(`"gid":"`+project+`"`), []byte(`"gid":"../../`+project+`"`), 1)
			})
		}, "project gid"},
		{"line over the limit", func(t *testing.T, snap, _ string) {
			rewriteFile(t, snap, "users.jsonl", func(b []byte) []byte {
				return append(b, []byte(`{"gid":"1","name":"`+strings.Repeat("x", maxLineBytes)+`"}`+"\n")...)
			})
		}, "longer than"},
		{"last line without newline", func(t *testing.T, snap, _ string) {
			rewriteFile(t, snap, "teams.jsonl", func(b []byte) []byte { return bytes.TrimSuffix(b, []byte("\n")) })
		}, "no newline"},
		{"custom field gid leaves the snapshot", func(t *testing.T, snap, _ string) {
			rewriteFile(t, snap, "custom_fields.jsonl", func(b []byte) []byte { return setFirstGID(t, b, "../x") })
		}, "custom_field gid"},
		{"tag gid that is a path", func(t *testing.T, snap, _ string) {
			rewriteFile(t, snap, "tags.jsonl", func(b []byte) []byte { return setFirstGID(t, b, "/etc") })
		}, "tag gid"},
		{"journal is a link", func(t *testing.T, _, journal string) {
			victim := filepath.Join(t.TempDir(), "victim")
			if err := os.WriteFile(victim, nil, 0o644); err != nil {
				t.Fatal(err)
			}
			link(t, victim, journal)
		}, "a symbolic link"},
		{"journal maps to a path", func(t *testing.T, _, journal string) {
			if err := os.WriteFile(journal, []byte(`{"kind":"task","old":"1","new":"../../x"}`+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}, "task gid"},
		{"journal of an unknown kind", func(t *testing.T, _, journal string) {
			if err := os.WriteFile(journal, []byte(`{"kind":"user","old":"1","new":"2"}`+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}, "unknown kind"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			snap := filepath.Join(t.TempDir(), "snap")
			if err := os.CopyFS(snap, os.DirFS(src.Dir)); err != nil {
				t.Fatal(err)
			}
			journal := filepath.Join(t.TempDir(), "journal.jsonl")
			tt.forge(t, snap, journal)
			before := len(f.srv.Requests())
			_, err := (&Restore{Client: c, Organization: orgGID, Snapshot: snap, Journal: journal}).Run(context.Background())
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Restore = %v, want an error %q", err, tt.want)
			}
			if len(err.Error()) > 400 {
				t.Errorf("error of %d bytes", len(err.Error()))
			}
			for _, r := range f.srv.Requests()[before:] {
				if r.Method != "GET" && strings.Contains(r.Path, "/projects") {
					t.Errorf("created a project before the error: %s %s", r.Method, r.Path)
				}
			}
		})
	}
}

// setFirstGID gives the first object of a JSON Lines file the gid gid.
func setFirstGID(t *testing.T, b []byte, gid string) []byte {
	t.Helper()
	first, rest, _ := bytes.Cut(b, []byte("\n"))
	var v map[string]any
	if err := json.Unmarshal(first, &v); err != nil {
		t.Fatal(err)
	}
	v["gid"] = gid
	line, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return append(append(line, '\n'), rest...)
}
