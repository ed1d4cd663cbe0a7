package checks

import (
	"strings"
	"testing"
)

const (
	digestSHA256 = `Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=SHA-256, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"`
	digestMD5    = `Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=MD5, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"`
	digest512    = `Digest realm="api@example.org", qop="auth", algorithm=SHA-512-256, nonce="5TsQWLVdgBdmrQ0XsxbDODV+57QdFR34I9HAbC/RVvkK", opaque="HRPCssKJSGjCrkzDg8OhwpzCiGPChXYjwrI2QmXDnsOS", charset=UTF-8, userhash=true`
)

func TestDigestRules(t *testing.T) {
	const (
		quoted   = "rfc7616/digest-quoted-params"
		unquoted = "rfc7616/digest-unquoted-params"
		nonce    = "rfc7616/digest-nonce-required"
		realm    = "rfc7616/digest-realm-required"
		qop      = "rfc7616/digest-qop-required"
		qopVals  = "rfc7616/digest-qop-values"
		alg      = "rfc7616/digest-algorithm-value"
		md5      = "rfc7616/digest-md5-only"
		stale    = "rfc7616/digest-stale-value"
		userhash = "rfc7616/digest-userhash-value"
		charset  = "rfc7616/digest-charset-value"
		distinct = "rfc7616/digest-distinct-algorithms"
	)
	const ok = `Digest realm="r", qop="auth", algorithm=SHA-256, nonce="n1"`
	cases := []schCase{
		{"RFC 7616 §3.9.1, two field lines", schResponse(digestSHA256, digestMD5), nil},
		{"RFC 7616 §3.9.1, one field line", schResponse(digestSHA256 + ", " + digestMD5), nil},
		{"RFC 7616 §3.9.2", schResponse(digest512), nil},
		{"minimal SHA-256", schResponse(ok), nil},
		{"session variant, stale in capitals", schWith(schResponse(`Digest realm="r", qop="auth-int", algorithm=sha-256-sess, nonce="n", stale=TRUE`), schSent(`Digest username="u", nonce="old"`)), nil},
		{"unknown qop option next to auth", schResponse(`Digest realm="r", qop="auth, x-new", algorithm=SHA-256, nonce="n"`), nil},
		{"unknown parameter ignored", schResponse(ok + `, foo=bar`), nil},
		{"realm and nonce as tokens", schResponse(`Digest realm=r, qop="auth", algorithm=SHA-256, nonce=abc`), []string{quoted}},
		{"qop as token", schResponse(`Digest realm="r", qop=auth, algorithm=SHA-256, nonce="n"`), []string{quoted}},
		{"algorithm and stale quoted", schResponse(`Digest realm="r", qop="auth", algorithm="SHA-256", nonce="n", stale="false"`), []string{unquoted}},
		{"no nonce", schResponse(`Digest realm="r", qop="auth", algorithm=SHA-256`), []string{nonce}},
		{"empty nonce", schResponse(`Digest realm="r", qop="auth", algorithm=SHA-256, nonce=""`), []string{nonce}},
		{"no realm", schResponse(`Digest qop="auth", algorithm=SHA-256, nonce="n"`), []string{realm}},
		{"no qop", schResponse(`Digest realm="r", algorithm=SHA-256, nonce="n"`), []string{qop}},
		{"empty qop", schResponse(`Digest realm="r", qop="", algorithm=SHA-256, nonce="n"`), []string{qop}},
		{"qop without a known value", schResponse(`Digest realm="r", qop="x-only", algorithm=SHA-256, nonce="n"`), []string{qopVals}},
		{"unknown algorithm", schResponse(`Digest realm="r", qop="auth", algorithm=SHA3-256, nonce="n"`), []string{alg}},
		{"MD5 by default only", schResponse(`Digest realm="r", qop="auth", nonce="n"`), []string{md5}},
		{"MD5-sess only", schResponse(`Digest realm="r", qop="auth", algorithm=MD5-sess, nonce="n"`), []string{md5}},
		{"stale not a flag", schResponse(ok + `, stale=yes`), []string{stale}},
		{"userhash not a flag", schResponse(ok + `, userhash=1`), []string{userhash}},
		{"charset not UTF-8", schResponse(ok + `, charset=latin1`), []string{charset}},
		{"two SHA-256 challenges for one realm", schResponse(ok, ok), []string{distinct}},
		{"absent algorithm counts as MD5", schResponse(
			`Digest realm="r", qop="auth", nonce="n"`,
			`Digest realm="r", qop="auth", algorithm=md5, nonce="n"`), []string{distinct, md5}},
		{"same algorithm, different realms", schResponse(ok, `Digest realm="other", qop="auth", algorithm=SHA-256, nonce="n"`), nil},
		{"no Digest offered", schResponse(`Basic realm="x"`), nil},
	}
	// rfc7616/digest-userhash-offered (SHOULD, §3.4.4) also warns on every
	// Digest challenge of this table without userhash=true, the RFC's own
	// §3.9.1 example among them; TestDigestUserhashOffered tests it alone.
	for i := range cases {
		for _, l := range cases[i].ex.Header.Values("WWW-Authenticate") {
			if strings.Contains(l, "Digest") && !strings.Contains(l, "userhash=true") {
				cases[i].violated = append(cases[i].violated, "rfc7616/digest-userhash-offered")
				break
			}
		}
	}
	schRunCases(t, cases, "Digest")
}

// RFC 7616 §3.4.4: the server SHOULD set userhash=true; every Digest
// challenge of a response is judged.
func TestDigestUserhashOffered(t *testing.T) {
	with := `Digest realm="r", qop="auth", algorithm=SHA-256, nonce="n", userhash=true`
	without := `Digest realm="r", qop="auth", algorithm=MD5, nonce="n"`
	for _, tc := range []struct {
		lines []string
		want  int
	}{
		{[]string{with}, 0},
		{[]string{with, without}, 1},
		{[]string{`Digest realm="r", qop="auth", nonce="n", userhash=false`}, 1},
		{[]string{`Digest realm="r", qop="auth", nonce="n", userhash=TRUE`}, 0},
	} {
		res := Judge(DigestUserhashOffered, NewContext(schResponse(tc.lines...)))
		if len(res.Findings) != tc.want {
			t.Errorf("%v: %d findings, want %d: %v", tc.lines, len(res.Findings), tc.want, res.Findings)
		}
	}
}

// RFC 7616 §3.3: stale=true only answers an invalid nonce, so never a
// request without Digest credentials.
func TestDigestStaleUnprompted(t *testing.T) {
	stale := schResponse(`Digest realm="r", qop="auth", algorithm=SHA-256, nonce="n", userhash=true, stale=true`)
	if res := Judge(DigestStaleUnprompted, NewContext(stale)); res.Status != Violated || !strings.Contains(res.Findings[0].Message, "no credentials") {
		t.Errorf("no credentials: %s %v", res.Status, res.Findings)
	}
	basic := schWith(stale, schSent("Basic Zm9vOmJhcg=="))
	if res := Judge(DigestStaleUnprompted, NewContext(basic)); res.Status != Violated || !strings.Contains(res.Findings[0].Message, "Basic credentials") {
		t.Errorf("Basic credentials: %s %v", res.Status, res.Findings)
	}
	digest := schWith(stale, schSent(`Digest username="u", nonce="old"`))
	if res := Judge(DigestStaleUnprompted, NewContext(digest)); res.Status != NotApplicable {
		t.Errorf("Digest credentials: %s", res.Status)
	}
	used := schWith(digest, func(e *Exchange) { e.CredentialsWrong = true })
	if res := Judge(DigestStaleUnprompted, NewContext(used)); res.Status != Pass {
		t.Errorf("wrong Digest credentials over a nonce used before: %s (judged, and passes)", res.Status)
	}
	// D3 (audit 2026-12): a wrong password over the nonce just issued, used
	// for the first time, is no invalid nonce.
	wrongPassword := schWith(stale, schSent(`Digest username="authspec-x", realm="r", nonce="n", uri="/", qop=auth, nc=00000001, cnonce="c", response="0"`),
		func(e *Exchange) { e.FreshNonce, e.CredentialsWrong = true, true })
	if res := Judge(DigestStaleUnprompted, NewContext(wrongPassword)); res.Status != Violated || !strings.Contains(res.Findings[0].Message, "just issued") {
		t.Errorf("wrong password over a fresh nonce: %s %v", res.Status, res.Findings)
	}
	fresh := schResponse(`Digest realm="r", qop="auth", algorithm=SHA-256, nonce="n", stale=false`)
	if res := Judge(DigestStaleUnprompted, NewContext(fresh)); res.Status != Pass {
		t.Errorf("stale=false: %s", res.Status)
	}
}

func TestDigestRFCExamplesClean(t *testing.T) {
	// The §3.9.1 example leaves userhash out, which §3.4.4's SHOULD
	// flags (a warning): it is judged with that parameter added.
	schAssertClean(t, schResponse(digestSHA256+", userhash=true", digestMD5+", userhash=true"))
	schAssertClean(t, schResponse(digest512))
}

func TestDigestFindingNamesTheParameter(t *testing.T) {
	c := NewContext(schResponse(`Digest realm=api, qop="auth", algorithm=SHA-256, nonce="n"`))
	res := Judge(DigestQuoted, c)
	if res.Status != Violated || len(res.Findings) != 1 {
		t.Fatalf("got %+v, want one finding", res)
	}
	f := res.Findings[0]
	if f.Evidence != "realm=api" || f.Offset != 7 || f.Line != 0 {
		t.Errorf("finding = %q at %d:%d, want \"realm=api\" at 0:7", f.Evidence, f.Line, f.Offset)
	}
	if want := `realm="api"`; !strings.Contains(f.Message, want) {
		t.Errorf("message %q does not show the fix %s", f.Message, want)
	}
}

// TestDigestMD5OnlyClaimsNoKeyword: the keyword RFC 7616 puts on offering
// MD5 alone was not read, so the finding must not say the RFC recommends
// against it (that claim came from third-party documentation).
func TestDigestMD5OnlyClaimsNoKeyword(t *testing.T) {
	res := Judge(DigestNotOnlyMD5, NewContext(schResponse(`Digest realm="r", qop="auth", nonce="n"`)))
	if res.Status != Violated {
		t.Fatalf("MD5-only Digest: got %s, want violated", res.Status)
	}
	for _, f := range res.Findings {
		if strings.Contains(strings.ToLower(f.Message), "recommend") {
			t.Errorf("finding cites a recommendation RFC 7616 was not read to make: %q", f.Message)
		}
	}
}
