package checks

import (
	"strings"
	"testing"
)

// doc is a served JSON document at u.
func doc(u, body string) *Document {
	return &Document{URL: u, Status: 200, ContentType: "application/json", Body: []byte(body)}
}

// ruleCase is one right or wrong behaviour and whether the rule fires.
type ruleCase struct {
	name  string
	fs    []Finding
	fires bool
	want  string // fragment of the message when it fires
}

func runRuleCases(t *testing.T, r *Rule, cases []ruleCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := len(c.fs) > 0; got != c.fires {
				t.Fatalf("fires = %v, want %v: %v", got, c.fires, c.fs)
			}
			for _, f := range c.fs {
				if f.Rule != r {
					t.Errorf("finding of %s, want %s", f.Rule.ID, r.ID)
				}
				if !strings.Contains(f.Message, c.want) {
					t.Errorf("message %q lacks %q", f.Message, c.want)
				}
			}
		})
	}
}

func challenges(t *testing.T, lines ...string) []Challenge {
	t.Helper()
	cs, _ := ParseChallenges(lines)
	return cs
}

func TestResourceMetadataParam(t *testing.T) {
	ok := challenges(t, `Bearer realm="api", resource_metadata="https://api.example.com/.well-known/oauth-protected-resource/mcp"`)
	runRuleCases(t, ResourceMetadataParam, []ruleCase{
		{"absolute https", CheckResourceMetadataParam(ok, false), false, ""},
		{"relative", CheckResourceMetadataParam(challenges(t, `Bearer resource_metadata="/.well-known/oauth-protected-resource"`), false), true, "absolute URL"},
		{"http on an https target", CheckResourceMetadataParam(challenges(t, `Bearer resource_metadata="http://api.example.com/.well-known/oauth-protected-resource"`), false), true, "over https"},
		{"http on an http target", CheckResourceMetadataParam(challenges(t, `Bearer resource_metadata="http://127.0.0.1/.well-known/oauth-protected-resource"`), true), false, ""},
		{"twice", CheckResourceMetadataParam(challenges(t, `Bearer resource_metadata="https://a.example/x", resource_metadata="https://a.example/y"`), false), true, "2 times"},
		{"on DPoP", CheckResourceMetadataParam(challenges(t, `DPoP algs="ES256", resource_metadata="ftp://a.example/x"`), false), true, "https URL"},
		{"on Basic, ignored", CheckResourceMetadataParam(challenges(t, `Basic realm="x", resource_metadata="/x"`), false), false, ""},
	})
	if got := ResourceMetadataURLs(challenges(t, `Basic realm="x"`, `Bearer resource_metadata="https://a/x"`, `DPoP resource_metadata="https://a/x"`)); len(got) != 1 || got[0] != "https://a/x" {
		t.Errorf("ResourceMetadataURLs = %q", got)
	}
}

func TestMetadataPublic(t *testing.T) {
	runRuleCases(t, MetadataPublic, []ruleCase{
		{"served", CheckMetadataPublic(doc("https://a/m", `{}`)), false, ""},
		{"not found", CheckMetadataPublic(&Document{URL: "https://a/m", Status: 404}), false, ""},
		{"demands a token", CheckMetadataPublic(&Document{URL: "https://a/m", Status: 401}), true, "answered 401"},
		{"forbidden", CheckMetadataPublic(&Document{URL: "https://a/m", Status: 403}), true, "must be public"},
	})
}

func TestMetadataResponse(t *testing.T) {
	runRuleCases(t, MetadataResponse, []ruleCase{
		{"json object", CheckMetadataResponse(doc("https://a/m", `{"resource":"https://a"}`)), false, ""},
		{"json with charset", CheckMetadataResponse(&Document{URL: "u", Status: 200, ContentType: "application/json; charset=utf-8", Body: []byte(`{}`)}), false, ""},
		{"404", CheckMetadataResponse(&Document{URL: "https://a/m", Status: 404}), true, "answered 404"},
		{"html", CheckMetadataResponse(&Document{URL: "u", Status: 200, ContentType: "text/html", Body: []byte(`{}`)}), true, "text/html"},
		{"array", CheckMetadataResponse(doc("u", `[1]`)), true, "not a JSON object"},
		{"two values", CheckMetadataResponse(doc("u", `{} {}`)), true, "not a JSON object"},
		{"too large", CheckMetadataResponse(&Document{URL: "u", Status: 200, ContentType: "application/json", Body: []byte(`{"a":`), Truncated: true}), true, "1 MiB"},
	})
}

func TestResourceMatches(t *testing.T) {
	want := []string{"https://a.example/mcp"}
	runRuleCases(t, ResourceMatches, []ruleCase{
		{"identical", CheckResourceMatches(doc("u", `{"resource":"https://a.example/mcp"}`), want), false, ""},
		{"trailing slash", CheckResourceMatches(doc("u", `{"resource":"https://a.example/mcp/"}`), want), true, "trailing slash"},
		{"other host", CheckResourceMatches(doc("u", `{"resource":"https://b.example/mcp"}`), want), true, "clients must not use"},
		{"case", CheckResourceMatches(doc("u", `{"resource":"https://A.example/mcp"}`), want), true, "asked for"},
		{"missing", CheckResourceMatches(doc("u", `{"authorization_servers":["https://as"]}`), want), true, "no resource"},
		{"not a string", CheckResourceMatches(doc("u", `{"resource":1}`), want), true, "no resource"},
		{"either form", CheckResourceMatches(doc("u", `{"resource":"https://a.example"}`), []string{"https://a.example", "https://a.example/"}), false, ""},
	})
}

func TestNoZeroValues(t *testing.T) {
	runRuleCases(t, NoZeroValues, []ruleCase{
		{"none", CheckNoZeroValues(doc("u", `{"resource":"r","scopes_supported":["a"]}`)), false, ""},
		{"empty array", CheckNoZeroValues(doc("u", `{"resource":"r","scopes_supported":[ ]}`)), true, "scopes_supported"},
		{"empty string", CheckNoZeroValues(doc("u", `{"resource":"r","resource_name":""}`)), true, "resource_name"},
		{"bearer methods may be empty", CheckNoZeroValues(doc("u", `{"resource":"r","bearer_methods_supported":[]}`)), false, ""},
	})
}

func TestJWKSURIHTTPS(t *testing.T) {
	runRuleCases(t, JWKSURIHTTPS, []ruleCase{
		{"https", CheckJWKSURIHTTPS(doc("u", `{"jwks_uri":"https://a/jwks.json"}`)), false, ""},
		{"absent", CheckJWKSURIHTTPS(doc("u", `{}`)), false, ""},
		{"http", CheckJWKSURIHTTPS(doc("u", `{"jwks_uri":"http://a/jwks.json"}`)), true, "must use https"},
		{"not a string", CheckJWKSURIHTTPS(doc("u", `{"jwks_uri":[]}`)), true, "not a string"},
	})
}

func TestNoNoneAlg(t *testing.T) {
	runRuleCases(t, NoNoneAlg, []ruleCase{
		{"RS256", CheckNoNoneAlg(doc("u", `{"resource_signing_alg_values_supported":["RS256"]}`)), false, ""},
		{"none", CheckNoNoneAlg(doc("u", `{"resource_signing_alg_values_supported":["RS256","none"]}`)), true, "lists none"},
	})
}

func TestDiscoverableAndNotFollowed(t *testing.T) {
	runRuleCases(t, MetadataDiscoverable, []ruleCase{
		{"found", CheckDiscoverable(true, nil), false, ""},
		{"nothing", CheckDiscoverable(false, []string{"https://a/.well-known/oauth-protected-resource/x", "https://a/.well-known/oauth-protected-resource"}), true, "or https://a/.well-known/oauth-protected-resource"},
	})
	runRuleCases(t, FetchNotFollowed, []ruleCase{
		{"refused", CheckFetchNotFollowed("https://169.254.169.254/x", "link-local"), true, "was not fetched: link-local"},
	})
}

func TestWellKnownURLs(t *testing.T) {
	cases := []struct {
		in   string
		want []string
	}{
		{"https://a.example/mcp", []string{"https://a.example/.well-known/oauth-protected-resource/mcp", "https://a.example/.well-known/oauth-protected-resource"}},
		{"https://a.example/", []string{"https://a.example/.well-known/oauth-protected-resource"}},
		{"https://a.example:8443", []string{"https://a.example:8443/.well-known/oauth-protected-resource"}},
		{"https://a.example/public/mcp?x=1", []string{"https://a.example/.well-known/oauth-protected-resource/public/mcp?x=1", "https://a.example/.well-known/oauth-protected-resource"}},
	}
	for _, c := range cases {
		got, err := ProtectedResourceURLs(c.in)
		if err != nil || strings.Join(got, " ") != strings.Join(c.want, " ") {
			t.Errorf("ProtectedResourceURLs(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
	if _, err := ProtectedResourceURLs("/mcp"); err == nil {
		t.Error("a relative URL was accepted")
	}
	as, _ := ASMetadataURLs("https://auth.example.com/tenant1", false)
	want := "https://auth.example.com/.well-known/oauth-authorization-server/tenant1 https://auth.example.com/.well-known/openid-configuration/tenant1 https://auth.example.com/tenant1/.well-known/openid-configuration"
	if strings.Join(as, " ") != want {
		t.Errorf("ASMetadataURLs = %q", as)
	}
	as, _ = ASMetadataURLs("https://auth.example.com/", false)
	if strings.Join(as, " ") != "https://auth.example.com/.well-known/oauth-authorization-server https://auth.example.com/.well-known/openid-configuration" {
		t.Errorf("ASMetadataURLs root = %q", as)
	}
	as, _ = ASMetadataURLs("https://auth.example.com", true)
	if len(as) != 1 {
		t.Errorf("oauthOnly gave %q", as)
	}
}

func TestAuthorizationServerRules(t *testing.T) {
	good := `{"issuer":"https://as.example","authorization_endpoint":"https://as.example/a","token_endpoint":"https://as.example/t","response_types_supported":["code"],"code_challenge_methods_supported":["S256"]}`
	runRuleCases(t, ASMetadataResponse, []ruleCase{
		{"served", CheckASResponse(doc("u", good)), false, ""},
		{"html", CheckASResponse(&Document{URL: "u", Status: 200, ContentType: "text/html", Body: []byte("<html>")}), true, "u "},
		{"not found anywhere", CheckASNotFound("https://as.example", []string{"u1", "u2"}, &Document{Status: 404}), true, "last answered 404"},
		{"bad issuer", []Finding{InvalidIssuer("as.example", "no scheme")}, true, "not an issuer identifier"},
	})
	runRuleCases(t, ASIssuerMatches, []ruleCase{
		{"identical", CheckASIssuer(doc("u", good), "https://as.example"), false, ""},
		{"trailing slash", CheckASIssuer(doc("u", good), "https://as.example/"), true, "trailing slash"},
		{"other", CheckASIssuer(doc("u", good), "https://evil.example"), true, "must not use it"},
		{"missing", CheckASIssuer(doc("u", `{}`), "https://as.example"), true, "no issuer"},
	})
	runRuleCases(t, ASRequiredMembers, []ruleCase{
		{"complete", CheckASMembers(doc("u", good)), false, ""},
		{"no token endpoint", CheckASMembers(doc("u", `{"issuer":"i","authorization_endpoint":"a","response_types_supported":["code"]}`)), true, "token_endpoint"},
		{"implicit only needs no token endpoint", CheckASMembers(doc("u", `{"issuer":"i","authorization_endpoint":"a","response_types_supported":["token"],"grant_types_supported":["implicit"]}`)), false, ""},
		{"client credentials only needs no authorization endpoint", CheckASMembers(doc("u", `{"issuer":"i","token_endpoint":"t","response_types_supported":["code"],"grant_types_supported":["client_credentials"]}`)), false, ""},
		{"no response types", CheckASMembers(doc("u", `{"issuer":"i","authorization_endpoint":"a","token_endpoint":"t"}`)), true, "response_types_supported"},
	})
}

func TestMCPDiscoveryRules(t *testing.T) {
	none := challenges(t, `Bearer realm="mcp"`)
	with := challenges(t, `Bearer resource_metadata="https://a/.well-known/oauth-protected-resource/mcp"`)
	runRuleCases(t, MCPResourceMetadataOn401, []ruleCase{
		{"2025-06-18 with", CheckMCPResourceMetadataOn401(MCP20250618, with), false, ""},
		{"2025-06-18 without", CheckMCPResourceMetadataOn401(MCP20250618, none), true, "no resource_metadata"},
		{"2025-11-25 without is another rule's", CheckMCPResourceMetadataOn401(MCP20251125, none), false, ""},
	})
	runRuleCases(t, MCPDiscoveryMechanism, []ruleCase{
		{"found", CheckMCPDiscovery(MCP20251125, true, nil), false, ""},
		{"nothing, 2025-11-25", CheckMCPDiscovery(MCP20251125, false, []string{"u1", "u2"}), true, "neither discovery mechanism"},
		{"nothing, 2026-07-28", CheckMCPDiscovery(MCP20260728, false, []string{"u1"}), true, "u1"},
		{"2025-06-18 is judged by resource-metadata-on-401", CheckMCPDiscovery(MCP20250618, false, nil), false, ""},
	})
	runRuleCases(t, MCPAuthorizationServers, []ruleCase{
		{"listed", CheckMCPAuthorizationServers(doc("u", `{"authorization_servers":["https://as"]}`)), false, ""},
		{"empty", CheckMCPAuthorizationServers(doc("u", `{"authorization_servers":[]}`)), true, "no authorization server"},
		{"absent", CheckMCPAuthorizationServers(doc("u", `{"resource":"r"}`)), true, "no authorization server"},
	})
	runRuleCases(t, MCPPKCEAdvertised, []ruleCase{
		{"S256", CheckMCPPKCE(MCP20251125, doc("u", `{"code_challenge_methods_supported":["S256"]}`)), false, ""},
		{"absent", CheckMCPPKCE(MCP20251125, doc("u", `{"issuer":"i"}`)), true, "refuse to proceed"},
		{"absent, 2025-06-18", CheckMCPPKCE(MCP20250618, doc("u", `{"issuer":"i"}`)), false, ""},
	})
}
