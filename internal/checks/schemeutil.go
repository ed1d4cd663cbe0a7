package checks

import (
	"encoding/base64"
	"strings"
)

// Helpers shared by the per-scheme rules (basic.go, digest.go, bearer.go,
// ...). Their names start with "sch" so they never collide with the
// framework rules' helpers in the same package.

// schOffers returns an Applies function: the rule judges a response only
// when it offers a challenge of the given scheme.
func schOffers(scheme string) func(*Context) bool {
	return func(c *Context) bool { return c.Offers(scheme) }
}

// schEach runs check on every challenge of the scheme and gathers the
// findings, so a rule body only has to say what is wrong with one challenge.
func schEach(c *Context, scheme string, check func(ch *Challenge) []Finding) []Finding {
	var out []Finding
	for i := range c.Challenges {
		ch := &c.Challenges[i]
		if ch.Is(scheme) {
			out = append(out, check(ch)...)
		}
	}
	return out
}

// schLine returns the field line a challenge was parsed from, or "" when the
// index is out of range (a hand-built Challenge in a test, say).
func schLine(c *Context, ch *Challenge) string {
	if ch.Line < 0 || ch.Line >= len(c.Lines) {
		return ""
	}
	return c.Lines[ch.Line]
}

// schChallengeText returns the bytes of the whole challenge as sent.
func schChallengeText(c *Context, ch *Challenge) string {
	line := schLine(c, ch)
	start, end := ch.Offset, ch.End
	if start < 0 || start >= len(line) {
		return ch.Scheme
	}
	if end < start || end > len(line) {
		end = len(line)
	}
	return strings.TrimRight(line[start:end], " \t,")
}

// schChallengeFinding reports a problem with a challenge as a whole (a
// missing parameter, say); the evidence is the challenge itself.
func schChallengeFinding(r *Rule, c *Context, ch *Challenge, msg string) Finding {
	return Finding{
		Rule:     r,
		Message:  msg,
		Evidence: excerpt(schChallengeText(c, ch)),
		Line:     ch.Line,
		Offset:   ch.Offset,
	}
}

// schParamFinding reports a problem with one parameter; the evidence is the
// parameter as sent, name through value.
func schParamFinding(r *Rule, c *Context, ch *Challenge, p Param, msg string) Finding {
	return Finding{
		Rule:     r,
		Message:  msg,
		Evidence: excerpt(schParamText(schLine(c, ch), p)),
		Line:     ch.Line,
		Offset:   p.NameOffset,
	}
}

// schParamText recovers the bytes of one auth-param from its line: the name
// at NameOffset through the end of its token or quoted-string value. When the
// offsets do not fit the line it rebuilds a readable form from the parsed
// fields instead.
func schParamText(line string, p Param) string {
	rebuilt := p.Name + "=" + p.Value
	if p.Quoted {
		rebuilt = p.Name + "=" + QuoteString(p.Value)
	}
	if p.NameOffset < 0 || p.ValueOffset < p.NameOffset || p.ValueOffset > len(line) {
		return rebuilt
	}
	end := schValueEnd(line, p.ValueOffset, p.Quoted)
	return line[p.NameOffset:end]
}

// schValueEnd returns the offset one past the value that starts at start.
func schValueEnd(line string, start int, quoted bool) int {
	if !quoted {
		i := start
		for i < len(line) && line[i] != ',' && line[i] != ' ' && line[i] != '\t' {
			i++
		}
		return i
	}
	for i := start + 1; i < len(line); i++ {
		switch line[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return len(line)
}

// schParams returns every parameter of ch with the given name (compared
// case-insensitively), in the order sent.
func schParams(ch *Challenge, name string) []Param {
	var out []Param
	for _, p := range ch.Params {
		if strings.EqualFold(p.Name, name) {
			out = append(out, p)
		}
	}
	return out
}

// schInSet reports whether every byte of s is accepted by ok.
func schInSet(s string, ok func(b byte) bool) (bad byte, found bool) {
	for i := 0; i < len(s); i++ {
		if !ok(s[i]) {
			return s[i], true
		}
	}
	return 0, false
}

func schIsAlnum(b byte) bool {
	return (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9')
}

func schIsDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// schIsBase64 reports whether s is base64 text: the alphabet of RFC 4648 §4
// (or §5 when url is true) followed by at most two "=" of padding. With
// padded set the length must also be a multiple of four, as padding demands.
// Length is otherwise not judged: several RFC examples leave padding off.
func schIsBase64(s string, url, padded bool) bool {
	if s == "" {
		return false
	}
	body := strings.TrimRight(s, "=")
	if len(s)-len(body) > 2 || body == "" {
		return false
	}
	for i := 0; i < len(body); i++ {
		b := body[i]
		switch {
		case schIsAlnum(b):
		case url && (b == '-' || b == '_'):
		case !url && (b == '+' || b == '/'):
		default:
			return false
		}
	}
	return !padded || len(s)%4 == 0
}

// schDecodeBase64URL decodes padded base64url text.
func schDecodeBase64URL(s string) ([]byte, error) {
	return base64.URLEncoding.DecodeString(s)
}

// schFields splits a list value on commas and whitespace, dropping empty
// elements: Digest's qop ("auth, auth-int") and DPoP's algs ("ES256 PS256")
// are both read this way.
func schFields(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return r == ',' || r == ' ' || r == '\t'
	})
}

// schSentCredentials reports whether the request carried credentials of the
// given scheme.
func schSentCredentials(c *Context, scheme string) bool {
	return c.Ex.SentAuthorization != "" && strings.EqualFold(c.Ex.SentScheme(), scheme)
}

// schInProxyField reports whether the challenges being judged came from
// Proxy-Authenticate. That is the field, not the target: a proxy target
// relaying the origin's 401 hands over WWW-Authenticate challenges (see
// Exchange.ChallengeField), which origin-only schemes may use.
func schInProxyField(c *Context) bool {
	return strings.EqualFold(c.Field, "Proxy-Authenticate")
}

// schNoAuthInfo reports whether the request carried no authentication
// information a response offering these challenges could use: no
// Authorization field at all, or credentials of a scheme the response does
// not offer (RFC 6750 §3.1: "attempted using an unsupported authentication
// method"). A token in the query is authentication information too. An
// Authorization field sent empty is a malformed request, not
// a missing one: RFC 6750 §3.1 allows invalid_request for it.
func schNoAuthInfo(c *Context) bool {
	e := c.Ex
	if e.QueryToken {
		return false // an access token in the query (RFC 6750 §2.3)
	}
	if e.SentAuthorization == "" {
		return !e.SentAuthorizationField
	}
	return !c.Offers(e.SentScheme())
}
