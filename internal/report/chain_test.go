package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/authspec/authspec/internal/probe"
)

// chainRun is one target with a discovery finding whose evidence carries
// the chain from the 401 to the metadata document.
func chainRun() *Run {
	ev := &Evidence{
		Request:  "GET /.well-known/oauth-protected-resource/mcp HTTP/1.1\nHost: mcp.example.com\n",
		Response: "HTTP/1.1 200 OK\nContent-Type: application/json\n\n{\"resource\":\"https://mcp.example.com/mcp/\"}",
		Curl:     "curl -i --globoff 'https://mcp.example.com/.well-known/oauth-protected-resource/mcp'",
		Chain: []probe.ChainHop{
			{Step: "challenge", URL: "https://mcp.example.com/mcp", Response: "HTTP/1.1 401 Unauthorized\n", Curl: "curl -i -X POST 'https://mcp.example.com/mcp'"},
			{Step: "resource-metadata", URL: "https://mcp.example.com/.well-known/oauth-protected-resource/mcp", Response: "HTTP/1.1 200 OK\n", Curl: "curl -i 'https://mcp.example.com/.well-known/oauth-protected-resource/mcp'"},
			{Step: "authorization-server", URL: "https://169.254.169.254/.well-known/oauth-authorization-server", Note: "not sent: the fetch policy refused it", Curl: "curl -i 'https://169.254.169.254/.well-known/oauth-authorization-server'"},
		},
	}
	res := Result{Check: "rfc9728/resource-matches", RFC: "RFC 9728", Section: "3.3", Level: "MUST", Outcome: Fail,
		Resource: "/mcp", Method: "POST", Probe: "discovery", Message: "the metadata's resource differs by a trailing slash", Evidence: ev}
	return &Run{Version: 1, Targets: []Target{{Name: "files-mcp", URL: "https://mcp.example.com", Kind: "origin", Verdict: "fail", Results: []Result{res}}}}
}

// Every report that shows evidence shows the discovery chain, hop by hop;
// those with room for it give each hop's curl line.
func TestReportsCarryTheDiscoveryChain(t *testing.T) {
	run := chainRun()
	hops := []string{"1. challenge https://mcp.example.com/mcp", "2. resource-metadata https://mcp.example.com/.well-known/oauth-protected-resource/mcp", "3. authorization-server https://169.254.169.254/", "not sent"}
	curls := []string{"curl -i -X POST 'https://mcp.example.com/mcp'", "curl -i 'https://169.254.169.254/.well-known/oauth-authorization-server'"}
	var junit, md, sarif, html, summary, js bytes.Buffer
	if err := WriteJUnit(&junit, run, "authspec"); err != nil {
		t.Fatal(err)
	}
	if err := WriteMarkdown(&md, run); err != nil {
		t.Fatal(err)
	}
	if err := WriteSARIF(&sarif, run); err != nil {
		t.Fatal(err)
	}
	if err := WriteHTML(&html, run); err != nil {
		t.Fatal(err)
	}
	if err := WriteJSON(&js, run); err != nil {
		t.Fatal(err)
	}
	WriteSummary(&summary, run, false)
	for name, out := range map[string]string{"junit.xml": junit.String(), "summary.md": md.String(), "authspec.sarif": sarif.String(), "report.html": html.String(), "results.json": js.String()} {
		for _, want := range append(hops, curls...) {
			if name == "results.json" {
				break
			}
			if !strings.Contains(unescapeForTest(out), want) {
				t.Errorf("%s lacks %q", name, want)
			}
		}
	}
	if !strings.Contains(js.String(), `"chain"`) || !strings.Contains(js.String(), `"step": "resource-metadata"`) {
		t.Errorf("results.json lacks the chain:\n%s", js.String())
	}
	for _, want := range hops[:3] {
		if !strings.Contains(summary.String(), want) {
			t.Errorf("the terminal summary lacks %q", want)
		}
	}
}

// unescapeForTest undoes the escaping XML, JSON and HTML apply to quotes
// and ampersands, so one expected string fits every format.
func unescapeForTest(s string) string {
	return strings.NewReplacer("&#39;", "'", "&apos;", "'", "&#x27;", "'", `\u0027`, "'", "&quot;", `"`, `\"`, `"`, "&amp;", "&", `\u0026`, "&", "&gt;", ">", `\u003e`, ">").Replace(s)
}
