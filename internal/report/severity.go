package report

import (
	"sort"

	"github.com/authspec/authspec/internal/checks"
)

// Every view orders what broke the same way, worst first: by the
// severity of the rule (how much harm breaking it does), then failures
// before warnings before infos, then in the order of the targets file.
// A reader who stops after the first screen has seen the worst.

// severity is the severity of the finding's rule; an info (worth knowing,
// never a break) is informative whatever its rule.
func (f *finding) severity() checks.Severity {
	if f.outcome == Info {
		return checks.Informative
	}
	return f.first().SeverityOf()
}

// findingRank orders findings: severity first, then outcome.
func findingRank(f *finding) int {
	return f.severity().Rank()*8 + problemRank(f.outcome)
}

// problemRank orders the outcomes of what broke: fail, error, warn, info.
func problemRank(o Outcome) int {
	switch o {
	case Fail:
		return 0
	case Error:
		return 1
	case Warn:
		return 2
	case Info:
		return 3
	}
	return 4
}

// sortFindings orders fs worst first, keeping the order given among equals.
func sortFindings(fs []finding) {
	sort.SliceStable(fs, func(i, j int) bool { return findingRank(&fs[i]) < findingRank(&fs[j]) })
}

// runFindings returns the findings of every target of run, worst first.
func runFindings(run *Run) []finding {
	var out []finding
	for i := range run.Targets {
		out = append(out, findingsOf(&run.Targets[i])...)
		out = append(out, carriedOf(&run.Targets[i])...)
	}
	sortFindings(out)
	return out
}

// checkSeverity is the severity of a check's rule: from its results, else
// from the catalogue.
func checkSeverity(c *Check) checks.Severity {
	if len(c.Results) > 0 {
		return c.Results[0].SeverityOf()
	}
	if r := checks.Lookup(c.Rule); r != nil {
		return r.Severity
	}
	return checks.Informative
}

// securitySeverity is the CVSS-like score GitHub code scanning reads from
// a rule's "security-severity" property: above 9.0 it shows critical,
// 7.0 to 8.9 high, 4.0 to 6.9 medium, 0.1 to 3.9 low. An informative rule
// gets none: it is not a security finding.
func securitySeverity(s checks.Severity) string {
	switch s {
	case checks.Critical:
		return "9.5"
	case checks.High:
		return "8.0"
	case checks.Medium:
		return "5.5"
	case checks.Low:
		return "3.0"
	}
	return ""
}

// codeQualitySeverityOf maps a severity onto GitLab's five: an open
// endpoint blocks the merge, the others follow one step down.
func codeQualitySeverityOf(s checks.Severity) string {
	switch s {
	case checks.Critical:
		return "blocker"
	case checks.High:
		return "critical"
	case checks.Medium:
		return "major"
	case checks.Low:
		return "minor"
	}
	return "info"
}

// severityWord is a severity as the reports print it, upper case so it
// reads as a label: CRITICAL, HIGH, MEDIUM, LOW, INFO.
func severityWord(s checks.Severity) string {
	switch s {
	case checks.Critical:
		return "CRITICAL"
	case checks.High:
		return "HIGH"
	case checks.Medium:
		return "MEDIUM"
	case checks.Low:
		return "LOW"
	}
	return "INFO"
}

// checksHighRank is the rank of a high severity: where a target that
// could not be tested sorts among findings.
func checksHighRank() int { return checks.High.Rank() }
