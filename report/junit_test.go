package report

import (
	"bytes"
	"encoding/xml"
	"regexp"
	"strings"
	"testing"
	"time"
)

// The parsed* types read junit.xml back independently of the writer's own
// types, so a wrong tag in the writer shows up here.
type parsedSuites struct {
	XMLName  xml.Name      `xml:"testsuites"`
	Name     string        `xml:"name,attr"`
	Tests    int           `xml:"tests,attr"`
	Failures int           `xml:"failures,attr"`
	Errors   int           `xml:"errors,attr"`
	Skipped  int           `xml:"skipped,attr"`
	Time     string        `xml:"time,attr"`
	Suites   []parsedSuite `xml:"testsuite"`
}

type parsedSuite struct {
	Name       string `xml:"name,attr"`
	Tests      int    `xml:"tests,attr"`
	Failures   int    `xml:"failures,attr"`
	Errors     int    `xml:"errors,attr"`
	Skipped    int    `xml:"skipped,attr"`
	Time       string `xml:"time,attr"`
	Timestamp  string `xml:"timestamp,attr"`
	Properties []struct {
		Name  string `xml:"name,attr"`
		Value string `xml:"value,attr"`
	} `xml:"properties>property"`
	Cases []parsedCase `xml:"testcase"`
}

type parsedProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Body    string `xml:",chardata"`
}

type parsedCase struct {
	Name      string         `xml:"name,attr"`
	Classname string         `xml:"classname,attr"`
	Time      string         `xml:"time,attr"`
	Failure   *parsedProblem `xml:"failure"`
	Error     *parsedProblem `xml:"error"`
	Skipped   *struct {
		Message string `xml:"message,attr"`
	} `xml:"skipped"`
	SystemOut string `xml:"system-out"`
}

func (s parsedSuite) property(name string) string {
	for _, p := range s.Properties {
		if p.Name == name {
			return p.Value
		}
	}
	return "<missing>"
}

func writeAndParseJUnit(t *testing.T, run *Run) ([]byte, parsedSuites) {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteJUnit(&buf, run, "authspec"); err != nil {
		t.Fatal(err)
	}
	var doc parsedSuites
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("junit.xml does not parse: %v\n%s", err, buf.String())
	}
	return buf.Bytes(), doc
}

func TestJUnitStructure(t *testing.T) {
	_, doc := writeAndParseJUnit(t, sampleRun())

	if doc.Name != "authspec" || doc.Tests != 6 || doc.Failures != 1 || doc.Errors != 1 || doc.Skipped != 1 {
		t.Errorf("testsuites = name %q tests %d failures %d errors %d skipped %d, want authspec 6 1 1 1",
			doc.Name, doc.Tests, doc.Failures, doc.Errors, doc.Skipped)
	}
	if len(doc.Suites) != 3 {
		t.Fatalf("%d testsuites, want one per target (3)", len(doc.Suites))
	}
	wantSuites := []struct {
		name                             string
		tests, failures, errors, skipped int
		verdict, url, time               string
	}{
		{"reference", 5, 1, 0, 1, "fail", "http://127.0.0.1:1234", "2.000"},
		{"broken.example", 1, 0, 1, 0, "error", "http://user:xxxxx@127.0.0.1:5678/", "0.000"},
		{"empty", 0, 0, 0, 0, "pass", "http://127.0.0.1:9", "0.000"},
	}
	for i, w := range wantSuites {
		s := doc.Suites[i]
		if s.Name != w.name || s.Tests != w.tests || s.Failures != w.failures || s.Errors != w.errors || s.Skipped != w.skipped {
			t.Errorf("suite %d = %q %d/%d/%d/%d, want %q %d/%d/%d/%d", i, s.Name, s.Tests, s.Failures, s.Errors, s.Skipped,
				w.name, w.tests, w.failures, w.errors, w.skipped)
		}
		if len(s.Cases) != s.Tests {
			t.Errorf("suite %q: tests=%d but %d testcases", s.Name, s.Tests, len(s.Cases))
		}
		if got := s.property("verdict"); got != w.verdict {
			t.Errorf("suite %q verdict property = %q, want %q", s.Name, got, w.verdict)
		}
		if got := s.property("url"); got != w.url {
			t.Errorf("suite %q url property = %q, want %q", s.Name, got, w.url)
		}
		for _, p := range []string{"kind", "requests", "protocol"} {
			if s.property(p) == "<missing>" {
				t.Errorf("suite %q lacks property %q", s.Name, p)
			}
		}
		if s.Time != w.time {
			t.Errorf("suite %q time = %q, want %q", s.Name, s.Time, w.time)
		}
		if _, err := time.Parse(time.RFC3339, s.Timestamp); err != nil {
			t.Errorf("suite %q timestamp %q: %v", s.Name, s.Timestamp, err)
		}
	}
	if doc.Suites[0].Timestamp != "2026-03-01T12:00:00Z" {
		t.Errorf("timestamp = %q, want the target's start", doc.Suites[0].Timestamp)
	}
	if got := doc.Suites[0].property("requests"); got != "57" {
		t.Errorf("requests property = %q", got)
	}
	if got := doc.Suites[0].property("warnings"); got != "1" {
		t.Errorf("warnings property = %q, want the one warning of the sample", got)
	}

	classnames := map[string]string{}
	for _, s := range doc.Suites {
		names := map[string]bool{}
		for _, c := range s.Cases {
			if names[c.Name] {
				t.Errorf("suite %q: duplicate testcase name %q", s.Name, c.Name)
			}
			names[c.Name] = true
			if strings.Contains(c.Classname, ".") || c.Classname == "" {
				t.Errorf("suite %q: classname %q is empty or has a dot", s.Name, c.Classname)
			}
			if other, ok := classnames[c.Classname]; ok && other != s.Name {
				t.Errorf("classname %q used by suites %q and %q", c.Classname, other, s.Name)
			}
			classnames[c.Classname] = s.Name
			if !regexp.MustCompile(`^\d+\.\d{3}$`).MatchString(c.Time) {
				t.Errorf("testcase %q time = %q", c.Name, c.Time)
			}
		}
	}
	if got := doc.Suites[1].Cases[0].Classname; got != "authspec_broken_example" {
		t.Errorf("classname = %q, want authspec_broken_example", got)
	}

	cases := doc.Suites[0].Cases
	// One test case per rule, method and resource: the two results of
	// challenge-present share one.
	wantNames := []string{
		"rfc9110/challenge-present GET /admin",
		"rfc7617/basic-realm-required GET /admin",
		"rfc9110/repeat-challenge GET /admin",
		"rfc9110/diagnostic-body GET /admin",
		"rfc7616/digest-qop GET /admin",
	}
	for i, want := range wantNames {
		if cases[i].Name != want {
			t.Errorf("testcase %d name = %q, want %q", i, cases[i].Name, want)
		}
	}

	// pass: no failure, only the list of requests it was judged on
	if c := cases[0]; c.Failure != nil || c.Error != nil || c.Skipped != nil ||
		c.SystemOut != "judged on:\n  pass  unauthenticated\n  pass  unauthenticated\n" {
		t.Errorf("passing testcase = %+v", c)
	}
	// fail: <failure> with message, type and the full story
	f := cases[1].Failure
	if f == nil {
		t.Fatal("failing testcase has no <failure>")
	}
	if want := "rfc7617/basic-realm-required (RFC 9110 §11.6.1): fail message for rfc7617/basic-realm-required"; f.Message != want {
		t.Errorf("failure message = %q, want %q", f.Message, want)
	}
	if f.Type != "MUST" {
		t.Errorf("failure type = %q, want the level", f.Type)
	}
	for _, want := range []string{
		"rule:        rfc7617/basic-realm-required",
		"reference:   RFC 9110 §11.6.1",
		"level:       MUST",
		"requirement: A 401 response must carry a WWW-Authenticate challenge.",
		"resource:    GET /admin",
		"probe:       bad-credentials/basic",
		"seen:        fail message",
		"request:\nGET /admin HTTP/1.1\nHost: 127.0.0.1:8080",
		"response:\nHTTP/1.1 401 Unauthorized\n",
		"reproduce:\ncurl -i -u \"${USER}:${PASS}\" http://127.0.0.1:8080/admin",
	} {
		if !strings.Contains(f.Body, want) {
			t.Errorf("failure body lacks %q:\n%s", want, f.Body)
		}
	}
	if strings.Contains(f.Body, "\r") {
		t.Error("failure body keeps CRLF line ends")
	}
	// warn: passing, visible
	if c := cases[2]; c.Failure != nil || c.Error != nil || !strings.HasPrefix(c.SystemOut, "WARNING: rfc9110/repeat-challenge (RFC 9110 §15.5.2, §11.6.1): ") ||
		!strings.Contains(c.SystemOut, "curl -i") {
		t.Errorf("warning testcase = %+v", c)
	}
	// info: passing, visible
	if c := cases[3]; c.Failure != nil || !strings.HasPrefix(c.SystemOut, "INFO: rfc9110/diagnostic-body") {
		t.Errorf("info testcase = %+v", c)
	}
	// skip
	if c := cases[4]; c.Skipped == nil || c.Skipped.Message != "waived in targets.yaml" {
		t.Errorf("skipped testcase = %+v", c)
	}
	// error
	e := doc.Suites[1].Cases[0].Error
	if e == nil || e.Type != "error" || e.Message != "authspec/reachable: connection refused" {
		t.Errorf("error testcase = %+v", e)
	}
}

func TestJUnitDoesNotLeakURLPassword(t *testing.T) {
	out, _ := writeAndParseJUnit(t, sampleRun())
	if bytes.Contains(out, []byte("hunter2")) {
		t.Error("junit.xml contains the password from a target URL")
	}
}

func TestJUnitEmptyRun(t *testing.T) {
	_, doc := writeAndParseJUnit(t, &Run{Version: 1})
	if doc.Tests != 0 || len(doc.Suites) != 0 || doc.Time != "0.000" {
		t.Errorf("empty run = %+v", doc)
	}
	if err := WriteJUnit(&bytes.Buffer{}, nil, "x"); err == nil {
		t.Error("WriteJUnit(nil) returned no error")
	}
}

func TestJUnitHostileBytes(t *testing.T) {
	out, doc := writeAndParseJUnit(t, hostileRun())
	if bytes.Contains(out, []byte("</testcase><")) || bytes.Contains(out, []byte("]]>")) {
		t.Error("markup from the server reached the document unescaped")
	}
	for _, bad := range []string{"\x00", "\x1b", "\xff", "\x07", "\u009b", "\uFFFE"} {
		if bytes.Contains(out, []byte(bad)) {
			t.Errorf("junit.xml contains raw %q", bad)
		}
	}
	s := doc.Suites[0]
	if len(s.Cases) != 6 || s.Failures != 1 || s.Errors != 1 || s.Skipped != 1 {
		t.Fatalf("hostile suite = %d cases %d/%d/%d", len(s.Cases), s.Failures, s.Errors, s.Skipped)
	}
	if s.property("verdict") != "error" {
		t.Errorf("verdict property = %q, want error (the recorded verdict is garbage)", s.property("verdict"))
	}
	names := map[string]bool{}
	for _, c := range s.Cases {
		if names[c.Name] {
			t.Errorf("duplicate name %q", c.Name)
		}
		names[c.Name] = true
		if strings.Contains(c.Classname, ".") {
			t.Errorf("classname %q has a dot", c.Classname)
		}
	}
	// The escapes are visible in what a CI tool would show.
	f := s.Cases[1].Failure
	for _, want := range []string{`\x00\x1b]]></testcase><&"'`, `\xff\xfe`, `\xed\xa0\x80`, `\ufffe\uffff`, `\x1b]0;pwned\x07`} {
		if !strings.Contains(f.Body, want) || !strings.Contains(f.Message, want) {
			t.Errorf("failure lacks visible escape %q\nmessage: %q\nbody: %q", want, f.Message, f.Body)
		}
	}
}

func TestUniqueName(t *testing.T) {
	used := map[string]bool{}
	got := []string{uniqueName("a", used), uniqueName("a", used), uniqueName("a #2", used), uniqueName("a", used)}
	want := []string{"a", "a #2", "a #2 #2", "a #3"}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("uniqueName #%d = %q, want %q", i, got[i], want[i])
		}
	}
}

func TestUniqueClassname(t *testing.T) {
	used := map[string]bool{}
	tests := []struct{ in, want string }{
		{"reference", "authspec_reference"},
		{"api.example.com", "authspec_api_example_com"},
		{"api_example_com", "authspec_api_example_com_2"},
		{"Ünï code/x y", "authspec__n__code_x_y"},
		{"", "authspec_"},
	}
	for _, tt := range tests {
		if got := uniqueClassname(tt.in, used); got != tt.want {
			t.Errorf("uniqueClassname(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCaseName(t *testing.T) {
	tests := []struct {
		r    Result
		want string
	}{
		{Result{Check: "c", Probe: "p", Method: "GET", Resource: "/x"}, "c GET /x"},
		{Result{Check: "c", Probe: "p", Variant: "v", Method: "HEAD", Resource: "/x"}, "c HEAD /x"},
		{Result{Check: "c"}, "c"},
		{Result{}, "(unnamed)"},
	}
	for _, tt := range tests {
		if got := caseName(&tt.r); got != tt.want {
			t.Errorf("caseName(%+v) = %q, want %q", tt.r, got, tt.want)
		}
	}
}

func TestJUnitUnknownOutcomeIsAnError(t *testing.T) {
	run := &Run{Targets: []Target{{Name: "t", Results: []Result{{Check: "c", Outcome: "bogus", Message: "m"}}}}}
	_, doc := writeAndParseJUnit(t, run)
	s := doc.Suites[0]
	if s.Errors != 1 || s.Cases[0].Error == nil || !strings.Contains(s.Cases[0].Error.Message, `unknown outcome "bogus"`) {
		t.Errorf("unknown outcome rendered as %+v (errors=%d)", s.Cases[0], s.Errors)
	}
	if s.property("verdict") != "error" {
		t.Errorf("verdict = %q", s.property("verdict"))
	}
}

// People open junit.xml in an editor: evidence keeps its line breaks
// rather than turning into &#xA; soup.
func TestJUnitBodiesAreReadable(t *testing.T) {
	out, _ := writeAndParseJUnit(t, sampleRun())
	if !bytes.Contains(out, []byte("\nrequest:\nGET /admin HTTP/1.1\nHost: 127.0.0.1:8080\n")) {
		t.Errorf("evidence is not written line by line:\n%s", out)
	}
	if bytes.Contains(out, []byte("&#xA;")) {
		t.Error("element bodies hold &#xA;")
	}
}

// A rule judged on several requests of one resource is one test case: it
// fails when any request broke the rule, and its body names each one.
func TestJUnitAggregatesProbesOfOneRule(t *testing.T) {
	run := &Run{Version: 1, Targets: []Target{{Name: "api", URL: "http://127.0.0.1:1", Kind: "origin", Results: []Result{
		result("rfc9110/diagnostic-body", Pass, "unauthenticated", "no-credentials"),
		result("rfc9110/diagnostic-body", Fail, "repeated-challenge", "same-connection"),
		result("rfc9110/diagnostic-body", Fail, "repeated-challenge", "new-connection"),
		result("rfc9110/content-type", Warn, "unauthenticated", ""),
		result("rfc9110/content-type", Pass, "bad-credentials", "basic"),
	}}}}
	_, doc := writeAndParseJUnit(t, run)
	s := doc.Suites[0]
	if s.Tests != 2 || s.Failures != 1 || len(s.Cases) != 2 {
		t.Fatalf("suite = %d tests, %d failures, %d cases; want 2, 1, 2", s.Tests, s.Failures, len(s.Cases))
	}
	f := s.Cases[0].Failure
	if f == nil || !strings.HasSuffix(f.Message, "(and 1 more)") ||
		!strings.Contains(f.Body, "probe:       repeated-challenge/same-connection") ||
		!strings.Contains(f.Body, "probe:       repeated-challenge/new-connection") {
		t.Errorf("failure does not list both failed requests: %+v", f)
	}
	if out := s.Cases[0].SystemOut; !strings.Contains(out, "pass  unauthenticated/no-credentials") || !strings.Contains(out, "fail  repeated-challenge/new-connection") {
		t.Errorf("system-out does not say what the rule was judged on:\n%s", out)
	}
	if c := s.Cases[1]; c.Failure != nil || !strings.HasPrefix(c.SystemOut, "WARNING: rfc9110/content-type") {
		t.Errorf("a warning among passes must pass and show: %+v", c)
	}
}
