package e2e

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/authspec/authspec/internal/checks"
	"github.com/authspec/authspec/internal/fixtures"
	"github.com/authspec/authspec/internal/junitread"
	"github.com/authspec/authspec/internal/refserver"
	"github.com/authspec/authspec/internal/report"
)

// credentialEnv hands the fixtures' valid credentials to the suite through
// the environment, as a user would.
var credentialEnv = []string{
	"AUTHSPEC_E2E_USER=" + refserver.Username,
	"AUTHSPEC_E2E_PASS=" + refserver.Password,
	"AUTHSPEC_E2E_TOKEN=" + refserver.Token,
	"AUTHSPEC_E2E_ORIGIN_USER=" + fixtures.OriginUsername,
	"AUTHSPEC_E2E_ORIGIN_PASS=" + fixtures.OriginPassword,
	"AUTHSPEC_E2E_UTF8_USER=" + fixtures.UTF8Username,
	"AUTHSPEC_E2E_UTF8_PASS=" + fixtures.UTF8Password,
}

// startAll starts every fixture and returns a targets file naming them.
func startAll(t *testing.T, fs []fixtures.Fixture, defaults string) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("defaults:\n" + defaults + "targets:\n")
	for _, f := range fs {
		url, stop, err := f.Start()
		if err != nil {
			t.Fatalf("starting fixture %s: %v", f.Name, err)
		}
		t.Cleanup(stop)
		writeTarget(&b, f, url)
	}
	return b.String()
}

func writeTarget(b *strings.Builder, f fixtures.Fixture, url string) {
	fmt.Fprintf(b, "  - name: %s\n    url: %s\n    kind: %s\n", f.Name, url, f.Kind)
	switch {
	case f.ThroughSelf:
		fmt.Fprintf(b, "    through: %s%s\n", url, f.Through)
	case f.Through != "":
		fmt.Fprintf(b, "    through: %s\n", f.Through)
	}
	if f.OpenAPI != "" {
		fmt.Fprintf(b, "    openapi: %s\n", f.OpenAPI)
	} else {
		b.WriteString("    resources:\n")
		for _, r := range f.Resources {
			fmt.Fprintf(b, "      - %s\n", r)
		}
	}
	if len(f.ExpectSchemes) > 0 {
		fmt.Fprintf(b, "    expect_schemes: [%s]\n", strings.Join(f.ExpectSchemes, ", "))
	}
	switch {
	case f.Credentials && f.Username == fixtures.UTF8Username && f.Password == fixtures.UTF8Password:
		b.WriteString("    credentials:\n      username: ${AUTHSPEC_E2E_UTF8_USER}\n      password: ${AUTHSPEC_E2E_UTF8_PASS}\n")
	case f.Credentials && f.Username != "":
		panic("fixture " + f.Name + " declares credentials credentialEnv does not hold")
	case f.Credentials:
		b.WriteString("    credentials:\n      username: ${AUTHSPEC_E2E_USER}\n      password: ${AUTHSPEC_E2E_PASS}\n      token: ${AUTHSPEC_E2E_TOKEN}\n")
		if f.DPoP {
			fmt.Fprintf(b, "      dpop_key: %s\n", fixtures.DPoPKeyFile())
		}
		if f.QueryToken {
			b.WriteString("      query_token: true\n")
		}
	}
	if f.OriginCredentials {
		b.WriteString("    origin_credentials:\n      username: ${AUTHSPEC_E2E_ORIGIN_USER}\n      password: ${AUTHSPEC_E2E_ORIGIN_PASS}\n")
	}
}

// Every broken fixture fails exactly the rules it breaks, no more and no
// fewer, and every unusual-but-correct one fails none: one run of the real
// suite over all of them at once.
func TestFixturesFailExactlyTheirRules(t *testing.T) {
	broken, unusual := fixtures.Broken(), fixtures.Unusual()
	if len(broken) < 25 || len(unusual) < 10 {
		t.Fatalf("%d broken and %d unusual fixtures, want at least 25 and 10", len(broken), len(unusual))
	}
	all := append(append([]fixtures.Fixture{}, broken...), unusual...)
	isUnusual := map[string]bool{}
	for _, f := range unusual {
		isUnusual[f.Name] = true
	}
	o := runSuite(t, startAll(t, all, "  timeout: 5s\n  rate: 200\n  concurrency: 4\n"), credentialEnv...)
	if o.Code != 1 {
		t.Errorf("exit %d, want 1 (broken fixtures fail)", o.Code)
	}
	assertChecksPlanned(t, o.Run)
	assertGitLabReadable(t, o.JUnit)
	assertJenkinsReadable(t, o.JUnit)
	for _, f := range all {
		tg := o.target(t, f.Name)
		got := checksWith(tg, report.Fail)
		want := sortedKeys(setOf(f.ExpectFail))
		if !reflect.DeepEqual(nonNil(got), nonNil(want)) {
			t.Errorf("%s (%s): failed %v, want exactly %v\n%s", f.Name, f.Why, got, want, describe(tg))
		}
		if e := checksWith(tg, report.Error); len(e) > 0 {
			t.Errorf("%s: errors %v: the fixture could not be tested\n%s", f.Name, e, describe(tg))
		}
		warned := setOf(checksWith(tg, report.Warn))
		for _, w := range f.ExpectWarn {
			if !warned[w] {
				t.Errorf("%s (%s): no warning of %s; warnings %v", f.Name, f.Why, w, checksWith(tg, report.Warn))
			}
		}
		informed := setOf(checksWith(tg, report.Info))
		for _, i := range f.ExpectInfo {
			if !informed[i] {
				t.Errorf("%s (%s): no info of %s; infos %v", f.Name, f.Why, i, checksWith(tg, report.Info))
			}
		}
		assertMessages(t, f, tg)
		if isUnusual[f.Name] && len(warned) != len(setOf(f.ExpectWarn)) {
			t.Errorf("%s is correct but warned %v, want exactly %v\n%s", f.Name, checksWith(tg, report.Warn), f.ExpectWarn, describe(tg))
		}
		assertJudgedAsExpected(t, f, tg)
		wantVerdict := "pass"
		if len(f.ExpectFail) > 0 {
			wantVerdict = "fail"
		}
		if tg.Verdict != wantVerdict {
			t.Errorf("%s: verdict %s, want %s", f.Name, tg.Verdict, wantVerdict)
		}
	}
}

// assertJudgedAsExpected: the rules a fixture lists in ExpectPass were
// judged and passed on every check, on every request that tests them, and those in ExpectSkip were skipped
// with a reason on every check and never judged: not a pass, which would
// claim something was tested.
func assertJudgedAsExpected(t *testing.T, f fixtures.Fixture, tg *report.Target) {
	t.Helper()
	byRule := map[string][]report.Check{}
	for _, c := range tg.Checks() {
		byRule[c.Rule] = append(byRule[c.Rule], c)
	}
	for _, id := range f.ExpectPass {
		if len(byRule[id]) == 0 {
			t.Errorf("%s: no check of %s, want it passed", f.Name, id)
		}
		for _, c := range byRule[id] {
			if skips := c.With(report.Skip); c.Outcome != report.Pass || c.Judgments() == 0 || len(skips) > 0 {
				t.Errorf("%s: %s is %s after %d judgments, with %d requests not judged, want passed on every one (%s)\n%s", f.Name, c.Name(), c.Outcome, c.Judgments(), len(skips), c.Reason, describe(tg))
			}
		}
	}
	for _, id := range f.ExpectSkip {
		if len(byRule[id]) == 0 {
			t.Errorf("%s: no check of %s, want it skipped", f.Name, id)
		}
		for _, c := range byRule[id] {
			skips := c.With(report.Skip)
			if c.Outcome != report.Skip || c.Judgments() != 0 || len(skips) == 0 || skips[0].Message == "" {
				t.Errorf("%s: %s is %s after %d judgments with %d skip results, want skipped with a reason and never judged", f.Name, c.Name(), c.Outcome, c.Judgments(), len(skips))
			}
		}
	}
}

// assertMessages: for each rule of f.ExpectInMessage, a failing or
// warning result of that rule says the text.
func assertMessages(t *testing.T, f fixtures.Fixture, tg *report.Target) {
	t.Helper()
	for rule, text := range f.ExpectInMessage {
		found := false
		for _, r := range tg.Results {
			if r.Check == rule && (r.Outcome == report.Fail || r.Outcome == report.Warn) && strings.Contains(r.Message, text) {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: no failing or warning %s result says %q\n%s", f.Name, rule, text, describe(tg))
		}
	}
}

func setOf(ids []string) map[string]bool {
	m := map[string]bool{}
	for _, id := range ids {
		m[id] = true
	}
	return m
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// assertChecksPlanned: every check a result names was planned from the
// configuration and the catalogue, but for rules about a scheme the
// configuration does not list (and the discovery rules, which follow a
// Bearer or DPoP challenge it does not list), and notes on no resource. A result outside
// the plan means the plan (suite/planned.go) missed a rule some probe
// judges, and that check would vanish from reports whenever the server
// stops calling for it.
func assertChecksPlanned(t *testing.T, run *report.Run) {
	t.Helper()
	for i := range run.Targets {
		tg := &run.Targets[i]
		for _, c := range tg.Checks() {
			rule := checks.Lookup(c.Rule)
			if c.Planned || c.Method == "" || (rule != nil && (rule.Scheme != "" || checks.FollowsChallenge(rule))) {
				continue
			}
			t.Errorf("%s: check %s has results (%s) but was not planned", tg.Name, c.Name(), c.Outcome)
		}
	}
}

// assertGitLabReadable: GitLab shows every case that did not pass as its
// text, starting with the headline, never as a Ruby hash.
func assertGitLabReadable(t *testing.T, junit []byte) {
	t.Helper()
	cases, err := junitread.GitLab(junit)
	if err != nil {
		t.Fatalf("GitLab would not read junit.xml: %v", err)
	}
	for _, c := range cases {
		if c.Status == "success" {
			continue
		}
		rule, _, _ := strings.Cut(c.Name, " ")
		headline, _, _ := strings.Cut(c.SystemOutput, "\n")
		if strings.HasPrefix(headline, "{") || !strings.Contains(headline, " "+rule+" ") {
			t.Errorf("GitLab shows %s (%s) as %.200q", c.Name, c.Status, c.SystemOutput)
		}
	}
}

// assertJenkinsReadable: Jenkins files every check under package
// "authspec", shows a failure's headline as its error details (cut at 500
// characters) and at the top of its stack trace, a warning's or skip's headline as its skipped
// message, and keeps an info's note whole.
func assertJenkinsReadable(t *testing.T, junit []byte) {
	t.Helper()
	cases, err := junitread.Jenkins(junit)
	if err != nil {
		t.Fatalf("Jenkins would not read junit.xml: %v", err)
	}
	for _, c := range cases {
		if c.Package != "authspec" {
			t.Errorf("%s: Jenkins files it under package %q", c.Name, c.Package)
		}
		rule, _, _ := strings.Cut(c.Name, " ")
		switch {
		case c.Failed && (!strings.Contains(c.ErrorDetails, " "+rule+" ") || !strings.HasPrefix(c.StackTrace, strings.TrimSuffix(c.ErrorDetails, "…"))):
			t.Errorf("%s: Jenkins shows error details %.120q over a stack trace %.120q", c.Name, c.ErrorDetails, c.StackTrace)
		case c.Skipped && !strings.Contains(c.SkippedMessage, " "+rule+" "):
			t.Errorf("%s: Jenkins shows the skipped message %.120q", c.Name, c.SkippedMessage)
		case strings.Contains(c.Stdout, "...[truncated"):
			t.Errorf("%s: Jenkins truncates its output", c.Name)
		}
	}
}
