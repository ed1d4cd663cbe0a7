package suite

import (
	"net/http"
	"strings"
	"testing"

	"github.com/authspec/authspec/internal/checks"
	"github.com/authspec/authspec/internal/config"
	"github.com/authspec/authspec/internal/probe"
	"github.com/authspec/authspec/internal/report"
)

// openAPIResource is a resource of a target whose resources came from an
// OpenAPI document, and one hand-listed one.
func openAPIResource(method, path string) *Resource {
	t := config.Target{Name: "api", Resources: []config.Resource{
		{Path: "/listed", Methods: []string{"GET"}},
		{Path: "/orders", Methods: []string{"GET"}, Declared: &config.DeclaredOperation{
			Document: "orders.yaml", Line: 14, Operation: "GET /orders", Security: "bearerAuth", Schemes: []string{"Bearer"}}},
		{Path: "/stock", Methods: []string{"GET"}, Declared: &config.DeclaredOperation{
			Document: "orders.yaml", Line: 72, Operation: "GET /stock", Security: "apiKey", NoChallenge: []string{"apiKey (apiKey in header X-API-Key)"}}},
	}}
	return &Resource{RT: NewRuntime(t), Method: method, Path: path}
}

func exchange(method, path string, status int, fields ...string) *probe.Exchange {
	h := http.Header{}
	for i := 0; i+1 < len(fields); i += 2 {
		h.Add(fields[i], fields[i+1])
	}
	return &probe.Exchange{Probe: probe.Unauthenticated, Variant: "no-credentials", Method: method, Path: path,
		Judge: checks.Exchange{Method: method, Status: status, Header: h, DeclaredLength: -1}}
}

// Only resources from a document carry a declaration, matched by method
// and path.
func TestDeclaredLookup(t *testing.T) {
	r := openAPIResource("GET", "/orders")
	if d := declared(&r.RT.Target, "GET", "/orders"); d == nil || d.Line != 14 {
		t.Errorf("GET /orders: %+v", d)
	}
	for _, mp := range [][2]string{{"POST", "/orders"}, {"GET", "/listed"}, {"GET", "/nowhere"}} {
		if d := declared(&r.RT.Target, mp[0], mp[1]); d != nil {
			t.Errorf("%s %s: declaration %+v, want none", mp[0], mp[1], d)
		}
	}
}

// A document's resource answered with 200 fails protected-resource-401
// with the document quoted; a hand-listed one fails without the quote.
func TestProtectedFindingsQuoteTheDocument(t *testing.T) {
	fs := protectedFindings(openAPIResource("GET", "/orders"), exchange("GET", "/orders", 200))
	if len(fs) != 1 || !strings.Contains(fs[0].Message, `GET /orders (orders.yaml, line 14) secured by "bearerAuth"`) {
		t.Errorf("document resource: %v", fs)
	}
	fs = protectedFindings(openAPIResource("GET", "/listed"), exchange("GET", "/listed", 200))
	if len(fs) != 1 || strings.Contains(fs[0].Message, "OpenAPI") {
		t.Errorf("hand-listed resource: %v", fs)
	}
}

func TestJudgeDeclaredSchemes(t *testing.T) {
	j := Judging{}
	v := &Verdicts{}
	judgeDeclaredSchemes(v, j, openAPIResource("GET", "/orders"), exchange("GET", "/orders", 401, "WWW-Authenticate", `Basic realm="x"`))
	if len(v.Results) != 1 || v.Results[0].Outcome != report.Fail || v.Results[0].Basis != "declared" {
		t.Errorf("Bearer declared, Basic offered: %+v", v.Results)
	}
	v = &Verdicts{}
	judgeDeclaredSchemes(v, j, openAPIResource("GET", "/stock"), exchange("GET", "/stock", 401, "WWW-Authenticate", `Basic realm="x"`))
	if len(v.Results) != 1 || v.Results[0].Outcome != report.Info || !strings.Contains(v.Results[0].Message, "no RFC defines a challenge") {
		t.Errorf("apiKey only: %+v", v.Results)
	}
	v = &Verdicts{}
	judgeDeclaredSchemes(v, j, openAPIResource("GET", "/listed"), exchange("GET", "/listed", 401))
	if len(v.Results) != 0 {
		t.Errorf("hand-listed resource: %+v", v.Results)
	}
}
