package checks

import (
	"net/http"
	"strconv"
	"strings"
)

// Rules on Authentication-Info and Proxy-Authentication-Info, the fields a
// server sends with a response to credentials it accepted (RFC 9110
// §11.6.3, §11.7.3), and on what Digest puts in them (RFC 7616 §3.5).

// authInfoFields are the two fields, origin's first.
var authInfoFields = []string{"Authentication-Info", "Proxy-Authentication-Info"}

// authInfoApplies: the response carries one of the fields.
func authInfoApplies(c *Context) bool {
	for _, f := range authInfoFields {
		if len(c.Ex.Header.Values(f)) > 0 {
			return true
		}
	}
	return false
}

// ParseAuthParams reads a #auth-param list (RFC 9110 §11.2, §5.6.1):
// auth-param = token BWS "=" BWS ( token / quoted-string ), elements
// separated by commas. It returns the parameters it could read and a
// description of each place the value breaks the grammar.
func ParseAuthParams(v string) (params []Param, problems []string) {
	p := &challengeParser{s: v, raw: v}
	for {
		p.skipOWS()
		if p.pos >= len(p.s) {
			return params, problems
		}
		if p.at(',') {
			problems = append(problems, "an empty list element (a stray \",\") at byte "+strconv.Itoa(p.pos))
			p.pos++
			continue
		}
		start := p.pos
		name := p.token()
		p.skipOWS()
		if name == "" || !p.at('=') {
			problems = append(problems, "expected name=value at byte "+strconv.Itoa(start)+", found "+strconv.Quote(authInfoRest(v, start)))
			authInfoSkip(p)
			continue
		}
		p.pos++
		p.skipOWS()
		valueAt := p.pos
		value, quoted, ok := p.value()
		if !ok {
			problems = append(problems, "the value of "+name+" at byte "+strconv.Itoa(valueAt)+" is neither a token nor a quoted-string: "+strconv.Quote(authInfoRest(v, valueAt)))
			authInfoSkip(p)
			continue
		}
		params = append(params, Param{Name: name, Value: value, Quoted: quoted, NameOffset: start, ValueOffset: valueAt})
		p.skipOWS()
		if p.pos < len(p.s) && !p.at(',') {
			problems = append(problems, "expected \",\" after "+name+" at byte "+strconv.Itoa(p.pos)+", found "+strconv.Quote(authInfoRest(v, p.pos)))
			authInfoSkip(p)
			continue
		}
		if p.at(',') {
			p.pos++
		}
	}
}

// authInfoSkip moves past the next comma outside a quoted-string.
func authInfoSkip(p *challengeParser) {
	inQuote := false
	for ; p.pos < len(p.s); p.pos++ {
		switch c := p.s[p.pos]; {
		case c == '\\' && inQuote:
			p.pos++
		case c == '"':
			inQuote = !inQuote
		case c == ',' && !inQuote:
			p.pos++
			return
		}
	}
}

// authInfoRest is a short excerpt of v from offset at.
func authInfoRest(v string, at int) string {
	return clip(v[min(at, len(v)):])
}

// AuthInfoGrammar: RFC 9110 §11.6.3, "Authentication-Info =
// #auth-param", and §11.7.3, "Proxy-Authentication-Info = #auth-param";
// the grammar makes it a MUST. A client that cannot parse it cannot read
// the next nonce or check the server's proof.
var AuthInfoGrammar = registerChecked(Rule{
	ID:          "rfc9110/authentication-info-grammar",
	RFC:         "RFC 9110",
	Section:     "11.6.3, 11.7.3",
	Level:       Must,
	Requirement: "Authentication-Info and Proxy-Authentication-Info parse as a list of auth-params (name=token or name=\"quoted string\").",
	Applies:     authInfoApplies,
}, func(r *Rule, c *Context) []Finding {
	var out []Finding
	for _, field := range authInfoFields {
		for _, line := range c.Ex.Header.Values(field) {
			if _, problems := ParseAuthParams(line); len(problems) > 0 {
				out = append(out, finding(r, field+" is not a list of auth-params: "+strings.Join(problems, "; ")+
					`; send e.g. `+field+`: nextnonce="...", qop=auth`, line))
			}
		}
	}
	return out
})

// DigestAuthInfo: RFC 7616 §3.5, on the Authentication-Info of a response
// to Digest credentials: "The rspauth, cnonce, and nc parameters MUST be
// present if qop=auth or qop=auth-int is specified"; the values of cnonce
// and nc MUST be the ones of the request the message answers; nc is
// exactly 8 hexadecimal digits; and, as for the challenge (§3.3), a sender
// MUST only generate the quoted-string syntax for nextnonce, rspauth and
// cnonce, and MUST NOT for qop and nc. (Sentences as recorded in the
// project's RFC notes.)
var DigestAuthInfo = registerChecked(Rule{
	ID:          "rfc7616/digest-authentication-info",
	RFC:         "RFC 7616",
	Section:     "3.5",
	Level:       Must,
	Requirement: "The Authentication-Info answering Digest credentials carries rspauth, cnonce and nc when it carries qop, echoes the request's cnonce and nc, writes nc as 8 hex digits, quotes nextnonce, rspauth and cnonce and leaves qop and nc unquoted.",
	Scheme:      "Digest",
	Applies: func(c *Context) bool {
		return strings.EqualFold(c.Ex.SentScheme(), "Digest") && len(c.Ex.Header.Values(digestAuthInfoField(c.Ex))) > 0
	},
}, func(r *Rule, c *Context) []Finding {
	field := digestAuthInfoField(c.Ex)
	sent := digestSentParams(c.Ex.SentAuthorization)
	var out []Finding
	for _, line := range c.Ex.Header.Values(field) {
		params, _ := ParseAuthParams(line)
		out = append(out, digestAuthInfoFindings(r, field, line, params, sent)...)
	}
	return out
})

// digestAuthInfoField is the field a Digest server answers in: the proxy
// one when the credentials went to a proxy.
func digestAuthInfoField(e *Exchange) string {
	if e.Proxy && e.Status != http.StatusUnauthorized {
		return "Proxy-Authentication-Info"
	}
	return "Authentication-Info"
}

// digestSentParams reads the parameters of the Digest credentials sent.
func digestSentParams(auth string) map[string]string {
	out := map[string]string{}
	_, rest, _ := strings.Cut(strings.TrimLeft(auth, " "), " ")
	params, _ := ParseAuthParams(rest)
	for _, p := range params {
		out[strings.ToLower(p.Name)] = p.Value
	}
	return out
}

// digestAuthInfoFindings judges one Authentication-Info line.
func digestAuthInfoFindings(r *Rule, field, line string, params []Param, sent map[string]string) []Finding {
	got := map[string]Param{}
	for _, p := range params {
		got[strings.ToLower(p.Name)] = p
	}
	var out []Finding
	bad := func(msg string) { out = append(out, finding(r, field+" "+msg, line)) }
	if _, hasQop := got["qop"]; hasQop {
		for _, name := range []string{"rspauth", "cnonce", "nc"} {
			if _, ok := got[name]; !ok {
				bad("carries qop but no " + name + ": with qop, rspauth, cnonce and nc must all be present")
			}
		}
	}
	if nc, ok := got["nc"]; ok {
		if len(nc.Value) != 8 || !isHex(nc.Value) {
			bad("has nc=" + nc.Value + ": nc is exactly 8 hexadecimal digits, e.g. nc=00000001")
		} else if want, sentNC := sent["nc"]; sentNC && !strings.EqualFold(want, nc.Value) {
			bad("has nc=" + nc.Value + " but the request sent nc=" + want + ": echo the request's nc")
		}
	}
	if cn, ok := got["cnonce"]; ok {
		if want, sentCN := sent["cnonce"]; sentCN && want != cn.Value {
			bad("has a cnonce other than the request's: echo the cnonce the client sent")
		}
	}
	for _, name := range []string{"nextnonce", "rspauth", "cnonce"} {
		if p, ok := got[name]; ok && !p.Quoted {
			bad("sends " + name + " as a token: " + name + " is always a quoted-string, " + name + "=" + QuoteString(p.Value))
		}
	}
	for _, name := range []string{"qop", "nc"} {
		if p, ok := got[name]; ok && p.Quoted {
			bad("quotes " + name + ": send it as a token, " + name + "=" + p.Value)
		}
	}
	return out
}

// isHex reports whether s is hexadecimal digits only.
func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return s != ""
}
