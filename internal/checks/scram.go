package checks

import "strings"

// Rules for the SCRAM-SHA-1 and SCRAM-SHA-256 schemes, RFC 7804 §5 (read in
// full). Both schemes get the same rules under their own IDs, so a waiver of
// one does not silence the other.

// ScramDataBase64 holds the rules by scheme name. A repeated realm is
// rfc9110/auth-param-unique's: RFC 7804 §5's "the "realm" attribute MUST NOT
// appear more than once" is said of the client's Authorization, and the
// SCRAM realm-once rules it was cited for are aliases of that rule now.
var ScramDataBase64 = map[string]*Rule{}

var (
	_ = scramRules("SCRAM-SHA-1")
	_ = scramRules("SCRAM-SHA-256")
)

// scramRules registers the SCRAM rules for one scheme name.
func scramRules(scheme string) bool {
	slug := strings.ToLower(scheme)

	// RFC 7804 §7: data = "data=" base64, with base64 the padded
	// alphabet of RFC 4648 §4 that the section spells out; §5 says the
	// server's data attribute holds the "base64-encoded
	// "server-first-message"". The grammar carries the MUST (RFC 9110
	// §2.2), so the rule cites §7, not §5's keyword-less sentence (audit
	// of 2026-12, D14).
	ScramDataBase64[scheme] = registerChecked(Rule{
		ID:          "rfc7804/" + slug + "-data-base64",
		RFC:         "RFC 7804",
		Section:     "7",
		Level:       Must,
		Requirement: "The data attribute of a " + scheme + " challenge is base64 (RFC 4648 §4).",
		Scheme:      scheme,
		Applies:     schOffers(scheme),
	}, func(r *Rule, c *Context) []Finding {
		return schEach(c, scheme, func(ch *Challenge) []Finding {
			var out []Finding
			for _, p := range schParams(ch, "data") {
				if !schIsBase64(p.Value, false, false) {
					out = append(out, schParamFinding(r, c, ch, p,
						scheme+" data must be the base64-encoded server-first-message (A-Z a-z 0-9 + / and '=' padding, no whitespace)"))
				}
			}
			return out
		})
	})
	return true
}
