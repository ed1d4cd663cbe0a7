package checks

import (
	"net/http"
	"sort"
	"strings"
	"testing"
)

// schCase is one table row for the per-scheme rule tests: a response, and
// the exact set of rule IDs (among the rules under test) it must violate.
type schCase struct {
	name     string
	ex       *Exchange
	violated []string
}

// schResponse builds a 401 over TLS carrying the given
// WWW-Authenticate field lines.
func schResponse(lines ...string) *Exchange {
	h := http.Header{}
	for _, l := range lines {
		h.Add("WWW-Authenticate", l)
	}
	return &Exchange{Method: "GET", Secure: true, Status: http.StatusUnauthorized, Header: h, DeclaredLength: -1}
}

// schWith returns a copy of e changed by the given edits, for table rows.
func schWith(e *Exchange, edits ...func(*Exchange)) *Exchange {
	cp := *e
	for _, f := range edits {
		f(&cp)
	}
	return &cp
}

func schStatus(code int) func(*Exchange) { return func(e *Exchange) { e.Status = code } }
func schSent(auth string) func(*Exchange) {
	return func(e *Exchange) { e.SentAuthorization = auth }
}
func schCleartext(e *Exchange) { e.Secure = false }

// schLoopback marks the exchange as sent to a loopback host.
func schLoopback(e *Exchange) { e.Loopback = true }

// schAsProxy turns the exchange into a proxy's 407 with Proxy-Authenticate.
func schAsProxy(e *Exchange) {
	h := http.Header{}
	h["Proxy-Authenticate"] = e.Header.Values("WWW-Authenticate")
	e.Header, e.Proxy, e.Status = h, true, http.StatusProxyAuthRequired
}

// schRulesFor returns the catalogue's single-response rules for a scheme,
// by Rule.Scheme. A relational rule about a scheme (the limited token's,
// which the suite judges on the exchanges of its probe) has no Check to
// run on one response: its own tests judge it.
func schRulesFor(scheme string) []*Rule {
	var out []*Rule
	for _, r := range All() {
		if strings.EqualFold(r.Scheme, scheme) && r.Check != nil {
			out = append(out, r)
		}
	}
	return out
}

// violations judges every given rule on e and returns the violated IDs,
// sorted, after checking that each finding is well-formed: a message, and
// evidence that is really in the line it points at.
func schViolations(t *testing.T, e *Exchange, rules []*Rule) []string {
	t.Helper()
	c := NewContext(e)
	var ids []string
	for _, r := range rules {
		res := Judge(r, c)
		if res.Status != Violated {
			continue
		}
		ids = append(ids, r.ID)
		for _, f := range res.Findings {
			schCheckFinding(t, c, f)
		}
	}
	sort.Strings(ids)
	return ids
}

func schCheckFinding(t *testing.T, c *Context, f Finding) {
	t.Helper()
	if f.Rule == nil || f.Message == "" || f.Evidence == "" {
		t.Errorf("incomplete finding %+v", f)
		return
	}
	if f.Line < 0 || f.Line >= len(c.Lines) || f.Offset < 0 {
		t.Errorf("%s: finding points nowhere (line %d, offset %d)", f.Rule.ID, f.Line, f.Offset)
		return
	}
	ev := strings.TrimSuffix(f.Evidence, "…")
	line := c.Lines[f.Line]
	if f.Offset > len(line) || !strings.HasPrefix(line[f.Offset:], ev) {
		t.Errorf("%s: evidence %q is not at offset %d of line %q", f.Rule.ID, f.Evidence, f.Offset, line)
	}
}

// schRunCases runs a table against the rules of the given schemes.
func schRunCases(t *testing.T, cases []schCase, schemes ...string) {
	t.Helper()
	var rules []*Rule
	for _, s := range schemes {
		rules = append(rules, schRulesFor(s)...)
	}
	if len(rules) == 0 {
		t.Fatalf("no rules for %v", schemes)
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := schViolations(t, tc.ex, rules)
			want := append([]string(nil), tc.violated...)
			sort.Strings(want)
			if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("violated = %v, want %v", got, want)
			}
		})
	}
}

// schMyRules returns every rule this file set owns: the per-scheme rules
// and the registry rule.
func schMyRules() []*Rule {
	var out []*Rule
	for _, r := range All() {
		if (r.Scheme != "" && r.Check != nil) || strings.HasPrefix(r.ID, "iana/") {
			out = append(out, r)
		}
	}
	return out
}

// schAssertClean checks that no per-scheme rule finds anything in e, through
// Evaluate as the suite calls it.
func schAssertClean(t *testing.T, e *Exchange) {
	t.Helper()
	mine := map[*Rule]bool{}
	for _, r := range schMyRules() {
		mine[r] = true
	}
	judged := 0
	for _, res := range Evaluate(e) {
		if !mine[res.Rule] {
			continue
		}
		judged++
		if res.Status == Violated {
			t.Errorf("%s violated on a correct response: %v", res.Rule.ID, res.Findings)
		}
	}
	if judged == 0 {
		t.Error("Evaluate ran none of the per-scheme rules")
	}
}

func TestSchIsBase64(t *testing.T) {
	cases := []struct {
		s           string
		url, padded bool
		want        bool
	}{
		{"QWxhZGRpbg==", false, true, true},
		{"QWxhZGRpbg", false, false, true},
		{"QWxhZGRpbg", false, true, false},
		{"a+b/", false, true, true},
		{"a-b_", false, true, false},
		{"a-b_", true, true, true},
		{"a+b/", true, false, false},
		{"", false, false, false},
		{"===", false, false, false},
		{"ab===", false, false, false},
		{"ab=c", false, false, false},
		{"a b", false, false, false},
	}
	for _, tc := range cases {
		if got := schIsBase64(tc.s, tc.url, tc.padded); got != tc.want {
			t.Errorf("schIsBase64(%q, url=%v, padded=%v) = %v, want %v", tc.s, tc.url, tc.padded, got, tc.want)
		}
	}
}

func TestSchParamText(t *testing.T) {
	line := `Bearer realm="a \"b\" c", error=invalid_token, x=y`
	cases := []struct {
		p    Param
		want string
	}{
		{Param{Name: "realm", Value: `a "b" c`, Quoted: true, NameOffset: 7, ValueOffset: 13}, `realm="a \"b\" c"`},
		{Param{Name: "error", Value: "invalid_token", NameOffset: 26, ValueOffset: 32}, "error=invalid_token"},
		{Param{Name: "x", Value: "y", NameOffset: 47, ValueOffset: 49}, "x=y"},
		// Offsets that do not fit the line fall back to a rebuilt form.
		{Param{Name: "realm", Value: `q"`, Quoted: true, NameOffset: 90, ValueOffset: 99}, `realm="q\""`},
		{Param{Name: "a", Value: "b", NameOffset: 5, ValueOffset: 2}, "a=b"},
	}
	for _, tc := range cases {
		if got := schParamText(line, tc.p); got != tc.want {
			t.Errorf("schParamText(%+v) = %q, want %q", tc.p, got, tc.want)
		}
	}
	if got := schParamText(`x="unterminated`, Param{Name: "x", Quoted: true, NameOffset: 0, ValueOffset: 2}); got != `x="unterminated` {
		t.Errorf("unterminated quoted value: got %q", got)
	}
}

func TestSchChallengeTextOutOfRange(t *testing.T) {
	c := &Context{Lines: []string{"Basic realm=x"}}
	if got := schChallengeText(c, &Challenge{Scheme: "Basic", Line: 3}); got != "Basic" {
		t.Errorf("challenge on a missing line: got %q", got)
	}
	if got := schChallengeText(c, &Challenge{Scheme: "Basic", Line: 0, Offset: 0, End: 99}); got != "Basic realm=x" {
		t.Errorf("end past the line: got %q", got)
	}
	if got := schChallengeText(c, &Challenge{Scheme: "Basic", Line: 0, Offset: 50}); got != "Basic" {
		t.Errorf("offset past the line: got %q", got)
	}
}

func TestSchFieldsAndDigits(t *testing.T) {
	if got := strings.Join(schFields(" auth, auth-int ,,x\ty "), "|"); got != "auth|auth-int|x|y" {
		t.Errorf("schFields = %q", got)
	}
	for s, want := range map[string]bool{"0": true, "300": true, "": false, "-1": false, "1.5": false} {
		if schIsDigits(s) != want {
			t.Errorf("schIsDigits(%q) != %v", s, want)
		}
	}
}

// Every scheme of the IANA registry has at least one rule of its own.
func TestEveryRegisteredSchemeHasARule(t *testing.T) {
	schemes := RegisteredSchemes()
	if len(schemes) < 14 {
		t.Fatalf("registry lists %d schemes, want the 14 IANA ones", len(schemes))
	}
	for _, s := range schemes {
		if len(schRulesFor(s.Name)) == 0 {
			t.Errorf("scheme %s (%s) has no rule", s.Name, s.RFC)
		}
	}
}

// Every per-scheme rule is fully declared and names a registered scheme and
// its own RFC, so a report can link each finding to the right document.
func TestSchemeRulesAreWellDeclared(t *testing.T) {
	for _, r := range schMyRules() {
		if r.Check == nil || r.Applies == nil || r.Section == "" {
			t.Errorf("%s: missing Check, Applies or Section", r.ID)
		}
		if r.Scheme == "" {
			continue
		}
		info, ok := LookupScheme(r.Scheme)
		if !ok {
			t.Errorf("%s: scheme %q is not registered", r.ID, r.Scheme)
			continue
		}
		if r.RFC != info.RFC {
			t.Errorf("%s: RFC %q, but %s is defined by %s", r.ID, r.RFC, r.Scheme, info.RFC)
		}
		prefix := strings.ToLower(strings.ReplaceAll(info.RFC, " ", "")) + "/"
		if !strings.HasPrefix(r.ID, prefix) {
			t.Errorf("%s: ID does not start with %s", r.ID, prefix)
		}
	}
}

// Odd and hostile challenges never make a per-scheme rule panic, whichever
// side of a proxy they arrive on and whatever credentials were sent.
func TestSchemeRulesSurviveOddInput(t *testing.T) {
	lines := []string{
		"", ",", ", ,", "Digest", `Digest algorithm=, nonce`, `Digest realm="unterminated`,
		`PrivateToken challenge=""`, `PrivateToken challenge="====", token-key=`,
		`Bearer error=""`, `Bearer error_description="` + strings.Repeat("x", 5000) + `"`,
		`Mutual kc=1, ks=2, ks1x=3`, `DPoP algs=""`, `HOBA max-age=`, "Negotiate ====",
		"SCRAM-SHA-256 data=", "\x00Basic\x7f", "Concealed k=YmFz", "vapid t=a.b.c",
	}
	for _, l := range lines {
		for _, edit := range []func(*Exchange){schCleartext, schAsProxy, schSent("Bearer x"), schSent("DPoP y"), schStatus(403)} {
			e := schWith(schResponse(l), edit)
			c := NewContext(e)
			for _, r := range schMyRules() {
				res := Judge(r, c)
				for _, f := range res.Findings {
					if f.Message == "" || f.Evidence == "" {
						t.Errorf("%s on %q: empty message or evidence", r.ID, l)
					}
				}
			}
		}
	}
}
