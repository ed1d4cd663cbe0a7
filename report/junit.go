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
//   - One <testcase> per result, named "<check> <probe>[/<variant>] <METHOD>
//     <path>", made unique within its suite with " #2", " #3" if needed.
//     Its classname is "authspec_<target>", with every character other than
//     letters, digits, "-" and "_" replaced by "_": CI tools key test cases
//     on classname and name, and Jenkins splits the classname on dots.
//   - fail is a <failure>, error an <error>, skip a <skipped>. warn and info
//     are passing test cases whose <system-out> starts with "WARNING:" or
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
		Tests:     c.total,
		Failures:  c.fail,
		Errors:    c.err,
		Skipped:   c.skip,
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
	for i := range t.Results {
		r := &t.Results[i]
		suite.Cases = append(suite.Cases, junitCaseFor(r, uniqueName(caseName(r), names), classname))
	}
	return suite, elapsed
}

func junitCaseFor(r *Result, name, classname string) junitCase {
	tc := junitCase{Name: name, Classname: classname, Time: seconds(r.Elapsed)}
	switch r.Outcome {
	case Pass:
	case Fail:
		tc.Failure = &junitProblem{
			Message: xmlSafe(truncateRunes(headline(r), maxAttrRunes)),
			Type:    xmlSafe(r.Level),
			Body:    charData(details(r)),
		}
	case Skip:
		reason := r.Message
		if reason == "" {
			reason = "skipped"
		}
		tc.Skipped = &junitSkipped{Message: xmlSafe(truncateRunes(reason, maxAttrRunes))}
	case Warn:
		tc.SystemOut = &junitText{charData("WARNING: " + headline(r) + "\n\n" + details(r))}
	case Info:
		tc.SystemOut = &junitText{charData("INFO: " + headline(r) + "\n\n" + details(r))}
	default: // Error, and any outcome nobody knows (Verdict counts it as error too)
		msg := headline(r)
		if !r.Outcome.known() {
			msg = fmt.Sprintf("unknown outcome %q: %s", r.Outcome, msg)
		}
		tc.Error = &junitProblem{
			Message: xmlSafe(truncateRunes(msg, maxAttrRunes)),
			Type:    "error",
			Body:    charData(details(r)),
		}
	}
	return tc
}

// maxAttrRunes keeps message attributes to what a CI summary line can show;
// the whole text is in the element's body.
const maxAttrRunes = 500

// caseName is "<check> <probe>[/<variant>] <METHOD> <path>", leaving out
// the parts a result does not have.
func caseName(r *Result) string {
	probe := r.Probe
	if r.Variant != "" {
		probe += "/" + r.Variant
	}
	var parts []string
	for _, p := range []string{r.Check, probe, r.Method, r.Resource} {
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
	if ref := reference(r); ref != "" {
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

// reference cites a result's rule like checks.Rule.Ref does: "RFC 9110
// §11.6.1", each of several sections with its own sign.
func reference(r *Result) string {
	if r.Section == "" {
		return r.RFC
	}
	sections := "§" + strings.ReplaceAll(r.Section, ", ", ", §")
	if r.RFC == "" {
		return sections
	}
	return r.RFC + " " + sections
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
	probe := r.Probe
	if r.Variant != "" {
		probe += "/" + r.Variant
	}
	field("rule", r.Check)
	field("reference", reference(r))
	field("level", r.Level)
	field("requirement", requirement)
	field("resource", strings.TrimSpace(r.Method+" "+r.Resource))
	field("probe", probe)
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
