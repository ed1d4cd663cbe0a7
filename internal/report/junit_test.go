package report

import (
	"bytes"
	"encoding/xml"
	"fmt"
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
	File      string         `xml:"file,attr"`
	Line      int            `xml:"line,attr"`
	Skipped   *parsedProblem `xml:"skipped"`
	SystemOut string         `xml:"system-out"`
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

// planRun is what a failing fixture run leaves: a target whose GET /admin
// lacks its challenge on three requests, answers without a Content-Type (a
// warning), and whose POST /admin could not be tested at all; every unit
// planned the same five rules.
func planRun() *Run {
	plan := []string{"rfc9110/challenge-present", "rfc9110/content-type", "rfc9110/diagnostic-body", "rfc9110/response-received", "rfc7617/basic-realm-required"}
	fail := func(probe, variant, msg string) Result {
		r := result("rfc9110/challenge-present", Fail, probe, variant)
		r.Section, r.Basis, r.Message = "15.5.2, 11.6.1", "mission", msg
		r.Requirement = "Every 401 response carries a WWW-Authenticate field with at least one challenge a client can parse."
		return r
	}
	warn := result("rfc9110/content-type", Warn, "unauthenticated", "")
	warn.Level, warn.Section, warn.Message = "SHOULD", "8.3", "401 response has no Content-Type"
	warn.Requirement = "The content of a 401/407 is labelled with a Content-Type that is a media type."
	pass := func(check string, n int) Result {
		return Result{Check: check, RFC: "RFC 9110", Level: "MUST", Outcome: Pass, Method: "GET", Resource: "/admin", Count: n}
	}
	errored := Result{Check: "rfc9110/response-received", RFC: "RFC 9110", Level: "MUST", Outcome: Error,
		Method: "POST", Resource: "/admin", Probe: "unauthenticated", Message: "target could not be tested (timeout): no answer within 10s"}
	return &Run{Version: 2, TargetsFile: "ci/targets.yaml", Targets: []Target{{
		Name: "api", URL: "http://127.0.0.1:8080", Kind: "origin", Requests: 9, Line: 3,
		Units: []Unit{
			{Method: "GET", Resource: "/admin", Order: 0, Line: 6, Rules: plan, Elapsed: 1234 * time.Millisecond},
			{Method: "POST", Resource: "/admin", Order: 1, Line: 6, Rules: plan, Elapsed: 10 * time.Second},
		},
		Results: []Result{
			fail("unauthenticated", "", "401 response has no WWW-Authenticate field"),
			fail("bad-credentials", "basic", "401 response has no WWW-Authenticate field"),
			fail("bad-credentials", "bearer", "401 response has an empty WWW-Authenticate field"),
			warn,
			pass("rfc9110/challenge-present", 3), pass("rfc9110/content-type", 5),
			pass("rfc9110/diagnostic-body", 6), pass("rfc9110/response-received", 6),
			errored,
		},
	}}}
}

func caseNamed(t *testing.T, s parsedSuite, name string) parsedCase {
	t.Helper()
	for _, c := range s.Cases {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("no test case %q", name)
	return parsedCase{}
}

// The test cases of a resource are its planned checks, whatever the
// server answered: the POST that could not be tested keeps all five, one
// an error and four skipped with the reason; the GET's Basic rule, which
// nothing called for, is skipped too.
func TestJUnitCasesComeFromThePlan(t *testing.T) {
	out, doc := writeAndParseJUnit(t, planRun())
	validateJUnit(t, xmllintPath(t), out)
	s := doc.Suites[0]
	if s.Tests != 10 || s.Failures != 1 || s.Errors != 1 || s.Skipped != 6 {
		t.Fatalf("suite = %d tests, %d failures, %d errors, %d skipped; want 10, 1, 1, 6 (5 skipped, 1 warning)", s.Tests, s.Failures, s.Errors, s.Skipped)
	}
	if got := s.property("checks"); got != "10 checks: 2 pass, 1 fail, 1 warn, 1 error, 5 skip" {
		t.Errorf("checks property = %q", got)
	}
	e := caseNamed(t, s, "rfc9110/response-received POST /admin")
	if e.Error == nil || !strings.HasPrefix(e.Error.Body, "ERROR rfc9110/response-received (RFC 9110; MUST) on POST /admin: target could not be tested (timeout)") {
		t.Errorf("error case = %+v", e)
	}
	k := caseNamed(t, s, "rfc9110/challenge-present POST /admin")
	if k.Skipped == nil || !strings.Contains(k.Skipped.Body, "not judged: the target could not be tested on this resource") || k.Skipped.Message != strings.TrimSuffix(k.Skipped.Body, "\n") {
		t.Errorf("a check the error kept from being judged = %+v", k.Skipped)
	}
	b := caseNamed(t, s, "rfc7617/basic-realm-required GET /admin")
	if b.Skipped == nil || !strings.Contains(b.Skipped.Body, "not judged: nothing in this resource's answers called for this rule (no Basic challenge") {
		t.Errorf("an unjudged scheme rule = %+v", b.Skipped)
	}
}

// A failure's text starts with the headline, shows the evidence once, and
// lists the other requests one short line each; the message attribute is
// the headline.
func TestJUnitFailureReadsHeadlineFirst(t *testing.T) {
	_, doc := writeAndParseJUnit(t, planRun())
	f := caseNamed(t, doc.Suites[0], "rfc9110/challenge-present GET /admin").Failure
	if f == nil {
		t.Fatal("no failure")
	}
	head := "FAIL rfc9110/challenge-present (RFC 9110 §15.5.2, §11.6.1; MUST, mission; severity high) on GET /admin: 401 response has no WWW-Authenticate field (3 of 6 requests) - fix: Every 401 response carries a WWW-Authenticate field"
	if !strings.HasPrefix(f.Body, head) || !strings.HasPrefix(f.Message, head) {
		t.Errorf("headline missing:\nmessage: %s\nbody: %s", f.Message, f.Body)
	}
	if first, _, _ := strings.Cut(f.Body, "\n"); first != f.Message {
		t.Errorf("message %q is not the first line of the text %q", f.Message, first)
	}
	if n := strings.Count(f.Body, "HTTP/1.1 401 Unauthorized"); n != 1 {
		t.Errorf("the evidence appears %d times, want once:\n%s", n, f.Body)
	}
	for _, want := range []string{"\nThe same on 2 other requests:\n  - bad-credentials/basic\n  - bad-credentials/bearer: 401 response has an empty WWW-Authenticate field\n", "\nreproduce:\ncurl -i"} {
		if !strings.Contains(f.Body, want) {
			t.Errorf("failure text lacks %q:\n%s", want, f.Body)
		}
	}
	if f.Type != "high" { // the severity of the rule, as dorny and mikepenz show it
		t.Errorf("failure type = %q", f.Type)
	}
}

// Case times are the resources' times shared among their checks (summed
// over a rule's checks, per rule): they add up to the suite's and the
// document's, each request counted once.
func TestJUnitDurationsAddUp(t *testing.T) {
	for _, run := range []*Run{planRun(), planRunPerRule()} {
		_, doc := writeAndParseJUnit(t, run)
		s := doc.Suites[0]
		var ms int64
		for _, c := range s.Cases {
			ms += millis(t, c.Time)
		}
		if ms != 11234 || millis(t, s.Time) != ms || millis(t, doc.Time) != ms {
			t.Errorf("%s: cases add up to %dms, suite %s, document %s; want 11.234 everywhere", s.property("test_cases"), ms, s.Time, doc.Time)
		}
	}
}

func millis(t *testing.T, s string) int64 {
	t.Helper()
	whole, frac, _ := strings.Cut(s, ".")
	var n int64
	for _, r := range whole + frac {
		if r < '0' || r > '9' {
			t.Fatalf("time %q is not decimal seconds", s)
		}
		n = n*10 + int64(r-'0')
	}
	if len(frac) != 3 {
		t.Fatalf("time %q has not three decimals", s)
	}
	return n
}

// Annotations land on the resource's line of the targets file, and the
// classname has a package part.
func TestJUnitPointsAtTheTargetsFile(t *testing.T) {
	_, doc := writeAndParseJUnit(t, planRun())
	for _, c := range doc.Suites[0].Cases {
		if c.File != "ci/targets.yaml" || c.Line != 6 || c.Classname != "authspec.api" {
			t.Errorf("%s: file %q line %d classname %q; want ci/targets.yaml, 6, authspec.api", c.Name, c.File, c.Line, c.Classname)
		}
	}
}

// merge must rebuild the same junit.xml from results.json: the plan and
// everything the cases show survive the round trip (times aside, which
// results.json does not hold).
func TestJUnitSurvivesResultsJSON(t *testing.T) {
	run := planRun()
	var js bytes.Buffer
	if err := WriteJSON(&js, run); err != nil {
		t.Fatal(err)
	}
	written := js.String()
	back, err := ReadJSON(&js)
	if err != nil {
		t.Fatal(err)
	}
	for i := range run.Targets[0].Units {
		run.Targets[0].Units[i].Elapsed = 0
	}
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	want, got := junitDocument(run, "authspec", now), junitDocument(back, "authspec", now)
	wantXML, _ := xml.Marshal(want)
	gotXML, _ := xml.Marshal(got)
	if !bytes.Equal(wantXML, gotXML) {
		t.Errorf("junit.xml differs after results.json:\nbefore: %s\nafter:  %s", wantXML, gotXML)
	}
	if !strings.Contains(written, `"rule_sets": [`) || strings.Count(written, `"rfc7617/basic-realm-required"`) != 1 {
		t.Errorf("results.json does not write the shared plan once:\n%s", written)
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
	validateJUnit(t, xmllintPath(t), out)
	if bytes.Contains(out, []byte("</testcase><")) || bytes.Contains(out, []byte("]]>")) {
		t.Error("markup from the server reached the document unescaped")
	}
	// Bidi overrides and zero-width characters reorder or hide text in a
	// CI page: escaped, as in every other report.
	for _, bad := range []string{"\x00", "\x1b", "\xff", "\x07", "\u009b", "\uFFFE", "\u202e", "\u200b", "\u200d", "\ufeff", "\u2060"} {
		if bytes.Contains(out, []byte(bad)) {
			t.Errorf("junit.xml contains raw %q", bad)
		}
	}
	s := doc.Suites[0]
	if len(s.Cases) != 6 || s.Failures != 1 || s.Errors != 1 || s.Skipped != 2 {
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
		if strings.Count(c.Classname, ".") != 1 {
			t.Errorf("classname %q is not authspec.<target>", c.Classname)
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
		{"reference", "authspec.reference"},
		{"api.example.com", "authspec.api_example_com"},
		{"api_example_com", "authspec.api_example_com_2"},
		{"Ünï code/x y", "authspec._n__code_x_y"},
		{"", "authspec."},
	}
	for _, tt := range tests {
		if got := uniqueClassname(tt.in, used); got != tt.want {
			t.Errorf("uniqueClassname(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCheckName(t *testing.T) {
	tests := []struct {
		c    Check
		want string
	}{
		{Check{Rule: "c", Method: "GET", Resource: "/x"}, "c GET /x"},
		{Check{Rule: "c"}, "c"},
	}
	for _, tt := range tests {
		if got := tt.c.Name(); got != tt.want {
			t.Errorf("Name(%+v) = %q, want %q", tt.c, got, tt.want)
		}
	}
}

func TestJUnitUnknownOutcomeIsAnError(t *testing.T) {
	run := &Run{Targets: []Target{{Name: "t", Results: []Result{{Check: "c", Outcome: "bogus", Message: "m"}}}}}
	_, doc := writeAndParseJUnit(t, run)
	s := doc.Suites[0]
	if s.Errors != 1 || s.Cases[0].Error == nil {
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

// WriteJUnit streams one testsuite at a time; what it writes is the whole
// document, byte for byte, as encoding it in one piece would be.
func TestJUnitStreamsTheWholeDocument(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	for name, run := range map[string]*Run{"sample": sampleRun(), "hostile": hostileRun(), "empty": {}} {
		var streamed, whole bytes.Buffer
		if err := writeJUnit(&streamed, run, "authspec", now); err != nil {
			t.Fatal(err)
		}
		whole.WriteString(xml.Header)
		enc := xml.NewEncoder(&whole)
		enc.Indent("", "  ")
		if err := enc.Encode(junitDocument(run, "authspec", now)); err != nil {
			t.Fatal(err)
		}
		whole.WriteString("\n")
		if streamed.String() != whole.String() {
			t.Errorf("%s: streamed junit.xml differs from the document encoded whole:\n%s\n---\n%s", name, streamed.String(), whole.String())
		}
	}
}

// Targets and their resources run concurrently: the case times CI
// readers add up (GitLab's and dorny's totals, mikepenz's) stay within
// the run's wall time, and the target's real time is a property.
func TestJUnitTimesStayWithinTheWallTime(t *testing.T) {
	start := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	mk := func(name string) Target {
		tg := Target{Name: name, URL: "http://127.0.0.1:1", Kind: "origin", Started: start, Elapsed: 12500 * time.Millisecond}
		for i := range 40 { // 40 resources of 10 s each, run 32 at a time
			path := fmt.Sprintf("/r/%d", i)
			tg.Units = append(tg.Units, Unit{Method: "GET", Resource: path, Order: i, Rules: []string{"rfc9110/challenge-present", "rfc9110/diagnostic-body"},
				Elapsed: 10 * time.Second})
			tg.Results = append(tg.Results, Result{Check: "rfc9110/challenge-present", RFC: "RFC 9110", Level: "MUST", Outcome: Pass, Method: "GET", Resource: path, Count: 1})
		}
		return tg
	}
	run := &Run{Version: 2, Targets: []Target{mk("a"), mk("b")}} // both at once: the run took 12.5 s
	_, doc := writeAndParseJUnit(t, run)
	var ms int64
	for _, s := range doc.Suites {
		for _, c := range s.Cases {
			ms += millis(t, c.Time)
		}
	}
	if ms > 12500 || millis(t, doc.Time) > 12500 {
		t.Errorf("the case times add up to %d ms and the document says %s: more than the run's 12.5 s", ms, doc.Time)
	}
	if ms < 12000 {
		t.Errorf("the case times add up to %d ms: most of the run's time is lost", ms)
	}
	if got := doc.Suites[0].property("elapsed"); !strings.HasPrefix(got, "12.500s; slowest GET /r/0 10.000s") {
		t.Errorf("elapsed property %q", got)
	}
}
