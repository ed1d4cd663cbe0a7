package suite

import (
	"strings"
	"testing"

	"github.com/authspec/authspec/internal/probe"
	"github.com/authspec/authspec/internal/report"
)

// Issue 18 review: on a server that accepts each nonce once, every abuse
// request over a spent nonce got 401 stale=true, and the rules passed. A
// stale=true refusal is about the nonce: the rule is skipped with that
// reason, never passed; the replay is judged only where its first
// sending got the resource.
func TestDigestAbuseStaleRefusalIsNoPass(t *testing.T) {
	const stale = `Digest realm="r", nonce="n2", algorithm=SHA-256, qop="auth", stale=true`
	const plain = `Digest realm="r", nonce="n3", algorithm=SHA-256, qop="auth"`
	abuse := func(variant string, status int, fields ...string) *probe.Exchange {
		ex := exchange("GET", "/p", status, fields...)
		ex.Probe, ex.Variant = probe.DigestAbuse, variant
		return ex
	}
	outcomes := func(byVariant map[string]*probe.Exchange) map[string]report.Outcome {
		v := &Verdicts{}
		judgeDigestAbuse(v, Judging{}, byVariant)
		out := map[string]report.Outcome{}
		for _, r := range v.Results {
			if r.Outcome == report.Skip && !strings.Contains(r.Message, "not run: ") {
				t.Errorf("%s skipped without a reason: %q", r.Check, r.Message)
			}
			out[r.Check] = r.Outcome
		}
		for _, p := range v.Passes {
			out[p.Rule.ID] = report.Pass
		}
		return out
	}
	got := outcomes(map[string]*probe.Exchange{
		probe.DigestReplayFirst:  abuse(probe.DigestReplayFirst, 401, "WWW-Authenticate", stale),
		probe.DigestReplay:       abuse(probe.DigestReplay, 401, "WWW-Authenticate", stale),
		probe.DigestOtherURI:     abuse(probe.DigestOtherURI, 401, "WWW-Authenticate", stale),
		probe.DigestUsernameStar: abuse(probe.DigestUsernameStar, 401, "WWW-Authenticate", stale),
		probe.DigestNoCnonce:     abuse(probe.DigestNoCnonce, 401, "WWW-Authenticate", stale),
	})
	for _, id := range []string{"rfc7616/digest-replay-refused", "rfc7616/digest-uri-checked", "rfc7616/digest-uri-mismatch-400",
		"rfc7616/digest-username-conflict", "rfc7616/digest-required-params"} {
		if got[id] != report.Skip {
			t.Errorf("every answer stale=true: %s is %q, want skipped", id, got[id])
		}
	}
	got = outcomes(map[string]*probe.Exchange{
		probe.DigestReplayFirst:  abuse(probe.DigestReplayFirst, 200),
		probe.DigestReplay:       abuse(probe.DigestReplay, 401, "WWW-Authenticate", stale),
		probe.DigestOtherURI:     abuse(probe.DigestOtherURI, 400),
		probe.DigestUsernameStar: abuse(probe.DigestUsernameStar, 401, "WWW-Authenticate", plain),
		probe.DigestNoCnonce:     abuse(probe.DigestNoCnonce, 400),
	})
	for _, id := range []string{"rfc7616/digest-replay-refused", "rfc7616/digest-uri-checked", "rfc7616/digest-uri-mismatch-400",
		"rfc7616/digest-username-conflict", "rfc7616/digest-required-params"} {
		if got[id] != report.Pass {
			t.Errorf("answers over nonces of their own: %s is %q, want passed", id, got[id])
		}
	}
}
