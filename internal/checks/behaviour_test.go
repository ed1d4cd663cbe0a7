package checks

import (
	"strings"
	"testing"
)

// behCase is one relational check on its exchanges and what it must say.
type behCase struct {
	name  string
	check func() []Finding
	rule  *Rule
	// want is "" for a pass, else a string the one finding's message holds.
	want string
}

func runBehCases(t *testing.T, cases []behCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fs := tc.check()
			if tc.want == "" {
				if len(fs) != 0 {
					t.Fatalf("want a pass, got %v", fs)
				}
				return
			}
			if len(fs) != 1 {
				t.Fatalf("want one finding of %s, got %v", tc.rule.ID, fs)
			}
			if fs[0].Rule != tc.rule {
				t.Errorf("finding names %s, want %s", fs[0].Rule.ID, tc.rule.ID)
			}
			if !strings.Contains(fs[0].Message, tc.want) {
				t.Errorf("message %q does not say %q", fs[0].Message, tc.want)
			}
			if fs[0].Line != -1 || fs[0].Offset != -1 {
				t.Errorf("a relational finding is about no field line: %+v", fs[0])
			}
		})
	}
}

func status(code int, fields ...string) *Exchange { return fwExchange(code, "GET", fields...) }

func proxied(e *Exchange) *Exchange { e.Proxy = true; return e }

// at sets the path the exchange's request asked for.
func at(path string, e *Exchange) *Exchange { e.Path, e.FirstPath = path, path; return e }

// followed makes e the answer at path to, reached by redirects from first.
func followed(first, to string, e *Exchange) *Exchange { e.Path, e.FirstPath = to, first; return e }

func TestCheckProtectedAndBadCredentials(t *testing.T) {
	p := func(e *Exchange) func() []Finding { return func() []Finding { return CheckProtected(e) } }
	b := func(e *Exchange) func() []Finding { return func() []Finding { return CheckBadCredentials(e) } }
	redirect := status(302, "Location", "https://idp.example.com/login?next=/api")
	runBehCases(t, []behCase{
		{"401", p(status(401)), ProtectedResource401, ""},
		{"200", p(status(200)), ProtectedResource401, "got 200 OK: the resource was served"},
		{"204", p(status(204)), ProtectedResource401, "served"},
		{"302 to a login page", p(redirect), ProtectedResource401, "redirecting to https://idp.example.com/login?next=/api"},
		{"303 without Location", p(status(303)), ProtectedResource401, "without a Location"},
		{"403", p(status(403)), ProtectedResource401, "403 means credentials were understood"},
		{"404", p(status(404)), ProtectedResource401, "hidden"},
		{"400", p(status(400)), ProtectedResource401, "got 400 Bad Request; answer 401 Unauthorized with a WWW-Authenticate challenge"},
		{"500", p(status(500)), ProtectedResource401, "the server failed"},
		{"proxy 407", p(proxied(status(407))), ProtectedResource401, ""},
		{"proxy lets it through to a 401", p(proxied(status(401))), ProtectedResource401, "from behind the proxy"},
		{"proxy wants 407 and Proxy-Authenticate", p(proxied(status(200))), ProtectedResource401, "answer 407 Proxy Authentication Required with a Proxy-Authenticate challenge"},
		{"origin behind an unexpected proxy", p(status(407)), ProtectedResource401, "a proxy on the way"},
		{"no response at all", p(status(0)), ProtectedResource401, ""},

		{"wrong credentials 401", b(status(401)), BadCredentialsRejected, ""},
		{"wrong credentials accepted", b(status(200)), BadCredentialsRejected, "wrong credentials got 200 OK"},
		{"wrong credentials 403", b(status(403)), BadCredentialsRejected, "403"},
		{"wrong credentials 400", b(status(400)), BadCredentialsRejected, "400 Bad Request"},
		{"wrong proxy credentials 407", b(proxied(status(407))), BadCredentialsRejected, ""},
	})
	fs := CheckProtected(redirect)
	if fs[0].Evidence != "Location: https://idp.example.com/login?next=/api" {
		t.Errorf("the redirect's Location is the evidence, got %q", fs[0].Evidence)
	}
}

func TestCheckMalformed(t *testing.T) {
	m := func(e *Exchange) func() []Finding { return func() []Finding { return CheckMalformed(e) } }
	runBehCases(t, []behCase{
		{"401", m(status(401, "WWW-Authenticate", `Basic realm="api"`)), MalformedCredentialsRejected, ""},
		{"400", m(withBody(status(400), "bad Authorization header")), MalformedCredentialsRejected, ""},
		{"400 without content says nothing", m(status(400)), MalformedCredentialsRejected, "400 Bad Request with no content"},
		{"431 without content says nothing", m(status(431)), MalformedCredentialsRejected, "with no content"},
		// lighttpd answers the 8 KiB Authorization so (RFC 6585 §5): a regression test.
		{"431 for an oversized field", m(withBody(status(431), "Request Header Fields Too Large")), MalformedCredentialsRejected, ""},
		{"413 is not for header fields", m(status(413)), MalformedCredentialsRejected, "or 400 Bad Request"},
		{"proxy 407", m(proxied(status(407))), MalformedCredentialsRejected, ""},
		{"proxy 400", m(proxied(withBody(status(400), "bad Proxy-Authorization"))), MalformedCredentialsRejected, ""},
		{"accepted", m(status(200)), MalformedCredentialsRejected, "malformed credentials got 200 OK: the resource was served"},
		{"crashed", m(status(500)), MalformedCredentialsRejected, "500 Internal Server Error: the server failed"},
		{"502", m(status(502)), MalformedCredentialsRejected, "failed"},
		{"403", m(status(403)), MalformedCredentialsRejected, "or 400 Bad Request"},
		{"redirect", m(status(302, "Location", "/login")), MalformedCredentialsRejected, "redirecting to /login"},
		{"no response", m(status(0)), MalformedCredentialsRejected, ""},
	})
}

func TestCheckValidAndSchemeCase(t *testing.T) {
	v := func(e *Exchange) func() []Finding { return func() []Finding { return CheckValidAccepted(e) } }
	sc := func(e *Exchange) func() []Finding {
		e.SentAuthorization = "bAsIc YWxpY2U6cHc="
		return func() []Finding { return CheckSchemeCase(e) }
	}
	runBehCases(t, []behCase{
		{"200", v(status(200)), ValidCredentialsAccepted, ""},
		// Getting through means being served (issue 9): a redirect to
		// another path, a login page say, and a 5xx are not.
		{"redirect to another path", v(at("/api/", status(302, "Location", "/login?next=/api/"))), ValidCredentialsAccepted, "redirecting to /login?next=/api/ (a login page?)"},
		{"redirect to another host", v(at("/api/", status(302, "Location", "https://idp.example/login"))), ValidCredentialsAccepted, "redirecting to https://idp.example/login"},
		{"redirect adding a slash", v(at("/docs", status(301, "Location", "/docs/"))), ValidCredentialsAccepted, ""},
		{"relative redirect to the same path", v(at("/a/b/", status(307, "Location", "../b/"))), ValidCredentialsAccepted, ""},
		{"followed to another path", v(followed("/api/", "/login", status(200))), ValidCredentialsAccepted, "redirected from /api/ to /login"},
		{"followed adding a slash", v(followed("/docs", "/docs/", status(200))), ValidCredentialsAccepted, ""},
		{"404 is not an auth refusal", v(status(404)), ValidCredentialsAccepted, ""},
		{"500 means the server broke", v(status(500)), ValidCredentialsAccepted, "the server failed instead of serving the resource"},
		{"503", v(status(503)), ValidCredentialsAccepted, "503 Service Unavailable"},
		{"case refused with a 500", sc(status(500)), SchemeCaseInsensitive, "failed instead of serving"},
		{"401", v(status(401)), ValidCredentialsAccepted, "the credentials declared valid got 401 Unauthorized"},
		{"403", v(status(403)), ValidCredentialsAccepted, "403 Forbidden"},
		{"407", v(status(407)), ValidCredentialsAccepted, "407"},
		{"through the proxy to an origin 401", v(proxied(status(401))), ValidCredentialsAccepted, ""},
		{"proxy refuses", v(proxied(status(407))), ValidCredentialsAccepted, "407"},

		{"case accepted", sc(status(200)), SchemeCaseInsensitive, ""},
		{"case answered 400", sc(status(400)), SchemeCaseInsensitive, `scheme written "bAsIc" got 400 Bad Request where the same credentials with the scheme as offered got through`},
		{"case answered 418", sc(status(418)), SchemeCaseInsensitive, "where the same credentials with the scheme as offered got through"},
		{"case answered 405", sc(status(405)), SchemeCaseInsensitive, ""},
		{"case refused", sc(status(401)), SchemeCaseInsensitive, `scheme written "bAsIc" got 401 Unauthorized: auth-scheme names are case-insensitive`},
	})
}

func TestCheckRepeat(t *testing.T) {
	wa := func(lines ...string) *Exchange {
		var fields []string
		for _, l := range lines {
			fields = append(fields, "WWW-Authenticate", l)
		}
		return status(401, fields...)
	}
	r := func(first, again *Exchange) func() []Finding {
		return func() []Finding { return CheckRepeat(first, again) }
	}
	digest := func(nonce, opaque, extra string) *Exchange {
		return wa(`Digest realm="api", qop="auth", algorithm=SHA-256, nonce="` + nonce + `", opaque="` + opaque + `"` + extra)
	}
	basic := wa(`Basic realm="api"`)
	runBehCases(t, []behCase{
		{"same", r(basic, wa(`Basic realm="api"`)), RepeatChallengeConsistent, ""},
		{"scheme and name case, quoting", r(wa(`Basic realm="api", charset="UTF-8"`), wa(`basic REALM="api", charset=UTF-8`)), RepeatChallengeConsistent, ""},
		{"two lines or one", r(wa(`Basic realm="api"`, `Bearer realm="api"`), wa(`Bearer realm="api", Basic realm="api"`)), RepeatChallengeConsistent, ""},
		{"new nonce and opaque", r(digest("dcd98b7102dd2f0e8b11d0f600bfb0c093", "5ccc069c403ebaf9f0171e9517f40e41", ""),
			digest("ab12cd34ef56ab12cd34ef56ab12cd34ef", "0a1b2c3d4e5f60718293a4b5c6d7e8f9", `, stale=true`)), RepeatChallengeConsistent, ""},
		{"new description", r(wa(`Bearer realm="api", error="invalid_token", error_description="expired at 10:00"`),
			wa(`Bearer realm="api", error="invalid_token", error_description="expired at 10:01"`)), RepeatChallengeConsistent, ""},
		{"error_uri per request", r(wa(`Bearer realm="api", error="invalid_token", error_uri="https://docs.example/e?trace=a1"`),
			wa(`Bearer realm="api", error="invalid_token", error_uri="https://docs.example/e?trace=b2"`)), RepeatChallengeConsistent, ""},
		{"random request id", r(wa(`Bearer realm="api", request_id="9f8e7d6c5b4a39281706"`), wa(`Bearer realm="api", request_id="1a2b3c4d5e6f70819203"`)),
			RepeatChallengeConsistent, ""},
		{"Negotiate token68", r(wa(`Negotiate YIIBhgYGKwYBBQUCoIIBej`), wa(`Negotiate oYG2MIGzoAMKAQChCwYJKo`)), RepeatChallengeConsistent, ""},
		{"realm changed", r(basic, wa(`Basic realm="other"`)), RepeatChallengeConsistent, `Basic: realm changed from "api" to "other"`},
		{"random-looking realm still compared", r(wa(`Basic realm="cluster-2024-a1b2c3d4"`), wa(`Basic realm="cluster-2025-a1b2c3d4"`)),
			RepeatChallengeConsistent, "realm changed"},
		{"error changed", r(wa(`Bearer realm="api", error="invalid_token"`), wa(`Bearer realm="api", error="invalid_request"`)),
			RepeatChallengeConsistent, "error changed"},
		{"parameter gone", r(wa(`Basic realm="api", charset="UTF-8"`), basic), RepeatChallengeConsistent, "Basic: charset disappeared"},
		{"parameter appeared", r(basic, wa(`Basic realm="api", charset="UTF-8"`)), RepeatChallengeConsistent, "Basic: charset appeared"},
		{"short value changed", r(wa(`Newauth realm="a", mode="x"`), wa(`Newauth realm="a", mode="y"`)), RepeatChallengeConsistent, "mode changed"},
		{"scheme gone", r(wa(`Basic realm="api"`, `Digest realm="api", nonce="1"`), basic), RepeatChallengeConsistent, "a Digest challenge disappeared"},
		{"scheme appeared", r(basic, wa(`Basic realm="api", Bearer`)), RepeatChallengeConsistent, "a Bearer challenge appeared"},
		{"token68 appeared", r(wa(`Negotiate`), wa(`Negotiate YIIBhgYGKwYBBQUCoIIBej`)), RepeatChallengeConsistent, "token68 appeared"},
		{"no longer 401", r(basic, status(403)), RepeatChallengeConsistent, "sent again got 403 Forbidden where the first attempt got 401 Unauthorized"},
		{"first was no challenge", r(status(200), status(200)), RepeatChallengeConsistent, ""},
		{"second failed to arrive", r(basic, status(0)), RepeatChallengeConsistent, ""},
		{"proxy 407 same", r(proxied(status(407, "Proxy-Authenticate", `Basic realm="proxy"`)), proxied(status(407, "Proxy-Authenticate", `Basic realm="proxy"`))),
			RepeatChallengeConsistent, ""},
		{"proxy 407 changed", r(proxied(status(407, "Proxy-Authenticate", `Basic realm="proxy"`)), proxied(status(407, "Proxy-Authenticate", `Basic realm="p2"`))),
			RepeatChallengeConsistent, "realm changed"},
	})
	fs := CheckRepeat(basic, wa(`Basic realm="other"`))
	if fs[0].Evidence != `Basic realm="other"` {
		t.Errorf("the changed field is the evidence, got %q", fs[0].Evidence)
	}
}

func TestCheckHeadMatchesGet(t *testing.T) {
	h := func(get, head *Exchange) func() []Finding {
		head.Method = "HEAD"
		return func() []Finding { return CheckHeadMatchesGet(get, head) }
	}
	c := func(code int, v string) *Exchange { return status(code, "WWW-Authenticate", v) }
	runBehCases(t, []behCase{
		{"same", h(c(401, `Basic realm="api"`), c(401, `Basic realm="api"`)), HeadMatchesGet, ""},
		{"same nonce-less digest", h(c(401, `Digest realm="api", nonce="abcdef0123456789abcdef"`), c(401, `Digest realm="api", nonce="0123456789abcdef012345"`)), HeadMatchesGet, ""},
		{"both 200", h(status(200), status(200)), HeadMatchesGet, ""},
		{"HEAD let through", h(c(401, `Basic realm="api"`), status(200)), HeadMatchesGet, "HEAD got 200 OK where GET got 401 Unauthorized"},
		{"HEAD 405", h(c(401, `Basic realm="api"`), status(405)), HeadMatchesGet, "405"},
		{"realm differs", h(c(401, `Basic realm="api"`), c(401, `Basic realm="head"`)), HeadMatchesGet, "between GET and HEAD"},
		{"challenge missing on HEAD", h(c(401, `Basic realm="api"`), status(401)), HeadMatchesGet, "a Basic challenge disappeared"},
		{"no GET answer", h(status(0), status(401)), HeadMatchesGet, ""},
	})
}

func TestCheckExpectedSchemes(t *testing.T) {
	x := func(e *Exchange, schemes ...string) func() []Finding {
		return func() []Finding { return CheckExpectedSchemes(e, schemes) }
	}
	both := status(401, "WWW-Authenticate", `Basic realm="api"`, "WWW-Authenticate", `Bearer realm="api"`, "WWW-Authenticate", `basic realm="b"`)
	runBehCases(t, []behCase{
		{"offered, any case", x(both, "basic", "BEARER"), ExpectedSchemeOffered, ""},
		{"nothing expected", x(both), ExpectedSchemeOffered, ""},
		{"blank entries ignored", x(both, " ", ""), ExpectedSchemeOffered, ""},
		{"missing", x(both, "Digest", "Bearer", "Negotiate"), ExpectedSchemeOffered,
			"WWW-Authenticate offers Basic, Bearer but targets.yaml expects Digest, Negotiate"},
		{"no challenge at all", x(status(401), "Basic"), ExpectedSchemeOffered, "offers no challenge"},
		{"not a challenge status", x(status(200), "Basic"), ExpectedSchemeOffered, ""},
		{"proxy", x(proxied(status(407, "Proxy-Authenticate", `Basic realm="p"`)), "Basic"), ExpectedSchemeOffered, ""},
		{"proxy missing", x(proxied(status(407, "Proxy-Authenticate", `Basic realm="p"`)), "Negotiate"), ExpectedSchemeOffered, "Proxy-Authenticate offers Basic"},
	})
}

func TestBehLooksRandom(t *testing.T) {
	for v, want := range map[string]bool{
		"dcd98b7102dd2f0e8b11d0f600bfb0c093":   true,
		"f47ac10b-58cc-4372-a567-0e02b2c3d479": true,
		"MTIzNDU2Nzg5MGFiY2RlZg==":             true,
		"short1":                               false,
		"onlylettersandnodigits":               false,
		"12345678901234567890":                 false,
		"has space 1234567890abc":              false,
	} {
		if got := behLooksRandom(v); got != want {
			t.Errorf("behLooksRandom(%q) = %v, want %v", v, got, want)
		}
	}
}

// TestSchemeCaseLevelFollowsTheRFC: RFC 9110 §11.1 says the scheme is "a
// case-insensitive token" with no keyword, so the rule may not claim MUST;
// it still fails a run, being about credentials the user declared valid.
func TestSchemeCaseLevelFollowsTheRFC(t *testing.T) {
	if SchemeCaseInsensitive.Level == Must {
		t.Errorf("%s claims MUST, but RFC 9110 §11.1 has no keyword", SchemeCaseInsensitive.ID)
	}
	if !SchemeCaseInsensitive.Fails() {
		t.Errorf("%s no longer fails a run: a server refusing declared-valid credentials over the scheme's case must fail", SchemeCaseInsensitive.ID)
	}
}
