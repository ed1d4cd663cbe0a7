package checks

import (
	"net/http"
	"strings"
	"testing"
)

func mcpAt(rev string) func(*Exchange) { return func(e *Exchange) { e.MCP = rev } }

// scope on the 401 is asked from 2025-11-25 on; offline_access is refused
// from 2026-07-28 on; neither applies to a target that is not MCP.
func TestMCPChallengeRules(t *testing.T) {
	withScope := `Bearer resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource", scope="files:read"`
	noScope := `Bearer resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource"`
	offline := `Bearer resource_metadata="https://m.example/.well-known/oauth-protected-resource", scope="files:read offline_access"`
	cases := []struct {
		name   string
		ex     *Exchange
		broken []string
	}{
		{"2025-11-25 example with scope", schWith(schResponse(withScope), mcpAt(MCP20251125)), nil},
		{"2025-11-25 without scope", schWith(schResponse(noScope), mcpAt(MCP20251125)), []string{"mcp/scope-on-challenge"}},
		{"2026-07-28 without scope", schWith(schResponse(noScope), mcpAt(MCP20260728)), []string{"mcp/scope-on-challenge"}},
		{"2025-06-18 does not ask for scope", schWith(schResponse(noScope), mcpAt(MCP20250618)), nil},
		{"not MCP", schResponse(noScope), nil},
		{"a refused token's 401 is not judged", schWith(schResponse(`Bearer error="insufficient_user_authentication", acr_values="mfa"`), mcpAt(MCP20251125), schSent("Bearer t")), nil},
		{"offline_access on 2026-07-28", schWith(schResponse(offline), mcpAt(MCP20260728)), []string{"mcp/no-offline-access"}},
		{"offline_access on 2025-11-25 is not flagged", schWith(schResponse(offline), mcpAt(MCP20251125)), nil},
		{"offline_access_x is another scope", schWith(schResponse(`Bearer scope="offline_access_x"`), mcpAt(MCP20260728)), nil},
	}
	rules := []*Rule{MCPScopeOnChallenge, MCPNoOfflineAccess}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := schViolations(t, tc.ex, rules)
			if strings.Join(got, " ") != strings.Join(tc.broken, " ") {
				t.Errorf("violated %v, want %v", got, tc.broken)
			}
		})
	}
}

func TestMCPRefusalChecks(t *testing.T) {
	plain := func(status int) *Exchange {
		return &Exchange{Status: status, Header: http.Header{}}
	}
	if fs := CheckMCPInvalidToken(schWith(schResponse(`Bearer error="invalid_token"`))); len(fs) != 0 {
		t.Errorf("401 to an invalid token flagged: %v", fs)
	}
	for _, st := range []int{400, 403, 404, 200} {
		if fs := CheckMCPInvalidToken(plain(st)); len(fs) != 1 || fs[0].Rule != MCPInvalidToken401 {
			t.Errorf("%d to an invalid token: %v, want one mcp/invalid-token-401 finding", st, fs)
		}
	}
	if fs := CheckMCPInsufficientScope(plain(403)); len(fs) != 0 {
		t.Errorf("403 to the limited token flagged: %v", fs)
	}
	if fs := CheckMCPInsufficientScope(schResponse(`Bearer error="insufficient_user_authentication"`)); len(fs) != 0 {
		t.Errorf("401 step-up flagged: %v", fs)
	}
	if fs := CheckMCPInsufficientScope(schResponse(`Bearer error="invalid_token"`)); len(fs) != 1 {
		t.Errorf("401 invalid_token to a valid limited token: %v, want a finding", fs)
	}
	good := schWith(schResponse(`Bearer error="insufficient_scope", scope="files:write", resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource", error_description="File write permission required for this operation"`), schStatus(403))
	if fs := CheckMCPInsufficientScopeChallenge(good); len(fs) != 0 {
		t.Errorf("the 2026-07-28 example flagged: %v", fs)
	}
	bare := schWith(schResponse(`Bearer error="insufficient_scope"`), schStatus(403))
	fs := CheckMCPInsufficientScopeChallenge(bare)
	if len(fs) != 1 || !strings.Contains(fs[0].Message, "scope, resource_metadata") {
		t.Errorf("403 without scope and resource_metadata: %v", fs)
	}
	if fs := CheckMCPInsufficientScopeChallenge(plain(403)); len(fs) != 1 {
		t.Errorf("403 without a challenge: %v", fs)
	}
}

func TestCheckMCPResult(t *testing.T) {
	ok := func(ct, body string) *Exchange {
		h := http.Header{}
		h.Set("Content-Type", ct)
		return &Exchange{Status: 200, Header: h, Body: []byte(body)}
	}
	result := `{"jsonrpc":"2.0","id":1,"result":{"protocolVersion":"2025-11-25"}}`
	cases := []struct {
		name string
		ex   *Exchange
		want string // "" for no finding, else a word of the message
	}{
		{"json result", ok("application/json", result), ""},
		{"json with charset", ok("application/json; charset=utf-8", result), ""},
		{"event stream", ok("text/event-stream", "event: message\ndata: "+result+"\n\n"), ""},
		{"event stream, CRLF, notification first", ok("text/event-stream", "data: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\"}\r\n\r\nid: 7\r\ndata: "+result+"\r\n\r\n"), ""},
		{"split data lines", ok("text/event-stream", "data: {\"jsonrpc\":\"2.0\",\ndata: \"id\":1,\"result\":{}}\n\n"), ""},
		{"json-rpc error", ok("application/json", `{"jsonrpc":"2.0","id":1,"error":{"code":-32601,"message":"Method not found"}}`), "-32601"},
		{"other id", ok("application/json", `{"jsonrpc":"2.0","id":2,"result":{}}`), "no JSON-RPC response"},
		{"html", ok("text/html", "<html>"), "Content-Type"},
		{"stream without response", ok("text/event-stream", ": keep-alive\n\n"), "no JSON-RPC response"},
		{"401", &Exchange{Status: 401, Header: http.Header{}}, "401"},
		{"202 with nothing", &Exchange{Status: 202, Header: http.Header{}}, "Content-Type"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fs := CheckMCPResult(tc.ex, 1)
			switch {
			case tc.want == "" && len(fs) > 0:
				t.Errorf("flagged: %v", fs)
			case tc.want != "" && (len(fs) != 1 || !strings.Contains(fs[0].Message, tc.want)):
				t.Errorf("findings %v, want one mentioning %q", fs, tc.want)
			}
		})
	}
}

// mcp/no-offline-access-metadata: offline_access in scopes_supported is
// flagged from 2026-07-28 on, and only as a whole scope name.
func TestMCPNoOfflineAccessMetadata(t *testing.T) {
	doc := func(body string) *Document {
		return &Document{URL: "https://mcp.example/.well-known/oauth-protected-resource/mcp", Status: 200,
			ContentType: "application/json", Body: []byte(body)}
	}
	offline := doc(`{"resource":"https://mcp.example/mcp","scopes_supported":["files:read","offline_access"]}`)
	if fs := CheckMCPNoOfflineAccessMetadata(MCP20260728, offline); len(fs) != 1 || fs[0].Rule != MCPNoOfflineAccessMetadata {
		t.Errorf("offline_access in scopes_supported on 2026-07-28: %+v", fs)
	}
	if fs := CheckMCPNoOfflineAccessMetadata(MCP20251125, offline); len(fs) != 0 {
		t.Errorf("2025-11-25 says nothing of the metadata's scopes: %+v", fs)
	}
	for _, body := range []string{
		`{"resource":"https://mcp.example/mcp","scopes_supported":["files:read","offline_access_x"]}`,
		`{"resource":"https://mcp.example/mcp"}`,
		`{"resource":"https://mcp.example/mcp","scopes_supported":"offline_access"}`,
		`not json`,
	} {
		if fs := CheckMCPNoOfflineAccessMetadata(MCP20260728, doc(body)); len(fs) != 0 {
			t.Errorf("%s: %+v", body, fs)
		}
	}
}
