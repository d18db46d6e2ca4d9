// Command gen writes the asana package's generated files (zz_*.go) from
// Asana's OpenAPI spec and the override file asana/gen/overrides.yaml:
// read models, request and options types, new service types, and one
// method per operation that no hand-written method's asana:operation
// marker claims. Run it with `go generate ./asana`; CONTRIBUTING.md
// explains the naming rules and the overrides.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/asanakit/asana-go/internal/spec"
)

func main() {
	pkg := flag.String("pkg", ".", "the asana package's directory")
	out := flag.String("out", "", "where to write the files (default: -pkg)")
	specPath := flag.String("spec", spec.JSONPath(), "the spec's JSON form")
	flag.Parse()
	if *out == "" {
		*out = *pkg
	}
	if err := run(*specPath, *pkg, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

// run generates the files of the package in pkgDir into outDir, replacing
// the zz_ files there.
func run(specPath, pkgDir, outDir string) error {
	files, err := generate(specPath, pkgDir)
	if err != nil {
		return err
	}
	old, err := filepath.Glob(filepath.Join(outDir, generatedPrefix+"*.go"))
	if err != nil {
		return err
	}
	for _, f := range old {
		if _, keep := files[filepath.Base(f)]; !keep {
			if err := os.Remove(f); err != nil {
				return err
			}
		}
	}
	for name, src := range files {
		path := filepath.Join(outDir, name)
		if cur, err := os.ReadFile(path); err == nil && bytes.Equal(cur, src) {
			continue
		}
		if err := os.WriteFile(path, src, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// gen is one run of the generator.
type gen struct {
	spec     *specDoc
	ov       *overrides
	pkg      *pkgInfo
	m        model
	services []*service
	methods  []*method
	errs     []string
}

func (g *gen) errorf(format string, a ...any) { g.errs = append(g.errs, fmt.Sprintf(format, a...)) }

// generate returns the generated files of the package in pkgDir by name.
func generate(specPath, pkgDir string) (map[string][]byte, error) {
	g, err := load(specPath, pkgDir)
	if err != nil {
		return nil, err
	}
	return g.render()
}

// load reads the spec, the overrides and the package in pkgDir, and
// builds the methods to generate.
func load(specPath, pkgDir string) (*gen, error) {
	d, err := loadSpec(specPath)
	if err != nil {
		return nil, err
	}
	ov, err := loadOverrides(filepath.Join(pkgDir, "gen", "overrides.yaml"))
	if err != nil {
		return nil, err
	}
	if err := ov.check(d); err != nil {
		return nil, err
	}
	info, err := scanPackage(pkgDir)
	if err != nil {
		return nil, err
	}
	g := &gen{spec: d, ov: ov, pkg: info, m: model{structs: map[string]*goStruct{}, enums: map[string]*goEnum{}, taken: map[string]string{}}}
	g.initFamilies()
	g.build()
	if len(g.errs) > 0 {
		sort.Strings(g.errs)
		return nil, errors.New(strings.Join(g.errs, "\n"))
	}
	return g, nil
}

// generated reports whether the generator writes a method for op: it is
// neither hand-written (unless the override says generate, for an
// operation that hand-written conveniences call too) nor listed as not
// done yet. It reports an operation that a hand-written marker names but
// hand_written does not list, and the reverse, so that every operation is
// either generated or listed with the reason it is not.
func (g *gen) generated(key string) bool {
	ov := g.ov.Operations[key]
	why, listed := g.ov.HandWritten[key]
	switch {
	case listed && ov.Generate:
		g.errorf("%s: both hand_written (%s) and generate", key, why)
	case listed && !g.pkg.Wrapped[key]:
		g.errorf("%s: listed in hand_written, but no hand-written method's marker names it", key)
	case g.pkg.Wrapped[key] && !listed && !ov.Generate:
		g.errorf("%s: a hand-written method's marker names it: generate it (drop the method) or list it in hand_written with the reason", key)
	}
	return !listed && (!g.pkg.Wrapped[key] || ov.Generate) && g.ov.NotYet[key] == ""
}

func (g *gen) build() {
	svcs := map[string]*service{}
	seen := map[string]string{}
	for _, op := range g.spec.Operations {
		if !g.generated(op.Key()) {
			continue
		}
		m := g.buildMethod(op)
		if m == nil {
			continue
		}
		s := svcs[m.Service]
		if s == nil {
			s = &service{Name: m.Service, Tag: op.Tags[0], New: !g.pkg.Types[m.Service+"Service"]}
			svcs[m.Service] = s
			g.services = append(g.services, s)
			if s.New {
				g.claim(m.Service+"Service", "service")
			}
		}
		full := m.Service + "Service." + m.Name
		if g.pkg.Methods[full] {
			g.errorf("%s: method %s is hand-written already: rename it in the overrides", op.Key(), full)
		}
		if prev, ok := seen[full]; ok {
			g.errorf("%s and %s both become %s: rename one in the overrides", prev, op.Key(), full)
		}
		seen[full] = op.Key()
		if m.Body != nil && m.Body.File == "models" {
			m.Body.File = fileStem(m.Service)
		}
		if st := g.m.structs[m.Opts]; st != nil && m.OptsBase == "" {
			st.File = fileStem(m.Service)
		}
		g.methods = append(g.methods, m)
	}
	sort.Slice(g.services, func(i, j int) bool { return g.services[i].Name < g.services[j].Name })
	// A resource's model goes in its service's file.
	for _, s := range g.services {
		if st := g.m.structs[resourceOf(s.Name)]; st != nil && st.File == "models" {
			st.File = fileStem(s.Name)
		}
	}
	for _, e := range g.m.enums {
		e.File = "enums"
	}
}
