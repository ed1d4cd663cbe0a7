package checks

// Rules for the GNAP scheme, RFC 9635 §9.1 (as read by the audit of
// 2026-12 in the RFC's text).

// GNAPAsURI: RFC 9635 §9.1, "The RS MAY additionally return the following
// OPTIONAL parameters: as_uri: The URI of the grant endpoint of the GNAP AS.
// Used by the client instance to call the AS to request an access token."
// OPTIONAL, so the rule informs: a GNAP challenge without as_uri leaves the
// client to find the AS some other way. Note that RFC 9635's own example
// (as_uri=https://as.example/tx;access=...) is a bare token holding ";" and
// "/": not valid auth-param syntax, so a server copying it fails the
// mission rule rfc9110/challenge-grammar; quote the value.
var GNAPAsURI = registerChecked(Rule{
	ID:          "rfc9635/gnap-as-uri",
	RFC:         "RFC 9635",
	Section:     "9.1",
	Level:       Info,
	Severity:    Informative,
	Requirement: "A GNAP challenge may carry as_uri (OPTIONAL), the grant endpoint a client asks for access; without it the client must find the AS another way.",
	Scheme:      "GNAP",
	Applies:     schOffers("GNAP"),
}, func(r *Rule, c *Context) []Finding {
	return schEach(c, "GNAP", func(ch *Challenge) []Finding {
		if p, ok := ch.Param("as_uri"); ok && p.Value != "" {
			return nil
		}
		return []Finding{schChallengeFinding(r, c, ch,
			`GNAP challenge does not name the authorization server (as_uri is OPTIONAL): clients that do not know the AS cannot ask it for access; add as_uri as a quoted-string, e.g. GNAP as_uri="https://as.example/tx"`)}
	})
})
