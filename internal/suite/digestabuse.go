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
	Requests: 5,
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
		if first, again := byVariant[probe.DigestReplayFirst], byVariant[probe.DigestReplay]; first != nil && again != nil {
			v.relational(j, "rfc7616/digest-replay-refused", again, checks.CheckDigestReplay(&first.Judge, &again.Judge))
		}
		if ex := byVariant[probe.DigestOtherURI]; ex != nil {
			v.relational(j, "rfc7616/digest-uri-checked", ex, checks.CheckDigestOtherURI(&ex.Judge))
			// The first sending of the replay pair is the control: the
			// same credentials for the request's own uri.
			if first := byVariant[probe.DigestReplayFirst]; first != nil {
				if fs, judged := checks.CheckDigestOtherURIStatus(&first.Judge, &ex.Judge); judged {
					v.relational(j, "rfc7616/digest-uri-mismatch-400", ex, fs)
				}
			}
		}
		if ex := byVariant[probe.DigestUsernameStar]; ex != nil {
			v.relational(j, "rfc7616/digest-username-conflict", ex, checks.CheckDigestUsernameConflict(&ex.Judge))
		}
		if ex := byVariant[probe.DigestNoCnonce]; ex != nil {
			v.relational(j, "rfc7616/digest-required-params", ex, checks.CheckDigestRequiredParams(&ex.Judge))
		}
		return v
	},
}
