package authtest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/authspec/authspec/internal/config"
)

// TestOptionsAreTargetsKeys holds the one table that maps options to
// targets.yaml keys against the loader's own key table, and against the
// options this package declares: every option sets a key the loader
// accepts, is named after it, and is in the table.
func TestOptionsAreTargetsKeys(t *testing.T) {
	keys := config.TargetKeys()
	for _, ok := range optionKeys {
		if !slices.Contains(keys, ok.key) {
			t.Errorf("option %s sets %q, which targets.yaml does not have (its keys: %v)", ok.option, ok.key, keys)
		}
		last := ok.key[strings.LastIndex(ok.key, ".")+1:]
		if want := goName(last); ok.option != want {
			t.Errorf("option %s sets %q: name it %s", ok.option, ok.key, want)
		}
	}
	declared := declaredOptions(t)
	for _, name := range declared {
		if optionOf(keyOfOrEmpty(name)) != name {
			t.Errorf("option %s is not in optionKeys", name)
		}
	}
	for _, ok := range optionKeys {
		if !slices.Contains(declared, ok.option) {
			t.Errorf("optionKeys names %s, which the package does not declare", ok.option)
		}
	}
}

func keyOfOrEmpty(option string) string {
	for _, ok := range optionKeys {
		if ok.option == option {
			return ok.key
		}
	}
	return ""
}

// goName turns a targets.yaml key into the Go name of its option:
// "expect_schemes" is ExpectSchemes, "mcp" is MCP.
func goName(key string) string {
	initialisms := map[string]string{"mcp": "MCP", "url": "URL", "tls": "TLS", "dpop": "DPoP"}
	var b strings.Builder
	for _, part := range strings.Split(key, "_") {
		if up, ok := initialisms[part]; ok {
			b.WriteString(up)
			continue
		}
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return b.String()
}

// declaredOptions lists the exported functions of the package that return
// an Option.
func declaredOptions(t *testing.T) []string {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Recv != nil || !fn.Name.IsExported() || fn.Type.Results == nil || len(fn.Type.Results.List) != 1 {
				continue
			}
			if id, ok := fn.Type.Results.List[0].Type.(*ast.Ident); ok && id.Name == "Option" {
				out = append(out, fn.Name.Name)
			}
		}
	}
	if len(out) < 10 {
		t.Fatalf("found only %d options: %v", len(out), out)
	}
	return out
}

// TestOptionsLoadLikeTargetsYAML checks that every option reaches the
// loaded target: the options are a targets.yaml entry, not a copy of one.
func TestOptionsLoadLikeTargetsYAML(t *testing.T) {
	cfg, err := handlerConfig("http://127.0.0.1:1", []Option{
		Name("api"), Resources("/a", "POST /a", "DELETE /b?x=1"), ExpectSchemes("Bearer"),
		Token("tok"), LimitedToken("limited"), Username("u"), Password("p"), Headers(map[string]string{"X-Env": "test"}),
		FollowRedirects(), Strict(), Waivers(Waiver{Check: "rfc9110/content-type", Reason: "ticket 1"}),
		Retries(1), MCP("2025-11-25"), BrowserOrigin("https://app.example.com"), MetadataHosts("auth.example.com"),
	})
	if err != nil {
		t.Fatal(err)
	}
	tg := cfg.Targets[0]
	if tg.Name != "api" || len(tg.Resources) != 2 || !slices.Equal(tg.Resources[0].Methods, []string{"GET", "POST"}) ||
		tg.Resources[1].Path != "/b?x=1" || !slices.Equal(tg.Resources[1].Methods, []string{"DELETE"}) {
		t.Errorf("resources: %+v", tg.Resources)
	}
	c := tg.Credentials
	if c == nil || c.Token != "tok" || c.LimitedToken != "limited" || c.Username != "u" || c.Password != "p" {
		t.Errorf("credentials: %+v", c)
	}
	if !tg.Strict || !tg.FollowRedirects || tg.Retries != 1 || len(tg.Waivers) != 1 || tg.Headers["X-Env"] != "test" ||
		tg.MCP == "" || tg.BrowserOrigin != "https://app.example.com" || !slices.Equal(tg.MetadataHosts, []string{"auth.example.com"}) ||
		!slices.Equal(tg.ExpectSchemes, []string{"Bearer"}) {
		t.Errorf("target: %+v", tg)
	}
	if tg.Concurrency != handlerConcurrency || tg.Rate != 0 {
		t.Errorf("the politeness limits apply to a handler in-process: concurrency %d, rate %v", tg.Concurrency, tg.Rate)
	}
}
