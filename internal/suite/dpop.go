package suite

import (
	"context"

	"github.com/authspec/authspec/internal/checks"
	"github.com/authspec/authspec/internal/probe"
)

// dpopForgeryProbe sends the declared DPoP-bound token with proofs forged
// one way each (RFC 9449 §4.3) and as a Bearer token (§7.2). It runs where
// a token and a dpop_key are declared and sends nothing unless the
// resource offers a DPoP challenge (probe.Client.DPoPForgery).
var dpopForgeryProbe = Probe{
	Name:     probe.DPoPForgery,
	Doc:      "the declared DPoP-bound token with forged proofs (two DPoP fields, alg none, HS256, wrong htm, wrong htu) and as Bearer: refused every time",
	Requests: 7,
	Judges: []string{"rfc9449/dpop-proof-single-field", "rfc9449/dpop-proof-asymmetric-alg", "rfc9449/dpop-proof-htm-checked",
		"rfc9449/dpop-proof-htu-checked", "rfc9449/dpop-bound-not-bearer"},
	Applies: func(r *Resource) bool {
		cr := r.RT.Target.Credentials
		return cr != nil && cr.Token != "" && cr.DPoPKey != nil
	},
	Run: func(ctx context.Context, r *Resource, c *probe.Client, j Judging) *Verdicts {
		v := &Verdicts{}
		exs := c.DPoPForgery(ctx, r.Method, r.Path, r.Offered(ctx, c))
		judgeAll(v, j, exs)
		byVariant := map[string]*probe.Exchange{}
		for _, ex := range finalAnswers(exs) {
			byVariant[ex.Variant] = ex
		}
		if ex := byVariant[probe.DPoPTwoFields]; ex != nil {
			v.relational(j, checks.DPoPProofSingleField.ID, ex, checks.CheckDPoPForgeryRefused(checks.DPoPProofSingleField, &ex.Judge, "the DPoP-bound token with two DPoP header fields"))
		}
		if ex := byVariant[probe.DPoPAlgNone]; ex != nil {
			v.relational(j, checks.DPoPProofAsymmetricAlg.ID, ex, checks.CheckDPoPForgeryRefused(checks.DPoPProofAsymmetricAlg, &ex.Judge, "a DPoP proof with alg \"none\" and no signature"))
		}
		if ex := byVariant[probe.DPoPHS256]; ex != nil {
			v.relational(j, checks.DPoPProofAsymmetricAlg.ID, ex, checks.CheckDPoPForgeryRefused(checks.DPoPProofAsymmetricAlg, &ex.Judge, "a DPoP proof signed with HS256, a symmetric algorithm"))
		}
		if ex := byVariant[probe.DPoPWrongHTM]; ex != nil {
			v.relational(j, checks.DPoPProofMethodChecked.ID, ex, checks.CheckDPoPForgeryRefused(checks.DPoPProofMethodChecked, &ex.Judge, "a DPoP proof whose htm names another method"))
		}
		if ex := byVariant[probe.DPoPWrongHTU]; ex != nil {
			v.relational(j, checks.DPoPProofURIChecked.ID, ex, checks.CheckDPoPForgeryRefused(checks.DPoPProofURIChecked, &ex.Judge, "a DPoP proof whose htu names another URI"))
		}
		if ex := byVariant[probe.DPoPAsBearer]; ex != nil {
			v.relational(j, checks.DPoPBoundNotBearer.ID, ex, checks.CheckDPoPForgeryRefused(checks.DPoPBoundNotBearer, &ex.Judge, "the DPoP-bound token sent as Authorization: Bearer"))
		}
		return v
	},
}
