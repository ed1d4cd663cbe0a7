package checks

import "strings"

// Rules for the Basic scheme, RFC 7617.

// BasicRealmRequired: RFC 7617 §2, "The authentication parameter 'realm' is
// REQUIRED".
var BasicRealmRequired = registerChecked(Rule{
	ID:          "rfc7617/basic-realm-required",
	RFC:         "RFC 7617",
	Section:     "2",
	Level:       Must,
	Requirement: "Every Basic challenge carries a realm parameter.",
	Scheme:      "Basic",
	Applies:     schOffers("Basic"),
}, func(r *Rule, c *Context) []Finding {
	return schEach(c, "Basic", func(ch *Challenge) []Finding {
		if _, ok := ch.Param("realm"); ok {
			return nil
		}
		if ch.HasToken68 && strings.EqualFold(strings.TrimRight(ch.Token68, "="), "realm") {
			return []Finding{schChallengeFinding(r, c, ch,
				`Basic challenge has no realm: "realm=" with no value is read as a token68 (RFC 9110 §11.2), not as a parameter; an empty realm is written realm="", a real one e.g. realm="api"`)}
		}
		return []Finding{schChallengeFinding(r, c, ch,
			`Basic challenge has no realm: send one, e.g. WWW-Authenticate: Basic realm="api"`)}
	})
})

// BasicCharset: RFC 7617 §2.1, "The only allowed value is "UTF-8"; it is to
// be matched case-insensitively". The sentence defines the parameter and
// carries no BCP 14 keyword: by the README's policy for definition-only
// constraints it is a SHOULD.
var BasicCharset = registerChecked(Rule{
	ID:          "rfc7617/basic-charset-value",
	RFC:         "RFC 7617",
	Section:     "2.1",
	Level:       Should,
	Requirement: `The charset parameter of a Basic challenge, when present, is "UTF-8" (matched case-insensitively).`,
	Scheme:      "Basic",
	Applies:     schOffers("Basic"),
}, func(r *Rule, c *Context) []Finding {
	return schEach(c, "Basic", func(ch *Challenge) []Finding {
		var out []Finding
		for _, p := range schParams(ch, "charset") {
			if !strings.EqualFold(p.Value, "UTF-8") {
				out = append(out, schParamFinding(r, c, ch, p,
					`the only charset Basic allows is UTF-8: send charset="UTF-8" or leave the parameter out`))
			}
		}
		return out
	})
})

// BasicCleartext: RFC 7617 §4, Basic "is not a secure method of user
// authentication" and sends the password in cleartext. Offering it over
// plain http invites clients to do exactly that.
var BasicCleartext = registerChecked(Rule{
	ID:          "rfc7617/basic-cleartext",
	RFC:         "RFC 7617",
	Section:     "4",
	Level:       Security,
	Severity:    High,
	Requirement: "Basic is offered only over TLS: over plain http the password crosses the network in cleartext.",
	Scheme:      "Basic",
	Applies:     func(c *Context) bool { return !c.Ex.Secure && !c.Ex.Loopback && c.Offers("Basic") },
}, func(r *Rule, c *Context) []Finding {
	return schEach(c, "Basic", func(ch *Challenge) []Finding {
		return []Finding{schChallengeFinding(r, c, ch,
			"Basic is offered over plain http, so a client that answers sends the password in cleartext: serve the resource over https (and redirect http to it)")}
	})
})
