package probe

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"
)

// maxExcerpt bounds the body shown in evidence, maxFieldShown each field
// value.
// maxHeaderShown bounds the header fields shown in all: a response of a
// thousand field lines, each under maxFieldShown, must not make every
// result that quotes it 50 KB.
const (
	maxExcerpt     = 2 << 10
	maxFieldShown  = 1 << 10
	maxHeaderShown = 4 << 10
)

// clip shortens a long field value for display.
func clip(v string) string {
	if len(v) <= maxFieldShown {
		return v
	}
	return fmt.Sprintf("%s[... %d bytes in all]", v[:maxFieldShown], len(v))
}

// wireField is one request field line as written.
type wireField struct{ name, value string }

// formatRequest renders a request line and its fields.
func formatRequest(line string, fields []wireField) string {
	var b strings.Builder
	b.WriteString(line)
	b.WriteByte('\n')
	for _, f := range fields {
		b.WriteString(f.name)
		b.WriteString(": ")
		b.WriteString(escapeText(clip(f.value)))
		b.WriteByte('\n')
	}
	return b.String()
}

// formatResponse renders a status line, the header fields (names sorted,
// values in the order received) and an excerpt of the body.
func formatResponse(proto string, status int, reason string, h http.Header, body []byte, truncated bool) string {
	var b strings.Builder
	if reason == "" {
		reason = http.StatusText(status)
	}
	fmt.Fprintf(&b, "%s %d %s\n", proto, status, reason)
	names := make([]string, 0, len(h))
	for n := range h {
		names = append(names, n)
	}
	sort.Strings(names)
	shown, hidden := 0, 0
	for _, n := range names {
		for _, v := range h[n] {
			if shown > maxHeaderShown {
				hidden++
				continue
			}
			line := n + ": " + escapeText(clip(v)) + "\n"
			shown += len(line)
			b.WriteString(line)
		}
	}
	if hidden > 0 {
		fmt.Fprintf(&b, "[... %d more field lines not shown]\n", hidden)
	}
	if len(body) > 0 {
		b.WriteByte('\n')
		excerpt := body
		if len(excerpt) > maxExcerpt {
			excerpt = excerpt[:maxExcerpt]
		}
		b.WriteString(escapeText(string(excerpt)))
		if len(body) > maxExcerpt || truncated {
			more := ""
			if truncated {
				more = ", more not read"
			}
			fmt.Fprintf(&b, "\n[... %d bytes shown of %d read%s]", len(excerpt), len(body), more)
		}
	}
	return b.String()
}

// reasonOf extracts the reason phrase from a net/http Status ("401 Unauthorized").
func reasonOf(status string) string {
	if _, reason, ok := strings.Cut(status, " "); ok {
		return reason
	}
	return ""
}

// escapeText makes bytes safe to print: invalid UTF-8 and control
// characters other than newline and tab become \xNN; CRLF becomes LF.
func escapeText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0:
			for j := 0; j < size; j++ {
				fmt.Fprintf(&b, `\x%02x`, s[i+j])
			}
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// Evidence lets a reader see and reproduce what happened. Credentials are
// already redacted.
type Evidence struct {
	Request  string `json:"request"`
	Response string `json:"response"`
	Curl     string `json:"curl"`
	// RawHead is the response head as it came off the wire (HTTP/1.x),
	// escaped so every byte shows: CR as \r, LF as \n and a line break,
	// other control bytes as \xNN. Set only on the results of rules that
	// judge those bytes.
	RawHead string `json:"raw_head,omitempty"`
	// Chain is, on a discovery result, the way from the 401 to the
	// document judged, hop by hop (the 401, the protected resource
	// metadata, the authorization server's), each with its curl line.
	Chain []ChainHop `json:"chain,omitempty"`
}

// lazyEvidence is what an exchange's evidence is rendered from. Rendering
// it (request and response as text, a curl line, the escaped raw head)
// costs more CPU and memory than judging the exchange, and the suite keeps
// evidence only with the results that are not passes, a few in a thousand.
// So each piece is captured when the exchange is recorded, from values
// that do not change after, and rendered the first time
// Exchange.Evidence asks, then redacted with the redactor loop attached
// when it returned the exchange: the text is the same as if it had been
// rendered and redacted at once.
type lazyEvidence struct {
	request, response, curl func() string
	rawHead                 []byte
	// redactor is set by loop, with every secret known when the exchange
	// was returned. client stands in for it until then.
	redactor *Redactor
	client   *Client

	once sync.Once
	out  Evidence
}

// render renders, redacts and keeps the evidence, once.
func (l *lazyEvidence) render() Evidence {
	l.once.Do(func() {
		r := l.redactor
		if r == nil && l.client != nil {
			r = l.client.redactor()
		}
		if l.request != nil {
			l.out.Request = r.Redact(l.request())
		}
		if l.response != nil {
			l.out.Response = r.Redact(l.response())
		}
		if l.curl != nil {
			l.out.Curl = r.Redact(l.curl())
		}
		if len(l.rawHead) > 0 {
			l.out.RawHead = r.Redact(escapeRaw(l.rawHead))
		}
		l.request, l.response, l.curl, l.rawHead = nil, nil, nil, nil
	})
	return l.out
}

// responseLater captures what formatResponse renders.
func responseLater(proto string, status int, reason string, h http.Header, body []byte, truncated bool) func() string {
	return func() string { return formatResponse(proto, status, reason, h, body, truncated) }
}
