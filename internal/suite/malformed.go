package suite

import (
	"context"

	"github.com/authspec/authspec/internal/checks"
	"github.com/authspec/authspec/internal/probe"
)

// malformedProbe sends Authorization values that are broken on purpose:
// empty, a scheme alone, bad base64, no colon, an unknown scheme, 8 KiB,
// extra spaces. A 401 with a challenge or a 400 with a body is right; a
// 2xx lets garbage in and a 5xx means the parser fell over.
var malformedProbe = Probe{
	Name:     probe.Malformed,
	Doc:      "malformed credentials: expect 401 with a challenge or 400 with a body, never 2xx or 5xx",
	Requests: 7,
	Judges:   []string{"rfc9110/malformed-credentials-rejected"},
	Run: func(ctx context.Context, r *Resource, c *probe.Client, j Judging) *Verdicts {
		v := &Verdicts{}
		exs := c.Malformed(ctx, r.Method, r.Path)
		judgeAll(v, j, exs)
		for _, ex := range finalAnswers(exs) {
			v.relational(j, "rfc9110/malformed-credentials-rejected", ex, checks.CheckMalformed(&ex.Judge))
		}
		return v
	},
}
