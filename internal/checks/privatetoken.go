package checks

import (
	"encoding/binary"
	"fmt"
	"net"
	"strconv"
	"strings"
)

// Rules for the PrivateToken scheme, RFC 9577 §2.1 (§2.1.1 and §2.1.2 read
// in full).

// PrivateTokenChallengeRequired: RFC 9577 §2.1.2, the challenge parameter
// "is required for all challenges".
var PrivateTokenChallengeRequired = registerChecked(Rule{
	ID:      "rfc9577/privatetoken-challenge-required",
	RFC:     "RFC 9577",
	Section: "2.1.2",
	// "This parameter is required for all challenges": "required" in
	// lower case is no BCP 14 keyword, so a definition-only constraint,
	// SHOULD, as digest-nonce-required (levels.go).
	Level:       Should,
	Severity:    Medium,
	Requirement: "Every PrivateToken challenge carries a challenge parameter (a base64url TokenChallenge).",
	Scheme:      "PrivateToken",
	Applies:     schOffers("PrivateToken"),
}, func(r *Rule, c *Context) []Finding {
	return schEach(c, "PrivateToken", func(ch *Challenge) []Finding {
		if _, ok := ch.Param("challenge"); ok {
			return nil
		}
		return []Finding{schChallengeFinding(r, c, ch,
			`PrivateToken challenge has no challenge parameter: send the base64url TokenChallenge, e.g. PrivateToken challenge="AAIAEmlzc3Vlci5leGFtcGxlLm9yZwAAAA==", token-key="..."`)}
	})
})

// PrivateTokenBase64URL: RFC 9577 §2.1.2, challenge and token-key are
// base64url and "the base64url value MUST include padding".
var PrivateTokenBase64URL = registerChecked(Rule{
	ID:          "rfc9577/privatetoken-base64url-padded",
	RFC:         "RFC 9577",
	Section:     "2.1.2",
	Level:       Must,
	Requirement: "PrivateToken challenge and token-key values are base64url (RFC 4648 §5) with padding.",
	Scheme:      "PrivateToken",
	Applies:     schOffers("PrivateToken"),
}, func(r *Rule, c *Context) []Finding {
	return schEach(c, "PrivateToken", func(ch *Challenge) []Finding {
		var out []Finding
		for _, p := range ch.Params {
			name := strings.ToLower(p.Name)
			if name != "challenge" && name != "token-key" {
				continue
			}
			if !schIsBase64(p.Value, true, true) {
				out = append(out, schParamFinding(r, c, ch, p,
					"PrivateToken "+name+" must be base64url (A-Z a-z 0-9 - _) with '=' padding to a multiple of 4 characters, sent quoted when it ends in '='"))
			}
		}
		return out
	})
})

// PrivateTokenStructure: RFC 9577 §2.1.1, "All token challenges MUST begin
// with a 2-octet integer that defines the token type". §2.1.1 also defines
// the default TokenChallenge structure; for the two token types that use it
// (0x0001 and 0x0002) the whole structure is checked: issuer_name of 1 or
// more bytes, redemption_context of 0 or 32 bytes ("Challenges with
// redemption_context values of invalid lengths MUST be ignored"),
// origin_info, nothing after it. Its quote carries MUST, and the structure
// is presentation-language grammar: MUST (audit D14; it was SHOULD). Other
// token types may define their own structure and get only the type check.
var PrivateTokenStructure = registerChecked(Rule{
	ID:          "rfc9577/privatetoken-challenge-structure",
	RFC:         "RFC 9577",
	Section:     "2.1.1",
	Level:       Must,
	Severity:    Medium,
	Requirement: "A PrivateToken challenge decodes to a well-formed TokenChallenge: a 2-byte token type, then for types 1 and 2 the default structure of RFC 9577 §2.1.1.",
	Scheme:      "PrivateToken",
	Applies:     schOffers("PrivateToken"),
}, func(r *Rule, c *Context) []Finding {
	return schEach(c, "PrivateToken", func(ch *Challenge) []Finding {
		p, ok := ch.Param("challenge")
		if !ok || !schIsBase64(p.Value, true, true) {
			return nil // the two rules above report these
		}
		raw, err := schDecodeBase64URL(p.Value)
		if err != nil {
			return []Finding{schParamFinding(r, c, ch, p, "PrivateToken challenge does not decode as base64url: "+err.Error())}
		}
		if problem := privateTokenStructureProblem(raw); problem != "" {
			return []Finding{schParamFinding(r, c, ch, p, "PrivateToken challenge is not a well-formed TokenChallenge: "+problem)}
		}
		return nil
	})
})

// privateTokenStructureProblem returns what is wrong with a decoded
// TokenChallenge, or "" when nothing is.
func privateTokenStructureProblem(b []byte) string {
	if len(b) < 2 {
		return fmt.Sprintf("it is %d bytes long, too short for the 2-byte token type", len(b))
	}
	tokenType := binary.BigEndian.Uint16(b)
	if tokenType != 0x0001 && tokenType != 0x0002 {
		return "" // other types may define their own structure (§2.1.1)
	}
	rest := b[2:]
	issuer, rest, ok := privateTokenVector(rest, 2)
	if !ok || len(issuer) == 0 {
		return "issuer_name is missing or truncated (it needs a 2-byte length and at least one byte)"
	}
	ctx, rest, ok := privateTokenVector(rest, 1)
	if !ok || (len(ctx) != 0 && len(ctx) != 32) {
		return "redemption_context must be 0 or 32 bytes long"
	}
	_, rest, ok = privateTokenVector(rest, 2)
	if !ok {
		return "origin_info is missing or truncated"
	}
	if len(rest) != 0 {
		return fmt.Sprintf("%d unexpected bytes follow origin_info", len(rest))
	}
	return ""
}

// privateTokenVector reads one length-prefixed field (a 1- or 2-byte
// big-endian length, then that many bytes).
func privateTokenVector(b []byte, lenBytes int) (field, rest []byte, ok bool) {
	if len(b) < lenBytes {
		return nil, nil, false
	}
	n := int(b[0])
	if lenBytes == 2 {
		n = int(binary.BigEndian.Uint16(b))
	}
	b = b[lenBytes:]
	if len(b) < n {
		return nil, nil, false
	}
	return b[:n], b[n:], true
}

// PrivateTokenMaxAge: RFC 9577 §2.1.2, max-age "consists of the number of
// seconds for which the challenge will be accepted". No keyword: info.
var PrivateTokenMaxAge = registerChecked(Rule{
	ID:          "rfc9577/privatetoken-max-age",
	RFC:         "RFC 9577",
	Section:     "2.1.2",
	Level:       Info,
	Requirement: "A PrivateToken max-age, when present, is a number of seconds (digits only).",
	Scheme:      "PrivateToken",
	Applies:     schOffers("PrivateToken"),
}, func(r *Rule, c *Context) []Finding {
	return schEach(c, "PrivateToken", func(ch *Challenge) []Finding {
		var out []Finding
		for _, p := range schParams(ch, "max-age") {
			if !schIsDigits(p.Value) {
				out = append(out, schParamFinding(r, c, ch, p,
					"PrivateToken max-age is a number of seconds: send e.g. max-age=300"))
			}
		}
		return out
	})
})

// PrivateTokenOriginInfo: RFC 9577 §2.1.1, origin_info "If this field is
// not empty, the Origin MUST include its own name as one of the names in
// the list." Names are server names, "a hostname and optional port, where
// the port is implied to be "443" if missing" (§2.1.1.1). Judged for the
// token types with the default structure, when the request's authority is
// known.
var PrivateTokenOriginInfo = registerChecked(Rule{
	ID:          "rfc9577/privatetoken-origin-info",
	RFC:         "RFC 9577",
	Section:     "2.1.1",
	Level:       Must,
	Severity:    Medium,
	Requirement: "A PrivateToken challenge whose origin_info is not empty names the origin that sent it among its comma-separated names.",
	Scheme:      "PrivateToken",
	Applies:     func(c *Context) bool { return c.Offers("PrivateToken") && c.Ex.Authority != "" },
}, func(r *Rule, c *Context) []Finding {
	return schEach(c, "PrivateToken", func(ch *Challenge) []Finding {
		p, ok := ch.Param("challenge")
		if !ok {
			return nil
		}
		raw, err := schDecodeBase64URL(p.Value)
		if err != nil || privateTokenStructureProblem(raw) != "" || len(raw) < 2 {
			return nil // the structure rules report these
		}
		if t := binary.BigEndian.Uint16(raw); t != 0x0001 && t != 0x0002 {
			return nil
		}
		info := privateTokenOriginInfo(raw)
		if info == "" || privateTokenNamesOrigin(info, c.Ex.Authority) {
			return nil
		}
		return []Finding{schParamFinding(r, c, ch, p, "the TokenChallenge's origin_info "+strconv.Quote(clip(info))+
			" does not name this origin ("+c.Ex.Authority+"): a non-empty origin_info must include the origin's own name")}
	})
})

// privateTokenOriginInfo returns the origin_info of a well-formed default
// TokenChallenge.
func privateTokenOriginInfo(b []byte) string {
	_, rest, _ := privateTokenVector(b[2:], 2)
	_, rest, _ = privateTokenVector(rest, 1)
	info, _, _ := privateTokenVector(rest, 2)
	return string(info)
}

// privateTokenNamesOrigin reports whether the comma-separated server names
// of info include authority, the port 443 being implied where missing.
func privateTokenNamesOrigin(info, authority string) bool {
	norm := func(s string) string {
		s = strings.ToLower(s)
		if _, _, err := net.SplitHostPort(s); err != nil {
			s = net.JoinHostPort(strings.Trim(s, "[]"), "443")
		}
		return s
	}
	want := norm(authority)
	for _, name := range strings.Split(info, ",") {
		if norm(name) == want {
			return true
		}
	}
	return false
}
