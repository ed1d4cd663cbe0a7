package suite

import (
	"context"
	"strconv"

	"github.com/authspec/authspec/internal/checks"
	"github.com/authspec/authspec/internal/probe"
)

// dpopForgeryRules are the rules the dpop-forgery probe judges, each with
// the variant that tests it and what that variant sent.
var dpopForgeryRules = []struct {
	rule    *checks.Rule
	variant string
	what    string
}{
	{checks.DPoPProofSingleField, probe.DPoPTwoFields, "the DPoP-bound token with two DPoP header fields"},
	{checks.DPoPProofAsymmetricAlg, probe.DPoPAlgNone, "a DPoP proof with alg \"none\" and no signature"},
	{checks.DPoPProofAsymmetricAlg, probe.DPoPHS256, "a DPoP proof signed with HS256, a symmetric algorithm"},
	{checks.DPoPProofMethodChecked, probe.DPoPWrongHTM, "a DPoP proof whose htm names another method"},
	{checks.DPoPProofURIChecked, probe.DPoPWrongHTU, "a DPoP proof whose htu names another URI"},
	{checks.DPoPBoundNotBearer, probe.DPoPAsBearer, "the DPoP-bound token sent as Authorization: Bearer"},
}

// dpopForgeryProbe sends the declared DPoP-bound token with a correct
// proof, then with proofs forged one way each (RFC 9449 §4.3) and as a
// Bearer token (§7.2). It runs where a token and a dpop_key are declared
// and sends nothing unless the resource offers a DPoP challenge
// (probe.Client.DPoPForgery). A forgery's refusal counts only when the
// correct proof got through: otherwise the forgery rules are skipped with
// the reason, never passed.
var dpopForgeryProbe = Probe{
	Name:     probe.DPoPForgery,
	Doc:      "the declared DPoP-bound token with a correct proof (again with the nonce the server asks for), then, if that gets through, forged proofs (two DPoP fields, alg none, HS256, wrong htm, wrong htu) and as Bearer: refused every time",
	Requests: probe.DPoPForgeryRequests,
	Judges: []string{"rfc9449/dpop-proof-single-field", "rfc9449/dpop-proof-asymmetric-alg", "rfc9449/dpop-proof-htm-checked",
		"rfc9449/dpop-proof-htu-checked", "rfc9449/dpop-bound-not-bearer"},
	Applies: func(r *Resource) bool {
		cr := r.RT.Target.Credentials
		return cr != nil && cr.Token != "" && cr.DPoPKey != nil
	},
	Run: func(ctx context.Context, r *Resource, c *probe.Client, j Judging) *Verdicts {
		v := &Verdicts{}
		exs := c.DPoPForgery(ctx, r.Method, r.Path, r.Offered(ctx, c))
		if len(exs) == 0 {
			return v
		}
		judgeAll(v, j, exs)
		judgeDPoPForgeries(v, j, exs)
		return v
	},
}

// judgeDPoPForgeries judges each forgery's final answer, once the control
// (the correct proof) got a 2xx. When it did not, every forgery rule is
// skipped with the control's answer as the reason; a forgery refused only
// for want of a nonce (use_dpop_nonce) is skipped too: neither refusal
// says anything about what was forged.
func judgeDPoPForgeries(v *Verdicts, j Judging, exs []*probe.Exchange) {
	byVariant := map[string]*probe.Exchange{}
	for _, ex := range lastOfEach(exs) {
		byVariant[ex.Variant] = ex
	}
	control := byVariant[probe.DPoPValid]
	if why := dpopControlRefused(control); why != "" {
		skippedOnce := map[*checks.Rule]bool{}
		for _, f := range dpopForgeryRules {
			if !skippedOnce[f.rule] {
				skippedOnce[f.rule] = true
				v.skipped(f.rule.ID, whereOf(control), why)
			}
		}
		return
	}
	for _, f := range dpopForgeryRules {
		ex := byVariant[f.variant]
		switch {
		case ex == nil || ex.Err != nil:
			// Not sent, or not answered: the error is reported already.
		case checks.DPoPError(&ex.Judge) == "use_dpop_nonce":
			v.skipped(f.rule.ID, whereOf(ex), f.what+" was refused for its nonce (401 use_dpop_nonce), not for what was forged: the refusal proves nothing")
		default:
			v.relational(j, f.rule.ID, ex, checks.CheckDPoPForgeryRefused(f.rule, &ex.Judge, f.what))
		}
	}
}

// dpopControlRefused says why the control does not let the forgeries be
// judged, "" when it got the resource.
func dpopControlRefused(control *probe.Exchange) string {
	switch {
	case control.Succeeded():
		return ""
	case control.Err != nil:
		return "the valid DPoP proof got no answer (" + errorMessage(control) + "): the forgeries were not sent"
	}
	answer := strconv.Itoa(control.Judge.Status)
	if e := checks.DPoPError(&control.Judge); e != "" {
		answer += " " + e
	}
	return "the valid DPoP proof was refused (" + answer + "): the forgeries prove nothing, so they were not sent. Check that credentials.dpop_key is the key the token is bound to, and that the token is valid"
}
