package report

import (
	"bytes"
	"encoding/xml"
	"testing"
	"unicode/utf8"
)

// FuzzEscapers checks, for any input, that xmlSafe and terminalSafe give
// valid UTF-8 made only of characters they keep, and that a whole JUnit
// document built around the input still parses.
func FuzzEscapers(f *testing.F) {
	f.Add(hostile)
	f.Add("\xed\xa0\x80\xef\xbf\xbe")
	f.Add("]]><![CDATA[")
	f.Fuzz(func(t *testing.T, s string) {
		for _, esc := range []struct {
			name string
			fn   func(string) string
			keep func(rune) bool
		}{{"xmlSafe", xmlSafe, xmlKeeps}, {"terminalSafe", terminalSafe, terminalKeeps}} {
			out := esc.fn(s)
			if !utf8.ValidString(out) {
				t.Fatalf("%s(%q) = %q: invalid UTF-8", esc.name, s, out)
			}
			for _, r := range out {
				if !esc.keep(r) {
					t.Fatalf("%s(%q) = %q holds %U", esc.name, s, out, r)
				}
			}
		}
		run := &Run{Targets: []Target{{Name: s, Results: []Result{
			{Check: s, Outcome: Fail, Message: s, Evidence: &Evidence{Response: s}},
			{Check: s + "-2", Outcome: Warn, Message: s},
		}}}}
		var buf bytes.Buffer
		if err := WriteJUnit(&buf, run, s); err != nil {
			t.Fatal(err)
		}
		var doc parsedSuites
		if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
			t.Fatalf("junit.xml for %q does not parse: %v", s, err)
		}
		if len(doc.Suites) != 1 || len(doc.Suites[0].Cases) != 2 || doc.Suites[0].Cases[0].Name == doc.Suites[0].Cases[1].Name {
			t.Fatalf("junit.xml for %q has the wrong shape: %+v", s, doc)
		}
	})
}

func BenchmarkWriteJUnit(b *testing.B) {
	run := sampleRun()
	for range 100 {
		run.Targets[0].Results = append(run.Targets[0].Results, run.Targets[0].Results[:6]...)
	}
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := WriteJUnit(&buf, run, "authspec"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkXMLSafeClean(b *testing.B) {
	s := string(bytes.Repeat([]byte("HTTP/1.1 401 Unauthorized\r\n"), 100))
	for b.Loop() {
		_ = xmlSafe(s)
	}
}
