package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/authspec/authspec/internal/checks"
	"github.com/authspec/authspec/internal/config"
	"github.com/authspec/authspec/internal/fixtures"
	"github.com/authspec/authspec/internal/probe"
	"github.com/authspec/authspec/internal/refserver"
	"github.com/authspec/authspec/internal/report"
	"github.com/authspec/authspec/internal/suite"
)

// allExamples probes every fixture once for the examples of every rule.
func allExamples(t *testing.T) map[string]*ruleExamples {
	t.Helper()
	var ids []string
	for _, r := range checks.All() {
		ids = append(ids, r.ID)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	found, err := findExamples(ctx, ids)
	if err != nil {
		t.Fatal(err)
	}
	return found
}

// flat joins text on single spaces, so a quote can be found in wrapped
// output.
func flat(s string) string { return strings.Join(strings.Fields(s), " ") }

// Every rule of the catalogue explains: its reference, its requirement,
// every quote, its probes, and either an example from a fixture or a plain
// statement that no fixture has one. Rules a fixture declares it breaks
// must have that broken example.
func TestExplainEveryRule(t *testing.T) {
	found := allExamples(t)
	declared := map[string]bool{}
	for _, f := range append(fixtures.Broken(), fixtures.Unusual()...) {
		for _, id := range append(slices.Clone(f.ExpectFail), f.ExpectWarn...) {
			declared[id] = true
		}
	}
	var noBroken, noCorrect []string
	for _, r := range checks.All() {
		ex := found[r.ID]
		out := flat(explanation(r, ex))
		for _, secret := range []string{refserver.Password, refserver.Token, base64.StdEncoding.EncodeToString([]byte(refserver.Username + ":" + refserver.Password))} {
			if strings.Contains(out, secret) {
				t.Errorf("%s: explanation shows a credential", r.ID)
			}
		}
		probes := relationalProbes[r.ID]
		if probes == nil {
			probes = []string{"unauthenticated", "head", "valid-credentials"}
		}
		for _, want := range append([]string{r.ID, r.Ref(), flat(r.Requirement), "How authspec probes it"}, probes...) {
			if !strings.Contains(out, want) {
				t.Errorf("%s: explanation lacks %q", r.ID, want)
			}
		}
		for _, q := range checks.QuotesOf(r.ID) {
			if !strings.Contains(out, flat(q.Text)) || !strings.Contains(out, "§"+q.Section+":") {
				t.Errorf("%s: explanation lacks the quote of §%s", r.ID, q.Section)
			}
		}
		switch {
		case ex.Broken == nil:
			noBroken = append(noBroken, r.ID)
			if declared[r.ID] {
				t.Errorf("%s: a fixture declares it breaks the rule, but no broken example was found", r.ID)
			}
			if !strings.Contains(out, "No server authspec ships breaks this rule") {
				t.Errorf("%s: no broken example, and the explanation does not say so", r.ID)
			}
		case ex.Broken.Result.Outcome == report.Pass || ex.Broken.Result.Check != r.ID || ex.Broken.Result.Evidence == nil:
			t.Errorf("%s: broken example is %+v", r.ID, ex.Broken.Result)
		case !strings.Contains(out, "fixture "+ex.Broken.Server+":"):
			t.Errorf("%s: explanation does not name the broken fixture %s", r.ID, ex.Broken.Server)
		}
		switch {
		case ex.Correct == nil:
			noCorrect = append(noCorrect, r.ID)
			if !strings.Contains(out, "No server authspec ships meets this rule") {
				t.Errorf("%s: no correct example, and the explanation does not say so", r.ID)
			}
		case ex.Correct.Result.Outcome != report.Pass || ex.Correct.Result.Evidence == nil:
			t.Errorf("%s: correct example is %+v", r.ID, ex.Correct.Result)
		}
	}
	t.Logf("%d rules, %d without a broken example: %s", len(checks.All()), len(noBroken), strings.Join(noBroken, " "))
	t.Logf("%d without a correct example: %s", len(noCorrect), strings.Join(noCorrect, " "))
	// Every rule a fixture declares has its broken example (checked above);
	// the rest are schemes and shapes no fixture sends yet.
	if len(checks.All())-len(noBroken) < len(declared) || len(noCorrect) > len(checks.All())/2 {
		t.Errorf("too few examples: %d rules lack a broken one, %d a correct one", len(noBroken), len(noCorrect))
	}
}

// The command line on a known rule: exit 0 and every part, the examples
// taken from the fixture that breaks the rule and one that meets it.
func TestExplainKnownRule(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := runExplain([]string{"rfc7617/basic-realm-required"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	out := stdout.String()
	for _, want := range []string{
		"RFC 7617 §2 · MUST · scheme Basic",
		"https://www.rfc-editor.org/rfc/rfc7617#section-2",
		"The authentication parameter 'realm' is REQUIRED",
		"unauthenticated        no credentials",
		"Broken: a response that breaks it\n  fixture basic-no-realm: Basic challenge without the required realm\n  judged fail by probe unauthenticated",
		"Www-Authenticate: Basic charset=\"UTF-8\"",
		"Correct\n  fixture ",
		"judged pass by probe",
		`Www-Authenticate: Basic realm="authspec fixture"`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// A relational rule names the probes that judge it, not all six.
func TestExplainRelationalRule(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := runExplain([]string{"-examples=false", "rfc9110/malformed-credentials-rejected"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	out := stdout.String()
	if !strings.Contains(out, "malformed-credentials  malformed credentials: expect 401") || strings.Contains(out, "valid-credentials ") ||
		strings.Contains(out, "Broken:") || !strings.Contains(out, "§15.5.1:") {
		t.Errorf("output:\n%s", out)
	}
}

func TestExplainUnknownRule(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"basic-realm-required"}, "did you mean rfc7617/basic-realm-required?"},
		{[]string{"rfc9110/challenge-presnt"}, "did you mean rfc9110/challenge-present"},
		{[]string{"no-such-thing-at-all"}, `no rule "no-such-thing-at-all" in the catalogue`},
		{nil, "name one rule"},
		{[]string{"a", "b"}, "name one rule"},
	} {
		var stdout, stderr bytes.Buffer
		if code := runExplain(tc.args, &stdout, &stderr); code != 2 || !strings.Contains(stderr.String(), tc.want) || stdout.Len() != 0 {
			t.Errorf("%q: exit %d, stderr %q, stdout %q", tc.args, code, stderr.String(), stdout.String())
		}
	}
}

// relationalProbes must say what package suite does: every
// v.relational(j, ID, ...) call reachable from a probe's Run, directly or
// through the package's own functions (judgeWrongCredentials serves two
// probes), adds that probe to the rule's list. The ID may be a string, a
// constant of package suite, a rule variable of package checks
// (checks.DeclaredSchemeOffered.ID), or f.rule.ID where f ranges over a
// package table whose rows begin with such a variable (dpopForgeryRules:
// every rule of the table counts); any other form fails the test, so a new
// call cannot slip past it.
func TestRelationalProbesMatchSuite(t *testing.T) {
	suiteSrc := parseDir(t, "../../internal/suite")
	ruleIDs := ruleVarIDs(parseDir(t, "../../internal/checks"))
	funcs := map[string]*ast.FuncDecl{}
	consts := map[string]string{}
	tables := map[string][]string{} // a table of rules by the first field of each row (dpopForgeryRules)
	for _, f := range suiteSrc {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil {
				funcs[fd.Name.Name] = fd
			}
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if vs, ok := n.(*ast.ValueSpec); ok {
				for i, name := range vs.Names {
					if i < len(vs.Values) {
						if lit, ok := vs.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
							consts[name.Name], _ = strconv.Unquote(lit.Value)
						}
						if ids := ruleTableIDs(vs.Values[i], ruleIDs); len(ids) > 0 {
							tables[name.Name] = ids
						}
					}
				}
			}
			return true
		})
	}
	probeNames := map[string]string{
		"Unauthenticated": probe.Unauthenticated, "BadCredentials": probe.BadCredentials, "Malformed": probe.Malformed,
		"Repeated": probe.Repeated, "Head": probe.Head, "Control": probe.Control,
		"Limited": probe.Limited, "Browser": probe.Browser,
		"Discovery": probe.Discovery, "DigestAbuse": probe.DigestAbuse, "DPoPForgery": probe.DPoPForgery,
		"QueryToken": probe.QueryToken,
	}
	idOf := func(e ast.Expr) string {
		switch e := e.(type) {
		case *ast.BasicLit:
			id, _ := strconv.Unquote(e.Value)
			return id
		case *ast.Ident:
			return consts[e.Name]
		case *ast.SelectorExpr: // checks.X.ID
			if x, ok := e.X.(*ast.SelectorExpr); ok && e.Sel.Name == "ID" {
				return ruleIDs[x.Sel.Name]
			}
		}
		return ""
	}
	// rowIDs reads f.rule.ID, where f ranges over a table of rules: every
	// rule of the table.
	rowIDs := func(e ast.Expr, ranging map[string][]string) []string {
		sel, ok := e.(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "ID" {
			return nil
		}
		field, ok := sel.X.(*ast.SelectorExpr)
		if !ok {
			return nil
		}
		if row, ok := field.X.(*ast.Ident); ok {
			return ranging[row.Name]
		}
		return nil
	}
	// rulesOf collects the IDs judged in body and in the suite functions
	// it calls.
	var rulesOf func(body ast.Node, visited map[string]bool, add func(string))
	rulesOf = func(body ast.Node, visited map[string]bool, add func(string)) {
		ranging := map[string][]string{} // range variable -> the rules of the table it ranges over
		ast.Inspect(body, func(n ast.Node) bool {
			if rs, ok := n.(*ast.RangeStmt); ok {
				if x, ok := rs.X.(*ast.Ident); ok && tables[x.Name] != nil {
					if v, ok := rs.Value.(*ast.Ident); ok {
						ranging[v.Name] = tables[x.Name]
					}
				}
				return true
			}
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			switch fn := call.Fun.(type) {
			case *ast.SelectorExpr:
				if fn.Sel.Name == "relational" && len(call.Args) >= 2 {
					if ids := rowIDs(call.Args[1], ranging); len(ids) > 0 {
						for _, id := range ids {
							add(id)
						}
						return true
					}
					id := idOf(call.Args[1])
					if id == "" {
						t.Errorf("cannot read the rule ID of a relational call: %#v", call.Args[1])
					}
					add(id)
				}
			case *ast.Ident:
				if fd := funcs[fn.Name]; fd != nil && !visited[fn.Name] {
					visited[fn.Name] = true
					rulesOf(fd.Body, visited, add)
				}
			}
			return true
		})
	}
	got := map[string][]string{}
	probes := 0
	for _, f := range suiteSrc {
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.CompositeLit)
			if !ok {
				return true
			}
			if id, ok := lit.Type.(*ast.Ident); !ok || id.Name != "Probe" {
				return true
			}
			name, run := "", ast.Node(nil)
			for _, e := range lit.Elts {
				kv, ok := e.(*ast.KeyValueExpr)
				if !ok {
					continue
				}
				key, _ := kv.Key.(*ast.Ident)
				if key == nil {
					continue
				}
				switch key.Name {
				case "Name":
					if sel, ok := kv.Value.(*ast.SelectorExpr); ok {
						name = probeNames[sel.Sel.Name]
					}
				case "Run":
					run = kv.Value
				}
			}
			if name == "" || run == nil {
				t.Errorf("a Probe literal without a known Name or a Run")
				return true
			}
			probes++
			rulesOf(run, map[string]bool{}, func(id string) {
				if !slices.Contains(got[id], name) {
					got[id] = append(got[id], name)
				}
			})
			return true
		})
	}
	if probes != len(suite.Probes()) {
		t.Errorf("found %d probe definitions in the suite's sources, suite.Probes() has %d", probes, len(suite.Probes()))
	}
	if len(got) != len(relationalProbes) {
		t.Errorf("suite judges %d relational rules, explain knows %d: %v", len(got), len(relationalProbes), got)
	}
	for id, names := range got {
		want := slices.Clone(relationalProbes[id])
		sort.Strings(names)
		sort.Strings(want)
		if !slices.Equal(names, want) {
			t.Errorf("%s: suite uses probes %v, explain says %v", id, names, want)
		}
		if checks.Lookup(id) == nil {
			t.Errorf("%s is not in the catalogue", id)
		}
	}
}

// parseDir parses the non-test Go files of dir.
func parseDir(t *testing.T, dir string) []*ast.File {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil || len(files) == 0 {
		t.Fatalf("sources of %s: %v", dir, err)
	}
	fset := token.NewFileSet()
	var out []*ast.File
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, f)
	}
	return out
}

// ruleVarIDs maps package checks' rule variables to their IDs: var X =
// register(Rule{ID: "..."}) and the like.
func ruleVarIDs(files []*ast.File) map[string]string {
	ids := map[string]string{}
	for _, f := range files {
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.VAR {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				if len(vs.Names) != 1 || len(vs.Values) != 1 {
					continue
				}
				ast.Inspect(vs.Values[0], func(n ast.Node) bool {
					kv, ok := n.(*ast.KeyValueExpr)
					if !ok {
						return true
					}
					key, isIdent := kv.Key.(*ast.Ident)
					lit, isLit := kv.Value.(*ast.BasicLit)
					if isIdent && key.Name == "ID" && isLit && ids[vs.Names[0].Name] == "" {
						ids[vs.Names[0].Name], _ = strconv.Unquote(lit.Value)
					}
					return true
				})
			}
		}
	}
	return ids
}

func TestEditDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		d    int
	}{{"", "", 0}, {"abc", "", 3}, {"kitten", "sitting", 3}, {"presnt", "present", 1}} {
		if got := config.EditDistance(tc.a, tc.b); got != tc.d {
			t.Errorf("EditDistance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.d)
		}
	}
}

func TestExplainHelp(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := runExplain([]string{"-h"}, &stdout, &stderr); code != 0 || !strings.Contains(stderr.String(), "usage: authspec explain") {
		t.Errorf("exit %d, stderr %q", code, stderr.String())
	}
}

// A former ID explains the renamed rule and says it is an alias.
func TestExplainAlias(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := runExplain([]string{"-examples=false", "rfc9112/content-length-matches"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	out := stdout.String()
	if !strings.Contains(out, "rfc9112/content-length-matches is an alias of rfc9110/content-length-matches") ||
		!strings.Contains(out, "\nrfc9110/content-length-matches\n") {
		t.Errorf("output:\n%s", out)
	}
}

// ruleTableIDs returns the rule IDs of a table literal whose rows each
// begin with a rule variable of package checks ({checks.X, ...}), nil for
// any other value.
func ruleTableIDs(v ast.Expr, ruleIDs map[string]string) []string {
	lit, ok := v.(*ast.CompositeLit)
	if !ok {
		return nil
	}
	var ids []string
	for _, row := range lit.Elts {
		r, ok := row.(*ast.CompositeLit)
		if !ok || len(r.Elts) == 0 {
			return nil
		}
		sel, ok := r.Elts[0].(*ast.SelectorExpr)
		if !ok {
			return nil
		}
		x, ok := sel.X.(*ast.Ident)
		if !ok || x.Name != "checks" || ruleIDs[sel.Sel.Name] == "" {
			return nil
		}
		if id := ruleIDs[sel.Sel.Name]; !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	return ids
}
