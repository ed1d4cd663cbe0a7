package report

import (
	"fmt"
	"regexp"
	"strings"
)

// The CI views compare one run's text with the last one's, and show it
// in pull requests: a message that holds a nonce (a Digest challenge
// quoted in a finding) reads as new on every run, and a message that
// repeats one finding of several requests reads as noise. stableText is
// a message as the CI views show it: the values servers make fresh for
// each response replaced by "…", and a part repeated in a row said once
// with how many times.

// freshParams are the auth-params whose values a server makes new for
// each challenge or answer: quoted (the quotes possibly escaped, as a
// finding quotes what it saw) or a token.
var (
	freshNames  = `(?i)\b(nonce|cnonce|nextnonce|opaque|rspauth|response|challenge|token-key|data|sid)(\s*=\s*)`
	freshQuoted = regexp.MustCompile(freshNames + `(\\*")(?:[^"\\…]|\\[^"\\])*(?:\\*"|…)`)
	freshToken  = regexp.MustCompile(freshNames + `([A-Za-z0-9+/=._~-]+)`)
)

// stableText is s without per-response values, repeats collapsed.
func stableText(s string) string {
	s = freshQuoted.ReplaceAllString(s, `$1$2$3…$3`)
	s = freshToken.ReplaceAllStringFunc(s, func(m string) string {
		sub := freshToken.FindStringSubmatch(m)
		if sub[3] == "…" {
			return m
		}
		return sub[1] + sub[2] + `"…"`
	})
	return collapseRepeats(s)
}

// collapseRepeats says a "; "-separated part repeated in a row once:
// "a; a; a; b" is "a (3 times); b".
func collapseRepeats(s string) string {
	parts := strings.Split(s, "; ")
	if len(parts) < 2 {
		return s
	}
	var out []string
	for i := 0; i < len(parts); {
		j := i + 1
		for j < len(parts) && parts[j] == parts[i] {
			j++
		}
		if n := j - i; n > 1 {
			out = append(out, fmt.Sprintf("%s (%d times)", parts[i], n))
		} else {
			out = append(out, parts[i])
		}
		i = j
	}
	return strings.Join(out, "; ")
}
