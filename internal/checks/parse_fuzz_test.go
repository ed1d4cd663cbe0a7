package checks

import (
	"strings"
	"testing"
)

// FuzzParseChallenges feeds the parser arbitrary bytes, one field line per
// "\n"-separated part (LF inside a line is covered by the table tests). The
// seed corpus lives in testdata/fuzz/FuzzParseChallenges and runs with every
// plain `go test`.
//
// Whatever the input, the parser must not panic and everything it returns
// must point into the input. When the input had no grammar error, writing
// the challenges out with Serialise and parsing that again must give the
// same challenges, with no grammar error and no finding a canonical sender
// would not produce.
func FuzzParseChallenges(f *testing.F) {
	for _, tc := range append(append([]parseCase{}, rfcExamples...), grammarCorners...) {
		f.Add(strings.Join(tc.lines, "\n"))
	}
	f.Fuzz(func(t *testing.T, value string) {
		lines := strings.Split(value, "\n")
		chs, fs := ParseChallenges(lines)
		checkPointsIntoInput(t, lines, chs, fs)
		if hasRule(fs, ChallengeGrammar) {
			return
		}
		canonical := Serialise(chs)
		again, fs2 := ParseChallenges([]string{canonical})
		for _, f := range fs2 {
			switch f.Rule {
			case ChallengeGrammar, ListEmptyElement, AuthParamBWS, RealmQuoted, QuotedPairEscape:
				t.Fatalf("Serialise wrote %q, which parses with %s", canonical, f)
			}
		}
		if diff := semanticDiff(chs, again); diff != "" {
			t.Fatalf("round trip of %q through %q: %s", value, canonical, diff)
		}
		if twice := Serialise(again); twice != canonical {
			t.Fatalf("Serialise is not stable: %q then %q", canonical, twice)
		}
	})
}

// checkPointsIntoInput checks that every offset the parser returned is in
// range and points at what it claims.
func checkPointsIntoInput(t *testing.T, lines []string, chs []Challenge, fs []Finding) {
	t.Helper()
	lineAt := func(i int) (string, bool) {
		if i < 0 || i >= len(lines) {
			return "", false
		}
		return lines[i], true
	}
	for _, c := range chs {
		line, ok := lineAt(c.Line)
		if !ok || c.Offset < 0 || c.End < c.Offset || c.End > len(line) || !strings.HasPrefix(line[c.Offset:], c.Scheme) || c.Scheme == "" {
			t.Fatalf("challenge %+v does not point into its line", c)
		}
		if c.HasToken68 && (c.Token68 == "" || c.Token68[0] == '=') {
			t.Fatalf("challenge %+v has an impossible token68", c)
		}
		for _, p := range c.Params {
			line, ok := lineAt(p.Line)
			if !ok || p.NameOffset < 0 || p.ValueOffset < p.NameOffset || p.ValueOffset > len(line) ||
				!strings.HasPrefix(line[p.NameOffset:], p.Name) || p.Name == "" {
				t.Fatalf("param %+v does not point into its line", p)
			}
			if p.Quoted && line[p.ValueOffset] != '"' {
				t.Fatalf("quoted param %+v: ValueOffset is not at a quote", p)
			}
		}
	}
	for _, f := range fs {
		if f.Rule == nil || f.Message == "" {
			t.Fatalf("finding without rule or message: %+v", f)
		}
		if f.Offset < 0 {
			continue
		}
		line, ok := lineAt(f.Line)
		if !ok || f.Offset > len(line) || !strings.HasPrefix(line[f.Offset:], strings.TrimSuffix(f.Evidence, "…")) {
			t.Fatalf("finding %s: evidence %q is not at line %d offset %d", f.Rule.ID, f.Evidence, f.Line, f.Offset)
		}
	}
}

// semanticDiff compares two parses the way a recipient would: schemes and
// parameter names case-insensitively, token68s and values exactly. It
// returns "" when they agree.
func semanticDiff(a, b []Challenge) string {
	if len(a) != len(b) {
		return "challenge count " + describeChallenges(a) + " vs " + describeChallenges(b)
	}
	for i := range a {
		x, y := a[i], b[i]
		if !strings.EqualFold(x.Scheme, y.Scheme) || x.HasToken68 != y.HasToken68 || x.Token68 != y.Token68 || len(x.Params) != len(y.Params) {
			return describeChallenges(a[i:i+1]) + " vs " + describeChallenges(b[i:i+1])
		}
		for j := range x.Params {
			if !strings.EqualFold(x.Params[j].Name, y.Params[j].Name) || x.Params[j].Value != y.Params[j].Value {
				return describeChallenges(a[i:i+1]) + " vs " + describeChallenges(b[i:i+1])
			}
		}
	}
	return ""
}

func hasRule(fs []Finding, r *Rule) bool {
	for _, f := range fs {
		if f.Rule == r {
			return true
		}
	}
	return false
}
