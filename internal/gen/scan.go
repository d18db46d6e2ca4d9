package main

import (
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
)

// pkgInfo is what the hand-written files of the asana package declare:
// the generator reuses their types, keeps clear of their names and skips
// the operations their markers name.
type pkgInfo struct {
	// Types are the package's type names.
	Types map[string]bool
	// Names are all the package's top-level names.
	Names map[string]bool
	// Methods are "Receiver.Method" of every method.
	Methods map[string]bool
	// Wrapped are the operations of the asana:operation markers.
	Wrapped map[string]bool
	// Fields are the JSON-tagged fields of each struct type, for the
	// argument checks of methods whose request type is hand-written.
	Fields map[string][]goField
}

var markerRE = regexp.MustCompile(`^// asana:operation (GET|POST|PUT|PATCH|DELETE) (/\S*)$`)

// generatedPrefix starts the name of every file the generator writes.
const generatedPrefix = "zz_"

// scanPackage parses the non-test, non-generated Go files of dir.
func scanPackage(dir string) (*pkgInfo, error) {
	info := &pkgInfo{Types: map[string]bool{}, Names: map[string]bool{}, Methods: map[string]bool{}, Wrapped: map[string]bool{}, Fields: map[string][]goField{}}
	names, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return nil, err
	}
	fset := token.NewFileSet()
	for _, n := range names {
		base := filepath.Base(n)
		if strings.HasSuffix(base, "_test.go") || strings.HasPrefix(base, generatedPrefix) {
			continue
		}
		src, err := os.ReadFile(n)
		if err != nil {
			return nil, err
		}
		f, err := parser.ParseFile(fset, n, src, parser.ParseComments)
		if err != nil {
			return nil, err
		}
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				if m := markerRE.FindStringSubmatch(c.Text); m != nil {
					info.Wrapped[m[1]+" "+m[2]] = true
				}
			}
		}
		for _, decl := range f.Decls {
			switch d := decl.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil {
					info.Names[d.Name.Name] = true
					continue
				}
				info.Methods[recvName(d.Recv.List[0].Type)+"."+d.Name.Name] = true
			case *ast.GenDecl:
				for _, s := range d.Specs {
					switch s := s.(type) {
					case *ast.TypeSpec:
						info.Types[s.Name.Name] = true
						info.Names[s.Name.Name] = true
						if st, ok := s.Type.(*ast.StructType); ok {
							info.Fields[s.Name.Name] = structFields(fset, st)
						}
					case *ast.ValueSpec:
						for _, id := range s.Names {
							info.Names[id.Name] = true
						}
					}
				}
			}
		}
	}
	return info, nil
}

func recvName(e ast.Expr) string {
	switch t := e.(type) {
	case *ast.StarExpr:
		return recvName(t.X)
	case *ast.Ident:
		return t.Name
	case *ast.IndexExpr:
		return recvName(t.X)
	}
	return ""
}

// structFields are the fields of st that have a json tag, each with its
// JSON name, Go name and type; Omit is always set, as only the overrides
// say which of a hand-written type's fields are required.
func structFields(fset *token.FileSet, st *ast.StructType) []goField {
	var out []goField
	for _, f := range st.Fields.List {
		if f.Tag == nil || len(f.Names) != 1 {
			continue
		}
		tag, err := strconv.Unquote(f.Tag.Value)
		if err != nil {
			continue
		}
		name, _, _ := strings.Cut(reflect.StructTag(tag).Get("json"), ",")
		if name == "" || name == "-" {
			continue
		}
		var typ strings.Builder
		if err := printer.Fprint(&typ, fset, f.Type); err != nil {
			continue
		}
		out = append(out, goField{Name: f.Names[0].Name, JSON: name, Type: typ.String(), Omit: "omitempty"})
	}
	return out
}
