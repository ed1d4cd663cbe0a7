package checks

import (
	"strings"
	"testing"
)

// Regression tests for the rules an audit against the RFC texts found
// wrong (issue 9, part 2). Each case failed before the fix.

func judgeOne(r *Rule, e *Exchange) Result { return Judge(r, NewContext(e)) }

// Two Basic realms in swapped order are the same set of challenges.
func TestRepeatComparesChallengesAsSets(t *testing.T) {
	a := status(401, "WWW-Authenticate", `Basic realm="a", Basic realm="b"`)
	b := status(401, "WWW-Authenticate", `Basic realm="b", Basic realm="a"`)
	if fs := CheckRepeat(a, b); len(fs) != 0 {
		t.Fatalf("swapped challenges reported as changed: %v", fs)
	}
	c := status(401, "WWW-Authenticate", `Basic realm="b", Basic realm="c"`)
	fs := CheckRepeat(a, c)
	if len(fs) != 1 || !strings.Contains(fs[0].Message, `realm changed from "a" to "c"`) {
		t.Fatalf("a real change: %v", fs)
	}
	if RepeatChallengeConsistent.Level != Info || RepeatChallengeConsistent.Fails() {
		t.Error("§11.4 allows a possibly new challenge: the rule informs")
	}
}

// `Basic realm=` is a token68: the message says so and how to write an
// empty realm.
func TestBasicRealmTokenMessage(t *testing.T) {
	res := judgeOne(BasicRealmRequired, schResponse(`Basic realm=`))
	if res.Status != Violated || !strings.Contains(res.Findings[0].Message, `"realm=" with no value is read as a token68`) ||
		!strings.Contains(res.Findings[0].Message, `realm=""`) {
		t.Fatalf("%v", res.Findings)
	}
	if res := judgeOne(BasicRealmRequired, schResponse(`Basic realm=""`)); res.Status != Pass {
		t.Errorf("an empty quoted realm is a realm: %v", res.Findings)
	}
}

// An empty Authorization field is a malformed request: a 400
// invalid_request is allowed; no field at all is judged.
func TestBearerNoErrorTellsEmptyFieldFromNone(t *testing.T) {
	bad := schWith(schResponse(`Bearer realm="api", error="invalid_request"`), schStatus(400))
	empty := schWith(bad, func(e *Exchange) { e.SentAuthorizationField = true })
	if res := judgeOne(BearerNoErrorWithoutToken, empty); res.Status != NotApplicable {
		t.Errorf("empty Authorization field: %s %v", res.Status, res.Findings)
	}
	if res := judgeOne(BearerNoErrorWithoutToken, bad); res.Status != Violated {
		t.Errorf("no Authorization field: %s", res.Status)
	}
	other := schWith(bad, schSent("Basic Zm9vOmJhcg=="), func(e *Exchange) { e.SentAuthorizationField = true })
	if res := judgeOne(BearerNoErrorWithoutToken, other); res.Status != Violated {
		t.Errorf("credentials of a scheme not offered: %s", res.Status)
	}
}

// RFC 9449 §7.1 defines no error_uri for DPoP.
func TestDPoPCharsetIgnoresErrorURI(t *testing.T) {
	res := judgeOne(DPoPParamCharset, schResponse(`DPoP algs="ES256", error_uri="https://x.example/a b"`))
	if res.Status != Pass {
		t.Fatalf("%v", res.Findings)
	}
	res = judgeOne(DPoPParamCharset, schResponse(`DPoP algs="ES256", error_description="a \"b\""`))
	if res.Status != Violated {
		t.Fatal("error_description is still judged")
	}
}

// The bare Bearer of RFC 9449's Figure 17 still fails, and the message
// explains the conflict.
func TestBearerParamsRequiredExplainsFigure17(t *testing.T) {
	res := judgeOne(BearerParamsRequired, schResponse(`Bearer, DPoP algs="ES256 PS256"`))
	if res.Status != Violated || !strings.Contains(res.Findings[0].Message, "Figure 17") {
		t.Fatalf("%v", res.Findings)
	}
	res = judgeOne(BearerParamsRequired, schResponse(`Bearer`))
	if res.Status != Violated || strings.Contains(res.Findings[0].Message, "Figure 17") {
		t.Fatalf("without DPoP the message need not mention it: %v", res.Findings)
	}
}

// One policy for definition-only constraints: SHOULD.
func TestDefinitionOnlyConstraintsAreShould(t *testing.T) {
	for _, r := range []*Rule{BasicCharset, DigestCharset, DigestUserhashValue, DigestNonceRequired, DigestRealmRequired} {
		if r.Level != Should {
			t.Errorf("%s is %s, want SHOULD (definition-only constraint)", r.ID, r.Level)
		}
	}
}

// MD5 alone warns (NOT RECOMMENDED); MD5 beside SHA-256 is silent, as in
// RFC 7616's own example.
func TestDigestMD5Only(t *testing.T) {
	if DigestNotOnlyMD5.Level != Should {
		t.Errorf("level %s", DigestNotOnlyMD5.Level)
	}
	alone := schResponse(`Digest realm="a", qop="auth", nonce="n", algorithm=MD5`)
	if res := judgeOne(DigestNotOnlyMD5, alone); res.Status != Violated {
		t.Error("MD5 alone not reported")
	}
	both := schResponse(`Digest realm="a", qop="auth", nonce="n", algorithm=SHA-256`, `Digest realm="a", qop="auth", nonce="n", algorithm=MD5`)
	if res := judgeOne(DigestNotOnlyMD5, both); res.Status != Pass {
		t.Errorf("MD5 beside SHA-256: %v", res.Findings)
	}
}
