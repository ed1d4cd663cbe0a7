package checks

// Rules for the vapid scheme, RFC 8292 §3 (read in full).

// VapidNotProxy: RFC 8292 §3, "this authentication scheme MUST NOT be used
// with the Proxy-Authenticate or Proxy-Authorization header fields." Only
// Proxy-Authenticate is judged: a 401 relayed by a proxy target carries the
// push service's own WWW-Authenticate.
var VapidNotProxy = registerChecked(Rule{
	ID:          "rfc8292/vapid-not-proxy",
	RFC:         "RFC 8292",
	Section:     "3",
	Level:       Must,
	Requirement: "vapid is for origin servers (push services) only: it never appears in Proxy-Authenticate.",
	Scheme:      "vapid",
	Applies:     func(c *Context) bool { return schInProxyField(c) && c.Offers("vapid") },
}, func(r *Rule, c *Context) []Finding {
	return schEach(c, "vapid", func(ch *Challenge) []Finding {
		return []Finding{schChallengeFinding(r, c, ch,
			"vapid is offered in Proxy-Authenticate, but RFC 8292 allows it only for origin-server authentication")}
	})
})

// VapidBare: RFC 8292 §3, "The challenge for the "vapid" authentication
// scheme contains only the "auth-scheme" production. No parameters are
// currently defined." Info: a later document may define some, and
// recipients ignore parameters they do not know.
var VapidBare = registerChecked(Rule{
	ID:          "rfc8292/vapid-bare-challenge",
	RFC:         "RFC 8292",
	Section:     "3",
	Level:       Info,
	Requirement: "A vapid challenge is the bare scheme name: RFC 8292 defines no challenge parameters (t and k belong in Authorization).",
	Scheme:      "vapid",
	Applies:     schOffers("vapid"),
}, func(r *Rule, c *Context) []Finding {
	return schEach(c, "vapid", func(ch *Challenge) []Finding {
		if len(ch.Params) == 0 && !ch.HasToken68 {
			return nil
		}
		return []Finding{schChallengeFinding(r, c, ch,
			"vapid challenge carries data, but RFC 8292 defines none for challenges (t and k go in the client's Authorization): send WWW-Authenticate: vapid")}
	})
})
