// Package junitread reads a junit.xml the way the CI readers people use
// do, so that tests can assert what a user of each would see, not what the
// file holds. Each reader follows the public source of the consumer it is
// named for, element by element, for the parts authspec's reports use:
//
//   - GitLab reads test reports with lib/gitlab/ci/parsers/test/junit.rb:
//     ActiveSupport's Hash.from_xml, then, per test case, the first of
//     failure, error, skipped that is present decides the status, and
//     that element's value is the text GitLab shows. Hash.from_xml makes an
//     element with non-blank text its text (typecast by a "type"
//     attribute it knows: a failure typed "integer" becomes a number) and
//     an element with attributes only a hash, which GitLab prints as Ruby
//     does: {"message"=>"..."}. system-out is read only for a failed case,
//     and only for an attachment tag; properties are ignored.
//   - Jenkins' JUnit plugin (hudson.tasks.junit.CaseResult) splits the
//     classname at its last dot into package and class ("(root)" without
//     one), shows a failure's message attribute as its "error details" and
//     the error's (else the failure's) text as its "stack trace", a
//     skipped case's message attribute (else its text), and keeps of a
//     passing case's system-out the first and last 500 characters.
package junitread

import (
	"encoding/xml"
	"fmt"
	"sort"
	"strings"
)

// The elements as the readers see them: attributes and text, generic.
type element struct {
	XMLName  xml.Name
	Attrs    []xml.Attr `xml:",any,attr"`
	Text     string     `xml:",chardata"`
	Children []element  `xml:",any"`
}

func (e *element) attr(name string) (string, bool) {
	for _, a := range e.Attrs {
		if a.Name.Local == name {
			return a.Value, true
		}
	}
	return "", false
}

func (e *element) child(name string) *element {
	for i := range e.Children {
		if e.Children[i].XMLName.Local == name {
			return &e.Children[i]
		}
	}
	return nil
}

// cases walks testsuites/testsuite*/testcase*, nested suites included.
func cases(doc []byte) ([]*element, []string, error) {
	var root element
	if err := unmarshal(doc, &root); err != nil {
		return nil, nil, err
	}
	var out []*element
	var suites []string
	var walk func(e *element)
	walk = func(e *element) {
		name, _ := e.attr("name")
		for i := range e.Children {
			c := &e.Children[i]
			switch c.XMLName.Local {
			case "testsuite":
				walk(c)
			case "testcase":
				out = append(out, c)
				suites = append(suites, name)
			}
		}
	}
	walk(&root)
	return out, suites, nil
}

// GitLabCase is a test case as GitLab's test report shows it.
type GitLabCase struct {
	Suite, Classname, Name, File string
	Status                       string // success, failed, error, skipped
	// SystemOutput is the text of the case's details: the failure, error
	// or skipped element's value, rendered as GitLab renders it.
	SystemOutput string
}

// rubyTypecasts are the "type" attribute values ActiveSupport's XML
// reader converts an element's text by (XmlMini::PARSING), and the ones it
// refuses outright (symbol, yaml): a failure typed so would not show as
// its text.
var rubyTypecasts = map[string]bool{
	"symbol": true, "date": true, "datetime": true, "dateTime": true, "integer": true, "float": true,
	"decimal": true, "boolean": true, "string": true, "base64Binary": true, "binary": true,
	"file": true, "yaml": true, "array": true, "hash": true,
}

// hashValue is what Hash.from_xml makes of an element with no child
// elements, as GitLab prints it.
func hashValue(e *element) (string, error) {
	typ, typed := e.attr("type")
	if typed && rubyTypecasts[typ] {
		return "", fmt.Errorf("type=%q: ActiveSupport would convert or refuse the text", typ)
	}
	if strings.TrimSpace(e.Text) != "" {
		return e.Text, nil
	}
	if len(e.Attrs) == 0 {
		return "", nil // nil in Ruby: GitLab shows nothing
	}
	attrs := make([]string, 0, len(e.Attrs))
	for _, a := range e.Attrs {
		attrs = append(attrs, fmt.Sprintf("%q=>%q", a.Name.Local, a.Value))
	}
	sort.Strings(attrs)
	return "{" + strings.Join(attrs, ", ") + "}", nil
}

// GitLab reads doc as GitLab's junit.rb does.
func GitLab(doc []byte) ([]GitLabCase, error) {
	cs, suites, err := cases(doc)
	if err != nil {
		return nil, err
	}
	out := make([]GitLabCase, 0, len(cs))
	for i, c := range cs {
		g := GitLabCase{Suite: suites[i], Status: "success"}
		g.Classname, _ = c.attr("classname")
		g.Name, _ = c.attr("name")
		g.File, _ = c.attr("file")
		for _, k := range []struct{ elem, status string }{{"failure", "failed"}, {"error", "error"}, {"skipped", "skipped"}} {
			if e := c.child(k.elem); e != nil {
				g.Status = k.status
				if g.SystemOutput, err = hashValue(e); err != nil {
					return nil, fmt.Errorf("%s: %v", g.Name, err)
				}
				break
			}
		}
		out = append(out, g)
	}
	return out, nil
}

// JenkinsCase is a test case as Jenkins' JUnit plugin shows it.
type JenkinsCase struct {
	Package, Class, Name string
	Failed, Skipped      bool
	ErrorDetails         string // the message attribute of error or failure
	StackTrace           string // the text of error, else of failure
	SkippedMessage       string
	Stdout               string // trimmed as Jenkins trims it
}

// halfMaxSize and halfMaxFailingSize are how much of each end of a case's
// output Jenkins keeps, passing and failing.
const (
	halfMaxSize        = 500
	halfMaxFailingSize = 50000
)

// Jenkins reads doc as the Jenkins JUnit plugin does.
func Jenkins(doc []byte) ([]JenkinsCase, error) {
	cs, _, err := cases(doc)
	if err != nil {
		return nil, err
	}
	out := make([]JenkinsCase, 0, len(cs))
	for _, c := range cs {
		var j JenkinsCase
		class, _ := c.attr("classname")
		j.Name, _ = c.attr("name")
		j.Package, j.Class = "(root)", class
		if i := strings.LastIndex(class, "."); i >= 0 {
			j.Package, j.Class = class[:i], class[i+1:]
		}
		problem := c.child("error")
		if problem == nil {
			problem = c.child("failure")
		}
		if problem != nil {
			j.Failed = true
			j.ErrorDetails, _ = problem.attr("message")
			j.StackTrace = problem.Text
		}
		if s := c.child("skipped"); s != nil {
			j.Skipped = true
			var ok bool
			if j.SkippedMessage, ok = s.attr("message"); !ok {
				j.SkippedMessage = s.Text
			}
		}
		if o := c.child("system-out"); o != nil {
			j.Stdout = trimStdio(o.Text, j.Failed)
		}
		out = append(out, j)
	}
	return out, nil
}

// trimStdio keeps the ends of s as Jenkins does (CaseResult's
// possiblyTrimStdio), counting UTF-16 units as Java does; authspec's
// output is mostly ASCII, where the two agree.
func trimStdio(s string, failed bool) string {
	half := halfMaxSize
	if failed {
		half = halfMaxFailingSize
	}
	r := []rune(s)
	middle := len(r) - 2*half
	if middle <= 0 {
		return s
	}
	return string(r[:half]) + fmt.Sprintf("\n...[truncated %d chars]...\n", middle) + string(r[len(r)-half:])
}

func unmarshal(doc []byte, root *element) error { return xml.Unmarshal(doc, root) }
