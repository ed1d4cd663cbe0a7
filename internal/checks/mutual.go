package checks

import (
	"strings"
)

// Rules for the Mutual scheme, RFC 8120 §4 and §4.1 (read in full).

// mutualInitParams are the parameters RFC 8120 §4.1 marks "mandatory" in a
// 401-INIT or 401-STALE challenge (the challenges carrying "reason").
var mutualInitParams = []string{"version", "algorithm", "validation", "realm", "reason"}

// MutualInitParams: RFC 8120 §4.1, "The challenge SHALL contain all of the
// parameters marked "mandatory" below": version, algorithm, validation,
// realm and reason.
var MutualInitParams = registerChecked(Rule{
	ID:          "rfc8120/mutual-init-params",
	RFC:         "RFC 8120",
	Section:     "4.1",
	Level:       Must,
	Requirement: "A Mutual 401-INIT/401-STALE challenge (one with reason) carries version, algorithm, validation and realm.",
	Scheme:      "Mutual",
	Applies:     schOffers("Mutual"),
}, func(r *Rule, c *Context) []Finding {
	return schEach(c, "Mutual", func(ch *Challenge) []Finding {
		if _, ok := ch.Param("reason"); !ok {
			return nil // a 401-KEX-S1 challenge has other parameters
		}
		var missing []string
		for _, name := range mutualInitParams {
			if _, ok := ch.Param(name); !ok {
				missing = append(missing, name)
			}
		}
		if len(missing) == 0 {
			return nil
		}
		return []Finding{schChallengeFinding(r, c, ch,
			"Mutual challenge with reason lacks the mandatory "+strings.Join(missing, ", ")+`: send e.g. Mutual version=1, algorithm=iso-kam3-dl-2048-sha256, validation=host, realm="api", reason=initial`)}
	})
})

// MutualExclusive: RFC 8120 §4, "For responses, the parameters "reason",
// any "ks#" ..., and "vks" are mutually exclusive; any challenges MUST NOT
// contain two or more parameters among them. They MUST NOT contain any
// "kc#" or "vkc" parameters."
var MutualExclusive = registerChecked(Rule{
	ID:          "rfc8120/mutual-exclusive-params",
	RFC:         "RFC 8120",
	Section:     "4",
	Level:       Must,
	Requirement: "A Mutual challenge carries at most one of reason, ks#, vks, and never the client-side kc# or vkc.",
	Scheme:      "Mutual",
	Applies:     schOffers("Mutual"),
}, func(r *Rule, c *Context) []Finding {
	return schEach(c, "Mutual", func(ch *Challenge) []Finding {
		var out []Finding
		var server []string
		for _, p := range ch.Params {
			name := strings.ToLower(p.Name)
			switch {
			case name == "reason" || name == "vks" || mutualNumbered(name, "ks"):
				server = append(server, name)
			case name == "vkc" || mutualNumbered(name, "kc"):
				out = append(out, schParamFinding(r, c, ch, p,
					"Mutual "+name+" is a client parameter and must not appear in a challenge"))
			}
		}
		if len(server) > 1 {
			out = append(out, schChallengeFinding(r, c, ch,
				"Mutual challenge mixes "+strings.Join(server, ", ")+", which are mutually exclusive: each message carries exactly one of them"))
		}
		return out
	})
})

// mutualNumbered reports whether name is prefix followed by a decimal
// integer ("ks1", "kc12").
func mutualNumbered(name, prefix string) bool {
	return strings.HasPrefix(name, prefix) && schIsDigits(name[len(prefix):])
}

// MutualVersion: RFC 8120 §4, "Implementations of the protocol described in
// this specification MUST always send a token "1" to represent the version
// number."
var MutualVersion = registerChecked(Rule{
	ID:          "rfc8120/mutual-version",
	RFC:         "RFC 8120",
	Section:     "4",
	Level:       Must,
	Requirement: `A Mutual challenge's version, when present, is "1".`,
	Scheme:      "Mutual",
	Applies:     schOffers("Mutual"),
}, func(r *Rule, c *Context) []Finding {
	return schEach(c, "Mutual", func(ch *Challenge) []Finding {
		var out []Finding
		for _, p := range schParams(ch, "version") {
			if p.Value != "1" {
				out = append(out, schParamFinding(r, c, ch, p, "Mutual version must be the token 1: send version=1"))
			}
		}
		return out
	})
})

// MutualAuthInfoNotInTrailer: RFC 8120 §4.5, on the Authentication-Info of
// a 200-VFY-S message: "The header MUST be sent before the content body;
// it MUST NOT be sent in the trailer of a chunked-encoded response." RFC
// 9110 §11.6.3 lets Authentication-Info go in the trailers only "when the
// authentication scheme explicitly allows this"; Mutual explicitly
// forbids it, because the client must verify the server (vks) before it
// trusts the content. The field is Mutual's when the request carried
// Mutual credentials, or when it carries vks, which only RFC 8120 defines
// (§4.5: the 200-VFY-S "SHALL contain an Authentication-Info header with a
// "vks" parameter"). Other schemes are not judged here: Digest allows the
// trailer (RFC 7616 §3.5), and what an unknown scheme allows cannot be
// known from the response.
var MutualAuthInfoNotInTrailer = registerChecked(Rule{
	ID:          "rfc8120/mutual-authentication-info-not-in-trailer",
	RFC:         "RFC 8120",
	Section:     "4.5",
	Level:       Must,
	Severity:    Medium,
	Requirement: "Mutual's Authentication-Info (the 200-VFY-S message, with vks) goes in the header section, before the content, never in the trailer section of a chunked response.",
	Scheme:      "Mutual",
	Applies: func(c *Context) bool {
		return len(c.Ex.Trailer.Values("Authentication-Info")) > 0
	},
}, func(r *Rule, c *Context) []Finding {
	var out []Finding
	sentMutual := strings.EqualFold(c.Ex.SentScheme(), "Mutual")
	for _, line := range c.Ex.Trailer.Values("Authentication-Info") {
		if !sentMutual && !mutualVerifierIn(line) {
			continue
		}
		out = append(out, finding(r, "Mutual's Authentication-Info came in the trailer section of the chunked response; RFC 8120 §4.5 wants it in the header section, before the content, so that the client verifies the server (vks) before it reads the content: send it as a header field", line))
	}
	return out
})

// mutualVerifierIn reports whether an Authentication-Info value carries
// vks, the server's verifier, which only Mutual defines (RFC 8120 §4.5).
func mutualVerifierIn(value string) bool {
	params, _ := ParseAuthParams(value)
	for _, p := range params {
		if strings.EqualFold(p.Name, "vks") {
			return true
		}
	}
	return false
}
