package checks

import (
	"net/http"
	"strings"
	"testing"
)

// Regression tests for the rule defects the audit of 2026-12 found
// (issue 18, table 2). Each case failed before its fix.

func wwwAuth(status int, lines ...string) *Exchange {
	h := http.Header{}
	for _, l := range lines {
		h.Add("WWW-Authenticate", l)
	}
	return &Exchange{Method: "GET", Status: status, Header: h, DeclaredLength: -1}
}

// D4: RFC 9110 §2.2 binds the sender to RFC 9112 §2.1's CRLF grammar.
func TestBareLFIsAMust(t *testing.T) {
	if BareLF.Level != Must || !BareLF.Fails() {
		t.Errorf("rfc9112/bare-lf is %s; a grammar violation is MUST", BareLF.Level)
	}
}

// D5: a proxy that reorders the Digest challenges, or drops a nonce-like
// parameter, modifies WWW-Authenticate.
func TestProxyRelayOrderAndPresence(t *testing.T) {
	sha := `Digest realm="a", qop="auth", algorithm=SHA-256, nonce="1"`
	md5 := `Digest realm="a", qop="auth", algorithm=MD5, nonce="2"`
	direct := wwwAuth(401, sha, md5)
	cases := []struct {
		name    string
		proxied *Exchange
		want    string
	}{
		{"relayed unchanged, fresh nonces", wwwAuth(401, strings.Replace(sha, `"1"`, `"x9"`, 1), strings.Replace(md5, `"2"`, `"y8"`, 1)), ""},
		{"Digest challenges reordered", wwwAuth(401, md5, sha), "Digest challenges were reordered"},
		{"nonce dropped", wwwAuth(401, sha, `Digest realm="a", qop="auth", algorithm=MD5`), "nonce disappeared"},
		{"opaque added", wwwAuth(401, sha, md5+`, opaque="o"`), "opaque appeared"},
		{"realm rewritten", wwwAuth(401, sha, strings.Replace(md5, `"a"`, `"b"`, 1)), `realm changed`},
	}
	for _, tc := range cases {
		fs := CheckProxyRelay(direct, tc.proxied)
		switch {
		case tc.want == "" && len(fs) > 0:
			t.Errorf("%s: %v", tc.name, fs)
		case tc.want != "" && (len(fs) != 1 || !strings.Contains(fs[0].Message, tc.want)):
			t.Errorf("%s: %v, want %q", tc.name, fs, tc.want)
		}
	}
	// Challenges of different schemes may come in another order: only the
	// order within a scheme carries preference.
	if fs := CheckProxyRelay(wwwAuth(401, `Basic realm="a"`, sha), wwwAuth(401, sha, `Basic realm="a"`)); len(fs) != 0 {
		t.Errorf("schemes swapped: %v", fs)
	}
	// Two answers of one server still compare as sets (§11.4 "possibly new").
	if fs := CheckRepeat(direct, wwwAuth(401, md5, sha)); len(fs) != 0 {
		t.Errorf("repeat compares as a set: %v", fs)
	}
}

// D6: the Authentication-Info parser reports a trailing comma and BWS,
// as the challenge parser does.
func TestAuthInfoTrailingCommaAndBWS(t *testing.T) {
	for v, want := range map[string]string{
		`nextnonce = "abc",`:      "BWS",
		`nextnonce="abc",`:        "trailing",
		`nextnonce ="abc"`:        "BWS",
		`qop=auth, nextnonce="a"`: "",
	} {
		_, problems := ParseAuthParams(v)
		got := strings.Join(problems, "; ")
		if (want == "") != (got == "") || !strings.Contains(got, want) {
			t.Errorf("%q: problems %q, want one about %q", v, got, want)
		}
	}
	e := &Exchange{Method: "GET", Status: 200, Header: http.Header{"Authentication-Info": {`nextnonce = "abc",`}}, DeclaredLength: -1}
	if res := Judge(AuthInfoGrammar, NewContext(e)); res.Status != Violated {
		t.Errorf("audit repro passes: %s", res.Status)
	}
}

// D6, M2: Authentication-Info sent as a trailer field is judged too.
func TestAuthInfoInTrailers(t *testing.T) {
	e := &Exchange{Method: "GET", Status: 200, Header: http.Header{}, Trailer: http.Header{"Authentication-Info": {`nextnonce="a",,qop=auth`}}, DeclaredLength: -1}
	res := Judge(AuthInfoGrammar, NewContext(e))
	if res.Status != Violated || !strings.Contains(res.Findings[0].Message, "in the trailers") {
		t.Errorf("%s %v", res.Status, res.Findings)
	}
}

// D7, M7: qop=foo demands nothing; the qop echo and rspauth are judged.
func TestDigestAuthInfoQopAndRspauth(t *testing.T) {
	sent := `Digest username="u", realm="r", nonce="n", uri="/", qop=auth, nc=00000001, cnonce="c", response="x"`
	ok := func(info string) *Exchange {
		return &Exchange{Method: "GET", Status: 200, SentAuthorization: sent, Header: http.Header{"Authentication-Info": {info}}, DeclaredLength: -1}
	}
	if res := Judge(DigestAuthInfo, NewContext(ok(`qop=foo`))); res.Status != Pass {
		t.Errorf("qop=foo asks for nothing: %v", res.Findings)
	}
	if res := Judge(DigestAuthInfo, NewContext(ok(`qop=auth`))); res.Status != Violated {
		t.Errorf("qop=auth without rspauth: %s", res.Status)
	}
	echo := ok(`qop=auth-int, rspauth="ab", cnonce="c", nc=00000001`)
	if res := Judge(DigestAuthInfoQop, NewContext(echo)); res.Status != Violated || DigestAuthInfoQop.Level != Should {
		t.Errorf("qop=auth-int answering qop=auth: %s", res.Status)
	}
	if res := Judge(DigestAuthInfoQop, NewContext(ok(`qop=auth, rspauth="ab", cnonce="c", nc=00000001`))); res.Status != Pass {
		t.Errorf("qop echoed: %v", res.Findings)
	}
	right := ok(`qop=auth, rspauth="ab12", cnonce="c", nc=00000001`)
	right.ExpectedRspauth = "AB12"
	if res := Judge(DigestRspauth, NewContext(right)); res.Status != Pass {
		t.Errorf("matching rspauth: %v", res.Findings)
	}
	wrong := ok(`qop=auth, rspauth="ffff", cnonce="c", nc=00000001`)
	wrong.ExpectedRspauth = "ab12"
	if res := Judge(DigestRspauth, NewContext(wrong)); res.Status != Violated || strings.Contains(res.Findings[0].Message, "ab12") {
		t.Errorf("wrong rspauth: %s %v", res.Status, res.Findings)
	}
	if res := Judge(DigestRspauth, NewContext(ok(`qop=auth, rspauth="ffff"`))); res.Status != NotApplicable {
		t.Errorf("nothing to compare with: %s", res.Status)
	}
}

// D8: a Bearer token answered by a DPoP-only challenge carried an access
// token; error="invalid_token" is right there. error_uri counts as error
// information.
func TestDPoPNoErrorBearerTokenSent(t *testing.T) {
	e := wwwAuth(401, `DPoP algs="ES256", error="invalid_token"`)
	e.SentAuthorization, e.SentAuthorizationField = "Bearer eyJhbGciOiJFUzI1NiJ9.e30.sig", true
	if res := Judge(DPoPNoErrorWithoutToken, NewContext(e)); res.Status != NotApplicable {
		t.Errorf("Bearer token answered by DPoP: %s %v", res.Status, res.Findings)
	}
	none := wwwAuth(401, `DPoP algs="ES256", error_uri="https://x.example/e"`)
	if res := Judge(DPoPNoErrorWithoutToken, NewContext(none)); res.Status != Violated {
		t.Errorf("error_uri without credentials: %s", res.Status)
	}
}

// D9: a repeated realm is one defect and fails one rule, whatever the
// scheme; the scheme rules that repeated it are aliases now.
func TestRepeatedRealmFailsOneRule(t *testing.T) {
	for _, v := range []string{`SCRAM-SHA-256 realm="a", realm="b"`, `HOBA challenge="eHJn", max-age=10, realm="a", realm="b"`, `Bearer realm="a", realm="b"`} {
		e := wwwAuth(401, v)
		e.Header.Set("Content-Type", "text/plain")
		e.Body = []byte("Authentication is required.")
		e.DeclaredLength = int64(len(e.Body))
		c := NewContext(e)
		var failed []string
		for _, r := range All() {
			if r.Check == nil || !r.Fails() {
				continue
			}
			if res := Judge(r, c); res.Status == Violated {
				failed = append(failed, r.ID)
			}
		}
		if len(failed) != 1 || failed[0] != "rfc9110/auth-param-unique" {
			t.Errorf("%s: failed %v, want only rfc9110/auth-param-unique", v, failed)
		}
	}
	for _, old := range []string{"rfc7804/scram-sha-256-realm-once", "rfc6750/bearer-param-once", "rfc7486/hoba-realm-once"} {
		if r := Lookup(old); r != AuthParamUnique {
			t.Errorf("%s does not resolve to rfc9110/auth-param-unique", old)
		}
	}
}

// D11: a CTL in a folded continuation line, a line without ":" and
// whitespace right after the status line.
func TestWireContinuationAndFieldLines(t *testing.T) {
	cases := []struct {
		name, raw string
		want      string
	}{
		{"CTL in a continuation line", "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"a\"\r\nX-A: b\r\n c\x01\r\n\r\n", "rfc9110/head-control-chars,rfc9112/obs-fold"},
		{"a line without a colon", "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"a\"\r\nno colon here\r\n\r\n", "rfc9112/field-line-grammar"},
		{"space before the colon", "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"a\"\r\nX-A : b\r\n\r\n", "rfc9112/field-line-grammar"},
	}
	for _, tc := range cases {
		got := strings.Join(wireViolations(rawExchange(t, tc.raw)), ",")
		if got != tc.want {
			t.Errorf("%s: violations %q, want %q", tc.name, got, tc.want)
		}
	}
	// Whitespace right after the status line: exactly one rfc9112/obs-fold
	// result, a violation that names the start-line. A missing result must
	// fail too, or the test would pass without judging anything.
	e := rawExchange(t, "HTTP/1.1 401 Unauthorized\r\n X-A: b\r\nWWW-Authenticate: Basic realm=\"a\"\r\n\r\n")
	var folds []Result
	for _, res := range Evaluate(e) {
		if res.Rule == ObsFold {
			folds = append(folds, res)
		}
	}
	if len(folds) != 1 {
		t.Fatalf("whitespace after the status line: %d rfc9112/obs-fold results, want exactly 1", len(folds))
	}
	if res := folds[0]; res.Status != Violated || len(res.Findings) == 0 || !strings.Contains(res.Findings[0].Message, "start-line") {
		t.Errorf("whitespace after the status line: rfc9112/obs-fold %s %v, want violated, naming the start-line", res.Status, res.Findings)
	}
}

// M22, D14: origin_info names the origin; the TokenChallenge structure is
// MUST, as its quote says.
func TestPrivateTokenOriginInfo(t *testing.T) {
	// type 2, issuer "issuer.example.org", a 32-byte context, origin_info "example.com"
	const withOrigin = "AAIAEmlzc3Vlci5leGFtcGxlLm9yZyAAAQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHwALZXhhbXBsZS5jb20="
	at := func(authority, challenge string) *Exchange {
		e := wwwAuth(401, `PrivateToken challenge="`+challenge+`"`)
		e.Authority = authority
		return e
	}
	for authority, want := range map[string]Status{"example.com": Pass, "EXAMPLE.com:443": Pass, "other.example": Violated, "example.com:8443": Violated} {
		if res := Judge(PrivateTokenOriginInfo, NewContext(at(authority, withOrigin))); res.Status != want {
			t.Errorf("%s: %s, want %s %v", authority, res.Status, want, res.Findings)
		}
	}
	if res := Judge(PrivateTokenOriginInfo, NewContext(at("other.example", ptChallenge))); res.Status != Pass {
		t.Errorf("empty origin_info names no one and needs not: %s", res.Status)
	}
	if PrivateTokenStructure.Level != Must {
		t.Errorf("privatetoken-challenge-structure is %s; its quote says MUST", PrivateTokenStructure.Level)
	}
	if ProblemObject.Level != Should {
		t.Errorf("problem-object is %s; RFC 9457 §3 has no keyword (definition-only: SHOULD)", ProblemObject.Level)
	}
}

// D13, M13: scope spacing, error_uri as a URI-reference and as an absolute
// URI.
func TestBearerScopeAndErrorURI(t *testing.T) {
	for v, want := range map[string]Status{
		`Bearer realm="a", scope="read write"`:                           Pass,
		`Bearer realm="a", scope=" read  write "`:                        Violated,
		`Bearer realm="a", scope=""`:                                     Violated,
		`Bearer realm="a", error_uri="https://x.example/e%zz"`:           Violated,
		`Bearer realm="a", error_uri="https://x.example/errors#invalid"`: Pass,
	} {
		if res := Judge(BearerParamCharset, NewContext(wwwAuth(401, v))); res.Status != want {
			t.Errorf("%s: %s, want %s %v", v, res.Status, want, res.Findings)
		}
	}
	if res := Judge(BearerErrorURIAbsolute, NewContext(wwwAuth(401, `Bearer error="invalid_token", error_uri="/errors/1"`))); res.Status != Violated {
		t.Errorf("relative error_uri: %s", res.Status)
	}
	if res := Judge(BearerErrorURIAbsolute, NewContext(wwwAuth(401, `Bearer error="invalid_token", error_uri="https://x.example/e"`))); res.Status != Pass {
		t.Errorf("absolute error_uri: %s", res.Status)
	}
}

// M3, M4: HEAD's Content-Length against GET's content; Content-Length
// beside Transfer-Encoding.
func TestHeadContentLengthAndFraming(t *testing.T) {
	get := wwwAuth(401, `Basic realm="a"`)
	get.Body = []byte(`{"title":"Unauthorized"}`)
	head := wwwAuth(401, `Basic realm="a"`)
	head.Method, head.DeclaredLength = "HEAD", 0
	if fs := CheckHeadContentLength(get, head); len(fs) != 1 {
		t.Errorf("HEAD says 0, GET sends content: %v", fs)
	}
	head.DeclaredLength = int64(len(get.Body)) + 3 // a timestamp may vary
	if fs := CheckHeadContentLength(get, head); len(fs) != 0 {
		t.Errorf("lengths that varying content explains: %v", fs)
	}
	raw := "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"a\"\r\nTransfer-Encoding: chunked\r\nContent-Length: 12\r\n\r\n"
	if got := strings.Join(wireViolations(rawExchange(t, raw)), ","); !strings.Contains(got, "rfc9112/content-length-with-transfer-encoding") {
		t.Errorf("CL with TE: %q", got)
	}
}

// M14: at most one DPoP-Nonce, 1*NQCHAR.
func TestDPoPNonceSyntax(t *testing.T) {
	for name, vs := range map[string][]string{"two": {"a", "b"}, "space": {"a b"}, "quote": {`a"b`}, "empty": {""}} {
		e := wwwAuth(401, `DPoP algs="ES256"`)
		e.Header["Dpop-Nonce"] = vs
		if res := Judge(DPoPNonceSyntax, NewContext(e)); res.Status != Violated {
			t.Errorf("%s: %s", name, res.Status)
		}
	}
	e := wwwAuth(401, `DPoP algs="ES256"`)
	e.Header.Set("DPoP-Nonce", "eyJ7S_zG.eyJH0-Z.HX4w-7v")
	if res := Judge(DPoPNonceSyntax, NewContext(e)); res.Status != Pass {
		t.Errorf("RFC 9449's example nonce: %v", res.Findings)
	}
}

// M17, M18: about:blank's title, and type/instance as URI references.
func TestProblemTitleAndURIs(t *testing.T) {
	pb := func(body string) *Exchange {
		e := wwwAuth(401, `Basic realm="a"`)
		e.Header.Set("Content-Type", "application/problem+json")
		e.Body = []byte(body)
		return e
	}
	for body, want := range map[string]Status{
		`{"title":"Unauthorized","status":401}`:                             Pass,
		`{"type":"about:blank","title":"unauthorized"}`:                     Pass,
		`{"type":"about:blank","title":"Login needed"}`:                     Violated,
		`{"title":"Login needed"}`:                                          Violated,
		`{"type":"https://api.example/probs/login","title":"Login needed"}`: NotApplicable,
	} {
		if res := Judge(ProblemTitleAboutBlank, NewContext(pb(body))); res.Status != want {
			t.Errorf("%s: %s, want %s", body, res.Status, want)
		}
	}
	if res := Judge(ProblemURIMembers, NewContext(pb(`{"type":"https://x.example/a b","instance":"/e/1"}`))); res.Status != Violated {
		t.Errorf("a space in type: %s", res.Status)
	}
	if res := Judge(ProblemURIMembers, NewContext(pb(`{"type":"https://x.example/a","instance":"/e/1"}`))); res.Status != Pass {
		t.Errorf("good URIs: %v", res.Findings)
	}
}

// M22: a HOBA challenge is unique for every 401.
func TestHOBAChallengeUnique(t *testing.T) {
	a := wwwAuth(401, `HOBA challenge="c2l4dGVlbi1ieXRlcy1sb25n", max-age=10`)
	b := wwwAuth(401, `HOBA challenge="c2l4dGVlbi1ieXRlcy1sb25n", max-age=10`)
	c := wwwAuth(401, `HOBA challenge="YW5vdGhlci1zaXh0ZWVuLWJ5dGVz", max-age=10`)
	if fs := CheckHOBAUnique(a, b); len(fs) != 1 {
		t.Errorf("the same challenge twice: %v", fs)
	}
	if fs := CheckHOBAUnique(a, c); len(fs) != 0 {
		t.Errorf("two challenges: %v", fs)
	}
}

// D15: RFC 9635's own GNAP example sends a URL as a token; the grammar
// failure says to quote it.
func TestGrammarHintForAnUnquotedURL(t *testing.T) {
	res := Judge(ChallengeGrammar, NewContext(wwwAuth(401, `GNAP as_uri=https://as.example/tx;access=FWW`)))
	if res.Status != Violated || !strings.Contains(res.Findings[0].Message, `send it as a quoted-string, as_uri="..."`) {
		t.Errorf("%s %v", res.Status, res.Findings)
	}
	if res := Judge(ChallengeGrammar, NewContext(wwwAuth(401, `GNAP as_uri="https://as.example/tx;access=FWW"`))); res.Status != Pass {
		t.Errorf("quoted: %v", res.Findings)
	}
}

// D16: a status mismatch behind an intermediary says so.
func TestProblemStatusBehindAGateway(t *testing.T) {
	e := wwwAuth(401, `Basic realm="a"`)
	e.Header.Set("Content-Type", "application/problem+json")
	e.Body = []byte(`{"title":"Forbidden","status":403}`)
	res := Judge(ProblemStatusMatches, NewContext(e))
	if res.Status != Violated || strings.Contains(res.Findings[0].Message, "intermediary") {
		t.Fatalf("direct: %s %v", res.Status, res.Findings)
	}
	e.Header.Set("Via", "1.1 gateway.example")
	res = Judge(ProblemStatusMatches, NewContext(e))
	if res.Status != Violated || !strings.Contains(res.Findings[0].Message, "(Via: 1.1 gateway.example), which may have changed the status") {
		t.Errorf("behind a gateway: %v", res.Findings)
	}
}

// M23: a target declared GNAP (expect_schemes: [GNAP]) whose 401 offers
// only Bearer fails expected-scheme-offered, and the finding names RFC
// 9635 §9.1's own ask; a GNAP challenge passes.
func TestGNAPTargetMustOfferGNAP(t *testing.T) {
	fs := CheckExpectedSchemes(wwwAuth(401, `Bearer realm="api"`), []string{"GNAP"})
	if len(fs) != 1 || fs[0].Rule != ExpectedSchemeOffered || !strings.Contains(fs[0].Message, "RFC 9635 §9.1") {
		t.Fatalf("findings = %+v, want one expected-scheme-offered finding citing RFC 9635 §9.1", fs)
	}
	if fs := CheckExpectedSchemes(wwwAuth(401, `GNAP as_uri="https://as.example/tx"`), []string{"gnap"}); len(fs) != 0 {
		t.Errorf("a GNAP challenge satisfies expect_schemes [gnap]: %+v", fs)
	}
	if fs := CheckExpectedSchemes(wwwAuth(401, `Basic realm="x"`), []string{"Digest"}); len(fs) != 1 || strings.Contains(fs[0].Message, "RFC 9635") {
		t.Errorf("only GNAP cites RFC 9635: %+v", fs)
	}
}

// M8: a Digest nonce is generated anew for every 401 (RFC 7616 §3.3,
// lower-case should: info). Nonces are compared per realm and algorithm.
func TestDigestNonceUnique(t *testing.T) {
	const sha = `Digest realm="r", qop="auth", algorithm=SHA-256, nonce="%s"`
	same := func(n string) string { return strings.Replace(sha, "%s", n, 1) }
	a := wwwAuth(401, same("bm9uY2UtMQ"), `Digest realm="r", qop="auth", nonce="bm9uY2UtMQ"`)
	for name, tc := range map[string]struct {
		b    *Exchange
		want int
	}{
		"the same nonce again":               {wwwAuth(401, same("bm9uY2UtMQ")), 1},
		"a fresh nonce":                      {wwwAuth(401, same("bm9uY2UtMg")), 0},
		"MD5 (no algorithm) repeats":         {wwwAuth(401, same("bm9uY2UtMg"), `Digest realm="r", qop="auth", algorithm=md5, nonce="bm9uY2UtMQ"`), 1},
		"the nonce under another realm":      {wwwAuth(401, `Digest realm="other", qop="auth", algorithm=SHA-256, nonce="bm9uY2UtMQ"`), 0},
		"the nonce under another algorithm":  {wwwAuth(401, `Digest realm="r", qop="auth", algorithm=SHA-512-256, nonce="bm9uY2UtMQ"`), 0},
		"not a 401":                          {wwwAuth(200, same("bm9uY2UtMQ")), 0},
		"another scheme with the same nonce": {wwwAuth(401, `Basic realm="r", nonce="bm9uY2UtMQ"`), 0},
	} {
		fs := CheckDigestNonceUnique(a, tc.b)
		if len(fs) != tc.want {
			t.Errorf("%s: %d findings, want %d: %v", name, len(fs), tc.want, fs)
		}
		for _, f := range fs {
			if f.Rule != DigestNonceUnique || !strings.Contains(f.Message, `"bm9uY2UtMQ"`) || !strings.Contains(f.Message, "clock") {
				t.Errorf("%s: %v", name, f)
			}
		}
	}
	if DigestNonceUnique.Level != Info || DigestNonceUnique.Fails() {
		t.Errorf("digest-nonce-unique rests on a lower-case should: info, never failing (%s)", DigestNonceUnique.Level)
	}
}

// M6 (the audit's second half): Digest credentials with qop but without
// cnonce and nc lack required parameters: any 4xx passes, the resource or
// a redirect warns.
func TestDigestRequiredParams(t *testing.T) {
	for status, want := range map[int]int{400: 0, 401: 0, 403: 0, 200: 1, 204: 1, 302: 1, 0: 0} {
		fs := CheckDigestRequiredParams(&Exchange{Method: "GET", Status: status, Header: http.Header{}, DeclaredLength: -1})
		if len(fs) != want || (want == 1 && fs[0].Rule != DigestRequiredParams) {
			t.Errorf("status %d: findings %+v, want %d", status, fs, want)
		}
	}
	if DigestRequiredParams.Level != Should {
		t.Errorf("the 4xx is \"the proper response\", no keyword: SHOULD, not %s", DigestRequiredParams.Level)
	}
}

// M10: declared non-ASCII credentials sent in NFC and UTF-8 because the
// Basic challenge offered charset="UTF-8" should get through (RFC 7617
// §2.1, info); without charset, or for US-ASCII credentials, nothing is
// judged.
func TestBasicUTF8CredentialsAccepted(t *testing.T) {
	at := func(status int, charset string) *Exchange {
		e := wwwAuth(status, `Basic realm="r", charset="UTF-8"`)
		e.BasicCharset = charset
		return e
	}
	for name, tc := range map[string]struct {
		e    *Exchange
		want int
	}{
		"utf-8, refused":            {at(401, BasicCharsetUTF8), 1},
		"utf-8, forbidden":          {at(403, BasicCharsetUTF8), 1},
		"utf-8, got through":        {at(200, BasicCharsetUTF8), 0},
		"no charset, refused":       {at(401, BasicCharsetUndefined), 0},
		"ascii credentials refused": {at(401, ""), 0},
	} {
		fs := CheckBasicUTF8Accepted(tc.e)
		if len(fs) != tc.want {
			t.Errorf("%s: %d findings, want %d: %v", name, len(fs), tc.want, fs)
		}
		for _, f := range fs {
			if f.Rule != BasicUTF8CredentialsAccepted || !strings.Contains(f.Message, "NFC") || !strings.Contains(f.Message, "RFC 7617 §2.1") {
				t.Errorf("%s: %v", name, f)
			}
		}
	}
	if BasicUTF8CredentialsAccepted.Level != Info || BasicUTF8CredentialsAccepted.Fails() {
		t.Errorf("basic-utf8-credentials-accepted rests on advisory text: info, never failing (%s)", BasicUTF8CredentialsAccepted.Level)
	}
}
