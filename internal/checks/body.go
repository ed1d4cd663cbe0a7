package checks

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"encoding/json"
	"encoding/xml"
	"errors"
	"html"
	"io"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Rules on the content of a 401 or 407. RFC 9110 §15.5 asks every 4xx
// that does not answer HEAD to explain itself; §15.5.2 is why that matters
// here: after a failed attempt, a user agent shows that explanation. The
// other rules make sure the explanation can be read (§8.3, §8.6), that a
// HEAD answer has none (§9.3.2), and that it leaks nothing (§17).

// DiagnosticBody: RFC 9110 §15.5, "Except when responding to a HEAD
// request, the server SHOULD send a representation containing an
// explanation of the error situation".
var DiagnosticBody = registerChecked(Rule{
	ID:          "rfc9110/diagnostic-body",
	RFC:         "RFC 9110",
	Section:     "15.5",
	Level:       Should,
	Severity:    Medium,
	Mission:     true,
	Requirement: "Every 401/407 that does not answer HEAD carries content that explains what credentials to send.",
	Applies: func(c *Context) bool {
		e := c.Ex
		// Nothing read because nothing was allowed to be read: cannot judge.
		return e.IsChallenge() && !bodyIsHead(e) && !(len(e.Body) == 0 && e.BodyTruncated)
	},
}, func(r *Rule, c *Context) []Finding {
	e := c.Ex
	if len(e.Body) == 0 {
		return []Finding{finding(r, "the "+fwStatusText(e.Status)+" response has no content: "+bodyExplainHow(e), "")}
	}
	if text, ok := bodyContent(e); ok && len(bytes.TrimSpace(text)) == 0 {
		return []Finding{finding(r, "the content of the "+fwStatusText(e.Status)+
			" response is only whitespace: "+bodyExplainHow(e), string(e.Body))}
	}
	return nil
})

// HeadNoContent: RFC 9110 §9.3.2, "the server MUST NOT send content in the
// response" to HEAD. The probe reads what follows the header section of a
// HEAD answer, so Body holds whatever content arrived anyway.
var HeadNoContent = registerChecked(Rule{
	ID:          "rfc9110/head-no-content",
	RFC:         "RFC 9110",
	Section:     "9.3.2",
	Level:       Must,
	Requirement: "A 401/407 answering HEAD ends with its header section: no content follows.",
	Applies:     func(c *Context) bool { return c.Ex.IsChallenge() && bodyIsHead(c.Ex) },
}, func(r *Rule, c *Context) []Finding {
	e := c.Ex
	if len(e.Body) == 0 {
		return nil
	}
	return []Finding{finding(r, strconv.Itoa(len(e.Body))+" bytes of content followed the header section of the answer to HEAD: "+
		"a HEAD response ends with its header section, and a client reusing the connection will read these bytes as the start of the next response",
		bodyRedact(e, string(e.Body)))}
})

// ContentTypePresent: RFC 9110 §8.3, "A sender that generates a message
// containing content SHOULD generate a Content-Type header field"; its
// value is a media-type, type "/" subtype.
var ContentTypePresent = registerChecked(Rule{
	ID:          "rfc9110/content-type",
	RFC:         "RFC 9110",
	Section:     "8.3",
	Level:       Should,
	Requirement: "The content of a 401/407 is labelled with a Content-Type that is a media type.",
	Applies:     bodyHasContent,
}, func(r *Rule, c *Context) []Finding {
	e := c.Ex
	raw := strings.TrimSpace(e.Header.Get("Content-Type"))
	if raw == "" {
		return []Finding{finding(r, "the "+strconv.Itoa(len(e.Body))+" bytes of content have no Content-Type, so a client has to guess how to show them: "+
			"send e.g. Content-Type: application/problem+json, or text/plain; charset=utf-8", "")}
	}
	if _, _, ok := bodyMediaType(e); !ok {
		return []Finding{finding(r, "Content-Type is not a media type of the form type/subtype[; parameter=value]", raw)}
	}
	return nil
})

// ContentMatchesType: RFC 9110 §8.3, "The indicated media type defines both
// the data format and how that data is intended to be processed by a
// recipient". The RFC puts no keyword on it; content that is not what its
// label says is an explanation nobody can read, hence a warning.
var ContentMatchesType = registerChecked(Rule{
	ID:      "rfc9110/content-matches-type",
	RFC:     "RFC 9110",
	Section: "8.3",
	Level:   Should,
	Requirement: "The content of a 401/407 is what its Content-Type says: JSON parses, XML is well-formed, " +
		"HTML shows some text, and text declared UTF-8 (or any JSON) is valid UTF-8.",
	Applies: func(c *Context) bool {
		if !bodyHasContent(c) || c.Ex.BodyTruncated {
			return false // a cut-off document cannot be judged whole
		}
		if _, ok := bodyContent(c.Ex); !ok {
			return false // an unknown or broken content coding: nothing to read
		}
		mt, params, ok := bodyMediaType(c.Ex)
		return ok && (bodyKindOf(mt) != bodyKindOther || bodyCharset(mt, params) != "")
	},
}, func(r *Rule, c *Context) []Finding {
	e := c.Ex
	content, _ := bodyContent(e)
	mt, params, _ := bodyMediaType(e)
	if f, bad := bodyCharsetFinding(r, e, mt, bodyCharset(mt, params), content); bad {
		return []Finding{f}
	}
	var problem string
	var at int
	switch bodyKindOf(mt) {
	case bodyKindJSON:
		if mt == bodyProblemJSON {
			return nil // its syntax is rfc9457/problem-object's to judge
		}
		problem, at = bodyJSONError(content)
	case bodyKindXML:
		if _, declared := params["charset"]; declared && bodyCharset(mt, params) == "" {
			return nil // a charset the decoder cannot read (ISO-8859-1, ...): not judged
		}
		problem, at = bodyXMLError(content)
	case bodyKindHTML:
		if !bodyHTMLHasText(content) {
			problem, at = "the HTML shows no text: a reader learns nothing from it; say in words what credentials to send", 0
		}
	case bodyKindText:
		// Plain text is anything readable; only whitespace is caught by
		// rfc9110/diagnostic-body.
	}
	if problem == "" {
		return nil
	}
	return []Finding{{Rule: r, Message: "the content labelled " + mt + " does not match it: " + problem,
		Evidence: excerpt(bodyEvidence(e, content, at)), Line: -1, Offset: -1}}
})

// ContentLengthMatches: RFC 9110 §8.6 defines Content-Length as "the
// amount of data enclosed so that it can be used to delimit framing", and
// RFC 9110 §2.2 binds the sender: "A sender MUST NOT generate protocol
// elements that do not match the grammar". A value that is not the length
// of the content sent breaks the framing of RFC 9112 §6.3, whose MUST
// binds the recipient ("the recipient MUST consider the message to be
// incomplete"); for HTTP/2, RFC 9113 §8.1.1: a response "is also malformed
// if the value of a content-length header field does not equal the sum of
// the DATA frame payload lengths". Too few bytes leave the client waiting;
// too many are read as the start of the next response. The rule was
// published as rfc9110/content-length-matches, renamed for a while to
// rfc9112/content-length-matches when it cited RFC 9112's recipient
// requirement; the audit of 2026-12 (D10) put the citation back on the
// sender's requirement in RFC 9110, and the RFC 9112 ID stays an alias.
var ContentLengthMatches = registerChecked(Rule{
	ID:          "rfc9110/content-length-matches",
	Aliases:     []string{"rfc9112/content-length-matches"},
	RFC:         "RFC 9110",
	Section:     "8.6",
	Level:       Must,
	Requirement: "The Content-Length of a 401/407 is the number of bytes of content that follow the head: no fewer, no more (RFC 9113 §8.1.1 for HTTP/2's DATA frames).",
	Applies: func(c *Context) bool {
		e := c.Ex
		// A HEAD answer announces the length GET would have had (§8.6);
		// chunked framing overrides Content-Length (RFC 9112 §6.3).
		return e.IsChallenge() && !bodyIsHead(e) && e.DeclaredLength >= 0 && !e.BodyTruncated &&
			len(e.Header.Values("Transfer-Encoding")) == 0
	},
}, func(r *Rule, c *Context) []Finding {
	e := c.Ex
	declared := strconv.FormatInt(e.DeclaredLength, 10)
	switch {
	case e.Following > e.DeclaredLength:
		return []Finding{finding(r, "Content-Length announces "+declared+" bytes but at least "+strconv.FormatInt(e.Following, 10)+
			" followed the head: the extra bytes would be read as the start of the next response; send the length of the content actually written", "")}
	case int64(len(e.Body)) != e.DeclaredLength:
		return []Finding{finding(r, "Content-Length announces "+declared+
			" bytes but "+strconv.Itoa(len(e.Body))+" arrived: send the length of the content actually written, or no Content-Length and let the server frame it", "")}
	}
	return nil
})

// BodyNoCredentialEcho: RFC 9110 §17.7, "Implementations need to prevent
// unintentional disclosure of personal information", passwords named among
// it. A 401 that repeats the credentials it refused copies them into every
// log, cache and screen the response reaches.
var BodyNoCredentialEcho = registerChecked(Rule{
	ID:          "rfc9110/body-no-credential-echo",
	RFC:         "RFC 9110",
	Section:     "17.7",
	Level:       Security,
	Severity:    High,
	Requirement: "A 401/407 does not repeat the credentials sent, in its content or in any header field.",
	Applies:     func(c *Context) bool { return c.Ex.IsChallenge() && len(bodySecretForms(c.Ex)) > 0 },
}, func(r *Rule, c *Context) []Finding {
	e := c.Ex
	forms := bodySecretForms(e)
	var out []Finding
	for _, name := range bodySortedKeys(e.Header) {
		for _, v := range e.Header[name] {
			if at := bodyFindSecret(v, forms); at >= 0 {
				out = append(out, finding(r, "the "+name+" header field repeats the credentials sent: never echo credentials back",
					bodyRedact(e, v)))
				break
			}
		}
	}
	for _, text := range bodyReadings(e) {
		if at := bodyFindSecret(string(text), forms); at >= 0 {
			out = append(out, finding(r, "the content repeats the credentials sent at byte "+strconv.Itoa(at)+
				": say which credentials were refused without quoting them", bodyEvidence(e, text, at)))
			break
		}
	}
	return out
})

// BodyNoStackTrace: RFC 9110 §17.12 warns that revealing the software
// behind the interface can "make it easier for an attacker to exploit known
// security holes"; a stack trace reveals far more than a Server field. Only
// unmistakable traces count, so an explanation in prose never trips it.
var BodyNoStackTrace = registerChecked(Rule{
	ID:          "rfc9110/body-no-stack-trace",
	RFC:         "RFC 9110",
	Section:     "17.12",
	Level:       Security,
	Severity:    Medium,
	Requirement: "The content of a 401/407 carries no stack trace (Java, Python, Go, .NET, PHP, Node.js, Ruby).",
	Applies:     bodyHasContent,
}, func(r *Rule, c *Context) []Finding {
	e := c.Ex
	for _, text := range bodyReadings(e) {
		if lang, at, ok := bodyStackTrace(text); ok {
			return []Finding{finding(r, "the content carries a "+lang+" stack trace: it tells an attacker what runs behind the interface; "+
				"log it on the server and send the client a short explanation", bodyEvidence(e, text, at))}
		}
	}
	return nil
})

// bodyIsHead reports whether the exchange answered a HEAD request.
func bodyIsHead(e *Exchange) bool { return e.Method == http.MethodHead }

// bodyHasContent is the Applies of the rules that read the content of a
// 401/407: there is some, and it is not the (already wrong) content of an
// answer to HEAD.
func bodyHasContent(c *Context) bool {
	return c.Ex.IsChallenge() && !bodyIsHead(c.Ex) && len(c.Ex.Body) > 0
}

// bodyExplainHow is the advice of rfc9110/diagnostic-body.
func bodyExplainHow(e *Exchange) string {
	return `send a short explanation of what credentials to send, e.g. Content-Type: application/problem+json with ` +
		`{"title":"Authentication required","status":` + strconv.Itoa(e.Status) +
		`,"detail":"Send an Authorization header with a valid token"} (RFC 9457)`
}

// bodyMediaType returns the lowercased media type of the content and its
// parameters; ok is false when there is no Content-Type or it is not a
// media type.
func bodyMediaType(e *Exchange) (string, map[string]string, bool) {
	raw := e.Header.Get("Content-Type")
	if strings.TrimSpace(raw) == "" {
		return "", nil, false
	}
	mt, params, err := mime.ParseMediaType(raw)
	if err != nil && !errors.Is(err, mime.ErrInvalidMediaParameter) {
		return "", nil, false
	}
	if !strings.Contains(mt, "/") {
		return "", nil, false
	}
	return mt, params, true
}

// bodyKind groups media types by how their content is judged.
type bodyKind int

const (
	bodyKindOther bodyKind = iota
	bodyKindJSON
	bodyKindXML
	bodyKindHTML
	bodyKindText
)

const bodyProblemJSON = "application/problem+json"

func bodyKindOf(mt string) bodyKind {
	switch {
	case mt == "application/json" || strings.HasSuffix(mt, "+json"):
		return bodyKindJSON
	case mt == "text/html":
		return bodyKindHTML
	case mt == "application/xml" || mt == "text/xml" || strings.HasSuffix(mt, "+xml"):
		return bodyKindXML
	case mt == "text/plain":
		return bodyKindText
	}
	return bodyKindOther
}

// bodyCharset returns the character encoding the content must be valid
// in, as "utf-8" or "us-ascii", or "" when it is neither or unknown. JSON
// exchanged between systems is UTF-8 whatever the label says (RFC 8259
// §8.1), unless a charset says otherwise.
func bodyCharset(mt string, params map[string]string) string {
	cs, declared := params["charset"]
	cs = strings.ToLower(strings.Trim(cs, `" `))
	switch {
	case cs == "utf-8" || cs == "utf8":
		return "utf-8"
	case cs == "us-ascii" || cs == "ascii":
		return "us-ascii"
	case !declared && bodyKindOf(mt) == bodyKindJSON:
		return "utf-8"
	}
	return ""
}

// bodyCharsetFinding reports content that is not valid in its charset.
func bodyCharsetFinding(r *Rule, e *Exchange, mt, charset string, content []byte) (Finding, bool) {
	bad := -1
	switch charset {
	case "utf-8":
		bad = bodyInvalidUTF8(content)
	case "us-ascii":
		bad = bytes.IndexFunc(content, func(r rune) bool { return r >= utf8.RuneSelf })
	}
	if bad < 0 {
		return Finding{}, false
	}
	return Finding{Rule: r, Message: "the content labelled " + mt + " is not valid " + charset + " (byte " + strconv.Itoa(bad) +
		"): encode it in " + charset + " or declare the charset it is in", Evidence: excerpt(bodyEvidence(e, content, bad)),
		Line: -1, Offset: -1}, true
}

// bodyInvalidUTF8 returns the offset of the first byte that is not valid
// UTF-8, or -1.
func bodyInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return -1
}

// bodyJSONError returns what is wrong with a JSON text and where, or "".
func bodyJSONError(content []byte) (string, int) {
	content = bytes.TrimPrefix(content, []byte("\xef\xbb\xbf")) // a BOM recipients may ignore (RFC 8259 §8.1)
	var v any
	err := json.Unmarshal(content, &v)
	if err == nil {
		return "", 0
	}
	var syn *json.SyntaxError
	if errors.As(err, &syn) {
		return "it is not valid JSON (" + syn.Error() + ")", int(syn.Offset)
	}
	return "it is not valid JSON (" + err.Error() + ")", 0
}

// errBodyOtherCharset stops the XML decoder on a declared encoding other than
// UTF-8: the standard library cannot read it, so the document is not judged.
var errBodyOtherCharset = errors.New("checks: XML in a charset other than UTF-8")

// bodyXMLError returns what is wrong with an XML document and where, or "".
func bodyXMLError(content []byte) (string, int) {
	d := xml.NewDecoder(bytes.NewReader(content))
	d.Entity = xml.HTMLEntity // XHTML error pages use &nbsp; and friends
	d.CharsetReader = func(string, io.Reader) (io.Reader, error) { return nil, errBodyOtherCharset }
	elements := 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			if errors.Is(err, errBodyOtherCharset) {
				return "", 0
			}
			return "it is not well-formed XML (" + err.Error() + ")", int(d.InputOffset())
		}
		if _, ok := tok.(xml.StartElement); ok {
			elements++
		}
	}
	if elements == 0 {
		return "it is not an XML document: it has no element", 0
	}
	return "", 0
}

var (
	bodyHTMLHidden = regexp.MustCompile(`(?is)<!--.*?-->|<script\b.*?</script\s*>|<style\b.*?</style\s*>|<template\b.*?</template\s*>`)
	bodyHTMLTag    = regexp.MustCompile(`(?s)<[^>]*>`)
)

// bodyVisibleRune reports whether a rune shows: not a space of any kind
// (no-break spaces included) and not a byte order mark.
func bodyVisibleRune(r rune) bool { return !unicode.IsSpace(r) && r != '\ufeff' }

// bodyHTMLHasText reports whether an HTML document shows any text: what
// is left once comments, scripts, styles and tags are gone and entities are
// decoded. A <title> counts: browsers show it.
func bodyHTMLHasText(content []byte) bool {
	s := bodyHTMLHidden.ReplaceAllString(string(content), " ")
	s = bodyHTMLTag.ReplaceAllString(s, " ")
	s = html.UnescapeString(s)
	return strings.IndexFunc(s, bodyVisibleRune) >= 0
}

// bodyMaxDecoded bounds what a content coding may expand to, so a compressed
// bomb costs the judge nothing.
const bodyMaxDecoded = 4 << 20

// bodyContent returns the content with its content codings undone (RFC
// 9110 §8.4): gzip, x-gzip and deflate. ok is false when a coding is
// unknown (br, zstd, ...) or the bytes do not decode, e.g. because they were
// truncated.
func bodyContent(e *Exchange) ([]byte, bool) {
	var codings []string
	for _, v := range e.Header.Values("Content-Encoding") {
		for _, c := range strings.Split(v, ",") {
			if c = strings.ToLower(strings.TrimSpace(c)); c != "" && c != "identity" {
				codings = append(codings, c)
			}
		}
	}
	if len(codings) == 0 {
		return e.Body, true
	}
	if e.BodyTruncated {
		return nil, false
	}
	b := e.Body
	for i := len(codings) - 1; i >= 0; i-- {
		var ok bool
		if b, ok = bodyDecode(codings[i], b); !ok {
			return nil, false
		}
	}
	return b, true
}

func bodyDecode(coding string, b []byte) ([]byte, bool) {
	var r io.Reader
	switch coding {
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			return nil, false
		}
		r = zr
	case "deflate":
		// "deflate" is zlib (RFC 9110 §8.4.1.2); some servers send the raw
		// deflate stream instead.
		zr, err := zlib.NewReader(bytes.NewReader(b))
		if err != nil {
			r = flate.NewReader(bytes.NewReader(b))
		} else {
			r = zr
		}
	default:
		return nil, false
	}
	out, err := io.ReadAll(io.LimitReader(r, bodyMaxDecoded+1))
	if err != nil || len(out) > bodyMaxDecoded {
		return nil, false
	}
	return out, true
}

// bodyReadings returns the content as it came and, when a content coding
// was undone, as decoded: a leak is a leak in either.
func bodyReadings(e *Exchange) [][]byte {
	out := [][]byte{e.Body}
	if decoded, ok := bodyContent(e); ok && !bytes.Equal(decoded, e.Body) {
		out = append(out, decoded)
	}
	return out
}

// bodyEvidence returns the text around offset at with every credential
// redacted. It redacts before it cuts, so a credential that straddles the
// edge of the excerpt is never shown in part.
func bodyEvidence(e *Exchange, text []byte, at int) string {
	if at < 0 || at > len(text) {
		at = 0
	}
	redact := bodyRedactor(e)
	shift := len(redact(string(text[:at])))
	return bodyAround([]byte(redact(string(text))), shift)
}

// bodyAround returns the text around offset at.
func bodyAround(b []byte, at int) string {
	const before, after = 60, 100
	start, end := at-before, at+after
	if start < 0 {
		start = 0
	}
	if end > len(b) {
		end = len(b)
	}
	if start > end {
		start = end
	}
	return string(b[start:end])
}

// bodyMinSecretLen is the shortest credential looked for: shorter strings turn
// up in ordinary text by chance.
const bodyMinSecretLen = 4

// bodySecretForms returns every form in which the credentials sent could
// come back: as sent, and escaped for HTML, JSON and URLs.
func bodySecretForms(e *Exchange) []string {
	seen := map[string]bool{}
	var out []string
	add := func(s string) {
		if len(s) >= bodyMinSecretLen && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	for _, s := range e.Secrets {
		if len(s) < bodyMinSecretLen {
			continue
		}
		add(s)
		add(html.EscapeString(s))
		if j, err := json.Marshal(s); err == nil {
			add(string(j[1 : len(j)-1]))
			add(strings.ReplaceAll(string(j[1:len(j)-1]), "/", `\/`))
		}
		add(url.QueryEscape(s))
		add(strings.ReplaceAll(url.QueryEscape(s), "+", "%20"))
		add(url.PathEscape(s))
	}
	return out
}

// bodyFindSecret returns the offset of the first occurrence of any form
// that stands as a whole word (not inside a longer run of letters and
// digits), or -1.
func bodyFindSecret(text string, forms []string) int {
	first := -1
	for _, f := range forms {
		for from := 0; from <= len(text)-len(f); {
			i := strings.Index(text[from:], f)
			if i < 0 {
				break
			}
			i += from
			end := i + len(f)
			if (i == 0 || !bodyIsAlnum(text[i-1]) || !bodyIsAlnum(f[0])) &&
				(end == len(text) || !bodyIsAlnum(text[end]) || !bodyIsAlnum(f[len(f)-1])) {
				if first < 0 || i < first {
					first = i
				}
				break
			}
			from = i + 1
		}
	}
	return first
}

func bodyIsAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// bodyRedactedMark replaces a credential in evidence; the probe layer
// uses the same marker.
const bodyRedactedMark = "[REDACTED]"

// bodyRedact replaces every credential sent, in every form, by a marker,
// so that evidence never carries them.
func bodyRedact(e *Exchange, s string) string {
	return bodyRedactor(e)(s)
}

// bodyRedactor returns a function that does what bodyRedact does, with the
// forms of the credentials worked out once for every string it redacts.
func bodyRedactor(e *Exchange) func(string) string {
	forms := bodySecretForms(e)
	// Longest first, so a form that contains another is replaced whole.
	sort.SliceStable(forms, func(i, j int) bool { return len(forms[i]) > len(forms[j]) })
	return func(s string) string {
		for _, f := range forms {
			s = strings.ReplaceAll(s, f, bodyRedactedMark)
		}
		// Secrets too short to look for are still never shown.
		for _, sec := range e.Secrets {
			if sec != "" && len(sec) < bodyMinSecretLen {
				s = strings.ReplaceAll(s, sec, bodyRedactedMark)
			}
		}
		return s
	}
}

func bodySortedKeys(h http.Header) []string {
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// bodyStackPattern is one unmistakable sign of a stack trace: min matches
// of re (and a match of also, when set) in the content. The regular
// expression runs only when the content holds one of the hints, literal
// strings every match contains: most content holds none, and a literal
// search is much cheaper than a regular expression.
type bodyStackPattern struct {
	lang  string
	hints []string
	re    *regexp.Regexp
	min   int
	also  *regexp.Regexp
}

// A frame is recognised by what prose never has: a qualified function
// next to a source file and line number, or a runtime's own header line.
// A line break may be literal or escaped (\n) inside a JSON string.
var bodyStackPatterns = []bodyStackPattern{
	{lang: "Java", hints: []string{".java:", ".kt:", ".scala:", ".groovy:"},
		re: regexp.MustCompile(`(?:[A-Za-z_$][\w$]*\.)+[\w$<>]+\([\w$-]+\.(?:java|kt|scala|groovy):\d+\)`), min: 1},
	{lang: "Java", hints: []string{"(Native Method)", "(Unknown Source)"},
		re: regexp.MustCompile(`(?m)(?:^|\\n)(?:[ \t]|\\t)*at (?:[A-Za-z_$][\w$]*\.)+[\w$<>]+\((?:Native Method|Unknown Source)\)`), min: 2},
	{lang: "Python", hints: []string{"Traceback (most recent call last):", ".py"},
		re: regexp.MustCompile(`Traceback \(most recent call last\):|File \\?"[^"\n]+\.py\\?", line \d+, in `), min: 1},
	{lang: "Go", hints: []string{"goroutine "},
		re: regexp.MustCompile(`goroutine \d+ \[[\w ,]+\]:`), min: 1, also: regexp.MustCompile(`\.go:\d+`)},
	{lang: ".NET", hints: []string{":line ", "--- End of stack trace from previous location"},
		re: regexp.MustCompile(`\bat [\w.` + "`" + `<>\[\],+]+\([^)\n]*\) in [^\n]*\.(?:cs|vb|fs):line \d+|--- End of stack trace from previous location`), min: 1},
	{lang: ".NET", hints: []string{"\n at ", "\n  at ", "\n   at ", "\n    at ", "\n\tat "},
		re: regexp.MustCompile(`(?m)^[ \t]+at [\w` + "`" + `<>+]+(?:\.[\w` + "`" + `<>+]+)+\([^)\n]*\)[ \t]*\r?$`), min: 3},
	{lang: "PHP", hints: []string{"Stack trace:", "PHP "},
		re: regexp.MustCompile(`Stack trace:(?:\r?\n|\\n|<br\s*/?>)\s*#0 |PHP (?:Fatal error|Parse error|Warning):[^\n]* in [^\n]+\.php(?: on line |:)\d+`), min: 1},
	{lang: "Node.js", hints: []string{"at /", "(/", "node:", "file://", ":\\"},
		re: regexp.MustCompile(`(?m)(?:^|\\n)(?:[ \t]|\\t)*at (?:[^\s()]+(?: \[as [^\]]+\])? )?\(?(?:node:[\w/.-]+|file://[^\s()]+?|/[^\s():]+|[A-Za-z]:\\[^\s():]+):\d+:\d+\)?`), min: 1},
	{lang: "Ruby", hints: []string{".rb:"},
		re: regexp.MustCompile(`[\w/.-]+\.rb:\d+:in [` + "`" + `']`), min: 1},
}

// bodyStackTrace reports the first stack trace found in text: its language
// and offset.
func bodyStackTrace(text []byte) (string, int, bool) {
	for _, p := range bodyStackPatterns {
		if !bodyContainsAny(text, p.hints) {
			continue
		}
		locs := p.re.FindAllIndex(text, p.min)
		if len(locs) < p.min {
			continue
		}
		if p.also != nil && !p.also.Match(text) {
			continue
		}
		return p.lang, locs[0][0], true
	}
	return "", 0, false
}

func bodyContainsAny(text []byte, hints []string) bool {
	for _, h := range hints {
		if bytes.Contains(text, []byte(h)) {
			return true
		}
	}
	return false
}
