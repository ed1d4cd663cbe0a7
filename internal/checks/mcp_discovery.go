package checks

import (
	"encoding/json"
	"fmt"
	"strings"
)

// MCP's discovery rules, per revision (see mcp.go for the others). They
// judge what the discovery probe found; like the RFC 9728 rules they have
// no Check.

// MCPResourceMetadataOn401: MCP 2025-06-18 (Authorization, Authorization
// Server Location): "MCP servers MUST use the HTTP header WWW-Authenticate
// when returning a 401 Unauthorized to indicate the location of the
// resource server metadata URL".
var MCPResourceMetadataOn401 = register(Rule{
	ID:          "mcp/resource-metadata-on-401",
	RFC:         "MCP",
	Section:     "Authorization Server Location",
	Level:       Must,
	Severity:    High,
	Requirement: "An MCP server of revision 2025-06-18 names its protected resource metadata in the 401: WWW-Authenticate: Bearer resource_metadata=\"https://...\".",
})

// MCPDiscoveryMechanism: MCP 2025-11-25 (Authorization, Protected Resource
// Metadata Discovery Requirements): "MCP servers MUST implement one of the
// following discovery mechanisms": resource_metadata on the 401, or the
// well-known URI (path-inserted or at the root). 2026-07-28 keeps "MCP
// servers MUST implement OAuth 2.0 Protected Resource Metadata".
var MCPDiscoveryMechanism = register(Rule{
	ID:          "mcp/discovery-mechanism",
	RFC:         "MCP",
	Section:     "Protected Resource Metadata Discovery Requirements",
	Level:       Must,
	Severity:    High,
	Requirement: "An MCP server (2025-11-25 and later) leads clients to its protected resource metadata: by resource_metadata on the 401, or at /.well-known/oauth-protected-resource with the MCP endpoint's path, or at the root.",
})

// MCPAuthorizationServers: MCP 2025-06-18, 2025-11-25 (Authorization,
// Authorization Server Location): "The Protected Resource Metadata
// document returned by the MCP server MUST include the
// authorization_servers field containing at least one authorization
// server."
var MCPAuthorizationServers = register(Rule{
	ID:          "mcp/authorization-servers",
	RFC:         "MCP",
	Section:     "Authorization Server Location",
	Level:       Must,
	Severity:    High,
	Requirement: "An MCP server's protected resource metadata lists at least one authorization server in authorization_servers.",
})

// MCPPKCEAdvertised: MCP 2025-11-25 (Authorization, Authorization Code
// Protection): "If code_challenge_methods_supported is absent, the
// authorization server does not support PKCE and MCP clients MUST refuse
// to proceed."
var MCPPKCEAdvertised = register(Rule{
	ID:          "mcp/pkce-advertised",
	RFC:         "MCP",
	Section:     "Authorization Code Protection",
	Level:       Must,
	Severity:    High,
	Requirement: "The metadata of an MCP server's (2025-11-25 and later) authorization server has code_challenge_methods_supported; without it MCP clients refuse to proceed.",
})

// MCPNoOfflineAccessMetadata: MCP 2026-07-28 (Authorization, Refresh
// Tokens): "MCP Servers (Protected Resources) SHOULD NOT include
// offline_access in WWW-Authenticate scope or Protected Resource Metadata
// scopes_supported". mcp/no-offline-access judges the challenge; this rule
// judges the metadata document the discovery probe found, under an ID of
// its own so that either half can be waived.
var MCPNoOfflineAccessMetadata = register(Rule{
	ID:          "mcp/no-offline-access-metadata",
	RFC:         "MCP",
	Section:     "Refresh Tokens",
	Level:       Should,
	Severity:    Low,
	Requirement: "An MCP server's (2026-07-28 and later) protected resource metadata does not list offline_access in scopes_supported: refresh tokens are the client's business, not a resource requirement.",
})

// MCPOAuthOnly reports whether revision rev looks for authorization
// server metadata by RFC 8414 alone (2025-06-18: "MCP clients MUST follow
// the OAuth 2.0 Authorization Server Metadata [RFC8414] specification");
// later revisions add OpenID Connect Discovery.
func MCPOAuthOnly(rev string) bool { return rev == MCP20250618 }

// CheckMCPResourceMetadataOn401 judges, for revision rev, whether the
// Bearer or DPoP challenges of a 401 carry resource_metadata.
func CheckMCPResourceMetadataOn401(rev string, cs []Challenge) []Finding {
	if rev != MCP20250618 || len(ResourceMetadataURLs(cs)) > 0 {
		return nil
	}
	return []Finding{finding(MCPResourceMetadataOn401, "the 401 has no resource_metadata: MCP 2025-06-18 clients look for the metadata URL there and nowhere else; add resource_metadata=\"https://<host>/.well-known/oauth-protected-resource<path>\" to the Bearer challenge", "")}
}

// CheckMCPDiscovery judges, for revision 2025-11-25 and later, whether
// either discovery mechanism led to a served document; tried lists what
// was asked.
func CheckMCPDiscovery(rev string, found bool, tried []string) []Finding {
	if rev < MCP20251125 || found {
		return nil
	}
	return []Finding{finding(MCPDiscoveryMechanism, "neither discovery mechanism works: the 401 has no usable resource_metadata and no metadata was served (200) at "+strings.Join(tried, " or ")+
		"; MCP clients cannot find the authorization server and give up", strings.Join(tried, ", "))}
}

// CheckMCPAuthorizationServers judges authorization_servers in a served
// protected resource metadata document.
func CheckMCPAuthorizationServers(d *Document) []Finding {
	if _, ok := d.Object(); !ok {
		return nil
	}
	if issuers, _ := AuthorizationServers(d); len(issuers) > 0 {
		return nil
	}
	return []Finding{finding(MCPAuthorizationServers, fmt.Sprintf("the metadata at %s lists no authorization server: add \"authorization_servers\": [\"https://auth.example.com\"]", d.URL), "")}
}

// CheckMCPPKCE judges code_challenge_methods_supported in a served
// authorization server metadata document.
func CheckMCPPKCE(rev string, d *Document) []Finding {
	obj, ok := d.Object()
	if !ok || rev < MCP20251125 {
		return nil
	}
	var methods []string
	if raw, present := obj["code_challenge_methods_supported"]; present && json.Unmarshal(raw, &methods) == nil && len(methods) > 0 {
		return nil
	}
	return []Finding{finding(MCPPKCEAdvertised, fmt.Sprintf("the authorization server metadata at %s has no code_challenge_methods_supported: MCP clients take that to mean no PKCE and refuse to proceed; add \"code_challenge_methods_supported\": [\"S256\"]", d.URL), "")}
}

// CheckMCPNoOfflineAccessMetadata judges scopes_supported in a served
// protected resource metadata document of a 2026-07-28 (or later) MCP
// server. A member that is not an array of strings is left to the RFC
// 9728 rules.
func CheckMCPNoOfflineAccessMetadata(rev string, d *Document) []Finding {
	obj, ok := d.Object()
	if !ok || rev < MCP20260728 {
		return nil
	}
	var scopes []string
	if raw, present := obj["scopes_supported"]; !present || json.Unmarshal(raw, &scopes) != nil {
		return nil
	}
	for _, s := range scopes {
		if s == "offline_access" {
			return []Finding{finding(MCPNoOfflineAccessMetadata, fmt.Sprintf("the metadata at %s lists offline_access in scopes_supported; refresh tokens are not a resource requirement: leave it out and let the client ask the authorization server for it", d.URL), "")}
		}
	}
	return nil
}

// The MCP text the discovery rules rest on, word for word, per revision
// (docs/specification/<revision>/basic/authorization in
// modelcontextprotocol/modelcontextprotocol).
func init() {
	const (
		location = "The Protected Resource Metadata document returned by the MCP server MUST include the authorization_servers field containing at least one authorization server."
		pkce     = "If code_challenge_methods_supported is absent, the authorization server does not support PKCE and MCP clients MUST refuse to proceed."
	)
	quotes["mcp/resource-metadata-on-401"] = []Quote{
		{RFC: "MCP 2025-06-18", Section: "Authorization Server Location", Text: "MCP servers MUST use the HTTP header WWW-Authenticate when returning a 401 Unauthorized to indicate the location of the resource server metadata URL as described in RFC9728 Section 5.1 \"WWW-Authenticate Response\".",
			Note: "2025-06-18 only: later revisions accept either mechanism (mcp/discovery-mechanism)."},
	}
	quotes["mcp/discovery-mechanism"] = []Quote{
		{RFC: "MCP 2025-11-25", Section: "Protected Resource Metadata Discovery Requirements", Text: "MCP servers MUST implement one of the following discovery mechanisms to provide authorization server location information to MCP clients:",
			Note: "The two: resource_metadata in WWW-Authenticate on 401, or the well-known URI, path-inserted (https://example.com/.well-known/oauth-protected-resource/public/mcp) or at the root, which clients try in that order."},
		{RFC: "MCP 2026-07-28", Section: "Overview", Text: "MCP servers MUST implement OAuth 2.0 Protected Resource Metadata (RFC9728). MCP clients MUST use OAuth 2.0 Protected Resource Metadata for authorization server discovery.",
			Note: "The 2026-07-28 page on authorization server discovery could not be read here; authspec applies 2025-11-25's two mechanisms to it."},
	}
	quotes["mcp/no-offline-access-metadata"] = []Quote{
		{RFC: "MCP 2026-07-28", Section: "Refresh Tokens", Text: "MCP Servers (Protected Resources) SHOULD NOT include offline_access in WWW-Authenticate scope or Protected Resource Metadata scopes_supported, as refresh tokens are not a resource requirement."},
	}
	quotes["mcp/authorization-servers"] = []Quote{
		{RFC: "MCP 2025-06-18", Section: "Authorization Server Location", Text: location},
		{RFC: "MCP 2025-11-25", Section: "Authorization Server Location", Text: location},
	}
	quotes["mcp/pkce-advertised"] = []Quote{
		{RFC: "MCP 2025-11-25", Section: "Authorization Code Protection", Text: "OAuth 2.0 Authorization Server Metadata: " + pkce,
			Note: "The MUST binds clients; what it means for the server is that clients stop at an authorization server whose metadata lacks the member. 2025-06-18 asks clients for PKCE but not for this member, so the rule applies from 2025-11-25."},
		{RFC: "MCP 2025-11-25", Section: "Authorization Code Protection", Text: "Authorization servers providing OpenID Connect Discovery 1.0 MUST include code_challenge_methods_supported in their metadata to ensure MCP compatibility."},
	}
}
