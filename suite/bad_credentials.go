package suite

import (
	"context"

	"github.com/authspec/authspec/checks"
	"github.com/authspec/authspec/probe"
)

// badCredentialsProbe answers each offered challenge with well-formed but
// wrong credentials (for Digest, computed correctly from the server's own
// challenge with a wrong password). A protected resource must refuse them
// with a fresh challenge and a diagnostic body.
var badCredentialsProbe = Probe{
	Name:     probe.BadCredentials,
	Doc:      "well-formed wrong credentials for each offered scheme: expect 401 with a challenge and a body",
	Requests: 6,
	Judges:   []string{"rfc9110/bad-credentials-rejected"},
	Run: func(ctx context.Context, r *Resource, c *probe.Client, j Judging) *Verdicts {
		v := &Verdicts{}
		exs := c.BadCredentials(ctx, r.Method, r.Path, r.Offered(ctx, c))
		judgeAll(v, j, exs)
		for _, ex := range lastOfEach(answered(exs)) {
			v.relational(j, "rfc9110/bad-credentials-rejected", ex, checks.CheckBadCredentials(&ex.Judge))
		}
		return v
	},
}
