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
	cases := []struct {
		name    string
		ex      *Exchange
		schemes []string
		missing string
	}{
		{"offered", fwExchange(401, "GET", "WWW-Authenticate", `Bearer realm="api"`), []string{"Bearer"}, ""},
		{"case ignored", fwExchange(401, "GET", "WWW-Authenticate", `basic realm="api"`), []string{"Basic"}, ""},
		{"one of two lines", fwExchange(401, "GET", "WWW-Authenticate", `Basic realm="a"`, "WWW-Authenticate", `Bearer realm="a"`), []string{"Bearer", "Basic"}, ""},
		{"missing", fwExchange(401, "GET", "WWW-Authenticate", `Basic realm="api"`), []string{"Bearer", "Basic"}, "WWW-Authenticate offers Basic but the OpenAPI document declares GET /orders/{id} (orders.yaml, line 40) secured by \"bearerAuth OR apiKey\", which calls for Bearer"},
		{"no challenge at all", fwExchange(401, "GET"), []string{"Digest"}, "WWW-Authenticate offers no challenge"},
		{"not a challenge", fwExchange(200, "GET"), []string{"Bearer"}, ""},
		{"proxy", &Exchange{Proxy: true, Status: 407, Header: map[string][]string{"Proxy-Authenticate": {`Basic realm="p"`}}}, []string{"Bearer"}, "Proxy-Authenticate offers Basic"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fs := CheckDeclaredSchemes(c.ex, c.schemes, ordersOp)
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
