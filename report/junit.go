package report

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"
)

// WriteJUnit writes run to w as JUnit XML, the format Jenkins' JUnit
// plugin, GitLab and most CI systems read.
//
// Ginkgo's own JUnit reporter puts every spec in one testsuite and has no
// notion of a warning, so authspec writes its own:
//
//   - One <testsuite> per target, named for the target, with the target's
//     url, kind, verdict, requests and protocol as <properties>.
//   - One <testcase> per rule, method and resource, named "<check> <METHOD>
//     <path>": the same name from run to run, whatever probes and variants
//     the server's challenges called for, so CI history tracks it. It
//     stands for every result of that rule on that resource, one per probe
//     request; the body lists them. Its classname is "authspec_<target>",
//     with every character other than letters, digits, "-" and "_"
//     replaced by "_": CI tools key test cases on classname and name, and
//     Jenkins splits the classname on dots.
//   - A test case with a failed result is a <failure> (listing every failed
//     request, then any errors); else one with an error is an <error>; one
//     whose results were all skipped is <skipped>. Warnings and infos leave
//     it passing, with a <system-out> whose lines start "WARNING:" or
//     "INFO:", so they are visible without failing the build.
//
// Every string the server could have influenced is passed through xmlSafe,
// so the document is well-formed XML 1.0 whatever bytes the server sent.
// suiteName names the <testsuites> element.
func WriteJUnit(w io.Writer, run *Run, suiteName string) error {
	if run == nil {
		return errors.New("report: WriteJUnit: nil run")
	}
	doc := junitDocument(run, suiteName, time.Now())
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return fmt.Errorf("report: writing junit.xml: %w", err)
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("report: writing junit.xml: %w", err)
	}
	if _, err := io.WriteString(w, "\n"); err != nil {
		return fmt.Errorf("report: writing junit.xml: %w", err)
	}
	return nil
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
	Skipped   *junitSkipped `xml:"skipped"`
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

type junitSkipped struct {
	Message string `xml:"message,attr"`
}

type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
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
		suite, elapsed := junitSuiteFor(t, i, uniqueClassname(t.Name, classnames), now)
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

func junitSuiteFor(t *Target, id int, classname string, now time.Time) (junitSuite, time.Duration) {
	c := countOutcomes(t.Results)
	groups := groupResults(t.Results, func(*Result) bool { return true }, caseKey)
	started := t.Started
	if started.IsZero() {
		started = now
	}
	elapsed := t.Elapsed
	if elapsed <= 0 {
		for _, r := range t.Results {
			elapsed += max(r.Elapsed, 0)
		}
	}
	suite := junitSuite{
		Name:      xmlSafe(t.Name),
		Time:      seconds(elapsed),
		Timestamp: started.UTC().Format("2006-01-02T15:04:05Z"),
		ID:        id,
		Properties: []junitProperty{
			{Name: "url", Value: xmlSafe(redactURL(t.URL))},
			{Name: "kind", Value: xmlSafe(t.Kind)},
			{Name: "verdict", Value: t.effectiveVerdict()},
			{Name: "requests", Value: fmt.Sprint(t.Requests)},
			{Name: "protocol", Value: xmlSafe(t.Protocol)},
			// Warnings pass, so CI dashboards do not count them: say how many.
			{Name: "warnings", Value: fmt.Sprint(c.warn)},
		},
	}
	names := map[string]bool{}
	for _, g := range groups {
		tc := junitCaseFor(g, uniqueName(caseName(g[0]), names), classname)
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
	return suite, elapsed
}

// withOutcome returns the results of g whose outcome is in outcomes.
func withOutcome(g []*Result, outcomes ...Outcome) []*Result {
	var out []*Result
	for _, r := range g {
		for _, o := range outcomes {
			if r.Outcome == o {
				out = append(out, r)
				break
			}
		}
	}
	return out
}

// junitCaseFor renders one rule on one resource: the worst of its results
// decides the element, and the body shows every result that is not a pass.
func junitCaseFor(g []*Result, name, classname string) junitCase {
	var elapsed time.Duration
	for _, r := range g {
		elapsed += max(r.Elapsed, 0)
	}
	tc := junitCase{Name: name, Classname: classname, Time: seconds(elapsed)}
	failed := withOutcome(g, Fail)
	errored := withOutcome(g, Error)
	for _, r := range g {
		if !r.Outcome.known() {
			errored = append(errored, r) // Verdict counts an unknown outcome as an error too
		}
	}
	switch {
	case len(failed) > 0:
		tc.Failure = problem(append(failed, errored...), xmlSafe(failed[0].Level))
	case len(errored) > 0:
		tc.Error = problem(errored, "error")
	case len(withOutcome(g, Skip)) == len(g):
		reason := g[0].Message
		if reason == "" {
			reason = "skipped"
		}
		tc.Skipped = &junitSkipped{Message: xmlSafe(truncateRunes(reason, maxAttrRunes))}
	}
	if out := notes(g); out != "" {
		tc.SystemOut = &junitText{charData(out)}
	}
	return tc
}

// problem builds a <failure> or <error> from the results that caused it:
// the first one's headline as the message, every one's details as the body.
func problem(rs []*Result, typ string) *junitProblem {
	msg := headline(rs[0])
	if !rs[0].Outcome.known() {
		msg = fmt.Sprintf("unknown outcome %q: %s", rs[0].Outcome, msg)
	}
	if len(rs) > 1 {
		msg += fmt.Sprintf(" (and %d more)", len(rs)-1)
	}
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = details(r)
	}
	return &junitProblem{
		Message: xmlSafe(truncateRunes(msg, maxAttrRunes)),
		Type:    typ,
		Body:    charData(strings.Join(parts, "\n----\n\n")),
	}
}

// notes is the <system-out> of a test case: its warnings and infos in full,
// then one line per result saying which probe requests it judged.
func notes(g []*Result) string {
	var b strings.Builder
	for _, r := range g {
		switch r.Outcome {
		case Warn:
			b.WriteString("WARNING: " + headline(r) + "\n\n" + details(r) + "\n")
		case Info:
			b.WriteString("INFO: " + headline(r) + "\n\n" + details(r) + "\n")
		}
	}
	if len(g) > 1 || b.Len() > 0 {
		b.WriteString("judged on:\n")
		for _, r := range g {
			fmt.Fprintf(&b, "  %-5s %s\n", r.Outcome, r.ProbeName())
		}
	}
	return b.String()
}

// maxAttrRunes keeps message attributes to what a CI summary line can show;
// the whole text is in the element's body.
const maxAttrRunes = 500

// caseName is "<check> <METHOD> <path>", leaving out the parts a result
// does not have.
func caseName(r *Result) string {
	var parts []string
	for _, p := range []string{r.Check, r.Method, r.Resource} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	if len(parts) == 0 {
		return "(unnamed)"
	}
	return xmlSafe(strings.Join(parts, " "))
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

// uniqueClassname returns "authspec_<target>" with the target name reduced
// to letters, digits, "-" and "_", suffixed "_2", "_3"... should two targets
// reduce to the same name (say "api.example" and "api_example").
func uniqueClassname(target string, used map[string]bool) string {
	base := "authspec_" + strings.Map(func(r rune) rune {
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

// headline is "<check> (RFC x §y): <message>".
func headline(r *Result) string {
	var b strings.Builder
	b.WriteString(r.Check)
	if ref := r.Ref(); ref != "" {
		if b.Len() > 0 {
			b.WriteString(" ")
		}
		b.WriteString("(" + ref + ")")
	}
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	b.WriteString(r.Message)
	return b.String()
}

// details is the body of a failure, error or warning: the rule, what it
// demands, what was seen, and how to see it again.
func details(r *Result) string {
	var b strings.Builder
	field := func(label, value string) {
		if value != "" {
			fmt.Fprintf(&b, "%-13s%s\n", label+":", value)
		}
	}
	requirement := r.Requirement
	if requirement == "" {
		requirement = "(not recorded)"
	}
	field("rule", r.Check)
	field("reference", r.Ref())
	field("level", r.LevelText())
	field("requirement", requirement)
	field("resource", strings.TrimSpace(r.Method+" "+r.Resource))
	field("probe", r.ProbeName())
	field("seen", r.Message)
	if e := r.Evidence; e != nil {
		section := func(label, text string) {
			if text != "" {
				fmt.Fprintf(&b, "\n%s:\n%s\n", label, strings.TrimRight(unCRLF(text), "\n"))
			}
		}
		section("request", e.Request)
		section("response", e.Response)
		section("reproduce", e.Curl)
	}
	return b.String()
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
