package checks

import (
	"fmt"
	"strconv"
	"strings"
)

// Rules for the HOBA scheme, RFC 7486 §2 and §3 (read in full).

// HOBAChallengeRequired: RFC 7486 §3, "The "challenge" attribute MUST be
// included."
var HOBAChallengeRequired = registerChecked(Rule{
	ID:          "rfc7486/hoba-challenge-required",
	RFC:         "RFC 7486",
	Section:     "3",
	Level:       Must,
	Requirement: "Every HOBA challenge carries a challenge attribute.",
	Scheme:      "HOBA",
	Applies:     schOffers("HOBA"),
}, func(r *Rule, c *Context) []Finding {
	return schEach(c, "HOBA", func(ch *Challenge) []Finding {
		if _, ok := ch.Param("challenge"); ok {
			return nil
		}
		return []Finding{schChallengeFinding(r, c, ch,
			`HOBA challenge has no challenge attribute: send fresh base64url bytes for the client to sign, e.g. HOBA challenge="eHJnbndyZw", max-age=10`)}
	})
})

// HOBAMaxAgeRequired: RFC 7486 §3, "A "max-age" attribute MUST be included."
// It "specifies the number of seconds".
var HOBAMaxAgeRequired = registerChecked(Rule{
	ID:          "rfc7486/hoba-max-age-required",
	RFC:         "RFC 7486",
	Section:     "3",
	Level:       Must,
	Requirement: "Every HOBA challenge carries a max-age attribute, a number of seconds.",
	Scheme:      "HOBA",
	Applies:     schOffers("HOBA"),
}, func(r *Rule, c *Context) []Finding {
	return schEach(c, "HOBA", func(ch *Challenge) []Finding {
		p, ok := ch.Param("max-age")
		if !ok {
			return []Finding{schChallengeFinding(r, c, ch,
				"HOBA challenge has no max-age attribute: say for how many seconds a signature is accepted, e.g. max-age=10")}
		}
		if !schIsDigits(p.Value) {
			return []Finding{schParamFinding(r, c, ch, p,
				"HOBA max-age is a number of seconds: send e.g. max-age=10")}
		}
		return nil
	})
})

// HOBAChallengeBase64URL: RFC 7486 §3, the challenge "is the string made up
// of the base64url-encoded octets"; §2 (Figure 1) gives its grammar as
// 1*base64urlchars (letters, digits, "-", "_", "=").
var HOBAChallengeBase64URL = registerChecked(Rule{
	ID:          "rfc7486/hoba-challenge-base64url",
	RFC:         "RFC 7486",
	Section:     "2, 3",
	Level:       Must,
	Requirement: "A HOBA challenge value is base64url text (letters, digits, '-', '_', '=').",
	Scheme:      "HOBA",
	Applies:     schOffers("HOBA"),
}, func(r *Rule, c *Context) []Finding {
	return schEach(c, "HOBA", func(ch *Challenge) []Finding {
		var out []Finding
		for _, p := range schParams(ch, "challenge") {
			if _, bad := schInSet(p.Value, hobaBase64URLChar); bad || p.Value == "" {
				out = append(out, schParamFinding(r, c, ch, p,
					"HOBA challenge must be base64url text (A-Z a-z 0-9 - _ and '=' padding): encode the random bytes with base64url"))
			}
		}
		return out
	})
})

// HOBAChallengeLength: RFC 7486 §2, the challenge "SHOULD be
// indistinguishable from (the base64url encoding of) a random string that
// is at least 128 bits long". Randomness cannot be seen from outside; the
// length can: a challenge of fewer than 16 decoded bytes cannot be one.
var HOBAChallengeLength = registerChecked(Rule{
	ID:          "rfc7486/hoba-challenge-length",
	RFC:         "RFC 7486",
	Section:     "2",
	Level:       Should,
	Severity:    Low,
	Requirement: "A HOBA challenge decodes to at least 16 bytes (128 bits), as a random string that long would.",
	Scheme:      "HOBA",
	Applies:     schOffers("HOBA"),
}, func(r *Rule, c *Context) []Finding {
	return schEach(c, "HOBA", func(ch *Challenge) []Finding {
		var out []Finding
		for _, p := range schParams(ch, "challenge") {
			if _, bad := schInSet(p.Value, hobaBase64URLChar); bad || p.Value == "" {
				continue // rfc7486/hoba-challenge-base64url reports it
			}
			if bits := len(strings.TrimRight(p.Value, "=")) * 6; bits < 128 {
				out = append(out, schParamFinding(r, c, ch, p,
					fmt.Sprintf("the HOBA challenge carries at most %d bits: send at least 128 random bits (22 base64url characters), so it cannot be guessed", bits)))
			}
		}
		return out
	})
})

// hobaBase64URLChar is RFC 7486 Figure 1's base64urlchars: digits, letters,
// "-", "_" and "=". The grammar allows "=" anywhere, so only the character
// class is judged.
func hobaBase64URLChar(b byte) bool {
	return schIsAlnum(b) || b == '-' || b == '_' || b == '='
}

// HOBAChallengeUnique: RFC 7486 §3, "The challenge MUST be unique for every
// 401 HTTP response in order to prevent replay attacks from passive
// observers." (audit M22) Judged on the repeated-challenge probe's answers:
// the same request three times must get three challenges.
var HOBAChallengeUnique = register(Rule{
	ID:          "rfc7486/hoba-challenge-unique",
	RFC:         "RFC 7486",
	Section:     "3",
	Level:       Must,
	Severity:    High,
	Requirement: "Every 401 carries a HOBA challenge value of its own: two 401s never repeat one.",
	Scheme:      "HOBA",
})

// CheckHOBAUnique reports the HOBA challenge values b repeats from a.
func CheckHOBAUnique(a, b *Exchange) []Finding {
	if a.Status != 401 || b.Status != 401 {
		return nil
	}
	seen := map[string]bool{}
	for _, ch := range fwResponseChallenges(a) {
		if p, ok := ch.Param("challenge"); ok && ch.Is("HOBA") && p.Value != "" {
			seen[p.Value] = true
		}
	}
	for _, ch := range fwResponseChallenges(b) {
		if p, ok := ch.Param("challenge"); ok && ch.Is("HOBA") && seen[p.Value] {
			return []Finding{finding(HOBAChallengeUnique, "two 401s carry the same HOBA challenge "+strconv.Quote(clip(p.Value))+
				": generate a fresh random challenge for every 401, or a passive observer can replay a signature", "")}
		}
	}
	return nil
}
