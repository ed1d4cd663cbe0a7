package checks

import (
	"fmt"
	"strings"
)

// RFC 3986 syntax, for the parameters and members that other RFCs define as
// URIs or URI references: Bearer's error_uri (RFC 6750 §3), problem
// details' type and instance (RFC 9457 §3.1.1, §3.1.5). Go's url.Parse is
// made to read what browsers send, not to judge it: it accepts "{", "|",
// "^", a second "#" and any non-ASCII byte, none of which a URI may hold.
// A URI is ASCII (RFC 3986 §2); an IRI (RFC 3987) is not a URI, and the
// RFCs above ask for URIs, so non-ASCII text must be percent-encoded.

// uriReferenceProblem says why s is not a URI-reference (RFC 3986 §4.1),
// or returns "" when it is one. It checks what a black-box client can get
// wrong without a full parser: every character is unreserved, reserved or
// part of a pct-encoded triplet (§2); "#" starts the fragment and may not
// appear again (§3.5); "[" and "]" appear only in the authority, around an
// IP literal (§3.2.2); and a ":" before the first "/", "?" or "#" ends a
// scheme, which starts with a letter (§3.1) — a relative reference's first
// segment has no colon (§4.2, segment-nz-nc).
func uriReferenceProblem(s string) string {
	for i := 0; i < len(s); i++ {
		b := s[i]
		switch {
		case b == '%':
			if i+2 >= len(s) || !uriHexDigit(s[i+1]) || !uriHexDigit(s[i+2]) {
				return fmt.Sprintf(`has a "%%" at byte %d that is not followed by two hexadecimal digits (RFC 3986 §2.1: pct-encoded = "%%" HEXDIG HEXDIG)`, i)
			}
			i += 2
		case b >= 0x80:
			return fmt.Sprintf("has a non-ASCII byte %#02x at byte %d: a URI is ASCII (RFC 3986 §2); percent-encode the UTF-8 bytes", b, i)
		case !uriUnreserved(b) && !uriReserved(b):
			return fmt.Sprintf("has the character %q at byte %d, which RFC 3986 §2 does not allow in a URI: percent-encode it", b, i)
		}
	}
	if i := strings.IndexByte(s, '#'); i >= 0 && strings.IndexByte(s[i+1:], '#') >= 0 {
		return `has a second "#": the fragment (RFC 3986 §3.5) cannot contain "#"; percent-encode it as %23`
	}
	if scheme, ok := uriSchemePart(s); ok && !uriValidScheme(scheme) {
		return fmt.Sprintf("has a colon after %q, which is not a scheme (RFC 3986 §3.1: a letter, then letters, digits, \"+\", \"-\" or \".\"); a relative reference cannot have a colon in its first segment (§4.2)", clip(scheme))
	}
	if bad := uriBracketOutsideAuthority(s); bad != 0 {
		return fmt.Sprintf(`has %q outside the authority: RFC 3986 allows "[" and "]" only around an IP literal host (§3.2.2); percent-encode it`, bad)
	}
	return ""
}

// uriAbsoluteProblem says why s is not a URI with a scheme, or returns ""
// when it is one. RFC 3986's absolute-URI (§4.3) has no fragment; RFC 6750
// calls error_uri "an absolute URI identifying a human-readable web page",
// and a page with a fragment is still that page, so a fragment is allowed
// here: the judgement is about the scheme that makes the URI resolvable
// without a base.
func uriAbsoluteProblem(s string) string {
	if p := uriReferenceProblem(s); p != "" {
		return p
	}
	if _, ok := uriSchemePart(s); !ok {
		return "is a relative reference, not an absolute URI: it has no scheme, so a client has no base to resolve it against"
	}
	return ""
}

// uriSchemePart returns what precedes the first ":" when that colon comes
// before any "/", "?" or "#": the scheme, if s is a URI.
func uriSchemePart(s string) (string, bool) {
	end := strings.IndexAny(s, "/?#")
	if end < 0 {
		end = len(s)
	}
	i := strings.IndexByte(s[:end], ':')
	if i < 0 {
		return "", false
	}
	return s[:i], true
}

// uriValidScheme: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ).
func uriValidScheme(s string) bool {
	if s == "" || !uriAlpha(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		if b := s[i]; !uriAlpha(b) && !uriDigit(b) && b != '+' && b != '-' && b != '.' {
			return false
		}
	}
	return true
}

// uriBracketOutsideAuthority returns a "[" or "]" found outside the
// authority component ("//" up to the next "/", "?" or "#"), or 0.
func uriBracketOutsideAuthority(s string) byte {
	rest := s
	if scheme, ok := uriSchemePart(s); ok {
		rest = s[len(scheme)+1:]
	}
	if strings.HasPrefix(rest, "//") {
		authority := rest[2:]
		if end := strings.IndexAny(authority, "/?#"); end >= 0 {
			authority = authority[:end]
		}
		rest = rest[2+len(authority):]
	}
	if i := strings.IndexAny(rest, "[]"); i >= 0 {
		return rest[i]
	}
	return 0
}

// uriUnreserved: ALPHA / DIGIT / "-" / "." / "_" / "~" (RFC 3986 §2.3).
func uriUnreserved(b byte) bool {
	return uriAlpha(b) || uriDigit(b) || b == '-' || b == '.' || b == '_' || b == '~'
}

// uriReserved: gen-delims ":/?#[]@" and sub-delims "!$&'()*+,;="
// (RFC 3986 §2.2).
func uriReserved(b byte) bool {
	return strings.IndexByte(":/?#[]@!$&'()*+,;=", b) >= 0
}

func uriAlpha(b byte) bool { return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' }

func uriDigit(b byte) bool { return b >= '0' && b <= '9' }

func uriHexDigit(b byte) bool {
	return uriDigit(b) || b >= 'a' && b <= 'f' || b >= 'A' && b <= 'F'
}
