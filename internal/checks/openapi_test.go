package checks

import (
	"strings"
	"testing"
)

var ordersOp = Operation{Document: "orders.yaml", Line: 40, Name: "GET /orders/{id}", Security: "bearerAuth OR apiKey"}

func TestDeclaredSchemeOfferedIsADeclaredRelationalRule(t *testing.T) {
	r := Lookup("openapi/declared-scheme-offered")
	if r == nil || r.Check != nil || !r.Declared || !r.Fails() || r.Label() != "openapi3.1" {
		t.Errorf("rule %+v", r)
	}
}

// A 2xx to a request without credentials fails as CheckProtected does,
// and the message quotes the document, the line and the requirement.
func TestCheckDeclaredProtected(t *testing.T) {
	fs := CheckDeclaredProtected(fwExchange(200, "GET"), ordersOp)
	if len(fs) != 1 || fs[0].Rule != ProtectedResource401 {
		t.Fatalf("findings %v", fs)
	}
	for _, part := range []string{"200 OK", "served without valid credentials", "GET /orders/{id} (orders.yaml, line 40)", `"bearerAuth OR apiKey"`} {
		if !strings.Contains(fs[0].Message, part) {
			t.Errorf("message lacks %q: %s", part, fs[0].Message)
		}
	}
	if fs := CheckDeclaredProtected(fwExchange(401, "GET", "WWW-Authenticate", "Bearer"), ordersOp); len(fs) != 0 {
		t.Errorf("a 401 got findings %v", fs)
	}
	noLine := ordersOp
	noLine.Line = 0
	if fs := CheckDeclaredProtected(fwExchange(302, "GET", "Location", "/login"), noLine); len(fs) != 1 || strings.Contains(fs[0].Message, "line") {
		t.Errorf("without a line: %v", fs)
	}
}

func TestCheckDeclaredSchemes(t *testing.T) {
	bearer, basic, oauth := []string{"Bearer"}, []string{"Basic"}, []string{"Bearer", "DPoP"}
	alts := func(a ...[]string) [][]string { return a }
	cases := []struct {
		name    string
		ex      *Exchange
		alts    [][]string
		missing string
	}{
		{"offered", fwExchange(401, "GET", "WWW-Authenticate", `Bearer realm="api"`), alts(bearer), ""},
		{"case ignored", fwExchange(401, "GET", "WWW-Authenticate", `basic realm="api"`), alts(basic), ""},
		{"one of two lines", fwExchange(401, "GET", "WWW-Authenticate", `Basic realm="a"`, "WWW-Authenticate", `Bearer realm="a"`), alts(bearer, basic), ""},
		// D1 (audit 2026-12): one alternative of the list is enough.
		{"one alternative of two offered", fwExchange(401, "GET", "WWW-Authenticate", `Bearer realm="api"`), alts(bearer, basic), ""},
		// D1: an OAuth resource server that accepts only DPoP-bound tokens.
		{"oauth2 answered with DPoP", fwExchange(401, "GET", "WWW-Authenticate", `DPoP algs="ES256"`), alts(oauth), ""},
		{"an alternative without a challenge", fwExchange(401, "GET", "WWW-Authenticate", `Negotiate`), alts(bearer, nil), ""},
		{"missing", fwExchange(401, "GET", "WWW-Authenticate", `Negotiate`), alts(bearer, basic), "WWW-Authenticate offers Negotiate but the OpenAPI document declares GET /orders/{id} (orders.yaml, line 40) secured by \"bearerAuth OR apiKey\", which calls for Bearer, or Basic"},
		{"oauth2 missing", fwExchange(401, "GET", "WWW-Authenticate", `Basic realm="a"`), alts(oauth), "calls for Bearer or DPoP"},
		{"no challenge at all", fwExchange(401, "GET"), alts([]string{"Digest"}), "WWW-Authenticate offers no challenge"},
		{"not a challenge", fwExchange(200, "GET"), alts(bearer), ""},
		{"proxy", &Exchange{Proxy: true, Status: 407, Header: map[string][]string{"Proxy-Authenticate": {`Basic realm="p"`}}}, alts(bearer), "Proxy-Authenticate offers Basic"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fs := CheckDeclaredSchemes(c.ex, c.alts, ordersOp)
			switch {
			case c.missing == "" && len(fs) > 0:
				t.Errorf("findings %v, want none", fs)
			case c.missing != "" && (len(fs) != 1 || !strings.Contains(fs[0].Message, c.missing) || fs[0].Rule != DeclaredSchemeOffered):
				t.Errorf("findings %v, want one containing %q", fs, c.missing)
			}
		})
	}
}

func TestNoChallengeNote(t *testing.T) {
	got := NoChallengeNote([]string{"api_key (apiKey in header X-Key)"}, ordersOp)
	for _, part := range []string{"line 40", "api_key (apiKey in header X-Key)", "no RFC defines a challenge", "no scheme is expected"} {
		if !strings.Contains(got, part) {
			t.Errorf("note lacks %q: %s", part, got)
		}
	}
}
