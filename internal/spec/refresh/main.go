// Command refresh replaces the vendored OpenAPI spec with another copy of
// Asana's asana_oas.yaml, from a local file or an http(s) URL:
//
//	go run ./internal/spec/refresh https://raw.githubusercontent.com/Asana/openapi/master/defs/asana_oas.yaml
//	go run ./internal/spec/refresh ~/src/openapi/defs/asana_oas.yaml
//
// It writes asana_oas.yaml unchanged, converts it to the JSON twin
// asana_oas.json, and rewrites the checksums, git blob id and counts that
// SOURCE.txt records for the two. Nothing is written unless the new spec
// parses as an OpenAPI 3 document with paths. The commit line of
// SOURCE.txt is left for the person refreshing to update.
package main

import (
	"context"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/goccy/go-yaml"

	"github.com/asanakit/asana-go/internal/spec"
)

// maxSpecBytes bounds what a refresh reads: the spec is about 3 MiB.
const maxSpecBytes = 64 << 20

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "refresh:", err)
		if errors.Is(err, errUsage) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

var errUsage = errors.New("usage: refresh [-dir DIR] PATH-OR-URL")

func run(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("refresh", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	dir := fs.String("dir", spec.Dir(), "directory of the vendored spec")
	if err := fs.Parse(args); err != nil || fs.NArg() != 1 || *dir == "" {
		return errUsage
	}
	src, err := read(ctx, fs.Arg(0))
	if err != nil {
		return err
	}
	doc, err := decode(src)
	if err != nil {
		return fmt.Errorf("%s: not YAML: %w", fs.Arg(0), err)
	}
	paths, schemas, err := checkSpec(doc)
	if err != nil {
		return fmt.Errorf("%s: %w", fs.Arg(0), err)
	}
	twin, err := encode(doc)
	if err != nil {
		return fmt.Errorf("%s: converting to JSON: %w", fs.Arg(0), err)
	}
	sourcePath := filepath.Join(*dir, "SOURCE.txt")
	source, err := os.ReadFile(sourcePath)
	if err != nil {
		return err
	}
	source, err = rewriteSource(source, src, twin, paths, schemas)
	if err != nil {
		return fmt.Errorf("%s: %w", sourcePath, err)
	}
	for _, f := range []struct {
		name string
		data []byte
	}{{"asana_oas.yaml", src}, {"asana_oas.json", twin}, {"SOURCE.txt", source}} {
		if err := writeAtomic(filepath.Join(*dir, f.name), f.data); err != nil {
			return err
		}
	}
	fmt.Fprintf(out, "asana_oas.yaml  sha256 %s (%d paths, %d component schemas)\nasana_oas.json  sha256 %s\n"+
		"Update the Commit line of SOURCE.txt, then run go test ./...\n", sum256(src), paths, schemas, sum256(twin))
	return nil
}

// read returns the spec at a local path or an http(s) URL.
func read(ctx context.Context, from string) ([]byte, error) {
	if !strings.HasPrefix(from, "http://") && !strings.HasPrefix(from, "https://") {
		f, err := os.Open(from)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		return readLimited(f, from)
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, from, nil)
	if err != nil {
		return nil, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %s", from, resp.Status)
	}
	return readLimited(resp.Body, from)
}

func readLimited(r io.Reader, name string) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, maxSpecBytes+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxSpecBytes {
		return nil, fmt.Errorf("%s: larger than %d MiB, not a spec", name, maxSpecBytes>>20)
	}
	return b, nil
}

// checkSpec makes sure doc is an OpenAPI 3 document with paths, and counts
// its paths and component schemas.
func checkSpec(doc any) (paths, schemas int, err error) {
	version, _ := member(doc, "openapi").(string)
	pathMap, _ := member(doc, "paths").(yaml.MapSlice)
	if !strings.HasPrefix(version, "3.") || len(pathMap) == 0 {
		return 0, 0, errors.New("not an OpenAPI 3 document with paths")
	}
	schemaMap, _ := member(member(doc, "components"), "schemas").(yaml.MapSlice)
	return len(pathMap), len(schemaMap), nil
}

// member is the value of key in the mapping m, or nil.
func member(m any, key string) any {
	ms, _ := m.(yaml.MapSlice)
	for _, item := range ms {
		if k, ok := item.Key.(string); ok && k == key {
			return item.Value
		}
	}
	return nil
}

var (
	sha256Field = regexp.MustCompile(`sha256 [0-9a-f]{64}`)
	blobField   = regexp.MustCompile(`git blob [0-9a-f]{40}`)
	countsField = regexp.MustCompile(`\d+ paths, \d+ component schemas`)
)

// rewriteSource updates the records of asana_oas.yaml and asana_oas.json in
// SOURCE.txt. A record starts at a line that begins with the file's name
// and runs to the next line that starts in the first column.
func rewriteSource(source, yamlSrc, twin []byte, paths, schemas int) ([]byte, error) {
	lines := strings.SplitAfter(string(source), "\n")
	section := ""
	seen := map[string]int{}
	replace := func(i int, re *regexp.Regexp, with, what string) {
		if re.MatchString(lines[i]) {
			lines[i] = re.ReplaceAllLiteralString(lines[i], with)
			seen[what]++
		}
	}
	for i, line := range lines {
		if line != "" && line[0] != ' ' && line[0] != '\t' {
			section, _, _ = strings.Cut(strings.TrimSpace(line), " ")
		}
		switch section {
		case "asana_oas.yaml":
			replace(i, sha256Field, "sha256 "+sum256(yamlSrc), "yaml sha256")
			replace(i, blobField, "git blob "+gitBlob(yamlSrc), "yaml git blob")
			replace(i, countsField, fmt.Sprintf("%d paths, %d component schemas", paths, schemas), "yaml counts")
		case "asana_oas.json":
			replace(i, sha256Field, "sha256 "+sum256(twin), "json sha256")
		}
	}
	for _, what := range []string{"yaml sha256", "yaml git blob", "yaml counts", "json sha256"} {
		if seen[what] != 1 {
			return nil, fmt.Errorf("found %d %s records, want 1", seen[what], what)
		}
	}
	return []byte(strings.Join(lines, "")), nil
}

func sum256(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// gitBlob is the id git gives a file of content b, so SOURCE.txt can be
// checked against the upstream repository.
func gitBlob(b []byte) string {
	h := sha1.New()
	fmt.Fprintf(h, "blob %d\x00", len(b))
	h.Write(b)
	return hex.EncodeToString(h.Sum(nil))
}

// writeAtomic replaces path with data, so an interrupted refresh leaves
// each file whole.
func writeAtomic(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Chmod(0o644); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}
