package suite

import (
	"context"

	"github.com/authspec/authspec/internal/checks"
	"github.com/authspec/authspec/internal/probe"
)

// unauthenticatedProbe asks for the resource with no credentials at all.
// The target declared the resource protected, so the answer must be a 401
// (407 from a proxy) with a valid challenge and a diagnostic body.
var unauthenticatedProbe = Probe{
	Name:     probe.Unauthenticated,
	Doc:      "no credentials: expect 401 (407 from a proxy) with a valid challenge and a diagnostic body",
	Requests: 1,
	Judges:   []string{"rfc9110/protected-resource-401", "rfc9110/expected-scheme-offered", "openapi/declared-scheme-offered"},
	Run: func(ctx context.Context, r *Resource, c *probe.Client, j Judging) *Verdicts {
		v := &Verdicts{}
		exs := r.Unauthenticated(ctx, c)
		judgeAll(v, j, exs)
		for _, ex := range finalAnswers(exs) {
			if why := mcpMethodRefused(&r.RT.Target, ex); why != "" {
				mcpInfo(v, "rfc9110/protected-resource-401", ex, why)
				continue
			}
			v.relational(j, "rfc9110/protected-resource-401", ex, protectedFindings(r, ex))
			judgeDeclaredSchemes(v, j, r, ex) // OpenAPI-derived resources only
			if schemes := r.RT.Target.ExpectSchemes; len(schemes) > 0 {
				v.relational(j, "rfc9110/expected-scheme-offered", ex, checks.CheckExpectedSchemes(&ex.Judge, schemes))
			}
		}
		return v
	},
}
