package suite

import (
	"context"

	"github.com/authspec/authspec/internal/checks"
	"github.com/authspec/authspec/internal/probe"
)

// badCredentialsProbe answers each offered challenge with well-formed but
// wrong credentials (for Digest, computed correctly from the server's own
// challenge with a wrong password). A protected resource must refuse them
// with a fresh challenge and a diagnostic body.
var badCredentialsProbe = Probe{
	Name:     probe.BadCredentials,
	Doc:      "well-formed wrong credentials for each offered scheme (Digest over a nonce fetched for the probe alone): expect 401 with a challenge and a body",
	Requests: 7,
	Judges:   []string{"rfc9110/bad-credentials-rejected", "rfc9110/malformed-credentials-rejected", "mcp/invalid-token-401"},
	Run: func(ctx context.Context, r *Resource, c *probe.Client, j Judging) *Verdicts {
		v := &Verdicts{}
		offered := r.Offered(ctx, c)
		exs := c.BadCredentials(ctx, r.Method, r.Path, offered)
		judgeAll(v, j, exs)
		for _, ex := range finalAnswers(exs) {
			if ex.Variant == probe.BadDigestChallenge {
				continue // no credentials: it fetched the probe's own Digest nonces
			}
			judgeWrongCredentials(v, j, ex)
			judgeMCPInvalidToken(v, j, ex)
		}
		noteUnanswered(v, "rfc9110/bad-credentials-rejected", r, probe.BadCredentials, offered)
		return v
	},
}

// judgeWrongCredentials judges the answer to wrong credentials. Those that
// could not be made well-formed for their scheme (a random token68 for
// DPoP, a Digest answer without qop for an unknown algorithm) are
// malformed credentials, and a 400 with a body is a right answer to them
// (RFC 7616 §3.4, RFC 6750 §3.1): they are judged by
// rfc9110/malformed-credentials-rejected instead.
func judgeWrongCredentials(v *Verdicts, j Judging, ex *probe.Exchange) {
	if ex.IllFormed != "" {
		v.relational(j, "rfc9110/malformed-credentials-rejected", ex, checks.CheckMalformed(&ex.Judge))
		return
	}
	v.relational(j, "rfc9110/bad-credentials-rejected", ex, checks.CheckBadCredentials(&ex.Judge))
}
