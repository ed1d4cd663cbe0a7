package config

import (
	"net"
	"strings"

	"go.yaml.in/yaml/v3"
)

// MCP protocol revisions a target may declare with mcp: (issue 15). An MCP
// rule quotes the text of one revision, so the list is closed: a revision
// authspec has no rules for is a configuration error, not a silent guess.
const (
	MCP20250618 = "2025-06-18"
	MCP20251125 = "2025-11-25"
	MCP20260728 = "2026-07-28"
	// MCPLatest is the value that means "the newest revision authspec
	// knows"; Target.MCPRevision resolves it.
	MCPLatest = "latest"
)

// MCPRevisions are the values mcp: accepts, oldest first.
var MCPRevisions = []string{MCP20250618, MCP20251125, MCP20260728, MCPLatest}

// MCPRevision returns the MCP revision the target's resources speak, with
// "latest" resolved to the newest revision authspec has rules for; "" when
// the target is not an MCP server.
func (t Target) MCPRevision() string {
	if t.MCP == MCPLatest {
		return MCPRevisions[len(MCPRevisions)-2]
	}
	return t.MCP
}

// mcpRevision decodes mcp:, a revision date or "latest". YAML reads an
// unquoted 2025-06-18 as a timestamp; its text is what counts.
func (p *parser) mcpRevision(n *yamlNode, field string) string {
	s, ok := p.scalar(n, field, "write a revision such as \"2025-11-25\"")
	if !ok {
		return ""
	}
	s = strings.TrimSpace(s)
	if contains(MCPRevisions, s) {
		return s
	}
	if contains(MCPRevisions, strings.ToLower(s)) {
		p.fail(n, field, "must be lower case", "write "+strings.ToLower(s))
		return ""
	}
	p.fail(n, field, "names an unknown MCP revision ("+clip(s)+")",
		"write one of "+strings.Join(MCPRevisions, ", "))
	return ""
}

// browserOrigin decodes browser_origin: a web origin as a browser sends it
// in Origin, scheme://host[:port] with no path, query or fragment (RFC 6454
// §6.2). A trailing slash is refused too: Origin never carries one, and a
// server comparing strings would not match it.
func (p *parser) browserOrigin(n *yamlNode, field string) string {
	s, _ := p.expand(n, field)
	if p.failed() {
		return ""
	}
	s = strings.TrimSpace(s)
	hint := "write the origin the browser page is served from, scheme://host[:port], e.g. https://app.example.com"
	u := p.absoluteURL(n, field, s, []string{"http", "https"})
	switch {
	case u == nil:
	case u.Path != "" || u.RawPath != "":
		p.fail(n, field, "must be an origin, without a path (not even /)", hint)
	case u.RawQuery != "" || u.ForceQuery:
		p.fail(n, field, "must be an origin, without a query", hint)
	default:
		return u.Scheme + "://" + strings.ToLower(u.Host)
	}
	return ""
}

// metadataHosts decodes metadata_hosts: hosts, beyond the target's own and
// those of the same address kind, that authspec may fetch OAuth metadata
// from (RFC 9728 §7.7). Each is a host name or an IP literal, without a
// scheme, a port or a path; names are lower-cased and lose a trailing dot.
func (p *parser) metadataHosts(n *yamlNode, field string) []string {
	items := p.sequence(n, field, "write a list of host names, e.g. [auth.example.com]")
	var out []string
	for i, item := range items {
		at := index(field, i)
		if item.Kind != yaml.ScalarNode {
			p.fail(item, at, "must be a host name, not "+describe(item), "write a host such as auth.example.com")
			return nil
		}
		h := p.metadataHost(item, at)
		if p.failed() {
			return nil
		}
		if !contains(out, h) {
			out = append(out, h)
		}
	}
	return out
}

// metadataHost decodes one entry of metadata_hosts.
func (p *parser) metadataHost(n *yamlNode, field string) string {
	s := strings.TrimSpace(p.text(n, field))
	if p.failed() {
		return ""
	}
	hint := "write the host alone, e.g. auth.example.com (every port and path of it is then allowed)"
	if strings.Contains(s, "://") || strings.ContainsAny(s, "/?#@") {
		p.fail(n, field, "must be a host name, not a URL", hint)
		return ""
	}
	h := strings.TrimSuffix(strings.TrimSuffix(strings.TrimPrefix(strings.ToLower(s), "["), "]"), ".")
	if ip := net.ParseIP(h); ip != nil {
		return ip.String()
	}
	if !validHostName(h) {
		p.fail(n, field, "is not a host name", hint)
		return ""
	}
	return h
}

// validHostName reports whether h is a DNS name of letters, digits,
// hyphens and dots (RFC 1123 §2.1), with no empty label.
func validHostName(h string) bool {
	if h == "" || len(h) > 253 {
		return false
	}
	for _, label := range strings.Split(h, ".") {
		if label == "" || len(label) > 63 || strings.HasPrefix(label, "-") || strings.HasSuffix(label, "-") {
			return false
		}
		for _, r := range label {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
				return false
			}
		}
	}
	return true
}

// issue15Keys are the keys of a target that concern OAuth protected
// resources and MCP servers; they work on openapi: targets too.
var issue15Keys = []string{"mcp", "browser_origin", "metadata_hosts"}

// oauthKeys decodes mcp, browser_origin and metadata_hosts into t.
func (p *parser) oauthKeys(f fields, field string, t *Target) {
	if n := f.get("mcp"); n != nil {
		t.MCP = p.mcpRevision(n, join(field, "mcp"))
	}
	if n := f.get("browser_origin"); n != nil && !p.failed() {
		t.BrowserOrigin = p.browserOrigin(n, join(field, "browser_origin"))
	}
	if n := f.get("metadata_hosts"); n != nil && !p.failed() {
		t.MetadataHosts = p.metadataHosts(n, join(field, "metadata_hosts"))
	}
}
