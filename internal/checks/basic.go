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

// How the declared non-ASCII Basic credentials were encoded
// (Exchange.BasicCharset).
const (
	// BasicCharsetUTF8: the challenge offered charset="UTF-8", and the
	// credentials went in Unicode Normalization Form C, encoded in UTF-8,
	// as RFC 7617 §2.1 says such a server expects.
	BasicCharsetUTF8 = "UTF-8"
	// BasicCharsetUndefined: the challenge offered no charset; RFC 7617 §2
	// leaves the encoding of non-ASCII credentials undefined.
	BasicCharsetUndefined = "undefined"
)

// BasicUTF8CredentialsAccepted: RFC 7617 §2.1, charset="UTF-8" "indicates
// that the server expects character data to be converted to Unicode
// Normalization Form C ("NFC"...) and to be encoded into octets using the
// UTF-8 character encoding scheme" (audit M10). No keyword binds the
// server, and §2.1 calls the parameter "purely advisory": the rule informs.
// It says why the declared credentials were refused when they hold
// non-ASCII characters and were sent as the server's own challenge asked;
// whether the declared credentials get through at all is
// rfc9110/valid-credentials-accepted's to judge. Without charset the
// encoding is undefined (§2), and the rule is not judged.
//
// The normalization is the client's part (the server "expects character
// data to be converted"), so authspec sends NFC only and never judges how
// a server answers another normalization form.
var BasicUTF8CredentialsAccepted = register(Rule{
	ID:          "rfc7617/basic-utf8-credentials-accepted",
	RFC:         "RFC 7617",
	Section:     "2.1",
	Level:       Info,
	Severity:    Low,
	Requirement: `A server whose Basic challenge offers charset="UTF-8" lets in declared credentials holding non-ASCII characters when they are sent in Unicode NFC and UTF-8 (judged only for such credentials).`,
	Scheme:      "Basic",
})

// CheckBasicUTF8Accepted judges the answer to the declared Basic
// credentials. Only credentials holding non-ASCII characters, sent in NFC
// and UTF-8 because the challenge offered charset="UTF-8", are judged.
func CheckBasicUTF8Accepted(e *Exchange) []Finding {
	if e.BasicCharset != BasicCharsetUTF8 {
		return nil
	}
	return behExpectAccepted(BasicUTF8CredentialsAccepted, e,
		`the declared credentials, which hold characters outside US-ASCII, sent in Unicode NFC and UTF-8 as the challenge's charset="UTF-8" asks,`,
		`RFC 7617 §2.1 says charset="UTF-8" means the server expects user-id and password converted to Unicode Normalization Form C and encoded in UTF-8: `+
			`decode the credentials as UTF-8 and compare them in NFC, or leave charset out if the server expects another encoding (ISO-8859-1, say)`)
}
