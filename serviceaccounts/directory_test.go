package serviceaccounts

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// bigDirectory is a directory CSV of rows people whose rows carry pad
// bytes of an ignored column, generated as it is read.
func bigDirectory(rows, pad int) io.Reader {
	readers := []io.Reader{strings.NewReader("email,notes\n")}
	filler := strings.Repeat("x", pad)
	for i := range rows {
		readers = append(readers, strings.NewReader(fmt.Sprintf("p%d@acme.example,%s\n", i, filler)))
	}
	return io.MultiReader(readers...)
}

// TestLoadDirectorySize checks that a directory past the old 4 MiB limit
// is read whole (it was cut silently, and the people after the cut were
// planned for deprovisioning), and that one past MaxDirectorySize is an
// error rather than a shorter directory.
func TestLoadDirectorySize(t *testing.T) {
	const pad = 64 << 10
	tests := []struct {
		name     string
		rows     int
		tooLarge bool
	}{
		{"small", 3, false},
		{"past 4 MiB", (5 << 20) / pad, false},
		{"just under the limit", MaxDirectorySize/(pad+32) - 1, false},
		{"past the limit", MaxDirectorySize/pad + 1, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := LoadDirectory(bigDirectory(tt.rows, pad), "people.csv")
			if tt.tooLarge {
				var pe *PolicyError
				if !errors.As(err, &pe) || pe.File != "people.csv" || !strings.Contains(pe.Msg, "larger than 64 MiB") {
					t.Fatalf("err = %v, want a PolicyError saying the file is too large", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if d.Len() != tt.rows {
				t.Fatalf("read %d people of %d", d.Len(), tt.rows)
			}
			last := fmt.Sprintf("p%d@acme.example", tt.rows-1)
			if p, ok := d.Lookup(last); !ok || p.Line != tt.rows+1 {
				t.Errorf("the last person %s: %+v, %v", last, p, ok)
			}
		})
	}
}

func TestLoadDirectoryRowLimit(t *testing.T) {
	defer func(n int) { maxDirectoryRows = n }(maxDirectoryRows)
	maxDirectoryRows = 10
	for _, tt := range []struct {
		rows    int
		refused bool
	}{{9, false}, {10, false}, {11, true}} {
		d, err := LoadDirectory(bigDirectory(tt.rows, 1), "people.csv")
		var pe *PolicyError
		switch {
		case tt.refused && (!errors.As(err, &pe) || pe.Line != 12 || !strings.Contains(pe.Msg, "more than 10 people")):
			t.Errorf("%d rows: err = %v, want a refusal at line 12", tt.rows, err)
		case !tt.refused && (err != nil || d.Len() != tt.rows):
			t.Errorf("%d rows: %v", tt.rows, err)
		}
	}
}

func TestLoadDirectoryFileTooLarge(t *testing.T) {
	path := filepath.Join(t.TempDir(), "people.csv")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(f, bigDirectory(MaxDirectorySize/(1<<20)+1, 1<<20)); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	_, err = LoadDirectoryFile(path)
	var pe *PolicyError
	if !errors.As(err, &pe) || pe.File != path || !strings.Contains(err.Error(), "larger than") {
		t.Fatalf("err = %v, want a PolicyError naming the file", err)
	}
}

// TestInputBOM checks that a leading byte order mark (Notepad, PowerShell)
// is no part of the first value, in every format a list of people comes in.
func TestInputBOM(t *testing.T) {
	const bom = "\ufeff"
	want := []string{"ada@acme.example", "bob@acme.example"}
	tests := []struct{ name, file, src string }{
		{"csv plain", "m.csv", "ada@acme.example\nbob@acme.example\n"},
		{"csv plain crlf", "m.csv", "ada@acme.example\r\nbob@acme.example\r\n"},
		{"csv header", "m.csv", "email,name\nada@acme.example,Ada\nbob@acme.example,Bob\n"},
		{"csv quoted header", "m.csv", "\"email\",\"name\"\n\"ada@acme.example\",\"Ada\"\nbob@acme.example,Bob\n"},
		{"txt", "m.txt", "ada@acme.example\nbob@acme.example\n"},
		{"yaml list", "m.yaml", "- ada@acme.example\n- bob@acme.example\n"},
		{"yaml mapping", "m.yml", "members:\n  - ada@acme.example\n  - bob@acme.example\n"},
		{"json", "m.json", `{"members": ["ada@acme.example", "bob@acme.example"]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseMemberList([]byte(bom+tt.src), tt.file)
			if err != nil || !slices.Equal(got, want) {
				t.Fatalf("member list: got %q, %v; want %q", got, err, want)
			}
			if !strings.HasSuffix(tt.file, ".csv") {
				return
			}
			src := tt.src
			if first, _, _ := strings.Cut(src, "\n"); !strings.Contains(first, "email") {
				src = "email\n" + src // a directory has a header
			}
			d, err := LoadDirectory(strings.NewReader(bom+src), "people.csv")
			if err != nil {
				t.Fatalf("directory: %v", err)
			}
			if _, ok := d.Lookup(want[0]); !ok || d.Len() != 2 {
				t.Errorf("directory lost %s to the BOM: %v", want[0], d.People())
			}
		})
	}
	t.Run("policy", func(t *testing.T) {
		for _, name := range []string{"p.yaml", "p.json"} {
			src := "admins: [ada@acme.example]\n"
			if name == "p.json" {
				src = `{"admins": ["ada@acme.example"]}`
			}
			p, err := ParsePolicy([]byte(bom+src), name)
			if err != nil || !slices.Equal(p.Admins, want[:1]) {
				t.Errorf("%s: %+v, %v", name, p, err)
			}
		}
	})
}

// TestInputFilesRefuseSpecialFiles checks that the file loaders refuse a
// named pipe at once instead of waiting for a writer.
func TestInputFilesRefuseSpecialFiles(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "pipe")
	mkfifo(t, fifo)
	loaders := map[string]func(string) error{
		"LoadDirectoryFile":  func(p string) error { _, err := LoadDirectoryFile(p); return err },
		"LoadPolicyFile":     func(p string) error { _, err := LoadPolicyFile(p); return err },
		"LoadMemberListFile": func(p string) error { _, err := LoadMemberListFile(p); return err },
	}
	for name, load := range loaders {
		t.Run(name, func(t *testing.T) {
			if err := load(fifo); err == nil || !strings.Contains(err.Error(), "not a regular file") {
				t.Errorf("err = %v, want a refusal of the named pipe", err)
			}
		})
	}
}
