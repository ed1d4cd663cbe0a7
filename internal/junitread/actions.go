package junitread

import (
	"strconv"
	"strings"
)

// The two JUnit readers GitHub Actions users reach for, followed from
// their source:
//
//   - mikepenz/action-junit-report, src/testParser.ts (parseSuite): a case
//     with <failure> or <error> and no <skipped> failed; one with
//     <skipped> is counted as skipped; the check's failed count is the
//     failure-level annotations, and passed = total - failed - skipped.
//     Every case becomes an annotation: "failure" for a failed one,
//     "notice" for the others, which are published only with
//     annotate_notice. Its message is the failure's (else the error's)
//     message attribute, else the first two lines of its text, else the
//     test's name; its path is the case's file attribute (else the last
//     dot-part of its classname), its line the line attribute. Its title
//     is check_title_template filled in, else "<file>.<suite>/<name>"
//     with suite_regex set (suite_regex "*" makes the suite the
//     testsuite's name), else "<file>.<name>".
//   - dorny/test-reporter, src/parsers/java-junit/java-junit-parser.ts: a
//     case with <failure> or <error> failed, one with <skipped> skipped;
//     a failed case shows the message attribute and the text; times are
//     the time attributes (the run's total, the <testsuites> one), in
//     milliseconds.

// MikepenzOptions are the inputs of action-junit-report that change what
// it shows.
type MikepenzOptions struct {
	SuiteRegex         string // suite_regex
	CheckTitleTemplate string // check_title_template
	AnnotateNotice     bool   // annotate_notice
}

// MikepenzAnnotation is one annotation action-junit-report makes.
type MikepenzAnnotation struct {
	Path          string
	Line          int
	Level, Status string // failure or notice; success, failure or skipped
	Title         string
	Message       string
	RawDetails    string
	// Published is whether the check run shows it: failures always,
	// notices with annotate_notice.
	Published bool
}

// MikepenzReport is the check run action-junit-report publishes.
type MikepenzReport struct {
	Total, Passed, Failed, Skipped int
	Annotations                    []MikepenzAnnotation
}

// Mikepenz reads doc as action-junit-report does.
func Mikepenz(doc []byte, opts MikepenzOptions) (MikepenzReport, error) {
	cs, suites, err := cases(doc)
	if err != nil {
		return MikepenzReport{}, err
	}
	var rep MikepenzReport
	for i, c := range cs {
		rep.Total++
		failure, errEl, skipped := c.child("failure"), c.child("error"), c.child("skipped")
		testFailure := failure != nil || errEl != nil
		failed := testFailure && skipped == nil
		if skipped != nil {
			rep.Skipped++
		}
		stack := ""
		switch {
		case failure != nil && strings.TrimSpace(failure.Text) != "":
			stack = failure.Text
		case errEl != nil:
			stack = errEl.Text
		}
		stack = strings.TrimSpace(stack)
		name, _ := c.attr("name")
		message := ""
		if failure != nil {
			message, _ = failure.attr("message")
		}
		if message == "" && errEl != nil {
			message, _ = errEl.attr("message")
		}
		if message == "" {
			message = strings.Join(firstLines(stack, 2), "\n")
		}
		if message == "" {
			message = name
		}
		file, _ := c.attr("file")
		if file == "" {
			class, _ := c.attr("classname")
			if class == "" {
				class = name
			}
			parts := strings.Split(class, ".")
			file = parts[len(parts)-1]
		}
		lineText, _ := c.attr("line")
		line, _ := strconv.Atoi(lineText)
		if line == 0 {
			line = 1
		}
		suite := ""
		if opts.SuiteRegex != "" {
			suite = suites[i] // "*" and any regex that matches nothing: the suite's name
		}
		var title string
		switch {
		case opts.CheckTitleTemplate != "":
			fileName := file
			if file == name {
				fileName = ""
			}
			title = strings.NewReplacer("{{FILE_NAME}}", fileName, "{{SUITE_NAME}}", suite, "{{TEST_NAME}}", name).Replace(opts.CheckTitleTemplate)
		case file != name && suite != "":
			title = file + "." + suite + "/" + name
		case file != name:
			title = file + "." + name
		case suite != "":
			title = suite + "/" + name
		default:
			title = name
		}
		a := MikepenzAnnotation{Path: file, Line: line, Title: title, Message: strings.TrimSpace(message), RawDetails: stack}
		switch {
		case failed:
			a.Level, a.Status, a.Published = "failure", "failure", true
			rep.Failed++
		case skipped != nil:
			a.Level, a.Status, a.Published = "notice", "skipped", opts.AnnotateNotice
		default:
			a.Level, a.Status, a.Published = "notice", "success", opts.AnnotateNotice
		}
		rep.Annotations = append(rep.Annotations, a)
	}
	rep.Passed = rep.Total - rep.Failed - rep.Skipped
	return rep, nil
}

func firstLines(s string, n int) []string {
	lines := strings.Split(s, "\n")
	return lines[:min(n, len(lines))]
}

// DornyCase is a test case as dorny/test-reporter shows it.
type DornyCase struct {
	Suite, Group, Name string
	Result             string // success, failed, skipped
	TimeMS             float64
	Message, Details   string // of a failed case
}

// DornyReport is what test-reporter shows of a file.
type DornyReport struct {
	Cases                   []DornyCase
	Passed, Failed, Skipped int
	// TimeMS is the run's time: the <testsuites> time attribute, else
	// the suites' times added up.
	TimeMS float64
}

// Dorny reads doc as test-reporter's java-junit parser does.
func Dorny(doc []byte) (DornyReport, error) {
	var root element
	if err := unmarshal(doc, &root); err != nil {
		return DornyReport{}, err
	}
	var rep DornyReport
	total, hasTotal := root.attr("time")
	var suitesMS float64
	for i := range root.Children {
		s := &root.Children[i]
		if s.XMLName.Local != "testsuite" {
			continue
		}
		sname, _ := s.attr("name")
		st, _ := s.attr("time")
		suitesMS += seconds(st)
		for j := range s.Children {
			c := &s.Children[j]
			if c.XMLName.Local != "testcase" {
				continue
			}
			dc := DornyCase{Suite: strings.TrimSpace(sname)}
			dc.Name, _ = c.attr("name")
			dc.Name = strings.TrimSpace(dc.Name)
			if class, _ := c.attr("classname"); class != sname {
				dc.Group = class
			}
			t, _ := c.attr("time")
			dc.TimeMS = seconds(t)
			failure := c.child("failure")
			if failure == nil {
				failure = c.child("error")
			}
			switch {
			case failure != nil:
				dc.Result = "failed"
				dc.Message, _ = failure.attr("message")
				dc.Details = failure.Text
				rep.Failed++
			case c.child("skipped") != nil:
				dc.Result = "skipped"
				rep.Skipped++
			default:
				dc.Result = "success"
				rep.Passed++
			}
			rep.Cases = append(rep.Cases, dc)
		}
	}
	rep.TimeMS = suitesMS
	if hasTotal {
		rep.TimeMS = seconds(total)
	}
	return rep, nil
}

// seconds is a time attribute in milliseconds, as parseFloat(x) * 1000.
func seconds(s string) float64 {
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		return 0
	}
	return f * 1000
}
