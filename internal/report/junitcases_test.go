package report

import (
	"fmt"
	"strings"
	"testing"

	"github.com/authspec/authspec/internal/junitread"
)

// planRunPerRule is planRun with its test cases asked per rule.
func planRunPerRule() *Run {
	run := planRun()
	run.JUnitCases = JUnitRule
	return run
}

// Per rule, a target has one test case for each rule its plan names,
// whatever the server answered: its outcome is the worst of the rule's
// checks (a skip counts below a pass), and the counts of checks stay in
// the suite's properties.
func TestJUnitRuleCasesComeFromThePlan(t *testing.T) {
	out, doc := writeAndParseJUnit(t, planRunPerRule())
	validateJUnit(t, xmllintPath(t), out)
	s := doc.Suites[0]
	if s.Tests != 5 || s.Failures != 1 || s.Errors != 1 || s.Skipped != 2 {
		t.Fatalf("suite = %d tests, %d failures, %d errors, %d skipped; want 5, 1, 1, 2 (a warning, a rule never judged)", s.Tests, s.Failures, s.Errors, s.Skipped)
	}
	if doc.Tests != 5 || doc.Failures != 1 || doc.Errors != 1 || doc.Skipped != 2 {
		t.Errorf("document totals = %d/%d/%d/%d, want the suite's", doc.Tests, doc.Failures, doc.Errors, doc.Skipped)
	}
	if got := s.property("checks"); got != "10 checks: 2 pass, 1 fail, 1 warn, 1 error, 5 skip" {
		t.Errorf("checks property = %q", got)
	}
	if got := s.property("test_cases"); got != "per rule" {
		t.Errorf("test_cases property = %q", got)
	}
	pass := caseNamed(t, s, "rfc9110/diagnostic-body")
	if pass.Failure != nil || pass.Skipped != nil || pass.Error != nil || pass.Line != 3 {
		t.Errorf("a rule that held on GET and was not judged on POST = %+v, want a pass at the target's line 3", pass)
	}
	e := caseNamed(t, s, "rfc9110/response-received")
	if e.Error == nil || !strings.HasPrefix(e.Error.Body, "ERROR rfc9110/response-received (RFC 9110; MUST) on 1 of 2 checks, first POST /admin: target could not be tested (timeout)") {
		t.Errorf("error case = %+v", e.Error)
	}
	k := caseNamed(t, s, "rfc7617/basic-realm-required")
	if k.Skipped == nil || !strings.HasPrefix(k.Skipped.Body, "SKIP rfc7617/basic-realm-required (RFC 7617 §2; MUST) on all 2 checks: not judged") {
		t.Errorf("a rule judged nowhere = %+v", k.Skipped)
	}
	w := caseNamed(t, s, "rfc9110/content-type")
	if w.Skipped == nil || !strings.HasPrefix(w.Skipped.Message, "WARN rfc9110/content-type (RFC 9110 §8.3; SHOULD; severity low) on 1 of 2 checks, first GET /admin: 401 response has no Content-Type") || w.Line != 6 {
		t.Errorf("a warning = %+v", w)
	}
}

// A failing rule's text starts with its headline, says on how many checks
// it broke, shows the first check's evidence once and lists the rest.
func TestJUnitRuleFailureReadsHeadlineFirst(t *testing.T) {
	_, doc := writeAndParseJUnit(t, planRunPerRule())
	c := caseNamed(t, doc.Suites[0], "rfc9110/challenge-present")
	f := c.Failure
	if f == nil {
		t.Fatal("no failure")
	}
	head := "FAIL rfc9110/challenge-present (RFC 9110 §15.5.2, §11.6.1; MUST, mission; severity high) on 1 of 2 checks, first GET /admin: 401 response has no WWW-Authenticate field (3 of 6 requests) - fix: Every 401 response carries"
	if !strings.HasPrefix(f.Body, head) || !strings.HasPrefix(f.Message, head) || f.Type != "high" {
		t.Errorf("headline missing:\nmessage: %s\nbody: %s", f.Message, f.Body)
	}
	if n := strings.Count(f.Body, "HTTP/1.1 401 Unauthorized"); n != 1 {
		t.Errorf("the evidence appears %d times, want once:\n%s", n, f.Body)
	}
	if !strings.Contains(f.Body, "\nGET /admin:\nFAIL rfc9110/challenge-present") || !strings.Contains(f.Body, "  - bad-credentials/basic\n") {
		t.Errorf("the first check's details are missing:\n%s", f.Body)
	}
	if c.Line != 6 || c.File != "ci/targets.yaml" {
		t.Errorf("the failure points at %s:%d, want the failing resource's line, ci/targets.yaml:6", c.File, c.Line)
	}
}

// GitLab shows per-rule cases like per-check ones: a headline first,
// never a Ruby hash; the failure with its evidence.
func TestGitLabShowsRuleCases(t *testing.T) {
	cases, err := junitread.GitLab(junitOf(t, planRunPerRule()))
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) != 5 {
		t.Fatalf("GitLab reads %d cases, want 5", len(cases))
	}
	for _, c := range cases {
		if c.Status != "success" && !headlineStart.MatchString(c.SystemOutput) {
			t.Errorf("%s (%s): GitLab shows %q", c.Name, c.Status, c.SystemOutput)
		}
		if c.Name == "rfc9110/challenge-present" && (c.Status != "failed" || !strings.Contains(c.SystemOutput, "HTTP/1.1 401 Unauthorized")) {
			t.Errorf("the failure as GitLab shows it: %+v", c)
		}
	}
}

// bigTarget is a target of n units planning the same rules, with rule
// "rfc9110/challenge-present" failing on every unit.
func bigTarget(name string, n int, rules []string) Target {
	t := Target{Name: name, URL: "http://127.0.0.1:1", Kind: "origin", Line: 2}
	for i := range n {
		path := fmt.Sprintf("/r/%d", i)
		t.Units = append(t.Units, Unit{Method: "GET", Resource: path, Order: i, Line: 10 + i, Rules: rules})
		t.Results = append(t.Results, Result{Check: "rfc9110/challenge-present", RFC: "RFC 9110", Level: "MUST", Outcome: Fail,
			Method: "GET", Resource: path, Probe: "unauthenticated", Message: "no challenge"})
	}
	t.Verdict = Verdict(t.Results)
	return t
}

// ruleIDs returns n distinct rule IDs, the first the failing one.
func ruleIDs(n int) []string {
	ids := []string{"rfc9110/challenge-present"}
	for i := 1; i < n; i++ {
		ids = append(ids, fmt.Sprintf("x/rule-%d", i))
	}
	return ids
}

// Auto writes per check up to AutoRuleCasesAbove planned checks of a
// target and per rule above, target by target, from the plan alone; a
// choice made on the command line holds for every target.
func TestJUnitAutoPicksTheGrainFromThePlan(t *testing.T) {
	rules := ruleIDs(50)
	small := bigTarget("small", AutoRuleCasesAbove/50, rules) // exactly at the limit
	big := bigTarget("big", AutoRuleCasesAbove/50+1, rules)
	for _, tc := range []struct {
		cases            string
		small, big       string
		smallN, bigTests int
	}{
		{"", "per check", "per check for the first 1000 checks, per rule on the other resources", AutoRuleCasesAbove, AutoRuleCasesAbove + 50},
		{JUnitCheck, "per check", "per check", AutoRuleCasesAbove, AutoRuleCasesAbove + 50},
		{JUnitRule, "per rule", "per rule", 50, 50},
	} {
		run := &Run{Version: 2, JUnitCases: tc.cases, Targets: []Target{small, big}}
		out, doc := writeAndParseJUnit(t, run)
		if tc.cases == "" {
			validateJUnit(t, xmllintPath(t), out)
		}
		s, b := doc.Suites[0], doc.Suites[1]
		if s.property("test_cases") != tc.small || b.property("test_cases") != tc.big || s.Tests != tc.smallN || b.Tests != tc.bigTests {
			t.Errorf("cases %q: small %s (%d tests), big %s (%d tests); want %s (%d), %s (%d)", tc.cases,
				s.property("test_cases"), s.Tests, b.property("test_cases"), b.Tests, tc.small, tc.smallN, tc.big, tc.bigTests)
		}
	}
}

// A rule broken on many checks lists a bounded number of them, and says
// how many more there are: junit.xml stays small at fleet scale.
func TestJUnitRuleCaseListsBoundedChecks(t *testing.T) {
	n := maxRuleListed + 50
	run := &Run{Version: 2, JUnitCases: JUnitRule, TargetsFile: "targets.yaml", Targets: []Target{bigTarget("fleet", n, ruleIDs(3))}}
	_, doc := writeAndParseJUnit(t, run)
	c := caseNamed(t, doc.Suites[0], "rfc9110/challenge-present")
	if c.Failure == nil || !strings.HasPrefix(c.Failure.Message, fmt.Sprintf("FAIL rfc9110/challenge-present (RFC 9110; MUST; severity high) on all %d checks, first GET /r/0: no challenge", n)) {
		t.Fatalf("failure = %+v", c.Failure)
	}
	body := c.Failure.Body
	if !strings.Contains(body, fmt.Sprintf("\nThe same on %d other checks:\n  - GET /r/1: no challenge\n", n-1)) {
		t.Errorf("the other checks are not listed:\n%s", body)
	}
	if got := strings.Count(body, "\n  - GET /r/"); got != maxRuleListed {
		t.Errorf("%d checks listed, want %d", got, maxRuleListed)
	}
	if !strings.Contains(body, fmt.Sprintf("  ... and %d more (results.json and report.html list them all)\n", n-1-maxRuleListed)) {
		t.Errorf("the rest is not counted:\n%s", body[len(body)-300:])
	}
	if c.Line != 10 {
		t.Errorf("line = %d, want the first failing resource's, 10", c.Line)
	}
}

func TestParseJUnitCases(t *testing.T) {
	for in, want := range map[string]string{"": "", "auto": "", "check": JUnitCheck, "rule": JUnitRule} {
		if got, err := ParseJUnitCases(in); err != nil || got != want {
			t.Errorf("ParseJUnitCases(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := ParseJUnitCases("resource"); err == nil || !strings.Contains(err.Error(), "want auto, check or rule") {
		t.Errorf("an unknown grain gives %v", err)
	}
}

// The choice survives results.json, so merged shards get the test cases
// a single run would have had, and shards that disagree are refused.
func TestJUnitCasesSurviveResultsJSONAndMerge(t *testing.T) {
	run := planRunPerRule()
	var buf strings.Builder
	if err := WriteJSON(&buf, run); err != nil {
		t.Fatal(err)
	}
	back, err := ReadJSON(strings.NewReader(buf.String()))
	if err != nil || back.JUnitCases != JUnitRule {
		t.Fatalf("read back %q, %v", back.JUnitCases, err)
	}
	bad := strings.Replace(buf.String(), `"junit_cases": "rule"`, `"junit_cases": "resource"`, 1)
	if bad == buf.String() {
		t.Fatalf("results.json does not hold junit_cases:\n%s", buf.String()[:400])
	}
	if _, err := ReadJSON(strings.NewReader(bad)); err == nil || !strings.Contains(err.Error(), "junit_cases") {
		t.Errorf("an unknown junit_cases reads with %v", err)
	}

	s1, s2 := shardOf("1/2", 2, []int{0}, -1), shardOf("2/2", 2, []int{1}, -1)
	s1.JUnitCases, s2.JUnitCases = JUnitRule, JUnitRule
	merged, err := Merge([]Input{{"s1", s1}, {"s2", s2}})
	if err != nil || merged.JUnitCases != JUnitRule {
		t.Fatalf("merged %q, %v", merged.JUnitCases, err)
	}
	s2.JUnitCases = ""
	if _, err := Merge([]Input{{"s1", s1}, {"s2", s2}}); err == nil || !strings.Contains(err.Error(), `"auto", but s1 for "rule": run every shard with the same -junit-cases`) {
		t.Errorf("shards that disagree merge with %v", err)
	}
}

// A target that grows past the limit keeps the name of every test case
// it had: CI history does not start again (issue 17, section 8).
func TestJUnitAutoKeepsNamesWhenATargetGrows(t *testing.T) {
	rules := ruleIDs(50)
	names := func(n int) map[string]bool {
		run := &Run{Version: 2, Targets: []Target{bigTarget("api", n, rules)}}
		_, doc := writeAndParseJUnit(t, run)
		out := map[string]bool{}
		for _, c := range doc.Suites[0].Cases {
			out[c.Name] = true
		}
		return out
	}
	before := names(AutoRuleCasesAbove / 50) // at the limit: per check
	after := names(AutoRuleCasesAbove/50 + 5)
	for name := range before {
		if !after[name] {
			t.Errorf("test case %q is gone once the target grew past the limit", name)
		}
	}
	if !after["rfc9110/challenge-present on the other resources"] || len(after) != len(before)+50 {
		t.Errorf("past the limit: %d test cases, want the %d before and one per rule for the other resources", len(after), len(before))
	}
}
