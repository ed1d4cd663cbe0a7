package e2e

import (
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// A document fetched with a token in its query, whose relative $ref is
// missing: validate, discover and run exit 2, the $ref is fetched without
// the token (RFC 3986 resolution), and no output carries the token.
func TestRemoteDocumentTokenNeverLeaks(t *testing.T) {
	const token = "S3CRETtok3n"
	var mu sync.Mutex
	var asked []string
	serveParts := false
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		asked = append(asked, r.URL.RequestURI())
		mu.Unlock()
		mu.Lock()
		parts := serveParts
		mu.Unlock()
		if r.URL.Path == "/api/parts.yaml" && parts {
			w.Write([]byte("P: {name: id, in: path, required: true, schema: {type: string, default: x}}\n"))
			return
		}
		if r.URL.Path != "/api/doc.yaml" {
			w.Header().Set("WWW-Authenticate", `Bearer realm="api"`)
			w.WriteHeader(http.StatusUnauthorized)
			w.Write([]byte("a token is needed"))
			return
		}
		w.Write([]byte("openapi: 3.0.3\ninfo: {title: t, version: '1'}\nsecurity: [{b: []}]\n" +
			"components:\n  securitySchemes:\n    b: {type: http, scheme: bearer}\n" +
			"paths:\n  /a/{id}:\n    get:\n      parameters: [{$ref: 'parts.yaml#/P'}]\n      responses: {'200': {description: ok}}\n"))
	}))
	defer srv.Close()
	dir := t.TempDir()
	tf := filepath.Join(dir, "targets.yaml")
	targets := "targets:\n  - name: api\n    url: " + srv.URL + "\n    openapi: " + srv.URL + "/api/doc.yaml?token=" + token + "\n"
	if err := os.WriteFile(tf, []byte(targets), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"validate", "-targets", tf},
		{"discover", "-targets", tf},
		{"run", "-targets", tf, "-reports", filepath.Join(dir, "reports")},
	} {
		out, err := exec.Command(authspecBin, args...).CombinedOutput()
		if exitCodeOf(err) != 2 || !strings.Contains(string(out), srv.URL+"/api/parts.yaml") {
			t.Errorf("%s: exit %d, output %s; want 2, naming the $ref's URL", args[0], exitCodeOf(err), out)
		}
		if strings.Contains(string(out), token) {
			t.Errorf("%s printed the document's token: %s", args[0], out)
		}
	}
	// Served, the $ref resolves: discover and the reports name the
	// document without its token.
	mu.Lock()
	serveParts = true
	mu.Unlock()
	out, err := exec.Command(authspecBin, "discover", "-targets", tf).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "/api/doc.yaml?token=xxxxx") || strings.Contains(string(out), token) {
		t.Errorf("discover of a served document: %v\n%s\nwant it named with its token redacted", err, out)
	}
	reports := filepath.Join(dir, "served")
	out, _ = exec.Command(authspecBin, "run", "-targets", tf, "-reports", reports).CombinedOutput()
	if strings.Contains(string(out), token) {
		t.Errorf("run printed the document's token: %s", out)
	}
	entries, _ := os.ReadDir(reports)
	if len(entries) == 0 {
		t.Error("the run wrote no reports")
	}
	for _, e := range entries {
		if data, _ := os.ReadFile(filepath.Join(reports, e.Name())); strings.Contains(string(data), token) {
			t.Errorf("%s carries the document's token", e.Name())
		}
	}
	mu.Lock()
	defer mu.Unlock()
	for _, uri := range asked {
		if strings.HasPrefix(uri, "/api/parts.yaml") && strings.Contains(uri, token) {
			t.Errorf("the $ref was fetched as %s: the document's query was carried over", uri)
		}
	}
}
