package report

import (
	"encoding/xml"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestXMLSafe(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain ASCII", "plain ASCII"},
		{"tab\tnew\nline\rcr", "tab\tnew\nline\rcr"},
		{"nul\x00", `nul\x00`},
		{"esc\x1b[31m", `esc\x1b[31m`},
		{"del\x7f", `del\x7f`},
		{"c1\u0085\u009b", `c1\x85\x9b`},
		{"bad\xff\xfe", `bad\xff\xfe`},
		{"surrogate\xed\xa0\x80", `surrogate\xed\xa0\x80`},
		{"truncated\xe2\x82", `truncated\xe2\x82`},
		{"nonchar\uFFFE\uFFFF", `nonchar\ufffe\uffff`},
		{"kept: é ü € 𝄞 \uFFFD", "kept: é ü € 𝄞 \uFFFD"},
		{"bidi\u202eevil\u2066x\u200f", `bidi\u202eevil\u2066x\u200f`},
		{"zero\u200bwidth\u200c\u200d\u2060\ufeff", `zero\u200bwidth\u200c\u200d\u2060\ufeff`},
		{"markup <&\"'>]]>", "markup <&\"'>]]>"}, // encoding/xml escapes these
	}
	for _, tt := range tests {
		if got := xmlSafe(tt.in); got != tt.want {
			t.Errorf("xmlSafe(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTerminalSafe(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"two\nlines\r\n", `two\x0alines\x0d\x0a`},
		{"tab\there", `tab\x09here`},
		{"\x1b]0;title\x07", `\x1b]0;title\x07`},
		{"csi\u009b2J", `csi\x9b2J`},
		{"bidi\u202eevil\u2066x\u200f", `bidi\u202eevil\u2066x\u200f`},
		{"zero\u200bwidth\ufeff", `zero\u200bwidth\ufeff`},
		{"bad\xc3", `bad\xc3`},
		{"ünïcödé ok", "ünïcödé ok"},
	}
	for _, tt := range tests {
		if got := terminalSafe(tt.in); got != tt.want {
			t.Errorf("terminalSafe(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// Every output of the escapers is valid UTF-8 holding only characters
// they keep, whatever the input.
func TestEscapersOnHostileInput(t *testing.T) {
	inputs := []string{hostile, "", "\xff", strings.Repeat("\x00", 10)}
	for b := 0; b < 256; b++ {
		inputs = append(inputs, string([]byte{byte(b)}))
	}
	for _, in := range inputs {
		for name, esc := range map[string]func(string) string{"xml": xmlSafe, "terminal": terminalSafe} {
			out := esc(in)
			if !utf8.ValidString(out) {
				t.Errorf("%s(%q) = %q is not valid UTF-8", name, in, out)
			}
			keep := xmlKeeps
			if name == "terminal" {
				keep = terminalKeeps
			}
			for _, r := range out {
				if !keep(r) {
					t.Errorf("%s(%q) = %q still holds %U", name, in, out, r)
				}
			}
		}
		// And the XML one survives a round trip through encoding/xml.
		var buf strings.Builder
		if err := xml.EscapeText(&buf, []byte(xmlSafe(in))); err != nil {
			t.Fatal(err)
		}
		if strings.ContainsRune(buf.String(), utf8.RuneError) && !strings.ContainsRune(in, utf8.RuneError) {
			t.Errorf("encoding/xml replaced a character of xmlSafe(%q): %q", in, buf.String())
		}
	}
}

func TestTruncateRunes(t *testing.T) {
	tests := []struct {
		in   string
		max  int
		want string
	}{
		{"short", 10, "short"},
		{"exactly", 7, "exactly"},
		{"toolong", 3, "too…"},
		{"éééé", 2, "éé…"},
		{"\xff\xff\xff", 1, "\xff…"},
	}
	for _, tt := range tests {
		if got := truncateRunes(tt.in, tt.max); got != tt.want {
			t.Errorf("truncateRunes(%q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
		}
	}
}

func TestFirstLine(t *testing.T) {
	for in, want := range map[string]string{
		"GET / HTTP/1.1\r\nHost: x": "GET / HTTP/1.1",
		"HTTP/1.1 401\nX: y":        "HTTP/1.1 401",
		"no break":                  "no break",
		"":                          "",
	} {
		if got := firstLine(in); got != want {
			t.Errorf("firstLine(%q) = %q, want %q", in, got, want)
		}
	}
}

// charData output goes into the document verbatim, so it is checked by
// parsing it back: the text must come out as xmlSafe made it.
func TestCharDataParsesBack(t *testing.T) {
	for _, in := range []string{hostile, "a\r\nb\rc\nd", "]]>", "<![CDATA[x]]>", "&amp;", "plain"} {
		doc := "<x>" + charData(in) + "</x>"
		var got struct {
			Text string `xml:",chardata"`
		}
		if err := xml.Unmarshal([]byte(doc), &got); err != nil {
			t.Errorf("charData(%q) breaks the document %q: %v", in, doc, err)
			continue
		}
		if want := xmlSafe(in); got.Text != want {
			t.Errorf("charData(%q) parses back as %q, want %q", in, got.Text, want)
		}
	}
}
