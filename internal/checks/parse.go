package checks

import (
	"fmt"
	"strings"
)

// This file holds authspec's strict reader of WWW-Authenticate and
// Proxy-Authenticate (RFC 9110 §11.6.1, §11.7.1):
//
//	WWW-Authenticate = [ challenge *( OWS "," OWS challenge ) ]
//	challenge        = auth-scheme [ 1*SP ( token68 / #auth-param ) ]
//	auth-param       = token BWS "=" BWS ( token / quoted-string )
//	token68          = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
//
// It is a hand-written scanner over bytes, one list element at a time. The
// hard part is the one §11.6.1 warns about: challenges and the parameters
// inside them are both separated by ",". After a "," the element is
//
//   - an auth-param of the open challenge when it is a token followed by
//     BWS "=" (no challenge can look like that: a token68 never starts
//     with "="), and
//   - a new challenge otherwise: a token followed by SP, "," or the end.
//
// Right after a scheme and its SP, a token68 and an auth-param can look
// alike (`Basic realm=` is a token68; `Basic realm=x` is a parameter): the
// element is a token68 exactly when the token68 characters and "=" padding
// are followed by OWS and then "," or the end, since an auth-param value can
// never be empty.
//
// Field lines are read in order as one list, as §5.3 combines them (joined
// with ","), so a line may go on with parameters of the previous line's last
// challenge.

// Bounds on the parser's own work and output for a hostile field value of
// several megabytes. Parsing stays linear whatever the input; past these
// counts, further challenges, parameters and findings are read but not kept.
const (
	// maxFindingsPerRule findings of one rule are listed per field; one
	// more finding then says how many were left out.
	maxFindingsPerRule = 20
	// maxChallenges challenges are returned per field.
	maxChallenges = 1000
	// maxParams parameters are kept per challenge.
	maxParams = 1000
	// maxEvidence bytes of a grammar error's surroundings go in its
	// evidence.
	maxEvidence = 40
	// namesIndexAt is the parameter count from which duplicates are looked
	// up in a map instead of by a linear scan, keeping the check linear.
	namesIndexAt = 16
)

// ParseChallenges parses all field lines of one WWW-Authenticate or
// Proxy-Authenticate field, in order, into challenges, plus findings.
//
// The findings are of two kinds (see grammar.go). A part that does not parse
// is a ChallengeGrammar finding at the byte offset where the grammar failed,
// saying what was expected there. The parser then skips to the next ","
// outside a quoted-string and goes on, so later challenges are still
// returned; the challenge that held the error is not returned at all (a
// challenge missing a parameter it was sent with would mislead every rule
// after this one), and what follows it up to the next auth-scheme is skipped
// with it. The sender-side findings of a challenge that turns out broken are
// dropped with it: its grammar error is what the sender has to fix first.
//
// Everything else is read the way RFC 9110 tells a recipient to read it
// (empty list elements ignored, BWS removed, NUL/CR/LF as SP), and each
// thing a sender must not have generated is a finding of its own rule.
//
// ParseChallenges never panics and runs in time linear in the input; see
// the bounds above for what it keeps of an enormous field.
func ParseChallenges(lines []string) ([]Challenge, []Finding) {
	var p challengeParser
	for i, line := range lines {
		p.readLine(i, line, len(lines))
	}
	p.closeChallenge()
	return p.challenges, p.sink.list()
}

// openState is what the parser knows about the challenge it is reading. It
// decides what an auth-param after a "," means.
type openState uint8

const (
	// noChallenge: nothing open yet, at the start of the field. An
	// auth-param here belongs to no challenge.
	noChallenge openState = iota
	// bareScheme: a scheme and nothing else. A "," ended it, so an
	// auth-param cannot follow.
	bareScheme
	// schemeSpaceComma: a scheme, SP, then ",". That is a bare scheme
	// before OWS "," if a challenge follows, and a parameter list that
	// starts with an empty element if an auth-param follows.
	schemeSpaceComma
	// withToken68: a scheme and its token68. An auth-param after it is the
	// Token68Exclusive fault.
	withToken68
	// withParams: a scheme, SP and auth-params.
	withParams
	// broken: a grammar error. What follows, up to the next auth-scheme,
	// is skipped.
	broken
)

// challengeParser is the state of one ParseChallenges call.
type challengeParser struct {
	challenges []Challenge
	sink       findingSink

	// The open challenge: what has been read of it, and the sender findings
	// it will file if it closes without a grammar error.
	cur         Challenge
	state       openState
	spaceComma  int // offset of the "," in schemeSpaceComma
	token68Told bool
	pending     []Finding
	heldOver    []ruleCount    // findings past the listing bound, counted only
	names       map[string]int // lower-cased name → index, past namesIndexAt params

	// The field line being read: raw as received (for evidence), s as
	// parsed (NUL, CR and LF read as SP; same length and offsets).
	line   int
	raw, s string
	pos    int
}

// readLine reads one field line as a run of list elements.
func (p *challengeParser) readLine(line int, raw string, lineCount int) {
	p.line, p.raw, p.pos = line, raw, 0
	p.s = p.controlCharsAsSpace(raw)
	if strings.Trim(p.s, " \t") == "" {
		// One empty field line is an empty list, which #challenge
		// allows; next to other lines it is an empty element of the
		// combined list (§5.3).
		if lineCount > 1 {
			p.report(ListEmptyElement, func() Finding {
				return Finding{Line: line, Offset: 0,
					Message: "empty field line: combined with the other lines of the field it makes an empty list element; leave the line out"}
			})
		}
		return
	}
	// The line boundary stands for the "," that §5.3 puts between lines,
	// so a line starts where an element is expected. Each stray "," is
	// reported once, even when it has an empty element on both sides.
	expectElement, lastComma, lastReported := true, -1, -1
	for {
		p.skipOWS()
		if p.pos == len(p.s) {
			break
		}
		if p.s[p.pos] == ',' {
			if expectElement {
				p.emptyElement(p.pos)
				lastReported = p.pos
			}
			lastComma = p.pos
			p.pos++
			expectElement = true
			continue
		}
		p.element()
		expectElement = false
	}
	if expectElement && lastComma >= 0 && lastComma != lastReported {
		p.emptyElement(lastComma)
	}
}

// element reads one list element: an auth-param of the open challenge, or
// a new challenge. It leaves pos at the "," that ends the element, or at the
// end of the line.
func (p *challengeParser) element() {
	start := p.pos
	name := p.token()
	if name == "" {
		p.fail(start, "expected an auth-scheme or an auth-param")
		return
	}
	nameEnd := p.pos
	p.skipOWS()
	if p.at('=') {
		p.param(name, start, nameEnd)
		return
	}
	p.pos = nameEnd
	p.challengeHead(name, start)
}

// challengeHead reads a challenge from just past its auth-scheme: nothing
// more, a token68, or the first of its auth-params.
func (p *challengeParser) challengeHead(scheme string, start int) {
	p.openChallenge(scheme, start)
	spaceStart := p.pos
	p.skipOWS()
	if p.pos == len(p.s) || p.s[p.pos] == ',' {
		// A scheme alone; trailing whitespace is not part of a field
		// value (§5.5), so only SP before a "," counts.
		if p.pos < len(p.s) && p.pos > spaceStart && p.s[spaceStart] == ' ' {
			p.state, p.spaceComma = schemeSpaceComma, p.pos
		}
		return
	}
	if p.pos == spaceStart {
		p.fail(p.pos, fmt.Sprintf(`expected SP, "," or the end of the line after auth-scheme %q`, clip(scheme)))
		return
	}
	if tab := strings.IndexByte(p.s[spaceStart:p.pos], '\t'); tab >= 0 {
		p.fail(spaceStart+tab, fmt.Sprintf("expected SP after auth-scheme %q (1*SP: HTAB is not allowed between a scheme and its token68 or parameters)", clip(scheme)))
		return
	}
	if p.token68() {
		p.state = withToken68
		p.endElement("the token68", "")
		return
	}
	p.state = withParams
	nameStart := p.pos
	name := p.token()
	if name == "" {
		p.fail(p.pos, fmt.Sprintf("expected a token68 or an auth-param after auth-scheme %q", clip(scheme)))
		return
	}
	nameEnd := p.pos
	p.skipOWS()
	if !p.at('=') {
		p.fail(p.pos, fmt.Sprintf(`expected "=" after parameter name %q (or "," or the end of the line if it was meant as a token68)`, clip(name)))
		return
	}
	p.param(name, nameStart, nameEnd)
}

// token68 reads a token68 if one is there: token68 characters, "=" padding,
// then only OWS before "," or the end. Otherwise it leaves pos alone and
// reports false, and the element is an auth-param.
func (p *challengeParser) token68() bool {
	i := p.pos
	for i < len(p.s) && charClasses[p.s[i]]&classToken68 != 0 {
		i++
	}
	if i == p.pos {
		return false
	}
	for i < len(p.s) && p.s[i] == '=' {
		i++
	}
	j := i
	for j < len(p.s) && (p.s[j] == ' ' || p.s[j] == '\t') {
		j++
	}
	if j < len(p.s) && p.s[j] != ',' {
		return false
	}
	p.cur.Token68, p.cur.HasToken68 = p.s[p.pos:i], true
	p.pos = i
	return true
}

// param reads an auth-param whose name has been read (nameStart..nameEnd);
// pos is at its "=".
func (p *challengeParser) param(name string, nameStart, nameEnd int) {
	switch p.state {
	case noChallenge:
		p.fail(nameStart, fmt.Sprintf("expected an auth-scheme before auth-param %q", clip(name)))
		return
	case bareScheme:
		p.fail(nameStart, fmt.Sprintf(`expected an auth-scheme: the "," after %q ended that challenge (a scheme is separated from its first parameter by SP), so %q is not its parameter`, clip(p.cur.Scheme), clip(name)))
		return
	case broken:
		p.skipToComma()
		return
	case schemeSpaceComma:
		p.hold(ListEmptyElement, func() Finding {
			return Finding{Evidence: ",", Line: p.cur.Line, Offset: p.spaceComma,
				Message: fmt.Sprintf(`empty list element: the parameter list of %q starts with a "," at offset %d; senders must not generate empty list elements`, clip(p.cur.Scheme), p.spaceComma)}
		})
		p.state = withParams
	case withToken68:
		if !p.token68Told {
			p.token68Told = true
			p.hold(Token68Exclusive, func() Finding {
				return Finding{Evidence: excerpt(p.raw[nameStart:nameEnd]), Line: p.line, Offset: nameStart,
					Message: fmt.Sprintf("the %q challenge carries a token68 and then auth-param %q at offset %d; a challenge carries either one token68 or auth-params", clip(p.cur.Scheme), clip(name), nameStart)}
			})
		}
	}
	eq := p.pos
	p.pos++
	p.skipOWS()
	valueStart := p.pos
	value, quoted, ok := p.value()
	if !ok {
		return
	}
	if nameEnd != eq || eq+1 != valueStart {
		p.hold(AuthParamBWS, func() Finding {
			return Finding{Evidence: excerpt(p.raw[nameStart:p.pos]), Line: p.line, Offset: nameStart,
				Message: fmt.Sprintf(`whitespace around the "=" of parameter %q at offset %d; senders must not generate BWS: write %s=%s`, clip(name), nameStart, clip(name), clip(p.raw[valueStart:p.pos]))}
		})
	}
	if !quoted && strings.EqualFold(name, "realm") {
		p.hold(RealmQuoted, func() Finding {
			return Finding{Evidence: excerpt(p.raw[nameStart:p.pos]), Line: p.line, Offset: nameStart,
				Message: fmt.Sprintf(`realm sent as a token at offset %d; senders must use the quoted-string form: %s=%s`, nameStart, clip(name), clip(QuoteString(value)))}
		})
	}
	if first, dup := p.duplicateOf(name); dup {
		p.hold(AuthParamUnique, func() Finding {
			return Finding{Evidence: excerpt(p.raw[nameStart:p.pos]), Line: p.line, Offset: nameStart,
				Message: fmt.Sprintf("parameter %q occurs again in the %q challenge at offset %d (first as %q); each parameter name may occur once per challenge", clip(name), clip(p.cur.Scheme), nameStart, clip(first.Name))}
		})
	}
	p.addParam(Param{Name: name, Value: value, Quoted: quoted, NameOffset: nameStart, ValueOffset: valueStart, Line: p.line})
	p.endElement("the value of parameter", name)
}

// value reads an auth-param value: a token or a quoted-string.
func (p *challengeParser) value() (value string, quoted, ok bool) {
	if p.at('"') {
		return p.quotedString()
	}
	start := p.pos
	if v := p.token(); v != "" {
		return v, false, true
	}
	p.fail(start, `expected a token or a quoted-string after "="`)
	return "", false, false
}

// quotedString reads a quoted-string at pos and returns its value with the
// quotes removed and each quoted-pair replaced by the octet it quotes
// (§5.6.4). Without a backslash the value is a substring of the line.
// Control characters other than NUL, CR and LF are kept: §5.5 lets a
// recipient retain them inside a quoted-string, and FieldControlChars has
// already reported them.
func (p *challengeParser) quotedString() (value string, quoted, ok bool) {
	open := p.pos
	var unescaped []byte // nil until the first quoted-pair
	from := open + 1     // start of the text not yet copied into unescaped
	for i := open + 1; i < len(p.s); i++ {
		switch p.s[i] {
		case '"':
			p.pos = i + 1
			if unescaped == nil {
				return p.s[open+1 : i], true, true
			}
			return string(append(unescaped, p.s[from:i]...)), true, true
		case '\\':
			if i+1 == len(p.s) {
				continue // a backslash with nothing to quote: unterminated
			}
			if c := p.s[i+1]; c != '"' && c != '\\' {
				p.hold(QuotedPairEscape, func() Finding {
					return Finding{Evidence: p.raw[i : i+2], Line: p.line, Offset: i,
						Message: fmt.Sprintf(`quoted-pair %q at offset %d escapes a character that needs no escaping; senders should escape only '"' and '\'`, p.raw[i:i+2], i)}
				})
			}
			if unescaped == nil {
				// Sized by this string so far, not by the rest of the
				// line: many quoted-strings on one long line must not
				// cost quadratic memory.
				unescaped = make([]byte, 0, 2*(i-open)+16)
			}
			unescaped = append(unescaped, p.s[from:i]...)
			unescaped = append(unescaped, p.s[i+1])
			i++
			from = i + 1
		}
	}
	p.pos = len(p.s)
	p.failFrom(open, len(p.s), fmt.Sprintf(`expected the closing '"' of the quoted-string opened at offset %d`, open))
	return "", false, false
}

// endElement checks that the element just read (what, and name if it has
// one) is followed by OWS and then "," or the end of the line, and records
// where the challenge ends.
func (p *challengeParser) endElement(what, name string) {
	end := p.pos
	p.skipOWS()
	if p.pos < len(p.s) && p.s[p.pos] != ',' {
		if name != "" {
			what += fmt.Sprintf(" %q", clip(name))
		}
		msg := `expected "," or the end of the line after ` + what
		if p.s[p.pos] == '=' && what != "the token68" {
			// base64 padding in a token value: RFC 7804's own SCRAM
			// example does this, and it does not parse as HTTP.
			msg += `; a value holding "=" (base64 padding, say) must be sent as a quoted-string`
		}
		p.fail(p.pos, msg)
		return
	}
	if p.cur.Line == p.line {
		p.cur.End = end
	}
}

// openChallenge closes the open challenge and starts a new one with the
// scheme just read (start..pos).
func (p *challengeParser) openChallenge(scheme string, start int) {
	p.closeChallenge()
	p.cur = Challenge{Scheme: scheme, Line: p.line, Offset: start, End: p.pos}
	p.state = bareScheme
	p.token68Told = false
	p.names = nil
}

// closeChallenge files the open challenge and its pending findings, unless
// a grammar error broke it: then both are dropped.
func (p *challengeParser) closeChallenge() {
	if p.state != noChallenge && p.state != broken {
		for _, f := range p.pending {
			p.sink.add(f)
		}
		for _, rc := range p.heldOver {
			p.sink.skip(rc.rule, rc.n)
		}
		if p.challenges == nil {
			p.challenges = make([]Challenge, 0, 4)
		}
		if len(p.challenges) < maxChallenges {
			p.challenges = append(p.challenges, p.cur)
		}
	}
	p.pending, p.heldOver = p.pending[:0], p.heldOver[:0]
	p.state = noChallenge
	p.cur = Challenge{}
}

// report files a finding of rule r. The finding is built only if it will
// be listed, so a field with a million faults costs a million counts, not a
// million messages.
func (p *challengeParser) report(r *Rule, build func() Finding) {
	if !p.sink.wants(r, 0) {
		p.sink.skip(r, 1)
		return
	}
	f := build()
	f.Rule = r
	p.sink.add(f)
}

// hold keeps a sender finding of rule r for the open challenge until it
// closes (see closeChallenge); like report, it builds only what will be
// listed.
func (p *challengeParser) hold(r *Rule, build func() Finding) {
	held := 0
	for i := range p.pending {
		if p.pending[i].Rule == r {
			held++
		}
	}
	if !p.sink.wants(r, held) {
		p.heldOver = addCount(p.heldOver, r, 1)
		return
	}
	f := build()
	f.Rule = r
	p.pending = append(p.pending, f)
}

// duplicateOf returns the open challenge's earlier parameter of the same
// name, compared case-insensitively (§11.2).
func (p *challengeParser) duplicateOf(name string) (Param, bool) {
	params := p.cur.Params
	if p.names == nil {
		for _, q := range params {
			if strings.EqualFold(q.Name, name) {
				return q, true
			}
		}
		return Param{}, false
	}
	if i, ok := p.names[strings.ToLower(name)]; ok {
		return params[i], true
	}
	return Param{}, false
}

// addParam adds a parameter to the open challenge, keeping at most
// maxParams, and indexes the names once there are many.
func (p *challengeParser) addParam(q Param) {
	params := p.cur.Params
	if len(params) >= maxParams {
		return
	}
	if params == nil {
		params = make([]Param, 0, 4)
	}
	p.cur.Params = append(params, q)
	switch {
	case p.names != nil:
		if _, seen := p.names[strings.ToLower(q.Name)]; !seen {
			p.names[strings.ToLower(q.Name)] = len(p.cur.Params) - 1
		}
	case len(p.cur.Params) >= namesIndexAt:
		p.names = make(map[string]int, 2*namesIndexAt)
		for i, r := range p.cur.Params {
			if _, seen := p.names[strings.ToLower(r.Name)]; !seen {
				p.names[strings.ToLower(r.Name)] = i
			}
		}
	}
}

// emptyElement reports the empty list element next to the "," at offset
// comma.
func (p *challengeParser) emptyElement(comma int) {
	p.report(ListEmptyElement, func() Finding {
		return Finding{Evidence: ",", Line: p.line, Offset: comma,
			Message: fmt.Sprintf(`empty list element: a stray "," at offset %d; senders must not generate empty list elements`, comma)}
	})
}

// fail reports a grammar error at offset off, where the text says what was
// expected, breaks the open challenge and skips to the next ",".
func (p *challengeParser) fail(off int, expected string) {
	p.failFrom(off, off, expected)
}

// failFrom is fail for an error that is found at off but starts at from:
// an unterminated quoted-string is reported at its opening quote (the
// finding's Offset is where its Evidence starts), and its message says where
// the closing quote was missed.
func (p *challengeParser) failFrom(from, off int, expected string) {
	p.state = broken
	p.pos = off
	p.skipToComma()
	end := min(p.pos, from+maxEvidence)
	p.report(ChallengeGrammar, func() Finding {
		return Finding{Evidence: p.raw[from:end], Line: p.line, Offset: from,
			Message: fmt.Sprintf("%s, found %s at offset %d", expected, p.describe(off), off) + p.unquotedValueHint(off)}
	})
}

// unquotedValueHint explains the commonest grammar error: a parameter value
// holding a separator ("/", ":", ";", ...) sent as a token, as URLs often
// are (RFC 9635's own GNAP example writes as_uri=https://...;access=...).
// A token cannot hold those; a quoted-string can.
func (p *challengeParser) unquotedValueHint(off int) string {
	if off <= 0 || off >= len(p.raw) || charClasses[p.raw[off]]&classTchar != 0 {
		return ""
	}
	i := off - 1
	for i >= 0 && charClasses[p.raw[i]]&classTchar != 0 {
		i--
	}
	if i < 1 || i == off-1 || p.raw[i] != '=' || charClasses[p.raw[i-1]]&classTchar == 0 {
		return ""
	}
	j := i - 1
	for j >= 0 && charClasses[p.raw[j]]&classTchar != 0 {
		j--
	}
	name := p.raw[j+1 : i]
	return fmt.Sprintf(`; the value of %s is sent as a token, which cannot hold %q: send it as a quoted-string, %s="..."`, name, rune(p.raw[off]), name)
}

// describe names the byte at off for a grammar error message.
func (p *challengeParser) describe(off int) string {
	if off >= len(p.raw) {
		return "the end of the line"
	}
	c := p.raw[off]
	switch {
	case charClasses[c]&classCTL != 0:
		return "control character " + controlName(c)
	case c >= 0x80:
		return fmt.Sprintf("byte 0x%02X", c)
	default:
		return fmt.Sprintf("%q", rune(c))
	}
}

// skipToComma moves pos to the next "," outside a quoted-string, or to the
// end of the line: where reading can start again after a grammar error.
func (p *challengeParser) skipToComma() {
	for p.pos < len(p.s) {
		switch p.s[p.pos] {
		case ',':
			return
		case '"':
			p.pos++
			for p.pos < len(p.s) && p.s[p.pos] != '"' {
				if p.s[p.pos] == '\\' {
					p.pos++
				}
				p.pos++
			}
			p.pos = min(p.pos+1, len(p.s))
		default:
			p.pos++
		}
	}
}

// token reads 1*tchar at pos and returns it, or "" when there is none.
func (p *challengeParser) token() string {
	start := p.pos
	for p.pos < len(p.s) && charClasses[p.s[p.pos]]&classTchar != 0 {
		p.pos++
	}
	return p.s[start:p.pos]
}

// skipOWS moves pos past SP and HTAB.
func (p *challengeParser) skipOWS() {
	for p.pos < len(p.s) && (p.s[p.pos] == ' ' || p.s[p.pos] == '\t') {
		p.pos++
	}
}

// at reports whether the byte at pos is c.
func (p *challengeParser) at(c byte) bool {
	return p.pos < len(p.s) && p.s[p.pos] == c
}

// controlCharsAsSpace reports every control character of the line (CTL
// other than HTAB) and returns the line as the parser reads it: NUL, CR and
// LF replaced by SP, as §5.5 lets a recipient do. Without any, the line
// itself is returned and nothing is allocated.
func (p *challengeParser) controlCharsAsSpace(raw string) string {
	var asSpace []byte
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if charClasses[c]&classCTL == 0 {
			continue
		}
		p.report(FieldControlChars, func() Finding {
			return Finding{Evidence: raw[i : i+1], Line: p.line, Offset: i,
				Message: fmt.Sprintf("control character %s at offset %d; a field value holds no control characters but HTAB", controlName(c), i)}
		})
		if c == 0 || c == '\r' || c == '\n' {
			if asSpace == nil {
				asSpace = []byte(raw)
			}
			asSpace[i] = ' '
		}
	}
	if asSpace == nil {
		return raw
	}
	return string(asSpace)
}

// controlName names a control character for a message.
func controlName(c byte) string {
	switch c {
	case 0:
		return "0x00 (NUL)"
	case '\r':
		return "0x0D (CR)"
	case '\n':
		return "0x0A (LF)"
	case 0x7f:
		return "0x7F (DEL)"
	}
	return fmt.Sprintf("0x%02X", c)
}

// clip shortens a name or value quoted in a message: a hostile field can
// make them megabytes long.
func clip(s string) string {
	const max = 60
	if len(s) <= max {
		return s
	}
	return s[:max] + "…"
}

// QuoteString renders s as an HTTP quoted-string (RFC 9110 §5.6.4),
// escaping only '"' and '\', as a sender should. The probe layer uses it
// to build credentials, so there is one quoting rule in the project.
func QuoteString(s string) string {
	var b strings.Builder
	writeQuoted(&b, s)
	return b.String()
}

// writeQuoted writes s to b as a quoted-string, escaping only '"' and '\'
// (§5.6.4).
func writeQuoted(b *strings.Builder, s string) {
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' || s[i] == '\\' {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	b.WriteByte('"')
}

// findingSink collects the parser's findings, listing at most
// maxFindingsPerRule per rule and counting the rest.
type findingSink struct {
	out    []Finding
	counts []ruleCount // every finding given, listed or not, per rule
}

// ruleCount is a number of findings of one rule.
type ruleCount struct {
	rule *Rule
	n    int
}

// addCount adds n to r's count in counts.
func addCount(counts []ruleCount, r *Rule, n int) []ruleCount {
	for i := range counts {
		if counts[i].rule == r {
			counts[i].n += n
			return counts
		}
	}
	return append(counts, ruleCount{rule: r, n: n})
}

// wants reports whether a finding of r would still be listed, once the
// given number of findings held back for r are listed first.
func (s *findingSink) wants(r *Rule, held int) bool {
	for _, rc := range s.counts {
		if rc.rule == r {
			return rc.n+held < maxFindingsPerRule
		}
	}
	return held < maxFindingsPerRule
}

// add lists f unless its rule already has maxFindingsPerRule findings.
func (s *findingSink) add(f Finding) {
	if s.wants(f.Rule, 0) {
		s.out = append(s.out, f)
	}
	s.counts = addCount(s.counts, f.Rule, 1)
}

// skip counts n findings of r without listing them.
func (s *findingSink) skip(r *Rule, n int) {
	s.counts = addCount(s.counts, r, n)
}

// list returns the findings, each rule's overflow told by one more finding.
func (s *findingSink) list() []Finding {
	for _, rc := range s.counts {
		if rc.n > maxFindingsPerRule {
			s.out = append(s.out, Finding{Rule: rc.rule, Line: -1, Offset: -1,
				Message: fmt.Sprintf("and %d more findings of this rule in this field (only the first %d are listed)", rc.n-maxFindingsPerRule, maxFindingsPerRule)})
		}
	}
	return s.out
}

// charClass is a set of the grammar's character classes a byte belongs to.
type charClass uint8

const (
	classTchar   charClass = 1 << iota // tchar (§5.6.2)
	classToken68                       // a token68 character before the "=" padding (§11.2)
	classCTL                           // CTL other than HTAB: %x00-08 / %x0A-1F / %x7F
)

// charClasses classifies every byte value.
var charClasses = func() (t [256]charClass) {
	for c := 0; c < 256; c++ {
		alnum := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
		if alnum || strings.IndexByte("!#$%&'*+-.^_`|~", byte(c)) >= 0 {
			t[c] |= classTchar
		}
		if alnum || strings.IndexByte("-._~+/", byte(c)) >= 0 {
			t[c] |= classToken68
		}
		if (c < 0x20 && c != '\t') || c == 0x7f {
			t[c] |= classCTL
		}
	}
	return t
}()
