package checks

// Rules for the Negotiate scheme, RFC 4559 §4.1 (read in full). RFC 4559's
// own grammar predates RFC 9110's; RFC 7235 §2.1 notes that Negotiate sends
// its token as a token68, which is how it is read here.

// NegotiateGSSAPIData: RFC 4559 §4.1, challenge = "Negotiate" auth-data,
// where gssapi-data "contains the base64 encoding of an
// initialContextToken". So a Negotiate challenge is bare or carries one
// base64 token, never auth-params.
var NegotiateGSSAPIData = registerChecked(Rule{
	ID:          "rfc4559/negotiate-gssapi-data",
	RFC:         "RFC 4559",
	Section:     "4.1",
	Level:       Must,
	Requirement: "A Negotiate challenge is either bare or carries a single base64 GSS-API token, never auth-params.",
	Scheme:      "Negotiate",
	Applies:     schOffers("Negotiate"),
}, func(r *Rule, c *Context) []Finding {
	return schEach(c, "Negotiate", func(ch *Challenge) []Finding {
		if len(ch.Params) > 0 {
			return []Finding{schChallengeFinding(r, c, ch,
				"Negotiate carries auth-params, but it takes only a base64 GSS-API token (or nothing, on the first 401): send WWW-Authenticate: Negotiate or Negotiate <base64 token>")}
		}
		if ch.HasToken68 && !schIsBase64(ch.Token68, false, false) {
			return []Finding{schChallengeFinding(r, c, ch,
				"Negotiate token is not base64 (A-Z a-z 0-9 + / and '=' padding): send the GSS-API token base64-encoded")}
		}
		return nil
	})
})

// NegotiateInitialBare: RFC 4559 §4.1, "The initial WWW-Authenticate header
// will not carry any gssapi-data." No keyword: info.
var NegotiateInitialBare = registerChecked(Rule{
	ID:          "rfc4559/negotiate-initial-bare",
	RFC:         "RFC 4559",
	Section:     "4.1",
	Level:       Info,
	Requirement: "A Negotiate challenge answering a request without credentials is bare: gssapi-data only continues an exchange.",
	Scheme:      "Negotiate",
	Applies:     func(c *Context) bool { return c.Ex.SentAuthorization == "" && c.Offers("Negotiate") },
}, func(r *Rule, c *Context) []Finding {
	return schEach(c, "Negotiate", func(ch *Challenge) []Finding {
		if !ch.HasToken68 {
			return nil
		}
		return []Finding{schChallengeFinding(r, c, ch,
			"the request carried no credentials, yet the Negotiate challenge carries gssapi-data: the first challenge is a bare WWW-Authenticate: Negotiate")}
	})
})
