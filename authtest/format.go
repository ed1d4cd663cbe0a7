package authtest

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/authspec/authspec/internal/checks"
)

// writeViolation renders one broken rule the way a reviewer wants it: the
// rule and its section, the RFC's own words, then each finding with the
// offending bytes and a caret under them, what was seen and the fix.
func writeViolation(b *strings.Builder, ex *checks.Exchange, c *checks.Context, v violation) {
	r := v.rule
	fmt.Fprintf(b, "  %s (%s, %s)\n", r.ID, r.Ref(), r.Level)
	fmt.Fprintf(b, "    requires: %s\n", r.Requirement)
	if qs := checks.QuotesOf(r.ID); len(qs) > 0 {
		q := qs[0]
		where := q.RFC
		if where == "" {
			where = r.RFC
		}
		fmt.Fprintf(b, "    %s §%s: %q\n", where, q.Section, oneLine(q.Text))
	}
	for _, f := range v.findings {
		line, caret, shown := offendingBytes(ex, c, f)
		if shown {
			fmt.Fprintf(b, "      %s\n      %s^\n", line, strings.Repeat(" ", caret))
		}
		seen, fix := splitFix(f.Message)
		fmt.Fprintf(b, "    seen: %s\n", seen)
		if f.Evidence != "" && !shown {
			fmt.Fprintf(b, "          %s\n", strconv.Quote(f.Evidence))
		}
		if fix != "" {
			fmt.Fprintf(b, "    fix:  %s\n", fix)
		}
	}
}

// writeResponse shows the head of the response, for the negated messages.
func writeResponse(b *strings.Builder, ex *checks.Exchange) {
	fmt.Fprintf(b, "  status %d\n", ex.Status)
	for _, name := range []string{"WWW-Authenticate", "Proxy-Authenticate", "Content-Type"} {
		for _, v := range ex.Header.Values(name) {
			fmt.Fprintf(b, "  %s: %s\n", name, escape(v))
		}
	}
}

// offendingBytes returns the line that holds what a finding is about,
// shown with its control bytes escaped, and the column of the caret under
// the offending byte. A grammar finding names its field line and byte; a
// finding on the wire bytes or the content names only the bytes, which are
// looked for in the raw head, then the content.
func offendingBytes(ex *checks.Exchange, c *checks.Context, f checks.Finding) (line string, caret int, ok bool) {
	if f.Offset >= 0 && f.Line >= 0 && f.Line < len(c.Lines) {
		value := c.Lines[f.Line]
		if f.Offset > len(value) {
			return "", 0, false
		}
		prefix := c.Field + ": "
		return prefix + escape(value), utf8.RuneCountInString(prefix + escape(value[:f.Offset])), true
	}
	if f.Evidence == "" {
		return "", 0, false
	}
	for _, src := range [][]byte{ex.RawHead, ex.Body} {
		if l, col, found := lineHolding(src, []byte(strings.TrimSuffix(f.Evidence, "…"))); found {
			return l, col, true
		}
	}
	return "", 0, false
}

// lineHolding finds needle in src and returns its line, escaped, and the
// column where needle starts.
func lineHolding(src, needle []byte) (string, int, bool) {
	if len(needle) == 0 {
		return "", 0, false
	}
	at := bytes.Index(src, needle)
	if at < 0 {
		return "", 0, false
	}
	start := bytes.LastIndexByte(src[:at], '\n') + 1
	end := len(src)
	if nl := bytes.IndexByte(src[at+len(needle):], '\n'); nl >= 0 {
		end = at + len(needle) + nl
	}
	line := strings.TrimSuffix(string(src[start:end]), "\r")
	return escape(line), utf8.RuneCountInString(escape(line[:at-start])), true
}

// escape shows control bytes, so that the caret counts what is printed.
func escape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f || r == utf8.RuneError:
			fmt.Fprintf(&b, `\x%02x`, r&0xff)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// fixVerbs start the part of a finding's message that says what to do:
// the catalogue words its messages "what is wrong: what to do".
var fixVerbs = []string{"send ", "use ", "write ", "set ", "remove ", "leave ", "end ", "give ", "answer ",
	"quote ", "add ", "return ", "drop ", "make ", "put ", "offer ", "keep ", "escape ", "list ", "say ",
	"declare ", "include ", "omit ", "replace ", "choose ", "either ", "do not ", "don't ", "never ", "serve ", "respond "}

// splitFix cuts a finding's message into what was seen and the fix, at
// the last ": " or "; " the fix starts after. A message with no such part
// is all "seen".
func splitFix(msg string) (seen, fix string) {
	best := -1
	for _, sep := range []string{": ", "; "} {
		for i := strings.Index(msg, sep); i >= 0; {
			rest := msg[i+len(sep):]
			for _, v := range fixVerbs {
				if strings.HasPrefix(rest, v) {
					if best < 0 || i < best {
						best = i
					}
				}
			}
			next := strings.Index(rest, sep)
			if next < 0 {
				break
			}
			i += len(sep) + next
		}
	}
	if best < 0 {
		return msg, ""
	}
	return msg[:best], msg[best+2:]
}

// oneLine folds a quote's line breaks into spaces.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
