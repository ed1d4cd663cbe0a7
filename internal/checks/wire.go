package checks

import (
	"bytes"
	"net/http"
	"net/textproto"
	"strconv"
	"strings"
)

// Rules on the bytes of an HTTP/1.x response head as they came off the
// connection (Exchange.RawHead). Go's parser joins folded lines, accepts a
// bare LF and refuses control characters before any rule could see them,
// so these rules read the bytes themselves. Every quote below was read in
// RFC 9112 §2.1, §2.2, §5.2 and RFC 9110 §5.5.

// Head is one response head read leniently from raw bytes: obs-fold lines
// are joined to the field line before them with a space, a bare LF ends a
// line like CRLF, and control characters stay in the values, so that the
// judge can still judge a head Go refuses.
type Head struct {
	Proto  string
	Status int
	Reason string
	Header http.Header
	// Len is the number of bytes of the head, its empty line included.
	Len int
}

// wireLine is one line of a head: its bytes without the terminator, where
// it starts in the head, and how it ended.
type wireLine struct {
	text   []byte
	start  int
	bareLF bool // ended in LF without CR
}

// splitHead cuts the first head off raw: the lines up to the empty line.
// ok is false when raw holds no complete head.
func splitHead(raw []byte) (lines []wireLine, n int, ok bool) {
	lines = make([]wireLine, 0, 16) // most heads have fewer lines: one allocation
	for at := 0; ; {
		text, next, bareLF, ok := nextLine(raw, at)
		if !ok {
			return nil, 0, false
		}
		l := wireLine{text: text, start: at, bareLF: bareLF}
		at = next
		if len(l.text) == 0 && len(lines) > 0 {
			return append(lines, l), at, true
		}
		lines = append(lines, l)
	}
}

// nextLine returns the line of raw that starts at at, without its CRLF or
// bare LF (bareLF says which), and where the next line starts; ok is false
// when no line break follows.
func nextLine(raw []byte, at int) (text []byte, next int, bareLF, ok bool) {
	if at >= len(raw) {
		return nil, 0, false, false
	}
	nl := bytes.IndexByte(raw[at:], '\n')
	if nl < 0 {
		return nil, 0, false, false
	}
	end := at + nl
	if end > at && raw[end-1] == '\r' {
		return raw[at : end-1], end + 1, false, true
	}
	return raw[at:end], end + 1, true, true
}

// ParseHead reads the first response head in raw leniently (see Head).
// ok is false when raw holds no complete head or the status line is not
// "HTTP/x.y NNN".
func ParseHead(raw []byte) (Head, bool) {
	lines, n, ok := splitHead(raw)
	if !ok {
		return Head{}, false
	}
	proto, status, reason, ok := parseStatusLine(string(lines[0].text))
	if !ok {
		return Head{}, false
	}
	h := Head{Proto: proto, Status: status, Reason: reason, Header: http.Header{}, Len: n}
	var name string
	for _, l := range lines[1 : len(lines)-1] {
		t := string(l.text)
		if (strings.HasPrefix(t, " ") || strings.HasPrefix(t, "\t")) && name != "" {
			vs := h.Header[name]
			vs[len(vs)-1] += " " + strings.Trim(t, " \t")
			continue
		}
		k, v, found := strings.Cut(t, ":")
		if !found {
			continue
		}
		name = textproto.CanonicalMIMEHeaderKey(k)
		h.Header[name] = append(h.Header[name], strings.Trim(v, " \t"))
	}
	return h, true
}

// parseStatusLine reads "HTTP/1.x NNN reason"; ok is false for anything
// else.
func parseStatusLine(line string) (proto string, status int, reason string, ok bool) {
	proto, rest, _ := strings.Cut(line, " ")
	code, reason, _ := strings.Cut(rest, " ")
	status, err := strconv.Atoi(code)
	if !strings.HasPrefix(proto, "HTTP/1.") || len(code) != 3 || err != nil {
		return "", 0, "", false
	}
	return proto, status, reason, true
}

// headLen is splitHead without the lines: the first line of the first
// head in raw, and the head's length.
func headLen(raw []byte) (first []byte, n int, ok bool) {
	for at := 0; ; {
		text, next, _, ok := nextLine(raw, at)
		if !ok {
			return nil, 0, false
		}
		switch {
		case at == 0:
			first = text
		case len(text) == 0:
			return first, next, true
		}
		at = next
	}
}

// HeadsEnd returns what ResponseHeads does but the heads: the offset just
// after the final head, and whether there is one. It reads no field line.
func HeadsEnd(raw []byte) (end int, ok bool) {
	for i := 0; i < 10; i++ {
		first, n, ok := headLen(raw[end:])
		if !ok {
			return 0, false
		}
		_, status, _, ok := parseStatusLine(string(first))
		if !ok {
			return 0, false
		}
		end += n
		if status >= 200 || status == http.StatusSwitchingProtocols {
			return end, true
		}
	}
	return 0, false
}

// ResponseHeads splits raw into the heads of interim (1xx) responses and
// the final head, and returns them in order with the offset just after the
// final one. ok is false when no complete final head is there.
func ResponseHeads(raw []byte) (heads []Head, end int, ok bool) {
	for i := 0; i < 10; i++ {
		h, ok := ParseHead(raw[end:])
		if !ok {
			return nil, 0, false
		}
		heads = append(heads, h)
		end += h.Len
		if h.Status >= 200 || h.Status == http.StatusSwitchingProtocols {
			return heads, end, true
		}
	}
	return nil, 0, false
}

// wireApplies is the Applies of every rule on the raw head.
func wireApplies(c *Context) bool { return len(c.Ex.RawHead) > 0 }

// wireRule registers a rule that judges the raw head line by line: check
// returns the findings of one line (i is its index, 0 being a status line).
func wireRule(r Rule, check func(r *Rule, c *Context, i int, l wireLine) []Finding) *Rule {
	r.Wire = true
	r.Applies = wireApplies
	return registerChecked(r, func(r *Rule, c *Context) []Finding {
		var out []Finding
		for _, lines := range c.wireHeads() {
			for i, l := range lines {
				out = append(out, check(r, c, i, l)...)
			}
		}
		return out
	})
}

// wireHeads returns the raw head split into heads of lines (see
// splitHead), split once for every rule on the raw head.
func (c *Context) wireHeads() [][]wireLine {
	if !c.wire.done {
		c.wire.done = true
		raw := c.Ex.RawHead
		for len(raw) > 0 {
			lines, n, ok := splitHead(raw)
			if !ok {
				break
			}
			c.wire.heads = append(c.wire.heads, lines)
			raw = raw[n:]
		}
	}
	return c.wire.heads
}

// wireEvidence is a line as evidence: its bytes with the terminator it had.
func wireEvidence(l wireLine) string {
	if l.bareLF {
		return string(l.text) + "\n"
	}
	return string(l.text) + "\r\n"
}

// wireFieldBefore returns the name of the field whose line precedes line i
// of the final head, skipping continuation lines; "" when none does.
func (c *Context) wireFieldBefore(i int) string {
	heads := c.wireHeads()
	if len(heads) == 0 {
		return ""
	}
	lines := heads[len(heads)-1]
	for j := min(i, len(lines)) - 1; j > 0; j-- {
		t := lines[j].text
		if len(t) > 0 && t[0] != ' ' && t[0] != '\t' {
			name, _, _ := bytes.Cut(t, []byte(":"))
			return strings.TrimSpace(string(name))
		}
	}
	return ""
}

// ObsFold: RFC 9112 §5.2, "A sender MUST NOT generate a message that
// includes line folding (i.e., that has any field line value that contains
// a match to the obs-fold rule) unless the message is intended for
// packaging within the "message/http" media type."
var ObsFold = wireRule(Rule{
	ID:          "rfc9112/obs-fold",
	RFC:         "RFC 9112",
	Section:     "5.2",
	Level:       Must,
	Requirement: "No field line of the response head is folded onto a continuation line that starts with a space or tab (obs-fold).",
}, func(r *Rule, c *Context, i int, l wireLine) []Finding {
	if i == 0 || len(l.text) == 0 || (l.text[0] != ' ' && l.text[0] != '\t') {
		return nil
	}
	if i == 1 {
		// RFC 9112 §2.2: "A sender MUST NOT send whitespace between the
		// start-line and the first header field." Not a fold, but read as
		// one by lenient recipients: same rule, the right words (audit D11).
		return []Finding{finding(r, "the first line after the status line starts with whitespace: RFC 9112 §2.2 forbids whitespace between the start-line and the first header field, "+
			"and recipients either drop the line or read it as a folded continuation", wireEvidence(l))}
	}
	return []Finding{finding(r, "a field line is folded: this line continues the one before it by starting with whitespace; "+
		"send each field value on one line (recipients may join, refuse or misread folded lines)", wireEvidence(l))}
})

// BareCR: RFC 9112 §2.2, "A sender MUST NOT generate a bare CR (a CR
// character not immediately followed by LF) within any protocol elements
// other than the content."
var BareCR = wireRule(Rule{
	ID:          "rfc9112/bare-cr",
	RFC:         "RFC 9112",
	Section:     "2.2",
	Level:       Must,
	Requirement: "The response head holds no bare CR (a CR not immediately followed by LF).",
}, func(r *Rule, c *Context, i int, l wireLine) []Finding {
	if bytes.IndexByte(l.text, '\r') < 0 {
		return nil
	}
	return []Finding{finding(r, "the response head holds a bare CR (one not followed by LF): end every line with CRLF and never send CR inside a line; "+
		"recipients split such heads differently, which is how responses get smuggled", wireEvidence(l))}
})

// BareLF: RFC 9112 §2.1 defines the head's lines as ending in CRLF
// ("HTTP-message = start-line CRLF *( field-line CRLF ) CRLF"), and RFC
// 9110 §2.2 binds the sender to the grammar: "A sender MUST NOT generate
// protocol elements that do not match the grammar defined by the
// corresponding ABNF rules." §2.2's "a recipient MAY recognize a single LF"
// is an allowance for recipients, not for senders: a bare LF is a MUST
// violation, as the catalogue's policy makes every grammar violation.
var BareLF = wireRule(Rule{
	ID:          "rfc9112/bare-lf",
	RFC:         "RFC 9112",
	Section:     "2.1, 2.2",
	Level:       Must,
	Severity:    Medium,
	Requirement: "Every line of the response head ends in CRLF, not in a bare LF (the grammar is CRLF; that recipients MAY accept a bare LF binds no sender).",
}, func(r *Rule, c *Context, i int, l wireLine) []Finding {
	if !l.bareLF {
		return nil
	}
	return []Finding{finding(r, "a line of the response head ends in a bare LF: end every line, the empty one too, with CRLF", wireEvidence(l))}
})

// HeadControlChars: RFC 9110 §5.5, "Field values containing CR, LF, or NUL
// characters are invalid and dangerous ... Field values containing other
// CTL characters are also invalid", and the grammar admits only VCHAR,
// obs-text, SP and HTAB in a field value. This rule reads every field line
// of the head as received; the challenge field's value is left to
// rfc9110/field-control-chars, so one defect fails one rule.
var HeadControlChars = wireRule(Rule{
	ID:          "rfc9110/head-control-chars",
	RFC:         "RFC 9110",
	Section:     "5.5",
	Level:       Must,
	Requirement: "No field value of the response head holds a control character other than HTAB (the challenge field is judged by rfc9110/field-control-chars).",
}, func(r *Rule, c *Context, i int, l wireLine) []Finding {
	if i == 0 || len(l.text) == 0 {
		return nil
	}
	name, value, found := bytes.Cut(l.text, []byte(":"))
	if l.text[0] == ' ' || l.text[0] == '\t' {
		// A continuation line (obs-fold) belongs to the field before it
		// and is judged as part of its value (audit D11).
		name, value, found = []byte(c.wireFieldBefore(i)), l.text, true
	}
	if !found || (len(c.Lines) > 0 && strings.EqualFold(strings.TrimSpace(string(name)), c.Field)) {
		return nil
	}
	for _, b := range value {
		if (b < 0x20 && b != '\t' && b != '\r') || b == 0x7f {
			return []Finding{finding(r, "the "+textproto.CanonicalMIMEHeaderKey(string(name))+" field value holds the control character "+
				strconv.QuoteRune(rune(b))+": field values are visible characters, spaces and tabs only; percent-encode or drop the rest", wireEvidence(l))}
		}
	}
	return nil
})

// FieldLineGrammar: RFC 9112 §5, "field-line = field-name ":" OWS
// field-value OWS", and §5.1, "No whitespace is allowed between the field
// name and colon." RFC 9110 §2.2 binds the sender to the grammar. A line of
// the head that is neither a field line nor a continuation (obs-fold's
// business) is dropped by some recipients and misread by others.
var FieldLineGrammar = wireRule(Rule{
	ID:          "rfc9112/field-line-grammar",
	RFC:         "RFC 9112",
	Section:     "5, 5.1",
	Level:       Must,
	Severity:    Medium,
	Requirement: "Every line of the response head after the status line is a field line: a token field name, then \":\" with no whitespace before it.",
}, func(r *Rule, c *Context, i int, l wireLine) []Finding {
	if i == 0 || len(l.text) == 0 || l.text[0] == ' ' || l.text[0] == '\t' {
		return nil
	}
	name, _, found := bytes.Cut(l.text, []byte(":"))
	switch {
	case !found:
		return []Finding{finding(r, "a line of the response head has no \":\": it is no field line (field-name \":\" field-value); recipients drop or misread it", wireEvidence(l))}
	case len(name) == 0 || !isTokenString(string(name)):
		return []Finding{finding(r, "the field name "+strconv.Quote(string(name))+" is not a token (no whitespace before the \":\", no separators): write Name: value", wireEvidence(l))}
	}
	return nil
})

// ContentLengthWithTE: RFC 9112 §6.2, "A sender MUST NOT send a
// Content-Length header field in any message that contains a
// Transfer-Encoding header field" (audit M4). Read off the head as
// received: Go's parser drops the Content-Length of a chunked response.
var ContentLengthWithTE = registerChecked(Rule{
	ID:          "rfc9112/content-length-with-transfer-encoding",
	RFC:         "RFC 9112",
	Section:     "6.2",
	Level:       Must,
	Severity:    Medium,
	Requirement: "A response with Transfer-Encoding carries no Content-Length: recipients disagree on which one frames the content.",
	Wire:        true,
	Applies:     wireApplies,
}, func(r *Rule, c *Context) []Finding {
	heads := c.wireHeads()
	if len(heads) == 0 {
		return nil
	}
	var cl, te *wireLine
	for i, l := range heads[len(heads)-1] {
		if i == 0 {
			continue
		}
		name, _, found := bytes.Cut(l.text, []byte(":"))
		if !found {
			continue
		}
		switch strings.ToLower(strings.TrimSpace(string(name))) {
		case "content-length":
			cl = &heads[len(heads)-1][i]
		case "transfer-encoding":
			te = &heads[len(heads)-1][i]
		}
	}
	if cl == nil || te == nil {
		return nil
	}
	return []Finding{finding(r, "the response has both Transfer-Encoding and Content-Length: send one framing only (drop Content-Length when the content is chunked); a proxy and a client that pick different ones split the stream differently",
		wireEvidence(*te)+wireEvidence(*cl))}
})
