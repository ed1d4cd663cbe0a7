package checks

import (
	"strings"
	"testing"
)

// Regression tests for the gaps a reviewer of issue 18 found after the
// audit's rows landed: URI references judged by RFC 3986 rather than by
// url.Parse (D13, M13, M18), stale provenance text (D17), the SHOULD half of
// RFC 7616 §3.4.6 (M5) and the stability of a problem's title (M17).

// Each string is not a URI-reference by RFC 3986's grammar, and url.Parse
// accepts every one of them.
var notURIReferences = map[string]string{
	"https://x.example/e{1}":          "'{'",
	"https://x.example/a|b":           "'|'",
	"https://x.example/a^b":           "'^'",
	"https://x.example/e#one#two":     `second "#"`,
	"https://x.example/e%zz":          "two hexadecimal digits",
	"https://x.example/e%4":           "two hexadecimal digits",
	"https://x.example/ünïcode":       "non-ASCII",
	"https://x.example/e?filter[a]=1": `outside the authority`,
	"1https://x.example/e":            "not a scheme",
	"a b":                             `' '`,
	"https://x.example/`e`":           "'`'",
}

// Each string is a URI-reference.
var uriReferences = []string{
	"https://x.example/errors#invalid_token",
	"https://x.example/e?x=1&y=%C3%BC",
	"/errors/1",
	"errors/1",
	"about:blank",
	"tag:example@example.org,2021-09-17:OutOfLuck",
	"urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6",
	"http://[2001:db8::1]:8080/e",
	"#frag",
	"",
	"./a:b",
	"https://x.example/~user/it's(1)!$*+,;=@",
}

func TestURIReferenceProblem(t *testing.T) {
	for s, want := range notURIReferences {
		if got := uriReferenceProblem(s); !strings.Contains(got, want) {
			t.Errorf("%q: %q, want a problem naming %s", s, got, want)
		}
	}
	for _, s := range uriReferences {
		if got := uriReferenceProblem(s); got != "" {
			t.Errorf("%q is a URI-reference, got %q", s, got)
		}
	}
}

func TestURIAbsoluteProblem(t *testing.T) {
	for _, s := range []string{"https://x.example/e", "https://x.example/e#invalid", "urn:ietf:rfc:6750"} {
		if got := uriAbsoluteProblem(s); got != "" {
			t.Errorf("%q is absolute, got %q", s, got)
		}
	}
	for _, s := range []string{"/errors/1", "errors", "#f", "//x.example/e", ""} {
		if got := uriAbsoluteProblem(s); !strings.Contains(got, "no scheme") {
			t.Errorf("%q: %q, want no scheme", s, got)
		}
	}
}

// D13, M13: Bearer's error_uri "MUST conform to the URI-reference syntax"
// (RFC 6750 §3); the characters RFC 6750's own set lets through ("{", "|",
// "^", a second "#") are no part of a URI.
func TestBearerErrorURIIsAURIReference(t *testing.T) {
	for _, bad := range []string{"https://x.example/e{1}", "https://x.example/a|b", "https://x.example/a^b", "https://x.example/e#one#two"} {
		ex := wwwAuth(401, `Bearer realm="a", error="invalid_token", error_uri="`+bad+`"`)
		if res := Judge(BearerParamCharset, NewContext(ex)); res.Status != Violated {
			t.Errorf("error_uri %q: %s, want violated", bad, res.Status)
		}
		// Not a URI at all is the MUST rule's finding, not a second one.
		if res := Judge(BearerErrorURIAbsolute, NewContext(ex)); res.Status != Pass {
			t.Errorf("error_uri %q: absolute rule %s %v, want pass", bad, res.Status, res.Findings)
		}
	}
	ok := wwwAuth(401, `Bearer realm="a", error="invalid_token", error_uri="https://x.example/errors#invalid_token"`)
	if res := Judge(BearerParamCharset, NewContext(ok)); res.Status != Pass {
		t.Errorf("good error_uri: %s %v", res.Status, res.Findings)
	}
}

// M18: problem details' type and instance are URI references (RFC 9457
// §3.1.1, §3.1.5); a URI is ASCII, so non-ASCII text must be
// percent-encoded.
func TestProblemURIMembersFollowRFC3986(t *testing.T) {
	for s := range notURIReferences {
		for _, member := range []string{"type", "instance"} {
			ex := problem(`{"` + member + `":` + jsonQuote(s) + `,"title":"x"}`)
			if res := Judge(ProblemURIMembers, NewContext(ex)); res.Status != Violated {
				t.Errorf("%s %q: %s, want violated", member, s, res.Status)
			}
		}
	}
	for _, s := range uriReferences {
		ex := problem(`{"type":` + jsonQuote(s) + `,"instance":` + jsonQuote(s) + `}`)
		if res := Judge(ProblemURIMembers, NewContext(ex)); res.Status != Pass {
			t.Errorf("%q: %s %v, want pass", s, res.Status, res.Findings)
		}
	}
}

func jsonQuote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// D17: no rule says its RFC was not read; the quotes are held against
// testdata/rfc now.
func TestNoRuleDisownsItsRFC(t *testing.T) {
	for _, r := range All() {
		for _, stale := range []string{"not verified here", "could not be read", "could not be compared"} {
			if strings.Contains(r.Requirement, stale) {
				t.Errorf("%s: Requirement says %q: %s", r.ID, stale, r.Requirement)
			}
		}
	}
}

// M5, the SHOULD half of RFC 7616 §3.4.6: "if they are not, the server
// SHOULD return a 400 Bad Request error". A 401 is a refusal, but not the
// one the RFC asks for; a 200 is the MUST half's finding alone.
func TestDigestOtherURIStatus(t *testing.T) {
	cases := []struct {
		status       int
		judged, warn bool
	}{
		{400, true, false},
		{401, true, true},
		{403, true, true},
		{500, true, true},
		{200, false, false},
		{204, false, false},
		{0, false, false},
	}
	granted := &Exchange{Method: "GET", Status: 200}
	for _, tc := range cases {
		fs, judged := CheckDigestOtherURIStatus(granted, &Exchange{Method: "GET", Status: tc.status})
		if judged != tc.judged || (len(fs) > 0) != tc.warn {
			t.Errorf("%d: judged %v, findings %v; want judged %v, warn %v", tc.status, judged, fs, tc.judged, tc.warn)
		}
		for _, f := range fs {
			if f.Rule != DigestURIMismatch400 || !strings.Contains(f.Message, "400") {
				t.Errorf("%d: %+v", tc.status, f)
			}
		}
	}
	// Credentials the server refuses for the request's own uri tell
	// nothing about its uri check: not judged.
	for _, control := range []*Exchange{nil, {Method: "GET", Status: 401}, {Method: "GET", Status: 0}} {
		if _, judged := CheckDigestOtherURIStatus(control, &Exchange{Method: "GET", Status: 401}); judged {
			t.Errorf("control %+v: judged", control)
		}
	}
	if DigestURIMismatch400.Level != Should || DigestURIMismatch400.Severity != Low {
		t.Errorf("rfc7616/digest-uri-mismatch-400 is %s/%s; the text says SHOULD", DigestURIMismatch400.Level, DigestURIMismatch400.Severity)
	}
}

// M17: RFC 9457 §3.1.3, the title "SHOULD NOT change from occurrence to
// occurrence of the problem, except for localization".
func TestProblemTitleStable(t *testing.T) {
	p := func(body string, kv ...string) *Exchange {
		e := problem(body)
		for i := 0; i+1 < len(kv); i += 2 {
			e.Header.Set(kv[i], kv[i+1])
		}
		return e
	}
	const typ = `"type":"https://problems.example/auth",`
	cases := []struct {
		name         string
		a, b         *Exchange
		judged, warn bool
	}{
		{"same title", p(`{` + typ + `"title":"Log in"}`), p(`{` + typ + `"title":"Log in","detail":"request 2"}`), true, false},
		{"request id in the title", p(`{` + typ + `"title":"Log in (request 1)"}`), p(`{` + typ + `"title":"Log in (request 2)"}`), true, true},
		{"a tag URI type, titles differ", p(`{"type":"tag:example.org,2026:auth","title":"Log in"}`), p(`{"type":"tag:example.org,2026:auth","title":"Log in at 12:00:01"}`), true, true},
		// about:blank has one right title, the status phrase:
		// rfc9457/problem-title-about-blank judges it.
		{"no type, titles differ", p(`{"title":"Unauthorized"}`), p(`{"type":"about:blank","title":"Unauthorized at 12:00:01"}`), false, false},
		{"another type is another problem", p(`{` + typ + `"title":"Log in"}`), p(`{"type":"https://problems.example/locked","title":"Locked"}`), false, false},
		{"another language", p(`{`+typ+`"title":"Log in"}`, "Content-Language", "en"), p(`{`+typ+`"title":"Anmelden"}`, "Content-Language", "de"), false, false},
		{"a title missing", p(`{` + typ + `"title":"Log in"}`), p(`{` + typ + `"detail":"x"}`), false, false},
		{"title not a string", p(`{` + typ + `"title":"Log in"}`), p(`{` + typ + `"title":7}`), false, false},
		{"not problem details", typed("application/json", `{"title":"a"}`), typed("application/json", `{"title":"b"}`), false, false},
	}
	for _, tc := range cases {
		fs, judged := CheckProblemTitleStable(tc.a, tc.b)
		if judged != tc.judged || (len(fs) > 0) != tc.warn {
			t.Errorf("%s: judged %v, findings %v; want judged %v, warn %v", tc.name, judged, fs, tc.judged, tc.warn)
		}
	}
	other := p(`{` + typ + `"title":"Forbidden"}`)
	other.Status = 403
	if _, judged := CheckProblemTitleStable(p(`{`+typ+`"title":"Log in"}`), other); judged {
		t.Errorf("another status is another problem")
	}
}
