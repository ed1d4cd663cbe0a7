package checks

// Rules for the Concealed scheme, RFC 9729 (§1, §2, §4 and §6 read).

// ConcealedNoChallenge: RFC 9729 defines Concealed for credentials the
// client sends unprompted (§1: "it is possible for clients to send such
// information unprompted"); its parameters k, a, p, s and v are all
// credential parameters (§4) and it defines no challenge. Its point is a
// resource whose existence "cannot be probed" (§6.4), which a challenge
// announcing the scheme defeats. Info: nothing forbids the challenge.
var ConcealedNoChallenge = registerChecked(Rule{
	ID:          "rfc9729/concealed-no-challenge",
	RFC:         "RFC 9729",
	Section:     "1, 4, 6.4",
	Level:       Info,
	Requirement: "Concealed is not advertised in challenges: RFC 9729 defines no challenge for it, and advertising it makes the resource probeable.",
	Scheme:      "Concealed",
	Applies:     schOffers("Concealed"),
}, func(r *Rule, c *Context) []Finding {
	return schEach(c, "Concealed", func(ch *Challenge) []Finding {
		return []Finding{schChallengeFinding(r, c, ch,
			"Concealed is advertised in a challenge, but RFC 9729 defines none: clients send Concealed credentials unprompted, and a resource meant to be unprobeable should answer failures like a missing resource (e.g. 404)")}
	})
})
