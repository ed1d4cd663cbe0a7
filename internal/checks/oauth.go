package checks

// Rules for the OAuth (1.0) scheme, RFC 5849.
//
// The rule below rests on RFC 5849 §3.4.4, whose sentence on the PLAINTEXT
// method is quoted in quotes.go and held word for word against
// testdata/rfc/rfc5849.txt. The MUST binds the client that signs with
// PLAINTEXT; the server only offers the scheme, so the rule informs.

// OAuthCleartext notes OAuth 1.0 offered over plain http.
var OAuthCleartext = registerChecked(Rule{
	ID:          "rfc5849/oauth-cleartext",
	RFC:         "RFC 5849",
	Section:     "3.4.4, 4",
	Level:       Info,
	Requirement: "OAuth 1.0 is offered over TLS: over plain http the PLAINTEXT method exposes the client and token secrets.",
	Scheme:      "OAuth",
	Applies:     func(c *Context) bool { return !c.Ex.Secure && !c.Ex.Loopback && c.Offers("OAuth") },
}, func(r *Rule, c *Context) []Finding {
	return schEach(c, "OAuth", func(ch *Challenge) []Finding {
		return []Finding{schChallengeFinding(r, c, ch,
			"OAuth is offered over plain http: a client using the PLAINTEXT signature method would send its secrets in cleartext; serve the resource over https")}
	})
})
