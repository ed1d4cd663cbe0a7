package report

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Everything a report shows may contain bytes chosen by the server under
// test: header values, bodies, reason phrases. Those bytes must not be able
// to break the report (an XML parser rejecting junit.xml loses every result
// in it) or the reader's terminal (an escape sequence can rewrite what the
// summary appears to say). The escapers below replace each such byte or
// character with a visible Go-style escape (\x1b, \u202e) rather than
// dropping it, so the evidence still shows what the server sent.
//
// Backslashes are left as they are: the escapes are for the eye, not for a
// round trip.

// xmlSafe makes s consist only of characters XML 1.0 allows (the Char
// production of XML 1.0 §2.2): tab, newline, carriage return and U+0020
// and up, except surrogates and U+FFFE/U+FFFF. encoding/xml escapes < > & "
// but would silently turn the rest into U+FFFD; xmlSafe makes them visible
// first. It also escapes DEL and the C1 controls, which XML allows but
// discourages and which some CI web views mangle, and the bidirectional
// and zero-width formatting characters, which CI pages render as the
// server chose: text shown in another order, or a difference nobody sees.
func xmlSafe(s string) string {
	return escapeUnless(s, xmlKeeps)
}

// terminalSafe makes s safe to print on one terminal line: every control
// character is escaped, including tab, newline and carriage return (a
// server must not be able to start a fake line of the summary), and so are
// the Unicode bidirectional formatting characters, which can make text
// display in an order other than the one it has.
func terminalSafe(s string) string {
	return escapeUnless(s, terminalKeeps)
}

func xmlKeeps(r rune) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\r':
		return true
	case r < 0x20 || (r >= 0x7f && r <= 0x9f):
		return false
	case isBidiControl(r) || isZeroWidth(r):
		return false
	case r >= 0xd800 && r <= 0xdfff:
		return false
	case r == 0xfffe || r == 0xffff:
		return false
	}
	return r <= utf8.MaxRune
}

func terminalKeeps(r rune) bool {
	if r == '\t' || r == '\n' || r == '\r' {
		return false
	}
	return xmlKeeps(r)
}

// isZeroWidth reports the invisible characters that can hide a difference
// in plain sight: zero-width space, non-joiner and joiner, word joiner and
// the zero-width no-break space (BOM).
func isZeroWidth(r rune) bool {
	return r >= 0x200b && r <= 0x200d || r == 0x2060 || r == 0xfeff
}

// isBidiControl reports the characters that change the display order of
// the text around them (Unicode UAX #9 explicit formatting characters,
// plus the implicit marks).
func isBidiControl(r rune) bool {
	switch {
	case r == 0x061c, r == 0x200e, r == 0x200f:
		return true
	case r >= 0x202a && r <= 0x202e:
		return true
	case r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

// escapeUnless returns s with every invalid UTF-8 byte written as \xNN and
// every rune keep rejects written as \xNN (below U+0100) or \uNNNN.
func escapeUnless(s string, keep func(rune) bool) string {
	if isClean(s, keep) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case !keep(r) && r < 0x100:
			fmt.Fprintf(&b, `\x%02x`, r)
		case !keep(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// isClean is escapeUnless's fast path: most strings are plain ASCII.
func isClean(s string, keep func(rune) bool) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return utf8.ValidString(s[i:]) && allKept(s[i:], keep)
		}
		if !keep(rune(c)) {
			return false
		}
	}
	return true
}

func allKept(s string, keep func(rune) bool) bool {
	for _, r := range s {
		if !keep(r) {
			return false
		}
	}
	return true
}

// firstLine returns s up to its first line break, without the break: the
// request line of a request, the status line of a response.
func firstLine(s string) string {
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		return s[:i]
	}
	return s
}

// truncateRunes shortens s to at most max runes, marking the cut. It never
// splits a UTF-8 sequence.
func truncateRunes(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	n := 0
	for i := range s {
		if n == max {
			return s[:i] + "…"
		}
		n++
	}
	return s
}
