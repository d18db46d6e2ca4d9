package asana_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/asanakit/asana-go/asanatest"
)

// unservedMethods are the typed methods whose operation asanatest does not
// serve yet, so TestE2EEveryMethod has no step for them. The asanatest
// issues shrink this list: when the fake serves an operation,
// TestUnservedMethodsAreUnserved fails until its methods leave the list and
// get an end-to-end step. Until then, their request shapes are tested with
// httpmock (generated_test.go) and their code comes from internal/gen.
var unservedMethods []string // empty since issue 13: the fake serves every operation

// TestUnservedMethodsAreUnserved checks the list against the fake: each
// entry is a method of the client whose operation (its asana:operation
// marker) the fake has no route for.
func TestUnservedMethodsAreUnserved(t *testing.T) {
	if !slices.IsSorted(unservedMethods) || len(slices.Compact(slices.Clone(unservedMethods))) != len(unservedMethods) {
		t.Error("unservedMethods is not sorted or has duplicates")
	}
	ops := methodOperations(t)
	srv := newE2E(t, nil).srv
	// The probe must accept a route the fake serves, else it proves nothing.
	if m, r, _ := strings.Cut(ops["Tasks.Get"], " "); srv.InjectFault(asanatest.Fault{Method: m, Route: r, Status: 500, Times: 1}) != nil {
		t.Fatalf("the fault probe rejects Tasks.Get's %q, which the fake serves", ops["Tasks.Get"])
	}
	for _, m := range unservedMethods {
		op, ok := ops[m]
		if !ok {
			t.Errorf("%s: no such method with an asana:operation marker", m)
			continue
		}
		method, route, _ := strings.Cut(op, " ")
		// The fake validates faults against its routes: a fault it accepts
		// is on a route it serves.
		if err := srv.InjectFault(asanatest.Fault{Method: method, Route: route, Status: 500, Times: 1}); err == nil {
			t.Errorf("asanatest serves %s now: remove %s from unservedMethods and give it a step in e2e_methods_test.go", op, m)
		}
	}
	srv.ClearFaults()
}

// methodOperations maps "Service.Method" to the operation its marker names
// ("GET /tags/{tag_gid}"), for every method of the package's *Service
// types, hand-written and generated.
func methodOperations(t *testing.T) map[string]string {
	t.Helper()
	names, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	out := map[string]string{}
	for _, n := range names {
		if strings.HasSuffix(n, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, n, nil, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv == nil || fd.Doc == nil {
				continue
			}
			star, ok := fd.Recv.List[0].Type.(*ast.StarExpr)
			if !ok {
				continue
			}
			recv, ok := star.X.(*ast.Ident)
			if !ok || !strings.HasSuffix(recv.Name, "Service") {
				continue
			}
			last := fd.Doc.List[len(fd.Doc.List)-1].Text
			if op, ok := strings.CutPrefix(last, "// asana:operation "); ok {
				out[strings.TrimSuffix(recv.Name, "Service")+"."+fd.Name.Name] = op
			}
		}
	}
	return out
}
