package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/asanakit/asana-go/internal/spec"
)

// TestToJSON converts a small spec-shaped document; testdata/small.json is
// what PyYAML safe_load + json.dump(indent=2, ensure_ascii=False) wrote for
// it, the recipe of the first twin.
func TestToJSON(t *testing.T) {
	src, err := os.ReadFile("testdata/small.yaml")
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("testdata/small.json")
	if err != nil {
		t.Fatal(err)
	}
	got, err := toJSON(src)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("toJSON:\n%s\nwant:\n%s", got, want)
	}
}

func TestToJSONRejects(t *testing.T) {
	for _, src := range []string{
		"a: [1, 2",         // not YAML
		"a: 1\na: 2\n",     // duplicate key: PyYAML would keep the last silently
		"a: .inf\n",        // no JSON number
		"a: !!binary aGk=", // binary is no JSON value
	} {
		if got, err := toJSON([]byte(src)); err == nil {
			t.Errorf("toJSON(%q) = %s, want an error", src, got)
		}
	}
}

func TestPythonFloat(t *testing.T) {
	for f, want := range map[float64]string{
		5.2: "5.2", 10: "10.0", -0.5: "-0.5", 0: "0.0", 1e-4: "0.0001", 1.5e-5: "1.5e-05",
		1e15: "1000000000000000.0", 1e16: "1e+16", 123456789012.25: "123456789012.25",
	} {
		if got, err := pythonFloat(f); err != nil || got != want {
			t.Errorf("pythonFloat(%v) = %q, %v, want %q", f, got, err, want)
		}
	}
}

// vendoredCopy copies the vendored spec directory to a temporary one.
func vendoredCopy(t *testing.T) string {
	t.Helper()
	return specDir(t, filepath.Join(spec.Dir(), "asana_oas.yaml"), filepath.Join(spec.Dir(), "asana_oas.json"))
}

// specDir makes a spec directory of the given spec files and the vendored
// SOURCE.txt.
func specDir(t *testing.T, yamlPath, jsonPath string) string {
	t.Helper()
	dir := t.TempDir()
	for name, from := range map[string]string{
		"asana_oas.yaml": yamlPath, "asana_oas.json": jsonPath, "SOURCE.txt": filepath.Join(spec.Dir(), "SOURCE.txt"),
	} {
		b, err := os.ReadFile(from)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func readFiles(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	for _, name := range []string{"asana_oas.yaml", "asana_oas.json", "SOURCE.txt"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		m[name] = string(b)
	}
	return m
}

// TestRefreshVendoredIsNoChange refreshes from the vendored YAML itself:
// the converter gives the vendored twin byte for byte, and SOURCE.txt
// (checksums, git blob id, counts) comes out unchanged.
func TestRefreshVendoredIsNoChange(t *testing.T) {
	dir := vendoredCopy(t)
	before := readFiles(t, dir)
	if err := run(t.Context(), []string{"-dir", dir, filepath.Join(spec.Dir(), "asana_oas.yaml")}, io.Discard); err != nil {
		t.Fatal(err)
	}
	after := readFiles(t, dir)
	if got, want := after["asana_oas.json"], before["asana_oas.json"]; got != want {
		var g, w any
		if err := json.Unmarshal([]byte(got), &g); err != nil {
			t.Fatalf("the converted spec is not JSON: %v", err)
		}
		if err := json.Unmarshal([]byte(want), &w); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(g, w) {
			t.Fatal("the converted spec differs from asana_oas.json in content")
		}
		t.Error("the converted spec equals asana_oas.json in content but not in bytes")
	}
	for _, name := range []string{"asana_oas.yaml", "SOURCE.txt"} {
		if after[name] != before[name] {
			t.Errorf("%s changed:\n%s", name, after[name])
		}
	}
}

// TestRefreshNewSpec refreshes to a different spec, from a file and from a
// loopback URL: the files are replaced and SOURCE.txt records the new
// checksums, blob id and counts, and nothing else changes in it.
func TestRefreshNewSpec(t *testing.T) {
	from := filepath.Join("testdata", "small.yaml")
	small, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	smallJSON, err := os.ReadFile("testdata/small.json")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.ServeFile(w, r, from)
	}))
	defer srv.Close()
	for _, from := range []string{from, srv.URL + "/defs/asana_oas.yaml"} {
		dir := vendoredCopy(t)
		before := readFiles(t, dir)
		if err := run(t.Context(), []string{"-dir", dir, from}, io.Discard); err != nil {
			t.Fatalf("%s: %v", from, err)
		}
		after := readFiles(t, dir)
		if after["asana_oas.yaml"] != string(small) || after["asana_oas.json"] != string(smallJSON) {
			t.Errorf("%s: the spec files were not replaced with the new spec and its twin", from)
		}
		wantSource := before["SOURCE.txt"]
		for old, new := range map[string]string{
			"50705f125ecdacd17d30ab498709f3da54ba5a9426a1e4a05b494ff56481eb2f": sum256(small),
			"bd4a0a47365b344958a814e55e029b9e8825c792":                         gitBlob(small),
			"e839477e4ba569ae625d5d6255526b12b8f351922757107400db3ffe4679db33": sum256(smallJSON),
			"173 paths, 273 component schemas":                                 "1 paths, 1 component schemas",
		} {
			if strings.Count(wantSource, old) != 1 {
				t.Fatalf("SOURCE.txt does not record %q once", old)
			}
			wantSource = strings.Replace(wantSource, old, new, 1)
		}
		if after["SOURCE.txt"] != wantSource {
			t.Errorf("%s: SOURCE.txt:\n%s\nwant:\n%s", from, after["SOURCE.txt"], wantSource)
		}
	}
}

// TestRefreshRefuses checks that bad input or a bad source leaves every
// file as it was.
func TestRefreshRefuses(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close()
	notSpec := filepath.Join(t.TempDir(), "notspec.yaml")
	if err := os.WriteFile(notSpec, []byte("openapi: 2.0\npaths: {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args func(dir string) []string
		want string
	}{
		{"no source", func(dir string) []string { return []string{"-dir", dir} }, "usage"},
		{"missing file", func(dir string) []string { return []string{"-dir", dir, filepath.Join(dir, "absent.yaml")} }, "no such file"},
		{"not an OpenAPI 3 spec", func(dir string) []string { return []string{"-dir", dir, notSpec} }, "not an OpenAPI 3 document"},
		{"HTTP error", func(dir string) []string { return []string{"-dir", dir, srv.URL + "/asana_oas.yaml"} }, "404"},
		{"SOURCE.txt without the records", func(dir string) []string {
			if err := os.WriteFile(filepath.Join(dir, "SOURCE.txt"), []byte("nothing here\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			return []string{"-dir", dir, "testdata/small.yaml"}
		}, "records"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := specDir(t, "testdata/small.yaml", "testdata/small.json")
			args := tt.args(dir)
			before := readFiles(t, dir)
			err := run(t.Context(), args, io.Discard)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want one mentioning %q", err, tt.want)
			}
			if tt.want == "usage" && !errors.Is(err, errUsage) {
				t.Errorf("err = %v, want errUsage", err)
			}
			if after := readFiles(t, dir); !reflect.DeepEqual(after, before) {
				t.Error("files changed after a refused refresh")
			}
		})
	}
}
