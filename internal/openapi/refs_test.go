package openapi

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/authspec/authspec/internal/config"
)

// refDoc is a secured document whose one parameter is the $ref given.
func refDoc(ref string) string {
	return securedHead + "paths:\n  /a/{id}:\n    get:\n      parameters: [{$ref: '" + ref + "'}]\n      responses: {'200': {description: ok}}\n"
}

// docIn writes doc.yaml into dir/sub and a targets file into dir, with
// extra target lines, and parses it.
func docIn(t *testing.T, dir, sub, doc, extra string) *config.Config {
	t.Helper()
	if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, sub, "doc.yaml"), []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	src := "targets:\n  - name: api\n    url: http://127.0.0.1:8080\n    openapi: " + filepath.Join(sub, "doc.yaml") + "\n" + extra
	cfg, _, err := config.Parse(filepath.Join(dir, "targets.yaml"), []byte(src), nil)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

const secretContent = "P: {name: id, in: path, required: true, schema: {type: string, default: root-x-0-0}}\n"

// A local $ref reads only inside the document's folder and the targets
// file's, unless openapi_ref_folders allows another; the refusal does not
// quote the file.
func TestLocalRefsAreConfined(t *testing.T) {
	base := t.TempDir()
	elsewhere := filepath.Join(base, "elsewhere")
	if err := os.MkdirAll(elsewhere, 0o755); err != nil {
		t.Fatal(err)
	}
	outside := filepath.Join(elsewhere, "secret.yaml")
	if err := os.WriteFile(outside, []byte(secretContent), 0o600); err != nil {
		t.Fatal(err)
	}
	project := filepath.Join(base, "project")
	for _, ref := range []string{outside + "#/P", "../../elsewhere/secret.yaml#/P", "file://" + outside + "#/P"} {
		e := mustFail(t, docIn(t, project, "api", refDoc(ref), ""))
		if !strings.Contains(e.Error(), "outside") || !strings.Contains(e.Error(), "openapi_ref_folders") || strings.Contains(e.Error(), "root-x") {
			t.Errorf("$ref %s: %v; want a refusal naming openapi_ref_folders, without the file's content", ref, e)
		}
	}
	// A symbolic link inside the folder to a file outside is outside.
	link := filepath.Join(project, "api", "link.yaml")
	if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, link); err != nil {
		t.Fatal(err)
	}
	if e := mustFail(t, docIn(t, project, "api", refDoc("link.yaml#/P"), "")); !strings.Contains(e.Error(), "outside") {
		t.Errorf("$ref through a symbolic link out: %v", e)
	}
	// The targets file's folder is allowed, and so is a folder listed.
	if err := os.WriteFile(filepath.Join(project, "shared.yaml"), []byte(secretContent), 0o600); err != nil {
		t.Fatal(err)
	}
	ops := byOperation(expandOne(t, docIn(t, project, "api", refDoc("../shared.yaml#/P"), "")))
	if got := ops["GET /a/{id}"]; got.Path != "/a/root-x-0-0" {
		t.Errorf("a $ref into the targets file's folder: %q %s", got.Path, got.Reason)
	}
	ops = byOperation(expandOne(t, docIn(t, project, "api", refDoc(outside+"#/P"), "    openapi_ref_folders: [../elsewhere]\n")))
	if got := ops["GET /a/{id}"]; got.Path != "/a/root-x-0-0" {
		t.Errorf("a $ref into a folder openapi_ref_folders lists: %q %s", got.Path, got.Reason)
	}
}

// A $ref to something that is not a regular file (a FIFO, a folder, a
// device) is refused without opening it: a FIFO would block forever.
func TestRefsReadOnlyRegularFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "api", "fifo.yaml")
	if err := os.MkdirAll(filepath.Dir(fifo), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("no FIFO here: %v", err)
	}
	cases := map[string]string{"fifo": "fifo.yaml#/P", "folder": ".#/P", "device": "/dev/zero#/P"}
	for name, ref := range cases {
		cfg := docIn(t, dir, "api", refDoc(ref), "    openapi_ref_folders: [/dev]\n")
		done := make(chan *Error, 1)
		go func() { done <- mustFailQuiet(cfg) }()
		select {
		case e := <-done:
			if e == nil || !strings.Contains(e.Error(), "not a regular file") {
				t.Errorf("%s: %v; want a refusal: not a regular file", name, e)
			}
		case <-time.After(time.Minute): // a hang guard, not a timing assertion
			t.Fatalf("%s: Expand hung on a $ref", name)
		}
	}
}

// mustFailQuiet is mustFail for a goroutine: nil when Expand did not fail
// with an *Error.
func mustFailQuiet(cfg *config.Config) *Error {
	_, err := Expand(cfg)
	e, _ := err.(*Error)
	return e
}

// A relative $ref of a fetched document resolves as RFC 3986 says: the
// document's query (a token, say) is not carried over to it; an error
// names the full URL with any query value redacted.
func TestRemoteRefsResolveAsRFC3986(t *testing.T) {
	var mu sync.Mutex
	var asked []string
	mux := http.NewServeMux()
	mux.HandleFunc("/api/doc.yaml", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(refDoc(r.URL.Query().Get("ref"))))
	})
	mux.HandleFunc("/api/parts.yaml", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		asked = append(asked, r.URL.RequestURI())
		mu.Unlock()
		w.Write([]byte(secretContent))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	expandOne(t, urlTarget(t, srv.URL+"/api/doc.yaml?token=S3CRET&ref=parts.yaml%23/P", ""))
	mu.Lock()
	got := strings.Join(asked, " ")
	mu.Unlock()
	if got != "/api/parts.yaml" {
		t.Errorf("the $ref fetched %q, want /api/parts.yaml (no inherited query)", got)
	}
	e := mustFail(t, urlTarget(t, srv.URL+"/api/doc.yaml?token=S3CRET&ref=gone.yaml%3Fsig%3DS3CRSIG%23/P", ""))
	if !strings.Contains(e.Error(), srv.URL+"/api/gone.yaml?sig=") || strings.Contains(e.Error(), "S3CRSIG") || strings.Contains(e.Error(), "S3CRET") {
		t.Errorf("error %q; want the full URL of the $ref, query values redacted", e.Error())
	}
}

// The hostile documents of testdata/hostile are configuration errors,
// each saying why, none quoting a file it was pointed at.
func TestHostileDocuments(t *testing.T) {
	want := map[string]string{
		"path-key-crlf.json":  "holds a CR, LF or NUL",
		"path-key-lf.json":    "holds a CR, LF or NUL",
		"path-key-nul.json":   "holds a CR, LF or NUL",
		"ref-etc-passwd.json": "outside",
		"ref-dotdot.json":     "outside",
		"ref-file-url.json":   "outside",
		"ref-dev-zero.json":   "outside",
	}
	dir, err := filepath.Abs(filepath.Join("testdata", "hostile"))
	if err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		name := e.Name()
		t.Run(name, func(t *testing.T) {
			w, ok := want[name]
			if !ok {
				t.Fatalf("no expectation for %s: add one", name)
			}
			src := "targets:\n  - name: api\n    url: http://127.0.0.1:8080\n    openapi: " + name + "\n"
			cfg, _, err := config.Parse(filepath.Join(dir, "targets.yaml"), []byte(src), nil)
			if err != nil {
				t.Fatal(err)
			}
			done := make(chan *Error, 1)
			go func() { done <- mustFailQuiet(cfg) }()
			select {
			case e := <-done:
				if e == nil || !strings.Contains(e.Error(), w) || strings.Contains(e.Error(), "root:") {
					t.Errorf("%v; want a configuration error containing %q", e, w)
				}
			case <-time.After(time.Minute): // a hang guard, not a timing assertion
				t.Fatal("Expand hung")
			}
		})
	}
}
