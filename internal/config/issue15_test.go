package config

import (
	"slices"
	"strings"
	"testing"
)

// The keys of issue 15: mcp, browser_origin, metadata_hosts and
// credentials.limited_token.

func TestParseIssue15Keys(t *testing.T) {
	src := baseTarget +
		"    mcp: 2025-06-18\n" +
		"    browser_origin: https://App.Example.com:8443\n" +
		"    metadata_hosts: [Auth.Example.com., \"[2001:db8::1]\", 10.0.0.7, auth.example.com]\n" +
		"    credentials:\n      token: ${T}\n      limited_token: ${LT}\n"
	cfg, warnings := mustParse(t, src, map[string]string{"T": "full-token", "LT": "narrow-token"})
	if len(warnings) != 0 {
		t.Errorf("warnings = %v, want none", warnings)
	}
	tg := cfg.Targets[0]
	if tg.MCP != "2025-06-18" || tg.MCPRevision() != "2025-06-18" {
		t.Errorf("MCP = %q, MCPRevision = %q, want 2025-06-18 (an unquoted date is its text)", tg.MCP, tg.MCPRevision())
	}
	if tg.BrowserOrigin != "https://app.example.com:8443" {
		t.Errorf("BrowserOrigin = %q", tg.BrowserOrigin)
	}
	want := []string{"auth.example.com", "2001:db8::1", "10.0.0.7"}
	if !slices.Equal(tg.MetadataHosts, want) {
		t.Errorf("MetadataHosts = %q, want %q", tg.MetadataHosts, want)
	}
	if tg.Credentials.LimitedToken != "narrow-token" {
		t.Errorf("LimitedToken = %q", tg.Credentials.LimitedToken)
	}
	if !slices.Contains(tg.Credentials.Secrets(), "narrow-token") {
		t.Errorf("Secrets() = %d values, want the limited token among them", len(tg.Credentials.Secrets()))
	}
}

func TestParseMCPRevisions(t *testing.T) {
	for _, rev := range []string{"2025-06-18", "\"2025-11-25\"", "2026-07-28", "latest"} {
		cfg, _ := mustParse(t, baseTarget+"    mcp: "+rev+"\n", nil)
		if got := cfg.Targets[0].MCPRevision(); !slices.Contains(MCPRevisions, got) || got == MCPLatest {
			t.Errorf("mcp: %s gives MCPRevision %q, want a concrete revision", rev, got)
		}
	}
	cfg, _ := mustParse(t, baseTarget+"    mcp: latest\n", nil)
	if got := cfg.Targets[0].MCPRevision(); got != MCP20260728 {
		t.Errorf("latest resolves to %q, want %s", got, MCP20260728)
	}
	if got := (Target{}).MCPRevision(); got != "" {
		t.Errorf("a target without mcp has MCPRevision %q", got)
	}
}

// The keys work on openapi: targets, which need no resources.
func TestParseIssue15KeysOnOpenAPITarget(t *testing.T) {
	src := "targets:\n  - name: api\n    url: https://api.example.com\n    openapi: https://api.example.com/openapi.json\n" +
		"    mcp: \"2025-11-25\"\n    browser_origin: http://localhost:3000\n    metadata_hosts: [login.example.com]\n" +
		"    credentials: {token: \"${T}\", limited_token: \"${LT}\"}\n"
	cfg, _ := mustParse(t, src, map[string]string{"T": "a", "LT": "b"})
	tg := cfg.Targets[0]
	if tg.OpenAPI == nil || tg.MCP != "2025-11-25" || tg.BrowserOrigin != "http://localhost:3000" ||
		len(tg.MetadataHosts) != 1 || tg.Credentials.LimitedToken != "b" {
		t.Errorf("target = %+v", tg)
	}
}

func TestParseRejectsBadIssue15Keys(t *testing.T) {
	creds := func(body string) string { return baseTarget + "    credentials:\n" + body }
	runRejections(t, []rejection{
		{name: "unknown revision", src: baseTarget + "    mcp: 2024-11-05\n", line: 5, field: "targets[0].mcp",
			msg: "unknown MCP revision (2024-11-05)", hint: "2025-06-18, 2025-11-25, 2026-07-28, latest"},
		{name: "revision in capitals", src: baseTarget + "    mcp: Latest\n", line: 5, field: "targets[0].mcp",
			msg: "lower case", hint: "write latest"},
		{name: "revision as a list", src: baseTarget + "    mcp: [2025-06-18]\n", line: 5, field: "targets[0].mcp",
			msg: "single value"},
		{name: "revision as a number", src: baseTarget + "    mcp: 2025\n", line: 5, field: "targets[0].mcp",
			msg: "unknown MCP revision"},
		{name: "origin with a path", src: baseTarget + "    browser_origin: https://app.example.com/app\n", line: 5,
			field: "targets[0].browser_origin", msg: "without a path", hint: "scheme://host[:port]"},
		{name: "origin with a trailing slash", src: baseTarget + "    browser_origin: https://app.example.com/\n", line: 5,
			field: "targets[0].browser_origin", msg: "without a path"},
		{name: "origin without a scheme", src: baseTarget + "    browser_origin: app.example.com\n", line: 5,
			field: "targets[0].browser_origin", msg: "absolute http or https URL"},
		{name: "origin of another scheme", src: baseTarget + "    browser_origin: ftp://app.example.com\n", line: 5,
			field: "targets[0].browser_origin", msg: "absolute http or https URL"},
		{name: "origin with a query", src: baseTarget + "    browser_origin: https://app.example.com?x=1\n", line: 5,
			field: "targets[0].browser_origin", msg: "without a query"},
		{name: "origin with a fragment", src: baseTarget + "    browser_origin: https://app.example.com#x\n", line: 5,
			field: "targets[0].browser_origin", msg: "fragment"},
		{name: "origin with user info", src: baseTarget + "    browser_origin: https://u:p@app.example.com\n", line: 5,
			field: "targets[0].browser_origin", msg: "user info"},
		{name: "origin with a bad port", src: baseTarget + "    browser_origin: https://app.example.com:0\n", line: 5,
			field: "targets[0].browser_origin", msg: "invalid port"},
		{name: "metadata hosts not a list", src: baseTarget + "    metadata_hosts: auth.example.com\n", line: 5,
			field: "targets[0].metadata_hosts", msg: "must be a list"},
		{name: "metadata host a URL", src: baseTarget + "    metadata_hosts: [https://auth.example.com]\n", line: 5,
			field: "targets[0].metadata_hosts[0]", msg: "not a URL", hint: "auth.example.com"},
		{name: "metadata host with a path", src: baseTarget + "    metadata_hosts: [ok.example.com, auth.example.com/x]\n", line: 5,
			field: "targets[0].metadata_hosts[1]", msg: "not a URL"},
		{name: "metadata host not a name", src: baseTarget + "    metadata_hosts: [\"auth example\"]\n", line: 5,
			field: "targets[0].metadata_hosts[0]", msg: "not a host name"},
		{name: "metadata host a mapping", src: baseTarget + "    metadata_hosts: [{host: a}]\n", line: 5,
			field: "targets[0].metadata_hosts[0]", msg: "must be a host name"},
		{name: "limited token without token", src: creds("      limited_token: ${LT}\n"), env: map[string]string{"LT": "x"},
			line: 6, field: "targets[0].credentials.token", msg: "missing while limited_token is set", hint: "set token too"},
		{name: "limited token with only basic", src: creds("      username: u\n      password: ${P}\n      limited_token: ${LT}\n"),
			env: map[string]string{"LT": "x", "P": "p"}, line: 8, field: "targets[0].credentials.token", msg: "missing while limited_token is set"},
		{name: "limited token equal to token", src: creds("      token: ${T}\n      limited_token: ${T}\n"), env: map[string]string{"T": "x"},
			line: 7, field: "targets[0].credentials.limited_token", msg: "same value as token"},
		{name: "limited token empty", src: creds("      token: ${T}\n      limited_token: \"\"\n"), env: map[string]string{"T": "x"},
			line: 7, field: "targets[0].credentials.limited_token", msg: "is empty"},
		{name: "unknown key near mcp", src: baseTarget + "    mcp_revision: latest\n", line: 5,
			field: "targets[0].mcp_revision", msg: "unknown field"},
	})
}

// A limited token never appears in an error message, even the one about it.
func TestLimitedTokenNotInMessages(t *testing.T) {
	src := baseTarget + "    credentials:\n      token: ${T}\n      limited_token: ${T}\n"
	e := mustFail(t, src, map[string]string{"T": "s3cr3t-limited"})
	if got := e.Error(); strings.Contains(got, "s3cr3t-limited") {
		t.Errorf("message quotes the secret: %s", got)
	}
}
