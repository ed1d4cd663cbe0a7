package openapi

import (
	"encoding/pem"
	"errors"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/authspec/authspec/internal/config"
)

// urlTarget returns a configuration whose document is at docURL, with
// extra target lines (tls, timeout), written next to a temporary file.
func urlTarget(t *testing.T, docURL, extra string) *config.Config {
	t.Helper()
	src := "targets:\n  - name: api\n    url: http://127.0.0.1:8080\n    openapi: " + docURL + "\n" + extra
	cfg, _, err := config.Parse(filepath.Join(t.TempDir(), "targets.yaml"), []byte(src), nil)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// A document served over http is fetched, and its $ref to another file on
// the same origin is fetched too.
func TestExpandFetchesDocumentAndRefs(t *testing.T) {
	srv := httptest.NewServer(http.FileServer(http.Dir("testdata/orders")))
	defer srv.Close()
	rep := expandOne(t, urlTarget(t, srv.URL+"/orders.yaml", ""))
	op := byOperation(rep)["GET /orders/{orderId}/items/{itemId}"]
	if op.Verdict != Protected || op.Path != "/api/v1/orders/42/items/sku-1" || op.Line != 40 {
		t.Errorf("%s %q line %d (%s)", op.Verdict, op.Path, op.Line, op.Reason)
	}
}

// Over https the target's tls settings apply: the test server's CA
// verifies it; without it the fetch fails as a configuration error.
func TestExpandFetchObeysTLSSettings(t *testing.T) {
	srv := httptest.NewUnstartedServer(http.FileServer(http.Dir("testdata/oai")))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshake is the point
	srv.StartTLS()
	defer srv.Close()
	ca := filepath.Join(t.TempDir(), "ca.pem")
	pemBytes := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	if err := os.WriteFile(ca, pemBytes, 0o600); err != nil {
		t.Fatal(err)
	}
	e := mustFail(t, urlTarget(t, srv.URL+"/non-oauth-scopes.yaml", ""))
	if !strings.Contains(e.Msg, "cannot be read") || !strings.Contains(e.Msg, "certificate") {
		t.Errorf("without ca_file: %v", e)
	}
	// The target's url is http, so config warns that tls is unused for
	// probes; the document is still fetched with it.
	rep := expandOne(t, urlTarget(t, srv.URL+"/non-oauth-scopes.yaml", "    tls: {ca_file: "+ca+"}\n"))
	if got := byOperation(rep)["GET /users"]; got.Verdict != Protected {
		t.Errorf("with ca_file: %s %q", got.Verdict, got.Reason)
	}
}

func TestExpandFetchFailures(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/missing.yaml", http.NotFound)
	mux.HandleFunc("/slow.yaml", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	})
	mux.HandleFunc("/huge.yaml", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("openapi: 3.0.3\n# "))
		chunk := []byte(strings.Repeat("x", 1<<20))
		for i := 0; i <= MaxDocumentSize>>20; i++ {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	})
	mux.HandleFunc("/away.yaml", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://localhost:1/doc.yaml", http.StatusFound)
	})
	mux.HandleFunc("/elsewhere.yaml", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(securedHead + "paths:\n  /a/{id}:\n    get:\n      parameters: [{$ref: 'http://localhost:1/p.yaml#/P'}]\n      responses: {'200': {description: ok}}\n"))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	cases := []struct{ path, extra, msg string }{
		{"/missing.yaml", "", "got 404 Not Found"},
		{"/slow.yaml", "    timeout: 200ms\n", "no answer within 200ms (the target's timeout)"},
		{"/huge.yaml", "", "is larger than 16 MiB"},
		{"/away.yaml", "", "redirected to another host"},
		{"/elsewhere.yaml", "", "may only refer to URLs on the same origin"},
	}
	for _, c := range cases {
		t.Run(c.path, func(t *testing.T) {
			start := time.Now()
			e := mustFail(t, urlTarget(t, srv.URL+c.path, c.extra))
			if !strings.Contains(e.Msg, c.msg) || e.Document != srv.URL+c.path {
				t.Errorf("got %v, want %q", e, c.msg)
			}
			if time.Since(start) > 3*time.Second {
				t.Errorf("took %v", time.Since(start))
			}
		})
	}
}

// A Swagger 2.0 document is read through the library's converter; its
// security definitions and basePath carry over, and lines come from the
// document itself.
func TestExpandSwagger2(t *testing.T) {
	doc := `swagger: "2.0"
info: {title: legacy, version: "1"}
basePath: /legacy
securityDefinitions:
  basic: {type: basic}
  key: {type: apiKey, in: header, name: X-Key}
security: [{basic: []}]
paths:
  /things:
    get:
      responses: {"200": {description: ok}}
    post:
      security: [{key: []}]
      responses: {"201": {description: ok}}
  /ping:
    get:
      security: []
      responses: {"200": {description: ok}}
`
	ops := byOperation(expandOne(t, writeDoc(t, map[string]string{"doc.yaml": doc}, "")))
	get, post, ping := ops["GET /things"], ops["POST /things"], ops["GET /ping"]
	if get.Verdict != Protected || get.Path != "/legacy/things" || get.Line != 10 || get.Declared.Schemes[0] != "Basic" {
		t.Errorf("GET /things: %+v %+v", get, get.Declared)
	}
	if post.Verdict != Protected || !post.Declared.OnlyNoChallenge() || post.Line != 12 {
		t.Errorf("POST /things: %+v %+v", post, post.Declared)
	}
	if ping.Verdict != Public {
		t.Errorf("GET /ping: %+v", ping)
	}
}

func TestErrorReads(t *testing.T) {
	e := &Error{Document: "api.yaml", Line: 12, Target: "orders", Msg: "is wrong", Hint: "fix it"}
	if got, want := e.Error(), "api.yaml:12: target orders: is wrong (fix it)"; got != want {
		t.Errorf("%q, want %q", got, want)
	}
	var target *Error
	if !errors.As(error(e), &target) {
		t.Error("errors.As")
	}
}
