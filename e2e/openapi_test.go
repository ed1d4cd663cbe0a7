package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/authspec/authspec/internal/fixtures"
	"github.com/authspec/authspec/internal/report"
)

// openAPITargets names two targets built from OpenAPI documents, both on
// the OpenAPI fixture: the 3.0 orders document (written for these tests)
// and the OpenAPI Initiative's 3.1 non-oauth-scopes example.
func openAPITargets(t *testing.T, url string) string {
	t.Helper()
	docs, err := filepath.Abs("../internal/openapi/testdata")
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf(`targets:
  - name: orders
    url: %[1]s
    openapi: %[2]s/orders/orders.yaml
    credentials:
      username: ${AUTHSPEC_E2E_USER}
      password: ${AUTHSPEC_E2E_PASS}
      token: ${AUTHSPEC_E2E_TOKEN}
  - name: scopes
    url: %[1]s
    openapi: %[2]s/oai/non-oauth-scopes.yaml
    credentials: {token: "${AUTHSPEC_E2E_TOKEN}"}
`, url, docs)
}

// The real suite, run on resources read from OpenAPI documents, catches
// the one operation the fixture serves to anyone although the document
// declares it secured: rfc9110/protected-resource-401 fails there, and its
// message quotes the document's requirement and the operation's line.
// Everything the fixture enforces passes, the declared schemes included,
// and the apiKey-only operation gets its info result.
func TestOpenAPIRunCatchesTheOpenEndpoint(t *testing.T) {
	url, stop, err := fixtures.StartOpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	o := runSuite(t, openAPITargets(t, url), credentialEnv...)
	if o.Code != 1 {
		t.Fatalf("exit code %d, want 1 (a check failed)\nstderr:\n%s\nstdout:\n%s", o.Code, tail(o.Stderr), tail(o.Stdout))
	}
	orders := o.target(t, "orders")
	want := []string{"rfc9110/bad-credentials-rejected", "rfc9110/malformed-credentials-rejected", "rfc9110/protected-resource-401"}
	if got := checksWith(orders, report.Fail); !reflect.DeepEqual(got, want) {
		t.Errorf("orders: failed rules %v, want %v\n%s", got, want, describe(orders))
	}
	var caught *report.Result
	for i, r := range orders.Results {
		if r.Outcome != report.Fail {
			continue
		}
		if r.Resource != fixtures.OpenAPIOpenPath {
			t.Errorf("a rule failed on %s %s, which the fixture protects: %s: %s", r.Method, r.Resource, r.Check, r.Message)
		}
		if r.Check == "rfc9110/protected-resource-401" && r.Probe == "unauthenticated" {
			caught = &orders.Results[i]
		}
	}
	if caught == nil {
		t.Fatalf("no protected-resource-401 failure on the unauthenticated probe of %s\n%s", fixtures.OpenAPIOpenPath, describe(orders))
	}
	for _, part := range []string{"200 OK", "GET /orders/{orderId}/items/{itemId}", "orders.yaml, line 40", `"bearerAuth"`} {
		if !strings.Contains(caught.Message, part) {
			t.Errorf("the failure message does not quote %q:\n%s", part, caught.Message)
		}
	}
	assertDeclaredSchemes(t, orders)
	scopes := o.target(t, "scopes")
	if got := checksWith(scopes, report.Fail); len(got) > 0 {
		t.Errorf("scopes: failed rules %v, want none\n%s", got, describe(scopes))
	}
	if got := checksWith(scopes, report.Pass); !contains(got, "openapi/declared-scheme-offered") {
		t.Errorf("scopes: openapi/declared-scheme-offered did not pass; passes: %v", got)
	}
}

// assertDeclaredSchemes checks openapi/declared-scheme-offered on the
// orders target: it passed on the Basic (DELETE) and Bearer operations,
// and the apiKey-only /stock got an info result saying no challenge is
// expected.
func assertDeclaredSchemes(t *testing.T, tg *report.Target) {
	t.Helper()
	passed := map[string]bool{}
	var info string
	for _, r := range tg.Results {
		if r.Check != "openapi/declared-scheme-offered" {
			continue
		}
		switch {
		case r.Outcome == report.Pass:
			passed[r.Method+" "+r.Resource] = true
		case r.Outcome == report.Info && r.Resource == "/api/v1/stock":
			info = r.Message
		}
	}
	for _, op := range []string{"GET /api/v1/orders", "DELETE /api/v1/orders/42", "PUT /api/v1/exports"} {
		if !passed[op] {
			t.Errorf("openapi/declared-scheme-offered did not pass on %s; passed on %v", op, passed)
		}
	}
	if !strings.Contains(info, "no RFC defines a challenge") || !strings.Contains(info, "apiKey") {
		t.Errorf("the apiKey-only operation's info result reads %q", info)
	}
}

// `authspec discover` prints every operation of the document with its
// verdict, sends nothing to the target (its url is a closed port), and
// exits 2 with the document and line when the document is unusable.
func TestDiscoverCLI(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "authspec")
	if out, err := exec.Command("go", "build", "-o", bin, "../cmd/authspec").CombinedOutput(); err != nil {
		t.Fatalf("building authspec: %v\n%s", err, out)
	}
	dir := t.TempDir()
	docs, _ := filepath.Abs("../internal/openapi/testdata")
	tf := filepath.Join(dir, "targets.yaml")
	write := func(body string) {
		if err := os.WriteFile(tf, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(fmt.Sprintf("targets:\n  - name: orders\n    url: http://127.0.0.1:9\n    openapi: %s/orders/orders.yaml\n    resources: [/api/v1/orders]\n", docs))
	cmd := exec.Command(bin, "discover", "-targets", tf)
	out, err := cmd.CombinedOutput()
	if code := exitCodeOf(err); code != 0 {
		t.Fatalf("discover exited %d:\n%s", code, out)
	}
	for _, line := range []string{
		"orders: " + docs + "/orders/orders.yaml (OpenAPI 3.0.3), base path /api/v1",
		"protected  GET     /api/v1/orders/42/items/sku-1  line 40  security: bearerAuth; expects Bearer",
		"protected  DELETE  /api/v1/orders/42              line 33  security: basicAuth; expects Basic",
		`skipped    GET     /reports/{reportId}            line 48  path parameter reportId has no example, default or enum value`,
		"public     GET     /health                        line 58  security: [] (the operation declares itself public)",
		"public     GET     /catalog                       line 64  the security requirements include {}",
		"7 protected, 2 public, 1 skipped; 1 method also listed under resources, probed once",
	} {
		if !strings.Contains(string(out), line) {
			t.Errorf("discover output lacks %q:\n%s", line, out)
		}
	}
	write(fmt.Sprintf("targets:\n  - name: pets\n    url: http://127.0.0.1:9\n    openapi: %s/oai/petstore.yaml\n", docs))
	out, err = exec.Command(bin, "discover", "-targets", tf).CombinedOutput()
	if code := exitCodeOf(err); code != 2 {
		t.Fatalf("discover on a document whose server is another host exited %d, want 2:\n%s", code, out)
	}
	if want := "petstore.yaml:8: target pets: servers[0].url \"http://petstore.swagger.io/v1\" is on another host"; !strings.Contains(string(out), want) {
		t.Errorf("the error does not read %q:\n%s", want, out)
	}
}
