package report

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// WriteCodeQuality writes codequality.json: the run's findings in GitLab's
// Code Quality format (a subset of Code Climate's), so merge requests show
// them, on the lines of the targets file, as new or fixed against the
// target branch.
//
// It is a JSON array with one issue per rule, method and resource, worst
// first, each with a description, the rule ID as check_name, a
// fingerprint that stays the same from run to run while the same rule
// breaks on the same method and resource of the same target (sha256 of
// the four), a severity, and the location SARIF gives: the targets file
// as given to authspec run (a relative path, without "./") at the
// resource's line, else the target's, else line 1.
//
// Severities follow the rule's (checks.Severity): critical (an open
// endpoint) is GitLab's "blocker", high "critical", medium "major", low
// "minor"; an info is "info". A target that could not be tested gets one
// issue of check NotTestedRule ("critical"), with a fingerprint of its
// name alone, and the findings the previous run had there when they were
// carried forward (CarryForward): GitLab compares fingerprints with the
// target branch's, and a finding that vanished because its target was
// down must not read as fixed.
func WriteCodeQuality(w io.Writer, run *Run) error {
	if run == nil {
		return errors.New("report: WriteCodeQuality: nil run")
	}
	if err := json.NewEncoder(w).Encode(codeQualityOf(run)); err != nil {
		return fmt.Errorf("report: writing %s: %w", CodeQualityFile, err)
	}
	return nil
}

type cqIssue struct {
	Type        string     `json:"type"`
	CheckName   string     `json:"check_name"`
	Description string     `json:"description"`
	Fingerprint string     `json:"fingerprint"`
	Severity    string     `json:"severity"`
	Location    cqLocation `json:"location"`
}

type cqLocation struct {
	Path  string  `json:"path"`
	Lines cqLines `json:"lines"`
}

type cqLines struct {
	Begin int `json:"begin"`
}

func codeQualityOf(run *Run) []cqIssue {
	path := targetsPath(run)
	issues := []cqIssue{}
	for i := range run.Targets {
		t := &run.Targets[i]
		if text, ok := notTested(t); ok {
			issues = append(issues, cqIssue{
				Type: "issue", CheckName: NotTestedRule, Description: terminalSafe(text),
				Fingerprint: fingerprint(NotTestedRule, t.Name, "", ""), Severity: "critical",
				Location: cqLocation{Path: path, Lines: cqLines{Begin: max(t.Line, 1)}},
			})
		}
	}
	for _, f := range runFindings(run) {
		r := f.first()
		issues = append(issues, cqIssue{
			Type:        "issue",
			CheckName:   terminalSafe(r.Check),
			Description: codeQualityText(&f),
			Fingerprint: fingerprint(r.Check, f.target.Name, r.Method, r.Resource),
			Severity:    codeQualitySeverity(&f),
			Location:    cqLocation{Path: path, Lines: cqLines{Begin: max(f.line, 1)}},
		})
	}
	return issues
}

// codeQualitySeverity maps a finding onto GitLab's five severities (see
// WriteCodeQuality); an info finding is informative (finding.severity),
// which GitLab reads as "info".
func codeQualitySeverity(f *finding) string {
	return codeQualitySeverityOf(f.severity())
}

// codeQualityText is the finding on one line, as GitLab lists it in a
// merge request: "<target> GET /admin: <what was seen> [RFC 9110 §11.6.1,
// MUST] (and 3 more requests)".
func codeQualityText(f *finding) string {
	r := f.first()
	var b strings.Builder
	if f.carried {
		b.WriteString("not re-tested (could not be tested in this run), as the previous run found it: ")
	}
	fmt.Fprintf(&b, "%s %s: %s", f.target.Name, strings.TrimSpace(r.Method+" "+r.Resource), truncateRunes(stableText(r.Message), maxMessageRunes))
	if ref := r.Ref(); ref != "" {
		fmt.Fprintf(&b, " [%s, %s; severity %s]", ref, r.LevelText(), f.severity())
	}
	if len(f.results) > 1 {
		fmt.Fprintf(&b, " (and %s)", plural(len(f.results)-1, "more request"))
	}
	return terminalSafe(b.String())
}
