package suite

import (
	"context"

	"github.com/authspec/authspec/internal/checks"
	"github.com/authspec/authspec/internal/probe"
)

// digestAbuseProbe sends the declared Digest credentials wrong on purpose
// (RFC 7616 §3.4, §3.4.6): replayed, for another uri, with username and
// username*, and with qop but without cnonce and nc. It runs where a username and password are declared and sends
// nothing unless the resource offers a Digest challenge authspec can
// answer (probe.Client.DigestAbuse).
var digestAbuseProbe = Probe{
	Name:     probe.DigestAbuse,
	Doc:      "the declared Digest credentials replayed, for another uri, with username*, and without cnonce and nc: refused every time",
	Requests: probe.DigestAbuseRequests,
	Judges:   []string{"rfc7616/digest-replay-refused", "rfc7616/digest-uri-checked", "rfc7616/digest-uri-mismatch-400", "rfc7616/digest-username-conflict", "rfc7616/digest-required-params"},
	Applies: func(r *Resource) bool {
		cr := r.RT.Credentials()
		return cr != nil && cr.Username != ""
	},
	Run: func(ctx context.Context, r *Resource, c *probe.Client, j Judging) *Verdicts {
		v := &Verdicts{}
		exs := c.DigestAbuse(ctx, r.Method, r.Path, r.Offered(ctx, c))
		judgeAll(v, j, exs)
		byVariant := map[string]*probe.Exchange{}
		for _, ex := range finalAnswers(exs) {
			byVariant[ex.Variant] = ex
		}
		judgeDigestAbuse(v, j, byVariant)
		return v
	},
}

// staleRefusal says why a rule is not judged on a stale=true refusal.
const staleRefusal = "the answer is a refusal with stale=true (RFC 7616 §3.3), even where the probe sent the request again over the nonce of such a refusal: refused for its nonce, not for what was wrong, so it says nothing about this rule"

// judgeDigestAbuse judges the final answers of the digest-abuse probe, by
// variant. A refusal with stale=true is about the nonce (a server that
// accepts each nonce once refuses any request over a spent one that way),
// so the rule of that request is skipped with the reason, never passed;
// the replay is judged only where its first sending got the resource.
func judgeDigestAbuse(v *Verdicts, j Judging, byVariant map[string]*probe.Exchange) {
	stale := func(ex *probe.Exchange) bool { return len(checks.DigestStaleChallenges(&ex.Judge)) > 0 }
	first := byVariant[probe.DigestReplayFirst]
	if again := byVariant[probe.DigestReplay]; first != nil && again != nil {
		switch {
		case first.Succeeded():
			v.relational(j, "rfc7616/digest-replay-refused", again, checks.CheckDigestReplay(&first.Judge, &again.Judge))
		case stale(first):
			v.skipped("rfc7616/digest-replay-refused", whereOf(again), staleRefusal)
		}
		// Otherwise the declared credentials were refused outright: as for
		// digest-uri-mismatch-400 without a good control, there is no
		// replay to judge, and no result (a refused resource has many).
	}
	if ex := byVariant[probe.DigestOtherURI]; ex != nil {
		switch {
		case stale(ex):
			v.skipped("rfc7616/digest-uri-checked", whereOf(ex), staleRefusal)
			v.skipped("rfc7616/digest-uri-mismatch-400", whereOf(ex), staleRefusal)
		default:
			v.relational(j, "rfc7616/digest-uri-checked", ex, checks.CheckDigestOtherURI(&ex.Judge))
			// The first sending of the replay pair is the control: the
			// same credentials for the request's own uri.
			if first != nil {
				if fs, judged := checks.CheckDigestOtherURIStatus(&first.Judge, &ex.Judge); judged {
					v.relational(j, "rfc7616/digest-uri-mismatch-400", ex, fs)
				}
			}
		}
	}
	// The rule IDs are written out in each call: cmd/authspec's explain
	// test reads them from the source.
	switch ex := byVariant[probe.DigestUsernameStar]; {
	case ex == nil:
	case stale(ex):
		v.skipped("rfc7616/digest-username-conflict", whereOf(ex), staleRefusal)
	default:
		v.relational(j, "rfc7616/digest-username-conflict", ex, checks.CheckDigestUsernameConflict(&ex.Judge))
	}
	switch ex := byVariant[probe.DigestNoCnonce]; {
	case ex == nil:
	case stale(ex):
		v.skipped("rfc7616/digest-required-params", whereOf(ex), staleRefusal)
	default:
		v.relational(j, "rfc7616/digest-required-params", ex, checks.CheckDigestRequiredParams(&ex.Judge))
	}
}
