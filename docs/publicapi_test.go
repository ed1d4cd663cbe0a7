package docs

import (
	"os/exec"
	"strings"
	"testing"
)

// The Go API is authtest (docs/go-tests.md, "What is stable"): every
// other package another module could import is a command or lies under
// internal/, where Go refuses imports from outside the module. A new
// package at the top of the tree would be an API nobody promised.
func TestOnlyAuthtestIsImportable(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", "{{.ImportPath}} {{.Name}} {{join .GoFiles \",\"}}", "github.com/authspec/authspec/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	const mod = "github.com/authspec/authspec/"
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		path, name, files := fields[0], fields[1], ""
		if len(fields) > 2 {
			files = fields[2]
		}
		rel := strings.TrimPrefix(path, mod)
		switch {
		case name == "main",
			rel == "authtest",
			strings.HasPrefix(rel, "internal/") || strings.Contains(rel, "/internal/"),
			files == "" || files == "doc.go": // tests only (e2e, docs, action): no code to import
			continue
		}
		t.Errorf("package %s (%s) is importable by other modules but is not authtest: move it under internal/, or make it a promised API in docs/go-tests.md and the CHANGELOG", rel, name)
	}
}
