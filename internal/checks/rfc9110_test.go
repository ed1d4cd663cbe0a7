package checks

import (
	"net/http"
	"strings"
	"testing"
)

// fwExchange builds an exchange from a status, a method and header field
// lines given as name, value pairs (a name may repeat: one line each).
func fwExchange(status int, method string, fields ...string) *Exchange {
	h := http.Header{}
	for i := 0; i+1 < len(fields); i += 2 {
		h.Add(fields[i], fields[i+1])
	}
	return &Exchange{Method: method, Status: status, Header: h, DeclaredLength: -1}
}

// withBody sets the content, and Content-Length to its length.
func withBody(e *Exchange, body string) *Exchange {
	e.Body = []byte(body)
	e.DeclaredLength = int64(len(body))
	return e
}

// fwCase is one rule on one exchange and the outcome it must have.
type fwCase struct {
	name string
	rule *Rule
	ex   *Exchange
	want Status
	// msg, when set, must occur in the first finding's message.
	msg string
}

func runFwCases(t *testing.T, cases []fwCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := Judge(tc.rule, NewContext(tc.ex))
			if res.Status != tc.want {
				t.Fatalf("%s: got %s, want %s; findings: %v", tc.rule.ID, res.Status, tc.want, res.Findings)
			}
			for _, f := range res.Findings {
				if f.Rule != tc.rule {
					t.Errorf("finding names rule %s, want %s", f.Rule.ID, tc.rule.ID)
				}
				if f.Message == "" {
					t.Error("finding without a message")
				}
			}
			if tc.msg != "" && (len(res.Findings) == 0 || !strings.Contains(res.Findings[0].Message, tc.msg)) {
				t.Errorf("first finding %v does not mention %q", res.Findings, tc.msg)
			}
		})
	}
}

func TestChallengePresence(t *testing.T) {
	basic := `Basic realm="api"`
	proxied401 := fwExchange(401, "GET", "WWW-Authenticate", basic)
	proxied401.Proxy = true
	proxied401Bare := fwExchange(401, "GET", "Proxy-Authenticate", basic)
	proxied401Bare.Proxy = true
	proxy407 := fwExchange(407, "GET", "Proxy-Authenticate", basic)
	proxy407.Proxy = true
	proxy407Missing := fwExchange(407, "GET", "WWW-Authenticate", basic)
	proxy407Missing.Proxy = true

	runFwCases(t, []fwCase{
		{"401 with challenge", ChallengePresent, fwExchange(401, "GET", "WWW-Authenticate", basic), Pass, ""},
		{"401 with two challenges on two lines", ChallengePresent,
			fwExchange(401, "GET", "WWW-Authenticate", basic, "WWW-Authenticate", `Bearer realm="api"`), Pass, ""},
		{"401 with bare Negotiate", ChallengePresent, fwExchange(401, "GET", "WWW-Authenticate", "Negotiate"), Pass, ""},
		{"401 without field", ChallengePresent, fwExchange(401, "GET"), Violated, "has no WWW-Authenticate field"},
		{"401 with empty field", ChallengePresent, fwExchange(401, "GET", "WWW-Authenticate", ""), Violated, "no challenge a client can parse"},
		{"401 with only commas", ChallengePresent, fwExchange(401, "GET", "WWW-Authenticate", " , ,"), Violated, "no challenge"},
		{"401 answering HEAD still needs it", ChallengePresent, fwExchange(401, "HEAD"), Violated, ""},
		{"200 with WWW-Authenticate is fine", ChallengePresent, fwExchange(200, "GET", "WWW-Authenticate", basic), NotApplicable, ""},
		{"403 without field is not judged", ChallengePresent, fwExchange(403, "GET"), NotApplicable, ""},
		{"407 is not judged by the origin rule", ChallengePresent, proxy407, NotApplicable, ""},
		{"401 through a proxy, from the origin", ChallengePresent, proxied401, Pass, ""},
		{"401 through a proxy with only Proxy-Authenticate", ChallengePresent, proxied401Bare, Violated, "WWW-Authenticate"},

		{"407 with challenge", ProxyChallengePresent, proxy407, Pass, ""},
		{"407 with WWW-Authenticate only", ProxyChallengePresent, proxy407Missing, Violated, "has no Proxy-Authenticate field"},
		{"407 from an origin target", ProxyChallengePresent, fwExchange(407, "GET", "Proxy-Authenticate", basic), Pass, ""},
		{"407 from an origin target without it", ProxyChallengePresent, fwExchange(407, "GET"), Violated, "407 Proxy Authentication Required"},
		{"401 is not judged by the proxy rule", ProxyChallengePresent, fwExchange(401, "GET"), NotApplicable, ""},
	})
}

func TestChallengePresenceEvidence(t *testing.T) {
	res := Judge(ChallengePresent, NewContext(fwExchange(401, "GET", "WWW-Authenticate", " , ,")))
	if len(res.Findings) != 1 || res.Findings[0].Evidence != " , ," {
		t.Fatalf("want the field line as evidence, got %+v", res.Findings)
	}
}

func TestFwStatusText(t *testing.T) {
	for status, want := range map[int]string{401: "401 Unauthorized", 599: "599", 407: "407 Proxy Authentication Required"} {
		if got := fwStatusText(status); got != want {
			t.Errorf("fwStatusText(%d) = %q, want %q", status, got, want)
		}
	}
}

// Every rule of these files is in the catalogue with a stable ID, and the
// relational ones have no Check, so Evaluate leaves them alone.
func TestFrameworkCatalogue(t *testing.T) {
	single := []string{
		"rfc9110/challenge-present", "rfc9110/proxy-challenge-present", "rfc9110/diagnostic-body",
		"rfc9110/head-no-content", "rfc9110/content-type", "rfc9110/content-matches-type",
		"rfc9110/content-length-matches", "rfc9110/body-no-credential-echo", "rfc9110/body-no-stack-trace",
		"rfc9457/problem-object", "rfc9457/problem-status-matches", "rfc9457/problem-member-types",
	}
	relational := []string{
		"rfc9110/protected-resource-401", "rfc9110/bad-credentials-rejected", "rfc9110/malformed-credentials-rejected",
		"rfc9110/repeat-challenge-consistent", "rfc9110/head-matches-get", "rfc9110/valid-credentials-accepted",
		"rfc9110/scheme-case-insensitive", "rfc9110/expected-scheme-offered",
	}
	for _, id := range single {
		if r := Lookup(id); r == nil || r.Check == nil {
			t.Errorf("%s: want a registered single-response rule, got %+v", id, r)
		}
	}
	for _, id := range relational {
		if r := Lookup(id); r == nil || r.Check != nil {
			t.Errorf("%s: want a registered relational rule, got %+v", id, r)
		}
	}
	for _, id := range []string{"rfc9110/challenge-present", "rfc9110/proxy-challenge-present", "rfc9110/diagnostic-body"} {
		if !Lookup(id).Mission || !Lookup(id).Fails() {
			t.Errorf("%s must be a mission rule that fails the run", id)
		}
	}
	for _, id := range []string{"rfc9110/protected-resource-401", "rfc9110/bad-credentials-rejected",
		"rfc9110/malformed-credentials-rejected", "rfc9110/valid-credentials-accepted", "rfc9110/expected-scheme-offered"} {
		if !Lookup(id).Declared || !Lookup(id).Fails() {
			t.Errorf("%s must be a declared rule that fails the run", id)
		}
	}
}

// Evaluate on a conformant 401 passes every rule of these files.
func TestEvaluateConformant401(t *testing.T) {
	e := withBody(fwExchange(401, "GET",
		"WWW-Authenticate", `Basic realm="api", charset="UTF-8"`,
		"Content-Type", "application/problem+json"),
		`{"type":"about:blank","title":"Unauthorized","status":401,"detail":"Send Basic credentials."}`)
	e.Secrets = []string{"s3cret-password"}
	mine := map[string]bool{}
	for _, r := range All() {
		if strings.HasPrefix(r.ID, "rfc9457/") || strings.HasPrefix(r.ID, "rfc9110/") {
			mine[r.ID] = true
		}
	}
	for _, res := range Evaluate(e) {
		if mine[res.Rule.ID] && res.Status == Violated {
			t.Errorf("%s violated on a conformant 401: %v", res.Rule.ID, res.Findings)
		}
	}
}
