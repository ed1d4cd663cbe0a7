package checks

// The rules whose findings ParseChallenges produces. They judge nothing
// themselves: the parser reads the challenge field once (NewContext) and
// files each finding under one of these rules; each rule's Check hands back
// its own share.
//
// The findings come in two kinds that are never mixed:
//
//   - ChallengeGrammar: a part of the field that does not parse as
//     `#challenge` at all (RFC 9110 §11.6.1, §11.3). The challenge holding
//     the error is not returned.
//   - The others: the field parses, and a recipient can read it, but the
//     sender generated something the RFC forbids senders to generate (an
//     empty list element, whitespace around "=", a token realm, ...). The
//     challenges are still returned, read the way §5.6 tells recipients to
//     read them.
//
// Sections and keywords were checked against the text of RFC 9110 (httpwg
// http-core, draft-ietf-httpbis-semantics and the published RFC).

// ChallengeGrammar is authspec's mission rule: every challenge must parse.
var ChallengeGrammar = registerParseRule(Rule{
	ID:      "rfc9110/challenge-grammar",
	RFC:     "RFC 9110",
	Section: "11.6.1, 11.3",
	Level:   Must,
	Requirement: `The challenge field parses as #challenge, each challenge being ` +
		`auth-scheme [ 1*SP ( token68 / #auth-param ) ] with auth-param = token BWS "=" BWS ( token / quoted-string ).`,
	Mission: true,
})

// ListEmptyElement: §5.6.1.1, "In any production that uses the list
// construct, a sender MUST NOT generate empty list elements." §5.6.1.2 has
// the recipient parse and ignore them, so the challenges are still returned.
var ListEmptyElement = registerParseRule(Rule{
	ID:          "rfc9110/list-empty-element",
	RFC:         "RFC 9110",
	Section:     "5.6.1.1",
	Level:       Must,
	Requirement: `The challenge list and each auth-param list have no empty elements (no leading, trailing or doubled ",").`,
})

// AuthParamBWS: §5.6.3, "A sender MUST NOT generate BWS in messages. A
// recipient MUST parse for such bad whitespace and remove it"; §11.2 puts BWS
// on both sides of an auth-param's "=".
var AuthParamBWS = registerParseRule(Rule{
	ID:          "rfc9110/auth-param-bws",
	RFC:         "RFC 9110",
	Section:     "5.6.3, 11.2",
	Level:       Must,
	Requirement: `No whitespace around the "=" of an auth-param (BWS): write name=value.`,
})

// RealmQuoted: §11.5, "For historical reasons, a sender MUST only generate
// the quoted-string syntax" for realm. It holds for every scheme.
var RealmQuoted = registerParseRule(Rule{
	ID:          "rfc9110/realm-quoted",
	RFC:         "RFC 9110",
	Section:     "11.5",
	Level:       Must,
	Requirement: `A realm parameter is sent as a quoted-string (realm="x"), never as a token (realm=x).`,
})

// AuthParamUnique: §11.2, "the name token is matched case-insensitively and
// each parameter name MUST only occur once per challenge." The schemes'
// own "MUST NOT appear more than once" (Bearer, HOBA) say the same of some
// of their parameters; their rules failed with this one on every repeat,
// so they became aliases of it (audit 2026-12, D9). The SCRAM ones cited a
// sentence about the client's Authorization.
var AuthParamUnique = registerParseRule(Rule{
	ID:          "rfc9110/auth-param-unique",
	Aliases:     []string{"rfc6750/bearer-param-once", "rfc7486/hoba-realm-once", "rfc7804/scram-sha-1-realm-once", "rfc7804/scram-sha-256-realm-once"},
	RFC:         "RFC 9110",
	Section:     "11.2",
	Level:       Must,
	Requirement: "Each parameter name occurs at most once per challenge, names compared case-insensitively.",
})

// Token68Exclusive: the challenge ABNF of §11.3 offers token68 or
// #auth-param, not both. A token68 followed by "," and then name=value is
// the one shape where the sender's intent is clear enough to name the fault
// precisely, so it gets this rule rather than the generic grammar error, and
// the challenge is returned with both its Token68 and its Params.
var Token68Exclusive = registerParseRule(Rule{
	ID:          "rfc9110/token68-exclusive",
	RFC:         "RFC 9110",
	Section:     "11.3",
	Level:       Must,
	Requirement: "A challenge carries either one token68 or a list of auth-params, never a token68 followed by auth-params.",
})

// QuotedPairEscape: §5.6.4, "A sender SHOULD NOT generate a quoted-pair in a
// quoted-string except where necessary to quote DQUOTE and backslash octets
// occurring within that string."
var QuotedPairEscape = registerParseRule(Rule{
	ID:          "rfc9110/quoted-pair-escape",
	RFC:         "RFC 9110",
	Section:     "5.6.4",
	Level:       Should,
	Requirement: `Inside a quoted-string only " and \ are escaped with a backslash.`,
})

// FieldControlChars: §5.5, field-vchar admits no CTL; "Field values
// containing CR, LF, or NUL characters are invalid and dangerous" and "Field
// values containing other CTL characters are also invalid". The parser reads
// CR, LF and NUL as SP (what §5.5 lets a recipient do) and keeps other CTLs
// inside a quoted-string (the "safe context" §5.5 allows).
var FieldControlChars = registerParseRule(Rule{
	ID:          "rfc9110/field-control-chars",
	RFC:         "RFC 9110",
	Section:     "5.5",
	Level:       Must,
	Requirement: "The field value holds no control characters other than HTAB (no NUL, CR, LF, DEL or other CTL).",
})

// registerParseRule registers one of the parser's rules: it applies when the
// challenge field is present at all (a missing field is the business of the
// rules that demand one), and its check hands back the parser findings filed
// under it.
func registerParseRule(r Rule) *Rule {
	p := register(r)
	p.Applies = func(c *Context) bool { return len(c.Lines) > 0 }
	p.Check = func(c *Context) []Finding { return c.parseFindingsOf(p) }
	return p
}
