package config

import (
	"slices"
	"testing"
)

// On an MCP target a resource written without methods is probed with
// POST, the method an MCP endpoint is spoken to with (its GET may rightly
// be 405); methods written out are kept, and other targets keep GET.
func TestMCPResourcesDefaultToPOST(t *testing.T) {
	src := "targets:\n" +
		"  - name: mcp\n    url: https://mcp.example.com\n    mcp: \"2025-11-25\"\n" +
		"    resources: [/mcp, {path: /other}, {path: /both, methods: [GET, POST]}]\n" +
		"  - name: plain\n    url: https://api.example.com\n    resources: [/me]\n"
	cfg, _ := mustParse(t, src, nil)
	mcp, plain := cfg.Targets[0], cfg.Targets[1]
	for i, want := range [][]string{{"POST"}, {"POST"}, {"GET", "POST"}} {
		if got := mcp.Resources[i].Methods; !slices.Equal(got, want) {
			t.Errorf("MCP resource %s: methods %v, want %v", mcp.Resources[i].Path, got, want)
		}
	}
	if got := plain.Resources[0].Methods; !slices.Equal(got, []string{"GET"}) {
		t.Errorf("a target that is not MCP: methods %v, want [GET]", got)
	}
}
