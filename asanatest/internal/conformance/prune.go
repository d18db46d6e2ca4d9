package conformance

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/oasdiff/yaml"
)

// cacheVersion changes when prune's output for the same input would.
const cacheVersion = "prune-v1"

// prunedCached is prune with opts.CacheDir in front of it.
func prunedCached(raw []byte, opts Options) ([]byte, error) {
	if opts.CacheDir == "" {
		return prune(raw, opts.Operations)
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%s\n", cacheVersion, strings.Join(opts.Operations, "\n"))
	h.Write(raw)
	file := filepath.Join(opts.CacheDir, hex.EncodeToString(h.Sum(nil))+".json")
	if b, err := os.ReadFile(file); err == nil && json.Valid(b) {
		return b, nil
	}
	b, err := prune(raw, opts.Operations)
	if err != nil {
		return nil, err
	}
	// Write then rename, so that concurrent test binaries never read a
	// half-written file.
	if os.MkdirAll(opts.CacheDir, 0o755) == nil {
		if tmp, err := os.CreateTemp(opts.CacheDir, "tmp-*"); err == nil {
			_, werr := tmp.Write(b)
			cerr := tmp.Close()
			if werr != nil || cerr != nil || os.Rename(tmp.Name(), file) != nil {
				os.Remove(tmp.Name())
			}
		}
	}
	return b, nil
}

// prune returns the document raw (YAML or JSON) as JSON with only the
// operations ops and the components they reach through $ref (plus
// ErrorResponse, for answers with an undocumented status).
func prune(raw []byte, ops []string) ([]byte, error) {
	js := raw
	if t := bytes.TrimSpace(raw); len(t) == 0 || t[0] != '{' {
		var err error
		if js, err = yaml.YAMLToJSON(raw); err != nil {
			return nil, err
		}
	}
	var doc map[string]any
	dec := json.NewDecoder(bytes.NewReader(js))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		return nil, err
	}
	paths, _ := doc["paths"].(map[string]any)
	kept := map[string]any{}
	for _, op := range ops {
		method, path, ok := strings.Cut(op, " ")
		if !ok {
			return nil, fmt.Errorf("operation %q: want \"METHOD /path\"", op)
		}
		item, _ := paths[path].(map[string]any)
		o, found := item[strings.ToLower(method)]
		if !found {
			continue
		}
		k, _ := kept[path].(map[string]any)
		if k == nil {
			k = map[string]any{}
			for key, v := range item { // path-level parameters, servers, ...
				if !isMethod(key) {
					k[key] = v
				}
			}
			kept[path] = k
		}
		k[strings.ToLower(method)] = o
	}
	doc["paths"] = kept

	// Keep the components reachable from what is kept.
	comps, _ := doc["components"].(map[string]any)
	reached := map[string]bool{}
	var todo []string
	collectRefs(kept, &todo)
	todo = append(todo, "#/components/schemas/ErrorResponse")
	for len(todo) > 0 {
		ref := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		if reached[ref] {
			continue
		}
		reached[ref] = true
		if v := lookup(comps, ref); v != nil {
			collectRefs(v, &todo)
		}
	}
	prunedComps := map[string]any{}
	for section, entries := range comps {
		m, ok := entries.(map[string]any)
		if !ok {
			prunedComps[section] = entries
			continue
		}
		keep := map[string]any{}
		for name, v := range m {
			if reached["#/components/"+section+"/"+name] {
				keep[name] = v
			}
		}
		prunedComps[section] = keep
	}
	doc["components"] = prunedComps
	// Tags and extensions at the top are documentation only.
	delete(doc, "tags")
	return json.Marshal(doc)
}

func isMethod(key string) bool {
	switch key {
	case "get", "put", "post", "delete", "options", "head", "patch", "trace":
		return true
	}
	return false
}

// collectRefs appends every $ref value found in v.
func collectRefs(v any, out *[]string) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if s, ok := e.(string); ok && k == "$ref" {
				*out = append(*out, s)
				continue
			}
			collectRefs(e, out)
		}
	case []any:
		for _, e := range x {
			collectRefs(e, out)
		}
	}
}

// lookup finds a local reference "#/components/section/name" in comps.
func lookup(comps map[string]any, ref string) any {
	rest, ok := strings.CutPrefix(ref, "#/components/")
	if !ok {
		return nil
	}
	section, name, ok := strings.Cut(rest, "/")
	if !ok {
		return nil
	}
	m, _ := comps[section].(map[string]any)
	return m[name]
}
