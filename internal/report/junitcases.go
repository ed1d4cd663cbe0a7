package report

import (
	"fmt"
	"strings"
	"time"
)

// The test cases junit.xml has for a target: one per check, or one per
// rule. Run.JUnitCases holds the choice; empty is JUnitAuto.
//
// One test case per check ("<rule> <METHOD> <path>") gives CI a history
// per resource, and an annotation on each resource's line. It is the
// right grain for an API of a few dozen resources, and the wrong one for
// a fleet: at 1,000 resources it is 57,000 test cases and over 10 MB of
// XML, which CI test views page through slowly or refuse. One test case
// per rule of a target ("<rule>") keeps a history per requirement, lists
// in a failure every check that broke the rule, and stays at about 60
// test cases a target whatever its size.
const (
	// JUnitAuto writes a target's test cases per check for its first
	// resources, in the order of the targets file, as long as they plan
	// at most AutoRuleCasesAbove checks in all, and one test case per rule
	// for the resources after them ("<rule> on the other resources"). The
	// plan comes from the configuration and the catalogue, so a given
	// targets.yaml always gets the same test cases, and a targets file
	// that grows at its end keeps the names of every test case it had:
	// CI history does not start again when a target passes the limit.
	JUnitAuto  = "auto"
	JUnitCheck = "check"
	JUnitRule  = "rule"
	// junitMixed is the grain JUnitAuto gives a target past the limit:
	// per check, then per rule.
	junitMixed = "mixed"
)

// otherResources ends the name of a per-rule test case of JUnitAuto: it
// stands for the resources past the first AutoRuleCasesAbove checks.
const otherResources = " on the other resources"

// AutoRuleCasesAbove is the number of planned checks of a target above
// which JUnitAuto writes its test cases per rule: about 17 resources of
// a target with a Basic challenge.
const AutoRuleCasesAbove = 1000

// maxRuleListed is how many other checks a per-rule test case lists, one
// line each, after the evidence of the first; the rest are counted.
// results.json and report.html have every one.
const maxRuleListed = 100

// ParseJUnitCases checks the value of a -junit-cases flag and returns it
// as Run.JUnitCases keeps it: empty for JUnitAuto, so results.json names
// only a choice someone made.
func ParseJUnitCases(s string) (string, error) {
	switch s {
	case "", JUnitAuto:
		return "", nil
	case JUnitCheck, JUnitRule:
		return s, nil
	}
	return "", fmt.Errorf("%q: want %s, %s or %s", s, JUnitAuto, JUnitCheck, JUnitRule)
}

// casesOf is the grain of t's test cases in a run that asked for cases.
func (t *Target) casesOf(cases string) string {
	switch cases {
	case JUnitCheck, JUnitRule:
		return cases
	}
	if t.plannedChecks() > AutoRuleCasesAbove {
		return junitMixed
	}
	return JUnitCheck
}

// grainText is what the test_cases property says of a grain.
func grainText(grain string) string {
	if grain == junitMixed {
		return fmt.Sprintf("per check for the first %d checks, per rule on the other resources", AutoRuleCasesAbove)
	}
	return "per " + grain
}

// splitChecks cuts cs, in plan order, after the last whole resource
// whose checks keep the count within limit: the checks before get test
// cases of their own, those after one per rule. A resource is never cut
// in two (its GET and HEAD stay together), and checks on no resource
// (notes about the configuration) stay in front.
func splitChecks(cs []Check, limit int) (front, rest []*Check) {
	count := map[string]int{}
	var order []string
	for i := range cs {
		r := cs[i].Resource
		if _, seen := count[r]; !seen {
			order = append(order, r)
		}
		count[r]++
	}
	in := map[string]bool{"": true}
	n := count[""]
	for _, r := range order {
		if r == "" {
			continue
		}
		if n+count[r] > limit {
			break
		}
		n += count[r]
		in[r] = true
	}
	for i := range cs {
		if in[cs[i].Resource] {
			front = append(front, &cs[i])
		} else {
			rest = append(rest, &cs[i])
		}
	}
	return front, rest
}

// plannedChecks counts the checks the configuration and the catalogue
// planned on t's units, whatever the server answered.
func (t *Target) plannedChecks() int {
	n := 0
	for i := range t.Units {
		n += len(t.Units[i].Rules) + len(t.Units[i].HeadRules)
	}
	return n
}

// A ruleCase is one rule on every check of a target that has it: the test
// case of that rule when a target's cases are per rule.
type ruleCase struct {
	rule    string
	checks  []*Check // in the target's check order
	outcome Outcome  // the worst of the checks', skip below pass
	elapsed time.Duration
}

// ruleCases groups cs by rule, in the order each rule first appears.
func ruleCases(cs []Check) []ruleCase {
	ptrs := make([]*Check, len(cs))
	for i := range cs {
		ptrs[i] = &cs[i]
	}
	return ruleCasesOf(ptrs)
}

// ruleCasesOf is ruleCases of some checks.
func ruleCasesOf(cs []*Check) []ruleCase {
	at := map[string]int{}
	var out []ruleCase
	for _, c := range cs {
		j, ok := at[c.Rule]
		if !ok {
			j = len(out)
			at[c.Rule] = j
			out = append(out, ruleCase{rule: c.Rule, outcome: Skip})
		}
		rc := &out[j]
		rc.checks = append(rc.checks, c)
		rc.elapsed += c.Elapsed
		if outcomeRank(c.Outcome) > outcomeRank(rc.outcome) {
			rc.outcome = c.Outcome
		}
	}
	return out
}

// with returns the checks of the case with outcome o.
func (rc *ruleCase) with(o Outcome) []*Check {
	var out []*Check
	for _, c := range rc.checks {
		if c.Outcome == o {
			out = append(out, c)
		}
	}
	return out
}

// first is the check that gives the case its outcome: the first with it.
func (rc *ruleCase) first() *Check {
	return rc.with(rc.outcome)[0]
}

// headline is the case's one line: the first check's headline, placed on
// how many of the rule's checks had the outcome: "FAIL
// rfc9110/challenge-present (RFC 9110 §15.5.2, §11.6.1; MUST, mission) on
// 3 of 50 checks, first GET /admin: 401 response has no WWW-Authenticate
// field - fix: ...".
func (rc *ruleCase) headline() string {
	first := rc.first()
	n, of := len(rc.with(rc.outcome)), len(rc.checks)
	where := first.Where()
	if where == "" {
		where = "the configuration" // a note on no resource
	}
	switch {
	case of == 1:
		return Headline(first)
	case rc.outcome == Pass || rc.outcome == Skip:
		return headline(first, fmt.Sprintf("all %d checks", of))
	case n == of:
		return headline(first, fmt.Sprintf("all %d checks, first %s", of, where))
	}
	return headline(first, fmt.Sprintf("%d of %d checks, first %s", n, of, where))
}

// details is the text of the case's element: its headline, the details of
// its first check (evidence once), then every other check with the
// outcome one line each, then, for a failure, the checks the rule could
// not be judged on.
func (rc *ruleCase) details() string {
	var b strings.Builder
	b.WriteString(rc.headline() + "\n")
	first := rc.first()
	if len(rc.checks) > 1 {
		b.WriteString("\n" + first.Where() + ":\n")
	}
	if len(first.Results) > 0 {
		b.WriteString(Details(first))
	}
	worst := rc.with(rc.outcome)
	listChecks(&b, worst[1:], fmt.Sprintf("\nThe same on %s:\n", plural(len(worst)-1, "other check")))
	if rc.outcome == Fail {
		errs := rc.with(Error)
		listChecks(&b, errs, fmt.Sprintf("\nNot judged on %s (could not be tested):\n", plural(len(errs), "check")))
	}
	return b.String()
}

// listChecks lists cs one short line each under title, at most
// maxRuleListed of them.
func listChecks(b *strings.Builder, cs []*Check, title string) {
	if len(cs) == 0 {
		return
	}
	b.WriteString(title)
	for i, c := range cs {
		if i == maxRuleListed {
			fmt.Fprintf(b, "  ... and %d more (results.json and report.html list them all)\n", len(cs)-i)
			return
		}
		line := "  - " + c.Where()
		if seen := checkSeen(c); seen != "" {
			line += ": " + truncateRunes(seen, maxOtherRunes)
		}
		b.WriteString(line + "\n")
	}
}

// checkSeen is what a check's first result with its outcome says, or why
// it was not judged.
func checkSeen(c *Check) string {
	if rs := c.With(c.Outcome); len(rs) > 0 {
		return oneLine(rs[0].Message)
	}
	return c.Reason
}

// junitRuleCase renders one rule of a target. Its file and line point at
// the first check that gave it its outcome, where an annotation helps
// most, or at the target (line targetLine) when it passed or was skipped
// throughout.
func junitRuleCase(rc *ruleCase, name, classname, file string, targetLine int) junitCase {
	first := rc.first()
	tc := junitCase{Name: name, Classname: classname, Time: seconds(rc.elapsed), File: xmlSafe(file), Line: first.Line}
	if rc.outcome == Pass || rc.outcome == Skip {
		tc.Line = targetLine
	}
	if file == "" {
		tc.Line = 0
	}
	problem := func(typ string) *junitProblem {
		return &junitProblem{
			Message: xmlSafe(truncateRunes(rc.headline(), maxAttrRunes)),
			Type:    typ,
			Body:    charData(rc.details()),
		}
	}
	switch rc.outcome {
	case Fail:
		tc.Failure = problem(string(checkSeverity(first)))
	case Error:
		tc.Error = problem("error")
	case Warn, Skip:
		tc.Skipped = problem("")
	case Info:
		tc.SystemOut = &junitText{charData(truncateRunes(rc.headline(), maxStdoutRunes) + "\n")}
	}
	return tc
}
