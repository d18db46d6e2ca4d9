// Package lint holds repository-wide checks that the standard tools do not
// make: every exported name of the module has a doc comment, and every
// library package has a runnable Example.
package lint

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// moduleRoot is the module's directory, two levels above this package.
func moduleRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("no go.mod at %s: %v", root, err)
	}
	return root
}

// packages parses the non-test Go files of every package directory below
// root, skipping testdata, node_modules and hidden directories.
func packages(t *testing.T, root string) map[string][]*ast.File {
	t.Helper()
	fset := token.NewFileSet()
	pkgs := map[string][]*ast.File{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != root && (name == "testdata" || name == "node_modules" || strings.HasPrefix(name, ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ParseComments)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, filepath.Dir(path))
		pkgs[rel] = append(pkgs[rel], f)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return pkgs
}

func TestExportedNamesHaveDocComments(t *testing.T) {
	root := moduleRoot(t)
	var missing []string
	for dir, files := range packages(t, root) {
		for _, f := range files {
			if f.Name.Name == "main" {
				continue
			}
			for _, decl := range f.Decls {
				missing = append(missing, undocumented(dir, decl)...)
			}
		}
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Errorf("exported without a doc comment: %s", m)
	}
}

// undocumented lists the exported names a declaration introduces without
// a doc comment. A grouped declaration's comment covers its members.
func undocumented(dir string, decl ast.Decl) []string {
	var out []string
	switch d := decl.(type) {
	case *ast.FuncDecl:
		if !d.Name.IsExported() || d.Doc != nil {
			return nil
		}
		if d.Recv != nil && !exportedReceiver(d.Recv) {
			return nil
		}
		out = append(out, dir+": func "+d.Name.Name)
	case *ast.GenDecl:
		for _, spec := range d.Specs {
			switch s := spec.(type) {
			case *ast.TypeSpec:
				if s.Name.IsExported() && d.Doc == nil && s.Doc == nil && s.Comment == nil {
					out = append(out, dir+": type "+s.Name.Name)
				}
			case *ast.ValueSpec:
				for _, n := range s.Names {
					if n.IsExported() && d.Doc == nil && s.Doc == nil && s.Comment == nil {
						out = append(out, dir+": "+n.Name)
					}
				}
			}
		}
	}
	return out
}

func exportedReceiver(recv *ast.FieldList) bool {
	if len(recv.List) == 0 {
		return false
	}
	t := recv.List[0].Type
	for {
		switch x := t.(type) {
		case *ast.StarExpr:
			t = x.X
		case *ast.IndexExpr:
			t = x.X
		case *ast.IndexListExpr:
			t = x.X
		case *ast.Ident:
			return x.IsExported()
		default:
			return false
		}
	}
}

func TestLibraryPackagesHaveExamples(t *testing.T) {
	root := moduleRoot(t)
	for dir, files := range packages(t, root) {
		if files[0].Name.Name == "main" || strings.Contains(dir, "internal") {
			continue
		}
		tests, _ := filepath.Glob(filepath.Join(root, dir, "*_test.go"))
		found := false
		for _, tf := range tests {
			src, err := os.ReadFile(tf)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(string(src), "\nfunc Example") {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("package %s has no runnable Example", dir)
		}
	}
}
