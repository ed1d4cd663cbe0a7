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

// authInfoApplies: the response carries one of the fields, in its header
// section or in its trailers (RFC 9110 §11.6.3 lets a scheme allow that).
func authInfoApplies(c *Context) bool {
	for _, f := range authInfoFields {
		if len(c.Ex.Header.Values(f)) > 0 || len(c.Ex.Trailer.Values(f)) > 0 {
			return true
		}
	}
	return false
}

// ParseAuthParams reads a #auth-param list (RFC 9110 §11.2, §5.6.1):
// auth-param = token BWS "=" BWS ( token / quoted-string ), elements
// separated by commas. It returns the parameters it could read and a
// description of each place the value breaks the grammar or what a sender
// must not generate: an empty list element, leading, doubled or trailing
// (§5.6.1.1), and whitespace around "=" (BWS, §5.6.3).
func ParseAuthParams(v string) (params []Param, problems []string) {
	p := &challengeParser{s: v, raw: v}
	comma := -1 // offset of the comma just consumed after an element
	for {
		p.skipOWS()
		if p.pos >= len(p.s) {
			if comma >= 0 {
				problems = append(problems, "an empty list element (a trailing \",\") at byte "+strconv.Itoa(comma))
			}
			return params, problems
		}
		comma = -1
		if p.at(',') {
			problems = append(problems, "an empty list element (a stray \",\") at byte "+strconv.Itoa(p.pos))
			p.pos++
			continue
		}
		start := p.pos
		name := p.token()
		beforeEq := p.pos
		p.skipOWS()
		if name == "" || !p.at('=') {
			problems = append(problems, "expected name=value at byte "+strconv.Itoa(start)+", found "+strconv.Quote(authInfoRest(v, start)))
			authInfoSkip(p)
			continue
		}
		p.pos++
		afterEq := p.pos
		p.skipOWS()
		if afterEq-1 > beforeEq || p.pos > afterEq {
			problems = append(problems, "whitespace around the \"=\" of "+name+" at byte "+strconv.Itoa(beforeEq)+" (BWS): write "+name+"=value")
		}
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
			comma = p.pos
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
		for _, where := range []struct {
			h    http.Header
			name string
		}{{c.Ex.Header, field}, {c.Ex.Trailer, field + " (in the trailers)"}} {
			for _, line := range where.h.Values(field) {
				if _, problems := ParseAuthParams(line); len(problems) > 0 {
					out = append(out, finding(r, where.name+" is not a list of auth-params: "+strings.Join(problems, "; ")+
						`; send e.g. `+field+`: nextnonce="...", qop=auth`, line))
				}
			}
		}
	}
	return out
})

// DigestAuthInfo: RFC 7616 §3.5, on the Authentication-Info of a response
// to Digest credentials: "The cnonce value and nc value MUST be the ones
// for the client request to which this message is the response. The
// rspauth, cnonce, and nc parameters MUST be present if "qop=auth" or
// "qop=auth-int" is specified."; "the nc value MUST be exactly 8
// hexadecimal digits"; a sender "MUST only generate the quoted string
// syntax" for nextnonce, rspauth and cnonce and "MUST NOT" for qop and nc.
// "Specified" could mean in the request or in the Authentication-Info;
// every RFC 7616 request carries qop, so the rule takes the lenient
// reading: the three must be present when the Authentication-Info itself
// says qop=auth or qop=auth-int (another qop value demands nothing).
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
	if q, hasQop := got["qop"]; hasQop && (strings.EqualFold(q.Value, "auth") || strings.EqualFold(q.Value, "auth-int")) {
		for _, name := range []string{"rspauth", "cnonce", "nc"} {
			if _, ok := got[name]; !ok {
				bad("carries qop=" + q.Value + " but no " + name + ": with qop=auth or qop=auth-int, rspauth, cnonce and nc must all be present")
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

// DigestAuthInfoQop: RFC 7616 §3.5, qop in Authentication-Info: "The
// server SHOULD use the same value for the qop parameter in the response
// as was sent by the client in the corresponding request."
var DigestAuthInfoQop = registerChecked(Rule{
	ID:          "rfc7616/digest-authinfo-qop-echo",
	RFC:         "RFC 7616",
	Section:     "3.5",
	Level:       Should,
	Severity:    Low,
	Requirement: "The qop of the Authentication-Info answering Digest credentials is the qop the request sent.",
	Scheme:      "Digest",
	Applies: func(c *Context) bool {
		return strings.EqualFold(c.Ex.SentScheme(), "Digest") && len(c.Ex.Header.Values(digestAuthInfoField(c.Ex))) > 0 &&
			digestSentParams(c.Ex.SentAuthorization)["qop"] != ""
	},
}, func(r *Rule, c *Context) []Finding {
	field := digestAuthInfoField(c.Ex)
	want := digestSentParams(c.Ex.SentAuthorization)["qop"]
	var out []Finding
	for _, line := range c.Ex.Header.Values(field) {
		params, _ := ParseAuthParams(line)
		for _, p := range params {
			if strings.EqualFold(p.Name, "qop") && !strings.EqualFold(p.Value, want) {
				out = append(out, finding(r, field+" has qop="+p.Value+" but the request sent qop="+want+": echo the qop the client used", line))
			}
		}
	}
	return out
})

// DigestRspauth: RFC 7616 §3.5, "The optional response digest in the
// rspauth parameter supports mutual authentication -- the server proves
// that it knows the user's secret ... The rspauth value is calculated as
// for the response in the Authorization header field, except that if qop
// is set to "auth" or is not specified in the Authorization header field
// for the request, A2 is ":" request-uri". authspec holds the declared
// password, so it can check the proof. No keyword defines the value: a
// definition-only constraint, hence SHOULD; a wrong rspauth makes a client
// that checks it refuse the response.
var DigestRspauth = registerChecked(Rule{
	ID:          "rfc7616/digest-rspauth",
	RFC:         "RFC 7616",
	Section:     "3.5",
	Level:       Should,
	Severity:    Medium,
	Requirement: "The rspauth answering the valid Digest credentials (qop=auth) is the one computed from the declared password with A2 = \":\" request-uri: the server proves it knows the secret.",
	Scheme:      "Digest",
	Applies: func(c *Context) bool {
		return c.Ex.ExpectedRspauth != "" && digestRspauthOf(c.Ex) != ""
	},
}, func(r *Rule, c *Context) []Finding {
	got := digestRspauthOf(c.Ex)
	if strings.EqualFold(got, c.Ex.ExpectedRspauth) {
		return nil
	}
	field := digestAuthInfoField(c.Ex)
	return []Finding{finding(r, field+" carries an rspauth that does not match the declared password: compute it as the response, with A2 = \":\" request-uri (RFC 7616 §3.5), over the request's nonce, nc, cnonce and qop; a client checking mutual authentication refuses this response",
		strings.Join(c.Ex.Header.Values(field), "\n"))}
})

// digestRspauthOf returns the rspauth of the Authentication-Info, or "".
func digestRspauthOf(e *Exchange) string {
	for _, line := range e.Header.Values(digestAuthInfoField(e)) {
		params, _ := ParseAuthParams(line)
		for _, p := range params {
			if strings.EqualFold(p.Name, "rspauth") {
				return p.Value
			}
		}
	}
	return ""
}
