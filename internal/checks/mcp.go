package checks

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"strings"
)

// Rules for MCP servers (targets with mcp: in targets.yaml), from the MCP
// specification's Authorization and Streamable HTTP texts, read per
// revision in the modelcontextprotocol/modelcontextprotocol repository
// (docs/specification/<revision>/basic/...). A rule's RFC is "MCP"; its
// quotes name the revision they come from, and the rule applies only to
// the revisions whose text carries it. Sections are cited by name: the
// specification numbers them only when rendered.
//
// The discovery rules (resource_metadata, the metadata documents) live in
// mcp_discovery.go.

// MCP revisions authspec has rules for, oldest first (config lists the
// values mcp: accepts and resolves "latest" to the newest).
const (
	MCP20250618 = "2025-06-18"
	MCP20251125 = "2025-11-25"
	MCP20260728 = "2026-07-28"
)

// mcpSince reports whether the exchange is with an MCP server of revision
// rev or later. Revisions are dates, so they compare as strings.
func mcpSince(e *Exchange, rev string) bool {
	return e.MCP != "" && e.MCP >= rev
}

// MCPScopeOnChallenge: MCP 2025-11-25 (Authorization, Protected Resource
// Metadata Discovery Requirements) and 2026-07-28 (Authorization, Scope
// Selection Strategy): "MCP servers SHOULD include a scope parameter in
// the WWW-Authenticate header".
var MCPScopeOnChallenge = registerChecked(Rule{
	ID:          "mcp/scope-on-challenge",
	RFC:         "MCP",
	Section:     "Protected Resource Metadata Discovery Requirements, Scope Selection Strategy",
	Level:       Should,
	Severity:    Low,
	Requirement: "An MCP server (2025-11-25 and later) puts the scopes the resource needs in the Bearer challenge of its 401 to a request without a token, e.g. scope=\"files:read\".",
	// The text is about the first 401 a client gets, the one that starts
	// discovery (its example answers a request without a token); a 401
	// refusing a token (invalid_token, a step-up) is not judged.
	Applies: func(c *Context) bool {
		return mcpSince(c.Ex, MCP20251125) && c.Ex.Status == http.StatusUnauthorized && c.Offers("Bearer") && schNoAuthInfo(c)
	},
}, func(r *Rule, c *Context) []Finding {
	bearers := c.ChallengesOf("Bearer")
	for i := range bearers {
		if _, ok := bearers[i].Param("scope"); ok {
			return nil
		}
	}
	return []Finding{schChallengeFinding(r, c, &bearers[0],
		"the 401 does not say which scopes to ask for, so MCP clients fall back on every scope in scopes_supported: add scope=\"...\" with the scopes this resource needs")}
})

// MCPNoOfflineAccess: MCP 2026-07-28 (Authorization, Refresh Tokens): "MCP
// Servers (Protected Resources) SHOULD NOT include offline_access in
// WWW-Authenticate scope or Protected Resource Metadata scopes_supported".
// This rule judges the challenge; the metadata is judged where it is
// fetched.
var MCPNoOfflineAccess = registerChecked(Rule{
	ID:          "mcp/no-offline-access",
	RFC:         "MCP",
	Section:     "Refresh Tokens",
	Level:       Should,
	Severity:    Low,
	Requirement: "An MCP server (2026-07-28 and later) does not ask for offline_access in a challenge's scope: refresh tokens are the client's business, not a resource requirement.",
	Applies: func(c *Context) bool {
		return mcpSince(c.Ex, MCP20260728) && c.Offers("Bearer")
	},
}, func(r *Rule, c *Context) []Finding {
	return schEach(c, "Bearer", func(ch *Challenge) []Finding {
		var out []Finding
		for _, p := range schParams(ch, "scope") {
			for _, s := range strings.Fields(p.Value) {
				if s == "offline_access" {
					out = append(out, schParamFinding(r, c, ch, p,
						"the challenge's scope asks for offline_access; refresh tokens are not a resource requirement: leave it out and let the client ask the authorization server for it"))
					break
				}
			}
		}
		return out
	})
})

// MCPInvalidToken401: every revision (Authorization, Token Handling):
// "Invalid or expired tokens MUST receive a HTTP 401 response." Judged on
// the answer to the random Bearer token the bad-credentials probe sends.
var MCPInvalidToken401 = register(Rule{
	ID:          "mcp/invalid-token-401",
	RFC:         "MCP",
	Section:     "Token Handling",
	Level:       Must,
	Severity:    Medium,
	Requirement: "An MCP server answers an invalid Bearer token with 401 (not 400, 403 or 404): the client then knows to get a new token.",
})

// MCPInsufficientScope403: every revision (Authorization, Error Handling):
// "Servers MUST return appropriate HTTP status codes for authorization
// errors", 403 for "Invalid scopes or insufficient permissions". Judged
// on the answer to limited_token. A 401 with
// insufficient_user_authentication (RFC 9470 §3) is a refusal too, of
// another kind, and is not flagged.
var MCPInsufficientScope403 = register(Rule{
	ID:          "mcp/insufficient-scope-403",
	RFC:         "MCP",
	Section:     "Error Handling",
	Level:       Must,
	Severity:    Medium,
	Requirement: "An MCP server answers a valid token that lacks the needed scope with 403 (or, for step-up, a 401 with error=\"insufficient_user_authentication\").",
})

// MCPInsufficientScopeChallenge: MCP 2025-11-25 and 2026-07-28
// (Authorization, Runtime Insufficient Scope Errors): the 403 SHOULD carry
// a Bearer challenge with error="insufficient_scope", the scope needed and
// resource_metadata.
var MCPInsufficientScopeChallenge = register(Rule{
	ID:          "mcp/insufficient-scope-challenge",
	RFC:         "MCP",
	Section:     "Runtime Insufficient Scope Errors",
	Level:       Should,
	Severity:    Low,
	Requirement: "An MCP server (2025-11-25 and later) refusing a token for its scope sends Bearer error=\"insufficient_scope\" with scope (the scopes needed) and resource_metadata.",
})

// MCPValidTokenResult: the valid token gets the JSON-RPC response to the
// probe's request (Streamable HTTP, Sending Messages: "If the input is a
// JSON-RPC request, the server MUST either return Content-Type:
// text/event-stream ... or Content-Type: application/json"). Declared: the
// user said the token is valid.
var MCPValidTokenResult = register(Rule{
	ID:          "mcp/valid-token-result",
	RFC:         "MCP",
	Section:     "Sending Messages",
	Level:       Must,
	Declared:    true,
	Severity:    High,
	Requirement: "With the valid token, the MCP request gets its JSON-RPC result, as application/json or as a text/event-stream carrying the response.",
})

// MCPInsufficientScopeChallengeSince is the first revision whose text asks
// for the scope challenge.
const MCPInsufficientScopeChallengeSince = MCP20251125

// CheckMCPInvalidToken judges the answer to an invalid Bearer token.
func CheckMCPInvalidToken(e *Exchange) []Finding {
	if e.Status == http.StatusUnauthorized {
		return nil
	}
	return []Finding{finding(MCPInvalidToken401,
		fmt.Sprintf("an invalid Bearer token got %s; MCP requires 401 so that the client discards the token and gets a new one", fwStatusText(e.Status)),
		fmt.Sprintf("%d", e.Status))}
}

// CheckMCPInsufficientScope judges the status of the answer to a token
// that lacks the needed scope. A 2xx is left to the declared rule
// rfc6750/limited-token-refused.
func CheckMCPInsufficientScope(e *Exchange) []Finding {
	switch {
	case e.Status >= 200 && e.Status < 300, e.Status == http.StatusForbidden:
		return nil
	case e.Status == http.StatusUnauthorized && stepUpAsked(e):
		return nil
	}
	return []Finding{finding(MCPInsufficientScope403,
		fmt.Sprintf("a valid token lacking the needed scope got %s; MCP's error table gives 403 for insufficient scopes (401 means the token itself is invalid, so the client would throw away a good token)", fwStatusText(e.Status)),
		fmt.Sprintf("%d", e.Status))}
}

// stepUpAsked reports whether a Bearer or DPoP challenge of e carries
// error="insufficient_user_authentication".
func stepUpAsked(e *Exchange) bool {
	c := NewContext(e)
	for _, s := range stepUpSchemes {
		for _, ch := range c.ChallengesOf(s) {
			if p, ok := ch.Param("error"); ok && p.Value == "insufficient_user_authentication" {
				return true
			}
		}
	}
	return false
}

// CheckMCPInsufficientScopeChallenge judges the challenge of a 403 that
// refuses a token for its scope: Bearer error="insufficient_scope", scope
// and resource_metadata.
func CheckMCPInsufficientScopeChallenge(e *Exchange) []Finding {
	if e.Status != http.StatusForbidden {
		return nil
	}
	c := NewContext(e)
	bearers := c.ChallengesOf("Bearer")
	if len(bearers) == 0 {
		return []Finding{finding(MCPInsufficientScopeChallenge,
			`the 403 carries no Bearer challenge: add WWW-Authenticate: Bearer error="insufficient_scope", scope="...", resource_metadata="..."`,
			strings.Join(c.Lines, "\n"))}
	}
	ch := &bearers[0]
	var missing []string
	if p, ok := ch.Param("error"); !ok || p.Value != "insufficient_scope" {
		missing = append(missing, `error="insufficient_scope"`)
	}
	for _, name := range []string{"scope", "resource_metadata"} {
		if _, ok := ch.Param(name); !ok {
			missing = append(missing, name)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	return []Finding{schChallengeFinding(MCPInsufficientScopeChallenge, c, ch,
		"the 403's Bearer challenge lacks "+strings.Join(missing, ", ")+": without them the client cannot tell which scopes to ask for, nor where")}
}

// CheckMCPResult judges the answer to the probe's JSON-RPC request sent
// with the valid token: a 2xx carrying, as application/json or in a
// text/event-stream event, a JSON-RPC response with the request's id and a
// result.
func CheckMCPResult(e *Exchange, id int) []Finding {
	fail := func(msg string) []Finding {
		return []Finding{finding(MCPValidTokenResult, msg, excerpt(string(e.Body)))}
	}
	if e.Status < 200 || e.Status >= 300 {
		return fail(fmt.Sprintf("the MCP request with the valid token got %s, not its JSON-RPC result", fwStatusText(e.Status)))
	}
	ct, _, _ := mime.ParseMediaType(e.Header.Get("Content-Type"))
	var msgs [][]byte
	switch ct {
	case "application/json":
		msgs = [][]byte{e.Body}
	case "text/event-stream":
		msgs = SSEData(e.Body)
	default:
		return fail(fmt.Sprintf("the answer's Content-Type is %q; an MCP server answers a JSON-RPC request with application/json or text/event-stream", e.Header.Get("Content-Type")))
	}
	for _, m := range msgs {
		verdict, found := jsonRPCResponse(m, id)
		if !found {
			continue
		}
		if verdict != "" {
			return fail(verdict)
		}
		return nil
	}
	if ct == "text/event-stream" && e.BodyTruncated {
		return fail("the event stream carried no JSON-RPC response to the request within max_body; raise max_body if the server sends much before it")
	}
	return fail(fmt.Sprintf("the %s answer carries no JSON-RPC response with id %d", ct, id))
}

// jsonRPCResponse reads one JSON-RPC message: found is true when it is the
// response to id, and verdict says what is wrong with it ("" for a
// result).
func jsonRPCResponse(msg []byte, id int) (verdict string, found bool) {
	var m struct {
		JSONRPC string          `json:"jsonrpc"`
		ID      json.RawMessage `json:"id"`
		Result  json.RawMessage `json:"result"`
		Error   *struct {
			Code    int    `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
	}
	if err := json.Unmarshal(bytes.TrimSpace(msg), &m); err != nil {
		return "", false
	}
	if strings.TrimSpace(string(m.ID)) != fmt.Sprint(id) {
		return "", false
	}
	switch {
	case m.Error != nil:
		return fmt.Sprintf("the JSON-RPC answer is an error, code %d: %s", m.Error.Code, m.Error.Message), true
	case len(m.Result) == 0:
		return "the JSON-RPC answer has neither result nor error", true
	case m.JSONRPC != "2.0":
		return fmt.Sprintf("the JSON-RPC answer's jsonrpc member is %q, not \"2.0\"", m.JSONRPC), true
	}
	return "", true
}

// SSEData returns the data of each event of a text/event-stream body, the
// data lines of an event joined with newlines (HTML, Server-sent events,
// "Interpreting an event stream").
func SSEData(body []byte) [][]byte {
	var out [][]byte
	var cur []byte
	have := false
	flush := func() {
		if have {
			out = append(out, cur)
		}
		cur, have = nil, false
	}
	for _, line := range strings.Split(strings.ReplaceAll(string(body), "\r\n", "\n"), "\n") {
		if line == "" {
			flush()
			continue
		}
		field, value, _ := strings.Cut(line, ":")
		if field != "data" {
			continue
		}
		value = strings.TrimPrefix(value, " ")
		if have {
			cur = append(cur, '\n')
		}
		cur = append(cur, value...)
		have = true
	}
	flush()
	return out
}

// The MCP texts the rules rest on, per revision (see quotes.go).
func init() {
	tokenHandling := "Invalid or expired tokens MUST receive a HTTP 401 response."
	quotes["mcp/invalid-token-401"] = []Quote{
		{RFC: "MCP 2025-06-18", Section: "Token Handling", Text: "If validation fails, servers MUST respond according to OAuth 2.1 Section 5.3 error handling requirements. " + tokenHandling},
		{RFC: "MCP 2025-11-25", Section: "Token Handling", Text: tokenHandling},
		{RFC: "MCP 2026-07-28", Section: "Token Handling", Text: tokenHandling},
	}
	errorTable := "Servers MUST return appropriate HTTP status codes for authorization errors: ... 403 | Forbidden | Invalid scopes or insufficient permissions"
	quotes["mcp/insufficient-scope-403"] = []Quote{
		{RFC: "MCP 2025-06-18", Section: "Error Handling", Text: errorTable},
		{RFC: "MCP 2025-11-25", Section: "Error Handling", Text: errorTable},
		{RFC: "MCP 2026-07-28", Section: "Error Handling", Text: errorTable},
		{RFC: "RFC 9470", Section: "3", Text: "The authentication event associated with the access token presented with the request does not meet the authentication requirements of the protected resource.", Note: "insufficient_user_authentication, sent with 401 in RFC 9470's examples: a step-up refusal is not flagged."},
	}
	runtime := "When a client makes a request with an access token with insufficient scope during runtime operations, the server SHOULD respond with: ... HTTP 403 Forbidden status code (per RFC 6750 Section 3.1) ... WWW-Authenticate header with the Bearer scheme and additional parameters: ... error=\"insufficient_scope\" ... scope=\"required_scope1 required_scope2\" ... resource_metadata - the URI of the Protected Resource Metadata document (for consistency with 401 responses)"
	quotes["mcp/insufficient-scope-challenge"] = []Quote{
		{RFC: "MCP 2025-11-25", Section: "Runtime Insufficient Scope Errors", Text: runtime},
		{RFC: "MCP 2026-07-28", Section: "Runtime Insufficient Scope Errors", Text: runtime},
	}
	scope := "MCP servers SHOULD include a scope parameter in the WWW-Authenticate header as defined in RFC 6750 Section 3 to indicate the scopes required for accessing the resource."
	quotes["mcp/scope-on-challenge"] = []Quote{
		{RFC: "MCP 2025-11-25", Section: "Protected Resource Metadata Discovery Requirements", Text: scope},
		{RFC: "MCP 2026-07-28", Section: "Scope Selection Strategy", Text: scope},
	}
	quotes["mcp/no-offline-access"] = []Quote{
		{RFC: "MCP 2026-07-28", Section: "Refresh Tokens", Text: "MCP Servers (Protected Resources) SHOULD NOT include offline_access in WWW-Authenticate scope or Protected Resource Metadata scopes_supported, as refresh tokens are not a resource requirement."},
	}
	quotes["mcp/valid-token-result"] = []Quote{
		{RFC: "MCP 2025-06-18", Section: "Sending Messages", Text: "If the input is a JSON-RPC request, the server MUST either return Content-Type: text/event-stream, to initiate an SSE stream, or Content-Type: application/json, to return one JSON object.", Note: "Transports, Streamable HTTP, Sending Messages to the Server; 2025-11-25 words it the same. The rule is declared: the token is the one the user declared valid, so the request must get its result."},
		{RFC: "MCP 2026-07-28", Section: "Sending Messages", Text: "If the body is a JSON-RPC request, the server MUST return either Content-Type: application/json (a single JSON object) or Content-Type: text/event-stream (an SSE response stream)."},
	}
}
