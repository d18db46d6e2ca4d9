package input

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"
)

func TestNewReader(t *testing.T) {
	tests := []struct {
		name, in string
		limit    int64
		want     string
		tooLarge bool
	}{
		{"plain", "abc", 10, "abc", false},
		{"bom stripped", "\ufeffabc", 10, "abc", false},
		{"bom only", "\ufeff", 10, "", false},
		{"bom not counted", "\ufeffabc", 3, "abc", false},
		{"only a leading bom", "a\ufeffb", 10, "a\ufeffb", false},
		{"exactly the limit", "abcd", 4, "abcd", false},
		{"one past the limit", "abcde", 4, "", true},
		{"far past the limit", strings.Repeat("x", 1<<16), 100, "", true},
		{"empty", "", 4, "", false},
		{"zero limit, empty", "", 0, "", false},
		{"zero limit, data", "a", 0, "", true},
	}
	for _, tt := range tests {
		for _, slow := range []bool{false, true} {
			name := tt.name
			if slow {
				name += " (one byte at a time)"
			}
			t.Run(name, func(t *testing.T) {
				var r io.Reader = strings.NewReader(tt.in)
				if slow {
					r = iotest.OneByteReader(r)
				}
				got, err := io.ReadAll(NewReader(r, tt.limit))
				var tl *TooLargeError
				if tt.tooLarge {
					if !errors.As(err, &tl) || tl.Limit != tt.limit {
						t.Fatalf("err = %v, want a TooLargeError with limit %d", err, tt.limit)
					}
					if int64(len(got)) > tt.limit {
						t.Errorf("read %d bytes past a limit of %d", len(got), tt.limit)
					}
					return
				}
				if err != nil || string(got) != tt.want {
					t.Fatalf("got %q, %v; want %q", got, err, tt.want)
				}
			})
		}
	}
}

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	plain := write("plain", "hello")
	withBOM := write("bom", "\ufeffhello")
	big := write("big", strings.Repeat("x", 2<<10))
	link := filepath.Join(dir, "link")
	if err := os.Symlink(plain, link); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "fifo")
	mkfifo(t, fifo)
	tests := []struct {
		name, path, want, errHas string
	}{
		{"plain", plain, "hello", ""},
		{"bom", withBOM, "hello", ""},
		{"link to a regular file", link, "hello", ""},
		{"too large", big, "", "big is larger than 1 KiB"},
		{"named pipe, no writer", fifo, "", "not a regular file (a named pipe)"},
		{"directory", dir, "", "not a regular file (a directory)"},
		{"device", os.DevNull, "", "not a regular file (a device)"},
		{"missing", filepath.Join(dir, "nope"), "", "no such file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadFile(tt.path, 1<<10)
			if tt.errHas == "" {
				if err != nil || string(got) != tt.want {
					t.Fatalf("got %q, %v; want %q", got, err, tt.want)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.errHas) {
				t.Fatalf("err = %v, want one saying %q", err, tt.errHas)
			}
		})
	}
	var tl *TooLargeError
	if _, err := ReadFile(big, 1<<10); !errors.As(err, &tl) || tl.Name != big {
		t.Errorf("err = %#v, want a TooLargeError naming the file", err)
	}
}
