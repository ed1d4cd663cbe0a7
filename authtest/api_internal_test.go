package authtest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// allowedInAPI are the packages whose types authtest's exported API may
// name: the standard library's and Gomega's matcher interface. Anything
// of authspec's own (checks, report, suite, config, ...) must stay out of
// it, so that those packages can move under internal/ without breaking a
// user of authtest.
var allowedInAPI = map[string]bool{"http": true, "time": true, "types": true, "context": true, "io": true}

func TestAPIExposesOnlyItsOwnTypes(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var leaks []string
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, expr := range exportedTypeExprs(f) {
			ast.Inspect(expr, func(n ast.Node) bool {
				if sel, ok := n.(*ast.SelectorExpr); ok {
					if pkg, ok := sel.X.(*ast.Ident); ok && !allowedInAPI[pkg.Name] {
						leaks = append(leaks, fset.Position(sel.Pos()).String()+": "+pkg.Name+"."+sel.Sel.Name)
					}
				}
				return true
			})
		}
	}
	sort.Strings(leaks)
	for _, l := range leaks {
		t.Errorf("the exported API names another package's type: %s", l)
	}
}

// exportedTypeExprs returns the type expressions users see: the
// signatures of exported functions and of exported methods of exported
// types, and the definitions of exported types (exported fields only).
func exportedTypeExprs(f *ast.File) []ast.Expr {
	var out []ast.Expr
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if !d.Name.IsExported() || (d.Recv != nil && !exportedReceiver(d.Recv)) {
				continue
			}
			out = append(out, d.Type)
		case *ast.GenDecl:
			for _, s := range d.Specs {
				ts, ok := s.(*ast.TypeSpec)
				if !ok || !ts.Name.IsExported() {
					continue
				}
				if st, ok := ts.Type.(*ast.StructType); ok {
					for _, field := range st.Fields.List {
						if len(field.Names) == 0 || field.Names[0].IsExported() {
							out = append(out, field.Type)
						}
					}
					continue
				}
				out = append(out, ts.Type)
			}
		}
	}
	return out
}

func exportedReceiver(recv *ast.FieldList) bool {
	typ := recv.List[0].Type
	if star, ok := typ.(*ast.StarExpr); ok {
		typ = star.X
	}
	id, ok := typ.(*ast.Ident)
	return ok && id.IsExported()
}
