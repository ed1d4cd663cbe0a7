package config

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// openAPIFile writes a stand-in document (config does not read it) and
// returns its absolute path.
func openAPIFile(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "api.yaml")
	if err := os.WriteFile(path, []byte("openapi: 3.0.3\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestParseOpenAPIFields(t *testing.T) {
	doc := openAPIFile(t)
	src := "targets:\n" +
		"  - name: orders\n" +
		"    url: https://api.example.com\n" +
		"    openapi: " + doc + "\n" +
		"    openapi_server: /api/v1/\n" +
		"    path_params: {orderId: 42, sku: \"a/b\"}\n" +
		"    include: [\"/orders*\"]\n" +
		"    exclude: [\"*/admin\"]\n" +
		"    max_operations: 50\n"
	cfg, _ := mustParse(t, src, nil)
	got := cfg.Targets[0].OpenAPI
	want := &OpenAPISource{
		Location: doc, Written: doc, Server: "/api/v1",
		PathParams: map[string]string{"orderId": "42", "sku": "a/b"},
		Include:    []string{"/orders*"}, Exclude: []string{"*/admin"},
		MaxOperations: 50, Line: 4,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("OpenAPI = %+v, want %+v", got, want)
	}
	if len(cfg.Targets[0].Resources) != 0 {
		t.Errorf("Resources = %v, want none until openapi.Expand", cfg.Targets[0].Resources)
	}
	if names := got.ParamNames(); !reflect.DeepEqual(names, []string{"orderId", "sku"}) {
		t.Errorf("ParamNames = %v", names)
	}
}

func TestParseOpenAPIDefaultsAndURL(t *testing.T) {
	src := "targets:\n  - name: orders\n    url: https://api.example.com\n" +
		"    openapi: https://api.example.com/openapi.json\n    resources: [/extra]\n"
	cfg, _ := mustParse(t, src, nil)
	o := cfg.Targets[0].OpenAPI
	if o.MaxOperations != DefaultMaxOperations || !o.IsURL() || o.Location != "https://api.example.com/openapi.json" {
		t.Errorf("OpenAPI = %+v, want the URL, a URL source and max_operations %d", o, DefaultMaxOperations)
	}
	if len(cfg.Targets[0].Resources) != 1 {
		t.Errorf("hand-listed resources were dropped: %v", cfg.Targets[0].Resources)
	}
}

// A relative document path starts from the targets file's folder.
func TestParseOpenAPIRelativePath(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "api.yaml"), []byte("openapi: 3.1.0\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "targets.yaml")
	src := "targets:\n  - name: a\n    url: https://api.example.com\n    openapi: api.yaml\n"
	cfg, _, err := Parse(file, []byte(src), nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := cfg.Targets[0].OpenAPI; got.Location != filepath.Join(dir, "api.yaml") || got.Written != "api.yaml" {
		t.Errorf("Location %q, Written %q", got.Location, got.Written)
	}
}

func TestParseRejectsBadOpenAPIFields(t *testing.T) {
	doc := openAPIFile(t)
	head := "targets:\n  - name: a\n    url: https://api.example.com\n"
	with := head + "    openapi: " + doc + "\n"
	runRejections(t, []rejection{
		{name: "no resources and no openapi", src: head, line: 2, field: "targets[0].resources", msg: "is missing", hint: "openapi:"},
		{name: "openapi_server without openapi", src: head + "    resources: [/x]\n    openapi_server: /v1\n", line: 5,
			field: "targets[0].openapi_server", msg: "only used with openapi", hint: "add openapi:"},
		{name: "missing document", src: head + "    openapi: nowhere.yaml\n", line: 4, field: "targets[0].openapi",
			msg: "cannot be read", hint: "relative paths start from the folder of the targets file"},
		{name: "document is a folder", src: head + "    openapi: " + filepath.Dir(doc) + "\n", line: 4, field: "targets[0].openapi", msg: "not a regular file"},
		{name: "empty document", src: head + "    openapi: \"\"\n", line: 4, field: "targets[0].openapi", msg: "is empty"},
		{name: "other scheme", src: head + "    openapi: ftp://x/api.yaml\n", line: 4, field: "targets[0].openapi", msg: "file path or an http(s) URL"},
		{name: "server is a URL", src: with + "    openapi_server: https://x/v1\n", line: 5, field: "targets[0].openapi_server", msg: "is a URL"},
		{name: "server without slash", src: with + "    openapi_server: v1\n", line: 5, field: "targets[0].openapi_server", msg: "must start with", hint: `"/v1"`},
		{name: "path_params a list", src: with + "    path_params: [a]\n", line: 5, field: "targets[0].path_params", msg: "must be a mapping"},
		{name: "path_params empty value", src: with + "    path_params: {id: \"\"}\n", line: 5, field: "targets[0].path_params.id", msg: "is empty"},
		{name: "path_params null", src: with + "    path_params: {id: ~}\n", line: 5, field: "targets[0].path_params.id", msg: "has no value"},
		{name: "glob without slash", src: with + "    include: [orders]\n", line: 5, field: "targets[0].include[0]", msg: "must start with"},
		{name: "glob twice", src: with + "    exclude: [/a, /a]\n", line: 5, field: "targets[0].exclude[1]", msg: "listed twice"},
		{name: "max_operations zero", src: with + "    max_operations: 0\n", line: 5, field: "targets[0].max_operations", msg: "out of range"},
		{name: "typo", src: with + "    open_api_server: /v1\n", line: 5, field: "targets[0].open_api_server", msg: "unknown field", hint: "openapi_server"},
	})
}
