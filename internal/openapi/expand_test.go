package openapi

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/authspec/authspec/internal/config"
)

// targetFor loads a one-target file around the given target lines, the
// way a run does, and returns the configuration.
func targetFor(t *testing.T, lines string) *config.Config {
	t.Helper()
	dir, err := filepath.Abs("testdata")
	if err != nil {
		t.Fatal(err)
	}
	src := "targets:\n  - name: api\n    url: http://127.0.0.1:8080\n" + lines
	cfg, _, err := config.Parse(filepath.Join(dir, "targets.yaml"), []byte(src), nil)
	if err != nil {
		t.Fatalf("targets file rejected: %v", err)
	}
	return cfg
}

// expandOne runs Expand on a one-target configuration and returns its report.
func expandOne(t *testing.T, cfg *config.Config) *Report {
	t.Helper()
	reps, err := Expand(cfg)
	if err != nil {
		t.Fatalf("Expand: %v", err)
	}
	if len(reps) != 1 {
		t.Fatalf("%d reports, want 1", len(reps))
	}
	return &reps[0]
}

// mustFail runs Expand and returns its *Error.
func mustFail(t *testing.T, cfg *config.Config) *Error {
	t.Helper()
	_, err := Expand(cfg)
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("Expand returned %v (%T), want an *openapi.Error", err, err)
	}
	return e
}

func byOperation(rep *Report) map[string]Operation {
	out := map[string]Operation{}
	for _, op := range rep.Operations {
		out[op.Method+" "+op.Template] = op
	}
	return out
}

// The 3.0 document written for these tests: global Bearer security,
// operation-level overrides, security: [] and {}, $refs to a parameter in
// the same document and to a parameter and a schema in common.yaml, and a
// path parameter without any example.
func TestExpandOrders(t *testing.T) {
	cfg := targetFor(t, "    openapi: orders/orders.yaml\n")
	rep := expandOne(t, cfg)
	if rep.Version != "OpenAPI 3.0.3" || rep.BasePath != "/api/v1" || rep.Document != "orders/orders.yaml" {
		t.Errorf("report %q %q %q", rep.Version, rep.BasePath, rep.Document)
	}
	type want struct {
		verdict     Verdict
		path        string
		line        int
		security    string
		schemes     []string
		noChallenge []string
		media       string
		reason      string
	}
	cases := map[string]want{
		"GET /orders":                          {Protected, "/api/v1/orders", 14, "bearerAuth", []string{"Bearer"}, nil, "", ""},
		"POST /orders":                         {Protected, "/api/v1/orders", 18, "bearerAuth", []string{"Bearer"}, nil, "application/json", ""},
		"GET /orders/{orderId}":                {Protected, "/api/v1/orders/42", 29, "bearerAuth", []string{"Bearer"}, nil, "", ""},
		"DELETE /orders/{orderId}":             {Protected, "/api/v1/orders/42", 33, "basicAuth", []string{"Basic"}, nil, "", ""},
		"GET /orders/{orderId}/items/{itemId}": {Protected, "/api/v1/orders/42/items/sku-1", 40, "bearerAuth", []string{"Bearer"}, nil, "", ""},
		"GET /reports/{reportId}":              {Skipped, "", 48, "bearerAuth", []string{"Bearer"}, nil, "", "path parameter reportId has no example"},
		"GET /health":                          {Public, "", 58, "", nil, nil, "", "security: []"},
		"GET /catalog":                         {Public, "", 64, "", nil, nil, "", "include {}"},
		"GET /stock":                           {Protected, "/api/v1/stock", 72, "apiKey", nil, []string{"apiKey (apiKey in header X-API-Key)"}, "", ""},
		"PUT /exports":                         {Protected, "/api/v1/exports", 79, "oauth [exports:write]", []string{"Bearer"}, nil, "text/csv", ""},
	}
	ops := byOperation(rep)
	if len(ops) != len(cases) {
		t.Errorf("%d operations, want %d: %v", len(ops), len(cases), ops)
	}
	for name, w := range cases {
		op, ok := ops[name]
		if !ok {
			t.Errorf("%s: missing", name)
			continue
		}
		if op.Verdict != w.verdict || op.Path != w.path || op.Line != w.line || !strings.Contains(op.Reason, w.reason) {
			t.Errorf("%s: %s %q line %d reason %q, want %s %q line %d reason ~%q", name, op.Verdict, op.Path, op.Line, op.Reason, w.verdict, w.path, w.line, w.reason)
		}
		if w.verdict == Public {
			if op.Declared != nil {
				t.Errorf("%s: a public operation carries a declaration", name)
			}
			continue
		}
		d := op.Declared
		if d.Security != w.security || !reflect.DeepEqual(d.Schemes, w.schemes) || !reflect.DeepEqual(d.NoChallenge, w.noChallenge) ||
			d.MediaType != w.media || d.Line != w.line || d.Operation != name || d.Document != "orders/orders.yaml" {
			t.Errorf("%s: declared %+v", name, d)
		}
	}
	if !ops["GET /stock"].Declared.OnlyNoChallenge() || ops["GET /orders"].Declared.OnlyNoChallenge() {
		t.Error("OnlyNoChallenge is wrong for /stock (apiKey only) or /orders (Bearer)")
	}
	// Seven protected operations become seven resources, one method each.
	res := cfg.Targets[0].Resources
	if len(res) != 7 {
		t.Fatalf("%d resources, want 7: %+v", len(res), res)
	}
	for _, r := range res {
		if len(r.Methods) != 1 || r.Declared == nil || r.Declared.Operation != r.Methods[0]+" "+strings.TrimPrefix(r.Declared.Operation, r.Methods[0]+" ") {
			t.Errorf("resource %+v", r)
		}
	}
}

// A resource listed by hand that the document also declares is probed
// once, as the document's; the others stay as listed.
func TestExpandMergesHandListedResources(t *testing.T) {
	cfg := targetFor(t, "    openapi: orders/orders.yaml\n    resources:\n      - {path: /api/v1/orders, methods: [GET, PATCH]}\n      - /legacy\n")
	rep := expandOne(t, cfg)
	if rep.Merged != 1 {
		t.Errorf("Merged = %d, want 1", rep.Merged)
	}
	count := map[string]int{}
	for _, r := range cfg.Targets[0].Resources {
		for _, m := range r.Methods {
			count[m+" "+r.Path]++
			if m+" "+r.Path == "GET /api/v1/orders" && r.Declared == nil {
				t.Error("GET /api/v1/orders kept the hand-listed resource, not the document's")
			}
		}
	}
	for _, key := range []string{"GET /api/v1/orders", "PATCH /api/v1/orders", "GET /legacy"} {
		if count[key] != 1 {
			t.Errorf("%s probed %d times, want once", key, count[key])
		}
	}
}

// path_params fill what the document leaves open, and win over examples;
// values are percent-encoded into one segment.
func TestExpandPathParams(t *testing.T) {
	cfg := targetFor(t, "    openapi: orders/orders.yaml\n    path_params: {reportId: \"q3/2026\", orderId: \"7\"}\n")
	ops := byOperation(expandOne(t, cfg))
	if got := ops["GET /reports/{reportId}"]; got.Verdict != Protected || got.Path != "/api/v1/reports/q3%2F2026" {
		t.Errorf("report: %s %q", got.Verdict, got.Path)
	}
	if got := ops["GET /orders/{orderId}"].Path; got != "/api/v1/orders/7" {
		t.Errorf("path_params did not win over the example: %q", got)
	}
}

func TestExpandIncludeExclude(t *testing.T) {
	cfg := targetFor(t, "    openapi: orders/orders.yaml\n    include: [\"/orders*\"]\n    exclude: [\"*/items/*\"]\n")
	ops := byOperation(expandOne(t, cfg))
	if got := ops["GET /orders/{orderId}/items/{itemId}"]; got.Verdict != Skipped || got.Reason != "excluded by */items/*" {
		t.Errorf("items: %s %q", got.Verdict, got.Reason)
	}
	if got := ops["GET /stock"]; got.Verdict != Skipped || got.Reason != "not matched by include" {
		t.Errorf("stock: %s %q", got.Verdict, got.Reason)
	}
	if got := ops["DELETE /orders/{orderId}"]; got.Verdict != Protected {
		t.Errorf("DELETE /orders/{orderId}: %s %q", got.Verdict, got.Reason)
	}
	if got := ops["GET /health"]; got.Verdict != Public {
		t.Errorf("a public operation outside include became %s", got.Verdict)
	}
}

// The OpenAPI Initiative's 3.1 examples: scopes on an http bearer scheme,
// and alternatives mixing mutualTLS (no challenge) with oauth2 (Bearer).
func TestExpandOAI31Examples(t *testing.T) {
	rep := expandOne(t, targetFor(t, "    openapi: oai/non-oauth-scopes.yaml\n"))
	op := byOperation(rep)["GET /users"]
	if rep.Version != "OpenAPI 3.1.0" || op.Verdict != Protected || op.Path != "/users" || op.Line != 7 ||
		op.Declared.Security != "bearerAuth [read:users, public]" || !reflect.DeepEqual(op.Declared.Schemes, []string{"Bearer"}) {
		t.Errorf("non-oauth-scopes: %s %+v %+v", rep.Version, op, op.Declared)
	}
	rep = expandOne(t, targetFor(t, "    openapi: oai/securitySchemes.yaml\n"))
	op = byOperation(rep)["GET /pets"]
	d := op.Declared
	if op.Verdict != Protected || d.Security != "ClientCertificate [read, write] OR OAuth2 [read, write]" ||
		!reflect.DeepEqual(d.Schemes, []string{"Bearer"}) || !reflect.DeepEqual(d.NoChallenge, []string{"ClientCertificate (mutualTLS)"}) || d.OnlyNoChallenge() {
		t.Errorf("securitySchemes: %+v %+v", op, d)
	}
	// One entry per alternative (OpenAPI 3.1 §4.8.30): mutualTLS has no
	// challenge, OAuth2's is Bearer or DPoP (RFC 9449 §7.1).
	if !reflect.DeepEqual(d.Alternatives, [][]string{nil, {"Bearer", "DPoP"}}) {
		t.Errorf("alternatives %q", d.Alternatives)
	}
}

// The OpenAPI Initiative's 3.0 petstore declares no security at all, and
// its server is on another host.
func TestExpandPetstore(t *testing.T) {
	e := mustFail(t, targetFor(t, "    openapi: oai/petstore.yaml\n"))
	if e.Line != 8 || e.Document != "oai/petstore.yaml" || !strings.Contains(e.Msg, `"http://petstore.swagger.io/v1" is on another host than the target's url (127.0.0.1)`) ||
		!strings.Contains(e.Hint, `openapi_server: "/v1"`) {
		t.Errorf("%v", e)
	}
	e = mustFail(t, targetFor(t, "    openapi: oai/petstore.yaml\n    openapi_server: /v1\n"))
	if !strings.Contains(e.Msg, "declares no secured operation") {
		t.Errorf("%v", e)
	}
	cfg := targetFor(t, "    openapi: oai/petstore.yaml\n    openapi_server: /v1\n    resources: [/admin]\n")
	rep := expandOne(t, cfg)
	for _, op := range rep.Operations {
		if op.Verdict != Public || !strings.Contains(op.Reason, "no security requirement") {
			t.Errorf("%s %s: %s %q", op.Method, op.Template, op.Verdict, op.Reason)
		}
	}
	if len(rep.Operations) != 3 || len(cfg.Targets[0].Resources) != 1 {
		t.Errorf("%d operations, %d resources", len(rep.Operations), len(cfg.Targets[0].Resources))
	}
}

func TestExpandMaxOperations(t *testing.T) {
	e := mustFail(t, targetFor(t, "    openapi: orders/orders.yaml\n    max_operations: 6\n"))
	if !strings.Contains(e.Msg, "7 secured operations to probe, more than max_operations (6)") || !strings.Contains(e.Hint, "include or exclude") {
		t.Errorf("%v", e)
	}
}

// writeDoc writes files into a temporary folder and returns a targets
// configuration whose document is the first file.
func writeDoc(t *testing.T, files map[string]string, extra string) *config.Config {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	src := "targets:\n  - name: api\n    url: http://127.0.0.1:8080\n    openapi: doc.yaml\n" + extra
	cfg, _, err := config.Parse(filepath.Join(dir, "targets.yaml"), []byte(src), nil)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

const securedHead = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\nsecurity: [{b: []}]\n" +
	"components:\n  securitySchemes:\n    b: {type: http, scheme: bearer}\n"

func TestExpandRejectsBrokenDocuments(t *testing.T) {
	cases := []struct {
		name string
		doc  string
		line int
		msg  string
	}{
		{"not YAML", "openapi: 3.0.3\npaths:\n  /a: [\n", 3, "is not valid YAML or JSON"},
		{"not OpenAPI", "title: hello\n", 0, "has no openapi field"},
		{"OpenAPI 2.5", "openapi: 2.5.0\n", 1, "is OpenAPI 2.5.0"},
		{"missing file", securedHead + "paths:\n  /a:\n    get:\n      parameters:\n        - $ref: 'gone.yaml#/components/parameters/P'\n      responses: {'200': {description: ok}}\n",
			11, "gone.yaml"},
		{"missing component", securedHead + "paths:\n  /a:\n    get:\n      parameters:\n        - $ref: '#/components/parameters/Nope'\n      responses: {'200': {description: ok}}\n",
			11, "#/components/parameters/Nope"},
		{"undefined scheme", "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      security: [{ghost: []}]\n      responses: {'200': {description: ok}}\n",
			5, `names "ghost", which components.securitySchemes does not define`},
		{"server elsewhere", securedHead + "servers: [{url: 'https://api.example.com/v2'}]\npaths: {/a: {get: {responses: {'200': {description: ok}}}}}\n",
			7, "is on another host"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := mustFail(t, writeDoc(t, map[string]string{"doc.yaml": c.doc}, ""))
			t.Log(e)
			if e.Document != "doc.yaml" || e.Target != "api" || e.Line != c.line || !strings.Contains(e.Error(), c.msg) {
				t.Errorf("got %v (line %d), want line %d and %q", e, e.Line, c.line, c.msg)
			}
		})
	}
}

// A $ref to another file next to the document resolves (the parameter
// example comes from it); a $ref from a local document to a URL is
// refused, so a document cannot make authspec fetch from the network.
func TestExpandExternalRefs(t *testing.T) {
	doc := securedHead + "paths:\n  /a/{id}:\n    get:\n      parameters: [{$ref: 'parts.yaml#/P'}]\n      responses: {'200': {description: ok}}\n"
	ops := byOperation(expandOne(t, writeDoc(t, map[string]string{
		"doc.yaml":   doc,
		"parts.yaml": "P: {name: id, in: path, required: true, schema: {type: string, default: from-parts}}\n",
	}, "")))
	if got := ops["GET /a/{id}"]; got.Verdict != Protected || got.Path != "/a/from-parts" {
		t.Errorf("%s %q %q", got.Verdict, got.Path, got.Reason)
	}
	remote := strings.Replace(doc, "parts.yaml#/P", "http://127.0.0.1:1/parts.yaml#/P", 1)
	e := mustFail(t, writeDoc(t, map[string]string{"doc.yaml": remote}, ""))
	if !strings.Contains(e.Msg, "a local document may only refer to local files") || e.Line != 10 {
		t.Errorf("%v (line %d)", e, e.Line)
	}
}

func TestMatchGlob(t *testing.T) {
	cases := []struct {
		pattern, s string
		want       bool
	}{
		{"/orders*", "/orders", true},
		{"/orders*", "/orders/{id}/items", true},
		{"/orders", "/orders/1", false},
		{"*/admin", "/v1/admin", true},
		{"*/admin", "/v1/admin/x", false},
		{"/o?ders", "/orders", true},
		{"/a*b*c", "/aXbYbZc", true},
		{"/a*b*c", "/aXbYbZ", false},
		{"*", "", true},
		{"", "/", false},
	}
	for _, c := range cases {
		if got := matchGlob(c.pattern, c.s); got != c.want {
			t.Errorf("matchGlob(%q, %q) = %v, want %v", c.pattern, c.s, got, c.want)
		}
	}
}

// Documents that are odd or hostile end in a verdict or an error, never a
// panic or a hang.
func TestExpandSurvivesOddDocuments(t *testing.T) {
	docs := map[string]string{
		"circular schema": securedHead + "  schemas:\n    A: {properties: {b: {$ref: '#/components/schemas/B'}}}\n    B: {properties: {a: {$ref: '#/components/schemas/A'}}}\n" +
			"paths:\n  /a:\n    post:\n      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/A'}}}}\n      responses: {'200': {description: ok}}\n",
		"self ref parameter": securedHead + "  parameters:\n    P: {$ref: '#/components/parameters/P'}\npaths:\n  /a/{id}:\n    get:\n      parameters: [{$ref: '#/components/parameters/P'}]\n      responses: {'200': {description: ok}}\n",
		"paths not a map":    "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: [1, 2]\n",
		"json":               `{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "security": [{"b": []}], "components": {"securitySchemes": {"b": {"type": "http", "scheme": "digest"}}}, "paths": {"/j": {"get": {"responses": {"200": {"description": "ok"}}}}}}`,
		"unclosed brace":     securedHead + "paths:\n  /a/{id:\n    get:\n      responses: {'200': {description: ok}}\n",
		"empty":              "",
	}
	for name, doc := range docs {
		t.Run(name, func(t *testing.T) {
			done := make(chan error, 1)
			go func() {
				_, err := Expand(writeDoc(t, map[string]string{"doc.yaml": doc}, "    resources: [/x]\n"))
				done <- err
			}()
			select {
			case err := <-done:
				var e *Error
				if err != nil && !errors.As(err, &e) {
					t.Errorf("error %v is a %T", err, err)
				}
				if name == "empty" && (err == nil || !strings.Contains(err.Error(), "doc.yaml: target api: is empty")) {
					t.Errorf("empty document: %v", err)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("Expand did not return within 10s")
			}
		})
	}
}
