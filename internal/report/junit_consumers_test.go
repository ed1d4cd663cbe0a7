package report

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/authspec/authspec/internal/junitread"
)

// What people see of a failing run in the CI views they use, read with
// the consumers' own rules (internal/junitread follows their source).

func junitOf(t *testing.T, run *Run) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteJUnit(&buf, run, "authspec"); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestGitLabShowsTheFailureWarningAndSkipReason(t *testing.T) {
	cases, err := junitread.GitLab(junitOf(t, planRun()))
	if err != nil {
		t.Fatal(err) // a type GitLab's reader would convert, say
	}
	by := map[string]junitread.GitLabCase{}
	for _, c := range cases {
		by[c.Name] = c
		if c.File != "ci/targets.yaml" {
			t.Errorf("%s: GitLab's file = %q", c.Name, c.File)
		}
		// GitLab drops the message attribute: what it shows of a case
		// that did not pass must start with the headline, never be a
		// Ruby hash.
		if c.Status != "success" && !headlineStart.MatchString(c.SystemOutput) {
			t.Errorf("%s (%s): GitLab shows %q", c.Name, c.Status, c.SystemOutput)
		}
	}
	f := by["rfc9110/challenge-present GET /admin"]
	if f.Status != "failed" || !strings.Contains(f.SystemOutput, "(3 of 6 requests) - fix: Every 401") ||
		!strings.Contains(f.SystemOutput, "HTTP/1.1 401 Unauthorized") || !strings.Contains(f.SystemOutput, "  - bad-credentials/basic") {
		t.Errorf("the failure as GitLab shows it:\n%s", f.SystemOutput)
	}
	if w := by["rfc9110/content-type GET /admin"]; w.Status != "skipped" || !strings.HasPrefix(w.SystemOutput, "WARN rfc9110/content-type (RFC 9110 §8.3; SHOULD; severity low) on GET /admin: 401 response has no Content-Type") {
		t.Errorf("the warning as GitLab shows it: %+v", w)
	}
	if s := by["rfc7617/basic-realm-required GET /admin"]; s.Status != "skipped" || !strings.Contains(s.SystemOutput, "not judged: nothing in this resource's answers called for this rule") {
		t.Errorf("the skip reason as GitLab shows it: %+v", s)
	}
	if e := by["rfc9110/response-received POST /admin"]; e.Status != "error" || !strings.Contains(e.SystemOutput, "could not be tested (timeout)") {
		t.Errorf("the error as GitLab shows it: %+v", e)
	}
}

// headlineStart is how every text GitLab shows begins: a headline.
var headlineStart = regexp.MustCompile(`^(FAIL|ERROR|WARN|SKIP) rfc[0-9]+/[a-z0-9-]+ \(RFC [0-9]+[ ;]`)

func TestJenkinsShowsPackageHeadlineAndWarnings(t *testing.T) {
	run := planRun()
	info := result("rfc9110/diagnostic-body", Info, "unauthenticated", "")
	info.Method, info.Message = "GET", strings.Repeat("long note ", 300)
	run.Targets[0].Results = append(run.Targets[0].Results, info)
	cases, err := junitread.Jenkins(junitOf(t, run))
	if err != nil {
		t.Fatal(err)
	}
	by := map[string]junitread.JenkinsCase{}
	for _, c := range cases {
		by[c.Name] = c
		if c.Package != "authspec" || c.Class != "api" {
			t.Errorf("%s: Jenkins files it under package %q class %q; want authspec, api", c.Name, c.Package, c.Class)
		}
	}
	f := by["rfc9110/challenge-present GET /admin"]
	if !f.Failed || !strings.HasPrefix(f.ErrorDetails, "FAIL rfc9110/challenge-present (RFC 9110 §15.5.2, §11.6.1; MUST, mission; severity high) on GET /admin:") ||
		!strings.HasPrefix(f.StackTrace, f.ErrorDetails) {
		t.Errorf("the failure as Jenkins shows it: details %q, trace %q", f.ErrorDetails, f.StackTrace)
	}
	if w := by["rfc9110/content-type GET /admin"]; !w.Skipped || !strings.HasPrefix(w.SkippedMessage, "WARN rfc9110/content-type") {
		t.Errorf("the warning as Jenkins shows it: %+v", w)
	}
	// An info passes with a note Jenkins keeps whole (it trims a passing
	// case's output to its first and last 500 characters).
	if d := by["rfc9110/diagnostic-body GET /admin"]; d.Failed || d.Skipped || strings.Contains(d.Stdout, "[truncated") || !strings.HasPrefix(d.Stdout, "INFO rfc9110/diagnostic-body") {
		t.Errorf("the info as Jenkins shows it: %+v", d)
	}
}

// A rule about a scheme the server offers, not judged because its own
// condition did not hold, says so: GitLab and Jenkins show the real
// reason, not "no Basic challenge" on a target that sends Basic.
func TestSkipReasonsAreTheRealOnes(t *testing.T) {
	realm := Result{Check: "rfc7617/basic-realm-required", RFC: "RFC 7617", Level: "MUST", Outcome: Pass, Method: "GET", Resource: "/admin", Count: 3}
	run := &Run{Version: 2, TargetsFile: "ci/targets.yaml", Targets: []Target{{Name: "api", URL: "http://127.0.0.1:1", Kind: "origin",
		Units: []Unit{{Method: "GET", Resource: "/admin", Line: 4, Rules: []string{"rfc7617/basic-realm-required", "rfc7617/basic-cleartext",
			"rfc7616/digest-authentication-info", "rfc6750/bearer-challenge-on-refusal"}}},
		Results: []Result{realm}}}}
	cases, err := junitread.GitLab(junitOf(t, run))
	if err != nil {
		t.Fatal(err)
	}
	jcases, err := junitread.Jenkins(junitOf(t, run))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"rfc7617/basic-cleartext GET /admin":             "not judged: Basic is offered here over TLS or on a loopback address",
		"rfc7616/digest-authentication-info GET /admin":  "not judged: nothing in this resource's answers called for this rule (no Digest challenge here)",
		"rfc6750/bearer-challenge-on-refusal GET /admin": "not judged: nothing in this resource's answers called for this rule (no Bearer challenge here)",
	}
	for _, c := range cases {
		if w, ok := want[c.Name]; ok && (c.Status != "skipped" || !strings.Contains(c.SystemOutput, w)) {
			t.Errorf("GitLab shows %s as %s: %q; want %q", c.Name, c.Status, c.SystemOutput, w)
		}
	}
	for _, c := range jcases {
		if w, ok := want[c.Name]; ok && !strings.Contains(c.SkippedMessage, w) {
			t.Errorf("Jenkins shows %s: %q; want %q", c.Name, c.SkippedMessage, w)
		}
	}
}

// mikepenz/action-junit-report, as the README configures it: titles name
// the target and the check; a failure's message is its headline, with
// the severity; an error counts among its failures, and says it could
// not be tested; warnings are skipped cases it shows only as notices,
// which is why authspec prints its own workflow commands (annotations.go).
func TestMikepenzShowsTargetSeverityAndCounts(t *testing.T) {
	doc := junitOf(t, planRun())
	rep, err := junitread.Mikepenz(doc, junitread.MikepenzOptions{SuiteRegex: "*", CheckTitleTemplate: "{{SUITE_NAME}}: {{TEST_NAME}}"})
	if err != nil {
		t.Fatal(err)
	}
	var failure, errored, warning *junitread.MikepenzAnnotation
	for i := range rep.Annotations {
		a := &rep.Annotations[i]
		switch a.Title {
		case "api: rfc9110/challenge-present GET /admin":
			failure = a
		case "api: rfc9110/response-received POST /admin":
			errored = a
		case "api: rfc9110/content-type GET /admin":
			warning = a
		}
	}
	if failure == nil || !failure.Published || failure.Path != "ci/targets.yaml" ||
		!strings.HasPrefix(failure.Message, "FAIL rfc9110/challenge-present (RFC 9110 §15.5.2, §11.6.1; MUST, mission; severity high) on GET /admin") {
		t.Fatalf("the failure as mikepenz shows it: %+v", failure)
	}
	if errored == nil || errored.Level != "failure" || !strings.Contains(errored.Message, "could not be tested") {
		t.Errorf("the error as mikepenz shows it: %+v", errored)
	}
	if warning == nil || warning.Published || warning.Status != "skipped" {
		t.Errorf("the warning as mikepenz shows it: %+v (a notice, unpublished without annotate_notice)", warning)
	}
	// Its counts: failures and errors together, warnings among the skipped.
	tally := TallyChecks(planRun().Targets[0].Checks())
	if rep.Failed != tally.Fail+tally.Error || rep.Skipped != tally.Warn+tally.Skip || rep.Total != tally.Checks {
		t.Errorf("mikepenz counts %d failed, %d skipped of %d; authspec %s", rep.Failed, rep.Skipped, rep.Total, tally)
	}
	// Without the README's options the title names the file, not the target.
	plain, _ := junitread.Mikepenz(doc, junitread.MikepenzOptions{})
	for _, a := range plain.Annotations {
		if a.Title == "ci/targets.yaml.rfc9110/challenge-present GET /admin" {
			return
		}
	}
	t.Error("the control: without check_title_template the title should be <file>.<test>")
}

// dorny/test-reporter: failures and errors are failed tests, with the
// headline as message; the run's time is the document's, within the
// run's wall time.
func TestDornyShowsFailuresAndTime(t *testing.T) {
	run := billingDown()
	start := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	for i := range run.Targets {
		run.Targets[i].Started, run.Targets[i].Elapsed = start, 2*time.Second
		for j := range run.Targets[i].Units {
			run.Targets[i].Units[j].Elapsed = 2 * time.Second // both resources at once
		}
	}
	rep, err := junitread.Dorny(junitOf(t, run))
	if err != nil {
		t.Fatal(err)
	}
	if rep.TimeMS > 2000 {
		t.Errorf("dorny shows the run took %.0f ms; it took 2 s", rep.TimeMS)
	}
	var sum float64
	seen := map[string]string{}
	for _, c := range rep.Cases {
		sum += c.TimeMS
		if c.Result == "failed" {
			seen[c.Suite+" "+c.Name] = c.Message
		}
	}
	if sum > 2000 {
		t.Errorf("dorny's case times add up to %.0f ms; the run took 2 s", sum)
	}
	if m := seen["billing rfc9110/response-received GET /admin"]; !strings.HasPrefix(m, "ERROR rfc9110/response-received") || !strings.Contains(m, "could not be tested") {
		t.Errorf("billing's error as dorny shows it: %q", m)
	}
	if m := seen["api rfc9110/protected-resource-401 GET /open"]; !strings.Contains(m, "severity critical") {
		t.Errorf("the open endpoint as dorny shows it: %q", m)
	}
}
