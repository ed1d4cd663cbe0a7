package suite

import (
	"context"
	"strings"

	"github.com/authspec/authspec/checks"
	"github.com/authspec/authspec/probe"
)

// controlProbe sends the configured valid credentials, as offered by the
// challenges, and again with the scheme name in another case (RFC 9110
// §11.1). It proves the suite's own credential handling (Digest above all)
// against the server, and that the resource is usable at all.
var controlProbe = Probe{
	Name:     probe.Control,
	Doc:      "valid credentials get through, also with the scheme name in another case",
	Requests: 6,
	Judges:   []string{"rfc9110/valid-credentials-accepted", "rfc9110/scheme-case-insensitive"},
	Run: func(ctx context.Context, r *Resource, c *probe.Client, j Judging) *Verdicts {
		v := &Verdicts{}
		exs, skip := c.Control(ctx, r.Method, r.Path, r.Offered(ctx, c))
		if skip != "" {
			// Both of the probe's checks say why they were not judged.
			for _, id := range []string{"rfc9110/valid-credentials-accepted", "rfc9110/scheme-case-insensitive"} {
				v.skipped(id, Where{Method: r.Method, Path: r.Path, Probe: probe.Control}, skip)
			}
			return v
		}
		judgeAll(v, j, exs)
		accepted := map[string]bool{} // by lower-case scheme: the normal-case credentials got through
		var oddCase []*probe.Exchange
		for _, ex := range lastOfEach(answered(exs)) {
			if strings.HasPrefix(ex.Variant, "scheme-case") {
				oddCase = append(oddCase, ex)
				continue
			}
			fs := checks.CheckValidAccepted(&ex.Judge)
			if len(fs) == 0 {
				accepted[strings.ToLower(ex.Judge.SentScheme())] = true
			}
			v.relational(j, "rfc9110/valid-credentials-accepted", ex, fs)
		}
		for _, ex := range oddCase {
			// A refusal in odd case says something about case only when the
			// same credentials got through in normal case.
			if !accepted[strings.ToLower(ex.Judge.SentScheme())] {
				v.skipped("rfc9110/scheme-case-insensitive", whereOf(ex), "the same credentials were refused with the scheme in normal case too, so the odd case proves nothing")
				continue
			}
			v.relational(j, "rfc9110/scheme-case-insensitive", ex, checks.CheckSchemeCase(&ex.Judge))
		}
		return v
	},
}
