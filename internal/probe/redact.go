package probe

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"sync"
	"unicode/utf16"
	"unicode/utf8"
)

// redactedMark replaces a secret wherever authspec shows text.
const redactedMark = "[REDACTED]"

// minRedactLength is the shortest secret replaced in free text. Shorter
// ones would blank out ordinary words; they are still hidden where
// authspec itself shows credentials (Authorization fields, curl lines).
const minRedactLength = 3

// Redactor replaces secrets with [REDACTED], in every common encoding a
// server or authspec itself may write them in (see encodedForms). Longer
// forms are replaced first so that a secret containing another is hidden
// whole.
type Redactor struct {
	forms []string
}

// NewRedactor returns a redactor for the given secrets; empty ones and
// ones shorter than three bytes are ignored.
func NewRedactor(secrets ...string) *Redactor {
	r := &Redactor{}
	seen := map[string]bool{}
	for _, s := range secrets {
		if len(s) < minRedactLength {
			continue
		}
		for _, f := range encodedForms(s) {
			if !seen[f] {
				seen[f] = true
				r.forms = append(r.forms, f)
			}
		}
	}
	sort.SliceStable(r.forms, func(i, j int) bool { return len(r.forms[i]) > len(r.forms[j]) })
	return r
}

// Redact returns s with every form of every secret replaced. A secret
// percent-encoded with hex digits of mixed case (%2f next to %2B, which
// RFC 3986 §6.2.2.1 makes the same URI) is found too: when the text with
// its escapes in upper case holds a secret, that text is the one redacted.
func (r *Redactor) Redact(s string) string {
	if r == nil {
		return s
	}
	if up := upperPercentHex(s); up != s && r.Contains(up) {
		s = up
	}
	for _, form := range r.forms {
		if strings.Contains(s, form) {
			s = strings.ReplaceAll(s, form, redactedMark)
		}
	}
	return s
}

// Contains reports whether s still holds a form of one of the secrets,
// percent-escapes compared without regard to case.
func (r *Redactor) Contains(s string) bool {
	if r == nil {
		return false
	}
	up := upperPercentHex(s)
	for _, form := range r.forms {
		if strings.Contains(s, form) || strings.Contains(up, form) {
			return true
		}
	}
	return false
}

// upperPercentHex returns s with the hex digits of every percent-escape in
// upper case, s itself when it has none in lower case.
func upperPercentHex(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	b := []byte(s)
	for i := 0; i+2 < len(b); i++ {
		if b[i] == '%' && isHex(b[i+1]) && isHex(b[i+2]) {
			b[i+1], b[i+2] = upperHex(b[i+1]), upperHex(b[i+2])
			i += 2
		}
	}
	return string(b)
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func upperHex(c byte) byte {
	if 'a' <= c && c <= 'f' {
		return c - 'a' + 'A'
	}
	return c
}

// formsOf memoizes encodedForms: a run makes a redactor per probe of each
// resource from the same secrets.
var formsOf sync.Map // string -> []string

// encodedForms lists a secret as it may appear in what authspec shows:
//   - as it is;
//   - percent-encoded (RFC 3986 §2.1), with upper- or lower-case hex, the
//     way strict encoders, Go's url.QueryEscape and url.PathEscape,
//     JavaScript's encodeURIComponent and form encoders write it: a
//     redirect's Location, a
//     followed request line, a query echoed in a body;
//   - as a JSON string's content, with and without "/" escaped as "\/"
//     and with and without <, > and & as \u escapes;
//   - base64 and base64url, padded and not, of the secret alone;
//   - for a non-ASCII secret, as an ASCII-only JSON string (\u00e4), and
//     for one that is not UTF-8 (ISO-8859-1, say), as the evidence shows
//     such bytes: \xe4.
//
// A lower-case hex string of 32 or more digits is a hash authspec computed
// (a Digest HA1 or response): it is shown raw only, and a run's thousands
// of them do not each cost four more forms.
func encodedForms(s string) []string {
	if v, ok := formsOf.Load(s); ok {
		return v.([]string)
	}
	var out []string
	seen := map[string]bool{}
	add := func(forms ...string) {
		for _, f := range forms {
			if f != "" && !seen[f] {
				seen[f] = true
				out = append(out, f)
			}
		}
	}
	add(s)
	for _, keep := range []func(byte) bool{isUnreserved, keptByQueryEscape, keptByPathEscape, keptByEncodeURIComponent, keptByFormEncoders} {
		upper := percentEncode(s, keep)
		add(upper, lowerHexEscapes(upper))
	}
	add(strings.ReplaceAll(url.QueryEscape(s), "+", "%20"))
	for _, j := range jsonForms(s) {
		add(j, strings.ReplaceAll(j, "/", `\/`))
	}
	// Evidence shows invalid UTF-8 and control bytes as \xNN (escapeText)
	// before it is redacted: a password in ISO-8859-1 is found in that form.
	add(escapeText(s))
	if !isHexHash(s) {
		for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
			add(enc.EncodeToString([]byte(s)))
		}
	}
	formsOf.Store(s, out)
	return out
}

// isUnreserved is RFC 3986 §2.3's unreserved set: the bytes no encoder
// escapes.
func isUnreserved(b byte) bool {
	return b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || strings.IndexByte("-._~", b) >= 0
}

// keptByQueryEscape is what url.QueryEscape leaves (it turns space into +).
func keptByQueryEscape(b byte) bool {
	return isUnreserved(b) || b == ' '
}

// keptByPathEscape is what url.PathEscape leaves.
func keptByPathEscape(b byte) bool {
	return isUnreserved(b) || strings.IndexByte("!$&'()*+,;=:@", b) >= 0
}

// keptByEncodeURIComponent is what JavaScript's encodeURIComponent leaves.
func keptByEncodeURIComponent(b byte) bool {
	return isUnreserved(b) || strings.IndexByte("!'()*", b) >= 0
}

// keptByFormEncoders is what Java's URLEncoder and other form encoders
// leave: letters, digits and ".-*_" (they escape "~" too).
func keptByFormEncoders(b byte) bool {
	return b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || strings.IndexByte(".-*_ ", b) >= 0
}

// percentEncode escapes every byte keep rejects as %XX (upper-case hex);
// a space kept is written as +, as in a query.
func percentEncode(s string, keep func(byte) bool) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' && keep(c):
			b.WriteByte('+')
		case keep(c):
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
	return b.String()
}

// lowerHexEscapes writes the hex digits of every %XX in lower case.
func lowerHexEscapes(s string) string {
	b := []byte(s)
	for i := 0; i+2 < len(b); i++ {
		if b[i] == '%' {
			for j := i + 1; j <= i+2; j++ {
				if b[j] >= 'A' && b[j] <= 'F' {
					b[j] += 'a' - 'A'
				}
			}
		}
	}
	return string(b)
}

// jsonForms is s as the content of a JSON string, with the HTML-sensitive
// characters escaped (Go's default) and without; for a non-ASCII s also
// in ASCII only, every other character a \u escape in lower- and
// upper-case hex (Python's json.dumps writes "p\u00e4ss").
func jsonForms(s string) []string {
	out := asciiJSONForms(s)
	for _, html := range []bool{true, false} {
		var b strings.Builder
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(html)
		if enc.Encode(s) != nil {
			continue
		}
		v := strings.TrimSuffix(b.String(), "\n")
		out = append(out, strings.TrimSuffix(strings.TrimPrefix(v, `"`), `"`))
	}
	return out
}

// isHexHash reports a lower-case hex string of 32 digits or more.
func isHexHash(s string) bool {
	if len(s) < 32 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !(s[i] >= '0' && s[i] <= '9' || s[i] >= 'a' && s[i] <= 'f') {
			return false
		}
	}
	return true
}

// asciiJSONForms is s as the content of an ASCII-only JSON string (only
// the non-ASCII characters escaped, as \uXXXX, a surrogate pair above
// U+FFFF), with lower- and upper-case hex; none for a US-ASCII or invalid
// UTF-8 s.
func asciiJSONForms(s string) []string {
	if isASCII(s) || !utf8.ValidString(s) {
		return nil
	}
	var out []string
	for _, format := range []string{`\u%04x`, `\u%04X`} {
		var b strings.Builder
		for _, r := range s {
			switch {
			case r == '"' || r == '\\':
				b.WriteByte('\\')
				b.WriteRune(r)
			case r < utf8.RuneSelf:
				b.WriteRune(r)
			case r > 0xFFFF:
				hi, lo := utf16.EncodeRune(r)
				fmt.Fprintf(&b, format+format, hi, lo)
			default:
				fmt.Fprintf(&b, format, r)
			}
		}
		out = append(out, b.String())
	}
	return out
}
