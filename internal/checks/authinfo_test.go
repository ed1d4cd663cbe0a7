package checks

import (
	"net/http"
	"strings"
	"testing"
)

func TestParseAuthParams(t *testing.T) {
	cases := []struct {
		in       string
		params   int
		problems int
	}{
		{`nextnonce="abc", qop=auth, rspauth="d3", cnonce="x\"y", nc=00000001`, 5, 0},
		{`a=b`, 1, 0},
		{`a = "b" , c=d`, 2, 1}, // BWS around "=" (RFC 9110 §5.6.3; audit D6)
		{``, 0, 0},
		{`a=b,,c=d`, 2, 1},
		{`dG9rZW4=`, 0, 1},
		{`a=b c=d`, 1, 1},
		{`a="unterminated`, 0, 1},
		{`a=, b=c`, 1, 1},
		{`Digest rspauth="x"`, 0, 1},
	}
	for _, tc := range cases {
		ps, probs := ParseAuthParams(tc.in)
		if len(ps) != tc.params || len(probs) != tc.problems {
			t.Errorf("%q: %d params %d problems (%v), want %d and %d", tc.in, len(ps), len(probs), probs, tc.params, tc.problems)
		}
	}
	ps, _ := ParseAuthParams(`cnonce="x\"y", nc=00000001`)
	if ps[0].Value != `x"y` || !ps[0].Quoted || ps[1].Quoted {
		t.Errorf("%+v", ps)
	}
}

// digestOK is a 200 answering Digest credentials.
func digestOK(info string) *Exchange {
	e := fwExchange(http.StatusOK, "GET", "Authentication-Info", info)
	e.SentAuthorization = `Digest username="u", realm="r", uri="/", algorithm=SHA-256, nonce="n", nc=00000002, cnonce="c1", qop=auth, response="ab"`
	return e
}

func TestAuthenticationInfo(t *testing.T) {
	const good = `rspauth="f00d", qop=auth, nc=00000002, cnonce="c1"`
	cases := []struct {
		name    string
		e       *Exchange
		grammar bool   // rfc9110/authentication-info-grammar holds
		digest  string // "" when rfc7616/digest-authentication-info holds, else a fragment of its message
	}{
		{"correct", digestOK(good), true, ""},
		{"nextnonce only", digestOK(`nextnonce="abc"`), true, ""},
		{"qop without rspauth", digestOK(`qop=auth, nc=00000002, cnonce="c1"`), true, "no rspauth"},
		{"nc too short", digestOK(`rspauth="f00d", qop=auth, nc=2, cnonce="c1"`), true, "8 hexadecimal digits"},
		{"nc not the request's", digestOK(`rspauth="f00d", qop=auth, nc=00000001, cnonce="c1"`), true, "echo the request's nc"},
		{"cnonce not the request's", digestOK(`rspauth="f00d", qop=auth, nc=00000002, cnonce="zz"`), true, "cnonce other than the request's"},
		{"rspauth as a token", digestOK(`rspauth=f00d, qop=auth, nc=00000002, cnonce="c1"`), true, "rspauth is always a quoted-string"},
		{"qop quoted", digestOK(`rspauth="f00d", qop="auth", nc=00000002, cnonce="c1"`), true, "quotes qop"},
		{"not a param list", digestOK(`Digest rspauth="f00d"`), false, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := NewContext(tc.e)
			if res := Judge(AuthInfoGrammar, c); (res.Status == Pass) != tc.grammar {
				t.Errorf("grammar: %s %v", res.Status, res.Findings)
			}
			res := Judge(DigestAuthInfo, c)
			switch {
			case tc.digest == "" && res.Status == Violated:
				t.Errorf("digest: %v", res.Findings)
			case tc.digest != "" && (res.Status != Violated || !strings.Contains(res.Findings[0].Message, tc.digest)):
				t.Errorf("digest: %s %v, want %q", res.Status, res.Findings, tc.digest)
			}
		})
	}
	basic := fwExchange(http.StatusOK, "GET", "Authentication-Info", `x=1`)
	basic.SentAuthorization = "Basic Zm9vOmJhcg=="
	if res := Judge(DigestAuthInfo, NewContext(basic)); res.Status != NotApplicable {
		t.Errorf("Basic credentials: %s", res.Status)
	}
	proxy := fwExchange(http.StatusOK, "GET", "Proxy-Authentication-Info", `rspauth=bad`)
	proxy.Proxy, proxy.SentAuthorization = true, `Digest username="u", nc=00000001, cnonce="c"`
	if res := Judge(DigestAuthInfo, NewContext(proxy)); res.Status != Violated {
		t.Errorf("proxy: %s", res.Status)
	}
	if res := Judge(AuthInfoGrammar, NewContext(fwExchange(http.StatusOK, "GET"))); res.Status != NotApplicable {
		t.Errorf("no field: %s", res.Status)
	}
}

// RFC 6750 §3: a 400 or 403 refusing a Bearer token carries a Bearer
// challenge. D2 (audit 2026-12): a 400 or 403 answering a good token for
// another reason (a missing body, a business rule) is not judged.
func TestBearerChallengeOnRefusal(t *testing.T) {
	wrong := func(e *Exchange) { e.CredentialsWrong = true }
	sent := func(e *Exchange) { schSent("Bearer mF_9.B5f-4.1JqM")(e); wrong(e) }
	good := schSent("Bearer mF_9.B5f-4.1JqM")
	body := func(ct, s string) func(*Exchange) {
		return func(e *Exchange) { e.Header.Set("Content-Type", ct); e.Body = []byte(s) }
	}
	cases := []struct {
		name string
		e    *Exchange
		want Status
	}{
		{"403 with a Bearer challenge", schWith(schResponse(`Bearer realm="api", error="insufficient_scope"`), schStatus(403), sent), Pass},
		{"403 without any challenge", schWith(schResponse(), schStatus(403), sent), Violated},
		{"400 with only Basic", schWith(schResponse(`Basic realm="api"`), schStatus(400), sent), Violated},
		{"403 to Basic credentials", schWith(schResponse(), schStatus(403), schSent("Basic Zm9vOmJhcg==")), NotApplicable},
		{"400 to a bare Bearer", schWith(schResponse(), schStatus(400), schSent("Bearer")), NotApplicable},
		{"401 is challenge-present's", schWith(schResponse(), sent), NotApplicable},
		{"400 to the good token, body required", schWith(schResponse(), schStatus(400), good,
			body("application/problem+json", `{"title":"request body required","status":400}`)), NotApplicable},
		{"403 to the good token, business rule", schWith(schResponse(), schStatus(403), good), NotApplicable},
		{"403 naming invalid_token in its body", schWith(schResponse(), schStatus(403), good,
			body("application/json", `{"error":"invalid_token"}`)), Violated},
		{"403 naming insufficient_scope in a Basic challenge", schWith(schResponse(`Basic realm="a", error="insufficient_scope"`), schStatus(403), good), Violated},
	}
	for _, tc := range cases {
		if res := Judge(BearerChallengeOnRefusal, NewContext(tc.e)); res.Status != tc.want {
			t.Errorf("%s: %s, want %s %v", tc.name, res.Status, tc.want, res.Findings)
		}
	}
}
