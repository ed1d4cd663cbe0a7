package checks

// Rules for the GNAP scheme, RFC 9635.
//
// The text of RFC 9635 §9.1 could not be read in this session; what follows
// rests on secondary sources (implementations quoting the section), so it
// stays at info.

// GNAPAsURI: RFC 9635 §9.1 (not verified here): a resource server that
// challenges with GNAP tells the client where its authorization server's
// grant endpoint is, in the as_uri parameter.
var GNAPAsURI = registerChecked(Rule{
	ID:          "rfc9635/gnap-as-uri",
	RFC:         "RFC 9635",
	Section:     "9.1",
	Level:       Info,
	Requirement: "A GNAP challenge carries as_uri, the grant endpoint a client asks for access (RFC 9635 §9.1, text not verified here).",
	Scheme:      "GNAP",
	Applies:     schOffers("GNAP"),
}, func(r *Rule, c *Context) []Finding {
	return schEach(c, "GNAP", func(ch *Challenge) []Finding {
		if p, ok := ch.Param("as_uri"); ok && p.Value != "" {
			return nil
		}
		return []Finding{schChallengeFinding(r, c, ch,
			`GNAP challenge does not name the authorization server: add as_uri, e.g. GNAP as_uri="https://as.example/tx"`)}
	})
})
