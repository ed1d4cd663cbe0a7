package suite

import (
	"context"

	"github.com/authspec/authspec/internal/checks"
	"github.com/authspec/authspec/internal/probe"
)

// repeatedProbe sends the same bad credentials again, on the same
// connection and on a new one (RFC 9110 §15.5.2): a user agent shows the
// body of a repeated 401, so every one of them must carry the same
// challenges and a diagnostic body, each with a HOBA challenge and a
// Digest nonce of its own (RFC 7486 §3, RFC 7616 §3.3).
var repeatedProbe = Probe{
	Name:     probe.Repeated,
	Doc:      "the same bad credentials again, same and new connection: 401 again, same challenges, a body every time",
	Requests: 3,
	Judges:   []string{"rfc9110/bad-credentials-rejected", "rfc9110/malformed-credentials-rejected", "rfc9110/repeat-challenge-consistent", "rfc7486/hoba-challenge-unique", "rfc7616/digest-nonce-unique", "rfc9457/problem-title-stable"},
	Run: func(ctx context.Context, r *Resource, c *probe.Client, j Judging) *Verdicts {
		v := &Verdicts{}
		exs := c.Repeated(ctx, r.Method, r.Path, r.Offered(ctx, c))
		judgeAll(v, j, exs)
		finals := finalAnswers(exs)
		for i, ex := range finals {
			judgeWrongCredentials(v, j, ex)
			if i > 0 {
				v.relational(j, "rfc9110/repeat-challenge-consistent", ex, checks.CheckRepeat(&finals[0].Judge, &ex.Judge))
				if offersHOBA(&finals[0].Judge) {
					v.relational(j, "rfc7486/hoba-challenge-unique", ex, checks.CheckHOBAUnique(&finals[0].Judge, &ex.Judge))
				}
				if offersDigest(&finals[0].Judge) {
					v.relational(j, "rfc7616/digest-nonce-unique", ex, checks.CheckDigestNonceUnique(&finals[0].Judge, &ex.Judge))
				}
				if fs, judged := checks.CheckProblemTitleStable(&finals[0].Judge, &ex.Judge); judged {
					v.relational(j, "rfc9457/problem-title-stable", ex, fs)
				}
			}
		}
		return v
	},
}

// offersDigest reports whether the answer offers a Digest challenge: the
// uniqueness of nonces (RFC 7616 §3.3) is judged only where there are some.
func offersDigest(e *checks.Exchange) bool {
	return checks.NewContext(e).Offers("Digest")
}

// offersHOBA reports whether the answer offers a HOBA challenge: the
// uniqueness of HOBA challenges is judged only where there are some.
func offersHOBA(e *checks.Exchange) bool {
	return checks.NewContext(e).Offers("HOBA")
}
