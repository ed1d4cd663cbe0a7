package checks

import "strings"

// Serialise writes challenges as one canonical WWW-Authenticate (or
// Proxy-Authenticate) field value, the form a sender that follows RFC 9110
// to the letter would generate: challenges separated by ", ", one SP after
// each scheme, parameters separated by ", " with no whitespace around "=".
// A value stays a token when it was sent as one and still is one; every
// other value, and realm always (§11.5), is a quoted-string in which only
// '"' and '\' are escaped (§5.6.4).
//
// It is the other half of the parser's round trip: for challenges that
// ParseChallenges returned, parsing Serialise's output gives back the same
// schemes, token68s and parameters. Challenges built by hand are written as
// they are, valid or not. A challenge with both a token68 and parameters
// (the Token68Exclusive shape) is written that way too, so the round trip
// keeps it.
func Serialise(chs []Challenge) string {
	var b strings.Builder
	for i := range chs {
		if i > 0 {
			b.WriteString(", ")
		}
		writeChallenge(&b, &chs[i])
	}
	return b.String()
}

// writeChallenge writes one challenge: its scheme, then its token68 or its
// parameters.
func writeChallenge(b *strings.Builder, ch *Challenge) {
	b.WriteString(ch.Scheme)
	sep := " "
	if ch.HasToken68 {
		b.WriteString(" ")
		b.WriteString(ch.Token68)
		sep = ", "
	}
	for j, p := range ch.Params {
		if j > 0 {
			sep = ", "
		}
		b.WriteString(sep)
		b.WriteString(p.Name)
		b.WriteByte('=')
		if p.Quoted || !isTokenString(p.Value) || strings.EqualFold(p.Name, "realm") {
			writeQuoted(b, p.Value)
		} else {
			b.WriteString(p.Value)
		}
	}
}

// isTokenString reports whether s is a token (1*tchar, §5.6.2).
func isTokenString(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if charClasses[s[i]]&classTchar == 0 {
			return false
		}
	}
	return true
}
