package suite

import (
	"context"

	"github.com/authspec/authspec/internal/checks"
	"github.com/authspec/authspec/internal/probe"
)

// headProbe asks with HEAD and no credentials. The answer must demand
// authentication like GET's, with the same challenges, and carry no content
// (RFC 9110 §9.3.2). It runs once per resource, beside its GET.
var headProbe = Probe{
	Name:     probe.Head,
	Doc:      "HEAD without credentials: 401 with the same challenges as GET and no content",
	Requests: 1,
	Judges:   []string{"rfc9110/protected-resource-401", "rfc9110/head-matches-get", "rfc9110/head-content-length"},
	Applies:  func(r *Resource) bool { return r.HeadToo },
	Run: func(ctx context.Context, r *Resource, c *probe.Client, j Judging) *Verdicts {
		v := &Verdicts{}
		exs := c.Head(ctx, r.Path)
		judgeAll(v, j, exs)
		get := r.FinalUnauthenticated(ctx, c)
		for _, ex := range finalAnswers(exs) {
			v.relational(j, "rfc9110/protected-resource-401", ex, protectedFindings(r, ex))
			if get != nil {
				v.relational(j, "rfc9110/head-matches-get", ex, checks.CheckHeadMatchesGet(&get.Judge, &ex.Judge))
				v.relational(j, "rfc9110/head-content-length", ex, checks.CheckHeadContentLength(&get.Judge, &ex.Judge))
			}
		}
		return v
	},
}
