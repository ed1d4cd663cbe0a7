package suite

import (
	"context"

	"github.com/authspec/authspec/internal/checks"
	"github.com/authspec/authspec/internal/probe"
)

// headProbe asks with HEAD and no credentials. The answer must demand
// authentication like GET's, with the same challenges, and carry no content
// (RFC 9110 §9.3.2). It runs once per resource, beside its GET.
//
// When HEAD's Content-Length differs from GET's content, it asks with GET
// once more: a second answer of the same length shows GET's 401 has one
// length, which HEAD must announce exactly (RFC 9110 §8.6); lengths that
// vary (a request id in the body) hold HEAD only to "some content" or
// "none".
var headProbe = Probe{
	Name:     probe.Head,
	Doc:      "HEAD without credentials: 401 with the same challenges as GET, no content, GET's length if it announces one",
	Requests: 2,
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
				v.relational(j, "rfc9110/head-content-length", ex, checks.CheckHeadContentLength(&get.Judge, &ex.Judge, getAgain(ctx, r, c, j, v, get, ex)...))
			}
		}
		return v
	},
}

// getAgain sends the unauthenticated GET a second time when the HEAD
// answer's Content-Length differs from the first GET's content, judges
// the answer like any other, and returns it for the length comparison.
func getAgain(ctx context.Context, r *Resource, c *probe.Client, j Judging, v *Verdicts, get, head *probe.Exchange) []*checks.Exchange {
	if !checks.HeadLengthDiffers(&get.Judge, &head.Judge) {
		return nil
	}
	exs := c.GetAgain(ctx, r.Path)
	judgeAll(v, j, exs)
	if final := finalAnswer(exs); final != nil {
		return []*checks.Exchange{&final.Judge}
	}
	return nil
}
