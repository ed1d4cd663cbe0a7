package checks

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
)

// Expected results are written compactly: ch("Basic", q("realm", "x"))
// is a Basic challenge with realm="x"; t68("Negotiate", "abc==") one with a
// token68; fnd(id, line, offset) a finding of the rule with that ID.

type wantParam struct {
	name, value string
	quoted      bool
}

type wantChallenge struct {
	scheme     string
	token68    string
	hasToken68 bool
	params     []wantParam
}

type wantFinding struct {
	rule         string
	line, offset int
}

func ch(scheme string, params ...wantParam) wantChallenge {
	return wantChallenge{scheme: scheme, params: params}
}

func t68(scheme, token string, params ...wantParam) wantChallenge {
	return wantChallenge{scheme: scheme, token68: token, hasToken68: true, params: params}
}

func q(name, value string) wantParam  { return wantParam{name, value, true} }
func tk(name, value string) wantParam { return wantParam{name, value, false} }

func fnd(rule string, line, offset int) wantFinding { return wantFinding{rule, line, offset} }

// The rule IDs, spelled out: they are published and must not drift.
const (
	idGrammar   = "rfc9110/challenge-grammar"
	idEmpty     = "rfc9110/list-empty-element"
	idBWS       = "rfc9110/auth-param-bws"
	idRealm     = "rfc9110/realm-quoted"
	idUnique    = "rfc9110/auth-param-unique"
	idToken68   = "rfc9110/token68-exclusive"
	idEscape    = "rfc9110/quoted-pair-escape"
	idControl   = "rfc9110/field-control-chars"
	rfc7616Once = `realm="http-auth@example.org", qop="auth, auth-int", algorithm=%s, ` +
		`nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"`
)

type parseCase struct {
	name     string
	lines    []string
	want     []wantChallenge
	findings []wantFinding
}

// rfcExamples are the example challenges of the RFCs the suite checks
// against, as one field line each (the RFCs fold them for the page).
var rfcExamples = []parseCase{
	{
		name:  "RFC 9110 §11.6.1 two challenges on one line",
		lines: []string{`Basic realm="simple", Newauth realm="apps", type=1, title="Login to \"apps\""`},
		want: []wantChallenge{
			ch("Basic", q("realm", "simple")),
			ch("Newauth", q("realm", "apps"), tk("type", "1"), q("title", `Login to "apps"`)),
		},
	},
	{
		name:  "RFC 7235 §4.1 order of the same example",
		lines: []string{`Newauth realm="apps", type=1, title="Login to \"apps\"", Basic realm="simple"`},
		want: []wantChallenge{
			ch("Newauth", q("realm", "apps"), tk("type", "1"), q("title", `Login to "apps"`)),
			ch("Basic", q("realm", "simple")),
		},
	},
	{
		name:  "RFC 9110 §11.6.1 example on two field lines",
		lines: []string{`Basic realm="simple"`, `Newauth realm="apps", type=1, title="Login to \"apps\""`},
		want: []wantChallenge{
			ch("Basic", q("realm", "simple")),
			ch("Newauth", q("realm", "apps"), tk("type", "1"), q("title", `Login to "apps"`)),
		},
	},
	{
		name:  "RFC 7617 §2",
		lines: []string{`Basic realm="WallyWorld"`},
		want:  []wantChallenge{ch("Basic", q("realm", "WallyWorld"))},
	},
	{
		name:  "RFC 7617 §2.1 charset",
		lines: []string{`Basic realm="foo", charset="UTF-8"`},
		want:  []wantChallenge{ch("Basic", q("realm", "foo"), q("charset", "UTF-8"))},
	},
	{
		name:  "RFC 7616 §3.9.1 two Digest challenges on two lines",
		lines: []string{"Digest " + fmt.Sprintf(rfc7616Once, "SHA-256"), "Digest " + fmt.Sprintf(rfc7616Once, "MD5")},
		want: []wantChallenge{
			ch("Digest", q("realm", "http-auth@example.org"), q("qop", "auth, auth-int"), tk("algorithm", "SHA-256"),
				q("nonce", "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v"), q("opaque", "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS")),
			ch("Digest", q("realm", "http-auth@example.org"), q("qop", "auth, auth-int"), tk("algorithm", "MD5"),
				q("nonce", "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v"), q("opaque", "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS")),
		},
	},
	{
		name: "RFC 7616 §3.9.2 SHA-512-256, charset and userhash",
		lines: []string{`Digest realm="api@example.org", qop="auth", algorithm=SHA-512-256, ` +
			`nonce="5TsQWLVdgBdmrQ0XsxbDODV+57QdFR34I9HAbC/RVvkK", opaque="HRPCssKJSGjCrkzDg8OhwpzCiGPChXYjwrI2QmXDnsOS", ` +
			`charset=UTF-8, userhash=true`},
		want: []wantChallenge{ch("Digest", q("realm", "api@example.org"), q("qop", "auth"), tk("algorithm", "SHA-512-256"),
			q("nonce", "5TsQWLVdgBdmrQ0XsxbDODV+57QdFR34I9HAbC/RVvkK"), q("opaque", "HRPCssKJSGjCrkzDg8OhwpzCiGPChXYjwrI2QmXDnsOS"),
			tk("charset", "UTF-8"), tk("userhash", "true"))},
	},
	{
		name:  "RFC 6750 §3 no token",
		lines: []string{`Bearer realm="example"`},
		want:  []wantChallenge{ch("Bearer", q("realm", "example"))},
	},
	{
		name:  "RFC 6750 §3 expired token",
		lines: []string{`Bearer realm="example", error="invalid_token", error_description="The access token expired"`},
		want: []wantChallenge{ch("Bearer", q("realm", "example"), q("error", "invalid_token"),
			q("error_description", "The access token expired"))},
	},
	{
		name:  "RFC 9449 §7.1 no authentication",
		lines: []string{`DPoP algs="ES256 PS256"`},
		want:  []wantChallenge{ch("DPoP", q("algs", "ES256 PS256"))},
	},
	{
		name:  "RFC 9449 §7.1 invalid token",
		lines: []string{`DPoP error="invalid_token", error_description="Invalid DPoP key binding", algs="ES256"`},
		want: []wantChallenge{ch("DPoP", q("error", "invalid_token"),
			q("error_description", "Invalid DPoP key binding"), q("algs", "ES256"))},
	},
	{
		name:  "RFC 9449 §9 resource server nonce",
		lines: []string{`DPoP error="use_dpop_nonce", error_description="Resource server requires nonce in DPoP proof"`},
		want: []wantChallenge{ch("DPoP", q("error", "use_dpop_nonce"),
			q("error_description", "Resource server requires nonce in DPoP proof"))},
	},
	{
		name:  "RFC 9449 §7.2 Bearer and DPoP offered together",
		lines: []string{`Bearer realm="example", DPoP algs="ES256 PS256"`},
		want:  []wantChallenge{ch("Bearer", q("realm", "example")), ch("DPoP", q("algs", "ES256 PS256"))},
	},
}

// grammarCorners walk the ABNF: what parses, how, and what senders may not
// generate.
var grammarCorners = []parseCase{
	// Where one challenge ends and the next begins.
	{name: "comma inside a quoted-string", lines: []string{`Digest realm="a, b", qop="auth, auth-int"`},
		want: []wantChallenge{ch("Digest", q("realm", "a, b"), q("qop", "auth, auth-int"))}},
	{name: "new scheme after a comma", lines: []string{`Basic realm="a", NewScheme p=v`},
		want: []wantChallenge{ch("Basic", q("realm", "a")), ch("NewScheme", tk("p", "v"))}},
	{name: "param after a comma", lines: []string{`Basic realm="a", p=v`},
		want: []wantChallenge{ch("Basic", q("realm", "a"), tk("p", "v"))}},
	{name: "three bare schemes", lines: []string{`Negotiate, NTLM, Basic`},
		want: []wantChallenge{ch("Negotiate"), ch("NTLM"), ch("Basic")}},
	{name: "bare scheme", lines: []string{`Negotiate`}, want: []wantChallenge{ch("Negotiate")}},
	{name: "bare scheme then OWS comma", lines: []string{`Negotiate , Basic realm="x"`},
		want: []wantChallenge{ch("Negotiate"), ch("Basic", q("realm", "x"))}},
	{name: "trailing whitespace after a scheme", lines: []string{"Negotiate \t"}, want: []wantChallenge{ch("Negotiate")}},
	{name: "leading whitespace", lines: []string{`  Basic realm="x"`}, want: []wantChallenge{ch("Basic", q("realm", "x"))}},
	{name: "several SP after the scheme", lines: []string{`Basic   realm="x"`}, want: []wantChallenge{ch("Basic", q("realm", "x"))}},
	{name: "odd case kept as sent", lines: []string{`bAsIc ReAlM="x", CHARSET="UTF-8"`},
		want: []wantChallenge{ch("bAsIc", q("ReAlM", "x"), q("CHARSET", "UTF-8"))}},
	{name: "tchar punctuation in names and values", lines: []string{"X-Scheme! a#$%&'*+-.^_`|~=b#$%&'*+-.^_`|~"},
		want: []wantChallenge{ch("X-Scheme!", tk("a#$%&'*+-.^_`|~", "b#$%&'*+-.^_`|~"))}},
	{name: "empty quoted value", lines: []string{`Basic realm=""`}, want: []wantChallenge{ch("Basic", q("realm", ""))}},
	{name: "obs-text in a quoted value", lines: []string{"Basic realm=\"caf\xc3\xa9\""},
		want: []wantChallenge{ch("Basic", q("realm", "caf\xc3\xa9"))}},

	// token68 against auth-param.
	{name: "token68 with padding", lines: []string{`Negotiate abc==`}, want: []wantChallenge{t68("Negotiate", "abc==")}},
	{name: "token68 alphabet", lines: []string{`Foo a/b+c~d._-e==`}, want: []wantChallenge{t68("Foo", "a/b+c~d._-e==")}},
	{name: "token68 without padding", lines: []string{`Negotiate YIIBzgYGKwYBBQUC`}, want: []wantChallenge{t68("Negotiate", "YIIBzgYGKwYBBQUC")}},
	{name: "name= alone is a token68", lines: []string{`Basic realm=`}, want: []wantChallenge{t68("Basic", "realm=")}},
	{name: "name=value is a param", lines: []string{`Foo a=b`}, want: []wantChallenge{ch("Foo", tk("a", "b"))}},
	{name: "Foo a= is a token68", lines: []string{`Foo a=`}, want: []wantChallenge{t68("Foo", "a=")}},
	{name: "Foo a= then a param", lines: []string{`Foo a=, b=c`}, want: []wantChallenge{t68("Foo", "a=", tk("b", "c"))},
		findings: []wantFinding{fnd(idToken68, 0, 8)}},
	{name: "Foo a= then a scheme", lines: []string{`Foo a=, Bar`}, want: []wantChallenge{t68("Foo", "a="), ch("Bar")}},
	{name: "token68 then OWS", lines: []string{"Negotiate abc== \t"}, want: []wantChallenge{t68("Negotiate", "abc==")}},
	{name: "token68 then another challenge", lines: []string{`Negotiate abc==, Basic realm="x"`},
		want: []wantChallenge{t68("Negotiate", "abc=="), ch("Basic", q("realm", "x"))}},
	{name: "token68 then a bare scheme", lines: []string{`Negotiate abc, NTLM`},
		want: []wantChallenge{t68("Negotiate", "abc"), ch("NTLM")}},
	{name: "token68 followed by params", lines: []string{`Negotiate abc==, realm="x", charset=y`},
		want:     []wantChallenge{t68("Negotiate", "abc==", q("realm", "x"), tk("charset", "y"))},
		findings: []wantFinding{fnd(idToken68, 0, 17)}},
	{name: "a token68 never starts with =", lines: []string{`Foo, Bar =abc`},
		findings: []wantFinding{fnd(idGrammar, 0, 5)}},

	// Empty list elements: reported, and read past.
	{name: "leading comma", lines: []string{`,Basic realm="x"`},
		want: []wantChallenge{ch("Basic", q("realm", "x"))}, findings: []wantFinding{fnd(idEmpty, 0, 0)}},
	{name: "trailing comma", lines: []string{`Basic realm="x",`},
		want: []wantChallenge{ch("Basic", q("realm", "x"))}, findings: []wantFinding{fnd(idEmpty, 0, 15)}},
	{name: "doubled comma in a param list", lines: []string{`Basic realm="x",, charset="UTF-8"`},
		want: []wantChallenge{ch("Basic", q("realm", "x"), q("charset", "UTF-8"))}, findings: []wantFinding{fnd(idEmpty, 0, 16)}},
	{name: "empty element between challenges", lines: []string{`Basic realm="x", , Digest realm="y"`},
		want:     []wantChallenge{ch("Basic", q("realm", "x")), ch("Digest", q("realm", "y"))},
		findings: []wantFinding{fnd(idEmpty, 0, 17)}},
	{name: "a comma alone", lines: []string{`,`}, findings: []wantFinding{fnd(idEmpty, 0, 0)}},
	{name: "scheme SP comma then a param", lines: []string{`Basic ,realm="x"`},
		want: []wantChallenge{ch("Basic", q("realm", "x"))}, findings: []wantFinding{fnd(idEmpty, 0, 6)}},
	{name: "empty line next to another", lines: []string{`Basic realm="x"`, ``},
		want: []wantChallenge{ch("Basic", q("realm", "x"))}, findings: []wantFinding{fnd(idEmpty, 1, 0)}},
	{name: "one empty line is an empty list", lines: []string{``}},
	{name: "one blank line is an empty list", lines: []string{"  \t"}},

	// BWS: reported, removed.
	{name: "BWS before =", lines: []string{`Basic realm ="x"`}, want: []wantChallenge{ch("Basic", q("realm", "x"))}, findings: []wantFinding{fnd(idBWS, 0, 6)}},
	{name: "BWS after =", lines: []string{`Basic realm= "x"`}, want: []wantChallenge{ch("Basic", q("realm", "x"))}, findings: []wantFinding{fnd(idBWS, 0, 6)}},
	{name: "BWS both sides with HTAB", lines: []string{"Basic realm\t=\t\"x\""}, want: []wantChallenge{ch("Basic", q("realm", "x"))}, findings: []wantFinding{fnd(idBWS, 0, 6)}},
	{name: "BWS on a later param", lines: []string{`Digest realm="x", qop = "auth"`},
		want: []wantChallenge{ch("Digest", q("realm", "x"), q("qop", "auth"))}, findings: []wantFinding{fnd(idBWS, 0, 18)}},
	{name: "BWS after a comma before a param", lines: []string{`Digest realm="x", stale =true`},
		want: []wantChallenge{ch("Digest", q("realm", "x"), tk("stale", "true"))}, findings: []wantFinding{fnd(idBWS, 0, 18)}},

	// realm and duplicates.
	{name: "realm as a token", lines: []string{`Basic realm=simple`}, want: []wantChallenge{ch("Basic", tk("realm", "simple"))}, findings: []wantFinding{fnd(idRealm, 0, 6)}},
	{name: "REALM as a token", lines: []string{`Bearer scope=x, REALM=simple`}, want: []wantChallenge{ch("Bearer", tk("scope", "x"), tk("REALM", "simple"))}, findings: []wantFinding{fnd(idRealm, 0, 16)}},
	{name: "duplicate names, case-insensitive", lines: []string{`Basic realm="a", Realm="b", REALM="c"`},
		want:     []wantChallenge{ch("Basic", q("realm", "a"), q("Realm", "b"), q("REALM", "c"))},
		findings: []wantFinding{fnd(idUnique, 0, 17), fnd(idUnique, 0, 28)}},
	{name: "same name in two challenges is fine", lines: []string{`Basic realm="a", Digest realm="b"`},
		want: []wantChallenge{ch("Basic", q("realm", "a")), ch("Digest", q("realm", "b"))}},

	// quoted-pair.
	{name: "quoted-pair of quote and backslash", lines: []string{`Basic realm="a\"b\\c"`}, want: []wantChallenge{ch("Basic", q("realm", `a"b\c`))}},
	{name: "needless quoted-pair", lines: []string{`Basic realm="\a\ b"`}, want: []wantChallenge{ch("Basic", q("realm", "a b"))},
		findings: []wantFinding{fnd(idEscape, 0, 13), fnd(idEscape, 0, 15)}},

	// Several field lines read as one list (§5.3).
	{name: "a line goes on with the previous challenge", lines: []string{`Basic realm="x"`, `charset="UTF-8"`},
		want: []wantChallenge{ch("Basic", q("realm", "x"), q("charset", "UTF-8"))}},
	{name: "a bare scheme cannot take the next line's param", lines: []string{`Basic`, `realm="x"`},
		findings: []wantFinding{fnd(idGrammar, 1, 0)}},
	{name: "duplicates across lines", lines: []string{`Basic realm="x"`, `realm="y"`},
		want: []wantChallenge{ch("Basic", q("realm", "x"), q("realm", "y"))}, findings: []wantFinding{fnd(idUnique, 1, 0)}},

	// Control characters: reported; NUL, CR, LF read as SP; others kept
	// inside a quoted-string and a grammar error elsewhere.
	{name: "NUL in a quoted value", lines: []string{"Basic realm=\"a\x00b\""}, want: []wantChallenge{ch("Basic", q("realm", "a b"))}, findings: []wantFinding{fnd(idControl, 0, 14)}},
	{name: "CR LF between challenges", lines: []string{"Basic realm=\"a\",\r\n Digest realm=\"b\""},
		want:     []wantChallenge{ch("Basic", q("realm", "a")), ch("Digest", q("realm", "b"))},
		findings: []wantFinding{fnd(idControl, 0, 16), fnd(idControl, 0, 17)}},
	{name: "DEL kept in a quoted value", lines: []string{"Basic realm=\"a\x7f\""}, want: []wantChallenge{ch("Basic", q("realm", "a\x7f"))}, findings: []wantFinding{fnd(idControl, 0, 14)}},
	{name: "control character in a token", lines: []string{"Basic re\x01alm=\"x\", Digest realm=\"y\""}, want: []wantChallenge{ch("Digest", q("realm", "y"))},
		findings: []wantFinding{fnd(idControl, 0, 8), fnd(idGrammar, 0, 8)}},

	// Grammar errors: the offset, the challenge dropped, reading resumed.
	{name: "missing comma between params", lines: []string{`Basic realm="x" charset="y"`}, findings: []wantFinding{fnd(idGrammar, 0, 16)}},
	{name: "param with no scheme", lines: []string{`realm="x"`}, findings: []wantFinding{fnd(idGrammar, 0, 0)}},
	{name: "param after a bare scheme", lines: []string{`Basic, realm="x"`}, findings: []wantFinding{fnd(idGrammar, 0, 7)}},
	{name: "quoted scheme", lines: []string{`"Basic" realm="x", Digest realm="y"`}, want: []wantChallenge{ch("Digest", q("realm", "y"))},
		findings: []wantFinding{fnd(idGrammar, 0, 0)}},
	{name: "HTAB after the scheme", lines: []string{"Basic\trealm=\"x\""}, findings: []wantFinding{fnd(idGrammar, 0, 5)}},
	{name: "SP then HTAB after the scheme", lines: []string{"Basic \trealm=\"x\""}, findings: []wantFinding{fnd(idGrammar, 0, 6)}},
	{name: "no SP after the scheme", lines: []string{`Basic"x"`}, findings: []wantFinding{fnd(idGrammar, 0, 5)}},
	{name: "nothing after SP is a token68 or param", lines: []string{`Basic @x`}, findings: []wantFinding{fnd(idGrammar, 0, 6)}},
	{name: "token68 with a space inside", lines: []string{`Negotiate abc def`}, findings: []wantFinding{fnd(idGrammar, 0, 14)}},
	{name: "value missing at the end", lines: []string{`Basic a=b, c=`}, findings: []wantFinding{fnd(idGrammar, 0, 13)}},
	{name: "value missing before a comma", lines: []string{`Basic a=b, c= , Digest`}, want: []wantChallenge{ch("Digest")},
		findings: []wantFinding{fnd(idGrammar, 0, 14)}},
	{name: "padding then a value", lines: []string{`Foo a==b`}, findings: []wantFinding{fnd(idGrammar, 0, 6)}},
	{name: "unterminated quoted-string", lines: []string{`Basic realm="x`}, findings: []wantFinding{fnd(idGrammar, 0, 12)}},
	{name: "lone backslash at the end", lines: []string{`Basic realm="x\`}, findings: []wantFinding{fnd(idGrammar, 0, 12)}},
	{name: "stray = element", lines: []string{`Basic realm="x", =y, Digest realm="z"`}, want: []wantChallenge{ch("Digest", q("realm", "z"))},
		findings: []wantFinding{fnd(idGrammar, 0, 17)}},
	{name: "recovery skips an escaped quote", lines: []string{`Basic realm="x" "a\", b", Digest realm="d"`}, want: []wantChallenge{ch("Digest", q("realm", "d"))},
		findings: []wantFinding{fnd(idGrammar, 0, 16)}},
	{name: "recovery skips a quoted comma", lines: []string{`Basic realm="x" "a, b", Digest realm="d"`}, want: []wantChallenge{ch("Digest", q("realm", "d"))},
		findings: []wantFinding{fnd(idGrammar, 0, 16)}},
	{name: "params after an error are skipped", lines: []string{`Foo a=b c=d, e=f, Bar`}, want: []wantChallenge{ch("Bar")},
		findings: []wantFinding{fnd(idGrammar, 0, 8)}},
	{name: "error drops sender findings of that challenge", lines: []string{`Basic realm = x y`}, findings: []wantFinding{fnd(idGrammar, 0, 16)}},
	{name: "byte outside ASCII in a name", lines: []string{"Basic r\xc3\xa9alm=\"x\""}, findings: []wantFinding{fnd(idGrammar, 0, 7)}},
	{name: "error on one line, next line fine", lines: []string{`Basic realm="x`, `Digest realm="y"`}, want: []wantChallenge{ch("Digest", q("realm", "y"))},
		findings: []wantFinding{fnd(idGrammar, 0, 12)}},
	{name: "orphan params skipped to the next scheme", lines: []string{`"x", a=b, Basic realm="y"`}, want: []wantChallenge{ch("Basic", q("realm", "y"))},
		findings: []wantFinding{fnd(idGrammar, 0, 0)}},
}

func TestParseChallengesRFCExamples(t *testing.T) {
	for _, tc := range rfcExamples {
		t.Run(tc.name, func(t *testing.T) { checkParse(t, tc) })
	}
}

func TestParseChallengesGrammarCorners(t *testing.T) {
	for _, tc := range grammarCorners {
		t.Run(tc.name, func(t *testing.T) { checkParse(t, tc) })
	}
}

// checkParse parses tc.lines and compares challenges and findings; findings
// are compared as a set of (rule, line, offset).
func checkParse(t *testing.T, tc parseCase) {
	t.Helper()
	chs, fs := ParseChallenges(tc.lines)
	if got := describeChallenges(chs); got != describeWant(tc.want) {
		t.Errorf("ParseChallenges(%q) challenges\n got: %s\nwant: %s", tc.lines, got, describeWant(tc.want))
	}
	got := make([]string, 0, len(fs))
	for _, f := range fs {
		got = append(got, fmt.Sprintf("%s@%d:%d", f.Rule.ID, f.Line, f.Offset))
	}
	want := make([]string, 0, len(tc.findings))
	for _, f := range tc.findings {
		want = append(want, fmt.Sprintf("%s@%d:%d", f.rule, f.line, f.offset))
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("ParseChallenges(%q) findings\n got: %v\nwant: %v\n%s", tc.lines, got, want, findingsText(fs))
	}
	for _, f := range fs {
		if f.Message == "" {
			t.Errorf("finding %s has no message", f.Rule.ID)
		}
	}
}

func describeChallenges(chs []Challenge) string {
	var b strings.Builder
	for _, c := range chs {
		fmt.Fprintf(&b, "[%s", c.Scheme)
		if c.HasToken68 {
			fmt.Fprintf(&b, " t68=%q", c.Token68)
		}
		for _, p := range c.Params {
			fmt.Fprintf(&b, " %s=%q(q=%v)", p.Name, p.Value, p.Quoted)
		}
		b.WriteString("]")
	}
	return b.String()
}

func describeWant(want []wantChallenge) string {
	var b strings.Builder
	for _, c := range want {
		fmt.Fprintf(&b, "[%s", c.scheme)
		if c.hasToken68 {
			fmt.Fprintf(&b, " t68=%q", c.token68)
		}
		for _, p := range c.params {
			fmt.Fprintf(&b, " %s=%q(q=%v)", p.name, p.value, p.quoted)
		}
		b.WriteString("]")
	}
	return b.String()
}

func findingsText(fs []Finding) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString("  " + f.String() + "\n")
	}
	return b.String()
}

// The brief's acceptance case, spelled out on its own.
func TestNewauthAndBasicParseCleanly(t *testing.T) {
	chs, fs := ParseChallenges([]string{`Newauth realm="apps", type=1, title="Login to \"apps\"", Basic realm="simple"`})
	if len(chs) != 2 {
		t.Fatalf("got %d challenges, want 2: %s", len(chs), describeChallenges(chs))
	}
	if len(fs) != 0 {
		t.Fatalf("want no finding, got:\n%s", findingsText(fs))
	}
	if !chs[0].Is("newauth") || !chs[1].Is("BASIC") {
		t.Errorf("schemes = %q, %q", chs[0].Scheme, chs[1].Scheme)
	}
	if p, _ := chs[0].Param("TITLE"); p.Value != `Login to "apps"` {
		t.Errorf("title = %q", p.Value)
	}
}

// Offsets let a finding point at the bytes; check them on a line with
// everything in it.
func TestParseChallengesPositions(t *testing.T) {
	line := `Basic realm="simple", Newauth realm="apps", type=1, title="Login to \"apps\""`
	chs, _ := ParseChallenges([]string{"ignored", line})
	if len(chs) != 3 {
		t.Fatalf("got %s", describeChallenges(chs))
	}
	basic, newauth := chs[1], chs[2]
	if basic.Line != 1 || line[basic.Offset:basic.End] != `Basic realm="simple"` {
		t.Errorf("Basic at line %d [%d:%d] = %q", basic.Line, basic.Offset, basic.End, line[basic.Offset:basic.End])
	}
	if line[newauth.Offset:newauth.End] != `Newauth realm="apps", type=1, title="Login to \"apps\""` {
		t.Errorf("Newauth [%d:%d] = %q", newauth.Offset, newauth.End, line[newauth.Offset:newauth.End])
	}
	for _, p := range newauth.Params {
		if p.Line != 1 || !strings.HasPrefix(line[p.NameOffset:], p.Name+"=") {
			t.Errorf("param %s: line %d, NameOffset %d points at %q", p.Name, p.Line, p.NameOffset, line[p.NameOffset:])
		}
		wantAt := p.Value
		if p.Quoted {
			wantAt = `"`
		}
		if !strings.HasPrefix(line[p.ValueOffset:], wantAt) {
			t.Errorf("param %s: ValueOffset %d points at %q", p.Name, p.ValueOffset, line[p.ValueOffset:])
		}
	}
	tok, _ := ParseChallenges([]string{`Negotiate abc==  , NTLM`})
	if tok[0].End != len("Negotiate abc==") || tok[1].Offset != 19 || tok[1].End != 23 {
		t.Errorf("token68 challenge ends at %d, next spans [%d:%d]", tok[0].End, tok[1].Offset, tok[1].End)
	}
	cont, _ := ParseChallenges([]string{`Basic realm="x"`, `  charset="UTF-8"`})
	if p := cont[0].Params[1]; p.Line != 1 || p.NameOffset != 2 || p.ValueOffset != 10 || cont[0].End != 15 {
		t.Errorf("continued param %+v, challenge End %d", p, cont[0].End)
	}
}

// Grammar messages say what was expected where, so a developer can fix
// the header without reading the ABNF.
func TestGrammarMessages(t *testing.T) {
	cases := []struct{ line, want string }{
		{`Basic realm="x" charset="y"`, `expected "," or the end of the line after the value of parameter "realm", found 'c' at offset 16`},
		{`Basic abc def`, `expected "=" after parameter name "abc"`},
		{`Basic realm="x`, `expected the closing '"' of the quoted-string opened at offset 12, found the end of the line at offset 14`},
		{"Basic re\x01alm", `found control character 0x01 at offset 8`},
		{"Basic r\xc3\xa9alm", `found byte 0xC3 at offset 7`},
		{`realm="x"`, `expected an auth-scheme before auth-param "realm"`},
		{`Basic, realm="x"`, `the "," after "Basic" ended that challenge`},
		{"Basic\trealm=x", `HTAB is not allowed`},
		{`Basic x=y, a=`, `expected a token or a quoted-string after "="`},
		{"Basic " + strings.Repeat("n", 100) + " x", `expected "=" after parameter name "` + strings.Repeat("n", 60) + `…"`},
	}
	for _, tc := range cases {
		_, fs := ParseChallenges([]string{tc.line})
		var msgs []string
		for _, f := range fs {
			if f.Rule == ChallengeGrammar {
				msgs = append(msgs, f.Message)
			}
		}
		if len(msgs) != 1 || !strings.Contains(msgs[0], tc.want) {
			t.Errorf("ParseChallenges(%q) grammar messages %q, want one containing %q", tc.line, msgs, tc.want)
		}
	}
}

// Evidence is the offending bytes, verbatim, and short.
func TestFindingEvidence(t *testing.T) {
	cases := []struct {
		line string
		rule *Rule
		want string
	}{
		{`Basic realm = "x"`, AuthParamBWS, `realm = "x"`},
		{`Basic realm=x`, RealmQuoted, `realm=x`},
		{`Basic realm="x", REALM="y"`, AuthParamUnique, `REALM="y"`},
		{`Basic realm="\x"`, QuotedPairEscape, `\x`},
		{`Basic realm="x" junk, Digest`, ChallengeGrammar, `junk`},
		{`Basic realm="` + strings.Repeat("a", 100), ChallengeGrammar, `"` + strings.Repeat("a", maxEvidence-1)},
		{"Basic realm=\"\r\"", FieldControlChars, "\r"},
		{`Negotiate abc, realm="x"`, Token68Exclusive, `realm`},
	}
	for _, tc := range cases {
		_, fs := ParseChallenges([]string{tc.line})
		found := false
		for _, f := range fs {
			if f.Rule == tc.rule {
				found = true
				if f.Evidence != tc.want {
					t.Errorf("ParseChallenges(%q) %s evidence %q, want %q", tc.line, tc.rule.ID, f.Evidence, tc.want)
				}
				if !strings.HasPrefix(tc.line[f.Offset:], f.Evidence) {
					t.Errorf("evidence %q is not at offset %d of %q", f.Evidence, f.Offset, tc.line)
				}
			}
		}
		if !found {
			t.Errorf("ParseChallenges(%q): no %s finding in\n%s", tc.line, tc.rule.ID, findingsText(fs))
		}
	}
}

// A hostile field must not make the parser's output or work grow without
// bound: findings are capped per rule with a count of the rest, and
// challenges and parameters are capped.
func TestParseChallengesBounds(t *testing.T) {
	_, fs := ParseChallenges([]string{"Basic realm=\"x\"" + strings.Repeat(",", 100)})
	var listed int
	var summary *Finding
	for i, f := range fs {
		if f.Rule != ListEmptyElement {
			t.Fatalf("unexpected finding %s", f)
		}
		if f.Offset < 0 {
			summary = &fs[i]
		} else {
			listed++
		}
	}
	// 100 commas: 99 doubled, the last also trailing but reported once.
	if listed != maxFindingsPerRule || summary == nil || !strings.Contains(summary.Message, "and 79 more") {
		t.Errorf("listed %d, summary %v", listed, summary)
	}

	many := strings.Repeat("A, ", 5000) + "Z"
	chs, fs := ParseChallenges([]string{many})
	if len(chs) != maxChallenges || len(fs) != 0 {
		t.Errorf("%d challenges, %d findings; want %d and none", len(chs), len(fs), maxChallenges)
	}

	var b strings.Builder
	b.WriteString("Foo ")
	for i := range 3000 {
		fmt.Fprintf(&b, "p%d=v, ", i%2000)
	}
	b.WriteString("last=1")
	chs, fs = ParseChallenges([]string{b.String()})
	if len(chs) != 1 || len(chs[0].Params) != maxParams {
		t.Fatalf("got %d challenges with %d params", len(chs), len(chs[0].Params))
	}
	dups := 0
	for _, f := range fs {
		if f.Rule == AuthParamUnique {
			dups++
			if f.Offset >= 0 && !strings.Contains(f.Message, `(first as "p`) {
				t.Errorf("duplicate message %q", f.Message)
			}
		}
	}
	// Duplicates among the first maxParams kept are found through the name
	// index; none exist there, so the findings come from p0..p999 sent
	// again (2000..2999) once the cap has been reached: those are checked
	// against the kept ones too.
	if dups != maxFindingsPerRule+1 {
		t.Errorf("%d duplicate findings (with summary), want %d", dups, maxFindingsPerRule+1)
	}

	// Duplicates found through the name index, past namesIndexAt params.
	b.Reset()
	b.WriteString("Foo ")
	for i := range namesIndexAt + 5 {
		fmt.Fprintf(&b, "p%d=v, ", i)
	}
	b.WriteString("P3=again, p20=again")
	_, fs = ParseChallenges([]string{b.String()})
	if len(fs) != 2 || fs[0].Rule != AuthParamUnique || fs[1].Rule != AuthParamUnique {
		t.Errorf("findings:\n%s", findingsText(fs))
	}
}

// A multi-megabyte value of every shape parses to the end with bounded
// findings: the work is linear (no timing asserted; the benchmark measures).
func TestParseChallengesHugeValues(t *testing.T) {
	huge := []string{
		strings.Repeat(",", 4<<20),
		"Basic realm=\"" + strings.Repeat(`\a`, 2<<20) + `"`,
		"Basic " + strings.Repeat("a", 4<<20),
		"Basic realm=\"" + strings.Repeat("x", 4<<20),
		strings.Repeat("\x00", 1<<20),
		"Foo " + strings.Repeat("a = b, ", 1<<19),
	}
	for _, line := range huge {
		chs, fs := ParseChallenges([]string{line})
		if len(fs) > 4*(maxFindingsPerRule+1) || len(chs) > maxChallenges {
			t.Errorf("line of %d bytes: %d challenges, %d findings", len(line), len(chs), len(fs))
		}
		for _, f := range fs {
			if len(f.Evidence) > 210 || len(f.Message) > 600 {
				t.Errorf("oversized finding %s: evidence %d bytes, message %d bytes", f.Rule.ID, len(f.Evidence), len(f.Message))
			}
		}
	}
}

// The rules are declared with the IDs, sections and levels the RFC text
// gives, and each hands back its own findings only when the field exists.
func TestParseRulesDeclared(t *testing.T) {
	want := []struct {
		rule    *Rule
		id      string
		section string
		level   Level
		mission bool
	}{
		{ChallengeGrammar, idGrammar, "11.6.1, 11.3", Must, true},
		{ListEmptyElement, idEmpty, "5.6.1.1", Must, false},
		{AuthParamBWS, idBWS, "5.6.3, 11.2", Must, false},
		{RealmQuoted, idRealm, "11.5", Must, false},
		{AuthParamUnique, idUnique, "11.2", Must, false},
		{Token68Exclusive, idToken68, "11.3", Must, false},
		{QuotedPairEscape, idEscape, "5.6.4", Should, false},
		{FieldControlChars, idControl, "5.5", Must, false},
	}
	for _, w := range want {
		r := w.rule
		if r.ID != w.id || r.Section != w.section || r.Level != w.level || r.Mission != w.mission || r.RFC != "RFC 9110" {
			t.Errorf("%s declared as %+v", w.id, *r)
		}
		if Lookup(w.id) != r {
			t.Errorf("%s is not in the catalogue", w.id)
		}
	}

	none := NewContext(&Exchange{Status: 401, Header: http.Header{}})
	if res := Judge(ChallengeGrammar, none); res.Status != NotApplicable {
		t.Errorf("without the field: %s", res.Status)
	}
	bad := NewContext(&Exchange{Status: 401, Header: http.Header{"Www-Authenticate": {`Basic realm = x,`}}})
	for _, w := range want {
		res := Judge(w.rule, bad)
		wantStatus := Pass
		if w.rule == AuthParamBWS || w.rule == RealmQuoted || w.rule == ListEmptyElement {
			wantStatus = Violated
		}
		if res.Status != wantStatus {
			t.Errorf("%s on %q: %s, want %s", w.id, bad.Lines, res.Status, wantStatus)
		}
		for _, f := range res.Findings {
			if f.Rule != w.rule {
				t.Errorf("%s handed back a finding of %s", w.id, f.Rule.ID)
			}
		}
	}
	proxy := NewContext(&Exchange{Status: 407, Proxy: true, Header: http.Header{"Proxy-Authenticate": {`Basic realm="x" y`}}})
	if res := Judge(ChallengeGrammar, proxy); res.Status != Violated {
		t.Errorf("Proxy-Authenticate grammar: %s", res.Status)
	}
}

func TestSerialise(t *testing.T) {
	cases := []struct {
		lines []string
		want  string
	}{
		{[]string{`Newauth realm="apps", type=1, title="Login to \"apps\"", Basic realm="simple"`},
			`Newauth realm="apps", type=1, title="Login to \"apps\"", Basic realm="simple"`},
		{[]string{`Basic realm = simple ,, charset=UTF-8`}, `Basic realm="simple", charset=UTF-8`},
		{[]string{`Negotiate abc==`, `NTLM`}, `Negotiate abc==, NTLM`},
		{[]string{`Negotiate abc, realm=x`}, `Negotiate abc, realm="x"`},
		{[]string{`Basic realm="\a\\"`}, `Basic realm="a\\"`},
		{[]string{`Foo a="tok", b="two words", c=""`}, `Foo a="tok", b="two words", c=""`},
		{nil, ``},
	}
	for _, tc := range cases {
		chs, _ := ParseChallenges(tc.lines)
		if got := Serialise(chs); got != tc.want {
			t.Errorf("Serialise(ParseChallenges(%q)) = %q, want %q", tc.lines, got, tc.want)
		}
	}
	hand := []Challenge{{Scheme: "Foo", Params: []Param{{Name: "a", Value: "b c"}, {Name: "d", Value: "e"}, {Name: "f"}}}}
	if got := Serialise(hand); got != `Foo a="b c", d=e, f=""` {
		t.Errorf("hand-built: %q", got)
	}
}

// RFC 7804 §5's own SCRAM example sends base64 with "=" padding as a token
// value, which RFC 9110's grammar does not allow: it is a grammar error,
// and the message says how to fix it, at the "=".
func TestParseBase64PaddingInTokenValue(t *testing.T) {
	line := `SCRAM-SHA-256 sid=AAAABBBBCCCCDDDD, data=cj1yT3ByTkdm=`
	_, fs := ParseChallenges([]string{line})
	if len(fs) != 1 || fs[0].Rule != ChallengeGrammar || fs[0].Offset != len(line)-1 ||
		!strings.Contains(fs[0].Message, "must be sent as a quoted-string") {
		t.Fatalf("findings %v, want one grammar error at the '=' saying to quote the value", fs)
	}
	if _, fs := ParseChallenges([]string{`SCRAM-SHA-256 sid=AAAABBBBCCCCDDDD, data="cj1yT3ByTkdm="`}); len(fs) != 0 {
		t.Errorf("the quoted form draws %v", fs)
	}
}
