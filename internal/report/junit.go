package report

import (
	"bufio"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"

	"github.com/authspec/authspec/internal/checks"
)

// WriteJUnit writes run to w as JUnit XML, the format Jenkins' JUnit
// plugin, GitLab, GitHub actions and most CI systems read.
//
// Ginkgo's own JUnit reporter puts every spec in one testsuite and has no
// notion of a warning, so authspec writes its own, shaped by how the
// readers people use treat each element (README: "junit.xml in CI"):
//
//   - One <testsuite> per target, named for the target, with the target's
//     url, kind, verdict, requests, protocol and warnings as <properties>.
//     Its time is the sum of its test cases' times.
//   - One <testcase> per check (Target.Checks): a rule on a method of a
//     resource, named "<rule> <METHOD> <path>", the same from run to run
//     whatever the server answered, so CI history tracks it. A target
//     with many checks gets one per rule instead (see JUnitAuto). Its classname
//     is "authspec.<target>" (Jenkins files it under package "authspec",
//     class "<target>"); file and line point at the resource's line in the
//     targets file, where annotations land. Its time is its share of the
//     resource's time, so no request is counted twice.
//   - A failed check is a <failure> whose type is the severity of its
//     rule (critical, high, medium, low, info: never a name GitLab's XML
//     reader would take as a type to convert the text to), one that could not be judged an
//     <error>, a warning or a skipped check a <skipped>; an info passes
//     with a one-line <system-out>. The text of each element starts with
//     the headline (rule, RFC section, level, what was seen, how to fix
//     it), then the evidence once, then the other requests that broke the
//     rule the same way, one short line each. GitLab shows only the text,
//     Jenkins the message attribute first: both start with the headline.
//
// Every string the server could have influenced is passed through xmlSafe,
// so the document is well-formed XML 1.0 whatever bytes the server sent.
// suiteName names the <testsuites> element.
func WriteJUnit(w io.Writer, run *Run, suiteName string) error {
	if run == nil {
		return errors.New("report: WriteJUnit: nil run")
	}
	if err := writeJUnit(w, run, suiteName, time.Now()); err != nil {
		return fmt.Errorf("report: writing junit.xml: %w", err)
	}
	return nil
}

// writeJUnit streams the document one testsuite at a time, so a run of
// thousands of resources never holds the whole of it in memory. The
// totals on <testsuites> come first in the file, so they are counted in a
// pass of their own.
func writeJUnit(w io.Writer, run *Run, suiteName string, now time.Time) error {
	defer run.HoldChecks()() // one computation of the checks, with the case times settled
	doc := junitTotals(run, suiteName)
	bw := bufio.NewWriter(w)
	if _, err := io.WriteString(bw, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(bw)
	enc.Indent("", "  ")
	start := xml.StartElement{Name: xml.Name{Local: "testsuites"}, Attr: []xml.Attr{
		{Name: xml.Name{Local: "name"}, Value: doc.Name},
		{Name: xml.Name{Local: "tests"}, Value: fmt.Sprint(doc.Tests)},
		{Name: xml.Name{Local: "failures"}, Value: fmt.Sprint(doc.Failures)},
		{Name: xml.Name{Local: "errors"}, Value: fmt.Sprint(doc.Errors)},
		{Name: xml.Name{Local: "skipped"}, Value: fmt.Sprint(doc.Skipped)},
		{Name: xml.Name{Local: "time"}, Value: doc.Time},
	}}
	if err := enc.EncodeToken(start); err != nil {
		return err
	}
	classnames := map[string]bool{}
	for i := range run.Targets {
		t := &run.Targets[i]
		suite, _ := junitSuiteFor(t, i, uniqueClassname(t.Name, classnames), run.TargetsFile, run.JUnitCases, now)
		suite.Properties = append(suite.Properties, runProperties(run, t)...)
		if err := enc.EncodeElement(suite, xml.StartElement{Name: xml.Name{Local: "testsuite"}}); err != nil {
			return err
		}
	}
	if err := enc.EncodeToken(start.End()); err != nil {
		return err
	}
	if err := enc.Flush(); err != nil {
		return err
	}
	if _, err := io.WriteString(bw, "\n"); err != nil {
		return err
	}
	return bw.Flush()
}

// junitTotals counts the test cases of every target for <testsuites>.
func junitTotals(run *Run, suiteName string) *junitSuites {
	doc := &junitSuites{Name: xmlSafe(suiteName)}
	var total time.Duration
	count := func(o Outcome, elapsed time.Duration) {
		doc.Tests++
		switch junitKind(o) {
		case "failure":
			doc.Failures++
		case "error":
			doc.Errors++
		case "skipped":
			doc.Skipped++
		}
		total += elapsed
	}
	for i := range run.Targets {
		t := &run.Targets[i]
		cs := t.Checks()
		switch t.casesOf(run.JUnitCases) {
		case JUnitRule:
			for _, rc := range ruleCases(cs) {
				count(rc.outcome, rc.elapsed)
			}
		case junitMixed:
			front, rest := splitChecks(cs, AutoRuleCasesAbove)
			for _, c := range front {
				count(c.Outcome, c.Elapsed)
			}
			for _, rc := range ruleCasesOf(rest) {
				count(rc.outcome, rc.elapsed)
			}
		default:
			for j := range cs {
				count(cs[j].Outcome, cs[j].Elapsed)
			}
		}
	}
	doc.Time = seconds(total)
	return doc
}

// junitKind names the element a test case of outcome o has, if any.
func junitKind(o Outcome) string {
	switch o {
	case Fail:
		return "failure"
	case Error:
		return "error"
	case Warn, Skip:
		return "skipped"
	}
	return ""
}

// The junit* types mirror the elements of the JUnit format; field order is
// element order, which the schema (testdata/junit.xsd) fixes.

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string          `xml:"name,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
	Skipped    int             `xml:"skipped,attr"`
	Time       string          `xml:"time,attr"`
	Timestamp  string          `xml:"timestamp,attr"`
	ID         int             `xml:"id,attr"`
	Properties []junitProperty `xml:"properties>property"`
	Cases      []junitCase     `xml:"testcase"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	File      string        `xml:"file,attr,omitempty"`
	Line      int           `xml:"line,attr,omitempty"`
	Skipped   *junitProblem `xml:"skipped"`
	Error     *junitProblem `xml:"error"`
	Failure   *junitProblem `xml:"failure"`
	SystemOut *junitText    `xml:"system-out"`
}

// junitText is element content written by charData rather than by
// encoding/xml, which would write every newline as &#xA; and leave the
// file unreadable to the people who open it.
type junitText struct {
	Text string `xml:",innerxml"`
}

// junitProblem is a <failure>, <error> or <skipped>: the headline in the
// message attribute and at the start of the text.
type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr,omitempty"`
	Body    string `xml:",innerxml"`
}

// junitDocument builds the document; now stands in for a target's start
// time when none was recorded.
func junitDocument(run *Run, suiteName string, now time.Time) *junitSuites {
	doc := &junitSuites{Name: xmlSafe(suiteName)}
	classnames := map[string]bool{}
	var total time.Duration
	for i := range run.Targets {
		t := &run.Targets[i]
		suite, elapsed := junitSuiteFor(t, i, uniqueClassname(t.Name, classnames), run.TargetsFile, run.JUnitCases, now)
		suite.Properties = append(suite.Properties, runProperties(run, t)...)
		doc.Tests += suite.Tests
		doc.Failures += suite.Failures
		doc.Errors += suite.Errors
		doc.Skipped += suite.Skipped
		total += elapsed
		doc.Suites = append(doc.Suites, suite)
	}
	doc.Time = seconds(total)
	return doc
}

// junitSuiteFor renders target t, number id, its test cases at the grain
// cases asks for (see JUnitAuto).
func junitSuiteFor(t *Target, id int, classname, file, cases string, now time.Time) (junitSuite, time.Duration) {
	cs := t.Checks()
	grain := t.casesOf(cases)
	tally := TallyChecks(cs)
	started := t.Started
	if started.IsZero() {
		started = now
	}
	suite := junitSuite{
		Name:      xmlSafe(t.Name),
		Timestamp: started.UTC().Format("2006-01-02T15:04:05Z"),
		ID:        id,
		Properties: []junitProperty{
			{Name: "url", Value: xmlSafe(redactURL(t.URL))},
			{Name: "kind", Value: xmlSafe(t.Kind)},
			{Name: "verdict", Value: t.effectiveVerdict()},
			{Name: "requests", Value: fmt.Sprint(t.Requests)},
			{Name: "protocol", Value: xmlSafe(t.Protocol)},
			// Warnings are <skipped> test cases: say how many of the
			// skipped are warnings, and the counts as the terminal has them.
			{Name: "warnings", Value: fmt.Sprint(tally.Warn)},
			{Name: "checks", Value: tally.String()},
			// Where the time went: the target's real wall time and its
			// slowest resources. The case times are shares of it.
			{Name: "elapsed", Value: timingText(t)},
			// What a test case is here: a check, or a rule on all of them.
			{Name: "test_cases", Value: grainText(grain)},
		},
	}
	var elapsed time.Duration
	names := map[string]bool{}
	add := func(tc junitCase) {
		suite.Tests++
		switch {
		case tc.Failure != nil:
			suite.Failures++
		case tc.Error != nil:
			suite.Errors++
		case tc.Skipped != nil:
			suite.Skipped++
		}
		suite.Cases = append(suite.Cases, tc)
	}
	switch grain {
	case JUnitRule:
		rcs := ruleCases(cs)
		for i := range rcs {
			add(junitRuleCase(&rcs[i], uniqueName(xmlSafe(rcs[i].rule), names), classname, file, t.Line))
			elapsed += rcs[i].elapsed
		}
	case junitMixed:
		front, rest := splitChecks(cs, AutoRuleCasesAbove)
		for _, c := range front {
			add(junitCaseFor(c, uniqueName(xmlSafe(c.Name()), names), classname, file))
			elapsed += c.Elapsed
		}
		rcs := ruleCasesOf(rest)
		for i := range rcs {
			add(junitRuleCase(&rcs[i], uniqueName(xmlSafe(rcs[i].rule+otherResources), names), classname, file, t.Line))
			elapsed += rcs[i].elapsed
		}
	default:
		for i := range cs {
			c := &cs[i]
			add(junitCaseFor(c, uniqueName(xmlSafe(c.Name()), names), classname, file))
			elapsed += c.Elapsed
		}
	}
	suite.Time = seconds(elapsed)
	return suite, elapsed
}

// junitCaseFor renders one check.
func junitCaseFor(c *Check, name, classname, file string) junitCase {
	tc := junitCase{Name: name, Classname: classname, Time: seconds(c.Elapsed), File: xmlSafe(file), Line: c.Line}
	if file == "" {
		tc.Line = 0
	}
	switch c.Outcome {
	case Fail:
		tc.Failure = problemOf(c, string(checkSeverity(c)))
	case Error:
		tc.Error = problemOf(c, "error")
	case Warn, Skip:
		tc.Skipped = problemOf(c, "")
	case Info:
		tc.SystemOut = &junitText{charData(truncateRunes(Headline(c), maxStdoutRunes) + "\n")}
	}
	return tc
}

// problemOf is the element of a check that did not pass: the headline as
// its message (shortened) and as the first line of its text.
func problemOf(c *Check, typ string) *junitProblem {
	head := Headline(c)
	return &junitProblem{
		Message: xmlSafe(truncateRunes(head, maxAttrRunes)),
		Type:    typ,
		Body:    charData(Details(c)),
	}
}

// Limits on what goes where a reader shows it whole: message attributes
// are what a CI summary line shows (the text has it all), a note in
// <system-out> stays under the 1,000 characters Jenkins keeps of a passing
// case's output.
const (
	maxAttrRunes   = 500
	maxStdoutRunes = 900
	maxOtherRunes  = 160
)

// Headline is the one line that says everything about a check: outcome,
// rule, reference and level, resource, what was seen (on how many of the
// requests that judged it), and how to fix it: "FAIL
// rfc9110/challenge-present (RFC 9110 §15.5.2, §11.6.1; MUST, mission) on
// GET /admin: 401 response has no WWW-Authenticate field (3 of 6 requests)
// - fix: Every 401 response carries ...".
func Headline(c *Check) string {
	return headline(c, c.Where())
}

// Where is "<METHOD> <path>", the check's place; empty for a note about
// the configuration.
func (c *Check) Where() string {
	return strings.Join(nonEmpty(c.Method, c.Resource), " ")
}

// headline is Headline with where in place of the check's own place.
func headline(c *Check, where string) string {
	var b strings.Builder
	b.WriteString(strings.ToUpper(string(c.Outcome)))
	b.WriteString(" " + c.Rule)
	ref := ruleRef(c)
	if c.Outcome == Fail || c.Outcome == Warn {
		ref = strings.Join(nonEmpty(ref, "severity "+string(checkSeverity(c))), "; ")
	}
	if ref != "" {
		b.WriteString(" (" + ref + ")")
	}
	if where != "" {
		b.WriteString(" on " + where)
	}
	b.WriteString(": ")
	worst := c.With(c.Outcome)
	switch {
	case len(worst) == 0 && c.Outcome == Skip:
		b.WriteString(c.Reason)
	case len(worst) == 0:
		b.WriteString("held")
	default:
		b.WriteString(oneLine(worst[0].Message))
	}
	b.WriteString(requestsNote(c))
	if fix := requirementOf(c); fix != "" && (c.Outcome == Fail || c.Outcome == Warn) {
		b.WriteString(" - fix: " + fix)
	}
	return b.String()
}

// requestCount is " (3 of 12 requests)": on how many of the requests
// that judged the check it was seen; or " (12 planned, 5 sent)" when the
// target was sent fewer requests than the check has judgments, which then
// were planned rather than sent.
func requestCount(c *Check, n, of int) string {
	if of > c.Sent {
		return fmt.Sprintf(" (%d planned, %d sent)", of, c.Sent)
	}
	return fmt.Sprintf(" (%d of %d requests)", n, of)
}

// ruleRef is "RFC 9110 §11.6.1; MUST, mission": the reference and level of
// the check's rule, from its results or, for a check not judged, from the
// catalogue.
func ruleRef(c *Check) string {
	var ref, level string
	if len(c.Results) > 0 {
		r := c.Results[0]
		ref, level = r.Ref(), r.LevelText()
	} else if r := checks.Lookup(c.Rule); r != nil {
		ref, level = r.Ref(), string(r.Level)
	}
	return strings.Join(nonEmpty(ref, level), "; ")
}

// requirementOf is the rule's requirement: what to make true.
func requirementOf(c *Check) string {
	for _, r := range c.Results {
		if r.Requirement != "" {
			return oneLine(r.Requirement)
		}
	}
	if r := checks.Lookup(c.Rule); r != nil {
		return r.Requirement
	}
	return ""
}

// Details is the text of a check's JUnit element: the headline, the
// evidence of the first request that gave the check its outcome, then
// every other such request one short line each, then the requests the
// rule could not be judged on.
func Details(c *Check) string {
	var b strings.Builder
	b.WriteString(Headline(c) + "\n")
	worst := c.With(c.Outcome)
	if len(worst) == 0 {
		return b.String()
	}
	first := worst[0]
	if first.Probe != "" {
		fmt.Fprintf(&b, "\nprobe: %s\n", first.ProbeName())
	}
	if e := first.Evidence; e != nil {
		section := func(label, text string) {
			if text != "" {
				fmt.Fprintf(&b, "\n%s:\n%s\n", label, strings.TrimRight(unCRLF(text), "\n"))
			}
		}
		section("request", e.Request)
		section("response", e.Response)
		section("reproduce", e.Curl)
		section("discovery chain", chainText(e))
	}
	others(&b, worst[1:], first.Message, fmt.Sprintf("\nThe same on %s:\n", plural(len(worst)-1, "other request")))
	if c.Outcome == Fail {
		errs := c.With(Error)
		others(&b, errs, "", fmt.Sprintf("\nNot judged on %s (could not be tested):\n", plural(len(errs), "request")))
	}
	return b.String()
}

// others lists results one short line each under title: the probe, and
// the message unless it is same.
func others(b *strings.Builder, rs []*Result, same, title string) {
	if len(rs) == 0 {
		return
	}
	b.WriteString(title)
	for _, r := range rs {
		line := "  - " + r.ProbeName()
		if r.Message != same {
			line += ": " + truncateRunes(oneLine(r.Message), maxOtherRunes)
		}
		b.WriteString(line + "\n")
	}
}

// oneLine folds line breaks into spaces: a headline is one line.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// uniqueName returns name, or name with " #2", " #3"... appended if used
// already holds it, and records the result in used.
func uniqueName(name string, used map[string]bool) string {
	candidate := name
	for n := 2; used[candidate]; n++ {
		candidate = fmt.Sprintf("%s #%d", name, n)
	}
	used[candidate] = true
	return candidate
}

// uniqueClassname returns "authspec.<target>" with the target name reduced
// to letters, digits, "-" and "_" (a dot would make Jenkins file it under
// another package), suffixed "_2", "_3"... should two targets reduce to
// the same name (say "api.example" and "api_example").
func uniqueClassname(target string, used map[string]bool) string {
	base := "authspec." + strings.Map(func(r rune) rune {
		if r == '-' || r == '_' || (r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r))) {
			return r
		}
		return '_'
	}, target)
	candidate := base
	for n := 2; used[candidate]; n++ {
		candidate = fmt.Sprintf("%s_%d", base, n)
	}
	used[candidate] = true
	return candidate
}

// unCRLF turns CRLF line ends into LF: XML would carry each CR as &#xD;,
// which helps nobody reading a CI page. A lone CR stays.
func unCRLF(s string) string {
	return strings.ReplaceAll(s, "\r\n", "\n")
}

// charData returns s as XML character data, ready to be written verbatim:
// first made of XML characters only (xmlSafe), then with the three
// characters that could start or end markup escaped. Carriage returns are
// written as &#xD; because a parser turns a literal one into a newline.
// Quotes need no escape outside attributes.
func charData(s string) string {
	return charDataEscaper.Replace(xmlSafe(s))
}

var charDataEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "\r", "&#xD;")

// seconds formats d the way JUnit readers parse time: decimal seconds.
func seconds(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	return fmt.Sprintf("%.3f", d.Seconds())
}
